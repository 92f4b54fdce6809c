//! eksplain: decode and diagnose Amazon EKS authentication.
//!
//! Paste anything involved in an EKS `Unauthorized`: a `k8s-aws-v1.` token, `aws eks get-token`
//! output, a presigned STS URL, certificate-authority-data, a PEM certificate, a kubeconfig, an
//! aws-auth ConfigMap, `aws sts get-caller-identity` output, an ARN or an access key ID.
//! [`inspect`] finds each of them, decodes it, checks it as the EKS authenticator would and returns
//! a [`Report`].
//!
//! The core is pure: no I/O, no clock (`now` is a parameter), no randomness, and it never panics
//! on input. The web UI (`ui`, feature `web`) and the CLI (`src/main.rs`) are thin shells over it.
//!
//! ```
//! let now = eksplain::when::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
//! let report = eksplain::inspect(&[eksplain::Input::text("arn:aws:iam::111122223333:role/admin")], now);
//! assert_eq!(report.artefacts[0].kind, eksplain::report::Kind::Arn);
//! ```

#![warn(missing_docs)]

pub mod access;
pub mod access_key;
pub mod arn;
pub mod aws_auth;
pub mod caller;
pub mod cert;
pub mod cluster;
pub mod credentials;
pub mod der;
pub mod detect;
pub mod diagnosis;
pub mod facts;
pub mod findings;
pub mod generate;
pub mod jwt;
pub mod kubeconfig;
pub mod link;
pub mod merge;
pub mod message;
pub mod redact;
pub mod report;
pub mod sort;
pub mod structured;
pub mod terraform;
pub mod token;
pub mod when;
pub mod whoami;
pub mod workload;
pub mod yaml;

#[cfg(feature = "web")]
pub mod ui;

use crate::findings::Id;
use time::OffsetDateTime;

use detect::PieceKind;
pub use report::Report;
use report::{Artefact, Finding, InputSummary, Kind, Source};
use structured::Shape;

/// One input: a paste or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input<'a> {
    /// File name, if it is a file.
    pub name: Option<String>,
    /// Its bytes.
    pub data: &'a [u8],
    /// The reader stopped before the end (a stream, device or file over the cap): `data` is the
    /// first [`detect::MAX_INPUT_BYTES`] bytes plus one, and the input goes on beyond them.
    pub cut: bool,
}

