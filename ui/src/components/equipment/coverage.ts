// The coverage page's rows: the standard list joined with the figures the core computed (E1, E2).
// Nothing is recomputed here: held, in service, required and 缺 come from E1 as they are.
import type { Figure } from '../../bindings/Figure'
import type { StandardItem } from '../../bindings/StandardItem'
import type { StandardList } from '../../bindings/StandardList'

export interface CoverageRow {
  standard: StandardItem
  /** E1 for this item; null for retired items (no longer counted) and before the figures load. */
  figure: Figure | null
}

export interface CoverageSection {
  /** ①–⑥, `other` for the items no group counts, `retired` for the 旧版 items. */
  key: string
  title: string
  /** E2 of the group; null for the other sections. */
  figure: Figure | null
  /** The group's full points (from the list). */
  maxPoints: number | null
  rows: CoverageRow[]
}

export function coverageSections(list: StandardList | null, figures: Figure[]): CoverageSection[] {
  if (!list) return []
  const e1 = new Map(figures.filter((f) => f.id === 'E1' && f.item).map((f) => [f.item as string, f]))
  const e2 = new Map(figures.filter((f) => f.id === 'E2' && f.group).map((f) => [f.group as string, f]))
  const row = (s: StandardItem): CoverageRow => ({ standard: s, figure: s.retired ? null : (e1.get(s.name) ?? null) })
  const live = list.items.filter((s) => !s.retired)
  const known = new Set(list.groups.map((g) => g.group))
  const out: CoverageSection[] = list.groups.map((g) => ({
    key: g.group,
    title: `${g.group} ${g.name}`,
    figure: e2.get(g.group) ?? null,
    maxPoints: g.points,
    rows: live.filter((s) => s.group === g.group).map(row),
  }))
  const other = live.filter((s) => !s.group || !known.has(s.group))
  if (other.length > 0) {
    out.push({ key: 'other', title: '其他标准装备（不计入①—⑥）', figure: null, maxPoints: null, rows: other.map(row) })
  }
  const retired = list.items.filter((s) => s.retired)
  if (retired.length > 0) {
    out.push({ key: 'retired', title: '旧版清单中的装备（已停用，不再计入）', figure: null, maxPoints: null, rows: retired.map(row) })
  }
  return out
}

/** The standard items with a gap (E1 缺 > 0). */
export function gapCount(figures: Figure[]): number {
  return figures.filter((f) => f.id === 'E1' && (f.missing ?? 0) > 0).length
}

export function figureById(figures: Figure[], id: string): Figure | null {
  return figures.find((f) => f.id === id) ?? null
}
