//! Certificates: PEM blocks, base64 `certificate-authority-data` and DER, decoded (with `der`, our
//! small DER reader) to the detail `openssl x509 -text` gives, plus EKS-aware notes.
//!
//! Time checks use the `now` parameter, never the clock. A private key pasted by mistake is named,
//! never echoed back.

use ::time::OffsetDateTime;
use base64::Engine as _;
use sha1::Digest as _;

use crate::der;
use crate::facts::{CertFacts, Fact};
use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};
use crate::when;

/// A certificate expiring within this many days gets a warning.
const EXPIRY_WARNING_DAYS: i64 = 30;

/// Inspects one PEM block (`text` holds BEGIN to END).
pub fn inspect_pem(
    text: &str,
    label: &str,
    complete: bool,
    kind: Kind,
    source: Source,
    now: OffsetDateTime,
) -> Artefact {
    if label != "CERTIFICATE" && label != "TRUSTED CERTIFICATE" && label != "X509 CERTIFICATE" {
        return inspect_other_pem(label, complete, source);
    }
    let mut body = String::with_capacity(text.len());
    for line in text.lines().filter(|line| !line.starts_with("-----") && !line.contains(':')) {
        if line.bytes().any(|b| b.is_ascii_whitespace() || b == 0x0b || !b.is_ascii()) {
            line.split(char::is_whitespace).for_each(|part| body.push_str(part));
        } else {
            body.push_str(line);
        }
    }
    let mut art = Artefact::new(kind, source);
    if !complete {
        art.findings.push(
            Finding::of(Id::CertPemTruncated)
                .with_fix("Copy the certificate again, from the BEGIN line through the END line."),
        );
    }
    match base64::engine::general_purpose::STANDARD.decode(body.as_bytes()) {
        Ok(der) => describe_der(&der, &mut art, now),
        Err(err) => {
            if complete {
                art.findings.push(
                    Finding::of(Id::CertBadBase64)
                        .message(format!("The PEM body is not valid base64 ({err}).")),
                );
            }
            match crate::detect::decode_base64_lenient(&body) {
                Some(der) => describe_der(&der, &mut art, now),
                None => art.findings.push(Finding::of(Id::CertNotCertificate)),
            }
        }
    }
    art
}

fn inspect_other_pem(label: &str, complete: bool, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::PemBlock, source);
    art.title = format!("PEM block: {label}");
    art.field("pem_label", "Type", label);
    if !complete {
        art.findings.push(
            Finding::of(Id::CertPemTruncated)
                .message("The PEM block has no END line: it was cut short."),
        );
    }
    if label.contains("PRIVATE KEY") {
        art.findings.push(
            Finding::of(Id::PemPrivateKey).message(format!("This is a private key ({label}), not a certificate. eksplain does not show it, and nothing left this page, but treat it as exposed if you pasted it anywhere else.")),
        );
    } else if label.contains("REQUEST") {
        art.findings.push(Finding::of(Id::PemCsr));
    } else {
        art.findings.push(
            Finding::of(Id::PemNotCertificate)
                .message(format!("This PEM block is a {label}, not a certificate.")),
        );
    }
    art
}

/// Inspects DER bytes that should be a certificate.
pub fn inspect_der(der: &[u8], kind: Kind, source: Source, now: OffsetDateTime) -> Artefact {
    let mut art = Artefact::new(kind, source);
    describe_der(der, &mut art, now);
    art
}

/// Inspects the PEM text inside base64 `certificate-authority-data`: one artefact per certificate.
pub fn inspect_ca_data(decoded: &str, source: Source, now: OffsetDateTime) -> Vec<Artefact> {
    let mut res = Vec::new();
    for piece in crate::detect::pem_blocks(decoded) {
        if let crate::detect::PieceKind::Pem { label, complete } = &piece.kind {
            res.push(inspect_pem(
                &piece.text,
                label,
                *complete,
                Kind::CertificateAuthorityData,
                source.clone(),
                now,
            ));
        }
    }
    if res.is_empty() {
        let mut art = Artefact::new(Kind::CertificateAuthorityData, source);
        art.findings.push(Finding::of(Id::CertNoCertificate));
        res.push(art);
    }
    res
}

/// Inspects base64 `certificate-authority-data` as found in a kubeconfig or describe-cluster
/// output: base64 of PEM (the usual form) or of DER. `None` when it is not base64.
pub fn inspect_ca_base64(data: &str, source: Source, now: OffsetDateTime) -> Option<Vec<Artefact>> {
    let bytes = crate::detect::decode_base64_lenient(data)?;
    Some(match std::str::from_utf8(&bytes) {
        Ok(pem) if pem.contains("-----BEGIN") => inspect_ca_data(pem, source, now),
        _ => vec![inspect_der(&bytes, Kind::CertificateAuthorityData, source, now)],
    })
}

