//! Deadlines a newer program understands: when [`deadline::parse`] learns phrases, the tasks an
//! older program stored as 时限未识别 are read again once, when the database is opened.
//!
//! Invariant: the setting [`READER_KEY`] holds the [`deadline::READER_VERSION`] every stored
//! unrecognised deadline has been read with. Only unrecognised deadlines are read again: a date
//! the clerk has already seen is never moved by a program upgrade.

use rusqlite::params;

use crate::error::Result;
use crate::store::dates::{self, now_rfc3339};
use crate::store::ledger::Tx;
use crate::store::settings;
use crate::tasks::deadline;
use crate::tasks::query as task_query;

/// The setting that records which reader the stored deadlines were read with.
const READER_KEY: &str = "deadline_reader";

/// Who the audit trail names for these changes.
pub(crate) const ACTOR: &str = "本程序（完成时限重新识别）";

/// Whether the stored deadlines were read by an older reader than this program's.
pub(crate) fn needed(conn: &rusqlite::Connection) -> Result<bool> {
    let stored = settings::get(conn, READER_KEY)?.and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
    Ok(stored < deadline::READER_VERSION)
}

/// Read every unrecognised deadline again, in `tx`; a task whose phrase is now understood gets
/// its due date, a new revision and an audit row (so the next bundle carries it too). Returns
/// how many tasks changed.
pub(crate) fn reread(tx: &Tx<'_>) -> Result<usize> {
    if !needed(tx)? {
        // Another process read them while this one waited for the write lock.
        return Ok(0);
    }
    let stale: Vec<(String, i32, String)> = tx
        .prepare("SELECT id, year, deadline_text FROM tasks WHERE deleted = 0 AND deadline_recognized = 0")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = 0;
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
        changed += 1;
    }
    settings::put(tx, READER_KEY, &deadline::READER_VERSION.to_string())?;
    Ok(changed)
}
