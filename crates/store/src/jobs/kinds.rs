//! The kinds of job Carewell enqueues, each a typed payload: its kind string and JSON shape are
//! the persistence contract of the `jobs` table (rows written by an older version keep
//! working), its unique key says which jobs are one. The app registers a handler per kind (one
//! list, `carewell::app::jobs`); [`ALL_KINDS`] lets a test check none is forgotten.

use super::{DEFAULT_MAX_ATTEMPTS, enqueue_with, schedule};
use crate::{StoreError, Tx};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A job's payload: what its handler needs, serialised into the queue.
pub trait JobPayload: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The kind string stored with the job.
    const KIND: &'static str;
    /// Attempts before the job is dead-lettered.
    const MAX_ATTEMPTS: i64 = DEFAULT_MAX_ATTEMPTS;

    /// The deduplication key (unique across kinds, so it starts with the kind or its subject).
    fn unique_key(&self) -> Option<String>;

    /// Enqueues the job in the caller's transaction (it exists exactly when the cause commits).
    /// `None` when a job with the same key exists already.
    fn enqueue(
        &self,
        tx: &mut Tx<'_>,
        run_at: DateTime<Utc>,
    ) -> impl std::future::Future<Output = Result<Option<String>, StoreError>> + Send {
        async move {
            let payload = serde_json::to_value(self)?;
            let key = self.unique_key();
            enqueue_with(
                tx,
                Self::KIND,
                &payload,
                run_at,
                key.as_deref(),
                Self::MAX_ATTEMPTS,
            )
            .await
        }
    }

    /// Sets the job as a timer at `run_at`: enqueued, or moved when it waits, or re-armed when
    /// it already ran (see [`schedule`]). Needs a unique key.
    fn schedule(
        &self,
        tx: &mut Tx<'_>,
        run_at: DateTime<Utc>,
    ) -> impl std::future::Future<Output = Result<bool, StoreError>> + Send {
        async move {
            let payload = serde_json::to_value(self)?;
            let key = self
                .unique_key()
                .ok_or_else(|| StoreError::Corrupt(format!("{} has no unique key", Self::KIND)))?;
            schedule(tx, Self::KIND, &payload, run_at, &key).await
        }
    }

    /// Reads a stored payload back.
    fn decode(payload: &serde_json::Value) -> Result<Self, StoreError> {
        Ok(serde_json::from_value(payload.clone())?)
    }
}

/// Check a complaint's SLA clocks now (set at each 75 % point and target).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SlaCheck {
    /// The complaint.
    pub complaint_id: String,
    /// The checkpoint key (`complaint:{id}:{target}-{warning|breach}`); the handler checks every
    /// checkpoint from the current state, so a stale timer does nothing.
    #[serde(skip)]
    pub checkpoint: String,
}

impl JobPayload for SlaCheck {
    const KIND: &'static str = "complaint.sla-check";
    fn unique_key(&self) -> Option<String> {
        Some(self.checkpoint.clone())
    }
}

/// Ask the customer how satisfied they are, a week after the resolution (once per resolution).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SatisfactionQuestion {
    /// The complaint.
    pub complaint_id: String,
    /// The resolution the question is about (a reopened and re-resolved complaint asks again).
    pub resolved_at: String,
}

impl JobPayload for SatisfactionQuestion {
    const KIND: &'static str = "complaint.satisfaction";
    fn unique_key(&self) -> Option<String> {
        Some(format!(
            "complaint:{}:satisfaction:{}",
            self.complaint_id, self.resolved_at
        ))
    }
}

/// The SLA sweep over every open complaint (periodic; the fallback for missed timers).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SlaSweep {}

impl JobPayload for SlaSweep {
    // The historical name, kept so queued rows still run.
    const KIND: &'static str = "complaints.sla_sweep";
    fn unique_key(&self) -> Option<String> {
        None
    }
}

/// Sign the audit chain's head into the checkpoint file and the `audit.checkpoint` event
/// (periodic; see `carewell_domain::audit_anchor`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditCheckpoint {}

impl JobPayload for AuditCheckpoint {
    const KIND: &'static str = "audit.checkpoint";
    fn unique_key(&self) -> Option<String> {
        None
    }
}

/// Daily retention of finished work: delete finished jobs and remove delivered messages'
/// content after their retention periods (settings `job_retention_days`,
/// `message_content_retention_days`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Housekeeping {}

impl JobPayload for Housekeeping {
    const KIND: &'static str = "housekeeping.prune";
    fn unique_key(&self) -> Option<String> {
        None
    }
}

/// Erase an offboarding case's personal data on its deletion date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EraseCase {
    /// The case.
    pub case_id: String,
}

impl JobPayload for EraseCase {
    const KIND: &'static str = "offboarding.erase";
    fn unique_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.case_id))
    }
}

/// Delete the records a retention hold kept, on the day it ends.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HoldExpiry {
    /// The hold.
    pub hold_id: String,
}

impl JobPayload for HoldExpiry {
    const KIND: &'static str = "offboarding.hold-expiry";
    fn unique_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.hold_id))
    }
}

/// Rescore the client-fit ranking for every customer (`Store::rescore_client_fit`): daily, as
/// the counting windows move on, and at once when the list finds more changed customers than
/// it rescores inline (a bulk load, changed settings).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClientFitRefresh {}

impl JobPayload for ClientFitRefresh {
    const KIND: &'static str = "client_fit.refresh";
    fn unique_key(&self) -> Option<String> {
        None
    }
}

impl ClientFitRefresh {
    /// Queues a run now (one at a time: a queued run is moved to now, a finished one re-armed).
    pub async fn queue_now(store: &crate::Store) -> Result<(), StoreError> {
        let mut tx = store.begin().await?;
        schedule(
            &mut tx,
            Self::KIND,
            &serde_json::json!({}),
            Utc::now(),
            "client_fit.refresh:now",
        )
        .await?;
        tx.commit().await
    }
}

/// Every kind the store enqueues; each needs a registered handler.
pub const ALL_KINDS: [&str; 14] = [
    crate::cadence::CadenceRun::KIND,
    crate::health::HealthRecompute::KIND,
    crate::health::HealthDaily::KIND,
    ClientFitRefresh::KIND,
    SlaCheck::KIND,
    SatisfactionQuestion::KIND,
    SlaSweep::KIND,
    EraseCase::KIND,
    HoldExpiry::KIND,
    AuditCheckpoint::KIND,
    Housekeeping::KIND,
    crate::surveys::RelationshipNps::KIND,
    crate::predictions::PredictionRun::KIND,
    crate::predictions::PredictionDaily::KIND,
];
