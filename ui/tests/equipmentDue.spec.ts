import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import EquipmentDueView from '../src/views/equipment/EquipmentDueView.vue'
import { DRONE, makeDue, makeSchedule, standardList } from './equipmentFixtures'
import { type Handler, callsOf, mockCommands, mountWithApp, resetStore, texts } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const DUE = [
  makeDue({
    item_id: 'eq-2',
    asset_no: 'ZF-2024-002',
    what: '领用',
    schedule_id: null,
    person_name: '李玥',
    last_done_on: '2024-07-15',
    due_on: '2024-07-18',
    days: -2,
    band: '已逾期',
  }),
  makeDue({ due_on: '2024-07-25', days: 5, band: '7天内' }),
  makeDue({
    item_id: 'eq-9',
    asset_no: 'ZF-2024-009',
    item_name: '大疆无人机',
    what: '检查',
    last_done_on: null,
    due_on: '2024-08-10',
    days: 21,
    band: '30天内',
  }),
]

function commands(extra: Record<string, Handler> = {}) {
  return mockCommands({
    equipment_due: () => DUE,
    equipment_schedules: () => [
      makeSchedule({ id: 'sch-1' }),
      makeSchedule({ id: 'sch-2', item_id: null, standard_item_id: DRONE.id, target: '无人机', kind: '检查', every_months: 12 }),
    ],
    standard_list: () => standardList(),
    list_equipment: () => ({ total: 0, items: [] }),
    ...extra,
  })
}

async function click(testid: string): Promise<void> {
  const el = document.querySelector(`[data-testid="${testid}"]`) as HTMLElement | null
  expect(el, testid).not.toBeNull()
  el!.click()
  await flushPromises()
}

function inGroup(key: string, testid: string): string[] {
  return texts(`[data-testid="due-group-${key}"] [data-testid=${testid}]`)
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('到期提醒', () => {
  it('shows a long list 50 rows a page, with every item counted', async () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      makeDue({ item_id: `eq-${i}`, asset_no: `ZF-${String(i).padStart(4, '0')}`, due_on: '2024-07-10', days: -10, band: '已逾期' }),
    )
    commands({ equipment_due: () => many })
    await mountWithApp(EquipmentDueView, { route: '/equipment/due' })

    expect(document.querySelector('[data-testid="due-count-已逾期"]')?.getAttribute('data-count')).toBe('120')
    expect(inGroup('overdue', 'due-asset')).toHaveLength(50)
    expect(inGroup('overdue', 'due-asset')[0]).toBe('ZF-0000')
    expect(document.querySelector('[data-testid="due-group-overdue"] [data-testid=due-pages]')?.textContent).toContain('120')
    const pages = [...document.querySelectorAll('[data-testid="due-group-overdue"] .el-pager li')]
    ;(pages.find((p) => p.textContent?.trim() === '3') as HTMLElement).click()
    await flushPromises()
    expect(inGroup('overdue', 'due-asset')).toEqual(many.slice(100).map((d) => d.asset_no))
  })

  it('asks for 30 days from today and lists the overdue first, then month by month, with bands', async () => {
    commands()
    await mountWithApp(EquipmentDueView, { route: '/equipment/due' })

    expect(callsOf('equipment_due')).toEqual([{ asOf: '2024-07-20', days: 30 }])
    expect([...document.querySelectorAll('[data-testid^=due-group-]')].map((e) => e.getAttribute('data-testid'))).toEqual([
      'due-group-overdue',
      'due-group-2024-07',
      'due-group-2024-08',
    ])
    expect(texts('.group-title')).toEqual(['已逾期（1 项）', '2024年7月（1 项）', '2024年8月（1 项）'])

    expect(inGroup('overdue', 'due-asset')).toEqual(['ZF-2024-002'])
    expect(inGroup('overdue', 'due-what')).toEqual(['归还'])
    expect(inGroup('overdue', 'due-days')).toEqual(['已逾期 2 天'])
    const overdueDays = document.querySelector('[data-testid="due-group-overdue"] [data-testid=due-days]')!
    expect(overdueDays.className).toContain('overdue')
    expect(document.querySelector('[data-testid="due-group-overdue"] [data-testid=due-band]')?.className).toContain('el-tag--danger')
    expect(document.querySelector('[data-testid="due-group-overdue"] tr.due-overdue')).not.toBeNull()

    expect(inGroup('2024-07', 'due-what')).toEqual(['校准检定'])
    expect(inGroup('2024-07', 'due-days')).toEqual(['还有 5 天'])
    expect(inGroup('2024-07', 'due-band')).toEqual(['7天内'])
    expect(inGroup('2024-08', 'due-band')).toEqual(['30天内'])
    expect(document.querySelector('[data-testid="due-group-2024-08"] [data-testid=due-band]')?.className).toContain('el-tag--warning')
    const link = document.querySelector('[data-testid="due-group-2024-08"] [data-testid=due-asset]') as HTMLAnchorElement
    expect(link.getAttribute('href')).toContain('/equipment/item/eq-9')

    expect(document.querySelector('[data-testid="due-count-已逾期"]')?.getAttribute('data-count')).toBe('1')
    expect(document.querySelector('[data-testid="due-count-7天内"]')?.getAttribute('data-count')).toBe('1')
  })

  it('counts each day on the calendar; a click on a day shows only that day', async () => {
    commands()
    await mountWithApp(EquipmentDueView, { route: '/equipment/due' })

    const day = document.querySelector('[data-testid="due-day-2024-07-25"]') as HTMLElement
    expect(day.getAttribute('data-count')).toBe('1')
    expect(day.textContent).toContain('1 项')
    const overdue = document.querySelector('[data-testid="due-day-2024-07-18"]')!
    expect(overdue.querySelector('.el-tag')?.className).toContain('el-tag--danger')
    expect(document.querySelector('[data-testid="due-day-2024-07-19"]')?.getAttribute('data-count')).toBe('0')

    day.click()
    await flushPromises()
    expect(texts('[data-testid=due-asset]')).toEqual(['ZF-2024-001'])
    await click('due-show-all')
    expect(texts('[data-testid=due-asset]')).toHaveLength(3)
  })

  it('asks again for another window', async () => {
    commands()
    await mountWithApp(EquipmentDueView, { route: '/equipment/due' })
    ;(document.querySelector('[data-testid=due-window-90] input') as HTMLInputElement).click()
    await flushPromises()
    expect(callsOf('equipment_due').map((a) => a.days)).toEqual([30, 90])
  })

  it('manages every schedule, including those of a standard item', async () => {
    commands({ create_schedule: () => ({}) })
    await mountWithApp(EquipmentDueView, { route: '/equipment/due?tab=schedules' })

    expect(texts('[data-testid=schedule-table] .el-table__body tr').map((t) => t.replace(/\s+/g, ' '))).toEqual([
      expect.stringContaining('ZF-2024-001 执法记录仪'),
      expect.stringContaining('标准装备 无人机（全部）'),
    ])
    // On this page the standard item's schedule can be edited too.
    expect(document.querySelectorAll('.el-table__body [data-testid=schedule-edit]')).toHaveLength(2)

    await click('schedule-new')
    await click('schedule-target-standard')
    await click('schedule-standard-无人机')
    await click('schedule-kind-维护保养')
    await click('schedule-save')
    expect(callsOf('create_schedule')).toEqual([
      { input: { item_id: null, standard_item_id: DRONE.id, kind: '维护保养', every_months: 12, start_on: null, note: '' } },
    ])
    expect(callsOf('equipment_schedules')).toHaveLength(2)
  })
})
