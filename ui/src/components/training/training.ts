// Display helpers and shared shapes of the training pages.
import type { Level } from '../../bindings/Level'
import { formatDate, formatNumber } from '../../format'

export const LEVELS: Level[] = ['国家', '省', '市', '县']

/** Hours as the clerk writes them: 12, 2.5 (never `12.0`); null → `—`. */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return '—'
  return formatNumber(Math.round(hours * 10) / 10)
}

/** `2024年3月1日`, or `2024年3月1日 至 2024年3月5日` when the session runs over several days. */
export function formatDateRange(start: string, end: string): string {
  return !end || end === start ? formatDate(start) : `${formatDate(start)} 至 ${formatDate(end)}`
}

/** A person on a session's attendance list, as the form edits it. */
export interface AttendeeRow {
  staff_id: string
  name: string
  unit_name: string
  /** null: the session's hours. */
  hours: number | null
  score: number | null
  award: string
}
