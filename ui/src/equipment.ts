// The equipment inventory's option lists, empty inputs and the small display rules its pages share.
import { ElMessage } from 'element-plus'

import { api } from './api'
import type { EquipmentInput } from './bindings/EquipmentInput'
import type { EquipmentItem } from './bindings/EquipmentItem'
import type { EquipmentQuery } from './bindings/EquipmentQuery'
import type { EventKind } from './bindings/EventKind'
import type { ItemStatus } from './bindings/ItemStatus'
import type { StandardItem } from './bindings/StandardItem'
import type { StandardLevel } from './bindings/StandardLevel'
import type { StandardList } from './bindings/StandardList'
import { showError } from './errors'
import { today } from './people'
import type { TagType } from './status'

export const ITEM_STATUSES: ItemStatus[] = ['在用', '维修中', '闲置', '已报废']
/** What a form may set: an item is scrapped through 报废 only. */
export const EDITABLE_STATUSES: ItemStatus[] = ['在用', '维修中', '闲置']
export const EVENT_KINDS: EventKind[] = ['领用', '维护保养', '维修', '校准检定', '检查', '调拨', '报废']
/** The kinds the 维护保养·维修·校准 dialog records. */
export const MAINTENANCE_KINDS: EventKind[] = ['维护保养', '维修', '校准检定', '检查']
/** The kinds a recurring schedule can ask for. */
export const SCHEDULE_KINDS: EventKind[] = ['维护保养', '校准检定', '检查']
export const STANDARD_LEVELS: StandardLevel[] = ['标配', '选配']
export const GROUP_MARKS = ['①', '②', '③', '④', '⑤', '⑥']
/** The due page's windows (days). */
export const DUE_WINDOWS = [30, 60, 90]

/** PersonPicker's value when it picks one person. */
export function singleId(value: string | string[] | null): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** The standard item whose items may transmit video wirelessly (E4). */
export const RECORDER = '执法记录仪'

/** 在用 green, 维修中 orange, 闲置 grey, 已报废 grey-dark. */
export function itemStatusTagType(status: ItemStatus): TagType {
  switch (status) {
    case '在用':
      return 'success'
    case '维修中':
      return 'warning'
    case '已报废':
      return 'danger'
    default:
      return 'info'
  }
}

export function eventTagType(kind: EventKind): TagType {
  switch (kind) {
    case '领用':
      return 'primary'
    case '维修':
      return 'warning'
    case '报废':
      return 'danger'
    case '调拨':
      return 'info'
    default:
      return 'success'
  }
}

/** What is due, in the clerk's words: a due 领用 is a return (归还). */
export function dueWhatText(what: EventKind): string {
  return what === '领用' ? '归还' : what
}

/** `还有 12 天`, `今天到期`, `已逾期 3 天`. */
export function dueDaysText(days: number): string {
  if (days === 0) return '今天到期'
  if (days < 0) return `已逾期 ${-days} 天`
  return `还有 ${days} 天`
}

/** An open checkout whose expected return is before `asOf`. */
export function returnOverdue(item: Pick<EquipmentItem, 'checked_out_to' | 'expected_return_on'>, asOf = today()): boolean {
  return !!item.checked_out_to && !!item.expected_return_on && item.expected_return_on < asOf
}

const moneyFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })

/** 1234.5 → `1,234.5 元`; null → `—`. */
export function formatMoney(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return `${moneyFormat.format(value)} 元`
}

/** Points as the rubric writes them: 1.5, 1, 0.5. */
export function formatPoints(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return String(Math.round(value * 10) / 10)
}

/** An EquipmentQuery with every field at its default: everything but scrapped items, first page. */
export function emptyEquipmentQuery(): EquipmentQuery {
  return {
    category: null,
    status: null,
    unit_id: null,
    custodian_id: null,
    standard_item_id: null,
    checked_out: null,
    hide_scrapped: true,
    search: null,
    offset: 0,
    limit: null,
  }
}

/** The fields of an item as its form fills them in (a new item: everything empty). */
export function equipmentInputOf(item: EquipmentItem | null, branchId: string | null = null): EquipmentInput {
  return {
    asset_no: item?.asset_no ?? '',
    standard_item_id: item?.standard_item_id ?? null,
    name: item?.name ?? '',
    category: item?.category ?? '',
    model: item?.model ?? '',
    serial_no: item?.serial_no ?? '',
    quantity: item?.quantity ?? 1,
    acquired_on: item?.acquired_on ?? null,
    funding: item?.funding ?? '',
    price: item?.price ?? null,
    warranty_until: item?.warranty_until ?? null,
    service_life_years: item?.service_life_years ?? null,
    unit_id: item?.unit_id ?? branchId,
    location: item?.location ?? '',
    custodian_id: item?.custodian_id ?? null,
    status: item?.status ?? '在用',
    wireless_video: item?.wireless_video ?? false,
    note: item?.note ?? '',
  }
}

export interface StandardOptionGroup {
  label: string
  items: StandardItem[]
}

/** The standard list for a select: groups ①–⑥ with their names, then the rest, then the 旧版 items. */
export function standardOptionGroups(list: StandardList | null): StandardOptionGroup[] {
  if (!list) return []
  const live = list.items.filter((s) => !s.retired)
  const out: StandardOptionGroup[] = list.groups
    .map((g) => ({ label: `${g.group} ${g.name}`, items: live.filter((s) => s.group === g.group) }))
    .filter((g) => g.items.length > 0)
  const known = new Set(list.groups.map((g) => g.group))
  const rest = live.filter((s) => !s.group || !known.has(s.group))
  if (rest.length > 0) out.push({ label: '其他标准装备', items: rest })
  const retired = list.items.filter((s) => s.retired)
  if (retired.length > 0) out.push({ label: '旧版（已停用）', items: retired })
  return out
}

/** Return an item at once (today); true when it went through. */
export async function returnNow(item: Pick<EquipmentItem, 'id' | 'asset_no' | 'name' | 'checked_out_to'>): Promise<boolean> {
  try {
    await api.returnEquipment(item.id, { returned_on: null, note: '' })
    ElMessage.success({
      message: `“${item.name}”（${item.asset_no}）已归还${item.checked_out_to ? `，领用人：${item.checked_out_to}` : ''}`,
      showClose: true,
    })
    return true
  } catch (e) {
    showError(e)
    return false
  }
}

