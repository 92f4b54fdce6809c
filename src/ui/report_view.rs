//! Rendering a report: one card per artefact, findings with their severity, copy buttons.

use std::rc::Rc;

use yew::prelude::*;

use crate::facts::Fact;
use crate::report::{Artefact, Field, Finding, Kind, Report, Severity};
use crate::ui::copy::{CopyButton, CopyValue};
use crate::ui::{DiagnosisCard, MappingSnippets, Snippets, WorkloadSnippets};

/// The cluster the report is about, for every snippets panel under it (a context, not a prop
/// threaded through each card).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ClusterContext {
    /// The cluster's name, when the paste told.
    pub name: Option<AttrValue>,
    /// The cluster's region, when the paste told.
    pub region: Option<AttrValue>,
}

/// Props of [`ReportView`].
#[derive(Properties, PartialEq)]
pub struct ReportViewProps {
    /// The report to show.
    pub report: Rc<Report>,
}

/// The whole report: input-level findings, then the artefact cards.
#[component]
pub fn ReportView(props: &ReportViewProps) -> Html {
    let report = &props.report;
    let n_errors = report.all_findings().filter(|f| f.severity == Severity::Error).count();
    let n_warnings = report.all_findings().filter(|f| f.severity == Severity::Warning).count();
    let cluster = ClusterContext {
        name: report.cluster.as_ref().and_then(|c| c.name.clone()).map(AttrValue::from),
        region: report.cluster.as_ref().and_then(|c| c.region.clone()).map(AttrValue::from),
    };
    // Said once per new result (not on every tick of a countdown): the page's live region.
    let first = match report.diagnosis.as_ref().and_then(|d| d.causes.first()) {
        Some(cause) => Some(cause.title.to_string()),
        None => report
            .display_order()
            .first()
            .and_then(|i| report.artefacts.get(*i))
            .map(|a| a.title.clone()),
    };
    let said = format!(
        "{} found, {n_errors} error(s), {n_warnings} warning(s){}",
        report.artefacts.len(),
        first.map(|t| format!(". First: {t}")).unwrap_or_default()
    );
    use_effect_with(said, |said| {
        announce(said);
        || announce("")
    });
    let owners = snippet_owners(report);
    html! {
        <ContextProvider<ClusterContext> context={cluster}>
        <section class="report" id="results" tabindex="-1" aria-label="Results">
            <div class="summary">
                <span class="count">{ format!("{} found", report.artefacts.len()) }</span>
                <span class={classes!("pill", "error", (n_errors == 0).then_some("zero"))}>{ format!("{n_errors} error(s)") }</span>
                <span class={classes!("pill", "warning", (n_warnings == 0).then_some("zero"))}>{ format!("{n_warnings} warning(s)") }</span>
                <CopyButton value={CopyValue::Report(report.clone())} label="Copy report as JSON" />
                if report.artefacts.iter().any(|a| a.fields.iter().any(|f| f.secret)) {
                    <CopyButton value={CopyValue::ReportWithSecrets(report.clone())} label="Copy with secrets" />
                }
            </div>
            if let Some(diagnosis) = &report.diagnosis {
                <DiagnosisCard diagnosis={diagnosis.clone()} />
            }
            if !report.findings.is_empty() {
                <div class="card input-findings">
                    <FindingList findings={report.findings.clone()} />
                </div>
            }
            // Verdicts and explained error messages answer the user's question: they come first.
            { for report.display_order().into_iter().filter_map(|idx| report.artefacts.get(idx).map(|art| (idx, art))).map(|(idx, art)| html! {
                <ArtefactCard key={idx} artefact={art.clone()} snippets={owners.get(idx).copied().unwrap_or(false)} />
            }) }
        </section>
        </ContextProvider<ClusterContext>>
    }
}

