//! The `eksplain` command line: a thin shell over the core that reads files or stdin, reads the
//! clock, and prints the report.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use eksplain::report::{Artefact, Finding, Kind, Report, Severity};
use eksplain::Input;

const USAGE: &str = "\
eksplain: decode and diagnose Amazon EKS authentication

Usage:
  eksplain inspect [FILE...|-] [--json] [--redact] [--full] [--now RFC3339] [--show-secrets] [--color WHEN]
  eksplain gen TARGET --principal ARN [--variant NAME] [--merge FILE] [--username U]
               [--group G]... [--policy NAME] [--namespace NS]... [--cluster NAME] [--region R]
  eksplain gen WORKLOAD --role-arn ARN --namespace NS --service-account SA
               [--issuer URL] [--cluster NAME] [--region R]
  eksplain explain [ID] [--json]
  eksplain link [FILE...|-] [--base URL]
  eksplain link --gen TARGET --principal ARN [gen options] [--base URL]
  eksplain link --explain [ID] [--base URL]
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

          WORKLOAD (what lets a pod assume a role) is one of: irsa-trust-policy,
          irsa-service-account, eksctl-iamserviceaccount, tf-irsa-role (these need
          --issuer, the cluster's OIDC issuer URL), pod-identity-trust-policy,
          eksctl-podidentityassociation, tf-pod-identity.

explain   List every finding id with its severity and title, or print one entry in full
          (meaning, fix, the authenticator's message); --json prints the catalogue.

link      Print a link to the page: with FILEs (or stdin), an #input= link that opens the
          page on them with every secret taken out first (what was removed goes to
          stderr); with --gen, a #gen= link to those snippets; with --explain, a link to
          a catalogue entry. --base is the page's address (default HOSTED).

Options:
  --json            Print the report as JSON (shape: docs/report.md)
  --full            Print every field (certificates' PEM and save command, each certificate
                    of a bundle in full)
  --now RFC3339     Check times as of this instant instead of the clock
  --redact          Replace every secret (token, signature, session token, key, JWT
                    signature) with a marker saying what it was; for tickets and chat
  --show-secrets    Print tokens and session tokens in full (in JSON too, which otherwise
                    redacts them as --redact does)
  --color WHEN      auto (default), always or never

Exit status: 0 no error findings, 1 error findings, 2 usage error or nothing recognised.";

/// The usage text, with what `inspect` reads from the kinds' metadata.
fn usage() -> String {
    USAGE
        .replace("READS", &wrap(&eksplain::report::accepts(), 88, 10, 19))
        .replace("HOSTED", eksplain::link::HOSTED_URL)
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
    redact: bool,
    color: Option<bool>,
}

#[allow(clippy::disallowed_methods, reason = "the CLI shell reads its arguments")]
fn main() -> ExitCode {
    let args = match utf8_args() {
        Ok(args) => args,
        Err(code) => return code,
    };
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
        Some("link") => run_link(args.get(1..).unwrap_or_default()),
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
        redact: false,
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
            "--redact" => options.redact = true,
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

#[allow(clippy::disallowed_methods, reason = "the CLI shell reads files, stdin and NO_COLOR")]
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
        match read_input(file) {
            Ok((data, cut)) => contents.push((file.clone(), data, cut)),
            Err(message) => {
                eprintln!("eksplain: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let inputs: Vec<Input<'_>> = contents
        .iter()
        .map(|(name, data, cut)| {
            let input = if name == "-" {
                Input { name: None, data, cut: false }
            } else {
                Input::file(name.clone(), data)
            };
            input.cut_by_reader(*cut)
        })
        .collect();
    let report = eksplain::inspect(&inputs, now);
    // Secrets are taken out unless asked for: `--redact` always, JSON (made to be saved and
    // passed on) unless `--show-secrets`; text abbreviates them instead (below).
    let redact = options.redact || (options.json && !options.show_secrets);
    let report = if redact { eksplain::redact::redact_owned(report) } else { report };
    // Buffered: the JSON of a CA bundle is a megabyte written in many small pieces, and stdout
    // alone would write each line separately.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = if options.json {
        // As `Report::to_json` writes it, without holding it all in memory first.
        serde_json::to_writer_pretty(&mut out, &report)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        let color = options.color.unwrap_or_else(|| {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        });
        let view =
            View { style: Style { color }, show_secrets: options.show_secrets, full: options.full };
        write!(out, "{}", terminal_safe(&render(&report, &view)))
    };
    if written.and_then(|()| out.flush()).is_err() {
        return ExitCode::from(2);
    }
    let code = if !report.recognised_anything() {
        ExitCode::from(2)
    } else if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends here: freeing a report of a thousand certificates piece by piece is work
    // the operating system does at once.
    std::mem::forget(report);
    code
}

/// The arguments as UTF-8, or exit status 2 with a message naming the one that is not.
#[allow(clippy::disallowed_methods, reason = "the CLI shell reads its arguments")]
fn utf8_args() -> Result<Vec<String>, ExitCode> {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(arg) => args.push(arg),
            Err(arg) => {
                eprintln!("eksplain: the argument {arg:?} is not valid UTF-8; if it is a file name, rename the file or pass it on stdin: eksplain inspect - < FILE");
                return Err(ExitCode::from(2));
            }
        }
    }
    Ok(args)
}

/// Reads one input (a file, FIFO or device, or stdin for `-`) up to the core's cap plus one byte,
/// so that an endless stream (`/dev/zero`, `yes |`) or a huge file is neither read to the end nor
/// held in memory. `Ok((bytes, cut))`: `cut` when the input goes on past the cap, which the core
/// reports as `input.too-large`. `Err` is a message naming the file.
#[allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "the CLI shell reads files and stdin"
)]
fn read_input(name: &str) -> Result<(Vec<u8>, bool), String> {
    let limit = eksplain::detect::MAX_INPUT_BYTES as u64 + 1;
    let mut data = Vec::new();
    let read = if name == "-" {
        if std::io::stdin().is_terminal() {
            eprintln!("eksplain: reading stdin; paste, then press Ctrl-D");
        }
        std::io::stdin().lock().take(limit).read_to_end(&mut data)
    } else {
        match std::fs::metadata(name) {
            Ok(meta) if meta.is_dir() => {
                return Err(format!("cannot read {name}: it is a directory"))
            }
            Ok(meta) => {
                // Sized up front, so a large file is not copied as the buffer grows.
                data.reserve_exact(meta.len().min(limit) as usize);
                std::fs::File::open(name).and_then(|file| file.take(limit).read_to_end(&mut data))
            }
            Err(err) => Err(err),
        }
    };
    match read {
        Ok(n) => Ok((data, n as u64 >= limit)),
        Err(err) => Err(format!("cannot read {name}: {err}")),
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

/// The colours `Style::paint` writes: the only escape sequences the text report may hold.
const OUR_COLOURS: &[&str] =
    &["\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[32m", "\x1b[36m", "\x1b[31;1m", "\x1b[33;1m"];

/// The text report made safe for a terminal: a pasted value's control characters (an escape
/// sequence could rewrite the screen, hide text or set the window title) and bidirectional
/// controls (which reorder what is shown, as in "Trojan Source") are printed as `\u{1b}`,
/// `\u{202e}`…; lines, tabs and eksplain's own colours stay.
fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let own = (c == '\x1b').then(|| OUR_COLOURS.iter().find(|code| rest.starts_with(**code)));
        if let Some(code) = own.flatten() {
            out.push_str(code);
            rest = rest.get(code.len()..).unwrap_or_default();
            continue;
        }
        let unsafe_char = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if unsafe_char {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
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
    if let Some(diagnosis) = &report.diagnosis {
        render_diagnosis(&mut out, diagnosis, style);
    }
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
        // The list of what eksplain reads is said once: input.unrecognised's fix holds it.
        let listed =
            report.findings.iter().any(|f| f.id == eksplain::findings::Id::InputUnrecognised);
        if listed {
            out.push_str("Nothing recognised.\n");
        } else {
            out.push_str(&format!(
                "Nothing recognised. eksplain reads {}.\n",
                eksplain::report::accepts()
            ));
        }
    }
    out
}

/// The ranked diagnosis, printed first.
fn render_diagnosis(out: &mut String, diagnosis: &eksplain::diagnosis::Diagnosis, style: &Style) {
    let heading = match diagnosis.symptom {
        Some(symptom) => format!("Diagnosis: {}", symptom.title()),
        None => String::from("Diagnosis"),
    };
    out.push_str(&style.paint("1", &heading));
    out.push('\n');
    if diagnosis.causes.is_empty() {
        // The heading names what the pasted error means; nothing else pasted explains it further.
        out.push_str(if diagnosis.symptom.is_some() {
            "  Nothing else pasted explains it further (its meaning and fix are in its card below).\n"
        } else {
            "  No cause found in what was pasted.\n"
        });
    }
    for (n, cause) in diagnosis.causes.iter().enumerate() {
        out.push_str(&format!("  {}. {} [{}]\n", n + 1, style.paint("1", cause.title), cause.id));
        out.push_str(&format!("     {}\n     ({})\n", cause.evidence, cause.source));
    }
    for line in &diagnosis.ruled_out {
        out.push_str(&format!("  ruled out: {line}\n"));
    }
    for line in &diagnosis.paste_next {
        out.push_str(&format!("  paste next: {line}\n"));
    }
    out.push('\n');
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

/// A secret as the text report shows it by default: its first quarter, at most 16 characters
/// (a token's constant `k8s-aws-v1.aHR0cH` prefix; never most of a short key), and its length. A `--redact` marker is shown whole: it is no secret.
fn abbreviate_secret(value: &str) -> String {
    if value.starts_with("[redacted") {
        return value.to_string();
    }
    let n = value.chars().count();
    let head: String = value.chars().take((n / 4).min(16)).collect();
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
    if let Ok(snippet) = generate::generate(*first, &options) {
        let Ok(block) = snippet.variant(None) else { return };
        out.push_str(&format!(
            "        {}\n",
            style.paint("1", &format!("{}: {}", first.title(), block.label))
        ));
        // What to know before applying it (system:masters is cluster-admin, how to edit safely),
        // as `eksplain gen` prints it.
        let notes = snippet.notes.iter().chain(&block.notes).map(|n| generate::comment(n));
        for line in notes.collect::<String>().lines().chain(block.text.trim_end().lines()) {
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
    if let Some(target) = args.first().and_then(|name| workload_target(name)) {
        return run_gen_workload(target, args.get(1..).unwrap_or_default());
    }
    run_gen_access(args)
}

fn workload_target(name: &str) -> Option<eksplain::workload::WorkloadTarget> {
    eksplain::workload::WORKLOAD_TARGETS.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
}

/// `eksplain gen irsa-trust-policy|irsa-service-account|… --role-arn ARN --namespace NS
/// --service-account SA [--issuer URL] [--cluster NAME] [--region R]`: what lets a pod assume a role.
fn run_gen_workload(target: eksplain::workload::WorkloadTarget, args: &[String]) -> ExitCode {
    let mut o = eksplain::workload::WorkloadOptions::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = split_flag(arg);
        let Some(value) = inline.or_else(|| iter.next().cloned()) else {
            return usage_error(&format!("{flag} needs a value"));
        };
        match flag {
            "--role-arn" | "--principal" => o.role_arn = value,
            "--namespace" => o.namespace = value,
            "--service-account" => o.service_account = value,
            "--issuer" => o.issuer = Some(value),
            "--cluster" => o.cluster = Some(value),
            "--region" => o.region = Some(value),
            other => return usage_error(&format!("unknown option {other:?}")),
        }
    }
    match eksplain::workload::generate(target, &o) {
        Ok(text) => write_stdout(text.trim_end()),
        Err(message) => usage_error(&message),
    }
}

fn run_gen_access(args: &[String]) -> ExitCode {
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
    // The same bounded reader as inspect: at most the 2 MiB cap, from a file, device or stdin.
    let text = match read_input(file) {
        Ok((_, true)) => {
            eprintln!("eksplain: {file} is over 2 MiB: not an aws-auth ConfigMap");
            return ExitCode::from(2);
        }
        Ok((data, false)) => match String::from_utf8(data) {
            Ok(text) => text,
            Err(_) => {
                eprintln!("eksplain: {file} is not UTF-8 text");
                return ExitCode::from(2);
            }
        },
        Err(message) => {
            eprintln!("eksplain: {message}");
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

/// `eksplain link`: an `#input=` link for FILEs (secrets taken out), a `#gen=` link, or an
/// `#explain=` link.
fn run_link(args: &[String]) -> ExitCode {
    use eksplain::link;
    let mut base = String::from(link::HOSTED_URL);
    let mut mode: Option<(&str, Option<String>)> = None;
    let mut rest: Vec<String> = Vec::new();
    let mut iter = args.iter().peekable();
    while let Some(arg) = iter.next() {
        let (flag, inline) = split_flag(arg);
        match flag {
            "--base" => match inline.or_else(|| iter.next().cloned()) {
                Some(url) if !url.trim().is_empty() => base = url.trim().to_string(),
                _ => return usage_error("--base needs the page's address"),
            },
            "--gen" | "--explain" if mode.is_some() => {
                return usage_error("link takes one of FILEs, --gen or --explain")
            }
            "--gen" => match inline.or_else(|| iter.next().cloned()) {
                Some(target) => mode = Some(("gen", Some(target))),
                None => return usage_error("--gen needs a TARGET"),
            },
            "--explain" => {
                let id = inline.or_else(|| iter.next_if(|a| !a.starts_with('-')).cloned());
                mode = Some(("explain", id));
            }
            _ => rest.push(arg.clone()),
        }
    }
    match mode {
        Some(("gen", target)) => {
            let gen_args: Vec<String> = target.into_iter().chain(rest).collect();
            let made = link::parse_gen_args(&gen_args).and_then(|gen| {
                link::gen_text(&gen)?;
                link::gen_link(&base, &gen)
            });
            match made {
                Ok(url) => write_stdout(&url),
                Err(message) => usage_error(&message),
            }
        }
        Some((_, id)) => {
            if let Some(extra) = rest.first() {
                return usage_error(&format!("link --explain takes one id, not also {extra:?}"));
            }
            if let Some(name) = id.as_deref() {
                if eksplain::findings::Id::from_name(name).is_none() {
                    let near: Vec<&str> = eksplain::findings::suggest(name, 5)
                        .into_iter()
                        .map(eksplain::findings::Id::as_str)
                        .collect();
                    eprintln!("eksplain: no finding id {name:?}. Nearest: {}.", near.join(", "));
                    return ExitCode::from(2);
                }
            }
            write_stdout(&link::explain_link(&base, id.as_deref()))
        }
        None => link_input(&base, &rest),
    }
}

/// `eksplain link [FILE...|-]`: the files (or stdin) as one paste, secrets taken out.
fn link_input(base: &str, files: &[String]) -> ExitCode {
    if let Some(flag) = files.iter().find(|f| f.starts_with('-') && f.as_str() != "-") {
        return usage_error(&format!("unknown option {flag:?}"));
    }
    let files = if files.is_empty() { vec![String::from("-")] } else { files.to_vec() };
    let mut texts = Vec::new();
    for file in &files {
        let data = match read_input(file) {
            Ok((_, true)) => {
                eprintln!("eksplain: {file} is over 2 MiB; a link holds at most 32 KB");
                return ExitCode::from(2);
            }
            Ok((data, false)) => data,
            Err(message) => {
                eprintln!("eksplain: {message}");
                return ExitCode::from(2);
            }
        };
        match String::from_utf8(data) {
            Ok(text) => texts.push(text),
            Err(_) => {
                eprintln!(
                    "eksplain: {file} is not text (a DER certificate?); a link holds text only. \
                     Convert it first, e.g. openssl x509 -inform der -in {file}"
                );
                return ExitCode::from(2);
            }
        }
    }
    let text = texts.join("\n---\n");
    match eksplain::link::share_link(base, &text) {
        Ok(share) => {
            if share.removed.is_empty() {
                eprintln!("eksplain: no secret found; the link holds the input as it is");
            } else {
                eprintln!("eksplain: taken out of the link: {}", share.removed.join("; "));
            }
            write_stdout(&share.link)
        }
        Err(message) => {
            eprintln!("eksplain: {message}");
            ExitCode::from(2)
        }
    }
}
