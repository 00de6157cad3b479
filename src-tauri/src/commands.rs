//! IPC commands: parse, call one core method, map the error. Async so that they run off the
//! main (GTK) thread; the ledger is behind a mutex, so calls are serialised.

// The error type is what crosses IPC; boxing it would gain nothing.
#![allow(clippy::result_large_err)]

use std::path::PathBuf;

use ledger_core::assessment::{AssessmentInfo, AssessmentResult, RankLine, RubricCheck, RubricInfo, ScoreInput};
use ledger_core::equipment::{
    CheckoutInput, DueCounts, DueItem, EditionReport, EquipmentDetail, EquipmentEvent, EquipmentInput, EquipmentItem,
    EquipmentPage, EquipmentQuery, EventKind, MaintenanceInput, ReturnInput, Schedule, ScheduleInput, ScrapInput,
    StandardItem, StandardItemInput, StandardList, TransferInput,
};
use ledger_core::figures::{Figure, FigureKey, FigureQuery, FigureSet};
use ledger_core::model::{
    AppInfo, AuditPage, AuditQuery, CitableEvidence, Evidence, EvidencePreview, OrgUnit, PdfReport, UnitInput,
};
use ledger_core::people::{
    CertReview, CertReviewInput, Certificate, CertificateDetail, CertificateDue, CertificateInput, CertificatePage,
    CertificateQuery, ClimateZone, Secondment, SecondmentInput, SecondmentQuery, Staff, StaffDetail, StaffInput,
    StaffPage, StaffQuery, UniformIssue, UniformIssueInput, UniformScaleInput, UniformScaleItem, UniformStatus,
};
use ledger_core::sheets::SheetKind;
use ledger_core::store::dates;
use ledger_core::store::excel::{ExportReport, ImportOptions, ImportReport};
use ledger_core::tasks::template::Template;
use ledger_core::tasks::{ProgressEntry, ProgressInput, Task, TaskDetail, TaskInput, TaskPage, TaskQuery, TaskSummary};
use ledger_core::training::{
    TrainingDetail, TrainingInput, TrainingKind, TrainingPage, TrainingQuery, TrainingSession,
};
use ledger_core::{ErrorPayload, Ledger, LedgerError};
use ledger_report::ledgers::ledger_report_with;
use ledger_report::{self_assessment, write_pdf, FontPlan, LedgerKind, ReportContext};
use tauri::State;

use crate::AppState;

type Res<T> = Result<T, ErrorPayload>;

pub(crate) fn poisoned<E>(_: E) -> ErrorPayload {
    LedgerError::Rejected("程序内部错误：数据连接不可用，请重新启动程序".into()).to_payload()
}

/// Run `f` on the ledger the pages show — a branch's replica while the city reviewer views one
/// (read-only), else the app's own database — mapping errors for the UI.
pub(crate) fn with<T>(state: &State<'_, AppState>, f: impl FnOnce(&mut Ledger) -> ledger_core::Result<T>) -> Res<T> {
    blocking(|| {
        let mut view = state.view.lock().map_err(poisoned)?;
        if let Some(replica) = view.as_mut() {
            return f(replica).map_err(failed);
        }
        drop(view);
        on_home(state, f)
    })
}

/// Run a call that waits for the ledger's lock and then for SQLite without holding up the async
/// runtime's worker: with two cores there are two workers, and two calls waiting on a long one
/// (the figures of a large branch) would stall every other call, even those that need no lock.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let result = tokio::task::block_in_place(f);
    crate::memory::after_call(started.elapsed());
    result
}

/// The payload of a failed call; its code (never its message, which may hold names) is logged.
fn failed(e: LedgerError) -> ErrorPayload {
    tracing::info!(code = e.code(), "call refused");
    e.to_payload()
}

/// Run `f` on the app's own database (the city bureau's registry, whatever is being viewed).
pub(crate) fn with_home<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut Ledger) -> ledger_core::Result<T>,
) -> Res<T> {
    blocking(|| on_home(state, f))
}

