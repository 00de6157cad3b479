import { ElMessage } from 'element-plus'

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
