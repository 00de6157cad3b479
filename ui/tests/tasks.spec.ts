import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { TaskQuery } from '../src/bindings/TaskQuery'
import TasksView from '../src/views/TasksView.vue'
import { callsOf, makeTask, mockCommands, mountWithApp, resetStore, sleep } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const overdue = makeTask({
  detail: '按山东省规范化建设指南统一场所设置',
  deadline_text: '7月底前',
  due_date: '2024-07-31',
  status: '进行中',
  effective_status: '已逾期',
})
const soon = makeTask({ detail: '制定年度执法培训计划', effective_status: '即将到期' })
const unclear = makeTask({
  detail: '定期健康体检',
  deadline_text: '年内适时',
  due_date: null,
  deadline_recognized: false,
})

function lastQuery(): TaskQuery {
  const calls = callsOf('list_tasks')
  return calls[calls.length - 1].query
}

beforeEach(() => {
  resetStore()
  mockCommands({
    list_tasks: () => ({ total: 57, items: [overdue, soon, unclear] }),
    task_categories: () => ['(一)机构规范化攻坚', '(二)装备配备攻坚'],
    task_years: () => [2024],
    pick_export_path: () => '/home/clerk/导出.xlsx',
    export_tasks: () => ({ path: '/home/clerk/导出.xlsx', rows: 57 }),
  })
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('task table', () => {
  it('wraps a long 具体任务 to three lines and shows it whole when the row is expanded', async () => {
    const long = makeTask({ detail: '严格按照山东省生态环境综合执法全过程纪实记录管理办法要求，'.repeat(4) })
    mockCommands({
      list_tasks: () => ({ total: 1, items: [long] }),
      task_categories: () => [],
      task_years: () => [2024],
    })
    const { wrapper } = await mountWithApp(TasksView, { route: '/tasks' })
    const cell = wrapper.find('[data-testid=task-detail-cell]')
    expect(cell.classes()).toContain('clamp-3')
    expect(cell.text()).toBe(long.detail)
    await wrapper.find('.el-table__expand-icon').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid=task-expand]').text()).toContain(long.detail)
  })

  it('renders the rows, the total, the status tags and highlights overdue rows', async () => {
    const { wrapper } = await mountWithApp(TasksView, { route: '/tasks' })

    const rows = wrapper.findAll('.el-table__body-wrapper tr.el-table__row')
    expect(rows).toHaveLength(3)
    expect(rows[0].text()).toContain('按山东省规范化建设指南统一场所设置')

    const overdueRows = wrapper.findAll('.el-table__body-wrapper tr.row-overdue')
    expect(overdueRows).toHaveLength(1)
    expect(overdueRows[0].text()).toContain('按山东省规范化建设指南统一场所设置')

    const tags = wrapper.findAll('[data-testid=task-status-tag]')
    expect(tags.map((t) => t.text())).toEqual(['已逾期', '即将到期', '未开始'])
    expect(tags[0].classes()).toContain('el-tag--danger')
    expect(tags[1].classes()).toContain('el-tag--warning')

    // 未识别 flags only the deadline that was not understood.
    expect(rows[2].text()).toContain('未识别')
    expect(rows[0].text()).not.toContain('未识别')

    expect(wrapper.get('[data-testid=task-total]').text()).toContain('57')
    const edits = wrapper.findAll('[data-testid=task-edit]')
    expect(edits.map((e) => e.attributes('data-task-id'))).toEqual([overdue.id, soon.id, unclear.id])
  })

  it('asks for the first page of the selected year, sorted by 序号', async () => {
    await mountWithApp(TasksView, { route: '/tasks' })
    expect(callsOf('list_tasks')).toHaveLength(1)
    expect(lastQuery()).toEqual({
      year: 2024,
      status: null,
      unit_id: null,
      category: null,
      due_from: null,
      due_to: null,
      deadline_kind: null,
      search: null,
      sort: 'seq',
      desc: false,
      offset: 0,
      limit: 20,
      as_of: null,
    })
  })
})

describe('filter bar', () => {
  it('takes the status from the address (the home page cards link here)', async () => {
    await mountWithApp(TasksView, { route: '/tasks?status=已逾期' })
    expect(callsOf('list_tasks')).toHaveLength(1)
    expect(lastQuery().status).toBe('已逾期')
  })

  it('sends status 已逾期 when it is chosen in the select', async () => {
    await mountWithApp(TasksView, { route: '/tasks' })
    const option = [...document.querySelectorAll('.el-select-dropdown__item')].find(
      (el) => el.textContent?.trim() === '已逾期',
    ) as HTMLElement | undefined
    expect(option).toBeDefined()
    option!.click()
    await flushPromises()
    expect(callsOf('list_tasks')).toHaveLength(2)
    expect(lastQuery()).toMatchObject({ status: '已逾期', offset: 0, limit: 20, year: 2024 })
  })

  it('takes the deadline kind from the address, as the home page cards hand it over', async () => {
    await mountWithApp(TasksView, { route: '/tasks?deadline=ongoing' })
    expect(lastQuery()).toMatchObject({ deadline_kind: 'ongoing', status: null, year: 2024 })
  })

  it('debounces the search box and sends the text once typing stops', async () => {
    const { wrapper } = await mountWithApp(TasksView, { route: '/tasks' })
    const input = wrapper.get('[data-testid=task-search] input')
    await input.setValue('执')
    await sleep(100)
    await input.setValue('执法')
    await flushPromises()
    expect(callsOf('list_tasks')).toHaveLength(1)

    await sleep(150)
    await flushPromises()
    // 250 ms after the first key, 150 ms after the last: still waiting.
    expect(callsOf('list_tasks')).toHaveLength(1)

    await sleep(250)
    await flushPromises()
    expect(callsOf('list_tasks')).toHaveLength(2)
    expect(lastQuery()).toMatchObject({ search: '执法', offset: 0 })
  })

  it('goes back to the first page when a filter changes', async () => {
    const { wrapper } = await mountWithApp(TasksView, { route: '/tasks' })
    const next = wrapper.get('.el-pagination .btn-next')
    await next.trigger('click')
    await flushPromises()
    expect(lastQuery()).toMatchObject({ offset: 20, limit: 20 })

    const option = [...document.querySelectorAll('.el-select-dropdown__item')].find(
      (el) => el.textContent?.trim() === '即将到期',
    ) as HTMLElement
    option.click()
    await flushPromises()
    expect(lastQuery()).toMatchObject({ status: '即将到期', offset: 0 })
  })

  it('exports every row the filters select (no paging)', async () => {
    const { wrapper } = await mountWithApp(TasksView, { route: '/tasks?status=已逾期' })
    await wrapper.get('[data-testid=task-export]').trigger('click')
    await flushPromises()
    expect(callsOf('pick_export_path')).toEqual([{ defaultName: '重点任务台账_2024年（筛选结果）.xlsx' }])
    const [args] = callsOf('export_tasks')
    expect(args.path).toBe('/home/clerk/导出.xlsx')
    expect(args.query).toMatchObject({ year: 2024, status: '已逾期', offset: 0, limit: null })
  })

  it('suggests the whole year\'s name when no filter is set', async () => {
    const { wrapper } = await mountWithApp(TasksView, { route: '/tasks' })
    await wrapper.get('[data-testid=task-export]').trigger('click')
    await flushPromises()
    expect(callsOf('pick_export_path')).toEqual([{ defaultName: '重点任务台账_2024年.xlsx' }])
    expect(callsOf('export_tasks')[0].query).toMatchObject({ year: 2024, status: null, search: null, limit: null })
  })
})
