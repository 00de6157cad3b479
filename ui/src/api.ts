// Every call to the Rust shell goes through this module, typed with the generated bindings.
// Tauri turns the camelCase argument keys used here into the Rust snake_case parameters.
import { invoke } from '@tauri-apps/api/core'
import { listen, type UnlistenFn } from '@tauri-apps/api/event'

import type { AppInfo } from './bindings/AppInfo'
import type { AssessmentInfo } from './bindings/AssessmentInfo'
import type { AssessmentResult } from './bindings/AssessmentResult'
import type { AuditPage } from './bindings/AuditPage'
import type { AuditQuery } from './bindings/AuditQuery'
import type { BackupSet } from './bindings/BackupSet'
import type { BranchStatus } from './bindings/BranchStatus'
import type { Certificate } from './bindings/Certificate'
import type { CertificateDetail } from './bindings/CertificateDetail'
import type { CertificateDue } from './bindings/CertificateDue'
import type { CertificateInput } from './bindings/CertificateInput'
import type { CertificatePage } from './bindings/CertificatePage'
import type { CertificateQuery } from './bindings/CertificateQuery'
import type { CertReview } from './bindings/CertReview'
import type { CertReviewInput } from './bindings/CertReviewInput'
import type { CheckoutInput } from './bindings/CheckoutInput'
import type { CitableEvidence } from './bindings/CitableEvidence'
import type { ClimateZone } from './bindings/ClimateZone'
import type { DeadlineReading } from './bindings/DeadlineReading'
import type { DueCounts } from './bindings/DueCounts'
import type { DuePage } from './bindings/DuePage'
import type { DueView } from './bindings/DueView'
import type { EditionReport } from './bindings/EditionReport'
import type { EquipmentDetail } from './bindings/EquipmentDetail'
import type { EquipmentEvent } from './bindings/EquipmentEvent'
import type { EquipmentInput } from './bindings/EquipmentInput'
import type { EquipmentItem } from './bindings/EquipmentItem'
import type { EquipmentPage } from './bindings/EquipmentPage'
import type { EquipmentQuery } from './bindings/EquipmentQuery'
import type { ErrorPayload } from './bindings/ErrorPayload'
import type { EventKind } from './bindings/EventKind'
import type { Evidence } from './bindings/Evidence'
import type { EvidencePreview } from './bindings/EvidencePreview'
import type { ExportProgress } from './bindings/ExportProgress'
import type { ExportRecord } from './bindings/ExportRecord'
import type { ExportReport } from './bindings/ExportReport'
import type { Figure } from './bindings/Figure'
import type { FigureKey } from './bindings/FigureKey'
import type { FigureQuery } from './bindings/FigureQuery'
import type { FigureSet } from './bindings/FigureSet'
import type { ImportOptions } from './bindings/ImportOptions'
import type { ImportOutcome } from './bindings/ImportOutcome'
import type { ImportReport } from './bindings/ImportReport'
import type { KeyInfo } from './bindings/KeyInfo'
import type { MaintenanceInput } from './bindings/MaintenanceInput'
import type { OrgUnit } from './bindings/OrgUnit'
import type { PdfReport } from './bindings/PdfReport'
import type { ProgressEntry } from './bindings/ProgressEntry'
import type { ProgressInput } from './bindings/ProgressInput'
import type { RankLine } from './bindings/RankLine'
import type { Recovery } from './bindings/Recovery'
import type { RestoreOutcome } from './bindings/RestoreOutcome'
import type { ReturnInput } from './bindings/ReturnInput'
import type { RubricCheck } from './bindings/RubricCheck'
import type { RubricInfo } from './bindings/RubricInfo'
import type { Schedule } from './bindings/Schedule'
import type { ScheduleInput } from './bindings/ScheduleInput'
import type { ScoreInput } from './bindings/ScoreInput'
import type { ScrapInput } from './bindings/ScrapInput'
import type { Secondment } from './bindings/Secondment'
import type { SecondmentInput } from './bindings/SecondmentInput'
import type { SecondmentQuery } from './bindings/SecondmentQuery'
import type { SheetKind } from './bindings/SheetKind'
import type { Staff } from './bindings/Staff'
import type { StaffDetail } from './bindings/StaffDetail'
import type { StaffInput } from './bindings/StaffInput'
import type { StaffPage } from './bindings/StaffPage'
import type { StaffQuery } from './bindings/StaffQuery'
import type { StandardItem } from './bindings/StandardItem'
import type { StandardItemInput } from './bindings/StandardItemInput'
import type { StandardList } from './bindings/StandardList'
import type { Task } from './bindings/Task'
import type { TaskDetail } from './bindings/TaskDetail'
import type { TaskInput } from './bindings/TaskInput'
import type { TaskPage } from './bindings/TaskPage'
import type { TaskQuery } from './bindings/TaskQuery'
import type { TaskSummary } from './bindings/TaskSummary'
import type { TemplatePreview } from './bindings/TemplatePreview'
import type { TrainingDetail } from './bindings/TrainingDetail'
import type { TrainingInput } from './bindings/TrainingInput'
import type { TrainingKind } from './bindings/TrainingKind'
import type { TrainingPage } from './bindings/TrainingPage'
import type { TrainingQuery } from './bindings/TrainingQuery'
import type { TrainingSession } from './bindings/TrainingSession'
import type { TransferInput } from './bindings/TransferInput'
import type { UniformIssue } from './bindings/UniformIssue'
import type { UniformIssueInput } from './bindings/UniformIssueInput'
import type { UniformIssuePage } from './bindings/UniformIssuePage'
import type { UniformIssueQuery } from './bindings/UniformIssueQuery'
import type { UniformOverviewPage } from './bindings/UniformOverviewPage'
import type { UniformScaleInput } from './bindings/UniformScaleInput'
import type { UniformScaleItem } from './bindings/UniformScaleItem'
import type { UnitInput } from './bindings/UnitInput'
import type { VerifyReport } from './bindings/VerifyReport'

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

