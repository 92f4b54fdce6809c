//! The `eksplain` command line: a thin shell over the core that reads files or stdin, reads the
//! clock, and prints the report.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use eksplain::report::{Artefact, Finding, Kind, Report, Severity};
use eksplain::Input;

const USAGE: &str = "\
eksplain: decode and diagnose Amazon EKS authentication

Usage:
  eksplain inspect [FILE...|-] [--json] [--full] [--now RFC3339] [--show-secrets] [--color WHEN]
  eksplain gen TARGET --principal ARN [--variant NAME] [--merge FILE] [--username U]
               [--group G]... [--policy NAME] [--namespace NS]... [--cluster NAME] [--region R]
  eksplain explain [ID] [--json]
  eksplain --version

inspect   Decode and check FILEs (or stdin, or `-`); several files make one report.
          It reads READS.

gen       Print one document that lets ARN in: YAML, HCL or a shell script, with the
          explanations as # comments. TARGET, and its variants (the default first):
GEN_TARGETS
          all prints every target's default, one after another, for reading.
          --merge FILE (aws-auth): FILE is your ConfigMap (kubectl -n kube-system get configmap
          aws-auth -o yaml); prints it with the entry added, or a wrong ARN corrected in place,
          all else unchanged; how to back it up, apply and verify goes to stderr. Commands that
          change a cluster for good (the authentication mode) are only ever printed as comments.

explain   List every finding id with its severity and title, or print one entry in full
          (meaning, fix, the authenticator's message); --json prints the catalogue.

Options:
  --json            Print the report as JSON (shape: docs/report.md)
  --full            Print every field (certificates' PEM and save command, each certificate
                    of a bundle in full)
  --now RFC3339     Check times as of this instant instead of the clock
  --show-secrets    Print tokens and session tokens in full
  --color WHEN      auto (default), always or never

Exit status: 0 no error findings, 1 error findings, 2 usage error or nothing recognised.";

/// The usage text, with what `inspect` reads from the kinds' metadata.
fn usage() -> String {
    USAGE
        .replace("READS", &wrap(&eksplain::report::accepts(), 88, 10, 19))
        .replace("GEN_TARGETS", &gen_targets())
}

/// One line per `gen` target: its name and variants, the default first.
fn gen_targets() -> String {
    use eksplain::generate::{Target, MERGED, TARGETS};
    let lines: Vec<String> = TARGETS
        .iter()
        .map(|t| {
            let mut variants = t.variants().join(", ");
            if *t == Target::AwsAuth {
                variants = format!("{variants}; with --merge FILE: {MERGED}");
            }
            format!("            {:19}{variants}", t.name())
        })
        .collect();
    lines.join("\n")
}

/// Wraps `text` at `width` columns, starting at column `start`, every line after the first
/// indented by `indent`.
fn wrap(text: &str, width: usize, indent: usize, start: usize) -> String {
    let mut out = String::new();
    let mut col = start;
    for word in text.split(' ') {
        if col + word.chars().count() + 1 > width && col > indent {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        } else if !out.is_empty() {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += word.chars().count();
    }
    out
}

struct Options {
    files: Vec<String>,
    json: bool,
    full: bool,
    now: Option<String>,
    show_secrets: bool,
    color: Option<bool>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--version" | "-V" | "version") => {
            println!("eksplain {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("--help" | "-h" | "help") => {
            println!("{}", usage());
            ExitCode::SUCCESS
        }
        Some("gen") => run_gen(args.get(1..).unwrap_or_default()),
        Some("explain") => run_explain(args.get(1..).unwrap_or_default()),
        Some("inspect") => match parse_options(args.get(1..).unwrap_or_default()) {
            Ok(options) => run_inspect(&options),
            Err(message) => usage_error(&message),
        },
        Some(other) => usage_error(&format!("unknown command {other:?}")),
        None => usage_error("missing command"),
    }
}

/// `eksplain explain [ID] [--json]`: the findings catalogue.
fn run_explain(args: &[String]) -> ExitCode {
    use eksplain::findings::{self, Id};
    let mut json = false;
    let mut wanted: Option<&str> = None;
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            flag if flag.starts_with('-') => {
                return usage_error(&format!("unknown option {flag:?}"))
            }
            id if wanted.is_none() => wanted = Some(id),
            extra => return usage_error(&format!("explain takes one id, not also {extra:?}")),
        }
    }
    let Some(name) = wanted else {
        if json {
            let entries: Vec<_> = findings::ALL.iter().map(|id| id.entry()).collect();
            return write_stdout(&serde_json::to_string_pretty(&entries).unwrap_or_default());
        }
        let width = findings::ALL.iter().map(|id| id.len()).max().unwrap_or(0);
        let mut out = String::new();
        for id in findings::ALL {
            let (id, sev, title) = (id.as_str(), id.severity().as_str(), id.entry().title);
            out.push_str(&format!("{id:width$}  {sev:7}  {title}\n"));
        }
        return write_stdout(out.trim_end());
    };
    let Some(id) = Id::from_name(name) else {
        let near: Vec<&str> = findings::suggest(name, 5).into_iter().map(Id::as_str).collect();
        eprintln!(
            "eksplain: no finding id {name:?}. Nearest: {}.\n`eksplain explain` lists them all.",
            near.join(", ")
        );
        return ExitCode::from(2);
    };
    let entry = id.entry();
    if json {
        return write_stdout(&serde_json::to_string_pretty(&entry).unwrap_or_default());
    }
    let mut out = format!("{} ({})\n{}\n\n", entry.id, entry.severity.as_str(), entry.title);
    out.push_str(&format!("Meaning: {}\n", entry.meaning));
    if let Some(fix) = entry.fix {
        out.push_str(&format!("Fix: {fix}\n"));
    }
    if let Some(text) = entry.authenticator {
        out.push_str(&format!("aws-iam-authenticator logs: {text}\n"));
    }
    write_stdout(out.trim_end())
}

