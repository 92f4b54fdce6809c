//! The fuzz targets' bodies: each takes arbitrary bytes, runs a part of the eksplain core on them
//! and panics when a property fails (the core itself must never panic). libFuzzer drives them
//! through `fuzz_targets/*.rs`; `tests/it/fuzz_replay.rs` compiles this same file and replays the
//! committed corpus (`fuzz/corpus/TARGET/`) and crash reproducers (`fuzz/regressions/TARGET/`)
//! through them on stable, without libFuzzer.
//!
//! Only `eksplain`, `serde_json` and `time` may be used here: the replay test has nothing else.

use eksplain::report::{Kind, Report, Source};
use eksplain::Input;

/// A target's body.
pub type Target = fn(&[u8]);

/// Every target by name (the directory names under `fuzz/corpus/` and `fuzz/regressions/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("inspect", inspect),
    ("token", token),
    ("yaml", yaml),
    ("cert", cert),
    ("kubeconfig", kubeconfig),
    ("aws_auth", aws_auth),
    ("generate", generate),
    ("redact", redact),
];

/// The instant every target checks times at: inside the validity of the minted test tokens.
fn now() -> time::OffsetDateTime {
    eksplain::when::parse_rfc3339("2026-11-28T11:10:00Z")
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The report serializes to JSON that parses again.
fn check_report(report: &Report) {
    let json = report.to_json();
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "report JSON does not parse");
}

/// The whole `inspect` on arbitrary bytes; then its redaction, which must leave no token,
/// session token or JWT anywhere in the report.
pub fn inspect(data: &[u8]) {
    let report = eksplain::inspect(&[Input::file("fuzz", data)], now());
    check_report(&report);
    let redacted = eksplain::redact::redact(&report);
    let json = redacted.to_json();
    for art in &report.artefacts {
        for field in art.fields.iter().filter(|f| f.secret && f.key != "url" && f.value.len() >= 24)
        {
            let quoted = serde_json::to_string(&field.value).unwrap_or_default();
            let escaped = quoted.trim_matches('"');
            assert!(
                !json.contains(escaped),
                "{} {escaped} left in the redacted report:\n{json}",
                field.key
            );
        }
    }
}

/// Redaction of a paste: never panics, and is idempotent (a redacted paste has nothing left to
/// take out).
pub fn redact(data: &[u8]) {
    let text = text(data);
    let (once, _) = eksplain::redact::redact_text(&text);
    let (twice, removed) = eksplain::redact::redact_text(&once);
    assert!(removed.is_empty(), "redacting again removed {removed:?} from:\n{once}");
    assert_eq!(once, twice);
}

/// The token checks (Go `RawURLEncoding`, `url.Parse`, `url.ParseQuery`, `strconv.Atoi`,
/// `time.Parse`, the STS host rules): the bytes are the presigned URL, inspected as a token
/// (`k8s-aws-v1.` + base64url) and as a pasted URL; pieces go to the Go primitives directly.
pub fn token(data: &[u8]) {
    let url = text(data);
    let token = format!("{}{}", eksplain::token::PREFIX, base64url(data));
    let src = Source::default();
    let origin = eksplain::token::Origin::default();
    let art = eksplain::token::inspect_token(&token, src.clone(), now(), origin);
    assert_eq!(art.kind, Kind::EksToken);
    let errors = art.findings.iter().filter(|f| f.severity == eksplain::report::Severity::Error);
    assert!(errors.count() <= 1, "a token reports at most one failing check: {:?}", art.findings);
    let art = eksplain::token::inspect_url(&url, src.clone(), now());
    assert_eq!(art.kind, Kind::StsPresignedUrl);
    let _ = eksplain::token::inspect_token(&url, src, now(), origin);
    let _ = eksplain::token::go_raw_url_decode(&url);
    // Joining word by word decides as joining the whole text at once.
    let mut words = url.split_ascii_whitespace();
    let mut join = eksplain::token::TokenJoin::new(words.next().unwrap_or_default());
    words.for_each(|word| join.push(word));
    let whole = eksplain::token::TokenJoin::new(&url.split_ascii_whitespace().collect::<String>());
    assert_eq!(join.is_complete(), whole.is_complete(), "{url:?}");
    for piece in url.split(['&', '?', '/', '=']) {
        let _ = eksplain::token::parse_amz_date(piece);
        let _ = eksplain::token::check_host(piece);
    }
}

/// The YAML reader on arbitrary text.
pub fn yaml(data: &[u8]) {
    let _ = eksplain::yaml::parse(&text(data));
}

/// Certificates: the bytes as DER, and as text holding PEM blocks or base64 CA data.
pub fn cert(data: &[u8]) {
    let src = Source::default();
    let mut arts =
        vec![eksplain::cert::inspect_der(data, Kind::DerCertificate, src.clone(), now())];
    if let Ok(text) = std::str::from_utf8(data) {
        for piece in eksplain::detect::pem_blocks(text) {
            if let eksplain::detect::PieceKind::Pem { label, complete } = &piece.kind {
                arts.push(eksplain::cert::inspect_pem(
                    &piece.text,
                    label,
                    *complete,
                    Kind::PemCertificate,
                    src.clone(),
                    now(),
                ));
            }
        }
        arts.extend(eksplain::cert::inspect_ca_data(text, src.clone(), now()));
        arts.extend(eksplain::cert::inspect_ca_base64(text.trim(), src, now()).unwrap_or_default());
    }
    let _ = eksplain::cert::link_chain(&mut arts);
}

