//! Replays the fuzzers' committed inputs on stable, without libFuzzer: every file of the minimized
//! corpus (`fuzz/corpus/TARGET/`) and every crash reproducer (`fuzz/regressions/TARGET/`) goes
//! through the same function the fuzz target calls (`fuzz/src/lib.rs`), so a fixed crash that
//! comes back fails `cargo test`.

use crate::fuzz_targets::TARGETS;

fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut res: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    res.sort();
    res
}

fn replay(kind: &str, min_files: usize) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(kind);
    let mut failures = Vec::new();
    let mut total = 0;
    for (name, target) in TARGETS {
        let files = files(&root.join(name));
        assert!(files.len() >= min_files, "fuzz/{kind}/{name} holds {} files", files.len());
        for path in files {
            total += 1;
            let data = std::fs::read(&path).unwrap();
            if std::panic::catch_unwind(|| target(&data)).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} inputs fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn crash_reproducers_stay_fixed() {
    replay("regressions", 0);
}

#[test]
fn the_minimized_corpus_replays() {
    replay("corpus", 1);
}