/// Writes `text` and a newline to stdout; a closed pipe (`| head`) is not an error.
fn write_stdout(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("eksplain: cannot write the output: {err}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("eksplain: {message}\n\n{}", usage());
    ExitCode::from(2)
}

/// `--flag=value` → (`--flag`, Some(`value`)); anything else → (arg, None).
fn split_flag(arg: &str) -> (&str, Option<String>) {
    match arg.split_once('=') {
        Some((flag, value)) if arg.starts_with("--") => (flag, Some(value.to_string())),
        _ => (arg, None),
    }
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        files: Vec::new(),
        json: false,
        full: false,
        now: None,
        show_secrets: false,
        color: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = split_flag(arg);
        let mut value = |name: &str| {
            inline.clone().or_else(|| iter.next().cloned()).ok_or(format!("{name} needs a value"))
        };
        match flag {
            "--json" => options.json = true,
            "--full" => options.full = true,
            "--show-secrets" => options.show_secrets = true,
            "--now" => options.now = Some(value("--now")?),
            "--color" | "--colour" => {
                options.color = match value("--color")?.as_str() {
                    "always" => Some(true),
                    "never" => Some(false),
                    "auto" => None,
                    other => {
                        return Err(format!("--color takes auto, always or never, not {other:?}"))
                    }
                }
            }
            "-" => options.files.push(String::from("-")),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag:?}")),
            _ => options.files.push(arg.clone()),
        }
    }
    Ok(options)
}