/// `AB:CD:…` upper-case colon hex, as openssl prints fingerprints.
pub fn colon_hex(bytes: &[u8]) -> String {
    let digit = |d: u8| char::from_digit(u32::from(d), 16).map_or('0', |c| c.to_ascii_uppercase());
    let mut out = String::with_capacity(bytes.len() * 3);
    for (idx, b) in bytes.iter().enumerate() {
        if idx > 0 {
            out.push(':');
        }
        out.push(digit(b >> 4));
        out.push(digit(b & 0xf));
    }
    out
}

fn oid_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.113549.1.1.1" => "rsaEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.10045.2.1" => "id-ecPublicKey",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "ED25519",
        "1.3.101.113" => "ED448",
        "1.2.840.10045.3.1.7" => "P-256",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        "2.5.29.14" => "subjectKeyIdentifier",
        "2.5.29.15" => "keyUsage",
        "2.5.29.17" => "subjectAltName",
        "2.5.29.19" => "basicConstraints",
        "2.5.29.30" => "nameConstraints",
        "2.5.29.31" => "cRLDistributionPoints",
        "2.5.29.32" => "certificatePolicies",
        "2.5.29.35" => "authorityKeyIdentifier",
        "2.5.29.37" => "extendedKeyUsage",
        "1.3.6.1.5.5.7.1.1" => "authorityInfoAccess",
        "1.3.6.1.4.1.11129.2.4.2" => "ctPrecertificateSCTs",
        "2.16.840.1.113730.1.1" => "netscapeCertType",
        "2.16.840.1.113730.1.13" => "netscapeComment",
        _ => return None,
    })
}

fn named_oid(oid: &str) -> String {
    oid_name(oid).map_or_else(|| oid.to_string(), |name| format!("{name} ({oid})"))
}

fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => bytes.iter().map(u8::to_string).collect::<Vec<_>>().join("."),
        16 => {
            let groups: Vec<u16> = bytes
                .chunks(2)
                .map(|c| c.iter().fold(0u16, |acc, b| (acc << 8) | u16::from(*b)))
                .collect();
            ipv6_text(&groups)
        }
        _ => colon_hex(bytes),
    }
}

/// RFC 5952 text for eight IPv6 groups: lower-case hex, the longest run of zero groups as `::`.
fn ipv6_text(groups: &[u16]) -> String {
    let (mut best, mut run) = ((0, 0), (0, 0));
    for (i, g) in groups.iter().enumerate() {
        if *g == 0 {
            run = if run.1 == 0 { (i, 1) } else { (run.0, run.1 + 1) };
            if run.1 > best.1 {
                best = run;
            }
        } else {
            run = (0, 0);
        }
    }
    let hex = |gs: &[u16]| gs.iter().map(|g| format!("{g:x}")).collect::<Vec<_>>().join(":");
    if best.1 < 2 {
        return hex(groups);
    }
    let head = groups.get(..best.0).unwrap_or_default();
    let tail = groups.get(best.0 + best.1..).unwrap_or_default();
    format!("{}::{}", hex(head), hex(tail))
}

/// A certificate's public key, typed (decisions look at this, never at its description).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyInfo {
    /// RSA with this many bits.
    Rsa(usize),
    /// EC on a named curve.
    Ec {
        /// The curve's name ("P-256").
        curve: String,
        /// The key's size in bits.
        bits: usize,
    },
    /// Ed25519.
    Ed25519,
    /// Ed448.
    Ed448,
    /// Anything else, by algorithm name.
    Other(String),
}

impl KeyInfo {
    /// "RSA 2048 bits", "EC P-256 (256 bits)", "Ed25519 (256 bits)", or the algorithm's name.
    pub fn describe(&self) -> String {
        match self {
            KeyInfo::Rsa(bits) => format!("RSA {bits} bits"),
            KeyInfo::Ec { curve, bits } => format!("EC {curve} ({bits} bits)"),
            KeyInfo::Ed25519 => String::from("Ed25519 (256 bits)"),
            KeyInfo::Ed448 => String::from("Ed448 (456 bits)"),
            KeyInfo::Other(name) => name.clone(),
        }
    }
}

