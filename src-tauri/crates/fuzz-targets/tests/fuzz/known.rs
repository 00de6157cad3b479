//! Findings in other projects' code, each pinned by a test so that it stays handled.

use ledger_core::sheets::SheetKind;
use ledger_core::store::excel::{ImportMode, ImportOptions};
use ledger_core::tasks::TaskInput;
use ledger_core::Ledger;

/// rust_xlsxwriter 0.79 sliced a string at a byte that is not a character boundary when `_x`
/// was followed within four bytes by a character of several bytes, and panicked: an export of a
/// record whose text read `联系_x中队` took the program down (found by the `excel_rows` fuzz
/// target; rust_xlsxwriter issue 141). Fixed by moving to 0.84.2; this keeps it fixed.
#[test]
fn an_export_of_x_before_a_chinese_character_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path().join("ledger.sqlite3")).unwrap();
    ledger.init_branch("滕州分局").unwrap();
    let input = TaskInput { year: 2024, detail: "联系_x中队".into(), ..TaskInput::default() };
    ledger.create_task(&input).unwrap();
    let out = dir.path().join("任务.xlsx");
    ledger.export_tasks(&out, &Default::default()).expect("exported");
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
}

/// calamine 0.38 reads the directory of an .xls through `Sectors::get_chain(…, usize::MAX)`,
/// which follows the FAT without noticing a cycle: the chain grew until an allocation of 8 GiB
/// failed and the process aborted (no `catch_unwind` stops that), so a clerk's damaged .xls
/// closed the app (found by the `excel_import` fuzz target; the input, selector byte first, is
/// `regressions/excel_import/calamine-cfb-cycle.xls.bin`). The importer now checks the
/// compound-file structure with the cfb crate first and refuses the file, naming it.
#[test]
fn a_damaged_xls_with_a_cyclic_chain_is_refused_not_fatal() {
    let input = include_bytes!("regressions/excel_import/calamine-cfb-cycle.xls.bin");
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path().join("ledger.sqlite3")).unwrap();
    ledger.init_branch("滕州分局").unwrap();
    let path = dir.path().join("重点任务.xls");
    std::fs::write(&path, &input[1..]).unwrap();
    let options = ImportOptions { mode: ImportMode::DryRun, fallback_year: 2024, ..ImportOptions::default() };
    let err = ledger.import_sheet(SheetKind::Tasks, &path, &options).unwrap_err();
    let payload = err.to_payload();
    assert_eq!(payload.code, "E_FILE", "{payload:?}");
    assert!(payload.message.contains("重点任务.xls") && payload.message.contains("文件已损坏"), "{}", payload.message);
}
