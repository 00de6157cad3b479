//! Findings outside this repository's code, pinned so that the day they are fixed shows.
//!
//! Not pinned by a test, because it takes the process down: `known/calamine-cfb-cycle.xls.bin`
//! (an `excel_import` input: selector byte 9, then a damaged 9.8 KB .xls of the key-task sheet).
//! calamine 0.38 reads the directory of an .xls through `Sectors::get_chain(…, usize::MAX)`,
//! which follows the FAT without noticing a cycle, so the chain grows until an allocation of
//! 8 GiB fails and the process aborts — `catch_unwind` in `sheet::read` cannot catch that. A
//! clerk's damaged .xls can close the app. Reproduce (nightly, from `src-tauri/fuzz`):
//! `cargo +nightly fuzz run -s none excel_import ../crates/fuzz-targets/tests/fuzz/known/calamine-cfb-cycle.xls.bin`.

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