/// Puts `text` in the page's live region (`#status` in index.html), which screen readers say.
#[cfg(target_arch = "wasm32")]
fn announce(text: &str) {
    if let Some(el) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("status"))
    {
        el.set_text_content(Some(text));
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn announce(_text: &str) {}

/// Which cards carry their identity's snippets panel: one per identity. A finding with a fix
/// (a verdict's `access.not-mapped`) holds it; else the first card of that identity, verdicts
/// first.
fn snippet_owners(report: &Report) -> Vec<bool> {
    let mut owners = vec![false; report.artefacts.len()];
    let mut claimed: Vec<String> = Vec::new();
    let key = |arn: &str| {
        crate::arn::identity_of(arn)
            .map_or_else(|| arn.to_ascii_lowercase(), |(_, id)| id.canonical.to_ascii_lowercase())
    };
    for art in &report.artefacts {
        for finding in &art.findings {
            if let Some(spec) = &finding.generate {
                claimed.push(key(&spec.principal));
            }
        }
    }
    for idx in report.display_order() {
        let Some(principal) = report.artefacts.get(idx).and_then(snippet_principal) else {
            continue;
        };
        let key = key(&principal);
        if !claimed.contains(&key) {
            claimed.push(key);
            if let Some(owner) = owners.get_mut(idx) {
                *owner = true;
            }
        }
    }
    owners
}

/// An aws-auth card's mappings that snippets can be made for: (ARN, username, groups).
fn mappings(art: &Artefact) -> Vec<(AttrValue, AttrValue, AttrValue)> {
    let auths = art.facts.iter().filter_map(|f| match f {
        Fact::AwsAuth(auth) => Some(auth),
        _ => None,
    });
    auths
        .flat_map(|auth| auth.roles.iter().chain(auth.users.iter()))
        .filter(|m| crate::generate::check_principal(&m.arn).is_ok())
        .map(|m| {
            (
                AttrValue::from(m.arn.clone()),
                AttrValue::from(m.username.clone()),
                AttrValue::from(m.groups.join(", ")),
            )
        })
        .collect()
}

/// The identity a card can generate snippets for.
fn snippet_principal(art: &Artefact) -> Option<AttrValue> {
    let arn = art.facts.iter().find_map(|f| match f {
        Fact::Identity { arn, .. } => Some(arn),
        _ => None,
    })?;
    crate::generate::check_principal(arn).ok().map(|_| AttrValue::from(arn.clone()))
}

/// Props of [`ArtefactCard`].
#[derive(Properties, PartialEq)]
pub struct ArtefactCardProps {
    /// The artefact to show.
    pub artefact: Artefact,
    /// Whether it shows its identity's snippets panel (one card per identity does).
    #[prop_or(true)]
    pub snippets: bool,
}

/// One artefact: title, kind, fields and findings.
#[component]
pub fn ArtefactCard(props: &ArtefactCardProps) -> Html {
    let art = &props.artefact;
    let status = if art.has_errors() {
        "bad"
    } else if art.findings.iter().any(|f| f.severity == Severity::Warning) {
        "warn"
    } else {
        "ok"
    };
    let art_mappings = if art.kind == Kind::AwsAuth { mappings(art) } else { Vec::new() };
    let location = match &art.source.name {
        Some(name) => format!("{name}, line {}", art.source.line),
        None => format!("line {}", art.source.line),
    };
    html! {
        <article class={classes!("card", "artefact", status)} data-kind={art.kind.as_str()}>
            <header>
                <h2>{ art.title.clone() }</h2>
                <span class="kind">{ art.kind.as_str() }</span>
                <span class="where">{ location }</span>
            </header>
            if !art.findings.is_empty() {
                <FindingList findings={art.findings.clone()} />
            }
            <dl class="fields">
                { for art.fields.iter().enumerate().map(|(idx, field)| html! {
                    <FieldRow key={idx} field={field.clone()} />
                }) }
            </dl>
            if !art_mappings.is_empty() {
                <MappingSnippets mappings={art_mappings} />
            }
            if let Some((irsa, options)) = art.facts.iter().find_map(|f| match f {
                Fact::WorkloadFix { irsa, options } => Some((*irsa, options.clone())),
                _ => None,
            }) {
                <WorkloadSnippets {irsa} {options} />
            }
            if let Some(principal) = snippet_principal(art).filter(|_| props.snippets) {
                <Snippets principal={principal} />
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct FieldRowProps {
    field: Field,
}

/// A label and its value, with a copy button; secrets stay hidden until asked.
#[component]
fn FieldRow(props: &FieldRowProps) -> Html {
    let field = &props.field;
    let revealed = use_state(|| false);
    let toggle = {
        let revealed = revealed.clone();
        Callback::from(move |_: MouseEvent| revealed.set(!*revealed))
    };
    let shown = if field.secret && !*revealed {
        let n = field.value.chars().count();
        let head: String = field.value.chars().take(12).collect();
        format!("{head}… ({n} characters, hidden)")
    } else {
        field.value.clone()
    };
    let name = AttrValue::from(field.label.clone());
    html! {
        <div class="field" data-key={field.key.clone()}>
            <dt>{ field.label.clone() }</dt>
            <dd>
                <span class={classes!("value", field.secret.then_some("secret"))}>{ shown }</span>
                if field.secret {
                    <button type="button" class="small" onclick={toggle} aria-pressed={revealed.to_string()} aria-label={format!("show {}", field.label)}>{ "show" }</button>
                }
                <CopyButton value={CopyValue::Text(field.value.clone())} label="copy" name={name} />
            </dd>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FindingListProps {
    findings: Vec<Finding>,
}

#[component]
fn FindingList(props: &FindingListProps) -> Html {
    html! {
        <ul class="findings">
            { for props.findings.iter().map(|f| html! {
                <li class={classes!("finding", f.severity.as_str())} data-id={f.id.as_str()}>
                    <span class="sev">{ f.severity.as_str() }</span>
                    <code class="id" title={f.id.title()}>{ f.id.as_str() }</code>
                    <p class="message">{ f.message.clone() }</p>
                    if let Some(fix) = &f.fix {
                        <p class="fix"><strong>{ "Fix: " }</strong>{ fix.clone() }</p>
                    }
                    if let Some(spec) = &f.generate {
                        <Snippets principal={spec.principal.clone()} open=true
                            target={spec.targets.first().copied().unwrap_or(crate::generate::Target::AwsAuth)}
                            username={spec.username.clone().map(AttrValue::from)}
                            groups={(!spec.groups.is_empty()).then(|| AttrValue::from(spec.groups.join(", ")))}
                            cluster={spec.cluster.clone().map(AttrValue::from)}
                            region={spec.region.clone().map(AttrValue::from)}
                            aws_auth={spec.aws_auth.clone().map(AttrValue::from)}
                            summary="The fix, ready to copy" />
                    }
                    if let Some(text) = &f.authenticator {
                        <p class="auth"><span>{ "Authenticator log: " }</span><code>{ text.clone() }</code></p>
                    }
                </li>
            }) }
        </ul>
    }
}
