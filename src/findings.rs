//! The findings catalogue: every finding id eksplain can emit, with its severity, a short title,
//! what it means, the usual fix and, where one exists, the exact message aws-iam-authenticator logs.
//!
//! Emitting a finding names an [`Id`] (so an unknown id does not compile) and fills in the
//! specifics: [`Finding::of`](crate::report::Finding::of) starts from the entry's meaning and fix,
//! and the emitter replaces them with text about the case at hand where it has any.
//! `eksplain explain`, the page's `#explain=` links and the finding tables of `docs/report.md` all
//! read this one table.

use serde::Serialize;

use crate::report::Severity;

/// One catalogue entry.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The stable dotted id, for example `token.expired`.
    pub id: &'static str,
    /// How bad it is (a few emitters lower it for a milder case; the entry says which).
    pub severity: Severity,
    /// A short title.
    pub title: &'static str,
    /// What it means, in general.
    pub meaning: &'static str,
    /// The usual fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<&'static str>,
    /// The authenticator's log message, with placeholders in capitals (`DATE`, `HOST`, `N`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authenticator: Option<&'static str>,
}

macro_rules! opt {
    () => {
        None
    };
    ($text:literal) => {
        Some($text)
    };
}

macro_rules! catalogue {
    ($( ($variant:ident, $id:literal, $severity:ident, $title:literal, $meaning:literal
         $(, fix: $fix:literal)? $(, auth: $auth:literal)? $(,)?) ),* $(,)?) => {
        /// A finding id. Serialized as its dotted name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Id {
            $(
                #[doc = $id]
                $variant,
            )*
        }

        /// Every id, in catalogue (and documentation) order.
        pub const ALL: &[Id] = &[$(Id::$variant),*];

        impl Id {
            /// The catalogue entry.
            pub fn entry(self) -> Entry {
                Entry {
                    id: self.as_str(),
                    severity: self.severity(),
                    title: self.title(),
                    meaning: self.meaning(),
                    fix: self.fix(),
                    authenticator: self.authenticator(),
                }
            }

            // One function per column, so a build that never reads a column (the page never
            // shows authenticator templates) does not carry its text.

            /// The stable dotted name, for example `token.expired`.
            pub fn as_str(self) -> &'static str {
                match self { $(Id::$variant => $id,)* }
            }

            /// The catalogue severity.
            pub fn severity(self) -> Severity {
                match self { $(Id::$variant => Severity::$severity,)* }
            }

            /// The short title.
            pub fn title(self) -> &'static str {
                match self { $(Id::$variant => $title,)* }
            }

            /// What it means, in general.
            pub fn meaning(self) -> &'static str {
                match self { $(Id::$variant => $meaning,)* }
            }

            /// The usual fix.
            pub fn fix(self) -> Option<&'static str> {
                match self { $(Id::$variant => opt!($($fix)?),)* }
            }

            /// The authenticator's log message, with placeholders in capitals.
            pub fn authenticator(self) -> Option<&'static str> {
                match self { $(Id::$variant => opt!($($auth)?),)* }
            }
        }
    };
}

impl Id {
    /// The id named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Id> {
        ALL.iter().copied().find(|id| id.as_str() == name)
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The ids closest to `query` (for "did you mean"): those containing it, else the nearest by
/// edit distance; at most `max`.
pub fn suggest(query: &str, max: usize) -> Vec<Id> {
    let query = query.trim().to_ascii_lowercase();
    let containing: Vec<Id> =
        ALL.iter().copied().filter(|id| !query.is_empty() && id.contains(query.as_str())).collect();
    if !containing.is_empty() {
        return containing.into_iter().take(max).collect();
    }
    let mut scored: Vec<(usize, Id)> =
        ALL.iter().map(|id| (edit_distance(&query, id.as_str()), *id)).collect();
    // The `max` nearest in order, picked one by one: a sort would add 2 KB to the page's wasm.
    let mut res = Vec::new();
    while res.len() < max {
        let Some((at, _)) = scored.iter().enumerate().min_by_key(|(_, s)| **s) else { break };
        res.push(scored.swap_remove(at).1);
    }
    res
}

/// Levenshtein distance over bytes (ids are ASCII); inputs are capped at 200 bytes.
fn edit_distance(a: &str, b: &str) -> usize {
    let a = a.as_bytes().get(..a.len().min(200)).unwrap_or_default();
    let b = b.as_bytes().get(..b.len().min(200)).unwrap_or_default();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.last().copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The catalogue as Markdown tables, one per group (the `docs/report.md` finding tables).
pub fn markdown() -> String {
    let mut out = String::new();
    let mut group = "";
    for id in ALL {
        let entry = id.entry();
        let this = entry.id.split('.').next().unwrap_or_default();
        if this != group {
            group = this;
            out.push_str(&format!(
                "\n### `{group}.*`\n\n| id | severity | what |\n|---|---|---|\n"
            ));
        }
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            entry.id,
            entry.severity.as_str(),
            entry.title
        ));
    }
    out
}

