//! What an import or export reports back to the clerk.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One problem in one cell of an imported sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowError {
    /// The row number as Excel shows it (1-based).
    pub row: u32,
    /// The column's header text, e.g. 具体任务.
    pub column: String,
    /// The cell's value as read.
    pub value: String,
    pub reason: String,
}

/// Whether an import with bad rows writes anything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Nothing is written unless every row is valid.
    #[default]
    AllOrNothing,
    /// The valid rows are written; the others are reported.
    ValidRowsOnly,
    /// Nothing is written; the report says what would happen.
    DryRun,
}

/// The outcome of reading (and perhaps writing) one sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub file: String,
    pub sheet: String,
    /// The row (1-based) where the header was found.
    pub header_row: u32,
    /// Data rows read (blank rows not counted).
    pub total_rows: u32,
    pub valid_rows: u32,
    pub rejected_rows: u32,
    /// Rows written as new records (in a dry run: that would be written).
    pub inserted: u32,
    /// Rows that updated an existing record (matched by its 编号).
    pub updated: u32,
    /// Rows that matched an existing record and changed nothing in it.
    pub unchanged: u32,
    /// True when the rows were written.
    pub committed: bool,
    /// Headers present in the sheet that the program does not use.
    pub ignored_columns: Vec<String>,
    pub errors: Vec<RowError>,
}

/// The outcome of an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportReport {
    pub path: String,
    pub rows: u32,
}
