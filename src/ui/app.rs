//! The page: a paste box (also file drop and picker) and the live report under it; the deep
//! links of the URL fragment (`#explain`, `#gen=`, `#input=`: see `crate::link`), read on load
//! and on every `hashchange`; and the "Copy link" button.
//!
//! The report is made from the input and a clock stamp taken when the input changed
//! (`PageState::generation`), never on a timer: a countdown redraws only its own field (its own
//! interval, in `report_view`), and one timeout re-stamps the clock when the report's next time
//! boundary passes (`Report::next_change`), so a token that expires while shown gets its
//! `token.expired`. A paste is inspected at once; typing into a large paste waits for a pause
//! (`Action::Type`).
//!
//! The page never writes the input to the URL on its own: "Copy link" puts a link into the
//! clipboard only, with every secret taken out first. When it is opened with a link that holds a
//! secret, it says so and removes the fragment from the address bar.

use std::rc::Rc;

use yew::prelude::*;

use crate::link::{self, Link};
use crate::report::Report;
use crate::ui::explain::{catalogue, gen_view};
use crate::ui::perf;
use crate::ui::state::{now_millis, Action, LoadedFile, Notice, PageState, Shared, SETTLE_MS};
use crate::ui::ReportView;
use crate::Input;

fn notice_view(notice: &Notice, ondismiss: Callback<MouseEvent>) -> Html {
    let (class, text) = match notice {
        Notice::Opened => (
            "notice info",
            String::from(
                "Opened from a link: the paste box holds the link's input, checked below.",
            ),
        ),
        Notice::Secret(what) => (
            "notice error",
            format!(
                "This link holds secrets: {}. Anyone who has the link can use them until they \
                 expire, so the link was removed from the address bar. Treat them as exposed, and \
                 share with \"Copy link\" (or eksplain link), which takes secrets out first.",
                what.join("; ")
            ),
        ),
        Notice::Invalid(why) => ("notice warning", why.clone()),
    };
    html! {
        <div {class} role={if class == "notice info" { "status" } else { "alert" }} data-notice={match notice {
            Notice::Opened => "opened", Notice::Secret(_) => "secret", Notice::Invalid(_) => "invalid",
        }}>
            <p>{ text }</p>
            <button type="button" class="small" onclick={ondismiss}>{ "Dismiss" }</button>
        </div>
    }
}

fn shared_view(shared: &Shared) -> Html {
    let text = match &shared.outcome {
        Ok((len, removed)) if removed.is_empty() => format!(
            "Link copied ({} characters). Nothing secret was found in the paste, so the link holds it as it is.",
            crate::token::group_digits(*len)
        ),
        Ok((len, removed)) => format!(
            "Link copied ({} characters), with these taken out first: {}. Whoever opens it still sees \
             the account, host, region, dates and the findings that do not need them.",
            crate::token::group_digits(*len),
            removed.join("; ")
        ),
        Err(why) => why.clone(),
    };
    html! {
        <p class={if shared.outcome.is_err() { "share-note error" } else { "share-note" }} role="status">{ text }</p>
    }
}

/// Examples a newcomer can load with one click (fake keys and accounts). "aws eks get-token
/// output" is real AWS CLI output (awscli 1.45.11, offline, with a fake key: the
/// eu-west-1-regional-longterm case of tests/data/token/minted.json, checked by a test). "CI role
/// not mapped" is hand-written in the shapes of `aws sts get-caller-identity` output and of the
/// aws-auth ConfigMap in the EKS documentation, not captured from a cluster. "kubectl error" is
/// kubectl's message for a 401, typed in.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "CI role not mapped",
        concat!(
            include_str!("../../tests/data/story/caller-ci.json"),
            "---\n",
            include_str!("../../tests/data/story/aws-auth-laptop.yaml")
        ),
    ),
    ("aws eks get-token output", include_str!("../../tests/data/examples/get-token.json")),
    ("kubectl error", "error: You must be logged in to the server (Unauthorized)\n"),
];

/// Inspects the examples once and drops the reports: the browser compiles a wasm function when it
/// first runs, so the first paste after a load would otherwise wait for the compiler (a token:
/// about 20 ms cold, 1 ms warm). Called when the page is idle after start-up.
pub fn warm_up() {
    for (_, text) in EXAMPLES {
        drop(make_report(text, &[], now_millis()));
    }
}

