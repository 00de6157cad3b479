import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { CertReview } from '../src/bindings/CertReview'
import type { StaffQuery } from '../src/bindings/StaffQuery'
import type { UniformIssue } from '../src/bindings/UniformIssue'
import type { UniformIssueQuery } from '../src/bindings/UniformIssueQuery'
import type { UniformOverviewPage } from '../src/bindings/UniformOverviewPage'
import type { UniformStatus } from '../src/bindings/UniformStatus'
import StaffFormDialog from '../src/components/people/StaffFormDialog.vue'
import CertificatesView from '../src/views/people/CertificatesView.vue'
import PersonView from '../src/views/people/PersonView.vue'
import StaffView from '../src/views/people/StaffView.vue'
import UniformsView from '../src/views/people/UniformsView.vue'
import { callsOf, mockCommands, mountWithApp, payload, resetStore, sleep, texts } from './helpers'
import { certRow, makeCertificate, makeDetail, makeStaff, makeUniformStatus,SQUAD } from './peopleFixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

/** Element Plus shows a form item's error 100 ms after the item turns invalid. */
async function settle(): Promise<void> {
  await flushPromises()
  await sleep(150)
  await flushPromises()
}

function errorAt(testid: string): string {
  const el = document.querySelector(`[data-testid=${testid}] .el-form-item__error`)
  return el?.textContent?.trim() ?? ''
}

/** Click an element anywhere in the document (select options are teleported to the body). */
async function click(testid: string): Promise<void> {
  const el = document.querySelector(`[data-testid="${testid}"]`) as HTMLElement | null
  expect(el, testid).not.toBeNull()
  el!.click()
  await flushPromises()
}

/** The colour of an el-tag (in tests its data-testid may sit on the stubbed transition around it). */
function tagType(el: Element | null | undefined): string | undefined {
  const tag = el?.classList.contains('el-tag') ? el : el?.querySelector('.el-tag')
  return ['success', 'warning', 'danger', 'info', 'primary'].find((t) => tag?.classList.contains(`el-tag--${t}`))
}

