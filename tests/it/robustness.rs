//! Never panic on input: truncations and mutations of every fixture, random bytes, huge pastes.
//! A bounded, deterministic property test that runs in every `cargo test`.

use eksplain::Input;

use crate::{at, fixture};

/// A small deterministic generator (tests may use randomness; the core may not).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn inspect_bytes(data: &[u8]) {
    let report = eksplain::inspect(&[Input::file("fuzz", data)], at("2026-01-01T00:00:00Z"));
    let _ = report.to_json();
}

fn seeds() -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    let case = &doc["cases"][0];
    vec![
        case["token"].as_str().unwrap().to_string(),
        case["exec_credential"].as_str().unwrap().to_string(),
        case["url"].as_str().unwrap().to_string(),
        fixture("cert/eks-ca.pem"),
        fixture("cert/eks-ca.b64"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/x\n      username: x\n".to_string(),
        "{\"UserId\":\"AIDA:x\",\"Account\":\"1\",\"Arn\":\"arn:aws:iam::1:user/x\"}".to_string(),
    ]
}

#[test]
fn truncations_of_every_fixture() {
    for seed in seeds() {
        let bytes = seed.as_bytes();
        let step = (bytes.len() / 200).max(1);
        for end in (0..bytes.len()).step_by(step) {
            inspect_bytes(&bytes[..end]);
            inspect_bytes(&bytes[end..]);
        }
    }
}

#[test]
fn mutations_of_every_fixture() {
    let mut rng = Lcg(42);
    let alphabet = b"\0\n\r\t =:;%&?#/+-_.\"'{}[]|AZaz09\xff\xc3";
    for seed in seeds() {
        for _ in 0..300 {
            let mut bytes = seed.as_bytes().to_vec();
            for _ in 0..1 + rng.next() % 4 {
                let pos = (rng.next() as usize) % bytes.len().max(1);
                let byte = alphabet[(rng.next() as usize) % alphabet.len()];
                match rng.next() % 3 {
                    0 if !bytes.is_empty() => bytes[pos] = byte,
                    1 => bytes.insert(pos.min(bytes.len()), byte),
                    _ if !bytes.is_empty() => {
                        bytes.remove(pos);
                    }
                    _ => {}
                }
            }
            inspect_bytes(&bytes);
        }
    }
}

#[test]
fn random_bytes_and_garbage() {
    let mut rng = Lcg(7);
    for len in [0, 1, 2, 3, 16, 100, 1000, 10_000] {
        for _ in 0..20 {
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            inspect_bytes(&bytes);
            let text: String =
                (0..len).map(|_| char::from(b' ' + (rng.next() % 95) as u8)).collect();
            inspect_bytes(text.as_bytes());
        }
    }
    let report = eksplain::inspect(
        &[Input::text("\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{e}\u{f}")],
        at("2026-01-01T00:00:00Z"),
    );
    assert!(report.findings.iter().any(|f| f.id == "input.binary"));
    let deep = "[".repeat(100_000);
    inspect_bytes(deep.as_bytes());
    let deep_yaml = "- ".repeat(10_000) + "x";
    inspect_bytes(deep_yaml.as_bytes());
}

