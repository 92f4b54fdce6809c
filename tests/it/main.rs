//! The one integration-test binary (see ARCHITECTURE.md, "Testing").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests read fixtures and the environment"
)]

mod access;
mod beyond;
mod catalogue;
mod cert;
mod cli;
mod clock;
mod detect;
mod every_id;
mod fuzz_replay;
/// The fuzz targets' bodies, shared with `fuzz/` (see tests/it/fuzz_replay.rs).
#[path = "../../fuzz/src/lib.rs"]
mod fuzz_targets;
mod gen_output;
mod generate;
mod hostile;
mod kubectl;
mod link;
mod merge;
mod redact;
mod robustness;
mod tidy;
mod token;
#[cfg(feature = "web")]
mod ui_ssr;
mod wording;
mod workload;
mod yaml;

use eksplain::report::{Artefact, Kind, Report};
use eksplain::Input;
use time::OffsetDateTime;

/// Parses an RFC 3339 instant.
pub fn at(text: &str) -> OffsetDateTime {
    eksplain::when::parse_rfc3339(text).unwrap_or_else(|| panic!("bad time {text}"))
}

/// Inspects one pasted text.
pub fn inspect_text(text: &str, now: &str) -> Report {
    eksplain::inspect(&[Input::text(text)], at(now))
}

/// The first artefact of `kind`.
pub fn first(report: &Report, kind: Kind) -> &Artefact {
    report.artefacts.iter().find(|a| a.kind == kind).unwrap_or_else(|| {
        panic!("no {kind:?} in {:#?}", report.artefacts.iter().map(|a| a.kind).collect::<Vec<_>>())
    })
}

/// The ids of every finding with severity error.
pub fn error_ids(report: &Report) -> Vec<String> {
    report
        .all_findings()
        .filter(|f| f.severity == eksplain::report::Severity::Error)
        .map(|f| f.id.to_string())
        .collect()
}

/// Reads a fixture under tests/data.
pub fn fixture(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/{rel}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// Whether to rewrite snapshots and generated docs: only with `EKSPLAIN_UPDATE_SNAPSHOTS=1`, and
/// never under CI (a CI run that rewrites its own expectations would always pass).
pub fn update_snapshots() -> bool {
    let wanted = std::env::var("EKSPLAIN_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    assert!(
        !(wanted && std::env::var_os("CI").is_some()),
        "EKSPLAIN_UPDATE_SNAPSHOTS=1 is refused under CI"
    );
    wanted
}