/// What a certificate holds, decoded: the typed facts the fields and findings are made from.
struct CertInfo {
    facts: CertFacts,
    subject_components: String,
    issuer_components: String,
    serial: String,
    version: u32,
    self_signed: bool,
    is_ca: bool,
    /// (field key, label, value) of the extensions shown as their own fields, in order.
    extension_fields: Vec<(&'static str, &'static str, String)>,
    extensions: Vec<String>,
    signature_algorithm: String,
    sha1: String,
    spki_pin: String,
    pem: String,
    trailing: usize,
}

/// A certificate's parts, as `der` reads them (RFC 5280 section 4.1).
struct Parsed<'a> {
    version: u64,
    serial: &'a [u8],
    signature_algorithm: String,
    issuer: der::Tlv<'a>,
    subject: der::Tlv<'a>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    spki: der::Tlv<'a>,
    extensions: Vec<Extension<'a>>,
}

struct Extension<'a> {
    oid: String,
    critical: bool,
    value: &'a [u8],
}

/// Reads `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }`;
/// returns it and the number of bytes after it.
fn read_certificate(der_bytes: &[u8]) -> Result<(Parsed<'_>, usize), der::Error> {
    let mut outer = der::Reader::new(der_bytes);
    let cert = outer.expect(der::SEQUENCE, "a certificate (a SEQUENCE)")?;
    let trailing = outer.rest().len();
    let mut parts = cert.reader();
    let tbs = parts.expect(der::SEQUENCE, "the to-be-signed certificate (a SEQUENCE)")?;
    let algorithm = parts.expect(der::SEQUENCE, "the signature algorithm")?;
    der::bit_string(parts.expect(der::BIT_STRING, "the signature (a BIT STRING)")?.value)?;
    if !parts.is_empty() {
        return Err(String::from("unexpected data after the signature"));
    }
    let mut tbs = tbs.reader();
    let version = match tbs.optional(der::explicit(0))? {
        Some(tagged) => {
            der::small_uint(tagged.reader().expect(der::INTEGER, "the version")?.value)?
        }
        None => 0,
    };
    if version > 2 {
        return Err(format!("version {} is not 1, 2 or 3", version + 1));
    }
    let serial = tbs.expect(der::INTEGER, "the serial number")?.value;
    tbs.expect(der::SEQUENCE, "the signature algorithm")?;
    let issuer = tbs.expect(der::SEQUENCE, "the issuer name")?;
    let mut validity = tbs.expect(der::SEQUENCE, "the validity")?.reader();
    let not_before = read_time(&mut validity)?;
    let not_after = read_time(&mut validity)?;
    let subject = tbs.expect(der::SEQUENCE, "the subject name")?;
    let spki = tbs.expect(der::SEQUENCE, "the subject public key info")?;
    tbs.optional(der::implicit(1))?;
    tbs.optional(der::implicit(2))?;
    let mut extensions = Vec::new();
    if let Some(tagged) = tbs.optional(der::explicit(3))? {
        let mut list = tagged.reader().expect(der::SEQUENCE, "the extensions")?.reader();
        while !list.is_empty() {
            let mut ext = list.expect(der::SEQUENCE, "an extension")?.reader();
            let oid = der::oid_string(ext.expect(der::OID, "an extension's id")?.value)?;
            let critical = match ext.optional(der::BOOLEAN)? {
                Some(flag) => der::boolean(flag.value)?,
                None => false,
            };
            let value = ext.expect(der::OCTET_STRING, "an extension's value")?.value;
            extensions.push(Extension { oid, critical, value });
        }
    }
    if !tbs.is_empty() {
        return Err(String::from("unexpected data after the extensions"));
    }
    let signature_algorithm = der::oid_string(
        algorithm.reader().expect(der::OID, "the signature algorithm's id")?.value,
    )?;
    let parsed = Parsed {
        version,
        serial,
        signature_algorithm,
        issuer,
        subject,
        not_before,
        not_after,
        spki,
        extensions,
    };
    Ok((parsed, trailing))
}

