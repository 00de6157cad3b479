//! IPC commands: parse, call one core method, map the error. Async so that they run off the
//! main (GTK) thread; the ledger is behind a mutex, so calls are serialised. One module per ledger;
//! here, what they share: running a call on the ledger ([`with`], [`with_home`]) and mapping errors.

// The error type is what crosses IPC; boxing it would gain nothing.
#![allow(clippy::result_large_err)]

use ledger_core::store::dates;
use ledger_core::{ErrorPayload, Ledger, LedgerError};
use tauri::State;

use crate::AppState;

pub mod assessment;
pub mod branch;
pub mod equipment;
pub mod people;
pub mod reports;
pub mod tasks;
pub mod training;

type Res<T> = Result<T, ErrorPayload>;

pub(crate) fn poisoned<E>(_: E) -> ErrorPayload {
    LedgerError::Rejected("程序内部错误：数据连接不可用，请重新启动程序".into()).to_payload()
}

/// Run `f` on the ledger the pages show — a branch's replica while the city reviewer views one
/// (read-only), else the app's own database — mapping errors for the UI.
pub(crate) fn with<T>(state: &State<'_, AppState>, f: impl FnOnce(&mut Ledger) -> ledger_core::Result<T>) -> Res<T> {
    blocking(|| {
        let mut view = state.view.lock().map_err(poisoned)?;
        if let Some(replica) = view.as_mut() {
            return f(replica).map_err(failed);
        }
        drop(view);
        on_home(state, f)
    })
}

/// [`with`] for a read whose answer is kept until the data changes or the day does
/// ([`Ledger::remembered`]): the aggregates a page asks for each time it opens. `key` names the
/// call and every argument.
pub(crate) fn remembered<T: Clone + Send + 'static>(
    state: &State<'_, AppState>,
    key: String,
    f: impl FnOnce(&Ledger) -> ledger_core::Result<T>,
) -> Res<T> {
    let key = format!("{key} on {}", dates::today());
    with(state, |l| l.remembered(key, f))
}

/// Run a call that waits for the ledger's lock and then for SQLite without holding up the async
/// runtime's worker: with two cores there are two workers, and two calls waiting on a long one
/// (the figures of a large branch) would stall every other call, even those that need no lock.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let result = tokio::task::block_in_place(f);
    crate::memory::after_call(started.elapsed());
    result
}

/// The payload of a failed call; its code (never its message, which may hold names) is logged.
fn failed(e: LedgerError) -> ErrorPayload {
    tracing::info!(code = e.code(), "call refused");
    e.to_payload()
}

/// Run `f` on the app's own database (the city bureau's registry, whatever is being viewed).
pub(crate) fn with_home<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut Ledger) -> ledger_core::Result<T>,
) -> Res<T> {
    blocking(|| on_home(state, f))
}

fn on_home<T>(state: &State<'_, AppState>, f: impl FnOnce(&mut Ledger) -> ledger_core::Result<T>) -> Res<T> {
    let mut ledger = state.ledger.lock().map_err(poisoned)?;
    match ledger.as_mut() {
        Some(l) => f(l).map_err(failed),
        None => {
            let problem = state.recovery.lock().ok().and_then(|r| r.as_ref().map(|r| r.problem.clone()));
            let message = problem.unwrap_or_else(|| "数据库正在恢复，请稍候".to_string());
            Err(LedgerError::Damaged { path: state.db_path.display().to_string(), message }.to_payload())
        }
    }
}

fn date(field: &str, s: Option<String>) -> ledger_core::Result<Option<chrono::NaiveDate>> {
    s.filter(|s| !s.trim().is_empty()).map(|s| dates::parse_field(field, &s)).transpose()
}

pub(crate) fn open_in_viewer(path: &std::path::Path) -> Res<()> {
    if path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() != Some("pdf") {
        return Err(LedgerError::file(path, "只能打开本程序生成的 PDF 报告").to_payload());
    }
    // The end-to-end tests have no PDF viewer to look at.
    if std::env::var_os(crate::dialogs::SCRIPTED_ANSWERS_ENV).is_some() {
        return Ok(());
    }
    open::that_detached(path)
        .map_err(|e| LedgerError::file(path, format!("已保存，但无法用系统程序打开：{e}")).to_payload())
}
