//! Several app servers on one PostgreSQL (issue 13): two `carewell serve` processes and one
//! `carewell worker` (all running the queue) on one database. A session made on one server
//! works on the other; a burst of complaints made through both servers sends each
//! acknowledgement exactly once and runs each periodic job once per period; `kill -9` of a
//! server in the middle of deliveries loses nothing (its leases are reclaimed). PostgreSQL
//! only (skipped without `CAREWELL_TEST_PG_URL`, required in CI).

use crate::engines::{pg_url, skipped};
use crate::msg_support::SmtpSink;
use carewell::admin::password;
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::{Actor, Store};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// A child process killed (hard) when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn spawn(url: &str, sink: &SmtpSink, dir: &Path, name: &str, args: &[&str]) -> Proc {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_carewell"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("CAREWELL_")) {
        cmd.env_remove(k);
    }
    let log = std::fs::File::create(dir.join(format!("{name}.log"))).unwrap();
    let child = cmd
        .args(args)
        .current_dir(dir)
        .env("CAREWELL_CONFIG", dir.join("absent.toml"))
        .env("CAREWELL_DATABASE_URL", url)
        .env("CAREWELL_BASE_URL", "https://care.example.test/")
        .env("CAREWELL_SMTP_HOST", "127.0.0.1")
        .env("CAREWELL_SMTP_PORT", sink.addr.port().to_string())
        .env("CAREWELL_SMTP_TLS", "none")
        .env("CAREWELL_MAIL_FROM", "Carewell <care@carewell.test>")
        .env("CAREWELL_QUIET_HOURS", "")
        .env("CAREWELL_WORKER_LEASE_SECS", "3")
        .env("CAREWELL_WORKER_POLL_MS", "100")
        .env("CAREWELL_WORKER_CONCURRENCY", "4")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    Proc(child)
}

async fn wait_healthy(http: &reqwest::Client, base: &str, dir: &Path, name: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!(
        "{name} did not answer: {}",
        std::fs::read_to_string(dir.join(format!("{name}.log"))).unwrap_or_default()
    );
}

async fn wait_until(timeout: Duration, mut done: impl AsyncFnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if done().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    false
}

async fn wait_for(what: &str, timeout: Duration, done: impl AsyncFnMut() -> bool) {
    assert!(
        wait_until(timeout, done).await,
        "timed out waiting for {what}"
    );
}

