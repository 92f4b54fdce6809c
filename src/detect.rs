//! Detection: cut a paste into pieces and say what each piece is.
//!
//! A paste may hold several things: PEM blocks, YAML documents separated by `---`, JSON, and loose
//! tokens, ARNs, key IDs and base64 blobs separated by blank lines or just whitespace. This module
//! only finds and names them; the domain modules decode them. It never panics on any input.

use base64::Engine as _;
use serde_json::Value;

use crate::structured::Shape;

/// The longest input eksplain decodes; the rest of a larger paste is ignored with a finding.
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;

/// Nesting limit when looking for text inside JSON string values.
const MAX_JSON_SCAN_DEPTH: usize = 2;

/// What a piece of the input is.
#[derive(Debug, Clone, PartialEq)]
pub enum PieceKind {
    /// A `k8s-aws-v1.` token. `joined` is true when whitespace or line breaks were removed.
    Token {
        /// Whitespace or line breaks were removed to join it.
        joined: bool,
    },
    /// An `http(s)://` URL that looks like a presigned STS request.
    StsUrl,
    /// A PEM block with its label; `complete` is false when the END line is missing.
    Pem {
        /// The label, e.g. `CERTIFICATE`.
        label: String,
        /// Whether the END line is there.
        complete: bool,
    },
    /// Base64 whose content is PEM text (kubeconfig `certificate-authority-data`).
    Base64Pem {
        /// The decoded PEM text.
        decoded: String,
    },
    /// DER bytes, given as base64 (`from_base64`) or as a binary file.
    Der {
        /// The DER bytes.
        bytes: Vec<u8>,
        /// Whether they were given as base64.
        from_base64: bool,
    },
    /// Base64 that decodes to something that is neither PEM nor DER.
    Base64Other {
        /// How many bytes it decodes to.
        n_bytes: usize,
    },
    /// A JSON or YAML document of a known shape, as a JSON value.
    Structured {
        /// The document.
        value: Value,
        /// Which known shape it has.
        shape: Shape,
    },
    /// An `arn:` string.
    Arn,
    /// An AWS access key ID or unique ID (`AKIA…`, `AROA…`).
    KeyId,
    /// A JWT (`eyJ….….…`).
    Jwt,
    /// JSON or YAML that does not parse.
    Malformed {
        /// `JSON` or `YAML`.
        format: &'static str,
        /// The parser's message.
        message: String,
        /// Line of the error (from 1) in the whole input.
        line: usize,
        /// Column of the error (from 1).
        column: usize,
    },
    /// A known error message from kubectl, Terraform or the AWS CLI (one line), and how many
    /// other lines said the same (see [`PieceKind::Repeat`]).
    ErrorMessage {
        /// Lines that repeated it.
        repeats: usize,
    },
    /// A line that repeats a known error message shown once elsewhere (kubectl's retries).
    Repeat,
    /// Terraform that configures EKS access (the whole text).
    Terraform,
    /// Text that eksplain does not recognise.
    Unrecognised,
}

impl PieceKind {
    /// A known error message's line, shown or repeated.
    pub fn is_message(&self) -> bool {
        matches!(self, PieceKind::ErrorMessage { .. } | PieceKind::Repeat)
    }
}

/// One thing found in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// What it is.
    pub kind: PieceKind,
    /// Its text as found (whitespace removed for joined tokens).
    pub text: String,
    /// Line (from 1) where it starts.
    pub line: usize,
}

/// What an input as a whole turned out to be before splitting.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// The pieces, in input order.
    pub pieces: Vec<Piece>,
    /// True when the input was cut at [`MAX_INPUT_BYTES`].
    pub truncated: bool,
    /// True when the input is binary and not a DER certificate.
    pub binary: bool,
}

