// Every call to the Rust shell goes through this module, typed with the generated bindings.
// Tauri turns the camelCase argument keys used here into the Rust snake_case parameters.
import { invoke } from '@tauri-apps/api/core'

import type { AppInfo } from './bindings/AppInfo'
import type { AuditPage } from './bindings/AuditPage'
import type { AuditQuery } from './bindings/AuditQuery'
import type { ErrorPayload } from './bindings/ErrorPayload'
import type { Evidence } from './bindings/Evidence'
import type { EvidencePreview } from './bindings/EvidencePreview'
import type { ExportReport } from './bindings/ExportReport'
import type { ImportOptions } from './bindings/ImportOptions'
import type { ImportReport } from './bindings/ImportReport'
import type { OrgUnit } from './bindings/OrgUnit'
import type { ProgressEntry } from './bindings/ProgressEntry'
import type { ProgressInput } from './bindings/ProgressInput'
import type { Task } from './bindings/Task'
import type { TaskDetail } from './bindings/TaskDetail'
import type { TaskInput } from './bindings/TaskInput'
import type { TaskPage } from './bindings/TaskPage'
import type { TaskQuery } from './bindings/TaskQuery'
import type { TaskSummary } from './bindings/TaskSummary'
import type { UnitInput } from './bindings/UnitInput'

/** True when `e` has the shape of the shell's ErrorPayload. */
export function isErrorPayload(e: unknown): e is ErrorPayload {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  )
}

/** Whatever a rejected call produced, as an ErrorPayload (Tauri's own errors are plain strings). */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (isErrorPayload(e)) {
    return {
      code: e.code,
      message: e.message,
      field: e.field ?? null,
      import_report: e.import_report ?? null,
    }
  }
  let message: string
  if (typeof e === 'string') message = e
  else if (e instanceof Error) message = e.message
  else message = String(e)
  return { code: 'E_INTERNAL', message: message || '操作失败', field: null, import_report: null }
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args)
  } catch (e) {
    throw toErrorPayload(e)
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  initBranch: (branchName: string) => call<OrgUnit>('init_branch', { branchName }),

  listUnits: () => call<OrgUnit[]>('list_units'),
  addUnit: (input: UnitInput) => call<OrgUnit>('add_unit', { input }),
  updateUnit: (id: string, revision: number, input: UnitInput) =>
    call<OrgUnit>('update_unit', { id, revision, input }),
  removeUnitAlias: (alias: string) => call<null>('remove_unit_alias', { alias }),

  listTasks: (query: TaskQuery) => call<TaskPage>('list_tasks', { query }),
  taskYears: () => call<number[]>('task_years'),
  taskCategories: (year: number | null) => call<string[]>('task_categories', { year }),
  taskSummary: (year: number | null, asOf: string | null = null) =>
    call<TaskSummary>('task_summary', { year, asOf }),
  getTask: (id: string) => call<TaskDetail>('get_task', { id }),
  createTask: (input: TaskInput) => call<Task>('create_task', { input }),
  updateTask: (id: string, revision: number, input: TaskInput) =>
    call<Task>('update_task', { id, revision, input }),
  deleteTask: (id: string, revision: number) => call<null>('delete_task', { id, revision }),
  addProgress: (taskId: string, input: ProgressInput) =>
    call<ProgressEntry>('add_progress', { taskId, input }),
  applyTemplate: (year: number) => call<number>('apply_template', { year }),
  applyTemplateFile: (path: string, year: number) => call<number>('apply_template_file', { path, year }),
  pickTemplateFile: () => call<string | null>('pick_template_file'),

  pickEvidenceFiles: () => call<string[]>('pick_evidence_files'),
  attachEvidence: (entity: string, entityId: string, path: string) =>
    call<Evidence>('attach_evidence', { entity, entityId, path }),
  openEvidence: (id: string) => call<null>('open_evidence', { id }),
  evidencePreview: (id: string) => call<EvidencePreview | null>('evidence_preview', { id }),
  deleteEvidence: (id: string) => call<null>('delete_evidence', { id }),

  pickImportFile: () => call<string | null>('pick_import_file'),
  importTasks: (path: string, options: ImportOptions) => call<ImportReport>('import_tasks', { path, options }),
  pickExportPath: (defaultName: string) => call<string | null>('pick_export_path', { defaultName }),
  exportTasks: (path: string, query: TaskQuery) =>
    call<ExportReport>('export_tasks', { path, query }),

  listAudit: (query: AuditQuery) => call<AuditPage>('list_audit', { query }),
}

/** A TaskQuery with every field set to its default (the Rust `Default`). */
export function emptyTaskQuery(): TaskQuery {
  return {
    year: null,
    status: null,
    unit_id: null,
    category: null,
    due_from: null,
    due_to: null,
    deadline_kind: null,
    search: null,
    sort: 'seq',
    desc: false,
    offset: 0,
    limit: null,
    as_of: null,
  }
}
