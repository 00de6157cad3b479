//! What a newer program computes differently from stored data, brought up to date once when a
//! database opens: deadlines the deadline reader now understands, search text folded anew.
//! Schema changes are migrations (`store/db.rs`); these are the steps SQL cannot do.
//!
//! Invariant: for each step, the setting named by its `key` holds the version of the program
//! code the stored data was computed with. A step runs in one transaction that also records its
//! new version, so it runs once, and a crash leaves it to run again.

use crate::error::Result;
use crate::store::ledger::Tx;
use crate::store::{search, settings};
use crate::tasks::deadline;
use crate::Ledger;

/// One step: the setting recording its version, the version this program computes, who the
/// audit trail names for what it changes, and what it does.
struct Step {
    key: &'static str,
    version: u32,
    actor: &'static str,
    run: fn(&Tx<'_>) -> Result<()>,
}

const STEPS: [Step; 2] = [
    Step {
        key: "deadline_reader",
        version: deadline::READER_VERSION,
        actor: "本程序（完成时限重新识别）",
        run: crate::tasks::reread::reread,
    },
    Step {
        key: "search_folding", version: search::FOLDING_VERSION, actor: "本程序（搜索索引更新）", run: refold
    },
];

/// The tasks' search index and the equipment's search text, for [`search::FOLDING_VERSION`].
fn refold(tx: &Tx<'_>) -> Result<()> {
    crate::tasks::write::reindex_full_width(tx)?;
    crate::equipment::items::refold_search_text(tx)
}

fn stale(conn: &rusqlite::Connection, step: &Step) -> Result<bool> {
    let stored = settings::get(conn, step.key)?.and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
    Ok(stored < step.version)
}

/// Run every step the database has not had, each in its own transaction. Checking first keeps
/// an up-to-date database from taking the write lock at every opening.
pub(crate) fn run(ledger: &mut Ledger) -> Result<()> {
    for step in &STEPS {
        if stale(ledger.conn(), step)? {
            ledger.write_as(step.actor, |tx| {
                // Another process may have run it while this one waited for the write lock.
                if stale(tx, step)? {
                    (step.run)(tx)?;
                    settings::put(tx, step.key, &step.version.to_string())?;
                }
                Ok(())
            })?;
        }
    }
    Ok(())
}
