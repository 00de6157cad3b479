//! The SQLite store: pragmas of a fresh database, migrations from every older version, and
//! refusing a database written by a newer program.

mod common;

use common::*;
use ledger_core::store::db;
use ledger_core::Ledger;
use rusqlite::Connection;

#[test]
fn a_fresh_database_is_wal_with_foreign_keys_and_full_sync_at_the_latest_version() {
    let env = empty();
    let conn = env.ledger.conn();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "synchronous must be FULL on the Ledger's connection");
    assert_eq!(db::version(conn).unwrap(), db::latest_version());
    assert_eq!(db::latest_version(), db::MIGRATIONS.len() as i64);
    assert!(db::latest_version() >= 1);
    // The file itself is in WAL mode: a second plain connection sees it too.
    let other = Connection::open(env.db_path()).unwrap();
    let mode: String = other.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    // The foundation's tables are there.
    for table in ["settings", "org_units", "tasks", "task_progress", "evidence_blobs", "evidence", "audit_log"] {
        let n = count(conn, &format!("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='{table}'"));
        assert_eq!(n, 1, "table {table}");
    }
    assert_eq!(env.ledger.branch().unwrap(), None);
}

#[test]
fn foreign_keys_are_enforced_on_the_ledger_connection() {
    let env = branch();
    let err = env
        .ledger
        .conn()
        .execute(
            "INSERT INTO tasks (id, year, seq, unit_id, detail, created_at, updated_at)
             VALUES ('t1', 2024, 1, 'no-such-unit', '任务', 'x', 'x')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn the_database_is_created_with_its_missing_parent_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("数据").join("滕州").join("ledger.sqlite3");
    let ledger = Ledger::open(&path).unwrap();
    assert!(path.is_file());
    assert_eq!(ledger.db_path(), path.as_path());
    assert_eq!(ledger.data_dir(), path.parent().unwrap());
}

#[test]
fn reopening_keeps_the_data_and_the_version() {
    let mut env = branch();
    let t = env.ledger.create_task(&input("建立执法装备使用台账", "7月底前")).unwrap();
    drop(env.ledger);
    let again = Ledger::open(env.dir.path().join("ledger.sqlite3")).unwrap();
    assert_eq!(db::version(again.conn()).unwrap(), db::latest_version());
    assert_eq!(again.branch().unwrap().unwrap().name, BRANCH);
    let back = again.task(&t.id).unwrap();
    assert_eq!(back.detail, "建立执法装备使用台账");
    assert_eq!(back.due_date.as_deref(), Some("2024-07-31"));
    // Keep `env.dir` alive until here.
    let _ = &env.dir;
}

/// Put a branch and one task into a database at schema version `k` with SQL of that version.
fn seed_at_version(conn: &Connection, k: i64) {
    assert!(k >= 1);
    // Version 1 (0001_foundation.sql) is the oldest schema with data. When a later migration
    // changes these tables, add the SQL of that version here.
    conn.execute_batch(
        "INSERT INTO org_units (id, parent_id, name, kind, created_at, updated_at)
             VALUES ('u-branch', NULL, '峄城分局', '分局', '2024-05-10T08:00:00.000Z', '2024-05-10T08:00:00.000Z');
         INSERT INTO settings (key, value) VALUES ('branch_unit_id', 'u-branch');
         INSERT INTO tasks (id, year, seq, unit_id, category, main_task, detail, lead_units, responsible_units,
                            deadline_text, due_date, ongoing, deadline_recognized, status, created_at, updated_at)
             VALUES ('t-old', 2024, 7, 'u-branch', '(二)开展装备配备攻坚', '落实全过程记录制度',
                     '规范执法记录仪、执法终端使用', '[]', '[\"各分局\",\"综合执法支队\"]',
                     '9月底前', '2024-09-30', 0, 1, '进行中',
                     '2024-05-10T08:00:00.000Z', '2024-05-10T08:00:00.000Z');
         INSERT INTO task_progress (id, task_id, entry_date, author, note, created_at, updated_at)
             VALUES ('p-old', 't-old', '2024-06-01', '内勤', '已配发执法记录仪', '2024-06-01T08:00:00.000Z',
                     '2024-06-01T08:00:00.000Z');",
    )
    .unwrap();
}

#[test]
fn a_database_at_every_older_version_is_migrated_and_keeps_its_data() {
    for k in 0..=db::latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            db::configure(&conn).unwrap();
            db::migrate_to(&conn, k).unwrap();
            assert_eq!(db::version(&conn).unwrap(), k, "migrated only to {k}");
            if k >= 1 {
                seed_at_version(&conn, k);
            }
        }
        let ledger = Ledger::open(&path).unwrap_or_else(|e| panic!("open a v{k} database: {e}"));
        assert_eq!(db::version(ledger.conn()).unwrap(), db::latest_version(), "from v{k}");
        if k == 0 {
            assert_eq!(ledger.branch().unwrap(), None);
            assert_eq!(count(ledger.conn(), "SELECT count(*) FROM tasks"), 0);
            continue;
        }
        assert_eq!(ledger.branch().unwrap().unwrap().name, "峄城分局", "from v{k}");
        let t = ledger.task("t-old").unwrap();
        assert_eq!(t.seq, 7);
        assert_eq!(t.unit_name, "峄城分局");
        assert_eq!(t.detail, "规范执法记录仪、执法终端使用");
        assert_eq!(t.responsible_units, vec!["各分局".to_string(), "综合执法支队".to_string()]);
        assert!(t.lead_units.is_empty());
        assert_eq!(t.due_date.as_deref(), Some("2024-09-30"));
        assert_eq!(t.status.label(), "进行中");
        assert_eq!(t.revision, 1);
        let d = ledger.task_detail("t-old").unwrap();
        assert_eq!(d.progress.len(), 1);
        assert_eq!(d.progress[0].note, "已配发执法记录仪");
        let page = ledger.list_tasks(&Default::default()).unwrap();
        assert_eq!(page.total, 1);
    }
}

