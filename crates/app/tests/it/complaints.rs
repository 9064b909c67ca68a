//! Complaints through the HTTP surface, in process, on SQLite and on PostgreSQL: the API
//! workflow and its errors, roles (agents work, managers approve and report, viewers read),
//! compensation approvals and reversals, reports and CSV, and the public form's spam defences.

use crate::msg_support;
use crate::support;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::{Actor, Store};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

struct App {
    store: Store,
    router: Router,
    tokens: HashMap<Role, String>,
    manager2: String,
    _dir: Option<tempfile::TempDir>,
}

async fn app_on(store: Store, dir: Option<tempfile::TempDir>) -> App {
    let tokens = support::users_with_tokens(&store).await;
    // A second manager, to approve what the first one booked.
    let email = Email::parse("manager2@example.com").unwrap();
    let u = store
        .create_user(&Actor::cli(), &email, "m2", Role::Manager, "x")
        .await
        .unwrap();
    let t = store
        .create_api_token(&Actor::cli(), &u.id, "t")
        .await
        .unwrap();
    let router = carewell::app::router(AppState::new(store.clone(), Config::default()));
    App {
        store,
        router,
        tokens,
        manager2: t,
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

    async fn send(&self, req: Request<Body>) -> (StatusCode, String, String) {
        let r = support::fetch(&self.router, req).await;
        (r.status, r.content_type, r.body)
    }

    async fn call(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let (s, _, text) = self
            .send(support::api_request(token, method, path, body))
            .await;
        (
            s,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn api(
        &self,
        role: Role,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.call(&self.tokens[&role], method, path, body).await
    }

    async fn public(&self, path: &str, ip: &str, form: &str) -> (StatusCode, String) {
        let req = Request::builder()
            .method("POST")
            .uri(path)
            .extension(crate::support::peer(ip))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.to_string()))
            .unwrap();
        let (s, _, body) = self.send(req).await;
        (s, body)
    }

    async fn customer(&self, name: &str) -> String {
        let (s, c) = self
            .api(
                Role::Agent,
                "POST",
                "/api/v1/customers",
                Some(json!({"name": name, "language": "et"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        c["id"].as_str().unwrap().to_string()
    }
}

async fn step(app: &App, id: &str, body: Value) -> Value {
    let (s, c) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/complaints/{id}/transitions"),
            Some(body),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    c
}

async fn workflow_over_the_api(app: App) {
    let cu = app.customer("Api Anna").await;
    let body = json!({"customer_id": cu, "category": "billing", "severity": "high",
        "description": "Charged twice", "attachments": [{"name": "invoice.pdf", "content_type": "application/pdf", "size": 1234}]});
    // Viewers read but do not write.
    assert_eq!(
        app.api(
            Role::Viewer,
            "POST",
            "/api/v1/complaints",
            Some(body.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, c) = app
        .api(Role::Agent, "POST", "/api/v1/complaints", Some(body))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let id = c["id"].as_str().unwrap().to_string();
    assert_eq!(c["status"], "new");
    assert_eq!(c["sla"]["state"], "active");
    assert_eq!(c["allowed_actions"], json!(["acknowledge", "escalate"]));
    assert_eq!(c["attachments"][0]["name"], "invoice.pdf");
    // Invalid input and invalid transitions.
    let (s, p) = app
        .api(Role::Agent, "POST", "/api/v1/complaints", Some(json!({"customer_id": cu, "category": "x", "severity": "urgent", "description": ""})))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"].as_array().unwrap().len(), 3);
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/complaints/{id}/transitions"),
            Some(json!({"action": "close"})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(p["code"], "wrong-state");
    assert_eq!(
        p["detail"],
        "cannot Close: the complaint is New; allowed now: Acknowledge, Escalate"
    );
    assert_eq!(
        app.api(
            Role::Viewer,
            "POST",
            &format!("/api/v1/complaints/{id}/transitions"),
            Some(json!({"action": "acknowledge"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    step(&app, &id, json!({"action": "acknowledge"})).await;
    step(&app, &id, json!({"action": "listen"})).await;
    let (s, _) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/complaints/{id}/transitions"),
            Some(json!({"action": "confirm-demand", "demand": ""})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    step(
        &app,
        &id,
        json!({"action": "confirm-demand", "demand": "Refund"}),
    )
    .await;
    let w = step(
        &app,
        &id,
        json!({"action": "wait-on-customer", "note": "IBAN"}),
    )
    .await;
    assert_eq!(w["sla"]["resolution"]["paused"], true);
    step(&app, &id, json!({"action": "customer-responded"})).await;
    step(&app, &id, json!({"action": "start-resolving"})).await;
    let r = step(
        &app,
        &id,
        json!({"action": "resolve", "resolution": "Refunded", "root_cause": "billing"}),
    )
    .await;
    assert_eq!(r["sla"]["first_response"]["state"], "met");
    assert_eq!(r["sla"]["resolution"]["state"], "met");
    let e = step(&app, &id, json!({"action": "escalate", "reason": "VIP"})).await;
    assert_eq!(e["escalation_level"], 1);
    step(&app, &id, json!({"action": "follow-up"})).await;
    let closed = step(&app, &id, json!({"action": "close"})).await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["allowed_actions"], json!(["reopen"]));
    let (s, d) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/complaints/{id}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(d["events"].as_array().unwrap().len() >= 12);
    assert!(
        d["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["kind"] == "follow-up-visit")
    );
    assert!(
        d["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["kind"] == "escalation")
    );
    assert!(
        d.get("satisfaction_token").is_none(),
        "the token never leaves through the API"
    );
    let (_, page) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/complaints?customer_id={cu}&status=closed"),
            None,
        )
        .await;
    assert_eq!(page["total"], 1);
    assert_eq!(
        app.api(
            Role::Viewer,
            "GET",
            "/api/v1/complaints?severity=urgent",
            None
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Compensation: the agent books; above the threshold a manager (not the booker) approves.
    let comp = |amount: &str| json!({"customer_id": cu, "kind": "refund", "amount": amount, "currency": "EUR", "reason": "double charge", "source_id": id});
    let (s, small) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/compensation",
            Some(comp("12.50")),
        )
        .await;
    assert_eq!(
        (s, small["approval"].as_str()),
        (StatusCode::CREATED, Some("not-required"))
    );
    let (_, big) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/compensation",
            Some(comp("300")),
        )
        .await;
    assert_eq!(big["approval"], "pending");
    let big_id = big["id"].as_str().unwrap();
    assert_eq!(
        app.api(
            Role::Agent,
            "POST",
            &format!("/api/v1/compensation/{big_id}/approve"),
            Some(json!({}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.api(
            Role::Manager,
            "POST",
            &format!("/api/v1/compensation/{big_id}/approve"),
            Some(json!({}))
        )
        .await
        .0,
        StatusCode::CONFLICT,
        "booker may not approve"
    );
    let (_, pending) = app
        .api(Role::Manager, "GET", "/api/v1/compensation/pending", None)
        .await;
    assert_eq!(pending.as_array().unwrap().len(), 1);
    let (s, ok) = app
        .call(
            &app.manager2,
            "POST",
            &format!("/api/v1/compensation/{big_id}/approve"),
            Some(json!({"note": "ok"})),
        )
        .await;
    assert_eq!(
        (s, ok["approval"].as_str()),
        (StatusCode::OK, Some("approved"))
    );
    let small_id = small["id"].as_str().unwrap();
    let (s, rev) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/compensation/{small_id}/reverse"),
            Some(json!({"reason": "mistake"})),
        )
        .await;
    assert_eq!(
        (s, rev["amount"].as_str()),
        (StatusCode::CREATED, Some("-12.50"))
    );
    assert_eq!(
        app.api(
            Role::Agent,
            "POST",
            &format!("/api/v1/compensation/{small_id}/reverse"),
            Some(json!({"reason": "again"}))
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    let (_, ledger) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/customers/{cu}/compensation"),
            None,
        )
        .await;
    assert_eq!(
        ledger["totals"],
        json!([{"currency": "EUR", "amount_minor": 30000, "amount": "300.00"}])
    );
    assert_eq!(app.api(Role::Agent, "POST", "/api/v1/compensation", Some(json!({"customer_id": cu, "kind": "reversal", "amount": "1", "currency": "EUR", "reason": "r", "source_id": id}))).await.0, StatusCode::UNPROCESSABLE_ENTITY);

    // Reports: managers only; JSON and CSV.
    assert_eq!(
        app.api(Role::Agent, "GET", "/api/v1/complaints/report", None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (s, r) = app
        .api(Role::Manager, "GET", "/api/v1/complaints/report", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(r["total"], 1);
    assert_eq!(r["root_causes"][0]["key"], "billing");
    assert_eq!(r["overall_sla"]["percent_met"], 100.0);
    let req = Request::builder()
        .uri("/api/v1/complaints/report.csv?from=2020-01-01")
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", app.tokens[&Role::Manager]),
        )
        .body(Body::empty())
        .unwrap();
    let (s, ct, csv) = app.send(req).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("text/csv"));
    assert_eq!(csv.lines().count(), 2);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .contains(",billing,high,closed,")
    );
    // SLA policies and the sweep.
    let (_, pol) = app
        .api(Role::Viewer, "GET", "/api/v1/sla-policies", None)
        .await;
    assert_eq!(pol[0]["severity"], "critical");
    assert_eq!(pol[0]["first_response_minutes"], 60);
    let cal = pol[1]["calendar"].clone();
    assert_eq!(
        app.api(
            Role::Agent,
            "PUT",
            "/api/v1/sla-policies/high",
            Some(json!({"first_response_minutes": 30, "resolution_minutes": 60, "calendar": cal}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, p) = app
        .api(
            Role::Manager,
            "PUT",
            "/api/v1/sla-policies/high",
            Some(json!({"first_response_minutes": 90, "resolution_minutes": 60, "calendar": cal})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let (s, sweep) = app
        .api(Role::Manager, "POST", "/api/v1/complaints/sla-sweep", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(sweep["checked"], 0);
    // Documented.
    let (_, doc) = app
        .api(Role::Viewer, "GET", "/api/v1/openapi.json", None)
        .await;
    for p in [
        "/api/v1/complaints",
        "/api/v1/complaints/{id}/transitions",
        "/api/v1/compensation/{id}/approve",
        "/api/v1/complaints/report.csv",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p} documented");
    }
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}

async fn public_form_is_spam_safe(app: App) {
    let cu = app.customer("Public Peeter").await;
    let (s, l) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/customers/{cu}/complaint-link"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let path = format!(
        "/public/complaints/{}",
        l["url"].as_str().unwrap().rsplit('/').next().unwrap()
    );
    // Anonymous, in the customer's language (Estonian).
    let (s, _, html) = app
        .send(Request::builder().uri(&path).body(Body::empty()).unwrap())
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Rääkige meile"), "{html}");
    let (s, _, _) = app
        .send(
            Request::builder()
                .uri("/public/complaints/nope")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let ip = format!("10.9.{}.{}", rand_octet(), rand_octet());
    // A bot fills the honeypot: it sees thanks, nothing is stored.
    let (s, _) = app
        .public(
            &path,
            &ip,
            "category=billing&description=buy+pills&website=http%3A%2F%2Fspam",
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let count = |app: &App| {
        let store = app.store.clone();
        let cu = cu.clone();
        async move {
            store
                .search_complaints(
                    &carewell_store::complaints::ComplaintQuery {
                        customer_id: Some(cu),
                        ..Default::default()
                    },
                    10,
                    0,
                )
                .await
                .unwrap()
                .total
        }
    };
    assert_eq!(count(&app).await, 0);
    // Too long, empty: refused with the form again.
    let long = "x".repeat(5001);
    assert_eq!(
        app.public(&path, &ip, &format!("category=billing&description={long}"))
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.public(&path, &ip, "category=billing&description=")
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let ip2 = format!("10.8.{}.{}", rand_octet(), rand_octet());
    let huge = "y".repeat(20_000);
    assert_eq!(
        app.public(&path, &ip2, &format!("description={huge}"))
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A real complaint.
    let (s, body) = app
        .public(
            &path,
            &ip2,
            "category=delivery&subject=Broken&description=The+parcel+was+broken&urgent=1",
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(count(&app).await, 1);
    let c = app
        .store
        .search_complaints(&Default::default(), 50, 0)
        .await
        .unwrap()
        .items;
    let c = c.iter().find(|c| c.customer_id == cu).unwrap();
    assert_eq!(
        (c.channel.as_str(), c.severity.as_str(), c.category.as_str()),
        ("web-form", "high", "delivery")
    );
    // The per-address bucket runs dry (5 requests from `ip` so far: 4 here, then 429).
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            app.public(&path, &ip, "category=billing&description=again")
                .await
                .0,
        );
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );

    // The satisfaction question after resolution, also anonymous: no link before.
    assert!(
        app.store
            .satisfaction_link(&Actor::cli(), &c.id)
            .await
            .is_err(),
        "not resolved yet"
    );
    let ip3 = format!("10.7.{}.{}", rand_octet(), rand_octet());
    for a in [
        json!({"action": "acknowledge"}),
        json!({"action": "listen"}),
        json!({"action": "confirm-demand", "demand": "new parcel"}),
        json!({"action": "start-resolving"}),
        json!({"action": "resolve", "resolution": "sent", "root_cause": "packaging"}),
    ] {
        step(&app, &c.id, a).await;
    }
    let sat = app
        .store
        .satisfaction_link(&Actor::cli(), &c.id)
        .await
        .unwrap();
    assert_eq!(
        app.public(&sat, &ip3, "score=9").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.public(&sat, &ip3, "score=5&comment=great").await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.store.complaint(&c.id).await.unwrap().satisfaction_score,
        Some(5)
    );
}

fn rand_octet() -> u8 {
    (uuid::Uuid::new_v4().as_u128() % 250) as u8 + 1
}

async fn staff_pages_render(app: App) {
    // Session-based pages are covered by e2e/complaints.mjs; here: anonymous users are sent to
    // the login page and the public form needs no login.
    let (s, _, _) = app
        .send(
            Request::builder()
                .uri("/complaints")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let cu = app.customer("Page Paula").await;
    let token = app.store.complaint_link(&Actor::cli(), &cu).await.unwrap();
    let (s, _, _) = app
        .send(
            Request::builder()
                .uri(format!("/public/complaints/{token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
}

/// Every customer-facing message exists in every shipped language and mentions the complaint.
#[tokio::test]
async fn customer_messages_render_in_every_language() {
    use carewell::complaints::messages::{ALL, Context, render};
    let app = App::sqlite().await;
    let cu = app.customer("Keel Kati").await;
    let input = carewell_domain::complaint::ComplaintInput::parse(
        &cu,
        "email",
        "billing",
        "low",
        Some("Arve"),
        "Topelt",
        vec![],
    )
    .unwrap();
    let c = app
        .store
        .create_complaint(&Actor::cli(), &input, None)
        .await
        .unwrap();
    let ctx = Context {
        name: "Kati",
        agent: "Mari",
        note: "IBAN",
        link: "https://x/s",
    };
    for lang in ["en", "zh-CN", "et"] {
        for m in ALL {
            let r = render(lang, m, &c, &ctx);
            for text in [&r.subject, &r.body] {
                assert!(
                    !text.starts_with("complaint-"),
                    "{lang} {} missing: {text}",
                    m.template()
                );
            }
            assert!(
                r.body.contains("Kati"),
                "{lang} {}: {}",
                m.template(),
                r.body
            );
        }
    }
    let en = render(
        "en-GB",
        carewell_domain::complaint::workflow::CustomerMessage::Acknowledged,
        &c,
        &ctx,
    );
    assert_eq!(en.subject, "We have received your complaint: Arve");
    let et = render(
        "et",
        carewell_domain::complaint::workflow::CustomerMessage::Acknowledged,
        &c,
        &ctx,
    );
    assert!(et.body.contains("Mari") && et.subject.contains("Arve"));
}

/// Severity changes over the API: writers only, a reason required, the new targets apply.
async fn severity_change_over_the_api(app: App) {
    let cu = app.customer("Severity Sirje").await;
    let (_, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/complaints",
            Some(json!({"customer_id": cu, "category": "service", "severity": "low", "description": "Slow"})),
        )
        .await;
    let id = c["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/complaints/{id}/severity");
    let body = json!({"severity": "critical", "reason": "the whole site is down"});
    assert_eq!(
        app.api(Role::Viewer, "PUT", &path, Some(body.clone()))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    for bad in [
        json!({"severity": "critical", "reason": " "}),
        json!({"severity": "urgent", "reason": "x"}),
    ] {
        assert_eq!(
            app.api(Role::Agent, "PUT", &path, Some(bad)).await.0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let (s, out) = app.api(Role::Agent, "PUT", &path, Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{out}");
    assert_eq!(out["severity"], "critical");
    assert_eq!(out["sla"]["first_response"]["target_seconds"], 3600);
    let (_, d) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/complaints/{id}"),
            None,
        )
        .await;
    assert!(
        d["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "severity")
    );
    let (_, doc) = app
        .api(Role::Viewer, "GET", "/api/v1/openapi.json", None)
        .await;
    assert!(
        doc["paths"]
            .get("/api/v1/complaints/{id}/severity")
            .is_some()
    );
}

/// Acknowledgement and the satisfaction question leave through the outbox and the real
/// delivery path (job runner, SMTP to a loopback sink) in the customer's language.
async fn customer_mail_is_delivered_in_their_language(app: App) {
    use carewell::app::jobs::{runner, standard_registry};
    use chrono::{Duration, NaiveTime, TimeZone, Utc};
    let sink = msg_support::SmtpSink::start().await;
    let mut customers = Vec::new();
    for (name, lang, mail, tz) in [
        ("李伟", "zh-CN", "li.wei@example.com", "Asia/Shanghai"),
        (
            "Mari Kask",
            "et-EE",
            "mari.kask@example.com",
            "Europe/Tallinn",
        ),
        (
            "Jean Dupont",
            "fr",
            "jean.dupont@example.com",
            "Europe/Paris",
        ),
    ] {
        let (st, c) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/customers",
                Some(json!({"name": name, "language": lang, "email": mail, "timezone": tz})),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{c}");
        customers.push(c["id"].as_str().unwrap().to_string());
    }
    let mut ids = Vec::new();
    for (cu, subject) in customers
        .iter()
        .zip(["重复扣费", "Topeltarve", "Double débit"])
    {
        let (st, c) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/complaints",
                Some(
                    json!({"customer_id": cu, "category": "billing", "severity": "high",
                    "subject": subject, "description": "Charged twice"}),
                ),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{c}");
        let id = c["id"].as_str().unwrap().to_string();
        step(&app, &id, json!({"action": "acknowledge"})).await;
        ids.push(id);
    }
    // The Estonian complaint is resolved; its follow-up day comes (the timer is moved to now).
    for b in [
        json!({"action": "listen"}),
        json!({"action": "confirm-demand", "demand": "Tagastage teine makse"}),
        json!({"action": "start-resolving"}),
        json!({"action": "resolve", "resolution": "Makse tagastatud", "root_cause": "billing"}),
    ] {
        step(&app, &ids[1], b).await;
    }
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE kind = 'complaint.satisfaction'")
        .bind(carewell_domain::time::fmt_ts(
            Utc::now() - Duration::seconds(1),
        ))
        .execute(app.store.pool())
        .await
        .unwrap();
    // The quarterly relationship NPS would ask these new customers in the same batch of jobs
    // and, whichever commits first, the recontact throttle would skip the other survey: off,
    // so this test sees the satisfaction question alone.
    sqlx::query("UPDATE survey_settings SET relationship_nps = 0")
        .execute(app.store.pool())
        .await
        .unwrap();
    let mut config = msg_support::config("", &sink);
    config.base_url = "https://care.example.test/".into();
    config.message_cap = 10;
    let runner = runner(app.store.clone(), Arc::new(config), standard_registry()).unwrap();
    // Every due job, however many the worker claims at a time.
    let mut ran = 0;
    for _ in 0..10 {
        match runner.run_jobs_once().await.unwrap() {
            0 => break,
            n => ran += n,
        }
    }
    assert!(ran >= 1);
    // Delivered at 10:00 UTC tomorrow: daytime in Shanghai and Tallinn (no quiet hours).
    let d = (Utc::now() + Duration::days(1)).date_naive();
    let ten = Utc.from_utc_datetime(&d.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()));
    // Messages to one customer go oldest first (a younger one waits a few seconds).
    for k in 0..20 {
        runner
            .outbox()
            .run_once(ten + Duration::seconds(10 * k))
            .await
            .unwrap();
    }
    let mails = sink.mails();
    let find = |to: &str, subject: &str| {
        mails
            .iter()
            .find(|m| m.to[0] == format!("<{to}>") && m.subject.starts_with(subject))
            .unwrap_or_else(|| {
                panic!(
                    "no '{subject}' to {to}: {:?}",
                    mails
                        .iter()
                        .map(|m| (&m.to, &m.subject))
                        .collect::<Vec<_>>()
                )
            })
    };
    let zh = find("li.wei@example.com", "我们已收到您的投诉");
    assert_eq!(zh.subject, "我们已收到您的投诉：重复扣费");
    let body = msg_support::mail_body(&zh.data);
    assert!(
        body.contains("尊敬的 李伟") && body.contains("参考编号"),
        "{body}"
    );
    assert!(body.contains(&ids[0][ids[0].len() - 8..]), "{body}");
    assert!(body.contains("agent"), "the acting agent's name: {body}");
    let et = find("mari.kask@example.com", "Oleme teie kaebuse kätte saanud");
    assert_eq!(et.subject, "Oleme teie kaebuse kätte saanud: Topeltarve");
    assert!(msg_support::mail_body(&et.data).contains("Lugupeetud Mari Kask"));
    // A language Carewell does not ship falls back to English.
    let fr = find("jean.dupont@example.com", "We have received your complaint");
    assert_eq!(fr.subject, "We have received your complaint: Double débit");
    assert!(msg_support::mail_body(&fr.data).contains("Dear Jean Dupont"));
    let resolved = find("mari.kask@example.com", "Teie kaebus on lahendatud");
    assert!(msg_support::mail_body(&resolved.data).contains("Makse tagastatud"));
    let q = find("mari.kask@example.com", "Kuidas meil läks?");
    let body = msg_support::mail_body(&q.data);
    let start = "https://care.example.test/public/satisfaction/";
    let at = body.find(start).unwrap_or_else(|| panic!("{body}")) + start.len();
    let token: String = body[at..].chars().take(64).collect();
    let token = token.as_str();
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()), "{body}");
    assert_eq!(
        app.store
            .complaint_by_satisfaction_token(token)
            .await
            .unwrap()
            .id,
        ids[1]
    );
    // Every message was sent once; nothing is left.
    for cu in &customers {
        let page = carewell_store::outbox::for_customer(&app.store, cu, 50, 0)
            .await
            .unwrap();
        assert!(
            page.items.iter().all(|m| m.status == "sent"),
            "{:?}",
            page.items
        );
    }
    let n = mails.len();
    runner.drain().await.unwrap();
    runner
        .outbox()
        .run_once(ten + Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(sink.count(), n, "nothing sent twice");
}

/// The standard registry runs the complaint timers: an overdue complaint's breach timer fires
/// through the runner (escalation, tasks), and the periodic sweep is enqueued once a minute.
async fn runner_fires_sla_timers_and_the_periodic_sweep(app: App) {
    use carewell::app::jobs::{runner, standard_registry};
    use carewell_store::jobs;
    use chrono::{Duration, Utc};
    let reg = standard_registry();
    for k in [
        "complaint.sla-check",
        "complaint.satisfaction",
        "complaints.sla_sweep",
    ] {
        assert!(reg.kinds().contains(&k), "{k} registered");
    }
    let cu = app.customer("Overdue Olga").await;
    let input = carewell_domain::complaint::ComplaintInput::parse(
        &cu,
        "phone",
        "service",
        "critical",
        Some("Down since this morning"),
        "Nothing works",
        vec![],
    )
    .unwrap();
    // Received 2 h ago: the 60 min first response is overdue, its timer due at once.
    let c = app
        .store
        .create_complaint_received(
            &Actor::cli(),
            &input,
            None,
            Some(Utc::now() - Duration::hours(2)),
        )
        .await
        .unwrap();
    let key = format!("complaint:{}:first-response-breach", c.id);
    assert!(jobs::by_key(&app.store, &key).await.unwrap().is_some());
    let config = Config {
        retry_base_secs: 0,
        ..Config::default()
    };
    let runner = runner(app.store.clone(), Arc::new(config), reg).unwrap();
    runner.run_jobs_once().await.unwrap();
    runner.drain().await.unwrap();
    let after = app.store.complaint(&c.id).await.unwrap();
    assert_eq!(
        after.escalation_level, 1,
        "escalated once, by timer or sweep"
    );
    assert!(
        after
            .sla_notified
            .contains(&"first-response-breach".to_string())
    );
    let tasks = app
        .store
        .tasks_for_source("complaint", &c.id)
        .await
        .unwrap();
    assert_eq!(
        tasks.iter().filter(|t| t.kind == "sla-breach").count(),
        1,
        "the managers' queue"
    );
    let (sweeps,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'complaints.sla_sweep' AND unique_key LIKE 'complaints.sla_sweep:%'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert!((1..=2).contains(&sweeps), "one per minute: {sweeps}");
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}

/// The demo seeds 21 complaints in every state in the customers' languages, through the
/// workflow (history, audit, timers, outbox); without SMTP their e-mail waits quietly.
async fn demo_seeds_complaints(db: msg_support::Db) {
    use carewell::messaging::deliver::{Deliverer, SMTP_OFF};
    let config = Config {
        database_url: db.url.clone(),
        ..Config::default()
    };
    carewell::demo::seed(config.clone(), 60).await.unwrap();
    let s = &db.store;
    let all = s
        .search_complaints(&Default::default(), 100, 0)
        .await
        .unwrap();
    // 21 from the complaints demo (other demo parts add their own), in each language.
    assert!(all.total >= 21, "{}", all.total);
    for subject in [
        "Charged twice for March",
        "三月份重复扣费",
        "Märtsi arve eest",
    ] {
        let q = carewell_store::complaints::ComplaintQuery {
            q: Some(subject.into()),
            ..Default::default()
        };
        assert_eq!(
            s.search_complaints(&q, 5, 0).await.unwrap().total,
            1,
            "{subject}"
        );
    }
    let statuses: std::collections::HashSet<&str> =
        all.items.iter().map(|c| c.status.as_str()).collect();
    assert!(statuses.len() >= 8, "{statuses:?}");
    assert!(all.items.iter().any(|c| c.satisfaction_score.is_some()));
    let (entries, pending): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), (SELECT COUNT(*) FROM ledger_entries e WHERE e.requires_approval = 1 \
         AND NOT EXISTS (SELECT 1 FROM ledger_decisions d WHERE d.entry_id = e.id)) FROM ledger_entries",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert!(entries >= 3, "{entries}");
    assert_eq!(pending, 0, "the approval queue starts empty");
    let langs: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT language FROM outbox WHERE event LIKE 'complaint.%' AND customer_id IS NOT NULL ORDER BY language",
    )
    .fetch_all(s.pool())
    .await
    .unwrap();
    let langs: Vec<&str> = langs.iter().map(|(l,)| l.as_str()).collect();
    assert!(
        langs.contains(&"zh-CN") && langs.iter().any(|l| l.starts_with("et")),
        "{langs:?}"
    );
    // Again: no second batch.
    carewell::demo::seed(config.clone(), 60).await.unwrap();
    assert_eq!(
        s.search_complaints(&Default::default(), 1, 0)
            .await
            .unwrap()
            .total,
        all.total
    );
    // No SMTP: e-mail is deferred with the reason, not failed, no attempt used.
    let d = Deliverer::new(s.clone(), &config).unwrap();
    d.run_once(chrono::Utc::now()).await.unwrap();
    let (failed,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE status IN ('failed', 'dead')")
            .fetch_one(s.pool())
            .await
            .unwrap();
    assert_eq!(failed, 0);
    let (waiting, attempts): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(MAX(attempts), 0) FROM outbox WHERE status = 'deferred' AND reason = $1",
    )
    .bind(SMTP_OFF)
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert!(waiting > 0);
    assert_eq!(attempts, 0);
    assert!(s.verify_audit().await.unwrap().is_ok());
}

engines!(msg_support::Db: demo_seeds_complaints);

engines!(App:
    workflow_over_the_api,
    public_form_is_spam_safe,
    staff_pages_render,
    customer_mail_is_delivered_in_their_language,
    runner_fires_sla_timers_and_the_periodic_sweep,
    severity_change_over_the_api,
);
