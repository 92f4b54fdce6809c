//! Rendering a report: one card per artefact, findings with their severity, copy buttons; more
//! than a few certificates as one table (`certs::cert_table`); countdowns that redraw only their
//! own field.

use std::rc::Rc;

use yew::prelude::*;

use crate::facts::{CertFacts, Fact};
use crate::report::{Artefact, Field, Finding, Kind, Report, Severity};
use crate::ui::certs::{cert_table, CertView};
use crate::ui::copy::{CopyButton, CopyValue};
use crate::ui::perf;
use crate::ui::state::Action;
use crate::ui::{diagnosis_card, MappingSnippets, Snippets, WorkloadSnippets};
use crate::when::Clock;

/// More decoded certificates than this (a CA bundle) are shown as one table, each row's card on
/// demand, instead of a card each.
pub const CERT_TABLE_AFTER: usize = 8;

/// A decoded certificate's facts.
pub fn cert_facts(art: &Artefact) -> Option<&CertFacts> {
    art.facts.iter().find_map(|f| match f {
        Fact::Certificate(c) => Some(c),
        _ => None,
    })
}

/// The cluster the report is about (its name and region, when the paste told), for every
/// snippets panel: the panel starts from it where the fix does not name its own.
type Cluster = (Option<AttrValue>, Option<AttrValue>);

fn cluster_of(report: &Report) -> Cluster {
    let known = report.cluster.as_ref();
    (
        known.and_then(|c| c.name.clone()).map(AttrValue::from),
        known.and_then(|c| c.region.clone()).map(AttrValue::from),
    )
}

/// Props of [`ReportView`].
#[derive(Properties)]
pub struct ReportViewProps {
    /// The report to show.
    pub report: Rc<Report>,
    /// How the certificate table is shown.
    #[prop_or_default]
    pub certs: CertView,
    /// Where the certificate table's actions go (the page's reducer).
    #[prop_or_default]
    pub dispatch: Callback<Action>,
}

impl PartialEq for ReportViewProps {
    /// The same report (by identity: every report made is a new one, and comparing two whole
    /// reports would cost as much as drawing one) shown the same way. (`dispatch` always
    /// reaches the same reducer.)
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report) && self.certs == other.certs
    }
}

