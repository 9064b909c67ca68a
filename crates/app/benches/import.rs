//! Bulk import throughput: a deterministic 1,000,000-row customers CSV imported in full (one
//! pass: parse and check in parallel while writing, one transaction) into a fresh SQLite
//! file, and into a fresh PostgreSQL schema when one is reachable (`CAREWELL_TEST_PG_URL`,
//! default postgres://postgres@127.0.0.1:5432/test), then a 1,000-row update file into the
//! loaded table. Prints rows/s.
//!
//! Run: `cargo bench -p carewell --bench import` (`IMPORT_BENCH_ROWS` to change the count).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/customers_csv.rs"]
mod customers_csv;

use carewell::transfer::pipeline::{Progress, Source, import};
use carewell_domain::import::ImportKind;
use carewell_store::{Actor, Store};
use std::time::{Duration, Instant};

async fn run(engine: &str, store: &Store, src: &Source, rows: usize) {
    let p = Progress::hidden();
    let t0 = Instant::now();
    let r = import(
        store,
        ImportKind::Customers,
        src.clone(),
        &Actor::cli(),
        "bench.csv",
        &p,
    )
    .await
    .unwrap();
    let total = t0.elapsed();
    assert_eq!(r.inserted as usize, rows);
    assert_eq!(store.count_customers().await.unwrap() as usize, rows);
    // A second file of 1,000 changed rows into the loaded table: the everyday import, through
    // the indexes as they are.
    let n = rows.min(1000);
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("update.csv");
    customers_csv::generate(&small, n);
    let t1 = Instant::now();
    let u = import(
        store,
        ImportKind::Customers,
        Source::File(small),
        &Actor::cli(),
        "update.csv",
        &p,
    )
    .await
    .unwrap();
    let t_update = t1.elapsed();
    assert_eq!(u.updated as usize, n);
    println!(
        "| {engine} | {rows} | {:.1} s | **{:.0}** | {n} rows in {:.0} ms |",
        total.as_secs_f64(),
        rows as f64 / total.as_secs_f64(),
        t_update.as_secs_f64() * 1000.0
    );
}

async fn pg_store() -> Option<(Store, String)> {
    let base = std::env::var("CAREWELL_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let admin = tokio::time::timeout(
        Duration::from_secs(5),
        Store::connect_without_migrating(&base),
    )
    .await
    .ok()?
    .ok()?;
    let schema = format!("bench_import_{}", std::process::id());
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(admin.pool())
        .await
        .ok()?;
    admin.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    let store = Store::connect(&format!("{base}{sep}options=-c%20search_path%3D{schema}"))
        .await
        .ok()?;
    Some((store, schema))
}

#[tokio::main]
async fn main() {
    let rows: usize = std::env::var("IMPORT_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("customers.csv");
    let t = Instant::now();
    customers_csv::generate(&csv, rows);
    let size = std::fs::metadata(&csv).unwrap().len();
    println!(
        "generated {rows} rows ({:.1} MiB) in {:.1} s",
        size as f64 / 1048576.0,
        t.elapsed().as_secs_f64()
    );
    let src = Source::File(csv);
    println!("| engine | rows | first load (one pass) | rows/s | then an update file |");
    println!("|---|---|---|---|---|");
    let db = dir.path().join("bench.db");
    let store = Store::connect(&db.display().to_string()).await.unwrap();
    run("sqlite", &store, &src, rows).await;
    store.close().await;
    match pg_store().await {
        Some((store, schema)) => {
            run("postgres", &store, &src, rows).await;
            let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(store.pool())
                .await;
            store.close().await;
        }
        None => println!("(PostgreSQL not reachable: skipped)"),
    }
}
