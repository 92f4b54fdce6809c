//! Error messages from kubectl, Terraform, the AWS CLI and client-go: what each means for EKS
//! authentication, and what to paste next. `Unauthorized` (401) is often confused with
//! `Forbidden` (403, RBAC), certificate errors and credential errors; this tells them apart.

use crate::report::{Artefact, Finding, Kind, Source};

/// (id, phrases any of which identifies it (lower case), meaning, next step).
const KNOWN: &[(&str, &[&str], &str, &str)] = &[
    (
        "error.forbidden",
        &[") is forbidden: user", "error from server (forbidden)", "is forbidden: user"],
        "Forbidden (HTTP 403): EKS authenticated you, so aws-auth or your access entry works. Kubernetes RBAC (or the access policy) does not allow this action for the user and groups named in the message.",
        "Check the RBAC bindings for that username or its groups (`kubectl auth can-i --list --as <user>` from an admin session), or associate an access policy with a wider scope.",
    ),
    (
        "error.unauthorized",
        &[
            "you must be logged in to the server",
            "the server has asked for the client to provide credentials",
            "error: unauthorized",
            "(unauthorized)",
            "status code 401",
            "\"code\": 401",
            "\"code\":401",
        ],
        "Unauthorized (HTTP 401): the API server could not authenticate the request. The token is malformed, expired or minted for another cluster, or the IAM identity behind it is not mapped by aws-auth or an access entry.",
        "Paste the token (`aws eks get-token --cluster-name <name>` output), `aws sts get-caller-identity` output from the same shell, and the aws-auth ConfigMap (`kubectl -n kube-system get configmap aws-auth -o yaml`, from an admin session) or `aws eks list-access-entries` output here.",
    ),
    (
        "error.unknown-authority",
        &["x509: certificate signed by unknown authority", "certificate verify failed", "x509: certificate is valid for"],
        "TLS failed before authentication: the certificate-authority-data in the kubeconfig does not match the cluster, or the server address is wrong.",
        "Paste the kubeconfig's certificate-authority-data and `aws eks describe-cluster --name <name>` output here to compare them, or run `aws eks update-kubeconfig --name <name>` again.",
    ),
    (
        "error.exec-api-version",
        &["exec plugin: invalid apiversion", "no kind \"execcredential\" is registered for version \"client.authentication.k8s.io/v1alpha1\""],
        "kubectl rejected the exec plugin's apiVersion: client.authentication.k8s.io/v1alpha1 was removed in kubectl 1.24.",
        "Upgrade the AWS CLI and run `aws eks update-kubeconfig --name <name>` again, or set `apiVersion: client.authentication.k8s.io/v1beta1` in the kubeconfig exec block.",
    ),
    (
        "error.assume-role-denied",
        &["is not authorized to perform: sts:assumerole", "an error occurred (accessdenied) when calling the assumerole operation"],
        "The AWS CLI could not assume the role named in the kubeconfig (--role-arn): the role's trust policy or your permissions do not allow sts:AssumeRole. This happens before EKS is contacted.",
        "Check the role's trust policy for your caller identity (`aws sts get-caller-identity`) and that your policy allows sts:AssumeRole on it.",
    ),
    (
        "error.aws-credentials-expired",
        &["expiredtoken", "the security token included in the request is expired", "token has expired and refresh failed", "the sso session associated with this profile has expired"],
        "The AWS credentials used to mint the token have expired (an old session or an SSO login that lapsed).",
        "Refresh them (`aws sso login --profile <profile>`, or new session credentials), then try again.",
    ),
    (
        "error.exec-not-found",
        &["executable aws not found", "exec: \"aws\": executable file not found", "executable aws-iam-authenticator not found"],
        "kubectl could not run the credential plugin named in the kubeconfig's exec block (not on PATH for this process, typical for GUI tools and CI images).",
        "Install the AWS CLI in that environment or put its full path in `users[].user.exec.command`.",
    ),
    (
        "error.network",
        &["dial tcp", "no such host", "i/o timeout", "connection refused", "kubernetes cluster unreachable: get"],
        "The API server could not be reached: a network or DNS problem (for example a private-only endpoint), not authentication.",
        "Check the endpoint (`aws eks describe-cluster --name <name> --query cluster.resourcesVpcConfig`) and that this machine can reach it.",
    ),
];

/// The known error in `line`, if any: (index into the table).
fn known(line: &str) -> Option<usize> {
    let lower = line.to_ascii_lowercase();
    KNOWN.iter().position(|(_, phrases, _, _)| phrases.iter().any(|p| lower.contains(p)))
}

/// Finds known error messages in `text`: (line number from 1, the line).
pub fn find(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.len() < 2000 && known(line).is_some())
        .map(|(idx, line)| (idx + 1, line.trim().to_string()))
        .collect()
}

/// The artefact for one error message line.
pub fn inspect(line: &str, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::ErrorMessage, source);
    art.field("message", "Message", line);
    if let Some((id, _, meaning, next)) = known(line).and_then(|idx| KNOWN.get(idx)) {
        art.title = format!("{}: {}", Kind::ErrorMessage.title(), id.trim_start_matches("error."));
        if *id == "error.forbidden" {
            if let Some(user) = line.split("User \"").nth(1).and_then(|rest| rest.split('"').next())
            {
                art.field("username", "Authenticated as", user);
            }
        }
        art.findings.push(Finding::info(id, *meaning).with_fix(*next));
    }
    art
}
