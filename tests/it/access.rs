//! Identities, aws-auth, access entries and the verdict: one line per rule.

use eksplain::report::{Kind, Report};

use crate::{first, fixture, inspect_text};

const NOW: &str = "2026-01-01T00:00:00Z";

fn caller(arn: &str) -> String {
    let account = arn.split(':').nth(4).unwrap();
    format!(r#"{{"UserId":"AROAEXAMPLEID:session","Account":"{account}","Arn":"{arn}"}}"#)
}

fn aws_auth(map_roles: &str, map_users: &str, accounts: &str) -> String {
    let indent = |s: &str| s.lines().map(|l| format!("    {l}\n")).collect::<String>();
    let mut doc = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n");
    if !map_roles.is_empty() {
        doc.push_str(&format!("  mapRoles: |\n{}", indent(map_roles)));
    }
    if !map_users.is_empty() {
        doc.push_str(&format!("  mapUsers: |\n{}", indent(map_users)));
    }
    if !accounts.is_empty() {
        doc.push_str(&format!("  mapAccounts: |\n{}", indent(accounts)));
    }
    doc
}

fn role(arn: &str, username: &str, groups: &str) -> String {
    format!("- rolearn: {arn}\n  username: {username}\n  groups: [{groups}]\n")
}

fn user(arn: &str, username: &str, groups: &str) -> String {
    format!("- userarn: {arn}\n  username: {username}\n  groups: [{groups}]\n")
}

fn verdict_of(report: &Report) -> (&str, String, String, String) {
    let art = first(report, Kind::AccessVerdict);
    let finding = art
        .findings
        .iter()
        .find(|f| f.id.starts_with("access.mapped") || f.id == "access.not-mapped")
        .unwrap();
    (
        finding.id.as_str(),
        art.get("username").unwrap_or_default().to_string(),
        art.get("groups").unwrap_or_default().to_string(),
        finding.message.clone(),
    )
}

/// Checks that `identity` against `mappings` is mapped with `username`/`groups`, or not mapped
/// with a message that contains `reason`.
fn check(identity: &str, mappings: &str, expected: Result<(&str, &str), &str>) {
    let paste = format!("{identity}\n---\n{mappings}");
    let report = inspect_text(&paste, NOW);
    let (id, username, groups, message) = verdict_of(&report);
    match expected {
        Ok((u, g)) => {
            assert_eq!(id, "access.mapped", "{message}");
            assert_eq!((username.as_str(), groups.as_str()), (u, g), "{message}");
        }
        Err(reason) => {
            assert_eq!(id, "access.not-mapped", "{message}");
            assert!(message.contains(reason), "expected {reason:?} in {message}");
        }
    }
}

const CI: &str = "arn:aws:sts::111122223333:assumed-role/ci-agent/build@42";
const CI_ROLE: &str = "arn:aws:iam::111122223333:role/ci-agent";

#[test]
fn aws_auth_mapping_rules() {
    let c = caller(CI);
    // Assumed-role → path-less role ARN; {{SessionName}} turns @ into -; {{SessionNameRaw}} does not.
    check(
        &c,
        &aws_auth(&role(CI_ROLE, "\"ci:{{SessionName}}\"", "system:masters"), "", ""),
        Ok(("ci:build-42", "system:masters")),
    );
    check(
        &c,
        &aws_auth(&role(CI_ROLE, "\"{{SessionNameRaw}}\"", "g"), "", ""),
        Ok(("build@42", "g")),
    );
    check(
        &c,
        &aws_auth(&role(CI_ROLE, "\"a-{{AccountID}}\"", "\"{{AccountID}}-g\""), "", ""),
        Ok(("a-111122223333", "111122223333-g")),
    );
    // Case-insensitive lookup.
    check(
        &c,
        &aws_auth(&role("ARN:AWS:IAM::111122223333:ROLE/CI-AGENT", "ci", "g"), "", ""),
        Ok(("ci", "g")),
    );
    // The last duplicate role wins.
    let dup = format!("{}{}", role(CI_ROLE, "first", "a"), role(CI_ROLE, "second", "b"));
    check(&c, &aws_auth(&dup, "", ""), Ok(("second", "b")));
    // Roles before users.
    check(
        &c,
        &aws_auth(&role(CI_ROLE, "as-role", "r"), &user(CI_ROLE, "as-user", "u"), ""),
        Ok(("as-role", "r")),
    );
    // mapAccounts: username is the canonical ARN, no groups.
    check(&c, &aws_auth("", "", "- \"111122223333\"\n"), Ok((CI_ROLE, "(none)")));
    // Users.
    let jane = "arn:aws:iam::111122223333:user/people/jane";
    check(&caller(jane), &aws_auth("", &user(jane, "jane", "devs"), ""), Ok(("jane", "devs")));
    // Near misses.
    check(
        &c,
        &aws_auth(&role("arn:aws:iam::111122223333:role/team/ci-agent", "ci", "g"), "", ""),
        Err("with a path"),
    );
    check(
        &c,
        &aws_auth(&role("arn:aws:iam::444455556666:role/ci-agent", "ci", "g"), "", ""),
        Err("another account"),
    );
    // A role under mapUsers still matches (types.go: both lists compare ARNs only); it is linted.
    check(&c, &aws_auth("", &user(CI_ROLE, "ci", "g"), ""), Ok(("ci", "g")));
    check(
        &c,
        &aws_auth("", &user("arn:aws:iam::111122223333:role/p/ci-agent", "ci", "g"), ""),
        Err("under mapUsers"),
    );
    check(&c, &aws_auth(&role(CI, "ci", "g"), "", ""), Err("STS session ARN"));
    check(
        &c,
        &aws_auth(&role("arn:aws:iam::111122223333:role/laptop", "l", "g"), "", ""),
        Err("none for this identity"),
    );
    check(&c, &aws_auth("", "", "- \"444455556666\"\n"), Err("aws-auth has 0 role"));
}

#[test]
fn sso_roles_and_partitions() {
    let sso = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com";
    let sso_role = "arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef";
    check(
        &caller(sso),
        &aws_auth(&role(sso_role, "\"sso:{{SessionName}}\"", "system:masters"), "", ""),
        Ok(("sso:jane-example.com", "system:masters")),
    );
    let with_path = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef";
    check(&caller(sso), &aws_auth(&role(with_path, "x", "g"), "", ""), Err("with a path"));
    let report = inspect_text(sso, NOW);
    let art = first(&report, Kind::Arn);
    assert_eq!(art.get("canonical_arn"), Some(sso_role));
    assert_eq!(art.get("aws_auth_arn"), Some(sso_role));
    assert_eq!(art.get("access_entry_arn"), Some("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef"));
    assert!(art.findings.iter().any(|f| f.id == "identity.sso"));
    let cn = "arn:aws-cn:sts::111122223333:assumed-role/ci/s";
    check(
        &caller(cn),
        &aws_auth(&role("arn:aws-cn:iam::111122223333:role/ci", "ci", "g"), "", ""),
        Ok(("ci", "g")),
    );
    check(
        &caller(cn),
        &aws_auth(&role("arn:aws:iam::111122223333:role/ci", "ci", "g"), "", ""),
        Err("another account or partition"),
    );
}

/// The authenticator's ARN cases: (ARN, canonical ARN or the error it reports).
#[test]
fn arn_canonicalization() {
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("arn:aws:iam::123456789012:user/Alice", Ok("arn:aws:iam::123456789012:user/Alice")),
        ("arn:aws:iam::123456789012:role/Alice", Ok("arn:aws:iam::123456789012:role/Alice")),
        (
            "arn:aws:iam::123456789012:role/path/to/Alice",
            Ok("arn:aws:iam::123456789012:role/path/to/Alice"),
        ),
        (
            "arn:aws:sts::123456789012:assumed-role/Alice/extra",
            Ok("arn:aws:iam::123456789012:role/Alice"),
        ),
        (
            "arn:aws:sts::123456789012:assumed-role/Alice/extra/more",
            Ok("arn:aws:iam::123456789012:role/Alice/extra"),
        ),
        (
            "arn:aws:sts::123456789012:federated-user/Bob",
            Ok("arn:aws:sts::123456789012:federated-user/Bob"),
        ),
        ("arn:aws:iam::123456789012:root", Ok("arn:aws:iam::123456789012:root")),
        (
            "arn:aws-us-gov:sts::123456789012:assumed-role/Alice/s",
            Ok("arn:aws-us-gov:iam::123456789012:role/Alice"),
        ),
        (
            "arn:aws-iso-b:iam::123456789012:role/Alice",
            Ok("arn:aws-iso-b:iam::123456789012:role/Alice"),
        ),
        ("arn:aws:sts::123456789012:assumed-role/Alice", Err("does not have a role")),
        (
            "arn:aws:iam::123456789012:group/Admins",
            Err("unrecognized resource group/Admins for service iam"),
        ),
        (
            "arn:aws:sts::123456789012:session/x",
            Err("unrecognized resource session/x for service sts"),
        ),
        ("arn:aws:s3:::bucket", Err("is not a valid service for identities")),
        ("arn:aws-xx:iam::123456789012:role/Alice", Err("does not have a recognized partition")),
        ("arn:aws:iam::123456789012", Err("arn: not enough sections")),
    ];
    for (text, expected) in cases {
        let report = inspect_text(text, NOW);
        let art = first(&report, Kind::Arn);
        match expected {
            Ok(canonical) => assert_eq!(art.get("canonical_arn"), Some(*canonical), "{text}"),
            Err(message) => {
                let found = art
                    .findings
                    .iter()
                    .find(|f| f.id == "arn.not-identity" || f.id == "arn.malformed")
                    .unwrap();
                assert!(
                    found.authenticator.as_deref().unwrap().contains(message),
                    "{text}: {:?}",
                    found.authenticator
                );
            }
        }
    }
    let report = eksplain::inspect(&[eksplain::Input::text(&caller(CI))], crate::at(NOW));
    let art = first(&report, Kind::CallerIdentity);
    assert_eq!(art.get("session_name"), Some("build@42"));
    assert_eq!(art.get("aws_auth_arn"), Some(CI_ROLE));
}

