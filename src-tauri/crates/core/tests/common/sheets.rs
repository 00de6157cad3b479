//! Helpers of the sheet suites (`people_excel`, `equipment_excel`): import options, the rejected
//! report, units, the tables an import may change, and the round trips — export, read back as
//! test cells, edit a cell, import again; or export a sheet per unit and import each back.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use ledger_core::model::UnitInput;
use ledger_core::sheets::SheetKind;
use ledger_core::store::dates::from_excel_serial;
use ledger_core::store::excel::{ExportReport, ImportMode, ImportOptions, ImportReport};
use ledger_core::{Ledger, LedgerError};
use rusqlite::Connection;

use super::{count, dump, s, write_xlsx, Env, X};

/// All or nothing, in 2024.
pub fn opts() -> ImportOptions {
    ImportOptions::new(ImportMode::AllOrNothing, 2024)
}

/// The report of an import that was refused as a whole.
pub fn rejected(r: Result<ImportReport, LedgerError>) -> ImportReport {
    match r {
        Err(LedgerError::ImportRejected(report)) => *report,
        other => panic!("expected E_IMPORT_REJECTED, got {other:?}"),
    }
}

pub fn add_unit(l: &mut Ledger, name: &str, kind: &str) -> String {
    l.add_unit(&UnitInput { name: name.into(), kind: kind.into(), parent_id: None }).unwrap().id
}

pub fn unit_id(l: &Ledger, name: &str) -> String {
    l.unit_by_name(name).unwrap().unwrap_or_else(|| panic!("no unit {name}")).id
}

/// A date field as records hold it.
pub fn d(s: &str) -> Option<String> {
    Some(s.to_string())
}

/// Every table but the audit trail (and its row counter): what an import that changes nothing
/// must leave as it was.
pub fn records(conn: &Connection) -> Vec<(String, Vec<String>)> {
    dump(conn).into_iter().filter(|(t, _)| t != "audit_log" && t != "sqlite_sequence").collect()
}

/// The tables whose rows differ between two dumps.
pub fn changed(a: &[(String, Vec<String>)], b: &[(String, Vec<String>)]) -> Vec<String> {
    a.iter().zip(b).filter(|(x, y)| x != y).map(|(x, _)| x.0.clone()).collect()
}

pub fn audit_rows(conn: &Connection) -> i64 {
    count(conn, "SELECT count(*) FROM audit_log")
}

/// An exported sheet read back as test cells (date cells as dates).
pub fn read_back(path: &Path) -> Vec<Vec<X>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(v) => s(v),
                    Data::Float(f) => X::N(*f),
                    Data::Int(i) => X::N(*i as f64),
                    Data::DateTime(dt) => X::D(from_excel_serial(dt.as_f64()).unwrap()),
                    Data::Empty => X::Blank,
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

pub fn text_of(x: &X) -> String {
    match x {
        X::S(v) => v.clone(),
        X::N(n) => n.to_string(),
        X::D(d) | X::Df(d, _) => d.to_string(),
        X::Blank => String::new(),
    }
}

/// The column under `header` in the first row.
pub fn col_of(rows: &[Vec<X>], header: &str) -> usize {
    rows[0].iter().position(|h| text_of(h) == header).unwrap_or_else(|| panic!("no column {header}"))
}

/// The row of an exported sheet whose `header` cell is `value`.
pub fn find_row(rows: &[Vec<X>], header: &str, value: &str) -> usize {
    let c = col_of(rows, header);
    rows.iter().position(|r| r.get(c).map(text_of).as_deref() == Some(value)).unwrap_or_else(|| panic!("no {value}"))
}

/// Put `v` in row `r` under `header`.
pub fn set(rows: &mut [Vec<X>], r: usize, header: &str, v: X) {
    let c = col_of(rows, header);
    rows[r][c] = v;
}

/// Export with a sheet per unit (`export`), then import each sheet back on its own: every one of
/// the `rows` unchanged and nothing written. Returns the sheets' names, sorted.
pub fn by_unit_round_trip(
    env: &mut Env,
    kind: SheetKind,
    rows: u32,
    export: impl Fn(&Ledger, &Path) -> ledger_core::Result<ExportReport>,
) -> Vec<String> {
    let path = env.path(&format!("{}（按单位）.xlsx", kind.label()));
    let report = export(&env.ledger, &path).unwrap();
    assert_eq!(report.rows, rows, "{}", kind.label());
    let before = records(env.ledger.conn());
    let check = env.ledger.import_sheet(kind, &path, &ImportOptions::new(ImportMode::DryRun, 2024)).unwrap();
    assert_eq!(check.sheets.len() as u32, report.sheets, "every sheet importable: {:?}", check.sheets);
    let mut unchanged = 0;
    for sheet in &check.sheets {
        let r = env.ledger.import_sheet(kind, &path, &ImportOptions { sheet: Some(sheet.clone()), ..opts() }).unwrap();
        assert_eq!((r.inserted, r.updated, r.rejected_rows), (0, 0, 0), "{sheet}: {:?}", r.errors);
        unchanged += r.unchanged;
    }
    assert_eq!(unchanged, rows, "{}", kind.label());
    assert!(records(env.ledger.conn()) == before, "{}: the unchanged sheets wrote", kind.label());
    let mut sheets = check.sheets;
    sheets.sort();
    sheets
}

/// Export with `export`, import it back as `kind`: every row 无变化, nothing written but the
/// import's own audit row. Returns the exported rows.
pub fn unchanged_round_trip(
    env: &mut Env,
    kind: SheetKind,
    rows: u32,
    export: impl Fn(&Ledger, &Path) -> ledger_core::Result<ExportReport>,
) -> Vec<Vec<X>> {
    let path = env.path(&format!("{}.xlsx", kind.label()));
    let report = export(&env.ledger, &path).unwrap();
    assert_eq!(report.rows, rows, "{}", kind.label());
    let before = records(env.ledger.conn());
    let audit = audit_rows(env.ledger.conn());
    let r = env.ledger.import_sheet(kind, &path, &opts()).unwrap();
    assert_eq!(
        (r.inserted, r.updated, r.unchanged, r.rejected_rows),
        (0, 0, rows, 0),
        "{}: {:?}",
        kind.label(),
        r.errors
    );
    assert!(r.ignored_columns.is_empty(), "{:?}", r.ignored_columns);
    let after = records(env.ledger.conn());
    assert!(after == before, "{}: the unchanged re-import wrote {:?}", kind.label(), changed(&before, &after));
    assert_eq!(audit_rows(env.ledger.conn()), audit + 1, "only the import itself is audited");
    read_back(&path)
}

/// Write `rows` as an edited sheet and import it: `updated` rows 更新, the rest 无变化.
pub fn import_edited(env: &mut Env, kind: SheetKind, rows: &[Vec<X>], updated: u32) -> ImportReport {
    let path = env.path(&format!("{}-改.xlsx", kind.label()));
    write_xlsx(&path, rows, &[]);
    let r = env.ledger.import_sheet(kind, &path, &opts()).unwrap();
    let n = rows.len() as u32 - 1;
    assert_eq!((r.inserted, r.updated, r.unchanged), (0, updated, n - updated), "{}: {:?}", kind.label(), r.errors);
    r
}
