//! Fix-it snippets: the mapping for one identity, written for aws-auth, Terraform, eksctl, the
//! AWS CLI and kubeconfig (`eks-auth.md` §6).
//!
//! Every target prints one usable document per variant: a YAML document that parses, HCL that
//! parses, or a script `bash -n` accepts; explanations are comments or notes beside it. The first
//! variant is the default (`eksplain gen TARGET --variant NAME` picks another). Nothing that
//! changes a cluster irreversibly (the authentication mode) is ever printed as a command: it is a
//! comment behind a command that prints the current mode.
//!
//! Generators are pure and deterministic: the same options give byte-identical text. The ARN rules
//! are the authenticator's: aws-auth and eksctl mappings take the role ARN without its path, access
//! entries take the full ARN, an assumed-role ARN becomes its role ARN, and policy ARNs follow the
//! principal's partition.

use serde::Serialize;

use crate::arn::{self, Principal};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The aws-auth mapRoles/mapUsers entry, a whole ConfigMap, or the user's ConfigMap merged.
    AwsAuth,
    /// terraform-aws-modules/eks v19 `aws_auth_roles` / `aws_auth_users`.
    TfAwsAuth,
    /// terraform-aws-modules/eks v20+ `access_entries`.
    TfAccessEntries,
    /// `aws_eks_access_entry` + `aws_eks_access_policy_association`.
    TfResources,
    /// `kubernetes_config_map_v1_data` for aws-auth.
    TfConfigMap,
    /// `eksctl create iamidentitymapping`, or a ClusterConfig (aws-auth or access entry).
    Eksctl,
    /// `aws eks create-access-entry` + `associate-access-policy`, after a mode check.
    AwsCli,
    /// `aws eks update-kubeconfig`, or a kubeconfig user with the `aws eks get-token` exec block.
    Kubeconfig,
    /// The Terraform kubernetes provider with an `exec` block.
    TfProvider,
    /// The by-hand check: CA to a file, curl with a token, kubectl auth whoami.
    CurlCheck,
}

/// Every target, in display order.
pub const TARGETS: &[Target] = &[
    Target::AwsAuth,
    Target::AwsCli,
    Target::Eksctl,
    Target::TfAccessEntries,
    Target::TfResources,
    Target::TfAwsAuth,
    Target::TfConfigMap,
    Target::Kubeconfig,
    Target::TfProvider,
    Target::CurlCheck,
];

/// The access policies offered (names under `arn:<partition>:eks::aws:cluster-access-policy/`).
pub const POLICIES: &[&str] = &[
    "AmazonEKSClusterAdminPolicy",
    "AmazonEKSAdminPolicy",
    "AmazonEKSEditPolicy",
    "AmazonEKSViewPolicy",
    "AmazonEKSAdminViewPolicy",
];

/// The variant of the aws-auth target that is the user's own ConfigMap with the fix merged in
/// (only when [`Options::aws_auth`] holds one).
pub const MERGED: &str = "merged";

impl Target {
    /// The CLI name.
    pub fn name(self) -> &'static str {
        match self {
            Target::AwsAuth => "aws-auth",
            Target::TfAwsAuth => "tf-aws-auth",
            Target::TfAccessEntries => "tf-access-entries",
            Target::TfResources => "tf-resources",
            Target::TfConfigMap => "tf-config-map",
            Target::Eksctl => "eksctl",
            Target::AwsCli => "aws-cli",
            Target::Kubeconfig => "kubeconfig",
            Target::TfProvider => "tf-provider",
            Target::CurlCheck => "curl-check",
        }
    }

    /// Parses a CLI name.
    pub fn from_name(name: &str) -> Option<Target> {
        TARGETS.iter().copied().find(|t| t.name() == name)
    }

    /// A human title.
    pub fn title(self) -> &'static str {
        match self {
            Target::AwsAuth => "aws-auth ConfigMap",
            Target::TfAwsAuth => "Terraform: terraform-aws-modules/eks v19 (aws-auth)",
            Target::TfAccessEntries => "Terraform: terraform-aws-modules/eks v20+ (access entries)",
            Target::TfResources => "Terraform: aws_eks_access_entry resources",
            Target::TfConfigMap => "Terraform: kubernetes_config_map_v1_data",
            Target::Eksctl => "eksctl",
            Target::AwsCli => "AWS CLI: access entry",
            Target::Kubeconfig => "kubeconfig",
            Target::TfProvider => "Terraform: kubernetes provider with exec",
            Target::CurlCheck => "Check by hand: curl and kubectl",
        }
    }

    /// The variants (`--variant` names), the default first. The aws-auth target also has
    /// [`MERGED`], first, when the user's ConfigMap is given.
    pub fn variants(self) -> &'static [&'static str] {
        match self {
            Target::AwsAuth => &["entry", "configmap"],
            Target::Eksctl => &["command", "config", "config-access-entry"],
            Target::Kubeconfig => &["command", "users-entry"],
            Target::AwsCli | Target::CurlCheck => &["script"],
            Target::TfAwsAuth | Target::TfAccessEntries => &["module"],
            Target::TfResources => &["resources"],
            Target::TfConfigMap | Target::TfProvider => &["resource"],
        }
    }
}

