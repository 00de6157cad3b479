//! The window on the clerk's screen. Many office PCs have a 1366×768 screen (or 1920×1080 at
//! 125 %, 1536×864 to the app): the window's configured 1320×840 would run past the bottom of it,
//! with the pagers and dialog buttons under the taskbar, and Windows does not shrink a new window
//! to fit. So at start a window larger than the screen's work area is sized to fit it and
//! maximized; a screen large enough keeps the configured size. On a screen smaller than even the
//! configured minimum (a 1024×600 netbook), the minimum is lowered to what fits.

use tauri::{Manager, PhysicalPosition, PhysicalSize, Runtime, WebviewWindow};

/// The inner size that makes a window whose inner size is `inner` and outer size (with the
/// window manager's frame) `outer` fit in `area`; `None` when it already fits. Before the window
/// is first shown GTK knows no frame and gives an outer size of 0 × 0: the inner size counts.
pub fn fitted(
    inner: PhysicalSize<u32>,
    outer: PhysicalSize<u32>,
    area: PhysicalSize<u32>,
) -> Option<PhysicalSize<u32>> {
    let outer = PhysicalSize::new(outer.width.max(inner.width), outer.height.max(inner.height));
    if outer.width <= area.width && outer.height <= area.height {
        return None;
    }
    let frame_w = outer.width.saturating_sub(inner.width);
    let frame_h = outer.height.saturating_sub(inner.height);
    Some(PhysicalSize::new(
        inner.width.min(area.width.saturating_sub(frame_w)),
        inner.height.min(area.height.saturating_sub(frame_h)),
    ))
}

/// The minimum size that lets a window of the `fitted` size be: `min`, lowered on each side to
/// `fitted`; `None` when `min` already allows it.
pub fn lowered_min(min: PhysicalSize<u32>, fitted: PhysicalSize<u32>) -> Option<PhysicalSize<u32>> {
    let lowered = PhysicalSize::new(min.width.min(fitted.width), min.height.min(fitted.height));
    (lowered != min).then_some(lowered)
}

/// At start: fit the main window to the screen it is on (see the module doc). A failure only
/// leaves the window as configured, so it is logged and otherwise ignored.
pub fn fit_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else { return };
    if let Err(e) = fit(&window) {
        tracing::warn!(error = %e, "could not fit the window to the screen");
    }
}

fn fit<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    let Some(monitor) = window.current_monitor()?.or(window.primary_monitor()?) else { return Ok(()) };
    let area = monitor.work_area();
    let Some(size) = fitted(window.inner_size()?, window.outer_size()?, area.size) else { return Ok(()) };
    tracing::info!(width = size.width, height = size.height, "window fitted to a small screen");
    if let Some(min) = configured_min(window)?.and_then(|min| lowered_min(min, size)) {
        window.set_min_size(Some(min))?;
    }
    window.set_size(size)?;
    window.set_position(PhysicalPosition::new(area.position.x, area.position.y))?;
    // With a window manager, maximized is what a clerk expects on a small screen; restoring it
    // gives the fitted size, not one that runs off the screen.
    window.maximize()
}

/// The window's minimum size as configured (tauri.conf.json), in the screen's pixels.
fn configured_min<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<Option<PhysicalSize<u32>>> {
    let config = window.config().app.windows.iter().find(|w| w.label == window.label());
    let Some((Some(width), Some(height))) = config.map(|w| (w.min_width, w.min_height)) else { return Ok(None) };
    Ok(Some(tauri::LogicalSize::new(width, height).to_physical(window.scale_factor()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(width: u32, height: u32) -> PhysicalSize<u32> {
        PhysicalSize::new(width, height)
    }

    #[test]
    fn a_window_that_fits_is_left_alone() {
        assert_eq!(fitted(size(1320, 840), size(1320, 870), size(1920, 1040)), None);
        assert_eq!(fitted(size(1320, 840), size(1320, 840), size(1320, 840)), None);
    }

    #[test]
    fn a_window_taller_than_the_screen_is_shortened_by_its_frame_too() {
        // 1366×768 with a 40 px taskbar, a 30 px title bar.
        assert_eq!(fitted(size(1320, 840), size(1320, 870), size(1366, 728)), Some(size(1320, 698)));
    }

    #[test]
    fn a_window_wider_than_the_screen_is_narrowed() {
        assert_eq!(fitted(size(1320, 840), size(1320, 840), size(1280, 1024)), Some(size(1280, 840)));
    }

    #[test]
    fn without_a_window_manager_the_window_is_its_inner_size() {
        assert_eq!(fitted(size(1320, 840), size(1320, 840), size(1366, 768)), Some(size(1320, 768)));
    }

    #[test]
    fn before_it_is_shown_the_window_has_no_frame() {
        assert_eq!(fitted(size(1320, 840), size(0, 0), size(1366, 768)), Some(size(1320, 768)));
        assert_eq!(fitted(size(1320, 840), size(0, 0), size(1920, 1040)), None);
    }

    #[test]
    fn a_screen_smaller_than_the_minimum_lowers_the_minimum_to_what_fits() {
        // A 1024×600 netbook: the configured minimum is 1024×640.
        assert_eq!(lowered_min(size(1024, 640), size(1024, 600)), Some(size(1024, 600)));
        assert_eq!(lowered_min(size(1024, 640), size(1320, 698)), None);
        assert_eq!(lowered_min(size(1024, 640), size(1000, 700)), Some(size(1000, 640)));
    }
}