/// A UTCTime (`YYMMDDHHMM[SS]Z`, years 1950–2049) or GeneralizedTime (`YYYYMMDDHHMMSS[.f]Z`).
fn read_time(reader: &mut der::Reader<'_>) -> Result<OffsetDateTime, der::Error> {
    let tlv = reader.any()?;
    let text = std::str::from_utf8(tlv.value).map_err(|_| String::from("a time is not text"))?;
    let digits =
        text.strip_suffix('Z').ok_or_else(|| format!("the time {text:?} is not UTC (Z)"))?;
    let (digits, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    // Digits only (`str::parse` would also take a sign), as openssl requires.
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(digits) || !all_digits(fraction) {
        return Err(format!("the time {text:?} is malformed"));
    }
    let (year, rest) = match tlv.tag {
        der::UTC_TIME => {
            let yy: i32 = digits.get(..2).and_then(|y| y.parse().ok()).unwrap_or(-1);
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, digits.get(2..))
        }
        der::GENERALIZED_TIME => {
            (digits.get(..4).and_then(|y| y.parse().ok()).unwrap_or(-1), digits.get(4..))
        }
        found => return Err(format!("expected a time, found tag 0x{found:02x}")),
    };
    let rest = rest.unwrap_or_default();
    let bad = || format!("the time {text:?} is malformed");
    if !rest.bytes().all(|b| b.is_ascii_digit()) || !(rest.len() == 8 || rest.len() == 10) {
        return Err(bad());
    }
    let two = |at: usize| rest.get(at..at + 2).and_then(|d| d.parse::<u8>().ok()).unwrap_or(0);
    let month = ::time::Month::try_from(two(0)).map_err(|_| bad())?;
    let date = ::time::Date::from_calendar_date(year, month, two(2)).map_err(|_| bad())?;
    let time = ::time::Time::from_hms(two(4), two(6), two(8)).map_err(|_| bad())?;
    Ok(::time::PrimitiveDateTime::new(date, time).assume_utc())
}

/// Parses one DER certificate into [`CertInfo`]; the error says what was expected.
fn parse_cert(der_bytes: &[u8]) -> Result<CertInfo, String> {
    let (cert, trailing) = read_certificate(der_bytes)?;
    let cert_der = der_bytes.get(..der_bytes.len() - trailing).unwrap_or(der_bytes);
    let subject_attrs = attributes(cert.subject.value);
    let issuer_attrs = attributes(cert.issuer.value);
    let subject = dn_string(&subject_attrs);
    let cn = subject_attrs.iter().flatten().find(|(key, _)| key == "CN").map(|(_, v)| v.clone());
    let mut ski = None;
    let mut aki = None;
    let mut is_ca = false;
    let mut extensions = Vec::new();
    let mut extension_fields = Vec::new();
    for ext in &cert.extensions {
        extensions.push(format!(
            "{}{}",
            named_oid(&ext.oid),
            if ext.critical { ", critical" } else { "" }
        ));
        // An extension whose value does not parse is listed by name only.
        let _ = describe_extension(ext, &mut extension_fields, &mut is_ca, &mut ski, &mut aki);
    }
    // The name a certificate is shown by: its CN, else its subject, else (a SAN-only certificate
    // with an empty subject) its first alternative name.
    let common_name = cn.unwrap_or_else(|| {
        if !subject.is_empty() {
            return subject.clone();
        }
        extension_fields
            .iter()
            .find(|(key, _, _)| *key == "subject_alt_names")
            .and_then(|(_, _, names)| names.split(", ").next())
            .map_or_else(|| String::from("(no subject)"), |name| format!("(no subject) {name}"))
    });
    let self_signed = cert.subject.raw == cert.issuer.raw && (aki.is_none() || aki == ski);
    let key =
        key_info(&cert.spki).unwrap_or_else(|_| KeyInfo::Other(String::from("unreadable key")));
    let body = base64::engine::general_purpose::STANDARD.encode(cert_der);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    let pin = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(cert.spki.raw));
    Ok(CertInfo {
        facts: CertFacts {
            subject,
            issuer: dn_string(&issuer_attrs),
            name: common_name,
            subject_key_id: ski,
            authority_key_id: aki,
            not_before: cert.not_before,
            not_after: cert.not_after,
            key,
            sha256: colon_hex(&sha2::Sha256::digest(cert_der)),
        },
        subject_components: dn_components(&subject_attrs),
        issuer_components: dn_components(&issuer_attrs),
        serial: colon_hex(cert.serial),
        version: cert.version as u32 + 1,
        self_signed,
        is_ca,
        extension_fields,
        extensions,
        signature_algorithm: named_oid(&cert.signature_algorithm),
        sha1: colon_hex(&sha1::Sha1::digest(cert_der)),
        spki_pin: format!("sha256//{pin}"),
        pem,
        trailing,
    })
}

