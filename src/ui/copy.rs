//! The copy button used on every value, snippet and the whole report.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::Report;

/// What a [`CopyButton`] copies.
#[derive(Clone, PartialEq)]
pub enum CopyValue {
    /// This text.
    Text(String),
    /// The report as JSON, serialized only when the button is pressed (not on every render).
    Report(Rc<Report>),
}

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What to copy.
    pub value: CopyValue,
    /// The button's label.
    pub label: AttrValue,
}

/// Copies `value` to the clipboard and says so.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let copied = use_state(|| false);
    let onclick = {
        let value = props.value.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            match &value {
                CopyValue::Text(text) => copy_to_clipboard(text),
                CopyValue::Report(report) => copy_to_clipboard(&report.to_json()),
            }
            copied.set(true);
        })
    };
    html! {
        <button type="button" class="small copy" {onclick} title="Copy to the clipboard">
            { if *copied { "copied" } else { props.label.as_str() } }
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
