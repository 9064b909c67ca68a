//! The Today page's reads at scale, timed against a database seeded by `health_bench` (1,000,000
//! customers, orders, usage, 2,000 complaints): one staff member owns every fourth customer, the
//! daily cadence run gives them a contact-due task per forgotten customer, then the six block
//! reads the page makes (tasks due, complaints near their SLA — own and a manager's all —,
//! forgotten customers, detractors, care moments, red health) are timed, 20 rounds, median and
//! worst.
//!
//! ```text
//! cargo run --release -p carewell-store --example health_bench -- /tmp/health.db 1000000
//! cargo run --release -p carewell-store --example today_bench -- /tmp/health.db
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use carewell_store::today::TaskBlock;
use carewell_store::{Clearance, Store};
use chrono::{Duration, Utc};
use std::time::Instant;

#[tokio::main]
async fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: today_bench DATABASE");
    let url = if path.contains("://") {
        path
    } else {
        format!("sqlite://{path}")
    };
    let store = Store::connect(&url).await.unwrap();
    let me = "today-bench-owner";
    sqlx::query(
        "INSERT INTO users (id, email, name, role, password_hash, active, created_at) \
         VALUES ($1, 'today-bench@example.com', 'Today Bench', 'agent', 'x', 1, '2026-01-01T00:00:00.000000Z') \
         ON CONFLICT DO NOTHING",
    )
    .bind(me)
    .execute(store.pool())
    .await
    .unwrap();
    let t = Instant::now();
    let owned = sqlx::query(
        "UPDATE customers SET owner_id = $1 WHERE owner_id IS NULL AND substr(id, length(id), 1) IN ('0', '4', '8', 'c')",
    )
    .bind(me)
    .execute(store.pool())
    .await
    .unwrap()
    .rows_affected();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM customers WHERE owner_id = $1")
        .bind(me)
        .fetch_one(store.pool())
        .await
        .unwrap();
    println!(
        "owner has {n} customers ({owned} assigned now, {:.1} s)",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let run = carewell_store::cadence::contact_due_run(&store, Utc::now().date_naive())
        .await
        .unwrap();
    println!("cadence run: {run:?} in {:.1} s", t.elapsed().as_secs_f64());
    let now = Utc::now();
    let fmt = carewell_domain::time::fmt_ts;
    let tomorrow = fmt(now + Duration::days(1));
    let near = fmt(now + Duration::hours(4));
    let week = fmt(now + Duration::days(7));
    let who = Clearance::Standard;
    let mut rounds = Vec::new();
    let mut counts = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let a = store
            .today_tasks(me, TaskBlock::DueBefore(&tomorrow), who, 5)
            .await
            .unwrap();
        let b = store
            .today_complaints(Some(me), &near, who, 5)
            .await
            .unwrap();
        let b2 = store.today_complaints(None, &near, who, 5).await.unwrap();
        let c = store
            .today_tasks(me, TaskBlock::Kind("contact-due", None), who, 5)
            .await
            .unwrap();
        let d = store
            .today_tasks(me, TaskBlock::Kind("survey-callback", None), who, 5)
            .await
            .unwrap();
        let e = store
            .today_tasks(me, TaskBlock::Kind("care-moment", Some(&week)), who, 5)
            .await
            .unwrap();
        let f = store.today_red_health(me, who, 5).await.unwrap();
        rounds.push(t.elapsed().as_secs_f64() * 1000.0);
        counts = vec![
            a.count, b.count, b2.count, c.count, d.count, e.count, f.count,
        ];
    }
    rounds.sort_by(f64::total_cmp);
    // Each read on its own (one round), to see where the time goes.
    let each = |name: &'static str, t: Instant| {
        println!("  {name}: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0)
    };
    let t = Instant::now();
    store
        .today_tasks(me, TaskBlock::DueBefore(&tomorrow), who, 5)
        .await
        .unwrap();
    each("tasks due", t);
    let t = Instant::now();
    store
        .today_complaints(Some(me), &near, who, 5)
        .await
        .unwrap();
    each("own complaints", t);
    let t = Instant::now();
    store.today_complaints(None, &near, who, 5).await.unwrap();
    each("all complaints (manager)", t);
    let t = Instant::now();
    store
        .today_tasks(me, TaskBlock::Kind("contact-due", None), who, 5)
        .await
        .unwrap();
    each("forgotten", t);
    let t = Instant::now();
    store
        .today_tasks(me, TaskBlock::Kind("survey-callback", None), who, 5)
        .await
        .unwrap();
    each("detractors", t);
    let t = Instant::now();
    store
        .today_tasks(me, TaskBlock::Kind("care-moment", Some(&week)), who, 5)
        .await
        .unwrap();
    each("care moments", t);
    let t = Instant::now();
    store.today_red_health(me, who, 5).await.unwrap();
    each("red health", t);
    println!(
        "all Today blocks (7 reads): median {:.1} ms, worst {:.1} ms; counts (due, own complaints, all complaints, forgotten, detractors, care, red) {counts:?}",
        rounds[rounds.len() / 2],
        rounds[rounds.len() - 1]
    );
}
