//! `ledger-report`: the PDF reports of Branch Ledger — the self-assessment report the branch
//! sends to the city bureau ([`fn@self_assessment`]) and the printable ledgers for the binders
//! offices keep ([`ledger_table`], [`ledger_report`]) — laid out after GB/T 9704 with
//! printpdf 0.12.
//!
//! The crate reads `ledger-core`'s records and never writes to the ledger. Module per concern:
//! [`fonts`] (which face prints what; built-in Noto pair or the office fonts of the PC),
//! [`breaking`] (Chinese line breaking), [`layout`] (pages, cursor, page numbers, marks),
//! [`table`] (tables over pages), [`mod@self_assessment`], [`ledgers`], [`mod@write`] (atomic save),
//! and [`sample`] (a hand-built 78-item assessment for tests, previews and the benchmark).

pub mod breaking;
pub mod city;
pub mod fonts;
pub mod layout;
pub mod ledgers;
pub mod sample;
pub mod self_assessment;
pub mod table;
pub mod write;

use serde::Serialize;

pub use city::{city_summary, latest_self_assessment, save_city_summary};
pub use fonts::{Element, FontChoice, FontPlan};
pub use layout::{Align, MissingChar};
pub use ledgers::{ledger_report, ledger_table, LedgerKind};
pub use self_assessment::{self_assessment, Block, ReportContext, DEFAULT_RECIPIENT};
pub use table::{TableColumn, TableRow};
pub use write::write_pdf;

/// A finished PDF.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters no font had: reported here, left out of the page (never an empty box).
    pub missing_chars: Vec<MissingChar>,
}

impl Report {
    /// What the clerk is told about the report once it is saved at `path`, with the fonts it
    /// used.
    pub fn saved(&self, path: &std::path::Path, fonts: &FontPlan) -> ledger_core::model::PdfReport {
        ledger_core::model::PdfReport {
            path: path.display().to_string(),
            title: self.title.clone(),
            pages: self.pages as i64,
            bytes: self.bytes.len() as i64,
            missing_chars: self
                .missing_chars
                .iter()
                .map(|m| format!("{}（{}）第 {} 页，{}", m.ch, m.code, m.page, m.place))
                .collect(),
            fonts: fonts.lines(),
        }
    }
}

/// What can go wrong making a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Reading the ledger failed.
    #[error(transparent)]
    Ledger(#[from] ledger_core::LedgerError),
    /// A font could not be loaded.
    #[error("字体：{0}")]
    Font(String),
    /// The layout or the PDF could not be made.
    #[error("生成报告失败：{0}")]
    Layout(String),
    /// The PDF could not be written.
    #[error("文件“{path}”：{reason}")]
    File { path: String, reason: String },
}

impl From<ReportError> for ledger_core::LedgerError {
    /// For the shell and `ledgerctl`, which report every failure as a `LedgerError`.
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::Ledger(e) => e,
            ReportError::File { path, reason } => ledger_core::LedgerError::File { path, reason },
            other => ledger_core::LedgerError::Rejected(other.to_string()),
        }
    }
}

/// A score as printed: `87.5`, `80`, `0.25` — as the engine words it.
pub fn fmt_score(v: f64) -> String {
    ledger_core::assessment::engine::points(v)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    #[rstest]
    #[case(87.5, "87.5")]
    #[case(80.0, "80")]
    #[case(0.25, "0.25")]
    #[case(85.95000000001, "85.95")]
    #[case(-1.0, "-1")]
    #[case(-0.0, "0")]
    #[case(0.0, "0")]
    fn scores_print_without_trailing_zeros(#[case] v: f64, #[case] want: &str) {
        assert_eq!(super::fmt_score(v), want);
    }
}
