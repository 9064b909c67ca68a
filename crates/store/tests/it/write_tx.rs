//! A write transaction that read before it writes is not refused because a write outside it
//! (a token's last use, a session's end, job housekeeping) landed in between: on SQLite it takes
//! the write lock when it begins (`BEGIN IMMEDIATE`), so the other write waits for it instead
//! of making its snapshot stale. That was `database is locked`, a 500 on `POST
//! /api/v1/customers/{id}/transactions`, found by the API fuzzer (.ci/openapi-fuzz.sh).

use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::{Actor, Store, jobs, webhooks};
use std::time::Duration;

async fn read_then_write_with_a_write_between(s: &Store) {
    let email = Email::parse("tx@example.com").unwrap();
    let u = s
        .create_user(&Actor::cli(), &email, "Tx", Role::Agent, "hash")
        .await
        .unwrap();
    let token = s.create_api_token(&Actor::cli(), &u.id, "t").await.unwrap();
    let mut tx = s.begin().await.unwrap();
    // A read inside the transaction…
    webhooks::subscribed(&mut tx, "complaint.created")
        .await
        .unwrap();
    // …then the token's first use is noted, outside it…
    let other = s.clone();
    let between = tokio::spawn(async move { other.token_user(&token).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    // …and the transaction writes and commits.
    let written = jobs::enqueue(
        &mut tx,
        "test.write-tx",
        &serde_json::json!({}),
        chrono::Utc::now(),
        None,
    )
    .await;
    assert!(written.is_ok(), "{written:?}");
    tx.commit().await.unwrap();
    let user = between.await.unwrap().unwrap();
    assert_eq!(user.map(|u| u.id), Some(u.id));
}

engines!(read_then_write_with_a_write_between);
