//! How fast the page answers, as User Timing entries that a benchmark (or the browser's
//! performance panel) reads with `performance.getEntriesByName(NAME)`:
//!
//! - mark [`INPUT`] when input arrives (typed, pasted, dropped, picked, an example);
//! - measure [`INSPECT`], once per report made: the time `inspect` took;
//! - measure [`PAINTED`] (`eksplain:paste-to-painted`): from the last [`INPUT`] mark to the end of
//!   the first frame painted after the report made for it was committed to the page; once per
//!   input (a report made again because time passed measures nothing);
//! - mark [`REPORT_RENDER`] each time the report view renders (not when a countdown ticks).
//!
//! Natively (server-side render tests) these do nothing.

/// Mark: input arrived.
pub const INPUT: &str = "eksplain:input";
/// Measure: input arrived → its report painted.
pub const PAINTED: &str = "eksplain:paste-to-painted";
/// Measure: one `inspect`.
pub const INSPECT: &str = "eksplain:inspect";
/// Mark: the report view rendered.
pub const REPORT_RENDER: &str = "eksplain:report-render";

use std::sync::atomic::{AtomicBool, Ordering};

/// An [`INPUT`] mark is waiting for its report to be painted.
static WAITING: AtomicBool = AtomicBool::new(false);

#[cfg(target_arch = "wasm32")]
fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// Adds the mark `name`.
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Measures from the latest mark `start` to now as `name`.
pub fn measure(name: &str, start: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = performance() {
        let _ = p.measure_with_start_mark(name, start);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (name, start);
}

/// Input arrived: mark [`INPUT`].
pub fn input() {
    mark(INPUT);
    WAITING.store(true, Ordering::Relaxed);
}

/// A new report was committed to the page: if input is waiting for it, measure [`PAINTED`] once
/// the next frame has been painted (a task queued from that frame's animation-frame callback
/// runs after its style, layout and paint).
pub fn committed() {
    let waiting = WAITING.swap(false, Ordering::Relaxed);
    #[cfg(target_arch = "wasm32")]
    if let Some(window) = web_sys::window().filter(|_| waiting) {
        use wasm_bindgen::JsCast;
        let callback = wasm_bindgen::closure::Closure::once_into_js(|| {
            gloo_timers::callback::Timeout::new(0, || measure(PAINTED, INPUT)).forget();
        });
        let _ = window.request_animation_frame(callback.unchecked_ref());
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = waiting;
}
