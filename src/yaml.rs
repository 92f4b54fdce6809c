//! A small YAML reader for the documents eksplain reads: kubeconfigs, ConfigMaps, `mapRoles`
//! text, ExecCredential and caller-identity YAML. It returns a JSON value, like the
//! YAML-to-JSON step of `sigs.k8s.io/yaml` the authenticator uses.
//!
//! It covers block mappings and sequences (including `- key: value` and `key:\n- item`), flow
//! collections, plain, single- and double-quoted scalars, block scalars (`|`, `>`, chomping and
//! indentation indicators), comments, anchors and aliases, and tags (ignored). Errors carry a line
//! and column. A general-purpose YAML crate costs about 45 KB of compressed wasm; this one is
//! checked against yaml-rust2 by differential tests (`tests/it/yaml.rs`). It never panics.

use serde_json::{Map, Number, Value};

/// Nesting deeper than this is an error rather than a risk to the stack.
const MAX_DEPTH: usize = 100;
/// A flow collection or quoted scalar spanning more than this many bytes is an error: checking
/// whether it is closed rescans it per line, and real documents hold nothing that long.
const MAX_MULTILINE_BYTES: usize = 64 * 1024;

/// A YAML syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

type Result<T> = std::result::Result<T, YamlError>;

/// Parses the first document of `text`. `Ok(None)` when it holds no document.
pub fn parse(text: &str) -> Result<Option<Value>> {
    let mut parser = Parser {
        lines: text.lines().map(str::to_string).collect(),
        pos: 0,
        anchors: Vec::new(),
        depth: 0,
    };
    parser.skip_directives();
    parser.skip_blank();
    if parser.pos >= parser.lines.len() {
        return Ok(None);
    }
    let value = parser.node(0)?;
    parser.skip_blank();
    if let Some(line) = parser.lines.get(parser.pos) {
        let trimmed = line.trim_end();
        if trimmed != "---" && trimmed != "..." {
            let indent = line.len() - line.trim_start().len();
            return Err(parser.error_at(parser.pos, indent, "did not find expected key or item: this line is indented differently from everything above it"));
        }
    }
    Ok(Some(value))
}

struct Parser {
    lines: Vec<String>,
    pos: usize,
    anchors: Vec<(String, Value)>,
    depth: usize,
}

/// Cuts a trailing comment: `#` at the start or after whitespace, outside quotes.
fn strip_comment(text: &str) -> &str {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut quote: Option<char> = None;
    let mut prev_space = true;
    let mut idx = 0;
    while let Some(&(at, c)) = chars.get(idx) {
        let next = chars.get(idx + 1).map(|(_, n)| *n);
        match quote {
            Some('\'') if c == '\'' && next == Some('\'') => idx += 1,
            Some('"') if c == '\\' => idx += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && prev_space => quote = Some(c),
            None if c == '#' && prev_space => return text.get(..at).unwrap_or(text).trim_end(),
            None => {}
        }
        prev_space = c == ' ' || c == '\t' || (quote.is_none() && matches!(c, '[' | '{' | ','));
        idx += 1;
    }
    text.trim_end()
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// Types a plain scalar as YAML 1.2's core schema does (floats stay text).
fn plain_value(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => {
            let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                if let Ok(n) = text.parse::<i64>() {
                    return Value::Number(Number::from(n));
                }
            }
            Value::String(text.to_string())
        }
    }
}

impl Parser {
    fn error_at(&self, line: usize, column: usize, message: &str) -> YamlError {
        YamlError { message: message.to_string(), line: line + 1, column: column + 1 }
    }

    fn skip_directives(&mut self) {
        while let Some(line) = self.lines.get(self.pos) {
            let trimmed = line.trim_end();
            if trimmed.starts_with('%') || trimmed == "---" || is_blank(line) {
                self.pos += 1;
            } else if let Some(rest) = trimmed.strip_prefix("--- ") {
                let rest = rest.to_string();
                if let Some(line) = self.lines.get_mut(self.pos) {
                    *line = format!("    {rest}");
                }
                break;
            } else {
                break;
            }
        }
    }

    fn skip_blank(&mut self) {
        while self.lines.get(self.pos).is_some_and(|l| is_blank(l)) {
            self.pos += 1;
        }
    }

    /// The indentation of the next non-blank line, if any.
    fn peek_indent(&mut self) -> Option<usize> {
        self.skip_blank();
        self.lines.get(self.pos).map(|l| indent_of(l))
    }

