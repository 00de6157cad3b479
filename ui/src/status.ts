import type { DeadlineKind } from './bindings/DeadlineKind'
import type { StatusFilter } from './bindings/StatusFilter'
import type { TaskStatus } from './bindings/TaskStatus'
import { formatDate } from './format'

export const TASK_STATUSES: TaskStatus[] = ['未开始', '进行中', '已完成']

export const STATUS_FILTERS: StatusFilter[] = ['未开始', '进行中', '已完成', '已逾期', '即将到期']

export function isStatusFilter(value: unknown): value is StatusFilter {
  return typeof value === 'string' && (STATUS_FILTERS as string[]).includes(value)
}

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

/** 已逾期 red, 即将到期 orange, 已完成 green, 进行中 blue, 未开始 grey. */
export function statusTagType(status: StatusFilter): TagType {
  switch (status) {
    case '已逾期':
      return 'danger'
    case '即将到期':
      return 'warning'
    case '已完成':
      return 'success'
    case '进行中':
      return 'primary'
    default:
      return 'info'
  }
}

/** The task page's 时限类型 filter, keyed by the wire value. */
export const DEADLINE_KINDS: Record<DeadlineKind, string> = {
  dated: '有截止日期',
  ongoing: '长期坚持',
  unrecognized: '时限未识别',
}

/** How a 完成时限 may be written so that it is recognised, for the hints that ask for one. */
export const DEADLINE_EXAMPLES = '“7月底前”“5月15日前”“10月上旬”“三季度末”“长期坚持”'

/** What a 完成时限 reads as, in a word: the task form's hint and the list's tooltip. */
export function deadlineHint(d: { recognized: boolean; ongoing: boolean; due_date: string | null }): string {
  if (!d.recognized) return `未能识别该完成时限，可改写为${DEADLINE_EXAMPLES}等`
  if (d.ongoing) return '长期坚持，无截止日期'
  return d.due_date ? `截止日期：${formatDate(d.due_date)}` : '无截止日期'
}

export function isDeadlineKind(value: unknown): value is DeadlineKind {
  return typeof value === 'string' && Object.keys(DEADLINE_KINDS).includes(value)
}
