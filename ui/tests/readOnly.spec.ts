// A branch's records the city reviewer opened read-only: the controls that would change the ledger
// carry data-write, and the shell marks its main area read-only-mode so that style.css hides them.
// jsdom applies no stylesheet, so these tests check the attribute and the class, not visibility.
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import App from '../src/App.vue'
import HomeAssessmentPanel from '../src/components/assessment/HomeAssessmentPanel.vue'
import { store } from '../src/store'
import AssessmentView from '../src/views/assessment/AssessmentView.vue'
import TasksView from '../src/views/TasksView.vue'
import UnitsView from '../src/views/UnitsView.vue'
import { FUJIAN, info, result } from './assessmentFixtures'
import { appInfo, readOnlyInfo } from './bundleFixtures'
import { BRANCH, callsOf, type Handler, makeTask, mockCommands, mountWithApp, resetStore,SQUAD } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const TASKS = [makeTask({ detail: '制定年度执法培训计划' }), makeTask({ detail: '定期健康体检' })]

/** What the shell and the task page ask for. */
function ledgerCommands(app: () => unknown, extra: Record<string, Handler> = {}) {
  return mockCommands({
    app_info: app,
    task_years: () => [2024],
    list_units: () => [BRANCH, SQUAD],
    list_tasks: () => ({ total: TASKS.length, items: TASKS }),
    task_categories: () => ['(一)机构规范化攻坚'],
    ...extra,
  })
}

function el(testid: string): HTMLElement {
  const e = document.querySelector(`[data-testid="${testid}"]`) as HTMLElement | null
  if (!e) throw new Error(`no ${testid}`)
  return e
}

function all(testid: string): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`)]
}

beforeEach(() => {
  store.info = null
  store.years = []
  store.units = []
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('read-only mode in the shell', () => {
  it('marks the main area read-only, so the task page’s write controls are hidden', async () => {
    ledgerCommands(() => readOnlyInfo())
    await mountWithApp(App, { route: '/tasks' })

    const main = document.querySelector('.app-main') as HTMLElement
    expect(main.classList.contains('read-only-mode')).toBe(true)

    const create = el('task-new')
    expect(create.hasAttribute('data-write')).toBe(true)
    expect(create.closest('.read-only-mode')).toBe(main)
    expect(el('task-import').hasAttribute('data-write')).toBe(true)
    expect(all('task-edit')).toHaveLength(TASKS.length)
    for (const b of [...all('task-edit'), ...all('task-delete')]) expect(b.hasAttribute('data-write')).toBe(true)

    // What only reads stays: the reviewer can filter, open the details, export.
    for (const testid of ['task-filter-reset', 'task-export', 'task-table']) {
      expect(el(testid).closest('[data-write]')).toBeNull()
    }
    for (const b of all('task-detail-open')) expect(b.closest('[data-write]')).toBeNull()
    // …and go back to the city bureau's pages.
    expect(el('close-branch-view').closest('[data-write]')).toBeNull()
  })

  it('leaves a branch’s own ledger as it is', async () => {
    ledgerCommands(() => appInfo())
    await mountWithApp(App, { route: '/tasks' })

    expect(document.querySelector('.app-main')).not.toBeNull()
    expect(document.querySelector('.read-only-mode')).toBeNull()
    // The attribute alone hides nothing.
    expect(el('task-new').hasAttribute('data-write')).toBe(true)
  })
})

describe('data-write marks controls', () => {
  it('puts data-write only on buttons (or cards) in the task page', async () => {
    resetStore()
    ledgerCommands(() => appInfo())
    await mountWithApp(TasksView, { route: '/tasks' })

    const marked = [...document.querySelectorAll<HTMLElement>('[data-write]')]
    // 新建任务, 导入Excel, and 编辑/删除 in each row.
    expect(marked.length).toBe(2 + 2 * TASKS.length)
    for (const e of marked) {
      expect(e.matches('button, .el-button, .el-card'), e.outerHTML.slice(0, 120)).toBe(true)
    }
  })
})

describe('read-only pages that need more than the class', () => {
  function assessmentCommands(extra: Record<string, Handler> = {}) {
    return mockCommands({
      list_rubrics: () => [FUJIAN],
      assessment_versions: () => [info()],
      assessment_for: () => result(),
      assessment_result: () => result(),
      open_assessment: () => info(),
      ...extra,
    })
  }

  async function openItem(id: string): Promise<void> {
    ;(el(`item-score-${id}`).closest('tr') as HTMLElement).click()
    await flushPromises()
  }

  it('shows an item of a draft without its entry form or evidence controls', async () => {
    resetStore()
    store.info = readOnlyInfo()
    assessmentCommands()
    await mountWithApp(AssessmentView, { route: '/assessment' })

    expect(el('assessment-status').textContent?.trim()).toBe('草稿')
    expect(el('assessment-submit').hasAttribute('data-write')).toBe(true)
    // The date stays shown, but cannot be changed.
    const date = el('assessment-workflow').querySelector('.el-date-editor input') as HTMLInputElement
    expect(date.value).not.toBe('')
    expect(date.disabled).toBe(true)

    // The item dialog is appended to <body>, outside the shell's read-only-mode area.
    await openItem('1.1.1')
    expect(el('item-criteria').textContent).toBe('是否按规定明确执法机构职能')
    expect(el('item-evidence-table')).toBeTruthy()
    for (const testid of ['item-save', 'item-input-note', 'item-evidence-upload', 'item-cite']) {
      expect(document.querySelector(`[data-testid=${testid}]`), testid).toBeNull()
    }
  })

  it('opens an item of an assessment not yet started without starting a draft', async () => {
    resetStore()
    store.info = readOnlyInfo()
    assessmentCommands({
      assessment_versions: () => [],
      assessment_for: () => result({ assessment: info({ id: '', revision: 0 }) }),
    })
    await mountWithApp(AssessmentView, { route: '/assessment' })

    await openItem('1.1.1')
    expect(el('item-criteria').textContent).toBe('是否按规定明确执法机构职能')
    expect(callsOf('open_assessment')).toHaveLength(0)
  })

  it('offers to look at the self-assessment, not to score it', async () => {
    resetStore()
    store.info = readOnlyInfo()
    mockCommands({ current_assessment: () => result() })
    await mountWithApp(HomeAssessmentPanel, { route: '/' })

    expect(el('home-assessment-open').textContent?.trim()).toBe('查看自评')
    // An item to score is only looked at; a page where a gap is fixed is still only shown.
    const links = all('home-suggestion-go').map((l) => l.textContent?.trim())
    expect(links).toEqual(['查看评分项', '去制式服装'])
  })

  it('shows a unit’s other names without the × that removes them', async () => {
    resetStore()
    store.info = readOnlyInfo()
    const squad = { ...SQUAD, aliases: ['一中队'] }
    mockCommands({ list_units: () => [BRANCH, squad] })
    await mountWithApp(UnitsView)

    const tag = el('unit-alias-一中队')
    expect(tag.textContent).toContain('一中队')
    expect(tag.querySelector('.el-tag__close')).toBeNull()
  })
})