impl<'a> Input<'a> {
    /// A pasted text.
    pub fn text(text: &'a str) -> Input<'a> {
        Input { name: None, data: text.as_bytes(), cut: false }
    }

    /// A named file's bytes.
    pub fn file(name: impl Into<String>, data: &'a [u8]) -> Input<'a> {
        Input { name: Some(name.into()), data, cut: false }
    }

    /// How many of its bytes are inspected and reported: all of them, except the one byte a
    /// reader that cut the input read past the cap only to know there was more.
    pub fn bytes_read(&self) -> usize {
        if self.cut {
            self.data.len().min(detect::MAX_INPUT_BYTES)
        } else {
            self.data.len()
        }
    }

    /// Marks the input as cut by its reader (see [`Input::cut`]).
    pub fn cut_by_reader(mut self, cut: bool) -> Input<'a> {
        self.cut = cut;
        self
    }
}

/// At most this many artefacts per report (a 2 MiB paste of real certificates is about 1,400).
pub const MAX_ARTEFACTS: usize = 2000;

/// Decodes and checks every input; time checks are made at `now`.
pub fn inspect(inputs: &[Input<'_>], now: OffsetDateTime) -> Report {
    let mut report = Report {
        schema: report::SCHEMA,
        now: when::rfc3339(now),
        inputs: Vec::new(),
        artefacts: Vec::new(),
        findings: Vec::new(),
        cluster: None,
        diagnosis: None,
    };
    for (input_idx, input) in inputs.iter().enumerate() {
        report.inputs.push(InputSummary { name: input.name.clone(), bytes: input.bytes_read() });
        inspect_one(input_idx, input, now, &mut report);
    }
    if report.artefacts.len() > MAX_ARTEFACTS {
        let n = report.artefacts.len();
        report.artefacts.truncate(MAX_ARTEFACTS);
        report.findings.push(Finding::of(Id::InputTooMany).message(format!("The input holds {n} items; eksplain shows the first {MAX_ARTEFACTS}. Paste fewer at a time.")));
    }
    if let Some(finding) = cert::link_chain(&mut report.artefacts) {
        report.findings.push(finding);
    }
    let facts = facts::Facts::fold(&report.artefacts);
    if facts.cluster_name.is_some() || facts.cluster_arn.is_some() {
        let region = facts
            .cluster_arn
            .as_deref()
            .and_then(|a| arn::parse(a).ok())
            .map(|a| a.region)
            .filter(|r| !r.is_empty());
        report.cluster = Some(report::ClusterRef {
            name: facts.cluster_name.clone(),
            arn: facts.cluster_arn.clone(),
            region,
        });
    }
    report.findings.extend(cluster::endpoint_checks(&facts));
    report.findings.extend(credentials::token_checks(&facts, now));
    report.artefacts.extend(workload::verdicts(&facts, now));
    let (verdicts, cross) = access::verdicts(&facts);
    report.artefacts.extend(verdicts);
    report.findings.extend(cross);
    report.diagnosis = diagnosis::diagnose(&report, &facts);
    if report.artefacts.is_empty() && report.findings.is_empty() {
        report
            .findings
            .push(Finding::of(Id::InputEmpty).with_fix(format!("Paste {}.", report::accepts())));
    }
    report
}

fn inspect_one(input_idx: usize, input: &Input<'_>, now: OffsetDateTime, report: &mut Report) {
    let name = input.name.clone();
    let where_ = name.as_ref().map_or(String::new(), |n| format!(" in {n}"));
    let source = |line: usize| Source { input: input_idx, name: name.clone(), line };
    if !input.cut && input.data.iter().all(|b| b.is_ascii_whitespace()) {
        if inputs_named(input) {
            report
                .findings
                .push(Finding::of(Id::InputEmpty).message(format!("The input{where_} is empty.")));
        }
        return;
    }
    let split = detect::split_bytes(input.data);
    if split.truncated || input.cut {
        let size = if input.cut {
            format!(
                " was cut at 2 MiB: eksplain read the first {} bytes and stopped (it is larger, or never ends)",
                token::group_digits(detect::MAX_INPUT_BYTES)
            )
        } else {
            format!(
                " is {} bytes; eksplain reads only the first {} (2 MiB)",
                token::group_digits(input.data.len()),
                token::group_digits(detect::MAX_INPUT_BYTES)
            )
        };
        report.findings.push(Finding::of(Id::InputTooLarge).message(format!(
            "The input{where_}{size}. Tokens, certificates and kubeconfigs are far smaller: paste just the part you need."
        )));
    }
    if split.binary {
        report.findings.push(
            Finding::of(Id::InputBinary).message(format!("The input{where_} is binary data ({}{} bytes), not text, and not a DER certificate.", if input.cut { "at least " } else { "" }, token::group_digits(input.bytes_read()))).with_fix(format!("eksplain reads {}.", report::accepts())),
        );
        return;
    }
    let n_artefacts = report.artefacts.len();
    // A line holding a known error message is recognised even when its words are not.
    let message_lines: Vec<usize> =
        split.pieces.iter().filter(|p| p.kind.is_message()).map(|p| p.line).collect();
    let mut unrecognised = Repeated::default();
    let mut unknown_base64 = Repeated::default();
    for piece in split.pieces {
        let src = source(piece.line);
        match piece.kind {
            PieceKind::Token { joined } => {
                let origin = token::Origin { joined, kubeconfig: false };
                report.artefacts.push(token::inspect_token(&piece.text, src, now, origin));
            }
            PieceKind::StsUrl => report.artefacts.push(token::inspect_url(&piece.text, src, now)),
            PieceKind::Pem { label, complete } => {
                report.artefacts.push(cert::inspect_pem(&piece.text, &label, complete, Kind::PemCertificate, src, now));
            }
            PieceKind::Base64Pem { decoded } => report.artefacts.extend(cert::inspect_ca_data(&decoded, src, now)),
            PieceKind::Der { bytes, .. } => {
                report.artefacts.push(cert::inspect_der(&bytes, Kind::DerCertificate, src, now));
            }
            PieceKind::Base64Other { n_bytes } => unknown_base64.push(
                &mut report.findings,
                piece.line,
                Finding::of(Id::InputUnknownBase64).message(format!("Line {}{where_}: base64 that decodes to {n_bytes} bytes which are neither a PEM nor a DER certificate.", piece.line)),
            ),
            PieceKind::Structured { value, shape: Shape::AwsAuth } => report.artefacts.push(aws_auth::inspect_text(&value, &piece.text, src)),
            PieceKind::Structured { value, shape } => report.artefacts.extend(inspect_structured(&value, shape, src, now)),
            PieceKind::Arn => report.artefacts.push(arn::inspect(&piece.text, src)),
            PieceKind::KeyId => report.artefacts.push(access_key::inspect(&piece.text, src)),
            PieceKind::Jwt => report.artefacts.push(jwt::inspect(&piece.text, src, now)),
            PieceKind::ErrorMessage { repeats } => {
                report.artefacts.push(message::inspect(&piece.text, repeats, src))
            }
            PieceKind::Repeat => {}
            PieceKind::Terraform => report.artefacts.push(terraform::inspect(&piece.text, src)),
            PieceKind::Malformed { format, message, line, column } => report.findings.push(
                Finding::of(if format == "JSON" { Id::InputMalformedJson } else { Id::InputMalformedYaml })
                    .message(format!("{format}{where_} does not parse: {message} at line {line}, column {column}."))
                    .with_fix(format!("Fix the {format} near line {line}, or paste the document again in full.")),
            ),
            PieceKind::Unrecognised if message_lines.contains(&piece.line) => {}
            PieceKind::Unrecognised => unrecognised.push(
                &mut report.findings,
                piece.line,
                Finding::of(Id::InputUnrecognised).message(format!("Line {}{where_} is not something eksplain recognises: \"{}\"", piece.line, piece.text)).with_fix(format!("eksplain reads {}.", report::accepts())),
            ),
        }
    }
    if report.artefacts.len() > n_artefacts && !unrecognised.lines.is_empty() {
        // The input yielded something: the text around it (openssl's "subject=" lines, shell
        // prompts…) becomes one note instead of a warning per chunk.
        unrecognised.remove_from(&mut report.findings);
        let n = unrecognised.lines.len();
        let shown: Vec<String> = unrecognised.lines.iter().take(20).map(usize::to_string).collect();
        let more = if n > 20 { format!(" and {} more", n - 20) } else { String::new() };
        let of = name.as_ref().map_or(String::new(), |n| format!(" of {n}"));
        report.findings.push(Finding::of(Id::InputIgnoredText).message(format!(
            "Text around what was recognised was skipped (line{} {}{more}{of}).",
            if n == 1 { "" } else { "s" },
            shown.join(", ")
        )));
    } else {
        unrecognised.summarize(&mut report.findings, Id::InputUnrecognised);
    }
    unknown_base64.summarize(&mut report.findings, Id::InputUnknownBase64);
}

/// At most this many findings of one input-level kind per input; the rest are counted in one.
const MAX_REPEATED_FINDINGS: usize = 10;

/// One input-level finding that may repeat per chunk (a large paste of noise must not make a
/// million cards): the first few are kept, the rest counted.
#[derive(Default)]
struct Repeated {
    /// Lines of every occurrence.
    lines: Vec<usize>,
    /// Where the kept findings stand in the report's findings.
    indices: Vec<usize>,
}

impl Repeated {
    fn push(&mut self, findings: &mut Vec<Finding>, line: usize, finding: Finding) {
        if self.lines.len() < MAX_REPEATED_FINDINGS {
            self.indices.push(findings.len());
            findings.push(finding);
        }
        self.lines.push(line);
    }

    /// Removes the kept findings, highest index first so the others stay valid.
    fn remove_from(&self, findings: &mut Vec<Finding>) {
        for idx in self.indices.iter().rev() {
            if *idx < findings.len() {
                findings.remove(*idx);
            }
        }
    }

    fn summarize(&self, findings: &mut Vec<Finding>, id: Id) {
        if self.lines.len() > MAX_REPEATED_FINDINGS {
            findings.push(Finding::of(id).message(format!(
                "… and {} more like the above were not recognised either.",
                self.lines.len() - MAX_REPEATED_FINDINGS
            )));
        }
    }
}

fn inputs_named(input: &Input<'_>) -> bool {
    input.name.is_some()
}

fn inspect_structured(
    value: &serde_json::Value,
    shape: Shape,
    src: Source,
    now: OffsetDateTime,
) -> Vec<Artefact> {
    match shape {
        Shape::ExecCredential => token::inspect_exec_credential(value, src, now),
        Shape::CallerIdentity => vec![caller::inspect(value, src)],
        Shape::Kubeconfig => kubeconfig::inspect(value, src, now),
        Shape::AwsAuth => vec![aws_auth::inspect(value, src)],
        Shape::DescribeCluster => cluster::inspect(value, src, now),
        Shape::Access => vec![access::inspect(value, src)],
        Shape::SessionCredentials => vec![credentials::inspect(value, src, now)],
        Shape::TrustPolicy => vec![workload::inspect_role(value, src)],
        Shape::ServiceAccount => vec![workload::inspect_service_account(value, src)],
        Shape::OidcProviders => vec![workload::inspect_providers(value, src)],
        Shape::PodIdentity => vec![workload::inspect_associations(value, src)],
        Shape::SelfSubjectReview => vec![whoami::inspect(value, src)],
    }
}
