//! IAM and STS ARNs, and the canonical ARN the authenticator looks up (`eks-auth.md` §2.4).

use crate::facts::{ClusterVia, Fact, IdentityVia};
use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};

/// Partitions the authenticator recognises.
pub const PARTITIONS: &[&str] =
    &["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/// The principal type, as the authenticator names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    /// `iam::…:role/…`.
    Role,
    /// `sts::…:assumed-role/…/session`.
    AssumedRole,
    /// `iam::…:user/…`.
    User,
    /// `iam::…:root`.
    Root,
    /// `sts::…:federated-user/…`.
    FederatedUser,
}

impl Principal {
    /// Human name.
    pub fn as_str(self) -> &'static str {
        match self {
            Principal::Role => "IAM role",
            Principal::AssumedRole => "assumed role (STS session)",
            Principal::User => "IAM user",
            Principal::Root => "account root",
            Principal::FederatedUser => "federated user (STS)",
        }
    }
}

/// A parsed ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    /// Partition, e.g. `aws`.
    pub partition: String,
    /// Service, e.g. `iam`.
    pub service: String,
    /// Region (empty for IAM and STS principals).
    pub region: String,
    /// Account ID.
    pub account: String,
    /// Resource part, e.g. `role/path/Name`.
    pub resource: String,
}

/// Parses `arn:partition:service:region:account:resource` as aws-sdk-go-v2 `arn.Parse` does.
pub fn parse(text: &str) -> Result<Arn, String> {
    let Some(rest) = text.strip_prefix("arn:") else {
        return Err(format!("arn '{text}' is invalid: 'arn: invalid prefix'"));
    };
    let mut parts = rest.splitn(5, ':');
    match (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(partition), Some(service), Some(region), Some(account), Some(resource)) => Ok(Arn {
            partition: partition.to_string(),
            service: service.to_string(),
            region: region.to_string(),
            account: account.to_string(),
            resource: resource.to_string(),
        }),
        _ => Err(format!("arn '{text}' is invalid: 'arn: not enough sections'")),
    }
}

/// An identity as the authenticator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Principal type.
    pub principal: Principal,
    /// The ARN the authenticator looks up.
    pub canonical: String,
    /// Role or user name (last path segment).
    pub name: String,
    /// Path between the type and the name, e.g. `/team/` (IAM ARNs only).
    pub path: String,
    /// Session name for assumed roles.
    pub session: Option<String>,
}

/// The authenticator's `Canonicalize`: the error is its message.
pub fn canonicalize(arn: &Arn, text: &str) -> Result<Identity, String> {
    if !PARTITIONS.contains(&arn.partition.as_str()) {
        return Err(format!("arn '{text}' does not have a recognized partition"));
    }
    let parts: Vec<&str> = arn.resource.split('/').collect();
    let last = parts.last().copied().unwrap_or_default().to_string();
    let path_of = |parts: &[&str]| -> String {
        match parts {
            [_, middle @ .., _] if !middle.is_empty() => format!("/{}/", middle.join("/")),
            _ => String::from("/"),
        }
    };
    match arn.service.as_str() {
        "sts" => match parts.first().copied() {
            Some("federated-user") => Ok(Identity {
                principal: Principal::FederatedUser,
                canonical: text.to_string(),
                name: last,
                path: String::from("/"),
                session: None,
            }),
            Some("assumed-role") => {
                if parts.len() < 3 {
                    return Err(format!("assumed-role arn '{text}' does not have a role"));
                }
                let role = parts.get(1..parts.len() - 1).unwrap_or_default().join("/");
                Ok(Identity {
                    principal: Principal::AssumedRole,
                    canonical: format!("arn:{}:iam::{}:role/{role}", arn.partition, arn.account),
                    name: role,
                    path: String::from("/"),
                    session: Some(last),
                })
            }
            _ => Err(format!("unrecognized resource {} for service sts", arn.resource)),
        },
        "iam" => match parts.first().copied() {
            Some("role") if parts.len() >= 2 => Ok(Identity {
                principal: Principal::Role,
                canonical: text.to_string(),
                name: last,
                path: path_of(&parts),
                session: None,
            }),
            Some("user") if parts.len() >= 2 => Ok(Identity {
                principal: Principal::User,
                canonical: text.to_string(),
                name: last,
                path: path_of(&parts),
                session: None,
            }),
            Some("root") if parts.len() == 1 => Ok(Identity {
                principal: Principal::Root,
                canonical: text.to_string(),
                name: String::from("root"),
                path: String::from("/"),
                session: None,
            }),
            _ => Err(format!("unrecognized resource {} for service iam", arn.resource)),
        },
        other => {
            Err(format!("service {other} in arn {text} is not a valid service for identities"))
        }
    }
}

