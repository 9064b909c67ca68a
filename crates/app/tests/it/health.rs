//! Customer health through the HTTP surface on SQLite and PostgreSQL: recomputed when a
//! complaint opens or an interaction is logged (one queued job per customer), "what moved it
//! since last week" from the history, the settings (validated beside the field, audited,
//! managers only), the band filter and column of the customer list, the card on the customer
//! page, and a deleted customer's health going with them.

use crate::support;
use axum::http::StatusCode;
use carewell::jobs::Registry;
use carewell::kernel::config::Config;
use carewell_domain::role::Role;
use carewell_domain::time::fmt_ts;
use carewell_store::health::HealthRecompute;
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use std::sync::Arc;
use support::TestApp;

async fn customer(app: &TestApp, name: &str, stage: &str) -> String {
    let (st, c) = app
        .api(
            Role::Admin,
            "POST",
            "/api/v1/customers",
            Some(json!({ "name": name, "stage": stage })),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    c["id"].as_str().unwrap().to_string()
}

async fn complaint(app: &TestApp, id: &str, severity: &str) {
    let (st, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/complaints",
            Some(
                json!({ "customer_id": id, "channel": "phone", "category": "service",
                "severity": severity, "subject": "It broke", "description": "It broke again." }),
            ),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
}

async fn call(app: &TestApp, id: &str, days_ago: i64) {
    let (st, b) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/customers/{id}/interactions"),
            Some(json!({ "kind": "call", "summary": "Checked in",
                "occurred_at": fmt_ts(Utc::now() - Duration::days(days_ago)) })),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
}

async fn health(app: &TestApp, id: &str) -> Value {
    let (st, h) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/customers/{id}/health"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{h}");
    h
}

fn signal<'a>(h: &'a Value, name: &str) -> &'a Value {
    h["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap()
}

/// The queued health jobs of `id`.
async fn queued(app: &TestApp, id: &str) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM jobs WHERE unique_key = $1 AND status = 'queued'")
            .bind(format!("health.recompute:{id}"))
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    n
}

/// Runs the queued health jobs (only those).
async fn run_health_jobs(app: &TestApp) {
    let mut reg = Registry::default();
    reg.job::<HealthRecompute>();
    let runner =
        carewell::app::jobs::runner(app.store.clone(), Arc::new(Config::default()), reg).unwrap();
    runner.drain().await.unwrap();
}

async fn recomputed_on_events(app: TestApp) {
    let id = customer(&app, "Kadri Kask", "active").await;
    // The first read computes it: contacted (created) today, no complaints.
    let h = health(&app, &id).await;
    assert_eq!(h["score"], 100, "{h}");
    assert_eq!(h["band"], "green");
    assert_eq!(signal(&h, "complaints")["points"], 20.0);
    assert_eq!(
        signal(&h, "satisfaction")["counted"],
        false,
        "no data is left out"
    );
    // A complaint queues one recompute in its transaction; a second event does not add one.
    complaint(&app, &id, "high").await;
    assert_eq!(queued(&app, &id).await, 1);
    complaint(&app, &id, "low").await;
    assert_eq!(queued(&app, &id).await, 1);
    run_health_jobs(&app).await;
    assert_eq!(queued(&app, &id).await, 0);
    let h = health(&app, &id).await;
    // Penalty 40 + 10 of 100: 10 of 20 points; 35 of 45 in all.
    assert_eq!(signal(&h, "complaints")["points"], 10.0, "{h}");
    assert_eq!(h["score"], 78);
    assert!(
        signal(&h, "complaints")["value"]
            .as_str()
            .unwrap()
            .starts_with("2 open"),
        "{h}"
    );
    // Logging an interaction re-arms the finished job.
    call(&app, &id, 0).await;
    assert_eq!(queued(&app, &id).await, 1);
    run_health_jobs(&app).await;
    assert_eq!(health(&app, &id).await["score"], 78);
}

async fn explanation_deltas(app: TestApp) {
    let id = customer(&app, "Li Wei", "active").await;
    let now = Utc::now();
    // Eight days ago it was perfect; then a high-severity complaint opened.
    app.store
        .recompute_health(std::slice::from_ref(&id), now - Duration::days(8))
        .await
        .unwrap();
    complaint(&app, &id, "high").await;
    app.store
        .recompute_health(std::slice::from_ref(&id), now)
        .await
        .unwrap();
    let h = health(&app, &id).await;
    assert_eq!(h["score"], 82, "{h}");
    assert_eq!(h["week_ago"], 100);
    assert_eq!(h["trend"], "down");
    let changes = h["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{h}");
    assert_eq!(changes[0]["signal"], "complaints");
    assert_eq!(changes[0]["delta"], -18);
    assert_eq!(changes[0]["reason"], "a high-severity complaint opened");
    assert_eq!(h["history"].as_array().unwrap().len(), 2);
    // The customer page shows the card with the line, in the reader's language.
    let page = app
        .page(Role::Viewer, &format!("/customers/{id}"), "en")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"id="health-score">82<"#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<strong>−18</strong>: a high-severity complaint opened")
    );
    assert!(page.body.contains("▼ down 18 since last week"));
    let page = app
        .page(Role::Viewer, &format!("/customers/{id}"), "et")
        .await;
    assert!(page.body.contains("Mis seda eelmisest nädalast muutis"));
    // Unknown customers are 404.
    let (st, _) = app
        .api(Role::Viewer, "GET", "/api/v1/customers/nope/health", None)
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

