//! Every finding id is emitted by at least one input: a table maps each documented id to the
//! smallest input (or inputs) that makes eksplain emit it, and a test inspects each one.
//!
//! The ids come from [`all_ids`], one function, so the source can move from docs/report.md to the
//! findings catalogue without touching the rest.

use std::collections::BTreeSet;

use base64::Engine as _;
use eksplain::Input;

use crate::token::{good_with, tok, GOOD};
use crate::{at, fixture};

/// The instant every case is inspected at, unless it names its own.
const NOW: &str = "2026-01-01T00:00:00Z";
/// The instant for cases built from `token::GOOD` (signed 2023-04-28T00:00:00Z).
const TOKEN_NOW: &str = "2023-04-28T00:05:00Z";

/// Every finding id eksplain can emit: the findings catalogue (docs/report.md's tables are
/// generated from it and checked by tests/it/catalogue.rs).
pub fn all_ids() -> BTreeSet<String> {
    eksplain::findings::ALL.iter().map(|id| id.to_string()).collect()
}

/// One input of a case: a pasted text or a named file.
struct In {
    name: Option<&'static str>,
    data: Vec<u8>,
}

fn text(text: impl Into<String>) -> In {
    In { name: None, data: text.into().into_bytes() }
}

fn file(name: &'static str, data: Vec<u8>) -> In {
    In { name: Some(name), data }
}

/// An id, the instant to inspect at, and the inputs (several when the id comes from a check
/// across inputs) that must make eksplain emit it.
struct Case {
    id: &'static str,
    now: String,
    inputs: Vec<In>,
}

fn case(id: &'static str, inputs: Vec<In>) -> Case {
    Case { id, now: NOW.to_string(), inputs }
}

fn case_at(id: &'static str, now: &str, inputs: Vec<In>) -> Case {
    Case { id, now: now.to_string(), inputs }
}

