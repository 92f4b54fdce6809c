//! The copy button used on every value, snippet and the whole report.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::Report;

/// What a [`CopyButton`] copies.
#[derive(Clone)]
pub enum CopyValue {
    /// This text.
    Text(String),
    /// The report as JSON with every secret replaced by a marker (`redact`), serialized only
    /// when the button is pressed (not on every render). The default: this is what gets pasted
    /// into tickets and chat.
    Report(Rc<Report>),
    /// The report as JSON, secrets included: only on an explicit choice.
    ReportWithSecrets(Rc<Report>),
}

impl PartialEq for CopyValue {
    /// The same text, or the same report (by identity: a new paste is a new report).
    fn eq(&self, other: &CopyValue) -> bool {
        match (self, other) {
            (CopyValue::Text(a), CopyValue::Text(b)) => a == b,
            (CopyValue::Report(a), CopyValue::Report(b))
            | (CopyValue::ReportWithSecrets(a), CopyValue::ReportWithSecrets(b)) => {
                Rc::ptr_eq(a, b)
            }
            _ => false,
        }
    }
}

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What to copy.
    pub value: CopyValue,
    /// The button's visible label.
    pub label: AttrValue,
    /// What it copies, for its accessible name ("copy Subject"); the label alone if absent.
    #[prop_or_default]
    pub name: Option<AttrValue>,
}

/// Copies `value` to the clipboard and says so, on this button only and only while it still
/// shows the value that was copied (a new paste resets it).
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let copied = use_state(|| None::<CopyValue>);
    let onclick = {
        let value = props.value.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            match &value {
                CopyValue::Text(text) => copy_to_clipboard(text),
                CopyValue::Report(report) => {
                    copy_to_clipboard(&crate::redact::redact(report).to_json())
                }
                CopyValue::ReportWithSecrets(report) => copy_to_clipboard(&report.to_json()),
            }
            copied.set(Some(value.clone()));
        })
    };
    let done = copied.as_ref() == Some(&props.value);
    let shown = if done { "copied" } else { props.label.as_str() };
    let name = props.name.as_ref().map(|what| format!("{shown} {what}"));
    html! {
        <button type="button" class={if done { "small copy done" } else { "small copy" }} {onclick} aria-label={name}>
            { shown }
        </button>
    }
}

#[cfg(target_arch = "wasm32")]
fn copy_to_clipboard(value: &str) {
    if let Some(window) = web_sys::window() {
        let _promise = window.navigator().clipboard().write_text(value);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn copy_to_clipboard(_value: &str) {}
