//! Customer health (issue 15): the current score of each customer (`customer_health`, read by
//! the customer list, segments and the Today page through its `band`), its history
//! (`customer_health_history`, a row on each day its make-up changed) and the settings.
//!
//! The scoring is pure ([`carewell_domain::health`]); [`compute`] gathers the facts with one
//! grouped query per source over a batch of customers and writes the results in batches. It
//! runs daily for everyone ([`HealthDaily`]) and, for one customer, on the events that move the
//! score: a complaint opened or changed, an interaction logged, a survey answered — each
//! enqueues a [`HealthRecompute`] in its own transaction through [`queue_recompute`] (one
//! waiting job per customer). Departed customers have no score; an erasure deletes a customer's
//! rows ([`TABLES`]), a deletion cascades.

pub mod compute;
mod read;

pub use read::{HealthReport, HistoryPoint};

use crate::jobs::JobPayload;
use crate::{Actor, Store, StoreError, Tx, audit, now};
use carewell_domain::health::HealthSettings;
use chrono::Utc;
use serde_json::json;

/// The tables holding a customer's health (both keyed by `customer_id`).
pub const TABLES: [&str; 2] = ["customer_health", "customer_health_history"];

/// Recompute one customer's health now (queued by the events that move it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HealthRecompute {
    /// The customer.
    pub customer_id: String,
}

impl JobPayload for HealthRecompute {
    const KIND: &'static str = "health.recompute";
    fn unique_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.customer_id))
    }
}

/// Recompute every customer's health (daily, and after the settings change).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HealthDaily {}

impl JobPayload for HealthDaily {
    const KIND: &'static str = "health.daily";
    fn unique_key(&self) -> Option<String> {
        None
    }
}

/// Queues a recompute of `customer_id`'s health in the caller's transaction, so it exists
/// exactly when the change commits. Deduplicated: a waiting job is moved to now, a finished one
/// re-armed, a running one left (the daily run catches what it missed).
pub async fn queue_recompute(tx: &mut Tx<'_>, customer_id: &str) -> Result<(), StoreError> {
    HealthRecompute {
        customer_id: customer_id.to_string(),
    }
    .schedule(tx, Utc::now())
    .await?;
    Ok(())
}

impl Store {
    /// The health settings: weights and band thresholds.
    pub async fn health_settings(&self) -> Result<HealthSettings, StoreError> {
        let (raw,): (String,) = sqlx::query_as("SELECT settings FROM health_settings WHERE id = 1")
            .fetch_one(self.pool())
            .await?;
        Ok(serde_json::from_str(&raw)?)
    }

    /// Changes the health settings (validated: every field at fault named; audited) and queues
    /// a recompute of everyone.
    pub async fn set_health_settings(
        &self,
        actor: &Actor,
        s: &HealthSettings,
    ) -> Result<HealthSettings, StoreError> {
        s.validate()?;
        let before = self.health_settings().await?;
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE health_settings SET settings = $1, updated_at = $2 WHERE id = 1")
            .bind(serde_json::to_string(s)?)
            .bind(now())
            .execute(&mut *tx.tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "health.settings",
            "health_settings",
            "1",
            &json!(before),
            &json!(s),
        )
        .await?;
        crate::jobs::schedule(
            &mut tx,
            HealthDaily::KIND,
            &json!({}),
            Utc::now(),
            "health.daily:now",
        )
        .await?;
        tx.commit().await?;
        Ok(*s)
    }
}