    /// Tabs cannot indent YAML (go-yaml: "found character that cannot start any token").
    fn check_tab(&self, indent: usize) -> Result<()> {
        if self
            .lines
            .get(self.pos)
            .and_then(|l| l.get(indent..))
            .is_some_and(|rest| rest.starts_with('\t'))
        {
            return Err(self.error_at(
                self.pos,
                indent,
                "found a tab character where indentation is expected",
            ));
        }
        Ok(())
    }

    /// A node whose lines are indented at least `min_indent`.
    fn node(&mut self, min_indent: usize) -> Result<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(self.pos, 0, "the document is nested too deeply"));
        }
        let res = self.node_inner(min_indent);
        self.depth -= 1;
        res
    }

    fn node_inner(&mut self, min_indent: usize) -> Result<Value> {
        let Some(indent) = self.peek_indent() else { return Ok(Value::Null) };
        if indent < min_indent {
            return Ok(Value::Null);
        }
        self.check_tab(indent)?;
        let line = self.lines.get(self.pos).cloned().unwrap_or_default();
        let content = strip_comment(line.get(indent..).unwrap_or_default());
        if content == "-" || content.starts_with("- ") {
            return self.sequence(indent);
        }
        if self.split_key(content, indent)?.is_some() {
            return self.mapping(indent);
        }
        let parent = min_indent.saturating_sub(1);
        let line_no = self.pos;
        self.pos += 1;
        self.inline_value(content.to_string(), line_no, indent, parent)
    }

    fn sequence(&mut self, indent: usize) -> Result<Value> {
        let mut items = Vec::new();
        while let Some(line_indent) = self.peek_indent() {
            if line_indent < indent {
                break;
            }
            self.check_tab(line_indent)?;
            let line = self.lines.get(self.pos).cloned().unwrap_or_default();
            let content = strip_comment(line.get(line_indent..).unwrap_or_default());
            let is_item = content == "-" || content.starts_with("- ");
            if line_indent > indent || !is_item {
                if line_indent == indent {
                    break;
                }
                return Err(self.error_at(
                    self.pos,
                    line_indent,
                    "did not find expected '-' indicator: bad indentation of a sequence entry",
                ));
            }
            if content == "-" {
                self.pos += 1;
                items.push(self.block_child(indent)?);
            } else {
                // Replace the dash with a space: the rest is a node indented past the dash.
                if let Some(line) = self.lines.get_mut(self.pos) {
                    line.replace_range(indent..indent + 1, " ");
                }
                items.push(self.node(indent + 1)?);
            }
        }
        Ok(Value::Array(items))
    }

    /// The value on the lines after `key:` or `-` with nothing after it.
    fn block_child(&mut self, parent: usize) -> Result<Value> {
        match self.peek_indent() {
            Some(next) if next > parent => self.node(parent + 1),
            _ => Ok(Value::Null),
        }
    }

    /// Splits `key: rest`. Returns the key and the text after the colon.
    fn split_key(&self, content: &str, indent: usize) -> Result<Option<(String, String)>> {
        if content.starts_with(['[', '{', '|', '>', '*', '!', '&'])
            || content == "-"
            || content.starts_with("- ")
        {
            return Ok(None);
        }
        if let Some(q) = content.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let Some((key, used)) = quoted(content, q) else {
                return Ok(None);
            };
            let rest = content.get(used..).unwrap_or_default().trim_start();
            return Ok(rest
                .strip_prefix(':')
                .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
                .map(|r| (key, r.trim().to_string())));
        }
        let mut search = 0;
        while let Some(found) = content.get(search..).and_then(|s| s.find(':')) {
            let at = search + found;
            let after = content.get(at + 1..).unwrap_or_default();
            if after.is_empty() || after.starts_with([' ', '\t']) {
                let key = content.get(..at).unwrap_or_default().trim_end();
                if key.contains(" #") {
                    return Ok(None);
                }
                if key.starts_with('?') {
                    return Err(self.error_at(
                        self.pos,
                        indent,
                        "complex mapping keys (`? key`) are not supported",
                    ));
                }
                return Ok(Some((key.to_string(), after.trim().to_string())));
            }
            search = at + 1;
        }
        Ok(None)
    }

    fn mapping(&mut self, indent: usize) -> Result<Value> {
        let mut map = Map::new();
        while let Some(line_indent) = self.peek_indent() {
            if line_indent < indent {
                break;
            }
            self.check_tab(line_indent)?;
            let line = self.lines.get(self.pos).cloned().unwrap_or_default();
            let content = strip_comment(line.get(line_indent..).unwrap_or_default()).to_string();
            if line_indent > indent {
                return Err(self.error_at(
                    self.pos,
                    line_indent,
                    "mapping values are not allowed here: bad indentation of a mapping entry",
                ));
            }
            if content == "-" || content.starts_with("- ") {
                return Err(self.error_at(
                    self.pos,
                    line_indent,
                    "did not find expected key: a sequence entry where a mapping key belongs",
                ));
            }
            let Some((key, rest)) = self.split_key(&content, line_indent)? else {
                return Err(self.error_at(
                    self.pos,
                    line_indent,
                    "could not find expected ':' after a mapping key",
                ));
            };
            let line_no = self.pos;
            self.pos += 1;
            let value = if rest.is_empty() {
                match self.peek_indent() {
                    Some(next) if next > indent => self.node(indent + 1)?,
                    Some(next) if next == indent && self.next_is_item() => self.sequence(indent)?,
                    _ => Value::Null,
                }
            } else {
                let column = line_indent + content.len() - rest.len();
                self.inline_value(rest, line_no, column, indent)?
            };
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    fn next_is_item(&self) -> bool {
        self.lines.get(self.pos).is_some_and(|l| {
            let t = l.trim_start();
            t == "-" || t.starts_with("- ")
        })
    }

    /// A value written on the same line as its key or dash (and maybe continuing below).
    fn inline_value(
        &mut self,
        text: String,
        line_no: usize,
        column: usize,
        parent: usize,
    ) -> Result<Value> {
        let mut text = text.trim().to_string();
        let mut anchor = None;
        if let Some(rest) = text.strip_prefix('&') {
            let (name, rest) = rest.split_once([' ', '\t']).unwrap_or((rest, ""));
            anchor = Some(name.to_string());
            text = rest.trim().to_string();
        }
        let mut force_string = false;
        if text.starts_with('!') {
            force_string = text.starts_with("!!str");
            text =
                text.split_once([' ', '\t']).map_or(String::new(), |(_, r)| r.trim().to_string());
        }
        let value = if let Some(name) = text.strip_prefix('*') {
            match self.anchors.iter().rev().find(|(n, _)| n == name.trim()) {
                Some((_, v)) => v.clone(),
                None => {
                    return Err(self.error_at(
                        line_no,
                        column,
                        &format!("unknown anchor \"{}\"", name.trim()),
                    ))
                }
            }
        } else if text.is_empty() {
            self.block_child(parent)?
        } else if text.starts_with('|') || text.starts_with('>') {
            self.block_scalar(&text, line_no, column, parent)?
        } else if text.starts_with('[') || text.starts_with('{') {
            self.flow(text, line_no, column)?
        } else if let Some(q) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
            self.quoted_scalar(text, q, line_no, column)?
        } else {
            // A plain scalar may continue on more-indented lines (folded with spaces).
            let mut res = text;
            while let Some(next) = self.lines.get(self.pos) {
                if is_blank(next) || indent_of(next) <= parent {
                    break;
                }
                let more = strip_comment(next.trim_start());
                if more.starts_with("- ") || self.split_key(more, 0)?.is_some() {
                    return Err(self.error_at(
                        self.pos,
                        indent_of(next),
                        "mapping values are not allowed in this context",
                    ));
                }
                res.push(' ');
                res.push_str(more);
                self.pos += 1;
            }
            if res.contains(": ") || res.ends_with(':') {
                return Err(self.error_at(
                    line_no,
                    column,
                    "mapping values are not allowed in this context",
                ));
            }
            if force_string {
                Value::String(res)
            } else {
                plain_value(&res)
            }
        };
        if let Some(name) = anchor {
            self.anchors.push((name, value.clone()));
        }
        Ok(value)
    }

    fn quoted_scalar(
        &mut self,
        mut text: String,
        q: char,
        line_no: usize,
        column: usize,
    ) -> Result<Value> {
        let mut may_close = true;
        loop {
            if may_close {
                if let Some((value, used)) = quoted(&text, q) {
                    let rest = strip_comment(text.get(used..).unwrap_or_default()).trim();
                    if !rest.is_empty() {
                        return Err(self.error_at(
                            line_no,
                            column + used,
                            "did not find expected key: text after a quoted scalar",
                        ));
                    }
                    return Ok(Value::String(value));
                }
            }
            // A quoted scalar may span lines; line breaks fold to spaces. Only a line holding the
            // quote character can close it, so the whole text is rescanned only then.
            let Some(next) = self.lines.get(self.pos).filter(|_| text.len() < MAX_MULTILINE_BYTES)
            else {
                return Err(self.error_at(
                    line_no,
                    column,
                    "found unexpected end of stream while scanning a quoted scalar",
                ));
            };
            may_close = next.contains(q);
            text.push(' ');
            text.push_str(next.trim());
            self.pos += 1;
        }
    }

    fn block_scalar(
        &mut self,
        header: &str,
        line_no: usize,
        column: usize,
        parent: usize,
    ) -> Result<Value> {
        let literal = header.starts_with('|');
        let mut chomp = ' ';
        let mut explicit = None;
        for c in header.chars().skip(1) {
            match c {
                '-' | '+' => chomp = c,
                '1'..='9' => explicit = c.to_digit(10).map(|d| d as usize),
                ' ' | '\t' => break,
                _ => return Err(self.error_at(
                    line_no,
                    column,
                    "did not find expected comment or line break after a block scalar indicator",
                )),
            }
        }
        let mut block_indent = explicit.map(|d| parent + d);
        let mut lines: Vec<String> = Vec::new();
        while let Some(line) = self.lines.get(self.pos) {
            let trimmed = line.trim_start_matches(' ');
            if trimmed.is_empty() {
                lines.push(String::new());
                self.pos += 1;
                continue;
            }
            let indent = indent_of(line);
            let want = *block_indent.get_or_insert(indent);
            if indent < want || indent <= parent {
                break;
            }
            lines.push(line.get(want..).unwrap_or_default().to_string());
            self.pos += 1;
        }
        // Trailing empty lines belong to chomping, not content.
        let n_trailing = lines.iter().rev().take_while(|l| l.is_empty()).count();
        let content = lines.get(..lines.len() - n_trailing).unwrap_or_default();
        let mut res = String::new();
        if literal {
            res = content.join("\n");
        } else {
            // Folding: a single line break between text lines becomes a space; k empty lines
            // become k newlines; around more-indented lines breaks are kept.
            let mut started = false;
            let mut empties = 0;
            let mut prev_more = false;
            for line in content {
                if line.is_empty() {
                    empties += 1;
                    continue;
                }
                let more = line.starts_with([' ', '\t']);
                if !started {
                    res.push_str(&"\n".repeat(empties));
                    started = true;
                } else if prev_more || more {
                    res.push_str(&"\n".repeat(empties + 1));
                } else if empties > 0 {
                    res.push_str(&"\n".repeat(empties));
                } else {
                    res.push(' ');
                }
                res.push_str(line);
                empties = 0;
                prev_more = more;
            }
        }
        if !content.is_empty() {
            match chomp {
                '-' => {}
                '+' => {
                    res.push('\n');
                    res.push_str(&"\n".repeat(n_trailing));
                }
                _ => res.push('\n'),
            }
        }
        Ok(Value::String(res))
    }

    /// A flow collection, joined across lines until its brackets close.
    fn flow(&mut self, mut text: String, line_no: usize, column: usize) -> Result<Value> {
        let mut scan = FlowScan::default();
        let mut fed = scan.feed(&text);
        loop {
            match fed {
                Some(0) => break,
                Some(_) => {}
                None => {
                    return Err(self.error_at(
                        line_no,
                        column,
                        "unexpected closing bracket in a flow collection",
                    ))
                }
            }
            let Some(next) = self.lines.get(self.pos).filter(|_| text.len() < MAX_MULTILINE_BYTES)
            else {
                return Err(self.error_at(
                    line_no,
                    column,
                    "did not find expected ',' or ']': unterminated flow collection",
                ));
            };
            let more = format!(" {}", strip_comment(next.trim()));
            fed = scan.feed(&more);
            text.push_str(&more);
            self.pos += 1;
        }
        let mut flow = Flow { chars: text.chars().collect(), pos: 0, depth: 0 };
        let value =
            flow.node().map_err(|message| self.error_at(line_no, column + flow.pos, &message))?;
        flow.skip_space();
        if flow.pos < flow.chars.len() {
            return Err(self.error_at(
                line_no,
                column + flow.pos,
                "did not find expected key: text after a flow collection",
            ));
        }
        Ok(value)
    }
}

