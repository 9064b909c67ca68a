//! Departure care on SQLite and PostgreSQL: the CDNOW sample imported through `carewell import`
//! and scored with `carewell predict run` reproduces `carewell predict fit` on the same log (and
//! the paper); the runs API (roles, validation, one run at a time, the run's record), each
//! customer's prediction with its reasons, the care list, the stage moves, and the pages.

use crate::msg_support::Db;
use crate::support::{self, TestApp};
use axum::http::StatusCode;
use carewell::transfer::pipeline::{Progress, Source, import};
use carewell_domain::import::ImportKind;
use carewell_domain::role::Role;
use carewell_store::Actor;
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

/// The CDNOW sample (see the predict crate's published tests for `CAREWELL_DATA_DIR`).
fn cdnow_sample() -> PathBuf {
    let candidates: Vec<PathBuf> = match std::env::var_os("CAREWELL_DATA_DIR") {
        Some(d) => vec![PathBuf::from(&d).join("cdnow"), PathBuf::from(d)],
        None => vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/cdnow")],
    };
    for c in &candidates {
        if c.join("CDNOW_sample.txt").is_file() {
            return c.join("CDNOW_sample.txt");
        }
    }
    panic!("CDNOW data not found in {candidates:?}: set CAREWELL_DATA_DIR");
}

fn carewell(db: &Db, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_carewell"))
        .args(["--database", &db.url])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "carewell {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

/// The issue's acceptance test: the product's run on imported CDNOW equals the CLI fit on the
/// same log, and both are the paper's BG/NBD parameters.
async fn cdnow_in_the_product(db: Db) {
    let raw = std::fs::read_to_string(cdnow_sample()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut customers = String::from("external_ref,name,language\n");
    let mut txns = String::from("external_ref,customer_ref,amount,currency,occurred_at\n");
    let mut log = String::from("customer_id,date,amount\n");
    let mut seen = std::collections::HashSet::new();
    for (i, line) in raw.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() != 5 {
            continue;
        }
        let id = f[1].trim_start_matches('0');
        let d = f[2];
        let date = format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]);
        if seen.insert(id.to_string()) {
            customers.push_str(&format!("CD{id},CDNOW customer {id},en\n"));
        }
        txns.push_str(&format!("T{i},CD{id},{},USD,{date}T12:00:00Z\n", f[4]));
        log.push_str(&format!("{id},{date},{}\n", f[4]));
    }
    assert_eq!(seen.len(), 2357);
    let (cp, tp, lp) = (
        dir.path().join("customers.csv"),
        dir.path().join("transactions.csv"),
        dir.path().join("log.csv"),
    );
    std::fs::write(&cp, customers).unwrap();
    std::fs::write(&tp, txns).unwrap();
    std::fs::write(&lp, log).unwrap();
    carewell(&db, &["import", "customers", cp.to_str().unwrap()]);
    carewell(&db, &["import", "transactions", tp.to_str().unwrap()]);

    let out = carewell(
        &db,
        &[
            "predict",
            "run",
            "--model",
            "bgnbd",
            "--unit",
            "week",
            "--calibration-end",
            "1997-09-30",
        ],
    );
    let run: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(run["status"], "done", "{run}");
    let out = carewell(
        &db,
        &[
            "predict",
            "fit",
            "--model",
            "bgnbd",
            "--format",
            "log",
            "--input",
            lp.to_str().unwrap(),
            "--unit",
            "week",
            "--calibration-end",
            "1997-09-30",
            "--json",
        ],
    );
    let fit: Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in ["r", "alpha", "a", "b"] {
        let (p, c) = (
            run["params"][k].as_f64().unwrap(),
            fit["params"][k].as_f64().unwrap(),
        );
        assert!(rel(p, c) < 1e-9, "{k}: product {p} vs CLI {c}");
    }
    assert!(
        rel(
            run["log_likelihood"].as_f64().unwrap(),
            fit["log_likelihood"].as_f64().unwrap()
        ) < 1e-9
    );
    for (k, published) in [
        ("r", 0.2426),
        ("alpha", 4.4135),
        ("a", 0.7929),
        ("b", 2.4257),
    ] {
        let v = run["params"][k].as_f64().unwrap();
        assert!(rel(v, published) < 2e-3, "{k} = {v}, paper {published}");
    }
    assert_eq!(run["customers"], 2357);
    // The 39 weeks to 1997-09-30 minus 90 days held out: validated against the held-out days.
    let h = &run["holdout"];
    assert_eq!(h["days"], 90);
    assert_eq!(h["buckets"].as_array().unwrap().len(), 8);
    assert!(h["actual"].as_f64().unwrap() > 100.0, "{h}");
    assert!(h["error_pct"].as_f64().unwrap() < 25.0, "{h}");
    // Every customer was scored; CLV from Gamma-Gamma in the data's currency.
    let (n, with_clv): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN clv IS NOT NULL AND currency = 'USD' THEN 1 ELSE 0 END) FROM customer_predictions",
    )
    .fetch_one(db.store.pool())
    .await
    .unwrap();
    assert_eq!((n, with_clv), (2357, 2357));
}

