//! The jobs every Carewell process runs, and the runner wired to the messaging outbox.

use crate::jobs::{Registry, Runner};
use crate::kernel::config::Config;
use crate::messaging::deliver::Deliverer;
use carewell_store::Store;
use carewell_store::complaints::timers::{SatisfactionQuestion, SlaCheck, SlaSweep};
use carewell_store::jobs::kinds::{AuditCheckpoint, ClientFitRefresh, Housekeeping};
use carewell_store::offboarding::{EraseCase, HoldExpiry};
use std::sync::Arc;
use tokio::sync::watch;

/// The jobs every Carewell process runs: the one list (a test checks that it covers every kind
/// the store enqueues, `carewell_store::jobs::ALL_KINDS`).
pub fn standard_registry() -> Registry {
    let mut r = Registry::default();
    r.job::<SlaCheck>()
        .job::<SatisfactionQuestion>()
        .job_every::<SlaSweep>(crate::complaints::jobs::SWEEP_PERIOD_SECS)
        .job::<EraseCase>()
        .job::<HoldExpiry>()
        .job_every::<AuditCheckpoint>(crate::audit::anchor::CHECKPOINT_PERIOD_SECS)
        .job_every::<Housekeeping>(crate::jobs::housekeeping::PERIOD_SECS)
        .job_every::<ClientFitRefresh>(crate::client_fit::jobs::PERIOD_SECS)
        .job_every::<carewell_store::cadence::CadenceRun>(crate::cadence::jobs::PERIOD_SECS)
        .job_every::<carewell_store::surveys::RelationshipNps>(crate::surveys::jobs::PERIOD_SECS)
        .job::<carewell_store::health::HealthRecompute>()
        .job_every::<carewell_store::health::HealthDaily>(crate::health::jobs::PERIOD_SECS)
        .job::<carewell_store::predictions::PredictionRun>()
        .job_every::<carewell_store::predictions::PredictionDaily>(
            crate::retention::jobs::PERIOD_SECS,
        );
    r
}

/// A runner over `store` with `registry`'s handlers that also delivers the outbox (the
/// messaging deliverer configured from `config`).
pub fn runner(store: Store, config: Arc<Config>, registry: Registry) -> anyhow::Result<Runner> {
    let mut registry = registry;
    crate::complaints::imap::schedule(&mut registry, &config);
    let deliverer = Deliverer::new(store.clone(), &config)?;
    Ok(Runner::new(store, config, registry, Arc::new(deliverer)))
}

/// Spawns the standard runner for `carewell serve`; send `true` on the returned sender to stop
/// it.
pub fn spawn(
    store: Store,
    config: Arc<Config>,
) -> anyhow::Result<(watch::Sender<bool>, tokio::task::JoinHandle<()>)> {
    let (tx, rx) = watch::channel(false);
    let runner = runner(store, config, standard_registry())?;
    Ok((tx, tokio::spawn(runner.run(rx))))
}
