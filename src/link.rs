//! Links to the page, all in the URL fragment (a fragment never reaches any server):
//!
//! - `#explain=ID` opens the catalogue entry of a finding id (`#explain` alone lists them all);
//! - `#gen=TARGET&principal=ARN[&cluster=][&region=][&username=][&group=]…[&policy=][&namespace=]…`
//!   opens the fix-it snippets exactly as `eksplain gen` prints them (`TARGET` may be `all`);
//! - `#input=BASE64URL` (UTF-8, no padding) fills the paste box and inspects it.
//!
//! [`parse`] reads a fragment (the page, on load and on every `hashchange`); [`explain_link`],
//! [`gen_link`] and [`input_link`] write them (the CLI's `eksplain link`, the page's "Copy link").
//! A link is at most [`MAX_LINK_BYTES`]: longer ones are cut by browsers and chat tools, so both
//! directions say so plainly instead. Values are percent-encoded (`+` is a plus, never a space:
//! IAM names may hold one).
//!
//! Pure: no I/O, and it never panics on input.

use base64::Engine as _;

use crate::generate::{self, Options, Target, TARGETS};

/// The hosted page's address, the default base of the links `eksplain link` prints. A
/// placeholder (`.example` never resolves) until the project has a home: set it here, or at build
/// time with `EKSPLAIN_HOSTED_URL=https://you.github.io/eksplain/ cargo build`.
pub const HOSTED_URL: &str = match option_env!("EKSPLAIN_HOSTED_URL") {
    Some(url) => url,
    None => "https://eksplain.example/",
};

/// The longest link written or read, in bytes (32 KiB): browsers, chat tools and ticket systems
/// cut longer URLs.
pub const MAX_LINK_BYTES: usize = 32 * 1024;

/// What a fragment asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Link {
    /// No fragment: the plain page.
    #[default]
    None,
    /// `#explain` (`None`: the whole catalogue) or `#explain=ID` (the id, or a search, as given).
    Explain(Option<String>),
    /// `#gen=…`: snippets for a principal.
    Gen(Gen),
    /// `#input=…`: the text to paste.
    Input(String),
    /// A fragment that is none of these, or is broken: what is wrong, to say on the page.
    Invalid(String),
}

/// A `#gen=` link: what `eksplain gen TARGET --principal ARN …` is given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gen {
    /// A target's name (see [`TARGETS`]) or `all`.
    pub target: String,
    /// The options, as `eksplain gen` takes them.
    pub options: Options,
}

impl Gen {
    /// The targets to print: every one for `all`, else the named one (none if unknown).
    pub fn targets(&self) -> Vec<Target> {
        if self.target == "all" {
            TARGETS.to_vec()
        } else {
            Target::from_name(&self.target).into_iter().collect()
        }
    }

    /// The same request as `eksplain gen` arguments, for showing the equivalent command.
    pub fn command(&self) -> String {
        let mut out = format!("eksplain gen {}", shell_word(&self.target));
        for (flag, value) in self.pairs().into_iter().skip(1) {
            out.push_str(&format!(" --{flag} {}", shell_word(&value)));
        }
        out
    }

    /// (name, value) in link order, the target first; empty values are left out.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let o = &self.options;
        let mut res = vec![("gen", self.target.clone()), ("principal", o.principal.clone())];
        let one = |name: &'static str, v: &Option<String>| v.clone().map(|v| (name, v));
        res.extend(one("cluster", &o.cluster));
        res.extend(one("region", &o.region));
        res.extend(one("username", &o.username));
        res.extend(o.groups.iter().map(|g| ("group", g.clone())));
        res.extend(one("policy", &o.policy));
        res.extend(o.namespaces.iter().map(|n| ("namespace", n.clone())));
        res.retain(|(name, v)| *name == "gen" || !v.is_empty());
        res
    }
}

/// A target name check shared by the link and the CLI.
fn check_target(name: &str) -> Result<(), String> {
    if name == "all" || Target::from_name(name).is_some() {
        return Ok(());
    }
    let names: Vec<&str> = TARGETS.iter().map(|t| t.name()).collect();
    Err(format!("unknown target {name:?}: one of {}, or all", names.join(", ")))
}

