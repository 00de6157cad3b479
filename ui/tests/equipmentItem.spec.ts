import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { EquipmentDetail } from '../src/bindings/EquipmentDetail'
import EquipmentItemView from '../src/views/equipment/EquipmentItemView.vue'
import { makeDetail, makeDue, makeEvent, makeItem, makeSchedule,RECORDER } from './equipmentFixtures'
import { callsOf, type Handler, mockCommands, mountWithApp, resetStore, sleep, texts } from './helpers'
import { makeStaff } from './peopleFixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const LI = makeStaff({ id: 's-li', name: '李玥' })

const ITEM = makeItem({ id: 'eq-1', asset_no: 'ZF-2024-001', checked_out_to: '李玥', expected_return_on: '2024-07-18' })

const HISTORY = [
  makeEvent({ id: 'ev-out', event_on: '2024-07-15', returned_on: null, expected_return_on: '2024-07-18', purpose: '夜查' }),
  makeEvent({
    id: 'ev-repair',
    kind: '维修',
    event_on: '2024-06-02',
    person_id: null,
    person_name: null,
    purpose: '',
    expected_return_on: null,
    returned_on: null,
    vendor: '海康售后',
    cost: 350,
    result: '更换电池',
  }),
  makeEvent({
    id: 'ev-move',
    kind: '调拨',
    event_on: '2024-03-01',
    person_id: null,
    person_name: null,
    purpose: '',
    expected_return_on: null,
    returned_on: null,
    from_unit: '枣庄市生态环境局滕州分局',
    to_unit: '第一执法中队',
    from_custodian: null,
    to_custodian: '王磊',
  }),
]

function detail(over: Partial<EquipmentDetail> = {}): EquipmentDetail {
  return makeDetail(ITEM, {
    events: HISTORY,
    schedules: [
      makeSchedule({ id: 'sch-own', kind: '维护保养', every_months: 6 }),
      makeSchedule({ id: 'sch-std', item_id: null, standard_item_id: RECORDER.id, target: '执法记录仪', kind: '校准检定', every_months: 12 }),
    ],
    due: [makeDue({ what: '领用', schedule_id: null, person_name: '李玥', last_done_on: '2024-07-15', due_on: '2024-07-18', days: -2, band: '已逾期' })],
    evidence: [
      {
        id: 'e1',
        sha256: 'ab'.repeat(32),
        file_name: '发票.pdf',
        size: 4096,
        mime: 'application/pdf',
        entity: 'equipment',
        entity_id: 'eq-1',
        created_at: '2024-05-10T02:00:00Z',
      },
    ],
    ...over,
  })
}

function commands(extra: Record<string, Handler> = {}) {
  return mockCommands({
    get_equipment: () => detail(),
    list_staff: () => ({ total: 1, items: [LI] }),
    ...extra,
  })
}

async function click(testid: string): Promise<void> {
  const el = document.querySelector(`[data-testid="${testid}"]`) as HTMLElement | null
  expect(el, testid).not.toBeNull()
  el!.click()
  await flushPromises()
}

