//! The app's memory while it sits open all day.
//!
//! Two measured causes (large demo branch, `make bench-startup`), two remedies:
//! - glibc keeps what a large call freed in the arena of the thread that freed it: after the home
//!   page's figures and self-assessment the app held ~140 MB more than it used.
//!   [`after_call`] gives it back (`malloc_trim`) shortly after any call that took long.
//! - WebKitGTK's accelerated compositing (GL, here through Mesa) cost the web process ~140 MB;
//!   the pages are forms and tables, drawn just as well without it ([`webview_settings`]).

use std::time::Duration;

/// Calls that take this long worked on much data; afterwards their memory is given back.
const LARGE_CALL: Duration = Duration::from_millis(100);

/// After a call that took `took`: if it was large, give the memory it freed back to the system, a
/// moment later (its answer, freed once sent, goes back too).
pub fn after_call(took: Duration) {
    if took >= LARGE_CALL {
        std::thread::spawn(|| {
            std::thread::sleep(Duration::from_millis(500));
            release_freed();
        });
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn release_freed() {
    // SAFETY: malloc_trim takes no pointers and only walks glibc's own arenas, under their locks;
    // it may be called from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_freed() {}

/// Before the webview starts (at the top of `main`, while the process has one thread): draw the
/// pages without accelerated compositing, unless the user set `WEBKIT_DISABLE_COMPOSITING_MODE`.
pub fn webview_settings() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}