#[test]
fn a_five_megabyte_paste_is_cut_with_a_message() {
    let token = seeds()[0].clone();
    let big = format!("{token}\n\n{}", "A".repeat(5 * 1024 * 1024));
    let started = std::time::Instant::now();
    let report = eksplain::inspect(&[Input::text(&big)], at("2026-01-01T00:00:00Z"));
    assert!(report.findings.iter().any(|f| f.id == "input.too-large"));
    assert_eq!(report.artefacts[0].kind, eksplain::report::Kind::EksToken);
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

/// The token decoder on generated URLs: random hosts, parameters, values and encodings. Checks
/// that it never panics and that a failing token always names exactly one error from the
/// authenticator's list, with the authenticator's text.
#[test]
fn token_decoder_on_generated_urls() {
    use base64::Engine as _;
    let mut rng = Lcg(2024);
    let hosts = [
        "sts.amazonaws.com",
        "sts.us-west-2.amazonaws.com",
        "sts.cn-north-1.amazonaws.com.cn",
        "x",
        "",
        "sts.a:1",
        "[::1]",
        "sts.us-gov-west-1.api.aws",
    ];
    let keys = [
        "Action",
        "action",
        "Version",
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Date",
        "x-amz-date",
        "X-Amz-Expires",
        "X-Amz-Security-Token",
        "X-Amz-SignedHeaders",
        "X-Amz-Signature",
        "Foo",
        "",
    ];
    let values = [
        "GetCallerIdentity",
        "60",
        "900",
        "-1",
        "20230428T000000Z",
        "99991231T235959Z",
        "00000101T000000Z",
        "2023",
        "host%3Bx-k8s-aws-id",
        "x-k8s-aws-id",
        "%zz",
        "a;b",
        "+",
        "ASIAY34FZKBOKMUTVV7A%2F20230428%2Fus-west-2%2Fsts%2Faws4_request",
        "é",
        "\u{0}",
    ];
    let schemes = ["https://", "http://", "HTTPS://", "", ":", "https:"];
    let paths = ["/", "", "/x", "/%2F", "//"];
    let allowed: Vec<&str> = vec![
        "token.too-large",
        "token.missing-prefix",
        "token.bad-base64",
        "token.bad-url",
        "token.scheme",
        "token.host",
        "token.path",
        "token.query-malformed",
        "token.query-duplicate",
        "token.query-unexpected-param",
        "token.query-multi-value",
        "token.action",
        "token.unsigned-cluster-header",
        "token.expires-param",
        "token.date-missing",
        "token.date-format",
        "token.expired",
    ];
    let pick = |rng: &mut Lcg, items: &[&'static str]| items[(rng.next() as usize) % items.len()];
    for _ in 0..3000 {
        let mut url = format!(
            "{}{}{}?",
            pick(&mut rng, &schemes),
            pick(&mut rng, &hosts),
            pick(&mut rng, &paths)
        );
        for _ in 0..rng.next() % 12 {
            url.push_str(&format!("{}={}&", pick(&mut rng, &keys), pick(&mut rng, &values)));
        }
        let token =
            format!("k8s-aws-v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&url));
        let report = eksplain::inspect(&[Input::text(&token)], at("2023-04-28T00:05:00Z"));
        for art in report.artefacts.iter().filter(|a| a.kind == eksplain::report::Kind::EksToken) {
            let errors: Vec<_> = art
                .findings
                .iter()
                .filter(|f| f.severity == eksplain::report::Severity::Error)
                .collect();
            assert!(errors.len() <= 1, "{url}: {errors:?}");
            for error in errors {
                assert!(allowed.contains(&error.id.as_str()), "{url}: {}", error.id);
                assert!(error.authenticator.as_deref().is_some_and(|t| !t.is_empty()), "{url}");
            }
        }
    }
}

/// The certificate path on mutated DER: flipped, inserted and removed bytes in real certificates.
#[test]
fn certificate_decoder_on_mutated_der() {
    use base64::Engine as _;
    let mut rng = Lcg(99);
    let pem = fixture("cert/odd/chain.pem")
        + &fixture("cert/odd/ed25519.pem")
        + &fixture("cert/odd/sans.pem");
    let ders: Vec<Vec<u8>> = pem
        .split("-----END CERTIFICATE-----")
        .filter_map(|block| block.split("-----BEGIN CERTIFICATE-----").nth(1))
        .map(|body| {
            base64::engine::general_purpose::STANDARD
                .decode(body.split_whitespace().collect::<String>())
                .unwrap()
        })
        .collect();
    assert_eq!(ders.len(), 5);
    for der in &ders {
        for _ in 0..400 {
            let mut bytes = der.clone();
            for _ in 0..1 + rng.next() % 3 {
                let pos = (rng.next() as usize) % bytes.len();
                match rng.next() % 3 {
                    0 => bytes[pos] = rng.next() as u8,
                    1 => bytes.insert(pos, rng.next() as u8),
                    _ => {
                        bytes.truncate(pos.max(1));
                    }
                }
            }
            inspect_bytes(&bytes);
            let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
            inspect_bytes(b64.as_bytes());
        }
    }
}

/// Adversarial 2 MB pastes that would be quadratic in a naive decoder: each must finish quickly
/// and produce a bounded report.
#[test]
fn adversarial_large_pastes_stay_linear() {
    let cases: Vec<(&str, String)> = vec![
        ("many blank-separated chunks", "word\n\n".repeat(300_000)),
        (
            "a token followed by base64 words",
            format!("k8s-aws-v1.aHR0 {}", "QUFB ".repeat(400_000)),
        ),
        ("many PEM BEGIN lines without END", "-----BEGIN CERTIFICATE-----\nMIIB\n".repeat(60_000)),
        ("an unterminated flow collection", format!("key: [\n{}", "a,\n".repeat(600_000))),
        ("an unterminated quoted scalar", format!("key: \"\n{}", "text\n".repeat(400_000))),
        (
            "many unknown base64 blobs",
            format!("{}\n\n", "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB").repeat(40_000),
        ),
        ("many ARNs", "arn:aws:iam::111122223333:role/x ".repeat(60_000)),
        (
            "many distinct ARNs",
            (0..60_000).map(|i| format!("arn:aws:iam::111122223333:role/r{i}\n")).collect(),
        ),
    ];
    for (what, text) in cases {
        let started = std::time::Instant::now();
        let report = eksplain::inspect(&[Input::text(&text)], at("2026-01-01T00:00:00Z"));
        let elapsed = started.elapsed();
        eprintln!("{what}: {elapsed:?}");
        assert!(elapsed.as_secs() < 15, "{what}: took {elapsed:?}");
        let n_findings = report.all_findings().count();
        assert!(n_findings < 50_000, "{what}: {n_findings} findings");
        assert!(
            report.findings.len() <= 30,
            "{what}: {} report-level findings",
            report.findings.len()
        );
    }
}
