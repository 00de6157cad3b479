//! The people ledgers: staff, enforcement certificates, secondments, uniforms; their Excel exports.

use std::path::PathBuf;

use ledger_core::people::{
    CertReview, CertReviewInput, Certificate, CertificateDetail, CertificateDue, CertificateInput, CertificatePage,
    CertificateQuery, ClimateZone, Secondment, SecondmentInput, SecondmentQuery, Staff, StaffDetail, StaffInput,
    StaffPage, StaffQuery, UniformIssue, UniformIssueInput, UniformIssuePage, UniformIssueQuery, UniformOverviewPage,
    UniformScaleInput, UniformScaleItem,
};
use ledger_core::store::dates;
use ledger_core::store::excel::ExportReport;
use tauri::State;

use crate::AppState;

use super::{date, with, Res};

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
pub async fn uniform_issue_page(state: State<'_, AppState>, query: UniformIssueQuery) -> Res<UniformIssuePage> {
    with(&state, |l| l.uniform_issue_page(&query))
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
pub async fn uniform_overview_page(
    state: State<'_, AppState>,
    as_of: Option<String>,
    incomplete_only: bool,
    offset: u32,
    limit: u32,
) -> Res<Option<UniformOverviewPage>> {
    with(&state, |l| {
        l.uniform_overview_page(date("参考日期", as_of)?.unwrap_or_else(dates::today), incomplete_only, offset, limit)
    })
}

#[tauri::command]
pub async fn export_staff(
    state: State<'_, AppState>,
    path: PathBuf,
    query: StaffQuery,
    by_unit: bool,
) -> Res<ExportReport> {
    with(&state, |l| l.export_staff(&path, &query, by_unit))
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
