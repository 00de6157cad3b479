// One page of a long list shown in a table. Element Plus draws every row it is given: a table of
// thousands (what is due on a large branch's equipment, the people behind a figure) takes the
// webview minutes and gigabytes. Sorting (el-table's `sort-change` with `sortable="custom"`)
// orders the whole list, not just the page shown.
import { computed, type Ref,ref, watch } from 'vue'

export const PAGE_SIZE = 50

export type SortOrder = 'ascending' | 'descending'

export interface Sort {
  prop: string
  order: SortOrder
}

/** Numbers by value, text in Chinese (pinyin) order, empty last. */
function compare(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === null || a === undefined) return 1
  if (b === null || b === undefined) return -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a).localeCompare(String(b), 'zh-CN')
}

export function usePaged<T>(items: () => T[], initialSort: Sort | null = null) {
  const page = ref(1)
  const sort = ref<Sort | null>(initialSort)
  watch(items, () => {
    page.value = 1
  })
  const sorted = computed(() => {
    const list = items()
    const s = sort.value
    if (!s) return list
    const dir = s.order === 'descending' ? -1 : 1
    return [...list].sort((a, b) => dir * compare((a as Record<string, unknown>)[s.prop], (b as Record<string, unknown>)[s.prop]))
  })
  const rows = computed(() => sorted.value.slice((page.value - 1) * PAGE_SIZE, page.value * PAGE_SIZE))
  const total = computed(() => items().length)
  /** The row's number in the whole list, for the 序号 column. */
  const rowNumber = (i: number): number => (page.value - 1) * PAGE_SIZE + i + 1
  function onSort(e: { prop: string | null; order: SortOrder | null }): void {
    sort.value = e.prop && e.order ? { prop: e.prop, order: e.order } : null
    page.value = 1
  }
  return { page, rows, total, rowNumber, onSort }
}

/**
 * Show one page of a list paged by the core (`{ items, total }`). When the page asked for ran past
 * the end (rows were deleted, or a filter shrank the list), go to the last page instead: the
 * view's watcher on `page` then asks for it.
 */
export function showCorePage<T>(
  answer: { items: T[]; total: number },
  shown: { rows: Ref<T[]>; total: Ref<number>; page: Ref<number> },
  pageSize: number,
): void {
  shown.rows.value = answer.items
  shown.total.value = answer.total
  if (answer.items.length === 0 && answer.total > 0 && shown.page.value > 1) {
    shown.page.value = Math.max(1, Math.ceil(answer.total / pageSize))
  }
}
