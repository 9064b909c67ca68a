//! Prediction runs: created queued (one active at a time), started by the job, finished with
//! the fitted parameters and the holdout validation, or failed with the error.

use super::PredictionRun;
use crate::jobs::JobPayload;
use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::Refusal;
use carewell_domain::retention::{Holdout, RunOptions};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// A run older than this that is still active is taken to have died with its server; the next
/// request marks it failed instead of waiting for it forever.
const ABANDONED_AFTER_HOURS: i64 = 6;

/// Counts of a finished run: customers per band and the total value at risk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RunSummary {
    /// High-risk customers.
    pub high: u64,
    /// Medium-risk customers.
    pub medium: u64,
    /// Low-risk customers.
    pub low: u64,
    /// Sum of the value at risk (run currency).
    pub value_at_risk: f64,
    /// Customers moved to stage `at-risk`.
    pub moved_at_risk: u64,
    /// Customers moved back to `active`.
    pub recovered: u64,
}

/// A prediction run.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Run {
    /// Id.
    pub id: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    /// The options it ran with.
    pub options: RunOptions,
    /// The transaction model's parameters (`r, alpha, a, b`; Pareto/NBD `r, alpha, s, beta`).
    #[schema(value_type = Option<Object>)]
    pub params: Option<Value>,
    /// Gamma-Gamma spend parameters `p, q, gamma`, when enough repeat buyers had amounts.
    #[schema(value_type = Option<Object>)]
    pub spend_params: Option<Value>,
    /// Convergence of the fit: `converged`, `iterations`, `gradient_norm`.
    #[schema(value_type = Option<Object>)]
    pub fit: Option<Value>,
    /// Log-likelihood of the transaction model at its parameters.
    pub log_likelihood: Option<f64>,
    /// Customers with purchases in the fit.
    pub customers: Option<i64>,
    /// Customers scored (everyone not erased).
    pub scored: Option<i64>,
    /// Holdout validation.
    pub holdout: Option<Holdout>,
    /// Counts per band.
    pub summary: Option<RunSummary>,
    /// Currency of CLV and value at risk.
    pub currency: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// Who started it (a user id, or `system`).
    pub started_by: String,
    /// Their e-mail, or `system`.
    pub started_by_label: String,
    /// Requested at.
    pub created_at: String,
    /// Started at.
    pub started_at: Option<String>,
    /// Finished at.
    pub finished_at: Option<String>,
    /// Wall time of the run in milliseconds.
    pub duration_ms: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: String,
    status: String,
    options: String,
    params: Option<String>,
    spend_params: Option<String>,
    fit: Option<String>,
    log_likelihood: Option<f64>,
    customers: Option<i64>,
    scored: Option<i64>,
    holdout: Option<String>,
    summary: Option<String>,
    currency: Option<String>,
    error: Option<String>,
    started_by: String,
    started_by_label: String,
    created_at: String,
    started_at: Option<String>,
    finished_at: Option<String>,
    duration_ms: Option<i64>,
}

const COLS: &str = "id, status, options, params, spend_params, fit, log_likelihood, customers, scored, \
     holdout, summary, currency, error, started_by, started_by_label, created_at, started_at, finished_at, duration_ms";

fn parse<T: serde::de::DeserializeOwned>(s: Option<String>) -> Result<Option<T>, StoreError> {
    s.map(|s| serde_json::from_str(&s))
        .transpose()
        .map_err(Into::into)
}

impl TryFrom<RunRow> for Run {
    type Error = StoreError;
    fn try_from(r: RunRow) -> Result<Self, StoreError> {
        Ok(Run {
            id: r.id,
            status: r.status,
            options: serde_json::from_str(&r.options)?,
            params: parse(r.params)?,
            spend_params: parse(r.spend_params)?,
            fit: parse(r.fit)?,
            log_likelihood: r.log_likelihood,
            customers: r.customers,
            scored: r.scored,
            holdout: parse(r.holdout)?,
            summary: parse(r.summary)?,
            currency: r.currency,
            error: r.error,
            started_by: r.started_by,
            started_by_label: r.started_by_label,
            created_at: r.created_at,
            started_at: r.started_at,
            finished_at: r.finished_at,
            duration_ms: r.duration_ms,
        })
    }
}

/// What a finished run found.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    /// Transaction model parameters (none without purchases to fit).
    pub params: Option<Value>,
    /// Gamma-Gamma parameters.
    pub spend_params: Option<Value>,
    /// Convergence facts.
    pub fit: Option<Value>,
    /// Log-likelihood.
    pub log_likelihood: Option<f64>,
    /// Customers with purchases in the fit.
    pub customers: i64,
    /// Customers scored.
    pub scored: i64,
    /// Holdout validation.
    pub holdout: Option<Holdout>,
    /// Counts per band.
    pub summary: RunSummary,
    /// Currency of the money figures.
    pub currency: Option<String>,
}