/// The whole report: input-level findings, then the artefact cards.
#[component]
pub fn ReportView(props: &ReportViewProps) -> Html {
    perf::mark(perf::REPORT_RENDER);
    let report = &props.report;
    let n_errors = report.all_findings().filter(|f| f.severity == Severity::Error).count();
    let n_warnings = report.all_findings().filter(|f| f.severity == Severity::Warning).count();
    let cluster = cluster_of(report);
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
    let order = report.display_order();
    let is_cert = |idx: &usize| report.artefacts.get(*idx).and_then(cert_facts).is_some();
    let certs: Vec<usize> = order.iter().copied().filter(is_cert).collect();
    let table = certs.len() > CERT_TABLE_AFTER;
    let cards = order.iter().filter_map(|idx| match table {
        // The table stands where its first certificate would.
        true if is_cert(idx) => (certs.first() == Some(idx))
            .then(|| cert_table(report, &certs, &props.certs, &props.dispatch)),
        _ => Some(artefact_card(report, *idx, owners.get(*idx).copied().unwrap_or(false))),
    });
    html! {
        <section class="report" id="results" tabindex="-1" aria-label="Results">
            <div class="summary">
                <span class="count">{ format!("{} found", report.artefacts.len()) }</span>
                <span class={if n_errors == 0 { "pill error zero" } else { "pill error" }}>{ format!("{n_errors} error(s)") }</span>
                <span class={if n_warnings == 0 { "pill warning zero" } else { "pill warning" }}>{ format!("{n_warnings} warning(s)") }</span>
                <CopyButton value={CopyValue::Report(report.clone())} label="Copy report as JSON" />
                if report.artefacts.iter().any(|a| a.fields.iter().any(|f| f.secret)) {
                    <CopyButton value={CopyValue::ReportWithSecrets(report.clone())} label="Copy with secrets" />
                }
            </div>
            if let Some(diagnosis) = &report.diagnosis {
                { diagnosis_card(diagnosis) }
            }
            if !report.findings.is_empty() {
                <div class="card input-findings">
                    { finding_list(&report.findings, &cluster) }
                </div>
            }
            // Verdicts and explained error messages answer the user's question: they come first.
            { for cards }
        </section>
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

/// One artefact (`report.artefacts[idx]`, keyed by `idx`): title, kind, fields and findings, and
/// its identity's snippets panel when `snippets` (one card per identity has it). A function, not
/// a component (smaller wasm): the report view draws it only with a new report; its fields are
/// components that keep their own state.
pub fn artefact_card(report: &Report, idx: usize, snippets: bool) -> Html {
    let Some(art) = report.artefacts.get(idx) else { return html! {} };
    let cluster = cluster_of(report);
    let class = if art.has_errors() {
        "card artefact bad"
    } else if art.findings.iter().any(|f| f.severity == Severity::Warning) {
        "card artefact warn"
    } else {
        "card artefact ok"
    };
    let art_mappings = if art.kind == Kind::AwsAuth { mappings(art) } else { Vec::new() };
    let location = match &art.source.name {
        Some(name) => format!("{name}, line {}", art.source.line),
        None => format!("line {}", art.source.line),
    };
    html! {
        <article key={idx} {class} data-kind={art.kind.as_str()}>
            <header>
                <h2>{ art.title.clone() }</h2>
                <span class="kind">{ art.kind.as_str() }</span>
                <span class="where">{ location }</span>
            </header>
            if !art.findings.is_empty() {
                { finding_list(&art.findings, &cluster) }
            }
            <dl class="fields">
                { for art.fields.iter().enumerate().map(|(idx, field)| {
                    let clock = art.facts.iter().find_map(|f| match f {
                        Fact::Clocked { key, clock } if *key == field.key => Some(*clock),
                        _ => None,
                    });
                    html! { <FieldRow key={idx} field={field.clone()} {clock} /> }
                }) }
            </dl>
            if !art_mappings.is_empty() {
                <MappingSnippets mappings={art_mappings} cluster={cluster.0.clone()} region={cluster.1.clone()} />
            }
            if let Some((irsa, options)) = art.facts.iter().find_map(|f| match f {
                Fact::WorkloadFix { irsa, options } => Some((*irsa, options.clone())),
                _ => None,
            }) {
                <WorkloadSnippets {irsa} {options} />
            }
            if let Some(principal) = snippet_principal(art).filter(|_| snippets) {
                <Snippets principal={principal} cluster={cluster.0.clone()} region={cluster.1.clone()} />
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct FieldRowProps {
    field: Field,
    /// The field reads differently as time passes: a countdown.
    clock: Option<Clock>,
}

/// A label and its value, with a copy button; secrets stay hidden until asked. A field that
/// reads differently as time passes ("valid for 9 min 12 s") is a countdown: its own 1-second
/// interval redraws this row only. The report is not made again or redrawn; the page makes it
/// again once, when a time boundary passes (`Report::next_change`).
#[component]
fn FieldRow(props: &FieldRowProps) -> Html {
    let field = &props.field;
    let revealed = use_state(|| false);
    {
        let redraw = use_force_update();
        use_effect_with(props.clock.is_some(), move |live| {
            let interval = live
                .then(|| gloo_timers::callback::Interval::new(1000, move || redraw.force_update()));
            move || drop(interval)
        });
    }
    let toggle = {
        let revealed = revealed.clone();
        Callback::from(move |_: MouseEvent| revealed.set(!*revealed))
    };
    let shown = if field.secret && !*revealed {
        let n = field.value.chars().count();
        let head: String = field.value.chars().take(12).collect();
        format!("{head}… ({n} characters, hidden)")
    } else {
        match props.clock {
            // In the browser, as it reads now (server-side, as the report was made).
            Some(clock) if cfg!(target_arch = "wasm32") => {
                clock.text(crate::when::from_unix_millis(crate::ui::state::now_millis()))
            }
            _ => field.value.clone(),
        }
    };
    let name = AttrValue::from(field.label.clone());
    html! {
        <div class="field" data-key={field.key.clone()}>
            <dt>{ field.label.clone() }</dt>
            <dd>
                <span class={if field.secret { "value secret" } else { "value" }}>{ shown }</span>
                if field.secret {
                    <button type="button" class="small" onclick={toggle} aria-pressed={revealed.to_string()} aria-label={format!("show {}", field.label)}>{ "show" }</button>
                }
                <CopyButton value={CopyValue::Text(field.value.clone())} label="copy" name={name} />
            </dd>
        </div>
    }
}

/// Findings with their severity, fix and the authenticator's message (a function, not a
/// component: it is drawn with its card).
fn finding_list(findings: &[Finding], (name, region): &Cluster) -> Html {
    html! {
        <ul class="findings">
            { for findings.iter().map(|f| html! {
                <li class={match f.severity {
                    Severity::Error => "finding error",
                    Severity::Warning => "finding warning",
                    Severity::Info => "finding info",
                }} data-id={f.id.as_str()}>
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
                            cluster={spec.cluster.clone().map(AttrValue::from).or_else(|| name.clone())}
                            region={spec.region.clone().map(AttrValue::from).or_else(|| region.clone())}
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
