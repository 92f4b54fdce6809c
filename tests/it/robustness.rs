//! Never panic on input: truncations and mutations of every fixture, random bytes, huge pastes.
//! A bounded, deterministic property test that runs in every `cargo test`.

use std::collections::BTreeSet;

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

/// Every fixture file (the CA bundle, every certificate, the story files, the example), minted
/// tokens in their three forms (one per partition), and the input of every case of the finding-id
/// table (tests/it/every_id.rs): between them every kind eksplain reads (kubeconfig,
/// describe-cluster, access entries, Terraform, JWT, error messages…), as
/// `seeds_cover_every_kind` checks.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if !path.ends_with("token/minted.json") && !path.ends_with("cert/expected.json") {
            let name = path.strip_prefix(dir).unwrap().to_string_lossy().to_string();
            seeds.push((name, std::fs::read(&path).unwrap()));
        }
    }
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    for name in [
        "us-east-1-regional-session",
        "cn-north-1-regional-session",
        "us-gov-east-1-regional-longterm",
    ] {
        let case = doc["cases"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap();
        for form in ["token", "exec_credential", "url"] {
            seeds.push((
                format!("minted {name} {form}"),
                case[form].as_str().unwrap().as_bytes().to_vec(),
            ));
        }
    }
    for (id, data) in crate::every_id::case_pastes() {
        // The 2 MiB input.too-large case is what the large-paste tests below are about.
        if data.len() <= 1024 * 1024 {
            seeds.push((format!("finding-id case {id}"), data));
        }
    }
    seeds
}

/// How many cuts or mutations a seed of `len` bytes gets: up to `most`, fewer for big seeds so
/// that each costs about the same (the 200 KB CA bundle gets four).
fn budget(len: usize, most: usize) -> usize {
    (50_000 / len.max(1)).clamp(4, most)
}

#[test]
fn seeds_cover_every_kind() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.md")).unwrap();
    let kinds_table = doc.split("## Kinds").nth(1).unwrap().split("\n## ").next().unwrap();
    let documented: BTreeSet<String> = kinds_table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| l.split('`').nth(1).unwrap().to_string())
        .collect();
    assert!(documented.len() >= 20, "{documented:?}");
    let seeds = seeds();
    let mut seen = BTreeSet::new();
    for (_, data) in &seeds {
        let report = eksplain::inspect(&[Input::file("seed", data)], at("2026-01-01T00:00:00Z"));
        seen.extend(report.artefacts.iter().map(|a| a.kind.as_str().to_string()));
    }
    let missing: Vec<_> = documented.difference(&seen).collect();
    assert!(missing.is_empty(), "no seed holds {missing:?} ({} seeds)", seeds.len());
    let names: Vec<&str> = seeds.iter().map(|(n, _)| n.as_str()).collect();
    for file in [
        "cert/ca-certificates.crt",
        "cert/eks-ca.b64",
        "story/aws-auth-laptop.yaml",
        "examples/get-token.json",
    ] {
        assert!(names.contains(&file), "{file} is not a seed: {names:?}");
    }
}