impl Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The user's choices.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// The principal: an IAM role, user or STS assumed-role ARN.
    pub principal: String,
    /// Kubernetes username; a default per principal type when empty.
    pub username: Option<String>,
    /// Kubernetes groups for aws-auth (default `system:masters`) and access entries.
    pub groups: Vec<String>,
    /// Access policy name (default `AmazonEKSClusterAdminPolicy`).
    pub policy: Option<String>,
    /// Namespaces for a namespace-scoped policy; empty means cluster scope.
    pub namespaces: Vec<String>,
    /// Cluster name.
    pub cluster: Option<String>,
    /// Cluster region.
    pub region: Option<String>,
    /// The user's aws-auth ConfigMap (`kubectl get -o yaml`), for the [`MERGED`] variant.
    pub aws_auth: Option<String>,
}

/// One command of a recipe (back up, apply, verify), to show with its own copy button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What it does.
    pub label: String,
    /// The command.
    pub command: String,
}

/// One variant of a snippet: a whole document (a file, a fragment or a script).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The `--variant` name.
    pub variant: &'static str,
    /// What it is and where it goes.
    pub label: String,
    /// `yaml`, `hcl` or `sh`.
    pub language: &'static str,
    /// The text.
    pub text: String,
    /// Things to know about this variant only.
    pub notes: Vec<String>,
    /// Commands to run around it, in order (the merged aws-auth: back up, apply, verify).
    pub steps: Vec<Step>,
}

/// A generated snippet: one [`Block`] per variant, the default first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The target.
    pub target: Target,
    /// Its variants.
    pub blocks: Vec<Block>,
    /// Things to know before applying any variant.
    pub notes: Vec<String>,
}

impl Snippet {
    /// The variant named `name`, or the default.
    pub fn variant(&self, name: Option<&str>) -> Result<&Block, String> {
        match name {
            None => self.blocks.first().ok_or_else(|| String::from("no variant")),
            Some(name) => self.blocks.iter().find(|b| b.variant == name).ok_or_else(|| {
                format!(
                    "{} has no variant {name:?}; it has {}",
                    self.target.name(),
                    self.blocks.iter().map(|b| b.variant).collect::<Vec<_>>().join(", ")
                )
            }),
        }
    }

    /// One variant as `eksplain gen` prints it: a header and the notes as `#` comments (valid in
    /// YAML, HCL and shell alike), then the document.
    pub fn document(&self, block: &Block) -> String {
        let mut out = format!("# {}: {}\n", self.target.title(), block.label);
        let others: Vec<&str> =
            self.blocks.iter().map(|b| b.variant).filter(|v| *v != block.variant).collect();
        if !others.is_empty() {
            out.push_str(&format!(
                "# (variant {}; others: {})\n",
                block.variant,
                others.join(", ")
            ));
        }
        for note in self.notes.iter().chain(block.notes.iter()) {
            out.push_str(&comment(note));
        }
        for (n, step) in block.steps.iter().enumerate() {
            out.push_str(&comment(&format!("{}. {}: {}", n + 1, step.label, step.command)));
        }
        out.push('\n');
        out.push_str(&block.text);
        out
    }
}

/// `text` as `#` comment lines of at most about 100 columns.
pub fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() > 1 && line.len() + word.len() > 98 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#  ");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// What a finding's fix is made of: the targets that apply it, in the order to try, and every
/// option already known. The page shows them as snippets with copy buttons, the CLI prints the
/// first, and `eksplain gen TARGET` prints any of them. Serialized as a finding's `generate`.
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
pub struct FixSpec {
    /// Targets that apply the fix, the recommended first.
    pub targets: Vec<Target>,
    /// The identity to map.
    pub principal: String,
    /// The cluster, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Its region, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// A username to keep (from an entry that almost matched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Groups to keep (from an entry that almost matched).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// The pasted aws-auth ConfigMap, for the merged variant (not serialized: it is the input).
    #[serde(skip)]
    pub aws_auth: Option<String>,
    /// Where that ConfigMap came from (a file name), for `--merge FILE`.
    #[serde(skip)]
    pub aws_auth_file: Option<String>,
}

