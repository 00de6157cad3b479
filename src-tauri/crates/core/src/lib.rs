//! `ledger-core`: everything Branch Ledger knows and does, with no GUI dependency.
//!
//! Start at [`Ledger`]: open a database with [`Ledger::open`], then call its methods. The desktop
//! shell and `ledgerctl` are thin layers over these methods. See ARCHITECTURE.md for the map.

pub mod audit;
pub mod dates;
pub mod db;
pub mod deadline;
pub mod demo;
pub mod error;
pub mod evidence;
pub mod excel;
mod ledger;
pub mod model;
pub mod org;
pub mod paths;
pub mod search;
pub mod task;
pub mod task_query;
pub mod template;

pub use error::{ErrorPayload, LedgerError, Result};
pub use ledger::{Ledger, Tx};

impl Ledger {
    /// What the app shows about itself; `version` is the caller's own.
    pub fn app_info(&self, version: &str) -> Result<model::AppInfo> {
        Ok(model::AppInfo {
            version: version.to_string(),
            db_path: self.db_path().display().to_string(),
            data_dir: self.data_dir().display().to_string(),
            today: dates::iso(dates::today()),
            actor: self.actor().to_string(),
            branch: self.branch()?,
        })
    }

    /// The audit trail, newest first.
    pub fn audit_log(&self, q: &model::AuditQuery) -> Result<model::AuditPage> {
        audit::list(self.conn(), q)
    }
}
