//! Unit tests for the Go-compatible primitives.

use super::*;

#[test]
fn go_base64_matches_go_semantics() {
    assert_eq!(go_raw_url_decode("aGVsbG8").unwrap(), b"hello");
    // CR and LF are skipped.
    assert_eq!(go_raw_url_decode("aGVs\r\nbG8").unwrap(), b"hello");
    // Padding is an illegal byte for RawURLEncoding.
    assert_eq!(go_raw_url_decode("aGVsbG8="), Err(7));
    // Standard-alphabet characters are illegal.
    assert_eq!(go_raw_url_decode("ab+d"), Err(2));
    // A lone trailing character cannot be decoded.
    assert_eq!(go_raw_url_decode("aGVsb"), Err(4));
    // Non-strict: trailing bits are ignored.
    assert_eq!(go_raw_url_decode("aGVsbG9").unwrap(), b"hello");
}

#[test]
fn go_url_parse_cases() {
    let url = go_url_parse("HTTPS://sts.us-west-2.amazonaws.com/?Action=X#frag").unwrap();
    assert_eq!(url.scheme, "https");
    assert_eq!(url.host, "sts.us-west-2.amazonaws.com");
    assert_eq!(url.path, "/");
    assert_eq!(url.raw_query, "Action=X");
    assert_eq!(
        go_url_parse(":ab:cd.af:/asda").unwrap_err(),
        "parse \":ab:cd.af:/asda\": missing protocol scheme"
    );
    assert_eq!(
        go_url_parse("https://h:x/").unwrap_err(),
        "parse \"https://h:x/\": invalid port \":x\" after host"
    );
    assert!(go_url_parse("https://h/\x01")
        .unwrap_err()
        .ends_with("net/url: invalid control character in URL"));
    assert_eq!(
        go_url_parse("https://h/%zz").unwrap_err(),
        "parse \"https://h/%zz\": invalid URL escape \"%zz\""
    );
    assert_eq!(go_url_parse("https://sts.amazonaws.com").unwrap().path, "");
    assert_eq!(
        go_url_parse("https://sts.amazonaws.com:443/").unwrap().host,
        "sts.amazonaws.com:443"
    );
}

#[test]
fn go_parse_query_cases() {
    let (values, err) = go_parse_query("a=1&b=2&a=3&c");
    assert!(err.is_none());
    assert_eq!(
        values,
        vec![
            (String::from("a"), vec![String::from("1"), String::from("3")]),
            (String::from("b"), vec![String::from("2")]),
            (String::from("c"), vec![String::new()]),
        ]
    );
    assert!(go_parse_query("a=1;b=2").1.is_some());
    assert!(go_parse_query("a=%zz").1.is_some());
    assert_eq!(go_parse_query("a=x+y").0[0].1[0], "x y");
}

#[test]
fn amz_date() {
    let at = parse_amz_date("20230428T000102Z").unwrap();
    assert_eq!(go_time_string(at), "2023-04-28 00:01:02 +0000 UTC");
    assert!(parse_amz_date("2023-04-28T00:00:00Z").unwrap_err().contains("cannot parse"));
    assert!(parse_amz_date("20231328T000000Z").unwrap_err().ends_with("month out of range"));
    assert!(parse_amz_date("20230428T000000Zx").unwrap_err().contains("extra text"));
    assert!(parse_amz_date("20230431T000000Z").unwrap_err().ends_with("day out of range"));
}

#[test]
fn atoi() {
    assert_eq!(go_atoi("+60"), Some(60));
    assert_eq!(go_atoi("-0"), Some(0));
    assert_eq!(go_atoi("6 0"), None);
    assert_eq!(go_atoi(""), None);
    assert_eq!(go_atoi("99999999999999999999"), None);
}