impl FixSpec {
    /// The generator options it stands for.
    pub fn options(&self) -> Options {
        Options {
            principal: self.principal.clone(),
            username: self.username.clone(),
            groups: self.groups.clone(),
            cluster: self.cluster.clone(),
            region: self.region.clone(),
            aws_auth: self.aws_auth.clone(),
            ..Options::default()
        }
    }

    /// The `eksplain gen` command line that prints `target`'s default variant.
    pub fn command(&self, target: Target) -> String {
        let mut cmd = format!("eksplain gen {} --principal {}", target.name(), sh(&self.principal));
        if let Some(cluster) = &self.cluster {
            cmd.push_str(&format!(" --cluster {}", sh(cluster)));
        }
        if let Some(region) = &self.region {
            cmd.push_str(&format!(" --region {}", sh(region)));
        }
        if let Some(username) = &self.username {
            cmd.push_str(&format!(" --username {}", sh(username)));
        }
        for group in &self.groups {
            cmd.push_str(&format!(" --group {}", sh(group)));
        }
        if target == Target::AwsAuth && self.aws_auth.is_some() {
            let file = self.aws_auth_file.as_deref().unwrap_or("aws-auth.yaml");
            cmd.push_str(&format!(" --merge {}", sh(file)));
        }
        cmd
    }
}

/// The principal resolved into the forms each target needs.
pub(crate) struct Resolved {
    pub(crate) is_role: bool,
    pub(crate) name: String,
    /// For aws-auth and eksctl: roles without path.
    pub(crate) aws_auth_arn: String,
    /// For access entries and `--role-arn`: with the path (unknown for assumed roles).
    full_arn: String,
    path_note: Option<String>,
    pub(crate) username: String,
    pub(crate) groups: Vec<String>,
    /// Groups allowed in an access entry (no `system:` prefix).
    entry_groups: Vec<String>,
    policy_arn: String,
    namespaces: Vec<String>,
    pub(crate) cluster: String,
    pub(crate) region: Option<String>,
    /// Whether the user chose the username (access entries otherwise use EKS's default).
    custom_username: bool,
    /// The principal's account, and its session name when it is an assumed-role ARN: what the
    /// authenticator fills the username's templates with.
    pub(crate) account: String,
    pub(crate) session: Option<String>,
}

pub(crate) fn resolve(options: &Options) -> Result<Resolved, String> {
    let principal = options.principal.trim();
    let (parsed, identity) = match arn::parse(principal)
        .and_then(|a| arn::canonicalize(&a, principal).map(|i| (a, i)))
    {
        Ok(it) => it,
        Err(err) => {
            return Err(format!(
                "\"{principal}\" is not an IAM role, user or assumed-role ARN: {err}"
            ))
        }
    };
    let is_role = match identity.principal {
        Principal::Role | Principal::AssumedRole => true,
        Principal::User => false,
        Principal::Root | Principal::FederatedUser => {
            return Err(format!(
                "{principal} is {}; map an IAM role or user instead",
                identity.principal.as_str()
            ));
        }
    };
    let forms = arn::forms(&parsed, &identity);
    let default_username = if is_role {
        format!("{}:{{{{SessionName}}}}", identity.name)
    } else {
        identity.name.clone()
    };
    let custom_username = options.username.as_ref().is_some_and(|u| !u.trim().is_empty());
    let username =
        options.username.clone().filter(|u| !u.trim().is_empty()).unwrap_or(default_username);
    let groups: Vec<String> = if options.groups.is_empty() {
        vec![String::from("system:masters")]
    } else {
        options.groups.clone()
    };
    let entry_groups = groups.iter().filter(|g| !g.starts_with("system:")).cloned().collect();
    let policy = options
        .policy
        .clone()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| String::from("AmazonEKSClusterAdminPolicy"));
    let policy_arn = if policy.starts_with("arn:") {
        policy
    } else {
        format!("arn:{}:eks::aws:cluster-access-policy/{policy}", parsed.partition)
    };
    Ok(Resolved {
        is_role,
        name: identity.name.clone(),
        aws_auth_arn: forms.aws_auth,
        full_arn: forms.access_entry,
        path_note: forms.note,
        username,
        groups,
        entry_groups,
        policy_arn,
        namespaces: options.namespaces.clone(),
        cluster: options
            .cluster
            .clone()
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| String::from("<cluster-name>")),
        region: options.region.clone().filter(|r| !r.is_empty()),
        custom_username,
        account: parsed.account.clone(),
        session: identity.session.clone(),
    })
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
pub(crate) fn yq(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| String::from("\"\""))
}

