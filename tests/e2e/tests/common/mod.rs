//! What the end-to-end tests share: finding the built binaries, starting tauri-driver and a
//! WebDriver session on the real app, answering its file dialogs, and the polling helpers every
//! step goes through (Element Plus animates dialogs and drawers, so a click or a read can land
//! while something still covers the target).

// Each test binary uses its own part of this module.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// How long one step may take before the test fails (a screenshot is saved first).
pub const STEP_TIMEOUT: Duration = Duration::from_secs(30);

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

pub fn binary(name: &str) -> PathBuf {
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

pub fn require_display() {
    assert!(
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
        "no display: run under Xvfb (`xvfb-run -a cargo test -p e2e`), as `make test` does"
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

pub fn ledgerctl(db: &Path, args: &[&str]) -> String {
    let out = Command::new(binary("ledgerctl")).arg("--db").arg(db).args(args).output().expect("run ledgerctl");
    assert!(out.status.success(), "ledgerctl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// `ledgerctl --db <db> <args…>` (which should include `--json`), parsed.
pub fn ledgerctl_json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = ledgerctl(db, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("ledgerctl {args:?} printed no JSON ({e}):\n{out}"))
}

/// tauri-driver, stopped with SIGTERM on drop so that it takes WebKitWebDriver down with it.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
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

impl Driver {
    /// Start tauri-driver; every app it launches opens `db`, and answers its file dialogs from
    /// `dialog_answers` when given (see [`DialogAnswers`]).
    pub fn start(db: &Path, dialog_answers: Option<&DialogAnswers>) -> Driver {
        Driver::start_on(db, dialog_answers, None)
    }

    /// [`Driver::start`], its apps shown on `screen` instead of the test's display.
    pub fn start_on(db: &Path, dialog_answers: Option<&DialogAnswers>, screen: Option<&Screen>) -> Driver {
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new(tauri_driver());
        cmd.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("BRANCH_LEDGER_DB", db)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        if let Some(answers) = dialog_answers {
            cmd.env("BRANCH_LEDGER_DIALOG_ANSWERS", &answers.0);
        }
        if let Some(screen) = screen {
            cmd.env("DISPLAY", &screen.display);
        }
        let child = cmd.spawn().expect("start tauri-driver (installed by `make test`)");
        Driver { child, port }
    }

    /// The port tauri-driver listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A new WebDriver session: a new app window on the driver's database.
    pub async fn session(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": binary("branch-ledger").display().to_string() }),
        );
        let url = format!("http://127.0.0.1:{}", self.port);
        eventually(None, "tauri-driver to accept a session", || {
            let caps = caps.clone();
            let url = url.clone();
            async move { ClientBuilder::native().capabilities(caps).connect(&url).await.ok() }
        })
        .await
    }
}

/// A screen of its own (an Xvfb server) of a given size, stopped on drop.
pub struct Screen {
    server: Child,
    display: String,
}

impl Screen {
    /// Start an X server with one screen of `width` × `height` on a free display.
    pub fn start(width: u32, height: u32) -> Screen {
        let mut server = Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0", &format!("{width}x{height}x24")])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb (installed by `make test`)");
        let mut number = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(server.stdout.take().unwrap()), &mut number)
            .expect("Xvfb's display number");
        assert!(!number.trim().is_empty(), "Xvfb did not start");
        Screen { server, display: format!(":{}", number.trim()) }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// The file behind `BRANCH_LEDGER_DIALOG_ANSWERS`: the app answers each file dialog with the
/// paths written in it, one per line; an empty file is a cancelled dialog. Rewrite it before each
/// click that opens a dialog.
pub struct DialogAnswers(PathBuf);

impl DialogAnswers {
    /// An answers file at `path`, starting out as a cancelled dialog.
    pub fn new(path: PathBuf) -> DialogAnswers {
        let answers = DialogAnswers(path);
        answers.answer(&[]);
        answers
    }

    /// The next dialogs pick `paths` (none: they are cancelled).
    pub fn answer(&self, paths: &[&Path]) {
        let text: String = paths.iter().map(|p| format!("{}\n", p.display())).collect();
        std::fs::write(&self.0, text).expect("write the dialog answers file");
    }
}

/// True when no Vue transition is running on anything shown: no dialog or drawer is sliding or
/// fading in or out. A click on a moving target goes astray without an error: the drawer's close
/// button, clicked while the drawer slides in, gets the mousedown but the mouseup lands on the
/// header (the button has moved), so no `click` reaches the button.
const SETTLED_JS: &str =
    "return ![...document.querySelectorAll('[class*=\"-enter-active\"], [class*=\"-leave-active\"]')]
    .some(e => e.getClientRects().length > 0)";

async fn settled(client: &Client) -> bool {
    matches!(client.execute(SETTLED_JS, vec![]).await, Ok(serde_json::Value::Bool(true)))
}

/// Click `css` once nothing moves (see [`settled`]) and nothing covers it any more (a closing
/// dialog, a toast, a tooltip).
pub async fn click(client: &Client, css: &str) {
    eventually(Some(client), &format!("{css} to take a click"), || async {
        if !settled(client).await {
            return None;
        }
        client.find(Locator::Css(css)).await.ok()?.click().await.ok()
    })
    .await
}

/// The element `css` selects, once it is in the page.
pub async fn wait_for(client: &Client, css: &str) -> Element {
    eventually(Some(client), &format!("element {css} to appear"), || async {
        client.find(Locator::Css(css)).await.ok()
    })
    .await
}

/// The element `css` selects, once it is shown.
pub async fn wait_visible(client: &Client, css: &str) -> Element {
    eventually(Some(client), &format!("element {css} to be shown"), || async {
        let el = client.find(Locator::Css(css)).await.ok()?;
        el.is_displayed().await.ok()?.then_some(el)
    })
    .await
}

/// Wait until no element `css` selects is shown (a dialog or drawer has closed).
pub async fn wait_hidden(client: &Client, css: &str) {
    eventually(Some(client), &format!("element {css} to go away"), || async {
        for el in client.find_all(Locator::Css(css)).await.ok()? {
            if el.is_displayed().await.unwrap_or(false) {
                return None;
            }
        }
        Some(())
    })
    .await
}

/// The visible text of `css`, if it is there.
pub async fn text_of(client: &Client, css: &str) -> Option<String> {
    client.find(Locator::Css(css)).await.ok()?.text().await.ok()
}

/// Wait until the text of `css` satisfies `ok`, and return it.
pub async fn wait_text(client: &Client, css: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
    eventually(Some(client), what, || async { text_of(client, css).await.filter(|t| ok(t)) }).await
}

/// Poll until `check` returns Some, or fail after [`STEP_TIMEOUT`] with `what` (saving a
/// screenshot of the window to target/e2e-failure.png when there is one).
pub async fn eventually<T, F, Fut>(client: Option<&Client>, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + STEP_TIMEOUT;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        if Instant::now() > deadline {
            if let Some(c) = client {
                // Neither may hold up the failure: a webview that stopped answering would hang
                // the test instead of failing it.
                match tokio::time::timeout(STEP_TIMEOUT, body_text(c)).await {
                    Ok(text) => eprintln!("window text at failure:\n{text}"),
                    Err(_) => eprintln!("no window text: the webview did not answer"),
                }
                if tokio::time::timeout(STEP_TIMEOUT, snapshot(c, "failure")).await.is_err() {
                    eprintln!("no screenshot: the webview did not answer");
                }
            }
            panic!("timed out waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The task table's total row count, from the `data-total` attribute of the pager's label.
pub async fn total(client: &Client) -> Option<i64> {
    let el = client.find(Locator::Css("[data-testid=task-total]")).await.ok()?;
    el.attr("data-total").await.ok()??.parse().ok()
}

/// Wait until the task table counts `n` rows.
pub async fn wait_total(client: &Client, n: i64, what: &str) {
    eventually(Some(client), what, || async { total(client).await.filter(|t| *t == n) }).await;
}

/// Save what the window shows to target/e2e-<name>.png, for a person to look at when a step fails.
pub async fn snapshot(client: &Client, name: &str) {
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(workspace_root().join(format!("target/e2e-{name}.png")), png);
    }
}

pub async fn body_text(client: &Client) -> String {
    match client.find(Locator::Css("body")).await {
        Ok(b) => b.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// A valid PNG of one red pixel, built by hand (stored deflate block, real CRCs and Adler-32), so
/// the test needs no image library.
pub fn tiny_png() -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    // One scanline: filter byte 0, then R, G, B.
    let raw = [0u8, 0xFF, 0x00, 0x00];
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&(raw.len() as u16).to_le_bytes());
    zlib.extend_from_slice(&(!(raw.len() as u16)).to_le_bytes());
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&1u32.to_be_bytes()); // width
    ihdr.extend_from_slice(&1u32.to_be_bytes()); // height
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// The pages of a branch's ledgers, as the side menu lists them (数据上报 aside: a city reviewer
/// viewing a branch has none).
pub const LEDGER_PAGES: [&str; 15] = [
    "/",
    "/tasks",
    "/staff",
    "/certificates",
    "/secondments",
    "/uniforms",
    "/equipment",
    "/equipment/due",
    "/equipment/coverage",
    "/training",
    "/figures",
    "/assessment",
    "/reports",
    "/units",
    "/audit",
];

/// A demo branch (`ledgerctl demo`, small) in `dir`: every ledger has records.
pub fn demo_branch(dir: &Path, seed: &str) -> PathBuf {
    let db = dir.join("ledger.sqlite3");
    ledgerctl(&db, &["demo", "--scale", "small", "--seed", seed]);
    db
}

/// Go to `path` (unless the second argument is false: the app is on its way there) and answer
/// `true` once its page shows its data: its title there and no loading mask anywhere, for ten
/// frames in a row. After 25 s, answer what stood in the way instead.
const SHOW_JS: &str = r#"
const [path, go, done] = [arguments[0], arguments[1], arguments[2]];
if (go) location.hash = '#' + path;
const t0 = performance.now();
let stable = 0;
const masks = () => [...document.querySelectorAll('.el-loading-mask')].filter((e) => e.getClientRects().length > 0);
const why = () => {
  const m = document.querySelector('.app-main');
  const busy = masks().map((e) => e.parentElement?.closest('[data-testid]')?.dataset.testid ?? e.parentElement?.className);
  const messages = [...document.querySelectorAll('.el-message')].map((e) => e.innerText.trim());
  return `at ${location.hash}, app-main ${!!m}, title ${m?.querySelector('.page-title')?.innerText}, ` +
    `loading: ${JSON.stringify(busy)}, messages: ${JSON.stringify(messages)}`;
};
const tick = () => {
  if (performance.now() - t0 > 25000) return done(why());
  const m = document.querySelector('.app-main');
  const ready = m && location.hash === '#' + path && m.querySelector('.page-title') && masks().length === 0;
  stable = ready ? stable + 1 : 0;
  if (stable >= 10) return done(true);
  requestAnimationFrame(tick);
};
setTimeout(() => requestAnimationFrame(tick), 50);
"#;

/// Open the page at `path` (a route, `/staff`) and wait until it shows its data.
pub async fn show_page(client: &Client, path: &str) {
    page_shown(client, path, true).await
}

/// Wait until the app, on its way to `path` after a click, is there and the page shows its data.
pub async fn wait_page(client: &Client, path: &str) {
    page_shown(client, path, false).await
}

async fn page_shown(client: &Client, path: &str, go: bool) {
    let shown = client.execute_async(SHOW_JS, vec![path.into(), go.into()]).await;
    match shown {
        Ok(serde_json::Value::Bool(true)) => {}
        Ok(serde_json::Value::String(why)) => panic!("{path} did not show its data: {why}"),
        other => panic!("{path} did not show its data: {other:?}"),
    }
}

/// Wait until no loading mask is shown anywhere (a drawer or dialog has its data).
pub async fn wait_loaded(client: &Client, what: &str) {
    const BUSY_JS: &str =
        "return [...document.querySelectorAll('.el-loading-mask')].some((e) => e.getClientRects().length > 0)";
    eventually(Some(client), what, || async {
        let busy = client.execute(BUSY_JS, vec![]).await.ok()?;
        (busy == false).then_some(())
    })
    .await
}

/// On the list page at `path`, the route of the first row's own page (a person's, an item of
/// equipment's), reached through its link; `None` on other pages.
pub async fn detail_page(client: &Client, path: &str) -> Option<String> {
    let prefix = match path {
        "/staff" => "#/staff/",
        "/equipment" => "#/equipment/item/",
        _ => return None,
    };
    let js = format!("return document.querySelector('.app-main a[href^=\"{prefix}\"]')?.getAttribute('href')");
    let href = client.execute(&js, vec![]).await.expect("the page's links");
    Some(
        href.as_str()
            .unwrap_or_else(|| panic!("no link to a detail page on {path}"))
            .trim_start_matches('#')
            .to_string(),
    )
}

/// The error messages shown (`showError`'s toasts), as their text.
pub async fn error_messages(client: &Client) -> Vec<String> {
    let js = "return [...document.querySelectorAll('.el-message--error')].map((e) => e.innerText.trim())";
    let shown = client.execute(js, vec![]).await.expect("the messages shown");
    serde_json::from_value(shown).expect("a list of messages")
}
