//! The deep-link views: the findings catalogue (`#explain`, `#explain=ID`), browsable and
//! searchable, and the snippets of a `#gen=` link, exactly as `eksplain gen` prints them.
//!
//! Both read the core only: the catalogue's columns (`findings::Id`), `findings::suggest`, and
//! `link::target_text`. Links between entries are plain `#explain=ID` anchors: the page follows
//! them on `hashchange`. They are functions, not components (the search text is the page's
//! state), which keeps the wasm small.

use yew::prelude::*;

use crate::findings::{self, Id};
use crate::link::{self, Gen};
use crate::report::Severity;
use crate::ui::copy::{CopyButton, CopyValue};

/// Whether `id` matches every (lower-case) word, in its id, title or meaning.
fn matches(id: Id, words: &[String]) -> bool {
    words.iter().all(|w| {
        id.as_str().contains(w.as_str())
            || id.title().to_ascii_lowercase().contains(w.as_str())
            || id.meaning().to_ascii_lowercase().contains(w.as_str())
    })
}

fn head(title: String, onclose: Callback<MouseEvent>) -> Html {
    html! {
        <header class="deep-head">
            <h2>{ title }</h2>
            <button type="button" class="small close" onclick={onclose}>{ "Close" }</button>
        </header>
    }
}

fn id_link(id: Id) -> Html {
    html! { <a href={format!("#explain={id}")}><code>{ id.as_str() }</code></a> }
}

/// The catalogue: the entry `query` names in full (title, severity, meaning, fix, the
/// authenticator's message) or the nearest ids to an unknown one, then every entry matching
/// `search`.
pub fn catalogue(
    query: Option<&str>,
    search: &str,
    oninput: Callback<InputEvent>,
    onclose: Callback<MouseEvent>,
) -> Html {
    let query = query.unwrap_or_default();
    let exact = Id::from_name(query);
    let words: Vec<String> = search.split_whitespace().map(str::to_ascii_lowercase).collect();
    let shown: Vec<Id> = findings::ALL.iter().copied().filter(|id| matches(*id, &words)).collect();
    let top = match exact {
        Some(id) => html! {
            <article class={match id.severity() {
                Severity::Error => "finding entry error",
                Severity::Warning => "finding entry warning",
                Severity::Info => "finding entry info",
            }} data-id={id.as_str()}>
                <h3>{ id.title() }</h3>
                <p><span class="sev">{ id.severity().as_str() }</span><code class="id">{ id.as_str() }</code></p>
                <p class="meaning">{ id.meaning() }</p>
                if let Some(fix) = id.fix() {
                    <p class="fix"><strong>{ "Fix: " }</strong>{ fix }</p>
                }
                if let Some(text) = id.authenticator() {
                    <p class="auth"><span>{ "aws-iam-authenticator logs: " }</span><code>{ text }</code></p>
                }
            </article>
        },
        None if query.is_empty() => html! {},
        None => html! {
            <p class="unknown" role="alert">
                { format!("No finding id {query:?}. Nearest:") }
                { for findings::suggest(query, 5).into_iter().map(|id| html! { <>{ " " }{ id_link(id) }</> }) }
            </p>
        },
    };
    html! {
        <section class="card deep catalogue">
            { head(String::from("Findings catalogue"), onclose) }
            { top }
            <label class="opt search">
                <span>{ format!("Search {} findings", findings::ALL.len()) }</span>
                <input type="search" data-opt="search" value={search.to_string()} {oninput}
                    placeholder="e.g. expired, aws-auth, x509" spellcheck="false" autocomplete="off" />
            </label>
            <ul class="catalogue-list">
                { for shown.into_iter().map(|id| html! {
                    <li data-id={id.as_str()}>
                        <span class={match id.severity() {
                            Severity::Error => "sev error",
                            Severity::Warning => "sev warning",
                            Severity::Info => "sev info",
                        }}>{ id.severity().as_str() }</span>
                        { id_link(id) }
                        <span class="title">{ id.title() }</span>
                    </li>
                }) }
            </ul>
        </section>
    }
}

/// A `#gen=` link's snippets: per target, exactly what `eksplain gen` prints for it, with a copy
/// button; the equivalent command on top.
pub fn gen_view(gen: &Gen, onclose: Callback<MouseEvent>) -> Html {
    let parts = gen.targets().into_iter().map(|target| {
        let body = match link::target_text(target, &gen.options) {
            Ok(text) => html! {
                <>
                    <div class="block-head">
                        <span>{ target.title() }</span>
                        <CopyButton value={CopyValue::Text(text.clone())} label="copy" />
                    </div>
                    <pre class="code"><code>{ text }</code></pre>
                </>
            },
            Err(message) => html! { <p class="snippet-error" role="alert">{ message }</p> },
        };
        html! { <div class="snippet block" data-target={target.name()}>{ body }</div> }
    });
    html! {
        <section class="card deep gen">
            { head(format!("Fix-it snippets for {}", gen.options.principal), onclose) }
            <p><code class="command">{ gen.command() }</code></p>
            { for parts }
        </section>
    }
}
