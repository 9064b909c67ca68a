//! Customer search, timed directly against a SQLite file: the old `lower(name) LIKE '%q%'` scan
//! with its full count, beside the indexed search (`Store::search_customers`).
//!
//! ```text
//! cargo run --release -p carewell-store --example search_bench -- /tmp/search.db 1000000
//! ```
//! Seeds N customers through the import path the first time (names in Estonian, English and
//! Chinese, e-mails, phones, references, tags), then runs each query (the old way 3 times, the
//! new way 15 times) and prints the median and slowest time, and how many matched. Also takes
//! a PostgreSQL URL (with `options=-c search_path=…` for a scratch schema).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use carewell_domain::import::{ImportKind, ImportRow, parse_row};
use carewell_store::customers::CustomerQuery;
use carewell_store::{Actor, Store};
use std::time::{Duration, Instant};

const FIRST: [&str; 16] = [
    "Mari", "Jaan", "Kati", "Toomas", "Liis", "Andres", "Õie", "Jüri", "John", "Mary", "Peter",
    "Anna", "José", "Zoë", "Søren", "Šarlote",
];
const LAST: [&str; 16] = [
    "Tamm",
    "Saar",
    "Sepp",
    "Mägi",
    "Kask",
    "Õunapuu",
    "Kuusk",
    "Pärn",
    "Tammsaare",
    "Smith",
    "Jones",
    "García",
    "Müller",
    "Žukova",
    "Lepik",
    "Rebane",
];
const SURNAME_ZH: [&str; 8] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵"];
const GIVEN_ZH: [&str; 12] = [
    "小明", "伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "小龙",
];
const TAGS: [&str; 6] = [
    "vip",
    "b2b",
    "wholesale",
    "gold-partner",
    "churn-risk",
    "new",
];

/// A small deterministic generator (no dependency needed for a benchmark's data).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() as usize) % v.len()]
    }
}

fn row(i: u64, rng: &mut Lcg) -> [String; 5] {
    let name = if i.is_multiple_of(10) {
        format!("{}{}", rng.pick(&SURNAME_ZH), rng.pick(&GIVEN_ZH))
    } else {
        format!("{} {}", rng.pick(&FIRST), rng.pick(&LAST))
    };
    let email = format!("user{i}@example{}.com", rng.next() % 100);
    let phone = format!("+372 5{:03} {:04}", rng.next() % 1000, i % 10_000);
    let tags = if rng.next().is_multiple_of(4) {
        rng.pick(&TAGS).to_string()
    } else {
        String::new()
    };
    [format!("C{i:07}"), name, email, phone, tags]
}

async fn seed(store: &Store, n: u64) {
    let header = ["external_ref", "name", "email", "phone", "tags"];
    let mut rng = Lcg(42);
    let started = Instant::now();
    let mut imp = store.begin_import(ImportKind::Customers, n).await.unwrap();
    let mut errs = Vec::new();
    let mut i = 0;
    while i < n {
        let batch: Vec<(u64, ImportRow)> = (i..(i + 500).min(n))
            .map(|j| {
                let r = row(j, &mut rng);
                let cells: Vec<&str> = r.iter().map(String::as_str).collect();
                let parsed =
                    parse_row(ImportKind::Customers, &header, &cells, j + 2, &mut errs).unwrap();
                (j + 2, parsed)
            })
            .collect();
        imp.write(&batch).await.unwrap();
        i += 500;
    }
    imp.finish(&Actor::cli(), "bench").await.unwrap().unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "seeded {n} customers in {secs:.1} s ({:.0} rows/s, search index included)",
        n as f64 / secs
    );
}

/// The search as it was before migration 0013: a scan with a full count.
async fn old_search(store: &Store, text: &str) -> i64 {
    let pat = format!(
        "%{}%",
        text.to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let filter = "FROM customers WHERE (lower(name) LIKE $1 ESCAPE '\\' OR lower(email) LIKE $1 ESCAPE '\\' \
                  OR phone LIKE $1 ESCAPE '\\' OR lower(external_ref) LIKE $1 ESCAPE '\\')";
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {filter}"))
        .bind(&pat)
        .fetch_one(store.pool())
        .await
        .unwrap();
    let _rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT id {filter} ORDER BY name, id LIMIT 50 OFFSET 0"
    ))
    .bind(&pat)
    .fetch_all(store.pool())
    .await
    .unwrap();
    total
}

async fn new_search(store: &Store, text: &str) -> (i64, bool) {
    let q = CustomerQuery {
        q: Some(text.into()),
        ..Default::default()
    };
    let p = store.search_customers(&q, 50, 0).await.unwrap();
    (p.total, p.capped)
}

fn summary(mut t: Vec<Duration>) -> String {
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "p50 {:7.2} ms  max {:7.2} ms",
        ms(t[t.len() / 2]),
        ms(t[t.len() - 1])
    )
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or("/tmp/search-bench.db".into());
    let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let store = Store::connect(&path).await.unwrap();
    if store.count_customers().await.unwrap() == 0 {
        seed(&store, n).await;
    }
    println!(
        "{} customers in {path}",
        store.count_customers().await.unwrap()
    );
    if store.engine() == carewell_store::Engine::Sqlite {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(store.pool())
            .await
            .unwrap();
    }
    let reps_old = 3;
    let queries = [
        "Tamm",
        "tammsaare",
        "õuna",
        "jose",
        "小明",
        "王小明",
        "li",
        "k",
        "user123456@example",
        "+372 5123 4567",
        "C0123456",
        "gold-partner",
        "zzqx",
    ];
    println!(
        "{:<20} | {:>10} {:<32} | {:>12} {:<32}",
        "query", "old count", "old (scan + full count)", "new count", "new (indexed, capped)"
    );
    for q in queries {
        let mut old_t = Vec::new();
        let mut new_t = Vec::new();
        let mut old_n = 0;
        let mut new_n = (0, false);
        for _ in 0..reps_old {
            let t = Instant::now();
            old_n = old_search(&store, q).await;
            old_t.push(t.elapsed());
        }
        for _ in 0..15 {
            let t = Instant::now();
            new_n = new_search(&store, q).await;
            new_t.push(t.elapsed());
        }
        let shown = format!("{}{}", new_n.0, if new_n.1 { "+" } else { "" });
        println!(
            "{q:<20} | {old_n:>10} {:<32} | {shown:>12} {:<32}",
            summary(old_t),
            summary(new_t)
        );
    }
}
