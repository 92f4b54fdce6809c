//! Links (`src/link.rs`): round trips, the size limit, garbage fragments, and `eksplain link`.

use eksplain::generate::{Options, TARGETS};
use eksplain::link::{self, Gen, Link, MAX_LINK_BYTES};

use crate::cli::run;

const BASE: &str = "https://example.test/eksplain/";

fn fragment(link: &str) -> &str {
    link.split_once('#').map(|(_, f)| f).unwrap()
}

fn gen(target: &str, principal: &str) -> Gen {
    Gen {
        target: target.to_string(),
        options: Options { principal: principal.to_string(), ..Options::default() },
    }
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn input_links_round_trip() {
    let texts = [
        String::from("arn:aws:iam::111122223333:role/admin"),
        crate::fixture("story/caller-ci.json")
            + "\n---\n"
            + &crate::fixture("story/aws-auth-laptop.yaml"),
        String::from("ünïcødé ✓ 🚀\r\n\ttabs & = # % + ?"),
        (0u8..128).map(char::from).collect(),
        String::from("x"),
    ];
    for text in texts {
        let made = link::input_link(BASE, &text).unwrap();
        assert!(made.starts_with("https://example.test/eksplain/#input="), "{made}");
        let encoded = fragment(&made).strip_prefix("input=").unwrap();
        assert!(
            encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "base64url without padding: {encoded}"
        );
        assert_eq!(link::parse(fragment(&made)), Link::Input(text.clone()));
        assert_eq!(link::parse(&format!("#{}", fragment(&made))), Link::Input(text.clone()));
    }
    // Standard base64, padding and a link wrapped over lines are read too.
    assert_eq!(link::parse("#input=YXJuOmF3cw=="), Link::Input(String::from("arn:aws")));
    assert_eq!(link::parse("#input=Pz8+"), Link::Input(String::from("??>")));
    assert_eq!(link::parse("#input=Pz8-"), Link::Input(String::from("??>")));
    assert_eq!(link::parse("input=YXJu%0AOmF3cw"), Link::Input(String::from("arn:aws")));
    // A base that already has a fragment or a query keeps the query and loses the fragment.
    let made = link::input_link("https://h.test/p/?q=1#explain", "x").unwrap();
    assert_eq!(made, "https://h.test/p/?q=1#input=eA");
}

#[test]
fn gen_links_round_trip_with_awkward_values() {
    let g = Gen {
        target: String::from("all"),
        options: Options {
            principal: String::from("arn:aws:iam::111122223333:role/path/ci+deploy@x.y,z"),
            username: Some(String::from("ci:{{SessionName}}")),
            groups: vec![String::from("a&b=c"), String::from("with space"), String::from("#hash%")],
            policy: Some(String::from("AmazonEKSViewPolicy")),
            namespaces: vec![String::from("apps"), String::from("dev-*"), String::from("ünï")],
            cluster: Some(String::from("prod")),
            region: Some(String::from("eu-west-1")),
            aws_auth: None,
        },
    };
    let made = link::gen_link(BASE, &g).unwrap();
    assert!(
        made.starts_with(
            "https://example.test/eksplain/#gen=all&principal=arn:aws:iam::111122223333:role/path/ci%2Bdeploy@x.y,z&cluster=prod&region=eu-west-1"
        ),
        "{made}"
    );
    assert_eq!(link::parse(fragment(&made)), Link::Gen(g.clone()));
    for target in TARGETS {
        let one = Gen { target: target.name().to_string(), ..g.clone() };
        assert_eq!(link::parse(fragment(&link::gen_link(BASE, &one).unwrap())), Link::Gen(one));
    }
    // Only what is set goes in the link; empty values read as unset.
    let bare = gen("aws-cli", "arn:aws:iam::111122223333:user/jane");
    let made = link::gen_link(BASE, &bare).unwrap();
    assert_eq!(fragment(&made), "gen=aws-cli&principal=arn:aws:iam::111122223333:user/jane");
    assert_eq!(
        link::parse(
            "#gen=aws-cli&principal=arn:aws:iam::111122223333:user/jane&cluster=&group=&username="
        ),
        Link::Gen(bare)
    );
    // `+` is a plus, never a space (IAM names may hold one).
    match link::parse("#gen=aws-auth&principal=arn:aws:iam::1:role/a+b") {
        Link::Gen(g) => assert_eq!(g.options.principal, "arn:aws:iam::1:role/a+b"),
        other => panic!("{other:?}"),
    }
    assert!(link::gen_link(BASE, &gen("nope", "arn:aws:iam::1:role/x")).is_err());
    assert!(link::gen_link(BASE, &gen("aws-auth", " ")).is_err());
}

#[test]
fn explain_links_and_the_plain_page() {
    assert_eq!(
        link::explain_link(BASE, Some("token.expired")),
        format!("{BASE}#explain=token.expired")
    );
    assert_eq!(link::explain_link(BASE, None), format!("{BASE}#explain"));
    assert_eq!(
        link::parse("#explain=token.expired"),
        Link::Explain(Some(String::from("token.expired")))
    );
    assert_eq!(link::parse("#explain"), Link::Explain(None));
    assert_eq!(link::parse("#explain="), Link::Explain(None));
    assert_eq!(
        link::parse("#explain=%20token.expired%20"),
        Link::Explain(Some(String::from("token.expired")))
    );
    for empty in ["", "#", "   ", "#&&&"] {
        assert_eq!(link::parse(empty), Link::None, "{empty:?}");
    }
}

#[test]
fn broken_links_say_what_is_wrong() {
    let invalid = |fragment: &str| match link::parse(fragment) {
        Link::Invalid(why) => why,
        other => panic!("{fragment}: {other:?}"),
    };
    assert!(invalid("#whatever").contains("#explain=ID"));
    assert!(invalid("#gen=aws-auth").contains("no principal"));
    assert!(
        invalid("#gen=nope&principal=arn:aws:iam::1:role/x").contains("unknown target \"nope\"")
    );
    assert!(
        invalid("#gen=aws-auth&principal=arn:aws:iam::1:role/x&colour=red").contains("\"colour\"")
    );
    assert!(invalid("#input=!!!").contains("base64url"));
    assert!(invalid("#input=__8").contains("not UTF-8"));
    assert!(invalid("#input=eA&more=1").contains("only the input"));
    assert!(invalid("#explain=a&b=c").contains("one finding id"));
    assert!(invalid("#explain=%FF").contains("not valid percent-encoded UTF-8"));
}

#[test]
fn links_over_32_kb_are_refused_both_ways() {
    let base_len = BASE.len() + "#input=".len();
    // base64 of n bytes is ceil(4n/3) characters: find the longest text that fits exactly.
    let fits = (MAX_LINK_BYTES - base_len) * 3 / 4;
    let made = link::input_link(BASE, &"a".repeat(fits)).unwrap();
    assert!(made.len() <= MAX_LINK_BYTES);
    assert_eq!(link::parse(fragment(&made)), Link::Input("a".repeat(fits)));
    let err = link::input_link(BASE, &"a".repeat(fits + 3)).unwrap_err();
    assert!(err.contains("33 KB") && err.contains("32 KB"), "{err}");
    match link::parse(&format!("#input={}", "A".repeat(MAX_LINK_BYTES))) {
        Link::Invalid(why) => assert!(why.contains("32 KB") && why.contains("incomplete"), "{why}"),
        other => panic!("{other:?}"),
    }
    let many = Gen {
        options: Options {
            groups: vec![String::from("g"); MAX_LINK_BYTES / 4],
            ..gen("aws-auth", "arn:aws:iam::1:role/x").options
        },
        ..gen("aws-auth", "arn:aws:iam::1:role/x")
    };
    assert!(link::gen_link(BASE, &many).unwrap_err().contains("32 KB"));
}

#[test]
fn garbage_fragments_never_panic() {
    let good = [
        link::input_link(BASE, &crate::fixture("examples/get-token.json")).unwrap(),
        link::gen_link(BASE, &gen("all", "arn:aws:iam::111122223333:role/x")).unwrap(),
        link::explain_link(BASE, Some("token.expired")),
    ];
    let alphabet = b"%&=#+-_/.:AZaz09 \n\xc3\xa9explaingenpinput";
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut seen = 0;
    for link in &good {
        let frag = fragment(link);
        // Every truncation.
        for cut in 0..=frag.len() {
            if let Some(head) = frag.get(..cut) {
                let _ = link::parse(head);
                seen += 1;
            }
        }
        // Random mutations.
        for _ in 0..2_000 {
            let mut bytes = frag.as_bytes().to_vec();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(bytes.len().max(1));
                match rng.below(3) {
                    0 if !bytes.is_empty() => {
                        bytes.remove(at.min(bytes.len() - 1));
                    }
                    1 => bytes.insert(at.min(bytes.len()), alphabet[rng.below(alphabet.len())]),
                    _ => {
                        if let Some(b) = bytes.get_mut(at) {
                            *b = alphabet[rng.below(alphabet.len())];
                        }
                    }
                }
            }
            let _ = link::parse(&String::from_utf8_lossy(&bytes));
            seen += 1;
        }
    }
    // Random text, and pathological shapes.
    for _ in 0..2_000 {
        let len = rng.below(200);
        let text: String =
            (0..len).map(|_| char::from(alphabet[rng.below(alphabet.len())] & 0x7f)).collect();
        let _ = link::parse(&text);
    }
    for text in [
        "%".repeat(10_000),
        "&".repeat(10_000),
        "=".repeat(10_000),
        format!("gen={}", "&principal=x".repeat(2_000)),
        format!("input={}", "%FF".repeat(3_000)),
        String::from("gen=%E2%82"),
        String::from("\u{0}\u{fffd}#"),
    ] {
        let _ = link::parse(&text);
    }
    assert!(seen > 5_000);
}

