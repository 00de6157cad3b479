//! Helpers shared by the integration tests of `ledger-core`: a fresh branch database in a
//! temporary directory, task inputs, a logical dump of every table, and a small sheet builder.
#![allow(dead_code)]

pub mod sheets;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ledger_core::tasks::{TaskInput, TaskStatus};
use ledger_core::{Ledger, LedgerError};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use tempfile::TempDir;

pub const BRANCH: &str = "滕州分局";
pub const ACTOR: &str = "张内勤";

/// A temporary directory holding `ledger.sqlite3`.
pub struct Env {
    pub dir: TempDir,
    pub ledger: Ledger,
}

impl Env {
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("ledger.sqlite3")
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub fn reopen(&self) -> Ledger {
        let mut l = Ledger::open(self.db_path()).expect("reopen");
        l.set_actor(ACTOR);
        l
    }
}

/// A new database with no branch yet.
pub fn empty() -> Env {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ledger = Ledger::open(dir.path().join("ledger.sqlite3")).expect("open");
    ledger.set_actor(ACTOR);
    Env { dir, ledger }
}

/// A new database with the branch 滕州分局 initialised.
pub fn branch() -> Env {
    let mut env = empty();
    env.ledger.init_branch(BRANCH).expect("init_branch");
    env
}

/// A task of 2024 with only the given detail and deadline filled in.
pub fn input(detail: &str, deadline: &str) -> TaskInput {
    TaskInput { year: 2024, detail: detail.into(), deadline_text: deadline.into(), ..TaskInput::default() }
}

pub fn input_with_status(detail: &str, deadline: &str, status: TaskStatus) -> TaskInput {
    TaskInput { status: Some(status), ..input(detail, deadline) }
}

/// The error code of a result that must be an error.
pub fn code<T: std::fmt::Debug>(r: Result<T, LedgerError>) -> &'static str {
    match r {
        Ok(v) => panic!("expected an error, got Ok({v:?})"),
        Err(e) => e.code(),
    }
}

/// Every table (including the FTS shadow tables) with its rows rendered as text, sorted, plus
/// `user_version`: two dumps are equal iff the database is logically unchanged.
pub fn dump(conn: &Connection) -> Vec<(String, Vec<String>)> {
    let mut names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    names.retain(|n| n != "task_search"); // the virtual table; its shadow tables are dumped
    let mut out = Vec::new();
    for name in names {
        let mut st = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let n = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                let mut cells = Vec::with_capacity(n);
                for i in 0..n {
                    cells.push(match r.get_ref(i)? {
                        ValueRef::Null => "NULL".to_string(),
                        ValueRef::Integer(v) => v.to_string(),
                        ValueRef::Real(v) => format!("{v:?}"),
                        ValueRef::Text(t) => format!("'{}'", String::from_utf8_lossy(t)),
                        ValueRef::Blob(b) => format!("x'{}'", hex(b)),
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

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

pub fn integrity_ok(path: &Path) {
    let conn = Connection::open(path).unwrap();
    let r: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(r, "ok");
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// One cell of a test sheet.
#[derive(Debug, Clone)]
pub enum X {
    S(String),
    N(f64),
    D(NaiveDate),
    /// A date cell with a number format of the caller's choice.
    Df(NaiveDate, &'static str),
    Blank,
}

pub fn s(v: &str) -> X {
    if v.is_empty() {
        X::Blank
    } else {
        X::S(v.to_string())
    }
}

/// Build a one-sheet .xlsx in memory: `rows` start at row 1 (Excel numbering) and column A;
/// `merges` are (first_row, first_col, last_row, last_col, text), 0-based as rust_xlsxwriter
/// counts, and are written after the cells.
pub fn xlsx_bytes(rows: &[Vec<X>], merges: &[(u32, u16, u32, u16, &str)]) -> Vec<u8> {
    workbook_bytes(&[("台账", rows, merges)])
}

/// One worksheet of [`workbook_bytes`]: its name, rows and merges as [`xlsx_bytes`] takes them.
pub type Worksheet<'a> = (&'a str, &'a [Vec<X>], &'a [(u32, u16, u32, u16, &'a str)]);

/// Build an .xlsx of several worksheets in memory, in order.
pub fn workbook_bytes(sheets: &[Worksheet<'_>]) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows, merges) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    X::S(v) => {
                        sheet.write_string(r, c, v).unwrap();
                    }
                    X::N(v) => {
                        sheet.write_number(r, c, *v).unwrap();
                    }
                    X::D(d) => {
                        sheet.write_date_with_format(r, c, d, &date_fmt).unwrap();
                    }
                    X::Df(d, fmt) => {
                        sheet.write_date_with_format(r, c, d, &Format::new().set_num_format(*fmt)).unwrap();
                    }
                    X::Blank => {}
                }
            }
        }
        for (r0, c0, r1, c1, text) in merges.iter() {
            sheet.merge_range(*r0, *c0, *r1, *c1, text, &Format::new()).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

pub fn write_xlsx(path: &Path, rows: &[Vec<X>], merges: &[(u32, u16, u32, u16, &str)]) {
    std::fs::write(path, xlsx_bytes(rows, merges)).unwrap();
}

/// Write an .xlsx of several worksheets ([`workbook_bytes`]).
pub fn write_workbook(path: &Path, sheets: &[Worksheet<'_>]) {
    std::fs::write(path, workbook_bytes(sheets)).unwrap();
}

/// A row of text cells.
pub fn row(cells: &[&str]) -> Vec<X> {
    cells.iter().map(|c| s(c)).collect()
}
