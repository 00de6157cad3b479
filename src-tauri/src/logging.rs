//! The app's log: `<data dir>/logs/branch-ledger.YYYY-MM-DD.log`, one file a day, the last 14
//! kept. What is logged: start and stop, timings, backups and restores, the codes of failed
//! calls. Never what the ledgers hold (names, certificate numbers, file names) — messages with
//! such data are not logged, only their `E_…` codes.

use std::path::Path;

use tracing_appender::rolling::{Builder, Rotation};

/// Start logging into `data_dir/logs`; a failure to do so is not fatal (the app runs unlogged).
pub fn init(data_dir: &Path) {
    let _ = std::fs::create_dir_all(data_dir.join("logs"));
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("branch-ledger")
        .filename_suffix("log")
        .max_log_files(14)
        .build(data_dir.join("logs"));
    match appender {
        Ok(appender) => {
            let _ = tracing_subscriber::fmt().with_writer(appender).with_ansi(false).with_target(false).try_init();
        }
        Err(e) => eprintln!("无法写入日志（{e}），程序照常运行"),
    }
}

/// The longest `detail` of [`ui_error`] logged, in characters.
const DETAIL_MAX: usize = 300;

/// A failure of the UI's own code (a page that cannot be loaded, an error a page threw): one line
/// in the log. The UI sends `detail` as the program's error text, or only the `E_…` code of a
/// refusal from the core, whose message may name a person.
#[tauri::command]
pub async fn ui_error(place: String, detail: String) {
    let detail: String = detail.chars().take(DETAIL_MAX).collect();
    let place: String = place.chars().take(DETAIL_MAX).collect();
    tracing::warn!(place, detail, "ui error");
}
