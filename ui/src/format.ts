// Display helpers: everything the clerk reads is zh-CN.

const EMPTY = '—'

/** `2024-07-31` → `2024年7月31日`; empty or null → `—`. Other text is returned as is. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return EMPTY
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(value.trim())
  if (!m) return value
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** An RFC 3339 time → local `2024年7月31日 09:05:03`; null → `—`. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return EMPTY
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  return (
    `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`
  )
}

const numberFormat = new Intl.NumberFormat('zh-CN')

/** A count in zh-CN grouping: 50000 → `50,000`. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return EMPTY
  return numberFormat.format(value)
}

/** A file size for people: 1536 → `1.5 KB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The clerk's text for a list of units: `综合执法支队、人事科`, or `/`-style input → []. */
export function parseUnitList(text: string): string[] {
  const trimmed = text.trim()
  if (trimmed === '' || trimmed === '/' || trimmed === '／') return []
  return trimmed
    .split(/[,，、;；\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '/' && s !== '／')
}

/** A list of units as one line of text; an empty list shows as `/` like the source sheets. */
export function joinUnitList(units: string[]): string {
  return units.length === 0 ? '/' : units.join('、')
}
