//! The app's memory while it sits open all day.
//!
//! Measured causes (large demo branch, `make bench-startup`), and their remedies:
//! - glibc keeps what a large call freed in the arena of the thread that freed it: after the home
//!   page's figures and self-assessment the app held ~140 MB more than it used. SQLite's page
//!   cache keeps up to 32 MiB per connection. [`after_call`] gives both back once the app pauses
//!   after a call that took long.
//! - Even so, 10–20 MB stayed at the top of the worker threads' arenas: glibc raises its trim
//!   threshold after a large block is freed, and `malloc_trim` does not trim the top of a thread's
//!   arena. [`malloc_settings`] fixes the thresholds at glibc's defaults.
//! - WebKitGTK's accelerated compositing (GL, here through Mesa) cost the web process ~140 MB;
//!   the pages are forms and tables, drawn just as well without it ([`webview_settings`]).
//!
//! Measured and not done: a release build with fat LTO and one codegen unit. The binary's code
//! shrank from 16.8 to 15.2 MB and the idle app process held 3 MB less (101 → 98 MB, of ~285 MB
//! for all processes), for a release build a minute longer that needs 2.5 GB of memory to link.
//! Nor does WebKit's own allocator matter: with `Malloc=1` (the system's malloc instead of
//! libpas) the web process held the same within 2 MB.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use tauri::{AppHandle, Manager};

use crate::AppState;

/// The app, for the caches to release after a large call.
static APP: OnceLock<AppHandle> = OnceLock::new();

/// Calls that take this long worked on much data; afterwards their memory is given back.
const LARGE_CALL: Duration = Duration::from_millis(100);

/// How long no call may finish before the app counts as idle.
const PAUSE: Duration = Duration::from_millis(500);

/// Calls finished so far.
static FINISHED: AtomicU64 = AtomicU64::new(0);

/// True while a thread waits for a pause to give memory back.
static WAITING: AtomicBool = AtomicBool::new(false);

/// Once the app is set up: remember it, for [`after_call`] to reach its ledgers.
pub fn watch(app: &AppHandle) {
    let _ = APP.set(app.clone());
}

/// After any call, with how long it took: once a large one is followed by half a second without
/// a call finishing, give the memory it used back to the system (its answer, freed once sent,
/// goes back too): SQLite's page caches, unless a call is using them, then what glibc keeps.
/// Waiting for a pause keeps the caches for the calls of one page, which come one after another.
pub fn after_call(took: Duration) {
    FINISHED.fetch_add(1, Ordering::AcqRel);
    if took >= LARGE_CALL && !WAITING.swap(true, Ordering::AcqRel) {
        std::thread::spawn(|| {
            let mut seen = FINISHED.load(Ordering::Acquire);
            loop {
                std::thread::sleep(PAUSE);
                let now = FINISHED.load(Ordering::Acquire);
                if now == seen {
                    break;
                }
                seen = now;
            }
            WAITING.store(false, Ordering::Release);
            release_page_caches();
            release_freed();
        });
    }
}