impl Store {
    /// Requests a run with `options` (audited) and queues its job. Refused with the active
    /// run's id while one is queued or running.
    pub async fn create_run(&self, actor: &Actor, options: &RunOptions) -> Result<Run, StoreError> {
        self.abandon_stale_run(Utc::now()).await?;
        let id = new_id();
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "INSERT INTO prediction_runs (id, active, status, options, started_by, started_by_label, created_at) \
             VALUES ($1, 1, 'queued', $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(serde_json::to_string(options)?)
        .bind(&actor.id)
        .bind(&actor.label)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        if done.rows_affected() == 0 {
            drop(tx);
            let active = self.active_run().await?.map(|r| r.id).unwrap_or_default();
            return Err(Refusal::RunInProgress { id: active }.into());
        }
        audit::append(
            &mut tx,
            actor,
            "prediction.run",
            "prediction_run",
            &id,
            &Value::Null,
            &json!(options),
        )
        .await?;
        PredictionRun { run_id: id.clone() }
            .schedule(&mut tx, Utc::now())
            .await?;
        tx.commit().await?;
        self.prediction_run(&id)
            .await?
            .ok_or(StoreError::NotFound(carewell_domain::Entity::PredictionRun))
    }

    /// Marks an active run failed when it has been active longer than a run can take.
    async fn abandon_stale_run(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        let before = carewell_domain::time::fmt_ts(at - Duration::hours(ABANDONED_AFTER_HOURS));
        sqlx::query(
            "UPDATE prediction_runs SET status = 'failed', active = NULL, error = 'abandoned: the server running it stopped', \
             finished_at = $1 WHERE active = 1 AND created_at < $2",
        )
        .bind(now())
        .bind(before)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The run queued or running, if any.
    pub async fn active_run(&self) -> Result<Option<Run>, StoreError> {
        let row: Option<RunRow> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM prediction_runs WHERE active = 1"
        ))
        .fetch_optional(self.pool())
        .await?;
        row.map(Run::try_from).transpose()
    }

    /// One run.
    pub async fn prediction_run(&self, id: &str) -> Result<Option<Run>, StoreError> {
        let row: Option<RunRow> =
            sqlx::query_as(&format!("SELECT {COLS} FROM prediction_runs WHERE id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.map(Run::try_from).transpose()
    }

    /// The latest runs, newest first.
    pub async fn prediction_runs(&self, limit: i64) -> Result<Vec<Run>, StoreError> {
        let rows: Vec<RunRow> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM prediction_runs ORDER BY created_at DESC, id DESC LIMIT $1"
        ))
        .bind(limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(Run::try_from).collect()
    }

    /// The latest finished run, the one whose predictions are current.
    pub async fn current_run(&self) -> Result<Option<Run>, StoreError> {
        let row: Option<RunRow> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM prediction_runs WHERE status = 'done' ORDER BY finished_at DESC, id DESC LIMIT 1"
        ))
        .fetch_optional(self.pool())
        .await?;
        row.map(Run::try_from).transpose()
    }

    /// Marks a queued run running (also a run whose earlier attempt died); `None` when it is
    /// finished or unknown.
    pub async fn start_run(&self, id: &str) -> Result<Option<Run>, StoreError> {
        let r = sqlx::query(
            "UPDATE prediction_runs SET status = 'running', started_at = $1 \
             WHERE id = $2 AND status IN ('queued', 'running')",
        )
        .bind(now())
        .bind(id)
        .execute(self.pool())
        .await?;
        if r.rows_affected() == 0 {
            return Ok(None);
        }
        self.prediction_run(id).await
    }

    /// Records a finished run and frees the slot.
    pub async fn finish_run(
        &self,
        id: &str,
        r: &RunResult,
        duration_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE prediction_runs SET status = 'done', active = NULL, params = $1, spend_params = $2, fit = $3, \
             log_likelihood = $4, customers = $5, scored = $6, holdout = $7, summary = $8, currency = $9, \
             finished_at = $10, duration_ms = $11 WHERE id = $12",
        )
        .bind(r.params.as_ref().map(Value::to_string))
        .bind(r.spend_params.as_ref().map(Value::to_string))
        .bind(r.fit.as_ref().map(Value::to_string))
        .bind(r.log_likelihood)
        .bind(r.customers)
        .bind(r.scored)
        .bind(r.holdout.as_ref().map(serde_json::to_string).transpose()?)
        .bind(serde_json::to_string(&r.summary)?)
        .bind(r.currency.as_deref())
        .bind(now())
        .bind(duration_ms)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records a failed run (the error in words) and frees the slot.
    pub async fn fail_run(&self, id: &str, error: &str) -> Result<(), StoreError> {
        let error: String = error.chars().take(2_000).collect();
        sqlx::query(
            "UPDATE prediction_runs SET status = 'failed', active = NULL, error = $1, finished_at = $2 WHERE id = $3",
        )
        .bind(error)
        .bind(now())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Whether a scheduled run is due at `at` (the daily time has passed today and no run was
    /// requested since); the daily check starts one when it is.
    pub async fn daily_run_due(&self, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let s = self.retention_settings().await?;
        if !s.daily {
            return Ok(false);
        }
        let (h, m) = s.daily_time();
        let Some(slot) = at.date_naive().and_hms_opt(h, m, 0) else {
            return Ok(false);
        };
        let slot = slot.and_utc();
        if at < slot {
            return Ok(false);
        }
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM prediction_runs WHERE created_at >= $1")
                .bind(carewell_domain::time::fmt_ts(slot))
                .fetch_one(self.pool())
                .await?;
        Ok(n == 0)
    }
}
