import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { Attendance } from '../src/bindings/Attendance'
import type { Staff } from '../src/bindings/Staff'
import type { TrainingDetail } from '../src/bindings/TrainingDetail'
import type { TrainingKind } from '../src/bindings/TrainingKind'
import type { TrainingSession } from '../src/bindings/TrainingSession'
import PersonPicker from '../src/components/PersonPicker.vue'
import TrainingDetailDrawer from '../src/components/training/TrainingDetailDrawer.vue'
import TrainingFormDialog from '../src/components/training/TrainingFormDialog.vue'
import TrainingKindsDialog from '../src/components/training/TrainingKindsDialog.vue'
import { store } from '../src/store'
import TrainingView from '../src/views/training/TrainingView.vue'
import { callsOf, type Handler, mockCommands, mountWithApp, payload, resetStore, sleep, texts } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const KINDS: TrainingKind[] = [
  { id: 'k1', name: '全员轮训', builtin: true, note: '' },
  { id: 'k2', name: '军训队列', builtin: true, note: '' },
  { id: 'k3', name: '执法文书评查', builtin: false, note: '' },
]

function session(over: Partial<TrainingSession> = {}): TrainingSession {
  return {
    id: 'ts-1',
    kind: '全员轮训',
    title: '2024年度执法人员全员轮训（第一期）',
    level: '市',
    organiser: '枣庄市生态环境局',
    start_on: '2024-03-01',
    end_on: '2024-03-05',
    hours: 32,
    place: '市局培训中心',
    note: '',
    days: 5,
    attendee_count: 2,
    evidence_count: 1,
    created_at: '2024-03-06T01:00:00Z',
    updated_at: '2024-03-06T01:00:00Z',
    revision: 3,
    ...over,
  }
}

function staff(id: string, name: string, unit_name = '第一执法中队'): Staff {
  return {
    id,
    unit_id: 'u-squad',
    unit_name,
    name,
    gender: null,
    post: '一线执法',
    establishment: '在编',
    arrived_on: '2020-01-01',
    established_on: null,
    left_on: null,
    education: '本科',
    major: '',
    major_category: null,
    legal_qualification: false,
    phone: '',
    size_hat: '',
    size_top: '',
    size_bottom: '',
    size_shoes: '',
    photo_evidence_id: null,
    note: '',
    on_roll: true,
    seconded: false,
    certified: true,
    certificate: null,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    revision: 1,
  }
}

const WANG = staff('s-wang', '王磊')
const LI = staff('s-li', '李玥', '城区生态环境保护所')

function attendance(s: Staff, over: Partial<Attendance> = {}): Attendance {
  return { id: `a-${s.id}`, session_id: 'ts-1', staff_id: s.id, staff_name: s.name, unit_name: s.unit_name, hours: null, score: null, award: '', ...over }
}

const DETAIL: TrainingDetail = {
  session: session(),
  attendance: [attendance(WANG, { hours: 16, score: 92.5, award: '优秀学员' }), attendance(LI)],
  evidence: [
    {
      id: 'e1',
      sha256: 'ab'.repeat(32),
      file_name: '签到表.jpg',
      size: 2048,
      mime: 'image/jpeg',
      entity: 'training_session',
      entity_id: 'ts-1',
      created_at: '2024-03-06T02:00:00Z',
    },
  ],
}

function commands(extra: Record<string, Handler> = {}) {
  return mockCommands({
    training_kinds: () => KINDS,
    list_training: () => ({ total: 2, items: [session(), session({ id: 'ts-2', title: '军训队列', kind: '军训队列', level: null, start_on: '2024-04-08', end_on: '2024-04-08', days: 1, hours: 2.5, attendee_count: 10, evidence_count: 0 })] }),
    list_staff: () => ({ total: 2, items: [WANG, LI] }),
    get_staff: (args: { id: string }) => ({ staff: args.id === WANG.id ? WANG : LI }),
    get_training: () => DETAIL,
    ...extra,
  })
}

/** Element Plus shows a form item's error 100 ms after the item turns invalid. */
async function settle(): Promise<void> {
  await flushPromises()
  await sleep(150)
  await flushPromises()
}

function errorAt(testid: string): string {
  return document.querySelector(`[data-testid=${testid}] .el-form-item__error`)?.textContent?.trim() ?? ''
}