fn on_home<T>(state: &State<'_, AppState>, f: impl FnOnce(&mut Ledger) -> ledger_core::Result<T>) -> Res<T> {
    let mut ledger = state.ledger.lock().map_err(poisoned)?;
    match ledger.as_mut() {
        Some(l) => f(l).map_err(failed),
        None => {
            let problem = state.recovery.lock().ok().and_then(|r| r.as_ref().map(|r| r.problem.clone()));
            let message = problem.unwrap_or_else(|| "数据库正在恢复，请稍候".to_string());
            Err(LedgerError::Damaged { path: state.db_path.display().to_string(), message }.to_payload())
        }
    }
}

fn date(field: &str, s: Option<String>) -> ledger_core::Result<Option<chrono::NaiveDate>> {
    s.filter(|s| !s.trim().is_empty()).map(|s| dates::parse_field(field, &s)).transpose()
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    with(&state, |l| l.app_info(env!("CARGO_PKG_VERSION")))
}

#[tauri::command]
pub async fn init_branch(state: State<'_, AppState>, branch_name: String) -> Res<OrgUnit> {
    with(&state, |l| l.init_branch(&branch_name))
}

#[tauri::command]
pub async fn list_units(state: State<'_, AppState>) -> Res<Vec<OrgUnit>> {
    with(&state, |l| l.list_units())
}

#[tauri::command]
pub async fn add_unit(state: State<'_, AppState>, input: UnitInput) -> Res<OrgUnit> {
    with(&state, |l| l.add_unit(&input))
}

#[tauri::command]
pub async fn update_unit(state: State<'_, AppState>, id: String, revision: i64, input: UnitInput) -> Res<OrgUnit> {
    with(&state, |l| l.update_unit(&id, revision, &input))
}

#[tauri::command]
pub async fn remove_unit_alias(state: State<'_, AppState>, alias: String) -> Res<()> {
    with(&state, |l| l.remove_unit_alias(&alias))
}

#[tauri::command]
pub async fn list_tasks(state: State<'_, AppState>, query: TaskQuery) -> Res<TaskPage> {
    with(&state, |l| l.list_tasks(&query))
}

#[tauri::command]
pub async fn task_years(state: State<'_, AppState>) -> Res<Vec<i32>> {
    with(&state, |l| l.task_years())
}

#[tauri::command]
pub async fn task_categories(state: State<'_, AppState>, year: Option<i32>) -> Res<Vec<String>> {
    with(&state, |l| l.task_categories(year))
}

#[tauri::command]
pub async fn task_summary(state: State<'_, AppState>, year: Option<i32>, as_of: Option<String>) -> Res<TaskSummary> {
    with(&state, |l| l.task_summary(year, date("参考日期", as_of)?))
}

#[tauri::command]
pub async fn get_task(state: State<'_, AppState>, id: String) -> Res<TaskDetail> {
    with(&state, |l| l.task_detail(&id))
}

#[tauri::command]
pub async fn create_task(state: State<'_, AppState>, input: TaskInput) -> Res<Task> {
    with(&state, |l| l.create_task(&input))
}

#[tauri::command]
pub async fn update_task(state: State<'_, AppState>, id: String, revision: i64, input: TaskInput) -> Res<Task> {
    with(&state, |l| l.update_task(&id, revision, &input))
}

#[tauri::command]
pub async fn delete_task(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_task(&id, revision))
}

#[tauri::command]
pub async fn add_progress(state: State<'_, AppState>, task_id: String, input: ProgressInput) -> Res<ProgressEntry> {
    with(&state, |l| l.add_progress(&task_id, &input))
}

#[tauri::command]
pub async fn apply_template(state: State<'_, AppState>, year: i32) -> Res<usize> {
    with(&state, |l| l.apply_template(&Template::builtin(), year))
}

#[tauri::command]
pub async fn apply_template_file(state: State<'_, AppState>, path: PathBuf, year: i32) -> Res<usize> {
    let template = Template::load(&path).map_err(|e| e.to_payload())?;
    with(&state, |l| l.apply_template(&template, year))
}

