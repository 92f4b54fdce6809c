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
    html! {
        <ContextProvider<ClusterContext> context={cluster}>
        <section class="report" aria-live="polite">
            <div class="summary">
                <span class="count">{ format!("{} found", report.artefacts.len()) }</span>
                <span class={classes!("pill", "error", (n_errors == 0).then_some("zero"))}>{ format!("{n_errors} error(s)") }</span>
                <span class={classes!("pill", "warning", (n_warnings == 0).then_some("zero"))}>{ format!("{n_warnings} warning(s)") }</span>
                <CopyButton value={CopyValue::Report(report.clone())} label="Copy report as JSON" />
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
            { for order(report).into_iter().filter_map(|idx| report.artefacts.get(idx).map(|art| (idx, art))).map(|(idx, art)| html! {
                <ArtefactCard key={idx} artefact={art.clone()} />
            }) }
        </section>
        </ContextProvider<ClusterContext>>
    }
}

/// Card order: verdicts and error messages first, then everything in input order.
fn order(report: &Report) -> Vec<usize> {
    let first = |a: &Artefact| a.kind.info().first;
    let (mut head, tail): (Vec<usize>, Vec<usize>) =
        (0..report.artefacts.len()).partition(|i| report.artefacts.get(*i).is_some_and(first));
    head.extend(tail);
    head
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
            if let Some(principal) = snippet_principal(art) {
                <Snippets principal={principal}
                    open={art.findings.iter().any(|f| f.id == "access.not-mapped")} />
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
    html! {
        <div class="field" data-key={field.key.clone()}>
            <dt>{ field.label.clone() }</dt>
            <dd>
                <span class={classes!("value", field.secret.then_some("secret"))}>{ shown }</span>
                if field.secret {
                    <button type="button" class="small" onclick={toggle}>{ if *revealed { "hide" } else { "show" } }</button>
                }
                <CopyButton value={CopyValue::Text(field.value.clone())} label="copy" />
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
                    if let Some(text) = &f.authenticator {
                        <p class="auth"><span>{ "Authenticator log: " }</span><code>{ text.clone() }</code></p>
                    }
                </li>
            }) }
        </ul>
    }
}
