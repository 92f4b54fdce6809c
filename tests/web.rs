//! Browser tests: the real app mounted in headless Chromium (wasm-bindgen-test).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MINTED: &str = include_str!("data/token/minted.json");
const CA_B64: &str = include_str!("data/cert/eks-ca.b64");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn mount() -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<eksplain::ui::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

async fn paste(root: &web_sys::Element, text: &str) {
    let area: web_sys::HtmlTextAreaElement =
        root.query_selector("#paste").unwrap().unwrap().dyn_into().unwrap();
    area.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

fn text_of(root: &web_sys::Element, selector: &str) -> Option<String> {
    root.query_selector(selector).unwrap().and_then(|el| el.text_content())
}

#[wasm_bindgen_test]
async fn pasting_a_token_shows_its_account_and_validity() {
    let doc: serde_json::Value = serde_json::from_str(MINTED).unwrap();
    let case = &doc["cases"][2];
    let root = mount().await;
    paste(&root, case["token"].as_str().unwrap()).await;
    let account =
        text_of(&root, "article[data-kind=\"eks-token\"] .field[data-key=\"account_id\"] .value");
    assert_eq!(account.as_deref(), case["account"].as_str());
    // The page reads the real clock: the live status is a countdown or "expired … ago",
    // consistent with X-Amz-Date + 15 min.
    let validity =
        text_of(&root, "article[data-kind=\"eks-token\"] .field[data-key=\"validity\"] .value")
            .unwrap();
    let until =
        text_of(&root, "article[data-kind=\"eks-token\"] .field[data-key=\"valid_until\"] .value")
            .unwrap();
    let until = eksplain::when::parse_rfc3339(&until).unwrap();
    let now = eksplain::when::from_unix_millis(js_sys::Date::now());
    let expired = root.query_selector("li.finding[data-id=\"token.expired\"]").unwrap().is_some();
    if now > until + time::Duration::seconds(2) {
        assert!(validity.starts_with("expired ") && expired, "{validity}");
    } else if now < until - time::Duration::seconds(2) {
        assert!(validity.starts_with("valid for ") && !expired, "{validity}");
    }
}

#[wasm_bindgen_test]
async fn pasting_ca_data_shows_the_subject_and_garbage_does_not_kill_the_page() {
    let root = mount().await;
    paste(&root, CA_B64).await;
    let subject = text_of(
        &root,
        "article[data-kind=\"certificate-authority-data\"] .field[data-key=\"subject\"] .value",
    );
    assert_eq!(subject.as_deref(), Some("CN=kubernetes"));
    // Binary noise: 4 KB of random bytes (a fixed-seed generator), pasted as the text a browser
    // makes of them.
    let mut state: u64 = 2024;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 56) as u8
        })
        .collect();
    paste(&root, &String::from_utf8_lossy(&noise)).await;
    assert!(root.query_selector("li.finding[data-id=\"input.binary\"]").unwrap().is_some());
    assert!(root.query_selector("article").unwrap().is_none());
    paste(&root, &"A".repeat(3 * 1024 * 1024)).await;
    assert!(root.query_selector("li.finding[data-id=\"input.too-large\"]").unwrap().is_some());
}
