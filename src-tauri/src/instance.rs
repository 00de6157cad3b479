//! One app per database. The first start takes the database's lock
//! ([`AppLock`](ledger_core::store::lock::AppLock)) and listens on a local socket named after the
//! database path (an abstract Unix socket, or a named pipe on Windows — never the network); a
//! second start on the same database finds the lock taken, asks the first to bring its window
//! forward, and exits.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use interprocess::local_socket::{prelude::*, GenericNamespaced, ListenerOptions, Name, Stream};
use tauri::{AppHandle, Manager};

fn socket_name(db_path: &Path) -> std::io::Result<Name<'static>> {
    let canonical = db_path.canonicalize().unwrap_or_else(|_| db_path.to_path_buf());
    // Both ends are this same binary, so std's fixed-key hasher gives both the same name.
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&canonical, &mut hasher);
    format!("branch-ledger-{:016x}.sock", std::hash::Hasher::finish(&hasher)).to_ns_name::<GenericNamespaced>()
}

/// Ask the app that holds `db_path` to show its window. True if it answered.
pub fn hand_over(db_path: &Path) -> bool {
    let Ok(name) = socket_name(db_path) else { return false };
    let Ok(mut stream) = Stream::connect(name) else { return false };
    if stream.write_all(b"focus\n").is_err() {
        return false;
    }
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer).is_ok() && answer.trim() == "ok"
}

/// Answer later starts on `db_path`: each one brings the main window forward.
pub fn listen(db_path: &Path, app: AppHandle) {
    let listener = match socket_name(db_path).and_then(|n| ListenerOptions::new().name(n).create_sync()) {
        Ok(l) => l,
        Err(e) => {
            tracing::warn!(error = %e, "single-instance socket unavailable");
            return;
        }
    };
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let mut reader = BufReader::new(conn);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() || line.trim() != "focus" {
                continue;
            }
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
            tracing::info!("second start handed over to this window");
            let _ = reader.get_mut().write_all(b"ok\n");
        }
    });
}
