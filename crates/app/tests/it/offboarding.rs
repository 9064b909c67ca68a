//! Offboarding through the HTTP API, in process, on SQLite and on PostgreSQL: notice-period
//! refusal and exception, step order, the letter through the outbox, roles (managers open and
//! approve, agents contact and write, compliance erases and reads held data, viewers read),
//! erasure with a hold, refused early erasure, certificates, the export, the report, the job
//! handlers and the OpenAPI document.

use crate::support;
use axum::Router;
use axum::http::StatusCode;
use carewell::app::jobs::standard_registry;
use carewell::jobs::{Job, JobContext};
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell_domain::role::Role;
use carewell_store::offboarding::EraseCase;
use carewell_store::{Actor, Store};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

struct App {
    store: Store,
    router: Router,
    tokens: HashMap<Role, String>,
    _dir: Option<tempfile::TempDir>,
}

async fn app_on(store: Store, dir: Option<tempfile::TempDir>) -> App {
    let tokens = support::users_with_tokens(&store).await;
    let config = Config {
        base_url: "https://care.example".into(),
        ..Config::default()
    };
    let router = carewell::app::router(AppState::new(store.clone(), config));
    App {
        store,
        router,
        tokens,
        _dir: dir,
    }
}

impl App {
    async fn sqlite() -> Self {
        let (store, dir) = support::sqlite_store().await;
        app_on(store, Some(dir)).await
    }

    async fn postgres() -> Option<Self> {
        Some(app_on(support::pg_store().await?, None).await)
    }

    /// An app on a SQLite file the CLI can open too.
    async fn on_file(db: &std::path::Path) -> Self {
        let url = format!("sqlite://{}", db.display());
        app_on(Store::connect(&url).await.unwrap(), None).await
    }
}

impl App {
    async fn raw(
        &self,
        role: Role,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, String, String) {
        let req = support::api_request(&self.tokens[&role], method, path, body);
        let r = support::fetch(&self.router, req).await;
        (r.status, r.content_type, r.body)
    }

