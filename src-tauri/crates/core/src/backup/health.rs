//! The check a database gets before it is opened for work: is it there, is it SQLite, is it
//! intact (`PRAGMA quick_check`), is it from a program this one can read. Reads only.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::error::io_reason;

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
#[ts(export)]
pub enum Health {
    /// Intact.
    Ok,
    /// No file yet: a new database will be created.
    Missing,
    /// The file is not an SQLite database at all.
    NotSqlite,
    /// SQLite found damage; the detail is its first finding.
    Damaged(String),
    /// Written by a newer program (schema version found, supported).
    TooNew(i64, i64),
}

impl Health {
    /// A plain-words explanation for the clerk, naming the file.
    pub fn message(&self, path: &Path) -> String {
        let file = path.display();
        match self {
            Health::Ok => format!("数据库“{file}”完好"),
            Health::Missing => format!("数据库“{file}”尚不存在，将新建"),
            Health::NotSqlite => format!("文件“{file}”不是本程序的数据库（不是 SQLite 数据库文件），可能被其他文件覆盖或已损坏"),
            Health::Damaged(d) => format!("数据库“{file}”已损坏，无法正常读取（SQLite 检查结果：{d}）"),
            Health::TooNew(found, supported) => format!(
                "数据库“{file}”由更新版本的程序写入（数据库版本 {found}，本程序支持到 {supported}），请安装新版本程序后再打开"
            ),
        }
    }

    /// True when a backup could help (the file is damaged or not a database).
    pub fn is_damaged(&self) -> bool {
        matches!(self, Health::NotSqlite | Health::Damaged(_))
    }
}

/// Check the database at `path` without changing it: the schema version and `PRAGMA
/// quick_check` (seconds on a very large database: the app runs it in the background).
///
/// Invariant: a database file is only ever opened through SQLite, never with `std::fs::File`.
/// Closing any descriptor of a database file drops every POSIX lock this process holds on it
/// (SQLite protects its own connections from that, not other descriptors), after which another
/// process may checkpoint and delete the WAL under the app's open connection — found by the
/// end-to-end tests, where `ledgerctl` beside the app lost the app's writes.
pub fn check(path: &Path) -> Health {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Health::Missing,
        Err(e) => return Health::Damaged(format!("无法读取：{}", io_reason(&e))),
        Ok(m) if m.len() == 0 => return Health::Missing,
        Ok(_) => {}
    }
    let conn =
        match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX) {
            Ok(c) => c,
            Err(e) => return Health::Damaged(e.to_string()),
        };
    let _ = conn.busy_timeout(crate::store::db::BUSY_TIMEOUT);
    let version: i64 = match conn.query_row("PRAGMA user_version", [], |r| r.get(0)) {
        Ok(v) => v,
        Err(e) if is_not_a_database(&e) => return Health::NotSqlite,
        Err(e) => return Health::Damaged(e.to_string()),
    };
    let supported = crate::store::db::latest_version();
    if version > supported {
        return Health::TooNew(version, supported);
    }
    match conn.query_row("PRAGMA quick_check(1)", [], |r| r.get::<_, String>(0)) {
        Ok(s) if s == "ok" => Health::Ok,
        Ok(s) => Health::Damaged(s),
        Err(e) if is_not_a_database(&e) => Health::NotSqlite,
        Err(e) => Health::Damaged(e.to_string()),
    }
}

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase)
}