/// Bracket depth of a flow collection, fed one piece at a time (outside quotes), so joining
/// many lines stays linear.
#[derive(Default)]
struct FlowScan {
    depth: i64,
    quote: Option<char>,
    prev: char,
}

impl FlowScan {
    /// Feeds more text; `None` if a closing bracket has no opening one.
    fn feed(&mut self, text: &str) -> Option<i64> {
        for c in text.chars() {
            match self.quote {
                Some('"') if c == '"' && self.prev != '\\' => self.quote = None,
                Some('\'') if c == '\'' => self.quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' => self.quote = Some(c),
                    '[' | '{' => self.depth += 1,
                    ']' | '}' => {
                        self.depth -= 1;
                        if self.depth < 0 {
                            return None;
                        }
                    }
                    _ => {}
                },
            }
            self.prev = if self.prev == '\\' && c == '\\' { ' ' } else { c };
        }
        Some(self.depth)
    }
}

/// A quoted scalar at the start of `text`: its value and the bytes it used, or `None` if unterminated.
fn quoted(text: &str, q: char) -> Option<(String, usize)> {
    let mut res = String::new();
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((idx, c)) = chars.next() {
        if c == q {
            if q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                res.push('\'');
                continue;
            }
            return Some((res, idx + 1));
        }
        if q == '"' && c == '\\' {
            let (_, e) = chars.next()?;
            match e {
                'n' => res.push('\n'),
                't' => res.push('\t'),
                'r' => res.push('\r'),
                '0' => res.push('\0'),
                // The rest of YAML 1.2's escapes (`\f` and `\b` are also JSON's: found by fuzzing
                // the generators, whose double-quoted scalars are JSON strings).
                'a' => res.push('\u{7}'),
                'b' => res.push('\u{8}'),
                'v' => res.push('\u{b}'),
                'f' => res.push('\u{c}'),
                'e' => res.push('\u{1b}'),
                '\t' => res.push('\t'),
                'N' => res.push('\u{85}'),
                '_' => res.push('\u{a0}'),
                'L' => res.push('\u{2028}'),
                'P' => res.push('\u{2029}'),
                '/' => res.push('/'),
                ' ' => res.push(' '),
                '"' => res.push('"'),
                '\\' => res.push('\\'),
                'x' | 'u' | 'U' => {
                    let n = match e {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex: String = (0..n).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                    let ch = u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}');
                    res.push(ch);
                }
                other => {
                    res.push('\\');
                    res.push(other);
                }
            }
            continue;
        }
        res.push(c);
    }
    None
}

