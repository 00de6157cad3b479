//! The time each ledger page of the real app takes to open, on the database the app is started
//! on (`make bench-startup` uses the large demo branch): for each page, from changing the route
//! to the page's title shown with no loading mask left (data fetched and rendered), through
//! WebDriver. Three visits each; the median, and the slowest page of each ledger. Prints Markdown.
//!
//! `BRANCH_LEDGER_APP` is the app binary (default target/release/branch-ledger), `BRANCH_LEDGER_DB`
//! its database. Run under Xvfb, with tauri-driver installed (`make tauri-driver`).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

use common::*;
use fantoccini::ClientBuilder;

const PAGES: &[(&str, &str, &str)] = &[
    ("重点任务", "/", "首页"),
    ("重点任务", "/tasks", "重点任务台账"),
    ("人员与证件", "/staff", "人员花名册"),
    ("人员与证件", "/certificates", "执法证件"),
    ("人员与证件", "/secondments", "借调情况"),
    ("人员与证件", "/uniforms", "制式服装"),
    ("执法装备", "/equipment", "装备台账"),
    ("执法装备", "/equipment/due", "到期提醒"),
    ("执法装备", "/equipment/coverage", "标准装备配备"),
    ("培训与练兵", "/training", "培训与练兵"),
    ("指标与自评", "/figures", "统计指标"),
    ("指标与自评", "/assessment", "规范化建设自评"),
    ("指标与自评", "/reports", "打印与报告"),
    ("操作日志", "/audit", "操作日志"),
];

/// Go to `path` and resolve with the milliseconds until its page is rendered and loaded.
const VISIT_JS: &str = r#"
const [path, done] = [arguments[0], arguments[1]];
const main = () => document.querySelector('.app-main');
// The page left keeps its title until the new page (loaded on demand) replaces it.
const before = main() && main().querySelector('.page-title');
const t0 = performance.now();
location.hash = '#' + path;
const ready = () => {
  const m = main();
  const title = m && m.querySelector('.page-title');
  if (!title || title === before) return false;
  if (location.hash !== '#' + path) return false;
  return ![...m.querySelectorAll('.el-loading-mask')].some((e) => e.getClientRects().length > 0);
};
let stable = 0;
const tick = () => {
  if (performance.now() - t0 > 170000) return done(-1);
  stable = ready() ? stable + 1 : 0;
  // Two frames in a row ready: the data is on screen, not just the skeleton.
  if (stable >= 2) return done(Math.round(performance.now() - t0));
  requestAnimationFrame(tick);
};
setTimeout(() => requestAnimationFrame(tick), 0);
"#;

#[tokio::main]
async fn main() {
    require_display();
    let app = std::env::var_os("BRANCH_LEDGER_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/release/branch-ledger"));
    let db = PathBuf::from(std::env::var_os("BRANCH_LEDGER_DB").expect("BRANCH_LEDGER_DB"));
    let driver = Driver::start(&db, None);
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert("tauri:options".into(), serde_json::json!({ "application": app.display().to_string() }));
    let url = format!("http://127.0.0.1:{}", driver.port());
    let client = eventually(None, "tauri-driver to accept a session", || {
        let caps = caps.clone();
        let url = url.clone();
        async move { ClientBuilder::native().capabilities(caps).connect(&url).await.ok() }
    })
    .await;
    wait_for(&client, "[data-testid=nav-home]").await;
    // A page of the large branch may take longer than WebDriver's default 30 s script timeout.
    let timeouts = fantoccini::wd::TimeoutConfiguration::new(Some(std::time::Duration::from_secs(180)), None, None);
    client.update_timeouts(timeouts).await.expect("script timeout");

    let mut rows: Vec<(&str, &str, &str, i64)> = Vec::new();
    for (ledger, path, title) in PAGES {
        let mut times = Vec::new();
        for _ in 0..3 {
            // From another page each time, so the route really changes.
            let _ = client.execute_async(VISIT_JS, vec!["/about".into()]).await;
            let ms = client.execute_async(VISIT_JS, vec![(*path).into()]).await;
            times.push(ms.ok().and_then(|v| v.as_i64()).unwrap_or(-1));
        }
        times.sort();
        rows.push((ledger, path, title, times[1]));
    }
    println!("Page open times (route change to data rendered, median of 3 visits in a row). The figures, the");
    println!("self-assessment and the equipment due counts are kept until the data changes: a visit with no");
    println!("edit since they were computed does not compute them again (the home page computes them at");
    println!("start: see \"first page complete\").");
    println!();
    println!("| ledger | page | ms |");
    println!("|---|---|---|");
    for (ledger, path, title, ms) in &rows {
        let slowest = rows.iter().filter(|r| r.0 == *ledger).map(|r| r.3).max() == Some(*ms);
        let mark = if slowest { " (slowest of this ledger)" } else { "" };
        println!("| {ledger} | {title} `{path}` | {ms}{mark} |");
    }
    let _ = client.close().await;
}