/// Reads a fragment (with or without its `#`).
pub fn parse(fragment: &str) -> Link {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.trim().is_empty() {
        return Link::None;
    }
    if fragment.len() > MAX_LINK_BYTES {
        return Link::Invalid(format!(
            "This link is {}, over the {} eksplain reads from a link: browsers and chat tools cut \
             links that long, so it is probably incomplete. Ask for the input as a file, or paste it.",
            kib(fragment.len()),
            kib(MAX_LINK_BYTES)
        ));
    }
    let mut params = Vec::new();
    for part in fragment.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        match percent_decode(value) {
            Some(value) => params.push((name, value)),
            None => {
                return Link::Invalid(format!(
                    "The link's {name:?} is not valid percent-encoded UTF-8; it may have been cut \
                     or changed when it was copied."
                ))
            }
        }
    }
    let Some((form, first)) = params.first().cloned() else { return Link::None };
    let rest = params.get(1..).unwrap_or_default();
    match form {
        "explain" => match rest.first() {
            Some((name, _)) => {
                Link::Invalid(format!("An #explain= link takes one finding id, not also {name:?}."))
            }
            None if first.trim().is_empty() => Link::Explain(None),
            None => Link::Explain(Some(first.trim().to_string())),
        },
        "gen" => parse_gen(first, rest),
        "input" => match rest.first() {
            Some((name, _)) => {
                Link::Invalid(format!("An #input= link holds only the input, not also {name:?}."))
            }
            None => match decode_input(&first) {
                Ok(text) => Link::Input(text),
                Err(why) => Link::Invalid(why),
            },
        },
        other => Link::Invalid(format!(
            "This page does not know the link #{}: it reads #explain=ID, #gen=TARGET&principal=ARN \
             and #input=….",
            truncate(other, 40)
        )),
    }
}

fn parse_gen(target: String, rest: &[(&str, String)]) -> Link {
    let mut gen = Gen { target: target.trim().to_string(), options: Options::default() };
    if let Err(why) = check_target(&gen.target) {
        return Link::Invalid(format!("This #gen= link names an {why}."));
    }
    let o = &mut gen.options;
    for (name, value) in rest {
        let value = value.trim().to_string();
        match *name {
            "principal" => o.principal = value,
            "cluster" => o.cluster = Some(value),
            "region" => o.region = Some(value),
            "username" => o.username = Some(value),
            "group" => o.groups.push(value),
            "policy" => o.policy = Some(value),
            "namespace" => o.namespaces.push(value),
            other => {
                return Link::Invalid(format!(
                    "A #gen= link takes principal, cluster, region, username, group, policy and \
                     namespace, not {:?}.",
                    truncate(other, 40)
                ))
            }
        }
    }
    o.groups.retain(|g| !g.is_empty());
    o.namespaces.retain(|n| !n.is_empty());
    for value in [&mut o.cluster, &mut o.region, &mut o.username, &mut o.policy] {
        if value.as_deref() == Some("") {
            *value = None;
        }
    }
    if gen.options.principal.is_empty() {
        return Link::Invalid(String::from(
            "This #gen= link has no principal: add &principal=ARN (an IAM role, user or assumed-role ARN).",
        ));
    }
    Link::Gen(gen)
}

/// The text of an `#input=` value: base64url without padding (standard base64 and padding are
/// accepted too, and whitespace from a wrapped link is ignored).
fn decode_input(value: &str) -> Result<String, String> {
    let cleaned: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cleaned).map_err(|_| {
        String::from(
            "This link's input is not valid base64url: it was probably cut or changed when it \
             was copied. Ask for a new link, or for the input itself.",
        )
    })?;
    String::from_utf8(bytes)
        .map_err(|_| String::from("This link's input is not UTF-8 text, so it was not pasted."))
}

/// `base` without any fragment, ending where the fragment goes.
fn base_of(base: &str) -> &str {
    base.split('#').next().unwrap_or_default()
}

fn checked(link: String) -> Result<String, String> {
    if link.len() > MAX_LINK_BYTES {
        return Err(format!(
            "The link would be {}, over the {} browsers and chat tools keep. Share less at once \
             (one token or file per link), or send the input as a file.",
            kib(link.len()),
            kib(MAX_LINK_BYTES)
        ));
    }
    Ok(link)
}

/// `BASE#explain` or `BASE#explain=ID`.
pub fn explain_link(base: &str, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{}#explain={}", base_of(base), percent_encode(id)),
        None => format!("{}#explain", base_of(base)),
    }
}

