//! The enforcement equipment ledger: the standard list, the inventory, its events, schedules and due items.

use std::path::PathBuf;

use ledger_core::equipment::{
    CheckoutInput, DueCounts, DuePage, DueView, EditionReport, EquipmentDetail, EquipmentEvent, EquipmentInput,
    EquipmentItem, EquipmentPage, EquipmentQuery, EventKind, MaintenanceInput, ReturnInput, Schedule, ScheduleInput,
    ScrapInput, StandardItem, StandardItemInput, StandardList, TransferInput,
};
use ledger_core::store::dates;
use ledger_core::store::excel::ExportReport;
use tauri::State;

use crate::AppState;

use super::{date, remembered, with, Res};

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

/// 到期提醒's page: counts and the first page of each group (the core keeps the window's due
/// items until the data changes: picking a day on the calendar does not work them out again).
#[tauri::command]
pub async fn equipment_due_view(
    state: State<'_, AppState>,
    as_of: Option<String>,
    days: i64,
    day: Option<String>,
    limit: u32,
) -> Res<DueView> {
    with(&state, |l| {
        let d = date("参考日期", as_of)?.unwrap_or_else(dates::today);
        l.equipment_due_view(d, days, date("到期日", day)?, limit)
    })
}

#[tauri::command]
pub async fn equipment_due_page(
    state: State<'_, AppState>,
    as_of: Option<String>,
    days: i64,
    day: Option<String>,
    group: String,
    offset: u32,
    limit: u32,
) -> Res<DuePage> {
    with(&state, |l| {
        let d = date("参考日期", as_of)?.unwrap_or_else(dates::today);
        l.equipment_due_page(d, days, date("到期日", day)?, &group, offset, limit)
    })
}

#[tauri::command]
pub async fn equipment_due_counts(state: State<'_, AppState>, as_of: Option<String>, days: i64) -> Res<DueCounts> {
    remembered(&state, format!("equipment_due_counts {as_of:?} {days}"), |l| {
        l.equipment_due_counts(date("参考日期", as_of.clone())?.unwrap_or_else(dates::today), days)
    })
}

#[tauri::command]
pub async fn export_equipment(
    state: State<'_, AppState>,
    path: PathBuf,
    query: EquipmentQuery,
    by_unit: bool,
) -> Res<ExportReport> {
    with(&state, |l| l.export_equipment(&path, &query, by_unit))
}

#[tauri::command]
pub async fn export_equipment_usage(state: State<'_, AppState>, path: PathBuf) -> Res<ExportReport> {
    with(&state, |l| l.export_equipment_usage(&path))
}

#[tauri::command]
pub async fn export_equipment_maintenance(state: State<'_, AppState>, path: PathBuf) -> Res<ExportReport> {
    with(&state, |l| l.export_equipment_maintenance(&path))
}
