//! Answers of reads kept until the data changes ([`Ledger::remembered`]): the desktop app asks
//! for the same aggregates (the figures, the self-assessment, the due counts) each time the clerk
//! comes back to a page, and on a large branch each takes half a second.
//!
//! Invariant: a kept answer is only given while the connection's data fingerprint is the one it
//! was computed under. The fingerprint is SQLite's `PRAGMA data_version` (it changes when another
//! connection — `ledgerctl`, a second process — commits) with the connection's own
//! `total_changes()` (it grows with every row this connection writes, even in a transaction that
//! was rolled back). The memo belongs to one connection and is dropped with it, so a restore,
//! which opens a new connection, starts with none.

use std::any::Any;
use std::collections::HashMap;

use crate::error::Result;
use crate::store::ledger::Ledger;

/// Kept answers, by key, and the fingerprint they were computed under.
#[derive(Default)]
pub(crate) struct Memo {
    fingerprint: Option<(i64, u64)>,
    answers: HashMap<String, Box<dyn Any + Send>>,
}

impl Ledger {
    /// The answer of the read `f`, kept from the last call with the same `key` if nothing was
    /// written to the database since, by this connection or by any other; else `f`'s answer, then
    /// kept. `key` must name everything besides the data that the answer depends on: the call,
    /// its arguments, and the date a default reference date was resolved to.
    ///
    /// Keep only answers of modest size: they stay in memory until the next write.
    pub fn remembered<T: Clone + Send + 'static>(
        &mut self,
        key: String,
        f: impl FnOnce(&Ledger) -> Result<T>,
    ) -> Result<T> {
        let fingerprint = self.data_fingerprint()?;
        if self.memo.fingerprint != Some(fingerprint) {
            self.memo.answers.clear();
            self.memo.fingerprint = Some(fingerprint);
        }
        if let Some(kept) = self.memo.answers.get(&key).and_then(|a| a.downcast_ref::<T>()) {
            return Ok(kept.clone());
        }
        let answer = f(self)?;
        // A read that wrote (it should not) must not be kept under the fingerprint before it.
        if self.data_fingerprint()? == fingerprint {
            self.memo.answers.insert(key, Box::new(answer.clone()));
        }
        Ok(answer)
    }

    /// Drop the kept answers whose key starts with `prefix`, but for `key`'s: for a large answer
    /// of which only the latest is worth keeping.
    pub(crate) fn forget_others(&mut self, prefix: &str, key: &str) {
        self.memo.answers.retain(|k, _| k == key || !k.starts_with(prefix));
    }

    fn data_fingerprint(&self) -> Result<(i64, u64)> {
        let version: i64 = self.conn().query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((version, self.conn().total_changes()))
    }
}