fn run_inspect(options: &Options) -> ExitCode {
    let now = match &options.now {
        Some(text) => match eksplain::when::parse_rfc3339(text) {
            Some(now) => now,
            None => {
                return usage_error(&format!(
                    "--now takes an RFC 3339 time such as 2026-01-31T12:00:00Z, not {text:?}"
                ))
            }
        },
        #[allow(clippy::disallowed_methods, reason = "the CLI shell is where the clock is read")]
        None => time::OffsetDateTime::now_utc(),
    };
    let files =
        if options.files.is_empty() { vec![String::from("-")] } else { options.files.clone() };
    let mut contents = Vec::new();
    for file in &files {
        let data = if file == "-" {
            if std::io::stdin().is_terminal() {
                eprintln!("eksplain: reading stdin; paste, then press Ctrl-D");
            }
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map(|_| buf)
        } else {
            std::fs::read(file)
        };
        match data {
            Ok(data) => contents.push((file.clone(), data)),
            Err(err) => {
                eprintln!("eksplain: cannot read {file}: {err}");
                return ExitCode::from(2);
            }
        }
    }
    let inputs: Vec<Input<'_>> =
        contents
            .iter()
            .map(|(name, data)| {
                if name == "-" {
                    Input { name: None, data }
                } else {
                    Input::file(name.clone(), data)
                }
            })
            .collect();
    let report = eksplain::inspect(&inputs, now);
    let mut out = std::io::stdout().lock();
    let written = if options.json {
        writeln!(out, "{}", report.to_json())
    } else {
        let color = options.color.unwrap_or_else(|| {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        });
        let view =
            View { style: Style { color }, show_secrets: options.show_secrets, full: options.full };
        write!(out, "{}", render(&report, &view))
    };
    if written.is_err() {
        return ExitCode::from(2);
    }
    if !report.recognised_anything() {
        ExitCode::from(2)
    } else if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// How the text report is printed.
struct View {
    style: Style,
    show_secrets: bool,
    /// Every field of every artefact (`--full`).
    full: bool,
}

/// Certificates beyond this many are printed one line each, unless `--full`.
const CERTS_IN_FULL: usize = 3;

/// Fields only `--full` prints: long, and for copying rather than reading.
const FULL_ONLY: &[&str] = &["pem", "save_command"];

fn is_certificate(art: &Artefact) -> bool {
    matches!(art.kind, Kind::PemCertificate | Kind::CertificateAuthorityData | Kind::DerCertificate)
}

/// The report in the page's order: findings about the input, then the artefacts that answer the
/// question (verdicts, explained errors), then the rest.
fn render(report: &Report, view: &View) -> String {
    let style = &view.style;
    let mut out = String::new();
    if !report.findings.is_empty() {
        out.push_str(&style.paint("1", "Input"));
        out.push('\n');
        for finding in &report.findings {
            render_finding(&mut out, finding, style);
        }
        out.push('\n');
    }
    let n_certs = report.artefacts.iter().filter(|a| is_certificate(a)).count();
    let summarise = !view.full && n_certs > CERTS_IN_FULL;
    let mut hidden = false;
    for idx in report.display_order() {
        let Some(art) = report.artefacts.get(idx) else { continue };
        if summarise && is_certificate(art) {
            render_certificate_line(&mut out, art, style);
        } else {
            hidden |= render_artefact(&mut out, art, view);
        }
    }
    if summarise {
        out.push_str(&format!(
            "\n{n_certs} certificates, one line each; --full prints each in full.\n"
        ));
    } else if hidden {
        out.push_str("PEM text and save commands are left out; --full prints them.\n");
    }
    let (n_err, n_warn) = report.all_findings().fold((0, 0), |(e, w), f| match f.severity {
        Severity::Error => (e + 1, w),
        Severity::Warning => (e, w + 1),
        Severity::Info => (e, w),
    });
    out.push_str(&format!(
        "{} artefact(s), {} error(s), {} warning(s); checked at {}\n",
        report.artefacts.len(),
        n_err,
        n_warn,
        report.now
    ));
    if !report.recognised_anything() {
        out.push_str(&format!(
            "Nothing recognised. eksplain reads {}.\n",
            eksplain::report::accepts()
        ));
    }
    out
}

fn location(art: &Artefact) -> String {
    match &art.source.name {
        Some(name) => format!("{name}:{}", art.source.line),
        None => format!("line {}", art.source.line),
    }
}

/// One certificate of a bundle: its subject and validity on one line, then any error or warning.
fn render_certificate_line(out: &mut String, art: &Artefact, style: &Style) {
    let subject = art.get("subject").unwrap_or(art.title.as_str());
    let validity = art.get("validity").map_or_else(String::new, |v| format!("  {v}"));
    out.push_str(&format!(
        "● {subject}{validity}  {}\n",
        style.paint("2", &format!("[{}] {}", art.kind.as_str(), location(art)))
    ));
    for finding in art.findings.iter().filter(|f| f.severity != Severity::Info) {
        render_finding(out, finding, style);
    }
}

/// Prints one artefact; whether a `--full`-only field was left out.
fn render_artefact(out: &mut String, art: &Artefact, view: &View) -> bool {
    let style = &view.style;
    out.push_str(&format!(
        "{}  {}\n",
        style.paint("1", &format!("● {}", art.title)),
        style.paint("2", &format!("[{}] {}", art.kind.as_str(), location(art)))
    ));
    for finding in &art.findings {
        render_finding(out, finding, style);
    }
    let shown: Vec<&eksplain::report::Field> =
        art.fields.iter().filter(|f| view.full || !FULL_ONLY.contains(&f.key.as_str())).collect();
    let width = shown.iter().map(|f| f.label.chars().count()).max().unwrap_or(0).min(36);
    for field in &shown {
        let value = if field.secret && !view.show_secrets {
            abbreviate_secret(&field.value)
        } else {
            field.value.clone()
        };
        // Multi-line values (a list of components) continue under the value column.
        let value = value.trim_end().replace('\n', &format!("\n{}", " ".repeat(width + 5)));
        out.push_str(&format!(
            "  {:width$}  {value}\n",
            format!("{}:", field.label),
            width = width + 1
        ));
    }
    out.push('\n');
    shown.len() < art.fields.len()
}

fn abbreviate_secret(value: &str) -> String {
    let n = value.chars().count();
    if n <= 24 {
        return value.to_string();
    }
    let head: String = value.chars().take(16).collect();
    format!("{head}… ({n} chars; --show-secrets to print)")
}

fn render_finding(out: &mut String, finding: &Finding, style: &Style) {
    let (mark, code) = match finding.severity {
        Severity::Error => ("✖ error", "31;1"),
        Severity::Warning => ("▲ warning", "33;1"),
        Severity::Info => ("ℹ info", "36"),
    };
    out.push_str(&format!(
        "  {} {} {}\n",
        style.paint(code, mark),
        style.paint("1", &finding.id),
        finding.message
    ));
    if let Some(fix) = &finding.fix {
        let fix = fix.replace('\n', "\n           ");
        out.push_str(&format!("      {} {fix}\n", style.paint("32", "fix:")));
    }
    if let Some(spec) = &finding.generate {
        render_fix_commands(out, spec, style);
    }
    if let Some(text) = &finding.authenticator {
        out.push_str(&format!("      {} {text}\n", style.paint("2", "authenticator says:")));
    }
}

/// A fix's snippets as a block to read: the recommended one in full, the others as the
/// `eksplain gen` commands that print them.
fn render_fix_commands(out: &mut String, spec: &eksplain::generate::FixSpec, style: &Style) {
    use eksplain::generate::{self, Target};
    let mut targets = spec.targets.iter();
    let Some(first) = targets.next() else { return };
    // The short form in the report; the merged ConfigMap through its own command.
    let options = generate::Options { aws_auth: None, ..spec.options() };
    if let Ok(block) = generate::generate(*first, &options).and_then(|s| s.variant(None).cloned()) {
        out.push_str(&format!(
            "        {}\n",
            style.paint("1", &format!("{}: {}", first.title(), block.label))
        ));
        for line in block.text.trim_end().lines() {
            out.push_str(&format!("          {line}\n"));
        }
    }
    if spec.aws_auth.is_some() && spec.targets.contains(&Target::AwsAuth) {
        out.push_str(&format!(
            "        {} {}\n",
            style.paint("1", "Your ConfigMap with it merged in:"),
            spec.command(Target::AwsAuth)
        ));
    }
    for target in targets {
        let mut other = spec.clone();
        other.aws_auth = None;
        out.push_str(&format!(
            "        {} {}\n",
            style.paint("1", &format!("Or {}:", target.title())),
            other.command(*target)
        ));
    }
}

fn run_gen(args: &[String]) -> ExitCode {
    use eksplain::generate::{self, Options, Target, MERGED};
    let mut options = Options::default();
    let mut target = None;
    let mut variant: Option<String> = None;
    let mut merge: Option<String> = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = split_flag(arg);
        let mut value = || inline.clone().or_else(|| iter.next().cloned());
        match flag {
            "--help" | "-h" => {
                println!("{}", usage());
                return ExitCode::SUCCESS;
            }
            "--principal" | "--arn" => match value() {
                Some(v) => options.principal = v,
                None => return usage_error(&format!("{flag} needs a value")),
            },
            "--variant" => match value() {
                Some(v) => variant = Some(v),
                None => return usage_error("--variant needs a NAME"),
            },
            "--merge" => match value() {
                Some(v) => merge = Some(v),
                None => return usage_error("--merge needs a FILE"),
            },
            "--username" => options.username = value(),
            "--group" => options.groups.extend(value()),
            "--policy" => options.policy = value(),
            "--namespace" => options.namespaces.extend(value()),
            "--cluster" => options.cluster = value(),
            "--region" => options.region = value(),
            flag if flag.starts_with('-') => {
                return usage_error(&format!("unknown option {flag:?}"))
            }
            _ if target.is_some() => return usage_error("gen takes one TARGET"),
            name => target = Some(name.to_string()),
        }
    }
    let Some(target) = target else { return usage_error("gen needs a TARGET") };
    if options.principal.is_empty() {
        return usage_error("gen needs --principal ARN");
    }
    if target == "all" {
        if variant.is_some() || merge.is_some() {
            return usage_error("--variant and --merge need one TARGET, not all");
        }
        let mut out = String::new();
        for target in generate::TARGETS {
            match generate::generate(*target, &options) {
                Ok(snippet) => {
                    if let Ok(block) = snippet.variant(None) {
                        out.push_str(&snippet.document(block));
                        out.push('\n');
                    }
                }
                Err(message) => {
                    eprintln!("eksplain: {message}");
                    return ExitCode::from(2);
                }
            }
        }
        return write_stdout(out.trim_end());
    }
    let Some(target) = Target::from_name(&target) else {
        return usage_error(&format!("unknown target {target:?}"));
    };
    if let Some(file) = &merge {
        if target != Target::AwsAuth {
            return usage_error("--merge is for gen aws-auth");
        }
        if variant.as_deref().is_none_or(|v| v == MERGED) {
            return run_merge(file, &options);
        }
    }
    if variant.as_deref() == Some(MERGED) {
        return usage_error("--variant merged needs --merge FILE");
    }
    let snippet = match generate::generate(target, &options) {
        Ok(snippet) => snippet,
        Err(message) => {
            eprintln!("eksplain: {message}");
            return ExitCode::from(2);
        }
    };
    match snippet.variant(variant.as_deref()) {
        Ok(block) => write_stdout(snippet.document(block).trim_end()),
        Err(message) => usage_error(&message),
    }
}