#[tauri::command]
pub async fn attach_evidence(
    state: State<'_, AppState>,
    entity: String,
    entity_id: String,
    path: PathBuf,
) -> Res<Evidence> {
    with(&state, |l| l.attach_evidence(&entity, &entity_id, &path))
}

#[tauri::command]
pub async fn open_evidence(state: State<'_, AppState>, id: String) -> Res<()> {
    let dir = std::env::temp_dir().join("branch-ledger-view");
    let path = with(&state, |l| l.evidence_copy_in(&id, &dir))?;
    open::that_detached(&path).map_err(|e| LedgerError::file(&path, format!("无法用系统程序打开：{e}")).to_payload())
}

#[tauri::command]
pub async fn evidence_preview(state: State<'_, AppState>, id: String) -> Res<Option<EvidencePreview>> {
    with(&state, |l| l.evidence_preview(&id))
}

#[tauri::command]
pub async fn delete_evidence(state: State<'_, AppState>, id: String) -> Res<()> {
    with(&state, |l| l.delete_evidence(&id))
}

#[tauri::command]
pub async fn import_sheet(
    state: State<'_, AppState>,
    kind: SheetKind,
    path: PathBuf,
    options: ImportOptions,
) -> Res<ImportReport> {
    with(&state, |l| l.import_sheet(kind, &path, &options))
}

#[tauri::command]
pub async fn export_tasks(state: State<'_, AppState>, path: PathBuf, query: TaskQuery) -> Res<ExportReport> {
    with(&state, |l| l.export_tasks(&path, &query))
}

#[tauri::command]
pub async fn list_audit(state: State<'_, AppState>, query: AuditQuery) -> Res<AuditPage> {
    with(&state, |l| l.audit_log(&query))
}

// --- the people ledgers ------------------------------------------------------------------------

#[tauri::command]
pub async fn list_staff(state: State<'_, AppState>, query: StaffQuery) -> Res<StaffPage> {
    with(&state, |l| l.list_staff(&query))
}

#[tauri::command]
pub async fn get_staff(state: State<'_, AppState>, id: String, as_of: Option<String>) -> Res<StaffDetail> {
    with(&state, |l| l.staff_detail(&id, date("参考日期", as_of)?))
}

#[tauri::command]
pub async fn create_staff(state: State<'_, AppState>, input: StaffInput) -> Res<Staff> {
    with(&state, |l| l.create_staff(&input))
}

#[tauri::command]
pub async fn update_staff(state: State<'_, AppState>, id: String, revision: i64, input: StaffInput) -> Res<Staff> {
    with(&state, |l| l.update_staff(&id, revision, &input))
}

#[tauri::command]
pub async fn delete_staff(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_staff(&id, revision))
}

#[tauri::command]
pub async fn set_staff_photo(state: State<'_, AppState>, id: String, evidence_id: Option<String>) -> Res<Staff> {
    with(&state, |l| l.set_staff_photo(&id, evidence_id.as_deref()))
}

#[tauri::command]
pub async fn list_certificates(state: State<'_, AppState>, query: CertificateQuery) -> Res<CertificatePage> {
    with(&state, |l| l.list_certificates(&query))
}

#[tauri::command]
pub async fn get_certificate(state: State<'_, AppState>, id: String) -> Res<CertificateDetail> {
    with(&state, |l| l.certificate_detail(&id))
}

#[tauri::command]
pub async fn create_certificate(state: State<'_, AppState>, input: CertificateInput) -> Res<Certificate> {
    with(&state, |l| l.create_certificate(&input))
}

#[tauri::command]
pub async fn update_certificate(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    input: CertificateInput,
) -> Res<Certificate> {
    with(&state, |l| l.update_certificate(&id, revision, &input))
}

#[tauri::command]
pub async fn delete_certificate(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_certificate(&id, revision))
}

#[tauri::command]
pub async fn add_certificate_review(state: State<'_, AppState>, id: String, input: CertReviewInput) -> Res<CertReview> {
    with(&state, |l| l.add_certificate_review(&id, &input))
}

