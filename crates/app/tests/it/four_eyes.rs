//! Four eyes on money (issue 11, point 5): splitting a compensation into amounts under the
//! approval threshold — one after another or all at once — still needs a manager, and a
//! repeated request with the same `Idempotency-Key` books once.

use crate::support::{TestApp, api_request};
use axum::http::StatusCode;
use carewell_domain::money::{Currency, Money};
use carewell_domain::role::Role;
use carewell_store::Actor;
use serde_json::{Value, json};
use tower::ServiceExt;

engines!(TestApp: split_compensation_needs_approval, idempotency_keys_book_once);

/// A customer with a complaint, and a 100 EUR threshold. Returns (customer, complaint).
async fn setup(app: &TestApp) -> (String, String) {
    let eur = Currency::parse("EUR").unwrap();
    app.store
        .set_approval_threshold(
            &Actor::cli(),
            Money {
                minor: 10_000,
                currency: eur,
            },
        )
        .await
        .unwrap();
    let (_, cu) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Split Siim", "language": "et"})),
        )
        .await;
    let cu = cu["id"].as_str().unwrap().to_string();
    let (_, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/complaints",
            Some(
                json!({"customer_id": cu, "category": "billing", "severity": "low",
                "description": "Charged twice"}),
            ),
        )
        .await;
    (cu, c["id"].as_str().unwrap().to_string())
}

fn credit(cu: &str, complaint: &str, amount: &str) -> Value {
    json!({"customer_id": cu, "kind": "credit", "amount": amount, "currency": "EUR",
        "reason": "goodwill", "source_id": complaint})
}

async fn split_compensation_needs_approval(app: TestApp) {
    let (cu, complaint) = setup(&app).await;
    // 60 + 60 > 100: the second needs a manager.
    let mut states = Vec::new();
    for _ in 0..2 {
        let (s, e) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/compensation",
                Some(credit(&cu, &complaint, "60.00")),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
        states.push(e["approval"].as_str().unwrap().to_string());
    }
    assert_eq!(states, ["not-required", "pending"]);
    // Another person has their own budget for this customer.
    let (_, e) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/compensation",
            Some(credit(&cu, &complaint, "60.00")),
        )
        .await;
    assert_eq!(e["approval"], "not-required", "{e}");
    // All at once: 30 concurrent 9.99 EUR credits from one agent for a new customer; at most
    // ten fit under 100 EUR without approval.
    let (cu2, complaint2) = setup(&app).await;
    let token = app.creds(Role::Agent).token.clone();
    let calls = (0..30).map(|_| {
        let req = api_request(
            &token,
            "POST",
            "/api/v1/compensation",
            Some(credit(&cu2, &complaint2, "9.99")),
        );
        app.router.clone().oneshot(req)
    });
    let answers = futures_util::future::join_all(calls).await;
    assert!(
        answers
            .iter()
            .all(|r| r.as_ref().unwrap().status() == StatusCode::CREATED)
    );
    let ledger = app
        .store
        .customer_ledger(carewell_store::Clearance::SYSTEM, &cu2)
        .await
        .unwrap();
    let effective = ledger
        .entries
        .iter()
        .filter(|e| e.approval.is_effective())
        .count();
    assert_eq!(ledger.entries.len(), 30);
    assert_eq!(effective, 10, "10 × 9.99 ≤ 100 < 11 × 9.99");
}

async fn idempotency_keys_book_once(app: TestApp) {
    let (cu, complaint) = setup(&app).await;
    let token = app.creds(Role::Agent).token.clone();
    let send = |key: &str, body: Value| {
        let mut req = api_request(&token, "POST", "/api/v1/compensation", Some(body));
        req.headers_mut()
            .insert("idempotency-key", key.parse().unwrap());
        app.router.clone().oneshot(req)
    };
    let first = send("refund-4711", credit(&cu, &complaint, "12.50"))
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = serde_json::from_slice(
        &axum::body::to_bytes(first.into_body(), usize::MAX)
            .await
            .unwrap(),
    )
    .unwrap();
    // The same request again (a client retrying after a timeout): the first answer, no new entry.
    let again = send("refund-4711", credit(&cu, &complaint, "12.50"))
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = serde_json::from_slice(
        &axum::body::to_bytes(again.into_body(), usize::MAX)
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(again["id"], first["id"]);
    // The same key for another request is refused; a bad key too.
    let other = send("refund-4711", credit(&cu, &complaint, "99.00"))
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = send("with space", credit(&cu, &complaint, "1.00"))
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let ledger = app
        .store
        .customer_ledger(carewell_store::Clearance::SYSTEM, &cu)
        .await
        .unwrap();
    assert_eq!(ledger.entries.len(), 1, "booked once");
    // Keys are per user: another user's same key is a new request. Creates in general too.
    let create = |token: String| {
        let mut req = api_request(
            &token,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Once Olev", "language": "et"})),
        );
        req.headers_mut()
            .insert("idempotency-key", "new-customer-1".parse().unwrap());
        app.router.clone().oneshot(req)
    };
    for _ in 0..3 {
        assert!(create(token.clone()).await.unwrap().status().is_success());
    }
    let manager = app.creds(Role::Manager).token.clone();
    assert_eq!(create(manager).await.unwrap().status(), StatusCode::CREATED);
    let (_, list) = app
        .api(Role::Viewer, "GET", "/api/v1/customers?q=Once%20Olev", None)
        .await;
    assert_eq!(list["total"], 2, "{list}");
}