/// Cuts raw input bytes into pieces.
pub fn split_bytes(data: &[u8]) -> Split {
    let truncated = data.len() > MAX_INPUT_BYTES;
    let data = data.get(..MAX_INPUT_BYTES).unwrap_or(data);
    let text = match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(err) => {
            // A cut in the middle of a UTF-8 sequence is not binary; keep the valid prefix.
            let valid_up_to = err.valid_up_to();
            let rest_len = data.len() - valid_up_to;
            if truncated && err.error_len().is_none() && rest_len < 4 {
                std::str::from_utf8(data.get(..valid_up_to).unwrap_or_default()).unwrap_or_default()
            } else if starts_like_certificate(data) {
                let piece = Piece {
                    kind: PieceKind::Der { bytes: data.to_vec(), from_base64: false },
                    text: String::new(),
                    line: 1,
                };
                return Split { pieces: vec![piece], truncated, binary: false };
            } else {
                return Split { pieces: Vec::new(), truncated, binary: true };
            }
        }
    };
    let binary = looks_binary(text);
    if binary {
        return Split { pieces: Vec::new(), truncated, binary };
    }
    Split { pieces: split_text(text), truncated, binary }
}

/// Text with many control characters is binary noise, even when it happens to be valid UTF-8.
fn looks_binary(text: &str) -> bool {
    let n_control = text
        .chars()
        .take(4096)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    n_control > 8 || text.contains('\0')
}

/// Cuts text into pieces.
pub fn split_text(text: &str) -> Vec<Piece> {
    let mut res: Vec<Piece> = Vec::new();
    let (found_messages, quiet) = crate::message::find(text);
    res.extend(quiet.into_iter().map(|line| Piece {
        kind: PieceKind::Repeat,
        text: String::new(),
        line,
    }));
    for found in found_messages {
        let repeats = found.repeats.len();
        res.extend(found.repeats.into_iter().map(|line| Piece {
            kind: PieceKind::Repeat,
            text: String::new(),
            line,
        }));
        res.push(Piece {
            kind: PieceKind::ErrorMessage { repeats },
            text: found.text,
            line: found.line,
        });
    }
    if crate::terraform::looks_relevant(text) {
        let line = text
            .lines()
            .position(|l| crate::terraform::looks_relevant(l) || l.contains("module \"eks\""))
            .map_or(1, |i| i + 1);
        res.push(Piece { kind: PieceKind::Terraform, text: text.to_string(), line });
    }
    let rest = extract_pem(&extract_tables(text, &mut res), &mut res);
    for (doc_line, doc) in yaml_documents(&rest) {
        split_document(doc, doc_line, 0, &mut res);
    }
    // A repeated message's line says nothing new: drop what else was found on it (the ARNs of
    // each retry of an AssumeRole error).
    let repeated: std::collections::HashSet<usize> =
        res.iter().filter(|p| p.kind == PieceKind::Repeat).map(|p| p.line).collect();
    if !repeated.is_empty() {
        res.retain(|p| p.kind == PieceKind::Repeat || !repeated.contains(&p.line));
    }
    crate::sort::by_key(&mut res, |it| it.line);
    res
}

