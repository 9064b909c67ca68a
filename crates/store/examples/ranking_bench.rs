//! The client-fit ranking at scale, timed directly against a SQLite file (or a PostgreSQL URL):
//! the live computation (`Store::client_fit_list`, what every list request did before the
//! precomputed ranking), the full rescoring (`Store::rescore_client_fit`, the daily job), and
//! page reads of the precomputed ranking (`Store::client_fit_ranked`): first page, filtered,
//! a deep page by cursor, and a read after 100 customers changed (rescored inline).
//!
//! ```text
//! cargo run --release -p carewell-store --example ranking_bench -- /tmp/ranking.db 1000000
//! ```
//! Seeds the first time: N customers (bulk import), 3 orders for every fifth customer
//! (import), and complaints for 2,000 customers (through the store, as staff would).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use carewell_domain::complaint::ComplaintInput;
use carewell_domain::import::{ImportKind, ImportRow, parse_row};
use carewell_store::client_fit::ranking::RankQuery;
use carewell_store::{Actor, Clearance, Store};
use chrono::{Duration as Days, Utc};
use std::time::{Duration, Instant};

async fn import(store: &Store, kind: ImportKind, header: &[&str], rows: Vec<Vec<String>>) {
    let n = rows.len() as u64;
    let mut imp = store.begin_import(kind, n).await.unwrap();
    let mut errs = Vec::new();
    for (c, chunk) in rows.chunks(500).enumerate() {
        let batch: Vec<(u64, ImportRow)> = chunk
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let cells: Vec<&str> = r.iter().map(String::as_str).collect();
                let line = (c * 500 + i + 2) as u64;
                (
                    line,
                    parse_row(kind, header, &cells, line, &mut errs).unwrap(),
                )
            })
            .collect();
        imp.write(&batch).await.unwrap();
    }
    imp.finish(&Actor::cli(), "bench").await.unwrap().unwrap();
}

async fn seed(store: &Store, n: u64) {
    let t = Instant::now();
    let customers: Vec<Vec<String>> = (0..n)
        .map(|i| vec![format!("C{i:07}"), format!("Customer {}", i % 9973)])
        .collect();
    import(
        store,
        ImportKind::Customers,
        &["external_ref", "name"],
        customers,
    )
    .await;
    println!("seeded {n} customers in {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let day = |d: i64| carewell_domain::time::fmt_ts(Utc::now() - Days::days(d));
    let orders: Vec<Vec<String>> = (0..n)
        .step_by(5)
        .flat_map(|i| {
            (0..3).map(move |k| {
                vec![
                    format!("T{i:07}-{k}"),
                    format!("C{i:07}"),
                    format!("{}.00", 10 + (i * 7 + k) % 400),
                    "EUR".into(),
                    day((i as i64 * 13 + k as i64 * 97) % 700),
                ]
            })
        })
        .collect();
    let count = orders.len();
    import(
        store,
        ImportKind::Transactions,
        &[
            "external_ref",
            "customer_ref",
            "amount",
            "currency",
            "occurred_at",
        ],
        orders,
    )
    .await;
    println!(
        "seeded {count} orders in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM customers ORDER BY id LIMIT 2000")
        .fetch_all(store.pool())
        .await
        .unwrap();
    for (i, (id,)) in ids.iter().enumerate() {
        for k in 0..(1 + i % 4) {
            let sev = if k % 2 == 0 { "low" } else { "medium" };
            let input =
                ComplaintInput::parse(id, "email", "service", sev, None, "Again", vec![]).unwrap();
            store
                .create_complaint_received(
                    &Actor::cli(),
                    &input,
                    None,
                    Some(Utc::now() - Days::days(10 + k as i64)),
                )
                .await
                .unwrap();
        }
    }
    println!(
        "seeded complaints for 2000 customers in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn timed_page(store: &Store, label: &str, q: &RankQuery) {
    let mut t = Vec::new();
    let mut total = (0, false);
    for _ in 0..15 {
        let s = Instant::now();
        let p = store
            .client_fit_ranked(Clearance::Standard, q, Utc::now())
            .await
            .unwrap();
        t.push(s.elapsed());
        total = (p.total, p.capped);
    }
    t.sort();
    println!(
        "{label:<40} p50 {:8.2} ms  max {:8.2} ms  (total {}{})",
        ms(t[t.len() / 2]),
        ms(t[t.len() - 1]),
        total.0,
        if total.1 { "+" } else { "" }
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or("/tmp/ranking-bench.db".into());
    let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let store = Store::connect(&path).await.unwrap();
    if store.count_customers().await.unwrap() == 0 {
        seed(&store, n).await;
    }
    let customers = store.count_customers().await.unwrap();
    println!("{customers} customers in {path}");

    let t = Instant::now();
    let live = store
        .client_fit_list(Clearance::Standard, Utc::now())
        .await
        .unwrap();
    println!(
        "{:<40} {:8.0} ms  ({} rows; what each list request cost before)",
        "live computation (client_fit_list)",
        ms(t.elapsed()),
        live.len()
    );
    drop(live);
    let t = Instant::now();
    let scored = store.rescore_client_fit(Utc::now()).await.unwrap();
    println!(
        "{:<40} {:8.0} ms  ({scored} customers; the daily job)",
        "full rescoring (rescore_client_fit)",
        ms(t.elapsed())
    );

    let first = RankQuery {
        limit: 50,
        ..Default::default()
    };
    timed_page(&store, "first page", &first).await;
    timed_page(
        &store,
        "part-ways only",
        &RankQuery {
            recommendation: Some(carewell_domain::client_fit::Recommendation::PartWays),
            ..first.clone()
        },
    )
    .await;
    timed_page(
        &store,
        "at least one problem",
        &RankQuery {
            min_problems: 1,
            ..first.clone()
        },
    )
    .await;
    let deep = (customers * 9 / 10).max(1) - 1;
    let (after,): (String,) = sqlx::query_as(
        "SELECT customer_id FROM client_fit_scores ORDER BY rank_key, name, customer_id LIMIT 1 OFFSET $1",
    )
    .bind(deep)
    .fetch_one(store.pool())
    .await
    .unwrap();
    timed_page(
        &store,
        &format!("page after row {deep} (cursor)"),
        &RankQuery {
            after: Some(after),
            ..first.clone()
        },
    )
    .await;
    timed_page(
        &store,
        &format!("page at offset {deep} (OFFSET)"),
        &RankQuery {
            offset: deep,
            ..first.clone()
        },
    )
    .await;

    // 100 customers change; the next read rescores them inline.
    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM customers ORDER BY id DESC LIMIT 100")
        .fetch_all(store.pool())
        .await
        .unwrap();
    for (id,) in &ids {
        let input =
            ComplaintInput::parse(id, "email", "service", "low", None, "New", vec![]).unwrap();
        store
            .create_complaint_received(&Actor::cli(), &input, None, None)
            .await
            .unwrap();
    }
    let t = Instant::now();
    let p = store
        .client_fit_ranked(Clearance::Standard, &first, Utc::now())
        .await
        .unwrap();
    println!(
        "{:<40} {:8.2} ms  (pending {})",
        "first read after 100 changed customers",
        ms(t.elapsed()),
        p.pending
    );
}
