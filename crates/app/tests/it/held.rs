//! Records under a retention hold (transactions, contracts, the compensation ledger of an
//! offboarded customer) are readable by compliance and admins only. This walks every route that
//! can return such rows or figures drawn from them, API and pages, as every role: viewers,
//! agents and managers get 403 or the rows left out (marked restricted); compliance and admins
//! read everything. Decisions on a held ledger entry are refused to those who cannot read it.

use crate::support::{Res, TestApp, api_request};
use axum::http::StatusCode;
use carewell_domain::role::Role;
use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{Value, json};

/// Words and figures that only the held records carry (the invoice's 4321.09 EUR as text, as
/// minor units and with a thousands separator; never a bare "4321", which a random id can
/// hold).
const MARKERS: &[&str] = &[
    "Held invoice",
    "4321.",
    ":432109",
    "4,321",
    "Held Gold contract",
    "999.77",
    "Held refund reason",
    "765.43",
    "Held credit reason",
    "12.34",
];

/// What one route answers.
struct Seen {
    status: StatusCode,
    body: String,
}

impl Seen {
    fn leaks(&self) -> Vec<&'static str> {
        MARKERS
            .iter()
            .copied()
            .filter(|m| self.body.contains(m))
            .collect()
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

async fn get(app: &TestApp, role: Role, path: &str) -> Seen {
    let r: Res = if path.starts_with("/api/") {
        let token = app.creds(role).token.clone();
        app.fetch(api_request(&token, "GET", path, None)).await
    } else {
        app.page(role, path, "en").await
    };
    Seen {
        status: r.status,
        body: r.body,
    }
}

/// The ids of what the held customer has.
struct Held {
    customer: String,
    complaint: String,
    case: String,
    pending: String,
    booked: String,
}

async fn created(app: &TestApp, role: Role, path: &str, body: Value) -> Value {
    let (s, v) = app.api(role, "POST", path, Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{path}: {v}");
    v
}

/// A customer with a transaction, a contract, a complaint with a pending and a booked entry,
/// an offboarding case, and a running hold on all three tables (as erasure leaves it).
async fn held_customer(app: &TestApp) -> Held {
    let c = created(
        app,
        Role::Agent,
        "/api/v1/customers",
        json!({"name": "Hella Held", "country": "EE"}),
    )
    .await;
    let cu = c["id"].as_str().unwrap().to_string();
    let when = (Utc::now() - Duration::days(30)).to_rfc3339_opts(SecondsFormat::Secs, true);
    created(
        app,
        Role::Agent,
        &format!("/api/v1/customers/{cu}/transactions"),
        json!({"amount": "4321.09", "currency": "EUR", "occurred_at": when,
            "description": "Held invoice"}),
    )
    .await;
    created(
        app,
        Role::Agent,
        &format!("/api/v1/customers/{cu}/contracts"),
        json!({"name": "Held Gold contract", "start_date": "2026-01-01",
            "end_date": "2027-01-01", "value": "999.77", "currency": "EUR"}),
    )
    .await;
    let complaint = created(
        app,
        Role::Agent,
        "/api/v1/complaints",
        json!({"customer_id": cu, "category": "billing", "severity": "high",
            "description": "Charged twice for the same month"}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let entry = |amount: &str, reason: &str| {
        json!({"customer_id": cu, "kind": "refund", "amount": amount, "currency": "EUR",
            "reason": reason, "source_id": complaint})
    };
    let pending = created(
        app,
        Role::Agent,
        "/api/v1/compensation",
        entry("765.43", "Held refund reason"),
    )
    .await;
    assert_eq!(pending["approval"], "pending");
    let booked = created(
        app,
        Role::Agent,
        "/api/v1/compensation",
        entry("12.34", "Held credit reason"),
    )
    .await;
    let case = created(
        app,
        Role::Manager,
        "/api/v1/offboarding/cases",
        json!({"customer_id": cu, "reason": "staff-abuse"}),
    )
    .await;
    let case = case["id"].as_str().unwrap().to_string();
    sqlx::query(
        "INSERT INTO offboarding_holds (id, case_id, customer_id, category, tables, legal_basis, \
         held_until, created_at, released_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)",
    )
    .bind("hold-all")
    .bind(&case)
    .bind(&cu)
    .bind("financial")
    .bind(r#"["transactions","contracts","ledger_entries"]"#)
    .bind("AML Act § 47")
    .bind("2099-01-01")
    .bind("2026-01-01T00:00:00.000000Z")
    .execute(app.store.pool())
    .await
    .unwrap();
    Held {
        customer: cu,
        complaint,
        case,
        pending: pending["id"].as_str().unwrap().to_string(),
        booked: booked["id"].as_str().unwrap().to_string(),
    }
}

/// Every GET route that can carry held rows or figures drawn from them.
fn routes(h: &Held) -> Vec<String> {
    let (cu, cmp, case) = (&h.customer, &h.complaint, &h.case);
    let mut r = vec![
        format!("/api/v1/customers/{cu}/transactions"),
        format!("/api/v1/customers/{cu}/contracts"),
        format!("/api/v1/customers/{cu}/compensation"),
        format!("/api/v1/customers/{cu}/timeline"),
        format!("/api/v1/complaints/{cmp}"),
        "/api/v1/compensation/pending".into(),
        "/api/v1/offboarding/cases".into(),
        format!("/api/v1/offboarding/cases/{case}"),
        "/api/v1/offboarding/report".into(),
        "/api/v1/offboarding/report.csv".into(),
        "/api/v1/client-fit".into(),
        format!("/api/v1/client-fit/{cu}"),
        format!("/customers/{cu}"),
        format!("/complaints/{cmp}"),
        "/complaints".into(),
        "/offboarding".into(),
        format!("/offboarding/{case}"),
        "/offboarding/reports".into(),
        "/offboarding/reports.csv".into(),
        "/client-fit".into(),
        format!("/client-fit/{cu}"),
    ];
    // The timeline, one item per page.
    for offset in 0..8 {
        r.push(format!(
            "/api/v1/customers/{cu}/timeline?limit=1&offset={offset}"
        ));
    }
    r
}

async fn walked_by_every_role(app: TestApp) {
    let h = held_customer(&app).await;
    for role in Role::ALL {
        for path in routes(&h) {
            let seen = get(&app, role, &path).await;
            if role.sees_held() {
                assert!(
                    seen.status == StatusCode::OK || seen.status == StatusCode::FORBIDDEN,
                    "{role} {path}: {}",
                    seen.status
                );
            } else {
                assert!(
                    seen.status == StatusCode::FORBIDDEN || seen.leaks().is_empty(),
                    "{role} {path} ({}) shows held {:?}",
                    seen.status,
                    seen.leaks()
                );
                assert_ne!(seen.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
            }
        }
    }

    // Compliance and admins read the held rows themselves.
    for role in [Role::Compliance, Role::Admin] {
        for (path, marker) in [
            (
                format!("/api/v1/customers/{}/transactions", h.customer),
                "Held invoice",
            ),
            (
                format!("/api/v1/customers/{}/contracts", h.customer),
                "Held Gold contract",
            ),
            (
                format!("/api/v1/customers/{}/compensation", h.customer),
                "Held refund reason",
            ),
            (
                format!("/api/v1/customers/{}/timeline", h.customer),
                "Held invoice",
            ),
            (
                format!("/api/v1/complaints/{}", h.complaint),
                "Held refund reason",
            ),
            (format!("/customers/{}", h.customer), "Held invoice"),
            (format!("/complaints/{}", h.complaint), "Held refund reason"),
            (format!("/offboarding/{}", h.case), "4,321.09 EUR"),
            ("/offboarding/reports.csv".into(), "4321.09"),
        ] {
            let seen = get(&app, role, &path).await;
            assert_eq!(seen.status, StatusCode::OK, "{role} {path}");
            assert!(seen.body.contains(marker), "{role} {path}: {}", seen.body);
        }
        let d = get(&app, role, &format!("/api/v1/complaints/{}", h.complaint))
            .await
            .json();
        assert_eq!(d["compensation_restricted"], false);
        assert_eq!(d["compensation"].as_array().map(Vec::len), Some(2));
        let c = get(&app, role, &format!("/api/v1/offboarding/cases/{}", h.case))
            .await
            .json();
        assert_eq!(c["restricted"], true, "the hold runs");
        assert_eq!(c["revenue_12m"][0]["amount"], "4321.09", "{c}");
        assert!(c["impact"].is_object(), "{c}");
        let r = get(&app, role, "/api/v1/offboarding/report").await.json();
        assert_eq!(r["revenue_restricted_cases"], 0, "{r}");
    }

    let pending = get(&app, Role::Admin, "/api/v1/compensation/pending").await;
    assert!(pending.body.contains("765.43"), "{}", pending.body);

    // The others: the same routes answer, with the held part left out and said so.
    for role in [Role::Viewer, Role::Agent, Role::Manager] {
        for what in ["transactions", "contracts", "compensation"] {
            let seen = get(
                &app,
                role,
                &format!("/api/v1/customers/{}/{what}", h.customer),
            )
            .await;
            assert_eq!(seen.status, StatusCode::FORBIDDEN, "{role} {what}");
            assert_eq!(seen.json()["code"], "restricted", "{}", seen.body);
        }
        let d = get(&app, role, &format!("/api/v1/complaints/{}", h.complaint)).await;
        assert_eq!(d.status, StatusCode::OK);
        let d = d.json();
        assert_eq!(d["compensation_restricted"], true, "{role}");
        assert!(d["compensation"].is_null(), "{role}: {d}");
        let c = get(&app, role, &format!("/api/v1/offboarding/cases/{}", h.case)).await;
        assert_eq!(c.status, StatusCode::OK);
        let c = c.json();
        assert_eq!(c["restricted"], true);
        assert!(c["revenue_12m"].is_null(), "{role}: {c}");
        assert!(c["impact"].is_null(), "{role}: {c}");
        let list = get(&app, role, "/api/v1/offboarding/cases").await.json();
        assert!(list["items"][0]["revenue_12m"].is_null(), "{list}");
        let page = get(&app, role, &format!("/customers/{}", h.customer)).await;
        assert!(page.body.contains("id=\"records-held\""), "{role}");
        assert!(page.body.contains("AML Act § 47"));
        let page = get(&app, role, &format!("/complaints/{}", h.complaint)).await;
        assert_eq!(page.status, StatusCode::OK, "{role}");
        if role == Role::Manager {
            let r = get(&app, role, "/offboarding/reports").await;
            assert_eq!(r.status, StatusCode::OK);
        }
    }
    let r = get(&app, Role::Manager, "/api/v1/offboarding/report")
        .await
        .json();
    assert_eq!(r["revenue_restricted_cases"], 1, "{r}");
    let pending = get(&app, Role::Manager, "/api/v1/compensation/pending").await;
    assert_eq!(pending.status, StatusCode::OK);
    assert!(!pending.body.contains(&h.pending), "left out of the queue");

    // Deciding on a held entry needs to read it: refused, nothing changes; admins may.
    for (action, id) in [("approve", &h.pending), ("reverse", &h.booked)] {
        let path = format!("/api/v1/compensation/{id}/{action}");
        let (s, p) = app
            .api(
                Role::Manager,
                "POST",
                &path,
                Some(json!({"note": "ok", "reason": "booked twice"})),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{action}: {p}");
        assert_eq!(p["code"], "restricted", "{p}");
    }
    let (_, d) = app
        .api(
            Role::Admin,
            "GET",
            &format!("/api/v1/complaints/{}", h.complaint),
            None,
        )
        .await;
    let approvals: Vec<&str> = d["compensation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["approval"].as_str().unwrap())
        .collect();
    assert!(approvals.contains(&"pending"), "{approvals:?}");
    assert_eq!(
        d["compensation"].as_array().unwrap().len(),
        2,
        "no reversal"
    );
    let (s, p) = app
        .api(
            Role::Admin,
            "POST",
            &format!("/api/v1/compensation/{}/approve", h.pending),
            Some(json!({"note": "checked"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
}

/// A prediction is a figure drawn from held transactions: refused (403) to those who may not
/// read held records, and the held customer is left out of the care list (API, page, CSV).
async fn predictions_are_held_too(app: TestApp) {
    let h = held_customer(&app).await;
    let options = carewell_domain::retention::RunRequest::default()
        .options(&Default::default(), Utc::now().date_naive())
        .unwrap();
    let run = app
        .store
        .create_run(&carewell_store::Actor::cli(), &options)
        .await
        .unwrap();
    let done = carewell::retention::run::run_now(&app.store, &run.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.status, "done", "{:?}", done.error);
    let cu = &h.customer;
    for role in Role::ALL {
        let p = get(&app, role, &format!("/api/v1/customers/{cu}/prediction")).await;
        let list = get(&app, role, "/api/v1/retention/at-risk?limit=500").await;
        let page = get(&app, role, "/retention").await;
        let csv = get(&app, role, "/retention.csv").await;
        let customer = get(&app, role, &format!("/customers/{cu}")).await;
        if role.sees_held() {
            assert_eq!(p.status, StatusCode::OK, "{role}: {}", p.body);
            assert!(list.body.contains(cu.as_str()), "{role}");
            assert!(customer.body.contains("id=\"risk\""), "{role}");
        } else {
            assert_eq!(p.status, StatusCode::FORBIDDEN, "{role}: {}", p.body);
            assert_eq!(list.status, StatusCode::OK, "{role}");
            for seen in [&list, &page, &csv] {
                assert!(
                    !seen.body.contains(cu.as_str()),
                    "{role} sees the held customer"
                );
            }
            assert!(
                !customer.body.contains("id=\"risk\""),
                "{role} sees the held risk panel"
            );
        }
    }
}

engines!(TestApp: walked_by_every_role, predictions_are_held_too);