#[tauri::command]
pub async fn delete_certificate_review(state: State<'_, AppState>, id: String) -> Res<()> {
    with(&state, |l| l.delete_certificate_review(&id))
}

#[tauri::command]
pub async fn certificates_due(
    state: State<'_, AppState>,
    as_of: Option<String>,
    days: i64,
) -> Res<Vec<CertificateDue>> {
    with(&state, |l| l.certificates_due(date("参考日期", as_of)?.unwrap_or_else(dates::today), days))
}

#[tauri::command]
pub async fn list_secondments(state: State<'_, AppState>, query: SecondmentQuery) -> Res<Vec<Secondment>> {
    with(&state, |l| l.list_secondments(&query))
}

#[tauri::command]
pub async fn create_secondment(state: State<'_, AppState>, input: SecondmentInput) -> Res<Secondment> {
    with(&state, |l| l.create_secondment(&input))
}

#[tauri::command]
pub async fn update_secondment(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    input: SecondmentInput,
) -> Res<Secondment> {
    with(&state, |l| l.update_secondment(&id, revision, &input))
}

#[tauri::command]
pub async fn delete_secondment(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_secondment(&id, revision))
}

#[tauri::command]
pub async fn climate_zone(state: State<'_, AppState>) -> Res<Option<ClimateZone>> {
    with(&state, |l| l.climate_zone())
}

#[tauri::command]
pub async fn set_climate_zone(state: State<'_, AppState>, zone: ClimateZone) -> Res<()> {
    with(&state, |l| l.set_climate_zone(zone))
}

#[tauri::command]
pub async fn uniform_scale(state: State<'_, AppState>) -> Res<Vec<UniformScaleItem>> {
    with(&state, |l| l.uniform_scale())
}

#[tauri::command]
pub async fn create_uniform_scale_item(state: State<'_, AppState>, input: UniformScaleInput) -> Res<UniformScaleItem> {
    with(&state, |l| l.create_uniform_scale_item(&input))
}

#[tauri::command]
pub async fn update_uniform_scale_item(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    input: UniformScaleInput,
) -> Res<UniformScaleItem> {
    with(&state, |l| l.update_uniform_scale_item(&id, revision, &input))
}

#[tauri::command]
pub async fn delete_uniform_scale_item(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_uniform_scale_item(&id, revision))
}

#[tauri::command]
pub async fn list_uniform_issues(state: State<'_, AppState>, staff_id: Option<String>) -> Res<Vec<UniformIssue>> {
    with(&state, |l| l.list_uniform_issues(staff_id.as_deref()))
}

#[tauri::command]
pub async fn create_uniform_issue(state: State<'_, AppState>, input: UniformIssueInput) -> Res<UniformIssue> {
    with(&state, |l| l.create_uniform_issue(&input))
}

#[tauri::command]
pub async fn delete_uniform_issue(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_uniform_issue(&id, revision))
}

#[tauri::command]
pub async fn uniform_overview(state: State<'_, AppState>, as_of: Option<String>) -> Res<Option<Vec<UniformStatus>>> {
    with(&state, |l| l.uniform_overview(date("参考日期", as_of)?.unwrap_or_else(dates::today)))
}

// --- training ----------------------------------------------------------------------------------

#[tauri::command]
pub async fn training_kinds(state: State<'_, AppState>) -> Res<Vec<TrainingKind>> {
    with(&state, |l| l.training_kinds())
}

#[tauri::command]
pub async fn add_training_kind(state: State<'_, AppState>, name: String) -> Res<TrainingKind> {
    with(&state, |l| l.add_training_kind(&name))
}

#[tauri::command]
pub async fn delete_training_kind(state: State<'_, AppState>, name: String) -> Res<()> {
    with(&state, |l| l.delete_training_kind(&name))
}

#[tauri::command]
pub async fn list_training(state: State<'_, AppState>, query: TrainingQuery) -> Res<TrainingPage> {
    with(&state, |l| l.list_training(&query))
}

