//! Two `ledgerctl` processes writing to one database at the same time (two scripts, or a
//! script while the app is open) lose nothing and leave a sound file.

mod common;

use std::collections::BTreeSet;
use std::thread;

use common::*;

#[test]
fn two_processes_adding_tasks_at_once_lose_nothing() {
    let env = initialised();
    let workers: Vec<_> = ["甲", "乙"]
        .into_iter()
        .map(|who| {
            let db = env.db.clone();
            thread::spawn(move || {
                for i in 0..20 {
                    let out = ctl(&db)
                        .args([
                            "task",
                            "add",
                            "--year",
                            "2024",
                            "--detail",
                            &format!("{who}脚本第{i}项"),
                            "--deadline",
                            "12月底前",
                        ])
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "{who} {i}: {}", String::from_utf8_lossy(&out.stderr));
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let list = json(&env.db, &["task", "list", "--json"]);
    let tasks = arr(&list);
    assert_eq!(tasks.len(), 40);
    let seqs: Vec<i64> = tasks.iter().map(|t| t["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=40).collect::<Vec<_>>(), "every task got its own number");
    let details: BTreeSet<String> = tasks.iter().map(|t| t["detail"].as_str().unwrap().to_string()).collect();
    let want: BTreeSet<String> =
        ["甲", "乙"].iter().flat_map(|w| (0..20).map(move |i| format!("{w}脚本第{i}项"))).collect();
    assert_eq!(details, want);
    let audit = json(&env.db, &["audit", "--entity", "task", "--limit", "100", "--json"]);
    assert_eq!(arr(&audit).len(), 40);
    integrity_ok(&env.db);
}
