//! Snippets on an assume verdict: the trust policy, ServiceAccount, eksctl and Terraform that let
//! the pod assume the role (IRSA or Pod Identity), with copy buttons.

use yew::prelude::*;

use crate::ui::copy::{CopyButton, CopyValue};
use crate::workload::{generate, WorkloadOptions, WorkloadTarget, WORKLOAD_TARGETS};

/// Props of [`WorkloadSnippets`].
#[derive(Properties, PartialEq)]
pub struct WorkloadSnippetsProps {
    /// IRSA (else Pod Identity).
    pub irsa: bool,
    /// What to generate from.
    pub options: WorkloadOptions,
}

fn is_irsa(target: WorkloadTarget) -> bool {
    matches!(
        target,
        WorkloadTarget::IrsaTrustPolicy
            | WorkloadTarget::ServiceAccount
            | WorkloadTarget::EksctlIamServiceAccount
            | WorkloadTarget::TfIrsaRole
    )
}

/// The snippets for one verdict.
#[component]
pub fn WorkloadSnippets(props: &WorkloadSnippetsProps) -> Html {
    let targets: Vec<(WorkloadTarget, &str)> =
        WORKLOAD_TARGETS.iter().copied().filter(|(t, _)| is_irsa(*t) == props.irsa).collect();
    let chosen = use_state(|| targets.first().map(|(t, _)| *t));
    let Some(target) = *chosen else { return html! {} };
    let text = generate(target, &props.options).unwrap_or_else(|e| format!("# {e}"));
    html! {
        <details class="snippets workload" open=true>
            <summary>{ if props.irsa { "Fix-it snippets (IRSA)" } else { "Fix-it snippets (Pod Identity)" } }</summary>
            <div class="tabs" role="tablist">
                { for targets.iter().map(|(t, name)| {
                    let set = chosen.clone();
                    let t = *t;
                    let onclick = Callback::from(move |_: MouseEvent| set.set(Some(t)));
                    html! {
                        <button type="button" role="tab" class="small" aria-selected={(t == target).to_string()} {onclick}>{ *name }</button>
                    }
                }) }
            </div>
            <pre class="snippet"><code>{ text.clone() }</code></pre>
            <CopyButton value={CopyValue::Text(text)} label="copy" />
        </details>
    }
}
