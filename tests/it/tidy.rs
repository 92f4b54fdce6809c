//! Architecture invariants, checked on the source text (rust-analyzer's "tidy" style).

use std::path::Path;

/// Core modules: everything under src/ except the UI and the shells.
fn core_files() -> Vec<(String, String)> {
    let mut res = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() {
                if rel != "src/ui" && rel != "src/bin" {
                    stack.push(path);
                }
            } else if rel.ends_with(".rs")
                && rel != "src/ui.rs"
                && rel != "src/main.rs"
                && !rel.ends_with("/tests.rs")
            {
                res.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    res.sort();
    res
}

#[test]
fn core_does_no_io_and_reads_no_clock() {
    let forbidden = [
        "yew",
        "web_sys",
        "js_sys",
        "gloo",
        "wasm_bindgen",
        "std::fs",
        "std::net",
        "std::env",
        "std::io::stdin",
        "SystemTime",
        "Instant::now",
        "now_utc",
        "now_local",
        "ASN1Time::now",
        "is_valid()",
        "rand::",
    ];
    let files = core_files();
    assert!(files.len() >= 10, "{files:?}");
    for (rel, text) in files {
        for (line_no, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if rel == "src/lib.rs" && code.trim() == "pub mod ui;" {
                continue;
            }
            for word in forbidden {
                assert!(
                    !code.contains(word),
                    "{rel}:{}: the core must not use `{word}`: {line}",
                    line_no + 1
                );
            }
        }
    }
}

#[test]
fn every_source_file_has_module_docs_and_no_should_panic() {
    for (rel, text) in core_files() {
        assert!(text.starts_with("//!"), "{rel} must start with a //! module comment");
        assert!(!text.contains("#[should_panic]"), "{rel}");
        assert!(!text.lines().any(|l| l.ends_with(' ')), "{rel} has trailing whitespace");
    }
}

#[test]
fn lints_that_forbid_panics_stay_on() {
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
}

#[test]
fn page_is_locked_down() {
    let html = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index.html")).unwrap();
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src 'self'"));
    assert!(html.contains("connect-src 'self'"));
    assert!(!html.contains("unsafe-inline"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "index.html must not reference another origin"
    );
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/static")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        assert!(
            !text.contains("@import") && !text.contains("url(http"),
            "static files must not load anything"
        );
    }
    for (rel, text) in core_files() {
        assert!(!text.contains("localStorage") && !text.contains("sessionStorage"), "{rel}");
    }
}