/// `BASE#gen=TARGET&principal=…`; an error if the target is unknown, the principal missing, or
/// the link too long.
pub fn gen_link(base: &str, gen: &Gen) -> Result<String, String> {
    check_target(&gen.target)?;
    if gen.options.principal.trim().is_empty() {
        return Err(String::from("a #gen= link needs a principal ARN"));
    }
    let query: Vec<String> = gen
        .pairs()
        .into_iter()
        .map(|(name, value)| format!("{name}={}", percent_encode(&value)))
        .collect();
    checked(format!("{}#{}", base_of(base), query.join("&")))
}

/// `BASE#input=BASE64URL` for `text` as it is (take secrets out first: see `share_link`); an
/// error if the link would be too long.
pub fn input_link(base: &str, text: &str) -> Result<String, String> {
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text.as_bytes());
    checked(format!("{}#input={encoded}", base_of(base)))
}

/// A share link and what was taken out of the input to make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// The `#input=` link.
    pub link: String,
    /// What was removed, one description each (`session token (1,172 characters, line 4)`).
    pub removed: Vec<String>,
}

/// An `#input=` link for `text` with every secret taken out first (token signatures, session
/// tokens, private keys, JWT signatures, kubeconfig tokens and client keys, secret access keys):
/// what stays still decodes to the account, host, region and dates. An error if the link would
/// be too long.
pub fn share_link(base: &str, text: &str) -> Result<Share, String> {
    let (clean, removed) = take_out_secrets(text);
    Ok(Share { link: input_link(base, &clean)?, removed })
}

/// The secrets `text` holds, described (empty: none); for a link someone else made.
pub fn secrets_in(text: &str) -> Vec<String> {
    take_out_secrets(text).1
}

/// The text with its secrets taken out (`redact::redact_text`: still recognisable, so a token
/// still decodes to its account, host, region and date), and what was removed.
fn take_out_secrets(text: &str) -> (String, Vec<String>) {
    let (clean, removed) = crate::redact::redact_text(text);
    (clean, removed.iter().map(crate::redact::Removed::describe).collect())
}

/// What `eksplain gen` prints for `gen` (`tests/it/link.rs` runs the CLI and compares), and the
/// page's `#gen=` view shows: each target's [`target_text`] in turn.
pub fn gen_text(gen: &Gen) -> Result<String, String> {
    check_target(&gen.target)?;
    let mut out = String::new();
    for target in gen.targets() {
        out.push_str(&target_text(target, &gen.options)?);
    }
    Ok(format!("{}\n", out.trim_end()))
}

/// One target's document as `eksplain gen` prints it: its default variant, with its notes as
/// comments, then a blank line.
pub fn target_text(target: Target, options: &Options) -> Result<String, String> {
    let snippet = generate::generate(target, options)?;
    let block = snippet.variant(None)?;
    Ok(format!("{}\n", snippet.document(block)))
}

/// Reads `eksplain gen` arguments (`TARGET --principal ARN [--cluster …]…`).
pub fn parse_gen_args(args: &[String]) -> Result<Gen, String> {
    let mut gen = Gen::default();
    let mut target = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if arg.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| iter.next().cloned());
        let o = &mut gen.options;
        match flag {
            "--principal" | "--arn" => match value() {
                Some(v) => o.principal = v,
                None => return Err(format!("{flag} needs a value")),
            },
            "--username" => o.username = value(),
            "--group" => o.groups.extend(value()),
            "--policy" => o.policy = value(),
            "--namespace" => o.namespaces.extend(value()),
            "--cluster" => o.cluster = value(),
            "--region" => o.region = value(),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag:?}")),
            _ if target.is_some() => return Err(String::from("gen takes one TARGET")),
            name => target = Some(name.to_string()),
        }
    }
    let Some(target) = target else { return Err(String::from("gen needs a TARGET")) };
    check_target(&target)?;
    if gen.options.principal.is_empty() {
        return Err(String::from("gen needs --principal ARN"));
    }
    gen.target = target;
    Ok(gen)
}

/// `33 KB` (KiB, rounded up, so anything over the limit reads as more than it).
fn kib(bytes: usize) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}…")
}

/// A word for a shell command line: as is when plain, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.:/@,+=".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Percent-encodes all but letters, digits and `-._~:/@,` (so an ARN stays readable).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~:/@,".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (a `%` not followed by two hex digits stays as it is; `+` stays a plus);
/// `None` if the result is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    while let Some(&b) = bytes.get(idx) {
        let hex = |i: usize| bytes.get(i).and_then(|c| char::from(*c).to_digit(16));
        match (b, hex(idx + 1), hex(idx + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                idx += 3;
            }
            _ => {
                out.push(b);
                idx += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}
