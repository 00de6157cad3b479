//! `ledger-core`: everything Branch Ledger knows and does, with no GUI dependency.
//!
//! Start at [`Ledger`]: open a database with [`Ledger::open`], then call its methods. The desktop
//! shell and `ledgerctl` are thin layers over these methods. See ARCHITECTURE.md for the map.

pub mod assessment;
pub mod bundles;
pub mod demo;
pub mod equipment;
pub mod error;
pub mod figures;
pub mod model;
pub mod org;
pub mod people;
pub mod sheets;
pub mod store;
pub mod tasks;
pub mod training;

pub use error::{ErrorPayload, LedgerError, Result};
pub use store::ledger::{Ledger, Tx};

impl Ledger {
    /// What the app shows about itself; `version` is the caller's own.
    pub fn app_info(&self, version: &str) -> Result<model::AppInfo> {
        Ok(model::AppInfo {
            version: version.to_string(),
            db_path: self.db_path().display().to_string(),
            data_dir: self.data_dir().display().to_string(),
            today: store::dates::iso(store::dates::today()),
            actor: self.actor().to_string(),
            branch: self.branch()?,
            role: self.role()?.label().to_string(),
            fingerprint: self.fingerprint()?,
            read_only: self.is_read_only(),
        })
    }

    /// The audit trail, newest first.
    pub fn audit_log(&self, q: &model::AuditQuery) -> Result<model::AuditPage> {
        store::audit::list(self.conn(), q)
    }
}
