//! The hard places a branch PC meets, each through `ledgerctl` as a clerk or an administrator
//! would: a full disk, a read-only directory, a file that is not a database, a database from a
//! newer program, a data directory on a network share, a clock set to the past, the app holding
//! the database. Each gets a clear Chinese message, and nothing already saved is lost.
//!
//! The full and read-only disks are real: a small tmpfs mounted inside a private user and mount
//! namespace (`unshare -rm`, util-linux), so no root is needed and nothing leaks out. The past
//! clock is real too, through libfaketime (`faketime`, installed by `make test`).

mod common;

use std::process::Command;

use common::*;

fn ledgerctl() -> String {
    assert_cmd::cargo::cargo_bin("ledgerctl").display().to_string()
}

/// Run `script` (sh) in a private user + mount namespace where `$D` is a fresh tmpfs of
/// `size`; returns its stdout, asserting the script itself ran.
fn in_small_disk(size: &str, script: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let full = format!(
        "set -u; D={d}; mount -t tmpfs -o size={size} tmpfs \"$D\" || exit 97; L={l}; \
         export BRANCH_LEDGER_DB=\"$D/ledger.sqlite3\"; {script}",
        d = dir.path().display(),
        l = ledgerctl()
    );
    let out = Command::new("unshare").args(["-rm", "sh", "-c", &full]).output().expect("unshare (util-linux)");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert_ne!(out.status.code(), Some(97), "could not mount a tmpfs: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "script failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

#[test]
fn a_full_disk_refuses_the_write_with_a_clear_message_and_keeps_what_was_saved() {
    let out = in_small_disk(
        "4m",
        r#"
        $L init --branch-name 滕州分局 >/dev/null || exit 1
        for i in 1 2 3 4 5; do $L task add --year 2024 --detail "保存的任务$i" --deadline 长期坚持 >/dev/null || exit 2; done
        dd if=/dev/zero of="$D/filler" bs=64k 2>/dev/null
        n=0
        while [ $n -lt 40 ]; do
          n=$((n+1))
          # (stderr is kept in memory: the full disk has no room for it)
          if ! err=$($L task add --year 2024 --detail "磁盘满时的任务$n$(head -c 3000 /dev/zero | tr '\0' 'x')" --deadline 长期坚持 2>&1 >/dev/null); then
            echo "REFUSED"; echo "$err" | head -c 600; echo; break
          fi
        done
        rm -f "$D/filler"
        echo "LIST"; $L task list --year 2024 --json | grep -c '"detail": "保存的任务'
        echo "CHECK"; $L check
        $L task add --year 2024 --detail "清理后的任务" --deadline 长期坚持 >/dev/null && echo "WRITABLE AGAIN"
        "#,
    );
    assert!(out.contains("REFUSED"), "the disk never filled:\n{out}");
    assert!(out.contains("磁盘空间已满") && out.contains("E_DISK_FULL"), "{out}");
    assert!(out.contains("LIST\n5\n"), "all five saved tasks are there:\n{out}");
    assert!(out.contains("完好"), "{out}");
    assert!(out.contains("WRITABLE AGAIN"), "{out}");
}

/// Shell lines making a branch in `dir` (`$B`, outside the small disk) with one task and 4 MiB
/// of evidence attached to it.
fn branch_with_evidence(dir: &std::path::Path) -> String {
    format!(
        r#"
        B={b}
        $L --db "$B/branch.sqlite3" init --branch-name 滕州分局 >/dev/null || exit 1
        id=$($L --db "$B/branch.sqlite3" task add --year 2024 --detail 有佐证的任务 --deadline 长期坚持 --json |
          sed -n 's/^  "id": "\(.*\)",$/\1/p') || exit 2
        head -c 4194304 /dev/urandom > "$B/扫描件.pdf"
        $L --db "$B/branch.sqlite3" task attach "$id" "$B/扫描件.pdf" >/dev/null || exit 3"#,
        b = dir.display()
    )
}

#[test]
fn a_usb_stick_too_small_for_the_bundle_is_refused_before_anything_is_written() {
    // The branch's evidence (4 MiB) does not fit on the 2 MB stick: the export says so up front,
    // leaves the stick as it was and is not counted (the next one is still the first).
    let branch = tempfile::tempdir().unwrap();
    let out = in_small_disk(
        "2m",
        &format!(
            r#"{setup}
        if err=$($L --db "$B/branch.sqlite3" export --out "$D" --builtin-fonts 2>&1 >/dev/null); then echo "EXPORTED"; else echo "REFUSED"; echo "$err" | tail -c 600; echo; fi
        echo "ON THE STICK"; ls -A "$D" | wc -l
        mkdir "$B/usb" && $L --db "$B/branch.sqlite3" export --out "$B/usb" --builtin-fonts 2>/dev/null
        "#,
            setup = branch_with_evidence(branch.path())
        ),
    );
    assert!(out.contains("REFUSED"), "{out}");
    assert!(out.contains("E_BUNDLE_NO_SPACE") && out.contains("磁盘空间不足"), "{out}");
    assert!(out.contains("ON THE STICK\n0\n"), "the stick was written to:\n{out}");
    assert!(out.contains("-0001.zip"), "the refused export was counted:\n{out}");
}

#[test]
fn a_full_disk_at_the_city_bureau_stops_an_import_with_a_clear_message() {
    // The branch is elsewhere; the city bureau's disk holds its database but not the 4 MiB of
    // evidence the bundle brings, which is streamed from the bundle into the replica's store.
    let branch = tempfile::tempdir().unwrap();
    let out = in_small_disk(
        "3m",
        &format!(
            r#"{setup}
        mkdir "$B/usb" && $L --db "$B/branch.sqlite3" export --out "$B/usb" --builtin-fonts >/dev/null 2>&1 || exit 4
        $L city init --name 枣庄市生态环境局 >/dev/null || exit 5
        if err=$($L city import --register "$B"/usb/*.zip 2>&1 >/dev/null); then echo "IMPORTED"; else echo "REFUSED"; echo "$err" | head -c 600; echo; fi
        echo "STATUS"; $L city status --json
        ls -A "$D"/branches/*/evidence/*/ 2>/dev/null | grep -c incoming || true
        "#,
            setup = branch_with_evidence(branch.path())
        ),
    );
    assert!(out.contains("REFUSED"), "the disk never filled:\n{out}");
    assert!(out.contains("磁盘空间已满") && out.contains("E_DISK_FULL") && out.contains("evidence"), "{out}");
    assert!(out.contains("STATUS\n[]\n"), "nothing was imported or registered:\n{out}");
    assert!(out.ends_with("0\n"), "a partial evidence file was left behind:\n{out}");
}

#[test]
fn a_read_only_directory_is_refused_before_anything_is_written() {
    let out = in_small_disk(
        "8m",
        r#"
        $L init --branch-name 滕州分局 >/dev/null || exit 1
        $L task add --year 2024 --detail 只读前的任务 --deadline 长期坚持 >/dev/null || exit 2
        sum1=$(md5sum "$D/ledger.sqlite3")
        mount -o remount,ro "$D" || exit 3
        $L task add --year 2024 --detail 只读时的任务 --deadline 长期坚持 2>&1; echo "rc=$?"
        [ "$(md5sum "$D/ledger.sqlite3")" = "$sum1" ] && echo "UNCHANGED"
        mount -o remount,rw "$D" || exit 4
        $L task list --year 2024 --json | grep -c '"detail"'
        "#,
    );
    assert!(out.contains("E_READ_ONLY_PLACE") && out.contains("无法写入"), "{out}");
    assert!(out.contains("rc=1"), "a user error:\n{out}");
    assert!(out.contains("UNCHANGED"), "{out}");
    assert!(out.trim_end().ends_with('1'), "one task, the one saved before:\n{out}");
}

#[test]
fn a_network_share_is_refused_with_the_reason() {
    let env = fresh();
    std::fs::create_dir_all(env.dir.path()).unwrap();
    for fstype in ["cifs", "nfs4", "fuse.sshfs"] {
        let out = ctl(&env.db).env("BRANCH_LEDGER_TEST_FSTYPE", fstype).args(["info"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("E_NETWORK_SHARE") && err.contains("网络共享") && err.contains(fstype), "{err}");
        assert!(!env.db.exists(), "no database was created on the share");
    }
}

#[test]
fn a_clock_in_the_past_is_named_and_nothing_is_refused() {
    let env = fresh();
    ok(&env.db, &["init", "--branch-name", "滕州分局"]);
    ok(&env.db, &["task", "add", "--year", "2024", "--detail", "今天录入的任务", "--deadline", "长期坚持"]);
    let out = Command::new("faketime")
        .args(["2020-01-01 08:00:00", &ledgerctl(), "--db"])
        .arg(&env.db)
        .args(["task", "add", "--year", "2024", "--detail", "时钟错误时录入", "--deadline", "长期坚持"])
        .env_remove("BRANCH_LEDGER_DB")
        .output()
        .expect("faketime (libfaketime)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("警告") && err.contains("2020年1月1日") && err.contains("早于本台账最近一次修改的时间"),
        "{err}"
    );
    let tasks = json(&env.db, &["task", "list", "--year", "2024", "--json"]);
    assert_eq!(tasks.as_array().map(Vec::len), Some(2), "{tasks}");
    // With the clock right again, no warning.
    let out = ctl(&env.db).args(["info"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("警告"));
}

#[test]
fn a_foreign_file_a_newer_database_and_a_damaged_one_each_say_what_they_are() {
    let env = fresh();
    std::fs::write(&env.db, "这不是数据库，是一份误放的文本".repeat(20)).unwrap();
    let (code, err) = fail(&env.db, &["info"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("E_DB_DAMAGED") && err.contains("不是本程序的数据库") && err.contains("ledgerctl restore"),
        "{err}"
    );

    let env = fresh();
    ok(&env.db, &["init", "--branch-name", "滕州分局"]);
    rusqlite::Connection::open(&env.db).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    let (code, err) = fail(&env.db, &["task", "list"]);
    assert_eq!(code, 1);
    assert!(err.contains("E_DB_TOO_NEW") && err.contains("请升级程序"), "{err}");
    let (_, err) = fail(&env.db, &["check"]);
    assert!(err.contains("E_DB_TOO_NEW"), "{err}");
}

#[test]
fn a_damaged_database_is_recovered_from_the_command_line() {
    let env = fresh();
    ok(&env.db, &["init", "--branch-name", "滕州分局"]);
    for i in 0..200 {
        let detail = format!("任务{i}{}", "内容".repeat(50));
        ok(&env.db, &["task", "add", "--year", "2024", "--detail", &detail, "--deadline", "长期坚持"]);
    }
    let set = json(&env.db, &["backup", "--json"]);
    assert_eq!(set["reason"], "manual");
    let listed = ok(&env.db, &["backups"]);
    assert!(listed.contains("手动备份") && listed.contains("含签名密钥"), "{listed}");

    // A failing disk scribbles over the middle of the file.
    rusqlite::Connection::open(&env.db).unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    let mut bytes = std::fs::read(&env.db).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid..mid + 8192].fill(0xA5);
    std::fs::write(&env.db, &bytes).unwrap();
    let (code, err) = fail(&env.db, &["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("已损坏") && err.contains("ledgerctl restore 1"), "{err}");

    let out = ok(&env.db, &["restore", "--latest"]);
    assert!(out.contains("已恢复第 1 号备份") && out.contains("damaged"), "{out}");
    let tasks = json(&env.db, &["task", "list", "--year", "2024", "--json"]);
    assert_eq!(tasks.as_array().map(Vec::len), Some(200));
    let damaged = std::fs::read_dir(env.path("damaged")).unwrap().next().unwrap().unwrap().path();
    assert_eq!(std::fs::read(damaged.join("ledger.sqlite3")).unwrap(), bytes, "the damaged file is kept as it was");
}

#[test]
fn restore_is_refused_while_the_app_holds_the_database_and_writes_are_safe_beside_it() {
    let env = fresh();
    ok(&env.db, &["init", "--branch-name", "滕州分局"]);
    ok(&env.db, &["backup"]);
    // What the desktop app does at start.
    let lock = ledger_core::store::lock::AppLock::acquire(&env.db).unwrap().expect("the lock is free");
    let (code, err) = fail(&env.db, &["restore", "1"]);
    assert_eq!(code, 1);
    assert!(err.contains("E_IN_USE") && err.contains("请先关闭程序再恢复备份"), "{err}");
    // Ordinary writes beside the app go through SQLite's locking.
    ok(&env.db, &["task", "add", "--year", "2024", "--detail", "程序打开时用命令行录入", "--deadline", "长期坚持"]);
    assert!(ledger_core::store::lock::AppLock::acquire(&env.db).unwrap().is_none(), "still held");
    drop(lock);
    ok(&env.db, &["restore", "1"]);
    let tasks = json(&env.db, &["task", "list", "--year", "2024", "--json"]);
    assert_eq!(tasks.as_array().map(Vec::len), Some(0), "the backup was made before the task");
}

/// The app checks its database in the background while it holds it open. That check must not
/// open the file other than through SQLite: closing a plain descriptor drops the process's locks,
/// and `ledgerctl` closing beside it would then delete the WAL holding the app's writes.
#[test]
fn the_apps_background_check_keeps_its_writes_safe_from_ledgerctl_beside_it() {
    let env = fresh();
    ok(&env.db, &["init", "--branch-name", "滕州分局"]);
    let mut app = ledger_core::Ledger::open(&env.db).unwrap();
    assert_eq!(ledger_core::backup::check(&env.db), ledger_core::backup::Health::Ok);
    ledger_core::backup::create_at(&env.db, ledger_core::backup::BackupReason::Daily).unwrap();
    let input = |d: &str| ledger_core::tasks::TaskInput { year: 2024, detail: d.into(), ..Default::default() };
    app.create_task(&input("程序录入的第一项")).unwrap();
    ok(&env.db, &["task", "list", "--year", "2024"]);
    app.create_task(&input("程序录入的第二项")).unwrap();
    ok(&env.db, &["task", "add", "--year", "2024", "--detail", "命令行录入", "--deadline", "长期坚持"]);
    app.create_task(&input("程序录入的第三项")).unwrap();
    drop(app);
    let tasks = json(&env.db, &["task", "list", "--year", "2024", "--json"]);
    assert_eq!(tasks.as_array().map(Vec::len), Some(4), "{tasks}");
}
