import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { DueDay } from '../src/bindings/DueDay'
import type { DueGroup } from '../src/bindings/DueGroup'
import type { DueItem } from '../src/bindings/DueItem'
import type { DuePage } from '../src/bindings/DuePage'
import type { DueView } from '../src/bindings/DueView'
import EquipmentDueView from '../src/views/equipment/EquipmentDueView.vue'
import { DRONE, makeDue, makeSchedule, standardList } from './equipmentFixtures'
import { callsOf, type Handler, mockCommands, mountWithApp, resetStore, texts } from './helpers'

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

/** The core's 到期提醒, over `list` (sorted by due date): the counts, and the first page of each
 * group; the pages of a group. */
function dueCore(list: DueItem[]): Record<string, Handler> {
  const groupOf = (d: DueItem): string => (d.days < 0 ? 'overdue' : d.due_on.slice(0, 7))
  const of = (day: string | null) => list.filter((d) => day === null || d.due_on === day)
  return {
    equipment_due_view: ({ day, limit }): DueView => {
      const days: DueDay[] = []
      for (const d of list) {
        const last = days[days.length - 1]
        if (last?.due_on === d.due_on) last.count += 1
        else days.push({ due_on: d.due_on, count: 1, overdue: d.days < 0 })
      }
      const groups: DueGroup[] = []
      for (const d of of(day)) {
        let g = groups.find((x) => x.key === groupOf(d))
        if (!g) groups.push((g = { key: groupOf(d), total: 0, items: [] }))
        g.total += 1
        if (g.items.length < limit) g.items.push(d)
      }
      const bands = ['已逾期', '7天内', '30天内', '60天内', '90天内', '90天后'].map((band) => ({
        band,
        count: list.filter((d) => d.band === band).length,
      }))
      return { bands, days, total: of(day).length, groups }
    },
    equipment_due_page: ({ day, group, offset, limit }): DuePage => {
      const items = of(day).filter((d) => groupOf(d) === group)
      return { total: items.length, items: items.slice(offset, offset + limit) }
    },
  }
}

function commands(extra: Record<string, Handler> = {}) {
  return mockCommands({
    ...dueCore(DUE),
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
    commands(dueCore(many))
    await mountWithApp(EquipmentDueView, { route: '/equipment/due' })

    expect(document.querySelector('[data-testid="due-count-已逾期"]')?.getAttribute('data-count')).toBe('120')
    expect(inGroup('overdue', 'due-asset')).toHaveLength(50)
    expect(inGroup('overdue', 'due-asset')[0]).toBe('ZF-0000')
    expect(document.querySelector('[data-testid="due-group-overdue"] [data-testid=due-pages]')?.textContent).toContain('120')
    expect(callsOf('equipment_due_page')).toEqual([])
    const pageButton = (n: string) =>
      [...document.querySelectorAll('[data-testid="due-group-overdue"] .el-pager li')].find((p) => p.textContent?.trim() === n) as HTMLElement
    pageButton('3').click()
    await flushPromises()
    expect(callsOf('equipment_due_page')).toEqual([{ asOf: '2024-07-20', days: 30, day: null, group: 'overdue', offset: 100, limit: 50 }])
    expect(inGroup('overdue', 'due-asset')).toEqual(many.slice(100).map((d) => d.asset_no))
    // The first page came with the page: going back asks nothing.
    pageButton('1').click()
    await flushPromises()
    expect(inGroup('overdue', 'due-asset')[0]).toBe('ZF-0000')
    expect(callsOf('equipment_due_page')).toHaveLength(1)
  })

  it('asks for 30 days from today and lists the overdue first, then month by month, with bands', async () => {
    commands()
    await mountWithApp(EquipmentDueView, { route: '/equipment/due' })

    expect(callsOf('equipment_due_view')).toEqual([{ asOf: '2024-07-20', days: 30, day: null, limit: 50 }])
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
    expect(callsOf('equipment_due_view').map((a) => a.day)).toEqual([null, '2024-07-25'])
    expect(texts('[data-testid=due-asset]')).toEqual(['ZF-2024-001'])
    expect(texts('.list-title')[0]).toContain('2024年7月25日 到期（1 项）')
    // The calendar still counts every day.
    expect(document.querySelector('[data-testid="due-day-2024-07-18"]')?.getAttribute('data-count')).toBe('1')
    await click('due-show-all')
    expect(texts('[data-testid=due-asset]')).toHaveLength(3)
  })

  it('asks again for another window', async () => {
    commands()
    await mountWithApp(EquipmentDueView, { route: '/equipment/due' })
    ;(document.querySelector('[data-testid=due-window-90] input') as HTMLInputElement).click()
    await flushPromises()
    expect(callsOf('equipment_due_view').map((a) => a.days)).toEqual([30, 90])
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