/// The public key of a `SubjectPublicKeyInfo`, typed.
fn key_info(spki: &der::Tlv<'_>) -> Result<KeyInfo, der::Error> {
    let mut parts = spki.reader();
    let mut algorithm = parts.expect(der::SEQUENCE, "the key algorithm")?.reader();
    let key_oid = der::oid_string(algorithm.expect(der::OID, "the key algorithm's id")?.value)?;
    let key = der::bit_string(parts.expect(der::BIT_STRING, "the public key")?.value)?;
    Ok(match key_oid.as_str() {
        "1.2.840.113549.1.1.1" => {
            let mut rsa =
                der::Reader::new(key).expect(der::SEQUENCE, "an RSA public key")?.reader();
            KeyInfo::Rsa(der::bit_length(rsa.expect(der::INTEGER, "the RSA modulus")?.value))
        }
        "1.2.840.10045.2.1" => {
            let curve = match algorithm.optional(der::OID)? {
                Some(oid) => {
                    let oid = der::oid_string(oid.value)?;
                    oid_name(&oid).map_or(oid, str::to_string)
                }
                None => String::from("unknown curve"),
            };
            // The curve's size, as openssl prints it; else what the point's length says.
            let bits = match curve.as_str() {
                "P-256" => 256,
                "P-384" => 384,
                "P-521" => 521,
                _ => match key {
                    [4, point @ ..] => point.len() * 4,
                    [2..=3, x @ ..] => x.len() * 8,
                    _ => 0,
                },
            };
            KeyInfo::Ec { curve, bits }
        }
        _ => match oid_name(&key_oid) {
            Some("ED25519") => KeyInfo::Ed25519,
            Some("ED448") => KeyInfo::Ed448,
            _ => KeyInfo::Other(named_oid(&key_oid)),
        },
    })
}

/// Adds the field an extension is shown as (and what else it says) to the certificate's.
fn describe_extension(
    ext: &Extension<'_>,
    fields: &mut Vec<(&'static str, &'static str, String)>,
    is_ca: &mut bool,
    ski: &mut Option<String>,
    aki: &mut Option<String>,
) -> Result<(), der::Error> {
    let mut outer = der::Reader::new(ext.value);
    match ext.oid.as_str() {
        "2.5.29.19" => {
            let mut bc = outer.expect(der::SEQUENCE, "basic constraints")?.reader();
            let ca = match bc.optional(der::BOOLEAN)? {
                Some(flag) => der::boolean(flag.value)?,
                None => false,
            };
            let path = match bc.optional(der::INTEGER)? {
                Some(n) => format!(", path length {}", der::small_uint(n.value)?),
                None => String::new(),
            };
            *is_ca = ca;
            fields.push((
                "basic_constraints",
                "Basic constraints",
                format!("CA: {}{path}", if ca { "yes" } else { "no" }),
            ));
        }
        "2.5.29.15" => {
            let bits = der::bit_string(outer.expect(der::BIT_STRING, "key usage")?.value)?;
            const NAMES: [&str; 9] = [
                "digitalSignature",
                "nonRepudiation",
                "keyEncipherment",
                "dataEncipherment",
                "keyAgreement",
                "keyCertSign",
                "cRLSign",
                "encipherOnly",
                "decipherOnly",
            ];
            let on = |n: usize| bits.get(n / 8).is_some_and(|byte| byte & (0x80 >> (n % 8)) != 0);
            let list: Vec<&str> =
                NAMES.iter().enumerate().filter(|(n, _)| on(*n)).map(|(_, name)| *name).collect();
            fields.push(("key_usage", "Key usage", list.join(", ")));
        }
        "2.5.29.37" => {
            const KNOWN: [(&str, &str); 7] = [
                ("1.3.6.1.5.5.7.3.1", "serverAuth"),
                ("1.3.6.1.5.5.7.3.2", "clientAuth"),
                ("1.3.6.1.5.5.7.3.3", "codeSigning"),
                ("1.3.6.1.5.5.7.3.4", "emailProtection"),
                ("1.3.6.1.5.5.7.3.8", "timeStamping"),
                ("1.3.6.1.5.5.7.3.9", "OCSPSigning"),
                ("2.5.29.37.0", "anyExtendedKeyUsage"),
            ];
            let mut list = outer.expect(der::SEQUENCE, "extended key usage")?.reader();
            let mut oids = Vec::new();
            while !list.is_empty() {
                oids.push(der::oid_string(list.expect(der::OID, "a key purpose")?.value)?);
            }
            // The known purposes first, in this order, then the others as they come.
            let mut names: Vec<String> = KNOWN
                .iter()
                .filter(|(oid, _)| oids.iter().any(|o| o == oid))
                .map(|(_, name)| (*name).to_string())
                .collect();
            names.extend(oids.into_iter().filter(|o| KNOWN.iter().all(|(k, _)| k != o)));
            fields.push(("extended_key_usage", "Extended key usage", names.join(", ")));
        }
        "2.5.29.17" => {
            let mut list = outer.expect(der::SEQUENCE, "subject alternative names")?.reader();
            let mut names = Vec::new();
            while !list.is_empty() {
                let name = list.any()?;
                let text = || String::from_utf8_lossy(name.value);
                names.push(match name.tag {
                    0x81 => format!("email:{}", text()),
                    0x82 => format!("DNS:{}", text()),
                    0x86 => format!("URI:{}", text()),
                    0x87 => format!("IP:{}", ip_text(name.value)),
                    0x88 => format!("RID:{}", der::oid_string(name.value)?),
                    0xa4 => {
                        let dn = name.reader().expect(der::SEQUENCE, "a directory name")?;
                        format!("DirName:{}", dn_string(&attributes(dn.value)))
                    }
                    _ => String::from("othername:<unsupported>"),
                });
            }
            fields.push(("subject_alt_names", "Subject alternative names", names.join(", ")));
        }
        "2.5.29.14" => {
            *ski = Some(colon_hex(outer.expect(der::OCTET_STRING, "a key identifier")?.value));
        }
        "2.5.29.35" => {
            let mut id = outer.expect(der::SEQUENCE, "an authority key identifier")?.reader();
            *aki = id.optional(der::implicit(0))?.map(|k| colon_hex(k.value));
        }
        _ => {}
    }
    Ok(())
}

