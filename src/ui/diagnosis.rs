//! The diagnosis card: the likely causes, ranked, shown before everything else. A function, not a
//! component: it has no state, and is drawn only with a new report (smaller wasm).

use yew::prelude::*;

use crate::diagnosis::Diagnosis;

/// The ranked causes, what is ruled out, and what to paste next.
pub fn diagnosis_card(d: &Diagnosis) -> Html {
    let heading = match d.symptom {
        Some(symptom) => format!("Diagnosis: {}", symptom.title()),
        None => String::from("Diagnosis"),
    };
    let class = if d.causes.is_empty() { "card diagnosis warn" } else { "card diagnosis bad" };
    html! {
        <section {class} data-kind="diagnosis" aria-label="Diagnosis">
            <header><h2>{ heading }</h2></header>
            if d.causes.is_empty() {
                <p>{ if d.symptom.is_some() {
                    "Nothing else pasted explains it further yet (its meaning and fix are in its card below)."
                } else {
                    "No cause found in what was pasted yet."
                } }</p>
            } else {
                <ol class="causes">
                    { for d.causes.iter().map(|c| html! {
                        <li data-id={c.id.as_str()}>
                            <strong>{ c.title }</strong>{ " " }<code class="id">{ c.id.as_str() }</code>
                            <p class="message">{ c.evidence.clone() }</p>
                            <p class="where">{ c.source.clone() }</p>
                        </li>
                    }) }
                </ol>
            }
            if !d.ruled_out.is_empty() {
                <h3>{ "Ruled out" }</h3>
                <ul>{ for d.ruled_out.iter().map(|r| html! { <li>{ r.clone() }</li> }) }</ul>
            }
            if !d.paste_next.is_empty() {
                <h3>{ "Paste next" }</h3>
                <ul>{ for d.paste_next.iter().map(|r| html! { <li>{ r.clone() }</li> }) }</ul>
            }
        </section>
    }
}
