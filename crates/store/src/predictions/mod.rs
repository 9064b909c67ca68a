//! Departure care (issue 16): prediction runs, each customer's current prediction with its
//! reasons, a short history per customer, and the settings.
//!
//! A run is created `queued` with `active = 1` — a unique column, so one run is queued or
//! running at a time across app servers (a second request is refused with the running id) —
//! and executed by the `predictions.run` job: the app reads [`Store::purchase_facts`] (one
//! streamed pass over the transactions, ordered by customer), fits the models, and writes the
//! predictions in batches ([`Store::write_predictions`]); [`Store::finish_run`] records the
//! fit and clears `active`. Erased customers are left out of runs; an erasure deletes their
//! rows ([`TABLES`]). The risk rules are pure: [`carewell_domain::retention`].

mod facts;
mod read;
mod runs;
mod write;

pub use facts::{Facts, PurchaseFacts, day_of_date};
pub use read::{AtRiskFilter, AtRiskItem, CustomerPrediction, PredictionPoint};
pub use runs::{Run, RunResult, RunSummary};
pub use write::{CallOutcome, PredictionRow, WriteOutcome};

use crate::jobs::JobPayload;
use crate::{Actor, Store, StoreError, audit, now};
use carewell_domain::retention::RetentionSettings;
use serde_json::json;

/// The tables holding a customer's predictions (both keyed by `customer_id`).
pub const TABLES: [&str; 2] = ["customer_predictions", "customer_prediction_history"];

/// Execute one queued run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PredictionRun {
    /// The run.
    pub run_id: String,
}

impl JobPayload for PredictionRun {
    const KIND: &'static str = "predictions.run";
    fn unique_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.run_id))
    }
}

/// The hourly check that starts the daily run at the settings' time.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PredictionDaily {}

impl JobPayload for PredictionDaily {
    const KIND: &'static str = "predictions.daily";
    fn unique_key(&self) -> Option<String> {
        None
    }
}

impl Store {
    /// The departure-care settings.
    pub async fn retention_settings(&self) -> Result<RetentionSettings, StoreError> {
        let (raw,): (String,) =
            sqlx::query_as("SELECT settings FROM retention_settings WHERE id = 1")
                .fetch_one(self.pool())
                .await?;
        Ok(serde_json::from_str(&raw)?)
    }

    /// Changes the settings (validated: every field at fault named; audited).
    pub async fn set_retention_settings(
        &self,
        actor: &Actor,
        s: &RetentionSettings,
    ) -> Result<RetentionSettings, StoreError> {
        s.validate()?;
        let before = self.retention_settings().await?;
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE retention_settings SET settings = $1, updated_at = $2 WHERE id = 1")
            .bind(serde_json::to_string(s)?)
            .bind(now())
            .execute(&mut *tx.tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "retention.settings",
            "retention_settings",
            "1",
            &json!(before),
            &json!(s),
        )
        .await?;
        tx.commit().await?;
        Ok(s.clone())
    }
}
