// Display helpers of the signed data bundles (数据包 and 模板包).
import type { ExportProgress } from './bindings/ExportProgress'
import type { VerifyReport } from './bindings/VerifyReport'
import { formatDate } from './format'

/** The last part of a path, whichever separator the system uses. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}

/** A score with one decimal only when it has one: 85 → `85`, 85.25 → `85.3`. */
export function formatScore(value: number): string {
  const rounded = Math.round(value * 10) / 10
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1)
}

/** `缺第 3、5 号数据包` for the sequences not yet received; empty when none is missing. */
export function missingText(missing: number[]): string {
  return missing.length === 0 ? '' : `缺第 ${missing.join('、')} 号数据包`
}

/** True when the city bureau has not registered the branch that signed this bundle yet. */
export function needsRegistration(report: VerifyReport): boolean {
  return report.new_branch
}

/** The default name of the city summary: `各分局汇总表-2026年12月3日.pdf`. */
export function summaryFileName(today: string | null | undefined, ext: 'pdf' | 'xlsx'): string {
  const day = today ? formatDate(today) : formatDate(new Date().toISOString().slice(0, 10))
  return `各分局汇总表-${day}.${ext}`
}

/** The progress bar's percentage; null while the stage has no measure (indeterminate). */
export function progressPercent(p: ExportProgress): number | null {
  if (p.total <= 0) return null
  return Math.min(100, Math.max(0, Math.round((p.done / p.total) * 100)))
}
