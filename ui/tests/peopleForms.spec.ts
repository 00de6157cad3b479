import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { Secondment } from '../src/bindings/Secondment'
import type { SecondmentQuery } from '../src/bindings/SecondmentQuery'
import CertificateFormDialog from '../src/components/people/CertificateFormDialog.vue'
import UniformIssueDialog from '../src/components/people/UniformIssueDialog.vue'
import UniformScaleDialog from '../src/components/people/UniformScaleDialog.vue'
import SecondmentsView from '../src/views/people/SecondmentsView.vue'
import { callsOf, mockCommands, mountWithApp, payload, resetStore, sleep } from './helpers'
import { makeCertificate, makeStaff, SQUAD } from './peopleFixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const wang = makeStaff({ id: 's-wang', name: '王磊' })

function secondment(over: Partial<Secondment> = {}): Secondment {
  return {
    id: 'sec-1',
    staff_id: wang.id,
    staff_name: '王磊',
    unit_name: SQUAD.name,
    destination: '市生态环境局办公室',
    enforcement_post: false,
    start_on: '2024-03-01',
    end_on: null,
    approved: true,
    approval_doc: '枣环字〔2024〕12号',
    note: '',
    created_at: '2024-03-01T01:00:00Z',
    updated_at: '2024-03-01T01:00:00Z',
    revision: 2,
    ...over,
  }
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

/** Type a date as the clerk sees it (YYYY年M月D日) into a date picker. */
async function typeDate(testid: string, text: string): Promise<void> {
  const input = document.querySelector(`[data-testid="${testid}"] input`) as HTMLInputElement
  input.value = text
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

function errorAt(testid: string): string {
  return document.querySelector(`[data-testid=${testid}] .el-form-item__error`)?.textContent?.trim() ?? ''
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

describe('secondments page', () => {
  const running = secondment()
  const over = secondment({ id: 'sec-2', destination: '区委巡察办', enforcement_post: true, end_on: '2024-05-31', approved: false, approval_doc: '' })

  function lastQuery(): SecondmentQuery {
    const calls = callsOf('list_secondments')
    return calls[calls.length - 1].query
  }

  beforeEach(() => {
    mockCommands({
      list_secondments: () => [running, over],
      list_staff: () => ({ total: 1, items: [wang] }),
      create_secondment: () => running,
      update_secondment: () => running,
      pick_export_path: () => '/home/clerk/借调.xlsx',
      export_secondments: () => ({ path: '/home/clerk/借调.xlsx', rows: 2 }),
    })
  })

  it('lists the secondments with their state and sends the filters', async () => {
    const { wrapper } = await mountWithApp(SecondmentsView, { route: '/secondments' })
    expect(lastQuery()).toEqual({ active_on: null, unit_id: null, search: null })
    const rows = bodyRows('secondment-table')
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('市生态环境局办公室')
    expect(rows[0].textContent).toContain('至今')
    expect(rows[0].textContent).toContain('枣环字〔2024〕12号')
    expect(rows[0].querySelector('[data-testid=secondment-running]')).not.toBeNull()
    expect(rows[1].textContent).toContain('已结束')
    expect(wrapper.get('[data-testid=secondment-total]').attributes('data-total')).toBe('2')

    await wrapper.get('[data-testid=secondment-search] input').setValue('巡察')
    await sleep(350)
    await flushPromises()
    expect(lastQuery()).toEqual({ active_on: null, unit_id: null, search: '巡察' })

    await wrapper.get('[data-testid=secondment-export]').trigger('click')
    await flushPromises()
    expect(callsOf('pick_export_path')).toEqual([{ defaultName: '借调情况（筛选结果）.xlsx' }])
    expect(callsOf('export_secondments')[0].query).toEqual({ active_on: null, unit_id: null, search: '巡察' })
  })

  it('shows a long list 50 rows a page, every one counted', async () => {
    const many = Array.from({ length: 120 }, (_, i) => secondment({ id: `sec-${i}`, destination: `借调单位${i}` }))
    mockCommands({ list_secondments: () => many, list_staff: () => ({ total: 1, items: [wang] }) })
    const { wrapper } = await mountWithApp(SecondmentsView, { route: '/secondments' })
    expect(bodyRows('secondment-table')).toHaveLength(50)
    expect(wrapper.get('[data-testid=secondment-total]').attributes('data-total')).toBe('120')
    expect(wrapper.get('[data-testid=table-pages]').text()).toContain('120')
    const last = wrapper.findAll('.el-pager li').find((li) => li.text() === '3')
    await last!.trigger('click')
    await flushPromises()
    const rows = bodyRows('secondment-table')
    expect(rows).toHaveLength(20)
    expect(rows[0].textContent).toContain('借调单位100')
  })

  it('adds a secondment for a person picked from the roster', async () => {
    const { wrapper } = await mountWithApp(SecondmentsView, { route: '/secondments' })
    await wrapper.get('[data-testid=secondment-new]').trigger('click')
    await flushPromises()
    await click('person-option-王磊')
    await typeInto('secondment-form-destination', '市生态环境局法规科')
    await click('secondment-form-enforcement')
    // The 文号 waits for 市局同意.
    expect((document.querySelector('[data-testid=secondment-form-doc] input') as HTMLInputElement).disabled).toBe(true)
    await click('secondment-form-save')
    await sleep(150)
    await flushPromises()
    expect(errorAt('secondment-form-start')).toBe('请选择开始日期')
    expect(callsOf('create_secondment')).toHaveLength(0)

    await typeDate('secondment-form-start', '2024年8月1日')
    await click('secondment-form-save')
    expect(callsOf('create_secondment')).toEqual([
      {
        input: {
          staff_id: wang.id,
          destination: '市生态环境局法规科',
          enforcement_post: true,
          start_on: '2024-08-01',
          end_on: null,
          approved: false,
          approval_doc: '',
          note: '',
        },
      },
    ])
    expect(callsOf('list_secondments')).toHaveLength(2)
  })

  it('saves an edit with its revision and shows a server error at the field', async () => {
    mockCommands({
      list_secondments: () => [running],
      list_staff: () => ({ total: 1, items: [wang] }),
      update_secondment: () => {
        throw payload('E_INVALID', '结束日期：不能早于开始日期', '结束日期')
      },
    })
    const { wrapper } = await mountWithApp(SecondmentsView, { route: '/secondments' })
    await wrapper.get('[data-testid=secondment-edit]').trigger('click')
    await flushPromises()
    await click('secondment-form-save')
    await sleep(150)
    await flushPromises()
    expect(callsOf('update_secondment')).toEqual([
      {
        id: running.id,
        revision: 2,
        input: {
          staff_id: wang.id,
          destination: '市生态环境局办公室',
          enforcement_post: false,
          start_on: '2024-03-01',
          end_on: null,
          approved: true,
          approval_doc: '枣环字〔2024〕12号',
          note: '',
        },
      },
    ])
    expect(errorAt('secondment-form-end')).toBe('不能早于开始日期')
  })
})

describe('uniform dialogs', () => {
  const scale = [
    { id: 'l1', item: '大檐帽', category: '帽类', gender: null, zone: '北温', quantity: 1, renewal_quantity: null, life_years: 5, note: '', revision: 1 },
    { id: 'l2', item: '凉帽', category: '帽类', gender: null, zone: '热', quantity: 1, renewal_quantity: null, life_years: 4, note: '', revision: 1 },
  ]

  it('registers an issue of an item of the branch zone\'s scale', async () => {
    mockCommands({
      uniform_scale: () => scale,
      climate_zone: () => '北温',
      list_staff: () => ({ total: 1, items: [wang] }),
      create_uniform_issue: () => ({}),
    })
    const { wrapper } = await mountWithApp(UniformIssueDialog, { props: { modelValue: true } })
    expect(document.querySelector('[data-testid="issue-form-item-凉帽"]')).toBeNull()
    await click('person-option-王磊')
    await click('issue-form-item-大檐帽')
    await click('issue-form-save')
    expect(callsOf('create_uniform_issue')).toEqual([
      { input: { staff_id: wang.id, item: '大檐帽', quantity: 1, issued_on: '2024-07-20', note: '' } },
    ])
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('adds a line the shipped scale lacks, for the branch\'s zone', async () => {
    mockCommands({ create_uniform_scale_item: () => scale[0] })
    const { wrapper } = await mountWithApp(UniformScaleDialog, { props: { modelValue: true, line: null, zone: '北温' } })
    await typeInto('scale-form-item', '防寒服')
    await click('scale-form-save')
    expect(callsOf('create_uniform_scale_item')).toEqual([
      {
        input: {
          item: '防寒服',
          category: '服装类',
          gender: null,
          zone: '北温',
          quantity: 1,
          renewal_quantity: null,
          life_years: 3,
          note: '',
        },
      },
    ])
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })
})

describe('certificate form', () => {
  it('refused because someone changed the certificate meanwhile, says so and reloads the latest', async () => {
    const certificate = makeCertificate({ revision: 2, number: '0370001' })
    const latest = { ...certificate, revision: 3, number: '0370999' }
    mockCommands({
      update_certificate: (args: { revision: number }) => {
        if (args.revision === 2) throw payload('E_CONFLICT', '证件已被修改（当前版本 3，提交的版本 2），请刷新后重试')
        return latest
      },
      get_certificate: () => ({ certificate: latest, reviews: [], evidence: [] }),
    })
    const { wrapper } = await mountWithApp(CertificateFormDialog, { props: { modelValue: true, certificate } })
    await wrapper.get('[data-testid=cert-form-save]').trigger('click')
    await flushPromises()

    const box = document.querySelector('.el-message-box')
    expect(box?.querySelector('.el-message-box__title')?.textContent).toBe('证件已被修改')
    expect(box?.textContent).toContain('请刷新后重试')
    const reload = [...box!.querySelectorAll('button')].find((b) => b.textContent?.trim() === '重新载入') as HTMLButtonElement
    reload.click()
    await flushPromises()
    await sleep(50)

    expect(callsOf('get_certificate')).toEqual([{ id: certificate.id }])
    const number = wrapper.get('[data-testid=cert-form-number] input').element as HTMLInputElement
    expect(number.value).toBe('0370999')
    await wrapper.get('[data-testid=cert-form-save]').trigger('click')
    await flushPromises()
    expect(callsOf('update_certificate').map((a) => a.revision)).toEqual([2, 3])
    expect(wrapper.emitted('saved')).toEqual([[latest]])
  })
})
