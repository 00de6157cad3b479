//! Helpers for running `ledgerctl` as a user would, on temporary directories.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::Value;

pub const ACTOR: &str = "张内勤";

/// `ledgerctl --db <db> --actor 张内勤 …`, never touching the user's own data directory.
pub fn ctl(db: &Path) -> Command {
    let mut c = Command::cargo_bin("ledgerctl").unwrap();
    c.env_remove("BRANCH_LEDGER_DB").arg("--db").arg(db).arg("--actor").arg(ACTOR);
    c
}

/// Run and return stdout, asserting success.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = ctl(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "ledgerctl {args:?} failed ({:?}):\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Run with `--json` output parsed.
pub fn json(db: &Path, args: &[&str]) -> Value {
    let out = ok(db, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("ledgerctl {args:?}: not JSON ({e}):\n{out}"))
}

/// Run, expecting failure: (exit code, stderr).
pub fn fail(db: &Path, args: &[&str]) -> (i32, String) {
    let out = ctl(db).args(args).output().unwrap();
    assert!(!out.status.success(), "ledgerctl {args:?} should fail:\n{}", String::from_utf8_lossy(&out.stdout));
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stderr).unwrap())
}

/// A temporary directory with an initialised database in it.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Env {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub fn fresh() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    Env { dir, db }
}

pub fn initialised() -> Env {
    let env = fresh();
    ok(&env.db, &["init", "--branch-name", "滕州分局"]);
    env
}

/// Every table's rows as sorted text, and `user_version`.
pub fn dump(db: &Path) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open(db).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'task_search' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for name in names {
        let mut st = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let n = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                let mut cells = Vec::new();
                for i in 0..n {
                    cells.push(match r.get_ref(i)? {
                        ValueRef::Null => "NULL".to_string(),
                        ValueRef::Integer(v) => v.to_string(),
                        ValueRef::Real(v) => format!("{v:?}"),
                        ValueRef::Text(t) => format!("'{}'", String::from_utf8_lossy(t)),
                        ValueRef::Blob(b) => format!("{b:?}"),
                    });
                }
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        out.push((name, rows));
    }
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    out.push(("user_version".into(), vec![v.to_string()]));
    out
}

pub fn integrity_ok(db: &Path) {
    let conn = Connection::open(db).unwrap();
    let r: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(r, "ok");
}

/// A one-sheet .xlsx of text cells (empty strings are left blank).
pub fn write_xlsx(path: &Path, rows: &[&[&str]]) {
    write_workbook(path, &[("Sheet1", rows)]);
}

/// A workbook of named sheets, each written cell by cell as text.
pub fn write_workbook(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    sheet.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

pub fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}
