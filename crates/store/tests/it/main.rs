//! The storage integration tests: one binary, one module per area. Every test runs on SQLite
//! and, with `CAREWELL_TEST_PG_URL` set, on PostgreSQL (the same conformance suite on both).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

/// `engines!(a, b)` makes the tests `a::sqlite`, `a::postgres`, `b::sqlite`, … that call
/// `a(&store)` with a fresh migrated [`carewell_store::Store`] on each engine. Without
/// `CAREWELL_TEST_PG_URL` the PostgreSQL variant says on stderr that it was skipped (in CI it
/// fails instead).
macro_rules! engines {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let db = $crate::common::TestDb::sqlite().await;
                    super::$name(&db.store).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let Some(db) = $crate::common::TestDb::postgres().await else {
                        return $crate::common::skipped(module_path!());
                    };
                    super::$name(&db.store).await;
                }
            }
        )+
    };
}

mod common;

mod cadence;
mod client_fit;
mod complaints;
mod conformance;
mod customer_delete;
mod health;
mod holds;
mod inbound_poll;
mod offboarding;
mod queues;
mod retention;
mod search;
mod segments;
mod surveys;
mod thread;
mod write_tx;
