//! The engine matrix: [`engines!`] runs a test on SQLite and on PostgreSQL, and [`pg_url`] makes
//! a fresh PostgreSQL schema for one test. Without `CAREWELL_TEST_PG_URL` the PostgreSQL variant
//! says on stderr that it was skipped (in CI that is an error: the variant panics instead).

use carewell_store::Store;
use std::io::Write;

/// `engines!(Fixture: a, b)` makes the tests `a::sqlite`, `a::postgres`, `b::sqlite`, … that call
/// `a(fixture)` with a `Fixture` built on each engine (`Fixture::sqlite().await` and
/// `Fixture::postgres().await`, the latter `None` when PostgreSQL is not configured).
/// `engines!(&Fixture: a, b)` passes `&fixture`.
macro_rules! engines {
    (& $fx:ty: $($name:ident),+ $(,)?) => { $( engines!(@one [&] $fx, $name); )+ };
    ($fx:ty: $($name:ident),+ $(,)?) => { $( engines!(@one [] $fx, $name); )+ };
    (@one [$($r:tt)?] $fx:ty, $name:ident) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let fx = <$fx>::sqlite().await;
                super::$name($($r)? fx).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(fx) = <$fx>::postgres().await else {
                    return $crate::engines::skipped(module_path!());
                };
                super::$name($($r)? fx).await;
            }
        }
    };
}

/// Whether this run is CI's (`CI` set to anything but empty, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// Says, past the test harness's output capture, that a PostgreSQL variant did not run.
pub fn skipped(test: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: CAREWELL_TEST_PG_URL is not set"
    );
}

/// The URL of a fresh schema on the server named by `CAREWELL_TEST_PG_URL`; `None` (skip) when
/// it is unset outside CI. In CI a missing URL fails the test: PostgreSQL must be covered there.
pub async fn pg_url() -> Option<String> {
    let base = match std::env::var("CAREWELL_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => u,
        _ if in_ci() => panic!("CI requires CAREWELL_TEST_PG_URL (PostgreSQL must be tested)"),
        _ => return None,
    };
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let admin = Store::connect_without_migrating(&base).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(admin.pool())
        .await
        .unwrap();
    admin.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-c%20search_path%3D{schema}"))
}

/// A migrated store on a fresh PostgreSQL schema (see [`pg_url`]).
pub async fn pg_store() -> Option<Store> {
    Some(Store::connect(&pg_url().await?).await.unwrap())
}

/// A migrated store on a fresh SQLite file, with the directory that keeps it alive.
pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    (Store::connect(&url).await.unwrap(), dir)
}
