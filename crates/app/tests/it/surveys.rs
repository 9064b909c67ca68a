//! Surveys through the HTTP surface on SQLite and PostgreSQL: sending (managers only), the
//! one-time link answered once and refused after expiry, the recontact throttle with its reason
//! in the send log, the results maths (one 10 and one 3: NPS 0, n = 2, margin of error 70.7),
//! a detractor's call-back task and `survey.detractor` event, skipped recipients with their
//! reasons, hostile answers refused with nothing stored, and the pages.

use crate::support::{self, TestApp};
use axum::http::StatusCode;
use carewell_domain::role::Role;
use carewell_store::Actor;
use serde_json::{Value, json};

async fn customer(app: &TestApp, name: &str, extra: Value) -> String {
    let mut body = json!({ "name": name, "email": format!("{}@example.test", name.to_lowercase().replace(' ', ".")) });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    let (st, c) = app
        .api(Role::Admin, "POST", "/api/v1/customers", Some(body))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    c["id"].as_str().unwrap().to_string()
}

async fn send(app: &TestApp, kind: &str, ids: &[&str]) -> Value {
    let (st, r) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/surveys",
            Some(json!({ "kind": kind, "customer_ids": ids })),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    r
}

/// The token of the survey e-mail queued for `customer` (only the outbox keeps it until sent).
async fn token(app: &TestApp, survey: &str, customer: &str) -> String {
    let (link,): (Option<String>,) =
        sqlx::query_as("SELECT secret_link FROM outbox WHERE idempotency_key = $1")
            .bind(format!("survey:{survey}:{customer}"))
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    link.unwrap()
        .strip_prefix("/s/")
        .expect("the link's path is /s/{token}")
        .to_string()
}

async fn responses(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM survey_responses")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    n
}

