//! Server-side render tests of the Yew components (native, no browser).

use std::rc::Rc;

use eksplain::ui::{App, ReportView, ReportViewProps};

/// The report view of `text` inspected at `now`, rendered server-side (shared by the SSR tests).
pub(crate) async fn render_report(text: &str, now: &str) -> String {
    let report = Rc::new(crate::inspect_text(text, now));
    yew::LocalServerRenderer::<ReportView>::with_props(ReportViewProps {
        report,
        certs: Default::default(),
        dispatch: Default::default(),
    })
    .render()
    .await
}

#[tokio::test]
async fn app_renders_the_paste_box() {
    let html = yew::LocalServerRenderer::<App>::new().render().await;
    assert!(html.contains("id=\"paste\""), "{html}");
    assert!(html.contains("Open files"));
    assert!(html.contains("Nothing you paste leaves this page"));
}

/// index.html holds the page shell as static HTML (the header, the paste box, the examples and
/// the footer), so the paste box is there before the wasm has loaded; `src/bin/eksplain-web.rs`
/// takes it over. It must be exactly the app's first render: this test keeps it so
/// (EKSPLAIN_UPDATE_SNAPSHOTS=1 rewrites it).
#[tokio::test]
async fn index_html_holds_the_apps_first_render() {
    let shell = yew::LocalServerRenderer::<App>::new().hydratable(false).render().await;
    assert!(shell.contains("<textarea id=\"paste\""), "{shell}");
    assert!(!shell.contains("<script"), "{shell}");
    crate::catalogue::generated_section("index.html", "shell", &shell);
}

#[tokio::test]
async fn token_card_shows_account_and_findings() {
    let doc: serde_json::Value =
        serde_json::from_str(&crate::fixture("token/minted.json")).unwrap();
    let case = &doc["cases"][1];
    let html = render_report(case["token"].as_str().unwrap(), "2099-01-01T00:00:00Z").await;
    assert!(html.contains("data-kind=\"eks-token\""), "{html}");
    assert!(html.contains(case["account"].as_str().unwrap()));
    assert!(html.contains("data-id=\"token.expired\""));
    assert!(html.contains("1 error(s)"));
    // The token itself is hidden until asked.
    assert!(!html.contains(case["token"].as_str().unwrap()));
}