struct Flow {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl Flow {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn node(&mut self) -> std::result::Result<Value, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(String::from("the flow collection is nested too deeply"));
        }
        self.skip_space();
        let res = match self.peek() {
            Some('[') => self.sequence(),
            Some('{') => self.mapping(),
            Some(q @ ('"' | '\'')) => {
                let rest: String = self.chars.get(self.pos..).unwrap_or_default().iter().collect();
                let (value, used) =
                    quoted(&rest, q).ok_or("unterminated quoted scalar in a flow collection")?;
                self.pos += rest.get(..used).map_or(0, |s| s.chars().count());
                Ok(Value::String(value))
            }
            _ => Ok(plain_value(&self.plain())),
        };
        self.depth -= 1;
        res
    }

    /// A plain scalar inside a flow collection: up to `,`, `]`, `}` or `: `.
    fn plain(&mut self) -> String {
        let start = self.pos;
        while let Some(c) = self.peek() {
            let next = self.chars.get(self.pos + 1).copied();
            if matches!(c, ',' | ']' | '}')
                || (c == ':'
                    && next.is_none_or(|n| n.is_whitespace() || matches!(n, ',' | ']' | '}')))
            {
                break;
            }
            self.pos += 1;
        }
        self.chars
            .get(start..self.pos)
            .unwrap_or_default()
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    }

    fn sequence(&mut self) -> std::result::Result<Value, String> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                Some(']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(String::from("did not find expected ',' or ']'")),
                _ => {}
            }
            let item = self.node()?;
            self.skip_space();
            if self.peek() == Some(':') {
                // `[a: b]` is a sequence holding a one-pair mapping.
                self.pos += 1;
                let value = self.node()?;
                let mut map = Map::new();
                map.insert(key_text(&item), value);
                items.push(Value::Object(map));
            } else {
                items.push(item);
            }
            self.skip_space();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {}
                _ => return Err(String::from("did not find expected ',' or ']'")),
            }
        }
    }

    fn mapping(&mut self) -> std::result::Result<Value, String> {
        self.pos += 1;
        let mut map = Map::new();
        loop {
            self.skip_space();
            match self.peek() {
                Some('}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                None => return Err(String::from("did not find expected ',' or '}'")),
                _ => {}
            }
            let key = self.node()?;
            self.skip_space();
            let value = if self.peek() == Some(':') {
                self.pos += 1;
                self.skip_space();
                if matches!(self.peek(), Some(',' | '}')) {
                    Value::Null
                } else {
                    self.node()?
                }
            } else {
                Value::Null
            };
            map.insert(key_text(&key), value);
            self.skip_space();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') => {}
                _ => return Err(String::from("did not find expected ',' or '}'")),
            }
        }
    }
}

/// A mapping key as text (JSON keys are strings).
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
