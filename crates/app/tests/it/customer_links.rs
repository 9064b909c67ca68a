//! Customer-facing links (issue 11, point 1): staff who can read a complaint or a message must
//! not be able to act as the customer. Only hashes are stored; a message's link is given to
//! the sender alone, cleared once the message is sent or dead, and a retry mints a fresh one.

use crate::support::TestApp;
use carewell_domain::role::Role;
use carewell_store::Actor;
use carewell_store::outbox;
use chrono::{Duration, Utc};
use serde_json::json;

engines!(TestApp: staff_never_see_customer_links, raw_tokens_of_old_databases_are_hashed);

/// A resolved complaint whose customer has an e-mail address: the satisfaction question is
/// queued with a link. Returns (customer id, complaint id, message id).
async fn resolved_with_question(app: &TestApp) -> (String, String, String) {
    let (_, cu) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Link Liis", "email": "liis@example.com", "language": "et"})),
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
    let id = c["id"].as_str().unwrap().to_string();
    for a in [
        json!({"action": "acknowledge"}),
        json!({"action": "listen"}),
        json!({"action": "confirm-demand", "demand": "refund"}),
        json!({"action": "start-resolving"}),
        json!({"action": "resolve", "resolution": "refunded", "root_cause": "billing"}),
    ] {
        let (s, body) = app
            .api(
                Role::Agent,
                "POST",
                &format!("/api/v1/complaints/{id}/transitions"),
                Some(a),
            )
            .await;
        assert!(s.is_success(), "{body}");
    }
    let resolved = app.store.complaint(&id).await.unwrap().resolved_at.unwrap();
    assert!(
        app.store
            .send_satisfaction_question(&id, &resolved)
            .await
            .unwrap()
    );
    let key = format!("complaint:{id}:complaint-satisfaction:{resolved}");
    let m = outbox::by_key(&app.store, &key).await.unwrap().unwrap();
    (cu, id, m.id)
}

async fn secret_link(app: &TestApp, message: &str) -> Option<String> {
    let (l,): (Option<String>,) = sqlx::query_as("SELECT secret_link FROM outbox WHERE id = $1")
        .bind(message)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    l
}

