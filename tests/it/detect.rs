//! Detection: every kind eksplain accepts is named, alone and mixed in one paste.

use eksplain::report::Kind;

use crate::{fixture, inspect_text};

const NOW: &str = "2026-01-01T00:00:00Z";

fn kinds(text: &str) -> Vec<Kind> {
    // Verdicts are derived from several artefacts, not detected; tests/it/access.rs covers them.
    inspect_text(text, NOW)
        .artefacts
        .iter()
        .map(|a| a.kind)
        .filter(|k| *k != Kind::AccessVerdict)
        .collect()
}

fn token() -> String {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    doc["cases"][0]["token"].as_str().unwrap().to_string()
}

fn exec_credential() -> String {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    doc["cases"][0]["exec_credential"].as_str().unwrap().to_string()
}

const CALLER: &str = r#"{
    "UserId": "AROAR2TG44V6CEXAMPLE:ci-agent",
    "Account": "111122223333",
    "Arn": "arn:aws:sts::111122223333:assumed-role/ci-agent/ci-agent"
}"#;

const AWS_AUTH: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/laptop-admin
      username: laptop-admin
      groups:
        - system:masters
";

fn kubeconfig() -> String {
    format!(
        "apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {}
    server: https://ABC.gr7.us-west-2.eks.amazonaws.com
  name: arn:aws:eks:us-west-2:111122223333:cluster/demo
contexts:
- context:
    cluster: arn:aws:eks:us-west-2:111122223333:cluster/demo
    user: arn:aws:eks:us-west-2:111122223333:cluster/demo
  name: arn:aws:eks:us-west-2:111122223333:cluster/demo
current-context: arn:aws:eks:us-west-2:111122223333:cluster/demo
users:
- name: arn:aws:eks:us-west-2:111122223333:cluster/demo
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args: [--region, us-west-2, eks, get-token, --cluster-name, demo, --output, json]
      command: aws
",
        fixture("cert/eks-ca.b64").trim()
    )
}

