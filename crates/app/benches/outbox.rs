//! Outbox throughput: messages per second from the outbox to a loopback SMTP sink and to a
//! loopback Standard Webhooks receiver, on SQLite (file) and on PostgreSQL when
//! `CAREWELL_TEST_PG_URL` is set. Run: `cargo bench -p carewell --bench outbox`
//! (`OUTBOX_BENCH_N` messages per run, default 2000).

#![allow(dead_code, unused_macros, clippy::unwrap_used, clippy::expect_used)]

// The test suite's databases, SMTP sink and webhook receiver.
#[path = "../tests/it/engines.rs"]
mod engines;
#[path = "../tests/it/msg_support.rs"]
mod support;

use carewell::messaging::deliver::Deliverer;
use carewell::messaging::webhook::new_secret;
use carewell_domain::messaging::MessageClass;
use carewell_store::Actor;
use carewell_store::outbox::{self, NewMessage};
use chrono::{Duration, Utc};
use serde_json::json;
use std::time::Instant;
use support::{Db, Receiver, SmtpSink};

async fn run(engine: &str, db: &Db, n: usize, concurrency: usize) {
    let sink = SmtpSink::start().await;
    let rec = Receiver::start().await;
    let secret = new_secret();
    *rec.secret.lock().unwrap() = secret.clone();
    let ep = db
        .store
        .create_webhook_endpoint(&Actor::cli(), &rec.url, &secret, &[], "bench")
        .await
        .unwrap()
        .id;
    let mut config = support::config(&db.url, &sink);
    config.worker_concurrency = concurrency;
    let d = Deliverer::new(db.store.clone(), &config).unwrap();
    for channel in ["smtp", "webhook"] {
        let t0 = Instant::now();
        let mut tx = db.store.begin().await.unwrap();
        for i in 0..n {
            let m = if channel == "smtp" {
                NewMessage::email(
                    format!("b-{concurrency}-m-{i}"),
                    &format!("c{i}@example.com"),
                    "et",
                    MessageClass::Legal,
                    "bench",
                    "msg-test",
                    json!({"sender": "bench"}),
                )
            } else {
                NewMessage::webhook(
                    format!("b-{concurrency}-w-{i}"),
                    &ep,
                    "bench",
                    json!({"i": i}),
                )
            };
            outbox::enqueue(&mut tx, &m).await.unwrap();
        }
        tx.commit().await.unwrap();
        let enqueue = t0.elapsed();
        let t1 = Instant::now();
        while d.run_once(Utc::now() + Duration::seconds(1)).await.unwrap() > 0 {}
        let secs = t1.elapsed().as_secs_f64();
        let got = if channel == "smtp" {
            sink.count()
        } else {
            rec.count()
        };
        assert_eq!(got, n, "{channel}: not everything arrived");
        println!(
            "| {engine} | {channel} | {concurrency} | {n} | {:.0} | {:.0} |",
            n as f64 / enqueue.as_secs_f64(),
            n as f64 / secs
        );
    }
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("OUTBOX_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    println!(
        "| engine | channel | concurrency | messages | enqueue msg/s (one tx) | delivered msg/s |"
    );
    println!("|---|---|---|---|---|---|");
    for c in [8, 32] {
        let db = support::sqlite().await;
        run("sqlite", &db, n, c).await;
        if let Some(db) = support::postgres().await {
            run("postgres", &db, n, c).await;
        }
    }
}
