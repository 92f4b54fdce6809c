//! Architecture invariants, checked on the source text (rust-analyzer's "tidy" style).
//!
//! Source is read as code: comments and the contents of string and character literals are
//! removed and whitespace is normalized first (see [`code_only`]), so an import split over lines
//! or grouped (`use std::{env, fs}`) is seen, and a `"https://"` in a string hides nothing.

use std::path::Path;

/// Every `.rs` file under `dir` (relative to the crate root), as (relative path, text), sorted.
fn rust_files(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut res = Vec::new();
    let mut stack = vec![root.join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                res.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    res.sort();
    res
}

/// Core modules: everything under src/ except the UI and the shells.
fn is_core(rel: &str) -> bool {
    rel.starts_with("src/")
        && !rel.starts_with("src/ui/")
        && !rel.starts_with("src/bin/")
        && rel != "src/ui.rs"
        && rel != "src/main.rs"
        && !rel.ends_with("/tests.rs")
}

fn core_files() -> Vec<(String, String)> {
    rust_files("src").into_iter().filter(|(rel, _)| is_core(rel)).collect()
}

/// Rust source reduced to its code: comments removed, string and character literals emptied
/// (`"…"` → `""`), whitespace runs made one space, and no space next to punctuation. So
/// `use std::{\n    env, // x\n    fs,\n};` becomes `use std::{env,fs,};`.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied().unwrap_or('\0');
        if c == '/' && next == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if (c == 'r' || c == 'b')
            && !out.chars().last().is_some_and(ident)
            && raw_string_start(&chars, i).is_some()
        {
            // r"…", r#"…"#, br"…": no escapes; ends at a quote followed by as many #.
            let (hashes, body) = raw_string_start(&chars, i).unwrap();
            i = body;
            while i < chars.len() {
                if chars[i] == '"' && (0..hashes).all(|k| chars.get(i + 1 + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && (next == '\\' || chars.get(i + 2) == Some(&'\'')) {
            // A character literal ('x', '\n', '\u{1F600}'); a lifetime ('a) is code.
            i += if next == '\\' { 2 } else { 1 };
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("''");
        } else if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
            i += 1;
        } else {
            if !ident(c) && out.ends_with(' ') {
                out.pop();
            }
            out.push(c);
            i += 1;
            if !ident(c) {
                while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                    i += 1;
                }
            }
        }
    }
    out
}

/// At a raw string literal (`r"`, `r#"`, `br"`…): the number of `#` and where its body starts.
fn raw_string_start(chars: &[char], at: usize) -> Option<(usize, usize)> {
    let mut i = at;
    if chars.get(i) == Some(&'b') {
        i += 1;
    }
    if chars.get(i) != Some(&'r') {
        return None;
    }
    i += 1;
    let hashes = chars[i..].iter().take_while(|c| **c == '#').count();
    (chars.get(i + hashes) == Some(&'"')).then_some((hashes, i + hashes + 1))
}

/// The paths a `use` tree names: `std::{env,io::{stdin,Read}}` → `std::env`, `std::io::stdin`,
/// `std::io::Read`.
fn expand_use_tree(tree: &str) -> Vec<String> {
    let tree = tree.trim_start_matches("::");
    let Some(open) = tree.find('{') else {
        // `std::env as environment` names std::env.
        return vec![tree.split(" as ").next().unwrap_or_default().to_string()];
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..].strip_suffix('}').unwrap_or(&tree[open + 1..]);
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (idx, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..idx]);
                start = idx + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|item| !item.is_empty())
        .flat_map(|item| expand_use_tree(item).into_iter().map(|p| format!("{prefix}{p}")))
        .collect()
}

/// Every path named in `code` (as given by [`code_only`]): each `use` tree expanded, and the
/// code itself, where inline paths such as `std::fs::read` appear as they are.
fn named_paths(code: &str) -> Vec<String> {
    let mut paths = vec![code.to_string()];
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = &code[..code.len() - rest.len() + at];
        rest = &rest[at + 4..];
        if before.chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let end = rest.find(';').unwrap_or(rest.len());
        paths.extend(expand_use_tree(&rest[..end]));
    }
    paths
}

