//! The web user interface (Yew function components). It owns presentation only: every decoded
//! value comes from the core's [`Report`](crate::Report), and every string reaches the DOM as
//! escaped text.
//!
//! Nothing here writes the input anywhere but the page: no URL, cookie or storage. The one
//! exception is asked for: "Copy link" puts a link holding the paste, secrets taken out, into the
//! clipboard (never into the address bar).

mod app;
mod certs;
mod copy;
mod diagnosis;
mod explain;
pub mod perf;
mod report_view;
mod snippets;
pub mod state;
mod workload;

pub use app::{warm_up, App};
pub use copy::{CopyButton, CopyButtonProps, CopyValue};
pub use diagnosis::diagnosis_card;
pub use explain::{catalogue, gen_view};
pub use report_view::{artefact_card, ReportView, ReportViewProps};
pub use snippets::{MappingSnippets, MappingSnippetsProps, Snippets, SnippetsProps};
pub use workload::{WorkloadSnippets, WorkloadSnippetsProps};

/// Shows a readable error on the page (and in the console) instead of a dead page if anything
/// panics.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("eksplain hit an internal error and stopped: {info}");
        #[cfg(target_arch = "wasm32")]
        {
            web_sys::console::error_1(&message.as_str().into());
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("panic"))
            {
                el.set_text_content(Some(&format!("{message}. Reload the page; please report this with the kind of input (never the input itself).")));
                let _ = el.remove_attribute("hidden");
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = message;
    }));
}
