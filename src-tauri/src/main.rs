//! The Branch Ledger desktop app: a Tauri window over `ledger-core`.
//!
//! Invariant: no business logic here. Each IPC command (commands.rs) parses its input, calls one
//! method of [`ledger_core::Ledger`] and maps the error to an [`ledger_core::ErrorPayload`].
//! Native file dialogs (dialogs.rs) only return paths.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dialogs;

use std::path::PathBuf;
use std::sync::Mutex;

use ledger_core::store::paths;
use ledger_core::Ledger;

/// The one open database, shared by the commands.
pub struct AppState {
    pub ledger: Mutex<Ledger>,
}

/// `--db PATH` on the command line, if given.
fn db_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--db=")) {
            return Some(PathBuf::from(v));
        }
    }
    None
}

fn main() {
    let db_path = paths::resolve_db_path(db_arg());
    let ledger = match Ledger::open(&db_path) {
        Ok(l) => l,
        Err(e) => {
            let msg = format!("无法打开数据库 {}：\n{e}", db_path.display());
            eprintln!("{msg}");
            rfd::MessageDialog::new()
                .set_title("规范化建设台账")
                .set_description(msg)
                .set_level(rfd::MessageLevel::Error)
                .show();
            std::process::exit(2);
        }
    };
    tauri::Builder::default()
        .manage(AppState { ledger: Mutex::new(ledger) })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::init_branch,
            commands::list_units,
            commands::add_unit,
            commands::update_unit,
            commands::remove_unit_alias,
            commands::list_tasks,
            commands::task_years,
            commands::task_categories,
            commands::task_summary,
            commands::get_task,
            commands::create_task,
            commands::update_task,
            commands::delete_task,
            commands::add_progress,
            commands::apply_template,
            commands::apply_template_file,
            commands::attach_evidence,
            commands::open_evidence,
            commands::evidence_preview,
            commands::delete_evidence,
            commands::import_tasks,
            commands::export_tasks,
            commands::list_audit,
            dialogs::pick_evidence_files,
            dialogs::pick_import_file,
            dialogs::pick_template_file,
            dialogs::pick_export_path,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("程序启动失败：{e}");
            std::process::exit(2);
        });
}
