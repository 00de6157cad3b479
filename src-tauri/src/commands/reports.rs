//! PDF reports: the self-assessment and the ledgers, printed and opened in the system's viewer.

use std::path::{Path, PathBuf};

use ledger_core::model::PdfReport;
use ledger_core::store::dates;
use ledger_core::{Ledger, LedgerError};
use ledger_report::ledgers::ledger_report_with;
use ledger_report::{self_assessment, write_pdf, FontPlan, LedgerKind, Report, ReportContext};
use tauri::State;

use crate::AppState;

use super::{date, open_in_viewer, with, Res};

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
    print(&state, &path, &fonts, |l| {
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
        Ok(self_assessment(&result, &ctx)?)
    })
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
    print(&state, &path, &fonts, |l| {
        let as_of = date("统计日期", as_of)?.unwrap_or_else(dates::today);
        Ok(ledger_report_with(l, kind, as_of, &fonts)?)
    })
}

/// Build a report on the ledger, write it to `path` and open it in the system's PDF viewer.
fn print(
    state: &State<'_, AppState>,
    path: &Path,
    fonts: &FontPlan,
    build: impl FnOnce(&mut Ledger) -> ledger_core::Result<Report>,
) -> Res<PdfReport> {
    let saved = with(state, |l| {
        let report = build(l)?;
        write_pdf(path, &report)?;
        Ok(report.saved(path, fonts))
    })?;
    open_in_viewer(path)?;
    Ok(saved)
}

/// Open a PDF the program wrote in the system's viewer.
#[tauri::command]
pub async fn open_report(path: PathBuf) -> Res<()> {
    open_in_viewer(&path)
}