/// `id`, `name`, days ago of each purchase.
type Buyer<'a> = (&'a str, &'a str, Vec<i64>);

async fn load(app: &TestApp, buyers: &[Buyer<'_>]) {
    let mut customers = String::from("external_ref,name,language,stage\n");
    let mut txns = String::from("external_ref,customer_ref,amount,currency,occurred_at\n");
    let mut n = 0;
    for (id, name, days) in buyers {
        customers.push_str(&format!("{id},{name},en,active\n"));
        for d in days {
            n += 1;
            let at = carewell_domain::time::fmt_ts(Utc::now() - Duration::days(*d));
            txns.push_str(&format!("T{n},{id},{}.50,EUR,{at}\n", 20 + (n % 7) * 5));
        }
    }
    for (kind, csv) in [
        (ImportKind::Customers, customers),
        (ImportKind::Transactions, txns),
    ] {
        import(
            &app.store,
            kind,
            Source::Bytes(Arc::from(csv.as_bytes())),
            &Actor::cli(),
            "t.csv",
            &Progress::hidden(),
        )
        .await
        .unwrap();
    }
}

async fn id_of(app: &TestApp, ext: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM customers WHERE external_ref = $1")
        .bind(ext)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    id
}

/// A small shop: regulars buying every 2 weeks, lapsed ones who bought weekly until 200 days
/// ago, one-time buyers and a customer without purchases.
async fn shop(app: &TestApp) {
    let mut buyers: Vec<Buyer> = Vec::new();
    let names: Vec<String> = (0..30).map(|i| format!("R{i}")).collect();
    for (i, n) in names.iter().enumerate() {
        buyers.push((
            n,
            "Regular",
            (0..20).map(|k| 3 + (i as i64 % 5) + 14 * k).collect(),
        ));
    }
    let lapsed: Vec<String> = (0..10).map(|i| format!("L{i}")).collect();
    for (i, n) in lapsed.iter().enumerate() {
        buyers.push((
            n,
            "Lapsed",
            (0..25).map(|k| 200 + i as i64 + 7 * k).collect(),
        ));
    }
    let once: Vec<String> = (0..5).map(|i| format!("O{i}")).collect();
    for (i, n) in once.iter().enumerate() {
        buyers.push((n, "Once", vec![30 + 40 * i as i64]));
    }
    buyers.push(("N0", "Newcomer", vec![]));
    load(app, &buyers).await;
}

async fn runs_api(app: TestApp) {
    shop(&app).await;
    let today = Utc::now().date_naive().to_string();
    // Agents read but do not start runs; bad options are named.
    let (st, _) = start(&app, Role::Agent, json!({})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, p) = start(
        &app,
        Role::Manager,
        json!({"model": "magic", "holdout_days": 5000, "calibration_end": "2999-01-01"}),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let body = p.to_string();
    for f in ["model", "holdout_days", "calibration_end"] {
        assert!(body.contains(f), "{f} not named: {body}");
    }
    let (st, run) = start(
        &app,
        Role::Manager,
        json!({"calibration_end": today, "holdout_days": 60}),
    )
    .await;
    assert_eq!(st, StatusCode::ACCEPTED, "{run}");
    assert_eq!(run["status"], "queued");
    let id = run["id"].as_str().unwrap().to_string();
    // One at a time: the second request names the running one.
    let (st, p) = start(&app, Role::Admin, json!({})).await;
    assert_eq!(st, StatusCode::CONFLICT, "{p}");
    assert!(p.to_string().contains(&id), "{p}");

    // A webhook subscriber to the catalogue event.
    app.store
        .create_webhook_endpoint(
            &Actor::cli(),
            "https://hooks.example.test/risk",
            "0123456789abcdef0123456789abcdef",
            &["customer.risk_changed".to_string()],
            "test",
        )
        .await
        .unwrap();
    let done = carewell::retention::run::run_now(&app.store, &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.status, "done", "{:?}", done.error);
    let events: Vec<(String,)> =
        sqlx::query_as("SELECT payload FROM outbox WHERE event = 'customer.risk_changed'")
            .fetch_all(app.store.pool())
            .await
            .unwrap();
    assert!(events.len() >= 10, "{}", events.len());
    let body = &events[0].0;
    assert!(
        body.contains("\"to\":\"high\"") && body.contains(&id),
        "{body}"
    );
    assert!(!body.contains("Lapsed"), "ids and bands only: {body}");
    let (st, r) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/predictions/runs/{id}"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    for k in ["r", "alpha", "a", "b"] {
        assert!(r["params"][k].as_f64().unwrap() > 0.0, "{r}");
    }
    assert!(r["log_likelihood"].as_f64().unwrap() < 0.0);
    assert_eq!(r["customers"], 45);
    assert_eq!(r["scored"], 46);
    assert_eq!(r["holdout"]["buckets"].as_array().unwrap().len(), 8);
    assert_eq!(r["started_by_label"], "manager@example.com");
    assert!(r["duration_ms"].as_i64().is_some());
    // A second run may start now.
    let (st, _) = start(&app, Role::Manager, json!({"holdout_days": 0})).await;
    assert_eq!(st, StatusCode::ACCEPTED);
    let (_, list) = app
        .api(Role::Agent, "GET", "/api/v1/predictions/runs", None)
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);

    // The lapsed customer is high risk for a reason in words, moved to stage at-risk; the
    // regular is low.
    let lapsed = id_of(&app, "L0").await;
    let (st, p) = prediction(&app, &lapsed).await;
    assert_eq!(st, StatusCode::OK, "{p}");
    assert_eq!(p["risk_band"], "high", "{p}");
    assert_eq!(p["run_id"], id.as_str());
    assert!(p["p_alive"].as_f64().unwrap() < 0.3, "{p}");
    assert!(p["clv"].as_f64().unwrap() >= 0.0);
    let vr = p["value_at_risk"].as_f64().unwrap();
    assert!(vr >= 0.0);
    assert_eq!(p["reasons"][0]["code"], "no-purchase");
    assert_eq!(p["reasons"][0]["direction"], "up");
    let text = p["reasons"][0]["text"].as_str().unwrap();
    assert!(text.starts_with("No purchase for 200 days"), "{text}");
    let (_, c) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/customers/{lapsed}"),
            None,
        )
        .await;
    assert_eq!(c["stage"], "at-risk");
    let regular = id_of(&app, "R0").await;
    let (_, p) = prediction(&app, &regular).await;
    assert_eq!(p["risk_band"], "low", "{p}");
    assert_eq!(p["reasons"][0]["code"], "recent-purchase");
    let newcomer = id_of(&app, "N0").await;
    let (_, p) = prediction(&app, &newcomer).await;
    assert_eq!(p["reasons"][0]["code"], "no-history");
    assert!(p["p_alive"].is_null());
    // Reasons in the reader's language.
    let mut req = support::api_request(
        &app.creds(Role::Agent).token,
        "GET",
        &format!("/api/v1/customers/{lapsed}/prediction"),
        None,
    );
    req.headers_mut()
        .insert("accept-language", "zh-CN".parse().unwrap());
    let (_, _, zh) = app.send(req).await;
    assert!(zh.contains("天未购买"), "{zh}");
    // Audited stage moves and runs.
    let n = audited(&app, "customer.risk_stage").await;
    assert!(n >= 10, "{n}");
    let n = audited(&app, "prediction.run").await;
    assert_eq!(n, 2);

    // The care list: by value at risk, filtered by band, paged by cursor.
    let (st, l) = app
        .api(
            Role::Agent,
            "GET",
            "/api/v1/retention/at-risk?limit=5",
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{l}");
    let items = l["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    let vars: Vec<f64> = items
        .iter()
        .map(|i| i["prediction"]["value_at_risk"].as_f64().unwrap())
        .collect();
    assert!(vars.windows(2).all(|w| w[0] >= w[1]), "{vars:?}");
    assert!(!items[0]["top_reason"].as_str().unwrap().is_empty());
    let next = l["next"].as_str().unwrap();
    let (_, l2) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/retention/at-risk?limit=5&after={}", urlenc(next)),
            None,
        )
        .await;
    let first2 = l2["items"][0]["customer_id"].as_str().unwrap();
    assert!(items.iter().all(|i| i["customer_id"] != first2));
    let (_, high) = app
        .api(
            Role::Agent,
            "GET",
            "/api/v1/retention/at-risk?band=high&limit=500",
            None,
        )
        .await;
    assert!(
        high["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["prediction"]["risk_band"] == "high")
    );
    assert!(high["items"].as_array().unwrap().len() >= 10);
    let (st, _) = app
        .api(
            Role::Agent,
            "GET",
            "/api/v1/retention/at-risk?band=purple",
            None,
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);

    // Pages: the list, the model page with its holdout chart, the customer's panel in zh-CN.
    let page = app.page(Role::Agent, "/retention", "en").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"at-risk\"") && page.body.contains("Lapsed"));
    assert!(
        !page.body.contains("id=\"run-form\""),
        "agents do not start runs"
    );
    let page = app.page(Role::Manager, "/retention", "et").await;
    assert!(page.body.contains("id=\"run-form\""));
    let page = app.page(Role::Agent, "/retention/model", "en").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"params\"") && page.body.contains("id=\"trend-table\""));
    let (st, t) = app
        .api(Role::Agent, "GET", "/api/v1/retention/churn-trend", None)
        .await;
    assert_eq!(st, StatusCode::OK, "{t}");
    assert_eq!(t["months"].as_array().unwrap().len(), 12);
    let last = &t["months"][11];
    assert_eq!(last["month"], Utc::now().format("%Y-%m").to_string());
    assert_eq!(last["customers"], 0, "everyone was created this month");
    assert!(last["expected"].is_null() && last["warning"] == false);
    let page = app
        .page(Role::Agent, &format!("/customers/{lapsed}"), "zh-CN")
        .await;
    assert!(
        page.body.contains("id=\"risk\"") && page.body.contains("流失风险"),
        "{}",
        page.body.len()
    );
    let csv = app
        .page(Role::Agent, "/retention.csv?band=high", "en")
        .await;
    assert!(csv.body.starts_with("customer_id,name,stage"));
    assert!(csv.body.lines().count() >= 11);

    // From the list: give the customer to an agent with a call task, once.
    let agent = app.creds(Role::Agent).user_id.clone();
    for _ in 0..2 {
        let r = app
            .form(
                Role::Agent,
                &format!("/retention/{lapsed}/call"),
                &[("owner_id", agent.as_str())],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let (n, owner): (i64, Option<String>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(owner_id) FROM tasks WHERE kind = 'retention-call' AND customer_id = $1 AND done_at IS NULL",
    )
    .bind(&lapsed)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!((n, owner.as_deref()), (1, Some(agent.as_str())));
    let (_, c) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/customers/{lapsed}"),
            None,
        )
        .await;
    assert_eq!(c["owner_id"], agent.as_str());
    let tasks = app.page(Role::Agent, "/tasks", "en").await;
    assert!(
        tasks.body.contains("Retention call") && tasks.body.contains("churn risk"),
        "task listed in words"
    );
    let r = app
        .form(Role::Viewer, &format!("/retention/{lapsed}/call"), &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .form(Role::Agent, "/retention/no-such-customer/call", &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Starting from the page: a run in progress is refused beside the form (409).
    let (st, _) = start(&app, Role::Manager, json!({})).await;
    assert_eq!(st, StatusCode::CONFLICT);
    let r = app
        .form(Role::Manager, "/retention/runs", &[("holdout_days", "30")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("id=\"run-errors\""));
}

/// A business without purchases (contracts and complaints only) still gets risk scores, from
/// the live signals; the run records no model.
async fn run_without_purchases(app: TestApp) {
    load(
        &app,
        &[
            ("N1", "No purchases", vec![]),
            ("N2", "Nor this one", vec![]),
        ],
    )
    .await;
    let (st, run) = start(&app, Role::Manager, json!({})).await;
    assert_eq!(st, StatusCode::ACCEPTED);
    let id = run["id"].as_str().unwrap();
    let done = carewell::retention::run::run_now(&app.store, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.status, "done", "{:?}", done.error);
    assert!(done.params.is_none() && done.holdout.is_none());
    assert_eq!(done.scored, Some(2));
    let n1 = id_of(&app, "N1").await;
    let (st, p) = prediction(&app, &n1).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(p["reasons"][0]["code"], "no-history");
    let page = app.page(Role::Agent, "/retention/model", "en").await;
    assert_eq!(page.status, StatusCode::OK);
}

async fn settings_api(app: TestApp) {
    let (st, s) = app
        .api(Role::Agent, "GET", "/api/v1/retention/settings", None)
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(s["high_from"], 70);
    let (st, _) = app
        .api(
            Role::Agent,
            "PUT",
            "/api/v1/retention/settings",
            Some(s.clone()),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let mut bad = s.clone();
    bad["medium_from"] = json!(90);
    bad["daily_at"] = json!("9am");
    let (st, p) = app
        .api(
            Role::Manager,
            "PUT",
            "/api/v1/retention/settings",
            Some(bad),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        p.to_string().contains("medium_from") && p.to_string().contains("daily_at"),
        "{p}"
    );
    let mut good = s.clone();
    good["high_from"] = json!(60);
    let (st, s2) = app
        .api(
            Role::Manager,
            "PUT",
            "/api/v1/retention/settings",
            Some(good),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(s2["high_from"], 60);
    let n = audited(&app, "retention.settings").await;
    assert_eq!(n, 1);
    // The page: read-only for agents; beside the field for a manager's bad value.
    let page = app.page(Role::Agent, "/retention/settings", "et").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Hoidmise seaded") && page.body.contains("readonly"));
    let mut form: Vec<(&str, &str)> = vec![
        ("daily", "on"),
        ("daily_at", "04:30"),
        ("model", "pnbd"),
        ("unit", "week"),
        ("holdout_days", "60"),
        ("horizon_days", "90"),
        ("clv_months", "12"),
        ("margin", "0,25"),
        ("discount_rate", "0.1"),
        ("medium_from", "40"),
        ("high_from", "abc"),
        ("contract_days", "60"),
    ];
    let r = app.form(Role::Manager, "/retention/settings", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"e-high_from\"") && r.body.contains("value=\"abc\""),
        "typed value kept"
    );
    form[10] = ("high_from", "75");
    let r = app.form(Role::Manager, "/retention/settings", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (_, s3) = app
        .api(Role::Agent, "GET", "/api/v1/retention/settings", None)
        .await;
    assert_eq!(
        (
            s3["model"].as_str(),
            s3["high_from"].as_i64(),
            s3["margin"].as_f64()
        ),
        (Some("pnbd"), Some(75), Some(0.25))
    );
    assert_eq!(s3["at_risk_stage"], false, "an unticked box is off");
    assert_eq!(s3["daily_at"], "04:30");
}

/// `role` asks for a run with `body`.
async fn start(app: &TestApp, role: Role, body: Value) -> (StatusCode, Value) {
    app.api(role, "POST", "/api/v1/predictions/runs", Some(body))
        .await
}

/// An agent reads `customer`'s prediction.
async fn prediction(app: &TestApp, customer: &str) -> (StatusCode, Value) {
    app.api(
        Role::Agent,
        "GET",
        &format!("/api/v1/customers/{customer}/prediction"),
        None,
    )
    .await
}

/// Audit entries of `action`.
async fn audited(app: &TestApp, action: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    n
}

fn urlenc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

engines!(Db: cdnow_in_the_product);
engines!(TestApp: runs_api, run_without_purchases, settings_api);