#[test]
fn truncations_of_every_fixture() {
    for (_, bytes) in seeds() {
        let step = (bytes.len() / budget(bytes.len(), 24)).max(1);
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
    for (_, seed) in seeds() {
        for _ in 0..budget(seed.len(), 40) {
            let mut bytes = seed.clone();
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

fn minted_token() -> String {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    doc["cases"][0]["token"].as_str().unwrap().to_string()
}

#[test]
fn a_five_megabyte_paste_is_cut_with_a_message() {
    let token = minted_token();
    let big = format!("{token}\n\n{}", "A".repeat(5 * 1024 * 1024));
    let started = std::time::Instant::now();
    let report = eksplain::inspect(&[Input::text(&big)], at("2026-01-01T00:00:00Z"));
    assert!(report.findings.iter().any(|f| f.id == "input.too-large"));
    assert_eq!(report.artefacts[0].kind, eksplain::report::Kind::EksToken);
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

/// The cap is exactly 2 MiB, and a cut inside a multi-byte UTF-8 character keeps the text before
/// it (not "binary", no panic).
#[test]
fn the_two_mebibyte_cap_is_exact_and_cuts_between_characters() {
    const MAX: usize = 2 * 1024 * 1024;
    assert_eq!(eksplain::detect::MAX_INPUT_BYTES, MAX);
    let arn = "arn:aws:iam::111122223333:role/last-before-the-cut";
    // `arn`, a space, then spaces up to `len` bytes in all (a space is never a piece).
    let padded = |len: usize| format!("{arn} {}", " ".repeat(len - arn.len() - 1));
    let ids = |text: &str| -> Vec<String> {
        let report = eksplain::inspect(&[Input::text(text)], at("2026-01-01T00:00:00Z"));
        assert!(report.artefacts.iter().any(|a| a.get("arn") == Some(arn)), "the ARN is read");
        report.findings.iter().map(|f| f.id.to_string()).collect()
    };
    assert!(
        !ids(&padded(MAX)).contains(&String::from("input.too-large")),
        "exactly 2 MiB is whole"
    );
    assert!(ids(&padded(MAX + 1)).contains(&String::from("input.too-large")), "2 MiB + 1 is cut");
    // A two-, three- and four-byte character whose first byte is the last byte kept.
    for ch in ['é', '€', '😀'] {
        let text = format!("{}{ch} tail", padded(MAX - 1));
        assert_eq!(text.find(ch), Some(MAX - 1));
        let found = ids(&text);
        assert!(found.contains(&String::from("input.too-large")), "{ch}: {found:?}");
        assert!(!found.contains(&String::from("input.binary")), "{ch}: {found:?}");
    }
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
    let mut n_passing = 0;
    for round in 0..3000 {
        let mut url = if round % 4 == 0 {
            // A good URL with at most one parameter added: these mostly pass.
            let mut url = format!("{}&", crate::token::GOOD);
            if rng.next() % 2 == 0 {
                url.push_str(&format!("{}={}", pick(&mut rng, &keys), pick(&mut rng, &values)));
            }
            url
        } else {
            format!(
                "{}{}{}?",
                pick(&mut rng, &schemes),
                pick(&mut rng, &hosts),
                pick(&mut rng, &paths)
            )
        };
        for _ in 0..if round % 4 == 0 { 0 } else { rng.next() % 12 } {
            url.push_str(&format!("{}={}&", pick(&mut rng, &keys), pick(&mut rng, &values)));
        }
        let token =
            format!("k8s-aws-v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&url));
        let report = eksplain::inspect(&[Input::text(&token)], at("2023-04-28T00:05:00Z"));
        let tokens: Vec<_> = report
            .artefacts
            .iter()
            .filter(|a| a.kind == eksplain::report::Kind::EksToken)
            .collect();
        assert_eq!(tokens.len(), 1, "{url}: one token artefact");
        let art = tokens[0];
        let errors: Vec<_> = art
            .findings
            .iter()
            .filter(|f| f.severity == eksplain::report::Severity::Error)
            .collect();
        let passes = art.findings.iter().any(|f| f.id == "token.locally-valid");
        if passes {
            assert!(errors.is_empty(), "{url}: passes, yet {errors:?}");
            n_passing += 1;
        } else {
            assert_eq!(errors.len(), 1, "{url}: a failing token names exactly one error");
            let error = errors[0];
            assert!(allowed.contains(&&*error.id), "{url}: {}", error.id);
            assert!(error.authenticator.as_deref().is_some_and(|t| !t.is_empty()), "{url}");
        }
    }
    // The generator reaches both outcomes.
    assert!(n_passing > 0 && n_passing < 3000, "{n_passing} of 3000 pass");
}

/// The certificate path on mutated DER: flipped, inserted and removed bytes in every fixture
/// certificate (all of expected.json: the CA bundle, the EKS CA, the openssl-made odd cases).
#[test]
fn certificate_decoder_on_mutated_der() {
    use base64::Engine as _;
    let expected: serde_json::Value = serde_json::from_str(&fixture("cert/expected.json")).unwrap();
    let mut ders: Vec<(String, Vec<u8>)> = Vec::new();
    for (file, list) in expected.as_object().unwrap() {
        let Some(list) = list.as_array() else { continue };
        let pem = fixture(&format!("cert/{file}"));
        let found: Vec<Vec<u8>> = pem
            .split("-----END CERTIFICATE-----")
            .filter_map(|block| block.split("-----BEGIN CERTIFICATE-----").nth(1))
            .map(|body| {
                base64::engine::general_purpose::STANDARD
                    .decode(body.split_whitespace().collect::<String>())
                    .unwrap()
            })
            .collect();
        assert_eq!(found.len(), list.len(), "{file}");
        ders.extend(found.into_iter().map(|der| (file.clone(), der)));
    }
    let total: usize =
        expected.as_object().unwrap().values().filter_map(|v| v.as_array()).map(Vec::len).sum();
    assert_eq!(ders.len(), total);
    let mut rng = Lcg(99);
    for (file, der) in &ders {
        // Each of the 142 bundle certificates gets fewer mutations than the eleven made here.
        let rounds = if file == "ca-certificates.crt" { 16 } else { 400 };
        for _ in 0..rounds {
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

/// Makes a paste of about the given number of bytes.
type Maker = fn(usize) -> String;

/// Adversarial pastes that would be quadratic in a naive decoder, each made by repeating a unit.
fn adversarial() -> Vec<(&'static str, Maker)> {
    vec![
        ("many blank-separated chunks", |n| "word\n\n".repeat(n / 6)),
        ("a token followed by base64 words", |n| {
            format!("k8s-aws-v1.aHR0 {}", "QUFB ".repeat(n / 5))
        }),
        ("many PEM BEGIN lines without END", |n| {
            "-----BEGIN CERTIFICATE-----\nMIIB\n".repeat(n / 33)
        }),
        ("an unterminated flow collection", |n| format!("key: [\n{}", "a,\n".repeat(n / 3))),
        ("an unterminated quoted scalar", |n| format!("key: \"\n{}", "text\n".repeat(n / 5))),
        ("many unknown base64 blobs", |n| {
            format!("{}\n\n", "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB").repeat(n / 50)
        }),
        ("many ARNs", |n| "arn:aws:iam::111122223333:role/x ".repeat(n / 34)),
        ("many kubectl retry lines", |n| {
            "E1128 12:05:00.516729    4242 memcache.go:265] \"Unhandled Error\" err=\"the server has asked for the client to provide credentials\"\n".repeat(n / 130)
        }),
        ("many distinct error lines", |n| {
            (0..n / 60)
                .map(|i| format!("error: You must be logged in to the server ({i:07})\n"))
                .collect()
        }),
        ("many distinct ARNs", |n| {
            (0..n / 40).map(|i| format!("arn:aws:iam::111122223333:role/r{i:07}\n")).collect()
        }),
    ]
}

fn inspect_timed(text: &str) -> (std::time::Duration, eksplain::Report) {
    let started = std::time::Instant::now();
    let report = eksplain::inspect(&[Input::text(text)], at("2026-01-01T00:00:00Z"));
    (started.elapsed(), report)
}

/// The CPU time this thread spends inspecting `text`: unlike the wall clock, not inflated by
/// other processes or test threads competing for the CPU (Linux's /proc/thread-self/schedstat;
/// the wall clock where that cannot be read).
fn cpu_time_of(text: &str) -> std::time::Duration {
    let on_cpu = || -> Option<u64> {
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        stat.split_whitespace().next()?.parse().ok()
    };
    let (before, started) = (on_cpu(), std::time::Instant::now());
    let report = eksplain::inspect(&[Input::text(text)], at("2026-01-01T00:00:00Z"));
    let elapsed = started.elapsed();
    std::hint::black_box(report);
    match (before, on_cpu()) {
        (Some(a), Some(b)) if b > a => std::time::Duration::from_nanos(b - a),
        _ => elapsed,
    }
}

/// Adversarial 2 MB pastes finish quickly and give a bounded report; a paste of tens of thousands
/// of ARNs is capped at 2,000 artefacts and says so.
#[test]
fn adversarial_large_pastes_are_bounded() {
    for (what, make) in adversarial() {
        let text = make(2_000_000);
        assert!(text.len() <= eksplain::detect::MAX_INPUT_BYTES, "{what}: {} bytes", text.len());
        let (elapsed, report) = inspect_timed(&text);
        eprintln!("{what}: {elapsed:?}");
        assert!(elapsed.as_secs() < 15, "{what}: took {elapsed:?}");
        let n_findings = report.all_findings().count();
        assert!(n_findings < 50_000, "{what}: {n_findings} findings");
        assert!(
            report.findings.len() <= 30,
            "{what}: {} report-level findings",
            report.findings.len()
        );
        let too_many = report.findings.iter().any(|f| f.id == "input.too-many");
        if what.contains("ARNs") {
            assert_eq!(report.artefacts.len(), eksplain::MAX_ARTEFACTS, "{what}");
            assert!(too_many, "{what}: no input.too-many");
        } else {
            assert!(report.artefacts.len() <= eksplain::MAX_ARTEFACTS, "{what}");
        }
    }
}

/// Linear, not only fast: each adversarial paste at four times the size takes about four times
/// the time, and well under the sixteen times of quadratic work. The least CPU time of three runs
/// at each size is compared; the bound of eight times leaves room for a busy machine (at twice the
/// size and a bound of three, CI once measured 3.5 times on linear work: cache and allocator noise
/// while other tests ran).
#[test]
fn adversarial_pastes_scale_linearly() {
    const N: usize = 64 * 1024;
    let mut report = Vec::new();
    for (what, make) in adversarial() {
        let (small, large) = (make(N), make(4 * N));
        let (mut t1, mut t2) = (std::time::Duration::MAX, std::time::Duration::MAX);
        for _ in 0..3 {
            t1 = t1.min(cpu_time_of(&small));
            t2 = t2.min(cpu_time_of(&large));
        }
        let ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-6);
        report.push(format!("{what}: {t1:?} -> {t2:?} (x{ratio:.2})"));
        // 10 ms of slack for cases too fast to time.
        assert!(
            t2 <= t1 * 8 + std::time::Duration::from_millis(10),
            "{what} is not linear: {t1:?} at {} bytes, {t2:?} at {} bytes",
            small.len(),
            large.len()
        );
    }
    eprintln!("{}", report.join("\n"));
}
