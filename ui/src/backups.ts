// Backups as the clerk sees them: labels, and the one restore flow of the 备份与恢复 page and of
// the recovery screen.
import { ElMessage } from 'element-plus'

import { api } from './api'
import type { BackupReason } from './bindings/BackupReason'
import type { BackupSet } from './bindings/BackupSet'
import type { RestoreOutcome } from './bindings/RestoreOutcome'
import { confirmAction } from './confirm'
import { showError } from './errors'
import { formatDateTime } from './format'

const REASONS: Record<BackupReason, string> = {
  daily: '每日自动备份',
  migration: '程序升级前',
  import: '导入前',
  manual: '手动备份',
  before_restore: '恢复前',
}

export function reasonLabel(reason: BackupReason): string {
  return REASONS[reason] ?? reason
}

/** `第 12 号（2026年12月3日 09:15:00，每日自动备份）` */
export function backupTitle(set: BackupSet): string {
  return `第 ${set.sequence} 号（${formatDateTime(set.created_at)}，${reasonLabel(set.reason)}）`
}

/** Ask, then restore `set`; the outcome, or null if the clerk declined or it failed (shown). */
export async function restoreWithConfirm(set: BackupSet, damaged: boolean): Promise<RestoreOutcome | null> {
  const what = damaged
    ? '损坏的数据库文件不会删除，会移到数据目录的 damaged 文件夹中保存。'
    : '当前数据会先自动备份（可随时再恢复回来），然后被该备份替换：备份之后所做的修改将不再显示。'
  const ok = await confirmAction(`将恢复${backupTitle(set)}。${what}`, '从备份恢复', '恢复')
  if (!ok) return null
  try {
    const outcome = await api.restoreBackup(set.id)
    const extra = outcome.evidence_restored > 0 ? `，找回附件 ${outcome.evidence_restored} 个` : ''
    ElMessage.success(`已恢复${backupTitle(outcome.restored)}${extra}`)
    return outcome
  } catch (e) {
    showError(e)
    return null
  }
}
