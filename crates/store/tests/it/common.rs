//! Fresh databases for tests: a temporary SQLite file, or a new schema on the PostgreSQL
//! server named by `CAREWELL_TEST_PG_URL`; and the actors, dates and amounts the suites share.

use carewell_store::Store;

/// A test database; keeps its temp dir alive.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A fresh SQLite file.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::connect(&url).await.unwrap();
        TestDb {
            store,
            url,
            _dir: Some(dir),
        }
    }

    /// A fresh schema on `CAREWELL_TEST_PG_URL`; `None` (skip) when it is unset outside CI.
    pub async fn postgres() -> Option<TestDb> {
        let base = pg_base()?;
        let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
        let admin = Store::connect_without_migrating(&base).await.unwrap();
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(admin.pool())
            .await
            .unwrap();
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        let store = Store::connect(&url).await.unwrap();
        Some(TestDb {
            store,
            url,
            _dir: None,
        })
    }
}

/// Whether this run is CI's (`CI` set to anything but empty, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// The PostgreSQL base URL (`CAREWELL_TEST_PG_URL`), or None when PostgreSQL tests are skipped
/// (outside CI). In CI a missing URL fails the test: PostgreSQL must be covered there.
pub fn pg_base() -> Option<String> {
    match std::env::var("CAREWELL_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ if in_ci() => panic!(
            "CI requires CAREWELL_TEST_PG_URL: the storage suites must run on PostgreSQL in CI"
        ),
        _ => None,
    }
}

/// Says, past the test harness's output capture, that a PostgreSQL variant did not run.
pub fn skipped(test: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: CAREWELL_TEST_PG_URL is not set"
    );
}

/// The agent every store test acts as.
pub fn agent() -> carewell_store::Actor {
    carewell_store::Actor {
        id: "agent-1".into(),
        label: "agent@example.com".into(),
    }
}

/// The manager every store test decides as.
pub fn manager() -> carewell_store::Actor {
    carewell_store::Actor {
        id: "manager-1".into(),
        label: "manager@example.com".into(),
    }
}

/// A date `YYYY-MM-DD`.
pub fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Noon UTC on the date `YYYY-MM-DD`.
pub fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    d(s).and_hms_opt(12, 0, 0).unwrap().and_utc()
}

/// An amount in euro cents.
pub fn eur(minor: i64) -> carewell_domain::money::Money {
    carewell_domain::money::Money {
        minor,
        currency: carewell_domain::money::Currency::parse("EUR").unwrap(),
    }
}
