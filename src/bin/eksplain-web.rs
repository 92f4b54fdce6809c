//! The browser entry point built by Trunk: install the panic hook, take over the static page
//! shell, mount the app.
//!
//! index.html already holds the app's first render as static HTML (a test keeps it equal), so the
//! paste box is on screen and accepts input before this wasm has loaded. Whatever was typed or
//! pasted into it by then is carried over: read here, before Yew empties the element, and handed
//! to the app's paste box once it has rendered, as a paste, with the focus and caret where they
//! were. Then `<html data-app="ready">` says the app is live.

use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlTextAreaElement};

/// The static paste box's text, whether it had the focus, and its selection.
struct Typed {
    text: String,
    focused: bool,
    selection: Option<(u32, u32)>,
}

fn paste_box(document: &Document) -> Option<HtmlTextAreaElement> {
    document.get_element_by_id("paste")?.dyn_into::<HtmlTextAreaElement>().ok()
}

fn read_shell(document: &Document) -> Option<Typed> {
    let area = paste_box(document)?;
    let focused = document.active_element().is_some_and(|active| {
        let area: &web_sys::Node = area.as_ref();
        area.is_same_node(Some(active.as_ref()))
    });
    let selection = match (area.selection_start(), area.selection_end()) {
        (Ok(Some(start)), Ok(Some(end))) => Some((start, end)),
        _ => None,
    };
    Some(Typed { text: area.value(), focused, selection })
}

/// Runs once the app has rendered: gives it what was typed into the shell, as if pasted.
fn hand_over(document: &Document, typed: Option<Typed>) {
    if let (Some(typed), Some(area)) = (typed, paste_box(document)) {
        if !typed.text.is_empty() {
            area.set_value(&typed.text);
            let init = web_sys::InputEventInit::new();
            init.set_bubbles(true);
            init.set_input_type("insertFromPaste");
            if let Ok(event) = web_sys::InputEvent::new_with_event_init_dict("input", &init) {
                let _ = area.dispatch_event(&event);
            }
        }
        if typed.focused {
            let _ = area.focus();
            if let Some((start, end)) = typed.selection {
                let _ = area.set_selection_range(start, end);
            }
        }
    }
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("data-app", "ready");
    }
}

fn main() {
    eksplain::ui::install_panic_hook();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        yew::Renderer::<eksplain::ui::App>::new().render();
        return;
    };
    let typed = read_shell(&document);
    // Mounted in its own element: Yew empties the element it mounts in (here, the static shell),
    // and the page's skip link, live region and panic banner (index.html) must stay.
    match document.get_element_by_id("app") {
        Some(root) => yew::Renderer::<eksplain::ui::App>::with_root(root).render(),
        None => yew::Renderer::<eksplain::ui::App>::new().render(),
    };
    // Yew renders in a task it has just queued; this one is queued after it, so it runs once the
    // app's paste box exists (and before the browser paints: no flash of an empty box).
    let idle = typed.as_ref().is_none_or(|t| t.text.is_empty());
    wasm_bindgen_futures::spawn_local(async move { hand_over(&document, typed) });
    if idle {
        // Nothing to inspect yet: warm the checks up while the reader is still looking.
        gloo_timers::callback::Timeout::new(100, eksplain::ui::warm_up).forget();
    }
}
