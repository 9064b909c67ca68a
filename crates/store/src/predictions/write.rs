//! Writing a run's predictions, one batch of customers per transaction: the current row, a
//! history point, and — when a customer's band changes — the `customer.risk_changed` event
//! and, with the setting on, the move to stage `at-risk` (high) or back to `active` (recovered
//! from high), audited.

use crate::import::placeholders;
use crate::{Actor, Store, StoreError, audit, events, now};
use carewell_domain::events::EventType;
use carewell_domain::retention::{RiskBand, RiskReason};
use serde_json::json;
use std::collections::HashMap;

/// One customer's prediction as a run computed it.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictionRow {
    /// The customer.
    pub customer_id: String,
    /// Their stage when the run read them.
    pub stage: String,
    /// P(alive) (none without purchases).
    pub p_alive: Option<f64>,
    /// Expected purchases over the horizon.
    pub expected_purchases: Option<f64>,
    /// Customer lifetime value (run currency, major units).
    pub clv: Option<f64>,
    /// Risk score 0–100.
    pub risk_score: u8,
    /// Risk band.
    pub risk_band: RiskBand,
    /// CLV × P(churn).
    pub value_at_risk: f64,
    /// Repeat purchases in the calibration period.
    pub frequency: Option<i64>,
    /// Days since the last purchase.
    pub days_since_purchase: Option<i64>,
    /// Reasons, largest first.
    pub reasons: Vec<RiskReason>,
}

/// What writing a batch changed besides the predictions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOutcome {
    /// Rows written.
    pub written: u64,
    /// Band changes (events emitted).
    pub band_changes: u64,
    /// Customers moved to stage `at-risk`.
    pub moved_at_risk: u64,
    /// Customers moved back to `active`.
    pub recovered: u64,
}

/// Stages a high band moves to `at-risk`.
const MOVABLE: [&str; 2] = ["active", "onboarding"];

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

impl Store {
    /// Writes one batch of `run_id`'s predictions (see the module documentation).
    pub async fn write_predictions(
        &self,
        run_id: &str,
        currency: Option<&str>,
        move_stage: bool,
        rows: &[PredictionRow],
    ) -> Result<WriteOutcome, StoreError> {
        let mut out = WriteOutcome::default();
        if rows.is_empty() {
            return Ok(out);
        }
        let at = now();
        let mut tx = self.begin().await?;
        let mut before: HashMap<String, String> = HashMap::with_capacity(rows.len());
        for chunk in rows.chunks(500) {
            let mut q = crate::sql::Sql::new(
                "SELECT customer_id, risk_band FROM customer_predictions WHERE customer_id IN (",
            );
            for (i, r) in chunk.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.bind_text(r.customer_id.clone());
            }
            q.push(")");
            before.extend(q.fetch_all_tx::<(String, String)>(&mut tx).await?);
        }
        let engine = self.engine();
        for chunk in rows.chunks(200) {
            let sql = format!(
                "INSERT INTO customer_predictions (customer_id, run_id, p_alive, expected_purchases, clv, currency, \
                 risk_score, risk_band, value_at_risk, frequency, days_since_purchase, reasons, computed_at) VALUES {} \
                 ON CONFLICT (customer_id) DO UPDATE SET run_id = excluded.run_id, p_alive = excluded.p_alive, \
                 expected_purchases = excluded.expected_purchases, clv = excluded.clv, currency = excluded.currency, \
                 risk_score = excluded.risk_score, risk_band = excluded.risk_band, value_at_risk = excluded.value_at_risk, \
                 frequency = excluded.frequency, days_since_purchase = excluded.days_since_purchase, \
                 reasons = excluded.reasons, computed_at = excluded.computed_at",
                placeholders(engine, chunk.len(), 13)
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(r.customer_id.as_str())
                    .bind(run_id)
                    .bind(finite(r.p_alive))
                    .bind(finite(r.expected_purchases))
                    .bind(finite(r.clv))
                    .bind(currency)
                    .bind(i64::from(r.risk_score))
                    .bind(r.risk_band.as_str())
                    .bind(if r.value_at_risk.is_finite() {
                        r.value_at_risk
                    } else {
                        0.0
                    })
                    .bind(r.frequency)
                    .bind(r.days_since_purchase)
                    .bind(serde_json::to_string(&r.reasons)?)
                    .bind(at.as_str());
            }
            q.execute(&mut *tx.tx).await?;
            let sql = format!(
                "INSERT INTO customer_prediction_history (customer_id, run_id, at, p_alive, risk_score) VALUES {} \
                 ON CONFLICT (customer_id, run_id) DO UPDATE SET p_alive = excluded.p_alive, risk_score = excluded.risk_score",
                placeholders(engine, chunk.len(), 5)
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(r.customer_id.as_str())
                    .bind(run_id)
                    .bind(at.as_str())
                    .bind(finite(r.p_alive))
                    .bind(i64::from(r.risk_score));
            }
            q.execute(&mut *tx.tx).await?;
        }
        out.written = rows.len() as u64;

