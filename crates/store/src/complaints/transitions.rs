//! The workflow: transitions (history event, audit entry and side effects in one
//! transaction), assignment, severity, the customer's satisfaction answer.

use super::{Complaint, effects, insert_event, later_than, load, save};
use crate::{Actor, Store, StoreError, audit};
use carewell_domain::Entity;
use carewell_domain::complaint::Severity;
use carewell_domain::complaint::workflow::Action;
use chrono::{DateTime, Utc};
use serde_json::json;

impl Store {
    /// Applies a workflow action at `at` (normally now): the domain decides
    /// ([`Complaint::apply`]); the row, the history, customer messages, tasks, timers, the
    /// status event and the audit entry are written in one transaction. An action the workflow
    /// refuses is [`StoreError::Refused`] naming what is allowed; a missing demand or
    /// resolution is [`StoreError::Invalid`].
    pub async fn transition_complaint(
        &self,
        actor: &Actor,
        id: &str,
        action: &Action,
        at: DateTime<Utc>,
    ) -> Result<Complaint, StoreError> {
        let mut tx = self.begin().await?;
        let before = load(&mut tx, id).await?;
        let at = effects::stamp(&before, at);
        let applied = before.apply(action, at)?;
        let audit_action = format!("complaint.{}", action.name());
        let c = effects::carry_out(&mut tx, actor, &before, applied, at, &audit_action).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Assigns the complaint to a staff member.
    pub async fn assign_complaint(
        &self,
        actor: &Actor,
        id: &str,
        owner_id: Option<&str>,
    ) -> Result<Complaint, StoreError> {
        let mut tx = self.begin().await?;
        let before = load(&mut tx, id).await?;
        let mut c = before.clone();
        c.owner_id = owner_id.map(str::to_string);
        c.updated_at = later_than(&before.updated_at, Utc::now());
        crate::checks::user(&mut tx, "owner_id", owner_id).await?;
        save(&mut tx, &mut c, &before.updated_at).await?;
        insert_event(
            &mut tx,
            id,
            &c.updated_at,
            &actor.label,
            "assign",
            Some(c.status),
            c.status,
            owner_id,
        )
        .await?;
        audit::append(
            &mut tx,
            actor,
            "complaint.assign",
            "complaint",
            id,
            &json!(before),
            &json!(c),
        )
        .await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Changes the severity (a reason is required). The SLA targets of the new severity apply
    /// from intake on; the SLA timers are re-set in the same transaction. The same severity is
    /// no change (no event, no audit entry).
    pub async fn set_complaint_severity(
        &self,
        actor: &Actor,
        id: &str,
        severity: Severity,
        reason: &str,
    ) -> Result<Complaint, StoreError> {
        let mut tx = self.begin().await?;
        let before = load(&mut tx, id).await?;
        let Some(applied) = before.set_severity(severity, reason)? else {
            return Ok(before);
        };
        let at = effects::stamp(&before, Utc::now());
        let c =
            effects::carry_out(&mut tx, actor, &before, applied, at, "complaint.severity").await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Records the customer's answer to the satisfaction question (once, after resolution).
    pub async fn record_satisfaction(
        &self,
        token: &str,
        score: i64,
        comment: Option<&str>,
    ) -> Result<Complaint, StoreError> {
        let mut tx = self.begin().await?;
        let id: Option<(String,)> =
            sqlx::query_as("SELECT id FROM complaints WHERE satisfaction_hash = $1")
                .bind(crate::links::token_hash(token))
                .fetch_optional(&mut *tx.tx)
                .await?;
        let (id,) = id.ok_or(StoreError::NotFound(Entity::Complaint))?;
        let before = load(&mut tx, &id).await?;
        let applied = before.record_satisfaction(score, comment)?;
        let customer = Actor {
            id: format!("customer:{}", before.customer_id),
            label: "customer".into(),
        };
        let at = effects::stamp(&before, Utc::now());
        let c = effects::carry_out(
            &mut tx,
            &customer,
            &before,
            applied,
            at,
            "complaint.satisfaction",
        )
        .await?;
        // The answer is a CSAT response of the complaints' survey too (results, detractors).
        if let Some(score) = c.satisfaction_score {
            crate::surveys::answer::record_response(
                &mut tx,
                &crate::surveys::answer::Response {
                    survey_id: crate::surveys::COMPLAINT_SURVEY,
                    recipient_id: None,
                    complaint_id: Some(&c.id),
                    customer_id: &c.customer_id,
                    kind: carewell_domain::survey::SurveyKind::Csat,
                    score,
                    comment: c.satisfaction_comment.as_deref(),
                },
                at,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(c)
    }
}