/// What a character that does not belong in an ARN is: invisible, reordering, or a look-alike.
fn confusable(c: char) -> Option<&'static str> {
    let kind = match c {
        '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{180E}' => "invisible",
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => "a bidirectional control that reorders the text around it",
        '\u{0400}'..='\u{04FF}' => "a Cyrillic letter that looks like a Latin one",
        '\u{0370}'..='\u{03FF}' => "a Greek letter that looks like a Latin one",
        '\u{FF01}'..='\u{FF5E}' => "a full-width look-alike of an ASCII character",
        c if c.is_whitespace() && c != ' ' => "an unusual space",
        c if c.is_control() => "a control character",
        c if !c.is_ascii() => "not ASCII",
        _ => return None,
    };
    Some(kind)
}

/// A warning when an ARN holds invisible characters, bidirectional controls or look-alikes
/// (Cyrillic, Greek, full-width): IAM ARNs are plain ASCII, so such an ARN never matches the
/// identity it looks like, or is a lure. `what` names the ARN in the message.
pub fn check_confusables(text: &str, what: &str) -> Option<Finding> {
    let found: Vec<String> = text
        .chars()
        .enumerate()
        .filter_map(|(idx, c)| {
            confusable(c)
                .map(|kind| format!("U+{:04X} at character {} ({kind})", c as u32, idx + 1))
        })
        .collect();
    if found.is_empty() {
        return None;
    }
    let shown: Vec<&str> = found.iter().take(5).map(String::as_str).collect();
    let more =
        if found.len() > 5 { format!(" and {} more", found.len() - 5) } else { String::new() };
    let escaped: String = text
        .chars()
        .map(|c| match confusable(c) {
            Some(_) => format!("\\u{{{:04X}}}", c as u32),
            None => c.to_string(),
        })
        .collect();
    Some(
        Finding::of(Id::ArnConfusableCharacters)
            .message(format!(
                "{what} holds characters that are not what they look like: {}{more}. IAM ARNs are plain ASCII, so it never matches the identity it appears to name, whatever the screen shows.",
                shown.join(", ")
            ))
            .with_fix(format!("Type the ARN again by hand, or copy it from `aws iam get-role` / `aws sts get-caller-identity`. With those characters spelled out it reads {escaped}")),
    )
}

/// Adds the ARN's fields to an artefact.
pub fn describe_into(text: &str, art: &mut Artefact) -> Option<Identity> {
    if let Some(finding) = check_confusables(text, "This ARN") {
        art.findings.push(finding);
    }
    let arn = match parse(text) {
        Ok(arn) => arn,
        Err(err) => {
            art.findings.push(Finding::of(Id::ArnMalformed).with_authenticator(err));
            return None;
        }
    };
    art.field("partition", "Partition", arn.partition.as_str());
    art.field("service", "Service", arn.service.as_str());
    if !arn.region.is_empty() {
        art.field("region", "Region", arn.region.as_str());
    }
    art.field("account_id", "Account", arn.account.as_str());
    art.field("resource", "Resource", arn.resource.as_str());
    if arn.service == "eks" && arn.resource.starts_with("cluster/") {
        // A cluster, as kubeconfigs and describe-cluster name it: no identity was meant.
        return None;
    }
    if arn.service != "iam" && arn.service != "sts" {
        if let Err(err) = canonicalize(&arn, text) {
            // Another service's ARN is not a mistake, only not an identity: a warning.
            art.findings.push(
                Finding::of(Id::ArnNotIdentity)
                    .severity(crate::report::Severity::Warning)
                    .with_authenticator(err),
            );
        }
        return None;
    }
    match canonicalize(&arn, text) {
        Ok(identity) => {
            art.field("principal_type", "Principal type", identity.principal.as_str());
            art.field("name", "Name", identity.name.as_str());
            if identity.path != "/" {
                art.field("path", "Path", identity.path.as_str());
            }
            if let Some(session) = &identity.session {
                art.field("session_name", "Session name", session.as_str());
            }
            art.field(
                "canonical_arn",
                "ARN the authenticator looks up",
                identity.canonical.as_str(),
            );
            let forms = forms(&arn, &identity);
            art.field("aws_auth_arn", forms.aws_auth_label, forms.aws_auth);
            art.field(
                "access_entry_arn",
                "ARN for an access entry (full path)",
                forms.access_entry,
            );
            if let Some(note) = forms.note {
                art.findings.push(Finding::of(Id::IdentityPathUnknown).message(note));
            }
            if identity.principal == Principal::Root {
                art.findings.push(Finding::of(Id::IdentityRoot));
            }
            if identity.name.starts_with("AWSReservedSSO_") {
                art.findings.push(Finding::of(Id::IdentitySso));
            }
            Some(identity)
        }
        Err(err) => {
            art.findings.push(
                Finding::of(Id::ArnNotIdentity)
                    .message("The authenticator cannot use this ARN as an identity.")
                    .with_authenticator(err),
            );
            None
        }
    }
}

