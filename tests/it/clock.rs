//! Time in a report: the live fields the page redraws every second (`Fact::Clocked`) read what
//! a fresh inspection would, and `Report::next_change` names the instant from which (or just
//! after which) a fresh inspection gives other findings: the page inspects again 1 ms after it,
//! and only then.

use eksplain::facts::Fact;
use eksplain::report::{Kind, Report};
use time::{Duration, OffsetDateTime};

use crate::{at, first, fixture, inspect_text};

fn ids(report: &Report) -> Vec<&'static str> {
    report.all_findings().map(|f| f.id.as_str()).collect()
}

/// Every live field of `report`, made at `now`, reads as its clock says at `now`; and at `later`
/// it reads as a fresh inspection at `later` writes it.
fn live_fields_agree(text: &str, now: &str, later: &str) -> usize {
    let report = inspect_text(text, now);
    let fresh = inspect_text(text, later);
    let mut n = 0;
    for (art, again) in report.artefacts.iter().zip(&fresh.artefacts) {
        for fact in &art.facts {
            if let Fact::Clocked { key, clock } = fact {
                assert_eq!(art.get(key), Some(clock.text(at(now)).as_str()), "{key} at {now}");
                assert_eq!(
                    again.get(key),
                    Some(clock.text(at(later)).as_str()),
                    "{key} at {later}"
                );
                n += 1;
            }
        }
    }
    n
}

#[test]
fn countdowns_read_what_a_fresh_inspection_writes() {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    let case = &doc["cases"][1];
    let token = case["token"].as_str().unwrap();
    let exec = case["exec_credential"].as_str().unwrap();
    let signed = token_signed_at(token);
    let t = |minutes: i64, seconds: i64| {
        eksplain::when::rfc3339(signed + Duration::minutes(minutes) + Duration::seconds(seconds))
    };
    // Before signing, inside the 15 minutes, after them.
    assert_eq!(live_fields_agree(token, &t(-3, 0), &t(-1, -7)), 1);
    assert_eq!(live_fields_agree(token, &t(5, 0), &t(9, 59)), 1);
    assert_eq!(live_fields_agree(token, &t(14, 59), &t(15, 1)), 1);
    // get-token output: the client's refresh too.
    assert_eq!(live_fields_agree(exec, &t(1, 0), &t(14, 30)), 2);
    let creds = fixture("aws-cli/assume-role.json");
    assert_eq!(live_fields_agree(&creds, "2026-11-28T12:00:00Z", "2026-11-28T13:00:02Z"), 1);
    let jwt = fixture("aws-cli/irsa-token.jwt");
    assert_eq!(live_fields_agree(&jwt, "2026-11-28T12:00:00Z", "2026-12-01T00:00:00Z"), 3);
    // A certificate's validity is not redrawn every second (it is made again at its boundaries).
    assert_eq!(
        live_fields_agree(
            &fixture("cert/eks-ca.b64"),
            "2026-01-01T00:00:00Z",
            "2026-01-02T00:00:00Z"
        ),
        0
    );
}

fn token_signed_at(token: &str) -> OffsetDateTime {
    let report = inspect_text(token, "2026-01-01T00:00:00Z");
    let art = first(&report, Kind::EksToken);
    at(art.get("signed_at").unwrap())
}

#[test]
fn a_token_changes_its_findings_when_it_expires_and_not_before() {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    let token = doc["cases"][1]["token"].as_str().unwrap();
    let signed = token_signed_at(token);
    let now = signed + Duration::minutes(5);
    let report = eksplain::inspect(&[eksplain::Input::text(token)], now);
    let until = signed + Duration::minutes(15);
    assert_eq!(report.next_change(now), Some(until));
    // Nothing changes up to the boundary, everything just after it.
    let at_boundary = eksplain::inspect(&[eksplain::Input::text(token)], until);
    assert!(!ids(&at_boundary).contains(&"token.expired"), "{:?}", ids(&at_boundary));
    assert!(ids(&at_boundary).contains(&"token.locally-valid"));
    // Made exactly at the boundary, it is made again just after it.
    assert_eq!(at_boundary.next_change(until), Some(until));
    let after =
        eksplain::inspect(&[eksplain::Input::text(token)], until + Duration::milliseconds(1));
    assert!(ids(&after).contains(&"token.expired"), "{:?}", ids(&after));
    assert!(!ids(&after).contains(&"token.locally-valid"));
    assert_eq!(after.next_change(until + Duration::milliseconds(1)), None, "nothing changes after");
    // Signed in the future: token.future goes 61 s before the signing time, then the expiry.
    let early = signed - Duration::minutes(10);
    let report = eksplain::inspect(&[eksplain::Input::text(token)], early);
    assert!(ids(&report).contains(&"token.future"));
    let next = report.next_change(early).unwrap();
    assert_eq!(next, signed - Duration::seconds(61));
    let then = eksplain::inspect(&[eksplain::Input::text(token)], next + Duration::milliseconds(1));
    assert!(!ids(&then).contains(&"token.future"), "{:?}", ids(&then));
    assert_eq!(then.next_change(next + Duration::milliseconds(1)), Some(until));
}