#[test]
fn aws_auth_lint() {
    let has = |doc: &str, id: &str| inspect_text(doc, NOW).all_findings().any(|f| f.id == id);
    let node = role(
        "arn:aws:iam::1:role/node",
        "\"system:node:{{EC2PrivateDNSName}}\"",
        "system:bootstrappers, system:nodes",
    );
    let admin = role("arn:aws:iam::1:role/admin", "admin", "system:masters");
    let base = format!("{node}{admin}");
    let clean = aws_auth(&base, "", "");
    for id in [
        "aws-auth.role-path",
        "aws-auth.no-masters",
        "aws-auth.no-node-role",
        "aws-auth.duplicate",
        "aws-auth.unquoted-template",
    ] {
        assert!(!has(&clean, id), "{id} on a clean aws-auth");
    }
    assert!(has(
        &aws_auth(&format!("{base}{}", role("arn:aws:iam::1:role/a/b", "x", "g")), "", ""),
        "aws-auth.role-path"
    ));
    assert!(has(
        &aws_auth(&format!("{base}{}", role("arn:aws:sts::1:assumed-role/x/s", "x", "g")), "", ""),
        "aws-auth.sts-arn"
    ));
    assert!(has(
        &aws_auth(&base, &user("arn:aws:iam::1:role/x", "x", "g"), ""),
        "aws-auth.role-in-mapusers"
    ));
    assert!(has(
        &aws_auth(&format!("{base}{}", role("arn:aws:iam::1:user/x", "x", "g")), "", ""),
        "aws-auth.user-in-maproles"
    ));
    assert!(has(&aws_auth(&format!("{base}{admin}"), "", ""), "aws-auth.duplicate"));
    assert!(has(
        &aws_auth(&format!("{base}{}", role("ARN:aws:iam::1:role/ADMIN", "x", "g")), "", ""),
        "aws-auth.case-duplicate"
    ));
    let unquoted = aws_auth(&format!("{base}- rolearn: arn:aws:iam::1:role/t\n  username: {{{{SessionName}}}}\n  groups: [g]\n"), "", "");
    assert!(has(&unquoted, "aws-auth.unquoted-template"));
    // One defect, said once: not also an unknown template.
    assert!(!has(&unquoted, "aws-auth.unknown-template"));
    assert!(has(
        &aws_auth(
            &format!("{base}{}", role("arn:aws:iam::1:role/t", "\"{{SessionID}}\"", "g")),
            "",
            ""
        ),
        "aws-auth.unknown-template"
    ));
    assert!(has(
        &aws_auth(&format!("{base}{}", role("arn:aws:iam::1:role/t", "eks:admin", "g")), "", ""),
        "aws-auth.reserved-username"
    ));
    assert!(has(
        &aws_auth(&format!("{base}- rolearn: arn:aws:iam::1:role/t\n  groups: [g]\n"), "", ""),
        "aws-auth.empty-username"
    ));
    assert!(has(
        &aws_auth(&format!("{base}- username: nobody\n  groups: [g]\n"), "", ""),
        "aws-auth.missing-arn"
    ));
    assert!(has(&aws_auth(&admin, "", ""), "aws-auth.no-node-role"));
    assert!(has(&aws_auth(&node, "", ""), "aws-auth.no-masters"));
    assert!(has(
        &aws_auth(
            &format!(
                "{}{}",
                role("arn:aws:iam::1:role/n", "\"system:node:{{SessionName}}\"", "system:masters"),
                base
            ),
            "",
            ""
        ),
        "aws-auth.node-username"
    ));
    // Malformed YAML inside mapRoles: a finding with the line, and nothing mapped.
    let broken =
        aws_auth("- rolearn: arn:aws:iam::1:role/a\n  username: a\n   groups: [g\n", "", "");
    let report = inspect_text(&broken, NOW);
    let finding = report.all_findings().find(|f| f.id == "aws-auth.malformed-yaml").unwrap();
    // Line 3 of mapRoles is line 10 of the paste: lines are the paste's.
    assert!(finding.message.contains("at line 10, column"), "{}", finding.message);
    // Malformed outer YAML and JSON give the line and column too.
    let report = inspect_text(
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  mapRoles: |\n  - x\n bad: [\n",
        NOW,
    );
    assert!(
        report.all_findings().any(|f| f.id == "input.malformed-yaml" && f.message.contains("line")),
        "{:#?}",
        report.findings
    );
    let report = inspect_text("{\"kind\":\"ConfigMap\",\n\"data\": {\"mapRoles\": }", NOW);
    let f = report.all_findings().find(|f| f.id == "input.malformed-json").unwrap();
    assert!(f.message.contains("line 2, column"), "{}", f.message);
}

#[test]
fn access_entries_and_authentication_modes() {
    let c = caller(CI);
    let describe = |mode: &str| {
        format!(
            r#"{{"cluster":{{"name":"prod","arn":"arn:aws:eks:us-west-2:111122223333:cluster/prod","accessConfig":{{"authenticationMode":"{mode}"}}}}}}"#
        )
    };
    let entry = r#"{"accessEntry":{"clusterName":"prod","principalArn":"arn:aws:iam::111122223333:role/build/ci-agent","kubernetesGroups":["deployers"],"type":"STANDARD","username":"ci:{{SessionName}}"}}"#;
    let policies = r#"{"clusterName":"prod","principalArn":"arn:aws:iam::111122223333:role/build/ci-agent","associatedAccessPolicies":[{"policyArn":"arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy","accessScope":{"type":"namespace","namespaces":["apps"]}}]}"#;
    let auth = aws_auth(&role(CI_ROLE, "from-aws-auth", "system:masters"), "", "");
    // An access entry (with the role's path) matches the path-less canonical ARN and wins over aws-auth.
    let report = inspect_text(
        &format!(
            "{c}\n---\n{entry}\n---\n{policies}\n---\n{auth}\n---\n{}",
            describe("API_AND_CONFIG_MAP")
        ),
        NOW,
    );
    let (id, username, groups, _) = verdict_of(&report);
    assert_eq!(
        (id, username.as_str(), groups.as_str()),
        ("access.mapped", "ci:build-42", "deployers")
    );
    let art = first(&report, Kind::AccessVerdict);
    assert_eq!(art.get("access_policies"), Some("AmazonEKSEditPolicy (namespaces apps)"));
    assert!(art.findings.iter().any(|f| f.id == "access.entry-shadows-aws-auth"));
    // API mode ignores aws-auth.
    let report = inspect_text(&format!("{c}\n---\n{auth}\n---\n{}", describe("API")), NOW);
    let (id, _, _, message) = verdict_of(&report);
    assert_eq!(id, "access.not-mapped");
    assert!(message.contains("authentication mode is API"), "{message}");
    let finding = &first(&report, Kind::AccessVerdict).findings[0];
    assert!(finding.fix.as_deref().unwrap().contains("API, reads only access entries"));
    let spec = finding.generate.as_deref().unwrap();
    assert_eq!(spec.targets[0], eksplain::generate::Target::AwsCli);
    assert_eq!(spec.cluster.as_deref(), Some("prod"));
    // CONFIG_MAP ignores access entries.
    let report = inspect_text(&format!("{c}\n---\n{entry}\n---\n{}", describe("CONFIG_MAP")), NOW);
    let (id, _, _, message) = verdict_of(&report);
    assert_eq!(id, "access.not-mapped");
    assert!(message.contains("CONFIG_MAP"), "{message}");
    // The default username of a role's access entry.
    let list = r#"{"accessEntries":["arn:aws:iam::111122223333:role/ci-agent"]}"#;
    let report = inspect_text(&format!("{c}\n---\n{list}"), NOW);
    let (id, username, _, _) = verdict_of(&report);
    assert_eq!(
        (id, username.as_str()),
        ("access.mapped", "arn:aws:sts::111122223333:assumed-role/ci-agent/build-42")
    );
}

#[test]
fn the_story_in_developers_md() {
    // A CI agent role and an aws-auth that maps only the laptop role: not mapped, with the fix.
    let story = |auth: &str| {
        eksplain::inspect(
            &[
                eksplain::Input::file("caller.json", fixture("story/caller-ci.json").as_bytes()),
                eksplain::Input::file("aws-auth.yaml", fixture(auth).as_bytes()),
            ],
            crate::at(NOW),
        )
    };
    let report = story("story/aws-auth-laptop.yaml");
    let art = first(&report, Kind::AccessVerdict);
    let finding = &art.findings[0];
    assert_eq!(finding.id, "access.not-mapped");
    assert!(finding.message.contains("arn:aws:iam::111122223333:role/ci-agent"));
    // The fix is a sentence; its snippets are data: aws-auth first (a ConfigMap was pasted,
    // which the merged variant edits), then an access entry.
    let fix = finding.fix.as_deref().unwrap();
    assert!(
        !fix.contains('\n') && fix.contains("arn:aws:iam::111122223333:role/ci-agent"),
        "{fix}"
    );
    let spec = finding.generate.as_deref().unwrap();
    let names: Vec<&str> = spec.targets.iter().map(|t| t.name()).collect();
    assert_eq!(names, ["aws-auth", "aws-cli", "tf-access-entries"]);
    assert_eq!(spec.aws_auth_file.as_deref(), Some("aws-auth.yaml"));
    let merged =
        eksplain::generate::generate(eksplain::generate::Target::AwsAuth, &spec.options()).unwrap();
    assert_eq!(merged.blocks[0].variant, "merged");
    assert!(merged.blocks[0]
        .text
        .contains("    - rolearn: arn:aws:iam::111122223333:role/ci-agent\n"));
    // With the agent role added: mapped, with its username and groups.
    let report = story("story/aws-auth-fixed.yaml");
    let art = first(&report, Kind::AccessVerdict);
    assert_eq!(art.findings[0].id, "access.mapped");
    assert_eq!(art.get("username"), Some("ci-agent:i-0a1b2c3d4e5f67890"));
    assert_eq!(art.get("groups"), Some("system:masters"));
}

#[test]
fn token_and_identity_cross_checks() {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    let token = doc["cases"][0]["token"].as_str().unwrap(); // account 111122223333
    let other = caller("arn:aws:sts::444455556666:assumed-role/x/s");
    let report = inspect_text(&format!("{token}\n\n{other}"), NOW);
    assert!(report.findings.iter().any(|f| f.id == "access.token-account-mismatch"));
    let same = caller("arn:aws:sts::111122223333:assumed-role/x/s");
    let report = inspect_text(&format!("{token}\n\n{same}"), NOW);
    assert!(!report.findings.iter().any(|f| f.id == "access.token-account-mismatch"));
}

#[test]
fn bare_lists_and_cluster_arns() {
    let jane = "arn:aws:iam::111122223333:user/jane";
    let report =
        inspect_text(&format!("{}\n---\n{}", caller(jane), user(jane, "jane", "devs")), NOW);
    let (id, username, _, _) = verdict_of(&report);
    assert_eq!((id, username.as_str()), ("access.mapped", "jane"));
    assert_eq!(first(&report, Kind::AwsAuth).get("n_users"), Some("1"));
    let report = inspect_text(
        "arn:aws:eks:eu-west-1:111122223333:cluster/prod\n\narn:aws:iam::111122223333:role/x",
        NOW,
    );
    let cluster = report.cluster.as_ref().unwrap();
    assert_eq!(
        (cluster.name.as_deref(), cluster.region.as_deref()),
        (Some("prod"), Some("eu-west-1"))
    );
}

#[test]
fn kubeconfig_exec_blocks_are_checked() {
    let kubeconfig = |args: &str| {
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: arn:aws:eks:us-west-2:111122223333:cluster/prod\n  cluster:\n    server: https://x.eks.amazonaws.com\ncontexts:\n- name: prod\n  context:\n    cluster: arn:aws:eks:us-west-2:111122223333:cluster/prod\n    user: u\ncurrent-context: prod\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [{args}]\n      env:\n      - name: AWS_PROFILE\n        value: ci\n"
        )
    };
    let ids = |text: &str| {
        inspect_text(text, NOW).all_findings().map(|f| f.id.to_string()).collect::<Vec<_>>()
    };
    let good = ids(&kubeconfig("--region, us-west-2, eks, get-token, --cluster-name, prod"));
    assert!(!good.iter().any(|i| i.contains("mismatch")), "{good:?}");
    assert!(good.contains(&String::from("kubeconfig.profile")));
    let wrong = ids(&kubeconfig("--region, eu-west-1, eks, get-token, --cluster-name, staging"));
    assert!(wrong.contains(&String::from("kubeconfig.cluster-name-mismatch")), "{wrong:?}");
    assert!(wrong.contains(&String::from("kubeconfig.region-mismatch")), "{wrong:?}");
    // The role kubectl assumes gets a verdict against a pasted aws-auth.
    let with_role = kubeconfig(
        "eks, get-token, --cluster-name, prod, --role-arn, arn:aws:iam::111122223333:role/deployer",
    );
    let auth = aws_auth(
        &role("arn:aws:iam::111122223333:role/deployer", "deployer", "system:masters"),
        "",
        "",
    );
    let report = inspect_text(&format!("{with_role}---\n{auth}"), NOW);
    let (id, username, _, _) = verdict_of(&report);
    assert_eq!((id, username.as_str()), ("access.mapped", "deployer"));
    assert!(report.all_findings().any(|f| f.id == "kubeconfig.assumes-role"));
}