#[test]
fn migrating_an_up_to_date_database_again_changes_nothing() {
    let env = branch();
    let before = dump(env.ledger.conn());
    db::migrate_to(env.ledger.conn(), db::latest_version()).unwrap();
    let again = env.reopen();
    assert_eq!(dump(again.conn()), before);
}

#[test]
fn a_database_from_a_newer_program_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    let too_new = db::latest_version() + 1;
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!("CREATE TABLE future (x); PRAGMA user_version = {too_new};")).unwrap();
    }
    let err = Ledger::open(&path).err().expect("a newer database must be refused");
    assert_eq!(err.code(), "E_DB_TOO_NEW");
    let msg = err.to_string();
    assert!(msg.contains(&format!("数据库版本（{too_new}）")), "{msg}");
    assert!(msg.contains(&format!("支持的版本（{}）", db::latest_version())), "{msg}");
    assert!(err.is_user_error());
    // Nothing was changed in the file.
    let conn = Connection::open(&path).unwrap();
    assert_eq!(db::version(&conn).unwrap(), too_new);
    assert_eq!(count(&conn, "SELECT count(*) FROM sqlite_master WHERE name = 'tasks'"), 0);
    // migrate_to refuses it too.
    assert_eq!(db::migrate_to(&conn, db::latest_version()).unwrap_err().code(), "E_DB_TOO_NEW");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_a_chinese_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    std::fs::write(&path, "这不是数据库文件，只是一段文字。".repeat(200)).unwrap();
    let err = Ledger::open(&path).err().expect("refused");
    assert_eq!(err.code(), "E_DB_DAMAGED", "{err}");
    assert!(err.to_string().contains("数据库"), "{err}");
}

#[test]
fn backup_copies_the_whole_database() {
    let mut env = branch();
    env.ledger.create_task(&input("定期开展健康体检", "长期坚持")).unwrap();
    let dest = env.path("backup.sqlite3");
    env.ledger.backup_to(&dest).unwrap();
    let copy = Ledger::open(&dest).unwrap();
    assert_eq!(dump(copy.conn()), dump(env.ledger.conn()));
}