/// Moves what kubectl prints as text (`kubectl auth whoami`'s `ATTRIBUTE VALUE` table, `kubectl
/// describe configmap aws-auth`) into `res` as the structured documents they stand for, and
/// returns the text with them blanked out.
fn extract_tables(text: &str, res: &mut Vec<Piece>) -> String {
    let kubectl = text.contains("ATTRIBUTE") || text.contains("\n====");
    let aws = text.contains("GetCallerIdentity") || text.contains("\tarn:");
    // (describe-cluster's text output starts `CLUSTER\tarn:`, so `aws` covers it.)
    if !kubectl && !aws {
        return text.to_string();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    let mut at = 0;
    while let Some(line) = lines.get(at) {
        let from = lines.get(at..).unwrap_or_default();
        let table = if line.trim_start().starts_with("ATTRIBUTE") {
            crate::whoami::parse_table(from)
        } else if line.starts_with("Name:") {
            // `kubectl describe configmap`: kept when it is one eksplain reads (aws-auth).
            crate::aws_auth::parse_describe(from)
        } else if aws && line.starts_with("CLUSTER\t") {
            crate::cluster::parse_text(from)
        } else if aws && (line.contains("\tarn:") || line.contains("GetCallerIdentity")) {
            // `aws sts get-caller-identity --output text` or `--output table`. A table's top
            // border is left in place: only from the title on is it taken.
            crate::caller::parse_text(from)
        } else {
            None
        };
        let shaped = table.and_then(|(value, used)| {
            crate::structured::classify(&value).map(|shape| (value, shape, used))
        });
        match shaped {
            Some((value, shape, used)) => {
                let text = lines.get(at..at + used).unwrap_or_default().join("\n");
                res.push(Piece {
                    kind: PieceKind::Structured { value, shape },
                    text,
                    line: at + 1,
                });
                out.extend(std::iter::repeat_n("", used));
                at += used;
            }
            None => {
                out.push(line);
                at += 1;
            }
        }
    }
    out.join("\n")
}

/// The PEM blocks in `text` (as `PieceKind::Pem` pieces), ignoring everything else.
pub fn pem_blocks(text: &str) -> Vec<Piece> {
    let mut res = Vec::new();
    extract_pem(text, &mut res);
    res
}

/// Moves PEM blocks into `res` and returns the text with them blanked out (line numbers kept).
fn extract_pem(text: &str, res: &mut Vec<Piece>) -> String {
    let mut rest = String::with_capacity(text.len());
    let mut pos = 0;
    // Line numbers are counted incrementally, so many blocks stay linear.
    let (mut counted_to, mut line) = (0, 1);
    let mut next = text.find("-----BEGIN ");
    while let Some(begin) = next {
        line +=
            text.get(counted_to..begin).unwrap_or_default().bytes().filter(|&b| b == b'\n').count();
        counted_to = begin;
        let after_begin = begin + "-----BEGIN ".len();
        let Some(label_len) = text.get(after_begin..).and_then(|it| it.find("-----")) else {
            break;
        };
        let label = text.get(after_begin..after_begin + label_len).unwrap_or_default();
        if label.contains('\n') || label.len() > 64 {
            break;
        }
        let end_marker = format!("-----END {label}-----");
        let body_start = after_begin + label_len + 5;
        // Search for the END line only up to the next BEGIN: linear even for many truncated blocks.
        let next_begin =
            text.get(body_start..).and_then(|it| it.find("-----BEGIN ")).map(|it| it + body_start);
        let limit = next_begin.unwrap_or(text.len());
        let end_at = text
            .get(body_start..limit)
            .and_then(|it| it.find(&end_marker))
            .map(|it| it + body_start);
        let (end, complete) = match end_at {
            Some(end) => (end + end_marker.len(), true),
            None => (limit, false),
        };
        rest.push_str(text.get(pos..begin).unwrap_or_default());
        let block = text.get(begin..end).unwrap_or_default();
        res.push(Piece {
            kind: PieceKind::Pem { label: label.to_string(), complete },
            text: block.to_string(),
            line,
        });
        push_blanked(&mut rest, block);
        pos = end;
        // The next block starts at the next BEGIN (none can start between `body_start` and it).
        next = next_begin;
    }
    rest.push_str(text.get(pos..).unwrap_or_default());
    rest
}

/// Appends `block` with every character but a line break replaced by a space.
fn push_blanked(out: &mut String, block: &str) {
    const SPACES: &str = "                                                                ";
    for (idx, line) in block.split('\n').enumerate() {
        if idx > 0 {
            out.push('\n');
        }
        let mut n = line.chars().count();
        while n > 0 {
            let run = n.min(SPACES.len());
            out.push_str(SPACES.get(..run).unwrap_or_default());
            n -= run;
        }
    }
}

/// Splits on YAML document markers, keeping each document's first line number.
fn yaml_documents(text: &str) -> Vec<(usize, &str)> {
    let mut res = Vec::new();
    let mut start = 0;
    let mut start_line = 1;
    let mut offset = 0;
    for (idx, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = if line.starts_with(['-', '.']) { line.trim_end() } else { "" };
        if trimmed == "---" || trimmed == "..." || trimmed.starts_with("--- ") {
            res.push((start_line, text.get(start..offset).unwrap_or_default()));
            start = offset + line.len();
            start_line = idx + 2;
        }
        offset += line.len();
    }
    res.push((start_line, text.get(start..).unwrap_or_default()));
    res
}

/// At most this many JSON documents one after another are read as documents of their own.
const MAX_CONCATENATED_JSON: usize = 64;

/// JSON documents one after another with nothing between them (`cat caller.json aws-auth.yaml`,
/// two terminal outputs copied together): each leading JSON value is a document of its own, and
/// whatever follows them is split as usual. False (nothing pushed) unless at least one complete
/// JSON value is followed by more text.
fn split_concatenated_json(text: &str, line: usize, depth: usize, res: &mut Vec<Piece>) -> bool {
    let mut rest = text;
    let mut line = line;
    let mut values = Vec::new();
    while rest.starts_with('{') || rest.starts_with('[') {
        if values.len() == MAX_CONCATENATED_JSON {
            // A paste of thousands of `{}` is not outputs copied together: the rest is one
            // malformed piece, read no further.
            for (value, doc, at) in values {
                push_structured(value, doc, at, depth, res);
            }
            res.push(Piece {
                kind: PieceKind::Malformed {
                    format: "JSON",
                    message: format!("more than {MAX_CONCATENATED_JSON} JSON documents one after another; the rest was not read"),
                    line,
                    column: 1,
                },
                text: preview(rest),
                line,
            });
            return true;
        }
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        let Some(Ok(value)) = stream.next() else { break };
        let end = stream.byte_offset();
        let (doc, after) =
            (rest.get(..end).unwrap_or_default(), rest.get(end..).unwrap_or_default());
        values.push((value, doc, line));
        let next = trim_start_fast(after);
        line += after.get(..after.len() - next.len()).unwrap_or_default().matches('\n').count()
            + doc.matches('\n').count();
        rest = next;
    }
    if values.is_empty() || rest.is_empty() && values.len() < 2 {
        return false;
    }
    for (value, doc, at) in values {
        push_structured(value, doc, at, depth, res);
    }
    if !rest.is_empty() {
        split_document(rest, line, depth, res);
    }
    true
}

/// `text.trim_start()`, skipping ASCII blanks a byte at a time first: the text around PEM blocks
/// (blanked out by `extract_pem`) is mostly spaces.
fn trim_start_fast(text: &str) -> &str {
    let blanks = text.bytes().take_while(|b| matches!(b, b' ' | b'\n' | b'\t' | b'\r')).count();
    text.get(blanks..).unwrap_or_default().trim_start()
}

/// Splits one document: structured (JSON/YAML) if it parses as a known shape, else loose text.
fn split_document(doc: &str, first_line: usize, depth: usize, res: &mut Vec<Piece>) {
    split_parts(doc, first_line, depth, MAX_SPLITS, res);
}

/// How many times one document may be cut where plain text and a JSON or YAML document meet
/// without `---` between them: each cut parses the rest again, so a bound keeps it linear.
const MAX_SPLITS: usize = 4;

fn split_parts(doc: &str, first_line: usize, depth: usize, splits: usize, res: &mut Vec<Piece>) {
    let trimmed = trim_start_fast(doc);
    if trimmed.is_empty() {
        return;
    }
    let lead_lines = doc.len() - trimmed.len();
    let line = first_line + doc.get(..lead_lines).unwrap_or_default().matches('\n').count();
    // Text before a document that starts on a later line (a shell prompt, an error message):
    // each is read on its own, as if `---` stood between them.
    if let Some(at) = later_document_start(trimmed).filter(|_| splits > 0) {
        let (head, tail) =
            (trimmed.get(..at).unwrap_or_default(), trimmed.get(at..).unwrap_or_default());
        scan_text(head, line, depth, res);
        split_parts(tail, line + head.matches('\n').count(), depth, splits - 1, res);
        return;
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        match serde_json::from_str::<Value>(trimmed) {
            Ok(value) => {
                push_structured(value, trimmed, line, depth, res);
                return;
            }
            Err(_) if split_concatenated_json(trimmed, line, depth, res) => return,
            Err(err) if trimmed.starts_with('{') || trimmed.trim_end().ends_with(']') => {
                // Braces that do not parse as JSON may still be flow-style YAML.
                if let Some(Ok(value)) = parse_yaml(trimmed) {
                    push_structured(value, trimmed, line, depth, res);
                    return;
                }
                res.push(Piece {
                    kind: PieceKind::Malformed {
                        format: "JSON",
                        message: strip_serde_position(&err.to_string()),
                        line: line + err.line().saturating_sub(1),
                        column: err.column(),
                    },
                    text: preview(trimmed),
                    line,
                });
                return;
            }
            Err(_) => {}
        }
    }
    if looks_like_yaml(trimmed) {
        match parse_yaml(trimmed) {
            Some(Ok(value)) => {
                if let Some(shape) = crate::structured::classify(&value) {
                    let kind = PieceKind::Structured { value, shape };
                    res.push(Piece { kind, text: trimmed.to_string(), line });
                    return;
                }
            }
            Some(Err((_, err_line, _))) if splits > 0 && document_then_text(trimmed, err_line) => {
                let cut = line_offset(trimmed, err_line);
                let (head, tail) = (
                    trimmed.get(..cut).unwrap_or_default(),
                    trimmed.get(cut..).unwrap_or_default(),
                );
                split_parts(head, line, depth, 0, res);
                split_parts(tail, line + err_line - 1, depth, splits - 1, res);
                return;
            }
            Some(Err((message, err_line, column))) if has_known_yaml_keys(trimmed) => {
                res.push(Piece {
                    kind: PieceKind::Malformed {
                        format: "YAML",
                        message,
                        line: line + err_line.saturating_sub(1),
                        column,
                    },
                    text: preview(trimmed),
                    line,
                });
                return;
            }
            _ => {}
        }
    }
    scan_text(doc, first_line, depth, res);
}

/// Whether `line` is plain text rather than part of a JSON or YAML document: not indented, not a
/// list item, comment, quote or bracket, and not a `key:` (a shell prompt, an error message).
fn is_plain_text_line(line: &str) -> bool {
    let yamlish = line.is_empty()
        || line.starts_with(['{', '[', ']', '}', '-', '#', ' ', '\t', '"', '\''])
        || line.split_once(':').is_some_and(|(key, _)| {
            !key.is_empty()
                && key.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-./".contains(&b))
        });
    !yamlish
}

/// A YAML document followed by plain text with no `---` (a prompt, an error message): the
/// line that does not parse (`err_line`, from 1) is plain text, and the lines before it are a
/// document eksplain reads. A broken document stays malformed.
fn document_then_text(doc: &str, err_line: usize) -> bool {
    let cut = line_offset(doc, err_line);
    let at = doc.get(cut..).unwrap_or_default().lines().next().unwrap_or_default();
    let head = doc.get(..cut).unwrap_or_default();
    err_line > 1
        && is_plain_text_line(at)
        && matches!(parse_yaml(head), Some(Ok(ref v)) if crate::structured::classify(v).is_some())
}

/// The byte offset where line `n` (from 1) of `text` starts (the end when it has fewer lines).
fn line_offset(text: &str, n: usize) -> usize {
    text.split_inclusive('\n').take(n.saturating_sub(1)).map(str::len).sum()
}

/// Where a JSON or Kubernetes YAML document starts on a line after the first, when the first line
/// is plain text (not JSON, not a YAML key, list item or comment): the byte offset of that line.
/// A document starts at column 0 with `{`, `[`, `apiVersion:` or `kind:`.
fn later_document_start(doc: &str) -> Option<usize> {
    let first = doc.lines().next()?;
    if !is_plain_text_line(first) {
        return None;
    }
    let mut offset = first.len() + 1;
    for line in doc.get(offset..)?.split_inclusive('\n') {
        let starts = line.starts_with('{')
            || line.starts_with('[') && !line.starts_with("[redacted")
            || line.starts_with("apiVersion:")
            || line.starts_with("kind:");
        if starts {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Adds a parsed JSON/YAML value: a known shape becomes one piece, anything else is searched for
/// tokens, certificates and ARNs in its string values.
fn push_structured(value: Value, text: &str, line: usize, depth: usize, res: &mut Vec<Piece>) {
    if let Some(shape) = crate::structured::classify(&value) {
        res.push(Piece {
            kind: PieceKind::Structured { value, shape },
            text: text.to_string(),
            line,
        });
        return;
    }
    let before = res.len();
    if depth < MAX_JSON_SCAN_DEPTH {
        let mut strings = Vec::new();
        collect_strings(&value, &mut strings, 0);
        for s in strings {
            let mut found = Vec::new();
            for (doc_line, doc) in yaml_documents(&extract_pem(s, &mut found)) {
                split_document(doc, doc_line, depth + 1, &mut found);
            }
            res.extend(found.into_iter().filter(|it| it.kind != PieceKind::Unrecognised).map(
                |mut it| {
                    it.line = line;
                    it
                },
            ));
        }
    }
    if res.len() == before {
        res.push(Piece { kind: PieceKind::Unrecognised, text: preview(text), line });
    }
}

fn collect_strings<'a>(value: &'a Value, out: &mut Vec<&'a str>, depth: usize) {
    if depth > 64 {
        return;
    }
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|it| collect_strings(it, out, depth + 1)),
        Value::Object(map) => map.values().for_each(|it| collect_strings(it, out, depth + 1)),
        _ => {}
    }
}

fn strip_serde_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// A document looks like YAML when a line at column 0 is `key:` or `- key:`.
fn looks_like_yaml(text: &str) -> bool {
    text.lines().take(200).any(|line| {
        let line = line.strip_prefix("- ").unwrap_or(line);
        let Some((key, rest)) = line.split_once(':') else {
            return false;
        };
        !key.is_empty()
            && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"'))
            && (rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t'))
    })
}

fn has_known_yaml_keys(text: &str) -> bool {
    [
        "apiVersion:",
        "kind:",
        "mapRoles:",
        "mapUsers:",
        "clusters:",
        "rolearn:",
        "userarn:",
        "users:",
    ]
    .iter()
    .any(|key| text.contains(key))
}

/// Parses the first YAML document into a JSON value. `None` when the text holds no document;
/// the error is (message, line, column).
pub fn parse_yaml(text: &str) -> Option<Result<Value, (String, usize, usize)>> {
    match crate::yaml::parse(text) {
        Ok(value) => value.map(Ok),
        Err(err) => Some(Err((err.message, err.line, err.column))),
    }
}

fn preview(text: &str) -> String {
    let first = text.trim().lines().next().unwrap_or_default();
    let mut res: String = first.chars().take(60).collect();
    if first.chars().count() > 60 {
        res.push('…');
    }
    res
}

/// Scans loose text: blank-line separated chunks of whitespace-separated words.
fn scan_text(doc: &str, first_line: usize, depth: usize, res: &mut Vec<Piece>) {
    let words = words(doc, first_line);
    let mut chunk_found = false;
    let mut chunk_start: Option<(usize, String)> = None;
    let mut idx = 0;
    let mut last_line = 0;
    while let Some(word) = words.get(idx) {
        if word.line > last_line + 1 && last_line != 0 {
            // A blank line ends a chunk; an unrecognised chunk gets one piece.
            flush_chunk(&mut chunk_found, &mut chunk_start, res);
        }
        if chunk_start.is_none() {
            chunk_start = Some((word.line, word.line_text.to_string()));
        }
        last_line = word.line;
        let consumed = classify_word(&words, idx, depth, res);
        if consumed > 0 {
            chunk_found = true;
            last_line = words.get(idx + consumed - 1).map_or(last_line, |it| it.line);
            idx += consumed;
        } else {
            idx += 1;
        }
    }
    flush_chunk(&mut chunk_found, &mut chunk_start, res);
}

fn flush_chunk(found: &mut bool, start: &mut Option<(usize, String)>, res: &mut Vec<Piece>) {
    if let Some((line, text)) = start.take() {
        if !*found && !text.trim().is_empty() {
            res.push(Piece { kind: PieceKind::Unrecognised, text: preview(&text), line });
        }
    }
    *found = false;
}

#[derive(Debug)]
struct Word<'a> {
    text: String,
    line: usize,
    /// Whether this word is the last on its line.
    ends_line: bool,
    /// Whether this word is the only one on its line.
    alone: bool,
    line_text: &'a str,
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '"' | '\'' | '`' | ',' | '<' | '>' | '(' | ')' | '[' | ']' | '{' | '}' | '|')
}

