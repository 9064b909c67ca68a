//! Today, on SQLite and PostgreSQL: `/` lands on it; each block (tasks due, complaints near
//! their SLA, forgotten customers, detractors, care moments, red health) shows its count and
//! first items for the signed-in user only; managers see everyone's complaints near their SLA;
//! empty blocks say so; the page in two languages.

use crate::support;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use carewell_domain::time::fmt_ts;
use carewell_store::tasks::{self, NewTask};
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use support::TestApp;

async fn customer(app: &TestApp, name: &str, owner: Role) -> String {
    let (st, c) = app
        .api(
            Role::Admin,
            "POST",
            "/api/v1/customers",
            Some(json!({ "name": name, "owner_id": app.creds(owner).user_id })),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    c["id"].as_str().unwrap().to_string()
}

async fn task(app: &TestApp, kind: &str, title: &str, customer: &str, owner: Role, hours: i64) {
    let owner_id = app.creds(owner).user_id.clone();
    let mut tx = app.store.begin().await.unwrap();
    tasks::create(
        &mut tx,
        &NewTask {
            kind,
            title: title.into(),
            args: json!({}),
            customer_id: Some(customer),
            owner_id: Some(&owner_id),
            source_kind: "test",
            source_id: title,
            due_at: fmt_ts(Utc::now() + Duration::hours(hours)),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

fn block<'a>(today: &'a Value, key: &str) -> &'a Value {
    today["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["key"] == key)
        .unwrap_or_else(|| panic!("no block {key}: {today}"))
}

async fn today_blocks(app: TestApp) {
    // Empty: every block is there, with nothing in it, and the page says so kindly.
    let (st, empty) = app.api(Role::Agent, "GET", "/api/v1/today", None).await;
    assert_eq!(st, StatusCode::OK, "{empty}");
    let keys: Vec<_> = empty["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "tasks",
            "complaints",
            "forgotten",
            "detractors",
            "care_moments",
            "red_health"
        ]
    );
    assert!(keys.iter().all(|k| block(&empty, k)["count"] == 0));
    let page = app.page(Role::Agent, "/today", "en").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Nobody is forgotten"), "{}", page.body);

    let mine = customer(&app, "Mari Minu", Role::Agent).await;
    let theirs = customer(&app, "Tiit Teine", Role::Manager).await;
    task(&app, "follow-up-visit", "Visit", &mine, Role::Agent, -3).await;
    task(&app, "follow-up-visit", "Later", &mine, Role::Agent, 24 * 5).await;
    task(&app, "contact-due", "Forgotten", &mine, Role::Agent, 0).await;
    task(&app, "survey-callback", "Detractor", &mine, Role::Agent, 10).await;
    task(&app, "care-moment", "Birthday", &mine, Role::Agent, 24 * 3).await;
    task(&app, "care-moment", "Far away", &mine, Role::Agent, 24 * 20).await;
    task(&app, "contact-due", "Not mine", &theirs, Role::Manager, 0).await;
    // A complaint owned by the agent, with its SLA deadline within the next hours.
    let (st, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/complaints",
            Some(
                json!({"customer_id": mine, "category": "billing", "severity": "critical",
                "subject": "Charged twice", "description": "Twice."}),
            ),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    sqlx::query("UPDATE complaints SET sla_due_at = $1, owner_id = $2")
        .bind(fmt_ts(Utc::now() + Duration::hours(1)))
        .bind(&app.creds(Role::Agent).user_id)
        .execute(app.store.pool())
        .await
        .unwrap();
    // A red health score for the agent's customer.
    sqlx::query(
        "INSERT INTO customer_health (customer_id, score, band, signals, computed_at, fingerprint) \
         VALUES ($1, 31, 'red', '[]', $2, 'x')",
    )
    .bind(&mine)
    .bind(fmt_ts(Utc::now()))
    .execute(app.store.pool())
    .await
    .unwrap();

    let (_, t) = app.api(Role::Agent, "GET", "/api/v1/today", None).await;
    assert_eq!(block(&t, "tasks")["count"], 1, "due today or overdue only");
    assert_eq!(block(&t, "tasks")["items"][0]["overdue"], true);
    assert_eq!(block(&t, "forgotten")["count"], 1, "the agent's own only");
    assert_eq!(block(&t, "detractors")["count"], 1);
    assert_eq!(block(&t, "care_moments")["count"], 1, "this week only");
    assert_eq!(block(&t, "complaints")["count"], 1);
    assert_eq!(
        block(&t, "complaints")["items"][0]["title"],
        "Charged twice"
    );
    assert_eq!(block(&t, "red_health")["count"], 1);
    assert_eq!(
        block(&t, "red_health")["items"][0]["customer_name"],
        "Mari Minu"
    );
    // The manager: everyone's complaints near their SLA, their own tasks.
    let (_, m) = app.api(Role::Manager, "GET", "/api/v1/today", None).await;
    assert_eq!(block(&m, "complaints")["count"], 1);
    assert_eq!(
        block(&m, "forgotten")["items"][0]["customer_name"],
        "Tiit Teine"
    );
    assert_eq!(block(&m, "red_health")["count"], 0);
    // The page, in Estonian: the blocks with their items and links.
    let et = app.page(Role::Agent, "/today", "et").await;
    assert_eq!(et.status, StatusCode::OK);
    assert!(et.body.contains("id=\"today-forgotten\""));
    assert!(et.body.contains("Charged twice"));
    assert!(et.body.contains("Mari Minu"));
    assert!(et.body.contains("Sinu kliendid punases tervisetsoonis"));
    assert!(et.body.contains("health=red\""), "the whole list");
    // Signed in, `/` is Today.
    let home = app.page(Role::Viewer, "/", "en").await;
    assert_eq!(home.location, "/today");
}

engines!(TestApp: today_blocks);