#[test]
fn gen_text_is_what_eksplain_gen_prints() {
    let args = [
        "--principal",
        "arn:aws:sts::111122223333:assumed-role/ci-agent/x",
        "--cluster",
        "prod",
        "--group",
        "deployers",
        "--namespace",
        "apps",
    ];
    for target in TARGETS.iter().map(|t| t.name()).chain(["all"]) {
        let mut cli_args = vec!["gen", target];
        cli_args.extend(args);
        let (code, out, err) = run(&cli_args, "");
        assert_eq!(code, 0, "{err}");
        let parsed =
            link::parse_gen_args(&cli_args[1..].iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .unwrap();
        assert_eq!(link::gen_text(&parsed).unwrap(), out, "{target}");
        // The page reads the same request from its link.
        let from_link = match link::parse(fragment(&link::gen_link(BASE, &parsed).unwrap())) {
            Link::Gen(g) => g,
            other => panic!("{other:?}"),
        };
        assert_eq!(from_link, parsed);
        assert_eq!(from_link.command(), format!("eksplain gen {target} --principal arn:aws:sts::111122223333:assumed-role/ci-agent/x --cluster prod --group deployers --namespace apps"));
    }
}

#[test]
fn cli_link_prints_links() {
    // #input= from stdin and from files, joined as one paste.
    let (code, out, err) = run(&["link", "--base", BASE], "arn:aws:iam::111122223333:role/admin\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        link::parse(fragment(out.trim())),
        Link::Input(String::from("arn:aws:iam::111122223333:role/admin\n"))
    );
    assert!(err.contains("no secret found"), "{err}");
    let caller = format!("{}/tests/data/story/caller-ci.json", env!("CARGO_MANIFEST_DIR"));
    let auth = format!("{}/tests/data/story/aws-auth-laptop.yaml", env!("CARGO_MANIFEST_DIR"));
    let (code, out, _) = run(&["link", &caller, &auth, "--base=http://127.0.0.1:8080/"], "");
    assert_eq!(code, 0);
    assert!(out.starts_with("http://127.0.0.1:8080/#input="), "{out}");
    let text = match link::parse(fragment(out.trim())) {
        Link::Input(text) => text,
        other => panic!("{other:?}"),
    };
    let report = crate::inspect_text(&text, "2026-01-01T00:00:00Z");
    assert!(report.all_findings().any(|f| f.id == "access.not-mapped"), "{text}");
    // The default base is the hosted page.
    let (_, out, _) = run(&["link"], "x");
    assert!(out.starts_with(&format!("{}#input=", link::HOSTED_URL)), "{out}");
    // #gen= and #explain=.
    let (code, out, _) = run(
        &[
            "link",
            "--gen",
            "aws-cli",
            "--principal",
            "arn:aws:iam::1:role/x",
            "--cluster",
            "prod",
            "--base",
            BASE,
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("{BASE}#gen=aws-cli&principal=arn:aws:iam::1:role/x&cluster=prod")
    );
    let (code, out, _) = run(&["link", "--principal", "arn:aws:iam::1:role/x", "--gen=all"], "");
    assert_eq!(code, 0);
    assert!(out.contains("#gen=all&principal="), "{out}");
    let (code, out, _) = run(&["link", "--explain", "token.expired", "--base", BASE], "");
    assert_eq!((code, out.trim()), (0, format!("{BASE}#explain=token.expired").as_str()));
    let (code, out, _) = run(&["link", "--explain"], "");
    assert_eq!((code, out.trim()), (0, format!("{}#explain", link::HOSTED_URL).as_str()));
    // Mistakes are exit 2 with a reason.
    for (args, says) in [
        (vec!["link", "--explain", "token.expird"], "Nearest: token.expired"),
        (vec!["link", "--gen", "nope", "--principal", "arn:aws:iam::1:role/x"], "unknown target"),
        (vec!["link", "--gen", "aws-auth"], "needs --principal"),
        (
            vec!["link", "--gen", "aws-auth", "--principal", "arn:aws:s3:::bucket"],
            "not an IAM role",
        ),
        (vec!["link", "--gen"], "--gen needs a TARGET"),
        (vec!["link", "--base"], "--base needs"),
        (vec!["link", "--frobnicate"], "unknown option"),
        (vec!["link", "--gen", "aws-auth", "--explain"], "one of FILEs, --gen or --explain"),
        (vec!["link", "/nonexistent/file"], "cannot read /nonexistent/file"),
    ] {
        let (code, _, err) = run(&args, "");
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let (code, _, err) = run(&["link"], &"x".repeat(40_000));
    assert_eq!(code, 2);
    assert!(err.contains("32 KB"), "{err}");
    let der = std::env::temp_dir().join(format!("eksplain-link-{}.der", std::process::id()));
    std::fs::write(&der, [0x30, 0x82, 0xff, 0xfe, 0x00]).unwrap();
    let (code, _, err) = run(&["link", der.to_str().unwrap()], "");
    let _ = std::fs::remove_file(&der);
    assert_eq!(code, 2);
    assert!(err.contains("is not text"), "{err}");
}

/// The deep-link views, rendered server-side.
#[cfg(feature = "web")]
mod views {
    use yew::prelude::*;

    use super::{gen, BASE};
    use eksplain::link;

    #[derive(Properties, PartialEq)]
    struct CatalogueAt {
        query: Option<String>,
        search: String,
    }

    #[component]
    fn Catalogue(props: &CatalogueAt) -> Html {
        eksplain::ui::catalogue(
            props.query.as_deref(),
            &props.search,
            Callback::noop(),
            Callback::noop(),
        )
    }

    #[derive(Properties, PartialEq)]
    struct GenAt {
        fragment: String,
    }

    #[component]
    fn GenView(props: &GenAt) -> Html {
        match link::parse(&props.fragment) {
            link::Link::Gen(gen) => eksplain::ui::gen_view(&gen, Callback::noop()),
            other => html! { { format!("{other:?}") } },
        }
    }

    async fn catalogue(query: Option<&str>, search: &str) -> String {
        let props = CatalogueAt { query: query.map(str::to_string), search: search.to_string() };
        yew::LocalServerRenderer::<Catalogue>::with_props(props).render().await
    }

    /// Text as Yew escapes it in the DOM.
    fn escaped(text: &str) -> String {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }

    #[tokio::test]
    async fn an_entry_in_full_then_the_list() {
        let html = catalogue(Some("token.expired"), "").await;
        let id = eksplain::findings::Id::from_name("token.expired").unwrap();
        assert!(html.contains("data-id=\"token.expired\""), "{html}");
        for text in [id.title(), id.meaning(), id.fix().unwrap(), id.authenticator().unwrap()] {
            assert!(html.contains(&escaped(text)), "no {text:?} in {html}");
        }
        assert_eq!(html.matches("<li ").count(), eksplain::findings::ALL.len());
        assert!(html.contains("href=\"#explain=aws-auth.empty\""));
    }

    #[tokio::test]
    async fn an_unknown_id_gets_suggestions_and_search_filters() {
        let html = catalogue(Some("token.expird"), "").await;
        assert!(html.contains("No finding id"), "{html}");
        assert!(html.contains("<a href=\"#explain=token.expired\">"), "{html}");
        let html = catalogue(None, "CA  X509").await;
        let listed = html.matches("<li ").count();
        assert!(listed > 0 && listed < 10, "{listed}: {html}");
        let html = catalogue(None, "no such words anywhere").await;
        assert_eq!(html.matches("<li ").count(), 0);
    }

    #[tokio::test]
    async fn the_gen_view_shows_what_eksplain_gen_prints() {
        let mut g = gen("all", "arn:aws:iam::111122223333:role/a/b");
        g.options.cluster = Some(String::from("prod"));
        g.options.username = Some(String::from("<b>&\"x\""));
        let made = link::gen_link(BASE, &g).unwrap();
        let props = GenAt { fragment: made.split_once('#').unwrap().1.to_string() };
        let html = yew::LocalServerRenderer::<GenView>::with_props(props).render().await;
        for target in g.targets() {
            let text = link::target_text(target, &g.options).unwrap();
            assert!(
                html.contains(&escaped(&text)),
                "{} not shown as printed:\n{html}",
                target.name()
            );
        }
        assert!(!html.contains("<b>&"), "{html}");
    }
}

#[test]
fn share_links_hold_no_secret_but_still_decode() {
    let minted: serde_json::Value =
        serde_json::from_str(&crate::fixture("token/minted.json")).unwrap();
    let session = minted["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "us-west-2-regional-session")
        .unwrap();
    let url = session["url"].as_str().unwrap();
    let query = |name: &str| {
        url.split(['?', '&'])
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .unwrap()
            .to_string()
    };
    let (signature, session_token) = (query("X-Amz-Signature"), query("X-Amz-Security-Token"));
    let cases: Vec<(String, Vec<String>)> = vec![
        (
            session["exec_credential"].as_str().unwrap().to_string(),
            vec![signature.clone(), session_token.clone(), session["session_token"].as_str().unwrap().to_string()],
        ),
        (crate::fixture("examples/get-token.json"), vec![String::from("7eabaee80b7e00946b4b13441b5702f3e314b0d8435d01218ec36795e3fe8660")]),
        (
            String::from(
                "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: Zm9vYmFyYmF6cXV4c2VjcmV0dG9rZW4\n    client-key-data: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lCQURBTkJna3Foa2lHOXcwQg==\n",
            ),
            vec![String::from("Zm9vYmFyYmF6cXV4c2VjcmV0dG9rZW4"), String::from("LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lCQURBTkJna3Foa2lHOXcwQg")],
        ),
        (
            String::from("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oUHVQ7c7s1aioAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n"),
            vec![String::from("MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oUHVQ7c7s1aioAoGCCqGSM49")],
        ),
        (
            String::from("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL29pZGMuZWtzIiwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50OmE6YiJ9.c2lnbmF0dXJlLXRoYXQtaXMtc2VjcmV0LXNpZ25hdHVyZQ"),
            vec![String::from("c2lnbmF0dXJlLXRoYXQtaXMtc2VjcmV0LXNpZ25hdHVyZQ")],
        ),
        (
            String::from(r#"{"Credentials": {"AccessKeyId": "ASIAWO645SY5APNKM3IT", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "SessionToken": "FwoGZXIvYXdzEXAMPLEsessiontokenvalue1234567890", "Expiration": "2026-11-28T12:00:00Z"}}"#),
            vec![String::from("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), String::from("FwoGZXIvYXdzEXAMPLEsessiontokenvalue1234567890")],
        ),
    ];
    for (text, secrets) in cases {
        assert!(!link::secrets_in(&text).is_empty(), "no secret found in {text}");
        let share = link::share_link(BASE, &text).unwrap();
        assert!(!share.removed.is_empty());
        let shared = match link::parse(fragment(&share.link)) {
            Link::Input(shared) => shared,
            other => panic!("{other:?}"),
        };
        for secret in &secrets {
            assert!(!shared.contains(secret.as_str()), "{secret} left in {shared}");
        }
        // Whoever opens it is not told it holds a secret, and the token still decodes.
        assert!(link::secrets_in(&shared).is_empty(), "{shared}");
        let before = crate::inspect_text(&text, "2026-11-28T11:10:00Z");
        let after = crate::inspect_text(&shared, "2026-11-28T11:10:00Z");
        for key in ["account_id", "sts_host", "signing_region", "signed_at"] {
            let value = |r: &eksplain::Report| {
                r.artefacts
                    .iter()
                    .flat_map(|a| &a.fields)
                    .find(|f| f.key == key)
                    .map(|f| f.value.clone())
            };
            assert_eq!(value(&before), value(&after), "{key} changed by redaction");
            if text.contains("k8s-aws-v1.") {
                assert!(value(&after).is_some(), "no {key} after redaction");
            }
        }
    }
    // The CLI says what it took out, on stderr.
    let (code, out, err) =
        run(&["link", "--base", BASE], session["exec_credential"].as_str().unwrap());
    assert_eq!(code, 0);
    assert!(
        err.contains("taken out of the link: session token")
            && err.contains("signature (64 characters"),
        "{err}"
    );
    assert!(!out.contains(&signature));
}
