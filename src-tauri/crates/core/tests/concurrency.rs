//! Two programs on one database file: the app and `ledgerctl`, or two windows. A writer waits
//! for another's transaction, readers are never blocked, and the file stays sound.

mod common;

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::*;
use ledger_core::store::db;
use ledger_core::tasks::TaskQuery;
use ledger_core::Ledger;
use rusqlite::Connection;

fn open(env: &Env) -> Ledger {
    let mut l = Ledger::open(env.db_path()).unwrap();
    l.set_actor("另一个窗口");
    l
}

#[test]
fn a_writer_waits_for_another_transaction_and_then_succeeds() {
    assert_eq!(db::BUSY_TIMEOUT, Duration::from_secs(10));
    let mut env = branch();
    env.ledger.create_task(&input("已有任务", "")).unwrap();
    let mut second = open(&env);

    // A third program holds the write lock for about 200 ms.
    let holder = Connection::open(env.db_path()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE; INSERT INTO settings (key, value) VALUES ('lock_test', 'held');").unwrap();
    let (locked_tx, locked_rx) = mpsc::channel();
    let release = thread::spawn(move || {
        locked_tx.send(()).unwrap();
        thread::sleep(Duration::from_millis(200));
        holder.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();

    // Readers are not blocked by the writer (WAL).
    let started = Instant::now();
    assert_eq!(second.list_tasks(&TaskQuery::default()).unwrap().total, 1);
    assert!(started.elapsed() < Duration::from_millis(150), "a read waited {:?}", started.elapsed());

    let started = Instant::now();
    let t = second.create_task(&input("等锁之后写入", "7月底前")).unwrap();
    let waited = started.elapsed();
    release.join().unwrap();
    assert!(waited >= Duration::from_millis(100), "the write should have waited for the lock, took {waited:?}");
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    assert_eq!(t.seq, 2);

    // Both writes are there, seen from the first ledger too.
    let all = env.ledger.list_tasks(&TaskQuery::default()).unwrap();
    assert_eq!(all.items.iter().map(|t| t.detail.as_str()).collect::<Vec<_>>(), vec!["已有任务", "等锁之后写入"]);
    let held: String =
        env.ledger.conn().query_row("SELECT value FROM settings WHERE key = 'lock_test'", [], |r| r.get(0)).unwrap();
    assert_eq!(held, "held");
    drop(second);
    integrity_ok(&env.db_path());
}

#[test]
fn a_writer_that_cannot_get_the_lock_in_time_gets_e_busy_and_changes_nothing() {
    let env = branch();
    let mut second = open(&env);
    // Shorten the wait for this test only; the program's own timeout is db::BUSY_TIMEOUT.
    second.conn().busy_timeout(Duration::from_millis(100)).unwrap();
    let holder = Connection::open(env.db_path()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let before = dump(env.ledger.conn());
    let started = Instant::now();
    let err = second.create_task(&input("写不进去", "")).unwrap_err();
    assert_eq!(err.code(), "E_BUSY");
    assert_eq!(err.to_string(), "数据库正被另一个程序写入，请稍后重试");
    assert!(err.is_user_error());
    assert!(started.elapsed() >= Duration::from_millis(90));
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(dump(env.ledger.conn()), before);
    // Once the lock is free the same ledger writes normally.
    let t = second.create_task(&input("现在可以写", "")).unwrap();
    assert_eq!(t.seq, 1);
    integrity_ok(&env.db_path());
}

#[test]
fn two_ledgers_writing_at_once_lose_nothing_and_number_uniquely() {
    let env = branch();
    let workers: Vec<_> = ["甲", "乙"]
        .into_iter()
        .map(|who| {
            let mut l = open(&env);
            thread::spawn(move || {
                for i in 0..25 {
                    l.create_task(&input(&format!("{who}窗口第{i}项"), "")).unwrap();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let all = env.ledger.list_tasks(&TaskQuery::default()).unwrap().items;
    assert_eq!(all.len(), 50);
    assert_eq!(all.iter().map(|t| t.seq).collect::<Vec<_>>(), (1..=50).collect::<Vec<_>>(), "no seq given twice");
    for who in ["甲", "乙"] {
        let mine: Vec<String> = all.iter().filter(|t| t.detail.starts_with(who)).map(|t| t.detail.clone()).collect();
        assert_eq!(mine, (0..25).map(|i| format!("{who}窗口第{i}项")).collect::<Vec<_>>());
    }
    assert_eq!(count(env.ledger.conn(), "SELECT count(*) FROM audit_log WHERE entity = 'task'"), 50);
    integrity_ok(&env.db_path());
}
