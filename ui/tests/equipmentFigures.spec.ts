import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { TaskSummary } from '../src/bindings/TaskSummary'
import FiguresView from '../src/views/figures/FiguresView.vue'
import HomeView from '../src/views/HomeView.vue'
import { result as assessmentResult } from './assessmentFixtures'
import { equipmentFigures } from './equipmentFixtures'
import { F2, figureCommands, figureSet, makeFigure } from './figureFixtures'
import { callsOf, mockCommands, mountWithApp, resetStore, texts } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const WITH_EQUIPMENT = () => figureSet({ figures: [makeFigure(), F2, ...equipmentFigures()] })

function summary(): TaskSummary {
  return {
    year: 2024,
    as_of: '2024-07-20',
    total: 0,
    not_started: 0,
    in_progress: 0,
    done: 0,
    overdue: 0,
    due_soon: 0,
    ongoing: 0,
    unrecognized_deadlines: 0,
    upcoming: [],
  }
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('figures page: 装备指标', () => {
  it('sums E1 up as the number of items with a gap, and shows E2 per group, E3 and E4', async () => {
    mockCommands(figureCommands(WITH_EQUIPMENT))
    const { router } = await mountWithApp(FiguresView, { route: '/figures' })

    expect(texts('.group-title')).toEqual(['人员指标', '装备指标'])
    const group = document.querySelector('[data-testid=figures-group-E]')!
    // Not one card per standard item.
    expect(group.querySelectorAll('[data-testid=figure-E1]')).toHaveLength(1)
    expect(group.querySelector('[data-testid=figure-E1] [data-testid=figure-value]')?.textContent).toBe('3 项缺')
    expect(
      [...group.querySelectorAll('[data-testid^=figure-E]')].map((e) => e.getAttribute('data-testid')).filter((t) => t !== 'figure-E1'),
    ).toEqual(['figure-E2-①', 'figure-E2-②', 'figure-E2-③', 'figure-E3', 'figure-E4'])
    const g1 = group.querySelector('[data-testid="figure-E2-①"]')!
    expect(g1.querySelector('[data-testid=figure-value]')?.textContent).toBe('0 分')
    expect(g1.querySelector('[data-testid=figure-pass]')?.textContent?.trim()).toBe('未达标')
    expect(g1.textContent).toContain('1 / 2 项')
    expect(group.querySelector('[data-testid=figure-E4] [data-testid=figure-ratio]')?.textContent).toBe('9 / 10')

    const link = group.querySelector('[data-testid=figures-to-coverage]') as HTMLAnchorElement
    link.click()
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/equipment/coverage')
  })

  it('opens the equipment behind E3 and the people behind E4', async () => {
    mockCommands(figureCommands(WITH_EQUIPMENT))
    await mountWithApp(FiguresView, { route: '/figures' })

    ;(document.querySelector('[data-testid=figure-E3]') as HTMLElement).click()
    await flushPromises()
    expect(document.querySelector('[data-testid=figure-equipment-explanation]')?.textContent).toContain('视频管理存储设备 0 台')
    expect(texts('[data-testid=figure-equipment-asset]')).toEqual(['ZF-2024-001'])
    ;(document.querySelector('[data-testid=figure-equipment-close]') as HTMLElement).click()
    await flushPromises()

    ;(document.querySelector('[data-testid=figure-E4]') as HTMLElement).click()
    await flushPromises()
    expect(texts('[data-testid=figure-names-dialog] .el-tabs__item')).toEqual(['计入分子（9 人）', '未计入分子（0 人）', '全部分母（10 人）'])
  })
})

describe('home page: 执法装备', () => {
  it('shows the standard items with gaps and what is due in 30 days or overdue, each linking to its page', async () => {
    mockCommands({
      task_summary: () => summary(),
      current_assessment: () => assessmentResult(),
      ...figureCommands(WITH_EQUIPMENT),
      // The home page asks for the counts only (the 到期提醒 page lists the items).
      equipment_due_counts: () => ({ soon: 2, overdue: 1 }),
    })
    const { router } = await mountWithApp(HomeView)

    expect(callsOf('figures')).toHaveLength(1)
    expect(callsOf('equipment_due_counts')).toEqual([{ asOf: null, days: 30 }])
    const gaps = document.querySelector('[data-testid=home-equipment-gaps]') as HTMLAnchorElement
    expect(gaps.getAttribute('data-count')).toBe('3')
    expect(gaps.textContent).toContain('3 项')
    expect(gaps.getAttribute('href')).toContain('/equipment/coverage')
    const due = document.querySelector('[data-testid=home-equipment-due]') as HTMLAnchorElement
    expect(due.getAttribute('data-count')).toBe('2')
    expect(due.getAttribute('href')).toContain('/equipment/due')
    const overdue = document.querySelector('[data-testid=home-equipment-overdue]') as HTMLAnchorElement
    expect(overdue.getAttribute('data-count')).toBe('1')
    expect(overdue.textContent).toContain('1 项')

    overdue.click()
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/equipment/due')
  })
})
