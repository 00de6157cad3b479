//! The app keeping the clerk's data safe, as a clerk meets it:
//!
//! - `a_damaged_database_is_recovered_through_the_app`: a database with a backup is damaged on
//!   disk; the app starts, its check finds the damage and shows the recovery screen; one click
//!   restores the newest good backup; the ledger is back, the damaged file kept aside. Then the
//!   locked-down webview: a Tauri permission the app does not grant and a fetch to the network
//!   are both refused. Last, a refused call no page handled is shown, and logged by its code.
//! - `a_second_start_hands_over_to_the_first_window`: a second start on the same database exits
//!   at once and the first window is brought forward (its log says so); the log holds no
//!   personal data.
//! - `the_app_opens_no_network_connection`: every process of the running app (the app,
//!   WebKitWebProcess, WebKitNetworkProcess) is watched through /proc for any TCP, UDP or raw
//!   socket while the app starts and shows its first page.
//! - `the_web_process_draws_without_accelerated_compositing`: the memory setting of memory.rs
//!   reaches the web process.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn branch_with_tasks(db: &Path, n: usize) {
    ledgerctl(db, &["init", "--branch-name", "枣庄市生态环境局滕州分局"]);
    for i in 0..n {
        let detail = format!("恢复测试任务{i}{}", "内容".repeat(60));
        ledgerctl(db, &["task", "add", "--year", "2024", "--detail", &detail, "--deadline", "长期坚持"]);
    }
}

/// Scribble over the middle of the file, as a failing disk would.
fn damage(db: &Path) -> Vec<u8> {
    rusqlite_free_checkpoint(db);
    let mut bytes = std::fs::read(db).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid..mid + 8192].fill(0xA5);
    std::fs::write(db, &bytes).unwrap();
    bytes
}

