//! Panics inside the spreadsheet library, which the importer catches on purpose.
//!
//! `store::excel::sheet::read` runs calamine under `catch_unwind` and turns a panic into a clean
//! "file damaged" error: a damaged workbook must not take the app down. libFuzzer's panic hook
//! aborts on every panic, caught or not, so it would report those as crashes and stop there.
//! While an import runs under [`guarded`], a panic raised inside a third-party crate (a
//! registry or git dependency) is recorded instead and left to unwind into that
//! `catch_unwind`; any other panic — ours — goes to the previous hook (libFuzzer's abort, or
//! the test harness) as before.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::sync::{Mutex, Once, PoisonError};

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
static HOOK: Once = Once::new();

/// A source file of a dependency from a registry or git, not of this workspace (whose files
/// rustc names by their path relative to the workspace root).
fn third_party(file: &str) -> bool {
    file.contains("/registry/src/") || file.contains("/git/checkouts/")
}

fn install() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info.location();
            if GUARDED.with(Cell::get) && location.is_some_and(|l| third_party(l.file())) {
                let at = location.map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
                let mut seen = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
                if seen.insert(at.clone()) {
                    let message = info
                        .payload()
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| info.payload().downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    eprintln!("ledger-fuzz-targets: caught third-party panic at {at}: {message}");
                }
                return;
            }
            previous(info)
        }));
    });
}

struct Reset;

impl Drop for Reset {
    fn drop(&mut self) {
        GUARDED.with(|g| g.set(false));
    }
}

/// Run `f` with third-party panics recorded rather than reported (see the module's doc).
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> T {
    install();
    GUARDED.with(|g| g.set(true));
    let _reset = Reset;
    f()
}

/// The distinct places (`file:line`) in third-party crates where a panic was caught by the
/// importer so far in this process: bugs of those crates that the program survives.
pub fn caught_third_party_panics() -> Vec<String> {
    SEEN.lock().unwrap_or_else(PoisonError::into_inner).iter().cloned().collect()
}
