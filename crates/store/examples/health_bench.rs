//! Customer health at scale, timed directly against a SQLite file (or a PostgreSQL URL): the
//! daily full run (`Store::recompute_health_all`) on a fresh database (every customer gets a
//! current row and a history row), then again (nothing changed: current rows only), then one
//! customer (`Store::recompute_health`, what an event's job does) and one explained read
//! (`Store::customer_health`).
//!
//! ```text
//! cargo run --release -p carewell-store --example health_bench -- /tmp/health.db 1000000
//! ```
//! Seeds the first time: N customers (bulk import; every tenth contacted 5–400 days ago), three
//! orders for every third customer (import; one in twenty-five a refund), usage for one
//! customer in five (recent and earlier), and complaints for 2,000 customers (through the
//! store, as staff would).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use carewell_domain::complaint::ComplaintInput;
use carewell_domain::import::{ImportKind, ImportRow, parse_row};
use carewell_store::{Actor, Clearance, Store};
use chrono::{Duration as Days, Utc};
use std::time::Instant;

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
        .step_by(3)
        .flat_map(|i| {
            (0..3).map(move |k| {
                let refund = (i + k) % 25 == 0;
                vec![
                    format!("T{i:07}-{k}"),
                    format!("C{i:07}"),
                    format!(
                        "{}{}.00",
                        if refund { "-" } else { "" },
                        10 + (i * 7 + k) % 400
                    ),
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
    for (k, (ago, qty)) in [(5i64, 2.0f64), (60, 4.0)].iter().enumerate() {
        sqlx::query(&format!(
            "INSERT INTO usage_events (id, customer_id, event, quantity, occurred_at) \
             SELECT 'u{k}-' || id, id, 'login', $1, $2 FROM customers WHERE external_ref LIKE '%3' \
             OR external_ref LIKE '%7'"
        ))
        .bind(*qty)
        .bind(day(*ago))
        .execute(store.pool())
        .await
        .unwrap();
    }
    for d in 0..10i64 {
        sqlx::query(&format!(
            "UPDATE customers SET last_contact_at = $1 WHERE external_ref LIKE '%{d}0'"
        ))
        .bind(day(5 + d * 40))
        .execute(store.pool())
        .await
        .unwrap();
    }
    println!(
        "seeded usage and contacts in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM customers ORDER BY id LIMIT 2000")
        .fetch_all(store.pool())
        .await
        .unwrap();
    for (i, (id,)) in ids.iter().enumerate() {
        for k in 0..(1 + i % 3) {
            let sev = ["low", "medium", "high"][k % 3];
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

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or("/tmp/health-bench.db".into());
    let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let store = Store::connect(&path).await.unwrap();
    if store.count_customers().await.unwrap() == 0 {
        seed(&store, n).await;
    }
    let customers = store.count_customers().await.unwrap();
    println!("{customers} customers in {path}");
    for label in ["first run (all new)", "second run (unchanged)"] {
        let t = Instant::now();
        let out = store.recompute_health_all(Utc::now()).await.unwrap();
        println!(
            "{label:<28} {:8.1} s  ({} scored, {} history rows)",
            t.elapsed().as_secs_f64(),
            out.scored,
            out.history
        );
    }
    let (id,): (String,) = sqlx::query_as("SELECT id FROM customers ORDER BY id LIMIT 1")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let t = Instant::now();
    store
        .recompute_health(std::slice::from_ref(&id), Utc::now())
        .await
        .unwrap();
    println!(
        "{:<28} {:8.2} ms",
        "one customer",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let r = store
        .customer_health(Clearance::Standard, &id, Utc::now())
        .await
        .unwrap()
        .unwrap();
    println!(
        "{:<28} {:8.2} ms  (score {}, {} changes)",
        "one explained read",
        t.elapsed().as_secs_f64() * 1000.0,
        r.score,
        r.changes.len()
    );
    let bands: Vec<(String, i64)> =
        sqlx::query_as("SELECT band, COUNT(*) FROM customer_health GROUP BY band ORDER BY band")
            .fetch_all(store.pool())
            .await
            .unwrap();
    println!("bands: {bands:?}");
}
