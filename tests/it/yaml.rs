//! eksplain's own YAML reader (src/yaml.rs) against yaml-rust2, a real YAML parser: the same JSON
//! for every fixture, for tricky hand-written documents and for generated ones; errors where it errors.

use serde_json::{Map, Number, Value};

use crate::fixture;

/// yaml-rust2's document as JSON, with the conventions of src/yaml.rs (floats stay text).
fn reference(text: &str) -> Result<Option<Value>, String> {
    fn convert(yaml: yaml_rust2::Yaml) -> Value {
        use yaml_rust2::Yaml;
        match yaml {
            Yaml::Real(text) => Value::String(text),
            Yaml::Integer(n) => Value::Number(Number::from(n)),
            Yaml::String(s) => Value::String(s),
            Yaml::Boolean(b) => Value::Bool(b),
            Yaml::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
            Yaml::Hash(hash) => {
                let mut map = Map::new();
                for (k, v) in hash {
                    let key = match convert(k) {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    map.insert(key, convert(v));
                }
                Value::Object(map)
            }
            Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
        }
    }
    yaml_rust2::YamlLoader::load_from_str(text)
        .map(|docs| docs.into_iter().next().map(convert))
        .map_err(|e| e.to_string())
}

fn same(text: &str) {
    let ours = eksplain::yaml::parse(text);
    let theirs = reference(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "different result for:\n{text}"),
        (Err(_), Err(_)) => {}
        _ => panic!("ours {ours:?}\ntheirs {theirs:?}\nfor:\n{text}"),
    }
}

const TRICKY: &[&str] = &[
    "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTg==\n    server: https://ABC.gr7.us-east-2.eks.amazonaws.com\n  name: arn:aws:eks:us-east-2:111122223333:cluster/my-cluster\ncontexts:\n- context:\n    cluster: arn:aws:eks:us-east-2:111122223333:cluster/my-cluster\n    user: arn:aws:eks:us-east-2:111122223333:cluster/my-cluster\n  name: arn:aws:eks:us-east-2:111122223333:cluster/my-cluster\ncurrent-context: arn:aws:eks:us-east-2:111122223333:cluster/my-cluster\nkind: Config\npreferences: {}\nusers:\n- name: arn:aws:eks:us-east-2:111122223333:cluster/my-cluster\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n      - --region\n      - us-east-2\n      - eks\n      - get-token\n      - --cluster-name\n      - my-cluster\n      - --output\n      - json\n      command: aws\n      env:\n      - name: AWS_PROFILE\n        value: prod\n",
    "apiVersion: v1\ndata:\n  mapRoles: |\n    - groups:\n      - system:bootstrappers\n      - system:nodes\n      rolearn: arn:aws:iam::111122223333:role/node\n      username: system:node:{{EC2PrivateDNSName}}\n  mapUsers: |\n    []\nkind: ConfigMap\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {\"apiVersion\":\"v1\",\"data\":{\"mapRoles\":\"- x\\n\"}}\n  creationTimestamp: \"2024-01-01T00:00:00Z\"\n  name: aws-auth\n  namespace: kube-system\n  resourceVersion: \"1234\"\n  uid: 0b1c2d3e-aaaa-bbbb-cccc-000000000000\n",
    "# comment\nkey: value # trailing\nother: 'single ''quoted'' # not a comment'\ndq: \"tab\\tnew\\nline \\u00e9 \\\"q\\\"\"\nempty:\ntilde: ~\nbools: [true, False, yes]\nnums: [1, -2, +3, 0, 012, 1.5, 1e3]\n",
    "literal: |\n  line 1\n\n  line 3\n    indented\nkeep: |+\n  a\n\nstrip: |-\n  b\nfolded: >\n  one\n  two\n\n  three\n    more\n  four\nfoldstrip: >-\n  x\n  y\nlast: end\n",
    "- a\n- - b\n  - c\n- key: v\n  other: w\n- [x, y]\n- {k: v, l: [1, 2]}\n-\n  nested: deep\n- \"quoted\"\n",
    "map:\n- one\n- two\nnext:\n  - three\nflow: [a, b,\n  c]\nmultiline plain: this is\n  a folded\n  plain scalar\n",
    "anchors:\n  base: &b\n    x: 1\n  copy: *b\n  scalar: &s hello\n  again: *s\n",
    "tags: !!str 123\nurl: https://example.com:8443/path?q=1#frag\ncolon: a:b:c\nspace key: v\n\"quoted key\": v\n'single key': v\n",
    "UserId: AROAEXAMPLE:session\nAccount: '111122223333'\nArn: arn:aws:sts::111122223333:assumed-role/x/session\n",
    "kind: ExecCredential\napiVersion: client.authentication.k8s.io/v1beta1\nspec: {}\nstatus:\n  expirationTimestamp: \"2019-10-23T23:14:00Z\"\n  token: k8s-aws-v1.aHR0cHM6Ly9zdHM\n",
    "- rolearn: arn:aws:iam::1:role/a\n  username: \"{{SessionName}}\"\n  groups:\n  - system:masters\n- userarn: arn:aws:iam::1:user/b\n  username: b\n  groups: [g1, g2]\n",
    "---\na: 1\n",
    "deep:\n  er:\n    est:\n      - x:\n          y: [ { z: 1 } ]\n",
    "empty list: []\nempty map: {}\nnull in flow: [~, null]\nquoted in flow: [\"a, b\", 'c]']\n",
];

const BROKEN: &[&str] = &[
    "a: 1\n  b: 2\n",
    "a:\n  - x\n   y: 1\n",
    "key: \"unterminated\n",
    "list: [a, b\n",
    "a: b: c\n",
    "- a\nb: 1\n",
    "a: *missing\n",
];

