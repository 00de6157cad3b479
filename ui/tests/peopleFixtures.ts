// Records of the people ledgers for the page tests.
import type { Certificate } from '../src/bindings/Certificate'
import type { CertificateRow } from '../src/bindings/CertificateRow'
import type { Staff } from '../src/bindings/Staff'
import type { StaffDetail } from '../src/bindings/StaffDetail'
import type { UniformStatus } from '../src/bindings/UniformStatus'
import { BRANCH, SQUAD } from './helpers'

let n = 0

export function makeStaff(over: Partial<Staff> = {}): Staff {
  n += 1
  return {
    id: `s-${n}`,
    unit_id: SQUAD.id,
    unit_name: SQUAD.name,
    name: `人员${n}`,
    gender: '男',
    post: '一线执法',
    establishment: '在编',
    arrived_on: '2019-03-01',
    established_on: '2019-03-01',
    left_on: null,
    education: '本科',
    major: '环境工程',
    major_category: '生态环境相关',
    legal_qualification: false,
    phone: '13800000000',
    size_hat: '57',
    size_top: '175/92A',
    size_bottom: '80',
    size_shoes: '42',
    photo_evidence_id: null,
    note: '',
    on_roll: true,
    seconded: false,
    certified: true,
    certificate: '370400123456（有效期至2026年12月31日）',
    created_at: '2024-05-10T01:00:00Z',
    updated_at: '2024-05-10T01:00:00Z',
    revision: 1,
    ...over,
  }
}

export function makeCertificate(over: Partial<Certificate> = {}): Certificate {
  n += 1
  return {
    id: `c-${n}`,
    staff_id: 's-1',
    staff_name: '王磊',
    unit_name: SQUAD.name,
    kind: '行政执法证',
    number: `0370400${n}`,
    issuer: '山东省人民政府',
    area: '生态环境',
    issued_on: '2022-01-01',
    expires_on: '2026-12-31',
    status: '有效',
    note: '',
    last_review_on: null,
    next_review_on: '2024-08-01',
    evidence_count: 0,
    created_at: '2024-05-10T01:00:00Z',
    updated_at: '2024-05-10T01:00:00Z',
    revision: 1,
    ...over,
  }
}

export function certRow(certificate: Certificate, over: Partial<CertificateRow> = {}): CertificateRow {
  return { certificate, unit_id: SQUAD.id, due_what: null, due_on: null, days: null, band: null, ...over }
}

export function makeDetail(staff: Staff, over: Partial<StaffDetail> = {}): StaffDetail {
  return {
    staff,
    certificates: [],
    secondments: [],
    uniform_issues: [],
    uniform: null,
    training: [],
    hours_by_year: [],
    evidence: [],
    ...over,
  }
}

export function makeUniformStatus(over: Partial<UniformStatus> = {}): UniformStatus {
  return {
    staff_id: 's-1',
    staff_name: '王磊',
    unit_name: SQUAD.name,
    eligible: true,
    reason: '',
    items: [],
    complete: true,
    ...over,
  }
}

export { BRANCH, SQUAD }
