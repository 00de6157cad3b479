//! Backups and recovery: a backup holds the database, its evidence and its key; a restore puts
//! them back without deleting anything; a damaged or foreign file is refused with a clear
//! message and left as it was; a database from a newer program is not touched.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use ledger_core::backup::{self, BackupReason, Health};
use ledger_core::store::db;
use ledger_core::Ledger;

fn task_count(l: &Ledger) -> i64 {
    count(l.conn(), "SELECT COUNT(*) FROM tasks")
}

fn evidence_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for shard in fs::read_dir(dir.join("evidence")).into_iter().flatten().flatten() {
        for f in fs::read_dir(shard.path()).into_iter().flatten().flatten() {
            let name = f.file_name().to_string_lossy().to_string();
            if !name.starts_with('.') {
                out.push(name);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_restore_brings_back_the_database_its_evidence_and_its_key_and_can_be_undone() {
    let mut env = branch();
    let t = env.ledger.create_task(&input("落实全过程记录制度", "长期坚持")).unwrap();
    let src = env.path("检查记录.pdf");
    fs::write(&src, b"%PDF-1.4 evidence").unwrap();
    let ev = env.ledger.attach_evidence("task", &t.id, &src).unwrap();
    let fingerprint = env.ledger.fingerprint().unwrap();
    let set = env.ledger.backup(BackupReason::Manual).unwrap();
    assert_eq!((set.sequence, set.evidence_files, set.evidence_missing), (1, 1, 0));
    assert!(set.has_key);

    // After the backup: a new task, the evidence file and the key lost from disk.
    env.ledger.create_task(&input("备份之后新增的任务", "2024年12月底前")).unwrap();
    assert_eq!(task_count(&env.ledger), 2);
    fs::remove_file(env.ledger.evidence_path(&ev.sha256)).unwrap();
    fs::remove_file(env.path("keys/ledger.key")).unwrap();

    let Env { dir, ledger } = env;
    let (ledger, outcome) = ledger.restore_backup(&set.id).unwrap();
    assert_eq!(outcome.restored.sequence, 1);
    assert_eq!(outcome.evidence_restored, 1);
    assert!(outcome.damaged_kept_at.is_none());
    let before = outcome.before_restore.expect("a healthy database is backed up before it is replaced");
    assert_eq!(before.reason, BackupReason::BeforeRestore);

    assert_eq!(task_count(&ledger), 1);
    assert_eq!(fs::read(ledger.evidence_path(&ev.sha256)).unwrap(), b"%PDF-1.4 evidence");
    assert_eq!(ledger.fingerprint().unwrap(), fingerprint, "the signing key is the backup's");
    integrity_ok(&dir.path().join("ledger.sqlite3"));

    // Undo: the before-restore backup holds the two tasks.
    let (ledger, _) = ledger.restore_backup(&before.id).unwrap();
    assert_eq!(task_count(&ledger), 2);
}

#[test]
fn a_damaged_database_is_moved_aside_never_deleted_and_the_backup_restored() {
    let env = branch();
    let mut ledger = env.reopen();
    ledger.create_task(&input("备份中的任务", "长期坚持")).unwrap();
    for i in 0..300 {
        ledger.create_task(&input(&format!("填充任务 {i} {}", "内容".repeat(40)), "长期坚持")).unwrap();
    }
    let set = ledger.backup(BackupReason::Daily).unwrap();
    ledger.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    drop(ledger);
    let Env { dir, ledger } = env;
    drop(ledger);
    let db_path = dir.path().join("ledger.sqlite3");

    // Scribble over the middle of the file, as a failing disk would.
    let mut bytes = fs::read(&db_path).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 8192] {
        *b = 0x5A;
    }
    fs::write(&db_path, &bytes).unwrap();
    let health = backup::check(&db_path);
    assert!(matches!(health, Health::Damaged(_)), "{health:?}");
    assert!(health.message(&db_path).contains("已损坏"));

    assert_eq!(backup::newest_good(&db_path).unwrap().unwrap().id, set.id);
    let outcome = backup::restore(&db_path, &set.id).unwrap();
    let aside = outcome.damaged_kept_at.expect("kept aside");
    assert_eq!(fs::read(Path::new(&aside).join("ledger.sqlite3")).unwrap(), bytes, "the damaged file, unchanged");
    assert!(outcome.before_restore.is_none());
    assert_eq!(backup::check(&db_path), Health::Ok);
    let ledger = Ledger::open(&db_path).unwrap();
    assert_eq!(task_count(&ledger), 301);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let text = "序号,工作任务\n1,这是一个被误命名的表格\n".repeat(50);
    fs::write(&path, &text).unwrap();
    let err = Ledger::open(&path).err().unwrap();
    assert_eq!(err.code(), "E_DB_DAMAGED");
    assert!(err.to_string().contains("不是本程序的数据库"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert_eq!(backup::check(&path), Health::NotSqlite);
    assert!(!dir.path().join("ledger.sqlite3-wal").exists());
}

#[test]
fn a_database_from_a_newer_program_is_refused_and_not_touched() {
    let env = branch();
    env.ledger
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; PRAGMA user_version = 99")
        .unwrap();
    let Env { dir, ledger } = env;
    drop(ledger);
    let path = dir.path().join("ledger.sqlite3");
    let bytes = fs::read(&path).unwrap();
    let err = Ledger::open(&path).err().unwrap();
    assert_eq!(err.code(), "E_DB_TOO_NEW");
    assert!(err.to_string().contains("请升级程序"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes, "not one byte changed (not even the journal mode)");
    assert_eq!(backup::check(&path), Health::TooNew(99, db::latest_version()));
}

#[test]
fn an_upgrade_backs_up_the_old_schema_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        db::configure(&conn).unwrap();
        db::migrate_to(&conn, 5).unwrap();
    }
    let ledger = Ledger::open(&path).unwrap();
    let sets = ledger.backups().unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!((sets[0].reason, sets[0].schema_version), (BackupReason::Migration, 5));
    drop(ledger);
    // Opening an up-to-date database makes no backup.
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(ledger.backups().unwrap().len(), 1);
}

#[test]
fn an_import_backs_up_first_and_a_dry_run_does_not() {
    use ledger_core::sheets::SheetKind;
    use ledger_core::store::excel::{ImportMode, ImportOptions};
    let mut env = branch();
    let sheet = env.path("任务.xlsx");
    write_xlsx(
        &sheet,
        &[
            row(&["序号", "工作任务", "具体内容", "完成时限", "责任单位"]),
            row(&["1", "执法监督", "落实全过程记录制度", "长期坚持", ""]),
        ],
        &[],
    );
    let dry = ImportOptions { mode: ImportMode::DryRun, fallback_year: 2024, ..ImportOptions::default() };
    env.ledger.import_sheet(SheetKind::Tasks, &sheet, &dry).unwrap();
    assert!(env.ledger.backups().unwrap().is_empty());
    let real = ImportOptions { fallback_year: 2024, ..ImportOptions::default() };
    env.ledger.import_sheet(SheetKind::Tasks, &sheet, &real).unwrap();
    let sets = env.ledger.backups().unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].reason, BackupReason::Import);
    // The backup is the state before the import.
    let copy = backup::backups_dir(env.ledger.db_path()).join(&sets[0].id).join("ledger.sqlite3");
    let conn = rusqlite::Connection::open(copy).unwrap();
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM tasks"), 0);
    assert_eq!(task_count(&env.ledger), 1);

    // Two sheets imported as one batch share one backup, of the state before the first.
    let sheets = |env: &mut Env| {
        env.ledger.import_batch(|l| {
            for detail in ["第一项", "第二项"] {
                let path = l.db_path().with_file_name(format!("{detail}.xlsx"));
                write_xlsx(&path, &[row(&["具体任务"]), row(&[detail])], &[]);
                l.import_sheet(SheetKind::Tasks, &path, &real)?;
            }
            Ok(())
        })
    };
    sheets(&mut env).unwrap();
    let sets = env.ledger.backups().unwrap();
    assert_eq!(sets.len(), 2, "one more, not two");
    let copy = backup::backups_dir(env.ledger.db_path()).join(&sets[0].id).join("ledger.sqlite3");
    assert_eq!(count(&rusqlite::Connection::open(copy).unwrap(), "SELECT COUNT(*) FROM tasks"), 1);
    assert_eq!(task_count(&env.ledger), 3);
    // After the batch, an import backs up on its own again.
    env.ledger.import_sheet(SheetKind::Tasks, &sheet, &real).unwrap();
    assert_eq!(env.ledger.backups().unwrap().len(), 3);
}

#[test]
fn the_rotation_removes_old_sets_and_the_evidence_only_they_held() {
    let mut env = branch();
    let t = env.ledger.create_task(&input("任务", "长期坚持")).unwrap();
    let old = env.path("旧附件.pdf");
    fs::write(&old, b"old evidence").unwrap();
    let ev = env.ledger.attach_evidence("task", &t.id, &old).unwrap();
    env.ledger.backup(BackupReason::Manual).unwrap();
    env.ledger.backup(BackupReason::Manual).unwrap();
    let dir = backup::backups_dir(env.ledger.db_path());
    let pool = dir.join("evidence").join(&ev.sha256[..2]).join(&ev.sha256);
    assert!(pool.is_file());
    // The evidence goes (as if never attached); the third set does not hold it.
    env.ledger
        .conn()
        .execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM evidence; DELETE FROM evidence_blobs;")
        .unwrap();
    env.ledger.backup(BackupReason::Manual).unwrap();
    // Date the three sets to one day two years ago, as if made then.
    for set in env.ledger.backups().unwrap() {
        let manifest = dir.join(&set.id).join("backup.json");
        let text = fs::read_to_string(&manifest).unwrap();
        fs::write(&manifest, text.replace(&set.created_at, "2024-11-01T09:00:00+08:00")).unwrap();
    }
    let newest = env.ledger.backup(BackupReason::Manual).unwrap();
    let left: Vec<u64> = env.ledger.backups().unwrap().iter().map(|s| s.sequence).collect();
    // Today's, and the newest of that old day (also of its week and month).
    assert_eq!(left, vec![newest.sequence, 3]);
    assert!(!dir.join("000001").exists());
    assert!(!pool.exists(), "no kept set links the old evidence");
    assert_eq!(evidence_files(env.dir.path()).len(), 1, "the live evidence directory is not touched");
}

#[test]
fn a_city_bureaus_backup_holds_the_branch_replicas() {
    let env = empty();
    let replica = env.path("branches/0f3c/ledger.sqlite3");
    {
        let r = Ledger::open_replica(&replica, false).unwrap();
        r.conn().execute("INSERT INTO settings (key, value) VALUES ('marker', 'replica')", []).unwrap();
    }
    let set = env.ledger.backup(BackupReason::Daily).unwrap();
    assert_eq!(set.branches, 1);
    fs::write(&replica, b"lost").unwrap();
    let path = env.db_path();
    let Env { dir, ledger } = env;
    drop(ledger);
    backup::restore(&path, &set.id).unwrap();
    let r = Ledger::open_replica(&replica, true).unwrap();
    let v: String = r.conn().query_row("SELECT value FROM settings WHERE key = 'marker'", [], |x| x.get(0)).unwrap();
    assert_eq!(v, "replica");
    assert!(dir.path().join("damaged").read_dir().unwrap().next().is_some(), "the replaced replica is kept aside");
}

#[test]
fn a_backup_whose_file_was_altered_is_not_restored() {
    let env = branch();
    let set = env.ledger.backup(BackupReason::Manual).unwrap();
    let copy = backup::backups_dir(env.ledger.db_path()).join(&set.id).join("ledger.sqlite3");
    let mut bytes = fs::read(&copy).unwrap();
    let n = bytes.len();
    bytes[n - 100] ^= 0xFF;
    fs::write(&copy, &bytes).unwrap();
    let path = env.db_path();
    drop(env.ledger);
    let err = backup::restore(&path, &set.id).unwrap_err();
    assert!(err.to_string().contains("备份文件已损坏"), "{err}");
    assert_eq!(backup::newest_good(&path).unwrap().map(|s| s.id), None);
    assert_eq!(backup::check(&path), Health::Ok, "the database was not touched");
}
