//! The key-task ledger (重点任务分工台账): tasks, progress, evidence, templates, Excel import and export.

use std::path::PathBuf;

use ledger_core::model::{Evidence, EvidencePreview};
use ledger_core::sheets::SheetKind;
use ledger_core::store::excel::{ExportReport, ImportOptions, ImportReport};
use ledger_core::tasks::template::Template;
use ledger_core::tasks::{
    deadline, DeadlineReading, ProgressEntry, ProgressInput, Task, TaskDetail, TaskInput, TaskPage, TaskQuery,
    TaskSummary,
};
use ledger_core::LedgerError;
use tauri::State;

use crate::AppState;

use super::{date, with, Res};

#[tauri::command]
pub async fn list_tasks(state: State<'_, AppState>, query: TaskQuery) -> Res<TaskPage> {
    with(&state, |l| l.list_tasks(&query))
}

/// How the 完成时限 typed so far reads in `year` (no ledger needed).
#[tauri::command]
pub async fn read_deadline(text: String, year: i32) -> Res<DeadlineReading> {
    Ok(deadline::reading(&text, year))
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
    // The import dialog checks and imports a workbook's sheets one after another: read it once.
    with(&state, |l| {
        l.keep_workbook();
        l.import_sheet(kind, &path, &options)
    })
}

/// The import dialog has closed: the workbook it read is no longer needed.
#[tauri::command]
pub async fn forget_import_file(state: State<'_, AppState>) -> Res<()> {
    with(&state, |l| {
        l.forget_workbook();
        Ok(())
    })
}

#[tauri::command]
pub async fn export_tasks(state: State<'_, AppState>, path: PathBuf, query: TaskQuery) -> Res<ExportReport> {
    with(&state, |l| l.export_tasks(&path, &query))
}