fn words(doc: &str, first_line: usize) -> Vec<Word<'_>> {
    let mut res = Vec::new();
    for (idx, line_text) in doc.lines().enumerate() {
        if line_text.bytes().all(|b| b == b' ') {
            // Blank (a PEM block blanked out by `extract_pem`): no words.
            continue;
        }
        let parts: Vec<&str> = line_text.split(is_separator).filter(|it| !it.is_empty()).collect();
        let n = parts.len();
        for (part_idx, part) in parts.into_iter().enumerate() {
            res.push(Word {
                text: part.trim_end_matches([';', ',']).to_string(),
                line: first_line + idx,
                ends_line: part_idx + 1 == n,
                alone: n == 1,
                line_text,
            });
        }
    }
    res
}

fn is_base64url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_')
}

fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')
}

/// Where a token prefix `k8s-aws-vN.` (any version, `lower` is lower-cased) starts in `lower`.
fn token_prefix_at(lower: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find("k8s-aws-v")) {
        let at = from + found;
        let after = lower.get(at + "k8s-aws-v".len()..).unwrap_or_default();
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after.as_bytes().get(digits) == Some(&b'.') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Classifies the word at `idx`, possibly joining following words. Returns how many words it used
/// (0 when the word is not recognised).
fn classify_word(words: &[Word<'_>], idx: usize, depth: usize, res: &mut Vec<Piece>) -> usize {
    let Some(word) = words.get(idx) else {
        return 0;
    };
    let text = word.text.as_str();
    let lower = text.to_ascii_lowercase();
    // The prefix is found case-insensitively and with any version (`K8S-AWS-V1.`, `k8s-aws-v2.`)
    // so that a mangled prefix is reported as the authenticator would, not ignored.
    if let Some(at) = token_prefix_at(&lower) {
        let mut token = text.get(at..).unwrap_or_default().to_string();
        let mut used = 1;
        // A token broken over lines or by stray spaces: join base64url-only words until the URL
        // inside is complete (it ends with the 64-hex-digit signature).
        // Capped: a real token is at most 4096 bytes.
        let mut join = crate::token::TokenJoin::new(&token);
        while token.len() <= 2 * crate::token::MAX_TOKEN_BYTES && !join.is_complete() {
            let Some(next) = words.get(idx + used) else { break };
            if next.text.is_empty() || !next.text.chars().all(is_base64_char) {
                break;
            }
            token.push_str(&next.text);
            join.push(&next.text);
            used += 1;
        }
        res.push(Piece {
            kind: PieceKind::Token { joined: used > 1 },
            text: token,
            line: word.line,
        });
        return used;
    }
    if lower.starts_with("https://") || lower.starts_with("http://") {
        if lower.contains("x-amz-") || lower.contains("action=") || lower.contains("://sts") {
            res.push(Piece { kind: PieceKind::StsUrl, text: text.to_string(), line: word.line });
            return 1;
        }
        return 0;
    }
    if lower.starts_with("arn:") {
        res.push(Piece { kind: PieceKind::Arn, text: text.to_string(), line: word.line });
        return 1;
    }
    if crate::access_key::looks_like_id(text) {
        res.push(Piece { kind: PieceKind::KeyId, text: text.to_string(), line: word.line });
        return 1;
    }
    if text.starts_with("eyJ")
        && text.matches('.').count() == 2
        && text.chars().all(|c| is_base64url_char(c) || c == '.')
    {
        res.push(Piece { kind: PieceKind::Jwt, text: text.to_string(), line: word.line });
        return 1;
    }
    let mut chars = text.chars();
    if let Some(c) = chars.next().filter(|c| "-=+_*".contains(*c)) {
        if text.len() >= 3 && chars.all(|d| d == c) {
            // A rule line (`-----`, `=====`), as the AWS CLI's tables and kubectl describe draw
            // them: decoration, not base64.
            return 1;
        }
    }
    if text.len() >= 24 && text.chars().all(is_base64_char) {
        // Base64 wrapped over lines: join following lines that hold one base64 word each.
        let mut joined = text.to_string();
        let mut used = 1;
        let mut prev = word;
        while prev.ends_line {
            let Some(next) = words.get(idx + used) else { break };
            if !next.alone
                || next.line != prev.line + 1
                || !next.text.chars().all(is_base64_char)
                || joined.ends_with('=')
            {
                break;
            }
            joined.push_str(&next.text);
            used += 1;
            prev = next;
        }
        let kind = classify_base64(&joined, depth);
        if let Some(kind) = kind {
            res.push(Piece { kind, text: joined, line: word.line });
            return used;
        }
    }
    0
}

/// Decodes standard or URL-safe base64, with or without padding.
pub fn decode_base64_lenient(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let unpadded = compact.trim_end_matches('=');
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    if unpadded.contains(['-', '_']) {
        let std_form: String = unpadded
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        return engine.decode(std_form).ok();
    }
    engine.decode(unpadded).ok()
}

fn classify_base64(text: &str, depth: usize) -> Option<PieceKind> {
    let bytes = decode_base64_lenient(text)?;
    if let Ok(decoded) = std::str::from_utf8(&bytes) {
        if decoded.starts_with("https://") && decoded.contains("X-Amz-") {
            // A token without its `k8s-aws-v1.` prefix.
            return Some(PieceKind::Token { joined: false });
        }
        if decoded.trim_start().starts_with("-----BEGIN ") {
            return Some(PieceKind::Base64Pem { decoded: decoded.to_string() });
        }
        if depth < MAX_JSON_SCAN_DEPTH && decoded.trim_start().starts_with('{') {
            if let Ok(value) = serde_json::from_str::<Value>(decoded) {
                if let Some(shape) = crate::structured::classify(&value) {
                    return Some(PieceKind::Structured { value, shape });
                }
            }
        }
    }
    if starts_like_certificate(&bytes) {
        return Some(PieceKind::Der { bytes, from_base64: true });
    }
    if text.len() >= 40 {
        return Some(PieceKind::Base64Other { n_bytes: bytes.len() });
    }
    None
}

/// A DER length at `at`: (length, bytes it takes).
fn der_length(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let first = *bytes.get(at)?;
    if first < 0x80 {
        return Some((usize::from(first), 1));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for idx in 0..n {
        len = (len << 8) | usize::from(*bytes.get(at + 1 + idx)?);
    }
    Some((len, 1 + n))
}

/// Whether `bytes` start as an X.509 certificate does: `SEQUENCE { SEQUENCE {` (the signed part)
/// then the `[0]` version or the serial number's INTEGER, with lengths that fit. Random bytes
/// (base64-looking words in text) almost never do; a truncated certificate still does, and is
/// reported as a damaged certificate.
pub fn starts_like_certificate(bytes: &[u8]) -> bool {
    let outer = match (bytes.first(), der_length(bytes, 1)) {
        (Some(0x30), Some((len, n))) if len > 64 => 1 + n,
        _ => return false,
    };
    let inner = match (bytes.get(outer), der_length(bytes, outer + 1)) {
        (Some(0x30), Some((len, n))) if len > 32 => outer + 1 + n,
        _ => return false,
    };
    match bytes.get(inner..inner + 5) {
        Some([0xa0, 0x03, 0x02, 0x01, 0..=2]) => true,
        Some([0x02, len, ..]) => (1..=21).contains(len),
        _ => false,
    }
}
