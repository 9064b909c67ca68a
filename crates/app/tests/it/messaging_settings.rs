//! The messaging settings page as an admin uses it, on SQLite and PostgreSQL: a refused
//! webhook address comes back on the same page with the reason beside the field and the input
//! kept (nothing stored); the test message says it waits while SMTP is off; each endpoint shows
//! its last delivery result and its recent failures, and a failing one is marked.

use crate::support;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use carewell_store::Actor;
use support::TestApp;

async fn bad_address_keeps_the_input(app: &TestApp) {
    for (url, reason) in [
        ("not a url", "address"),
        ("ftp://example.com/hook", "http"),
        ("http://127.0.0.1:9/hook", "internal"),
    ] {
        let r = app
            .form(
                Role::Admin,
                "/settings/messaging/webhooks",
                &[
                    ("url", url),
                    ("event_types", "complaint.created"),
                    ("description", "Our <b>SMS</b> gateway"),
                ],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{url}: {}",
            r.body
        );
        // The same page, not a dead end: the form is there with what was typed.
        assert!(r.body.contains(r#"id="endpoint-form""#), "{url}");
        assert!(
            r.body.contains(r#"id="e-url""#),
            "{url}: the reason beside the field"
        );
        let shown = url.replace('&', "&amp;");
        assert!(
            r.body.contains(&format!("value=\"{shown}\"")),
            "{url}: {}",
            r.body
        );
        assert!(
            r.body.contains(r#"value="complaint.created" checked"#),
            "{url}: ticked boxes stay ticked"
        );
        let kept = support::between(&r.body, "name=\"description\" value=\"", "\"");
        assert!(
            kept.contains("SMS") && !kept.contains('<'),
            "{url}: kept and escaped: {kept}"
        );
        assert!(!r.body.to_lowercase().contains(&format!("{reason}-never")));
    }
    assert!(app.store.webhook_endpoints().await.unwrap().is_empty());
}

async fn test_message_says_it_waits_without_smtp(app: &TestApp) {
    let r = app
        .form(
            Role::Admin,
            "/settings/messaging/test",
            &[("to", "ops@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page(Role::Admin, &r.location, "en").await;
    assert!(page.body.contains("waits in the outbox"), "{}", page.body);
    let page = app.page(Role::Admin, &r.location, "et").await;
    assert!(page.body.contains("SMTP"), "{}", page.body);
}

async fn endpoints_show_their_delivery_health(app: &TestApp) {
    let s = &app.store;
    let quiet = s
        .create_webhook_endpoint(
            &Actor::cli(),
            "https://quiet.example.com/h",
            "s1",
            &[],
            "quiet",
        )
        .await
        .unwrap();
    let bad = s
        .create_webhook_endpoint(&Actor::cli(), "https://bad.example.com/h", "s2", &[], "bad")
        .await
        .unwrap();
    // Two messages to the bad one: the older was sent, the newer failed three times.
    let now = chrono::Utc::now();
    for (i, (status, tries)) in [
        ("sent", vec!["sent"]),
        ("dead", vec!["failed", "failed", "dead"]),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("msg-{i}-{}", bad.id);
        let at = carewell_domain::time::fmt_ts(now - chrono::Duration::minutes(10 - i as i64));
        sqlx::query(
            "INSERT INTO outbox (id, idempotency_key, channel, class, event, recipient, status, reason, \
             max_attempts, next_attempt_at, created_at, updated_at) \
             VALUES ($1, $2, 'webhook', 'service', 'complaint.created', $3, $4, $5, 5, $6, $6, $6)",
        )
        .bind(&id)
        .bind(&id)
        .bind(&bad.id)
        .bind(status)
        .bind((status == "dead").then_some("HTTP 500"))
        .bind(&at)
        .execute(s.pool())
        .await
        .unwrap();
        for (n, t) in tries.iter().enumerate() {
            sqlx::query(
                "INSERT INTO outbox_log (id, message_id, at, status, reason) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(format!("{id}-{n}"))
            .bind(&id)
            .bind(carewell_domain::time::fmt_ts(
                now - chrono::Duration::minutes(9 - i as i64) + chrono::Duration::seconds(n as i64),
            ))
            .bind(*t)
            .bind((*t != "sent").then_some("HTTP 500"))
            .execute(s.pool())
            .await
            .unwrap();
        }
    }
    let h = s.webhook_health(&bad.id).await.unwrap();
    assert_eq!(h.last_status.as_deref(), Some("dead"));
    assert_eq!(h.failures_7d, 3);
    assert!(h.failing());
    let q = s.webhook_health(&quiet.id).await.unwrap();
    assert_eq!(q.failures_7d, 0);
    assert!(!q.failing());
    let page = app.page(Role::Admin, "/settings/messaging", "en").await;
    assert_eq!(page.status, StatusCode::OK);
    let row = support::between(&page.body, &format!("id=\"endpoint-{}\"", bad.id), "</tr>");
    assert!(
        page.body
            .contains(&format!("id=\"endpoint-{}\" class=\"failing\"", bad.id))
    );
    assert!(row.contains("failing"), "{row}");
    assert!(row.contains("3 failed attempts in 7 days"), "{row}");
    assert!(row.contains("HTTP 500"), "{row}");
    let row = support::between(
        &page.body,
        &format!("id=\"endpoint-{}\"", quiet.id),
        "</tr>",
    );
    assert!(row.contains("No deliveries yet"), "{row}");
    // In Chinese too, without raw message ids.
    let page = app.page(Role::Admin, "/settings/messaging", "zh-CN").await;
    assert!(page.body.contains("7 天内失败 3 次"), "{}", page.body);
    assert!(!page.body.contains("msg-endpoint"), "no raw ids");
    // Agents still may not look.
    let r = app.page(Role::Agent, "/settings/messaging", "en").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

engines!(&TestApp:
    bad_address_keeps_the_input,
    test_message_says_it_waits_without_smtp,
    endpoints_show_their_delivery_health,
);
