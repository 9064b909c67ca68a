//! The cost-to-serve settings.

use super::FitSettings;
use crate::{Actor, Store, StoreError, audit, now};
use carewell_domain::error::{Code, DomainError};
use serde_json::json;

impl Store {
    /// The cost-to-serve settings.
    pub async fn client_fit_settings(&self) -> Result<FitSettings, StoreError> {
        let (mpi, mpc, hourly, min_tenure): (i64, i64, String, i64) = sqlx::query_as(
            "SELECT minutes_per_interaction, minutes_per_complaint, hourly_cost, min_tenure_days \
             FROM client_fit_settings WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(FitSettings {
            minutes_per_interaction: mpi,
            minutes_per_complaint: mpc,
            hourly_cost: serde_json::from_str(&hourly)?,
            min_tenure_days: min_tenure,
        })
    }

    /// Changes the cost-to-serve settings (audited).
    pub async fn set_client_fit_settings(
        &self,
        actor: &Actor,
        s: &FitSettings,
    ) -> Result<FitSettings, StoreError> {
        for (field, v) in [
            ("minutes_per_interaction", s.minutes_per_interaction),
            ("minutes_per_complaint", s.minutes_per_complaint),
        ] {
            if !(0..=1440).contains(&v) {
                let range = Code::OutOfRange {
                    min: Some(0),
                    max: Some(1440),
                };
                return Err(DomainError::new(field, range).into());
            }
        }
        if !(0..=3650).contains(&s.min_tenure_days) {
            let range = Code::OutOfRange {
                min: Some(0),
                max: Some(3650),
            };
            return Err(DomainError::new("min_tenure_days", range).into());
        }
        for (cur, v) in &s.hourly_cost {
            carewell_domain::money::Currency::parse(cur)?;
            if *v < 0 {
                let range = Code::OutOfRange {
                    min: Some(0),
                    max: None,
                };
                return Err(DomainError::new("hourly_cost", range).into());
            }
        }
        let before = self.client_fit_settings().await?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE client_fit_settings SET minutes_per_interaction = $1, minutes_per_complaint = $2, \
             hourly_cost = $3, updated_at = $4, min_tenure_days = $5 WHERE id = 1",
        )
        .bind(s.minutes_per_interaction)
        .bind(s.minutes_per_complaint)
        .bind(serde_json::to_string(&s.hourly_cost)?)
        .bind(now())
        .bind(s.min_tenure_days)
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "client_fit.settings",
            "client_fit_settings",
            "1",
            &json!(before),
            &json!(s),
        )
        .await?;
        // Every customer's cost to serve moves: the ranking is rescored.
        sqlx::query("INSERT INTO client_fit_dirty (customer_id) VALUES ('*')")
            .execute(&mut *tx.tx)
            .await?;
        tx.commit().await?;
        Ok(s.clone())
    }
}
