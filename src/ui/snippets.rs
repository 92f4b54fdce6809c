//! The fix-it snippets panel: choose username, groups, policy, scope, cluster and region; every
//! snippet updates live and has a copy button. Formats and their variants are tabs (arrow keys
//! move between them), the same variants `eksplain gen --variant` prints.

use std::sync::atomic::{AtomicUsize, Ordering};

use yew::prelude::*;

use crate::generate::{self, Block, Options, Target, POLICIES, TARGETS};
use crate::ui::copy::{CopyButton, CopyValue};

/// Props of [`Snippets`].
#[derive(Properties, PartialEq)]
pub struct SnippetsProps {
    /// The identity's ARN.
    pub principal: AttrValue,
    /// Whether the panel starts open.
    #[prop_or_default]
    pub open: bool,
    /// Initial username (from an existing mapping).
    #[prop_or_default]
    pub username: Option<AttrValue>,
    /// Initial groups, comma separated (from an existing mapping).
    #[prop_or_default]
    pub groups: Option<AttrValue>,
    /// Initial cluster name (the fix's, else the report's).
    #[prop_or_default]
    pub cluster: Option<AttrValue>,
    /// Initial region (the fix's, else the report's).
    #[prop_or_default]
    pub region: Option<AttrValue>,
    /// The format shown first.
    #[prop_or(Target::AwsAuth)]
    pub target: Target,
    /// The pasted aws-auth ConfigMap: the aws-auth format then offers it with the fix merged in.
    #[prop_or_default]
    pub aws_auth: Option<AttrValue>,
    /// The panel's heading.
    #[prop_or(AttrValue::from("Fix-it snippets for this identity"))]
    pub summary: AttrValue,
}

fn split_list(text: &str) -> Vec<String> {
    text.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// A page-unique prefix for the ids tabs and panels refer to.
fn next_uid() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn text_input(
    label: &'static str,
    key: &'static str,
    value: &str,
    placeholder: &'static str,
    state: UseStateHandle<String>,
) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        state.set(input.value());
    });
    html! {
        <label class="opt">
            <span>{ label }</span>
            <input type="text" data-opt={key} value={value.to_string()} {placeholder} {oninput} spellcheck="false" autocomplete="off" />
        </label>
    }
}