#[test]
fn every_time_check_names_its_boundary() {
    // Session credentials and the token minted from them: both flip when the credentials expire.
    let creds = fixture("aws-cli/assume-role.json");
    let token = fixture("aws-cli/get-token-from-assume-role.json");
    let both = format!("{creds}\n---\n{token}");
    let report = inspect_text(&both, "2026-11-28T12:59:00Z");
    let expiry = at("2026-11-28T13:00:00Z");
    assert_eq!(report.next_change(at("2026-11-28T12:59:00Z")), Some(expiry));
    let after =
        eksplain::inspect(&[eksplain::Input::text(&both)], expiry + Duration::milliseconds(1));
    assert!(ids(&after).contains(&"credentials.expired"), "{:?}", ids(&after));
    assert!(ids(&after).contains(&"credentials.token-outlived"), "{:?}", ids(&after));
    // A service-account token: jwt.expired at `exp`.
    let jwt = fixture("aws-cli/irsa-token.jwt");
    let exp = OffsetDateTime::from_unix_timestamp(1_795_953_600).unwrap();
    let report = eksplain::inspect(&[eksplain::Input::text(&jwt)], exp - Duration::hours(1));
    assert_eq!(report.next_change(exp - Duration::hours(1)), Some(exp));
    assert!(!ids(&report).contains(&"jwt.expired"));
    let after = eksplain::inspect(&[eksplain::Input::text(&jwt)], exp + Duration::milliseconds(1));
    assert!(ids(&after).contains(&"jwt.expired"));
    // A certificate: not yet valid, valid, expiring soon (30 days), expired.
    let ca = fixture("cert/eks-ca.b64");
    let report = inspect_text(&ca, "2000-01-01T00:00:00Z");
    let art = first(&report, Kind::CertificateAuthorityData);
    let not_before = at(art.get("not_before").unwrap());
    let not_after = at(art.get("not_after").unwrap());
    let mut now = at("2000-01-01T00:00:00Z");
    let mut seen = Vec::new();
    let ca_ids = |now| {
        let r = eksplain::inspect(&[eksplain::Input::text(&ca)], now);
        let mut ids: Vec<&str> = ids(&r).into_iter().filter(|i| i.starts_with("cert.")).collect();
        ids.retain(|i| *i != "cert.eks-cluster-ca");
        (r, ids.join(","))
    };
    loop {
        let (report, found) = ca_ids(now);
        seen.push(found);
        let Some(next) = report.next_change(now) else { break };
        // Just before the boundary, findings are as at `now`; just after, they differ.
        assert_eq!(ca_ids(next - Duration::milliseconds(1)).1, *seen.last().unwrap(), "at {next}");
        now = next + Duration::milliseconds(1);
    }
    assert_eq!(seen, ["cert.not-yet-valid", "", "cert.expires-soon", "cert.expired"]);
    assert_eq!(now, not_after + Duration::milliseconds(1));
    assert!(not_before < not_after);
}

#[test]
fn a_ca_bundle_changes_at_its_next_expiry_only() {
    let bundle = fixture("cert/ca-certificates.crt");
    let now = at("2026-11-28T11:10:00Z");
    let report = eksplain::inspect(&[eksplain::Input::text(&bundle)], now);
    let next = report.next_change(now).unwrap();
    let before =
        eksplain::inspect(&[eksplain::Input::text(&bundle)], next - Duration::milliseconds(1));
    let after =
        eksplain::inspect(&[eksplain::Input::text(&bundle)], next + Duration::milliseconds(1));
    assert_eq!(ids(&report), ids(&before), "nothing changes before {next}");
    assert_ne!(ids(&before), ids(&after), "something changes just after {next}");
}

#[test]
fn the_page_clock_converts_whole_milliseconds_exactly() {
    use eksplain::when::from_unix_millis;
    let ms = 1_795_864_143_766.0;
    let at = from_unix_millis(ms);
    assert_eq!(at.unix_timestamp_nanos(), 1_795_864_143_766_000_000);
    assert_eq!(from_unix_millis(ms + 0.5).unix_timestamp_nanos(), 1_795_864_143_766_500_000);
    for odd in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, -1e300] {
        assert_eq!(from_unix_millis(odd), OffsetDateTime::UNIX_EPOCH, "{odd}");
    }
}

#[test]
fn only_time_sensitive_kinds_have_live_fields() {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    let case = &doc["cases"][1];
    let inputs = [
        case["token"].as_str().unwrap().to_string(),
        case["exec_credential"].as_str().unwrap().to_string(),
        case["url"].as_str().unwrap().to_string(),
        fixture("aws-cli/assume-role.json"),
        fixture("aws-cli/irsa-token.jwt"),
        fixture("aws-cli/kubeconfig-plain.yaml"),
        fixture("cert/ca-certificates.crt"),
    ];
    let mut live = Vec::new();
    for text in &inputs {
        for art in inspect_text(text, "2026-11-28T12:00:00Z").artefacts {
            let clocked = art.facts.iter().any(|f| matches!(f, Fact::Clocked { .. }));
            assert!(!clocked || art.kind.info().time_sensitive, "{:?} has a live field", art.kind);
            if clocked {
                live.push(art.kind);
            }
        }
    }
    for kind in [
        Kind::EksToken,
        Kind::ExecCredential,
        Kind::StsPresignedUrl,
        Kind::SessionCredentials,
        Kind::Jwt,
    ] {
        assert!(live.contains(&kind), "no live field on {kind:?}");
    }
}