async fn settings_validated_and_roles(app: TestApp) {
    let (st, s) = app
        .api(Role::Viewer, "GET", "/api/v1/health/settings", None)
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(s["weights"]["contact_recency"], 25);
    assert_eq!(s["bands"]["red_max"], 50);
    let mut bad = s.clone();
    bad["weights"]["payments"] = json!(101);
    bad["bands"] = json!({ "red_max": 80, "yellow_max": 70 });
    let (st, _) = app
        .api(
            Role::Agent,
            "PUT",
            "/api/v1/health/settings",
            Some(bad.clone()),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, b) = app
        .api(Role::Manager, "PUT", "/api/v1/health/settings", Some(bad))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let fields: Vec<&str> = b["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["weights.payments", "bands.red_max"], "{b}");
    let mut good = s.clone();
    good["weights"]["payments"] = json!(0);
    good["bands"]["red_max"] = json!(40);
    let (st, b) = app
        .api(Role::Manager, "PUT", "/api/v1/health/settings", Some(good))
        .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    assert_eq!(b["weights"]["payments"], 0);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'health.settings'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(n, 1, "audited");
    // The page: read-only for agents, refused beside the field for managers, then saved.
    let p = app.page(Role::Agent, "/health/settings", "en").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(!p.body.contains("health-settings-form"));
    let fields = [
        ("contact_recency", "25"),
        ("usage_trend", "15"),
        ("purchase_rhythm", "15"),
        ("complaints", "20"),
        ("satisfaction", "15"),
        ("payments", "10"),
        ("red_max", "60"),
        ("yellow_max", "60"),
    ];
    let r = app.form(Role::Agent, "/health/settings", &fields).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.form(Role::Manager, "/health/settings", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(r#"<p class="field-error" id="e-red_max">"#),
        "{}",
        r.body
    );
    let mut typo = fields;
    typo[0] = ("contact_recency", "lots");
    let r = app.form(Role::Manager, "/health/settings", &typo).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(r#"id="e-contact_recency""#));
    assert!(r.body.contains(r#"value="lots""#), "what was typed stays");
    let mut ok = fields;
    ok[6] = ("red_max", "50");
    ok[7] = ("yellow_max", "75");
    let r = app.form(Role::Manager, "/health/settings", &ok).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (_, s) = app
        .api(Role::Viewer, "GET", "/api/v1/health/settings", None)
        .await;
    assert_eq!(s["weights"]["payments"], 10);
    assert_eq!(s["bands"]["red_max"], 50);
}

async fn band_filter(app: TestApp) {
    let green = customer(&app, "Anna Green", "active").await;
    let yellow = customer(&app, "Boris Yellow", "active").await;
    complaint(&app, &yellow, "critical").await;
    complaint(&app, &yellow, "critical").await;
    let red = customer(&app, "Cara Red", "at-risk").await;
    call(&app, &red, 100).await;
    complaint(&app, &red, "critical").await;
    complaint(&app, &red, "critical").await;
    app.store.recompute_health_all(Utc::now()).await.unwrap();
    for (band, id) in [("green", &green), ("yellow", &yellow), ("red", &red)] {
        let (st, page) = app
            .api(
                Role::Viewer,
                "GET",
                &format!("/api/v1/customers?health={band}"),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{page}");
        let ids: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [id.as_str()], "{band}");
    }
    let (st, b) = app
        .api(Role::Viewer, "GET", "/api/v1/customers?health=purple", None)
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(b["errors"][0]["field"], "health");
    let p = app.page(Role::Viewer, "/customers?health=red", "en").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("Cara Red") && !p.body.contains("Anna Green"));
    assert!(
        p.body.contains(r#"<span class="badge health-red""#),
        "{}",
        p.body
    );
    let p = app.page(Role::Viewer, "/customers", "en").await;
    assert!(p.body.contains(r#"<span class="badge health-green""#));
    assert!(p.body.contains(r#"<span class="badge health-yellow""#));
}

async fn deleted_customer_takes_health(app: TestApp) {
    let id = customer(&app, "Gone Soon", "active").await;
    app.store
        .recompute_health(std::slice::from_ref(&id), Utc::now() - Duration::days(8))
        .await
        .unwrap();
    health(&app, &id).await;
    let count = |table: &'static str| {
        let (store, id) = (app.store.clone(), id.clone());
        async move {
            let (n,): (i64,) = sqlx::query_as(&format!(
                "SELECT COUNT(*) FROM {table} WHERE customer_id = $1"
            ))
            .bind(id)
            .fetch_one(store.pool())
            .await
            .unwrap();
            n
        }
    };
    assert_eq!(count("customer_health").await, 1);
    assert_eq!(count("customer_health_history").await, 1);
    let (st, b) = app
        .api(
            Role::Manager,
            "DELETE",
            &format!("/api/v1/customers/{id}"),
            None,
        )
        .await;
    assert!(st.is_success(), "{st} {b}");
    assert_eq!(count("customer_health").await, 0);
    assert_eq!(count("customer_health_history").await, 0);
}

async fn departed_customers_have_none(app: TestApp) {
    let id = customer(&app, "Left Us", "active").await;
    health(&app, &id).await;
    let (st, b) = app
        .api(
            Role::Admin,
            "PATCH",
            &format!("/api/v1/customers/{id}"),
            Some(json!({ "stage": "departed" })),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    app.store.recompute_health_all(Utc::now()).await.unwrap();
    let (st, _) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/customers/{id}/health"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

engines!(TestApp:
    recomputed_on_events,
    explanation_deltas,
    settings_validated_and_roles,
    band_filter,
    deleted_customer_takes_health,
    departed_customers_have_none,
);