/// A YAML scalar: plain when it reads back as the same string (ARNs as they are written),
/// else double-quoted. An ARN holding `: `, ` #`, quotes or a leading indicator would otherwise
/// change or break the document (found by fuzzing: `fuzz/regressions/generate/`).
fn yplain(text: &str) -> String {
    let safe = text.starts_with("arn:")
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
        && !text.ends_with(':');
    if safe {
        text.to_string()
    } else {
        yq(text)
    }
}

/// An HCL string literal: JSON escapes, and `${` / `%{` escaped as Terraform requires.
fn hq(text: &str) -> String {
    yq(text).replace("${", "$${").replace("%{", "%%{")
}

/// A shell word: bare when safe, else single-quoted.
pub(crate) fn sh(text: &str) -> String {
    if !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

fn hcl_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|i| hq(i)).collect::<Vec<_>>().join(", "))
}

/// Aligned `key = value` lines, as `terraform fmt` writes them.
fn hcl_attrs(indent: usize, attrs: &[(&str, String)]) -> String {
    let width = attrs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let pad = " ".repeat(indent);
    attrs.iter().map(|(k, v)| format!("{pad}{k:width$} = {v}\n")).collect()
}

/// A Terraform identifier from a name: `ci-agent` → `ci_agent`.
fn ident(name: &str) -> String {
    let mut res: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    if res.chars().next().is_none_or(|c| c.is_ascii_digit()) {
        res.insert(0, '_');
    }
    res
}

fn region_arg(r: &Resolved) -> String {
    r.region.as_ref().map_or_else(String::new, |region| format!(" --region {}", sh(region)))
}

fn scope_type(r: &Resolved) -> &'static str {
    if r.namespaces.is_empty() {
        "cluster"
    } else {
        "namespace"
    }
}

/// The mapping entry as aws-auth YAML, indented by `indent`; `compact` writes the groups' dashes
/// under `groups:` as kubectl prints them, otherwise indented.
pub(crate) fn aws_auth_entry(r: &Resolved, indent: usize, compact: bool) -> String {
    let pad = " ".repeat(indent);
    let key = if r.is_role { "rolearn" } else { "userarn" };
    let mut res = format!(
        "{pad}- {key}: {}\n{pad}  username: {}\n{pad}  groups:\n",
        yplain(&r.aws_auth_arn),
        yq(&r.username)
    );
    let dash = if compact { "  " } else { "    " };
    for group in &r.groups {
        res.push_str(&format!("{pad}{dash}- {}\n", yq(group)));
    }
    res
}

fn common_notes(r: &Resolved, target: Target) -> Vec<String> {
    let mut notes = Vec::new();
    let entry_target =
        matches!(target, Target::AwsCli | Target::TfAccessEntries | Target::TfResources);
    if let Some(note) = &r.path_note {
        if entry_target
            || matches!(target, Target::Kubeconfig | Target::TfProvider | Target::CurlCheck)
        {
            notes.push(note.clone());
        }
    }
    if entry_target && r.groups.iter().any(|g| g.starts_with("system:")) {
        notes.push(format!(
            "Access entries cannot use system: groups ({}); the access policy {} grants the permissions instead.",
            r.groups.iter().filter(|g| g.starts_with("system:")).cloned().collect::<Vec<_>>().join(", "),
            r.policy_arn.rsplit('/').next().unwrap_or_default()
        ));
    }
    let aws_auth_target = matches!(
        target,
        Target::AwsAuth | Target::TfAwsAuth | Target::TfConfigMap | Target::Eksctl
    );
    if r.groups.iter().any(|g| g == "system:masters") && aws_auth_target {
        notes.push(String::from("system:masters is full, unrestricted cluster admin and cannot be limited by RBAC; prefer a narrower group bound with a ClusterRoleBinding where you can."));
    }
    notes
}

/// Whether `principal` is an ARN snippets can be made for (an IAM role, user or assumed role).
pub fn check_principal(principal: &str) -> Result<(), String> {
    resolve(&Options { principal: principal.to_string(), ..Options::default() }).map(|_| ())
}