/// The artefact for an ARN pasted on its own.
pub fn inspect(text: &str, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::Arn, source);
    art.field("arn", "ARN", text);
    if describe_into(text, &mut art).is_some() {
        art.facts.push(Fact::Identity {
            arn: text.to_string(),
            principal_id: None,
            via: IdentityVia::Arn,
        });
    } else if eks_cluster_name(text).is_some() {
        art.facts.push(Fact::Cluster {
            name: eks_cluster_name(text).map(str::to_string),
            arn: Some(text.to_string()),
            via: ClusterVia::Arn,
        });
    }
    art
}

/// The ARN forms a user needs to write a mapping for an identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forms {
    /// Label for the aws-auth form.
    pub aws_auth_label: &'static str,
    /// The ARN to put in aws-auth (`rolearn` without path, or `userarn`).
    pub aws_auth: String,
    /// The ARN to put in an access entry (roles with their full path).
    pub access_entry: String,
    /// Set when the access-entry ARN cannot be known from this ARN alone.
    pub note: Option<String>,
}

/// The aws-auth and access-entry forms of an identity's ARN.
pub fn forms(arn: &Arn, identity: &Identity) -> Forms {
    let role_arn = |path: &str| {
        format!("arn:{}:iam::{}:role{path}{}", arn.partition, arn.account, identity.name)
    };
    match identity.principal {
        Principal::Role | Principal::AssumedRole => {
            let sso = identity.name.starts_with("AWSReservedSSO_");
            let (access_entry, note) = if identity.principal == Principal::Role {
                (role_arn(&identity.path), None)
            } else if sso {
                (
                    role_arn("/aws-reserved/sso.amazonaws.com/"),
                    Some(format!("STS ARNs drop the role's path. For this SSO role it is /aws-reserved/sso.amazonaws.com/, with the Identity Center region added for instances outside us-east-1; confirm with `aws iam get-role --role-name {} --query Role.Arn`.", identity.name)),
                )
            } else {
                (
                    role_arn("/"),
                    Some(format!("STS ARNs drop the role's path, and access entries need it. If the role has a path, use the ARN from `aws iam get-role --role-name {} --query Role.Arn`.", identity.name)),
                )
            };
            Forms {
                aws_auth_label: "rolearn for aws-auth (no path)",
                aws_auth: role_arn("/"),
                access_entry,
                note,
            }
        }
        Principal::User | Principal::Root | Principal::FederatedUser => Forms {
            aws_auth_label: "userarn for aws-auth",
            aws_auth: identity.canonical.clone(),
            access_entry: identity.canonical.clone(),
            note: None,
        },
    }
}

/// Parses and canonicalizes in one step.
pub fn identity_of(text: &str) -> Option<(Arn, Identity)> {
    let arn = parse(text).ok()?;
    let identity = canonicalize(&arn, text).ok()?;
    Some((arn, identity))
}

/// `role/a/b/Name` → `role/Name` (the authenticator's `StripPath`); other ARNs unchanged.
pub fn strip_path(text: &str) -> String {
    match parse(text) {
        Ok(arn) if arn.service == "iam" && arn.resource.starts_with("role/") => {
            let name = arn.resource.rsplit('/').next().unwrap_or_default();
            format!("arn:{}:iam::{}:role/{name}", arn.partition, arn.account)
        }
        _ => text.to_string(),
    }
}

/// The cluster name of an EKS cluster ARN (`arn:aws:eks:REGION:ACCOUNT:cluster/NAME`).
pub fn eks_cluster_name(text: &str) -> Option<&str> {
    let name = text.strip_prefix("arn:")?.splitn(5, ':').nth(4)?.strip_prefix("cluster/")?;
    (text.split(':').nth(2) == Some("eks") && !name.is_empty()).then_some(name)
}
