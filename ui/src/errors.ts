import { ElMessage, ElMessageBox } from 'element-plus'

import { toErrorPayload } from './api'
import type { ErrorPayload } from './bindings/ErrorPayload'

/** Show a failed call's Chinese message (for everything not handled at a form field). */
export function showError(e: unknown): void {
  ElMessage.error({ message: toErrorPayload(e).message, showClose: true, duration: 6000 })
}

/** A validation message without its leading `字段：`, for showing at that field. */
export function fieldReason(p: ErrorPayload): string {
  const prefix = `${p.field}：`
  return p.field && p.message.startsWith(prefix) ? p.message.slice(prefix.length) : p.message
}

/**
 * A save refused because someone changed the record since the form read it (`E_CONFLICT`): say
 * so, then `reload` the latest into the form for the clerk to edit again from there. `what` names
 * the record in the box's title (证件 → “证件已被修改”). False for any other error.
 */
export async function reloadOnConflict(e: unknown, what: string, reload: () => Promise<void>): Promise<boolean> {
  const p = toErrorPayload(e)
  if (p.code !== 'E_CONFLICT') return false
  await ElMessageBox.alert(`${p.message}。点击“重新载入”读取最新内容，然后再修改。`, `${what}已被修改`, {
    confirmButtonText: '重新载入',
    type: 'warning',
  }).catch(() => undefined)
  try {
    await reload()
  } catch (err) {
    showError(err)
  }
  return true
}
