//! The key-task ledger (重点任务分工台账): its records, validation and writes, queries, deadline
//! phrases, Excel columns and year templates.

pub mod deadline;
pub mod excel;
mod model;
pub mod query;
pub(crate) mod reread;
pub mod template;
pub mod write;

pub use model::*;
pub use write::split_units;

/// An unfinished task due within this many days of the reference date is 即将到期.
pub const DUE_SOON_DAYS: i64 = 14;
