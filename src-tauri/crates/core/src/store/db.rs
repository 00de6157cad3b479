//! Opening the SQLite store and bringing its schema up to date.
//!
//! Invariant: `PRAGMA user_version` is the number of migrations applied. Each migration runs in
//! one transaction together with its version bump, so a crash leaves the file at the old version
//! or the new one, never between.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{io_reason, LedgerError, Result};

/// The schema migrations, in order. Append only; never edit one that has shipped.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_foundation.sql"),
    include_str!("../../migrations/0002_unit_aliases.sql"),
    include_str!("../../migrations/0003_people.sql"),
    include_str!("../../migrations/0004_equipment.sql"),
    include_str!("../../migrations/0005_assessment.sql"),
    include_str!("../../migrations/0006_bundles.sql"),
];

/// The schema version this program writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// How long a writer waits for another process's write lock before giving up with `E_BUSY`.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Open (creating if needed) the database at `path`, set the pragmas and migrate it — after a
/// backup when there is something to migrate.
///
/// Refused before anything is written: a directory that cannot be written, a data directory on
/// a network share, a file that is not SQLite, a database from a newer program. The file is
/// opened through SQLite only (see [`crate::backup::check`] for why).
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(|e| dir_error(dir, e))?;
            crate::store::place::check_data_dir(dir)?;
        }
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| LedgerError::file(path, format!("无法打开数据库：{e}")))?;
    // Refuse a file that is not a database, or a newer program's database, before the pragmas
    // below write to its header (SQLite writes nothing to a file it cannot read).
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| damaged(path, e))?;
    if current > latest_version() {
        return Err(LedgerError::TooNew { found: current, supported: latest_version() });
    }
    configure(&conn).map_err(|e| match e {
        LedgerError::Damaged { .. } => LedgerError::Damaged {
            path: path.display().to_string(),
            message: crate::backup::Health::Damaged(e.to_string()).message(path),
        },
        e => e,
    })?;
    if current > 0 && current < latest_version() {
        crate::backup::create(&conn, path, crate::backup::BackupReason::Migration)?;
    }
    migrate_to(&conn, latest_version())?;
    Ok(conn)
}

/// SQLite's "not a database" while opening is a file that is not SQLite; "malformed", a damaged one.
fn damaged(path: &Path, e: rusqlite::Error) -> LedgerError {
    let health = match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => crate::backup::Health::NotSqlite,
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => crate::backup::Health::Damaged(e.to_string()),
        _ => return e.into(),
    };
    LedgerError::Damaged { path: path.display().to_string(), message: health.message(path) }
}

fn dir_error(dir: &Path, e: std::io::Error) -> LedgerError {
    if e.kind() == std::io::ErrorKind::StorageFull {
        return LedgerError::DiskFull { path: dir.display().to_string() };
    }
    LedgerError::file(dir, format!("无法创建数据目录：{}", io_reason(&e)))
}

/// Pragmas every connection uses.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    crate::store::search::register(conn)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(LedgerError::Rejected(format!("数据库无法切换到 WAL 模式（当前：{mode}）")));
    }
    // A 32 MiB page cache: an import touches several indexes of a large table at once.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;",
    )?;
    Ok(())
}

/// The schema version of an open database.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Apply the migrations after the current version up to `target`, each in its own transaction.
pub fn migrate_to(conn: &Connection, target: i64) -> Result<()> {
    let current = version(conn)?;
    if current > latest_version() {
        return Err(LedgerError::TooNew { found: current, supported: latest_version() });
    }
    for v in current..target.min(latest_version()) {
        let sql = MIGRATIONS[v as usize];
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if version(&tx)? > v {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", v + 1))?;
        tx.commit()?;
    }
    Ok(())
}
