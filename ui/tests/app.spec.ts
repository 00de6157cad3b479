import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import App from '../src/App.vue'
import type { AppInfo } from '../src/bindings/AppInfo'
import { store } from '../src/store'
import WelcomeView from '../src/views/WelcomeView.vue'
import { appInfo, BRANCH_FP, CITY, CITY_FP, cityInfo, keyInfo, readOnlyInfo } from './bundleFixtures'
import { BRANCH, callsOf, mockCommands, mountWithApp, payload, sleep,SQUAD } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

function info(branch: AppInfo['branch']): AppInfo {
  return {
    version: '0.1.0',
    db_path: '/home/clerk/.local/share/branch-ledger/ledger.sqlite3',
    data_dir: '/home/clerk/.local/share/branch-ledger',
    today: '2025-03-01',
    actor: 'clerk',
    branch,
    role: '分局',
    fingerprint: branch ? '3F2A 9C1B 77D0 4E12 A9B3' : null,
    read_only: false,
    clock_warning: null,
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

describe('app modes: branch, city bureau, branch viewed read-only', () => {
  const SUMMARY = {
    year: 2024, as_of: '2024-07-20', total: 0, not_started: 0, in_progress: 0, done: 0,
    overdue: 0, due_soon: 0, ongoing: 0, unrecognized_deadlines: 0, upcoming: [],
  }

  it('offers 数据上报 to a branch, before 操作日志', async () => {
    mockCommands({ app_info: () => appInfo(), task_years: () => [2024], list_units: () => [BRANCH] })
    const { wrapper } = await mountWithApp(App, { route: '/about' })
    const items = wrapper.findAll('.app-menu .el-menu-item').map((i) => i.attributes('data-testid'))
    expect(items.indexOf('nav-exchange')).toBeGreaterThan(-1)
    expect(items.indexOf('nav-exchange')).toBe(items.indexOf('nav-audit') - 1)
    expect(wrapper.find('[data-testid=nav-city]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=branch-view-banner]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=about-fingerprint]').text()).toBe(BRANCH_FP)
    expect(wrapper.get('[data-testid=about-role]').text()).toContain('分局')
  })

  it('creates a city bureau’s database when 市局 is chosen, then opens 各分局情况', async () => {
    let branch: AppInfo['branch'] = null
    mockCommands({
      app_info: () => (branch ? cityInfo({ branch }) : cityInfo({ branch: null, role: '分局', fingerprint: null })),
      init_city: (args: { name: string }) => {
        branch = { ...CITY, name: args.name }
        return branch
      },
      key_info: () => keyInfo({ role: '市局', name: CITY.name, fingerprint: CITY_FP }),
      city_status: () => [],
    })
    const { wrapper, router } = await mountWithApp(App)

    await wrapper.get('[data-testid=welcome-role-city] input').setValue(true)
    expect(wrapper.find('[data-testid=welcome-city-note]').exists()).toBe(true)
    await wrapper.get('[data-testid=welcome-branch-name] input').setValue(' 枣庄市生态环境局 ')
    await wrapper.get('[data-testid=welcome-submit]').trigger('click')
    await flushPromises()

    expect(callsOf('init_city')).toEqual([{ name: '枣庄市生态环境局' }])
    expect(callsOf('init_branch')).toHaveLength(0)
    expect(router.currentRoute.value.path).toBe('/city')
    expect(wrapper.find('[data-testid=nav-city]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=nav-city-template]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=nav-tasks]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=year-select]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=city-fingerprint]').text()).toBe(CITY_FP)
    // The city bureau keeps no ledgers of its own.
    expect(callsOf('task_years')).toHaveLength(0)
  })

  it('creates a branch’s database by default', async () => {
    mockCommands({ init_branch: () => BRANCH, init_city: () => CITY })
    const { wrapper } = await mountWithApp(WelcomeView)
    await wrapper.get('[data-testid=welcome-branch-name] input').setValue('枣庄市生态环境局滕州分局')
    await wrapper.get('[data-testid=welcome-submit]').trigger('click')
    await flushPromises()
    expect(callsOf('init_branch')).toEqual([{ branchName: '枣庄市生态环境局滕州分局' }])
    expect(callsOf('init_city')).toHaveLength(0)
    expect(wrapper.emitted('initialized')).toHaveLength(1)
  })

  it('opens a city bureau’s database on 各分局情况, not the branch home page', async () => {
    mockCommands({
      app_info: () => cityInfo(),
      key_info: () => keyInfo({ role: '市局', name: CITY.name, fingerprint: CITY_FP }),
      city_status: () => [],
    })
    const { router } = await mountWithApp(App, { route: '/' })
    expect(router.currentRoute.value.path).toBe('/city')
    expect(callsOf('task_summary')).toHaveLength(0)
  })

  it('shows the read-only banner over a branch’s records and goes back to the city summary', async () => {
    let viewing = true
    mockCommands({
      app_info: () => (viewing ? readOnlyInfo() : cityInfo()),
      task_years: () => [2024],
      list_units: () => [BRANCH, SQUAD],
      task_summary: () => SUMMARY,
      close_branch_view: () => {
        viewing = false
        return null
      },
      key_info: () => keyInfo({ role: '市局', name: CITY.name, fingerprint: CITY_FP }),
      city_status: () => [],
    })
    const { wrapper, router } = await mountWithApp(App, { route: '/about' })

    const banner = wrapper.get('[data-testid=branch-view-banner]')
    expect(banner.text()).toContain('正在查看“枣庄市生态环境局滕州分局”报送的数据（只读）')
    expect(wrapper.get('[data-testid=role-tag]').text()).toBe('只读')
    expect(wrapper.find('[data-testid=nav-tasks]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=nav-exchange]').exists()).toBe(false)
    expect(store.units).toHaveLength(2)

    await wrapper.get('[data-testid=close-branch-view]').trigger('click')
    await flushPromises()

    expect(callsOf('close_branch_view')).toHaveLength(1)
    expect(callsOf('app_info')).toHaveLength(2)
    expect(router.currentRoute.value.path).toBe('/city')
    expect(store.info?.read_only).toBe(false)
    expect(store.units).toHaveLength(0)
    expect(wrapper.find('[data-testid=branch-view-banner]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=nav-city]').exists()).toBe(true)
  })

  it('keeps a branch viewed read-only away from 数据上报', async () => {
    mockCommands({
      app_info: () => readOnlyInfo(),
      task_years: () => [2024],
      list_units: () => [BRANCH],
      task_summary: () => SUMMARY,
    })
    const { router } = await mountWithApp(App, { route: '/exchange' })
    expect(router.currentRoute.value.path).toBe('/')
  })
})
