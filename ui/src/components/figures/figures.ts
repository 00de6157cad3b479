// How a computed figure is shown. The core computes every figure (METRICS.md); nothing here
// recomputes one: these helpers only pick the words and colours for what the core returned.
import type { Figure } from '../../bindings/Figure'
import type { FigurePerson } from '../../bindings/FigurePerson'
import { formatNumber } from '../../format'

export type FigureGroup = 'F' | 'T' | 'U'

export const GROUPS: { key: FigureGroup; label: string }[] = [
  { key: 'F', label: '人员指标' },
  { key: 'T', label: '培训指标' },
  { key: 'U', label: '制式服装' },
]

/** The figures shown on the home page, in this order. */
export const HOME_FIGURES = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'T1', 'T2', 'T3', 'U2']

export function groupOf(f: Figure): FigureGroup {
  return f.id.charAt(0) as FigureGroup
}

/** `F2`, or `T4-实战比武` for the per-kind T4 figures, `E2-①` per rubric group, `E1-无人机` per
 * standard item: unique within a set. */
export function figureKey(f: Figure): string {
  if (f.id === 'T4' && f.kind) return `T4-${f.kind}`
  if (f.id === 'E2' && f.group) return `E2-${f.group}`
  if (f.id === 'E1' && f.item) return `E1-${f.item}`
  return f.id
}

/** E1–E3 count equipment (their names are items, not people); E4 counts people. */
export function isEquipmentFigure(f: Figure): boolean {
  return f.id === 'E1' || f.id === 'E2' || f.id === 'E3'
}

/** What the names behind a figure are. */
export type NamesKind = 'units' | 'sessions' | 'hours' | 'ratio' | 'people'

export function namesKind(f: Figure): NamesKind {
  if (f.id === 'F8' || f.id === 'F9') return 'units'
  if (f.id === 'T2' || f.id === 'T3' || f.id === 'T4') return 'sessions'
  if (f.id === 'T5') return 'hours'
  if (f.denominator !== null) return 'ratio'
  return 'people'
}

/** What a ratio counts: units for F8/F9, items of the standard list for E1/E2, people otherwise. */
export function ratioUnit(f: Figure): string {
  if (f.id === 'E1') return '件'
  if (f.id === 'E2') return '项'
  return namesKind(f) === 'units' ? '个单位' : '人'
}

/** `8 / 10` for a figure with a denominator; null for counts. */
export function ratioText(f: Figure): string | null {
  return f.denominator === null ? null : `${formatNumber(f.numerator)} / ${formatNumber(f.denominator)}`
}

export type PassTagType = 'success' | 'danger' | 'info'

/** 达标 green, 未达标 red, 不适用 grey; figures without a threshold say so in grey. */
export function passTag(f: Figure): { label: string; type: PassTagType } {
  if (!f.applicable) return { label: '不适用', type: 'info' }
  if (f.pass === true) return { label: '达标', type: 'success' }
  if (f.pass === false) return { label: '未达标', type: 'danger' }
  return { label: '不设要求', type: 'info' }
}

/** The people of the denominator the numerator does not count (the ones to look at). */
export function missingPeople(f: Figure): FigurePerson[] {
  const counted = new Set(f.numerator_people.map((p) => p.id))
  return f.denominator_people.filter((p) => !counted.has(p.id))
}