fn make_report(text: &str, files: &[LoadedFile], now_ms: f64) -> Option<Rc<Report>> {
    if text.trim().is_empty() && files.is_empty() {
        return None;
    }
    let mut inputs: Vec<Input<'_>> = Vec::new();
    if !text.trim().is_empty() {
        inputs.push(Input::text(text));
    }
    inputs.extend(files.iter().map(|f| Input::file(f.name.clone(), f.data.as_slice())));
    perf::mark(perf::INSPECT);
    let report = crate::inspect(&inputs, crate::when::from_unix_millis(now_ms));
    perf::measure(perf::INSPECT, perf::INSPECT);
    Some(Rc::new(report))
}

/// Whether an input event is typing (a key, a deletion) rather than a paste, a drop, an undo or
/// a script setting the value (`inputType` is absent on a plain `Event`).
fn is_typing(e: &InputEvent) -> bool {
    let kind = js_sys::Reflect::get(e, &"inputType".into()).ok().and_then(|v| v.as_string());
    kind.is_some_and(|k| k == "insertText" || k == "insertLineBreak" || k.starts_with("delete"))
}

/// The application root.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| PageState { now_ms: now_millis(), ..PageState::default() });
    {
        // The fragment on load, then on every change (a link followed, one typed).
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let go = move || dispatcher.dispatch(Action::Follow(browser::hash()));
            go();
            browser::on_hashchange(go)
        });
    }
    // A link that holds a secret leaves the address bar while the page says so.
    let secret = matches!(state.notice, Some(Notice::Secret(_)));
    use_effect_with((secret, state.followed), |(secret, _)| {
        if *secret {
            browser::drop_fragment();
        }
    });

    // Made again only when the generation changes (new input, a time boundary passed).
    let report =
        use_memo(state.generation, |_| make_report(&state.text, &state.files, state.now_ms));
    {
        // Once a new report is on the page: how long since the input arrived. Then one timeout
        // for the report's next time boundary (a token or certificate expiring), and while
        // typing into a large paste, one for the pause (each keystroke restarts it).
        let now = crate::when::from_unix_millis(state.now_ms);
        let next = report.as_ref().as_ref().and_then(|r| r.next_change(now));
        let dispatcher = state.dispatcher();
        let deps = (state.generation, next, state.pending, state.typed);
        use_effect_with(deps, move |(_, next, pending, _)| {
            if !*pending {
                perf::committed();
            }
            let later = |ms: u32, action: Action| {
                let dispatcher = dispatcher.clone();
                gloo_timers::callback::Timeout::new(ms, move || dispatcher.dispatch(action))
            };
            // Just after the boundary (in whole milliseconds, as the clock reads them: nanoseconds
            // through a float could land on the boundary itself); setTimeout takes at most
            // 2^31 - 1 ms (24.8 days).
            let at_ms = next.map(|at| (at.unix_timestamp_nanos() / 1_000_000) as f64);
            let restamp = at_ms.map(|at| {
                let left = at - now_millis();
                later((left.ceil() + 1.0).clamp(0.0, f64::from(i32::MAX)) as u32, Action::Restamp)
            });
            // Timers do not run while a laptop sleeps, but the clock does: while a boundary is
            // less than an hour away (a token, session credentials), check once a second, and if
            // it is more than a second past (the timeout missed it), re-inspect now.
            let soon = at_ms.filter(|at| at - now_millis() < 3_600_000.0);
            let woke = soon.map(|at| {
                let dispatcher = dispatcher.clone();
                gloo_timers::callback::Interval::new(1000, move || {
                    if now_millis() > at + 1000.0 {
                        dispatcher.dispatch(Action::Restamp);
                    }
                })
            });
            let settle = pending.then(|| later(SETTLE_MS, Action::Settle));
            move || drop((restamp, woke, settle))
        });
    }

    let dispatch_any = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };
    let oninput = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            perf::input();
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            dispatcher.dispatch(if is_typing(&e) {
                Action::Type(text)
            } else {
                Action::SetText(text)
            });
        })
    };
    let text_setter = {
        let dispatcher = state.dispatcher();
        Callback::from(move |value: String| {
            perf::input();
            dispatcher.dispatch(Action::SetText(value))
        })
    };
    let close = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            browser::drop_fragment();
            dispatcher.dispatch(Action::CloseView);
        })
    };
    let onsearch = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dispatcher.dispatch(Action::Search(input.value()));
        })
    };
    let ondismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Dismiss))
    };
    let oncopylink = {
        let dispatcher = state.dispatcher();
        let (text, n_files) = (state.text.clone(), state.files.len());
        Callback::from(move |_: MouseEvent| {
            let outcome = if text.trim().is_empty() {
                Err(String::from(
                    "Paste something first: a link holds the paste box's text (not files).",
                ))
            } else {
                link::share_link(&browser::page_address(), &text).map(|share| {
                    browser::copy(&share.link);
                    let mut removed = share.removed;
                    if n_files > 0 {
                        removed.push(format!("{n_files} file(s): a link holds the paste box only"));
                    }
                    (share.link.len(), removed)
                })
            };
            dispatcher.dispatch(Action::Shared(Shared { text: text.clone(), outcome }));
        })
    };
    let onclear = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Clear))
    };
    let add_files = {
        let dispatcher = state.dispatcher();
        Callback::from(move |list: Option<web_sys::FileList>| {
            if let Some(list) = list {
                read_files(list, dispatcher.clone());
            }
        })
    };
    let onchange = {
        let add_files = add_files.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            add_files.emit(input.files());
            input.set_value("");
        })
    };
    let ondragover = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dispatcher.dispatch(Action::Drag(true));
        })
    };
    let ondragleave = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: DragEvent| dispatcher.dispatch(Action::Drag(false)))
    };
    let ondrop = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dispatcher.dispatch(Action::Drag(false));
            add_files.emit(e.data_transfer().and_then(|dt| dt.files()));
        })
    };

    html! {
        <>
            <header class="top">
                <h1><span class="logo">{ "eks" }</span>{ "plain" }</h1>
                <p class="tagline">{ "Why does EKS say Unauthorized? Paste what you have; it is decoded and checked right here, in your browser. Nothing you paste leaves this page." }</p>
            </header>
            <main>
                if let Some(said) = &state.notice {
                    { notice_view(said, ondismiss) }
                }
                {
                    match &state.view {
                        Link::Explain(query) => catalogue(query.as_deref(), &state.search, onsearch, close),
                        Link::Gen(gen) => gen_view(gen, close),
                        _ => html! {},
                    }
                }
                <div class={if state.dragging { "paste-zone dragging" } else { "paste-zone" }} {ondragover} {ondragleave} {ondrop}>
                    <label for="paste" class="visually-hidden">{ "Paste input" }</label>
                    <textarea id="paste" class="paste" value={state.text.clone()} {oninput}
                        spellcheck="false" autocomplete="off" autocapitalize="off"
                        placeholder={format!("Paste {}. Or drop files here.", crate::report::accepts())} />
                    <div class="paste-actions">
                        <label class="button">
                            { "Open files…" }
                            <input type="file" multiple=true class="visually-hidden" {onchange} />
                        </label>
                        { for state.files.iter().map(|f| html! { <span class="file-chip">{ format!("{} ({} bytes)", f.name, f.data.len()) }</span> }) }
                        <button type="button" onclick={onclear}>{ "Clear" }</button>
                        <button type="button" class="copy-link" onclick={oncopylink}
                            title="Copy a link that opens this page on the paste, with every secret taken out first">
                            { "Copy link" }
                        </button>
                        <span class="examples-label">{ "Examples:" }</span>
                        { for EXAMPLES.iter().map(|(label, text)| {
                            let set = text_setter.clone();
                            let onclick = Callback::from(move |_: MouseEvent| set.emit((*text).to_string()));
                            html! { <button type="button" class="small example" {onclick}>{ *label }</button> }
                        }) }
                    </div>
                    if let Some(shared) = state.shared_now() {
                        { shared_view(shared) }
                    }
                    { for state.failed.iter().map(|(name, why)| html! {
                        <p class="file-error" role="alert">{ format!("Could not read {name}: {why}. Nothing was inspected from it; try again, or paste its text.") }</p>
                    }) }
                </div>
                {
                    match report.as_ref() {
                        Some(report) => html! {
                            <ReportView report={report.clone()} certs={state.certs.clone()} dispatch={dispatch_any.clone()} />
                        },
                        None => html! { <p class="empty" id="results" tabindex="-1">{ "Results appear here as you paste." }</p> },
                    }
                }
            </main>
            <footer>
                <p>{ "eksplain runs entirely in your browser: no server, no analytics, no storage. The same checks run in the " }<code>{ "eksplain" }</code>{ " CLI." }</p>
                <p class="links">
                    <a href="#explain">{ "Findings catalogue" }</a>
                    if !browser::from_file() {
                        { " · " }
                        <a href="eksplain.html" download="eksplain.html">{ "Download for offline use" }</a>
                        { " (one file: open it from disk, no network needed)" }
                    }
                </p>
            </footer>
        </>
    }
}

