import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { TaskSummary } from '../src/bindings/TaskSummary'
import { store } from '../src/store'
import HomeView from '../src/views/HomeView.vue'
import { result as assessmentResult } from './assessmentFixtures'
import { F2, F8, figureCommands, figureSet } from './figureFixtures'
import { callsOf, type Handler, makeTask, mockCommands, mountWithApp, resetStore, sleep, texts } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

function summary(over: Partial<TaskSummary> = {}): TaskSummary {
  return {
    year: 2024,
    as_of: '2024-07-20',
    total: 29,
    not_started: 11,
    in_progress: 12,
    done: 6,
    overdue: 3,
    due_soon: 2,
    ongoing: 15,
    unrecognized_deadlines: 1,
    upcoming: [
      makeTask({ detail: '6月底前完成全员轮训', due_date: '2024-06-30', effective_status: '已逾期' }),
      makeTask({ detail: '7月底前完成场所打造', due_date: '2024-07-31', effective_status: '即将到期' }),
    ],
    ...over,
  }
}

/** The home page's commands, with a small figure set for its 人员与培训指标 panel, nothing due
 * in its 执法装备 section, and the year's self-assessment. */
function mockHome(handlers: Record<string, Handler>) {
  return mockCommands({
    ...figureCommands(() => figureSet()),
    equipment_due_counts: () => ({ soon: 0, overdue: 0 }),
    current_assessment: () => assessmentResult(),
    ...handlers,
  })
}

