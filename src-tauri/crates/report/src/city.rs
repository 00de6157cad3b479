//! What bundles carry and the city bureau prints: the branch's latest self-assessment report
//! (the PDF inside a bundle) and the city summary of every branch side by side.

use std::path::Path;

use chrono::Datelike;
use ledger_core::bundles::summary;
use ledger_core::model::PdfReport;
use ledger_core::store::dates;
use ledger_core::{Ledger, LedgerError};

use crate::fonts::FontPlan;
use crate::layout::Align;
use crate::ledgers::ledger_table_with;
use crate::table::TableColumn;
use crate::{self_assessment, write_pdf, Report, ReportContext, ReportError};

/// The branch's self-assessment of its latest assessment year as PDF, named
/// `自评报告-<year>.pdf`; `None` when the branch has not opened an assessment.
pub fn latest_self_assessment(ledger: &Ledger, fonts: &FontPlan) -> Result<Option<(String, Vec<u8>)>, ReportError> {
    let Some(year) = ledger.latest_assessment_year()? else { return Ok(None) };
    let result = ledger.current_assessment(year)?;
    let date = dates::parse_date(&result.assessment.as_of).unwrap_or_else(dates::today);
    let ctx = ReportContext::from_ledger(ledger, &result, date.min(dates::today()), fonts.clone())?;
    let report = self_assessment(&result, &ctx)?;
    Ok(Some((format!("自评报告-{year}.pdf"), report.bytes)))
}

/// True when `path` names a PDF (else the summary is written as .xlsx).
pub fn is_pdf(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Save the city summary at `path`, as PDF or .xlsx by the file's extension. For an .xlsx the
/// returned `pages` counts the branches (rows), and there are no fonts.
pub fn save_city_summary(ledger: &Ledger, path: &Path, fonts: &FontPlan) -> Result<PdfReport, ReportError> {
    let xlsx = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_pdf(path) {
        let report = city_summary(ledger, fonts)?;
        write_pdf(path, &report)?;
        Ok(report.saved(path, fonts))
    } else if xlsx {
        let rows = ledger.city_summary_xlsx(path)?;
        Ok(PdfReport {
            path: path.display().to_string(),
            title: "各分局汇总表".into(),
            pages: i64::from(rows),
            bytes: std::fs::metadata(path).map(|m| m.len() as i64).unwrap_or(0),
            missing_chars: vec![],
            fonts: vec![],
        })
    } else {
        Err(LedgerError::invalid("输出文件", "扩展名须为 .pdf 或 .xlsx").into())
    }
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
