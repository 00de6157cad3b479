//! What bundles carry and the city bureau prints: the branch's latest self-assessment report
//! (the PDF inside a bundle) and the city summary of every branch side by side.

use chrono::Datelike;
use ledger_core::bundles::summary;
use ledger_core::store::dates;
use ledger_core::Ledger;

use crate::fonts::FontPlan;
use crate::layout::Align;
use crate::ledgers::ledger_table_with;
use crate::table::TableColumn;
use crate::{self_assessment, Report, ReportContext, ReportError};

/// The branch's self-assessment of its latest assessment year as PDF, named
/// `自评报告-<year>.pdf`; `None` when the branch has not opened an assessment.
pub fn latest_self_assessment(ledger: &Ledger, fonts: &FontPlan) -> Result<Option<(String, Vec<u8>)>, ReportError> {
    let year: Option<i32> = ledger
        .conn()
        .query_row("SELECT MAX(year) FROM assessments WHERE subject_id = ''", [], |r| r.get(0))
        .map_err(ledger_core::LedgerError::from)?;
    let Some(year) = year else { return Ok(None) };
    let result = ledger.current_assessment(year)?;
    let date = dates::parse_date(&result.assessment.as_of).unwrap_or_else(dates::today);
    let ctx = ReportContext::from_ledger(ledger, &result, date.min(dates::today()), fonts.clone())?;
    let report = self_assessment(&result, &ctx)?;
    Ok(Some((format!("自评报告-{year}.pdf"), report.bytes)))
}

/// The city summary as a landscape table: the same columns as the .xlsx
/// (`ledger_core::bundles::summary`).
pub fn city_summary(ledger: &Ledger, fonts: &FontPlan) -> Result<Report, ReportError> {
    let city = ledger.require_branch()?.name;
    let list = ledger.city_status()?;
    let cols = summary::columns();
    let total: f64 = cols.iter().map(|c| c.width).sum();
    // Landscape A4 less the margins: 257 mm across.
    let columns: Vec<TableColumn> = cols
        .iter()
        .map(|c| {
            let align = if c.header == "分局" || c.header == "密钥指纹" { Align::Left } else { Align::Center };
            TableColumn::new(c.header, (c.width / total * 257.0) as f32, align)
        })
        .collect();
    let rows: Vec<Vec<String>> = list.iter().map(summary::cells).collect();
    let today = dates::today();
    let title = format!("{}年各分局规范化建设情况汇总表", today.year());
    ledger_table_with(&title, &city, today, &columns, &rows, fonts)
}