/// The Terraform kubernetes provider with an `exec` block minting a fresh token per call.
pub fn kubernetes_provider(region: Option<&str>, role_arn: Option<&str>) -> String {
    let mut args = vec![
        hq("eks"),
        hq("get-token"),
        hq("--cluster-name"),
        String::from("module.eks.cluster_name"),
    ];
    if let Some(region) = region {
        args.extend([hq("--region"), hq(region)]);
    }
    if let Some(role) = role_arn {
        args.extend([hq("--role-arn"), hq(role)]);
    }
    format!(
        "provider \"kubernetes\" {{\n  host                   = module.eks.cluster_endpoint\n  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)\n\n  exec {{\n    api_version = \"client.authentication.k8s.io/v1beta1\"\n    command     = \"aws\"\n    args        = [{}]\n  }}\n}}\n",
        args.join(", ")
    )
}

/// Generates every variant of one target.
pub fn generate(target: Target, options: &Options) -> Result<Snippet, String> {
    let r = resolve(options)?;
    let mut notes = common_notes(&r, target);
    let blocks = match target {
        Target::AwsAuth => aws_auth(&r, options, &mut notes),
        Target::TfAwsAuth => tf_aws_auth(&r, &mut notes),
        Target::TfAccessEntries => tf_access_entries(&r, &mut notes),
        Target::TfResources => tf_resources(&r, &mut notes),
        Target::TfConfigMap => tf_config_map(&r, &mut notes),
        Target::Eksctl => eksctl(&r, &mut notes),
        Target::AwsCli => aws_cli(&r, &mut notes),
        Target::Kubeconfig => kubeconfig(&r, &mut notes),
        Target::TfProvider => tf_provider(&r, &mut notes),
        Target::CurlCheck => curl_check(&r, &mut notes),
    };
    let mut blocks = blocks;
    if r.cluster.starts_with('<') {
        // Said on the variants that hold the placeholder (an aws-auth entry does not).
        for block in &mut blocks {
            let commands = block.steps.iter().map(|step| step.command.as_str());
            if std::iter::once(block.text.as_str()).chain(commands).any(|t| t.contains(&r.cluster))
            {
                block.notes.push(format!("Replace {} with the cluster's name (paste a kubeconfig or describe-cluster output to fill it in).", r.cluster));
            }
        }
    }
    Ok(Snippet { target, blocks, notes })
}

fn block(variant: &'static str, label: &str, language: &'static str, text: String) -> Block {
    Block {
        variant,
        label: label.to_string(),
        language,
        text,
        notes: Vec::new(),
        steps: Vec::new(),
    }
}

/// The `AwsAuth` target.
fn aws_auth(r: &Resolved, options: &Options, notes: &mut Vec<String>) -> Vec<Block> {
    let section = if r.is_role { "mapRoles" } else { "mapUsers" };
    let whole = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  {section}: |\n{}",
        aws_auth_entry(r, 4, false)
    );
    if r.is_role {
        notes.push(String::from(
            "rolearn has no path: the authenticator compares the path-less role ARN.",
        ));
    }
    let mut blocks = Vec::new();
    if let Some(configmap) = &options.aws_auth {
        match crate::merge::merge(configmap, r) {
            Ok(merged) => {
                let mut b =
                    block(MERGED, "Your aws-auth ConfigMap with the fix", "yaml", merged.text);
                b.notes = merged.notes;
                b.steps = merged.steps;
                blocks.push(b);
            }
            Err(why) => notes.push(format!("Your ConfigMap could not be merged: {why}")),
        }
    }
    let mut entry = block(
        "entry",
        &format!("Entry to add under data.{section}"),
        "yaml",
        aws_auth_entry(r, 0, false),
    );
    entry.notes.push(String::from("Edit, do not replace: back up with `kubectl -n kube-system get configmap aws-auth -o yaml > aws-auth.backup.yaml`, then add the entry in `kubectl -n kube-system edit configmap aws-auth`. Keep a session with admin access open until a new shell as this identity works."));
    let mut whole =
        block("configmap", "Whole ConfigMap (only for a cluster that has none yet)", "yaml", whole);
    whole.notes.push(String::from("Only for a cluster without an aws-auth ConfigMap: applied over an existing one, it drops the node-role mappings and can lock everyone out. To change an existing one, use --merge FILE (or paste it on the page)."));
    blocks.push(entry);
    blocks.push(whole);
    blocks
}