function card(key: string): string {
  return document.querySelector(`[data-testid=summary-${key}] .stat-value`)?.textContent?.trim() ?? ''
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('home page', () => {
  it('shows the summary counts of the selected year on cards', async () => {
    mockHome({ task_summary: () => summary() })
    const { wrapper } = await mountWithApp(HomeView)

    expect(callsOf('task_summary')).toEqual([{ year: 2024, asOf: null }])
    expect(card('total')).toBe('29')
    expect(card('not_started')).toBe('11')
    expect(card('in_progress')).toBe('12')
    expect(card('done')).toBe('6')
    expect(card('overdue')).toBe('3')
    expect(card('due_soon')).toBe('2')
    expect(card('ongoing')).toBe('15')
    expect(card('unrecognized_deadlines')).toBe('1')

    const upcoming = wrapper.findAll('[data-testid=home-upcoming] .el-table__body tr')
    expect(upcoming).toHaveLength(2)
    expect(upcoming[0].text()).toContain('6月底前完成全员轮训')
    expect(upcoming[0].text()).toContain('2024年6月30日')
    expect(wrapper.find('[data-testid=home-apply-template]').exists()).toBe(false)
  })

  it('opens the task page filtered by the card that was clicked', async () => {
    mockHome({ task_summary: () => summary() })
    const { wrapper, router } = await mountWithApp(HomeView)

    await wrapper.get('[data-testid=summary-overdue]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/tasks')
    expect(router.currentRoute.value.query).toEqual({ status: '已逾期' })
  })

  it('opens the task page filtered by deadline kind from the 长期坚持 and 时限未识别 cards', async () => {
    mockHome({ task_summary: () => summary() })
    const { wrapper, router } = await mountWithApp(HomeView)

    await wrapper.get('[data-testid=summary-unrecognized_deadlines]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/tasks')
    expect(router.currentRoute.value.query).toEqual({ deadline: 'unrecognized' })
  })

  it('reloads when the header year changes', async () => {
    mockHome({ task_summary: (args: { year: number }) => summary({ year: args.year, total: args.year === 2025 ? 0 : 29 }) })
    await mountWithApp(HomeView)
    store.year = 2025
    await flushPromises()
    expect(callsOf('task_summary').map((a) => a.year)).toEqual([2024, 2025])
    expect(card('total')).toBe('0')
  })

  it('loads the task drawer on the first click, not with the page', async () => {
    const year = summary()
    const task = year.upcoming[0]
    mockHome({
      task_summary: () => year,
      get_task: () => ({ task, progress: [], evidence: [] }),
    })
    const { wrapper } = await mountWithApp(HomeView)
    expect(document.querySelector('[data-testid=task-detail]')).toBeNull()

    await wrapper.get('[data-testid=home-upcoming] .el-table__body tr').trigger('click')
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(callsOf('get_task')).toEqual([{ id: task.id }])
    expect(document.querySelector('[data-testid=task-detail]')?.textContent).toContain('6月底前完成全员轮训')
  })

  it('asks for the Excel file from an empty year, loading the import dialog on the click', async () => {
    const empty = { total: 0, not_started: 0, in_progress: 0, done: 0, overdue: 0, due_soon: 0, ongoing: 0, unrecognized_deadlines: 0, upcoming: [] }
    // The clerk cancels the file dialog: nothing else happens.
    mockHome({ task_summary: () => summary(empty), pick_import_file: () => null })
    const { wrapper } = await mountWithApp(HomeView)

    await wrapper.get('[data-testid=home-import]').trigger('click')
    for (let i = 0; i < 100 && callsOf('pick_import_file').length === 0; i++) await sleep(20)
    expect(callsOf('pick_import_file')).toHaveLength(1)
    await wrapper.get('[data-testid=home-import]').trigger('click')
    await flushPromises()
    expect(callsOf('pick_import_file')).toHaveLength(2)
  })

  it('offers the template for a year without tasks and applies it', async () => {
    let applied = false
    mockHome({
      task_summary: () =>
        applied ? summary() : summary({ total: 0, not_started: 0, in_progress: 0, done: 0, overdue: 0, due_soon: 0, ongoing: 0, unrecognized_deadlines: 0, upcoming: [] }),
      apply_template: () => {
        applied = true
        return 29
      },
      task_years: () => [2024],
    })
    const { wrapper } = await mountWithApp(HomeView)

    expect(wrapper.get('[data-testid=home-empty]').text()).toContain('2024年度还没有重点任务')
    expect(wrapper.get('[data-testid=home-import]').text()).toBe('导入Excel')
    await wrapper.get('[data-testid=home-apply-template]').trigger('click')
    await flushPromises()

    const confirm = [...document.querySelectorAll('.el-message-box button')].find(
      (b) => b.textContent?.trim() === '创建',
    ) as HTMLButtonElement
    expect(confirm).toBeDefined()
    confirm.click()
    await flushPromises()
    await new Promise((r) => setTimeout(r, 50))
    await flushPromises()

    expect(callsOf('apply_template')).toEqual([{ year: 2024 }])
    expect(card('total')).toBe('29')
    expect(wrapper.find('[data-testid=home-empty]').exists()).toBe(false)
  })

  it('starts the year from a template file the clerk picks', async () => {
    let applied = false
    const empty = { total: 0, not_started: 0, in_progress: 0, done: 0, overdue: 0, due_soon: 0, ongoing: 0, unrecognized_deadlines: 0, upcoming: [] }
    mockHome({
      task_summary: () => (applied ? summary({ total: 12 }) : summary(empty)),
      pick_template_file: () => '/media/usb/2025年任务模板.toml',
      apply_template_file: () => {
        applied = true
        return 12
      },
      task_years: () => [2024],
    })
    const { wrapper } = await mountWithApp(HomeView)
    await wrapper.get('[data-testid=home-apply-template-file]').trigger('click')
    await flushPromises()

    expect(callsOf('apply_template_file')).toEqual([{ path: '/media/usb/2025年任务模板.toml', year: 2024 }])
    expect(card('total')).toBe('12')
  })
})

describe('home page: 人员与培训指标', () => {
  function tile(id: string): HTMLElement {
    return document.querySelector(`[data-testid=home-figure-${id}]`) as HTMLElement
  }

  it('shows today’s figures for the whole branch as tiles with value, n / d and pass tag', async () => {
    mockHome({ task_summary: () => summary() })
    await mountWithApp(HomeView)

    expect(callsOf('figures')).toEqual([{ query: { as_of: null, unit_id: null } }])
    const panel = document.querySelector('[data-testid=home-figures]')!
    expect(panel.textContent).toContain('人员与培训指标')
    expect(panel.textContent).toContain('统计日期 2024年7月20日')
    // Only the home page's figures, in their order (T4, T5 are on the figures page).
    expect([...panel.querySelectorAll('[data-testid^=home-figure-]')].map((e) => e.getAttribute('data-testid'))).toEqual([
      'home-figure-F1',
      'home-figure-F2',
      'home-figure-F4',
      'home-figure-F8',
      'home-figure-T1',
      'home-figure-T2',
      'home-figure-U2',
    ])
    expect(tile('F2').querySelector('[data-testid=figure-value]')?.textContent).toBe('75.0%')
    expect(tile('F2').querySelector('[data-testid=figure-ratio]')?.textContent).toBe('3 / 4')
    expect(tile('F2').querySelector('[data-testid=figure-pass]')?.textContent?.trim()).toBe('未达标')
    expect(tile('F1').querySelector('[data-testid=figure-pass]')?.textContent?.trim()).toBe('达标')
    expect(tile('F4').querySelector('[data-testid=figure-pass]')?.textContent?.trim()).toBe('不适用')
  })

  it('opens the names behind a tile', async () => {
    mockHome({ task_summary: () => summary() })
    await mountWithApp(HomeView)

    tile('F2').click()
    await flushPromises()
    expect(document.querySelector('[data-testid=figure-names-explanation]')?.textContent).toBe(F2.explanation)
    expect(texts('[data-testid=figure-names-missing] [data-testid=figure-person]')).toEqual(['孙喆'])
  })

  it('opens F8 unit by unit', async () => {
    mockHome({ task_summary: () => summary() })
    await mountWithApp(HomeView)

    tile('F8').click()
    await flushPromises()
    expect(document.querySelector('[data-testid=figure-names-explanation]')?.textContent).toBe(F8.explanation)
    expect(texts('[data-testid=figure-unit-count]')).toEqual(['2', '1'])
  })

  it('asks again each time the home page is shown, so a change elsewhere shows at once', async () => {
    let f2 = F2
    mockHome({ task_summary: () => summary(), ...figureCommands(() => figureSet({ figures: [f2] })) })
    const first = await mountWithApp(HomeView)
    expect(tile('F2').querySelector('[data-testid=figure-ratio]')?.textContent).toBe('3 / 4')
    first.wrapper.unmount()

    f2 = { ...F2, numerator: 4, value: '100.0%', pass: true }
    await mountWithApp(HomeView)
    expect(callsOf('figures')).toHaveLength(2)
    expect(tile('F2').querySelector('[data-testid=figure-ratio]')?.textContent).toBe('4 / 4')
    expect(tile('F2').querySelector('[data-testid=figure-pass]')?.textContent?.trim()).toBe('达标')
  })
})