function bodyRows(tableTestid: string): HTMLElement[] {
  return [...document.querySelectorAll(`[data-testid=${tableTestid}] .el-table__body-wrapper tr.el-table__row`)] as HTMLElement[]
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('roster', () => {
  const wang = makeStaff({ name: '王磊' })
  const li = makeStaff({ name: '李玥', certified: false, certificate: null, seconded: true, post: '内勤' })
  const zhao = makeStaff({ name: '赵翀', on_roll: false, left_on: '2024-03-31', certified: false, certificate: null })

  function lastQuery(): StaffQuery {
    const calls = callsOf('list_staff')
    return calls[calls.length - 1].query
  }

  beforeEach(() => {
    mockCommands({
      list_staff: () => ({ total: 63, items: [wang, li, zhao] }),
      pick_export_path: () => '/home/clerk/花名册.xlsx',
      export_staff: () => ({ path: '/home/clerk/花名册.xlsx', rows: 1 }),
    })
  })

  it('renders the rows with links, certificate tags, state tags and the total', async () => {
    const { wrapper } = await mountWithApp(StaffView, { route: '/staff' })
    const rows = bodyRows('staff-table')
    expect(rows).toHaveLength(3)
    expect(rows[0].textContent).toContain('王磊')
    expect(rows[0].textContent).toContain('第一执法中队')
    expect(rows[0].textContent).toContain('2019年3月1日')
    expect(rows[0].textContent).toContain('370400123456')

    const links = wrapper.findAll('[data-testid=staff-name]')
    expect(links.map((l) => l.attributes('href'))).toEqual([`/staff/${wang.id}`, `/staff/${li.id}`, `/staff/${zhao.id}`])

    const tags = wrapper.findAll('[data-testid=staff-cert-tag]')
    expect(tags.map((t) => t.text())).toEqual(['持证', '未持证', '未持证'])
    expect(tagType(tags[0].element)).toBe('success')
    expect(rows[1].querySelector('[data-testid=staff-state-seconded]')?.textContent?.trim()).toBe('借调中')
    expect(rows[2].querySelector('[data-testid=staff-state-left]')?.textContent?.trim()).toBe('已离岗')
    expect(rows[0].querySelector('[data-testid=staff-state-left]')).toBeNull()

    const total = wrapper.get('[data-testid=staff-total]')
    expect(total.attributes('data-total')).toBe('63')
    expect(total.text()).toContain('63')
  })

  it('asks for the roll on today by default and sends each filter in the query', async () => {
    const { wrapper } = await mountWithApp(StaffView, { route: '/staff' })
    expect(callsOf('list_staff')).toHaveLength(1)
    expect(lastQuery()).toEqual({
      as_of: '2024-07-20',
      on_roll_only: true,
      unit_id: null,
      post: null,
      establishment: null,
      cert: null,
      search: null,
      offset: 0,
      limit: 20,
    })

    await click('staff-filter-unit-第一执法中队')
    expect(lastQuery()).toMatchObject({ unit_id: SQUAD.id, offset: 0 })
    await click('staff-filter-post-一线执法')
    await click('staff-filter-establishment-在编')
    await click('staff-filter-cert-due_soon')
    expect(lastQuery()).toMatchObject({ unit_id: SQUAD.id, post: '一线执法', establishment: '在编', cert: 'due_soon' })

    await wrapper.get('[data-testid=staff-filter-leavers]').trigger('click')
    await flushPromises()
    expect(lastQuery().on_roll_only).toBe(false)

    const calls = callsOf('list_staff').length
    await wrapper.get('[data-testid=staff-search] input').setValue('王 磊')
    await flushPromises()
    expect(callsOf('list_staff')).toHaveLength(calls) // still waiting for the typing to stop
    await sleep(350)
    await flushPromises()
    expect(lastQuery()).toMatchObject({ search: '王 磊', offset: 0, post: '一线执法' })
  })

  it('takes filters from the address (the figures page links here)', async () => {
    await mountWithApp(StaffView, { route: `/staff?unit=${SQUAD.id}&cert=uncertified&date=2024-06-30` })
    expect(callsOf('list_staff')).toHaveLength(1)
    expect(lastQuery()).toMatchObject({ unit_id: SQUAD.id, cert: 'uncertified', as_of: '2024-06-30' })
  })

  it('exports every person the filters select', async () => {
    const { wrapper } = await mountWithApp(StaffView, { route: '/staff?cert=certified' })
    await wrapper.get('[data-testid=staff-export]').trigger('click')
    await flushPromises()
    expect(callsOf('pick_export_path')).toEqual([{ defaultName: '人员花名册（筛选结果）.xlsx' }])
    const [args] = callsOf('export_staff')
    expect(args.path).toBe('/home/clerk/花名册.xlsx')
    expect(args.query).toMatchObject({ cert: 'certified', as_of: '2024-07-20', offset: 0, limit: null })
  })

  it('exports the roster with a sheet per unit and says how many sheets', async () => {
    mockCommands({
      list_staff: () => ({ total: 3, items: [wang, li, zhao] }),
      pick_export_path: () => '/home/clerk/花名册.xlsx',
      export_staff: () => ({ path: '/home/clerk/花名册.xlsx', rows: 3, sheets: 2 }),
    })
    const { wrapper } = await mountWithApp(StaffView, { route: '/staff' })
    await wrapper.get('[data-testid=staff-export-by-unit]').trigger('click')
    await flushPromises()
    expect(callsOf('pick_export_path')).toEqual([{ defaultName: '人员花名册（按单位分表）.xlsx' }])
    expect(callsOf('export_staff')[0]).toMatchObject({ path: '/home/clerk/花名册.xlsx', byUnit: true })
    expect(texts('.el-message')).toContain('已导出 3 人到 /home/clerk/花名册.xlsx（按单位分为 2 个工作表）')
  })

  it('opens the import dialog for the roster sheet', async () => {
    mockCommands({
      list_staff: () => ({ total: 0, items: [] }),
      pick_import_file: () => '/home/clerk/花名册.xlsx',
      import_sheet: () => ({
        file: '花名册.xlsx',
        sheet: 'Sheet1',
        header_row: 2,
        total_rows: 3,
        valid_rows: 3,
        rejected_rows: 0,
        inserted: 3,
        updated: 0,
        unchanged: 0,
        committed: false,
        ignored_columns: [],
        set_aside: [],
        sheets: ['Sheet1'],
        sheet_name_note: '',
        errors: [],
        year: 0,
        year_source: 'fallback',
        year_note: '',
        unknown_units: [],
        created_units: [],
        mapped_units: [],
      }),
    })
    const { wrapper } = await mountWithApp(StaffView, { route: '/staff' })
    expect(wrapper.text()).toContain('没有符合条件的人员')
    await wrapper.get('[data-testid=staff-import]').trigger('click')
    await flushPromises()
    const [args] = callsOf('import_sheet')
    expect(args.kind).toBe('staff')
    expect(args.path).toBe('/home/clerk/花名册.xlsx')
    expect(args.options.mode).toBe('dry_run')
    // The roster has no year: the dialog does not offer one.
    expect(document.querySelector('[data-testid=import-year]')).toBeNull()
  })
})

describe('staff form', () => {
  it('sends the StaffInput the clerk filled in', async () => {
    const created = makeStaff({ name: '王磊' })
    mockCommands({ create_staff: () => created })
    const { wrapper } = await mountWithApp(StaffFormDialog, { props: { modelValue: true, staff: null } })

    await wrapper.get('[data-testid=staff-form-name] input').setValue(' 王磊 ')
    await click('staff-form-unit-第一执法中队')
    await click('staff-form-gender-男')
    await click('staff-form-post-一线执法')
    await click('staff-form-establishment-在编')
    await click('staff-form-education-研究生')
    await click('staff-form-major-category-法学')
    await wrapper.get('[data-testid=staff-form-major] input').setValue('法学')
    await wrapper.get('[data-testid=staff-form-phone] input').setValue('0632-5512345')
    await wrapper.get('[data-testid=staff-form-size-shoes] input').setValue('42')
    await wrapper.get('[data-testid=staff-form-save]').trigger('click')
    await flushPromises()

    expect(callsOf('create_staff')).toEqual([
      {
        input: {
          unit_id: SQUAD.id,
          name: '王磊',
          gender: '男',
          post: '一线执法',
          establishment: '在编',
          arrived_on: null,
          established_on: null,
          left_on: null,
          education: '研究生',
          major: '法学',
          major_category: '法学',
          legal_qualification: false,
          phone: '0632-5512345',
          size_hat: '',
          size_top: '',
          size_bottom: '',
          size_shoes: '42',
          note: '',
        },
      },
    ])
    expect(wrapper.emitted('saved')).toEqual([[created]])
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
  })

  it('defaults a new person to the branch and requires a name', async () => {
    mockCommands({ create_staff: () => makeStaff() })
    const { wrapper } = await mountWithApp(StaffFormDialog, { props: { modelValue: true, staff: null } })
    await wrapper.get('[data-testid=staff-form-save]').trigger('click')
    await settle()
    expect(errorAt('staff-form-name')).toBe('请填写姓名')
    expect(callsOf('create_staff')).toHaveLength(0)
    expect(document.querySelector('[data-testid=staff-form-unit] .el-select')?.textContent).toContain('枣庄市生态环境局滕州分局')
  })

  it('shows a server validation error at the field it names', async () => {
    mockCommands({
      create_staff: () => {
        throw payload('E_INVALID', '联系电话：“王磊手机”不是电话号码', '联系电话')
      },
    })
    const { wrapper } = await mountWithApp(StaffFormDialog, { props: { modelValue: true, staff: null } })
    await wrapper.get('[data-testid=staff-form-name] input').setValue('王磊')
    await wrapper.get('[data-testid=staff-form-phone] input').setValue('王磊手机')
    await wrapper.get('[data-testid=staff-form-save]').trigger('click')
    await settle()

    expect(callsOf('create_staff')).toHaveLength(1)
    expect(errorAt('staff-form-phone')).toBe('“王磊手机”不是电话号码')
    expect(errorAt('staff-form-name')).toBe('')
    expect(wrapper.emitted('saved')).toBeUndefined()
  })

  it('saves an edit with the revision it read, dates as YYYY-MM-DD', async () => {
    const staff = makeStaff({ name: '李玥', revision: 4, left_on: null })
    mockCommands({
      update_staff: () => {
        throw payload('E_INVALID', '离岗日期：不能早于到岗日期', '离岗日期')
      },
    })
    const { wrapper } = await mountWithApp(StaffFormDialog, { props: { modelValue: true, staff } })
    expect((wrapper.get('[data-testid=staff-form-arrived] input').element as HTMLInputElement).value).toBe('2019年3月1日')
    await wrapper.get('[data-testid=staff-form-save]').trigger('click')
    await settle()
    const [args] = callsOf('update_staff')
    expect(args.id).toBe(staff.id)
    expect(args.revision).toBe(4)
    expect(args.input).toMatchObject({ name: '李玥', unit_id: SQUAD.id, arrived_on: '2019-03-01', established_on: '2019-03-01' })
    expect(errorAt('staff-form-left')).toBe('不能早于到岗日期')
  })
})

describe('person page', () => {
  const person = makeStaff({ name: '王磊' })
  const cert = makeCertificate({ staff_id: person.id, number: '0370400123', next_review_on: '2024-08-01' })
  const hearing = makeCertificate({ staff_id: person.id, kind: '听证主持人证', number: 'TZ-007', expires_on: null, status: '暂扣' })
  let reviews: CertReview[]

  beforeEach(() => {
    reviews = []
    mockCommands({
      get_staff: () => makeDetail(person, { certificates: [cert, hearing], hours_by_year: [{ year: 2024, hours: 16, sessions: 2 }] }),
      get_certificate: () => ({ certificate: cert, reviews: [...reviews], evidence: [] }),
      add_certificate_review: (args: { id: string; input: { reviewed_on: string; result: string; note: string } }) => {
        const r: CertReview = { id: 'r1', certificate_id: args.id, ...args.input, created_at: '2024-07-20T01:00:00Z' }
        reviews.push(r)
        return r
      },
    })
  })

  it('shows the person and their certificates', async () => {
    const { wrapper } = await mountWithApp(PersonView, { route: `/staff/${person.id}`, props: { id: person.id } })
    expect(callsOf('get_staff')).toEqual([{ id: person.id, asOf: null }])
    expect(wrapper.get('[data-testid=person-name]').text()).toBe('王磊')
    expect(wrapper.get('[data-testid=person-unit]').text()).toBe('第一执法中队')
    expect(wrapper.get('[data-testid=person-info]').text()).toContain('2019年3月1日')

    const rows = bodyRows('person-cert-table')
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('行政执法证')
    expect(rows[0].textContent).toContain('0370400123')
    expect(rows[0].textContent).toContain('2026年12月31日')
    expect(rows[0].textContent).toContain('2024年8月1日')
    expect(rows[1].textContent).toContain('听证主持人证')
    expect(rows[1].textContent).toContain('未填写')
    expect(tagType(rows[1].querySelector('[data-testid=person-cert-status]'))).toBe('warning')
    // No climate zone yet: the uniform tab says where to set it.
    expect(wrapper.find('[data-testid=person-uniform-zone-link]').attributes('href')).toBe('/uniforms')
    expect(wrapper.get('[data-testid=person-hours-table]').text()).toContain('2024年')
  })

  it('adds a 审验 to a certificate and shows it', async () => {
    const { wrapper } = await mountWithApp(PersonView, { route: `/staff/${person.id}`, props: { id: person.id } })
    await wrapper.findAll('[data-testid=cert-reviews-open]')[0].trigger('click')
    await flushPromises()
    expect(callsOf('get_certificate')).toEqual([{ id: cert.id }])
    expect(document.querySelector('[data-testid=cert-review-table]')?.textContent).toContain('暂无审验记录')

    await click('cert-review-add')
    expect(callsOf('add_certificate_review')).toEqual([
      { id: cert.id, input: { reviewed_on: '2024-07-20', result: '合格', note: '' } },
    ])
    expect(callsOf('get_certificate')).toHaveLength(2)
    expect(callsOf('get_staff')).toHaveLength(2) // the next 审验 date on the page follows
    const reviewRows = bodyRows('cert-review-table')
    expect(reviewRows).toHaveLength(1)
    expect(reviewRows[0].textContent).toContain('2024年7月20日')
    expect(reviewRows[0].textContent).toContain('合格')
  })

  it('uploads a photo: attaches the file to the person, then sets it as their photo', async () => {
    let photo: string | null = null
    mockCommands({
      get_staff: () => makeDetail({ ...person, photo_evidence_id: photo }),
      pick_evidence_files: () => ['/home/clerk/王磊.jpg'],
      attach_evidence: () => ({
        id: 'ev-photo',
        sha256: 'ab'.repeat(32),
        file_name: '王磊.jpg',
        size: 1024,
        mime: 'image/jpeg',
        entity: 'staff',
        entity_id: person.id,
        created_at: '2024-07-20T01:00:00Z',
      }),
      evidence_preview: () => ({ mime: 'image/jpeg', data_base64: 'AAAA' }),
      set_staff_photo: (args: { id: string; evidenceId: string | null }) => {
        photo = args.evidenceId
        return { ...person, photo_evidence_id: photo }
      },
    })
    const { wrapper } = await mountWithApp(PersonView, { route: `/staff/${person.id}`, props: { id: person.id } })
    expect(wrapper.get('[data-testid=person-photo]').text()).toBe('暂无照片')
    await wrapper.get('[data-testid=person-photo-upload]').trigger('click')
    await flushPromises()
    expect(callsOf('attach_evidence')).toEqual([{ entity: 'staff', entityId: person.id, path: '/home/clerk/王磊.jpg' }])
    expect(callsOf('set_staff_photo')).toEqual([{ id: person.id, evidenceId: 'ev-photo' }])
    expect(wrapper.get('[data-testid=person-photo] img').attributes('src')).toBe('data:image/jpeg;base64,AAAA')
  })

  it('adds a certificate to this person', async () => {
    const created = makeCertificate()
    mockCommands({
      get_staff: () => makeDetail(person),
      create_certificate: () => created,
    })
    const { wrapper } = await mountWithApp(PersonView, { route: `/staff/${person.id}`, props: { id: person.id } })
    expect(wrapper.get('[data-testid=person-cert-table]').text()).toContain('暂无证件')
    await wrapper.get('[data-testid=cert-new]').trigger('click')
    await flushPromises()
    // The holder is this person: no picker.
    expect(document.querySelector('[data-testid=cert-form-person]')).toBeNull()
    const number = document.querySelector('[data-testid=cert-form-number] input') as HTMLInputElement
    number.value = '00370400999'
    number.dispatchEvent(new Event('input'))
    await click('cert-form-save')
    expect(callsOf('create_certificate')).toEqual([
      {
        input: {
          staff_id: person.id,
          kind: '行政执法证',
          number: '00370400999',
          issuer: '',
          area: '',
          issued_on: null,
          expires_on: null,
          status: '有效',
          note: '',
        },
      },
    ])
    expect(callsOf('get_staff')).toHaveLength(2)
  })
})

describe('certificates page', () => {
  const expired = makeCertificate({ staff_name: '王磊', expires_on: '2024-07-17' })
  const review = makeCertificate({ staff_name: '李玥', next_review_on: '2024-07-25' })
  const month = makeCertificate({ staff_name: '赵翀', expires_on: '2024-08-01' })
  const later = makeCertificate({ staff_name: '孙堃', expires_on: '2024-09-03' })
  const calm = makeCertificate({ staff_name: '周喆', expires_on: '2027-01-01' })

  beforeEach(() => {
    mockCommands({
      list_certificates: () => ({
        total: 5,
        items: [
          certRow(expired, { due_what: '到期', due_on: '2024-07-17', days: -3, band: '已过期' }),
          certRow(review, { due_what: '审验', due_on: '2024-07-25', days: 5, band: '7天内' }),
          certRow(month, { due_what: '到期', due_on: '2024-08-01', days: 12, band: '30天内' }),
          certRow(later, { due_what: '到期', due_on: '2024-09-03', days: 45, band: '60天内' }),
          certRow(calm),
        ],
      }),
    })
  })

  it('shows each due item with its warning band and days', async () => {
    const { wrapper, router } = await mountWithApp(CertificatesView, { route: '/certificates' })
    expect(callsOf('list_certificates')[0].query).toEqual({
      as_of: '2024-07-20',
      kind: null,
      status: null,
      unit_id: null,
      search: null,
      offset: 0,
      limit: 20,
    })
    const rows = bodyRows('cert-table')
    expect(rows).toHaveLength(5)
    const bands = wrapper.findAll('[data-testid=cert-band]')
    expect(bands.map((b) => b.text())).toEqual(['已过期', '7天内', '30天内', '60天内'])
    expect(bands.map((b) => tagType(b.element))).toEqual([
      'danger',
      'danger',
      'warning',
      'info',
    ])
    const due = wrapper.findAll('[data-testid=cert-due]').map((d) => d.text())
    expect(due[0]).toBe('到期 2024年7月17日，已过期 3 天')
    expect(due[1]).toBe('审验 2024年7月25日，还有 5 天')
    expect(due[2]).toBe('到期 2024年8月1日，还有 12 天')
    expect(rows[4].textContent).toContain('周喆')
    expect(rows[0].classList).toContain('row-overdue')
    expect(wrapper.get('[data-testid=cert-total]').attributes('data-total')).toBe('5')

    await wrapper.findAll('[data-testid=cert-open-person]')[1].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe(`/staff/${review.staff_id}`)
  })

  it('sends the kind filter and imports the certificates sheet', async () => {
    const { wrapper } = await mountWithApp(CertificatesView, { route: '/certificates' })
    await click('cert-filter-kind-执法监督证')
    const calls = callsOf('list_certificates')
    expect(calls[calls.length - 1].query).toMatchObject({ kind: '执法监督证', offset: 0 })

    mockCommands({ pick_import_file: () => null })
    await wrapper.get('[data-testid=cert-import]').trigger('click')
    await flushPromises()
    expect(callsOf('pick_import_file')).toHaveLength(1)
  })
})

describe('uniforms page', () => {
  type PageArgs = { incompleteOnly: boolean; offset: number; limit: number }
  /** What the core sends: the counts over everyone, the rows the filter keeps, one page of them. */
  function pageOf(all: UniformStatus[], { incompleteOnly, offset, limit }: PageArgs): UniformOverviewPage {
    const kept = incompleteOnly ? all.filter((s) => s.eligible && !s.complete) : all
    return {
      eligible: all.filter((s) => s.eligible).length,
      complete: all.filter((s) => s.eligible && s.complete).length,
      total: kept.length,
      items: kept.slice(offset, offset + limit),
    }
  }
  const complete = makeUniformStatus({ staff_id: 's-a', staff_name: '王磊', complete: true })
  const lacking = makeUniformStatus({
    staff_id: 's-b',
    staff_name: '李玥',
    complete: false,
    items: [
      { item: '春秋执勤服', category: '服装类', required: 1, in_service: 1, last_issued_on: '2023-04-01', next_replacement_on: '2026-04-01', state: '已配发' },
      { item: '大檐帽', category: '帽类', required: 1, in_service: 0, last_issued_on: null, next_replacement_on: null, state: '未配发' },
      { item: '夏执勤服', category: '服装类', required: 2, in_service: 0, last_issued_on: '2020-05-01', next_replacement_on: '2023-05-01', state: '到期未换' },
    ],
  })
  const inside = makeUniformStatus({ staff_id: 's-c', staff_name: '赵翀', eligible: false, reason: '非一线执法岗位', complete: false })

  it('sets the climate zone and then shows who lacks what', async () => {
    let zone: string | null = null
    mockCommands({
      climate_zone: () => zone,
      set_climate_zone: (args: { zone: string }) => {
        zone = args.zone
        return null
      },
      uniform_overview_page: (args: PageArgs) => (zone ? pageOf([lacking, complete, inside], args) : null),
      uniform_scale: () => [
        { id: 'l1', item: '大檐帽', category: '帽类', gender: null, zone: '北温', quantity: 1, renewal_quantity: null, life_years: 5, note: '', revision: 1 },
        { id: 'l2', item: '凉帽', category: '帽类', gender: null, zone: '热', quantity: 1, renewal_quantity: null, life_years: 4, note: '', revision: 1 },
      ],
      uniform_issue_page: () => ({ total: 0, items: [] }),
    })
    const { wrapper } = await mountWithApp(UniformsView, { route: '/uniforms' })
    expect(wrapper.find('[data-testid=uniform-zone-unset]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=uniform-overview-no-zone]').exists()).toBe(true)
    expect(callsOf('uniform_overview_page')).toEqual([{ asOf: '2024-07-20', incompleteOnly: false, offset: 0, limit: 50 }])

    await click('uniform-zone-北温')
    expect(callsOf('set_climate_zone')).toEqual([{ zone: '北温' }])
    expect(callsOf('uniform_overview_page')).toHaveLength(2)
    expect(wrapper.find('[data-testid=uniform-zone-unset]').exists()).toBe(false)

    expect(wrapper.get('[data-testid=uniform-overview-summary]').text()).toBe('应配发 2 人，已配齐 1 人')
    let rows = bodyRows('uniform-overview-table')
    expect(rows).toHaveLength(3)
    const items = [...rows[0].querySelectorAll('[data-testid=uniform-overview-item]')].map((e) => e.textContent?.trim())
    expect(items).toEqual(['大檐帽：未配发', '夏执勤服：到期未换'])
    expect(rows[2].textContent).toContain('非一线执法岗位')

    await wrapper.get('[data-testid=uniform-overview-incomplete]').trigger('click')
    await flushPromises()
    rows = bodyRows('uniform-overview-table')
    expect(rows).toHaveLength(1)
    expect(rows[0].textContent).toContain('李玥')

    // The scale shows the chosen zone's lines only.
    const scaleRows = bodyRows('uniform-scale-table')
    expect(scaleRows).toHaveLength(1)
    expect(scaleRows[0].textContent).toContain('大檐帽')
  })

  it('asks the core for one page of a large branch at a time', async () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      makeUniformStatus({ staff_id: `s-${i}`, staff_name: `人员${i + 1}`, complete: i % 2 === 0 }),
    )
    mockCommands({
      climate_zone: () => '北温',
      uniform_overview_page: (args: PageArgs) => pageOf(many, args),
      uniform_scale: () => [],
      uniform_issue_page: () => ({ total: 0, items: [] }),
    })
    const { wrapper } = await mountWithApp(UniformsView, { route: '/uniforms' })
    expect(bodyRows('uniform-overview-table')).toHaveLength(50)
    expect(wrapper.get('[data-testid=uniform-overview-summary]').text()).toBe('应配发 120 人，已配齐 60 人')

    await wrapper.findAll('.el-pager li').find((li) => li.text() === '3')!.trigger('click')
    await flushPromises()
    expect(callsOf('uniform_overview_page').slice(-1)[0]).toMatchObject({ offset: 100, limit: 50 })
    const rows = bodyRows('uniform-overview-table')
    expect(rows).toHaveLength(20)
    expect(rows[0].textContent).toContain('人员101')

    // The filter goes back to the first page and asks once.
    const before = callsOf('uniform_overview_page').length
    await wrapper.get('[data-testid=uniform-overview-incomplete]').trigger('click')
    await flushPromises()
    expect(callsOf('uniform_overview_page').slice(before)).toEqual([
      { asOf: '2024-07-20', incompleteOnly: true, offset: 0, limit: 50 },
    ])
    expect(bodyRows('uniform-overview-table')).toHaveLength(50)
    expect(wrapper.get('[data-testid=uniform-overview-summary]').text()).toBe('应配发 120 人，已配齐 60 人')
  })

  it('loads the issue records only when their tab opens, a page at a time, searched in the core', async () => {
    const issues: UniformIssue[] = Array.from({ length: 120 }, (_, i) => ({
      id: `i-${i}`,
      staff_id: `s-${i}`,
      staff_name: i < 3 ? `张${i}` : `人员${i + 1}`,
      unit_name: SQUAD.name,
      item: '大檐帽',
      quantity: 1,
      issued_on: '2024-03-01',
      note: '',
      created_at: '2024-03-01T08:00:00Z',
      revision: 1,
    }))
    mockCommands({
      climate_zone: () => '北温',
      uniform_overview_page: (args: PageArgs) => pageOf([], args),
      uniform_scale: () => [],
      uniform_issue_page: ({ query }: { query: UniformIssueQuery }) => {
        const kept = query.search ? issues.filter((i) => i.staff_name.includes(query.search!)) : issues
        return { total: kept.length, items: kept.slice(query.offset, query.offset + (query.limit ?? kept.length)) }
      },
    })
    const { wrapper } = await mountWithApp(UniformsView, { route: '/uniforms' })
    expect(callsOf('uniform_issue_page')).toEqual([])

    await wrapper.findAll('.el-tabs__item').find((t) => t.text() === '发放记录')!.trigger('click')
    await flushPromises()
    expect(callsOf('uniform_issue_page')).toEqual([{ query: { search: null, offset: 0, limit: 50 } }])
    expect(bodyRows('uniform-issue-table')).toHaveLength(50)

    await wrapper.get('[data-testid=uniform-issue-search] input').setValue('张')
    expect(callsOf('uniform_issue_page')).toHaveLength(1) // debounced
    await sleep(350)
    await flushPromises()
    expect(callsOf('uniform_issue_page').slice(-1)[0]).toEqual({ query: { search: '张', offset: 0, limit: 50 } })
    expect(bodyRows('uniform-issue-table')).toHaveLength(3)
  })
})
