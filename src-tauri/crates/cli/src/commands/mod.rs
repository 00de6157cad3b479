//! One module per command group. Each owns its arguments (clap derive) and a `run` that calls
//! `ledger-core` and prints through [`crate::output`]. Here: the argument readers they share
//! (a unit by name, a value of a closed list, 是/否, dates).

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
use ledger_core::store::excel::cells::yes_no;
use ledger_core::{Ledger, LedgerError};

/// The id of the unit named `name` (the branch or one of its units), for the field `field`.
pub fn unit_named(ledger: &Ledger, name: &Option<String>, field: &str) -> Result<Option<String>> {
    match name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(None),
        Some(n) => match ledger.unit_by_name(n)? {
            Some(u) => Ok(Some(u.id)),
            None => Err(LedgerError::invalid(field, format!("组织机构中没有“{n}”")).into()),
        },
    }
}

/// A value of a closed list (岗位类别, 学历 …) as typed; an empty string clears it.
pub fn choice<T>(field: &str, s: &str, parse: fn(&str) -> Option<T>, choices: String) -> Result<Option<T>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse(s).map(Some).ok_or_else(|| LedgerError::invalid(field, format!("“{s}”应为 {choices} 之一")).into())
}

/// 是/否 (or √/×, Y/N) as typed.
pub fn yes(field: &str, s: &str) -> Result<bool> {
    yes_no(s).ok_or_else(|| LedgerError::invalid(field, format!("“{s}”应为 是 或 否")).into())
}

/// An optional date as typed: an empty string clears it.
pub fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A reference date as typed (`None`: today).
pub fn date_arg(field: &str, s: &Option<String>) -> Result<chrono::NaiveDate> {
    Ok(dates::parse_opt_field(field, s.as_deref())?.unwrap_or_else(dates::today))
}

/// This calendar year, local time.
pub fn this_year() -> i32 {
    dates::today().year()
}
