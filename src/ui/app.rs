//! The page: a paste box (also file drop and picker) and the live report under it.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::{Kind, Report};
use crate::ui::ReportView;
use crate::Input;

/// A file the user dropped or picked.
#[derive(Clone, PartialEq)]
struct LoadedFile {
    name: String,
    data: Rc<Vec<u8>>,
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

/// Milliseconds since the epoch, from the browser's clock (the shell reads the clock, not the core).
fn now_millis() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Whether a report changes as time passes (so the page ticks every second).
fn is_time_sensitive(report: &Report) -> bool {
    report.artefacts.iter().any(|a| {
        matches!(a.kind, Kind::EksToken | Kind::ExecCredential | Kind::StsPresignedUrl | Kind::Jwt)
    })
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
    let text = use_state(String::new);
    let files = use_state(Vec::<LoadedFile>::new);
    let now_ms = use_state(now_millis);
    let dragging = use_state(|| false);

    let report = {
        let deps = ((*text).clone(), (*files).clone(), (*now_ms / 1000.0).floor());
        use_memo(deps, |(text, files, now_secs)| make_report(text, files, now_secs * 1000.0))
    };
    let ticking = report.as_ref().as_ref().is_some_and(|r| is_time_sensitive(r));
    {
        let now_ms = now_ms.clone();
        use_effect_with(ticking, move |ticking| {
            #[cfg(target_arch = "wasm32")]
            let interval = ticking.then(|| {
                gloo_timers::callback::Interval::new(1000, move || now_ms.set(now_millis()))
            });
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (ticking, now_ms);
            move || {
                #[cfg(target_arch = "wasm32")]
                drop(interval);
            }
        });
    }

    let oninput = {
        let text = text.clone();
        let now_ms = now_ms.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            now_ms.set(now_millis());
            text.set(area.value());
        })
    };
    let text_setter = {
        let text = text.clone();
        let now_ms = now_ms.clone();
        Callback::from(move |value: String| {
            now_ms.set(now_millis());
            text.set(value);
        })
    };
    let onclear = {
        let text = text.clone();
        let files = files.clone();
        Callback::from(move |_: MouseEvent| {
            text.set(String::new());
            files.set(Vec::new());
        })
    };
    let add_files = {
        let files = files.clone();
        let now_ms = now_ms.clone();
        Callback::from(move |list: Option<web_sys::FileList>| {
            if let Some(list) = list {
                read_files(list, files.clone(), now_ms.clone());
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
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
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
                <div class={classes!("paste-zone", (*dragging).then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
                    <label for="paste" class="visually-hidden">{ "Paste input" }</label>
                    <textarea id="paste" class="paste" value={(*text).clone()} {oninput}
                        spellcheck="false" autocomplete="off" autocapitalize="off"
                        placeholder="Paste a k8s-aws-v1. token, aws eks get-token output, a presigned STS URL, certificate-authority-data, a PEM certificate, a kubeconfig, the aws-auth ConfigMap, aws sts get-caller-identity output, an ARN or an access key ID. Or drop files here." />
                    <div class="paste-actions">
                        <label class="button">
                            { "Open files…" }
                            <input type="file" multiple=true class="visually-hidden" {onchange} />
                        </label>
                        { for files.iter().map(|f| html! { <span class="file-chip">{ format!("{} ({} bytes)", f.name, f.data.len()) }</span> }) }
                        <button type="button" onclick={onclear}>{ "Clear" }</button>
                        <span class="examples-label">{ "Examples:" }</span>
                        { for EXAMPLES.iter().map(|(label, text)| {
                            let set = text_setter.clone();
                            let onclick = Callback::from(move |_: MouseEvent| set.emit((*text).to_string()));
                            html! { <button type="button" class="small example" {onclick}>{ *label }</button> }
                        }) }
                    </div>
                </div>
                {
                    match report.as_ref() {
                        Some(report) => html! { <ReportView report={report.clone()} /> },
                        None => html! { <p class="empty">{ "Results appear here as you paste." }</p> },
                    }
                }
            </main>
            <footer>
                <p>{ "eksplain runs entirely in your browser: no server, no analytics, no storage. The same checks run in the " }<code>{ "eksplain" }</code>{ " CLI." }</p>
            </footer>
        </>
    }
}

/// Reads dropped or picked files into state, asynchronously.
#[cfg(target_arch = "wasm32")]
fn read_files(
    list: web_sys::FileList,
    files: UseStateHandle<Vec<LoadedFile>>,
    now_ms: UseStateHandle<f64>,
) {
    let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|idx| list.get(idx)).collect();
    wasm_bindgen_futures::spawn_local(async move {
        let mut loaded = (*files).clone();
        for file in picked {
            let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            if let Ok(buffer) = buffer {
                let data = js_sys::Uint8Array::new(&buffer).to_vec();
                loaded.push(LoadedFile { name: file.name(), data: Rc::new(data) });
            }
        }
        now_ms.set(now_millis());
        files.set(loaded);
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn read_files(
    _list: web_sys::FileList,
    _files: UseStateHandle<Vec<LoadedFile>>,
    _now_ms: UseStateHandle<f64>,
) {
}
