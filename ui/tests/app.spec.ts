import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import App from '../src/App.vue'
import type { AppInfo } from '../src/bindings/AppInfo'
import { store } from '../src/store'
import { BRANCH, SQUAD, callsOf, mockCommands, mountWithApp, payload, sleep } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

function info(branch: AppInfo['branch']): AppInfo {
  return {
    version: '0.1.0',
    db_path: '/home/clerk/.local/share/branch-ledger/ledger.sqlite3',
    data_dir: '/home/clerk/.local/share/branch-ledger',
    today: '2025-03-01',
    actor: 'clerk',
    branch,
  }
}

beforeEach(() => {
  store.info = null
  store.years = []
  store.units = []
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('app start', () => {
  it('asks for the branch name on first start, then shows the ledger', async () => {
    let branch: AppInfo['branch'] = null
    mockCommands({
      app_info: () => info(branch),
      init_branch: (args: { branchName: string }) => {
        branch = { ...BRANCH, name: args.branchName }
        return branch
      },
      task_years: () => [],
      list_units: () => [BRANCH],
      task_summary: () => ({
        year: 2025, as_of: '2025-03-01', total: 0, not_started: 0, in_progress: 0, done: 0,
        overdue: 0, due_soon: 0, ongoing: 0, unrecognized_deadlines: 0, upcoming: [],
      }),
    })
    const { wrapper } = await mountWithApp(App)

    expect(wrapper.find('[data-testid=nav-home]').exists()).toBe(false)
    const submit = wrapper.get('[data-testid=welcome-submit]')
    await submit.trigger('click')
    await flushPromises()
    await sleep(150)
    expect(wrapper.text()).toContain('请填写本单位名称')
    expect(callsOf('init_branch')).toHaveLength(0)

    await wrapper.get('[data-testid=welcome-branch-name] input').setValue(' 枣庄市生态环境局滕州分局 ')
    await submit.trigger('click')
    await flushPromises()

    expect(callsOf('init_branch')).toEqual([{ branchName: '枣庄市生态环境局滕州分局' }])
    expect(wrapper.get('[data-testid=branch-name]').text()).toBe('枣庄市生态环境局滕州分局')
    expect(wrapper.find('[data-testid=nav-tasks]').exists()).toBe(true)
    // No tasks yet: this year (per the shell's today) is selected, and home offers the template.
    expect(store.year).toBe(2025)
    expect(wrapper.find('[data-testid=home-apply-template]').exists()).toBe(true)
  })

  it('opens on the latest year with tasks when this year has none', async () => {
    mockCommands({
      app_info: () => info(BRANCH),
      task_years: () => [2023, 2024],
      list_units: () => [BRANCH, SQUAD],
      task_summary: (args: { year: number }) => ({
        year: args.year, as_of: '2025-03-01', total: 29, not_started: 29, in_progress: 0, done: 0,
        overdue: 0, due_soon: 0, ongoing: 15, unrecognized_deadlines: 0, upcoming: [],
      }),
    })
    await mountWithApp(App)
    expect(store.year).toBe(2024)
    expect(store.units).toHaveLength(2)
    expect(callsOf('task_summary')).toEqual([{ year: 2024, asOf: null }])
  })

  it('shows why the ledger could not be opened', async () => {
    mockCommands({
      app_info: () => {
        throw payload('E_DB_TOO_NEW', '数据库版本（9）高于本程序支持的版本（1），请升级程序')
      },
    })
    const { wrapper } = await mountWithApp(App)
    expect(wrapper.text()).toContain('无法打开台账')
    expect(wrapper.text()).toContain('请升级程序')
  })
})
