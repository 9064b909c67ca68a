//! The durable job queue on SQLite and PostgreSQL: run-at, retries with backoff then dead
//! letter, unique keys, transactional enqueue, concurrent claimers, expired leases, and the
//! runner with a handler registry.

use crate::msg_support as support;
use carewell::app::jobs::{runner, standard_registry};
use carewell_domain::messaging::Backoff;
use carewell_store::jobs;
use chrono::{Duration, Utc};
use serde_json::json;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use support::Db;

async fn put(db: &Db, kind: &str, run_in: Duration, key: Option<&str>, max: i64) -> Option<String> {
    let mut tx = db.store.begin().await.unwrap();
    let id = jobs::enqueue_with(
        &mut tx,
        kind,
        &json!({"n": 1}),
        Utc::now() + run_in,
        key,
        max,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

const LEASE: i64 = 30;

async fn run_at_is_respected(db: &Db) {
    let now = Utc::now();
    let id = put(db, "k", Duration::hours(1), None, 5).await.unwrap();
    let got = jobs::claim(&db.store, &["k"], now, Duration::seconds(LEASE), 10)
        .await
        .unwrap();
    assert!(got.is_empty(), "claimed before run_at");
    let got = jobs::claim(
        &db.store,
        &["other"],
        now + Duration::hours(2),
        Duration::seconds(LEASE),
        10,
    )
    .await
    .unwrap();
    assert!(got.is_empty(), "claimed a kind not asked for");
    let got = jobs::claim(
        &db.store,
        &["k"],
        now + Duration::hours(2),
        Duration::seconds(LEASE),
        10,
    )
    .await
    .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].id.as_str(), got[0].attempts), (id.as_str(), 1));
    assert!(jobs::complete(&db.store, &got[0]).await.unwrap());
    assert_eq!(jobs::get(&db.store, &id).await.unwrap().status, "done");
}
async fn retries_with_backoff_then_dead(db: &Db) {
    let backoff = Backoff {
        base: Duration::seconds(60),
        max: Duration::hours(1),
    };
    let id = put(db, "k", Duration::zero(), None, 3).await.unwrap();
    let mut now = Utc::now();
    for attempt in 1..=3 {
        let got = jobs::claim(&db.store, &["k"], now, Duration::seconds(LEASE), 10)
            .await
            .unwrap();
        assert_eq!(got.len(), 1, "attempt {attempt}");
        assert_eq!(got[0].attempts, attempt);
        let status = jobs::fail(&db.store, &got[0], "boom", now, backoff)
            .await
            .unwrap();
        let job = jobs::get(&db.store, &id).await.unwrap();
        if attempt < 3 {
            assert_eq!(status, Some("queued"));
            // Not due before the backoff delay (60 s, then 120 s) has passed.
            let delay = backoff.delay(attempt);
            assert_eq!(job.run_at, carewell_domain::time::fmt_ts(now + delay));
            let early = jobs::claim(
                &db.store,
                &["k"],
                now + delay - Duration::seconds(1),
                Duration::seconds(LEASE),
                10,
            )
            .await
            .unwrap();
            assert!(early.is_empty(), "claimed during backoff");
            now += delay;
        } else {
            assert_eq!(status, Some("dead"));
            assert_eq!(
                (job.status.as_str(), job.last_error.as_deref()),
                ("dead", Some("boom"))
            );
        }
    }
    let got = jobs::claim(
        &db.store,
        &["k"],
        now + Duration::days(1),
        Duration::seconds(LEASE),
        10,
    )
    .await
    .unwrap();
    assert!(got.is_empty(), "a dead job was claimed");
    let actor = carewell_store::Actor::cli();
    let job = jobs::retry_dead(&db.store, &actor, &id).await.unwrap();
    assert_eq!((job.status.as_str(), job.attempts), ("queued", 0));
}
async fn unique_key_deduplicates(db: &Db) {
    let a = put(db, "k", Duration::zero(), Some("sla:c1"), 5).await;
    let b = put(db, "k", Duration::zero(), Some("sla:c1"), 5).await;
    let c = put(db, "k", Duration::zero(), Some("sla:c2"), 5).await;
    assert!(a.is_some() && b.is_none() && c.is_some());
    // Inside one transaction too, and the transaction stays usable after the duplicate.
    let mut tx = db.store.begin().await.unwrap();
    assert!(
        jobs::enqueue(&mut tx, "k", &json!({}), Utc::now(), Some("sla:c1"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        jobs::enqueue(&mut tx, "k", &json!({}), Utc::now(), Some("sla:c3"))
            .await
            .unwrap()
            .is_some()
    );
    tx.commit().await.unwrap();
    assert_eq!(jobs::list(&db.store, "queued", 100).await.unwrap().len(), 3);
}
async fn enqueued_with_its_cause(db: &Db) {
    use carewell_store::{Actor, audit};
    let s = &db.store;
    let audited = async || {
        audit::list(s, &audit::AuditFilter::default(), 1, 0)
            .await
            .unwrap()
            .total
    };
    let before = audited().await;
    // Rolled back: neither the cause (an audited change) nor its job exists.
    {
        let mut tx = s.begin().await.unwrap();
        audit::append(
            &mut tx,
            &Actor::cli(),
            "thing.change",
            "thing",
            "t1",
            &json!({}),
            &json!({}),
        )
        .await
        .unwrap();
        let queued = jobs::enqueue(&mut tx, "k", &json!({}), Utc::now(), Some("cause:t1"))
            .await
            .unwrap();
        assert!(queued.is_some(), "the job was written in the transaction");
        drop(tx);
    }
    assert_eq!(audited().await, before);
    assert!(jobs::by_key(s, "cause:t1").await.unwrap().is_none());
    // Committed: both land together (and the rolled-back key did not stick).
    let mut tx = s.begin().await.unwrap();
    audit::append(
        &mut tx,
        &Actor::cli(),
        "thing.change",
        "thing",
        "t1",
        &json!({}),
        &json!({}),
    )
    .await
    .unwrap();
    let id = jobs::enqueue(&mut tx, "k", &json!({}), Utc::now(), Some("cause:t1"))
        .await
        .unwrap()
        .expect("the key is free after the rollback");
    tx.commit().await.unwrap();
    assert_eq!(audited().await, before + 1);
    assert_eq!(jobs::by_key(s, "cause:t1").await.unwrap().unwrap().id, id);
}

async fn expired_lease_is_reclaimed(db: &Db) {
    let id = put(db, "k", Duration::zero(), None, 5).await.unwrap();
    let now = Utc::now();
    let first = jobs::claim(&db.store, &["k"], now, Duration::seconds(10), 10)
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    // Held: nobody else gets it while the lease runs.
    let none = jobs::claim(
        &db.store,
        &["k"],
        now + Duration::seconds(5),
        Duration::seconds(10),
        10,
    )
    .await
    .unwrap();
    assert!(none.is_empty());
    // The holder "died": after the lease the job is claimed again.
    let second = jobs::claim(
        &db.store,
        &["k"],
        now + Duration::seconds(11),
        Duration::seconds(10),
        10,
    )
    .await
    .unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(
        (second[0].id.as_str(), second[0].attempts),
        (id.as_str(), 2)
    );
    // The old holder's late outcome is refused (fencing token); the new holder's counts.
    assert!(!jobs::complete(&db.store, &first[0]).await.unwrap());
    assert_eq!(
        jobs::fail(&db.store, &first[0], "late", now, Backoff::default())
            .await
            .unwrap(),
        None
    );
    assert!(jobs::complete(&db.store, &second[0]).await.unwrap());
    assert_eq!(jobs::get(&db.store, &id).await.unwrap().status, "done");
}
async fn concurrent_claimers_never_share_a_job(db: &Db) {
    const N: usize = 400;
    {
        let mut tx = db.store.begin().await.unwrap();
        for i in 0..N {
            jobs::enqueue(&mut tx, "k", &json!({"i": i}), Utc::now(), None)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    // Two independent handles on the same database, as two processes would have.
    let other = carewell_store::Store::connect(&db.url).await.unwrap();
    let mut tasks = Vec::new();
    for (i, store) in [
        db.store.clone(),
        other.clone(),
        db.store.clone(),
        other.clone(),
    ]
    .into_iter()
    .enumerate()
    {
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let got = jobs::claim(&store, &["k"], Utc::now(), Duration::seconds(60), 7)
                    .await
                    .unwrap();
                if got.is_empty() {
                    return mine;
                }
                for j in got {
                    assert!(
                        jobs::complete(&store, &j).await.unwrap(),
                        "claimer {i} lost a claim"
                    );
                    mine.push(j.id);
                }
            }
        }));
    }
    let mut all = Vec::new();
    let mut per = Vec::new();
    for t in tasks {
        let ids = t.await.unwrap();
        per.push(ids.len());
        all.extend(ids);
    }
    let distinct: HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), N, "claims per claimer: {per:?}");
    assert_eq!(distinct.len(), N, "a job was claimed twice");
    other.close().await;
}
async fn runner_runs_registered_handlers(db: &Db) {
    let ok = Arc::new(AtomicUsize::new(0));
    let mut reg = standard_registry();
    let seen = ok.clone();
    reg.register("test.ok", move |_ctx, payload| {
        let seen = seen.clone();
        async move {
            assert_eq!(payload["n"], 1);
            seen.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    });
    reg.register("test.fail", |ctx, _| async move {
        anyhow::bail!("attempt {} failed", ctx.attempt)
    });
    reg.register("test.panic", |_, _| async move {
        if true {
            panic!("handler bug");
        }
        Ok(())
    });
    let a = put(db, "test.ok", Duration::zero(), None, 3).await.unwrap();
    let b = put(db, "test.fail", Duration::zero(), None, 3)
        .await
        .unwrap();
    let c = put(db, "test.panic", Duration::zero(), None, 2)
        .await
        .unwrap();
    let d = put(db, "test.unknown", Duration::zero(), None, 3)
        .await
        .unwrap();
    let config = carewell::kernel::config::Config {
        retry_base_secs: 0,
        ..Default::default()
    };
    let runner = runner(db.store.clone(), Arc::new(config), reg).unwrap();
    runner.drain().await.unwrap();
    let st = |id: String| {
        let s = db.store.clone();
        async move { jobs::get(&s, &id).await.unwrap() }
    };
    assert_eq!(ok.load(Ordering::SeqCst), 1);
    assert_eq!(st(a).await.status, "done");
    let fb = st(b).await;
    assert_eq!((fb.status.as_str(), fb.attempts), ("dead", 3));
    assert_eq!(fb.last_error.as_deref(), Some("attempt 3 failed"));
    let fc = st(c).await;
    assert_eq!(fc.status, "dead");
    assert!(fc.last_error.unwrap().contains("panicked"));
    // A kind this process does not know is left for one that does.
    assert_eq!(st(d).await.status, "queued");
    // The dead-letter is audited.
    assert!(db.store.verify_audit().await.unwrap().is_ok());
}

engines!(&Db:
    run_at_is_respected,
    retries_with_backoff_then_dead,
    unique_key_deduplicates,
    enqueued_with_its_cause,
    expired_lease_is_reclaimed,
    concurrent_claimers_never_share_a_job,
    runner_runs_registered_handlers,
);

/// Every job kind the store can enqueue has a handler in the standard registry, and the
/// registry runs nothing the store does not know.
#[test]
fn every_job_kind_has_a_handler() {
    let mut known = jobs::ALL_KINDS.to_vec();
    known.sort_unstable();
    assert_eq!(standard_registry().kinds(), known);
}