/// The fields of a decoded certificate, in `openssl x509 -text` order.
fn cert_fields(info: &CertInfo, art: &mut Artefact, now: OffsetDateTime) {
    let facts = &info.facts;
    art.title = format!("{}: {}", art.kind.title(), facts.name);
    art.field("subject", "Subject", info.facts.subject.as_str());
    art.field("issuer", "Issuer", info.facts.issuer.as_str());
    art.field("subject_components", "Subject components", info.subject_components.as_str());
    art.field("issuer_components", "Issuer components", info.issuer_components.as_str());
    art.field("serial", "Serial (hex)", info.serial.as_str());
    art.field("version", "Version", info.version.to_string());
    art.field("not_before", "Not before", when::rfc3339(facts.not_before));
    art.field("not_after", "Not after", when::rfc3339(facts.not_after));
    let status = when::window(
        now,
        facts.not_before,
        facts.not_after,
        ["not valid for another", "expires in"],
    );
    art.field("validity", "Validity now", status);
    let days = info.lifetime_days();
    art.field("lifetime", "Lifetime", format!("{days} day{}", if days == 1 { "" } else { "s" }));
    for (key, label, value) in &info.extension_fields {
        art.field(key, label, value.as_str());
    }
    art.field("self_signed", "Self-signed", if info.self_signed { "yes" } else { "no" });
    art.field("is_ca", "CA", if info.is_ca { "yes" } else { "no (leaf)" });
    if let Some(ski) = &info.facts.subject_key_id {
        art.field("subject_key_id", "Subject key identifier", ski.as_str());
    }
    if let Some(aki) = &info.facts.authority_key_id {
        art.field("authority_key_id", "Authority key identifier", aki.as_str());
    }
    art.field("public_key", "Public key", facts.key.describe());
    art.field("signature_algorithm", "Signature algorithm", info.signature_algorithm.as_str());
    art.field("sha256_fingerprint", "SHA-256 fingerprint", facts.sha256.as_str());
    art.field("sha1_fingerprint", "SHA-1 fingerprint", info.sha1.as_str());
    art.field("spki_pin", "SPKI pin (curl --pinnedpubkey)", info.spki_pin.as_str());
    art.field(
        "extensions",
        "Extensions",
        if info.extensions.is_empty() {
            String::from("(none)")
        } else {
            info.extensions.join("; ")
        },
    );
    let ca_data = base64::engine::general_purpose::STANDARD.encode(info.pem.as_bytes());
    art.field("pem", "PEM", info.pem.as_str());
    art.field("save_command", "Save as ca.crt", format!("echo '{ca_data}' | base64 -d > ca.crt"));
}

impl CertInfo {
    fn lifetime_days(&self) -> i64 {
        (self.facts.not_after - self.facts.not_before).whole_days()
    }
}