fn rusqlite_free_checkpoint(db: &Path) {
    // `ledgerctl backup --out` opens, checkpoints on close; the WAL is then empty.
    let scratch = db.with_extension("copy");
    ledgerctl(db, &["backup", "--out", scratch.to_str().unwrap()]);
    let _ = std::fs::remove_file(scratch);
    assert!(std::fs::metadata(db.with_extension("sqlite3-wal")).map(|m| m.len() == 0).unwrap_or(true));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_database_is_recovered_through_the_app() {
    require_display();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    branch_with_tasks(&db, 120);
    ledgerctl(&db, &["backup"]);
    let damaged = damage(&db);

    let driver = Driver::start(&db, None);
    let client = driver.session().await;
    wait_visible(&client, "[data-testid=recovery-view]").await;
    let problem = wait_text(&client, "[data-testid=recovery-problem]", "the problem", |t| !t.is_empty()).await;
    assert!(problem.contains("已损坏"), "{problem}");
    click(&client, "[data-testid=recover-newest]").await;
    click(&client, ".el-message-box__btns .el-button--primary").await;
    wait_visible(&client, "[data-testid=nav-tasks]").await;

    let tasks = ledgerctl_json(&db, &["task", "list", "--year", "2024", "--json"]);
    assert_eq!(tasks.as_array().map(Vec::len), Some(120));
    let aside = std::fs::read_dir(dir.path().join("damaged")).unwrap().next().unwrap().unwrap().path();
    assert_eq!(std::fs::read(aside.join("ledger.sqlite3")).unwrap(), damaged, "the damaged file, kept as it was");

    // The 备份与恢复 page lists the backup and makes a new one.
    click(&client, "[data-testid=nav-backups]").await;
    wait_visible(&client, "[data-testid=backup-now]").await;
    click(&client, "[data-testid=backup-now]").await;
    eventually(Some(&client), "the manual backup listed", || async {
        let sets = ledgerctl_json(&db, &["backups", "--json"]);
        (sets.as_array().map(Vec::len) == Some(2)).then_some(())
    })
    .await;
    let shown = client
        .execute("return document.querySelector('[data-testid=backup-table]').textContent", vec![])
        .await
        .expect("read the table");
    eprintln!("table: {shown}");
    assert!(shown.as_str().is_some_and(|t| t.contains("手动备份") && t.contains("签名密钥")), "{shown}");

    // Locked down: what the capabilities do not grant, and the network, are refused.
    let probe = r#"
        const done = arguments[0];
        const tauri = window.__TAURI_INTERNALS__;
        const perm = tauri.invoke('plugin:window|close', { label: 'main' }).then(() => 'allowed', (e) => 'refused: ' + e);
        const net = fetch('https://example.com/').then(() => 'allowed', (e) => 'refused: ' + e);
        Promise.all([perm, net]).then(done);
    "#;
    let out = client.execute_async(probe, vec![]).await.expect("run the probe");
    let results: Vec<String> = serde_json::from_value(out).unwrap();
    assert!(results[0].starts_with("refused") && results[0].contains("not allowed"), "{results:?}");
    assert!(results[1].starts_with("refused"), "{results:?}");

    // A refused call that no page handled: the clerk is told, and the log has its code only (the
    // message names the record).
    client
        .execute("window.__TAURI_INTERNALS__.invoke('get_task', { id: '不存在的任务' }); return null", vec![])
        .await
        .expect("make the call");
    wait_text(&client, ".el-message--error", "the refusal shown", |t| t.contains("未找到任务：不存在的任务")).await;
    let log = eventually(Some(&client), "the refusal logged", || async {
        let log = read_logs(dir.path());
        log.contains("ui error").then_some(log)
    })
    .await;
    assert!(log.contains("E_NOT_FOUND") && !log.contains("不存在的任务"), "{log}");
}

/// Everything the app logged into the data directory `dir`.
fn read_logs(dir: &Path) -> String {
    std::fs::read_dir(dir.join("logs"))
        .expect("the app keeps a log in the data directory")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect()
}

/// Start the app itself (no WebDriver) on `db`; it prints `startup-ms N` once its first page is
/// on screen.
fn start_app(db: &Path) -> Child {
    Command::new(binary("branch-ledger"))
        .env("BRANCH_LEDGER_DB", db)
        .env("BRANCH_LEDGER_STARTUP_PROBE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the app")
}

/// Wait for the app's `startup-ms` line (first page on screen), its `startup-complete-ms` line
/// (with everything it asked for) and its `checked-ms` line (the background check of the
/// database, which waits for the first page to be complete, is done); the three times.
fn wait_started(app: &mut Child) -> [u64; 3] {
    let out = app.stdout.take().expect("piped stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            for (stage, prefix) in [(0, "startup-ms "), (1, "startup-complete-ms "), (2, "checked-ms ")] {
                if let Some(ms) = line.strip_prefix(prefix) {
                    let _ = tx.send((stage, ms.trim().parse::<u64>().unwrap_or(0)));
                }
            }
        }
    });
    let shown = rx.recv_timeout(Duration::from_secs(60)).expect("the app to show its first page");
    let complete = rx.recv_timeout(Duration::from_secs(60)).expect("the first page to have its data");
    let checked = rx.recv_timeout(Duration::from_secs(60)).expect("the background check to end");
    assert_eq!((shown.0, complete.0, checked.0), (0, 1, 2), "shown, complete, then checked");
    assert!(shown.1 <= complete.1 && complete.1 <= checked.1, "{shown:?} {complete:?} {checked:?}");
    [shown.1, complete.1, checked.1]
}

