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