#[test]
fn token_partition_and_opt_in_region_against_the_cluster() {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    let token = |name: &str| {
        doc["cases"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let cluster = |region: &str| format!("arn:aws:eks:{region}:111122223333:cluster/prod");
    let ids = |text: String| {
        inspect_text(&text, NOW).all_findings().map(|f| f.id.to_string()).collect::<Vec<_>>()
    };
    let cn = ids(format!("{}\n\n{}", token("cn-north-1-regional-session"), cluster("us-west-2")));
    assert!(cn.contains(&String::from("access.partition-mismatch")), "{cn:?}");
    let opt_in = ids(format!("{}\n\n{}", token("us-east-1-global-session"), cluster("af-south-1")));
    assert!(opt_in.contains(&String::from("access.global-token-opt-in-region")), "{opt_in:?}");
    let fine = ids(format!("{}\n\n{}", token("us-west-2-regional-session"), cluster("us-west-2")));
    assert!(!fine
        .iter()
        .any(|i| i == "access.partition-mismatch" || i == "access.global-token-opt-in-region"));
}

#[test]
fn unquoted_account_ids_are_linted() {
    let has = |doc: &str| {
        inspect_text(doc, NOW).all_findings().any(|f| f.id == "aws-auth.unquoted-account")
    };
    assert!(has(&aws_auth("", "", "- 111122223333\n")));
    assert!(!has(&aws_auth("", "", "- \"111122223333\"\n")));
}
