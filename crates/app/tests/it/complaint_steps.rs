//! The complaint page's workflow step indicator (issue 14): an ordered list with the done steps
//! and `aria-current="step"` on the current one, following the complaint through its workflow
//! (a pause shows the step it resumes to), translated.

use crate::support::{self, TestApp};
use axum::http::StatusCode;
use carewell_domain::role::Role;
use serde_json::{Value, json};

fn indicator(body: &str) -> String {
    support::between(body, r#"<ol class="wf-steps" id="wf-steps">"#, "</ol>")
}

/// The step marked current, and the steps marked done.
fn state(body: &str) -> (String, Vec<String>) {
    let ol = indicator(body);
    assert!(ol.matches(r#"aria-current="step""#).count() <= 1);
    let mut current = String::new();
    let mut done = Vec::new();
    for li in ol.split("<li ").skip(1) {
        let name = support::between(li, r#"data-step=""#, "\"");
        if li.contains(r#"aria-current="step""#) {
            current = name.clone();
        }
        if li.contains(r#"data-state="done""#) {
            done.push(name);
        }
    }
    (current, done)
}

async fn step(app: &TestApp, id: &str, body: Value) {
    let (s, c) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/complaints/{id}/transitions"),
            Some(body),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
}

async fn step_indicator_follows_the_workflow(app: TestApp) {
    let (s, cu) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Steps Sten", "language": "et"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{cu}");
    let (s, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/complaints",
            Some(
                json!({"customer_id": cu["id"], "category": "billing", "severity": "high",
                "description": "Charged twice"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let id = c["id"].as_str().unwrap().to_string();
    let page = format!("/complaints/{id}");
    let at = |body: &str| state(body);

    let p = app.page(Role::Viewer, &page, "en").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(at(&p.body), ("acknowledge".into(), vec![]));
    assert!(indicator(&p.body).contains("Confirm demand"));
    let et = app.page(Role::Agent, &page, "et").await;
    assert!(indicator(&et.body).contains("Kinnita nõue"), "translated");

    step(&app, &id, json!({"action": "acknowledge"})).await;
    step(&app, &id, json!({"action": "listen"})).await;
    let p = app.page(Role::Agent, &page, "en").await;
    assert_eq!(at(&p.body), ("listen".into(), vec!["acknowledge".into()]));
    step(
        &app,
        &id,
        json!({"action": "confirm-demand", "demand": "Refund"}),
    )
    .await;
    step(
        &app,
        &id,
        json!({"action": "wait-on-customer", "note": "IBAN"}),
    )
    .await;
    let p = app.page(Role::Agent, &page, "en").await;
    let (cur, done) = at(&p.body);
    assert_eq!(cur, "resolve", "a pause shows the step it resumes to");
    assert_eq!(done, ["acknowledge", "listen", "confirm-demand"]);
    step(&app, &id, json!({"action": "customer-responded"})).await;
    step(&app, &id, json!({"action": "start-resolving"})).await;
    step(
        &app,
        &id,
        json!({"action": "resolve", "resolution": "Refunded", "root_cause": "billing"}),
    )
    .await;
    let p = app.page(Role::Agent, &page, "en").await;
    assert_eq!(at(&p.body).0, "follow-up");
    step(&app, &id, json!({"action": "follow-up"})).await;
    step(&app, &id, json!({"action": "close"})).await;
    let p = app.page(Role::Agent, &page, "zh-CN").await;
    let (cur, done) = at(&p.body);
    assert_eq!(cur, "", "closed: nothing left to do");
    assert_eq!(done.len(), 6);
    assert!(indicator(&p.body).contains("结案"));
}

engines!(TestApp: step_indicator_follows_the_workflow);