fn stop(mut app: Child) {
    let _ = Command::new("kill").args(["-TERM", &app.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = app.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = app.kill();
    let _ = app.wait();
}

#[test]
fn a_second_start_hands_over_to_the_first_window() {
    require_display();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    branch_with_tasks(&db, 3);
    let mut first = start_app(&db);
    wait_started(&mut first);

    let started = Instant::now();
    let mut second = start_app(&db);
    let status = loop {
        if let Some(s) = second.try_wait().unwrap() {
            break s;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the second start did not exit");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status:?}");
    assert!(first.try_wait().unwrap().is_none(), "the first app is still running");

    let log = read_logs(dir.path());
    assert!(log.contains("second start handed over"), "{log}");
    assert!(log.contains("first page rendered") && log.contains("first page complete"), "{log}");
    for personal in ["滕州", "恢复测试任务", "ledger.sqlite3", dir.path().to_str().unwrap()] {
        assert!(!log.contains(personal), "the log holds {personal:?}:\n{log}");
    }
    stop(first);
}

/// The pids of `root` and all its descendants.
fn process_tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else { continue };
        // pid (comm) state ppid …: comm may hold spaces, so split after the last ')'.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { continue };
        if let Some(ppid) = rest.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
            parents.push((pid, ppid));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    tree
}

/// Socket inodes of the internet sockets (TCP, UDP, raw; v4 and v6) the system has.
fn inet_socket_inodes() -> HashSet<String> {
    let mut out = HashSet::new();
    for table in ["tcp", "tcp6", "udp", "udp6", "raw", "raw6"] {
        let Ok(text) = std::fs::read_to_string(format!("/proc/net/{table}")) else { continue };
        for line in text.lines().skip(1) {
            if let Some(inode) = line.split_whitespace().nth(9) {
                out.insert(inode.to_string());
            }
        }
    }
    out
}

/// The internet sockets the processes `pids` hold: "pid → socket inode".
fn inet_sockets_of(pids: &[u32]) -> Vec<String> {
    let inet = inet_socket_inodes();
    let mut found = Vec::new();
    for pid in pids {
        for fd in std::fs::read_dir(format!("/proc/{pid}/fd")).into_iter().flatten().flatten() {
            let Ok(target) = std::fs::read_link(fd.path()) else { continue };
            let target = target.to_string_lossy().to_string();
            if let Some(inode) = target.strip_prefix("socket:[").and_then(|t| t.strip_suffix(']')) {
                if inet.contains(inode) {
                    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
                    found.push(format!("{} ({pid}) socket {inode}", comm.trim()));
                }
            }
        }
    }
    found
}

#[test]
fn the_app_opens_no_network_connection() {
    require_display();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    branch_with_tasks(&db, 3);
    let mut app = start_app(&db);
    let root = app.id();
    // Watch from the first moment until well after the first page is up.
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut processes = HashSet::new();
        while rx.try_recv().is_err() {
            let tree = process_tree(root);
            processes.extend(tree.iter().copied());
            seen.extend(inet_sockets_of(&tree));
            std::thread::sleep(Duration::from_millis(50));
        }
        (seen, processes.len())
    });
    wait_started(&mut app);
    std::thread::sleep(Duration::from_secs(5));
    tx.send(()).unwrap();
    let (sockets, processes) = watcher.join().unwrap();
    stop(app);
    assert!(processes >= 3, "the app and its WebKit processes were watched ({processes})");
    assert!(sockets.is_empty(), "network sockets opened: {sockets:?}");
}

/// The memory settings of memory.rs: no accelerated compositing in the web process (which cost
/// it about 140 MB), no optimising JavaScript compilers (11 MB), and glibc's settings for it; on X11, no Mesa driver (and its 20 MB of LLVM) in the app's own process,
/// while the web process, which needs its EGL, has one and did not inherit the setting that kept
/// it out of the app.
#[test]
fn the_web_process_draws_without_accelerated_compositing_and_the_app_without_mesa() {
    require_display();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    branch_with_tasks(&db, 3);
    let mut app = start_app(&db);
    wait_started(&mut app);
    let web = process_tree(app.id())
        .into_iter()
        .find(|p| std::fs::read_to_string(format!("/proc/{p}/comm")).is_ok_and(|c| c.trim() == "WebKitWebProces"));
    let environ = web.map(|p| std::fs::read(format!("/proc/{p}/environ")).unwrap_or_default());
    let maps = |pid: u32| std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
    let mesa = |maps: &str| maps.lines().any(|l| l.contains("/dri/") && l.ends_with("_dri.so"));
    let (app_maps, web_maps) = (maps(app.id()), web.map(maps).unwrap_or_default());
    stop(app);
    let environ = String::from_utf8_lossy(&environ.expect("the app has a web process")).replace('\0', "\n");
    for setting in ["WEBKIT_DISABLE_COMPOSITING_MODE=1", "JSC_useDFGJIT=false", "JSC_useFTLJIT=false"] {
        assert!(environ.lines().any(|l| l == setting), "the web process lacks {setting}");
    }
    // (glibc rewrites the variable in the process's own environment as it reads it: the first
    // setting is what /proc shows.)
    if std::env::var_os("GLIBC_TUNABLES").is_none() {
        assert!(environ.lines().any(|l| l.starts_with("GLIBC_TUNABLES=glibc.malloc.arena_max=2")), "glibc's settings");
    }
    // (Where EGL is Mesa's: the web process cannot start without its EGL.)
    if std::env::var_os("WAYLAND_DISPLAY").is_none() && mesa(&web_maps) {
        assert!(!mesa(&app_maps), "the app's own process loaded a Mesa driver");
    }
    assert!(!environ.contains("__EGL_VENDOR_LIBRARY_FILENAMES"), "the web process inherited the app's EGL setting");
}
