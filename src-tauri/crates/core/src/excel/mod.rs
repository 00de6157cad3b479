//! Excel in and out, as a mechanism every ledger reuses.
//!
//! - [`sheet`] reads .xlsx/.xls/.ods (calamine): finds the header row by the Chinese column
//!   names, in any order, below any title rows; skips blank rows; fills merged cells down where a
//!   column asks for it; reads dates as serial numbers or text.
//! - [`writer`] writes .xlsx (rust_xlsxwriter) atomically: a frozen header row, set widths, dates
//!   as dates; the file is written under a temporary name, synced, renamed and read back.
//! - [`tasks`] is the key-task ledger's column list and row validation on top of both.

pub mod report;
pub mod sheet;
pub mod tasks;
pub mod writer;

pub use report::{ExportReport, ImportMode, ImportReport, RowError};
