//! Deadlines a newer program understands: when [`deadline::parse`] learns phrases, the tasks an
//! older program stored as 时限未识别 are read again once, when the database is opened
//! ([`crate::upgrade`], for [`deadline::READER_VERSION`]).
//!
//! Invariant: only unrecognised deadlines are read again: a date the clerk has already seen is
//! never moved by a program upgrade.

use rusqlite::params;

use crate::error::Result;
use crate::store::dates::{self, now_rfc3339};
use crate::store::ledger::Tx;
use crate::tasks::deadline;
use crate::tasks::query as task_query;

/// Read every unrecognised deadline again, in `tx`; a task whose phrase is now understood gets
/// its due date, a new revision and an audit row (so the next bundle carries it too).
pub(crate) fn reread(tx: &Tx<'_>) -> Result<()> {
    let stale: Vec<(String, i32, String)> = tx
        .prepare("SELECT id, year, deadline_text FROM tasks WHERE deleted = 0 AND deadline_recognized = 0")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, year, text) in stale {
        let d = deadline::parse(&text, year);
        if !d.recognized {
            continue;
        }
        let before = task_query::get(tx, &id, None)?;
        tx.execute(
            "UPDATE tasks SET due_date = ?2, ongoing = ?3, deadline_recognized = 1, updated_at = ?4,
                 revision = revision + 1
             WHERE id = ?1",
            params![id, d.due.map(dates::iso), d.ongoing, now_rfc3339()],
        )?;
        let after = task_query::get(tx, &id, None)?;
        tx.audit("task", &id, "update", Some(&before), Some(&after))?;
    }
    Ok(())
}
