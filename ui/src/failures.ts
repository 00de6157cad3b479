// What the clerk sees when the program itself fails, not a call to the core: a page whose code
// cannot be loaded, an error thrown inside a page, a refused call nothing handled. Without this, a
// click on the menu did nothing and a broken page stayed blank, with no word to the clerk and no
// line in the log.
import { ElMessage } from 'element-plus'
import type { App } from 'vue'
import type { Router } from 'vue-router'

import { api, toErrorPayload } from './api'

/** What to do when a failure does not go away. */
const IF_IT_PERSISTS = '若反复出现，请重新启动程序，并把数据目录下 logs 文件夹中的日志交给技术支持'

/**
 * A line for the app's log: the program's own error text, or only the code of the core's refusal
 * (its message may name a person; the log never holds the ledgers' data).
 */
function logged(error: unknown): string {
  const p = toErrorPayload(error)
  return p.code === 'E_INTERNAL' ? p.message : p.code
}

function report(place: string, shown: string, error: unknown): void {
  ElMessage.error({ message: shown, showClose: true, duration: 0 })
  void api.uiError(place, logged(error)).catch(() => undefined)
}

/** The window's listener for rejections is added once, however many apps report. */
let watchingRejections = false

/** Report a page that cannot be opened, and every error a page throws and nothing caught. */
export function reportFailures(app: App, router: Router): void {
  router.onError((error, to) => {
    const page = typeof to.meta.title === 'string' ? to.meta.title : to.path
    report(`opening ${to.path}`, `无法打开“${page}”页面，请再点一次。${IF_IT_PERSISTS}`, error)
  })
  app.config.errorHandler = (error, _instance, info) => {
    report(`a page (${info})`, `程序内部错误：${toErrorPayload(error).message}。请重新打开此页；${IF_IT_PERSISTS}`, error)
  }
  if (watchingRejections) return
  watchingRejections = true
  window.addEventListener('unhandledrejection', (e) => {
    const p = toErrorPayload(e.reason)
    // A call the core refused, and no page said so: say it now. Anything else (a dialog the clerk
    // closed rejects its promise too) is only logged.
    if (p.code !== 'E_INTERNAL') ElMessage.error({ message: p.message, showClose: true, duration: 6000 })
    void api.uiError('a promise nobody waited for', logged(e.reason)).catch(() => undefined)
  })
}
