//! Certificates: PEM blocks, base64 `certificate-authority-data` and DER, decoded with x509-parser.
//!
//! Time checks use the `now` parameter (`Validity::is_valid_at`-style comparisons), never the clock.
//! A private key pasted by mistake is named, never echoed back.

use ::time::OffsetDateTime;
use base64::Engine as _;
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};

use crate::report::{Artefact, Finding, Kind, Source};
use crate::when;

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
    let body: String = text
        .lines()
        .filter(|line| !line.starts_with("-----") && !line.contains(':'))
        .flat_map(|line| line.chars().filter(|c| !c.is_whitespace()))
        .collect();
    let mut art = Artefact::new(kind, source);
    if !complete {
        art.findings.push(
            Finding::error(
                "cert.pem-truncated",
                "The PEM block has no `-----END CERTIFICATE-----` line: it was cut short when copied.",
            )
            .with_fix("Copy the certificate again, from the BEGIN line through the END line."),
        );
    }
    match base64::engine::general_purpose::STANDARD.decode(body.as_bytes()) {
        Ok(der) => describe_der(&der, &mut art, now),
        Err(err) => {
            if complete {
                art.findings.push(
                    Finding::error(
                        "cert.bad-base64",
                        format!("The PEM body is not valid base64 ({err})."),
                    )
                    .with_fix("Copy the certificate again; characters were lost or changed."),
                );
            }
            if let Some(der) = crate::detect::decode_base64_lenient(&body) {
                describe_der(&der, &mut art, now);
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
        art.findings.push(Finding::error(
            "cert.pem-truncated",
            "The PEM block has no END line: it was cut short.",
        ));
    }
    if label.contains("PRIVATE KEY") {
        art.findings.push(
            Finding::warning(
                "pem.private-key",
                format!("This is a private key ({label}), not a certificate. eksplain does not show it, and nothing left this page, but treat it as exposed if you pasted it anywhere else."),
            )
            .with_fix("EKS never needs a private key for IAM authentication: paste the certificate-authority-data or the token instead."),
        );
    } else if label.contains("REQUEST") {
        art.findings.push(Finding::warning(
            "pem.csr",
            "This is a certificate signing request (CSR), not a certificate. EKS kubeconfigs need the cluster CA certificate.",
        ));
    } else {
        art.findings.push(Finding::warning(
            "pem.not-certificate",
            format!("This PEM block is a {label}, not a certificate."),
        ));
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
    let mut pieces = Vec::new();
    let rest = crate::detect::split_text(decoded);
    for piece in rest {
        if let crate::detect::PieceKind::Pem { label, complete } = &piece.kind {
            pieces.push(inspect_pem(
                &piece.text,
                label,
                *complete,
                Kind::CertificateAuthorityData,
                source.clone(),
                now,
            ));
        }
    }
    if pieces.is_empty() {
        let mut art = Artefact::new(Kind::CertificateAuthorityData, source);
        art.findings.push(Finding::error(
            "cert.no-certificate",
            "The base64 decodes to text that holds no PEM certificate.",
        ));
        pieces.push(art);
    }
    pieces
}

fn describe_der(der: &[u8], art: &mut Artefact, now: OffsetDateTime) {
    art.field("der_bytes", "DER size", format!("{} bytes", der.len()));
    let cert = match X509Certificate::from_der(der) {
        Ok((rest, cert)) => {
            if !rest.is_empty() {
                art.findings.push(Finding::warning(
                    "cert.trailing-data",
                    format!("{} bytes follow the certificate and were ignored.", rest.len()),
                ));
            }
            cert
        }
        Err(err) => {
            art.findings.push(
                Finding::error("cert.not-certificate", format!("These bytes are not an X.509 certificate ({err})."))
                    .with_fix("certificate-authority-data must be base64 of a PEM certificate, as printed by `aws eks describe-cluster --query cluster.certificateAuthority.data`."),
            );
            return;
        }
    };
    art.field("subject", "Subject", dn_string(cert.subject()));
    art.field("issuer", "Issuer", dn_string(cert.issuer()));
    art.field("serial", "Serial", cert.raw_serial_as_string());
    let not_before = cert.validity().not_before.to_datetime();
    let not_after = cert.validity().not_after.to_datetime();
    art.field("not_before", "Not before", when::rfc3339(not_before));
    art.field("not_after", "Not after", when::rfc3339(not_after));
    let status = if now > not_after {
        format!("expired {} ago", when::duration((now - not_after).whole_seconds()))
    } else if now < not_before {
        format!("not valid for another {}", when::duration((not_before - now).whole_seconds()))
    } else {
        format!("expires in {}", when::duration((not_after - now).whole_seconds()))
    };
    art.field("validity", "Validity now", status);
    let self_signed = cert.subject() == cert.issuer();
    art.field("self_signed", "Self-signed", if self_signed { "yes" } else { "no" });
    art.field("is_ca", "CA", if cert.is_ca() { "yes" } else { "no" });
    if now > not_after {
        art.findings.push(Finding::error(
            "cert.expired",
            "The certificate has expired; clients refuse it.",
        ));
    } else if now < not_before {
        art.findings.push(Finding::error(
            "cert.not-yet-valid",
            "The certificate is not valid yet; check the clock.",
        ));
    }
}

/// Short names of the attribute types seen in certificate names. x509-parser's own `Display`
/// pulls in its whole OID registry (about 20 KB of wasm); this table covers real certificates.
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
    ("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
];

/// A distinguished name as `CN=kubernetes, O=Example`, in certificate order.
pub fn dn_string(name: &X509Name<'_>) -> String {
    let mut parts = Vec::new();
    for rdn in name.iter_rdn() {
        let attrs: Vec<String> = rdn
            .iter()
            .map(|attr| {
                let oid = attr.attr_type().to_id_string();
                let key = ATTRIBUTE_NAMES
                    .iter()
                    .find(|(o, _)| *o == oid)
                    .map_or(oid.clone(), |(_, n)| (*n).to_string());
                let value = match attr.as_str() {
                    Ok(text) => text.to_string(),
                    Err(_) => {
                        let raw = attr
                            .attr_value()
                            .data
                            .iter()
                            .map(|b| format!("{b:02x}"))
                            .collect::<String>();
                        format!("#{raw}")
                    }
                };
                format!("{key}={value}")
            })
            .collect();
        parts.push(attrs.join(" + "));
    }
    parts.join(", ")
}
