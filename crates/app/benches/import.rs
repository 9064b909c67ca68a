//! Bulk import throughput: a deterministic 1,000,000-row customers CSV imported in full (one
//! pass: parse and check in parallel while writing, one transaction) into a fresh SQLite
//! file, and into a fresh PostgreSQL schema when one is reachable (`CAREWELL_TEST_PG_URL`,
//! default postgres://postgres@127.0.0.1:5432/test), then a 1,000-row update file into the
//! loaded table. Prints rows/s.
//!
//! Run: `cargo bench -p carewell --bench import` (`IMPORT_BENCH_ROWS` to change the count).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use carewell::transfer::pipeline::{Progress, Source, import};
use carewell_domain::import::ImportKind;
use carewell_store::{Actor, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

const FIRST: [&str; 12] = [
    "Mari", "Jaan", "Kadri", "Tõnu", "Olivia", "James", "Siobhan", "Liam", "伟", "娜", "芳", "磊",
];
const LAST: [&str; 10] = [
    "Tamm", "Kask", "Saar", "Smith", "Murphy", "O'Brien", "王", "李", "张", "刘",
];
const LANGS: [(&str, &str, &str); 5] = [
    ("en", "GB", "Europe/London"),
    ("en", "US", "America/New_York"),
    ("en", "IE", "Europe/Dublin"),
    ("zh-CN", "CN", "Asia/Shanghai"),
    ("et", "EE", "Europe/Tallinn"),
];
const STAGES: [&str; 5] = ["onboarding", "active", "active", "at-risk", "departed"];
const SEGMENTS: [&str; 3] = ["retail", "smb", "enterprise"];

/// Writes the deterministic file.
fn generate(path: &Path, rows: usize) {
    let mut rng = StdRng::seed_from_u64(20261122);
    let f = std::fs::File::create(path).unwrap();
    let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, f));
    w.write_record([
        "external_ref",
        "kind",
        "name",
        "email",
        "phone",
        "language",
        "country",
        "timezone",
        "segment",
        "stage",
        "tags",
        "birthday",
        "consent_email",
        "consent_sms",
        "attr_plan",
    ])
    .unwrap();
    for i in 0..rows {
        let (lang, country, tz) = LANGS[rng.gen_range(0..LANGS.len())];
        let org = rng.gen_bool(0.2);
        let name = if org {
            format!(
                "{} {}",
                LAST[rng.gen_range(0..LAST.len())],
                if country == "EE" { "OÜ" } else { "Ltd" }
            )
        } else {
            format!(
                "{} {}",
                FIRST[rng.gen_range(0..FIRST.len())],
                LAST[rng.gen_range(0..LAST.len())]
            )
        };
        let tags = match rng.gen_range(0..4) {
            0 => "",
            1 => "vip",
            2 => "newsletter;b2c",
            _ => "b2b",
        };
        let bday = if org {
            String::new()
        } else {
            format!(
                "{}-{:02}-{:02}",
                rng.gen_range(1950..2005),
                rng.gen_range(1..13),
                rng.gen_range(1..29)
            )
        };
        w.write_record([
            format!("C{i:07}").as_str(),
            if org { "organisation" } else { "person" },
            &name,
            &format!("c{i}@example.com"),
            &format!("+372 5{:07}", rng.gen_range(0..10_000_000)),
            lang,
            country,
            tz,
            SEGMENTS[rng.gen_range(0..SEGMENTS.len())],
            STAGES[rng.gen_range(0..STAGES.len())],
            tags,
            &bday,
            if rng.gen_bool(0.6) { "yes" } else { "no" },
            if rng.gen_bool(0.3) { "yes" } else { "" },
            ["gold", "silver", ""][rng.gen_range(0..3)],
        ])
        .unwrap();
    }
    w.into_inner().unwrap().flush().unwrap();
}

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
    generate(&small, n);
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
    generate(&csv, rows);
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
