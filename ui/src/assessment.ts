// The self-assessment as the pages show it: how a score was reached, the filters of the scoring
// page, the groups of the rubric tree, and the points in zh-CN.
import type { AssessmentResult } from './bindings/AssessmentResult'
import type { AssessmentStatus } from './bindings/AssessmentStatus'
import type { How } from './bindings/How'
import type { ItemScore } from './bindings/ItemScore'
import type { PartScore } from './bindings/PartScore'
import type { TagType } from './status'

/** The rubric every branch is scored against unless it chose another (seeds/rubrics/). */
export const DEFAULT_RUBRIC = 'fujian-county-2022'

/** Points as the clerk reads them: 1.5, 3, 0.25; null → `—`. */
export function formatPoints(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—'
  const r = Math.round(x * 100) / 100
  return String(Object.is(r, -0) ? 0 : r)
}

export const HOW_LABELS: Record<How, string> = {
  computed: '自动计算',
  manual: '手工评分',
  override: '手工调整',
  unscored: '未评分',
}

export function howTag(how: How): TagType {
  switch (how) {
    case 'computed':
      return 'primary'
    case 'manual':
      return 'success'
    case 'override':
      return 'warning'
    default:
      return 'info'
  }
}

export function statusTag(status: AssessmentStatus): TagType {
  switch (status) {
    case '已签发':
      return 'success'
    case '已提交':
      return 'warning'
    default:
      return 'info'
  }
}

export type ItemFilter = 'all' | 'unscored' | 'no-evidence' | 'override'

export const ITEM_FILTERS: { value: ItemFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'unscored', label: '未评分' },
  { value: 'no-evidence', label: '无佐证' },
  { value: 'override', label: '手工调整' },
]

/** Scored by hand (or overridden) without any evidence: what the city bureau will ask for. */
export function lacksEvidence(item: ItemScore): boolean {
  return (item.how === 'manual' || item.how === 'override') && item.evidence.length === 0
}

export function matchesFilter(item: ItemScore, filter: ItemFilter): boolean {
  switch (filter) {
    case 'unscored':
      return item.score === null && item.extra === null
    case 'no-evidence':
      return lacksEvidence(item)
    case 'override':
      return item.how === 'override'
    default:
      return true
  }
}

/** A group of the tree: its total (none for the 附加项) and its items, in rubric order. */
export interface ItemGroup {
  name: string
  part: PartScore | null
  items: ItemScore[]
}

/** The items of a result grouped as the rubric groups them, keeping only those that match. */
export function groupItems(result: AssessmentResult, filter: ItemFilter = 'all'): ItemGroup[] {
  const groups: ItemGroup[] = []
  for (const item of result.items) {
    if (!matchesFilter(item, filter)) continue
    let g = groups.find((x) => x.name === item.group)
    if (!g) {
      const part = result.groups.find((p) => item.group.startsWith(`${p.group.id}、`) || item.group === p.group.name)
      g = { name: item.group, part: part?.group ?? null, items: [] }
      groups.push(g)
    }
    g.items.push(item)
  }
  return groups
}

/** What the clerk enters for an item, from the kind the engine names (`评分`, `次数` …). */
export type EntryKind = 'score' | 'count' | 'percent' | 'flag' | 'computed'

export function entryKind(item: ItemScore): EntryKind {
  switch (item.entry) {
    case '次数':
      return 'count'
    case '百分比':
      return 'percent'
    case '是否':
      return 'flag'
    case '自动':
      return 'computed'
    default:
      return 'score'
  }
}

/** The line under the total: `规范化单位，距示范单位还差 7 分`. */
export function gradeLine(r: AssessmentResult): string {
  if (r.disqualified) return `不具备参评资格：${r.disqualified}`
  const next = r.next_grade && r.points_to_next !== null ? `，距${r.next_grade}还差 ${formatPoints(r.points_to_next)} 分` : ''
  return `${r.grade}${next}`
}

/** The button that takes a suggestion to the page where it is fixed: `去执法证件`, `去自评打分`. In a
 * branch's records viewed read-only (the city reviewer) nothing is fixed or scored: the button then
 * only opens the item, and says so. */
export function linkLabel(link: string, readOnly = false): string {
  switch (link) {
    case '/certificates':
      return '去执法证件'
    case '/secondments':
      return '去借调情况'
    case '/staff':
      return '去人员花名册'
    case '/training':
      return '去培训与练兵'
    case '/uniforms':
      return '去制式服装'
    case '/equipment/coverage':
      return '去标准装备配备'
    default:
      return readOnly ? '查看评分项' : '去自评打分'
  }
}
