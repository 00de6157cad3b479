//! `ledger-core`: everything Branch Ledger knows and does, with no GUI dependency.
//!
//! Start at [`Ledger`]: open a database with [`Ledger::open`], then call its methods. The desktop
//! shell and `ledgerctl` are thin layers over these methods. See ARCHITECTURE.md for the map.

pub mod assessment;
pub mod backup;
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
mod upgrade;

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
            clock_warning: self.clock_warning()?,
        })
    }

    /// A warning when the computer's clock is more than ten minutes behind the newest change in
    /// the audit trail — it was set back, or its battery failed. Nothing is refused (the clerk
    /// may have to work on), but deadlines, overdue counts and the audit trail would be wrong.
    pub fn clock_warning(&self) -> Result<Option<String>> {
        let last: Option<String> = rusqlite::OptionalExtension::optional(self.conn().query_row(
            "SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        ))?;
        let Some(last) = last else { return Ok(None) };
        let Ok(last_at) = chrono::DateTime::parse_from_rfc3339(&last) else { return Ok(None) };
        let now = chrono::Utc::now();
        if now + chrono::Duration::minutes(10) >= last_at {
            return Ok(None);
        }
        Ok(Some(format!(
            "电脑的日期时间（{}）早于本台账最近一次修改的时间（{}）。请先核对电脑的日期和时间：时间不对会使到期提醒、逾期统计和操作日志出错。",
            store::dates::zh_time(&now.to_rfc3339()),
            store::dates::zh_time(&last)
        )))
    }

    /// The audit trail, newest first.
    pub fn audit_log(&self, q: &model::AuditQuery) -> Result<model::AuditPage> {
        store::audit::list(self.conn(), q)
    }
}
