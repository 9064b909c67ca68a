//! Text as the customer wrote it (issue 14 defect): a complaint's description keeps its line
//! breaks on the complaint page — it is rendered in a `pre` paragraph and the stylesheet
//! defines that class (it was used but undefined, so the breaks collapsed).

use crate::support::TestApp;
use axum::body::Body;
use axum::http::Request;
use carewell_domain::role::Role;
use serde_json::json;

engines!(TestApp: complaint_descriptions_keep_their_line_breaks);

async fn complaint_descriptions_keep_their_line_breaks(app: TestApp) {
    let (_, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari Tamm"})),
        )
        .await;
    let text = "Charged twice.\nOnce on 3 March,\nonce on 5 March.";
    let (s, cp) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/complaints",
            Some(json!({"customer_id": c["id"], "category": "billing", "severity": "high", "description": text})),
        )
        .await;
    assert!(s.is_success(), "{cp}");
    let page = app
        .page(
            Role::Agent,
            &format!("/complaints/{}", cp["id"].as_str().unwrap()),
            "en",
        )
        .await;
    assert!(
        page.body.contains(&format!("<p class=\"pre\">{text}</p>")),
        "{}",
        page.body
    );
    let css = app
        .fetch(
            Request::builder()
                .uri("/static/app.css")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let rule = css
        .body
        .lines()
        .find(|l| l.starts_with(".pre "))
        .unwrap_or_default();
    assert!(
        rule.contains("white-space: pre-wrap"),
        "no .pre rule in app.css"
    );
}
