//! Many certificates (a CA bundle: Debian's has 142) as one compact table instead of a card
//! each: per row the position in the paste, subject, expiry (with its state), key, an
//! abbreviated SHA-256 fingerprint and the row's findings, so what matters shows without
//! opening anything. Rows sort by any column (the header buttons; `aria-sort` says which and how),
//! a search box filters them by subject, issuer or fingerprint, and a row's full card is drawn only
//! while that row is open (its disclosure button, `aria-expanded`).
//!
//! Every value comes from the certificates' typed facts ([`CertFacts`]) and findings, never from
//! field text. How the table is shown ([`CertView`]) is page state, changed by actions; the table
//! is a function, not a component (smaller wasm).

use yew::prelude::*;

use crate::cert::KeyInfo;
use crate::facts::CertFacts;
use crate::findings::Id;
use crate::report::{Artefact, Report, Severity};
use crate::ui::report_view::{artefact_card, cert_facts};
use crate::ui::state::Action;

/// A column of the certificate table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Column {
    /// The position in the paste (the order to begin with).
    #[default]
    Position,
    /// The subject's common name (else the subject).
    Subject,
    /// Not after.
    Expires,
    /// The key: algorithm, then size.
    Key,
    /// The SHA-256 fingerprint.
    Sha256,
    /// Errors, then warnings, then findings of any severity.
    Findings,
}

const COLUMNS: [(Column, &str); 6] = [
    (Column::Position, "#"),
    (Column::Subject, "Subject"),
    (Column::Expires, "Expires"),
    (Column::Key, "Key"),
    (Column::Sha256, "SHA-256"),
    (Column::Findings, "Findings"),
];

/// How the certificate table is shown.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CertView {
    /// Sorted by this column…
    pub column: Column,
    /// …this way.
    pub descending: bool,
    /// Only rows whose subject, issuer or fingerprint holds this (ignoring ASCII case).
    pub filter: String,
    /// The fingerprints of the open rows: they stay open through sorting, filtering and the same
    /// certificates inspected again.
    pub open: Vec<String>,
}

impl CertView {
    /// After a click on `column`'s header: sorted by it, the other way if it already was.
    pub fn sort(&mut self, column: Column) {
        self.descending = self.column == column && !self.descending;
        self.column = column;
    }

    /// After a click on a row's disclosure button: that row open, or closed if it was.
    pub fn toggle(&mut self, fingerprint: String) {
        match self.open.iter().position(|f| *f == fingerprint) {
            Some(at) => drop(self.open.remove(at)),
            None => self.open.push(fingerprint),
        }
    }
}

/// One row: its place in the paste, the artefact, its certificate.
struct Row<'a> {
    pos: usize,
    idx: usize,
    art: &'a Artefact,
    cert: &'a CertFacts,
}

/// Keys sort by algorithm, then size.
fn key_order(key: &KeyInfo) -> (u8, usize) {
    match key {
        KeyInfo::Rsa(bits) => (0, *bits),
        KeyInfo::Ec { bits, .. } => (1, *bits),
        KeyInfo::Ed25519 => (2, 0),
        KeyInfo::Ed448 => (3, 0),
        KeyInfo::Other(_) => (4, 0),
    }
}

/// How bad a row is: its errors, warnings, then findings of any severity.
fn badness(art: &Artefact) -> (usize, usize, usize) {
    let count = |sev| art.findings.iter().filter(|f| f.severity == sev).count();
    (count(Severity::Error), count(Severity::Warning), art.findings.len())
}

/// A finding's badge: its id, or what the expiry column says after the date.
fn pill(severity: Severity, id: Id, text: &'static str) -> Html {
    let class = match severity {
        Severity::Error => "pill error",
        Severity::Warning => "pill warning",
        Severity::Info => "pill info",
    };
    // The severity in words too (for screen readers and without colour), the title on hover.
    let said = match severity {
        Severity::Error => "error: ",
        Severity::Warning => "warning: ",
        Severity::Info => "info: ",
    };
    html! {
        <span {class} data-id={id.as_str()} title={id.title()}>
            <span class="visually-hidden">{ said }</span>{ text }
        </span>
    }
}

/// What the expiry column says after the date, from the certificate's findings.
fn expiry_state(art: &Artefact) -> Option<Html> {
    art.findings.iter().find_map(|f| {
        let word = match f.id {
            Id::CertExpired => "expired",
            Id::CertNotYetValid => "not yet valid",
            Id::CertExpiresSoon => "expires soon",
            _ => return None,
        };
        Some(pill(f.severity, f.id, word))
    })
}

/// Whether `needle` (ASCII lower-case) is in the certificate's subject, issuer or fingerprint
/// (with or without colons), ignoring ASCII case. (Unicode case tables would cost 15 KB of wasm.)
fn matches(cert: &CertFacts, needle: &str) -> bool {
    let hex = needle.replace(':', "");
    cert.subject.to_ascii_lowercase().contains(needle)
        || cert.issuer.to_ascii_lowercase().contains(needle)
        || (!hex.is_empty() && cert.sha256.replace(':', "").to_ascii_lowercase().contains(&hex))
}

