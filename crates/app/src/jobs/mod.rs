//! Durable background jobs: typed jobs, a registry of handlers by kind, and the runner that
//! claims due jobs and hands due outbox messages to an [`Outbox`] (inside `carewell serve`, or
//! alone as `carewell worker`).
//!
//! A job is a serde payload struct with a `KIND` and a unique key
//! ([`carewell_store::jobs::JobPayload`], declared in the store because the store enqueues
//! most jobs in the transaction of the change that causes them), and a [`Job::run`] here in the
//! app. The composition root (`app::jobs::standard_registry`) lists every job once. This kit
//! knows no capability.

pub mod housekeeping;
pub mod runner;

pub use runner::Runner;

use crate::kernel::config::Config;
use carewell_store::Store;
use carewell_store::jobs::JobPayload;
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

/// A job the runner can run: its payload (kind, key, serde shape) is a [`JobPayload`]; an error
/// retries the job with backoff, then dead-letters it.
pub trait Job: JobPayload {
    /// Does the work.
    fn run(self, ctx: JobContext) -> impl Future<Output = anyhow::Result<()>> + Send;
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

    /// Registers the typed job `J` (its payload is decoded before [`Job::run`]).
    pub fn job<J: Job>(&mut self) -> &mut Self {
        self.register(J::KIND, |ctx, payload| async move {
            let job = J::decode(&payload)?;
            job.run(ctx).await
        })
    }

    /// Registers the typed job `J` and makes the runner enqueue it every `period_secs`.
    pub fn job_every<J: Job>(&mut self, period_secs: i64) -> &mut Self {
        self.job::<J>().every(J::KIND, period_secs)
    }

    /// Registers `handler` for jobs of `kind` (replacing any earlier one); for tests and tools
    /// (capabilities declare typed [`Job`]s).
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
