//! The page: a paste box (also file drop and picker) and the live report under it.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::Report;
use crate::ui::state::{now_millis, Action, LoadedFile, PageState};
use crate::ui::ReportView;
use crate::Input;

/// Examples a newcomer can load with one click (made by the real AWS CLI and openssl; fake keys).
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
                        <span class="examples-label">{ "Examples:" }</span>
                        { for EXAMPLES.iter().map(|(label, text)| {
                            let set = text_setter.clone();
                            let onclick = Callback::from(move |_: MouseEvent| set.emit((*text).to_string()));
                            html! { <button type="button" class="small example" {onclick}>{ *label }</button> }
                        }) }
                    </div>
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
