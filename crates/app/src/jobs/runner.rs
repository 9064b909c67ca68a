//! The worker loop: claim due jobs and outbox messages, run them concurrently, record the
//! outcome, sleep briefly when idle, stop cleanly when asked.

use super::{JobContext, Outbox, Registry};
use crate::kernel::config::Config;
use carewell_domain::messaging::Backoff;
use carewell_store::{Store, jobs};
use chrono::{Duration, Utc};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// Runs jobs and delivers messages for one process.
#[derive(Debug, Clone)]
pub struct Runner {
    store: Store,
    config: Arc<Config>,
    registry: Arc<Registry>,
    outbox: Arc<dyn Outbox>,
    /// The last period each periodic kind was enqueued for (saves a write per poll).
    periods: Arc<std::sync::Mutex<std::collections::HashMap<String, i64>>>,
}

impl Runner {
    /// A runner over `store` with `registry`'s handlers, draining `outbox` next to the jobs.
    pub fn new(
        store: Store,
        config: Arc<Config>,
        registry: Registry,
        outbox: Arc<dyn Outbox>,
    ) -> Self {
        Self {
            store,
            config,
            registry: Arc::new(registry),
            outbox,
            periods: Arc::default(),
        }
    }

    /// The outbox this runner drains.
    pub fn outbox(&self) -> &dyn Outbox {
        self.outbox.as_ref()
    }

    fn lease(&self) -> Duration {
        Duration::seconds(self.config.worker_lease_secs.max(1) as i64)
    }

    fn backoff(&self) -> Backoff {
        Backoff {
            base: Duration::seconds(self.config.retry_base_secs as i64),
            ..Backoff::default()
        }
    }

    /// Enqueues the periodic jobs of the current period that this process has not enqueued yet
    /// (the unique key makes it once across processes).
    pub async fn enqueue_periodic(&self, now: chrono::DateTime<Utc>) -> anyhow::Result<()> {
        for (kind, period) in self.registry.periodic() {
            let slot = now.timestamp().div_euclid(*period) * period;
            let seen = self
                .periods
                .lock()
                .map(|m| m.get(kind) == Some(&slot))
                .unwrap_or(false);
            if seen {
                continue;
            }
            let at = chrono::DateTime::from_timestamp(slot, 0).unwrap_or(now);
            let key = format!("{kind}:{}", carewell_domain::time::fmt_ts(at));
            let mut tx = self.store.begin().await?;
            jobs::enqueue(&mut tx, kind, &serde_json::json!({}), at, Some(&key)).await?;
            tx.commit().await?;
            if let Ok(mut m) = self.periods.lock() {
                m.insert(kind.clone(), slot);
            }
        }
        Ok(())
    }

    /// Claims and runs one batch of due jobs; returns how many were claimed.
    pub async fn run_jobs_once(&self) -> anyhow::Result<usize> {
        if let Err(e) = self.enqueue_periodic(Utc::now()).await {
            tracing::error!(error = %e, "enqueueing periodic jobs");
        }
        let kinds = self.registry.kinds();
        let limit = self.config.worker_concurrency.max(1) as i64;
        let batch = jobs::claim(&self.store, &kinds, Utc::now(), self.lease(), limit).await?;
        let n = batch.len();
        let mut set = JoinSet::new();
        for job in batch {
            let Some(handler) = self.registry.get(&job.kind).cloned() else {
                continue;
            };
            let ctx = JobContext {
                store: self.store.clone(),
                config: self.config.clone(),
                job_id: job.id.clone(),
                attempt: job.attempts,
            };
            let payload = job.payload.clone();
            // The handler runs in its own task so a panic is a failed attempt, not a dead worker.
            let task = tokio::spawn(async move { handler(ctx, payload).await });
            let (store, backoff) = (self.store.clone(), self.backoff());
            set.spawn(async move {
                let outcome = match task.await {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(e)) => Err(format!("{e:#}")),
                    Err(e) => Err(format!("handler panicked: {e}")),
                };
                let r = match outcome {
                    Ok(()) => jobs::complete(&store, &job).await.map(|_| ()),
                    Err(e) => {
                        tracing::warn!(job = %job.id, kind = %job.kind, error = %e, "job failed");
                        jobs::fail(&store, &job, &e, Utc::now(), backoff)
                            .await
                            .map(|_| ())
                    }
                };
                if let Err(e) = r {
                    tracing::error!(job = %job.id, error = %e, "recording job outcome");
                }
            });
        }
        while set.join_next().await.is_some() {}
        Ok(n)
    }

    /// Runs jobs and deliveries until nothing is due (for tests and the CLI).
    pub async fn drain(&self) -> anyhow::Result<usize> {
        let mut total = 0;
        loop {
            let n = self.run_jobs_once().await? + self.outbox.run_once(Utc::now()).await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// Runs until `stop` turns true; finishes the batch in hand before returning.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let poll = std::time::Duration::from_millis(self.config.worker_poll_ms.max(10));
        tracing::info!(kinds = ?self.registry.kinds(), "worker started");
        loop {
            if *stop.borrow() {
                break;
            }
            let jobs = self.run_jobs_once().await.unwrap_or_else(|e| {
                tracing::error!(error = %e, "claiming jobs");
                0
            });
            let msgs = self.outbox.run_once(Utc::now()).await.unwrap_or_else(|e| {
                tracing::error!(error = %e, "delivering messages");
                0
            });
            if jobs + msgs == 0 {
                tokio::select! {
                    _ = tokio::time::sleep(poll) => {}
                    _ = stop.changed() => {}
                }
            }
        }
        tracing::info!("worker stopped");
    }

    /// Runs until `shutdown` resolves (e.g. Ctrl-C / SIGTERM); finishes the batch in hand
    /// before returning.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) {
        let (stop, rx) = watch::channel(false);
        let run = self.run(rx);
        tokio::pin!(run);
        tokio::select! {
            _ = &mut run => return,
            _ = shutdown => {}
        }
        let _ = stop.send(true);
        run.await;
    }
}