#[test]
fn tricky_documents_read_like_a_real_parser() {
    for doc in TRICKY {
        same(doc);
        assert!(eksplain::yaml::parse(doc).is_ok(), "{doc}");
    }
}

#[test]
fn broken_documents_are_errors_with_a_line() {
    for doc in BROKEN {
        let err = eksplain::yaml::parse(doc).expect_err(doc);
        assert!(err.line >= 1 && err.column >= 1, "{doc}: {err:?}");
        assert!(reference(doc).is_err(), "yaml-rust2 accepts {doc:?}");
    }
}

#[test]
fn tabs_in_indentation_are_errors_as_in_go_yaml() {
    // yaml-rust2 accepts a leading tab at the top level; go-yaml, which the authenticator uses, does not.
    assert!(eksplain::yaml::parse("\tkey: value\n").is_err());
    assert!(eksplain::yaml::parse("a:\n\tb: 1\n").is_err());
}

#[test]
fn fixtures_read_like_a_real_parser() {
    for file in ["story/aws-auth-laptop.yaml", "story/aws-auth-fixed.yaml"] {
        same(&fixture(file));
    }
}

/// Random documents, emitted in block and flow style, read back the same by both parsers.
#[test]
fn generated_documents_read_like_a_real_parser() {
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }
    const WORDS: &[&str] = &[
        "a",
        "kube-system",
        "arn:aws:iam::111122223333:role/x",
        "system:node:{{EC2PrivateDNSName}}",
        "{{SessionName}}",
        "with space",
        "colon: inside",
        "hash # inside",
        "'single'",
        "\"double\"",
        "",
        "true",
        "123",
        "0.5",
        "null",
        "-dash",
        "- item",
        "[bracket]",
        "{brace}",
        "tab\there",
        "é unicode",
        "trailing ",
        " leading",
    ];
    fn scalar(rng: &mut Lcg) -> Value {
        Value::String(WORDS[(rng.next() as usize) % WORDS.len()].to_string())
    }
    fn value(rng: &mut Lcg, depth: usize) -> Value {
        match if depth > 3 { 0 } else { rng.next() % 4 } {
            0 | 1 => scalar(rng),
            2 => Value::Array((0..1 + rng.next() % 3).map(|_| value(rng, depth + 1)).collect()),
            _ => {
                let mut map = Map::new();
                for i in 0..1 + rng.next() % 3 {
                    map.insert(format!("k{i}{}", rng.next() % 10), value(rng, depth + 1));
                }
                Value::Object(map)
            }
        }
    }
    fn quote(s: &str) -> String {
        serde_json::to_string(s).unwrap()
    }
    fn block(v: &Value, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        Value::Object(m) if !m.is_empty() => {
                            out.push_str(&format!("{pad}{k}:\n"));
                            block(v, indent + 2, out);
                        }
                        Value::Array(a) if !a.is_empty() => {
                            out.push_str(&format!("{pad}{k}:\n"));
                            block(v, indent, out);
                        }
                        other => out.push_str(&format!("{pad}{k}: {}\n", inline(other))),
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    match item {
                        Value::Object(m) if !m.is_empty() => {
                            let mut inner = String::new();
                            block(item, indent + 2, &mut inner);
                            out.push_str(&format!("{pad}- {}", inner.trim_start()));
                        }
                        other => out.push_str(&format!("{pad}- {}\n", inline(other))),
                    }
                }
            }
            other => out.push_str(&format!("{pad}{}\n", inline(other))),
        }
    }
    fn inline(v: &Value) -> String {
        match v {
            Value::String(s) => quote(s),
            Value::Array(a) => format!("[{}]", a.iter().map(inline).collect::<Vec<_>>().join(", ")),
            Value::Object(m) => format!(
                "{{{}}}",
                m.iter().map(|(k, v)| format!("{k}: {}", inline(v))).collect::<Vec<_>>().join(", ")
            ),
            other => other.to_string(),
        }
    }
    let mut rng = Lcg(5);
    for _ in 0..500 {
        let mut root = Map::new();
        root.insert(String::from("root"), value(&mut rng, 0));
        let root = Value::Object(root);
        let mut doc = String::new();
        block(&root, 0, &mut doc);
        same(&doc);
        assert_eq!(eksplain::yaml::parse(&doc).unwrap(), Some(root.clone()), "{doc}");
        let flow = format!("root: {}\n", inline(&root["root"]));
        same(&flow);
    }
}

/// Never panics: every prefix and many mutations of the tricky documents.
#[test]
fn mutated_documents_never_panic() {
    let mut seed = 11u64;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let alphabet = [
        " ", "  ", "\t", "\n", "-", "- ", ":", ": ", "|", ">", "[", "]", "{", "}", "\"", "'", "#",
        "&a", "*a", "!!str", ",", "é",
    ];
    for doc in TRICKY.iter().chain(BROKEN) {
        for end in 0..doc.len() {
            if doc.is_char_boundary(end) {
                let _ = eksplain::yaml::parse(&doc[..end]);
            }
        }
        for _ in 0..300 {
            let mut text = doc.to_string();
            for _ in 0..1 + next() % 3 {
                let mut at = next() % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, alphabet[next() % alphabet.len()]);
            }
            let _ = eksplain::yaml::parse(&text);
        }
    }
    assert!(eksplain::yaml::parse(&"- ".repeat(5000)).is_err());
    assert!(eksplain::yaml::parse(&"[".repeat(5000)).is_err());
}