/// What the core must not name: I/O, the clock, randomness and the browser.
const CORE_FORBIDDEN: &[&str] = &[
    "yew",
    "web_sys",
    "js_sys",
    "gloo",
    "wasm_bindgen",
    "std::fs",
    "std::net",
    "std::env",
    "std::io::stdin",
    "std::process",
    "SystemTime",
    "Instant::now",
    "now_utc",
    "now_local",
    "ASN1Time::now",
    "is_valid()",
    "rand::",
];

/// The forbidden words named by `text`, as code.
fn forbidden_in(text: &str, forbidden: &[&'static str]) -> Vec<&'static str> {
    let paths = named_paths(&code_only(text));
    forbidden.iter().copied().filter(|word| paths.iter().any(|p| p.contains(word))).collect()
}

#[test]
fn the_source_reader_sees_what_line_matching_missed() {
    let found = |text: &str| forbidden_in(text, CORE_FORBIDDEN);
    assert_eq!(found("use std::{env, fs};"), vec!["std::fs", "std::env"]);
    assert_eq!(found("use std::{\n    collections::BTreeMap,\n    fs,\n};"), vec!["std::fs"]);
    assert_eq!(
        found("use std::{io::{self, stdin}, net::TcpStream};"),
        vec!["std::net", "std::io::stdin"]
    );
    assert_eq!(found("use ::std::env as environment;"), vec!["std::env"]);
    assert_eq!(found("pub use std::{env as e, fs as f};"), vec!["std::fs", "std::env"]);
    assert_eq!(found("let url = \"https://x\"; let data = std::fs::read(url);"), vec!["std::fs"]);
    assert_eq!(found("let t = std::time::SystemTime\n    ::now();"), vec!["SystemTime"]);
    assert_eq!(
        found("let s = r#\"a \"quoted\" // not a comment\"#; std::env::var(s);"),
        vec!["std::env"]
    );
    assert_eq!(found("let c = '\"'; std::env::args();"), vec!["std::env"]);
    // Comments and strings are not code.
    assert!(found("// std::fs::read\n/* use std::env; */\nlet s = \"std::net\";").is_empty());
    assert!(found("fn f<'a>(x: &'a str) -> &'a str { x } // lifetimes are code").is_empty());
    assert!(found("#[should_panic] fn f() {}").is_empty());
    assert!(code_only("#[should_panic]\nfn f() {}").contains("#[should_panic]"));
    assert!(!code_only("let s = \"#[should_panic]\";").contains("#[should_panic"));
}

#[test]
fn core_does_no_io_and_reads_no_clock() {
    let files = core_files();
    assert!(files.len() >= 10, "{files:?}");
    for (rel, text) in files {
        let found = forbidden_in(&text, CORE_FORBIDDEN);
        assert!(found.is_empty(), "{rel}: the core must not use {found:?}");
    }
}

#[test]
fn every_source_file_has_module_docs_and_no_test_should_panic() {
    let src = rust_files("src");
    let tests = rust_files("tests");
    assert!(src.len() >= 20 && tests.len() >= 10, "{} {}", src.len(), tests.len());
    for (rel, text) in src.iter().chain(&tests) {
        assert!(text.starts_with("//!"), "{rel} must start with a //! module comment");
        // A test that passes by panicking hides which panic it was; the core must not panic.
        assert!(!code_only(text).contains("#[should_panic"), "{rel} uses #[should_panic]");
        assert!(!text.lines().any(|l| l.ends_with(' ')), "{rel} has trailing whitespace");
    }
}

#[test]
fn lints_that_forbid_panics_and_io_stay_on() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    for lint in [
        "unwrap_used = \"deny\"",
        "expect_used = \"deny\"",
        "panic = \"deny\"",
        "indexing_slicing = \"deny\"",
    ] {
        assert!(manifest.contains(lint), "Cargo.toml lost `{lint}`");
    }
    let clippy =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/clippy.toml")).unwrap();
    for path in [
        "std::time::SystemTime::now",
        "time::OffsetDateTime::now_utc",
        "std::fs::read",
        "std::fs::read_to_string",
        "std::fs::write",
        "std::fs::File",
        "std::env::var",
        "std::env::var_os",
        "std::env::args",
        "std::io::stdin",
        "std::net::TcpStream",
    ] {
        assert!(clippy.contains(&format!("path = \"{path}\"")), "clippy.toml lost `{path}`");
    }
}

#[test]
fn page_is_locked_down() {
    let html = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index.html")).unwrap();
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src 'self'"));
    assert!(html.contains("connect-src 'self'"));
    assert!(!html.contains("unsafe-inline"));
    // No attribute points at another origin (the shell's placeholder text may mention one).
    for quote in ['"', '\''] {
        for scheme in ["http:", "https:", "//"] {
            assert!(
                !html.contains(&format!("={quote}{scheme}")),
                "index.html must not reference another origin"
            );
        }
    }
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/static")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        assert!(
            !text.contains("@import") && !text.contains("url(http"),
            "static files must not load anything"
        );
        assert!(!text.contains("localStorage") && !text.contains("sessionStorage"));
    }
}

