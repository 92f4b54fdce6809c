//! The page: a paste box (also file drop and picker) and the live report under it; the deep
//! links of the URL fragment (`#explain`, `#gen=`, `#input=`: see `crate::link`), read on load
//! and on every `hashchange`; and the "Copy link" button.
//!
//! The page never writes the input to the URL on its own: "Copy link" puts a link into the
//! clipboard only, with every secret taken out first. When it is opened with a link that holds a
//! secret, it says so and removes the fragment from the address bar.

use std::rc::Rc;

use yew::prelude::*;

use crate::link::{self, Link};
use crate::report::Report;
use crate::ui::explain::{catalogue, gen_view};
use crate::ui::state::{now_millis, Action, LoadedFile, Notice, PageState, Shared};
use crate::ui::ReportView;
use crate::Input;

fn notice_view(notice: &Notice, ondismiss: Callback<MouseEvent>) -> Html {
    let (class, text) = match notice {
        Notice::Opened => (
            "info",
            String::from(
                "Opened from a link: the paste box holds the link's input, checked below.",
            ),
        ),
        Notice::Secret(what) => (
            "error",
            format!(
                "This link holds secrets: {}. Anyone who has the link can use them until they \
                 expire, so the link was removed from the address bar. Treat them as exposed, and \
                 share with \"Copy link\" (or eksplain link), which takes secrets out first.",
                what.join("; ")
            ),
        ),
        Notice::Invalid(why) => ("warning", why.clone()),
    };
    html! {
        <div class={classes!("notice", class)} role={if class == "info" { "status" } else { "alert" }} data-notice={match notice {
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
        <p class={classes!("share-note", shared.outcome.is_err().then_some("error"))} role="status">{ text }</p>
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

/// Whether a report changes as time passes (so the page ticks every second).
fn is_time_sensitive(report: &Report) -> bool {
    report.artefacts.iter().any(|a| a.kind.info().time_sensitive)
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
    Some(Rc::new(crate::inspect(&inputs, crate::when::from_unix_millis(now_ms))))
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

    let report = {
        let deps = (state.text.clone(), state.files.clone(), state.now_secs());
        use_memo(deps, |(text, files, now_secs)| {
            make_report(text, files, *now_secs as f64 * 1000.0)
        })
    };
    let ticking = report.as_ref().as_ref().is_some_and(|r| is_time_sensitive(r));
    {
        let dispatcher = state.dispatcher();
        use_effect_with(ticking, move |ticking| {
            #[cfg(target_arch = "wasm32")]
            let interval = ticking.then(|| {
                gloo_timers::callback::Interval::new(1000, move || {
                    dispatcher.dispatch(Action::Tick)
                })
            });
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (ticking, dispatcher);
            move || {
                #[cfg(target_arch = "wasm32")]
                drop(interval);
            }
        });
    }

    let oninput = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            dispatcher.dispatch(Action::SetText(area.value()));
        })
    };
    let text_setter = {
        let dispatcher = state.dispatcher();
        Callback::from(move |value: String| dispatcher.dispatch(Action::SetText(value)))
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
                <div class={classes!("paste-zone", state.dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
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
                        Some(report) => html! { <ReportView report={report.clone()} /> },
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
