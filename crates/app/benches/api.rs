//! HTTP load benchmark (issue 13): a small load generator that drives a running
//! `carewell serve` (release build) with a fixed number of keep-alive connections and records
//! every request's latency. `bench/api/run.sh` builds, seeds 1,000,000 customers and
//! 10,000,000 transactions on SQLite and PostgreSQL, starts the server and calls this in its
//! three modes (`API_BENCH_MODE`):
//!
//! - `csv`: writes the deterministic customers CSV (`API_BENCH_CSV`, `API_BENCH_ROWS`), the
//!   same file the import benchmark loads;
//! - `complaints`: records `API_BENCH_COMPLAINTS` complaints through `POST /api/v1/complaints`;
//! - `floor`: prints `API_BENCH_FLOOR_N` statements (2000) of the kind `API_BENCH_FLOOR`
//!   (customer, search, timeline, complaints) for `API_BENCH_ENGINE`, each with another customer
//!   or search term: what the endpoint's main statement is, for timing in sqlite3 / psql;
//! - `load`: for each endpoint in `API_BENCH_ENDPOINTS` (default: all, then the mix), runs
//!   `API_BENCH_CONNS` connections (64) for `API_BENCH_SECS` seconds (20) after
//!   `API_BENCH_WARMUP` seconds (3) not counted, and prints one table row: requests/s, p50,
//!   p99, max, errors, and the CPU the server (and PostgreSQL), this client and the whole
//!   machine used meanwhile (in cores). With `API_BENCH_RATE` the connections together offer
//!   that many requests per second instead of sending back to back (latency then counts from
//!   when a request was due).
//!
//! Endpoints: `customer` (GET /api/v1/customers/{id}), `search` (GET /api/v1/customers?q=…,
//! a fixed mix of names, Chinese names, two-letter word starts, exact e-mails and references,
//! and partial e-mails; also reported per kind), `page` (the customer page HTML, GET
//! /customers/{id} with a session from the login form), `timeline` (GET
//! /api/v1/customers/{id}/timeline), `complaints` (GET /api/v1/complaints), `mix` (30 %
//! customer, 30 % search, 15 % page, 15 % timeline, 10 % complaints).
//!
//! Under `cargo test` (no `--bench` argument) it does nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/api_floor.rs"]
mod api_floor;
#[path = "support/cpu.rs"]
mod cpu;
#[path = "support/customers_csv.rs"]
mod customers_csv;