/// The `TfAwsAuth` target.
fn tf_aws_auth(r: &Resolved, notes: &mut Vec<String>) -> Vec<Block> {
    let (var, key) =
        if r.is_role { ("aws_auth_roles", "rolearn") } else { ("aws_auth_users", "userarn") };
    let entry = hcl_attrs(
        6,
        &[
            (key, hq(&r.aws_auth_arn)),
            ("username", hq(&r.username)),
            ("groups", hcl_list(&r.groups)),
        ],
    );
    let text = format!(
                "module \"eks\" {{\n  source  = \"terraform-aws-modules/eks/aws\"\n  version = \"~> 19.0\"\n\n  # ... your existing cluster arguments ...\n\n  manage_aws_auth_configmap = true\n\n  {var} = [\n    {{\n{entry}    }},\n  ]\n}}\n"
            );
    notes.push(String::from("v19 prepends the node group and Fargate roles itself. It needs a configured kubernetes provider (see tf-provider)."));
    vec![block("module", "In your module \"eks\" block (v19)", "hcl", text)]
}

/// The `TfAccessEntries` target.
fn tf_access_entries(r: &Resolved, notes: &mut Vec<String>) -> Vec<Block> {
    let mut entry = vec![("principal_arn", hq(&r.full_arn))];
    if !r.entry_groups.is_empty() {
        entry.push(("kubernetes_groups", hcl_list(&r.entry_groups)));
    }
    if r.custom_username {
        entry.push(("user_name", hq(&r.username)));
    }
    let scope = if r.namespaces.is_empty() {
        hcl_attrs(12, &[("type", hq("cluster"))])
    } else {
        hcl_attrs(12, &[("type", hq("namespace")), ("namespaces", hcl_list(&r.namespaces))])
    };
    let text = format!(
                "module \"eks\" {{\n  source  = \"terraform-aws-modules/eks/aws\"\n  version = \"~> 20.0\"\n\n  # ... your existing cluster arguments ...\n\n  # Admin for the identity that runs Terraform (the v20 default is false).\n  enable_cluster_creator_admin_permissions = true\n\n  access_entries = {{\n    {} = {{\n{}\n      policy_associations = {{\n        this = {{\n          policy_arn = {}\n          access_scope = {{\n{scope}          }}\n        }}\n      }}\n    }}\n  }}\n}}\n",
                ident(&r.name),
                hcl_attrs(6, &entry),
                hq(&r.policy_arn)
            );
    notes.push(String::from("The cluster's authentication_mode must be API_AND_CONFIG_MAP or API (the v20 default is API_AND_CONFIG_MAP; changing it is one-way). In v21 the module's cluster_name argument is renamed name."));
    vec![block("module", "In your module \"eks\" block (v20 and later)", "hcl", text)]
}

/// The `TfResources` target.
fn tf_resources(r: &Resolved, _notes: &mut Vec<String>) -> Vec<Block> {
    let id = ident(&r.name);
    let mut entry = vec![
        ("cluster_name", hq(&r.cluster)),
        ("principal_arn", hq(&r.full_arn)),
        ("type", hq("STANDARD")),
    ];
    if !r.entry_groups.is_empty() {
        entry.push(("kubernetes_groups", hcl_list(&r.entry_groups)));
    }
    if r.custom_username {
        entry.push(("user_name", hq(&r.username)));
    }
    let scope = if r.namespaces.is_empty() {
        hcl_attrs(4, &[("type", hq("cluster"))])
    } else {
        hcl_attrs(4, &[("type", hq("namespace")), ("namespaces", hcl_list(&r.namespaces))])
    };
    let text = format!(
                "resource \"aws_eks_access_entry\" \"{id}\" {{\n{}}}\n\nresource \"aws_eks_access_policy_association\" \"{id}\" {{\n{}\n  access_scope {{\n{scope}  }}\n\n  depends_on = [aws_eks_access_entry.{id}]\n}}\n",
                hcl_attrs(2, &entry),
                hcl_attrs(2, &[("cluster_name", hq(&r.cluster)), ("principal_arn", hq(&r.full_arn)), ("policy_arn", hq(&r.policy_arn))]),
            );
    vec![block("resources", "Terraform resources (hashicorp/aws provider)", "hcl", text)]
}

/// The `TfConfigMap` target.
fn tf_config_map(r: &Resolved, notes: &mut Vec<String>) -> Vec<Block> {
    let key = if r.is_role { "mapRoles" } else { "mapUsers" };
    let arn_key = if r.is_role { "rolearn" } else { "userarn" };
    let entry = hcl_attrs(
        8,
        &[
            (arn_key, hq(&r.aws_auth_arn)),
            ("username", hq(&r.username)),
            ("groups", hcl_list(&r.groups)),
        ],
    );
    let text = format!(
                "resource \"kubernetes_config_map_v1_data\" \"aws_auth\" {{\n  metadata {{\n    name      = \"aws-auth\"\n    namespace = \"kube-system\"\n  }}\n\n  data = {{\n    {key} = yamlencode([\n      # Keep every existing entry (node roles!) in this list: this resource owns the whole key.\n      {{\n{entry}      }},\n    ])\n  }}\n\n  force = true\n}}\n"
            );
    notes.push(format!("This resource replaces the whole {key} value: copy the existing entries (node group and Fargate roles) into the list first, or nodes stop joining."));
    vec![block("resource", "Terraform (hashicorp/kubernetes provider)", "hcl", text)]
}

