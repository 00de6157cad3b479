//! The branch the importers run against: the small demo branch (seed 1), made once per process
//! in a scratch folder, with the figures it yields and, for each sheet kind, the texts its own
//! export writes (the vocabulary of [`crate::grid`]).
//!
//! Imports run as dry runs, so the branch never changes; every import checks that (the last row
//! of the audit trail and of the change log stay where they were).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use calamine::{open_workbook_auto, Data, Reader};
use ledger_core::demo::Scale;
use ledger_core::figures::{FigureQuery, FigureSet};
use ledger_core::sheets::SheetKind;
use ledger_core::store::dates;
use ledger_core::Ledger;

pub(crate) use crate::grid::KINDS as SHEET_KINDS;

pub(crate) struct Fixture {
    pub ledger: Ledger,
    /// The scratch folder: the database, and the file each input is written to.
    pub dir: PathBuf,
    /// For each of [`SHEET_KINDS`], the distinct texts of its export, sorted.
    pub vocab: Vec<Vec<String>>,
    /// The demo branch's figures today.
    pub figures: FigureSet,
    mark: (i64, i64),
}

static FIXTURE: Mutex<Option<Fixture>> = Mutex::new(None);

/// Run `f` on the process's fixture (made on first use).
pub(crate) fn with<T>(f: impl FnOnce(&mut Fixture) -> T) -> T {
    let mut guard = FIXTURE.lock().unwrap_or_else(PoisonError::into_inner);
    f(guard.get_or_insert_with(Fixture::new))
}

impl Fixture {
    fn new() -> Fixture {
        let dir = scratch_dir();
        let mut ledger = Ledger::open(dir.join("ledger.sqlite3")).expect("open the fixture database");
        ledger.set_actor("模糊测试");
        ledger.generate_demo(Scale::Small, 1).expect("generate the demo branch");
        let mut vocab = Vec::new();
        for (i, kind) in SHEET_KINDS.iter().enumerate() {
            let path = dir.join(format!("export-{i}.xlsx"));
            export(&ledger, *kind, &path);
            let mut texts: Vec<String> =
                read_grid(&path).iter().flatten().map(cell_text).filter(|t| !t.is_empty()).collect();
            texts.sort();
            texts.dedup();
            vocab.push(texts);
        }
        let figures = ledger.figures(&FigureQuery::default()).expect("the demo branch's figures");
        let mut fixture = Fixture { ledger, dir, vocab, figures, mark: (0, 0) };
        fixture.mark = fixture.current_mark();
        fixture
    }

    fn current_mark(&self) -> (i64, i64) {
        self.ledger
            .conn()
            .query_row(
                "SELECT (SELECT coalesce(max(rowid), 0) FROM audit_log),
                        (SELECT coalesce(max(rowid), 0) FROM sync_changes)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("read the audit trail")
    }

    /// Panics if anything was written since the fixture was made.
    pub fn assert_unchanged(&self, what: &str) {
        assert_eq!(self.current_mark(), self.mark, "{what} changed the database");
    }
}

/// A folder of its own for this process under the system's temporary folder,
/// `ledger-fuzz-targets/<pid>`. A fuzzer leaves by `exit`, which runs no destructor, so the
/// folders of processes that no longer run are removed here instead (on Linux, where `/proc`
/// tells).
fn scratch_dir() -> PathBuf {
    let base = std::env::temp_dir().join("ledger-fuzz-targets");
    std::fs::create_dir_all(&base).expect("create the scratch folder");
    let proc = Path::new("/proc/self");
    if proc.exists() {
        for entry in std::fs::read_dir(&base).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let gone = name.to_str().and_then(|n| n.parse::<u32>().ok()).is_some_and(|pid| {
                let alive = Path::new("/proc").join(pid.to_string());
                !alive.exists()
            });
            if gone {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let dir = base.join(std::process::id().to_string());
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

/// Export every record of `kind` with the ledger's own export.
pub(crate) fn export(ledger: &Ledger, kind: SheetKind, path: &Path) {
    let done = match kind {
        SheetKind::Tasks => ledger.export_tasks(path, &Default::default()),
        SheetKind::Staff => ledger.export_staff(path, &Default::default(), false),
        SheetKind::Certificates => ledger.export_certificates(path, &Default::default()),
        SheetKind::Secondments => ledger.export_secondments(path, &Default::default()),
        SheetKind::Uniforms => ledger.export_uniform_issues(path),
        SheetKind::Training => ledger.export_training(path, &Default::default()),
        SheetKind::Equipment => ledger.export_equipment(path, &Default::default(), false),
        SheetKind::EquipmentUsage => ledger.export_equipment_usage(path),
        SheetKind::EquipmentMaintenance => ledger.export_equipment_maintenance(path),
    };
    done.unwrap_or_else(|e| panic!("export {}: {e}", kind.label()));
}

/// The first sheet of a workbook, as calamine reads it.
pub(crate) fn read_grid(path: &Path) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).expect("read back an export");
    let range = book.worksheet_range_at(0).expect("a sheet").expect("read the sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

pub(crate) fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.trim().to_string(),
        Data::Empty => String::new(),
        Data::DateTime(dt) => dates::from_excel_serial(dt.as_f64()).map(dates::iso).unwrap_or_default(),
        other => other.to_string(),
    }
}
