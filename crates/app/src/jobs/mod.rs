//! Durable background jobs: a registry of handlers by kind, and the runner that claims due jobs
//! and hands due outbox messages to an [`Outbox`] (inside `carewell serve`, or alone as
//! `carewell worker`). Jobs are enqueued with [`carewell_store::jobs::enqueue`] in the same
//! transaction as the change that caused them. This kit knows no capability: each registers
//! its handlers with a `register_jobs(&mut Registry)`, and the composition root (`app::jobs`)
//! assembles the standard registry and wires the messaging outbox in.

pub mod runner;

pub use runner::Runner;

use crate::kernel::config::Config;
use carewell_store::Store;
use chrono::{DateTime, Utc};
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

/// A boxed future of the outbox.
pub type OutboxFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<usize>> + Send + 'a>>;

/// The outbound-message queue the runner drains next to the jobs (messaging's deliverer).
pub trait Outbox: Send + Sync + std::fmt::Debug {
    /// Claims one batch of messages due at `now` and delivers them; returns how many were
    /// claimed.
    fn run_once(&self, now: DateTime<Utc>) -> OutboxFuture<'_>;
}

/// Job kinds and their handlers. Capabilities register theirs with their `register_jobs`;
/// `app::jobs::standard_registry` holds every one.
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
