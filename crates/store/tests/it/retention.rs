//! Retention (issue 13): the daily housekeeping deletes finished jobs and removes the content of
//! finished messages after their periods, and nothing else: queued, running and dead jobs,
//! messages still in flight, delivery logs and idempotency keys stay.

use carewell_domain::Refusal;
use carewell_domain::messaging::MessageClass;
use carewell_store::outbox::{self, NewMessage};
use carewell_store::{Actor, Store, StoreError, jobs};
use chrono::{Duration, Utc};
use serde_json::json;

engines!(housekeeping_prunes_finished_work_only);

async fn age(s: &Store, table: &str, ids: &[&str], days: i64) {
    let at = carewell_domain::time::fmt_ts(Utc::now() - Duration::days(days));
    for id in ids {
        sqlx::query(&format!("UPDATE {table} SET updated_at = $1 WHERE id = $2"))
            .bind(&at)
            .bind(*id)
            .execute(s.pool())
            .await
            .unwrap();
    }
}

async fn housekeeping_prunes_finished_work_only(s: &Store) {
    let now = Utc::now();
    let lease = Duration::minutes(5);
    let mut tx = s.begin().await.unwrap();
    let mut ids = Vec::new();
    for kind in ["t.old-done", "t.new-done", "t.old-dead", "t.old-queued"] {
        let max = if kind == "t.old-dead" { 1 } else { 5 };
        let id = jobs::enqueue_with(&mut tx, kind, &json!({}), now, Some(kind), max)
            .await
            .unwrap()
            .unwrap();
        ids.push(id);
    }
    let mut msgs = Vec::new();
    for (k, to) in [
        ("m.old-sent", "a@example.com"),
        ("m.new-sent", "b@example.com"),
        ("m.old-queued", "c@example.com"),
    ] {
        let m = NewMessage::email(
            k,
            to,
            "en",
            MessageClass::Service,
            "test",
            "test-message",
            json!({"name": "Mari Tamm"}),
        );
        msgs.push(outbox::enqueue(&mut tx, &m).await.unwrap().unwrap());
    }
    tx.commit().await.unwrap();
    for kind in ["t.old-done", "t.new-done"] {
        let b = jobs::claim(s, &[kind], now + Duration::minutes(1), lease, 10)
            .await
            .unwrap();
        assert!(jobs::complete(s, &b[0]).await.unwrap());
    }
    let b = jobs::claim(s, &["t.old-dead"], now + Duration::minutes(1), lease, 10)
        .await
        .unwrap();
    let backoff = carewell_domain::messaging::Backoff::default();
    assert_eq!(
        jobs::fail(s, &b[0], "boom", now, backoff).await.unwrap(),
        Some("dead")
    );
    for m in outbox::claim(s, now + Duration::minutes(1), lease, 10)
        .await
        .unwrap()
    {
        if m.idempotency_key != "m.old-queued" {
            assert!(outbox::mark_sent(s, &m).await.unwrap());
        } else {
            outbox::defer(s, &m, now + Duration::days(1), "quiet hours")
                .await
                .unwrap();
        }
    }
    age(s, "jobs", &[&ids[0], &ids[2], &ids[3]], 40).await;
    age(s, "outbox", &[&msgs[0], &msgs[2]], 100).await;

    let out = jobs::housekeeping(s, now - Duration::days(30), Some(now - Duration::days(90)))
        .await
        .unwrap();
    assert_eq!((out.jobs, out.messages), (1, 1));
    // Only the old finished job is gone.
    assert!(jobs::get(s, &ids[0]).await.is_err());
    for id in &ids[1..] {
        assert!(jobs::get(s, id).await.is_ok(), "{id} kept");
    }
    // The old sent message keeps its row, key and delivery log, not its content.
    let old = outbox::get(s, &msgs[0]).await.unwrap();
    assert_eq!((old.status.as_str(), old.args.clone()), ("sent", json!({})));
    assert!(old.pruned_at.is_some());
    assert!(outbox::by_key(s, "m.old-sent").await.unwrap().is_some());
    assert!(!outbox::history(s, &msgs[0]).await.unwrap().is_empty());
    // A pruned message cannot be sent again.
    let e = outbox::retry(s, &Actor::system(), &msgs[0])
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Refused(Refusal::ContentPruned)),
        "{e:?}"
    );
    // Recent and in-flight messages keep their content.
    for id in &msgs[1..] {
        let m = outbox::get(s, id).await.unwrap();
        assert_eq!(
            (m.args["name"].as_str(), m.pruned_at),
            (Some("Mari Tamm"), None),
            "{id}"
        );
    }
    // Audited with the counts; a second run finds nothing and writes nothing.
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.prune'")
            .fetch_one(s.pool())
            .await
            .unwrap();
    assert_eq!(n, 1);
    let again = jobs::housekeeping(s, now - Duration::days(30), Some(now - Duration::days(90)))
        .await
        .unwrap();
    assert_eq!((again.jobs, again.messages), (0, 0));
}
