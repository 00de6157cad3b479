//! `staff`, `cert`, `secondment` and `uniform`: the people ledgers (执法人员, 证件, 借调, 制式服装).
//!
//! A person is named by their id (or its first 8 characters or more), by name, or — where two
//! share a name — as the sheets write it, `王磊（第一执法中队）`.

mod cert;
mod secondment;
mod staff;
mod uniform;

pub use cert::{cert, CertCmd};
pub use secondment::{secondment, SecondmentCmd};
pub use staff::{staff, StaffCmd};
pub use uniform::{uniform, UniformCmd};

use anyhow::Result;
use ledger_core::people::staff::resolve_id;
use ledger_core::people::PersonFinder;
use ledger_core::{Ledger, LedgerError};

/// The id of the person `who` names: an id (or its first 8+ characters), a name, or a name with
/// its unit, `王磊（第一执法中队）`, where two people share it.
pub fn person_id(ledger: &Ledger, who: &str) -> Result<String> {
    if let Ok(id) = resolve_id(ledger.conn(), who) {
        return Ok(id);
    }
    PersonFinder::new(ledger.conn())?
        .find_written(who, None)
        .map_err(|reason| LedgerError::invalid("人员", reason).into())
}
