//! Training and drills (培训与练兵).

use std::path::PathBuf;

use ledger_core::store::excel::ExportReport;
use ledger_core::training::{
    TrainingDetail, TrainingInput, TrainingKind, TrainingPage, TrainingQuery, TrainingSession,
};
use tauri::State;

use crate::AppState;

use super::{with, Res};

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

#[tauri::command]
pub async fn export_training(state: State<'_, AppState>, path: PathBuf, query: TrainingQuery) -> Res<ExportReport> {
    with(&state, |l| l.export_training(&path, &query))
}