/// The input is never written to storage, cookies or the URL: not by the UI (the one place that
/// could), nor anywhere else in src/, and web-sys is not even built with those APIs. The one use
/// of the history API is the page removing a fragment that holds a secret: `drop_fragment` in
/// src/ui/app.rs, which writes the path and query it read (never the input) with `replaceState`.
#[test]
fn nothing_writes_storage_cookies_or_the_url() {
    const STORAGE: &[&str] = &[
        "local_storage",
        "session_storage",
        "localStorage",
        "sessionStorage",
        "indexed_db",
        "set_cookie",
        "cookie(",
        "push_state",
        "replace_state",
        "set_hash",
        "set_search",
        "set_href",
        "fetch_with",
        "send_beacon",
    ];
    let files = rust_files("src");
    assert!(files.iter().any(|(rel, _)| rel == "src/ui/app.rs"), "the UI is scanned");
    for (rel, text) in files {
        let mut found = forbidden_in(&text, STORAGE);
        if rel == "src/ui/app.rs" {
            let code = code_only(&text);
            let drop = code.split("fn drop_fragment()").nth(1).unwrap_or_default();
            // The function's body: up to the brace that closes its first one.
            let mut depth = 0;
            let end = drop
                .char_indices()
                .find(|(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    *c == '}' && depth == 0
                })
                .map_or(drop.len(), |(i, _)| i);
            let body = &drop[..end];
            assert_eq!(code.matches("replace_state").count(), 1, "{rel}: one replaceState");
            assert!(
                body.contains("replace_state_with_url")
                    && body.contains("pathname()")
                    && body.contains("search()")
                    && !body.contains("text")
                    && !body.contains("hash"),
                "{rel}: replaceState only in drop_fragment, with the path and query: {body}"
            );
            found.retain(|word| *word != "replace_state");
        }
        assert!(found.is_empty(), "{rel}: must not use {found:?}");
    }
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let web_sys = manifest.split("web-sys = ").nth(1).unwrap().split(']').next().unwrap();
    // History and Location are built: the page reads its fragment and address (links) and
    // removes a fragment that holds a secret; the scan above keeps them to that.
    for feature in [
        "Storage",
        "HtmlDocument",
        "IdbFactory",
        "Request",
        "WebSocket",
        "XmlHttpRequest",
        "EventSource",
    ] {
        assert!(!web_sys.contains(&format!("\"{feature}\"")), "web-sys feature {feature}");
    }
}

/// Decoded text reaches the DOM only as escaped text: nothing in src/ injects raw HTML.
#[test]
fn nothing_injects_raw_html() {
    for (rel, text) in rust_files("src") {
        let found = forbidden_in(
            &text,
            &["from_html_unchecked", "inner_html", "outer_html", "insert_adjacent_html", "VRaw"],
        );
        assert!(found.is_empty(), "{rel}: must not use {found:?}");
    }
}