async function typeInto(testid: string, value: string): Promise<void> {
  const input = document.querySelector(`[data-testid="${testid}"] input`) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

function disabled(testid: string): boolean {
  return (document.querySelector(`[data-testid="${testid}"]`) as HTMLButtonElement).disabled
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('an item’s page', () => {
  it('shows where the item is, every field and its whole history, newest first', async () => {
    commands()
    await mountWithApp(EquipmentItemView, { route: '/equipment/item/eq-1', props: { id: 'eq-1' } })

    expect(callsOf('get_equipment')).toEqual([{ id: 'eq-1', asOf: null }])
    expect(document.querySelector('[data-testid=equipment-item-asset]')?.textContent).toBe('ZF-2024-001')
    expect(document.querySelector('[data-testid=equipment-item-status]')?.textContent?.trim()).toBe('在用')
    const where = document.querySelector('[data-testid=equipment-item-where]')?.textContent ?? ''
    expect(where).toContain('第一执法中队 · 保管人 王磊 · 装备室2号柜')
    expect(where).toContain('现由 李玥 领用，预计 2024年7月18日 归还（已逾期）')
    const info = document.querySelector('[data-testid=equipment-item-info]')?.textContent ?? ''
    expect(info).toContain('2,380.5 元')
    expect(info).toContain('2023年5月10日')
    expect(info).toContain('6 年')

    expect([...document.querySelectorAll('[data-testid=equipment-event]')].map((e) => e.getAttribute('data-kind'))).toEqual([
      '领用',
      '维修',
      '调拨',
    ])
    const summaries = texts('[data-testid=equipment-event-summary]')
    expect(summaries[0]).toBe('李玥 领用，用途：夜查')
    expect(summaries[1]).toBe('海康售后；结果：更换电池；费用 350 元')
    expect(summaries[2]).toBe('枣庄市生态环境局滕州分局 → 第一执法中队；保管人 无 → 王磊')
    expect(texts('[data-testid=equipment-event-return]')).toEqual(['未归还，预计 2024年7月18日 归还（已逾期）'])
    // A 调拨 cannot be deleted; the others can (entered by mistake).
    expect(document.querySelectorAll('[data-testid=equipment-event-delete]')).toHaveLength(2)

    // 领用 waits for the return; the rest is open.
    expect(disabled('item-checkout')).toBe(true)
    expect(disabled('item-return')).toBe(false)
    expect(disabled('item-scrap')).toBe(false)
  })

  it('lists its schedules (the standard item’s read-only), what is due and its evidence', async () => {
    commands()
    await mountWithApp(EquipmentItemView, { route: '/equipment/item/eq-1', props: { id: 'eq-1' } })

    expect(texts('[data-testid=item-tabs] .el-tabs__item')).toEqual([
      '历史记录（3）',
      '到期事项（1）',
      '定期计划（2）',
      '照片与发票（1）',
    ])
    expect(texts('[data-testid=schedule-every-text]')).toEqual(['每 6 个月', '每年'])
    expect(document.querySelectorAll('.el-table__body [data-testid=schedule-edit]')).toHaveLength(1)
    const link = document.querySelector('[data-testid=schedule-standard-link]') as HTMLAnchorElement
    expect(link.getAttribute('href')).toContain('/equipment/due?tab=schedules')
    expect(texts('[data-testid=due-what]')).toEqual(['归还'])
    expect(texts('[data-testid=due-days]')).toEqual(['已逾期 2 天'])
    expect(document.querySelector('[data-testid=equipment-evidence-table]')?.textContent).toContain('发票.pdf')
  })

  it('returns the item at once', async () => {
    commands({ return_equipment: () => ({}) })
    await mountWithApp(EquipmentItemView, { route: '/equipment/item/eq-1', props: { id: 'eq-1' } })
    await click('item-return')
    expect(callsOf('return_equipment')).toEqual([{ id: 'eq-1', input: { returned_on: null, note: '' } }])
    expect(callsOf('get_equipment')).toHaveLength(2)
  })

  it('records a repair: the item goes 维修中 unless the clerk says otherwise', async () => {
    commands({ maintain_equipment: () => ({}) })
    await mountWithApp(EquipmentItemView, { route: '/equipment/item/eq-1', props: { id: 'eq-1' } })
    await click('item-maintain')
    await click('maintenance-kind-维修')
    await typeInto('maintenance-vendor', '海康售后')
    await typeInto('maintenance-result', '送修')
    await click('maintenance-save')
    expect(callsOf('maintain_equipment')).toEqual([
      {
        id: 'eq-1',
        input: { kind: '维修', event_on: '2024-07-20', vendor: '海康售后', cost: null, result: '送修', note: '', status_after: '维修中' },
      },
    ])
  })

  it('scraps the item after a confirmation; then it shows as scrapped and takes no more records', async () => {
    let scrapped = false
    const free = makeItem({ id: 'eq-1', asset_no: 'ZF-2024-001' })
    commands({
      get_equipment: () =>
        scrapped
          ? makeDetail({ ...free, status: '已报废', scrapped_on: '2024-07-20' }, { events: [makeEvent({ kind: '报废', event_on: '2024-07-20', person_name: null, reason: '摔坏无法修复', approval_doc: '滕环装〔2024〕3号' }), ...HISTORY.slice(1)] })
          : makeDetail(free, { events: HISTORY.slice(1) }),
      scrap_equipment: () => {
        scrapped = true
        return {}
      },
    })
    await mountWithApp(EquipmentItemView, { route: '/equipment/item/eq-1', props: { id: 'eq-1' } })
    await click('item-scrap')
    await click('scrap-save')
    await sleep(150)
    // The reason is required.
    expect(document.querySelector('[data-testid=scrap-reason] .el-form-item__error')?.textContent?.trim()).toBe('请填写报废原因')
    await typeInto('scrap-reason', '摔坏无法修复')
    await typeInto('scrap-approval', '滕环装〔2024〕3号')
    await click('scrap-save')

    const box = document.querySelector('.el-message-box')!
    expect(box.textContent).toContain('确定将“执法记录仪”（ZF-2024-001）于 2024年7月20日 报废吗？')
    expect(callsOf('scrap_equipment')).toHaveLength(0)
    const confirm = [...box.querySelectorAll('button')].find((b) => b.textContent?.trim() === '报废') as HTMLButtonElement
    confirm.click()
    await flushPromises()
    await sleep(50)
    await flushPromises()

    expect(callsOf('scrap_equipment')).toEqual([
      { id: 'eq-1', input: { event_on: '2024-07-20', reason: '摔坏无法修复', approval_doc: '滕环装〔2024〕3号', note: '' } },
    ])
    expect(document.querySelector('[data-testid=equipment-item-status]')?.textContent?.trim()).toBe('已报废')
    expect(document.querySelector('[data-testid=equipment-item-scrapped]')?.textContent).toContain('已于 2024年7月20日 报废')
    for (const id of ['item-checkout', 'item-return', 'item-maintain', 'item-transfer', 'item-scrap']) expect(disabled(id), id).toBe(true)
    expect(texts('[data-testid=equipment-event-summary]')[0]).toBe('报废原因：摔坏无法修复；审批：滕环装〔2024〕3号')
  })

  it('transfers the item to another custodian', async () => {
    commands({ transfer_equipment: () => ({}) })
    await mountWithApp(EquipmentItemView, { route: '/equipment/item/eq-1', props: { id: 'eq-1' } })
    await click('item-transfer')
    await click('person-option-李玥')
    await click('transfer-save')
    expect(callsOf('transfer_equipment')).toEqual([
      { id: 'eq-1', input: { event_on: '2024-07-20', to_unit_id: ITEM.unit_id, to_custodian_id: LI.id, note: '' } },
    ])
  })

  it('adds a schedule for this item', async () => {
    commands({ create_schedule: () => ({}) })
    await mountWithApp(EquipmentItemView, { route: '/equipment/item/eq-1', props: { id: 'eq-1' } })
    await click('item-schedule-new')
    expect(document.querySelector('[data-testid=schedule-target]')?.textContent).toContain('ZF-2024-001 执法记录仪')
    await click('schedule-kind-检查')
    await click('schedule-save')
    expect(callsOf('create_schedule')).toEqual([
      { input: { item_id: 'eq-1', standard_item_id: null, kind: '检查', every_months: 12, start_on: null, note: '' } },
    ])
  })
})
