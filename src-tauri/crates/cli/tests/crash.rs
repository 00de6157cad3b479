//! Crash safety: `ledgerctl bench --writes N` commits task after task, printing each id once its
//! commit has returned; this test kills it with SIGKILL at random moments, many times over (the
//! first kills land while the database is still being created and migrated). After every kill the
//! database passes `PRAGMA integrity_check`, every task the writer reported is there, and nothing
//! is half-done: each task has its search row and its audit row, written in the same transaction.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use rusqlite::Connection;

/// A small deterministic generator for the moments of the kills (xorshift64*).
struct Moments(u64);

impl Moments {
    fn next_ms(&mut self, lo: u64, hi: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        lo + self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % (hi - lo)
    }
}

const KILLS: usize = 60;

#[test]
fn every_reported_commit_survives_sigkill_at_random_moments() {
    let env = fresh();
    let mut moments = Moments(0x9E37_79B9_7F4A_7C15);
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for round in 0..KILLS {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("ledgerctl"))
            .env_remove("BRANCH_LEDGER_DB")
            .arg("--db")
            .arg(&env.db)
            .args(["bench", "--writes", "100000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the writer");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("committed ").map(str::to_string))
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(moments.next_ms(5, 400)));
        child.kill().expect("SIGKILL the writer");
        child.wait().expect("reap the writer");
        reported.extend(reader.join().expect("reader"));

        let conn = Connection::open(&env.db).expect("open after the kill");
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "kill {round}: integrity_check");
        let mut present = conn.prepare("SELECT 1 FROM tasks WHERE id = ?1").unwrap();
        for id in &reported {
            assert!(present.exists([id]).unwrap(), "kill {round}: reported task {id} is lost");
        }
        let (tasks, indexed, audited): (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM tasks), (SELECT count(*) FROM task_search),
                        (SELECT count(*) FROM audit_log WHERE entity = 'task' AND action = 'create')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((indexed, audited), (tasks, tasks), "kill {round}: a task without its search or audit row");
        assert!(tasks as usize >= reported.len());
    }
    assert!(reported.len() > KILLS, "the writer hardly wrote: {} commits", reported.len());
    eprintln!("survived {KILLS} kills with SIGKILL; {} commits reported, all present", reported.len());
}
