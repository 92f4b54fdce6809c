//! The fix-it snippets panel shown on identity cards: choose username, groups, policy, scope,
//! cluster and region; every snippet updates live and has a copy button.

use yew::prelude::*;

use crate::generate::{self, Options, Target, POLICIES, TARGETS};
use crate::ui::copy::{CopyButton, CopyValue};
use crate::ui::report_view::ClusterContext;

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
    /// The panel's heading.
    #[prop_or(AttrValue::from("Fix-it snippets for this identity"))]
    pub summary: AttrValue,
}

fn split_list(text: &str) -> Vec<String> {
    text.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
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
    let username = use_state(|| props.username.as_ref().map(|u| u.to_string()).unwrap_or_default());
    let groups = use_state(|| {
        props.groups.as_ref().map_or_else(|| String::from("system:masters"), |g| g.to_string())
    });
    let policy = use_state(|| String::from("AmazonEKSClusterAdminPolicy"));
    let namespaces = use_state(String::new);
    let known = use_context::<ClusterContext>().unwrap_or_default();
    let cluster = use_state(|| known.name.as_ref().map(|c| c.to_string()).unwrap_or_default());
    let region = use_state(|| known.region.as_ref().map(|r| r.to_string()).unwrap_or_default());
    let target = use_state(|| Target::AwsAuth);

    let options = Options {
        principal: props.principal.to_string(),
        username: Some((*username).clone()).filter(|u| !u.trim().is_empty()),
        groups: split_list(&groups),
        policy: Some((*policy).clone()),
        namespaces: split_list(&namespaces),
        cluster: Some((*cluster).clone()),
        region: Some((*region).clone()),
        aws_auth: None,
    };
    let onpolicy = {
        let policy = policy.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            policy.set(select.value());
        })
    };
    let tabs = TARGETS.iter().map(|t| {
        let onclick = {
            let target = target.clone();
            let t = *t;
            Callback::from(move |_: MouseEvent| target.set(t))
        };
        let selected = *target == *t;
        html! {
            <button type="button" class={classes!("tab", selected.then_some("selected"))} aria-pressed={selected.to_string()} data-target={t.name()} {onclick}>
                { t.name() }
            </button>
        }
    });
    let body = match generate::generate(*target, &options) {
        Ok(snippet) => html! {
            <div class="snippet" data-target={snippet.target.name()}>
                <h3>{ snippet.target.title() }</h3>
                { for snippet.blocks.iter().map(|block| html! {
                    <div class="block">
                        <div class="block-head">
                            <span>{ block.label.clone() }</span>
                            <CopyButton value={CopyValue::Text(block.text.clone())} label="copy" />
                        </div>
                        <pre class={classes!("code", block.language)}><code>{ block.text.clone() }</code></pre>
                    </div>
                }) }
                if !snippet.notes.is_empty() {
                    <ul class="notes">{ for snippet.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                }
            </div>
        },
        Err(message) => html! { <p class="snippet-error">{ message }</p> },
    };
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
            <div class="tabs" role="group" aria-label="Snippet format">{ for tabs }</div>
            { body }
        </details>
    }
}

/// Props of [`MappingSnippets`].
#[derive(Properties, PartialEq)]
pub struct MappingSnippetsProps {
    /// The mappings: (ARN, username, groups comma separated).
    pub mappings: Vec<(AttrValue, AttrValue, AttrValue)>,
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
                summary="Snippets for this mapping (for example, to move it to an access entry)" />
        </div>
    }
}