/// Reads dropped or picked files, asynchronously, at most `FILE_READ_CAP` bytes of each (the
/// rest is never read into memory), then adds them, and any that failed, to the state.
#[cfg(target_arch = "wasm32")]
fn read_files(list: web_sys::FileList, dispatcher: UseReducerDispatcher<PageState>) {
    let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|idx| list.get(idx)).collect();
    wasm_bindgen_futures::spawn_local(async move {
        let mut files = Vec::new();
        let mut failed = Vec::new();
        for file in picked {
            let end = file.size().min(crate::ui::state::FILE_READ_CAP as f64);
            let read = match file.slice_with_f64_and_f64(0.0, end) {
                Ok(head) => wasm_bindgen_futures::JsFuture::from(head.array_buffer()).await,
                Err(err) => Err(err),
            };
            match read {
                Ok(buffer) => {
                    let data = js_sys::Uint8Array::new(&buffer).to_vec();
                    files.push(LoadedFile { name: file.name(), data: Rc::new(data) });
                }
                Err(err) => {
                    let why = js_sys::Error::from(err).message().as_string().unwrap_or_default();
                    let why = if why.is_empty() {
                        String::from("the browser refused to read it")
                    } else {
                        why
                    };
                    failed.push((file.name(), why));
                }
            }
        }
        perf::input();
        dispatcher.dispatch(Action::AddFiles { files, failed });
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn read_files(_list: web_sys::FileList, _dispatcher: UseReducerDispatcher<PageState>) {}

/// The few browser calls the page makes for links; natively (server-side render tests) they do
/// nothing.
#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    /// The fragment, with its `#` (the raw text: it is percent-decoded by `link::parse`).
    pub fn hash() -> String {
        web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
    }

    /// Runs `go` on every `hashchange`; returns the effect's cleanup.
    pub fn on_hashchange(go: impl Fn() + 'static) -> impl FnOnce() {
        let closure = Closure::<dyn Fn()>::new(go);
        let window = web_sys::window();
        if let Some(w) = &window {
            let _ =
                w.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = &window {
                let _ = w.remove_event_listener_with_callback(
                    "hashchange",
                    closure.as_ref().unchecked_ref(),
                );
            }
            drop(closure);
        }
    }

    /// Removes the fragment from the address bar (and this history entry) without reloading.
    pub fn drop_fragment() {
        let Some(window) = web_sys::window() else { return };
        let location = window.location();
        let url = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }

    /// Whether the page was opened from a file (the single-file download).
    pub fn from_file() -> bool {
        web_sys::window().and_then(|w| w.location().protocol().ok()).as_deref() == Some("file:")
    }

    /// This page's address, for links to it; opened from a file, the hosted page's.
    pub fn page_address() -> String {
        match web_sys::window().and_then(|w| w.location().href().ok()) {
            Some(href) if !from_file() => href,
            _ => String::from(crate::link::HOSTED_URL),
        }
    }

    /// Puts `text` into the clipboard.
    pub fn copy(text: &str) {
        if let Some(window) = web_sys::window() {
            let _promise = window.navigator().clipboard().write_text(text);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod browser {
    pub fn hash() -> String {
        String::new()
    }
    pub fn on_hashchange(_go: impl Fn() + 'static) -> impl FnOnce() {
        || {}
    }
    pub fn drop_fragment() {}
    pub fn from_file() -> bool {
        false
    }
    pub fn page_address() -> String {
        String::from(crate::link::HOSTED_URL)
    }
    pub fn copy(_text: &str) {}
}
