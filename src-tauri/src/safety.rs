//! Backups, restore and recovery in the app: the check and the daily backup after start (in the
//! background: on a very large database `quick_check` takes seconds), and the commands of the
//! 备份与恢复 page and of the recovery screen.

#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use ledger_core::backup::{self, BackupReason, BackupSet, Recovery, RestoreOutcome};
use ledger_core::{ErrorPayload, Ledger};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::commands::{poisoned, with_home};
use crate::AppState;

type Res<T> = Result<T, ErrorPayload>;

/// How long the check waits for the first page before it starts anyway.
const FIRST_PAGE_WAIT: Duration = Duration::from_secs(15);

/// After start, once the first page is on screen (`first_page_shown`, or after
/// [`FIRST_PAGE_WAIT`]): check the database; if it is damaged, switch the app to the recovery
/// screen (event `db-damaged`); if it is fine and no backup was made today, make the daily one.
/// (The header and schema version were checked when the database opened; `quick_check` reads
/// every page, seconds on a large database, which would compete with a cold start's reads.)
pub fn after_start(app: AppHandle, db_path: PathBuf, first_page_shown: Receiver<()>) {
    std::thread::spawn(move || {
        let _ = first_page_shown.recv_timeout(FIRST_PAGE_WAIT);
        let started = std::time::Instant::now();
        check_and_back_up(&app, &db_path);
        // The check read the whole database, the backup copied it: give their memory back.
        crate::memory::after_call(started.elapsed());
        probe("checked-ms", app.state::<AppState>().started.elapsed().as_millis() as u64);
    });
}

fn check_and_back_up(app: &AppHandle, db_path: &Path) {
    let started = std::time::Instant::now();
    let health = backup::check(db_path);
    tracing::info!(health = ?health, ms = started.elapsed().as_millis() as u64, "database checked");
    let state = app.state::<AppState>();
    if health.is_damaged() {
        let offer = backup::recovery(db_path, health.message(db_path));
        if let Ok(mut r) = state.recovery.lock() {
            *r = Some(offer.clone());
        }
        let _ = app.emit("db-damaged", offer);
        return;
    }
    if health != backup::Health::Ok || !backup::daily_due(db_path).unwrap_or(false) {
        return;
    }
    // A connection of its own: the backup reads one consistent snapshot while the clerk works.
    match backup::create_at(db_path, BackupReason::Daily) {
        Ok(set) => tracing::info!(
            sequence = set.sequence,
            bytes = set.db_bytes,
            ms = started.elapsed().as_millis() as u64,
            "daily backup made"
        ),
        Err(e) => tracing::warn!(code = e.code(), "daily backup failed"),
    }
}

/// With `BRANCH_LEDGER_STARTUP_PROBE` set (the start-up benchmark and tests), print `line ms`:
/// `startup-ms` (first page on screen), `startup-complete-ms` (every call it made answered),
/// `checked-ms` (the background check, and the daily backup if one was due, are done).
fn probe(line: &str, ms: u64) {
    if std::env::var_os("BRANCH_LEDGER_STARTUP_PROBE").is_some() {
        println!("{line} {ms}");
    }
}

/// The recovery offer, when the database cannot be used.
#[tauri::command]
pub async fn recovery_status(state: State<'_, AppState>) -> Res<Option<Recovery>> {
    Ok(state.recovery.lock().map_err(poisoned)?.clone())
}

#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Res<Vec<BackupSet>> {
    backup::list(&state.db_path).map_err(|e| e.to_payload())
}

#[tauri::command]
pub async fn create_backup(state: State<'_, AppState>) -> Res<BackupSet> {
    let set = with_home(&state, |l| l.backup(BackupReason::Manual))?;
    tracing::info!(sequence = set.sequence, "manual backup made");
    Ok(set)
}

/// Replace the database by the backup `id` (the current one is backed up first, or moved aside
/// if damaged), then reopen it. Works from the recovery screen too.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, id: String) -> Res<RestoreOutcome> {
    let mut guard = state.ledger.lock().map_err(poisoned)?;
    *state.view.lock().map_err(poisoned)? = None;
    // Close the database before its file is replaced.
    drop(guard.take());
    let result = backup::restore(&state.db_path, &id);
    let mut recovery = state.recovery.lock().map_err(poisoned)?;
    match Ledger::open(&state.db_path) {
        Ok(ledger) => {
            *guard = Some(ledger);
            *recovery = None;
        }
        Err(e) => *recovery = Some(backup::recovery(&state.db_path, e.to_string())),
    }
    match &result {
        Ok(o) => tracing::info!(sequence = o.restored.sequence, evidence = o.evidence_restored, "backup restored"),
        Err(e) => tracing::warn!(code = e.code(), "restore failed"),
    }
    result.map_err(|e| e.to_payload())
}

/// How far the UI's first page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// On screen.
    Shown,
    /// With everything it asked for: every call it made has answered.
    Complete,
}

/// The UI's first page reached `stage`: log how long the start took; once it is complete, let
/// the background check begin.
#[tauri::command]
pub async fn ui_ready(state: State<'_, AppState>, stage: Stage) -> Res<u64> {
    let ms = state.started.elapsed().as_millis() as u64;
    match stage {
        Stage::Shown => tracing::info!(ms, "first page rendered"),
        Stage::Complete => {
            tracing::info!(ms, "first page complete");
            if let Some(first_page) = state.first_page.lock().map_err(poisoned)?.take() {
                let _ = first_page.send(());
            }
        }
    }
    probe(
        match stage {
            Stage::Shown => "startup-ms",
            Stage::Complete => "startup-complete-ms",
        },
        ms,
    );
    Ok(ms)
}
