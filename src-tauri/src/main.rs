//! The Branch Ledger desktop app: a Tauri window over `ledger-core`.
//!
//! Invariant: no business logic here. Each IPC command (commands.rs) parses its input, calls one
//! method of [`ledger_core::Ledger`] and maps the error to an [`ledger_core::ErrorPayload`].
//! Native file dialogs (dialogs.rs) only return paths.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bundles;
mod commands;
mod dialogs;
mod instance;
mod logging;
mod memory;
mod safety;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use ledger_core::backup::{self, Recovery};
use ledger_core::store::lock::AppLock;
use ledger_core::store::paths;
use ledger_core::Ledger;

/// The open database, shared by the commands; at a city bureau, also the branch being viewed.
pub struct AppState {
    /// The database the app was started on (a branch's, or the city bureau's). `None` while it
    /// cannot be used (damaged: the recovery screen shows) or while a restore replaces it.
    pub ledger: Mutex<Option<Ledger>>,
    /// A branch's replica opened read-only by the city reviewer: while it is set, every ledger
    /// page reads it instead (and any write is refused by SQLite's query_only).
    pub view: Mutex<Option<Ledger>>,
    /// Where the database is, usable or not.
    pub db_path: PathBuf,
    /// The recovery offer while the database is damaged.
    pub recovery: Mutex<Option<Recovery>>,
    /// When the process started, for the start-up time.
    pub started: Instant,
    /// Told once the first page is on screen (`ui_ready`): the background check waits for it, so
    /// that reading the whole database does not slow down a cold start.
    pub first_page: Mutex<Option<std::sync::mpsc::Sender<()>>>,
    /// This app's claim on the database, held until it exits.
    pub _lock: AppLock,
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

/// Say `msg` in a native dialog (and on stderr) and exit: for what stops the app before its
/// window exists.
fn fail(msg: String, level: rfd::MessageLevel, code: i32) -> ! {
    eprintln!("{msg}");
    rfd::MessageDialog::new().set_title("规范化建设台账").set_description(msg).set_level(level).show();
    std::process::exit(code);
}

/// The database opened for work, or the recovery offer when it is damaged. Anything else that
/// stops it (a newer program's file, a network share, a read-only or full disk) ends the app
/// with a message; nothing has been written then.
fn open_or_recover(db_path: &Path) -> (Option<Ledger>, Option<Recovery>) {
    match Ledger::open(db_path) {
        Ok(l) => (Some(l), None),
        Err(e) if e.code() == "E_DB_DAMAGED" => {
            tracing::warn!(code = e.code(), "database damaged at start");
            (None, Some(backup::recovery(db_path, e.to_string())))
        }
        Err(e) => {
            tracing::warn!(code = e.code(), "database refused at start");
            fail(format!("无法打开数据库 {}：\n{e}", db_path.display()), rfd::MessageLevel::Error, 2)
        }
    }
}

fn main() {
    let started = Instant::now();
    memory::webview_settings();
    let db_path = paths::resolve_db_path(db_arg());
    let data_dir = db_path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let lock = match AppLock::acquire(&db_path) {
        Ok(Some(lock)) => lock,
        Ok(None) => {
            if instance::hand_over(&db_path) {
                std::process::exit(0);
            }
            fail(
                format!("规范化建设台账已经打开了数据库 {}，请切换到已打开的窗口。", db_path.display()),
                rfd::MessageLevel::Info,
                0,
            )
        }
        Err(e) => fail(format!("无法打开数据库 {}：\n{e}", db_path.display()), rfd::MessageLevel::Error, 2),
    };
    logging::init(&data_dir);
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "start");
    let (ledger, recovery) = open_or_recover(&db_path);
    let checked_path = db_path.clone();
    let (first_page, first_page_shown) = std::sync::mpsc::channel();
    tauri::Builder::default()
        .manage(AppState {
            ledger: Mutex::new(ledger),
            view: Mutex::new(None),
            db_path: db_path.clone(),
            recovery: Mutex::new(recovery),
            started,
            first_page: Mutex::new(Some(first_page)),
            _lock: lock,
        })
        .setup(move |app| {
            instance::listen(&checked_path, app.handle().clone());
            safety::after_start(app.handle().clone(), checked_path.clone(), first_page_shown);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            safety::recovery_status,
            safety::list_backups,
            safety::create_backup,
            safety::restore_backup,
            safety::ui_ready,
            commands::app_info,
            bundles::key_info,
            bundles::pin_city_key,
            bundles::save_public_key,
            bundles::list_exports,
            bundles::export_bundle,
            bundles::verify_bundle,
            bundles::init_city,
            bundles::city_status,
            bundles::city_refresh,
            bundles::city_import,
            bundles::register_branch_key,
            bundles::open_branch_view,
            bundles::close_branch_view,
            bundles::city_summary,
            bundles::export_template,
            bundles::preview_template,
            bundles::import_template,
            dialogs::pick_folder,
            dialogs::pick_bundle_files,
            dialogs::pick_bundle_file,
            dialogs::pick_key_file,
            dialogs::pick_toml_file,
            dialogs::pick_summary_path,
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
            commands::import_sheet,
            commands::export_tasks,
            commands::list_audit,
            commands::list_staff,
            commands::get_staff,
            commands::create_staff,
            commands::update_staff,
            commands::delete_staff,
            commands::set_staff_photo,
            commands::list_certificates,
            commands::get_certificate,
            commands::create_certificate,
            commands::update_certificate,
            commands::delete_certificate,
            commands::add_certificate_review,
            commands::delete_certificate_review,
            commands::certificates_due,
            commands::list_secondments,
            commands::create_secondment,
            commands::update_secondment,
            commands::delete_secondment,
            commands::climate_zone,
            commands::set_climate_zone,
            commands::uniform_scale,
            commands::create_uniform_scale_item,
            commands::update_uniform_scale_item,
            commands::delete_uniform_scale_item,
            commands::list_uniform_issues,
            commands::create_uniform_issue,
            commands::delete_uniform_issue,
            commands::uniform_overview,
            commands::training_kinds,
            commands::add_training_kind,
            commands::delete_training_kind,
            commands::list_training,
            commands::get_training,
            commands::create_training,
            commands::update_training,
            commands::delete_training,
            commands::figures,
            commands::figure_names,
            commands::export_staff,
            commands::export_certificates,
            commands::export_secondments,
            commands::export_uniform_issues,
            commands::export_training,
            commands::standard_list,
            commands::create_standard_item,
            commands::update_standard_item,
            commands::delete_standard_item,
            commands::load_standard_edition,
            commands::list_equipment,
            commands::get_equipment,
            commands::equipment_categories,
            commands::create_equipment,
            commands::update_equipment,
            commands::delete_equipment,
            commands::checkout_equipment,
            commands::return_equipment,
            commands::maintain_equipment,
            commands::transfer_equipment,
            commands::scrap_equipment,
            commands::delete_equipment_event,
            commands::list_equipment_events,
            commands::equipment_schedules,
            commands::create_schedule,
            commands::update_schedule,
            commands::delete_schedule,
            commands::equipment_due,
            commands::equipment_due_counts,
            commands::export_equipment,
            commands::export_equipment_usage,
            commands::export_equipment_maintenance,
            commands::list_rubrics,
            commands::check_rubric_file,
            commands::load_rubric_file,
            commands::assessment_for,
            commands::current_assessment,
            commands::get_assessment,
            commands::assessment_result,
            commands::assessment_versions,
            commands::open_assessment,
            commands::set_assessment_date,
            commands::score_item,
            commands::override_item,
            commands::clear_item,
            commands::attach_item_evidence,
            commands::link_item_evidence,
            commands::citable_evidence,
            commands::submit_assessment,
            commands::return_assessment,
            commands::sign_off_assessment,
            commands::amend_assessment,
            commands::rank_people,
            commands::report_fonts,
            commands::self_assessment_report,
            commands::ledger_pdf,
            commands::open_report,
            dialogs::pick_evidence_files,
            dialogs::pick_rubric_file,
            dialogs::pick_pdf_path,
            dialogs::pick_import_file,
            dialogs::pick_template_file,
            dialogs::pick_standard_file,
            dialogs::pick_export_path,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("程序启动失败：{e}");
            std::process::exit(2);
        });
}