fn release_page_caches() {
    let Some(app) = APP.get() else { return };
    let state = app.state::<AppState>();
    for ledger in [&state.ledger, &state.view] {
        if let Ok(ledger) = ledger.try_lock() {
            if let Some(ledger) = ledger.as_ref() {
                let _ = ledger.release_cache();
            }
        }
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

/// At the top of `main`: keep glibc's thresholds where they start (blocks of 128 KiB and more
/// are mapped on their own, and free memory above 128 KiB at the top of an arena goes back to
/// the system). glibc otherwise raises both after a large block is freed, up to 32 and 64 MiB,
/// and a thread's arena then keeps what it once held. Measured once idle on the large demo: the
/// app process 110–120 MB with glibc's moving thresholds, 95–100 MB with these.
///
/// The web and network processes get the same thresholds and at most two arenas, through
/// `GLIBC_TUNABLES` (read as a process starts: it changes only the processes the app starts,
/// unless the user set it). Measured, three cold starts each on the large demo once idle: all
/// processes 267.7, 270.4, 269.9 MB without, 263.2, 265.7, 266.2 MB with (the web process about
/// 3.5 MB less).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn malloc_settings() {
    const THRESHOLD: libc::c_int = 128 * 1024;
    // SAFETY: mallopt takes two integers and only changes glibc's own tuning under its lock.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, THRESHOLD);
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
    }
    if std::env::var_os("GLIBC_TUNABLES").is_none() {
        std::env::set_var(
            "GLIBC_TUNABLES",
            format!("glibc.malloc.arena_max=2:glibc.malloc.trim_threshold={THRESHOLD}:glibc.malloc.mmap_threshold={THRESHOLD}"),
        );
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn malloc_settings() {}

/// Before the webview starts (at the top of `main`, while the process has one thread): draw the
/// pages without accelerated compositing, and run their JavaScript without JavaScriptCore's
/// optimising compilers (DFG and FTL; the interpreter and the baseline JIT remain), unless the
/// user set `WEBKIT_DISABLE_COMPOSITING_MODE`, `JSC_useDFGJIT` or `JSC_useFTLJIT`. (The web
/// process inherits the environment.)
///
/// The optimising compilers, measured with `make bench-startup` on the large demo: the idle web
/// process 155 → 145 MB (JavaScriptCore's library 15 → 11 MB, the anonymous memory 41 → 35 MB),
/// all processes 256 → 245 and 246 MB in two runs. The pages opened from 4 % faster to 37 %
/// slower than without, by at most 100 ms (装备台账 188 → 258 and 196 ms, 制式服装, the slowest,
/// 593 → 695 and 620 ms), start-up unchanged: the pages show 50 rows at a time, and their time
/// is mostly the ledger's queries. (Measured before the pages were paged, it was up
/// to 75 %: 借调情况 863 → 1,507 ms, and not done then.) FTL alone saved ~2 MB.
///
/// Measured and not done: WebKit's memory-pressure settings (a memory limit of 40 or 100 MB,
/// polled every 5 s) took the idle web process from 169 to 157 MB, nearly all of it glibc's heap
/// (13.3 → 4.5 MB, the handler calls `malloc_trim`), and the network process not at all. The
/// settings are a construct-only property of the `WebKitWebContext`, which wry builds with no
/// way to pass them: it needs a fork of wry or replacing the class's GObject constructor. And a
/// limit the page always exceeds keeps the web process in its critical state, where WebCore's
/// `releaseCriticalMemory` also throws away the compiled JavaScript at every poll.
///
/// Mesa's libLLVM (~20 MB in the app and in the web process alike) is kept out of the app's own
/// process on X11 by [`no_gl_in_the_app`]. It stays in the web process: `GALLIUM_DRIVER=softpipe`
/// does not help (the pages are LLVM's relocations and static constructors, touched on loading,
/// not its code generator), and with no EGL driver to load (`LIBGL_DRIVERS_PATH` or
/// `__EGL_VENDOR_LIBRARY_FILENAMES` pointing nowhere when it starts) WebKitGTK 2.50's web process
/// aborts ("Could not create surfaceless EGL display").
///
/// Measured and no help: `WEBKIT_WEB_RENDER_DEVICE_FILE` (WebKit still opens EGL in the app to
/// find the primary DRM device).
///
/// The floor, measured on the large demo once idle: the shared libraries alone (WebKit,
/// JavaScriptCore, GTK, Mesa and libLLVM, GStreamer, flite …, all loaded because
/// libwebkit2gtk links them) hold 195 MB of the ~283 MB: 66 MB in the app, 27 MB in the network
/// process, 102 MB in the web process. The page, its JavaScript heap and glibc's heaps are the
/// rest. ([`no_gl_in_the_app`] has since taken Mesa and libLLVM, ~24 MB, out of the app: all
/// processes 256–257 MB in `make bench-startup`; without the optimising JavaScript compilers,
/// 245–246 MB.)
///
/// Measured and no help: the `DocumentViewer` cache model on the web context (set through
/// `with_webview`), and a smaller RAM size for JavaScriptCore's heap sizing
/// (`JSC_forceRAMSize` of 64 or 128 MiB). The web process's anonymous memory is some 600
/// mappings, none over 3.5 MB but glibc's heap.
pub fn webview_settings() {
    #[cfg(target_os = "linux")]
    for (name, value) in
        [("WEBKIT_DISABLE_COMPOSITING_MODE", "1"), ("JSC_useDFGJIT", "false"), ("JSC_useFTLJIT", "false")]
    {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

/// At the top of `main`, while the process has one thread, on X11: keep Mesa, and the 20 MB of
/// its libLLVM, out of the app's own process, which draws nothing with OpenGL (the pages are
/// drawn without accelerated compositing, [`webview_settings`]). Two things load it there:
/// - GTK opens GLX with the display: `GDK_GL=disable`, unless the user set `GDK_GL`;
/// - WebKit opens EGL in the app once it has started the web process, to learn the GPU's device:
///   libglvnd's libEGL reads which drivers it may load once, on its first call, so the first call
///   is made here, with `__EGL_VENDOR_LIBRARY_FILENAMES` naming none, and the variable is removed
///   again before the web process starts and inherits the environment (its EGL must work).
///   WebKit then finds no EGL in the app and leaves the device to the web process.
///
/// Measured on the large demo once idle: the app process 100 → 72–76 MB, the web process the same
/// or up to 8 MB more (the pages of libLLVM it shared with the app are now its own); all
/// processes 281 → 257 MB in `make bench-startup`, 17 MB less in runs on a warm page cache. Not
/// done under Wayland (`WAYLAND_DISPLAY`), where GTK and WebKit take other paths that this machine
/// cannot test.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
pub fn no_gl_in_the_app() {
    const VENDORS: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";
    const EGL_EXTENSIONS: i32 = 0x3055;
    let x11 = std::env::var_os("WAYLAND_DISPLAY").is_none() && std::env::var_os("DISPLAY").is_some();
    if !x11 || std::env::var_os(VENDORS).is_some() {
        return;
    }
    if std::env::var_os("GDK_GL").is_none() {
        std::env::set_var("GDK_GL", "disable");
    }
    std::env::set_var(VENDORS, "/nonexistent/branch-ledger-no-egl-vendor.json");
    // SAFETY: dlopen with RTLD_NOLOAD only finds libEGL where WebKit already linked it; the
    // symbol is libglvnd's `const char *eglQueryString(EGLDisplay, EGLint)`, called with
    // EGL_NO_DISPLAY (a null pointer), which only reads its vendor list; the handle is closed
    // again, the library staying loaded for WebKit.
    unsafe {
        let lib = libc::dlopen(c"libEGL.so.1".as_ptr(), libc::RTLD_NOW | libc::RTLD_NOLOAD);
        if !lib.is_null() {
            let symbol = libc::dlsym(lib, c"eglQueryString".as_ptr());
            if !symbol.is_null() {
                let query: extern "C" fn(*mut libc::c_void, i32) -> *const libc::c_char = std::mem::transmute(symbol);
                query(std::ptr::null_mut(), EGL_EXTENSIONS);
            }
            libc::dlclose(lib);
        }
    }
    std::env::remove_var(VENDORS);
}

#[cfg(not(target_os = "linux"))]
pub fn no_gl_in_the_app() {}
