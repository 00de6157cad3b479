import type { DeadlineKind } from './bindings/DeadlineKind'
import type { StatusFilter } from './bindings/StatusFilter'
import type { TaskStatus } from './bindings/TaskStatus'

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

export function isDeadlineKind(value: unknown): value is DeadlineKind {
  return typeof value === 'string' && Object.keys(DEADLINE_KINDS).includes(value)
}