/// A kubeconfig as YAML text: parsed by our reader, read by the kubeconfig module whatever its
/// shape, and inspected whole.
pub fn kubeconfig(data: &[u8]) {
    let text = text(data);
    if let Ok(Some(value)) = eksplain::yaml::parse(&text) {
        let _ = eksplain::kubeconfig::inspect(&value, Source::default(), now());
    }
    check_report(&eksplain::inspect(&[Input::text(&text)], now()));
}

/// An aws-auth ConfigMap as YAML text: read by the aws-auth module whatever its shape, and
/// inspected with an identity so the verdict (the authenticator's lookup) runs too.
pub fn aws_auth(data: &[u8]) {
    let text = text(data);
    if let Ok(Some(value)) = eksplain::yaml::parse(&text) {
        let _ = eksplain::aws_auth::inspect(&value, Source::default());
    }
    let caller = "{\"UserId\":\"AROAEXAMPLEID:i-1\",\"Account\":\"111122223333\",\"Arn\":\"arn:aws:sts::111122223333:assumed-role/ci-agent/i-1\"}";
    let report = eksplain::inspect(&[Input::text(&text), Input::text(caller)], now());
    check_report(&report);
}

/// The snippet generators with arbitrary options. Lines of the input are the principal (a bare
/// name becomes a role ARN), username, groups (`,`-separated), policy, namespaces, cluster and
/// region. Every YAML block must parse with eksplain's reader, and the aws-auth ConfigMap must
/// read back as the mapping asked for.
pub fn generate(data: &[u8]) {
    use eksplain::generate::{Options, Target, TARGETS};
    let text = text(data);
    let mut lines = text.split('\n');
    let mut next = || lines.next().map(str::to_string);
    let principal = next().unwrap_or_default();
    let principal = if principal.starts_with("arn:") {
        principal
    } else {
        format!("arn:aws:iam::111122223333:role/{principal}")
    };
    let list = |s: Option<String>| -> Vec<String> {
        s.map(|s| s.split(',').map(str::to_string).collect()).unwrap_or_default()
    };
    let options = Options {
        principal,
        username: next().filter(|s| !s.is_empty()),
        groups: list(next().filter(|s| !s.is_empty())),
        policy: next(),
        namespaces: list(next().filter(|s| !s.is_empty())),
        cluster: next(),
        region: next(),
        aws_auth: None,
    };
    for target in TARGETS {
        let Ok(snippet) = eksplain::generate::generate(*target, &options) else {
            assert!(eksplain::generate::check_principal(&options.principal).is_err());
            return;
        };
        for block in &snippet.blocks {
            if block.language == "yaml" {
                match eksplain::yaml::parse(&block.text) {
                    Ok(Some(_)) => {}
                    other => panic!(
                        "{target:?} {}: YAML does not parse: {other:?}\n{}",
                        block.label, block.text
                    ),
                }
            }
        }
        if *target == Target::AwsAuth {
            check_aws_auth_round_trip(&options, &snippet);
        }
    }
}

/// The whole ConfigMap generated for aws-auth holds exactly the mapping asked for.
fn check_aws_auth_round_trip(
    options: &eksplain::generate::Options,
    snippet: &eksplain::generate::Snippet,
) {
    let Some((arn, identity)) = eksplain::arn::identity_of(options.principal.trim()) else {
        return;
    };
    let forms = eksplain::arn::forms(&arn, &identity);
    let Some(whole) = snippet.blocks.get(1) else { panic!("no whole ConfigMap") };
    let Ok(Some(doc)) = eksplain::yaml::parse(&whole.text) else {
        panic!("ConfigMap does not parse")
    };
    let data = doc.get("data").and_then(|d| d.as_object()).expect("data");
    let (section, text) = data.iter().next().expect("one section");
    let entries = eksplain::yaml::parse(text.as_str().expect("block scalar"));
    let Ok(Some(serde_json::Value::Array(entries))) = entries else {
        panic!("{section} is not a list: {entries:?}\n{}", whole.text)
    };
    let entry = entries.first().expect("one entry");
    let key = if section == "mapRoles" { "rolearn" } else { "userarn" };
    assert_eq!(
        entry.get(key).and_then(|v| v.as_str()),
        Some(forms.aws_auth.as_str()),
        "{key} reads back differently:\n{}",
        whole.text
    );
    if let Some(username) = options.username.as_deref().filter(|u| !u.trim().is_empty()) {
        assert_eq!(
            entry.get("username").and_then(|v| v.as_str()),
            Some(username),
            "username reads back differently:\n{}",
            whole.text
        );
    }
    if !options.groups.is_empty() {
        let groups: Vec<&str> = entry
            .get("groups")
            .and_then(|g| g.as_array())
            .map(|g| g.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(groups, options.groups, "groups read back differently:\n{}", whole.text);
    }
}

/// Unpadded base64url, as tokens use.
fn base64url(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(data.len() * 4 / 3 + 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 63) as usize;
            out.push(char::from(ALPHABET[idx]));
        }
    }
    out
}
