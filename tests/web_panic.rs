//! Browser test of the panic hook, in a test binary of its own: after a deliberate panic this
//! wasm instance is not fit to run anything else.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Waits `ms` milliseconds of the browser's clock.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_panic_shows_a_message_instead_of_a_dead_page() {
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    // The banner index.html holds.
    let banner = document.create_element("div").unwrap();
    banner.set_id("panic");
    banner.set_attribute("hidden", "").unwrap();
    document.body().unwrap().append_child(&banner).unwrap();

    eksplain::ui::install_panic_hook();
    // A panic in a callback of its own, as in an event handler; the test itself goes on. (Rust
    // then counts this thread as panicking for good: the hook cannot be put back, and a failed
    // assertion below aborts the test.)
    let boom = Closure::once_into_js(|| -> () { panic!("deliberate panic from the test") });
    window.set_timeout_with_callback_and_timeout_and_arguments_0(boom.unchecked_ref(), 0).unwrap();
    sleep(200).await;

    assert!(!banner.has_attribute("hidden"), "the banner is still hidden");
    let text = banner.text_content().unwrap_or_default();
    assert!(text.starts_with("eksplain hit an internal error and stopped:"), "{text}");
    assert!(text.contains("deliberate panic from the test"), "{text}");
    assert!(text.contains("Reload the page"), "{text}");
}
