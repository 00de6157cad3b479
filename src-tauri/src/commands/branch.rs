//! The branch itself: the app's information, the organisation units, the audit log.

use ledger_core::model::{AppInfo, AuditPage, AuditQuery, OrgUnit, UnitInput};
use tauri::State;

use crate::AppState;

use super::{with, Res};

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
pub async fn list_audit(state: State<'_, AppState>, query: AuditQuery) -> Res<AuditPage> {
    with(&state, |l| l.audit_log(&query))
}
