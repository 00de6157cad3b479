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

/// A row of a sheet that is not a record, as the clerk sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SheetLine {
    /// The row number as Excel shows it (1-based).
    pub row: u32,
    /// Its cells' text, joined by blanks.
    pub text: String,
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

/// What the clerk decided for one unit name the organisation lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum UnitChoice {
    /// Add the name to the organisation as a new unit of `kind` (执法中队, 生态环境保护所, 驻巡站 …).
    Create { name: String, kind: String },
    /// The name means the existing unit `unit_id`; it is remembered as that unit's alias.
    Map { name: String, unit_id: String },
}

/// How an import runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct ImportOptions {
    pub mode: ImportMode,
    /// The year the clerk chose for rows without a 年度 cell; it overrides the year the sheet's
    /// title names. `None`: the title's year, else `fallback_year`.
    pub year: Option<i32>,
    /// The year used when neither the clerk nor the sheet names one (the year selected in the
    /// app; this year in `ledgerctl`).
    pub fallback_year: i32,
    /// What to do with each unit name the organisation lacks.
    pub units: Vec<UnitChoice>,
    /// Add every unknown unit name not in `units` to the organisation, its kind taken from the
    /// name's ending (`ledgerctl --create-units`).
    pub create_units: bool,
    /// The worksheet to import, by name. `None`: the first whose header names every required
    /// column and has data below it.
    pub sheet: Option<String>,
}

impl ImportOptions {
    /// Options for `mode` with `fallback_year`, and nothing else decided.
    pub fn new(mode: ImportMode, fallback_year: i32) -> ImportOptions {
        ImportOptions { mode, fallback_year, ..ImportOptions::default() }
    }
}

/// A unit name in the sheet that the organisation does not have (nor knows as an alias).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnknownUnit {
    pub name: String,
    /// The sheet's header of the column it was found in, e.g. 承办单位.
    pub column: String,
    /// How many rows name it.
    pub rows: u32,
    /// The first of those rows (as Excel numbers it).
    pub first_row: u32,
    /// The kind it would get if added (from its name's ending).
    pub suggested_kind: String,
}

/// Where the year of rows without a 年度 cell came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// Chosen by the clerk (or `--year`).
    Chosen,
    /// Named by a title row above the header (`2024年`, `2024年度`).
    Title,
    /// Neither: the year selected in the app, or this year.
    #[default]
    Fallback,
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
    /// Rows below the header that are not records, not imported: group headings (一、…), totals
    /// (合计) and the footer (填表人：…, 注：…).
    pub set_aside: Vec<SheetLine>,
    /// Every worksheet of the file that could be imported — a header naming every required column,
    /// a data row below it — in the workbook's order: a workbook may keep one sheet per unit.
    /// Each is imported by naming it ([`ImportOptions::sheet`]).
    pub sheets: Vec<String>,
    /// When the sheet's name fills in a column the header lacks (a sheet per unit), in words for
    /// the clerk: `表中没有“所在单位”列，按工作表名称填为“第一中队”`; empty otherwise.
    pub sheet_name_note: String,
    pub errors: Vec<RowError>,
    /// The year given to rows without a 年度 cell (ledgers without years: 0).
    pub year: i32,
    pub year_source: YearSource,
    /// Why that year, in words for the clerk: `表头上方第 1 行“…2024年…”`.
    pub year_note: String,
    /// Unit names the organisation lacks and no choice covered; their rows are in `errors`.
    pub unknown_units: Vec<UnknownUnit>,
    /// Units added to the organisation by this import (in a dry run: that would be added).
    pub created_units: Vec<String>,
    /// Names mapped to existing units, as `旧名 → 单位`.
    pub mapped_units: Vec<String>,
}

/// The outcome of an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportReport {
    pub path: String,
    pub rows: u32,
    /// Worksheets written: 1, or one per unit for an export by unit.
    pub sheets: u32,
}
