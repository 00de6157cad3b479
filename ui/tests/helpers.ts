import { invoke } from '@tauri-apps/api/core'
import { flushPromises, mount } from '@vue/test-utils'
import { provideGlobalConfig } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { vi } from 'vitest'
import type { App, Component } from 'vue'
import { createMemoryHistory, createRouter, type Router,type RouteRecordRaw } from 'vue-router'

import type { ErrorPayload } from '../src/bindings/ErrorPayload'
import type { OrgUnit } from '../src/bindings/OrgUnit'
import type { Task } from '../src/bindings/Task'
import { routes } from '../src/router'
import { store } from '../src/store'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (args: any) => unknown

/** What the app asks at every start, answered as for a healthy database unless a test says otherwise. */
const START_DEFAULTS: Record<string, Handler> = {
  recovery_status: () => null,
  ui_ready: () => 0,
  forget_import_file: () => null,
}

/** Answer each IPC command with its handler; a handler that throws makes the call reject. */
export function mockCommands(handlers: Record<string, Handler>) {
  const mock = vi.mocked(invoke)
  mock.mockReset()
  mock.mockImplementation(async (cmd: string, args?: unknown) => {
    const handler = handlers[cmd] ?? START_DEFAULTS[cmd]
    if (!handler) throw new Error(`unexpected command ${cmd}`)
    return handler(args ?? {})
  })
  return mock
}

/** The arguments of every call to `cmd`, in order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function callsOf(cmd: string): any[] {
  return vi
    .mocked(invoke)
    .mock.calls.filter(([c]) => c === cmd)
    .map(([, args]) => args)
}

export function payload(code: string, message: string, field: string | null = null): ErrorPayload {
  return { code, message, field, import_report: null }
}

export const BRANCH: OrgUnit = {
  id: 'u-branch',
  parent_id: null,
  name: '枣庄市生态环境局滕州分局',
  kind: '分局',
  aliases: [],
  created_at: '2024-05-10T01:00:00Z',
  updated_at: '2024-05-10T01:00:00Z',
  revision: 1,
}

export const SQUAD: OrgUnit = { ...BRANCH, id: 'u-squad', parent_id: 'u-branch', name: '第一执法中队', kind: '执法中队' }

let n = 0
export function makeTask(over: Partial<Task> = {}): Task {
  n += 1
  return {
    id: `t-${n}`,
    year: 2024,
    seq: n,
    unit_id: BRANCH.id,
    unit_name: BRANCH.name,
    category: '(一)机构规范化攻坚',
    main_task: '规范机构运行管理',
    detail: `具体任务 ${n}`,
    lead_units: ['综合执法支队'],
    responsible_units: ['各分局'],
    deadline_text: '12月底前',
    due_date: '2024-12-31',
    ongoing: false,
    deadline_recognized: true,
    status: '未开始',
    effective_status: '未开始',
    progress_count: 0,
    evidence_count: 0,
    created_at: '2024-05-10T01:00:00Z',
    updated_at: '2024-05-10T01:00:00Z',
    revision: 1,
    ...over,
  }
}

/** Put the app state where a started, initialised app has it. */
export function resetStore(): void {
  store.info = {
    version: '0.1.0',
    db_path: '/data/ledger.sqlite3',
    data_dir: '/data',
    today: '2024-07-20',
    actor: '内勤',
    branch: BRANCH,
    role: '分局',
    fingerprint: '3F2A 9C1B 77D0 4E12 A9B3',
    read_only: false,
    clock_warning: null,
  }
  store.year = 2024
  store.years = [2024]
  store.units = [BRANCH, SQUAD]
}

/** What main.ts sets up besides the router: Element Plus in zh-CN (its components are imported
 * where used, by unplugin-vue-components, in the tests as in the app). */
const elementPlusZhCn = {
  install(app: App): void {
    provideGlobalConfig({ locale: zhCn }, app, true)
  },
}

let loadedRoutes: Promise<RouteRecordRaw[]> | null = null

/** The routes with every page already loaded. The app loads a page's chunk when it is first opened;
 * a test clicks a link and looks at the page after flushPromises(), which does not wait for that. */
function pagesLoaded(): Promise<RouteRecordRaw[]> {
  loadedRoutes ??= Promise.all(
    routes.map(async (r) => {
      if (typeof r.component !== 'function') return r
      const page = await (r.component as () => Promise<{ default: Component }>)()
      return { ...r, component: page.default } as RouteRecordRaw
    }),
  )
  return loadedRoutes
}

export async function mountWithApp(
  component: Component,
  options: { route?: string; props?: Record<string, unknown> } = {},
): Promise<{ wrapper: ReturnType<typeof mount>; router: Router }> {
  const router = createRouter({ history: createMemoryHistory(), routes: await pagesLoaded() })
  await router.push(options.route ?? '/')
  await router.isReady()
  const wrapper = mount(component, {
    props: options.props,
    attachTo: document.body,
    global: { plugins: [elementPlusZhCn, router] },
  })
  await flushPromises()
  return { wrapper, router }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The visible text of the elements matching `selector` anywhere in the document. */
export function texts(selector: string): string[] {
  return [...document.querySelectorAll(selector)].map((e) => (e.textContent ?? '').trim())
}
