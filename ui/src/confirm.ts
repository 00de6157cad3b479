import { ElMessage, ElMessageBox } from 'element-plus'

import { showError } from './errors'

/** Ask before deleting something; true when the clerk confirmed. */
async function confirmDelete(message: string, title: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { type: 'warning', confirmButtonText: '删除', cancelButtonText: '取消' })
    return true
  } catch {
    return false
  }
}

/** Ask before an action that cannot simply be undone; true when the clerk confirmed. */
export async function confirmAction(message: string, title: string, confirmText: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { type: 'warning', confirmButtonText: confirmText, cancelButtonText: '取消' })
    return true
  } catch {
    return false
  }
}

/** A deletion the clerk is asked to confirm: see [`deleteConfirmed`]. */
export interface Deletion {
  /** The question, naming what goes (确定删除“…”吗？). */
  ask: string
  /** The box's title (删除证件). */
  title: string
  /** The call to the core. */
  remove: () => Promise<unknown>
  /** What is said once it is gone (证件已删除). */
  done: string
  /** Then: reload the list, tell the parent, leave the page. */
  after: () => unknown
}

/** Ask, delete, say so, then go on; a refusal from the core, or a failed `after`, is shown. */
export async function deleteConfirmed(d: Deletion): Promise<void> {
  if (!(await confirmDelete(d.ask, d.title))) return
  try {
    await d.remove()
    ElMessage.success(d.done)
    await d.after()
  } catch (e) {
    showError(e)
  }
}