#[tokio::test]
async fn decoded_text_is_escaped() {
    let html = render_report(
        r#"{"UserId":"AIDAX","Account":"1","Arn":"arn:aws:iam::1:user/<script>alert(1)</script>"}"#,
        "2026-01-01T00:00:00Z",
    )
    .await;
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn identity_cards_carry_snippets() {
    let caller = crate::fixture("story/caller-ci.json");
    let auth = crate::fixture("story/aws-auth-laptop.yaml");
    let html = render_report(&format!("{caller}\n---\n{auth}"), "2026-01-01T00:00:00Z").await;
    assert!(html.contains("- rolearn: arn:aws:iam::111122223333:role/ci-agent"), "{html}");
    assert!(html.contains("data-target=\"tf-access-entries\""));
    // The verdict answers the question, so its card comes first.
    let at = |kind: &str| html.find(&format!("data-kind=\"{kind}\"")).unwrap();
    assert!(at("access-verdict") < at("caller-identity"));
    // The fix is shown once, open, inside the not-mapped finding: the pasted ConfigMap merged
    // first. The caller identity's card has no second panel for the same identity (the other
    // panel is the aws-auth card's, for its own mappings).
    let finding = html.find("data-id=\"access.not-mapped\"").unwrap();
    let panel = html
        .find("<details open=\"open\" class=\"snippets\"><summary>The fix, ready to copy")
        .unwrap();
    assert!(finding < panel && panel < at("caller-identity"), "{html}");
    assert!(html.contains("data-variant=\"merged\""));
    assert!(!html.contains("Fix-it snippets for this identity"), "{html}");
    assert_eq!(html.matches("<details").count(), 2, "{html}");
    // Formats are tabs: one tab stop, the selected one.
    assert!(html.contains("role=\"tablist\" aria-label=\"Snippet format\""));
    assert!(html.contains("role=\"tab\" id=\"s"));
    assert!(html.contains("aria-selected=\"true\""));
}

#[tokio::test]
async fn aws_auth_cards_offer_snippets_per_mapping() {
    let auth = crate::fixture("story/aws-auth-fixed.yaml");
    let html = render_report(&auth, "2026-01-01T00:00:00Z").await;
    assert!(html.contains("Snippets for this mapping"), "{html}");
    assert!(
        html.contains("<option value=\"2\">arn:aws:iam::111122223333:role/ci-agent</option>"),
        "{html}"
    );
    // The first mapping is selected, its username and groups prefilled.
    assert!(html.contains("value=\"system:node:{{EC2PrivateDNSName}}\""), "{html}");
    assert!(html.contains("value=\"system:bootstrappers, system:nodes\""), "{html}");
}

#[tokio::test]
async fn hostile_markup_in_a_kubeconfig_and_aws_auth_is_escaped() {
    let kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: '<img src=x onerror=alert(1)>'\n  cluster:\n    server: 'javascript:alert(2)'\ncontexts:\n- name: '<svg onload=alert(3)>'\n  context: {cluster: '<img src=x onerror=alert(1)>', user: \"\u{202E}nimda\"}\ncurrent-context: '<svg onload=alert(3)>'\nusers:\n- name: \"\u{202E}nimda\"\n  user:\n    exec: {command: '<script>alert(4)</script>', args: [eks, get-token]}\n";
    let auth = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/\u{0430}dmin\n      username: '<img src=x onerror=alert(5)>'\n      groups: ['<script>alert(6)</script>']\n";
    let html = render_report(&format!("{kubeconfig}---\n{auth}"), "2026-01-01T00:00:00Z").await;
    for raw in ["<img", "<script>alert", "<svg", "href=\"javascript:", "onerror=alert(1)>"] {
        assert!(!html.contains(raw), "{raw} reached the HTML unescaped:\n{html}");
    }
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    assert!(html.contains("data-id=\"arn.confusable-characters\""), "{html}");
}

#[tokio::test]
async fn a_ca_bundle_is_one_table_and_its_findings_show_without_opening_a_row() {
    let bundle = crate::fixture("cert/ca-certificates.crt");
    let html = render_report(&bundle, "2026-11-28T11:10:00Z").await;
    let rows = html.matches("data-kind=\"pem-certificate\"").count();
    assert_eq!(rows, 142, "one row per certificate");
    assert_eq!(html.matches("<article").count(), 0, "no card is drawn until a row is opened");
    assert_eq!(html.matches("aria-expanded=\"false\"").count(), 142);
    assert!(html.contains("<h2>142 certificates</h2>"), "{html}");
    // Sorted by position in the paste to begin with; every header is a button.
    assert!(html.contains(
        "<th scope=\"col\" aria-sort=\"ascending\"><button type=\"button\">#</button></th>"
    ));
    assert_eq!(html.matches("<th scope=\"col\"").count(), 6);
    // The expired certificates say so in their row (the expiry and the finding), and the
    // report-level finding is where it was.
    let report = crate::inspect_text(&bundle, "2026-11-28T11:10:00Z");
    let expired = report
        .artefacts
        .iter()
        .filter(|a| a.findings.iter().any(|f| f.id.as_str() == "cert.expired"))
        .count();
    assert!(expired > 0);
    assert_eq!(html.matches("data-id=\"cert.expired\"").count(), 2 * expired, "{html}");
    assert_eq!(html.matches(">cert.expired</span>").count(), expired);
    assert_eq!(html.matches(">expired</span>").count(), expired);
    assert!(html.contains("data-id=\"cert.bundle\""));
    // The key and fingerprint come from the certificates' typed facts.
    let first = &report.artefacts[0];
    let short = &first.get("sha256_fingerprint").unwrap()[..14];
    assert!(html.contains(&format!(">{short}</code>")), "{short}");
    assert!(html.contains(&format!("<td>{}</td>", first.get("public_key").unwrap())));
    // A few certificates are still cards.
    let few: String = bundle.split_inclusive("-----END CERTIFICATE-----\n").take(8).collect();
    let html = render_report(&few, "2026-11-28T11:10:00Z").await;
    assert_eq!(html.matches("<article data-kind=\"pem-certificate\"").count(), 8, "{html}");
    assert!(!html.contains("cert-table"));
}
