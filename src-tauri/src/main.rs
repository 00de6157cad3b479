//! The Branch Ledger desktop app: a Tauri window over `ledger-core`.
//!
//! Invariant: no business logic here. Each IPC command (`commands/`, one module per ledger)
//! parses its input, calls one method of [`ledger_core::Ledger`] and maps the error to an
//! [`ledger_core::ErrorPayload`].
//! Native file dialogs (dialogs.rs) only return paths.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bundles;
mod commands;
mod dialogs;
mod instance;
mod logging;
mod memory;
mod safety;
mod screen;

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
    memory::malloc_settings();
    memory::webview_settings();
    memory::no_gl_in_the_app();
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
            memory::watch(app.handle());
            screen::fit_main_window(app.handle());
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
            logging::ui_error,
            commands::branch::app_info,
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
            commands::branch::init_branch,
            commands::branch::list_units,
            commands::branch::add_unit,
            commands::branch::update_unit,
            commands::branch::remove_unit_alias,
            commands::tasks::list_tasks,
            commands::tasks::read_deadline,
            commands::tasks::task_years,
            commands::tasks::task_categories,
            commands::tasks::task_summary,
            commands::tasks::get_task,
            commands::tasks::create_task,
            commands::tasks::update_task,
            commands::tasks::delete_task,
            commands::tasks::add_progress,
            commands::tasks::apply_template,
            commands::tasks::apply_template_file,
            commands::tasks::attach_evidence,
            commands::tasks::open_evidence,
            commands::tasks::evidence_preview,
            commands::tasks::delete_evidence,
            commands::tasks::import_sheet,
            commands::tasks::forget_import_file,
            commands::tasks::export_tasks,
            commands::branch::list_audit,
            commands::people::list_staff,
            commands::people::get_staff,
            commands::people::create_staff,
            commands::people::update_staff,
            commands::people::delete_staff,
            commands::people::set_staff_photo,
            commands::people::list_certificates,
            commands::people::get_certificate,
            commands::people::create_certificate,
            commands::people::update_certificate,
            commands::people::delete_certificate,
            commands::people::add_certificate_review,
            commands::people::delete_certificate_review,
            commands::people::certificates_due,
            commands::people::list_secondments,
            commands::people::create_secondment,
            commands::people::update_secondment,
            commands::people::delete_secondment,
            commands::people::climate_zone,
            commands::people::set_climate_zone,
            commands::people::uniform_scale,
            commands::people::create_uniform_scale_item,
            commands::people::update_uniform_scale_item,
            commands::people::delete_uniform_scale_item,
            commands::people::uniform_issue_page,
            commands::people::create_uniform_issue,
            commands::people::delete_uniform_issue,
            commands::people::uniform_overview_page,
            commands::training::training_kinds,
            commands::training::add_training_kind,
            commands::training::delete_training_kind,
            commands::training::list_training,
            commands::training::get_training,
            commands::training::create_training,
            commands::training::update_training,
            commands::training::delete_training,
            commands::assessment::figures,
            commands::assessment::figure_names,
            commands::people::export_staff,
            commands::people::export_certificates,
            commands::people::export_secondments,
            commands::people::export_uniform_issues,
            commands::training::export_training,
            commands::equipment::standard_list,
            commands::equipment::create_standard_item,
            commands::equipment::update_standard_item,
            commands::equipment::delete_standard_item,
            commands::equipment::load_standard_edition,
            commands::equipment::list_equipment,
            commands::equipment::get_equipment,
            commands::equipment::equipment_categories,
            commands::equipment::create_equipment,
            commands::equipment::update_equipment,
            commands::equipment::delete_equipment,
            commands::equipment::checkout_equipment,
            commands::equipment::return_equipment,
            commands::equipment::maintain_equipment,
            commands::equipment::transfer_equipment,
            commands::equipment::scrap_equipment,
            commands::equipment::delete_equipment_event,
            commands::equipment::list_equipment_events,
            commands::equipment::equipment_schedules,
            commands::equipment::create_schedule,
            commands::equipment::update_schedule,
            commands::equipment::delete_schedule,
            commands::equipment::equipment_due_view,
            commands::equipment::equipment_due_page,
            commands::equipment::equipment_due_counts,
            commands::equipment::export_equipment,
            commands::equipment::export_equipment_usage,
            commands::equipment::export_equipment_maintenance,
            commands::assessment::list_rubrics,
            commands::assessment::check_rubric_file,
            commands::assessment::load_rubric_file,
            commands::assessment::assessment_for,
            commands::assessment::current_assessment,
            commands::assessment::get_assessment,
            commands::assessment::assessment_result,
            commands::assessment::assessment_versions,
            commands::assessment::open_assessment,
            commands::assessment::set_assessment_date,
            commands::assessment::score_item,
            commands::assessment::override_item,
            commands::assessment::clear_item,
            commands::assessment::attach_item_evidence,
            commands::assessment::link_item_evidence,
            commands::assessment::citable_evidence,
            commands::assessment::submit_assessment,
            commands::assessment::return_assessment,
            commands::assessment::sign_off_assessment,
            commands::assessment::amend_assessment,
            commands::assessment::rank_people,
            commands::reports::report_fonts,
            commands::reports::self_assessment_report,
            commands::reports::ledger_pdf,
            commands::reports::open_report,
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
