// The people ledgers' option lists, empty inputs and the small display rules their pages share.
import { nextTick, reactive } from 'vue'

import { toErrorPayload } from './api'
import type { CertFilter } from './bindings/CertFilter'
import type { CertKind } from './bindings/CertKind'
import type { CertStatus } from './bindings/CertStatus'
import type { ClimateZone } from './bindings/ClimateZone'
import type { DueWhat } from './bindings/DueWhat'
import type { Education } from './bindings/Education'
import type { Establishment } from './bindings/Establishment'
import type { Gender } from './bindings/Gender'
import type { MajorCategory } from './bindings/MajorCategory'
import type { Post } from './bindings/Post'
import type { Staff } from './bindings/Staff'
import type { StaffInput } from './bindings/StaffInput'
import type { StaffQuery } from './bindings/StaffQuery'
import type { UniformItemState } from './bindings/UniformItemState'
import { fieldReason } from './errors'
import type { TagType } from './status'
import { store } from './store'

export const GENDERS: Gender[] = ['男', '女']
export const POSTS: Post[] = ['一线执法', '内勤', '领导', '其他']
export const ESTABLISHMENTS: Establishment[] = ['在编', '编外']
export const EDUCATIONS: Education[] = ['研究生', '本科', '大专', '中专及以下']
export const MAJOR_CATEGORIES: MajorCategory[] = ['法学', '生态环境相关', '其他']
export const CERT_KINDS: CertKind[] = ['行政执法证', '执法监督证', '听证主持人证', '法律职业资格证书']
export const CERT_STATUSES: CertStatus[] = ['有效', '暂扣', '注销', '遗失', '收回']
export const CLIMATE_ZONES: ClimateZone[] = ['热', '亚热', '南温', '北温', '寒', '高寒']
export const UNIFORM_CATEGORIES = ['帽类', '服装类', '鞋类', '标志类']
export const REVIEW_RESULTS = ['合格', '不合格']

/** The roster's 证件状态 filter, keyed by the wire value. */
export const CERT_FILTERS: Record<CertFilter, string> = {
  certified: '持证',
  uncertified: '未持证',
  due_soon: '证件90天内到期',
}

export function isCertFilter(value: unknown): value is CertFilter {
  return typeof value === 'string' && Object.keys(CERT_FILTERS).includes(value)
}

/** Today as the shell sees it (`YYYY-MM-DD`), falling back to the local clock. */
export function today(): string {
  if (store.info?.today) return store.info.today
  const d = new Date()
  const pad = (n: number) => (n < 10 ? `0${n}` : String(n))
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** A StaffQuery with every field at its default: the whole roll today, first page. */
export function emptyStaffQuery(): StaffQuery {
  return {
    as_of: null,
    on_roll_only: true,
    unit_id: null,
    post: null,
    establishment: null,
    cert: null,
    search: null,
    offset: 0,
    limit: null,
  }
}

/** The fields of a person as a form fills them in (a new person: everything empty). */
export function staffInputOf(staff: Staff | null): StaffInput {
  return {
    unit_id: staff?.unit_id ?? store.info?.branch?.id ?? null,
    name: staff?.name ?? '',
    gender: staff?.gender ?? null,
    post: staff?.post ?? null,
    establishment: staff?.establishment ?? null,
    arrived_on: staff?.arrived_on ?? null,
    established_on: staff?.established_on ?? null,
    left_on: staff?.left_on ?? null,
    education: staff?.education ?? null,
    major: staff?.major ?? '',
    major_category: staff?.major_category ?? null,
    legal_qualification: staff?.legal_qualification ?? false,
    phone: staff?.phone ?? '',
    size_hat: staff?.size_hat ?? '',
    size_top: staff?.size_top ?? '',
    size_bottom: staff?.size_bottom ?? '',
    size_shoes: staff?.size_shoes ?? '',
    note: staff?.note ?? '',
  }
}

/** Off the roll on `asOf` because they left (not merely because they have not arrived yet). */
export function hasLeft(staff: Staff, asOf: string): boolean {
  return !!staff.left_on && staff.left_on <= asOf
}

/** The colour of a certificate's warning band (已过期/已逾期 and 7天内 red, 30天内 orange, later grey). */
export function bandTagType(band: string | null): TagType | null {
  switch (band) {
    case '已过期':
    case '已逾期':
    case '7天内':
      return 'danger'
    case '30天内':
      return 'warning'
    case '60天内':
    case '90天内':
      return 'info'
    default:
      return null
  }
}

/** `还有 12 天`, `今天到期`, `已过期 3 天` (a 审验: `已逾期 3 天`); null → `—`. */
export function daysText(days: number | null, what: DueWhat | null = '到期'): string {
  if (days === null) return '—'
  if (days === 0) return what === '审验' ? '今天审验' : '今天到期'
  if (days < 0) return `${what === '审验' ? '已逾期' : '已过期'} ${-days} 天`
  return `还有 ${days} 天`
}

/** 已配发 green, 数量不足 orange, 到期未换 red, 未配发 grey. */
export function uniformStateTagType(state: UniformItemState): TagType {
  switch (state) {
    case '已配发':
      return 'success'
    case '数量不足':
      return 'warning'
    case '到期未换':
      return 'danger'
    default:
      return 'info'
  }
}

/** 有效 green, 暂扣 orange, the others (注销, 遗失, 收回) grey. */
export function certStatusTagType(status: CertStatus): TagType {
  if (status === '有效') return 'success'
  if (status === '暂扣') return 'warning'
  return 'info'
}

/** A 是/否 value as the sheets write it. */
export function yesNo(value: boolean): string {
  return value ? '是' : '否'
}

/**
 * Validation errors from the core shown at the form item they name. `fields` maps the core's
 * Chinese field names (姓名, 到岗日期 …) to the form's props.
 */
export function useServerErrors<P extends string>(fields: Record<string, P>) {
  const errors = reactive<Partial<Record<P, string>>>({}) as Partial<Record<P, string>>

  function clear(): void {
    for (const key of Object.keys(errors) as P[]) delete errors[key]
  }

  /** Show `e` at its field; false when it names no field of this form (the caller shows it). */
  async function apply(e: unknown): Promise<boolean> {
    const p = toErrorPayload(e)
    const prop = p.field ? fields[p.field] : undefined
    if (p.code !== 'E_INVALID' || !prop) return false
    clear()
    await nextTick()
    errors[prop] = fieldReason(p)
    return true
  }

  return { errors, clear, apply }
}
