import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { EquipmentItem } from '../src/bindings/EquipmentItem'
import type { EquipmentQuery } from '../src/bindings/EquipmentQuery'
import EquipmentView from '../src/views/equipment/EquipmentView.vue'
import { DRONE, makeItem, RECORDER, standardList } from './equipmentFixtures'
import { callsOf, type Handler, mockCommands, mountWithApp, payload, resetStore, sleep, SQUAD, texts } from './helpers'
import { makeStaff } from './peopleFixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const LI = makeStaff({ id: 's-li', name: '李玥' })

const IN = makeItem({ id: 'eq-in', asset_no: 'ZF-2024-001' })
const OUT = makeItem({
  id: 'eq-out',
  asset_no: 'ZF-2024-002',
  checked_out_to: '李玥',
  expected_return_on: '2024-07-18',
})
const DRONE_ITEM = makeItem({
  id: 'eq-drone',
  asset_no: 'ZF-2024-009',
  name: '大疆无人机',
  standard_item_id: DRONE.id,
  standard_item_name: DRONE.name,
  category: '现场执法辅助设备',
  status: '维修中',
  wireless_video: false,
  custodian_id: null,
  custodian_name: null,
})

function commands(extra: Record<string, Handler> = {}) {
  return mockCommands({
    list_equipment: () => ({ total: 3, items: [IN, OUT, DRONE_ITEM] }),
    equipment_categories: () => ['全过程记录设备', '现场执法辅助设备'],
    standard_list: () => standardList(),
    list_staff: () => ({ total: 1, items: [LI] }),
    ...extra,
  })
}

function lastQuery(): EquipmentQuery {
  const calls = callsOf('list_equipment')
  return calls[calls.length - 1].query
}

async function click(testid: string, root: ParentNode = document): Promise<void> {
  const el = root.querySelector(`[data-testid="${testid}"]`) as HTMLElement | null
  expect(el, testid).not.toBeNull()
  el!.click()
  await flushPromises()
}

function row(assetNo: string): HTMLElement {
  const link = document.querySelector(`[data-testid=equipment-asset][data-asset-no="${assetNo}"]`)
  const tr = link?.closest('tr')
  if (!tr) throw new Error(`no row ${assetNo}`)
  return tr as HTMLElement
}

/** The row's button in the (fixed) 操作 column. */
function rowButton(testid: string, assetNo: string): HTMLElement {
  const el = document.querySelector(`[data-testid=${testid}][data-asset-no="${assetNo}"]`) as HTMLElement | null
  if (!el) throw new Error(`no ${testid} for ${assetNo}`)
  return el
}

