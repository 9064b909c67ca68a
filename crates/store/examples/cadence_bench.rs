//! The daily cadence run at scale, timed against a SQLite file (or a PostgreSQL URL): the
//! contact-due run (set-based, one `INSERT … SELECT` per cadence rule), the same run again (a
//! re-run or a second server: nothing to add), and the care moments (birthdays and
//! anniversaries in the next days).
//!
//! ```text
//! cargo run --release -p carewell-store --example cadence_bench -- /tmp/cadence.db 1000000
//! ```
//! Seeds the first time: N customers (bulk import) in the four stages with a cadence and the
//! two without, a birthday for every third and an anniversary for every seventh; then their
//! newest contact spread over the last 400 days (written straight into
//! `customers.last_touch_at`, which the interaction triggers keep in production) and their
//! creation two years back.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use carewell_domain::import::{ImportKind, ImportRow, parse_row};
use carewell_store::cadence::{care_moments_run, contact_due_run};
use carewell_store::{Actor, Store};
use chrono::{Duration, NaiveDate, Utc};
use std::time::Instant;

const STAGES: [&str; 6] = [
    "active",
    "active",
    "onboarding",
    "at-risk",
    "won-back",
    "departed",
];

async fn seed(store: &Store, n: u64) {
    let t = Instant::now();
    let header = ["external_ref", "name", "stage", "birthday", "anniversary"];
    let base = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap();
    let mut imp = store.begin_import(ImportKind::Customers, n).await.unwrap();
    let mut errs = Vec::new();
    let rows: Vec<Vec<String>> = (0..n)
        .map(|i| {
            let day = |k: u64| (base + Duration::days(((i * k) % 15_000) as i64)).to_string();
            vec![
                format!("C{i:07}"),
                format!("Customer {}", i % 9973),
                STAGES[(i % 6) as usize].to_string(),
                if i % 3 == 0 { day(7) } else { String::new() },
                if i % 7 == 0 { day(11) } else { String::new() },
            ]
        })
        .collect();
    for (c, chunk) in rows.chunks(1000).enumerate() {
        let batch: Vec<(u64, ImportRow)> = chunk
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let cells: Vec<&str> = r.iter().map(String::as_str).collect();
                let line = (c * 1000 + i + 2) as u64;
                (
                    line,
                    parse_row(ImportKind::Customers, &header, &cells, line, &mut errs).unwrap(),
                )
            })
            .collect();
        imp.write(&batch).await.unwrap();
    }
    imp.finish(&Actor::cli(), "bench").await.unwrap().unwrap();
    // Contacts over the last 400 days (a fifth never contacted), created two years ago.
    let created = carewell_domain::time::fmt_ts(Utc::now() - Duration::days(730));
    sqlx::query(
        "UPDATE customers SET created_at = $1, last_touch_at = CASE WHEN external_ref LIKE '%0' OR external_ref LIKE '%5' \
         THEN '' ELSE $2 END",
    )
    .bind(&created)
    .bind(carewell_domain::time::fmt_ts(Utc::now() - Duration::days(200)))
    .execute(store.pool())
    .await
    .unwrap();
    sqlx::query(
        "UPDATE customers SET last_touch_at = $1 WHERE external_ref LIKE '%1' OR external_ref LIKE '%2' \
         OR external_ref LIKE '%3'",
    )
    .bind(carewell_domain::time::fmt_ts(Utc::now() - Duration::days(20)))
    .execute(store.pool())
    .await
    .unwrap();
    println!("seeded {n} customers in {:.1} s", t.elapsed().as_secs_f64());
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "/tmp/cadence.db".into());
    let n: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let store = Store::connect(&url).await.unwrap();
    if store.count_customers().await.unwrap() == 0 {
        seed(&store, n).await;
    }
    sqlx::query("DELETE FROM tasks WHERE kind IN ('contact-due', 'care-moment')")
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("DELETE FROM care_moments")
        .execute(store.pool())
        .await
        .unwrap();
    let today = Utc::now().date_naive();
    let t = Instant::now();
    let r = contact_due_run(&store, today).await.unwrap();
    println!(
        "contact-due run: {} tasks in {:.2} s",
        r.created,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let r = contact_due_run(&store, today).await.unwrap();
    println!(
        "contact-due re-run: {} tasks in {:.2} s",
        r.created,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let r = care_moments_run(&store, Utc::now(), "UTC").await.unwrap();
    println!(
        "care moments: {} tasks, {} messages in {:.2} s",
        r.tasks,
        r.messages,
        t.elapsed().as_secs_f64()
    );
}