/** Type into an input anywhere in the document (dialogs appended to the body). */
async function typeInto(selector: string, value: string): Promise<void> {
  const input = document.querySelector(selector) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

function clickOption(text: string): void {
  const option = [...document.querySelectorAll('.el-select-dropdown__item')].find((el) => el.textContent?.trim() === text)
  if (!option) throw new Error(`no option ${text}`)
  ;(option as HTMLElement).click()
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('training page', () => {
  it('lists the sessions of the selected year', async () => {
    commands()
    const { wrapper } = await mountWithApp(TrainingView, { route: '/training' })

    expect(callsOf('list_training')).toEqual([{ query: { year: 2024, kind: null, search: null, offset: 0, limit: 20 } }])
    const rows = wrapper.findAll('[data-testid=training-table] .el-table__body tr')
    expect(rows).toHaveLength(2)
    const first = rows[0].text()
    expect(first).toContain('2024年度执法人员全员轮训（第一期）')
    expect(first).toContain('全员轮训')
    expect(first).toContain('市')
    expect(first).toContain('枣庄市生态环境局')
    expect(first).toContain('2024年3月1日 至 2024年3月5日（5 天）')
    expect(first).toContain('32')
    const second = rows[1].text()
    expect(second).toContain('2024年4月8日（1 天）')
    expect(second).toContain('2.5')
    expect(second).not.toContain('2.50')
    const total = wrapper.get('[data-testid=training-total]')
    expect(total.attributes('data-total')).toBe('2')
    expect(total.text()).toBe('共 2 次培训')
  })

  it('filters by kind and follows the header year', async () => {
    commands()
    await mountWithApp(TrainingView, { route: '/training' })
    clickOption('军训队列')
    await flushPromises()
    store.year = 2023
    await flushPromises()
    expect(callsOf('list_training').map((a) => [a.query.year, a.query.kind])).toEqual([
      [2024, null],
      [2024, '军训队列'],
      [2023, '军训队列'],
    ])
  })

  it('exports what the filters select', async () => {
    commands({ pick_export_path: () => '/home/clerk/培训.xlsx', export_training: () => ({ path: '/home/clerk/培训.xlsx', rows: 2 }) })
    const { wrapper } = await mountWithApp(TrainingView, { route: '/training' })
    await wrapper.get('[data-testid=training-export]').trigger('click')
    await flushPromises()
    expect(callsOf('pick_export_path')).toEqual([{ defaultName: '培训记录_2024年.xlsx' }])
    expect(callsOf('export_training')).toEqual([
      { path: '/home/clerk/培训.xlsx', query: { year: 2024, kind: null, search: null, offset: 0, limit: null } },
    ])
  })
})

describe('training form', () => {
  it('sends the whole TrainingInput, with the attendees picked from the roster', async () => {
    const created = session({ id: 'ts-new' })
    commands({ create_training: () => created })
    const { wrapper } = await mountWithApp(TrainingFormDialog, { props: { modelValue: true, session: null } })

    clickOption('军训队列')
    await wrapper.get('[data-testid=training-form-title] input').setValue('  2024年军训队列训练  ')
    await wrapper.get('[data-testid=training-form-organiser] input').setValue('滕州分局')
    const start = wrapper.get('[data-testid=training-form-start] input')
    await start.setValue('2024年4月8日')
    await start.trigger('change')
    const end = wrapper.get('[data-testid=training-form-end] input')
    await end.setValue('2024年4月12日')
    await end.trigger('change')
    const hours = wrapper.get('[data-testid=training-form-hours] input')
    await hours.setValue('40')
    await hours.trigger('change')

    wrapper.findComponent(PersonPicker).vm.$emit('update:modelValue', [WANG.id, LI.id])
    await flushPromises()
    expect(callsOf('get_staff').map((a) => a.id)).toEqual([WANG.id, LI.id])
    expect(texts('[data-testid=attendee-name]')).toEqual(['王磊', '李玥'])

    const own = wrapper.get(`[data-testid=attendee-hours][data-staff-id=${LI.id}] input`)
    await own.setValue('36')
    await own.trigger('change')
    const score = wrapper.get(`[data-testid=attendee-score][data-staff-id=${WANG.id}] input`)
    await score.setValue('95')
    await score.trigger('change')
    await wrapper.get(`input[data-testid=attendee-award][data-staff-id=${WANG.id}]`).setValue('队列标兵')

    await wrapper.get('[data-testid=training-form-save]').trigger('click')
    await flushPromises()

    expect(callsOf('create_training')).toEqual([
      {
        input: {
          kind: '军训队列',
          title: '2024年军训队列训练',
          level: null,
          organiser: '滕州分局',
          start_on: '2024-04-08',
          end_on: '2024-04-12',
          hours: 40,
          place: '',
          note: '',
          attendees: [
            { staff_id: WANG.id, hours: null, score: 95, award: '队列标兵' },
            { staff_id: LI.id, hours: 36, score: null, award: '' },
          ],
        },
      },
    ])
    expect(wrapper.emitted('saved')).toEqual([[created]])
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
  })

  it('edits a session with its attendance and the revision it read', async () => {
    commands({ update_training: () => session({ revision: 4 }) })
    const { wrapper } = await mountWithApp(TrainingFormDialog, { props: { modelValue: true, session: session() } })

    expect(callsOf('get_training')).toEqual([{ id: 'ts-1' }])
    expect(texts('[data-testid=attendee-name]')).toEqual(['王磊', '李玥'])
    const removeLi = wrapper.findAll('[data-testid=attendee-remove]')[1]
    await removeLi.trigger('click')
    await wrapper.get('[data-testid=training-form-save]').trigger('click')
    await flushPromises()

    const [args] = callsOf('update_training')
    expect(args.id).toBe('ts-1')
    expect(args.revision).toBe(3)
    expect(args.input).toMatchObject({
      kind: '全员轮训',
      title: '2024年度执法人员全员轮训（第一期）',
      level: '市',
      start_on: '2024-03-01',
      end_on: '2024-03-05',
      hours: 32,
      attendees: [{ staff_id: WANG.id, hours: 16, score: 92.5, award: '优秀学员' }],
    })
  })

  it('shows a server validation error at the field it names', async () => {
    commands({
      update_training: () => {
        throw payload('E_INVALID', '结束日期：不能早于开始日期', '结束日期')
      },
    })
    const { wrapper } = await mountWithApp(TrainingFormDialog, { props: { modelValue: true, session: session() } })
    await wrapper.get('[data-testid=training-form-save]').trigger('click')
    await settle()

    expect(errorAt('training-form-end')).toBe('不能早于开始日期')
    expect(errorAt('training-form-title')).toBe('')
    expect(wrapper.emitted('saved')).toBeUndefined()
  })

  it('shows an attendee’s error at the attendance, naming the column', async () => {
    commands({
      update_training: () => {
        throw payload('E_INVALID', '成绩：应为 0—1000 之间的数', '成绩')
      },
    })
    const { wrapper } = await mountWithApp(TrainingFormDialog, { props: { modelValue: true, session: session() } })
    await wrapper.get('[data-testid=training-form-save]').trigger('click')
    await settle()

    expect(errorAt('training-form-attendees')).toBe('成绩：应为 0—1000 之间的数')
  })

  it('requires 培训类型, 培训名称 and 开始日期 before asking the server', async () => {
    commands({ create_training: () => session() })
    const { wrapper } = await mountWithApp(TrainingFormDialog, { props: { modelValue: true, session: null } })
    await wrapper.get('[data-testid=training-form-save]').trigger('click')
    await settle()

    expect(errorAt('training-form-kind')).toBe('请选择培训类型')
    expect(errorAt('training-form-title')).toBe('请填写培训名称')
    expect(errorAt('training-form-start')).toBe('请选择开始日期')
    expect(callsOf('create_training')).toHaveLength(0)
  })
})

describe('training kinds', () => {
  it('adds a kind, and offers to delete only the clerk’s own', async () => {
    commands({ add_training_kind: () => KINDS[2], delete_training_kind: () => null })
    const { wrapper } = await mountWithApp(TrainingKindsDialog, { props: { modelValue: true } })

    expect(document.querySelectorAll('[data-testid=training-kind-delete]')).toHaveLength(1)
    expect(document.querySelector('[data-testid=training-kind-delete]')?.getAttribute('data-kind')).toBe('执法文书评查')
    await typeInto('[data-testid=training-kind-name] input', '案卷评查')
    document.querySelector<HTMLButtonElement>('[data-testid=training-kind-add]')!.click()
    await flushPromises()
    expect(callsOf('add_training_kind')).toEqual([{ name: '案卷评查' }])
    expect(wrapper.emitted('changed')).toHaveLength(1)
  })

  it('shows the core’s reason at the name', async () => {
    commands({
      add_training_kind: () => {
        throw payload('E_INVALID', '培训类型：“全员轮训”已在列表中', '培训类型')
      },
    })
    await mountWithApp(TrainingKindsDialog, { props: { modelValue: true } })
    await typeInto('[data-testid=training-kind-name] input', '全员轮训')
    document.querySelector<HTMLButtonElement>('[data-testid=training-kind-add]')!.click()
    await settle()
    expect(errorAt('training-kind-name')).toBe('“全员轮训”已在列表中')
  })
})

describe('training detail', () => {
  it('shows the attendance with each person linked, and attaches evidence to the session', async () => {
    commands({
      pick_evidence_files: () => ['/home/clerk/签到表2.jpg'],
      attach_evidence: () => DETAIL.evidence[0],
    })
    const { wrapper } = await mountWithApp(TrainingDetailDrawer, { props: { modelValue: true, sessionId: 'ts-1' } })

    const rows = [...document.querySelectorAll('[data-testid=training-attendance] .el-table__body tr')].map((r) => r.textContent ?? '')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('王磊')
    expect(rows[0]).toContain('16')
    expect(rows[0]).toContain('92.5')
    expect(rows[0]).toContain('优秀学员')
    expect(rows[1]).toContain('32（按培训）')
    const link = document.querySelector('[data-testid=training-attendance] a') as HTMLAnchorElement
    expect(link.getAttribute('href')).toContain(`/staff/${WANG.id}`)
    expect(document.body.textContent).toContain('签到表.jpg')

    await wrapper.get('[data-testid=training-evidence-upload]').trigger('click')
    await flushPromises()
    expect(callsOf('attach_evidence')).toEqual([{ entity: 'training_session', entityId: 'ts-1', path: '/home/clerk/签到表2.jpg' }])
    expect(callsOf('get_training')).toHaveLength(2)
    expect(wrapper.emitted('changed')).toHaveLength(1)
  })
})