        let system = Actor::system();
        for r in rows {
            let prev = before.get(&r.customer_id).map(String::as_str);
            let now_band = r.risk_band.as_str();
            let changed = match prev {
                Some(p) => p != now_band,
                None => r.risk_band == RiskBand::High,
            };
            if !changed {
                continue;
            }
            out.band_changes += 1;
            let mut stage = r.stage.clone();
            if move_stage {
                let to = if r.risk_band == RiskBand::High && MOVABLE.contains(&r.stage.as_str()) {
                    Some("at-risk")
                } else if r.risk_band != RiskBand::High
                    && prev == Some("high")
                    && r.stage == "at-risk"
                {
                    Some("active")
                } else {
                    None
                };
                if let Some(to) = to {
                    let done = sqlx::query(
                        "UPDATE customers SET stage = $1, updated_at = $2 WHERE id = $3 AND stage = $4",
                    )
                    .bind(to)
                    .bind(at.as_str())
                    .bind(&r.customer_id)
                    .bind(&r.stage)
                    .execute(&mut *tx.tx)
                    .await?;
                    if done.rows_affected() == 1 {
                        audit::append(
                            &mut tx,
                            &system,
                            "customer.risk_stage",
                            "customer",
                            &r.customer_id,
                            &json!({"stage": r.stage, "risk_band": prev}),
                            &json!({"stage": to, "risk_band": now_band, "run_id": run_id}),
                        )
                        .await?;
                        if to == "at-risk" {
                            out.moved_at_risk += 1;
                        } else {
                            out.recovered += 1;
                        }
                        stage = to.to_string();
                    }
                }
            }
            events::emit(
                &mut tx,
                EventType::CustomerRiskChanged,
                &r.customer_id,
                run_id,
                json!({"customer_id": r.customer_id, "run_id": run_id, "from": prev,
                    "to": now_band, "stage": stage}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Deletes the predictions of customers no longer in the population (erased since the
    /// last run) and history older than `days`; returns the rows deleted.
    pub async fn prune_predictions(&self, run_id: &str, days: i64) -> Result<u64, StoreError> {
        let before =
            carewell_domain::time::fmt_ts(chrono::Utc::now() - chrono::Duration::days(days));
        let a = sqlx::query("DELETE FROM customer_predictions WHERE run_id <> $1")
            .bind(run_id)
            .execute(self.pool())
            .await?
            .rows_affected();
        let b = sqlx::query("DELETE FROM customer_prediction_history WHERE at < $1")
            .bind(before)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(a + b)
    }
}

/// A retention call asked for from the care list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallOutcome {
    /// The open call task (new, or the one already open).
    pub task_id: String,
    /// Whether it was created now (false: one was open already).
    pub created: bool,
    /// The owner it is for (`None`: the managers' queue).
    pub owner_id: Option<String>,
}

impl Store {
    /// From the care list: optionally give the customer to `owner_id` (an active user), and
    /// make sure an open `retention-call` task exists for the owner, due in a day, carrying the
    /// risk score and band of the current prediction (one open call per customer). Audited.
    pub async fn retention_call(
        &self,
        actor: &Actor,
        customer_id: &str,
        owner_id: Option<&str>,
    ) -> Result<CallOutcome, StoreError> {
        let c = self.customer(customer_id).await?;
        if let Some(o) = owner_id {
            let u = self.user(o).await?;
            if !u.active {
                return Err(carewell_domain::DomainError::new(
                    "owner_id",
                    carewell_domain::Code::OneOf {
                        value: o.chars().take(40).collect(),
                        allowed: vec![],
                    },
                )
                .into());
            }
        }
        let pred: Option<(i64, String)> = sqlx::query_as(
            "SELECT risk_score, risk_band FROM customer_predictions WHERE customer_id = $1",
        )
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?;
        let mut tx = self.begin().await?;
        let owner = owner_id.map(str::to_string).or(c.owner_id.clone());
        if owner_id.is_some() && owner != c.owner_id {
            sqlx::query("UPDATE customers SET owner_id = $1, updated_at = $2 WHERE id = $3")
                .bind(owner.as_deref())
                .bind(now())
                .bind(customer_id)
                .execute(&mut *tx.tx)
                .await?;
            audit::append(
                &mut tx,
                actor,
                "customer.owner",
                "customer",
                customer_id,
                &json!({"owner_id": c.owner_id}),
                &json!({"owner_id": owner}),
            )
            .await?;
        }
        let open: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM tasks WHERE kind = 'retention-call' AND customer_id = $1 AND done_at IS NULL",
        )
        .bind(customer_id)
        .fetch_optional(&mut *tx.tx)
        .await?;
        let out = match open {
            Some((id,)) => {
                sqlx::query("UPDATE tasks SET owner_id = $1 WHERE id = $2")
                    .bind(owner.as_deref())
                    .bind(&id)
                    .execute(&mut *tx.tx)
                    .await?;
                CallOutcome {
                    task_id: id,
                    created: false,
                    owner_id: owner.clone(),
                }
            }
            None => {
                let (score, band) = pred.unwrap_or((0, String::new()));
                let t = crate::tasks::create(
                    &mut tx,
                    &crate::tasks::NewTask {
                        kind: "retention-call",
                        title: format!("Retention call: {}", c.name),
                        args: json!({"risk_score": score, "risk_band": band}),
                        customer_id: Some(customer_id),
                        owner_id: owner.as_deref(),
                        source_kind: "prediction",
                        source_id: customer_id,
                        due_at: carewell_domain::time::fmt_ts(
                            chrono::Utc::now() + chrono::Duration::days(1),
                        ),
                    },
                )
                .await?;
                audit::append(
                    &mut tx,
                    actor,
                    "task.create",
                    "task",
                    &t.id,
                    &serde_json::Value::Null,
                    &json!({"kind": "retention-call", "customer_id": customer_id, "owner_id": owner}),
                )
                .await?;
                CallOutcome {
                    task_id: t.id,
                    created: true,
                    owner_id: owner.clone(),
                }
            }
        };
        tx.commit().await?;
        Ok(out)
    }
}