async fn token_single_use_and_expiry(app: TestApp) {
    let a = customer(&app, "Mari Maasikas", json!({})).await;
    let b = customer(&app, "Jaan Tamm", json!({})).await;
    let r = send(&app, "nps", &[&a, &b]).await;
    assert_eq!(
        (r["sent"].as_i64(), r["throttled"].as_i64()),
        (Some(2), Some(0))
    );
    let id = r["id"].as_str().unwrap();
    let ta = token(&app, id, &a).await;
    // Only the hash is stored with the recipient.
    let (hash,): (String,) =
        sqlx::query_as("SELECT token_hash FROM survey_recipients WHERE customer_id = $1")
            .bind(&a)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(hash, carewell_store::links::token_hash(&ta));
    assert_ne!(hash, ta);
    let page = app.public_page(&format!("/s/{ta}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("name=\"score\" value=\"10\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("How likely are you to recommend us"));
    let ok = app
        .public_form(
            &format!("/s/{ta}"),
            &[("score", "10"), ("comment", "Great")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.body.contains("id=\"thanks\""));
    let again = app
        .public_form(&format!("/s/{ta}"), &[("score", "0")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("id=\"answered\""));
    let page = app.public_page(&format!("/s/{ta}")).await;
    assert!(page.body.contains("id=\"answered\""));
    assert_eq!(responses(&app).await, 1);
    // Expired: polite page, nothing stored.
    let tb = token(&app, id, &b).await;
    sqlx::query("UPDATE survey_recipients SET expires_at = '2000-01-01T00:00:00.000000Z' WHERE customer_id = $1")
        .bind(&b)
        .execute(app.store.pool())
        .await
        .unwrap();
    let page = app.public_page(&format!("/s/{tb}")).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(page.body.contains("id=\"expired\""));
    let late = app
        .public_form(&format!("/s/{tb}"), &[("score", "9")])
        .await;
    assert_eq!(late.status, StatusCode::GONE);
    assert_eq!(responses(&app).await, 1);
    // Unknown token: the customers' 404.
    let none = app.public_page(&format!("/s/{}", "0".repeat(64))).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
}

async fn results_maths_through_the_api(app: TestApp) {
    let a = customer(&app, "Ann Promoter", json!({"segment": "retail"})).await;
    let b = customer(&app, "Bob Detractor", json!({"segment": "retail"})).await;
    let r = send(&app, "nps", &[&a, &b]).await;
    let id = r["id"].as_str().unwrap().to_string();
    for (c, score) in [(&a, "10"), (&b, "3")] {
        let t = token(&app, &id, c).await;
        let res = app
            .public_form(&format!("/s/{t}"), &[("score", score)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let (st, res) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/surveys/{id}/results"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{res}");
    assert_eq!(res["kind"], "nps");
    assert_eq!(res["responses"], 2);
    assert_eq!(res["sent"], 2);
    assert_eq!(res["response_rate"].as_f64(), Some(100.0));
    assert_eq!(res["score"].as_f64(), Some(0.0));
    assert_eq!(res["promoters"], 1);
    assert_eq!(res["passives"], 0);
    assert_eq!(res["detractors"], 1);
    // 100·√((p + d − (p − d)²)/n) with p = d = 0.5, n = 2.
    assert_eq!(res["margin_of_error"].as_f64(), Some(70.7));
    assert_eq!(res["by_month"].as_array().unwrap().len(), 1);
    assert_eq!(res["by_segment"][0]["segment"], "retail");
    assert_eq!(res["distribution"].as_array().unwrap().len(), 11);
    // The page shows the same, with the chart and its table, and the CSV has both answers.
    let page = app.page(Role::Agent, &format!("/surveys/{id}"), "en").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"score\" class=\"strong\">0.0<"),
        "{}",
        page.body
    );
    assert!(page.body.contains("role=\"img\""));
    assert!(page.body.contains("±70.7"));
    let csv = app
        .page(Role::Agent, &format!("/surveys/{id}/responses.csv"), "en")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.content_type.starts_with("text/csv"));
    assert_eq!(csv.body.lines().count(), 3, "{}", csv.body);
}

async fn throttle_within_the_recontact_period(app: TestApp) {
    let a = customer(&app, "Kati Karu", json!({})).await;
    let first = send(&app, "csat", &[&a]).await;
    assert_eq!(first["sent"], 1);
    let second = send(&app, "nps", &[&a]).await;
    assert_eq!(second["sent"], 0);
    assert_eq!(second["throttled"], 1);
    let id = second["id"].as_str().unwrap();
    let (st, s) = app
        .api(Role::Agent, "GET", &format!("/api/v1/surveys/{id}"), None)
        .await;
    assert_eq!(st, StatusCode::OK);
    let r = &s["recipients"][0];
    assert_eq!(r["status"], "throttled");
    assert_eq!(r["reason"], "throttled");
    assert!(r["last_surveyed_at"].as_str().is_some(), "{s}");
    // Not queued: one survey e-mail in all.
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM outbox WHERE customer_id = $1 AND event = 'survey.invitation'",
    )
    .bind(&a)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(n, 1);
    let page = app
        .page(Role::Manager, &format!("/surveys/{id}"), "en")
        .await;
    assert!(page.body.contains("Surveyed too recently"), "{}", page.body);
    // A shorter throttle lets the next survey through.
    let (st, _) = app
        .api(
            Role::Manager,
            "PUT",
            "/api/v1/surveys/settings",
            Some(json!({"recontact_days": 400, "relationship_nps": true})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn detractor_call_back_task_and_event(app: TestApp) {
    let agent = app.creds(Role::Agent).user_id.clone();
    let a = customer(&app, "Olev Owned", json!({"owner_id": agent})).await;
    let b = customer(&app, "Una Unowned", json!({})).await;
    app.store
        .create_webhook_endpoint(
            &Actor::cli(),
            "https://hooks.example.test/carewell",
            "whsec_test_secret_that_is_long_enough",
            &["survey.detractor".to_string()],
            "test",
        )
        .await
        .unwrap();
    let r = send(&app, "nps", &[&a, &b]).await;
    let id = r["id"].as_str().unwrap().to_string();
    for c in [&a, &b] {
        let t = token(&app, &id, c).await;
        let res = app.public_form(&format!("/s/{t}"), &[("score", "3")]).await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let tasks = app.store.tasks_for_source("survey", &id).await.unwrap();
    assert_eq!(tasks.len(), 2);
    let owned = tasks
        .iter()
        .find(|t| t.customer_id.as_deref() == Some(&a))
        .unwrap();
    assert_eq!(owned.kind, "survey-callback");
    assert_eq!(owned.owner_id.as_deref(), Some(agent.as_str()));
    let due = carewell_domain::time::parse_ts("due", &owned.due_at).unwrap();
    use chrono::Datelike;
    assert!(!matches!(
        due.weekday(),
        chrono::Weekday::Sat | chrono::Weekday::Sun
    ));
    assert!(due > chrono::Utc::now());
    let queue = tasks
        .iter()
        .find(|t| t.customer_id.as_deref() == Some(&b))
        .unwrap();
    assert_eq!(queue.owner_id, None, "unowned: the managers' queue");
    // The owner sees it in their list, in words.
    let list = app.page(Role::Agent, "/tasks", "en").await;
    assert!(list.body.contains("Survey call-back"), "{}", list.body);
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM outbox WHERE event = 'survey.detractor' AND channel = 'webhook'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(n, 2);
}

async fn roles_and_skipped_recipients(app: TestApp) {
    let a = customer(&app, "No Mail", json!({"email": null})).await;
    let b = customer(&app, "No Consent", json!({"consent": {"email": false}})).await;
    for role in [Role::Agent, Role::Viewer, Role::Compliance] {
        let (st, _) = app
            .api(
                role,
                "POST",
                "/api/v1/surveys",
                Some(json!({"kind": "nps", "customer_ids": [a]})),
            )
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{role:?}");
    }
    let (st, _) = app.api(Role::Viewer, "GET", "/api/v1/surveys", None).await;
    assert_eq!(st, StatusCode::OK);
    let r = send(&app, "ces", &[&a, &b]).await;
    assert_eq!(
        (r["sent"].as_i64(), r["skipped"].as_i64()),
        (Some(0), Some(2))
    );
    let id = r["id"].as_str().unwrap();
    let (_, s) = app
        .api(Role::Manager, "GET", &format!("/api/v1/surveys/{id}"), None)
        .await;
    let mut reasons: Vec<&str> = s["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    reasons.sort_unstable();
    assert_eq!(reasons, ["no-consent", "no-email"]);
    // Bad input names the field.
    for (body, field) in [
        (json!({"kind": "stars", "customer_ids": [a]}), "kind"),
        (json!({"kind": "nps"}), "customer_ids"),
        (
            json!({"kind": "nps", "customer_ids": ["nobody"]}),
            "customer_ids",
        ),
        (
            json!({"kind": "nps", "customer_ids": [a], "expires_days": 0}),
            "expires_days",
        ),
    ] {
        let (st, p) = app
            .api(Role::Manager, "POST", "/api/v1/surveys", Some(body))
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
        assert!(p.to_string().contains(field), "{p}");
    }
    // Pages: everyone reads; only managers get the send form; an agent's post is refused.
    let list = app.page(Role::Agent, "/surveys", "et").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Küsitlused"));
    assert!(!list.body.contains("id=\"send-form\""));
    let m = app.page(Role::Manager, "/surveys", "zh-CN").await;
    assert!(m.body.contains("id=\"send-form\"") && m.body.contains("调查"));
    let refused = app
        .form(
            Role::Agent,
            "/surveys",
            &[("kind", "nps"), ("customer_ids", &a)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = app
        .form(
            Role::Manager,
            "/surveys",
            &[("kind", "nps"), ("customer_ids", "")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"e-customer_ids\""), "{}", bad.body);
    let made = app
        .form(
            Role::Manager,
            "/surveys",
            &[("kind", "csat"), ("customer_ids", &b)],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
}

async fn hostile_public_input(app: TestApp) {
    let a = customer(&app, "Hostile Input", json!({})).await;
    let r = send(&app, "csat", &[&a]).await;
    let id = r["id"].as_str().unwrap().to_string();
    let long = "x".repeat(3000);
    let huge = "y".repeat(20_000);
    for fields in [
        vec![("score", "6")],
        vec![("score", "0")],
        vec![("score", "-1")],
        vec![("score", "abc")],
        vec![("score", "")],
        vec![("score", "99999999999999999999999")],
        vec![("score", "4"), ("comment", long.as_str())],
        vec![("score", "4"), ("comment", "bell\u{7}")],
        vec![("score", "4"), ("comment", huge.as_str())],
    ] {
        // A fresh link each time: posts per link are rate-limited.
        let t = app.store.survey_link(&Actor::cli(), &id, &a).await.unwrap();
        let res = app.public_form(&t, &fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        // The page says why (control characters are refused earlier, at the edge).
        if !fields.iter().any(|(_, v)| v.contains('\u{7}')) {
            assert!(res.body.contains("role=\"alert\""), "{fields:?}");
        }
        assert_eq!(responses(&app).await, 0, "{fields:?}");
    }
    let t = app.store.survey_link(&Actor::cli(), &id, &a).await.unwrap();
    let ok = app.public_form(&t, &[("score", "5")]).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(responses(&app).await, 1);
    let _ = support::between(&ok.body, "id=\"thanks\"", ">");
}

/// A survey sent to a saved segment reaches its members; an unknown segment is a 422 on
/// `segment_id` and sends nothing.
async fn sent_to_a_segment(app: TestApp) {
    customer(&app, "Seg One", json!({"segment": "wholesale"})).await;
    customer(&app, "Seg Two", json!({"segment": "wholesale"})).await;
    customer(&app, "Not Member", json!({"segment": "retail"})).await;
    let (st, seg) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/segments",
            Some(json!({"name": "Wholesale", "filter": {"segment": "wholesale"}})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{seg}");
    assert_eq!(seg["count"], 2);
    let (st, r) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/surveys",
            Some(json!({"kind": "nps", "segment_id": seg["id"]})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    assert_eq!(r["sent"], 2, "{r}");
    let (st, p) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/surveys",
            Some(json!({"kind": "nps", "segment_id": "no-such-segment"})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "segment_id", "{p}");
}

/// Surveys "N days into a stage": the rules through the API (agents read, managers change,
/// 422 naming the rule) and the form on /surveys (errors on the row, blank days remove), and
/// the daily survey job sending to a customer who crossed the mark today.
async fn stage_triggers(app: TestApp) {
    let rule = json!({ "stage_triggers": [{ "stage": "onboarding", "days": 30, "kind": "nps" }] });
    let (st, _) = app
        .api(
            Role::Agent,
            "PUT",
            "/api/v1/surveys/stage-triggers",
            Some(rule.clone()),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let bad = json!({ "stage_triggers": [
        { "stage": "onboarding", "days": 30, "kind": "nps" },
        { "stage": "onboarding", "days": 30, "kind": "nps" }] });
    let (st, p) = app
        .api(
            Role::Manager,
            "PUT",
            "/api/v1/surveys/stage-triggers",
            Some(bad),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "stage_triggers.1.days");
    let (st, out) = app
        .api(
            Role::Manager,
            "PUT",
            "/api/v1/surveys/stage-triggers",
            Some(rule.clone()),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{out}");
    let (_, read) = app
        .api(Role::Agent, "GET", "/api/v1/surveys/stage-triggers", None)
        .await;
    assert_eq!(read, rule);

    // The page: agents read the rule in words; managers get the rows and a blank one.
    let r = app.page(Role::Agent, "/surveys", "et").await;
    assert!(
        r.body.contains("NPS 30 päeva pärast etappi „Liitumisel“"),
        "{}",
        r.body
    );
    let r = app.page(Role::Manager, "/surveys", "en").await;
    assert!(
        r.body.contains("name=\"stage_triggers.1.days\""),
        "a blank row"
    );
    let mut fields = vec![
        ("stage_triggers.0.stage", "onboarding"),
        ("stage_triggers.0.days", "30"),
        ("stage_triggers.0.kind", "nps"),
        ("stage_triggers.1.stage", "at-risk"),
        ("stage_triggers.1.days", "0"),
        ("stage_triggers.1.kind", "csat"),
    ];
    let r = app
        .form(Role::Manager, "/surveys/stage-triggers", &fields)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-stage_triggers.1\""), "{}", r.body);
    let r = app
        .form(Role::Agent, "/surveys/stage-triggers", &fields)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    fields[4] = ("stage_triggers.1.days", "7");
    let r = app
        .form(Role::Manager, "/surveys/stage-triggers", &fields)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.store.survey_stage_triggers().await.unwrap().len(), 2);
    fields[4] = ("stage_triggers.1.days", "");
    let r = app
        .form(Role::Manager, "/surveys/stage-triggers", &fields)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.store.survey_stage_triggers().await.unwrap().len(), 1);

    // The daily survey job: a customer who entered onboarding 30 days ago today is asked.
    let id = customer(&app, "Olga Onboard", json!({ "stage": "onboarding" })).await;
    let since = format!(
        "{}T08:00:00.000000Z",
        chrono::Utc::now().date_naive() - chrono::Duration::days(30)
    );
    sqlx::query("UPDATE customers SET stage_since = $1 WHERE id = $2")
        .bind(&since)
        .bind(&id)
        .execute(app.store.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE survey_stage_triggers SET created_at = $1")
        .bind(&since)
        .execute(app.store.pool())
        .await
        .unwrap();
    let runner = carewell::app::jobs::runner(
        app.store.clone(),
        std::sync::Arc::new(carewell::kernel::config::Config::default()),
        carewell::app::jobs::standard_registry(),
    )
    .unwrap();
    // The periodic jobs (the daily survey run among them), a batch at a time.
    for _ in 0..10 {
        if runner.run_jobs_once().await.unwrap() == 0 {
            break;
        }
    }
    let (_, list) = app.api(Role::Agent, "GET", "/api/v1/surveys", None).await;
    let made = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["trigger_kind"] == "stage")
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(made["sent"], 1, "{made}");
}

engines!(TestApp:
    stage_triggers,
    sent_to_a_segment,
    token_single_use_and_expiry,
    results_maths_through_the_api,
    throttle_within_the_recontact_period,
    detractor_call_back_task_and_event,
    roles_and_skipped_recipients,
    hostile_public_input,
);
