//! Reading health: one customer's explained score with its trend and history, and the bands
//! of a page of customers.

use crate::import::placeholders;
use crate::{Clearance, Store, StoreError};
use carewell_domain::Entity;
use carewell_domain::health::{Band, Change, Signal, changes};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// Days of history a report carries.
pub const HISTORY_SHOWN_DAYS: i64 = 90;

/// The score on a day of the history.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct HistoryPoint {
    /// The day (`YYYY-MM-DD`, UTC) the score was computed on.
    pub day: String,
    /// The score, 0–100.
    pub score: u32,
}

/// One customer's health, explained.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthReport {
    /// 0–100.
    pub score: u32,
    /// The band.
    pub band: Band,
    /// When it was computed (UTC).
    pub computed_at: String,
    /// Every signal with its value, weight and points.
    pub signals: Vec<Signal>,
    /// The score a week ago (the latest history row on or before that day), if known.
    pub week_ago: Option<u32>,
    /// What moved it since then, biggest first.
    pub changes: Vec<Change>,
    /// The history of the last [`HISTORY_SHOWN_DAYS`] days, oldest first (a row on each day
    /// the score's make-up changed).
    pub history: Vec<HistoryPoint>,
}

fn to_u32(v: i64) -> u32 {
    u32::try_from(v.clamp(0, 100)).unwrap_or(0)
}

fn parse_signals(id: &str, raw: &str) -> Result<Vec<Signal>, StoreError> {
    serde_json::from_str(raw).map_err(|e| StoreError::Corrupt(format!("customer_health {id}: {e}")))
}

impl Store {
    /// `customer_id`'s health as of `at`, computed first if it has none yet; `None` for a
    /// departed customer (no score). Not found for an unknown customer; refused
    /// ([`carewell_domain::Refusal::Restricted`]) to readers without clearance while a
    /// retention hold runs (the score rests on held transactions).
    pub async fn customer_health(
        &self,
        who: Clearance,
        customer_id: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<HealthReport>, StoreError> {
        let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM customers WHERE id = $1")
            .bind(customer_id)
            .fetch_optional(self.pool())
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound(Entity::Customer));
        }
        crate::clearance::check(self.pool(), who, customer_id).await?;
        let read = || async move {
            sqlx::query_as::<_, (i64, String, String, String)>(
                "SELECT score, band, signals, computed_at FROM customer_health WHERE customer_id = $1",
            )
            .bind(customer_id)
            .fetch_optional(self.pool())
            .await
        };
        let mut row = read().await?;
        if row.is_none() {
            self.recompute_health(&[customer_id.to_string()], at)
                .await?;
            row = read().await?;
        }
        let Some((score, band, signals, computed_at)) = row else {
            return Ok(None);
        };
        let signals = parse_signals(customer_id, &signals)?;
        let week = (at - Duration::days(7)).format("%Y-%m-%d").to_string();
        let before: Option<(i64, String)> = sqlx::query_as(
            "SELECT score, signals FROM customer_health_history WHERE customer_id = $1 AND day <= $2 \
             ORDER BY day DESC LIMIT 1",
        )
        .bind(customer_id)
        .bind(&week)
        .fetch_optional(self.pool())
        .await?;
        let (week_ago, moved) = match before {
            Some((s, raw)) => {
                let then = parse_signals(customer_id, &raw)?;
                (Some(to_u32(s)), changes(&then, &signals))
            }
            None => (None, Vec::new()),
        };
        let since = (at - Duration::days(HISTORY_SHOWN_DAYS))
            .format("%Y-%m-%d")
            .to_string();
        let history: Vec<(String, i64)> = sqlx::query_as(
            "SELECT day, score FROM customer_health_history WHERE customer_id = $1 AND day >= $2 \
             ORDER BY day",
        )
        .bind(customer_id)
        .bind(&since)
        .fetch_all(self.pool())
        .await?;
        Ok(Some(HealthReport {
            score: to_u32(score),
            band: Band::parse(&band).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            computed_at,
            signals,
            week_ago,
            changes: moved,
            history: history
                .into_iter()
                .map(|(day, s)| HistoryPoint {
                    day,
                    score: to_u32(s),
                })
                .collect(),
        }))
    }

    /// The current band and score of each of `ids` that has one (for a list page).
    pub async fn health_bands(
        &self,
        ids: &[String],
    ) -> Result<HashMap<String, (Band, u32)>, StoreError> {
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT customer_id, band, score FROM customer_health WHERE customer_id IN {}",
                placeholders(self.engine(), 1, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (String, String, i64)>(&sql);
            for id in chunk {
                q = q.bind(id.as_str());
            }
            for (id, band, score) in q.fetch_all(self.pool()).await? {
                if let Ok(b) = Band::parse(&band) {
                    out.insert(id, (b, to_u32(score)));
                }
            }
        }
        Ok(out)
    }
}