async function typeInto(selector: string, value: string): Promise<void> {
  const input = document.querySelector(selector) as HTMLInputElement
  expect(input, selector).not.toBeNull()
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function typeDate(selector: string, text: string): Promise<void> {
  const input = document.querySelector(selector) as HTMLInputElement
  input.value = text
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('装备台账', () => {
  it('lists the items with their standard item, status and who has them out', async () => {
    commands()
    await mountWithApp(EquipmentView, { route: '/equipment' })

    expect(callsOf('list_equipment')).toEqual([
      {
        query: {
          category: null,
          status: null,
          unit_id: null,
          custodian_id: null,
          standard_item_id: null,
          checked_out: null,
          hide_scrapped: true,
          search: null,
          offset: 0,
          limit: 20,
        },
      },
    ])
    expect(texts('[data-testid=equipment-asset]')).toEqual(['ZF-2024-001', 'ZF-2024-002', 'ZF-2024-009'])
    const first = row('ZF-2024-001').textContent ?? ''
    expect(first).toContain('执法记录仪')
    expect(first).toContain('海康 DSJ-X1')
    expect(first).toContain('第一执法中队')
    expect(first).toContain('王磊')
    expect(first).toContain('在库')
    const out = row('ZF-2024-002').querySelector('[data-testid=equipment-out]') as HTMLElement
    // Due back on 18 July, today is 20 July: overdue, in red.
    expect(out.textContent).toContain('李玥 领用，2024年7月18日 归还（已逾期）')
    expect(out.getAttribute('data-overdue')).toBe('1')
    expect(out.className).toContain('overdue')
    expect(row('ZF-2024-009').querySelector('[data-testid=equipment-status]')?.textContent?.trim()).toBe('维修中')
    const total = document.querySelector('[data-testid=equipment-total]')!
    expect(total.getAttribute('data-total')).toBe('3')
    // 领用 for items in, 归还 for the item out.
    expect(document.querySelector('[data-testid=equipment-checkout][data-asset-no="ZF-2024-001"]')).not.toBeNull()
    expect(document.querySelector('[data-testid=equipment-return][data-asset-no="ZF-2024-002"]')).not.toBeNull()
    expect(document.querySelector('[data-testid=equipment-checkout][data-asset-no="ZF-2024-002"]')).toBeNull()
  })

  it('sends the filters: status, standard item, 借出中, 含已报废 and the search after a pause', async () => {
    commands()
    const { wrapper } = await mountWithApp(EquipmentView, { route: '/equipment' })

    await click('equipment-filter-status-维修中')
    expect(lastQuery().status).toBe('维修中')
    await click('equipment-filter-standard-无人机')
    expect(lastQuery().standard_item_id).toBe(DRONE.id)
    await wrapper.get('[data-testid=equipment-filter-out]').trigger('click')
    await flushPromises()
    expect(lastQuery().checked_out).toBe(true)
    await wrapper.get('[data-testid=equipment-filter-scrapped]').trigger('click')
    await flushPromises()
    expect(lastQuery().hide_scrapped).toBe(false)

    const before = callsOf('list_equipment').length
    await wrapper.get('[data-testid=equipment-search] input').setValue('DSJ')
    await flushPromises()
    expect(callsOf('list_equipment')).toHaveLength(before) // debounced
    await sleep(350)
    await flushPromises()
    expect(lastQuery()).toEqual({
      category: null,
      status: '维修中',
      unit_id: null,
      custodian_id: null,
      standard_item_id: DRONE.id,
      checked_out: true,
      hide_scrapped: false,
      search: 'DSJ',
      offset: 0,
      limit: 20,
    })
  })

  it('takes its filters from the address (the coverage page links by standard item)', async () => {
    commands()
    await mountWithApp(EquipmentView, { route: `/equipment?standard=${RECORDER.id}&out=1` })
    expect(lastQuery().standard_item_id).toBe(RECORDER.id)
    expect(lastQuery().checked_out).toBe(true)
  })

  it('exports what the filters select', async () => {
    commands({
      pick_export_path: () => '/home/clerk/装备.xlsx',
      export_equipment: () => ({ path: '/home/clerk/装备.xlsx', rows: 3 }),
    })
    await mountWithApp(EquipmentView, { route: '/equipment' })
    await click('equipment-filter-status-在用')
    await click('equipment-export')
    expect(callsOf('pick_export_path')).toEqual([{ defaultName: '执法装备台账（筛选结果）.xlsx' }])
    expect(callsOf('export_equipment')[0].query).toMatchObject({ status: '在用', hide_scrapped: true, offset: 0, limit: null })
    expect(callsOf('export_equipment')[0].byUnit).toBe(false)
    await click('equipment-export-by-unit')
    expect(callsOf('pick_export_path')[1]).toEqual({ defaultName: '执法装备台账（按单位分表）（筛选结果）.xlsx' })
    expect(callsOf('export_equipment')[1]).toMatchObject({ byUnit: true, query: { status: '在用' } })
  })

  it('exports the 使用台账 and the 维护记录', async () => {
    commands({
      pick_export_path: (a: { defaultName: string }) => `/tmp/${a.defaultName}`,
      export_equipment_usage: (a: { path: string }) => ({ path: a.path, rows: 5 }),
      export_equipment_maintenance: (a: { path: string }) => ({ path: a.path, rows: 2 }),
    })
    await mountWithApp(EquipmentView, { route: '/equipment' })
    await click('equipment-usage-export')
    await click('equipment-maintenance-export')
    expect(callsOf('export_equipment_usage')).toEqual([{ path: '/tmp/装备使用台账.xlsx' }])
    expect(callsOf('export_equipment_maintenance')).toEqual([{ path: '/tmp/装备维护记录.xlsx' }])
  })

  it('imports the inventory, the 使用台账 and the 维护记录 as their own sheet kinds', async () => {
    const report = {
      file: '/tmp/装备.xlsx',
      sheet: 'Sheet1',
      header_row: 1,
      total_rows: 1,
      valid_rows: 1,
      rejected_rows: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      committed: false,
      ignored_columns: [],
      set_aside: [],
      sheets: ['Sheet1'],
      sheet_name_note: '',
      errors: [],
      year: null,
      year_source: 'fallback',
      year_note: '',
      unknown_units: [],
      created_units: [],
      mapped_units: [],
    }
    commands({ pick_import_file: () => '/tmp/装备.xlsx', import_sheet: () => report })
    await mountWithApp(EquipmentView, { route: '/equipment' })
    await click('equipment-import')
    await click('equipment-usage-import')
    await click('equipment-maintenance-import')
    expect(callsOf('import_sheet').map((a) => a.kind)).toEqual(['equipment', 'equipment_usage', 'equipment_maintenance'])
  })
})

describe('领用 and 归还 in two clicks', () => {
  it('checks an item out to a person: the dialog sends a CheckoutInput', async () => {
    const ev = { person_name: '李玥' }
    commands({ checkout_equipment: () => ev })
    await mountWithApp(EquipmentView, { route: '/equipment' })

    rowButton('equipment-checkout', 'ZF-2024-001').click()
    await flushPromises()
    const dialog = document.querySelector('[data-testid=checkout-dialog]')!
    expect(dialog.textContent).toContain('领用：执法记录仪（ZF-2024-001）')
    await click('person-option-李玥', dialog.ownerDocument)
    await typeDate('[data-testid=checkout-return-on] input', '2024年7月25日')
    await typeInto('[data-testid=checkout-purpose] input', '夜间突击检查')
    await click('checkout-save')

    expect(callsOf('checkout_equipment')).toEqual([
      {
        id: IN.id,
        input: { person_id: LI.id, event_on: null, purpose: '夜间突击检查', expected_return_on: '2024-07-25', note: '' },
      },
    ])
    expect(callsOf('list_equipment')).toHaveLength(2)
  })

  it('saves with Enter once a person is picked', async () => {
    commands({ checkout_equipment: () => ({ person_name: '李玥' }) })
    await mountWithApp(EquipmentView, { route: '/equipment' })
    rowButton('equipment-checkout', 'ZF-2024-001').click()
    await flushPromises()
    await click('person-option-李玥')
    const input = document.querySelector('[data-testid=checkout-purpose] input') as HTMLInputElement
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }))
    await flushPromises()
    expect(callsOf('checkout_equipment')).toEqual([
      { id: IN.id, input: { person_id: LI.id, event_on: null, purpose: '', expected_return_on: null, note: '' } },
    ])
  })

  it('asks for the person before saving and shows the core’s error at its field', async () => {
    commands({
      checkout_equipment: () => {
        throw payload('E_INVALID', '预计归还日期：不能早于领用日期', '预计归还日期')
      },
    })
    await mountWithApp(EquipmentView, { route: '/equipment' })
    rowButton('equipment-checkout', 'ZF-2024-001').click()
    await flushPromises()
    await click('checkout-save')
    await sleep(150)
    expect(callsOf('checkout_equipment')).toHaveLength(0)
    expect(document.querySelector('[data-testid=checkout-dialog] .el-form-item__error')?.textContent).toContain('请选择领用人')

    await click('person-option-李玥')
    await click('checkout-save')
    await sleep(150)
    await flushPromises()
    expect(document.querySelector('[data-testid=checkout-return-on] .el-form-item__error')?.textContent?.trim()).toBe('不能早于领用日期')
  })

  it('returns an item at once, today, and says so', async () => {
    commands({ return_equipment: () => ({}) })
    await mountWithApp(EquipmentView, { route: '/equipment' })
    rowButton('equipment-return', 'ZF-2024-002').click()
    await flushPromises()
    expect(callsOf('return_equipment')).toEqual([{ id: OUT.id, input: { returned_on: null, note: '' } }])
    expect(document.querySelector('.el-message--success')?.textContent).toContain('“执法记录仪”（ZF-2024-002）已归还，领用人：李玥')
    expect(callsOf('list_equipment')).toHaveLength(2)
  })
})