#[tauri::command]
pub async fn get_training(state: State<'_, AppState>, id: String) -> Res<TrainingDetail> {
    with(&state, |l| l.training_detail(&id))
}

#[tauri::command]
pub async fn create_training(state: State<'_, AppState>, input: TrainingInput) -> Res<TrainingSession> {
    with(&state, |l| l.create_training(&input))
}

#[tauri::command]
pub async fn update_training(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    input: TrainingInput,
) -> Res<TrainingSession> {
    with(&state, |l| l.update_training(&id, revision, &input))
}

#[tauri::command]
pub async fn delete_training(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_training(&id, revision))
}

// --- figures -----------------------------------------------------------------------------------

#[tauri::command]
pub async fn figures(state: State<'_, AppState>, query: FigureQuery) -> Res<FigureSet> {
    // Without the names: for a large branch they are tens of MB the pages do not show.
    with(&state, |l| l.figures(&query).map(FigureSet::without_names))
}

#[tauri::command]
pub async fn figure_names(state: State<'_, AppState>, query: FigureQuery, key: FigureKey) -> Res<Figure> {
    with(&state, |l| l.figure_with_names(&query, &key))
}

// --- exports of the people ledgers -------------------------------------------------------------

#[tauri::command]
pub async fn export_staff(state: State<'_, AppState>, path: PathBuf, query: StaffQuery) -> Res<ExportReport> {
    with(&state, |l| l.export_staff(&path, &query))
}

#[tauri::command]
pub async fn export_certificates(
    state: State<'_, AppState>,
    path: PathBuf,
    query: CertificateQuery,
) -> Res<ExportReport> {
    with(&state, |l| l.export_certificates(&path, &query))
}

#[tauri::command]
pub async fn export_secondments(
    state: State<'_, AppState>,
    path: PathBuf,
    query: SecondmentQuery,
) -> Res<ExportReport> {
    with(&state, |l| l.export_secondments(&path, &query))
}

#[tauri::command]
pub async fn export_uniform_issues(state: State<'_, AppState>, path: PathBuf) -> Res<ExportReport> {
    with(&state, |l| l.export_uniform_issues(&path))
}

#[tauri::command]
pub async fn export_training(state: State<'_, AppState>, path: PathBuf, query: TrainingQuery) -> Res<ExportReport> {
    with(&state, |l| l.export_training(&path, &query))
}

// --- the equipment inventory ---------------------------------------------------------------------

#[tauri::command]
pub async fn standard_list(state: State<'_, AppState>) -> Res<StandardList> {
    with(&state, |l| l.standard_list())
}

#[tauri::command]
pub async fn create_standard_item(state: State<'_, AppState>, input: StandardItemInput) -> Res<StandardItem> {
    with(&state, |l| l.create_standard_item(&input))
}

#[tauri::command]
pub async fn update_standard_item(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    input: StandardItemInput,
) -> Res<StandardItem> {
    with(&state, |l| l.update_standard_item(&id, revision, &input))
}

#[tauri::command]
pub async fn delete_standard_item(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_standard_item(&id, revision))
}

#[tauri::command]
pub async fn load_standard_edition(state: State<'_, AppState>, path: PathBuf, dry_run: bool) -> Res<EditionReport> {
    with(&state, |l| l.load_standard_edition_file(&path, dry_run))
}

#[tauri::command]
pub async fn list_equipment(state: State<'_, AppState>, query: EquipmentQuery) -> Res<EquipmentPage> {
    with(&state, |l| l.list_equipment(&query))
}

#[tauri::command]
pub async fn get_equipment(state: State<'_, AppState>, id: String, as_of: Option<String>) -> Res<EquipmentDetail> {
    with(&state, |l| l.equipment_detail(&id, date("参考日期", as_of)?))
}

#[tauri::command]
pub async fn equipment_categories(state: State<'_, AppState>) -> Res<Vec<String>> {
    with(&state, |l| l.equipment_categories())
}

#[tauri::command]
pub async fn create_equipment(state: State<'_, AppState>, input: EquipmentInput) -> Res<EquipmentItem> {
    with(&state, |l| l.create_equipment(&input))
}