#[test]
fn hosts() {
    let ok = |h: &str| check_host(h).unwrap();
    assert_eq!(ok("sts.amazonaws.com").kind, EndpointKind::Global);
    assert_eq!(ok("sts.us-west-2.amazonaws.com").partition, "aws");
    assert_eq!(ok("sts.not-a-region.amazonaws.com").region, "not-a-region");
    assert_eq!(ok("sts-fips.us-east-1.amazonaws.com").kind, EndpointKind::Fips);
    assert_eq!(ok("sts.us-east-1.api.aws").kind, EndpointKind::DualStack);
    assert_eq!(ok("sts.cn-north-1.amazonaws.com.cn").partition, "aws-cn");
    assert_eq!(ok("sts.us-gov-west-1.amazonaws.com").partition, "aws-us-gov");
    assert!(check_host("sts.us-east-1.amazonaws.com.cn")
        .unwrap_err()
        .contains("unexpected hostname"));
    assert!(check_host("sts.amazonaws.com:443").is_err());
    assert!(check_host("sts.us-west-2.amazonaws.com:443").is_err());
    assert!(check_host("").unwrap_err().ends_with("host is empty"));
    assert!(check_host("evil.com").unwrap_err().contains("invalid host format"));
    assert!(check_host("sts.-x.amazonaws.com").unwrap_err().contains("invalid region identifier"));
}

#[test]
fn rfc3339_round_trip() {
    use crate::when::{parse_rfc3339, rfc3339};
    let at = parse_rfc3339("2023-04-28T00:15:00Z").unwrap();
    assert_eq!(rfc3339(at), "2023-04-28T00:15:00Z");
    assert_eq!(
        rfc3339(parse_rfc3339("2023-04-28T02:15:00.123456+02:00").unwrap()),
        "2023-04-28T00:15:00Z"
    );
    assert_eq!(
        rfc3339(parse_rfc3339("2023-04-27t23:15:00-01:00").unwrap()),
        "2023-04-28T00:15:00Z"
    );
    for bad in [
        "",
        "2023-04-28",
        "2023-04-28T00:15:00",
        "2023-13-01T00:00:00Z",
        "2023-02-30T00:00:00Z",
        "2023-04-28T24:00:00Z",
        "2023-04-28T00:15:00+2:00",
        "2023-04-28T00:15:00.Z",
        "yesterday",
    ] {
        assert!(parse_rfc3339(bad).is_none(), "{bad}");
    }
}

/// The joiner agrees with decoding the whole text at each step, for every way of breaking a token
/// into two or three words (including a signature cut inside a base64 quantum).
#[test]
fn token_join_agrees_with_decoding_it_whole() {
    use base64::Engine;
    let naive = |token: &str| {
        let url = super::lenient_url(token);
        url.rfind("X-Amz-Signature=").is_some_and(|at| {
            let sig = &url[at + 16..];
            sig.len() >= 64 && sig.chars().take(64).all(|c| c.is_ascii_hexdigit())
        })
    };
    let url = format!(
        "https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Signature=00&X-Amz-Signature={}",
        "0123456789abcdef".repeat(4)
    );
    let token =
        format!("k8s-aws-v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&url));
    assert!(naive(&token));
    let mut became_complete = Vec::new();
    for cut in 12..token.len() {
        let (a, b) = token.split_at(cut);
        let mut join = TokenJoin::new(a);
        assert_eq!(join.is_complete(), naive(a), "first {cut} characters");
        join.push(b);
        assert!(join.is_complete(), "cut at {cut}");
        if cut + 7 < token.len() {
            let (b1, b2) = b.split_at(5);
            let mut join = TokenJoin::new(a);
            join.push(b1);
            assert_eq!(join.is_complete(), naive(&format!("{a}{b1}")), "cut at {cut}, +5");
            join.push(b2);
            assert!(join.is_complete());
        }
        if naive(a) {
            became_complete.push(cut);
        }
    }
    // Complete only once the 64th hex digit of the last signature is in.
    assert!(became_complete.iter().all(|&cut| cut >= token.len() - 1), "{became_complete:?}");
    // Lenient like the display: a mangled prefix and the standard alphabet still join.
    let body = &token["k8s-aws-v1.".len()..];
    let std = format!("K8S-AWS-V2.{}", body.replace('-', "+").replace('_', "/"));
    assert!(TokenJoin::new(&std).is_complete());
    // Only the last marker counts.
    let bad = format!("{url}&X-Amz-Signature=zz");
    let bad =
        format!("k8s-aws-v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bad));
    assert!(!TokenJoin::new(&bad).is_complete() && !naive(&bad));
}