    async fn api(
        &self,
        role: Role,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let (s, _, text) = self.raw(role, method, path, body).await;
        (
            s,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn ok(&self, role: Role, method: &str, path: &str, body: Option<Value>) -> Value {
        let (s, v) = self.api(role, method, path, body).await;
        assert!(s.is_success(), "{method} {path} as {role}: {s} {v}");
        v
    }

    async fn customer(&self, name: &str, country: &str) -> String {
        let v = self
            .ok(
                Role::Agent,
                "POST",
                "/api/v1/customers",
                Some(json!({"name": name, "language": "et", "country": country,
                            "email": "mari@example.com", "phone": "+372 5555 1234",
                            "allow_duplicate_email": true})),
            )
            .await;
        let id = v["id"].as_str().unwrap().to_string();
        self.ok(
            Role::Agent,
            "POST",
            &format!("/api/v1/customers/{id}/transactions"),
            Some(json!({"amount": "120.00", "currency": "EUR", "occurred_at": "2026-04-20T10:00:00Z", "description": "Invoice 42"})),
        )
        .await;
        id
    }
}

fn timeline(notice: &str, end: &str, support: &str, export: &str, deletion: &str) -> Value {
    json!({"notice_date": notice, "service_end": end, "support_end": support,
           "export_until": export, "deletion_date": deletion})
}

fn letter() -> Value {
    json!({"language": "et", "thanks": "Aitäh, et olite meiega.",
           "framing": "Viimase viie tellimuse järel olete öelnud, et te pole rahul.",
           "goodwill": "Maksame viimase arve tagasi.", "apology": "Meil on kahju.",
           "alternatives": "Võib-olla sobib teile X."})
}

/// A case closed on a plan whose dates (deletion 2026-05-02) have all passed.
async fn closed_past_deadlines(app: &App, cu: &str) -> String {
    let t = timeline(
        "2026-01-05",
        "2026-04-10",
        "2026-04-20",
        "2026-05-01",
        "2026-05-02",
    );
    to_closure(app, cu, t).await
}

/// Opens (manager), approves, contacts (agent), writes and sends the letter, closes.
async fn to_closure(app: &App, cu: &str, t: Value) -> String {
    let c = app
        .ok(
            Role::Manager,
            "POST",
            "/api/v1/offboarding/cases",
            Some(json!({"customer_id": cu, "reason": "staff-abuse", "timeline": t})),
        )
        .await;
    let id = c["id"].as_str().unwrap().to_string();
    let base = format!("/api/v1/offboarding/cases/{id}");
    app.ok(Role::Manager, "POST", &format!("{base}/approve"), None)
        .await;
    app.ok(
        Role::Agent,
        "POST",
        &format!("{base}/contacts"),
        Some(json!({"kind": "call", "summary": "Explained our decision"})),
    )
    .await;
    app.ok(
        Role::Agent,
        "PUT",
        &format!("{base}/letter"),
        Some(letter()),
    )
    .await;
    app.ok(Role::Agent, "POST", &format!("{base}/letter/send"), None)
        .await;
    app.ok(Role::Manager, "POST", &format!("{base}/close"), None)
        .await;
    id
}

/// The case list walks every case once by following `next_cursor` (issue 13).
async fn cases_page_by_cursor(app: App) {
    let mut opened = std::collections::HashSet::new();
    for name in ["Mari Maasikas", "Jaan Tamm", "Kadri Kask"] {
        let cu = app.customer(name, "EE").await;
        let t = timeline(
            "2026-01-05",
            "2026-04-10",
            "2026-04-20",
            "2026-05-01",
            "2026-05-02",
        );
        let c = app
            .ok(
                Role::Manager,
                "POST",
                "/api/v1/offboarding/cases",
                Some(json!({"customer_id": cu, "reason": "staff-abuse", "timeline": t})),
            )
            .await;
        opened.insert(c["id"].as_str().unwrap().to_string());
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/offboarding/cases?status=&limit=2".to_string();
    loop {
        let page = app.ok(Role::Viewer, "GET", &path, None).await;
        assert_eq!(
            (page["total"].as_i64(), page["total_capped"].as_bool()),
            (Some(3), Some(false))
        );
        for c in page["items"].as_array().unwrap() {
            seen.push(c["id"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(n) => path = format!("/api/v1/offboarding/cases?status=&limit=2&cursor={n}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 3);
    assert_eq!(
        seen.into_iter().collect::<std::collections::HashSet<_>>(),
        opened
    );
}

async fn notice_and_steps_over_the_api(app: App) {
    let cu = app.customer("Mari Maasikas", "EE").await;
    let short = json!({"customer_id": cu, "reason": "unprofitable", "contract_type": "payment-account",
                       "timeline": timeline("2026-03-01", "2026-04-01", "2026-04-15", "2026-05-01", "2026-05-02")});
    // Agents and viewers may not open a case.
    for role in [Role::Agent, Role::Viewer, Role::Compliance] {
        let (s, _) = app
            .api(
                role,
                "POST",
                "/api/v1/offboarding/cases",
                Some(short.clone()),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role}");
    }
    // The EU payment-account minimum (two months) refuses the plan, as problem+json.
    let (s, ct, body) = app
        .raw(
            Role::Manager,
            "POST",
            "/api/v1/offboarding/cases",
            Some(short.clone()),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(ct.starts_with("application/problem+json"));
    assert!(
        body.contains("2 months") && body.contains("2026-05-01"),
        "{body}"
    );
    let (s, v) = app
        .api(Role::Agent, "POST", "/api/v1/offboarding/check", Some(json!({"customer_id": cu, "contract_type": "payment-account",
            "timeline": timeline("2026-03-01", "2026-05-01", "2026-05-15", "2026-06-01", "2026-06-02")})))
        .await;
    assert_eq!((s, v["notice_days"].as_i64()), (StatusCode::OK, Some(61)));
    // With a legal basis the exception is accepted and recorded.
    let mut with = short.clone();
    with["exception_basis"] = json!("PSD2 Art. 55(5): immediate termination for unlawful use");
    let (s, c) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/offboarding/cases",
            Some(with),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(c["notice"]["exception"], true);
    assert_eq!(c["status"], "open");
    assert_eq!(c["allowed_actions"], json!(["approve", "cancel"]));
    let id = c["id"].as_str().unwrap();
    let base = format!("/api/v1/offboarding/cases/{id}");
    // Agents cannot approve; managers can.
    let (s, _) = app
        .api(Role::Agent, "POST", &format!("{base}/approve"), None)
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.ok(Role::Manager, "POST", &format!("{base}/approve"), None)
        .await;
    // The letter is written by an agent, but refused before a direct contact.
    app.ok(
        Role::Agent,
        "PUT",
        &format!("{base}/letter"),
        Some(letter()),
    )
    .await;
    let (s, v) = app
        .api(Role::Agent, "POST", &format!("{base}/letter/send"), None)
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["code"], "step-first", "{v}");
    assert!(v.to_string().contains("direct contact"), "{v}");
    let (s, _) = app
        .api(
            Role::Viewer,
            "POST",
            &format!("{base}/contacts"),
            Some(json!({"kind": "call", "summary": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{base}/contacts"),
            Some(json!({"kind": "email", "summary": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    app.ok(
        Role::Agent,
        "POST",
        &format!("{base}/contacts"),
        Some(json!({"kind": "meeting", "summary": "Met at the office"})),
    )
    .await;
    // Goodwill: refund of the last invoice (threshold: 100 EUR → waits for approval).
    let (s, g) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{base}/goodwill"),
            Some(json!({"reason": "Refund of the last invoice"})),
        )
        .await;
    assert_eq!(
        (s, g["amount"].as_str(), g["approval"].as_str()),
        (StatusCode::CREATED, Some("120.00"), Some("pending"))
    );
    let sent = app
        .ok(Role::Agent, "POST", &format!("{base}/letter/send"), None)
        .await;
    let link = sent["link"].as_str().unwrap();
    assert!(link.starts_with("https://care.example/public/offboarding/"));
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(app.store.offboarding_by_token(token).await.unwrap().id, id);
    let msgs = carewell_store::outbox::for_customer(&app.store, &cu, 10, 0)
        .await
        .unwrap()
        .items;
    let m = msgs
        .iter()
        .find(|m| m.event == "offboarding.letter")
        .unwrap();
    assert_eq!((m.class.as_str(), m.language.as_str()), ("legal", "et"));
    // Viewers read the case; the detail has steps, letter and impact.
    let d = app.ok(Role::Viewer, "GET", &base, None).await;
    assert_eq!(d["status"], "notified");
    let steps: Vec<&str> = d["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "opened",
            "approved",
            "letter-saved",
            "contact",
            "goodwill",
            "letter-sent"
        ]
    );
    assert_eq!(d["impact"]["balances"][0]["amount"], "120.00");
    assert_eq!(d["letter"]["language"], "et");
    assert_eq!(d["restricted"], false);
    let (s, _) = app
        .api(Role::Agent, "POST", &format!("{base}/close"), None)
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let closed = app
        .ok(Role::Manager, "POST", &format!("{base}/close"), None)
        .await;
    assert_eq!(closed["status"], "closed");
    let d = app.ok(Role::Viewer, "GET", &base, None).await;
    assert_eq!(d["tasks"].as_array().unwrap().len(), 2);
    let list = app
        .ok(
            Role::Viewer,
            "GET",
            "/api/v1/offboarding/cases?status=closed",
            None,
        )
        .await;
    assert_eq!(list["total"], 1);
    let (s, _) = app
        .api(
            Role::Viewer,
            "GET",
            "/api/v1/offboarding/cases?reason=bogus",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn erasure_holds_and_compliance(app: App) {
    let cu = app.customer("Mari Maasikas", "EE").await;
    app.ok(
        Role::Agent,
        "POST",
        &format!("/api/v1/customers/{cu}/contacts"),
        Some(json!({"name": "Jaan Tamm", "email": "jaan@example.com"})),
    )
    .await;
    let id = closed_past_deadlines(&app, &cu).await;
    let base = format!("/api/v1/offboarding/cases/{id}");
    // Erasure is compliance's (and admins'); asking for the held records is refused with
    // the legal basis.
    let (s, _) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{base}/erasure"),
            Some(json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, ct, body) = app
        .raw(
            Role::Compliance,
            "POST",
            &format!("{base}/erasure"),
            Some(json!({"include_held": true})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert!(ct.starts_with("application/problem+json"));
    assert!(body.contains("AML") && body.contains("refused"), "{body}");
    // The deletion-date job erases (the date is past); certificate with counts and the hold.
    let ctx = JobContext {
        store: app.store.clone(),
        config: Arc::new(Config::default()),
        job_id: "j".into(),
        attempt: 1,
    };
    let erase = || EraseCase {
        case_id: id.to_string(),
    };
    erase().run(ctx.clone()).await.unwrap();
    // Running it again does nothing.
    erase().run(ctx).await.unwrap();
    let certs = app
        .ok(
            Role::Compliance,
            "GET",
            &format!("{base}/certificates"),
            None,
        )
        .await;
    assert_eq!(certs.as_array().unwrap().len(), 1);
    let cert = &certs[0];
    assert_eq!(
        (cert["kind"].as_str(), cert["verified"].as_bool()),
        (Some("erasure"), Some(true))
    );
    let erased = |t: &str| {
        cert["body"]["erased"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["table"] == t)
            .map(|e| e["rows"].as_i64().unwrap())
    };
    assert_eq!(
        (erased("customers"), erased("contacts")),
        (Some(1), Some(1))
    );
    let kept = &cert["body"]["kept"][0];
    assert_eq!(
        (kept["table"].as_str(), kept["rows"].as_i64()),
        (Some("transactions"), Some(1))
    );
    assert!(kept["legal_basis"].as_str().unwrap().contains("AML"));
    assert!(!cert.to_string().contains("Mari") && !cert.to_string().contains("example.com"));
    let (s, _) = app
        .api(Role::Viewer, "GET", &format!("{base}/certificates"), None)
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // The customers API shows the erased profile only.
    let p = app
        .ok(
            Role::Viewer,
            "GET",
            &format!("/api/v1/customers/{cu}"),
            None,
        )
        .await;
    assert_eq!(
        (p["name"].as_str(), p["email"].as_str(), p["phone"].as_str()),
        (Some("[erased]"), None, None)
    );
    let contacts = app
        .ok(
            Role::Viewer,
            "GET",
            &format!("/api/v1/customers/{cu}/contacts"),
            None,
        )
        .await;
    assert!(contacts.as_array().unwrap().is_empty());
    // Held records: compliance and admins only, everywhere they are read.
    for path in ["transactions", "contracts", "compensation"] {
        let (s, v) = app
            .api(
                Role::Agent,
                "GET",
                &format!("/api/v1/customers/{cu}/{path}"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}: {v}");
        assert!(v.to_string().contains("compliance"));
    }
    let t = app
        .ok(
            Role::Compliance,
            "GET",
            &format!("/api/v1/customers/{cu}/transactions"),
            None,
        )
        .await;
    assert_eq!(t.as_array().unwrap().len(), 1);
    let tl = app
        .ok(
            Role::Viewer,
            "GET",
            &format!("/api/v1/customers/{cu}/timeline"),
            None,
        )
        .await;
    assert!(
        tl.as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] != "transaction")
    );
    let d = app.ok(Role::Viewer, "GET", &base, None).await;
    assert_eq!(
        (d["restricted"].as_bool(), d["impact"].is_null()),
        (Some(true), true)
    );
    assert_eq!(d["status"], "erased");
    let d = app.ok(Role::Compliance, "GET", &base, None).await;
    assert_eq!(d["impact"]["balances"][0]["amount"], "120.00");
    // The compliance export: everything, held records included.
    let x = app
        .ok(Role::Compliance, "GET", &format!("{base}/export"), None)
        .await;
    for key in [
        "customer",
        "contacts",
        "interactions",
        "transactions",
        "contracts",
        "usage",
        "complaints",
        "ledger_entries",
        "messages",
        "offboarding",
    ] {
        assert!(x.get(key).is_some(), "{key}");
    }
    assert_eq!(x["transactions"].as_array().unwrap().len(), 1);
    let (s, ct, csv) = app
        .raw(
            Role::Compliance,
            "GET",
            &format!("{base}/export/transactions.csv"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("text/csv"));
    assert_eq!(csv.lines().count(), 2);
    let (s, _) = app
        .api(Role::Agent, "GET", &format!("{base}/export"), None)
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // The audit entry of the erasure holds counts, not values.
    let log = app
        .ok(
            Role::Compliance,
            "GET",
            &format!("/api/v1/audit?entity=offboarding_case&entity_id={id}"),
            None,
        )
        .await;
    let text = log.to_string();
    assert!(text.contains("offboarding.erase"));
    let entry = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "offboarding.erase")
        .unwrap();
    assert!(!entry.to_string().contains("Mari") && !entry.to_string().contains("jaan@"));
    // The older entries about the customer are redacted: nothing personal is left in the
    // audit log, and the chain still verifies.
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT before_json, after_json FROM audit_log")
            .fetch_all(app.store.pool())
            .await
            .unwrap();
    let raw: String = rows.iter().map(|(b, a)| format!("{b} {a}\n")).collect();
    for secret in [
        "Mari",
        "Maasikas",
        "mari@example.com",
        "5555 1234",
        "jaan@",
        "Jaan Tamm",
    ] {
        assert!(!raw.contains(secret), "{secret} still in the audit log");
    }
    let v = app
        .ok(Role::Compliance, "GET", "/api/v1/audit/verify", None)
        .await;
    assert_eq!(v["ok"], true, "{v}");
    let log = app
        .ok(
            Role::Compliance,
            "GET",
            &format!("/api/v1/audit?entity=customer&entity_id={cu}"),
            None,
        )
        .await;
    let created = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "customer.create")
        .unwrap();
    assert_eq!(created["after"], json!({"redacted": true}));
    assert!(created["redacted_at"].is_string());
    assert!(
        created["redaction_reason"]
            .as_str()
            .unwrap()
            .contains(cert["id"].as_str().unwrap())
    );
    assert_eq!(created["after_sha256"].as_str().map(str::len), Some(64));
    assert!(erased("audit_log").unwrap() >= 3);
}

async fn report_rules_jobs_and_openapi(app: App) {
    let cu = app.customer("Mari Maasikas", "GB").await;
    let id = to_closure(
        &app,
        &cu,
        timeline(
            "2026-01-01",
            "2026-04-01",
            "2026-04-10",
            "2026-05-01",
            "2026-05-02",
        ),
    )
    .await;
    app.store
        .submit_exit_survey(
            &id,
            &carewell_domain::offboarding::ExitSurvey::parse(
                "Price",
                Some("Discount"),
                None,
                Some(2),
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let r = app
        .ok(Role::Manager, "GET", "/api/v1/offboarding/report", None)
        .await;
    assert_eq!(r["cases"], 1);
    assert_eq!(r["by_reason"][0]["reason"], "staff-abuse");
    assert_eq!(r["revenue_impact"][0]["amount"], "120.00");
    assert_eq!(r["survey"]["average_rating"], 2.0);
    let (s, ct, csv) = app
        .raw(
            Role::Compliance,
            "GET",
            "/api/v1/offboarding/report.csv",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("text/csv"));
    assert!(csv.contains("reason,staff-abuse,company,,1,"));
    let (s, _) = app
        .api(Role::Viewer, "GET", "/api/v1/offboarding/report", None)
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .api(
            Role::Manager,
            "GET",
            "/api/v1/offboarding/report?from=2026-13-01",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Rule tables: everyone reads; admins set notice rules, compliance retention rules.
    let rules = app
        .ok(
            Role::Viewer,
            "GET",
            "/api/v1/offboarding/notice-rules",
            None,
        )
        .await;
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["jurisdiction"] == "GB" && r["min_days"] == 90)
    );
    let rule = json!({"jurisdiction": "DE", "contract_type": "subscription", "min_months": 3, "basis": "BGB §309 Nr. 9"});
    let (s, _) = app
        .api(
            Role::Manager,
            "PUT",
            "/api/v1/offboarding/notice-rules",
            Some(rule.clone()),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let rules = app
        .ok(
            Role::Admin,
            "PUT",
            "/api/v1/offboarding/notice-rules",
            Some(rule),
        )
        .await;
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["jurisdiction"] == "DE")
    );
    let rr = json!({"category": "financial", "tables": ["transactions", "ledger_entries"], "keep_days": 3650, "legal_basis": "National accounting act §12: ten years"});
    let (s, _) = app.api(Role::Admin, "PUT", "/api/v1/offboarding/retention-rules", Some(json!({"category": "x", "tables": ["customers"], "keep_days": 1, "legal_basis": "Some law §1 applies"}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let rr = app
        .ok(
            Role::Compliance,
            "PUT",
            "/api/v1/offboarding/retention-rules",
            Some(rr),
        )
        .await;
    assert_eq!(rr[0]["keep_days"], 3650);
    // Erase-due runs the erasure (deletion date is past), contracts not covered are deleted.
    let certs = app
        .ok(
            Role::Compliance,
            "POST",
            "/api/v1/offboarding/erase-due",
            None,
        )
        .await;
    assert_eq!(certs.as_array().unwrap().len(), 1);
    assert!(
        certs[0]["body"]["kept"][0]["until"]
            .as_str()
            .unwrap()
            .starts_with("2036")
    );
    // The job kinds are registered.
    let kinds = standard_registry();
    assert!(
        kinds.kinds().contains(&"offboarding.erase")
            && kinds.kinds().contains(&"offboarding.hold-expiry")
    );
    // The OpenAPI document lists the routes.
    let doc = app
        .ok(Role::Viewer, "GET", "/api/v1/openapi.json", None)
        .await;
    for p in [
        "/api/v1/offboarding/cases",
        "/api/v1/offboarding/cases/{id}/erasure",
        "/api/v1/offboarding/report.csv",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p} missing from OpenAPI");
    }
}

engines!(App:
    cases_page_by_cursor,
    notice_and_steps_over_the_api,
    erasure_holds_and_compliance,
    report_rules_jobs_and_openapi,
);

/// `carewell offboarding open | list | show | report | rules | set-notice-rule | erase-due`
/// against a SQLite file; refusals exit non-zero with a message.
#[tokio::test]
async fn cli_open_show_list_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let app = App::on_file(&db).await;
    let cu = app.customer("Cli Customer", "EE").await;
    app.store.close().await;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_carewell"))
            .arg("--database")
            .arg(&db)
            .args(args)
            .env_remove("CAREWELL_DATABASE_URL")
            .output()
            .unwrap()
    };
    let text = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    let dates = [
        "--notice-date",
        "2026-03-01",
        "--service-end",
        "2026-04-01",
        "--support-end",
        "2026-04-10",
        "--export-until",
        "2026-05-01",
        "--deletion-date",
        "2026-05-02",
    ];
    let mut args = vec![
        "offboarding",
        "open",
        &cu,
        "--reason",
        "unprofitable",
        "--contract-type",
        "payment-account",
    ];
    args.extend(dates);
    let out = run(&args);
    assert!(!out.status.success());
    assert!(text(&out).contains("2 months"), "{}", text(&out));
    let out = run(&["offboarding", "open", &cu, "--reason", "bogus"]);
    assert!(!out.status.success());
    let out = run(&[
        "offboarding",
        "set-notice-rule",
        "--jurisdiction",
        "EE",
        "--contract-type",
        "payment-account",
        "--days",
        "14",
        "--basis",
        "Test contract §3",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&args);
    assert!(out.status.success(), "{}", text(&out));
    let id = text(&out)
        .lines()
        .next()
        .unwrap()
        .trim_start_matches("opened ")
        .to_string();
    let out = run(&["offboarding", "list"]);
    assert!(text(&out).contains("Cli Customer") && text(&out).contains(&id));
    let out = run(&["offboarding", "show", &id]);
    assert!(
        text(&out).contains("EE × payment-account = 14 days"),
        "{}",
        text(&out)
    );
    let out = run(&["offboarding", "show", &id, "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["case"]["status"], "open");
    let out = run(&["offboarding", "report", "--csv"]);
    assert!(text(&out).contains("reason,unprofitable,company,,1,"));
    let out = run(&["offboarding", "rules"]);
    assert!(text(&out).contains("AML"));
    let out = run(&["offboarding", "erase-due"]);
    assert!(text(&out).contains("0 certificate(s)"), "{}", text(&out));
    let out = run(&["offboarding", "show", "nobody"]);
    assert!(!out.status.success());
}

/// `carewell audit verify` after an erasure redacted the customer's audit entries: intact;
/// after raw tampering with a redacted entry's digest: broken, exit code 2.
#[tokio::test]
async fn cli_audit_verify_after_erasure() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let app = App::on_file(&db).await;
    let cu = app.customer("Mari Maasikas", "EE").await;
    let id = closed_past_deadlines(&app, &cu).await;
    app.store
        .erase_offboarding(&Actor::system(), &id, chrono::Utc::now())
        .await
        .unwrap();
    let (seq,): (i64,) = sqlx::query_as(
        "SELECT MIN(seq) FROM audit_log WHERE redacted_at IS NOT NULL AND action = 'customer.create'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_carewell"))
            .arg("--database")
            .arg(&db)
            .args(["audit", "verify"])
            .env_remove("CAREWELL_DATABASE_URL")
            .output()
            .unwrap()
    };
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("intact"));
    sqlx::query("DROP TRIGGER audit_no_update")
        .execute(app.store.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET after_sha256 = before_sha256 WHERE seq = $1")
        .bind(seq)
        .execute(app.store.pool())
        .await
        .unwrap();
    app.store.close().await;
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("BROKEN at entry {seq}")),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
