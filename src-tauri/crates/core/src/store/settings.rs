//! The `settings` table: one text value per key (the branch's unit id, its public key, the
//! climate zone, the standard list's edition, which reference data was seeded …).

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// The value of `key`, if set.
pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// Set `key` to `value`, replacing what was there.
pub(crate) fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}