/// A ClusterConfig header for eksctl's `-f` commands.
fn cluster_config(r: &Resolved, command: &str) -> String {
    let region = r.region.clone().unwrap_or_else(|| String::from("<region>"));
    format!(
        "# {command} -f cluster.yaml\napiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: {}\n  region: {}\n",
        yq(&r.cluster),
        yq(&region)
    )
}

/// The `Eksctl` target.
fn eksctl(r: &Resolved, _notes: &mut Vec<String>) -> Vec<Block> {
    let mut command = format!(
        "eksctl create iamidentitymapping --cluster {}{} \\\n  --arn {} \\\n  --username {}",
        sh(&r.cluster),
        region_arg(r),
        sh(&r.aws_auth_arn),
        sh(&r.username)
    );
    for group in &r.groups {
        command.push_str(&format!(" \\\n  --group {}", sh(group)));
    }
    command.push_str(" \\\n  --no-duplicate-arns\n");
    let mut mapping = cluster_config(r, "eksctl create iamidentitymapping");
    mapping.push_str(&format!(
        "iamIdentityMappings:\n  - arn: {}\n    username: {}\n    groups:\n",
        yplain(&r.aws_auth_arn),
        yq(&r.username)
    ));
    for group in &r.groups {
        mapping.push_str(&format!("      - {}\n", yq(group)));
    }
    mapping.push_str("    noDuplicateARNs: true\n");
    let mut access = cluster_config(r, "eksctl create accessentry");
    access.push_str(&format!("accessConfig:\n  # Access entries need authenticationMode API_AND_CONFIG_MAP or API. Changing it on an\n  # existing cluster is one-way (eksctl utils update-authentication-mode); check it first:\n  # aws eks describe-cluster --name {}{} --query cluster.accessConfig.authenticationMode\n  # authenticationMode: API_AND_CONFIG_MAP\n", sh(&r.cluster), region_arg(r)));
    access.push_str(&format!("  accessEntries:\n    - principalARN: {}\n", yplain(&r.full_arn)));
    if !r.entry_groups.is_empty() {
        access.push_str("      kubernetesGroups:\n");
        for group in &r.entry_groups {
            access.push_str(&format!("        - {}\n", yq(group)));
        }
    }
    access.push_str(&format!("      accessPolicies:\n        - policyARN: {}\n          accessScope:\n            type: {}\n", yplain(&r.policy_arn), scope_type(r)));
    if !r.namespaces.is_empty() {
        access.push_str("            namespaces:\n");
        for ns in &r.namespaces {
            access.push_str(&format!("              - {}\n", yq(ns)));
        }
    }
    vec![
        block("command", "Add to aws-auth with eksctl", "sh", command),
        block("config", "ClusterConfig file (aws-auth mapping)", "yaml", mapping),
        block("config-access-entry", "ClusterConfig file (access entry)", "yaml", access),
    ]
}

/// The command that prints the cluster's authentication mode, and the one-way switch to
/// `API_AND_CONFIG_MAP` as a comment only.
fn mode_check(r: &Resolved) -> String {
    format!(
        "# Access entries need the authentication mode API_AND_CONFIG_MAP or API. It is now:\naws eks describe-cluster --name {cluster}{reg} \\\n  --query cluster.accessConfig.authenticationMode --output text\n# If that printed CONFIG_MAP, this cluster ignores access entries: map the identity in\n# aws-auth instead (eksplain gen aws-auth), or switch the mode. Switching is ONE-WAY\n# (CONFIG_MAP -> API_AND_CONFIG_MAP -> API) and cannot be undone; run it yourself if you mean it:\n#   aws eks update-cluster-config --name {cluster}{reg} --access-config authenticationMode=API_AND_CONFIG_MAP\n",
        cluster = sh(&r.cluster),
        reg = region_arg(r)
    )
}

