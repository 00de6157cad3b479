//! The real desktop app, built and driven through its webview as a clerk would use it:
//! tauri-driver (WebKitWebDriver underneath) under Xvfb. Run by `make test`, which builds
//! `branch-ledger` and `ledgerctl` first and starts this under `xvfb-run`.
//!
//! The session: a fresh branch database, the key-task page, a new task typed into the create
//! dialog, found again through the search box, its status changed in the edit dialog; then
//! `ledgerctl --db … task list --json` must show the same task with the new status.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn binary(name: &str) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"));
    let path = target.join("debug").join(name);
    assert!(
        path.is_file(),
        "{} is missing: build it first (`make test` does: cargo build -p branch-ledger -p ledgerctl)",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn ledgerctl(db: &Path, args: &[&str]) -> String {
    let out = Command::new(binary("ledgerctl")).arg("--db").arg(db).args(args).output().expect("run ledgerctl");
    assert!(out.status.success(), "ledgerctl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// tauri-driver, stopped with SIGTERM on drop so that it takes WebKitWebDriver down with it.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let in_cargo = home.join(".cargo/bin/tauri-driver");
    if in_cargo.is_file() {
        in_cargo
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// Click `css` once nothing covers it any more (a closing dialog, a toast, a tooltip).
async fn click(client: &Client, css: &str) {
    eventually(Some(client), &format!("{css} to take a click"), || async {
        client.find(Locator::Css(css)).await.ok()?.click().await.ok()
    })
    .await
}

async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("element {css} did not appear: {e}"))
}

/// Poll until `check` returns Some, or fail after 30 s with `what` (saving a screenshot of the
/// window to target/e2e-failure.png when there is one).
async fn eventually<T, F, Fut>(client: Option<&Client>, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        if Instant::now() > deadline {
            if let Some(c) = client {
                snapshot(c, "failure").await;
                eprintln!("window text at failure:\n{}", body_text(c).await);
            }
            panic!("timed out waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The table's total row count, from the `data-total` attribute of the pager's label.
async fn total(client: &Client) -> Option<i64> {
    let el = client.find(Locator::Css("[data-testid=task-total]")).await.ok()?;
    el.attr("data-total").await.ok()??.parse().ok()
}

/// Save what the window shows to target/e2e-<name>.png, for a person to look at when a step fails.
async fn snapshot(client: &Client, name: &str) {
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(workspace_root().join(format!("target/e2e-{name}.png")), png);
    }
}

async fn body_text(client: &Client) -> String {
    match client.find(Locator::Css("body")).await {
        Ok(b) => b.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn clerk_creates_finds_and_completes_a_task() {
    assert!(
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
        "no display: run under Xvfb (`xvfb-run -a cargo test -p e2e`), as `make test` does"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ledger.sqlite3");
    ledgerctl(&db, &["init", "--branch-name", "枣庄市生态环境局滕州分局"]);
    ledgerctl(&db, &["template", "apply", "--year", "2024"]);

    let port = free_port();
    let native_port = free_port();
    let _driver = Driver(
        Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("BRANCH_LEDGER_DB", &db)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tauri-driver (installed by `make test`)"),
    );

    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": binary("branch-ledger").display().to_string() }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let client = eventually(None, "tauri-driver to accept a session", || {
        let caps = caps.clone();
        let url = url.clone();
        async move { ClientBuilder::native().capabilities(caps).connect(&url).await.ok() }
    })
    .await;

    // The key-task page with this year's template already in it.
    wait_for(&client, "[data-testid=nav-tasks]").await;
    click(&client, "[data-testid=nav-tasks]").await;
    wait_for(&client, "[data-testid=task-new]").await;
    wait_for(&client, "[data-testid=task-total]").await;
    eventually(Some(&client), "29 template tasks in the table", || async { total(&client).await.filter(|n| *n == 29) })
        .await;

    // A new task, typed into the create dialog.
    let detail = "端到端测试：核查执法记录仪使用台账";
    click(&client, "[data-testid=task-new]").await;
    let area = wait_for(&client, "[data-testid=task-form-detail] textarea").await;
    area.send_keys(detail).await.expect("type the task text");
    let category = wait_for(&client, "[data-testid=task-form-category] input").await;
    category.send_keys("(二)开展装备配备攻坚").await.unwrap();
    let main_task = wait_for(&client, "[data-testid=task-form-main-task] input").await;
    main_task.send_keys("落实全过程记录制度").await.unwrap();
    let lead = wait_for(&client, "[data-testid=task-form-lead] input").await;
    lead.send_keys("综合执法大队").await.unwrap();
    let responsible = wait_for(&client, "[data-testid=task-form-responsible] input").await;
    responsible.send_keys("第一执法中队、第二执法中队").await.unwrap();
    let deadline = wait_for(&client, "[data-testid=task-form-deadline] input").await;
    deadline.send_keys("9月底前").await.unwrap();
    click(&client, "[data-testid=task-form-save]").await;
    eventually(Some(&client), "the new task to be counted", || async { total(&client).await.filter(|n| *n == 30) })
        .await;

    // Found again through the search box: a two-character term from its text.
    let search = wait_for(&client, "[data-testid=task-search] input").await;
    search.send_keys("端到端").await.unwrap();
    eventually(Some(&client), "the search to narrow the table to the new task", || async {
        let html = client.source().await.unwrap_or_default();
        (total(&client).await == Some(1) && html.contains(detail)).then_some(())
    })
    .await;

    // Its status changed to 已完成 in the edit dialog.
    click(&client, "[data-testid=task-edit]").await;
    wait_for(&client, "[data-testid='task-form-status-已完成']").await;
    click(&client, "[data-testid='task-form-status-已完成']").await;
    click(&client, "[data-testid=task-form-save]").await;
    eventually(Some(&client), "the row's status tag to read 已完成", || async {
        let tag = client.find(Locator::Css("[data-testid=task-status-tag]")).await.ok()?;
        tag.text().await.ok().filter(|t| t.contains("已完成"))
    })
    .await;
    client.close().await.expect("end the WebDriver session");

    // What the app wrote is in the database, as ledgerctl sees it.
    let listed: serde_json::Value =
        serde_json::from_str(&ledgerctl(&db, &["task", "list", "--search", "端到端", "--json"])).expect("JSON");
    let tasks = listed.as_array().expect("a JSON array");
    assert_eq!(tasks.len(), 1, "{listed}");
    let t = &tasks[0];
    assert_eq!(t["detail"], detail);
    assert_eq!(t["status"], "已完成");
    assert_eq!(t["deadline_text"], "9月底前");
    assert_eq!(t["lead_units"], serde_json::json!(["综合执法大队"]));
    assert_eq!(t["responsible_units"], serde_json::json!(["第一执法中队", "第二执法中队"]));
    assert_eq!(t["seq"], 30);
    let audit: serde_json::Value =
        serde_json::from_str(&ledgerctl(&db, &["audit", "--json", "--limit", "5"])).expect("JSON");
    let actions: Vec<&str> = audit.as_array().unwrap().iter().filter_map(|a| a["action"].as_str()).collect();
    assert_eq!(&actions[..2], ["update", "create"], "{audit}");
}