/// `gen aws-auth --merge FILE`: the ConfigMap with the fix on stdout, what changed and how to
/// apply it on stderr (so the output differs from FILE only by the fix).
fn run_merge(file: &str, options: &eksplain::generate::Options) -> ExitCode {
    let text = if file == "-" {
        let mut buf = String::new();
        std::io::stdin().read_to_string(&mut buf).map(|_| buf)
    } else {
        std::fs::read_to_string(file)
    };
    let text = match text {
        Ok(text) => text,
        Err(err) => {
            eprintln!("eksplain: cannot read {file}: {err}");
            return ExitCode::from(2);
        }
    };
    match eksplain::merge::merge_configmap(&text, options) {
        Ok(merged) => {
            let mut err = String::new();
            for note in &merged.notes {
                err.push_str(&eksplain::generate::comment(note));
            }
            for (n, step) in merged.steps.iter().enumerate() {
                err.push_str(&eksplain::generate::comment(&format!("{}. {}", n + 1, step.label)));
                err.push_str(&format!("    {}\n", step.command));
            }
            eprint!("{err}");
            let mut out = std::io::stdout().lock();
            match out.write_all(merged.text.as_bytes()).and_then(|()| out.flush()) {
                Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => ExitCode::from(2),
                _ => ExitCode::SUCCESS,
            }
        }
        Err(why) => {
            eprintln!("eksplain: cannot merge into {file}: {why}");
            ExitCode::from(2)
        }
    }
}