/// The findings about a decoded certificate.
fn cert_findings(info: &CertInfo, art: &mut Artefact, now: OffsetDateTime) {
    if info.trailing > 0 {
        art.findings.push(
            Finding::of(Id::CertTrailingData).message(format!(
                "{} bytes follow the certificate and were ignored.",
                info.trailing
            )),
        );
    }
    let (not_before, not_after) = (info.facts.not_before, info.facts.not_after);
    let warn_from =
        not_after.checked_add(::time::Duration::days(-EXPIRY_WARNING_DAYS)).unwrap_or(not_after);
    if now > not_after {
        art.findings.push(Finding::of(Id::CertExpired).message(format!(
            "The certificate expired {} ago; clients refuse it.",
            when::duration((now - not_after).whole_seconds())
        )));
    } else if now < not_before {
        art.findings.push(Finding::of(Id::CertNotYetValid));
    } else if now > warn_from {
        art.findings.push(Finding::of(Id::CertExpiresSoon).message(format!(
            "The certificate expires in {}.",
            when::duration((not_after - now).whole_seconds())
        )));
    }
    for at in [not_before, warn_from, not_after] {
        art.facts.push(Fact::TimeBoundary(at));
    }
    if art.kind == Kind::CertificateAuthorityData && !info.is_ca {
        art.findings.push(Finding::of(Id::CertNotCa));
    }
    if info.self_signed
        && info.facts.name == "kubernetes"
        && info.facts.key == KeyInfo::Rsa(2048)
        && (3640..=3660).contains(&info.lifetime_days())
    {
        art.findings.push(Finding::of(Id::CertEksClusterCa));
    }
}

/// Decodes one DER certificate into `art`: parse, then fields, then findings, and the typed
/// facts chain linking reads.
fn describe_der(der: &[u8], art: &mut Artefact, now: OffsetDateTime) {
    match parse_cert(der) {
        Ok(info) => {
            cert_fields(&info, art, now);
            cert_findings(&info, art, now);
            art.facts.push(Fact::Certificate(info.facts));
        }
        Err(err) => {
            art.field("der_bytes", "Size", format!("{} bytes", der.len()));
            art.findings.push(
                Finding::of(Id::CertNotCertificate).message(format!("These bytes are not an X.509 certificate ({err}).")).with_fix("certificate-authority-data must be base64 of a PEM certificate, as printed by `aws eks describe-cluster --query cluster.certificateAuthority.data`."),
            );
        }
    }
}