/// `text` with ASCII letters in lower case, for comparing.
fn folded(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes().map(|b| b.to_ascii_lowercase())
}

/// The certificates `rows` (indices into `report.artefacts`, in paste order) as one table.
pub fn cert_table(
    report: &Report,
    rows: &[usize],
    view: &CertView,
    dispatch: &Callback<Action>,
) -> Html {
    let needle = view.filter.trim().to_ascii_lowercase();
    let col = view.column;
    let before = |a: &Row<'_>, b: &Row<'_>| {
        let order = match col {
            Column::Position => a.pos.cmp(&b.pos),
            Column::Subject => folded(&a.cert.name).cmp(folded(&b.cert.name)),
            Column::Expires => a.cert.not_after.cmp(&b.cert.not_after),
            Column::Key => key_order(&a.cert.key).cmp(&key_order(&b.cert.key)),
            Column::Sha256 => a.cert.sha256.cmp(&b.cert.sha256),
            Column::Findings => badness(a.art).cmp(&badness(b.art)),
        };
        if view.descending { order.reverse() } else { order }.then(a.pos.cmp(&b.pos)).is_lt()
    };
    // Sorted by inserting each row after those that go before it: no sort routine in the wasm
    // (one costs about 4 KB), and a few hundred rows take well under a millisecond.
    let mut shown: Vec<Row<'_>> = Vec::new();
    for (pos, idx) in rows.iter().enumerate() {
        let Some(art) = report.artefacts.get(*idx) else { continue };
        let Some(cert) = cert_facts(art) else { continue };
        if needle.is_empty() || matches(cert, &needle) {
            let row = Row { pos, idx: *idx, art, cert };
            shown.insert(shown.partition_point(|r| before(r, &row)), row);
        }
    }

    let head = COLUMNS.iter().map(|(c, label)| {
        let c = *c;
        let aria_sort =
            (c == col).then_some(if view.descending { "descending" } else { "ascending" });
        html! {
            <th scope="col" aria-sort={aria_sort}>
                <button type="button" onclick={dispatch.reform(move |_| Action::SortCerts(c))}>{ *label }</button>
            </th>
        }
    });
    let body = shown.iter().flat_map(|row| {
        let fingerprint = &row.cert.sha256;
        let open = view.open.contains(fingerprint);
        let toggle = {
            let fingerprint = fingerprint.clone();
            dispatch.reform(move |_| Action::ToggleCert(fingerprint.clone()))
        };
        let status = match badness(row.art) {
            (0, 0, _) => "ok",
            (0, _, _) => "warn",
            _ => "bad",
        };
        let date = crate::when::rfc3339(row.cert.not_after);
        let short = fingerprint.get(..14).unwrap_or(fingerprint);
        let line = html! {
            <tr key={row.pos} class={status} data-kind={row.art.kind.as_str()}>
                <td>{ row.pos + 1 }</td>
                <th scope="row">
                    <button type="button" class="disclose" aria-expanded={if open { "true" } else { "false" }}
                        onclick={toggle}>{ row.cert.name.clone() }</button>
                </th>
                <td>{ date.get(..10).unwrap_or(&date).to_string() }{ expiry_state(row.art) }</td>
                <td>{ row.cert.key.describe() }</td>
                <td><code class="fp" title={fingerprint.clone()}>{ short.to_string() }</code></td>
                <td>{ for row.art.findings.iter().map(|f| pill(f.severity, f.id, f.id.as_str())) }</td>
            </tr>
        };
        let card = open.then(|| {
            html! {
                <tr key={usize::MAX - row.pos} class="detail">
                    <td colspan="6">{ artefact_card(report, row.idx, false) }</td>
                </tr>
            }
        });
        std::iter::once(line).chain(card)
    });
    let oninput = dispatch.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Action::FilterCerts(input.value())
    });
    let total = rows.len();
    html! {
        <section key="certs" class="card certs" aria-label="Certificates">
            <header>
                <h2>{ format!("{total} certificates") }</h2>
                <label class="opt search">
                    <span>{ "Filter by subject, issuer or SHA-256" }</span>
                    <input type="search" data-opt="cert-filter" value={view.filter.clone()} {oninput}
                        spellcheck="false" autocomplete="off" />
                </label>
                <span class="shown" role="status">
                    if !needle.is_empty() {
                        { format!("{} of {total} shown", shown.len()) }
                    }
                </span>
            </header>
            <div class="table-wrap">
                <table class="cert-table">
                    <thead><tr>{ for head }</tr></thead>
                    <tbody>{ for body }</tbody>
                </table>
            </div>
        </section>
    }
}