use cpu::cpu;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn env_num<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    match env("API_BENCH_MODE", "").as_str() {
        "csv" => {
            let path = env("API_BENCH_CSV", "customers.csv");
            let rows = env_num("API_BENCH_ROWS", 1_000_000usize);
            let t = Instant::now();
            customers_csv::generate(std::path::Path::new(&path), rows);
            println!(
                "generated {rows} customers in {path} in {:.1} s",
                t.elapsed().as_secs_f64()
            );
        }
        "complaints" => runtime().block_on(seed_complaints()),
        "floor" => floor(),
        "load" => runtime().block_on(load()),
        _ => println!(
            "the API load benchmark runs against a server: bench/api/run.sh (see its header)"
        ),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// What the requests need: the server, credentials and customer ids.
struct Ctx {
    client: reqwest::Client,
    base: String,
    bearer: String,
    cookie: String,
    ids: Vec<String>,
    /// Customers in the CSV (e-mails `c{i}@example.com`, references `C{i:07}`).
    rows: usize,
}

fn client(conns: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(conns)
        .tcp_nodelay(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

fn read_ids() -> Vec<String> {
    let path = env("API_BENCH_IDS", "ids.txt");
    let ids: Vec<String> = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    assert!(!ids.is_empty(), "{path}: no customer ids");
    ids
}

/// Signs in through the login form; returns the `cw_session` cookie.
async fn login(client: &reqwest::Client, base: &str) -> String {
    let email = env("API_BENCH_EMAIL", "bench@example.com");
    let password = env("API_BENCH_PASSWORD", "bench-password-1234");
    let r = client
        .post(format!("{base}/login"))
        .form(&[("email", email.as_str()), ("password", password.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "login refused");
    r.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.split(';').next().filter(|c| c.starts_with("cw_session=")))
        .expect("no session cookie")
        .to_string()
}

async fn seed_complaints() {
    let base = env("API_BENCH_URL", "http://127.0.0.1:18080");
    let n = env_num("API_BENCH_COMPLAINTS", 3000usize);
    let bearer = format!("Bearer {}", env("API_BENCH_TOKEN", ""));
    let ids = Arc::new(read_ids());
    let client = client(16);
    let t = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..16 {
        let (client, base, bearer, ids) =
            (client.clone(), base.clone(), bearer.clone(), ids.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(7 + w as u64);
            let categories = ["billing", "service", "product", "staff", "delivery", "other"];
            let severities = ["critical", "high", "medium", "low", "low", "medium"];
            for i in (w..n).step_by(16) {
                let body = serde_json::json!({
                    "customer_id": ids[rng.gen_range(0..ids.len())],
                    "channel": "phone",
                    "category": categories[i % categories.len()],
                    "severity": severities[rng.gen_range(0..severities.len())],
                    "description": format!("Bench complaint {i}: the invoice was charged twice and nobody called back."),
                });
                let r = client
                    .post(format!("{base}/api/v1/complaints"))
                    .header("authorization", &bearer)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success(), "complaint refused: {}", r.status());
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    println!(
        "recorded {n} complaints in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Endpoint {
    Customer,
    Search,
    Page,
    Timeline,
    Complaints,
    Mix,
}

impl Endpoint {
    fn parse(s: &str) -> Self {
        match s {
            "customer" => Self::Customer,
            "search" => Self::Search,
            "page" => Self::Page,
            "timeline" => Self::Timeline,
            "complaints" => Self::Complaints,
            "mix" => Self::Mix,
            other => panic!("unknown endpoint {other}"),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Customer => "open customer (API)",
            Self::Search => "search (API)",
            Self::Page => "customer page (HTML)",
            Self::Timeline => "timeline (API)",
            Self::Complaints => "complaint list (API)",
            Self::Mix => "mix",
        }
    }
}

/// A search term and its kind (reported apart).
fn search_term(rng: &mut StdRng, rows: usize) -> (&'static str, String) {
    const NAMES: [&str; 12] = [
        "Tamm", "Kask", "Saar", "Smith", "Murphy", "O'Brien", "Olivia", "Siobhan", "Liam", "Kadri",
        "Jaan", "Tõnu",
    ];
    const FULL: [&str; 4] = ["Mari Tamm", "Liam Murphy", "Kadri Saar", "James Smith"];
    const CHINESE: [&str; 6] = ["王", "李", "伟 王", "芳 张", "娜 刘", "磊"];
    const TWO: [&str; 6] = ["ta", "ka", "sm", "mu", "ol", "li"];
    match rng.gen_range(0..10) {
        0..=2 => ("name", NAMES[rng.gen_range(0..NAMES.len())].to_string()),
        3 => ("name", FULL[rng.gen_range(0..FULL.len())].to_string()),
        4 => (
            "chinese",
            CHINESE[rng.gen_range(0..CHINESE.len())].to_string(),
        ),
        5 => ("two letters", TWO[rng.gen_range(0..TWO.len())].to_string()),
        6 => ("exact", format!("c{}@example.com", rng.gen_range(0..rows))),
        7 => ("exact", format!("C{:07}", rng.gen_range(0..rows))),
        _ => (
            "partial",
            format!("c{}", rng.gen_range(10_000..rows.max(10_001))),
        ),
    }
}

impl Ctx {
    /// One request for `ep`: its kind (for the report) and the request.
    fn request(&self, ep: Endpoint, rng: &mut StdRng) -> (&'static str, reqwest::RequestBuilder) {
        let ep = if ep == Endpoint::Mix {
            match rng.gen_range(0..100) {
                0..30 => Endpoint::Customer,
                30..60 => Endpoint::Search,
                60..75 => Endpoint::Page,
                75..90 => Endpoint::Timeline,
                _ => Endpoint::Complaints,
            }
        } else {
            ep
        };
        let id = &self.ids[rng.gen_range(0..self.ids.len())];
        let api = |path: String| {
            self.client
                .get(format!("{}{path}", self.base))
                .header("authorization", &self.bearer)
        };
        match ep {
            Endpoint::Customer => ("customer", api(format!("/api/v1/customers/{id}"))),
            Endpoint::Search => {
                let (kind, q) = search_term(rng, self.rows);
                let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
                (kind, api(format!("/api/v1/customers?q={q}")))
            }
            Endpoint::Page => (
                "page",
                self.client
                    .get(format!("{}/customers/{id}", self.base))
                    .header("cookie", &self.cookie),
            ),
            Endpoint::Timeline => ("timeline", api(format!("/api/v1/customers/{id}/timeline"))),
            Endpoint::Complaints => ("complaints", api("/api/v1/complaints".into())),
            Endpoint::Mix => unreachable!(),
        }
    }
}

/// Latencies (µs) and errors of one kind of request.
#[derive(Default)]
struct Samples {
    us: Vec<u32>,
    errors: u64,
}

impl Samples {
    fn merge(&mut self, o: Samples) {
        self.us.extend(o.us);
        self.errors += o.errors;
    }
}

/// One connection's loop: back to back, or with `every` one request per interval (then the
/// latency counts from when the request was due, so a stall is not hidden by waiting for it).
async fn worker(
    ctx: Arc<Ctx>,
    ep: Endpoint,
    seed: u64,
    (start, end): (Instant, Instant),
    every: Option<Duration>,
) -> BTreeMap<&'static str, Samples> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out: BTreeMap<&'static str, Samples> = BTreeMap::new();
    // Connections start spread over one interval.
    let mut due = every.map(|e| Instant::now() + e.mul_f64(rng.gen_range(0.0..1.0)));
    loop {
        if let (Some(d), Some(e)) = (due.as_mut(), every) {
            tokio::time::sleep_until((*d).into()).await;
            *d += e;
        }
        let t = match due {
            Some(d) => d - every.unwrap_or_default(),
            None => Instant::now(),
        };
        if Instant::now() >= end {
            return out;
        }
        let (kind, req) = ctx.request(ep, &mut rng);
        let ok = match req.send().await {
            Ok(r) => {
                let status = r.status();
                r.bytes().await.is_ok() && status.is_success()
            }
            Err(_) => false,
        };
        if t >= start {
            let s = out.entry(kind).or_default();
            s.us.push(t.elapsed().as_micros().min(u32::MAX as u128) as u32);
            if !ok {
                s.errors += 1;
            }
        }
    }
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i] as f64 / 1000.0
}

async fn load() {
    let base = env("API_BENCH_URL", "http://127.0.0.1:18080");
    let conns = env_num("API_BENCH_CONNS", 64usize);
    let secs = env_num("API_BENCH_SECS", 20u64);
    let warmup = env_num("API_BENCH_WARMUP", 3u64);
    let engine = env("API_BENCH_ENGINE", "?");
    let server_pid = env("API_BENCH_SERVER_PID", "0");
    let out_path = env("API_BENCH_OUT", "");
    // API_BENCH_RATE: requests per second offered in all (spread over the connections);
    // unset: each connection sends its next request as soon as the last is answered.
    let rate = env_num("API_BENCH_RATE", 0.0f64);
    let every = (rate > 0.0).then(|| Duration::from_secs_f64(conns as f64 / rate));
    let client = client(conns);
    let cookie = login(&client, &base).await;
    let ctx = Arc::new(Ctx {
        client,
        base,
        bearer: format!("Bearer {}", env("API_BENCH_TOKEN", "")),
        cookie,
        ids: read_ids(),
        rows: env_num("API_BENCH_ROWS", 1_000_000usize),
    });
    let endpoints = env(
        "API_BENCH_ENDPOINTS",
        "customer,search,page,timeline,complaints,mix",
    );
    let mut out = (!out_path.is_empty()).then(|| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&out_path)
            .unwrap()
    });
    let mut print = |line: String| {
        println!("{line}");
        if let Some(f) = out.as_mut() {
            writeln!(f, "{line}").unwrap();
        }
    };
    for (n, name) in endpoints.split(',').map(str::trim).enumerate() {
        let ep = Endpoint::parse(name);
        let start = Instant::now() + Duration::from_secs(warmup);
        let end = start + Duration::from_secs(secs);
        let tasks: Vec<_> = (0..conns)
            .map(|w| {
                tokio::spawn(worker(
                    ctx.clone(),
                    ep,
                    (n * 1000 + w) as u64,
                    (start, end),
                    every,
                ))
            })
            .collect();
        tokio::time::sleep_until(start.into()).await;
        let c0 = cpu(&server_pid);
        tokio::time::sleep_until(end.into()).await;
        let c1 = cpu(&server_pid);
        let mut by_kind: BTreeMap<&'static str, Samples> = BTreeMap::new();
        for t in tasks {
            for (k, s) in t.await.unwrap() {
                by_kind.entry(k).or_default().merge(s);
            }
        }
        let wall = secs as f64;
        let ticks = |a: u64, b: u64| b.saturating_sub(a) as f64 / 100.0 / wall;
        let mut all = Samples::default();
        let mut rows = Vec::new();
        for (kind, mut s) in by_kind {
            s.us.sort_unstable();
            rows.push((
                kind,
                s.us.len(),
                pct(&s.us, 0.5),
                pct(&s.us, 0.99),
                s.errors,
            ));
            all.merge(s);
        }
        all.us.sort_unstable();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        let machine = (c1.busy - c0.busy) as f64 / (c1.total - c0.total).max(1) as f64 * cores;
        let label = if rate > 0.0 {
            format!("{} at {rate:.0} req/s offered", ep.label())
        } else {
            ep.label().to_string()
        };
        print(format!(
            "| {engine} | {label} | {conns} | {} | **{:.0}** | {:.1} | **{:.1}** | {:.0} | {} | {:.2} | {:.2} | {:.2} | {:.2} |",
            all.us.len(),
            all.us.len() as f64 / wall,
            pct(&all.us, 0.5),
            pct(&all.us, 0.99),
            all.us.last().map_or(f64::NAN, |m| *m as f64 / 1000.0),
            all.errors,
            ticks(c0.server, c1.server),
            ticks(c0.db, c1.db),
            ticks(c0.client, c1.client),
            machine,
        ));
        // A breakdown when the endpoint mixes kinds of request.
        if rows.len() > 1 {
            for (kind, count, p50, p99, errors) in rows {
                print(format!(
                    "| {engine} | · {kind} | | {count} | {:.0} | {p50:.1} | {p99:.1} | | {errors} | | | | |",
                    count as f64 / wall
                ));
            }
        }
    }
}

fn floor() {
    let engine = match env("API_BENCH_ENGINE", "sqlite").as_str() {
        "postgres" => carewell_store::Engine::Postgres,
        _ => carewell_store::Engine::Sqlite,
    };
    let rows = env_num("API_BENCH_ROWS", 1_000_000usize);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    api_floor::statements(
        engine,
        &env("API_BENCH_FLOOR", "customer"),
        &read_ids(),
        env_num("API_BENCH_FLOOR_N", 2000usize),
        |rng| search_term(rng, rows).1,
        &mut out,
    );
}