/// Short names of the attribute types seen in certificate names, as openssl prints them.
const ATTRIBUTE_NAMES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.4", "SN"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "street"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.12", "title"),
    ("2.5.4.15", "businessCategory"),
    ("2.5.4.17", "postalCode"),
    ("2.5.4.42", "GN"),
    ("2.5.4.46", "dnQualifier"),
    ("2.5.4.97", "organizationIdentifier"),
    ("0.9.2342.19200300.100.1.1", "UID"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
    ("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"),
    ("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
    ("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
];

/// A name's attributes, one list per relative distinguished name: (short name, value). `name`
/// is the value of the Name's SEQUENCE; what does not parse is left out.
fn attributes(name: &[u8]) -> Vec<Vec<(String, String)>> {
    let mut rdns = Vec::new();
    let mut reader = der::Reader::new(name);
    while let Ok(set) = reader.expect(der::SET, "a relative distinguished name") {
        let mut rdn = Vec::new();
        let mut members = set.reader();
        while let Ok(pair) = members.expect(der::SEQUENCE, "an attribute") {
            let mut pair = pair.reader();
            let (Ok(oid), Ok(value)) = (pair.expect(der::OID, "an attribute type"), pair.any())
            else {
                continue;
            };
            let Ok(oid) = der::oid_string(oid.value) else { continue };
            let key = ATTRIBUTE_NAMES
                .iter()
                .find(|(o, _)| *o == oid)
                .map_or(oid.clone(), |(_, n)| (*n).to_string());
            rdn.push((key, string_value(u32::from(value.tag & 0x1f), value.value)));
        }
        rdns.push(rdn);
    }
    rdns
}

/// An attribute's string: UTF8String, PrintableString, IA5String, NumericString and VisibleString
/// as text; BMPString (UTF-16), UniversalString (UTF-32); TeletexString, which in practice holds
/// Latin-1 or UTF-8; anything else (or invalid UTF-8) as `#` and hex, as openssl prints it.
fn string_value(tag: u32, data: &[u8]) -> String {
    let units = |width: usize| {
        data.chunks(width).map(|c| c.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
    };
    match tag {
        12 | 18 | 19 | 22 | 26 if std::str::from_utf8(data).is_ok() => {
            String::from_utf8_lossy(data).into_owned()
        }
        30 => char::decode_utf16(units(2).map(|u| u as u16))
            .map(|c| c.unwrap_or('\u{fffd}'))
            .collect(),
        28 => units(4).map(|u| char::from_u32(u).unwrap_or('\u{fffd}')).collect(),
        20 => match std::str::from_utf8(data) {
            Ok(text) => text.to_string(),
            Err(_) => data.iter().map(|b| char::from(*b)).collect(),
        },
        _ => format!("#{}", data.iter().map(|b| format!("{b:02x}")).collect::<String>()),
    }
}

/// A distinguished name as `CN=kubernetes, O=Example`, in certificate order (openssl's
/// `-nameopt utf8,sep_comma_plus_space,sname`).
fn dn_string(attributes: &[Vec<(String, String)>]) -> String {
    attributes
        .iter()
        .map(|rdn| rdn.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" + "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The same name as one `key: value` per line.
fn dn_components(attributes: &[Vec<(String, String)>]) -> String {
    attributes.iter().flatten().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("\n")
}

/// After all inputs: which certificate issued which, and the chain order.
pub fn link_chain(artefacts: &mut [Artefact]) -> Option<Finding> {
    let cert_of = |a: &Artefact| {
        a.facts.iter().find_map(|f| match f {
            Fact::Certificate(c) => Some(c.clone()),
            _ => None,
        })
    };
    let (idx, info): (Vec<usize>, Vec<CertFacts>) =
        artefacts.iter().enumerate().filter_map(|(i, a)| Some((i, cert_of(a)?))).unzip();
    if idx.len() < 2 {
        return None;
    }
    let issuer_of = |n: usize| -> Option<usize> {
        let this = info.get(n)?;
        info.iter().enumerate().position(|(m, other)| {
            m != n
                && other.subject == this.issuer
                && (this.authority_key_id.is_none()
                    || other.subject_key_id.is_none()
                    || this.authority_key_id == other.subject_key_id)
                && !(other.subject == this.subject && this.subject_key_id == other.subject_key_id)
        })
    };
    let issuers: Vec<Option<usize>> = (0..info.len()).map(issuer_of).collect();
    let issuer = |n: usize| issuers.get(n).copied().flatten();
    let mut links = 0;
    for (n, art_idx) in idx.iter().enumerate() {
        let text = if info.get(n).is_some_and(|c| c.subject == c.issuer) {
            String::from("itself (self-signed)")
        } else {
            match issuer(n) {
                Some(m) => {
                    links += 1;
                    format!(
                        "certificate #{} ({})",
                        m + 1,
                        info.get(m).map(|c| c.subject.as_str()).unwrap_or_default()
                    )
                }
                None => String::from("not in this paste"),
            }
        };
        if let Some(art) = artefacts.get_mut(*art_idx) {
            art.field("position", "Certificate", format!("#{} of {}", n + 1, idx.len()));
            art.field("issued_by", "Issued by", text);
        }
    }
    // The CAs of several kubeconfig clusters or describe-cluster outputs are not a bundle: they
    // are compared as clusters (cluster.ca-mismatch), not as a set of roots.
    let all_ca_data = idx
        .iter()
        .all(|i| artefacts.get(*i).is_some_and(|a| a.kind == Kind::CertificateAuthorityData));
    if links == 0 && all_ca_data {
        return None;
    }
    if links == 0 {
        return Some(Finding::of(Id::CertBundle).message(format!(
            "{} certificates; none of them issued another (a bundle of independent roots).",
            idx.len()
        )));
    }
    // Chain order: start at certificates that issued nothing, follow issuers.
    let mut issued_something = vec![false; info.len()];
    for m in issuers.iter().flatten() {
        if let Some(issued) = issued_something.get_mut(*m) {
            *issued = true;
        }
    }
    let mut chains = Vec::new();
    for start in (0..info.len()).filter(|m| !issued_something.get(*m).copied().unwrap_or(true)) {
        let mut chain = vec![start];
        let mut current = start;
        while let Some(next) = issuer(current) {
            if chain.contains(&next) || chain.len() > info.len() {
                break;
            }
            chain.push(next);
            current = next;
        }
        if chain.len() > 1 {
            let names: Vec<String> = chain
                .iter()
                .map(|m| {
                    format!(
                        "#{} {}",
                        m + 1,
                        info.get(*m).map(|c| c.subject.as_str()).unwrap_or_default()
                    )
                })
                .collect();
            chains.push(names.join(" ← issued by "));
        }
    }
    Some(Finding::of(Id::CertChain).message(format!(
        "{} certificates. Chain order: {}.",
        idx.len(),
        chains.join("; ")
    )))
}
