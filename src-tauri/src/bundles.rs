//! IPC commands of bundles: the branch's key and exports, the city bureau's registry, imports,
//! side-by-side view, read-only branch view and summary, and the template bundle both ways.

// The error type is what crosses IPC; boxing it would gain nothing.
#![allow(clippy::result_large_err)]

use std::path::PathBuf;

use ledger_core::bundles::model::{BranchStatus, ExportProgress, ExportRecord, ImportOutcome, KeyInfo, VerifyReport};
use ledger_core::bundles::template::{TemplateFiles, TemplatePreview};
use ledger_core::bundles::ExportRequest;
use ledger_core::model::{OrgUnit, PdfReport};
use ledger_core::store::files::read_text;
use ledger_core::ErrorPayload;
use ledger_report::FontPlan;
use tauri::{AppHandle, Emitter, State};

use crate::commands::{open_in_viewer, poisoned, with_home};
use crate::AppState;

type Res<T> = Result<T, ErrorPayload>;

/// The event the export's progress bar listens to.
const PROGRESS_EVENT: &str = "bundle-progress";

#[tauri::command]
pub async fn key_info(state: State<'_, AppState>) -> Res<KeyInfo> {
    with_home(&state, |l| l.key_info())
}

#[tauri::command]
pub async fn pin_city_key(state: State<'_, AppState>, path: PathBuf) -> Res<KeyInfo> {
    with_home(&state, |l| {
        let text = read_text(&path)?;
        l.pin_city_key(&text)
    })
}

/// Write this database's public key file into `dir`; returns its path.
#[tauri::command]
pub async fn save_public_key(state: State<'_, AppState>, dir: PathBuf) -> Res<String> {
    with_home(&state, |l| l.save_public_key(&dir).map(|p| p.display().to_string()))
}

#[tauri::command]
pub async fn list_exports(state: State<'_, AppState>) -> Res<Vec<ExportRecord>> {
    with_home(&state, |l| l.exports())
}

/// Export the branch's bundle into `dir` (the USB stick), with the latest self-assessment PDF.
#[tauri::command]
pub async fn export_bundle(app: AppHandle, state: State<'_, AppState>, dir: PathBuf, full: bool) -> Res<ExportRecord> {
    with_home(&state, |l| {
        let report = ledger_report::latest_self_assessment(l, &FontPlan::choose(false))?;
        let req = ExportRequest { dir, full, report };
        l.export_bundle(&req, &mut |p: ExportProgress| {
            let _ = app.emit(PROGRESS_EVENT, p);
        })
    })
}

#[tauri::command]
pub async fn verify_bundle(state: State<'_, AppState>, path: PathBuf) -> Res<VerifyReport> {
    with_home(&state, |l| l.verify_bundle(&path))
}

#[tauri::command]
pub async fn init_city(state: State<'_, AppState>, name: String) -> Res<OrgUnit> {
    with_home(&state, |l| l.init_city(&name))
}

#[tauri::command]
pub async fn city_status(state: State<'_, AppState>) -> Res<Vec<BranchStatus>> {
    with_home(&state, |l| l.city_status())
}

/// Recompute every branch's figures for today.
#[tauri::command]
pub async fn city_refresh(state: State<'_, AppState>) -> Res<Vec<BranchStatus>> {
    with_home(&state, |l| l.city_refresh())
}

/// Import bundles; `register_new` registers branches seen for the first time (the reviewer has
/// compared their fingerprints in the preview).
#[tauri::command]
pub async fn city_import(
    state: State<'_, AppState>,
    paths: Vec<PathBuf>,
    register_new: bool,
) -> Res<Vec<ImportOutcome>> {
    with_home(&state, |l| l.city_import(&paths, register_new))
}

#[tauri::command]
pub async fn register_branch_key(state: State<'_, AppState>, path: PathBuf, name: String) -> Res<BranchStatus> {
    with_home(&state, |l| {
        let text = read_text(&path)?;
        l.register_branch_key(&text, &name)
    })
}

/// Show a branch's records read-only in every ledger page, until `close_branch_view`.
#[tauri::command]
pub async fn open_branch_view(state: State<'_, AppState>, branch_id: String) -> Res<()> {
    let replica = with_home(&state, |l| l.open_branch(&branch_id))?;
    let mut view = state.view.lock().map_err(poisoned)?;
    *view = Some(replica);
    Ok(())
}

#[tauri::command]
pub async fn close_branch_view(state: State<'_, AppState>) -> Res<()> {
    let mut view = state.view.lock().map_err(poisoned)?;
    *view = None;
    Ok(())
}

/// The city summary as PDF (opened) or .xlsx, by the extension of `path`.
#[tauri::command]
pub async fn city_summary(state: State<'_, AppState>, path: PathBuf) -> Res<PdfReport> {
    let saved = with_home(&state, |l| Ok(ledger_report::save_city_summary(l, &path, &FontPlan::choose(false))?))?;
    if ledger_report::city::is_pdf(&path) {
        open_in_viewer(&path)?;
    }
    Ok(saved)
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn export_template(
    app: AppHandle,
    state: State<'_, AppState>,
    dir: PathBuf,
    tasks: Option<PathBuf>,
    rubric: Option<PathBuf>,
    standard: Option<PathBuf>,
    training_kinds: Option<PathBuf>,
    uniforms: Option<PathBuf>,
) -> Res<ExportRecord> {
    let files = TemplateFiles { tasks, rubric, standard, training_kinds, uniforms };
    with_home(&state, |l| {
        l.export_template(&files, &dir, &mut |p: ExportProgress| {
            let _ = app.emit(PROGRESS_EVENT, p);
        })
    })
}

#[tauri::command]
pub async fn preview_template(state: State<'_, AppState>, path: PathBuf) -> Res<TemplatePreview> {
    with_home(&state, |l| l.preview_template(&path))
}

#[tauri::command]
pub async fn import_template(state: State<'_, AppState>, path: PathBuf) -> Res<TemplatePreview> {
    with_home(&state, |l| l.import_template(&path))
}