async fn staff_never_see_customer_links(app: TestApp) {
    let (cu, id, msg) = resolved_with_question(&app).await;
    // Every reading role, on every read of the message, the list and the complaint page.
    for role in [Role::Viewer, Role::Agent, Role::Admin] {
        for path in [
            format!("/api/v1/customers/{cu}/messages"),
            format!("/api/v1/messages/{msg}"),
        ] {
            let (s, body) = app.api(role, "GET", &path, None).await;
            assert!(s.is_success(), "{path}: {body}");
            assert!(
                !body.to_string().contains("/public/"),
                "{role:?} {path}: {body}"
            );
        }
        let html = app
            .page(role, &format!("/complaints/{id}"), "en")
            .await
            .body;
        assert!(!html.contains("/public/satisfaction/"), "{role:?}");
        assert!(!html.contains("id=\"satisfaction-link\""), "{role:?}");
    }
    // The sender alone gets it; the token opens the question, and it is not stored readable.
    let pending = secret_link(&app, &msg).await.unwrap();
    let first = pending
        .strip_prefix("/public/satisfaction/")
        .unwrap()
        .to_string();
    let (hash,): (String,) =
        sqlx::query_as("SELECT satisfaction_hash FROM complaints WHERE id = $1")
            .bind(&id)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(hash, carewell_store::links::token_hash(&first));
    let claimed = outbox::claim(&app.store, Utc::now(), Duration::minutes(1), 100)
        .await
        .unwrap();
    let m = claimed.iter().find(|m| m.id == msg).unwrap();
    assert_eq!(m.link.as_deref(), Some(pending.as_str()));
    // The last attempt fails: dead, and the link is gone from the outbox.
    let mut last = m.clone();
    last.attempts = last.max_attempts;
    let backoff = carewell_domain::messaging::Backoff {
        base: Duration::seconds(1),
        max: Duration::minutes(1),
    };
    let st = outbox::fail(&app.store, &last, "550 mailbox full", Utc::now(), backoff)
        .await
        .unwrap();
    assert_eq!(st, Some("dead"));
    assert_eq!(secret_link(&app, &msg).await, None);
    // An admin retries: a fresh link, and the one sent before stops working.
    let (s, body) = app
        .api(
            Role::Admin,
            "POST",
            &format!("/api/v1/messages/{msg}/retry"),
            None,
        )
        .await;
    assert!(s.is_success(), "{body}");
    assert!(!body.to_string().contains("/public/"), "{body}");
    let fresh = secret_link(&app, &msg).await.unwrap();
    let second = fresh.strip_prefix("/public/satisfaction/").unwrap();
    assert_ne!(second, first);
    assert!(
        app.store
            .complaint_by_satisfaction_token(&first)
            .await
            .is_err()
    );
    assert!(app.public_page(&fresh).await.status.is_success());
    let gone = app
        .public_page(&format!("/public/satisfaction/{first}"))
        .await;
    assert_eq!(gone.status.as_u16(), 404);

    // A writer issues a link to hand over; it is shown to them once and works.
    let r = app
        .form(
            Role::Agent,
            &format!("/complaints/{id}/satisfaction-link"),
            &[],
        )
        .await;
    let html = r.body;
    assert!(r.status.is_success(), "{html}");
    let shown = crate::support::between(&html, "id=\"satisfaction-link\">", "<");
    let path = shown
        .split_once("/public/")
        .map(|(_, p)| format!("/public/{p}"))
        .unwrap();
    assert!(app.public_page(&path).await.status.is_success());
    let again = app
        .page(Role::Agent, &format!("/complaints/{id}"), "en")
        .await
        .body;
    assert!(!again.contains(&shown), "shown once");
    // Viewers cannot issue one.
    let r = app
        .form(
            Role::Viewer,
            &format!("/complaints/{id}/satisfaction-link"),
            &[],
        )
        .await;
    assert_eq!(r.status.as_u16(), 403);
    // The complaint-form link likewise: shown to the issuer once, only its date afterwards.
    let html = app
        .form(Role::Agent, &format!("/complaints/{id}/link"), &[])
        .await
        .body;
    let form = crate::support::between(&html, "id=\"form-link\">", "<");
    let later = app
        .page(Role::Viewer, &format!("/complaints/{id}"), "en")
        .await
        .body;
    assert!(!later.contains(&form) && later.contains("form-link-issued"));
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}

/// A database from before hashing: raw satisfaction and complaint-form tokens keep working as
/// links but are stored as hashes afterwards, and raw links leave the message arguments.
async fn raw_tokens_of_old_databases_are_hashed(app: TestApp) {
    let (cu, id, msg) = resolved_with_question(&app).await;
    let raw = "a".repeat(64);
    let form = "b".repeat(64);
    let pool = app.store.pool();
    for (sql, v) in [
        (
            "UPDATE complaints SET satisfaction_hash = $1 WHERE id = $2",
            (&raw, &id),
        ),
        (
            "INSERT INTO complaint_links (token_hash, customer_id, created_at) VALUES ($1, $2, '2026-01-01T00:00:00.000000Z')",
            (&form, &cu),
        ),
    ] {
        sqlx::query(sql)
            .bind(v.0)
            .bind(v.1)
            .execute(pool)
            .await
            .unwrap();
    }
    let args = json!({"name": "Liis", "link": format!("/public/satisfaction/{raw}")}).to_string();
    sqlx::query("UPDATE outbox SET args = $1, secret_link = NULL, link_kind = NULL WHERE id = $2")
        .bind(args)
        .bind(&msg)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM data_steps")
        .execute(pool)
        .await
        .unwrap();
    app.store.run_data_steps().await.unwrap();
    app.store.run_data_steps().await.unwrap();
    assert_eq!(
        app.store
            .complaint_by_satisfaction_token(&raw)
            .await
            .unwrap()
            .id,
        id
    );
    assert_eq!(
        app.store
            .customer_for_complaint_link(&form)
            .await
            .unwrap()
            .0,
        cu
    );
    let (h,): (String,) = sqlx::query_as("SELECT satisfaction_hash FROM complaints WHERE id = $1")
        .bind(&id)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(h, carewell_store::links::token_hash(&raw));
    let m = outbox::get(&app.store, &msg).await.unwrap();
    assert!(m.args.get("link").is_none());
    assert_eq!(
        secret_link(&app, &msg).await,
        Some(format!("/public/satisfaction/{raw}")),
        "still queued: the sender keeps it"
    );
    let _ = Actor::cli();
}