catalogue! {
    (InputEmpty, "input.empty", Error,
        "Nothing to inspect",
        "Nothing to inspect: the input is empty."),
    (InputTooLarge, "input.too-large", Warning,
        "Over 2 MiB; only the first 2 MiB is read (\"cut at 2 MiB\" when the CLI stopped reading a larger file, a device or an endless pipe there)",
        "The input is over 2 MiB; only the first 2 MiB is read. Tokens, certificates and kubeconfigs are far smaller."),
    (InputBinary, "input.binary", Error,
        "Binary data that is not a DER certificate",
        "The input is binary data that is neither text nor a DER certificate."),
    (InputUnrecognised, "input.unrecognised", Warning,
        "A chunk of text that is none of the kinds above (the fix lists what is accepted); at most 10 per input, then one \"… and N more\"",
        "A chunk of the input is none of the things eksplain reads."),
    (InputUnknownBase64, "input.unknown-base64", Warning,
        "Base64 that decodes to neither PEM nor DER",
        "A base64 value decodes to bytes that are neither a PEM nor a DER certificate, so it is not certificate-authority-data.",
        fix: "certificate-authority-data is base64 of a PEM certificate; check that the whole value was copied."),
    (InputMalformedJson, "input.malformed-json", Error,
        "JSON that does not parse, with line and column",
        "A document that starts like JSON does not parse; eksplain cannot read any of it."),
    (InputMalformedYaml, "input.malformed-yaml", Error,
        "YAML (that looks like a kubeconfig, ConfigMap or mapping) that does not parse, with line and column",
        "A document that looks like a kubeconfig, ConfigMap or mapping list is not valid YAML; eksplain cannot read any of it."),
    (InputTooMany, "input.too-many", Warning,
        "More than 2,000 artefacts; the first 2,000 are kept",
        "The input holds more than 2,000 items; only the first 2,000 are shown."),
    (InputIgnoredText, "input.ignored-text", Info,
        "Text around recognised artefacts (openssl output, prompts) was skipped; lists the lines",
        "Text around what was recognised (openssl output, shell prompts, comments) was skipped."),
    (TokenTooLarge, "token.too-large", Error,
        "The whole token is over 4096 bytes",
        "The token is longer than the authenticator's 4096-byte limit, so it is rejected before anything else is checked. Long STS session tokens (from role chaining, session tags or SSO) are the usual cause.",
        fix: "Mint the token from credentials with a shorter session token: assume the role directly instead of chaining, drop session tags or policies, or use a regional STS endpoint.",
        auth: "input token was not properly formatted: token is too large"),
    (TokenMissingPrefix, "token.missing-prefix", Error,
        "Does not start with `k8s-aws-v1.` (case-sensitive)",
        "An EKS token must start with the exact, case-sensitive prefix `k8s-aws-v1.`.",
        fix: "Pass the token exactly as `aws eks get-token` prints it in status.token, prefix included.",
        auth: "input token was not properly formatted: token is missing expected \"k8s-aws-v1.\" prefix"),
    (TokenBadBase64, "token.bad-base64", Error,
        "Not unpadded base64url (Go `RawURLEncoding`; CR/LF ignored, `=` rejected)",
        "The part after `k8s-aws-v1.` is not unpadded base64url: it holds `=`, `+`, `/` or another character outside A–Z a–z 0–9 - _, or it was cut short.",
        fix: "Copy the whole token again without padding or quoting; it was probably truncated or re-encoded on the way.",
        auth: "input token was not properly formatted: illegal base64 data at input byte N"),
    (TokenBadUrl, "token.bad-url", Error,
        "Go `url.Parse` fails",
        "The decoded token is not a URL the authenticator can parse.",
        fix: "Mint a fresh token with `aws eks get-token --cluster-name <name>`; this one was not made by an AWS tool.",
        auth: "input token was not properly formatted: parse \"URL\": …"),
    (TokenScheme, "token.scheme", Error,
        "Scheme is not https",
        "The presigned URL must use https.",
        fix: "Mint a fresh token with `aws eks get-token`; do not rewrite the URL inside it.",
        auth: "input token was not properly formatted: unexpected scheme \"SCHEME\" in pre-signed URL"),
    (TokenHost, "token.host", Error,
        "Host is not an accepted STS endpoint (aws-iam-authenticator v0.7 rules; a `:port` fails)",
        "The STS host in the token is not one the authenticator accepts: it must be an STS endpoint of the cluster's partition (regional, FIPS or dual-stack; the global sts.amazonaws.com only in the aws partition), with no port.",
        fix: "Mint the token for the cluster's region: `aws eks get-token --cluster-name <name> --region <cluster-region>`, and check AWS_STS_REGIONAL_ENDPOINTS and any custom STS endpoint settings.",
        auth: "input token was not properly formatted: unexpected hostname \"HOST\" in pre-signed URL"),
    (TokenPath, "token.path", Error,
        "Path is not exactly `/`",
        "The presigned URL's path must be exactly `/`.",
        fix: "Mint a fresh token with `aws eks get-token`; do not rewrite the URL inside it.",
        auth: "input token was not properly formatted: unexpected path in pre-signed URL"),
    (TokenQueryMalformed, "token.query-malformed", Error,
        "Go `url.ParseQuery` fails (bad `%` escape, `;`)",
        "The query string does not parse: it has a bad %-escape or a `;` inside a parameter, which Go rejects.",
        fix: "Mint a fresh token with `aws eks get-token`.",
        auth: "input token was not properly formatted: malformed query parameter"),
    (TokenQueryDuplicate, "token.query-duplicate", Error,
        "A key appears twice with different case",
        "A query parameter appears twice with different capitalisation (for example X-Amz-Credential and x-amz-credential). The authenticator rejects this since it could smuggle a second identity.",
        fix: "Mint a fresh token with `aws eks get-token`.",
        auth: "input token was not properly formatted: duplicate query parameter found: \"KEY\""),
    (TokenQueryUnexpectedParam, "token.query-unexpected-param", Error,
        "A key outside the allow-list",
        "The URL carries a query parameter outside the authenticator's allow-list (Action, Version, X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-Security-Token, X-Amz-Signature, X-Amz-SignedHeaders).",
        fix: "Mint the token with `aws eks get-token` or aws-iam-authenticator; other presigners add parameters EKS does not allow.",
        auth: "input token was not properly formatted: non-whitelisted query parameter \"KEY\""),
    (TokenQueryMultiValue, "token.query-multi-value", Error,
        "A key with several values",
        "A query parameter has more than one value.",
        fix: "Mint a fresh token with `aws eks get-token`.",
        auth: "input token was not properly formatted: query parameter with multiple values not supported"),
    (TokenAction, "token.action", Error,
        "Action is not `GetCallerIdentity` (case-sensitive)",
        "The presigned request must be STS `GetCallerIdentity` (case-sensitive).",
        fix: "Mint the token with `aws eks get-token`; a URL presigned for another STS action cannot authenticate to EKS.",
        auth: "input token was not properly formatted: unexpected action parameter in pre-signed URL"),
    (TokenUnsignedClusterHeader, "token.unsigned-cluster-header", Error,
        "`x-k8s-aws-id` not in X-Amz-SignedHeaders",
        "The signature does not cover the `x-k8s-aws-id` header, so the token is not bound to a cluster and the authenticator refuses it.",
        fix: "Mint the token with `aws eks get-token --cluster-name <name>` (or `aws-iam-authenticator token -i <name>`), which signs the header.",
        auth: "input token was not properly formatted: client did not sign the x-k8s-aws-id header in the pre-signed URL"),
    (TokenExpiresParam, "token.expires-param", Error,
        "X-Amz-Expires missing, not an integer, or outside 0..900",
        "X-Amz-Expires must be present and an integer from 0 to 900.",
        fix: "Mint a fresh token with `aws eks get-token` (it always uses 60).",
        auth: "input token was not properly formatted: invalid X-Amz-Expires parameter in pre-signed URL: N"),
    (TokenDateMissing, "token.date-missing", Error,
        "X-Amz-Date missing",
        "The URL has no X-Amz-Date, so the authenticator cannot tell when it was signed.",
        fix: "Mint a fresh token with `aws eks get-token`.",
        auth: "input token was not properly formatted: X-Amz-Date parameter must be present in pre-signed URL"),
    (TokenDateFormat, "token.date-format", Error,
        "X-Amz-Date not `YYYYMMDDTHHMMSSZ`",
        "X-Amz-Date must be in the form YYYYMMDDTHHMMSSZ (UTC).",
        fix: "Mint a fresh token with `aws eks get-token`.",
        auth: "input token was not properly formatted: error parsing X-Amz-Date parameter DATE into format 20060102T150405Z: …"),
    (TokenExpired, "token.expired", Error,
        "Older than 15 minutes (now > X-Amz-Date + 15 min)",
        "The token is older than 15 minutes: the authenticator only accepts tokens for 15 minutes after X-Amz-Date, whatever X-Amz-Expires says.",
        fix: "Get a new token: kubectl does this itself when the kubeconfig uses an `exec` block with `aws eks get-token`. A token pasted into a kubeconfig, CI variable or Terraform `aws_eks_cluster_auth` data source goes stale; use exec instead. If the token is fresh, check this machine's clock.",
        auth: "input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration) DATE"),
    (TokenLocallyValid, "token.locally-valid", Info,
        "Every local check passes (STS still checks the signature)",
        "Passes every check the authenticator makes before calling STS. STS still checks the signature, which fails if the cluster name, secret key or session token is wrong."),
    (TokenFuture, "token.future", Warning,
        "X-Amz-Date more than 1 minute after now (clock skew)",
        "The token was signed more than a minute in the future. The authenticator does not reject this, but the clock of the machine that made it (or the one checking it) is wrong, and STS may refuse the signature.",
        fix: "Sync the clock (NTP) on the machine that runs `aws eks get-token`."),
    (TokenGlobalEndpoint, "token.global-endpoint", Warning,
        "Signed for the legacy global sts.amazonaws.com",
        "Signed for the legacy global endpoint sts.amazonaws.com. Clusters outside the aws partition reject it, it depends on us-east-1, and session tokens it issues are not valid in opt-in regions (af-south-1, ap-east-1, me-south-1…) unless the account issues v2 tokens.",
        fix: "Use regional STS: set `sts_regional_endpoints = regional` in ~/.aws/config or AWS_STS_REGIONAL_ENDPOINTS=regional, or upgrade the AWS CLI (v2 and recent v1 are regional by default)."),
    (TokenRegionMismatch, "token.region-mismatch", Warning,
        "Credential-scope region differs from the host's (us-east-1 for global)",
        "The credential scope names another region than the STS host expects (us-east-1 for the global endpoint); STS rejects the signature.",
        fix: "Mint the token with a consistent --region; do not edit the URL."),
    (TokenLongTermKey, "token.long-term-key", Warning,
        "Signed with an AKIA long-term key",
        "Signed with a long-term IAM user access key (AKIA). It works, but a leaked key never expires; the cluster sees an IAM user, so it must be in mapUsers or have an access entry.",
        fix: "Prefer a role: `aws eks get-token --cluster-name <name> --role-arn <role-arn>` or an SSO profile."),
    (TokenOldFormatKey, "token.old-format-key", Info,
        "Old-format key: the account cannot be decoded offline",
        "The access key is old-format (5th character A–P), so its account cannot be decoded offline.",
        fix: "Run `aws sts get-access-key-info --access-key-id <id>` or `aws sts get-caller-identity` with the same credentials."),
    (TokenExpiresNot60, "token.expires-not-60", Info,
        "X-Amz-Expires is valid but not 60",
        "X-Amz-Expires is valid but not the 60 that aws eks get-token and aws-iam-authenticator use. It does not change how long EKS accepts the token (15 minutes from X-Amz-Date)."),
    (TokenSizeNearLimit, "token.size-near-limit", Warning,
        "Over 3,584 of the 4,096 bytes",
        "The token is close to the authenticator's 4,096-byte limit; a slightly longer session token will push it over.",
        fix: "Shorten the session token: avoid role chaining and session tags."),
    (TokenStaticInKubeconfig, "token.static-in-kubeconfig", Warning,
        "A kubeconfig holds a static token",
        "A kubeconfig holds a static token. EKS tokens last 15 minutes and kubectl cannot refresh a static one.",
        fix: "Replace `token:` with an exec block: run `aws eks update-kubeconfig --name <cluster> --region <region>`."),
    (TokenWhitespaceRemoved, "token.whitespace-removed", Info,
        "The token was broken over lines or had spaces; eksplain joined it",
        "The token was broken over lines or had spaces in it; eksplain joined the pieces before checking. The authenticator itself would reject spaces."),
    (ExecApiVersionDeprecated, "exec.api-version-deprecated", Warning,
        "ExecCredential v1alpha1",
        "client.authentication.k8s.io/v1alpha1 was removed from kubectl 1.24; newer clients refuse this output.",
        fix: "Set `apiVersion: client.authentication.k8s.io/v1beta1` in the kubeconfig exec block and upgrade the AWS CLI."),
    (ExecApiVersion, "exec.api-version", Warning,
        "Unknown ExecCredential apiVersion",
        "The ExecCredential apiVersion is not client.authentication.k8s.io/v1, v1beta1 or v1alpha1, so kubectl will not read it."),
    (ExecNoToken, "exec.no-token", Error,
        "ExecCredential without status.token",
        "The ExecCredential has no status.token."),
    (ExecExpiryMismatch, "exec.expiry-mismatch", Warning,
        "ExpirationTimestamp is not X-Amz-Date + 14 min (±1 min)",
        "expirationTimestamp is not X-Amz-Date + 14 minutes (the AWS CLI's rule, ±1 minute): the client clock and the signing clock disagree, or another tool made it."),
    (ExecBadExpiration, "exec.bad-expiration", Warning,
        "ExpirationTimestamp is not RFC 3339",
        "expirationTimestamp is not an RFC 3339 time; kubectl fails to read it."),
    (CertPemTruncated, "cert.pem-truncated", Error,
        "A PEM block without its END line",
        "The PEM block has no `-----END CERTIFICATE-----` line: it was cut short when copied."),
    (CertBadBase64, "cert.bad-base64", Error,
        "PEM body is not base64",
        "The body of the PEM block is not valid base64, so it holds no certificate.",
        fix: "Copy the certificate again; characters were lost or changed."),
    (CertNotCertificate, "cert.not-certificate", Error,
        "Bytes that are not an X.509 certificate",
        "Nothing in this PEM block decodes to a certificate."),
    (CertNoCertificate, "cert.no-certificate", Error,
        "Certificate-authority-data holds no PEM certificate",
        "The base64 decodes to text that holds no PEM certificate."),
    (CertTrailingData, "cert.trailing-data", Warning,
        "Bytes after the certificate",
        "Bytes follow the certificate's DER encoding and were ignored."),
    (CertExpired, "cert.expired", Error,
        "Now > notAfter",
        "The certificate's notAfter has passed; TLS clients refuse it.",
        fix: "For an EKS cluster CA, fetch the current one: `aws eks describe-cluster --name <cluster> --query cluster.certificateAuthority.data --output text`."),
    (CertNotYetValid, "cert.not-yet-valid", Error,
        "Now < notBefore",
        "The certificate is not valid yet: its notBefore is in the future. Check this machine's clock."),
    (CertExpiresSoon, "cert.expires-soon", Warning,
        "Fewer than 30 days left",
        "The certificate expires in fewer than 30 days."),
    (CertNotCa, "cert.not-ca", Warning,
        "Certificate-authority-data holds a certificate without CA:TRUE",
        "This certificate-authority-data holds a certificate that is not a CA (no basic constraints CA:TRUE). It looks like a server certificate; clients expect the cluster CA.",
        fix: "Use cluster.certificateAuthority.data from `aws eks describe-cluster`, not the API server's own certificate."),
    (CertEksClusterCa, "cert.eks-cluster-ca", Info,
        "Self-signed CN=kubernetes, RSA 2048, about ten years: a typical EKS cluster CA",
        "This looks like an EKS cluster CA: self-signed CN=kubernetes, RSA 2048, valid for about ten years. The API server presents a certificate signed by it."),
    (CertChain, "cert.chain", Info,
        "Several certificates, some issued by others: the chain order",
        "Several certificates, some issued by others: their chain order."),
    (CertBundle, "cert.bundle", Info,
        "Several certificates, none issued by another",
        "Several certificates, none issued by another: a bundle of independent roots."),
    (PemPrivateKey, "pem.private-key", Warning,
        "A private key was pasted (never shown)",
        "A private key was pasted. eksplain never shows it and nothing leaves the page, but treat it as exposed if it was pasted anywhere else.",
        fix: "EKS never needs a private key for IAM authentication: paste the certificate-authority-data or the token instead."),
    (PemCsr, "pem.csr", Warning,
        "A certificate signing request",
        "This is a certificate signing request (CSR), not a certificate. EKS kubeconfigs need the cluster CA certificate."),
    (PemNotCertificate, "pem.not-certificate", Warning,
        "Another PEM type",
        "This PEM block is not a certificate (for example a public key or parameters)."),
    (KubeconfigInsecureSkipTlsVerify, "kubeconfig.insecure-skip-tls-verify", Warning,
        "A cluster skips TLS verification",
        "A cluster entry skips TLS verification: anyone in the network path can read the bearer token.",
        fix: "Remove insecure-skip-tls-verify and set certificate-authority-data from `aws eks describe-cluster`."),
    (KubeconfigBadCaData, "kubeconfig.bad-ca-data", Error,
        "Certificate-authority-data is not base64",
        "A cluster's certificate-authority-data is not valid base64, so kubectl cannot verify the server."),
    (KubeconfigDataOmitted, "kubeconfig.data-omitted", Info,
        "kubectl config view left the certificate data out",
        "This is `kubectl config view` output: it prints certificate-authority-data as DATA+OMITTED (and client keys and tokens as REDACTED), so the cluster's CA cannot be checked from it. Nothing is wrong with the kubeconfig itself because of this.",
        fix: "To check the CA, paste `kubectl config view --minify --raw` output (it holds the CA, and possibly a token or client key: redact those with `eksplain link`, or paste only the clusters section)."),
    (KubeconfigExecV1alpha1, "kubeconfig.exec-v1alpha1", Warning,
        "Exec apiVersion v1alpha1",
        "The exec block uses client.authentication.k8s.io/v1alpha1, which kubectl 1.24 and later reject.",
        fix: "Run `aws eks update-kubeconfig` again with a current AWS CLI, or set apiVersion to client.authentication.k8s.io/v1beta1."),
    (KubeconfigMissingCluster, "kubeconfig.missing-cluster", Error,
        "A context names something that is not there",
        "A context names a cluster that is not in the kubeconfig."),
    (KubeconfigMissingUser, "kubeconfig.missing-user", Error,
        "A context names something that is not there",
        "A context names a user that is not in the kubeconfig."),
    (KubeconfigMissingCurrentContext, "kubeconfig.missing-current-context", Error,
        "A context names something that is not there",
        "current-context names a context that is not in the kubeconfig."),
    (KubeconfigClusterNameMismatch, "kubeconfig.cluster-name-mismatch", Error,
        "The exec `--cluster-name` differs from the EKS cluster the context talks to",
        "The exec block mints tokens for another --cluster-name than the EKS cluster the context talks to. The token's x-k8s-aws-id then names the wrong cluster and the API server answers Unauthorized."),
    (KubeconfigRegionMismatch, "kubeconfig.region-mismatch", Warning,
        "The exec `--region` differs from the cluster's region",
        "The exec block mints tokens with a --region other than the cluster's. That works within one partition, but a wrong region often goes with a wrong --cluster-name, and opt-in regions need regional STS."),
    (KubeconfigAssumesRole, "kubeconfig.assumes-role", Info,
        "The exec block assumes a role (`--role-arn`); it gets a verdict too",
        "The exec block assumes a role (--role-arn) to mint tokens, whatever identity the shell has: that role, not the caller, must be mapped."),
    (KubeconfigProfile, "kubeconfig.profile", Info,
        "The exec block sets AWS_PROFILE",
        "The exec block mints tokens with an AWS profile (AWS_PROFILE or --profile): compare that profile's identity with the mappings."),
    (KubeconfigLegacyCommand, "kubeconfig.legacy-command", Warning,
        "Heptio-authenticator-aws",
        "The exec block runs heptio-authenticator-aws, retired long ago.",
        fix: "Run `aws eks update-kubeconfig --name <cluster>` to switch to `aws eks get-token`."),
    (ClusterCaMismatch, "cluster.ca-mismatch", Error,
        "The kubeconfig's CA is not the cluster's",
        "The kubeconfig's certificate-authority-data for a cluster differs from the CA that `aws eks describe-cluster` reports, so kubectl cannot verify the API server (`x509: certificate signed by unknown authority`). Usually the cluster was recreated, or the entry was copied from another cluster.",
        fix: "Run `aws eks update-kubeconfig --name <cluster> --region <region>` to rewrite the entry from the cluster itself."),
    (ClusterEndpointMismatch, "cluster.endpoint-mismatch", Error,
        "The kubeconfig's server is not the cluster's endpoint",
        "The kubeconfig's server for a cluster differs from the endpoint that `aws eks describe-cluster` reports, so kubectl talks to another API server.",
        fix: "Run `aws eks update-kubeconfig --name <cluster> --region <region>` to rewrite the entry from the cluster itself."),
    (CredentialsExpired, "credentials.expired", Error,
        "The session credentials have expired",
        "The session credentials' Expiration has passed. Every request signed with them is refused, and so is an EKS token minted from them, however fresh the token is.",
        fix: "Get new credentials (assume the role again, `aws sso login`, or refresh the CI job's credentials), then mint a new token."),
    (CredentialsTokenOutlived, "credentials.token-outlived", Error,
        "A token outlives the credentials that signed it",
        "A pasted token was signed with pasted session credentials that have expired (or expired before it was signed). STS checks the session when the API server asks it, so the token is refused although its own 15 minutes have not run out.",
        fix: "Refresh the credentials and mint a new token; in CI, make the job's credentials last longer than the job (role session duration)."),
    (CredentialsKeyTokenMismatch, "credentials.key-token-mismatch", Error,
        "The access key and the session token do not belong together",
        "A temporary access key (ASIA…) is only valid with the session token STS issued with it, and a long-term key (AKIA…) is never used with one. Either way AWS refuses every request signed with the pair: `InvalidClientTokenId: The security token included in the request is invalid`. `aws eks get-token` still signs a token offline, but STS refuses it when the API server checks it, and EKS answers 401 Unauthorized although the token passes every local check. Usually only the key and secret were copied from `assume-role` output, or an old AWS_SESSION_TOKEN is still set next to long-term keys.",
        fix: "Use the three values from one `aws sts assume-role` / `get-session-token` output together; with long-term keys, `unset AWS_SESSION_TOKEN` (and remove aws_session_token from the profile)."),
    (AssumeAllowed, "assume.allowed", Info,
        "STS would let the pod assume the role",
        "Replaying STS's trust-policy evaluation offline, the pod's identity (the cluster's OIDC provider with the token's sub and aud for IRSA; pods.eks.amazonaws.com with the session tags for Pod Identity) is allowed to assume the role, by the statement named. What cannot be checked offline: the token's signature, SCPs/RCPs, and the role's permissions."),
    (AssumeDenied, "assume.denied", Error,
        "STS would refuse to let the pod assume the role",
        "Replaying STS's trust-policy evaluation offline, no statement allows the pod's identity (or a Deny applies, or the wiring around it is wrong). The near miss says what differs: namespace, service account, audience, issuer (another cluster or region), a missing OIDC provider, an expired token, or the role the ServiceAccount names.",
        fix: "Change the trust policy (or the ServiceAccount, or the association) as the near miss says; `eksplain gen` prints a trust policy that matches."),
    (AssumeNoStatements, "assume.no-statements", Error,
        "The trust policy has no statements",
        "The trust policy has no Statement, so nobody can assume the role."),
    (TerraformStaticToken, "terraform.static-token", Warning,
        "The kubernetes provider uses the 15-minute token of `data \"aws_eks_cluster_auth\"` (fix: the exec block)",
        "The kubernetes provider uses the token of data \"aws_eks_cluster_auth\". That token is minted once per plan or apply and expires 15 minutes later: a long apply, or an apply of a saved plan, gets Unauthorized. It also silently uses whatever AWS identity runs Terraform."),
    (TerraformNoCreatorAdmin, "terraform.no-creator-admin", Warning,
        "Terraform-aws-modules/eks v20+ without `enable_cluster_creator_admin_permissions = true`",
        "terraform-aws-modules/eks v20 and later default enable_cluster_creator_admin_permissions to false: the identity that runs Terraform (a laptop role, a CI agent role) gets no Kubernetes access unless an access entry maps it. When Terraform then manages Kubernetes resources, they fail with Unauthorized.",
        fix: "Set enable_cluster_creator_admin_permissions = true, or add an access entry for every role that runs Terraform (`eksplain gen tf-access-entries --principal <role-arn>`)."),
    (TerraformManagesAwsAuth, "terraform.manages-aws-auth", Info,
        "V19 with `manage_aws_auth_configmap = true`: only listed roles are mapped",
        "This module manages aws-auth: only the roles listed in aws_auth_roles / aws_auth_users (plus node roles) are mapped, and the cluster creator keeps a hidden admin mapping. A CI role that did not create the cluster must be listed."),
    (ErrorUnauthorized, "error.unauthorized", Error,
        "Unauthorized (401): authentication failed",
        "Unauthorized (HTTP 401): the API server could not authenticate the request. The token is malformed, expired or minted for another cluster, or the IAM identity behind it is not mapped by aws-auth or an access entry.",
        fix: "Paste the token (`aws eks get-token --cluster-name <name>` output), `aws sts get-caller-identity` output from the same shell, and the aws-auth ConfigMap (`kubectl -n kube-system get configmap aws-auth -o yaml`, from an admin session) or `aws eks list-access-entries` output here."),
    (ErrorForbidden, "error.forbidden", Warning,
        "Forbidden (403): authenticated, but RBAC denies",
        "Forbidden (HTTP 403): EKS authenticated you, so aws-auth or your access entry works. Kubernetes RBAC (or the access policy) does not allow this action for the user and groups named in the message.",
        fix: "Check the RBAC bindings for that username or its groups (`kubectl auth can-i --list --as <user>` from an admin session), or associate an access policy with a wider scope."),
    (ErrorUnknownAuthority, "error.unknown-authority", Error,
        "x509: the CA does not match the server",
        "TLS failed before authentication: the certificate-authority-data in the kubeconfig does not match the cluster, or the server address is wrong.",
        fix: "Paste the kubeconfig's certificate-authority-data and `aws eks describe-cluster --name <name>` output here to compare them, or run `aws eks update-kubeconfig --name <name>` again."),
    (ErrorCertificateNameMismatch, "error.certificate-name-mismatch", Error,
        "The server's certificate is not for the address used",
        "The API server's certificate is trusted but names other hosts than the one in the kubeconfig's server URL (the error lists the names it is valid for). The CA is fine; the address is not the cluster's endpoint: a custom DNS name, a load balancer or proxy in front of the API server, or an IP address.",
        fix: "Use the cluster's endpoint (`aws eks describe-cluster --name <name> --query cluster.endpoint`) as the server, e.g. with `aws eks update-kubeconfig --name <name>`; for a custom name, the certificate must list it (EKS does not let you add names), so connect to the endpoint or put a TLS-terminating proxy with its own certificate in front."),
    (ErrorExecApiVersion, "error.exec-api-version", Error,
        "exec plugin: apiVersion v1alpha1 rejected",
        "kubectl rejected the exec plugin's apiVersion: client.authentication.k8s.io/v1alpha1 was removed in kubectl 1.24.",
        fix: "Upgrade the AWS CLI and run `aws eks update-kubeconfig --name <name>` again, or set `apiVersion: client.authentication.k8s.io/v1beta1` in the kubeconfig exec block."),
    (ErrorAssumeRoleDenied, "error.assume-role-denied", Error,
        "AssumeRole denied before EKS is reached",
        "The AWS CLI could not assume the role named in the kubeconfig (--role-arn): the role's trust policy or your permissions do not allow sts:AssumeRole. This happens before EKS is contacted.",
        fix: "Check the role's trust policy for your caller identity (`aws sts get-caller-identity`) and that your policy allows sts:AssumeRole on it."),
    (ErrorAwsCredentialsExpired, "error.aws-credentials-expired", Error,
        "The AWS credentials have expired",
        "The AWS credentials used to mint the token have expired (an old session or an SSO login that lapsed).",
        fix: "Refresh them (`aws sso login --profile <profile>`, or new session credentials), then try again."),
    (ErrorAwsCredentialsInvalid, "error.aws-credentials-invalid", Error,
        "AWS does not accept the credentials",
        "AWS did not recognise the credentials used to mint the token: the access key ID does not exist (deleted or deactivated, or from another partition), a temporary key (ASIA…) was sent without its session token, or a stale session token was sent with a long-term key (AKIA…). SignatureDoesNotMatch means the secret key does not belong to the key ID. This happens before EKS is contacted.",
        fix: "Paste the credentials output (or `aws configure list`), redacted with `eksplain link`: eksplain checks that the key, secret and session token belong together. With long-term keys, `unset AWS_SESSION_TOKEN`."),
    (ErrorAwsNoCredentials, "error.aws-no-credentials", Error,
        "The AWS CLI found no credentials",
        "The credential plugin (`aws eks get-token`) ran but found no AWS credentials: no environment variables, no profile with keys, no SSO login for the profile, no instance or pod role. kubectl then reports that the plugin failed. Common in CI images, in GUI tools started without the shell's environment, and with AWS_PROFILE naming a profile that does not exist or was never logged in.",
        fix: "Run `aws sts get-caller-identity` in the same environment: it fails the same way until credentials are there. Then `aws sso login --profile <profile>`, `aws configure`, or give the job a role; check AWS_PROFILE and the `env` block of the kubeconfig's exec section."),
    (ErrorExecFailed, "error.exec-failed", Error,
        "The credential plugin ran and failed",
        "kubectl ran the kubeconfig's credential plugin (usually `aws eks get-token`) and it exited with an error, so no token was sent. The plugin's own message, printed just before kubectl's, says why (no credentials, an expired SSO session, an AssumeRole denied).",
        fix: "Run the exec command from the kubeconfig yourself (`aws eks get-token --cluster-name <name> --region <region>`, with the same --role-arn and AWS_PROFILE) and paste its error here."),
    (ErrorExecNotFound, "error.exec-not-found", Error,
        "The credential plugin is not on PATH",
        "kubectl could not run the credential plugin named in the kubeconfig's exec block (not on PATH for this process, typical for GUI tools and CI images).",
        fix: "Install the AWS CLI in that environment or put its full path in `users[].user.exec.command`."),
    (ErrorWebIdentityDenied, "error.web-identity-denied", Error,
        "AssumeRoleWithWebIdentity denied: the IRSA trust policy",
        "STS refused the pod's web identity: the role's trust policy does not allow this cluster's OIDC provider with this service account's sub and aud (or the provider is not registered, or the ServiceAccount names another role). Authentication to EKS is not involved.",
        fix: "Paste `aws iam get-role --role-name <role>` output with the ServiceAccount (`kubectl get sa <name> -n <ns> -o yaml`), `aws eks describe-cluster` output and `aws iam list-open-id-connect-providers` output: eksplain replays the trust policy and names the near miss."),
    (ErrorNetwork, "error.network", Error,
        "The API server cannot be reached",
        "The API server could not be reached: a network or DNS problem (for example a private-only endpoint), not authentication.",
        fix: "Check the endpoint (`aws eks describe-cluster --name <name> --query cluster.resourcesVpcConfig`) and that this machine can reach it."),
    (AwsAuthMalformedYaml, "aws-auth.malformed-yaml", Error,
        "MapRoles/mapUsers/mapAccounts is not valid YAML (line and column inside the key)",
        "mapRoles, mapUsers or mapAccounts is not valid YAML. The authenticator ignores the whole key, so every identity it maps is locked out."),
    (AwsAuthNotAList, "aws-auth.not-a-list", Error,
        "MapRoles/mapUsers is not a YAML list",
        "mapRoles or mapUsers is not a YAML list of entries; the authenticator cannot read it."),
    (AwsAuthMissingArn, "aws-auth.missing-arn", Error,
        "An entry without rolearn/userarn (dropped by the authenticator)",
        "An entry has no rolearn or userarn; the authenticator drops it."),
    (AwsAuthMalformedArn, "aws-auth.malformed-arn", Error,
        "A rolearn/userarn that is not an ARN",
        "A rolearn or userarn is not a valid ARN; it never matches."),
    (AwsAuthRolePath, "aws-auth.role-path", Error,
        "A rolearn with a path (never matches)",
        "A rolearn has a path. The authenticator compares against the role ARN without its path (STS does not report paths), so the entry never matches."),
    (AwsAuthStsArn, "aws-auth.sts-arn", Error,
        "An STS / assumed-role ARN used as a mapping (never matches)",
        "A mapping holds an STS (assumed-role) ARN. The authenticator looks up the IAM role ARN, so the entry never matches."),
    (AwsAuthRoleInMapusers, "aws-auth.role-in-mapusers", Warning,
        "An IAM role under mapUsers (the current authenticator still matches it)",
        "An IAM role is listed under mapUsers. The current authenticator still matches it, but AWS documents roles under mapRoles and tools that manage aws-auth may drop it."),
    (AwsAuthUserInMaproles, "aws-auth.user-in-maproles", Warning,
        "An IAM user under mapRoles (the current authenticator still matches it)",
        "An IAM user is listed under mapRoles. The current authenticator still matches it, but AWS documents users under mapUsers and tools that manage aws-auth may drop it.",
        fix: "Move the entry to mapUsers, with `userarn:` instead of `rolearn:`."),
    (AwsAuthDuplicate, "aws-auth.duplicate", Warning,
        "The same ARN mapped twice (for roles the last entry wins)",
        "The same ARN is mapped twice; only one entry is used (for roles, the last).",
        fix: "Keep one entry per user."),
    (AwsAuthCaseDuplicate, "aws-auth.case-duplicate", Warning,
        "The same role mapped twice, spelled in different case",
        "The same role is mapped twice, spelled in different case; the authenticator compares case-insensitively, so only the last is used."),
    (AwsAuthUnquotedTemplate, "aws-auth.unquoted-template", Error,
        "A value starting with `{{` that is not quoted",
        "A value that starts with {{ is not quoted, so YAML reads it as a mapping and the entry breaks."),
    (AwsAuthUnknownTemplate, "aws-auth.unknown-template", Error,
        "A `{{…}}` the authenticator does not know",
        "A {{…}} placeholder is not one the authenticator knows; it is left as literal text."),
    (AwsAuthReservedUsername, "aws-auth.reserved-username", Warning,
        "A username with a reserved prefix (system:, eks:, aws:, amazon:, iam:) other than system:node:",
        "A username uses a reserved prefix (system:, eks:, aws:, amazon:, iam:). Kubernetes and EKS treat such names specially; grant power through groups instead."),
    (AwsAuthNodeUsername, "aws-auth.node-username", Warning,
        "A system:node: username without the system:nodes group",
        "A mapping has a node username (system:node:…) but not the system:nodes group."),
    (AwsAuthEmptyUsername, "aws-auth.empty-username", Error,
        "No username",
        "A mapping has no username; the authenticator returns an empty user name, which Kubernetes rejects.",
        fix: "Set `username:`, for example the role name, or \"admin:{{SessionName}}\"."),
    (AwsAuthUnquotedAccount, "aws-auth.unquoted-account", Warning,
        "A mapAccounts entry that is a YAML number (quote account IDs)",
        "A mapAccounts entry is not quoted, so YAML reads it as a number: a leading zero is lost, and the authenticator's YAML library may read it as a float and reject mapAccounts."),
    (AwsAuthNoMasters, "aws-auth.no-masters", Warning,
        "No system:masters mapping at all (lockout risk)",
        "No entry grants system:masters. If the cluster creator's hidden admin mapping is also gone (or the creator role was deleted), nobody can fix aws-auth: a lockout.",
        fix: "Keep at least one break-glass admin role mapped to system:masters, or give it an access entry with AmazonEKSClusterAdminPolicy."),
    (AwsAuthNoNodeRole, "aws-auth.no-node-role", Warning,
        "No role in system:nodes",
        "No role is mapped to system:nodes. Self-managed nodes cannot join; managed node groups and Fargate are added by EKS, so check that their entries were not removed.",
        fix: "Map the node instance role: username system:node:{{EC2PrivateDNSName}}, groups system:bootstrappers and system:nodes."),
    (AwsAuthWrongName, "aws-auth.wrong-name", Error,
        "Not kube-system/aws-auth",
        "The ConfigMap is not named aws-auth; the authenticator only reads kube-system/aws-auth."),
    (AwsAuthWrongNamespace, "aws-auth.wrong-namespace", Error,
        "Not kube-system/aws-auth",
        "The ConfigMap is not in kube-system; the authenticator only reads kube-system/aws-auth."),
    (AwsAuthEmpty, "aws-auth.empty", Warning,
        "No role or user mappings",
        "The aws-auth ConfigMap maps no roles and no users: only access entries (or the cluster creator) can get in."),
    (IdentityRoot, "identity.root", Warning,
        "The account root user",
        "This is the account root user. EKS can map it, but nobody should use root credentials for kubectl or Terraform.",
        fix: "Create an IAM role for cluster administration and map that instead."),
    (IdentitySso, "identity.sso", Info,
        "An IAM Identity Center role (path /aws-reserved/sso.amazonaws.com/)",
        "An IAM Identity Center (SSO) permission-set role. Its real IAM ARN has the path /aws-reserved/sso.amazonaws.com/ (plus the Identity Center region for instances outside us-east-1): leave the path out in aws-auth, keep it in an access entry."),
    (IdentityPathUnknown, "identity.path-unknown", Info,
        "An assumed-role ARN: the role's path, needed for access entries, is not in it",
        "An assumed-role ARN does not show the role's path; aws-auth needs the path-less role ARN, but an access entry needs the full role ARN with its path."),
    (AccessPartitionMismatch, "access.partition-mismatch", Error,
        "A token's STS partition differs from the cluster's",
        "A token was signed for STS in another partition than the cluster's; the authenticator only accepts STS hosts of its own partition."),
    (AccessGlobalTokenOptInRegion, "access.global-token-opt-in-region", Warning,
        "A global-endpoint token for a cluster in an opt-in region",
        "A token signed for the global STS endpoint is used with a cluster in an opt-in region, where session credentials from the global endpoint are rejected unless the account issues v2 session tokens."),
    (AccessMapped, "access.mapped", Info,
        "The identity is let in: by what, as which username and groups",
        "The identity is let in: by which mapping or access entry, as which Kubernetes username and groups."),
    (AccessNotMapped, "access.not-mapped", Error,
        "The identity is not mapped: why (near misses) and the fix",
        "The identity matches no access entry and no aws-auth mapping, so the API server answers Unauthorized."),
    (AccessCaseDiffers, "access.case-differs", Info,
        "Matched, but spelled in different case",
        "The mapping and the identity are spelled in different case; the authenticator compares case-insensitively, so it matches."),
    (AccessEntryShadowsAwsAuth, "access.entry-shadows-aws-auth", Info,
        "An access entry wins over an aws-auth mapping for the same identity",
        "An access entry and an aws-auth mapping both match the identity; the access entry wins and the mapping is ignored."),
    (AccessNoPermissions, "access.no-permissions", Warning,
        "An access entry with no groups and no policies (Forbidden)",
        "The access entry has no Kubernetes groups and no access policies: the identity authenticates, then every request is Forbidden.",
        fix: "Associate a policy: aws eks associate-access-policy … --policy-arn …/AmazonEKSClusterAdminPolicy --access-scope type=cluster"),
    (AccessAuthenticatedOnly, "access.authenticated-only", Info,
        "Mapped with no groups and no policies",
        "Authentication succeeds, but with no groups and no access policies every request needs an RBAC binding for this username, or it is Forbidden (not Unauthorized)."),
    (AccessNoEntries, "access.no-entries", Warning,
        "List-access-entries returned none",
        "The cluster has no access entries."),
    (AccessNoPolicies, "access.no-policies", Warning,
        "No access policies associated",
        "No access policies are associated: unless its Kubernetes groups are bound by RBAC, this principal authenticates but is Forbidden everywhere."),
    (AccessPolicyScope, "access.policy-scope", Error,
        "The access policies do not reach the namespace of the refused request",
        "A pasted Forbidden names a request in a namespace (or at the cluster scope) that none of the principal's associated access policies covers: they are scoped to other namespaces. Authentication works; the access entry's policies stop at those namespaces.",
        fix: "Associate the policy for that namespace too (`aws eks associate-access-policy --cluster-name <cluster> --principal-arn <arn> --policy-arn <policy> --access-scope type=namespace,namespaces=<ns>`), use type=cluster, or run the request in a namespace the policy covers."),
    (WhoamiAuthenticated, "whoami.authenticated", Info,
        "The cluster authenticates this identity",
        "`kubectl auth whoami` got an answer, so the API server authenticated the request: the token was valid and the identity is mapped (aws-auth or an access entry). Whatever fails for this identity on this cluster is authorization (RBAC, access policies), not authentication."),
    (WhoamiNoGroups, "whoami.no-groups", Info,
        "Authenticated, but in no Kubernetes group",
        "The identity is in no group beyond system:authenticated: RBAC gives it only what is bound to its username, plus, with access entries, the access policies associated with the entry. An access entry with no policy, or a username without a binding, authenticates and is then Forbidden everything.",
        fix: "Associate an access policy (`aws eks associate-access-policy`) or add the identity to a group bound by RBAC (aws-auth `groups`, or the access entry's kubernetesGroups)."),
    (AccessStsPrincipal, "access.sts-principal", Error,
        "An access entry whose principal is an STS ARN",
        "An access entry's principal must be an IAM role or user ARN, not an STS session ARN."),
    (AccessTokenAccountMismatch, "access.token-account-mismatch", Warning,
        "A pasted token was signed by another account's key than the pasted identity",
        "A pasted token was signed with another account's key than the pasted identity: it was minted with other credentials.",
        fix: "Check AWS_PROFILE and the kubeconfig exec block's --role-arn / env: kubectl may run as someone else than your shell."),
    (AccessCrossAccount, "access.cross-account", Info,
        "The identity and the cluster are in different accounts",
        "The identity and the cluster are in different AWS accounts: access works only with an explicit mapping in the cluster's account."),
    (ArnMalformed, "arn.malformed", Error,
        "Not `arn:partition:service:region:account:resource`",
        "This is not a well-formed ARN: it needs arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE."),
    (ArnNotIdentity, "arn.not-identity", Error,
        "The authenticator cannot canonicalize it as an identity",
        "This ARN is not an IAM or STS identity, so it cannot authenticate to EKS."),
    (ArnConfusableCharacters, "arn.confusable-characters", Warning,
        "An ARN with invisible, bidirectional-control or look-alike characters",
        "The ARN holds characters that are not what they look like: invisible ones (zero-width space, byte-order mark), bidirectional controls (right-to-left override) or look-alikes (Cyrillic, Greek, full-width letters). IAM ARNs are plain ASCII, so it never matches the identity it appears to name, whatever the screen shows; it may be a lure.",
        fix: "Type the ARN again by hand, or copy it from `aws iam get-role` or `aws sts get-caller-identity`."),
    (KeyOldFormat, "key.old-format", Info,
        "Old-format key ID",
        "This is an old-format ID (its 5th character is A–P): the account cannot be decoded offline.",
        fix: "Run `aws sts get-access-key-info --access-key-id <id>` with any valid credentials."),
    (KeyInvalid, "key.invalid", Warning,
        "Not base32 after the prefix",
        "The characters after the prefix are not base32 (A–Z, 2–7), so this is not a real AWS key ID."),
    (KeyLongTerm, "key.long-term", Info,
        "An AKIA key",
        "AKIA keys are long-term IAM user keys. They do not expire; rotate them and prefer roles."),
    (JwtMalformed, "jwt.malformed", Error,
        "Header or payload is not base64url JSON",
        "The JWT header is not base64url JSON."),
    (JwtExpired, "jwt.expired", Warning,
        "Past `exp`",
        "The token has expired."),
    (JwtNotEksToken, "jwt.not-eks-token", Info,
        "A JWT is not an IAM token",
        "This is a JWT, not an EKS IAM token: the EKS API accepts it only as a Kubernetes service-account or OIDC token. IAM users and roles authenticate with `k8s-aws-v1.` tokens."),
}
