import { flushPromises } from '@vue/test-utils'
import { ElMessage } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'

import { reportFailures } from '../src/failures'
import { callsOf, mockCommands, payload } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

afterEach(() => {
  vi.restoreAllMocks()
})

const Page = defineComponent({ template: '<h2 class="page-title">首页</h2>' })

/** An app whose 操作日志 page cannot be loaded, and whose 培训 page throws as it is drawn. */
function app() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Page },
      {
        path: '/audit',
        component: () => Promise.reject(new TypeError('Importing a module script failed.')),
        meta: { title: '操作日志' },
      },
      {
        path: '/training',
        component: defineComponent({
          setup() {
            throw new TypeError("undefined is not an object (evaluating 'plan.kind')")
          },
        }),
      },
    ],
  })
  const root = defineComponent({ template: '<router-view />' })
  const vue = createApp(root)
  reportFailures(vue, router)
  vue.use(router).mount(document.createElement('div'))
  return { router, vue }
}

describe('failures of the program itself', () => {
  it('a page that cannot be loaded: the clerk is told which, and the log gets the reason', async () => {
    mockCommands({ ui_error: () => null })
    const error = vi.spyOn(ElMessage, 'error')
    const { router, vue } = app()
    await router.push('/audit').catch(() => undefined)
    await flushPromises()
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringMatching(/^无法打开“操作日志”页面，请再点一次。若反复出现/) }),
    )
    expect(callsOf('ui_error')).toEqual([{ place: 'opening /audit', detail: 'Importing a module script failed.' }])
    vue.unmount()
  })

  it('an error a page throws is shown in Chinese and logged', async () => {
    mockCommands({ ui_error: () => null })
    const error = vi.spyOn(ElMessage, 'error')
    const { router, vue } = app()
    await router.push('/training')
    await flushPromises()
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({
        message: expect.stringMatching(/^程序内部错误：undefined is not an object \(evaluating 'plan\.kind'\)。请重新打开此页/),
      }),
    )
    expect(callsOf('ui_error')).toEqual([
      { place: 'a page (setup function)', detail: "undefined is not an object (evaluating 'plan.kind')" },
    ])
    vue.unmount()
  })

  it('a refusal nobody handled is shown, but only its code is logged; a closed dialog is only logged', async () => {
    mockCommands({ ui_error: () => null })
    const error = vi.spyOn(ElMessage, 'error')
    const { vue } = app()
    const rejected = (reason: unknown) => window.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason }))

    rejected(payload('E_DUPLICATE', '证件编号“鲁环执001”已登记给张三'))
    rejected('cancel')
    await flushPromises()

    expect(error).toHaveBeenCalledTimes(1)
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ message: '证件编号“鲁环执001”已登记给张三' }))
    expect(callsOf('ui_error')).toEqual([
      { place: 'a promise nobody waited for', detail: 'E_DUPLICATE' },
      { place: 'a promise nobody waited for', detail: 'cancel' },
    ])
    vue.unmount()
  })
})