#[tauri::command]
pub async fn update_equipment(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    input: EquipmentInput,
) -> Res<EquipmentItem> {
    with(&state, |l| l.update_equipment(&id, revision, &input))
}

#[tauri::command]
pub async fn delete_equipment(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_equipment(&id, revision))
}

#[tauri::command]
pub async fn checkout_equipment(state: State<'_, AppState>, id: String, input: CheckoutInput) -> Res<EquipmentEvent> {
    with(&state, |l| l.checkout_equipment(&id, &input))
}

#[tauri::command]
pub async fn return_equipment(state: State<'_, AppState>, id: String, input: ReturnInput) -> Res<EquipmentEvent> {
    with(&state, |l| l.return_equipment(&id, &input))
}

#[tauri::command]
pub async fn maintain_equipment(
    state: State<'_, AppState>,
    id: String,
    input: MaintenanceInput,
) -> Res<EquipmentEvent> {
    with(&state, |l| l.maintain_equipment(&id, &input))
}

#[tauri::command]
pub async fn transfer_equipment(state: State<'_, AppState>, id: String, input: TransferInput) -> Res<EquipmentEvent> {
    with(&state, |l| l.transfer_equipment(&id, &input))
}

#[tauri::command]
pub async fn scrap_equipment(state: State<'_, AppState>, id: String, input: ScrapInput) -> Res<EquipmentEvent> {
    with(&state, |l| l.scrap_equipment(&id, &input))
}

#[tauri::command]
pub async fn delete_equipment_event(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_equipment_event(&id, revision))
}

#[tauri::command]
pub async fn list_equipment_events(state: State<'_, AppState>, kinds: Vec<EventKind>) -> Res<Vec<EquipmentEvent>> {
    with(&state, |l| l.list_equipment_events(&kinds))
}

#[tauri::command]
pub async fn equipment_schedules(state: State<'_, AppState>) -> Res<Vec<Schedule>> {
    with(&state, |l| l.equipment_schedules())
}

#[tauri::command]
pub async fn create_schedule(state: State<'_, AppState>, input: ScheduleInput) -> Res<Schedule> {
    with(&state, |l| l.create_schedule(&input))
}

#[tauri::command]
pub async fn update_schedule(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    input: ScheduleInput,
) -> Res<Schedule> {
    with(&state, |l| l.update_schedule(&id, revision, &input))
}

#[tauri::command]
pub async fn delete_schedule(state: State<'_, AppState>, id: String, revision: i64) -> Res<()> {
    with(&state, |l| l.delete_schedule(&id, revision))
}

#[tauri::command]
pub async fn equipment_due(state: State<'_, AppState>, as_of: Option<String>, days: i64) -> Res<Vec<DueItem>> {
    with(&state, |l| l.equipment_due(date("参考日期", as_of)?.unwrap_or_else(dates::today), days))
}

#[tauri::command]
pub async fn equipment_due_counts(state: State<'_, AppState>, as_of: Option<String>, days: i64) -> Res<DueCounts> {
    with(&state, |l| l.equipment_due_counts(date("参考日期", as_of)?.unwrap_or_else(dates::today), days))
}

#[tauri::command]
pub async fn export_equipment(state: State<'_, AppState>, path: PathBuf, query: EquipmentQuery) -> Res<ExportReport> {
    with(&state, |l| l.export_equipment(&path, &query))
}

#[tauri::command]
pub async fn export_equipment_usage(state: State<'_, AppState>, path: PathBuf) -> Res<ExportReport> {
    with(&state, |l| l.export_equipment_usage(&path))
}

#[tauri::command]
pub async fn export_equipment_maintenance(state: State<'_, AppState>, path: PathBuf) -> Res<ExportReport> {
    with(&state, |l| l.export_equipment_maintenance(&path))
}

// ---------------------------------------------------------------------------------------------
// The self-assessment

#[tauri::command]
pub async fn list_rubrics(state: State<'_, AppState>) -> Res<Vec<RubricInfo>> {
    with(&state, |l| l.list_rubrics())
}