/// The `AwsCli` target.
fn aws_cli(r: &Resolved, _notes: &mut Vec<String>) -> Vec<Block> {
    let mut create = format!("aws eks create-access-entry --cluster-name {}{} \\\n  --principal-arn {} \\\n  --type STANDARD", sh(&r.cluster), region_arg(r), sh(&r.full_arn));
    if r.custom_username {
        create.push_str(&format!(" \\\n  --username {}", sh(&r.username)));
    }
    if !r.entry_groups.is_empty() {
        create.push_str(&format!(
            " \\\n  --kubernetes-groups {}",
            r.entry_groups.iter().map(|g| sh(g)).collect::<Vec<_>>().join(" ")
        ));
    }
    create.push('\n');
    let scope = if r.namespaces.is_empty() {
        String::from("type=cluster")
    } else {
        format!("type=namespace,namespaces={}", r.namespaces.join(","))
    };
    let associate = format!(
                "aws eks associate-access-policy --cluster-name {}{} \\\n  --principal-arn {} \\\n  --policy-arn {} \\\n  --access-scope {}\n",
                sh(&r.cluster),
                region_arg(r),
                sh(&r.full_arn),
                sh(&r.policy_arn),
                sh(&scope)
            );
    let text = format!(
        "{}\n# Create the access entry\n{create}\n# Grant an access policy\n{associate}",
        mode_check(r)
    );
    vec![block("script", "Create an access entry and grant it a policy", "sh", text)]
}

/// The `Kubeconfig` target.
fn kubeconfig(r: &Resolved, notes: &mut Vec<String>) -> Vec<Block> {
    let region = r.region.clone().unwrap_or_else(|| String::from("<region>"));
    let role = if r.is_role { format!(" --role-arn {}", sh(&r.full_arn)) } else { String::new() };
    let command = format!(
        "aws eks update-kubeconfig --name {} --region {}{role} --alias {}\n",
        sh(&r.cluster),
        sh(&region),
        sh(&format!("{}@{}", r.name, r.cluster))
    );
    let mut user = format!(
                "# Under users: in ~/.kube/config, with a context that names it\nusers:\n  - name: {}\n    user:\n      exec:\n        apiVersion: client.authentication.k8s.io/v1beta1\n        command: aws\n        args:\n          - --region\n          - {}\n          - eks\n          - get-token\n          - --cluster-name\n          - {}\n          - --output\n          - json\n",
                yq(&format!("{}@{}", r.name, r.cluster)),
                yq(&region),
                yq(&r.cluster)
            );
    if r.is_role {
        user.push_str(&format!("          - --role-arn\n          - {}\n", yq(&r.full_arn)));
    } else {
        notes.push(String::from("For an IAM user, set AWS_PROFILE (an exec `env:` entry) to the profile holding its keys."));
    }
    vec![
        block("command", "Let the AWS CLI write it", "sh", command),
        block("users-entry", "The users entry, by hand", "yaml", user),
    ]
}

/// The `TfProvider` target.
fn tf_provider(r: &Resolved, notes: &mut Vec<String>) -> Vec<Block> {
    let role = r.is_role.then_some(r.full_arn.as_str());
    let text = kubernetes_provider(r.region.as_deref(), role);
    notes.push(String::from("Replaces `token = data.aws_eks_cluster_auth.this.token`: that token is minted once per plan or apply and expires after 15 minutes. Do not mix exec with token or client certificates."));
    vec![block("resource", "Terraform kubernetes provider", "hcl", text)]
}

/// The `CurlCheck` target.
fn curl_check(r: &Resolved, notes: &mut Vec<String>) -> Vec<Block> {
    let role = if r.is_role { format!(" --role-arn {}", sh(&r.full_arn)) } else { String::new() };
    let reg = region_arg(r);
    let cluster = sh(&r.cluster);
    let text = format!(
                "# 1. The cluster CA, decoded to a file\naws eks describe-cluster --name {cluster}{reg} \\\n  --query cluster.certificateAuthority.data --output text | base64 -d > ca.crt\n\n# 2. The API endpoint\nENDPOINT=$(aws eks describe-cluster --name {cluster}{reg} --query cluster.endpoint --output text)\n\n# 3. A token minted as this identity\nTOKEN=$(aws eks get-token --cluster-name {cluster}{reg}{role} --query status.token --output text)\n\n# 4. Who does the cluster think you are? 201 = authenticated (see username and groups),\n#    401 = not mapped (Unauthorized), 403 = mapped but no RBAC permission.\ncurl --cacert ca.crt -X POST \"$ENDPOINT/apis/authentication.k8s.io/v1/selfsubjectreviews\" \\\n  -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n  -d '{{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}}'\n\n# The same with kubectl 1.28+ (uses the current kubeconfig user)\nkubectl auth whoami\n"
            );
    notes.push(String::from(
        "Paste the token from step 3 into eksplain too: it decodes and checks it offline.",
    ));
    vec![block("script", "Check by hand", "sh", text)]
}