/// The status of `GET {base}/customers` with the session cookie.
async fn customers_page(http: &reqwest::Client, base: &str, cookie: &str) -> u16 {
    http.get(format!("{base}/customers"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn api(http: &reqwest::Client, base: &str, token: &str, path: &str, body: Value) -> Value {
    let r = http
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {v}");
    v
}

/// Creates `n` customers and their complaints through the two servers in turn and
/// acknowledges each (one acknowledgement e-mail per customer).
async fn burst(http: &reqwest::Client, bases: &[&str], token: &str, tag: &str, n: usize) {
    for i in 0..n {
        let base = bases[i % bases.len()];
        let c = api(
            http,
            base,
            token,
            "/api/v1/customers",
            json!({"name": format!("Kunde {tag}{i}"), "email": format!("{tag}{i}@example.com"), "language": "et"}),
        )
        .await;
        let cp = api(
            http,
            bases[(i + 1) % bases.len()],
            token,
            "/api/v1/complaints",
            json!({"customer_id": c["id"], "category": "billing", "severity": "high", "description": "Topeltarve"}),
        )
        .await;
        let id = cp["id"].as_str().unwrap();
        api(
            http,
            base,
            token,
            &format!("/api/v1/complaints/{id}/transitions"),
            json!({"action": "acknowledge"}),
        )
        .await;
    }
}

fn per_recipient(sink: &SmtpSink, tag: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for m in sink.mails() {
        for to in m.to {
            let to = to
                .trim_matches(|c| c == '<' || c == '>' || c == ' ')
                .to_string();
            if to.starts_with(tag) {
                *counts.entry(to).or_insert(0) += 1;
            }
        }
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_and_a_worker_share_one_postgres() {
    let Some(url) = pg_url().await else {
        return skipped(module_path!());
    };
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start().await;
    let (pa, pb) = (free_port(), free_port());
    let (a_base, b_base) = (
        format!("http://127.0.0.1:{pa}"),
        format!("http://127.0.0.1:{pb}"),
    );
    // Started together on an empty schema: the migrations run once.
    let mut a = Some(spawn(
        &url,
        &sink,
        dir.path(),
        "a",
        &["serve", "--bind", &format!("127.0.0.1:{pa}")],
    ));
    let _b = spawn(
        &url,
        &sink,
        dir.path(),
        "b",
        &["serve", "--bind", &format!("127.0.0.1:{pb}")],
    );
    let _w = spawn(&url, &sink, dir.path(), "w", &["worker"]);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    wait_healthy(&http, &a_base, dir.path(), "a").await;
    wait_healthy(&http, &b_base, dir.path(), "b").await;
    let store = Store::connect(&url).await.unwrap();
    let email = Email::parse("agent@example.com").unwrap();
    let hash = password::hash("test-password-123").unwrap();
    let u = store
        .create_user(&Actor::cli(), &email, "Agent", Role::Agent, &hash)
        .await
        .unwrap();
    let token = store
        .create_api_token(&Actor::cli(), &u.id, "t")
        .await
        .unwrap();

    // A session made on A works on B.
    let r = http
        .post(format!("{a_base}/login"))
        .form(&[
            ("email", "agent@example.com"),
            ("password", "test-password-123"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("cw_session="))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_string();
    assert_eq!(
        customers_page(&http, &b_base, &cookie).await,
        200,
        "the session made on A is known to B"
    );

    // A burst through both servers: each acknowledgement arrives exactly once.
    let n = 24;
    burst(&http, &[&a_base, &b_base], &token, "p1-", n).await;
    let ok = wait_until(Duration::from_secs(60), async || {
        per_recipient(&sink, "p1-").len() == n
    })
    .await;
    if !ok {
        let rows: Vec<(String, String, Option<String>)> =
            sqlx::query_as("SELECT recipient, status, reason FROM outbox")
                .fetch_all(store.pool())
                .await
                .unwrap();
        for name in ["a", "b", "w"] {
            eprintln!(
                "--- {name}\n{}",
                std::fs::read_to_string(dir.path().join(format!("{name}.log"))).unwrap_or_default()
            );
        }
        panic!(
            "not every acknowledgement arrived: {} mails, outbox {rows:?}",
            sink.count()
        );
    }
    tokio::time::sleep(Duration::from_secs(4)).await;
    let counts = per_recipient(&sink, "p1-");
    assert!(counts.values().all(|&c| c == 1), "exactly once: {counts:?}");

    // Each periodic job ran once per period although three processes run the queue.
    let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT kind, unique_key, attempts FROM jobs WHERE kind = 'complaints.sla_sweep'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(!rows.is_empty());
    let keys: std::collections::HashSet<_> = rows.iter().map(|r| r.1.clone()).collect();
    assert_eq!(keys.len(), rows.len(), "one job per period");
    assert!(rows.iter().all(|r| r.2 <= 1), "claimed once: {rows:?}");

    // Slow deliveries, then kill -9 of A while it holds claims: nothing is lost.
    sink.delay_ms.store(300, Ordering::SeqCst);
    burst(&http, &[&a_base, &b_base], &token, "p2-", n).await;
    wait_for(
        "deliveries in flight",
        Duration::from_secs(30),
        async || {
            let (sending,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE status = 'sending'")
                    .fetch_one(store.pool())
                    .await
                    .unwrap();
            sending >= 2
        },
    )
    .await;
    if let Some(mut p) = a.take() {
        p.0.kill().unwrap(); // SIGKILL
        p.0.wait().unwrap();
    }
    sink.delay_ms.store(0, Ordering::SeqCst);
    wait_for(
        "every acknowledgement after the kill",
        Duration::from_secs(90),
        async || per_recipient(&sink, "p2-").len() == n,
    )
    .await;
    wait_for("the outbox to drain", Duration::from_secs(30), async || {
        let (open,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE status NOT IN ('sent', 'dropped')")
                .fetch_one(store.pool())
                .await
                .unwrap();
        open == 0
    })
    .await;
    // B still serves, and the dead server's session is still good there.
    assert_eq!(customers_page(&http, &b_base, &cookie).await, 200);
}
