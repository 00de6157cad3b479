//! Excel in and out, as a mechanism every ledger reuses.
//!
//! - [`sheet`] reads .xlsx/.xls/.ods (calamine): finds the header (`header.rs`) by the Chinese
//!   column names, in any order, below any title rows, in one row or two (a group heading merged
//!   across the columns below it); skips blank rows (a blank form's numbered ones too); sets
//!   aside the rows that are not records — group headings, which give the rows below them their
//!   section column, 合计 rows and the footer (填表人：…, 注：…); fills merged cells down where a
//!   column asks for it; reads dates as serial numbers or text.
//! - [`writer`] writes .xlsx (rust_xlsxwriter) atomically: a frozen header row, set widths, dates
//!   as dates; the file is written under a temporary name, synced, renamed and read back.
//! - [`import`] is the one import procedure: read, choose the year, plan each row, then reject,
//!   write or rehearse in one transaction, and audit.
//! - [`units`] is the add-or-map step for unit names the organisation lacks, and [`year`] finds
//!   the year a sheet's title names; every ledger's import goes through both.
//! - [`cells`] reads and writes the cells themselves (dates as clerks write them, yes/no, numbers,
//!   choices, units) and makes the row errors every importer shares.
//! - Each ledger's own columns and row validation sit in its folder (`tasks::excel`, …).

pub mod cells;
mod header;
pub mod import;
pub mod report;
pub mod sheet;
pub mod units;
pub mod writer;
pub mod year;

pub use report::{
    ExportReport, ImportMode, ImportOptions, ImportReport, RowError, UnitChoice, UnknownUnit, YearSource,
};