/** Calls not answered yet, and who waits for there to be none. */
let pending = 0
let whenSettled: (() => void)[] = []

/** Resolves once every call made so far has been answered (at once when none is pending). */
export function callsSettled(): Promise<void> {
  if (pending === 0) return Promise.resolve()
  return new Promise((resolve) => whenSettled.push(resolve))
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  pending++
  try {
    return await invoke<T>(cmd, args)
  } catch (e) {
    throw toErrorPayload(e)
  } finally {
    pending--
    if (pending === 0) {
      const waiting = whenSettled
      whenSettled = []
      waiting.forEach((resolve) => resolve())
    }
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
  /** How the 完成时限 typed so far reads in `year`. */
  readDeadline: (text: string, year: number) => call<DeadlineReading>('read_deadline', { text, year }),
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
  /** Import (or check) a sheet of any ledger. */
  importSheet: (kind: SheetKind, path: string, options: ImportOptions) =>
    call<ImportReport>('import_sheet', { kind, path, options }),
  /** The import dialog closed: the app may drop the workbook it keeps for the dialog's steps. */
  forgetImportFile: () => call<null>('forget_import_file'),
  pickExportPath: (defaultName: string) => call<string | null>('pick_export_path', { defaultName }),
  exportTasks: (path: string, query: TaskQuery) =>
    call<ExportReport>('export_tasks', { path, query }),

  listAudit: (query: AuditQuery) => call<AuditPage>('list_audit', { query }),

  // The people ledgers.
  listStaff: (query: StaffQuery) => call<StaffPage>('list_staff', { query }),
  getStaff: (id: string, asOf: string | null = null) => call<StaffDetail>('get_staff', { id, asOf }),
  createStaff: (input: StaffInput) => call<Staff>('create_staff', { input }),
  updateStaff: (id: string, revision: number, input: StaffInput) =>
    call<Staff>('update_staff', { id, revision, input }),
  deleteStaff: (id: string, revision: number) => call<null>('delete_staff', { id, revision }),
  setStaffPhoto: (id: string, evidenceId: string | null) => call<Staff>('set_staff_photo', { id, evidenceId }),

  listCertificates: (query: CertificateQuery) => call<CertificatePage>('list_certificates', { query }),
  getCertificate: (id: string) => call<CertificateDetail>('get_certificate', { id }),
  createCertificate: (input: CertificateInput) => call<Certificate>('create_certificate', { input }),
  updateCertificate: (id: string, revision: number, input: CertificateInput) =>
    call<Certificate>('update_certificate', { id, revision, input }),
  deleteCertificate: (id: string, revision: number) => call<null>('delete_certificate', { id, revision }),
  addCertificateReview: (id: string, input: CertReviewInput) =>
    call<CertReview>('add_certificate_review', { id, input }),
  deleteCertificateReview: (id: string) => call<null>('delete_certificate_review', { id }),
  certificatesDue: (asOf: string | null, days: number) =>
    call<CertificateDue[]>('certificates_due', { asOf, days }),

  listSecondments: (query: SecondmentQuery) => call<Secondment[]>('list_secondments', { query }),
  createSecondment: (input: SecondmentInput) => call<Secondment>('create_secondment', { input }),
  updateSecondment: (id: string, revision: number, input: SecondmentInput) =>
    call<Secondment>('update_secondment', { id, revision, input }),
  deleteSecondment: (id: string, revision: number) => call<null>('delete_secondment', { id, revision }),

  climateZone: () => call<ClimateZone | null>('climate_zone'),
  setClimateZone: (zone: ClimateZone) => call<null>('set_climate_zone', { zone }),
  uniformScale: () => call<UniformScaleItem[]>('uniform_scale'),
  createUniformScaleItem: (input: UniformScaleInput) =>
    call<UniformScaleItem>('create_uniform_scale_item', { input }),
  updateUniformScaleItem: (id: string, revision: number, input: UniformScaleInput) =>
    call<UniformScaleItem>('update_uniform_scale_item', { id, revision, input }),
  deleteUniformScaleItem: (id: string, revision: number) =>
    call<null>('delete_uniform_scale_item', { id, revision }),
  uniformIssuePage: (query: UniformIssueQuery) => call<UniformIssuePage>('uniform_issue_page', { query }),
  createUniformIssue: (input: UniformIssueInput) => call<UniformIssue>('create_uniform_issue', { input }),
  deleteUniformIssue: (id: string, revision: number) => call<null>('delete_uniform_issue', { id, revision }),
  uniformOverviewPage: (asOf: string | null, incompleteOnly: boolean, offset: number, limit: number) =>
    call<UniformOverviewPage | null>('uniform_overview_page', { asOf, incompleteOnly, offset, limit }),

  // Training.
  trainingKinds: () => call<TrainingKind[]>('training_kinds'),
  addTrainingKind: (name: string) => call<TrainingKind>('add_training_kind', { name }),
  deleteTrainingKind: (name: string) => call<null>('delete_training_kind', { name }),
  listTraining: (query: TrainingQuery) => call<TrainingPage>('list_training', { query }),
  getTraining: (id: string) => call<TrainingDetail>('get_training', { id }),
  createTraining: (input: TrainingInput) => call<TrainingSession>('create_training', { input }),
  updateTraining: (id: string, revision: number, input: TrainingInput) =>
    call<TrainingSession>('update_training', { id, revision, input }),
  deleteTraining: (id: string, revision: number) => call<null>('delete_training', { id, revision }),

  // Exports of the people ledgers (each written to a temporary name, synced, renamed, read back).
  exportStaff: (path: string, query: StaffQuery, byUnit = false) =>
    call<ExportReport>('export_staff', { path, query, byUnit }),
  exportCertificates: (path: string, query: CertificateQuery) =>
    call<ExportReport>('export_certificates', { path, query }),
  exportSecondments: (path: string, query: SecondmentQuery) =>
    call<ExportReport>('export_secondments', { path, query }),
  exportUniformIssues: (path: string) => call<ExportReport>('export_uniform_issues', { path }),
  exportTraining: (path: string, query: TrainingQuery) => call<ExportReport>('export_training', { path, query }),

  // The equipment inventory.
  standardList: () => call<StandardList>('standard_list'),
  createStandardItem: (input: StandardItemInput) => call<StandardItem>('create_standard_item', { input }),
  updateStandardItem: (id: string, revision: number, input: StandardItemInput) =>
    call<StandardItem>('update_standard_item', { id, revision, input }),
  deleteStandardItem: (id: string, revision: number) => call<null>('delete_standard_item', { id, revision }),
  pickStandardFile: () => call<string | null>('pick_standard_file'),
  /** Load a newer edition of the standard list; with dryRun, only say what would change. */
  loadStandardEdition: (path: string, dryRun: boolean) =>
    call<EditionReport>('load_standard_edition', { path, dryRun }),
  listEquipment: (query: EquipmentQuery) => call<EquipmentPage>('list_equipment', { query }),
  getEquipment: (id: string, asOf: string | null = null) => call<EquipmentDetail>('get_equipment', { id, asOf }),
  equipmentCategories: () => call<string[]>('equipment_categories'),
  createEquipment: (input: EquipmentInput) => call<EquipmentItem>('create_equipment', { input }),
  updateEquipment: (id: string, revision: number, input: EquipmentInput) =>
    call<EquipmentItem>('update_equipment', { id, revision, input }),
  deleteEquipment: (id: string, revision: number) => call<null>('delete_equipment', { id, revision }),
  checkoutEquipment: (id: string, input: CheckoutInput) => call<EquipmentEvent>('checkout_equipment', { id, input }),
  returnEquipment: (id: string, input: ReturnInput) => call<EquipmentEvent>('return_equipment', { id, input }),
  maintainEquipment: (id: string, input: MaintenanceInput) =>
    call<EquipmentEvent>('maintain_equipment', { id, input }),
  transferEquipment: (id: string, input: TransferInput) => call<EquipmentEvent>('transfer_equipment', { id, input }),
  scrapEquipment: (id: string, input: ScrapInput) => call<EquipmentEvent>('scrap_equipment', { id, input }),
  deleteEquipmentEvent: (id: string, revision: number) => call<null>('delete_equipment_event', { id, revision }),
  listEquipmentEvents: (kinds: EventKind[]) => call<EquipmentEvent[]>('list_equipment_events', { kinds }),
  equipmentSchedules: () => call<Schedule[]>('equipment_schedules'),
  createSchedule: (input: ScheduleInput) => call<Schedule>('create_schedule', { input }),
  updateSchedule: (id: string, revision: number, input: ScheduleInput) =>
    call<Schedule>('update_schedule', { id, revision, input }),
  deleteSchedule: (id: string, revision: number) => call<null>('delete_schedule', { id, revision }),
  /** 到期提醒: the counts, and the first `limit` items of each group (of `day` only, if given). */
  equipmentDueView: (asOf: string | null, days: number, day: string | null, limit: number) =>
    call<DueView>('equipment_due_view', { asOf, days, day, limit }),
  /** One page of one group (`overdue` or a month, `YYYY-MM`) of 到期提醒. */
  equipmentDuePage: (asOf: string | null, days: number, day: string | null, group: string, offset: number, limit: number) =>
    call<DuePage>('equipment_due_page', { asOf, days, day, group, offset, limit }),
  equipmentDueCounts: (asOf: string | null, days: number) => call<DueCounts>('equipment_due_counts', { asOf, days }),
  exportEquipment: (path: string, query: EquipmentQuery, byUnit = false) =>
    call<ExportReport>('export_equipment', { path, query, byUnit }),
  exportEquipmentUsage: (path: string) => call<ExportReport>('export_equipment_usage', { path }),
  exportEquipmentMaintenance: (path: string) => call<ExportReport>('export_equipment_maintenance', { path }),

  // The figures of METRICS.md.
  // The set comes without the names behind each figure (tens of MB for a large branch): the
  // names dialog asks for one figure's.
  figures: (query: FigureQuery) => call<FigureSet>('figures', { query }),
  figureNames: (query: FigureQuery, key: FigureKey) => call<Figure>('figure_names', { query, key }),

  // The self-assessment.
  listRubrics: () => call<RubricInfo[]>('list_rubrics'),
  pickRubricFile: () => call<string | null>('pick_rubric_file'),
  checkRubricFile: (path: string) => call<RubricCheck>('check_rubric_file', { path }),
  loadRubricFile: (path: string) => call<RubricInfo>('load_rubric_file', { path }),
  assessmentFor: (rubricId: string, year: number, subjectId: string | null) =>
    call<AssessmentResult>('assessment_for', { rubricId, year, subjectId }),
  currentAssessment: (year: number) => call<AssessmentResult>('current_assessment', { year }),
  getAssessment: (id: string) => call<AssessmentInfo>('get_assessment', { id }),
  assessmentResult: (id: string) => call<AssessmentResult>('assessment_result', { id }),
  assessmentVersions: (rubricId: string, year: number, subjectId: string | null) =>
    call<AssessmentInfo[]>('assessment_versions', { rubricId, year, subjectId }),
  openAssessment: (rubricId: string, year: number, subjectId: string | null) =>
    call<AssessmentInfo>('open_assessment', { rubricId, year, subjectId }),
  setAssessmentDate: (id: string, asOf: string) => call<AssessmentInfo>('set_assessment_date', { id, asOf }),
  scoreItem: (id: string, itemId: string, input: ScoreInput) =>
    call<AssessmentResult>('score_item', { id, itemId, input }),
  overrideItem: (id: string, itemId: string, score: number, reason: string, note: string) =>
    call<AssessmentResult>('override_item', { id, itemId, score, reason, note }),
  clearItem: (id: string, itemId: string) => call<AssessmentResult>('clear_item', { id, itemId }),
  attachItemEvidence: (id: string, itemId: string, paths: string[]) =>
    call<Evidence[]>('attach_item_evidence', { id, itemId, paths }),
  linkItemEvidence: (id: string, itemId: string, evidenceId: string) =>
    call<Evidence>('link_item_evidence', { id, itemId, evidenceId }),
  citableEvidence: (search: string) => call<CitableEvidence[]>('citable_evidence', { search }),
  submitAssessment: (id: string, revision: number) => call<AssessmentInfo>('submit_assessment', { id, revision }),
  returnAssessment: (id: string, revision: number, reason: string) =>
    call<AssessmentInfo>('return_assessment', { id, revision, reason }),
  signOffAssessment: (id: string, revision: number, signer: string) =>
    call<AssessmentInfo>('sign_off_assessment', { id, revision, signer }),
  amendAssessment: (id: string) => call<AssessmentInfo>('amend_assessment', { id }),
  rankPeople: (rubricId: string, year: number) => call<RankLine[]>('rank_people', { rubricId, year }),

  // PDF reports.
  reportFonts: (builtinOnly: boolean) => call<string[]>('report_fonts', { builtinOnly }),
  pickPdfPath: (defaultName: string) => call<string | null>('pick_pdf_path', { defaultName }),
  selfAssessmentReport: (args: {
    assessmentId: string | null
    rubricId: string
    year: number
    path: string
    recipient: string | null
    contact: string | null
    phone: string | null
    builtinOnly: boolean
  }) => call<PdfReport>('self_assessment_report', args),
  ledgerPdf: (ledger: string, path: string, asOf: string | null, builtinOnly: boolean) =>
    call<PdfReport>('ledger_pdf', { ledger, path, asOf, builtinOnly }),
  openReport: (path: string) => call<null>('open_report', { path }),

  // Signed data bundles: the branch's key and exports, the city bureau's side.
  keyInfo: () => call<KeyInfo>('key_info'),
  /** Pin the city bureau's public key (`path` of the .pub file it gave). */
  pinCityKey: (path: string) => call<KeyInfo>('pin_city_key', { path }),
  savePublicKey: (dir: string) => call<string>('save_public_key', { dir }),
  /** Every bundle this database wrote, newest first. */
  listExports: () => call<ExportRecord[]>('list_exports'),
  /** Export the branch's bundle into `dir`; progress arrives through `onBundleProgress`. */
  exportBundle: (dir: string, full: boolean) => call<ExportRecord>('export_bundle', { dir, full }),
  /** Check a bundle without importing it; rejects with the reason when it is refused. */
  verifyBundle: (path: string) => call<VerifyReport>('verify_bundle', { path }),
  initCity: (name: string) => call<OrgUnit>('init_city', { name }),
  cityStatus: () => call<BranchStatus[]>('city_status'),
  cityRefresh: () => call<BranchStatus[]>('city_refresh'),
  /** Import branch bundles, all or nothing; `registerNew` registers branches seen the first time. */
  cityImport: (paths: string[], registerNew: boolean) =>
    call<ImportOutcome[]>('city_import', { paths, registerNew }),
  registerBranchKey: (path: string, name: string) => call<BranchStatus>('register_branch_key', { path, name }),
  /** Every ledger command reads this branch's records (read-only) until `closeBranchView`. */
  openBranchView: (branchId: string) => call<null>('open_branch_view', { branchId }),
  closeBranchView: () => call<null>('close_branch_view'),
  /** The city summary: `.pdf` (opened in the viewer) or `.xlsx`, by the path's extension. */
  citySummary: (path: string) => call<PdfReport>('city_summary', { path }),
  exportTemplate: (dir: string, files: TemplateFiles) => call<ExportRecord>('export_template', { dir, ...files }),
  /** What importing the template bundle would do; nothing is written. */
  previewTemplate: (path: string) => call<TemplatePreview>('preview_template', { path }),
  importTemplate: (path: string) => call<TemplatePreview>('import_template', { path }),
  pickFolder: () => call<string | null>('pick_folder'),
  pickBundleFiles: () => call<string[]>('pick_bundle_files'),
  pickBundleFile: () => call<string | null>('pick_bundle_file'),
  pickKeyFile: () => call<string | null>('pick_key_file'),
  pickTomlFile: (title: string) => call<string | null>('pick_toml_file', { title }),
  pickSummaryPath: (defaultName: string) => call<string | null>('pick_summary_path', { defaultName }),
  /** The recovery offer while the database cannot be used; null when it is fine. */
  recoveryStatus: () => call<Recovery | null>('recovery_status'),
  listBackups: () => call<BackupSet[]>('list_backups'),
  createBackup: () => call<BackupSet>('create_backup'),
  /** Replace the database by a backup (the current one is backed up first, or kept aside if damaged). */
  restoreBackup: (id: string) => call<RestoreOutcome>('restore_backup', { id }),
  /** The first page is on screen (`shown`), then with everything it asked for (`complete`). */
  uiReady: (stage: 'shown' | 'complete') => call<number>('ui_ready', { stage }),
  /** A failure of the UI's own code, for the app's log (`place`: where; `detail`: no ledger data). */
  uiError: (place: string, detail: string) => call<null>('ui_error', { place, detail }),
}

/** The event the shell emits when the check after start finds the database damaged. */
export const DB_DAMAGED_EVENT = 'db-damaged'

/** Be told when the database is found damaged; call the returned function to stop. */
export function onDbDamaged(cb: (r: Recovery) => void): Promise<UnlistenFn> {
  return listen<Recovery>(DB_DAMAGED_EVENT, (e) => cb(e.payload))
}

/** The files of a template bundle (at least one set); keys as `export_template` takes them. */
export interface TemplateFiles {
  tasks: string | null
  rubric: string | null
  standard: string | null
  trainingKinds: string | null
  uniforms: string | null
}

/** The event the shell emits while it writes a bundle. */
export const BUNDLE_PROGRESS_EVENT = 'bundle-progress'

/** Follow the progress of a bundle export; call the returned function to stop. */
export function onBundleProgress(cb: (p: ExportProgress) => void): Promise<UnlistenFn> {
  return listen<ExportProgress>(BUNDLE_PROGRESS_EVENT, (e) => cb(e.payload))
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