#[tauri::command]
pub async fn check_rubric_file(state: State<'_, AppState>, path: PathBuf) -> Res<RubricCheck> {
    with(&state, |l| l.check_rubric_file(&path))
}

#[tauri::command]
pub async fn load_rubric_file(state: State<'_, AppState>, path: PathBuf) -> Res<RubricInfo> {
    with(&state, |l| l.load_rubric_file(&path))
}

#[tauri::command]
pub async fn assessment_for(
    state: State<'_, AppState>,
    rubric_id: String,
    year: i32,
    subject_id: Option<String>,
) -> Res<AssessmentResult> {
    with(&state, |l| l.assessment_for(&rubric_id, year, subject_id.as_deref()))
}

#[tauri::command]
pub async fn current_assessment(state: State<'_, AppState>, year: i32) -> Res<AssessmentResult> {
    with(&state, |l| l.current_assessment(year))
}

#[tauri::command]
pub async fn get_assessment(state: State<'_, AppState>, id: String) -> Res<AssessmentInfo> {
    with(&state, |l| l.assessment(&id))
}

#[tauri::command]
pub async fn assessment_result(state: State<'_, AppState>, id: String) -> Res<AssessmentResult> {
    with(&state, |l| l.assessment_result(&id))
}

#[tauri::command]
pub async fn assessment_versions(
    state: State<'_, AppState>,
    rubric_id: String,
    year: i32,
    subject_id: Option<String>,
) -> Res<Vec<AssessmentInfo>> {
    with(&state, |l| l.assessment_versions(&rubric_id, year, subject_id.as_deref()))
}

#[tauri::command]
pub async fn open_assessment(
    state: State<'_, AppState>,
    rubric_id: String,
    year: i32,
    subject_id: Option<String>,
) -> Res<AssessmentInfo> {
    with(&state, |l| l.open_assessment(&rubric_id, year, subject_id.as_deref()))
}

#[tauri::command]
pub async fn set_assessment_date(state: State<'_, AppState>, id: String, as_of: String) -> Res<AssessmentInfo> {
    with(&state, |l| l.set_assessment_date(&id, &as_of))
}

#[tauri::command]
pub async fn score_item(
    state: State<'_, AppState>,
    id: String,
    item_id: String,
    input: ScoreInput,
) -> Res<AssessmentResult> {
    with(&state, |l| l.score_item(&id, &item_id, &input))
}

#[tauri::command]
pub async fn override_item(
    state: State<'_, AppState>,
    id: String,
    item_id: String,
    score: f64,
    reason: String,
    note: String,
) -> Res<AssessmentResult> {
    with(&state, |l| l.override_item(&id, &item_id, score, &reason, &note))
}

#[tauri::command]
pub async fn clear_item(state: State<'_, AppState>, id: String, item_id: String) -> Res<AssessmentResult> {
    with(&state, |l| l.clear_item(&id, &item_id))
}

/// Attach files to an item; all of them, or (on the first that fails) the error naming it.
#[tauri::command]
pub async fn attach_item_evidence(
    state: State<'_, AppState>,
    id: String,
    item_id: String,
    paths: Vec<PathBuf>,
) -> Res<Vec<Evidence>> {
    with(&state, |l| paths.iter().map(|p| l.attach_item_evidence(&id, &item_id, p)).collect())
}

#[tauri::command]
pub async fn link_item_evidence(
    state: State<'_, AppState>,
    id: String,
    item_id: String,
    evidence_id: String,
) -> Res<Evidence> {
    with(&state, |l| l.link_item_evidence(&id, &item_id, &evidence_id))
}

#[tauri::command]
pub async fn citable_evidence(state: State<'_, AppState>, search: String) -> Res<Vec<CitableEvidence>> {
    with(&state, |l| l.citable_evidence(&search))
}

#[tauri::command]
pub async fn submit_assessment(state: State<'_, AppState>, id: String, revision: i64) -> Res<AssessmentInfo> {
    with(&state, |l| l.submit_assessment(&id, revision))
}

