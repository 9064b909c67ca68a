//! SLA policies per severity.

use super::timers;
use crate::{Actor, Store, StoreError, audit, now};
use carewell_domain::complaint::Severity;
use carewell_domain::complaint::sla::Policy;
use chrono::Utc;
use serde_json::json;

impl Store {
    /// The SLA policies, one per severity, most severe first.
    pub async fn sla_policies(&self) -> Result<Vec<Policy>, StoreError> {
        let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
            "SELECT severity, first_response_minutes, resolution_minutes, calendar FROM sla_policies",
        )
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for sev in Severity::ALL {
            let p = match rows.iter().find(|r| r.0 == sev.as_str()) {
                Some((_, fr, res, cal)) => Policy {
                    severity: *sev,
                    first_response_minutes: *fr,
                    resolution_minutes: *res,
                    calendar: serde_json::from_str(cal)?,
                },
                None => Policy::default_for(*sev),
            };
            out.push(p);
        }
        Ok(out)
    }

    /// The policy for one severity.
    pub async fn sla_policy(&self, severity: Severity) -> Result<Policy, StoreError> {
        Ok(self
            .sla_policies()
            .await?
            .into_iter()
            .find(|p| p.severity == severity)
            .unwrap_or_else(|| Policy::default_for(severity)))
    }

    /// Replaces the policy of one severity.
    pub async fn set_sla_policy(&self, actor: &Actor, p: &Policy) -> Result<Policy, StoreError> {
        p.validate()?;
        let before = self.sla_policy(p.severity).await?;
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sla_policies WHERE severity = $1")
            .bind(p.severity.as_str())
            .execute(&mut *tx.tx)
            .await?;
        sqlx::query(
            "INSERT INTO sla_policies (severity, first_response_minutes, resolution_minutes, calendar, updated_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(p.severity.as_str())
        .bind(p.first_response_minutes)
        .bind(p.resolution_minutes)
        .bind(serde_json::to_string(&p.calendar)?)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        timers::reschedule_severity(&mut tx, p.severity, Utc::now()).await?;
        audit::append(
            &mut tx,
            actor,
            "sla_policy.update",
            "sla_policy",
            p.severity.as_str(),
            &json!(before),
            &json!(p),
        )
        .await?;
        tx.commit().await?;
        Ok(p.clone())
    }
}