fn minted(name: &str) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    doc["cases"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn b64url(text: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

/// The DER of the first PEM certificate in `pem`.
fn der_of(pem: &str) -> Vec<u8> {
    let body = pem.split("-----BEGIN CERTIFICATE-----").nth(1).unwrap();
    let body: String = body.split("-----END").next().unwrap().split_whitespace().collect();
    base64::engine::general_purpose::STANDARD.decode(body).unwrap()
}

/// The first certificate of a PEM file, with its BEGIN and END lines.
fn first_pem(pem: &str) -> String {
    let end = pem.find("-----END CERTIFICATE-----").unwrap() + "-----END CERTIFICATE-----\n".len();
    pem[..end].to_string()
}

fn aws_auth(metadata: &str, data: &str) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n{metadata}data:\n{data}")
}

const META: &str = "  name: aws-auth\n  namespace: kube-system\n";

/// A clean aws-auth (a node role and an admin role) with `extra` appended to mapRoles.
fn roles_plus(extra: &str) -> String {
    let base = "- rolearn: arn:aws:iam::111122223333:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:bootstrappers, system:nodes]\n- rolearn: arn:aws:iam::111122223333:role/admin\n  username: admin\n  groups: [system:masters]\n";
    let roles: String = format!("{base}{extra}").lines().map(|l| format!("    {l}\n")).collect();
    aws_auth(META, &format!("  mapRoles: |\n{roles}"))
}

fn caller(arn: &str) -> String {
    let account = arn.split(':').nth(4).unwrap();
    format!(r#"{{"UserId":"AROAEXAMPLEID:session","Account":"{account}","Arn":"{arn}"}}"#)
}

const CI: &str = "arn:aws:sts::111122223333:assumed-role/ci-agent/build@42";

/// A kubeconfig for the EKS cluster [`CLUSTER`] (named by its ARN): `cluster_extra` goes under
/// the cluster, `user` is the user's block, and its one context names `context_cluster`.
fn kubeconfig(cluster_extra: &str, user: &str, context_cluster: &str, current: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: arn:aws:eks:us-west-2:111122223333:cluster/prod\n  cluster:\n    server: https://ABC.gr7.us-west-2.eks.amazonaws.com\n{cluster_extra}contexts:\n- name: prod\n  context:\n    cluster: {context_cluster}\n    user: u\ncurrent-context: {current}\nusers:\n- name: u\n  user:\n{user}"
    )
}

const CLUSTER: &str = "arn:aws:eks:us-west-2:111122223333:cluster/prod";

fn exec_user(api: &str, command: &str, args: &str) -> String {
    format!("    exec:\n      apiVersion: {api}\n      command: {command}\n      args: [{args}]\n")
}

const V1BETA1: &str = "client.authentication.k8s.io/v1beta1";

fn kubeconfig_exec(args: &str) -> String {
    kubeconfig("", &exec_user(V1BETA1, "aws", args), CLUSTER, "prod")
}

fn describe_cluster(region: &str, account: &str) -> String {
    format!(
        r#"{{"cluster":{{"name":"prod","arn":"arn:aws:eks:{region}:{account}:cluster/prod","accessConfig":{{"authenticationMode":"API_AND_CONFIG_MAP"}}}}}}"#
    )
}

/// The table: for each id, inputs that emit it.
fn cases() -> Vec<Case> {
    let eks_pem = fixture("cert/eks-ca.pem");
    let chain = fixture("cert/odd/chain.pem");
    let expired = fixture("cert/odd/expired.pem");
    let exec_credential =
        minted("eu-west-1-regional-longterm")["exec_credential"].as_str().unwrap().to_string();
    let exec_now = &eksplain::when::rfc3339(
        at(minted("eu-west-1-regional-longterm")["minted_after"].as_str().unwrap())
            + time::Duration::minutes(1),
    );
    let token_us_east_1 =
        minted("us-east-1-regional-session")["token"].as_str().unwrap().to_string();
    let good = tok(GOOD);
    let jwt = |header: &str, payload: &str| {
        format!("{}.{}.c2lnbmF0dXJl", b64url(header), b64url(payload))
    };
    let policies = |list: &str| {
        format!(
            r#"{{"clusterName":"prod","principalArn":"arn:aws:iam::111122223333:role/ci-agent","associatedAccessPolicies":[{list}]}}"#
        )
    };
    let entry = |arn: &str, groups: &str| {
        format!(
            r#"{{"accessEntry":{{"clusterName":"prod","principalArn":"{arn}","kubernetesGroups":[{groups}],"type":"STANDARD"}}}}"#
        )
    };
    let mut garbage_der = der_of(&fixture("cert/odd/ec-p256.pem"));
    garbage_der.extend_from_slice(b"garbage");

    vec![
        // Input as a whole.
        case("input.empty", vec![text("")]),
        case("input.too-large", vec![text(format!("x\n{}", " ".repeat(2 * 1024 * 1024)))]),
        case("input.binary", vec![file("noise.bin", (0..=255u8).cycle().take(1024).collect())]),
        case("input.unrecognised", vec![text("hello there")]),
        case("input.unknown-base64", vec![text("QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB")]),
        case("input.malformed-json", vec![text("{\"kind\":\"ConfigMap\",\n\"data\": {\"mapRoles\": }")]),
        case("input.malformed-yaml", vec![text("apiVersion: v1\nkind: ConfigMap\ndata:\n  mapRoles: |\n  - x\n bad: [\n")]),
        case("input.too-many", vec![text("arn:aws:iam::111122223333:role/x\n".repeat(2001))]),
        case("input.ignored-text", vec![text(format!("$ openssl x509 -in ca.crt\n{eks_pem}"))]),
        // The authenticator's token checks, in its order.
        case_at("token.too-large", TOKEN_NOW, vec![text(tok(&format!("{GOOD}&X-Amz-Security-Token={}", "A".repeat(3000))))]),
        case_at("token.missing-prefix", TOKEN_NOW, vec![text(good.replacen("k8s-aws-v1.", "K8S-AWS-V1.", 1))]),
        case_at("token.bad-base64", TOKEN_NOW, vec![text(format!("{good}="))]),
        case_at("token.bad-url", TOKEN_NOW, vec![text(tok(":ab:cd.af:/asda"))]),
        case_at("token.scheme", TOKEN_NOW, vec![text(tok(&good_with("https://", "http://")))]),
        case_at("token.host", TOKEN_NOW, vec![text(tok(&good_with("sts.us-west-2.amazonaws.com", "evil.example.com")))]),
        case_at("token.path", TOKEN_NOW, vec![text(tok(&good_with("amazonaws.com/?", "amazonaws.com/x?")))]),
        case_at("token.query-malformed", TOKEN_NOW, vec![text(tok(&good_with("Version=2011-06-15", "Version=%zz")))]),
        case_at("token.query-duplicate", TOKEN_NOW, vec![text(tok(&format!("{GOOD}&x-amz-credential=eve")))]),
        case_at("token.query-unexpected-param", TOKEN_NOW, vec![text(tok(&format!("{GOOD}&X-Amz-Foo=1")))]),
        case_at("token.query-multi-value", TOKEN_NOW, vec![text(tok(&format!("{GOOD}&Action=GetCallerIdentity")))]),
        case_at("token.action", TOKEN_NOW, vec![text(tok(&good_with("Action=GetCallerIdentity", "Action=getcalleridentity")))]),
        case_at("token.unsigned-cluster-header", TOKEN_NOW, vec![text(tok(&good_with("host%3Bx-k8s-aws-id", "host")))]),
        case_at("token.expires-param", TOKEN_NOW, vec![text(tok(&good_with("X-Amz-Expires=60", "X-Amz-Expires=901")))]),
        case_at("token.date-missing", TOKEN_NOW, vec![text(tok(&good_with("X-Amz-Date=20230428T000000Z&", "")))]),
        case_at("token.date-format", TOKEN_NOW, vec![text(tok(&good_with("20230428T000000Z", "2023-04-28T00:00:00Z")))]),
        case_at("token.expired", "2023-04-28T00:15:01Z", vec![text(good.clone())]),
        // Token warnings and notes.
        case_at("token.locally-valid", TOKEN_NOW, vec![text(good.clone())]),
        case_at("token.future", "2023-04-27T23:50:00Z", vec![text(good.clone())]),
        case_at("token.global-endpoint", TOKEN_NOW, vec![text(tok(&good_with("sts.us-west-2.amazonaws.com", "sts.amazonaws.com")))]),
        case_at("token.region-mismatch", TOKEN_NOW, vec![text(tok(&good_with("%2Fus-west-2%2F", "%2Feu-west-1%2F")))]),
        case_at("token.long-term-key", TOKEN_NOW, vec![text(tok(&good_with("ASIAR2TG44V6AS3ZZE7C", "AKIA6RVFFB77RE7OLMKI")))]),
        case_at("token.old-format-key", TOKEN_NOW, vec![text(tok(&good_with("ASIAR2TG44V6AS3ZZE7C", "AKIAIOSFODNN7EXAMPLE")))]),
        case_at("token.expires-not-60", TOKEN_NOW, vec![text(tok(&good_with("X-Amz-Expires=60", "X-Amz-Expires=900")))]),
        case_at("token.size-near-limit", TOKEN_NOW, vec![text(tok(&format!("{GOOD}&X-Amz-Security-Token={}", "A".repeat(2400))))]),
        case_at("token.static-in-kubeconfig", TOKEN_NOW, vec![text(kubeconfig("", &format!("    token: {good}\n"), CLUSTER, "prod"))]),
        case_at("token.whitespace-removed", TOKEN_NOW, vec![text(format!("{}\n{}", &good[..70], &good[70..]))]),
        case_at("exec.api-version-deprecated", exec_now, vec![text(exec_credential.replace(V1BETA1, "client.authentication.k8s.io/v1alpha1"))]),
        case_at("exec.api-version", exec_now, vec![text(exec_credential.replace(V1BETA1, "client.authentication.k8s.io/v2"))]),
        case(
            "exec.no-token",
            vec![text(r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{},"status":{"expirationTimestamp":"2026-01-01T00:14:00Z"}}"#)],
        ),
        case_at("exec.expiry-mismatch", exec_now, vec![text(exec_credential.replace("T11:18:03Z", "T11:48:03Z"))]),
        case_at("exec.bad-expiration", exec_now, vec![text(exec_credential.replace("2026-11-28T11:18:03Z", "tomorrow"))]),
        // Certificates and other PEM blocks.
        case("cert.pem-truncated", vec![text(eks_pem.lines().take(10).map(|l| format!("{l}\n")).collect::<String>())]),
        case("cert.bad-base64", vec![text("-----BEGIN CERTIFICATE-----\nMIIB!!notbase64!!\n-----END CERTIFICATE-----\n")]),
        case("cert.not-certificate", vec![text("-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n")]),
        case("cert.no-certificate", vec![text(describe_cluster_with_ca(&b64(b"-----BEGIN nothing here\n")))]),
        case("cert.trailing-data", vec![file("ca.der", garbage_der)]),
        case("cert.expired", vec![text(expired.clone())]),
        case_at("cert.not-yet-valid", "2019-06-01T00:00:00Z", vec![text(expired.clone())]),
        case_at("cert.expires-soon", "2020-12-20T00:00:00Z", vec![text(expired.clone())]),
        case("cert.not-ca", vec![text(b64(first_pem(&chain).as_bytes()))]),
        case("cert.eks-cluster-ca", vec![text(fixture("cert/eks-ca.b64"))]),
        case("cert.chain", vec![text(chain.clone())]),
        case("cert.bundle", vec![text(fixture("cert/odd/ec-p256.pem") + &fixture("cert/odd/ec-p384.pem"))]),
        case("pem.private-key", vec![text("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n")]),
        case("pem.csr", vec![text("-----BEGIN CERTIFICATE REQUEST-----\nMIIBAAAA\n-----END CERTIFICATE REQUEST-----\n")]),
        case("pem.not-certificate", vec![text("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n-----END PUBLIC KEY-----\n")]),
        // Kubeconfig.
        case("kubeconfig.insecure-skip-tls-verify", vec![text(kubeconfig("    insecure-skip-tls-verify: true\n", &exec_user(V1BETA1, "aws", "eks, get-token, --cluster-name, prod"), CLUSTER, "prod"))]),
        case("kubeconfig.bad-ca-data", vec![text(kubeconfig("    certificate-authority-data: \"!!not base64!!\"\n", &exec_user(V1BETA1, "aws", "eks, get-token, --cluster-name, prod"), CLUSTER, "prod"))]),
        case("kubeconfig.exec-v1alpha1", vec![text(kubeconfig("", &exec_user("client.authentication.k8s.io/v1alpha1", "aws", "eks, get-token, --cluster-name, prod"), CLUSTER, "prod"))]),
        case("kubeconfig.missing-cluster", vec![text(kubeconfig("", &exec_user(V1BETA1, "aws", "eks, get-token"), "elsewhere", "prod"))]),
        case("kubeconfig.missing-user", vec![text(kubeconfig_exec("eks, get-token, --cluster-name, prod").replace("- name: u\n", "- name: someone-else\n"))]),
        case("kubeconfig.missing-current-context", vec![text(kubeconfig("", &exec_user(V1BETA1, "aws", "eks, get-token"), CLUSTER, "staging"))]),
        case("kubeconfig.cluster-name-mismatch", vec![text(kubeconfig_exec("eks, get-token, --cluster-name, staging"))]),
        case("kubeconfig.region-mismatch", vec![text(kubeconfig_exec("--region, eu-west-1, eks, get-token, --cluster-name, prod"))]),
        case("kubeconfig.assumes-role", vec![text(kubeconfig_exec("eks, get-token, --cluster-name, prod, --role-arn, arn:aws:iam::111122223333:role/deployer"))]),
        case("kubeconfig.profile", vec![text(kubeconfig_exec("eks, get-token, --cluster-name, prod") + "      env:\n      - name: AWS_PROFILE\n        value: ci\n")]),
        case("kubeconfig.legacy-command", vec![text(kubeconfig("", &exec_user(V1BETA1, "heptio-authenticator-aws", "token, -i, prod"), CLUSTER, "prod"))]),
        // Terraform.
        case("terraform.static-token", vec![text("data \"aws_eks_cluster_auth\" \"this\" {\n  name = \"prod\"\n}\n\nprovider \"kubernetes\" {\n  token = data.aws_eks_cluster_auth.this.token\n}\n")]),
        case("terraform.no-creator-admin", vec![text("module \"eks\" {\n  source  = \"terraform-aws-modules/eks/aws\"\n  version = \"~> 20.0\"\n}\n")]),
        case("terraform.manages-aws-auth", vec![text("module \"eks\" {\n  source  = \"terraform-aws-modules/eks/aws\"\n  version = \"19.21.0\"\n  manage_aws_auth_configmap = true\n}\n")]),
        // Cross-checks between a token and the cluster.
        case("access.partition-mismatch", vec![text(minted("cn-north-1-regional-session")["token"].as_str().unwrap()), text(CLUSTER)]),
        case("access.global-token-opt-in-region", vec![text(minted("us-east-1-global-session")["token"].as_str().unwrap()), text("arn:aws:eks:af-south-1:111122223333:cluster/prod")]),
        // Pasted error messages.
        case("error.unauthorized", vec![text("error: You must be logged in to the server (Unauthorized)")]),
        case("error.forbidden", vec![text("Error from server (Forbidden): pods is forbidden: User \"ci\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"")]),
        case("error.unknown-authority", vec![text("Unable to connect to the server: x509: certificate signed by unknown authority")]),
        case("error.exec-api-version", vec![text("error: exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\"")]),
        case("error.assume-role-denied", vec![text("An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::1:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::1:role/y")]),
        case("error.aws-no-credentials", vec![text(fixture("kubectl/exec-no-credentials.stderr.txt"))]),
        case("error.exec-failed", vec![text(fixture("kubectl/exec-sso-not-logged-in.stderr.txt"))]),
        case("error.certificate-name-mismatch", vec![text(fixture("kubectl/x509-hostname-mismatch.stderr.txt"))]),
        case("access.policy-scope", vec![
            text(fixture("kubectl/get-pods-forbidden.stderr.txt")),
            text(fixture("aws-cli/formats/list-associated-access-policies-ci-agent.json")),
        ]),
        case("whoami.authenticated", vec![text(fixture("kubectl/auth-whoami-aws-auth.stdout.txt"))]),
        case("whoami.no-groups", vec![text(fixture("kubectl/auth-whoami.stdout.txt"))]),
        case("kubeconfig.data-omitted", vec![text(fixture("kubectl/config-view.stdout.yaml"))]),
        case("error.aws-credentials-invalid", vec![text("An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.")]),
        case("error.aws-credentials-expired", vec![text("An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired")]),
        case("error.exec-not-found", vec![text("Unable to connect to the server: getting credentials: exec: executable aws not found")]),
        case("error.network", vec![text("Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout")]),
        // aws-auth.
        case("aws-auth.malformed-yaml", vec![text(aws_auth(META, "  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/a\n      username: a\n       groups: [g\n"))]),
        case("aws-auth.not-a-list", vec![text(aws_auth(META, "  mapRoles: |\n    rolearn: arn:aws:iam::1:role/a\n"))]),
        case("aws-auth.missing-arn", vec![text(roles_plus("- username: nobody\n  groups: [g]\n"))]),
        case("aws-auth.malformed-arn", vec![text(roles_plus("- rolearn: not-an-arn\n  username: x\n  groups: [g]\n"))]),
        case("aws-auth.role-path", vec![text(roles_plus("- rolearn: arn:aws:iam::1:role/a/b\n  username: x\n  groups: [g]\n"))]),
        case("aws-auth.sts-arn", vec![text(roles_plus("- rolearn: arn:aws:sts::1:assumed-role/x/s\n  username: x\n  groups: [g]\n"))]),
        case("aws-auth.role-in-mapusers", vec![text(aws_auth(META, "  mapUsers: |\n    - userarn: arn:aws:iam::1:role/x\n      username: x\n      groups: [g]\n"))]),
        case("aws-auth.user-in-maproles", vec![text(roles_plus("- rolearn: arn:aws:iam::1:user/x\n  username: x\n  groups: [g]\n"))]),
        case("aws-auth.duplicate", vec![text(roles_plus("- rolearn: arn:aws:iam::111122223333:role/admin\n  username: again\n  groups: [g]\n"))]),
        case("aws-auth.case-duplicate", vec![text(roles_plus("- rolearn: ARN:aws:iam::111122223333:role/ADMIN\n  username: again\n  groups: [g]\n"))]),
        case("aws-auth.unquoted-template", vec![text(roles_plus("- rolearn: arn:aws:iam::1:role/t\n  username: {{SessionName}}\n  groups: [g]\n"))]),
        case("aws-auth.unknown-template", vec![text(roles_plus("- rolearn: arn:aws:iam::1:role/t\n  username: \"{{SessionID}}\"\n  groups: [g]\n"))]),
        case("aws-auth.reserved-username", vec![text(roles_plus("- rolearn: arn:aws:iam::1:role/t\n  username: eks:admin\n  groups: [g]\n"))]),
        case("aws-auth.node-username", vec![text(roles_plus("- rolearn: arn:aws:iam::1:role/n\n  username: system:node:{{SessionName}}\n  groups: [system:masters]\n"))]),
        case("aws-auth.empty-username", vec![text(roles_plus("- rolearn: arn:aws:iam::1:role/t\n  groups: [g]\n"))]),
        case("aws-auth.unquoted-account", vec![text(aws_auth(META, "  mapAccounts: |\n    - 111122223333\n"))]),
        case("aws-auth.no-masters", vec![text(aws_auth(META, "  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:bootstrappers, system:nodes]\n"))]),
        case("aws-auth.no-node-role", vec![text(aws_auth(META, "  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/admin\n      username: admin\n      groups: [system:masters]\n"))]),
        case("aws-auth.wrong-name", vec![text(aws_auth("  name: aws-auth-backup\n  namespace: kube-system\n", "  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/admin\n      username: admin\n      groups: [system:masters]\n"))]),
        case("aws-auth.wrong-namespace", vec![text(aws_auth("  name: aws-auth\n  namespace: default\n", "  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/admin\n      username: admin\n      groups: [system:masters]\n"))]),
        // Identities and the verdict.
        case("identity.root", vec![text("arn:aws:iam::111122223333:root")]),
        case("identity.sso", vec![text("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com")]),
        case("identity.path-unknown", vec![text(CI)]),
        case("access.mapped", vec![text(caller(CI)), text(roles_plus("- rolearn: arn:aws:iam::111122223333:role/ci-agent\n  username: ci\n  groups: [deployers]\n"))]),
        case("access.not-mapped", vec![text(caller(CI)), text(roles_plus(""))]),
        case("access.case-differs", vec![text(caller(CI)), text(roles_plus("- rolearn: arn:aws:iam::111122223333:role/CI-Agent\n  username: ci\n  groups: [deployers]\n"))]),
        case("access.entry-shadows-aws-auth", vec![text(caller(CI)), text(entry("arn:aws:iam::111122223333:role/ci-agent", "\"deployers\"")), text(roles_plus("- rolearn: arn:aws:iam::111122223333:role/ci-agent\n  username: ci\n  groups: [deployers]\n"))]),
        case("access.no-permissions", vec![text(caller(CI)), text(entry("arn:aws:iam::111122223333:role/ci-agent", "")), text(policies(""))]),
        case("access.authenticated-only", vec![text(caller(CI)), text(roles_plus("- rolearn: arn:aws:iam::111122223333:role/ci-agent\n  username: ci\n  groups: []\n"))]),
        case("access.no-entries", vec![text(r#"{"accessEntries":[]}"#)]),
        case("access.no-policies", vec![text(policies(""))]),
        case("access.sts-principal", vec![text(entry(CI, "\"deployers\""))]),
        case("access.token-account-mismatch", vec![text(token_us_east_1), text(caller("arn:aws:sts::444455556666:assumed-role/x/s"))]),
        case("access.cross-account", vec![text(caller(CI)), text(describe_cluster("us-west-2", "444455556666"))]),
        // ARNs, key IDs, JWTs.
        case("arn.confusable-characters", vec![text("arn:aws:iam::111122223333:role/\u{0430}dmin")]),
        case("arn.malformed", vec![text("arn:aws:iam:111122223333")]),
        case("arn.not-identity", vec![text("arn:aws:iam::111122223333:group/admins")]),
        case("key.old-format", vec![text("AKIAIOSFODNN7EXAMPLE")]),
        case("key.invalid", vec![text("AKIA1111111111111111")]),
        case("key.long-term", vec![text("AKIA6RVFFB77RE7OLMKI")]),
        case("jwt.malformed", vec![text(jwt("{\"alg\":", "{}"))]),
        case("jwt.expired", vec![text(jwt(r#"{"alg":"RS256"}"#, r#"{"iss":"https://oidc.eks.us-west-2.amazonaws.com/id/ABC","exp":1700000000}"#))]),
        case("aws-auth.empty", vec![text(aws_auth(META, "  mapRoles: \"\"\n"))]),
        case("cluster.ca-mismatch", vec![text(fixture("aws-cli/kubeconfig-plain.yaml").replace("LS0tLS1CRUdJTi", "LS0tLS1CRUdJTI")), text(fixture("aws-cli/describe-cluster.json"))]),
        case("cluster.endpoint-mismatch", vec![text(fixture("aws-cli/kubeconfig-plain.yaml").replace("https://EXAMPLED", "https://OTHER")), text(fixture("aws-cli/describe-cluster.json"))]),
        case("credentials.key-token-mismatch", vec![text(fixture("aws-cli/assume-role.json").replace("\"SessionToken\"", "\"NoSessionToken\""))]),
        case_at("credentials.expired", "2026-11-28T14:00:00Z", vec![text(fixture("aws-cli/assume-role.json"))]),
        case_at("credentials.token-outlived", "2026-11-28T12:30:00Z", vec![text(fixture("aws-cli/assume-role.json")), text(fixture("aws-cli/get-token-from-assume-role.json"))]),
        case_at("assume.allowed", "2026-11-28T12:30:00Z", vec![text(fixture("aws-cli/get-role-irsa.json")), text(fixture("aws-cli/irsa-token.jwt"))]),
        case_at("assume.denied", "2026-11-28T12:30:00Z", vec![text(fixture("aws-cli/get-role-irsa.json").replace("apps:payments", "apps:orders")), text(fixture("aws-cli/irsa-token.jwt"))]),
        case("assume.no-statements", vec![text(r#"{"Role": {"Arn": "arn:aws:iam::1:role/r", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}}"#)]),
        case("error.web-identity-denied", vec![text(fixture("aws-cli/error-assume-role-with-web-identity.txt"))]),
        case("jwt.not-eks-token", vec![text(jwt(r#"{"alg":"RS256"}"#, r#"{"sub":"system:serviceaccount:default:x"}"#))]),
    ]
}

fn describe_cluster_with_ca(data: &str) -> String {
    format!(
        r#"{{"cluster":{{"name":"prod","arn":"{CLUSTER}","certificateAuthority":{{"data":"{data}"}}}}}}"#
    )
}

/// The emitted finding ids of one case.
fn emitted(case: &Case) -> BTreeSet<String> {
    let inputs: Vec<Input<'_>> = case
        .inputs
        .iter()
        .map(|i| match i.name {
            Some(name) => Input::file(name, &i.data),
            None => Input { name: None, data: &i.data, cut: false },
        })
        .collect();
    let report = eksplain::inspect(&inputs, at(&case.now));
    report.all_findings().map(|f| f.id.to_string()).collect()
}

#[test]
fn every_documented_id_has_a_case_and_every_case_emits_its_id() {
    let documented = all_ids();
    assert!(documented.len() >= 100, "{} ids in the catalogue", documented.len());
    let cases = cases();
    let covered: BTreeSet<&str> = cases.iter().map(|c| c.id).collect();

    let missing: Vec<&String> =
        documented.iter().filter(|id| !covered.contains(id.as_str())).collect();
    assert!(missing.is_empty(), "catalogue ids without a case: {missing:?}");
    let stale: Vec<&&str> = covered.iter().filter(|id| !documented.contains(**id)).collect();
    assert!(stale.is_empty(), "cases for ids that are not in the catalogue: {stale:?}");

    let mut failures = Vec::new();
    for case in &cases {
        let ids = emitted(case);
        if !ids.contains(case.id) {
            failures.push(format!("{}: not emitted; emitted {ids:?}", case.id));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Every case as one paste (its inputs joined as YAML documents), for the robustness seeds.
pub fn case_pastes() -> Vec<(&'static str, Vec<u8>)> {
    cases()
        .into_iter()
        .map(|c| {
            let parts: Vec<Vec<u8>> = c.inputs.into_iter().map(|i| i.data).collect();
            (c.id, parts.join(&b"\n---\n"[..]))
        })
        .collect()
}