/// Snippets for one identity.
#[component]
pub fn Snippets(props: &SnippetsProps) -> Html {
    let text = |v: &Option<AttrValue>| v.as_ref().map(|u| u.to_string());
    let username = use_state(|| text(&props.username).unwrap_or_default());
    let groups =
        use_state(|| text(&props.groups).unwrap_or_else(|| String::from("system:masters")));
    let policy = use_state(|| String::from("AmazonEKSClusterAdminPolicy"));
    let namespaces = use_state(String::new);
    let cluster = use_state(|| text(&props.cluster).unwrap_or_default());
    let region = use_state(|| text(&props.region).unwrap_or_default());
    let target = use_state(|| props.target);
    let variant = use_state(|| None::<&'static str>);
    let uid = *use_state(next_uid);

    let options = Options {
        principal: props.principal.to_string(),
        username: Some((*username).clone()).filter(|u| !u.trim().is_empty()),
        groups: split_list(&groups),
        policy: Some((*policy).clone()),
        namespaces: split_list(&namespaces),
        cluster: Some((*cluster).clone()),
        region: Some((*region).clone()),
        aws_auth: text(&props.aws_auth),
    };
    let onpolicy = {
        let policy = policy.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            policy.set(select.value());
        })
    };
    let target_idx = TARGETS.iter().position(|t| *t == *target).unwrap_or(0);
    let on_target = {
        let (target, variant) = (target.clone(), variant.clone());
        Callback::from(move |idx: usize| {
            if let Some(t) = TARGETS.get(idx) {
                target.set(*t);
                variant.set(None);
            }
        })
    };
    let body = match generate::generate(*target, &options) {
        Ok(snippet) => {
            let names: Vec<&'static str> = snippet.blocks.iter().map(|b| b.variant).collect();
            let selected = variant.and_then(|v| names.iter().position(|n| *n == v)).unwrap_or(0);
            let on_variant = {
                let variant = variant.clone();
                let names = names.clone();
                Callback::from(move |idx: usize| variant.set(names.get(idx).copied()))
            };
            let items: Vec<(&'static str, String)> =
                snippet.blocks.iter().map(|b| (b.variant, b.label.clone())).collect();
            let block = snippet.blocks.get(selected);
            html! {
                <div class="snippet" data-target={snippet.target.name()}>
                    <h3>{ snippet.target.title() }</h3>
                    if items.len() > 1 {
                        { tabs(&format!("s{uid}v"), "Variant", &items, selected, &on_variant) }
                    }
                    <div role={(names.len() > 1).then_some("tabpanel")} id={format!("s{uid}v-panel")}
                        aria-labelledby={(names.len() > 1).then(|| format!("s{uid}v-{selected}"))}>
                        { block.map(block_view).unwrap_or_default() }
                    </div>
                    if !snippet.notes.is_empty() {
                        <ul class="notes">{ for snippet.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                    }
                </div>
            }
        }
        Err(message) => html! { <p class="snippet-error">{ message }</p> },
    };
    let formats: Vec<(&'static str, String)> =
        TARGETS.iter().map(|t| (t.name(), t.name().to_string())).collect();
    html! {
        <details class="snippets" open={props.open}>
            <summary>{ props.summary.clone() }</summary>
            <div class="opts">
                { text_input("Username", "username", &username, "default: per principal type", username.clone()) }
                { text_input("Groups (aws-auth)", "groups", &groups, "system:masters", groups.clone()) }
                <label class="opt">
                    <span>{ "Access policy" }</span>
                    <select data-opt="policy" onchange={onpolicy}>
                        { for POLICIES.iter().map(|p| html! { <option value={*p} selected={*p == policy.as_str()}>{ *p }</option> }) }
                    </select>
                </label>
                { text_input("Namespaces (empty: whole cluster)", "namespaces", &namespaces, "e.g. apps, dev-*", namespaces.clone()) }
                { text_input("Cluster", "cluster", &cluster, "cluster name", cluster.clone()) }
                { text_input("Region", "region", &region, "e.g. us-west-2", region.clone()) }
            </div>
            { tabs(&format!("s{uid}t"), "Snippet format", &formats, target_idx, &on_target) }
            <div role="tabpanel" id={format!("s{uid}t-panel")} aria-labelledby={format!("s{uid}t-{target_idx}")}>
                { body }
            </div>
        </details>
    }
}

/// One variant: its label, a copy button, the text, its notes and the commands around it.
fn block_view(block: &Block) -> Html {
    html! {
        <div class="block" data-variant={block.variant}>
            <div class="block-head">
                <span>{ block.label.clone() }</span>
                <CopyButton value={CopyValue::Text(block.text.clone())} label="copy" name={AttrValue::from(block.label.clone())} />
            </div>
            <pre class={format!("code {}", block.language)} tabindex="0"><code>{ block.text.clone() }</code></pre>
            if !block.notes.is_empty() {
                <ul class="notes">{ for block.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
            }
            if !block.steps.is_empty() {
                <ol class="steps">
                    { for block.steps.iter().map(|s| html! {
                        <li>
                            <span>{ s.label.clone() }</span>
                            <div class="step"><code>{ s.command.clone() }</code>
                            <CopyButton value={CopyValue::Text(s.command.clone())} label="copy" name={AttrValue::from(s.command.clone())} /></div>
                        </li>
                    }) }
                </ol>
            }
        </div>
    }
}

/// A row of tabs (the ARIA tabs pattern): one tab stop, arrow keys, Home and End move and
/// select. `id` prefixes the tabs' ids; the panel is `{id}-panel`.
fn tabs(
    id: &str,
    label: &'static str,
    items: &[(&'static str, String)],
    selected: usize,
    onselect: &Callback<usize>,
) -> Html {
    let n = items.len();
    html! {
        <div class="tabs" role="tablist" aria-label={label}>
            { for items.iter().enumerate().map(|(idx, (key, text))| {
                let on = idx == selected;
                let onclick = onselect.reform(move |_: MouseEvent| idx);
                let onkeydown = {
                    let onselect = onselect.clone();
                    Callback::from(move |e: KeyboardEvent| {
                        let next = match e.key().as_str() {
                            "ArrowRight" | "ArrowDown" => (idx + 1) % n,
                            "ArrowLeft" | "ArrowUp" => (idx + n - 1) % n,
                            "Home" => 0,
                            "End" => n - 1,
                            _ => return,
                        };
                        e.prevent_default();
                        focus_sibling(&e, next);
                        onselect.emit(next);
                    })
                };
                html! {
                    <button type="button" role="tab" id={format!("{id}-{idx}")} class="tab"
                        aria-selected={on.to_string()} aria-controls={format!("{id}-panel")}
                        tabindex={if on { "0" } else { "-1" }} data-target={*key} {onclick} {onkeydown}>
                        { text.clone() }
                    </button>
                }
            }) }
        </div>
    }
}

/// Moves focus to the `idx`-th tab of the list the event's tab is in.
#[cfg(target_arch = "wasm32")]
fn focus_sibling(e: &KeyboardEvent, idx: usize) {
    use wasm_bindgen::JsCast;
    let Some(list) = e.target_dyn_into::<web_sys::Element>().and_then(|t| t.parent_element())
    else {
        return;
    };
    let mut tab = list.first_element_child();
    for _ in 0..idx {
        tab = tab.and_then(|t| t.next_element_sibling());
    }
    if let Some(tab) = tab.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = tab.focus();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn focus_sibling(_e: &KeyboardEvent, _idx: usize) {}

/// Props of [`MappingSnippets`].
#[derive(Properties, PartialEq)]
pub struct MappingSnippetsProps {
    /// The mappings: (ARN, username, groups comma separated).
    pub mappings: Vec<(AttrValue, AttrValue, AttrValue)>,
    /// The report's cluster name, if known.
    #[prop_or_default]
    pub cluster: Option<AttrValue>,
    /// The report's region, if known.
    #[prop_or_default]
    pub region: Option<AttrValue>,
}

/// Snippets for one chosen aws-auth mapping: to move it to an access entry, or to Terraform.
#[component]
pub fn MappingSnippets(props: &MappingSnippetsProps) -> Html {
    let selected = use_state(|| 0usize);
    let onchange = {
        let selected = selected.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            selected.set(select.value().parse().unwrap_or(0));
        })
    };
    let Some((arn, username, groups)) =
        props.mappings.get(*selected).or_else(|| props.mappings.first())
    else {
        return html! {};
    };
    html! {
        <div class="mapping-snippets">
            <label class="opt">
                <span>{ "Mapping" }</span>
                <select data-opt="mapping" {onchange}>
                    { for props.mappings.iter().enumerate().map(|(idx, (arn, _, _))| html! {
                        <option value={idx.to_string()} selected={idx == *selected}>{ arn.clone() }</option>
                    }) }
                </select>
            </label>
            <Snippets key={arn.to_string()} principal={arn.clone()}
                username={Some(username.clone())} groups={Some(groups.clone())}
                cluster={props.cluster.clone()} region={props.region.clone()}
                summary="Snippets for this mapping (for example, to move it to an access entry)" />
        </div>
    }
}