describe('装备 form', () => {
  it('registers an item counted as a standard item, with every field of EquipmentInput', async () => {
    const created: Partial<EquipmentItem> = { name: '执法记录仪', asset_no: 'ZF-2024-100' }
    commands({ create_equipment: () => created })
    await mountWithApp(EquipmentView, { route: '/equipment' })
    await click('equipment-new')

    // The standard list is grouped ①–⑥, then the rest, then the 旧版 items.
    expect(texts('[data-testid=equipment-form-dialog] .el-select-group__title, .el-select-group__title')).toEqual(
      expect.arrayContaining(['① 执法执勤专用车', '② 个人移动执法设备', '③ 现场执法辅助设备', '其他标准装备', '旧版（已停用）']),
    )
    await typeInto('[data-testid=equipment-form-asset-no] input', 'ZF-2024-100')
    await click('equipment-form-standard-执法记录仪')
    // The name and category follow the standard item.
    expect((document.querySelector('[data-testid=equipment-form-name] input') as HTMLInputElement).value).toBe('执法记录仪')
    expect(document.querySelector('[data-testid=equipment-form-wireless-hint]')?.textContent).toContain('E4')
    await click('equipment-form-wireless')
    await click(`equipment-form-unit-${SQUAD.name}`)
    await click('person-option-李玥')
    await typeInto('[data-testid=equipment-form-model] input', '海康 DSJ-X2')
    await click('equipment-form-save')

    expect(callsOf('create_equipment')).toEqual([
      {
        input: {
          asset_no: 'ZF-2024-100',
          standard_item_id: RECORDER.id,
          name: '执法记录仪',
          category: '全过程记录设备',
          model: '海康 DSJ-X2',
          serial_no: '',
          quantity: 1,
          acquired_on: null,
          funding: '',
          price: null,
          warranty_until: null,
          service_life_years: null,
          unit_id: SQUAD.id,
          location: '',
          custodian_id: LI.id,
          status: '在用',
          wireless_video: true,
          note: '',
        },
      },
    ])
  })

  it('saves an edit with its revision and shows a duplicate asset number at the field', async () => {
    commands({
      update_equipment: () => {
        throw payload('E_INVALID', '资产编号：“ZF-2024-001”已用于“执法记录仪”', '资产编号')
      },
    })
    await mountWithApp(EquipmentView, { route: '/equipment' })
    rowButton('equipment-edit', 'ZF-2024-009').click()
    await flushPromises()
    await click('equipment-form-save')
    await sleep(150)
    await flushPromises()
    const call = callsOf('update_equipment')[0]
    expect(call.id).toBe(DRONE_ITEM.id)
    expect(call.revision).toBe(3)
    expect(call.input).toMatchObject({ asset_no: 'ZF-2024-009', standard_item_id: DRONE.id, status: '维修中', price: 2380.5 })
    expect(document.querySelector('[data-testid=equipment-form-asset-no] .el-form-item__error')?.textContent?.trim()).toBe(
      '“ZF-2024-001”已用于“执法记录仪”',
    )
  })
})
