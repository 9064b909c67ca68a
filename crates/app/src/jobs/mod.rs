//! Durable background jobs: a registry of handlers by kind, and the runner that claims due jobs
//! and outbox messages from the database (inside `carewell serve`, or alone as
//! `carewell worker`). Jobs are enqueued with [`carewell_store::jobs::enqueue`] in the same
//! transaction as the change that caused them.

pub mod runner;

pub use runner::{Runner, worker};

use crate::config::Config;
use carewell_store::Store;
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What a handler gets besides its payload.
#[derive(Debug, Clone)]
pub struct JobContext {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Arc<Config>,
    /// The job's id.
    pub job_id: String,
    /// Which attempt this is (1-based).
    pub attempt: i64,
}

/// A boxed job handler future.
pub type HandlerFuture = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;

/// A job handler: an error retries the job with backoff, then dead-letters it.
pub type Handler = Arc<dyn Fn(JobContext, Value) -> HandlerFuture + Send + Sync>;

/// Job kinds and their handlers. Capabilities register theirs in [`Registry::standard`].
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<String, Handler>,
    periodic: Vec<(String, i64)>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.handlers.keys()).finish()
    }
}

impl Registry {
    /// The handlers every Carewell process runs. Later capabilities (SLA timers, follow-ups,
    /// deletion dates) add a `register` line here.
    pub fn standard() -> Self {
        let mut r = Self::default();
        crate::complaints::timers::register(&mut r);
        crate::offboarding::register(&mut r);
        r
    }

    /// Makes the runner enqueue a `kind` job once per `period_secs` (unique key
    /// `<kind>:<start of the period>`, so several processes enqueue it once).
    pub fn every(&mut self, kind: &str, period_secs: i64) -> &mut Self {
        self.periodic.retain(|(k, _)| k != kind);
        self.periodic.push((kind.to_string(), period_secs.max(1)));
        self
    }

    /// The periodic kinds with their periods in seconds.
    pub fn periodic(&self) -> &[(String, i64)] {
        &self.periodic
    }

    /// Registers `handler` for jobs of `kind` (replacing any earlier one).
    pub fn register<F, Fut>(&mut self, kind: &str, handler: F) -> &mut Self
    where
        F: Fn(JobContext, Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        let h: Handler = Arc::new(move |ctx, payload| Box::pin(handler(ctx, payload)));
        self.handlers.insert(kind.to_string(), h);
        self
    }

    /// The handler for `kind`.
    pub fn get(&self, kind: &str) -> Option<&Handler> {
        self.handlers.get(kind)
    }

    /// The registered kinds (only these are claimed, so an older process never takes a job it
    /// cannot run).
    pub fn kinds(&self) -> Vec<&str> {
        let mut k: Vec<&str> = self.handlers.keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }
}
