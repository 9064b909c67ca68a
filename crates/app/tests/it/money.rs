//! Money bounds (issue 11, point 2): one entry is bounded per currency, totals never wrap, and
//! one customer's impossible sums (rows from before the bound) do not fail a list for everyone.

use crate::support::TestApp;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use serde_json::json;

engines!(TestApp: amounts_are_bounded, impossible_sums_do_not_fail_lists);

async fn customer(app: &TestApp, name: &str) -> String {
    let (s, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": name, "language": "en"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    c["id"].as_str().unwrap().to_string()
}

async fn amounts_are_bounded(app: TestApp) {
    let cu = customer(&app, "Bound Berit").await;
    let tx = format!("/api/v1/customers/{cu}/transactions");
    for amount in [
        "92233720368547758.07",
        "-92233720368547758.07",
        "1000000000.01",
    ] {
        let (s, p) = app
            .api(
                Role::Agent,
                "POST",
                &tx,
                Some(json!({"amount": amount, "currency": "EUR", "occurred_at": "2026-01-02"})),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{amount}: {p}");
        assert_eq!(p["errors"][0]["field"], "amount", "{p}");
        assert_eq!(p["errors"][0]["code"], "out-of-range", "{p}");
        let (s, p) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/compensation",
                Some(json!({"customer_id": cu, "kind": "credit", "amount": amount.trim_start_matches('-'),
                    "currency": "EUR", "reason": "goodwill"})),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{amount}: {p}");
    }
    // The largest entry is accepted.
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &tx,
            Some(
                json!({"amount": "1000000000.00", "currency": "EUR", "occurred_at": "2026-01-02"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    let (_, list) = app.api(Role::Viewer, "GET", &tx, None).await;
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(1),
        "nothing refused was stored: {list}"
    );
}

async fn impossible_sums_do_not_fail_lists(app: TestApp) {
    let rich = customer(&app, "Legacy Lars").await;
    let plain = customer(&app, "Plain Piret").await;
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/customers/{plain}/transactions"),
            Some(json!({"amount": "120.00", "currency": "EUR",
                "occurred_at": chrono::Utc::now().format("%Y-%m-%d").to_string()})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    // Rows from before amounts were bounded, written straight to the database.
    let now = carewell_domain::time::fmt_ts(chrono::Utc::now() - chrono::Duration::days(1));
    for i in 0..2 {
        sqlx::query(
            "INSERT INTO transactions (id, customer_id, external_ref, amount_minor, currency, occurred_at, description) \
             VALUES ($1, $2, NULL, $3, 'EUR', $4, NULL)",
        )
        .bind(format!("legacy-tx-{i}"))
        .bind(&rich)
        .bind(i64::MAX)
        .bind(&now)
        .execute(app.store.pool())
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO ledger_entries (id, customer_id, kind, amount_minor, currency, reason, source_kind, source_id, \
             reverses_id, requires_approval, created_by, created_at) \
             VALUES ($1, $2, 'credit', $3, 'EUR', 'legacy', 'complaint', 'legacy', NULL, 0, 'legacy', $4)",
        )
        .bind(format!("legacy-le-{i}"))
        .bind(&rich)
        .bind(-i64::MAX)
        .bind(&now)
        .execute(app.store.pool())
        .await
        .unwrap();
    }
    // The ranking still answers, for everyone, on the API and the page.
    let (s, list) = app
        .api(Role::Manager, "GET", "/api/v1/client-fit", None)
        .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let text = list.to_string();
    assert!(text.contains(&plain) && text.contains(&rich), "{text}");
    let page = app.page(Role::Manager, "/client-fit", "en").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // The ledger total is refused with a reason, never wrapped to a small number.
    let (s, p) = app
        .api(
            Role::Manager,
            "GET",
            &format!("/api/v1/customers/{rich}/compensation"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{p}");
    assert!(p.to_string().contains("total-too-large"), "{p}");
    assert!(!p.to_string().contains("-0.02"), "{p}");
}
