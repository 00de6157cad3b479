// Records of the data bundles (branch → city bureau) and template bundles for the page tests.
import { listen } from '@tauri-apps/api/event'
import { vi } from 'vitest'

import type { AppInfo } from '../src/bindings/AppInfo'
import type { BranchFigures } from '../src/bindings/BranchFigures'
import type { BranchStatus } from '../src/bindings/BranchStatus'
import type { ExportProgress } from '../src/bindings/ExportProgress'
import type { ExportRecord } from '../src/bindings/ExportRecord'
import type { ImportOutcome } from '../src/bindings/ImportOutcome'
import type { KeyInfo } from '../src/bindings/KeyInfo'
import type { OrgUnit } from '../src/bindings/OrgUnit'
import type { TemplatePreview } from '../src/bindings/TemplatePreview'
import type { VerifyReport } from '../src/bindings/VerifyReport'
import { BRANCH } from './helpers'

export const BRANCH_FP = '3F2A 9C1B 77D0 4E12 A9B3'
export const CITY_FP = '8C01 5D2E 9A47 B3F0 21C6'
export const OTHER_FP = '51E7 0B9A C4D3 66F2 8E10'

export const CITY: OrgUnit = { ...BRANCH, id: 'u-city', name: '枣庄市生态环境局', kind: '其他' }

export function appInfo(over: Partial<AppInfo> = {}): AppInfo {
  return {
    version: '0.1.0',
    db_path: '/data/ledger.sqlite3',
    data_dir: '/data',
    today: '2024-07-20',
    actor: '内勤',
    branch: BRANCH,
    role: '分局',
    fingerprint: BRANCH_FP,
    read_only: false,
    clock_warning: null,
    ...over,
  }
}

/** The city bureau's own database. */
export function cityInfo(over: Partial<AppInfo> = {}): AppInfo {
  return appInfo({ branch: CITY, role: '市局', fingerprint: CITY_FP, db_path: '/city/ledger.sqlite3', ...over })
}

/** A branch's records opened read-only at the city bureau. */
export function readOnlyInfo(over: Partial<AppInfo> = {}): AppInfo {
  return appInfo({ read_only: true, db_path: '/city/branches/u-branch.sqlite3', ...over })
}

export function keyInfo(over: Partial<KeyInfo> = {}): KeyInfo {
  return {
    role: '分局',
    name: BRANCH.name,
    fingerprint: BRANCH_FP,
    public_key: 'RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3',
    public_key_file: 'untrusted comment: minisign public key\nRWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n',
    city_fingerprint: null,
    ...over,
  }
}

export function exportRecord(over: Partial<ExportRecord> = {}): ExportRecord {
  return {
    sequence: 1,
    kind: 'full',
    kind_label: '完整',
    file_name: '枣庄市生态环境局滕州分局-20240720-0001.zip',
    path: '/media/usb/枣庄市生态环境局滕州分局-20240720-0001.zip',
    size: 3 * 1024 * 1024 + 512 * 1024,
    file_sha256: 'ab'.repeat(32),
    records: 1520,
    deleted: 0,
    created_at: '2024-07-20T01:30:00Z',
    created_by: '内勤',
    ...over,
  }
}

export function verifyReport(over: Partial<VerifyReport> = {}): VerifyReport {
  return {
    file: '/media/usb/枣庄市生态环境局滕州分局-20240720-0003.zip',
    kind: 'incremental',
    kind_label: '增量',
    source_id: BRANCH.id,
    source_name: BRANCH.name,
    source_role: '分局',
    fingerprint: BRANCH_FP,
    sequence: 3,
    previous_sequence: 2,
    created_at: '2024-07-20T01:30:00Z',
    program_version: '0.1.0',
    entries: 12,
    size: 204800,
    file_sha256: 'cd'.repeat(32),
    manifest_sha256: 'ef'.repeat(32),
    tables: [{ table: 'tasks', title: '重点任务', rows: 4, deleted: 1 }],
    key_status: `签名有效，与登记的“${BRANCH.name}”的密钥一致`,
    new_branch: false,
    ...over,
  }
}

export const UNREGISTERED = '签名有效；该分局尚未登记（首次导入时登记并固定其密钥）'

export function outcome(over: Partial<ImportOutcome> = {}): ImportOutcome {
  return {
    file: '/media/usb/枣庄市生态环境局滕州分局-20240720-0003.zip',
    branch_id: BRANCH.id,
    branch_name: BRANCH.name,
    sequence: 3,
    kind_label: '增量',
    applied: true,
    registered: false,
    records: 42,
    deleted: 1,
    missing: [],
    message: '已导入',
    ...over,
  }
}

export function figures(over: Partial<BranchFigures> = {}): BranchFigures {
  return {
    as_of: '2024-07-18',
    year: 2024,
    rubric_title: '生态环境保护综合行政执法机构规范化建设评分细则（2024年版）',
    total: 85.5,
    max: 100,
    grade: '良好',
    assessment_status: '已提交',
    tasks: 29,
    tasks_done: 20,
    tasks_overdue: 3,
    staff_pass: 7,
    staff_applicable: 9,
    staff_figures: [
      { id: 'F1', name: '持证比例', value: '92.3%', pass: true },
      { id: 'F2', name: '年度培训学时达标率', value: '80.0%', pass: false },
    ],
    equipment_gaps: 2,
    equipment_gap_names: ['无人机', '快检试剂包'],
    staff_count: 26,
    ...over,
  }
}

export function branchStatus(over: Partial<BranchStatus> = {}): BranchStatus {
  return {
    branch_id: BRANCH.id,
    name: BRANCH.name,
    fingerprint: BRANCH_FP,
    public_key: 'RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3',
    registered_at: '2024-05-10T01:00:00Z',
    last_sequence: 3,
    last_import_at: '2024-07-20T02:00:00Z',
    last_bundle_at: '2024-07-20T01:30:00Z',
    missing: [],
    figures: figures(),
    ...over,
  }
}

export function templatePreview(over: Partial<TemplatePreview> = {}): TemplatePreview {
  return {
    file: '/media/usb/枣庄市生态环境局-模板-20240720-0002.zip',
    city_name: CITY.name,
    fingerprint: CITY_FP,
    sequence: 2,
    created_at: '2024-07-20T01:00:00Z',
    parts: [
      {
        part: '年度任务模板',
        summary: '“2025年度重点任务”：新建 2025 年度台账 29 项任务',
        details: [],
        changes: true,
      },
      {
        part: '标准装备清单',
        summary: '新增 1 项，停用 1 项',
        details: ['新增：执法记录仪充电柜', '停用（旧版）：传真机'],
        changes: true,
      },
      { part: '培训类型', summary: '与本分局现有的相同，不变', details: [], changes: false },
    ],
    applied: false,
    ...over,
  }
}

/** Answer `listen('bundle-progress')` (mock `@tauri-apps/api/event` in the spec); `emit` sends a
 * progress report to the page as the shell would. */
export function mockBundleProgress() {
  let handler: ((e: { event: string; id: number; payload: ExportProgress }) => void) | null = null
  const unlisten = vi.fn()
  const mock = vi.mocked(listen)
  mock.mockReset()
  mock.mockImplementation(async (_event, h) => {
    handler = h as typeof handler
    return unlisten
  })
  return {
    emit(p: ExportProgress): void {
      handler?.({ event: 'bundle-progress', id: 1, payload: p })
    },
    unlisten,
    /** The events the page listened to. */
    events: () => mock.mock.calls.map(([event]) => event),
  }
}

/** A promise the test settles by hand: the shell's answer while the page shows progress. */
export function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
