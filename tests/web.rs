//! Browser tests: the real app mounted in headless Chromium (wasm-bindgen-test).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
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

/// Sets the paste box to `text` as typing does (an `InputEvent` whose `inputType` is
/// `insertText`), or as a paste does (`insertFromPaste`).
async fn input(root: &web_sys::Element, text: &str, input_type: &str) {
    let area: web_sys::HtmlTextAreaElement =
        root.query_selector("#paste").unwrap().unwrap().dyn_into().unwrap();
    area.set_value(text);
    let send = js_sys::Function::new_with_args(
        "el, kind",
        "el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: kind }))",
    );
    send.call2(&JsValue::NULL, &area, &JsValue::from_str(input_type)).unwrap();
    yew::scheduler::flush().await;
}

/// Waits `ms` milliseconds of the browser's clock.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    yew::scheduler::flush().await;
}

/// How many User Timing entries named `name` of `kind` ("mark", "measure") the page made.
fn entries(name: &str, kind: &str) -> u32 {
    let performance = web_sys::window().unwrap().performance().unwrap();
    performance.get_entries_by_name_with_entry_type(name, kind).length()
}

/// A minted token re-signed (as far as eksplain can tell: the signature is not checked
/// offline) `ago` seconds before now, so its 15 minutes run out when a test wants.
fn token_signed(ago: f64) -> String {
    use base64::Engine as _;
    let doc: serde_json::Value = serde_json::from_str(MINTED).unwrap();
    let url = doc["cases"][2]["url"].as_str().unwrap();
    let at = eksplain::when::from_unix_millis(js_sys::Date::now() - ago * 1000.0);
    let date: String =
        eksplain::when::rfc3339(at).chars().filter(|c| *c != '-' && *c != ':').collect();
    let start = url.find("X-Amz-Date=").unwrap() + "X-Amz-Date=".len();
    let url = format!("{}{}{}", &url[..start], date, &url[start + date.len()..]);
    format!("k8s-aws-v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(url))
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

/// The start-up warm-up inspects the examples in the browser and shows nothing.
#[wasm_bindgen_test]
async fn warming_up_shows_nothing() {
    let root = mount().await;
    eksplain::ui::warm_up();
    assert!(root.query_selector("article").unwrap().is_none());
    assert!(root.query_selector("li.finding").unwrap().is_none());
}

const VALIDITY: &str = "article[data-kind=\"eks-token\"] .field[data-key=\"validity\"] .value";

#[wasm_bindgen_test]
async fn the_countdown_ticks_without_inspecting_or_drawing_the_report_again() {
    let root = mount().await;
    paste(&root, &token_signed(300.0)).await;
    let (inspected, drawn) =
        (entries("eksplain:inspect", "measure"), entries("eksplain:report-render", "mark"));
    let before = text_of(&root, VALIDITY).unwrap();
    assert!(
        before.starts_with("valid for 10 min") || before.starts_with("valid for 9 min"),
        "{before}"
    );
    sleep(2_300).await;
    let after = text_of(&root, VALIDITY).unwrap();
    assert!(after != before && after.starts_with("valid for 9 min"), "{before} -> {after}");
    assert_eq!(
        entries("eksplain:inspect", "measure"),
        inspected,
        "a tick inspected the input again"
    );
    assert_eq!(entries("eksplain:report-render", "mark"), drawn, "a tick drew the report again");
    assert!(root.query_selector("li.finding[data-id=\"token.locally-valid\"]").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_token_that_expires_while_shown_is_inspected_again_once_and_called_expired() {
    let root = mount().await;
    // Valid for about 1.5 more seconds.
    paste(&root, &token_signed(15.0 * 60.0 - 1.5)).await;
    let inspected = entries("eksplain:inspect", "measure");
    assert!(root.query_selector("li.finding[data-id=\"token.expired\"]").unwrap().is_none());
    sleep(3_200).await;
    assert!(
        root.query_selector("li.finding[data-id=\"token.expired\"]").unwrap().is_some(),
        "{:?}",
        text_of(&root, VALIDITY)
    );
    assert!(text_of(&root, VALIDITY).unwrap().starts_with("expired "));
    assert_eq!(entries("eksplain:inspect", "measure"), inspected + 1, "once, at the expiry");
}

#[wasm_bindgen_test]
async fn typing_into_a_large_paste_is_inspected_once_typing_pauses() {
    let root = mount().await;
    let big = format!("{CA_B64}\n{}", " ".repeat(17_000));
    assert!(big.len() > eksplain::ui::state::TYPING_DEBOUNCE_BYTES);
    input(&root, &big, "insertFromPaste").await;
    let pasted = entries("eksplain:inspect", "measure");
    let card = "article[data-kind=\"certificate-authority-data\"]";
    assert!(root.query_selector(card).unwrap().is_some(), "a paste: at once");
    // Keys: the paste box follows, the report waits for a pause.
    input(&root, &format!("{big}x"), "insertText").await;
    input(&root, &format!("{big}xy"), "insertText").await;
    sleep(50).await;
    assert_eq!(entries("eksplain:inspect", "measure"), pasted, "typing inspected at once");
    sleep(eksplain::ui::state::SETTLE_MS as i32 + 150).await;
    assert_eq!(entries("eksplain:inspect", "measure"), pasted + 1, "once after the pause");
    // Typing into small text: on every key.
    input(&root, "arn:aws:iam::111122223333:role/a", "insertText").await;
    assert_eq!(entries("eksplain:inspect", "measure"), pasted + 2);
    // And each input is measured from input to painted, once (after the next frame).
    sleep(100).await;
    let painted = entries("eksplain:paste-to-painted", "measure");
    input(&root, "arn:aws:iam::111122223333:role/admin", "insertFromPaste").await;
    sleep(100).await;
    assert_eq!(entries("eksplain:paste-to-painted", "measure"), painted + 1);
}