#[tauri::command]
pub async fn return_assessment(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    reason: String,
) -> Res<AssessmentInfo> {
    with(&state, |l| l.return_assessment(&id, revision, &reason))
}

#[tauri::command]
pub async fn sign_off_assessment(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    signer: String,
) -> Res<AssessmentInfo> {
    with(&state, |l| l.sign_off_assessment(&id, revision, &signer))
}

#[tauri::command]
pub async fn amend_assessment(state: State<'_, AppState>, id: String) -> Res<AssessmentInfo> {
    with(&state, |l| l.amend_assessment(&id))
}

#[tauri::command]
pub async fn rank_people(state: State<'_, AppState>, rubric_id: String, year: i32) -> Res<Vec<RankLine>> {
    with(&state, |l| l.rank_people(&rubric_id, year))
}

// ---------------------------------------------------------------------------------------------
// PDF reports

/// Which font prints each element of the reports (`builtin_only`: the Noto pair only).
#[tauri::command]
pub async fn report_fonts(builtin_only: bool) -> Res<Vec<String>> {
    Ok(FontPlan::choose(builtin_only).lines())
}

/// Print a version of an assessment (`assessment_id`), or the newest of `rubric_id` and `year`,
/// to `path`, and open it in the system's PDF viewer.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn self_assessment_report(
    state: State<'_, AppState>,
    assessment_id: Option<String>,
    rubric_id: String,
    year: i32,
    path: PathBuf,
    recipient: Option<String>,
    contact: Option<String>,
    phone: Option<String>,
    builtin_only: bool,
) -> Res<PdfReport> {
    let fonts = FontPlan::choose(builtin_only);
    let saved = with(&state, |l| {
        let result = match assessment_id.as_deref().filter(|id| !id.is_empty()) {
            Some(id) => l.assessment_result(id)?,
            None => l.assessment_for(&rubric_id, year, None)?,
        };
        let mut ctx = ReportContext::from_ledger(l, &result, dates::today(), fonts.clone())?;
        let text = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if let Some(r) = text(recipient) {
            ctx.recipient = r;
        }
        ctx.contact = text(contact);
        ctx.phone = text(phone);
        let report = self_assessment(&result, &ctx)?;
        write_pdf(&path, &report)?;
        Ok(report.saved(&path, &fonts))
    })?;
    open_in_viewer(&path)?;
    Ok(saved)
}

/// Print a ledger as a landscape table for the binders, to `path`, and open it.
#[tauri::command]
pub async fn ledger_pdf(
    state: State<'_, AppState>,
    ledger: String,
    path: PathBuf,
    as_of: Option<String>,
    builtin_only: bool,
) -> Res<PdfReport> {
    let kind = LedgerKind::parse(&ledger)
        .ok_or_else(|| LedgerError::invalid("台账", format!("“{ledger}”不是可打印的台账")).to_payload())?;
    let fonts = FontPlan::choose(builtin_only);
    let saved = with(&state, |l| {
        let as_of = date("统计日期", as_of)?.unwrap_or_else(dates::today);
        let report = ledger_report_with(l, kind, as_of, &fonts)?;
        write_pdf(&path, &report)?;
        Ok(report.saved(&path, &fonts))
    })?;
    open_in_viewer(&path)?;
    Ok(saved)
}

/// Open a PDF the program wrote in the system's viewer.
#[tauri::command]
pub async fn open_report(path: PathBuf) -> Res<()> {
    open_in_viewer(&path)
}

pub(crate) fn open_in_viewer(path: &std::path::Path) -> Res<()> {
    if path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() != Some("pdf") {
        return Err(LedgerError::file(path, "只能打开本程序生成的 PDF 报告").to_payload());
    }
    // The end-to-end tests have no PDF viewer to look at.
    if std::env::var_os(crate::dialogs::SCRIPTED_ANSWERS_ENV).is_some() {
        return Ok(());
    }
    open::that_detached(path)
        .map_err(|e| LedgerError::file(path, format!("已保存，但无法用系统程序打开：{e}")).to_payload())
}