#[test]
fn each_kind_alone() {
    let der_b64 = {
        use base64::Engine as _;
        let pem = fixture("cert/eks-ca.pem");
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
        base64::engine::general_purpose::STANDARD.encode(der)
    };
    let jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImFiYyJ9.eyJpc3MiOiJodHRwczovL29pZGMuZWtzLnVzLXdlc3QtMi5hbWF6b25hd3MuY29tL2lkL0FCQyIsInN1YiI6InN5c3RlbTpzZXJ2aWNlYWNjb3VudDpkZWZhdWx0OmFwcCIsImF1ZCI6WyJzdHMuYW1hem9uYXdzLmNvbSJdLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJl";
    let url = {
        let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
        doc["cases"][0]["url"].as_str().unwrap().to_string()
    };
    let cases: Vec<(&str, String, Vec<Kind>)> = vec![
        ("bare token", token(), vec![Kind::EksToken]),
        ("bearer header", format!("Authorization: Bearer {}", token()), vec![Kind::EksToken]),
        ("curl header", format!("curl -H \"Authorization: Bearer {}\" https://x", token()), vec![Kind::EksToken]),
        ("get-token output", exec_credential(), vec![Kind::ExecCredential, Kind::EksToken]),
        ("presigned URL", url, vec![Kind::StsPresignedUrl]),
        ("PEM certificate", fixture("cert/eks-ca.pem"), vec![Kind::PemCertificate]),
        ("certificate-authority-data", fixture("cert/eks-ca.b64"), vec![Kind::CertificateAuthorityData]),
        ("terraform CA output", format!("cluster_certificate_authority_data = \"{}\"", fixture("cert/eks-ca.b64").trim()), vec![Kind::CertificateAuthorityData]),
        ("base64 DER", der_b64, vec![Kind::DerCertificate]),
        ("kubeconfig", kubeconfig(), vec![Kind::Kubeconfig, Kind::CertificateAuthorityData]),
        ("aws-auth YAML", AWS_AUTH.to_string(), vec![Kind::AwsAuth]),
        ("aws-auth JSON", r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"aws-auth","namespace":"kube-system"},"data":{"mapRoles":"- rolearn: arn:aws:iam::111122223333:role/x\n  username: x\n  groups: [system:masters]\n"}}"#.to_string(), vec![Kind::AwsAuth]),
        ("mapRoles text", "- rolearn: arn:aws:iam::111122223333:role/x\n  username: x\n  groups:\n    - system:masters\n".to_string(), vec![Kind::AwsAuth]),
        ("caller identity", CALLER.to_string(), vec![Kind::CallerIdentity]),
        ("caller identity YAML", "Account: '111122223333'\nArn: arn:aws:iam::111122223333:user/jane\nUserId: AIDAEXAMPLEUSERID0001\n".to_string(), vec![Kind::CallerIdentity]),
        ("IAM role ARN", "arn:aws:iam::111122223333:role/team/ci-agent".to_string(), vec![Kind::Arn]),
        ("STS ARN", "arn:aws-cn:sts::111122223333:assumed-role/ci/session".to_string(), vec![Kind::Arn]),
        ("access key", "AKIA6RVFFB77RE7OLMKI".to_string(), vec![Kind::AccessKeyId]),
        ("JWT", jwt.to_string(), vec![Kind::Jwt]),
        ("describe-cluster", format!(r#"{{"cluster":{{"name":"demo","arn":"arn:aws:eks:us-west-2:111122223333:cluster/demo","endpoint":"https://x","certificateAuthority":{{"data":"{}"}},"accessConfig":{{"authenticationMode":"API_AND_CONFIG_MAP"}}}}}}"#, fixture("cert/eks-ca.b64").trim()), vec![Kind::DescribeCluster, Kind::CertificateAuthorityData]),
    ];
    for (name, text, expected) in cases {
        assert_eq!(kinds(&text), expected, "{name}");
    }
}

#[test]
fn several_in_one_paste() {
    let paste = format!(
        "{CALLER}\n---\n{AWS_AUTH}---\n{}\n\n{}\n\narn:aws:iam::111122223333:role/x AKIA6RVFFB77RE7OLMKI\n",
        token(),
        fixture("cert/eks-ca.pem")
    );
    assert_eq!(
        kinds(&paste),
        vec![
            Kind::CallerIdentity,
            Kind::AwsAuth,
            Kind::EksToken,
            Kind::PemCertificate,
            Kind::Arn,
            Kind::AccessKeyId
        ]
    );
}

#[test]
fn several_files_are_one_report() {
    let caller = CALLER.as_bytes();
    let auth = AWS_AUTH.as_bytes();
    let report = eksplain::inspect(
        &[
            eksplain::Input::file("caller.json", caller),
            eksplain::Input::file("aws-auth.yaml", auth),
        ],
        crate::at(NOW),
    );
    assert_eq!(report.artefacts.len(), 3);
    assert_eq!(report.artefacts[1].source.name.as_deref(), Some("aws-auth.yaml"));
    assert_eq!(report.artefacts[2].kind, Kind::AccessVerdict);
    assert_eq!(report.artefacts[1].source.input, 1);
}

#[test]
fn unrecognised_and_malformed_input_say_what_is_expected() {
    let report = inspect_text("hello there\n\nthis is not a token", NOW);
    assert!(report.artefacts.is_empty());
    let unrecognised: Vec<_> =
        report.findings.iter().filter(|f| f.id == "input.unrecognised").collect();
    assert_eq!(unrecognised.len(), 2);
    assert!(unrecognised[0].fix.as_deref().unwrap().contains("k8s-aws-v1."));

    let report =
        inspect_text("{\"kind\": \"ExecCredential\",\n  \"status\": {\"token\": \"k8s", NOW);
    let finding = report.findings.iter().find(|f| f.id == "input.malformed-json").unwrap();
    assert!(finding.message.contains("line 2"), "{}", finding.message);

    let report = inspect_text(
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  mapRoles: |\n  - bad: [unclosed\n",
        NOW,
    );
    assert!(
        report.all_findings().any(|f| f.id.contains("malformed-yaml")),
        "{:#?}",
        report.findings
    );

    let report = inspect_text("   \n", NOW);
    assert_eq!(report.findings[0].id, "input.empty");
}

#[test]
fn error_messages_are_explained() {
    let cases = [
        ("error: You must be logged in to the server (Unauthorized)", "error.unauthorized"),
        ("Error: Kubernetes cluster unreachable: the server has asked for the client to provide credentials", "error.unauthorized"),
        ("Error from server (Forbidden): pods is forbidden: User \"ci-agent:i-0abc\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"", "error.forbidden"),
        ("Unable to connect to the server: x509: certificate signed by unknown authority", "error.unknown-authority"),
        ("error: exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\"", "error.exec-api-version"),
        ("An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::1:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::1:role/y", "error.assume-role-denied"),
        ("An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired", "error.aws-credentials-expired"),
        ("Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout", "error.network"),
    ];
    for (text, id) in cases {
        let report = inspect_text(text, NOW);
        let art = crate::first(&report, Kind::ErrorMessage);
        assert_eq!(art.findings[0].id, id, "{text}");
        assert!(art.findings[0].fix.is_some());
    }
    let report = inspect_text(cases[2].0, NOW);
    assert_eq!(crate::first(&report, Kind::ErrorMessage).get("username"), Some("ci-agent:i-0abc"));
    // An error message with an ARN in it: both are found, no "unrecognised" warning.
    let report = inspect_text(cases[5].0, NOW);
    assert!(report.artefacts.iter().any(|a| a.kind == Kind::Arn));
    assert!(
        !report.findings.iter().any(|f| f.id == "input.unrecognised"),
        "{:#?}",
        report.findings
    );
}

#[test]
fn terraform_that_breaks_in_ci_is_explained() {
    let provider = r#"data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  token                  = data.aws_eks_cluster_auth.this.token
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "prod"
}
"#;
    let report = inspect_text(provider, NOW);
    let art = crate::first(&report, Kind::Terraform);
    let ids: Vec<&str> = art.findings.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, vec!["terraform.static-token", "terraform.no-creator-admin"]);
    assert!(art.findings[0].fix.as_deref().unwrap().contains("exec {"));
    assert!(
        !report.findings.iter().any(|f| f.id == "input.unrecognised"),
        "{:#?}",
        report.findings
    );
    // The generated exec provider and an explicit creator admin pass.
    let fixed = provider
        .replace("  token                  = data.aws_eks_cluster_auth.this.token\n", "  exec {\n    api_version = \"client.authentication.k8s.io/v1beta1\"\n    command     = \"aws\"\n    args        = [\"eks\", \"get-token\", \"--cluster-name\", module.eks.cluster_name]\n  }\n")
        .replace("data \"aws_eks_cluster_auth\" \"this\" {\n  name = module.eks.cluster_name\n}\n", "")
        .replace("  cluster_name = \"prod\"\n", "  cluster_name = \"prod\"\n  enable_cluster_creator_admin_permissions = true\n");
    let report = inspect_text(&fixed, NOW);
    assert!(crate::first(&report, Kind::Terraform).findings.is_empty(), "{:#?}", report);
}

#[test]
fn windows_line_endings_read_the_same() {
    for text in [
        format!(
            "{}\n---\n{}",
            fixture("story/caller-ci.json"),
            fixture("story/aws-auth-laptop.yaml")
        ),
        kubeconfig(),
        fixture("cert/odd/chain.pem"),
        exec_credential(),
    ] {
        let crlf = text.replace('\n', "\r\n");
        let unix = inspect_text(&text, NOW);
        let windows = inspect_text(&crlf, NOW);
        assert!(!unix.artefacts.is_empty(), "{text}");
        // The same artefacts, fields (values included) and findings; only the input size differs.
        let content = |r: &eksplain::Report| {
            serde_json::to_string_pretty(&(&r.artefacts, &r.findings, &r.cluster)).unwrap()
        };
        assert_eq!(content(&unix), content(&windows), "{text}");
    }
}

#[test]
fn an_error_message_line_is_not_called_skipped_text() {
    let report = inspect_text("error: You must be logged in to the server (Unauthorized)\n", NOW);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

/// Documents one after another with no `---` between them (`cat caller.json aws-auth.yaml`, two
/// terminal outputs copied together) are read as separate documents, with their own lines.
#[test]
fn concatenated_json_documents_are_split() {
    let caller = crate::fixture("story/caller-ci.json");
    let aws_auth = crate::fixture("story/aws-auth-laptop.yaml");
    let report = crate::inspect_text(&format!("{caller}{aws_auth}"), "2026-11-28T12:00:00Z");
    let kinds: Vec<&str> = report.artefacts.iter().map(|a| a.kind.as_str()).collect();
    assert!(kinds.contains(&"caller-identity") && kinds.contains(&"aws-auth"), "{kinds:?}");
    assert!(report.all_findings().any(|f| f.id == "access.not-mapped"));
    assert!(!report.all_findings().any(|f| f.id == "input.malformed-json"));
    let aws_auth_line = report.artefacts.iter().find(|a| a.kind.as_str() == "aws-auth").unwrap();
    assert_eq!(aws_auth_line.source.line, caller.lines().count() + 1);

    // Two JSON documents back to back; a broken one after a good one is still reported as broken.
    let report = crate::inspect_text(&format!("{caller}{caller}"), "2026-11-28T12:00:00Z");
    assert_eq!(report.artefacts.iter().filter(|a| a.kind.as_str() == "caller-identity").count(), 2);
    let report = crate::inspect_text(&format!("{caller}{{\"Arn\": "), "2026-11-28T12:00:00Z");
    assert!(report.all_findings().any(|f| f.id == "input.malformed-json"));
    assert_eq!(report.artefacts.iter().filter(|a| a.kind.as_str() == "caller-identity").count(), 1);
}
