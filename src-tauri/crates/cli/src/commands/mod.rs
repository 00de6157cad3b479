//! One module per command group. Each owns its arguments (clap derive) and a `run` that calls
//! `ledger-core` and prints through [`crate::output`].

pub mod admin;
pub mod assess;
pub mod backup;
pub mod bundle;
pub mod equipment;
pub mod excel;
pub mod figures;
pub mod people;
pub mod report;
pub mod standard;
pub mod tasks;
pub mod template;
pub mod training;
pub mod units;
pub mod way_back;

use anyhow::Result;
use chrono::Datelike;
use ledger_core::store::dates;
use ledger_core::{Ledger, LedgerError};

/// The id of the unit named `name` (the branch itself or one of its units).
pub fn unit_id(ledger: &Ledger, name: &Option<String>) -> Result<Option<String>> {
    match name {
        None => Ok(None),
        Some(n) => match ledger.unit_by_name(n)? {
            Some(u) => Ok(Some(u.id)),
            None => Err(LedgerError::invalid("承办单位", format!("没有名为“{n}”的单位")).into()),
        },
    }
}

/// This calendar year, local time.
pub fn this_year() -> i32 {
    dates::today().year()
}
