//! Recording a decision (*part ways* opens an offboarding case).

use super::Decision;
use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::Entity;
use carewell_domain::client_fit::score::Assessment;
use carewell_domain::client_fit::{Recommendation, parse_note};
use carewell_domain::events::EventType;
use serde_json::json;

impl Store {
    /// Records a decision with the reviewer, the reason and the assessment it was based on
    /// (audited). `offboarding_case_id` links the case opened for *part ways*.
    pub async fn record_client_fit_decision(
        &self,
        actor: &Actor,
        customer_id: &str,
        decision: Recommendation,
        reason: &str,
        assessment: &Assessment,
        offboarding_case_id: Option<&str>,
    ) -> Result<Decision, StoreError> {
        let reason = parse_note("reason", reason)?;
        let d = Decision {
            id: new_id(),
            customer_id: customer_id.to_string(),
            decision,
            reason,
            recommendation: assessment.recommendation,
            offboarding_case_id: offboarding_case_id.map(str::to_string),
            reviewer_id: actor.id.clone(),
            reviewer: actor.label.clone(),
            created_at: now(),
        };
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO client_fit_decisions (id, customer_id, decision, reason, recommendation, assessment, \
             offboarding_case_id, reviewer_id, reviewer, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&d.id)
        .bind(customer_id)
        .bind(d.decision.as_str())
        .bind(&d.reason)
        .bind(d.recommendation.as_str())
        .bind(serde_json::to_string(assessment)?)
        .bind(d.offboarding_case_id.as_deref())
        .bind(&d.reviewer_id)
        .bind(&d.reviewer)
        .bind(&d.created_at)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            e if e.is_constraint() => StoreError::NotFound(Entity::Customer),
            other => other,
        })?;
        audit::append(
            &mut tx,
            actor,
            "client_fit.decide",
            "customer",
            customer_id,
            &json!(null),
            &json!({"decision": d, "weight": assessment.weight, "problems": assessment.problems, "likelihood": assessment.likelihood}),
        )
        .await?;
        let data = json!({"decision_id": d.id, "customer_id": customer_id, "decision": d.decision,
            "recommendation": d.recommendation, "offboarding_case_id": d.offboarding_case_id});
        crate::events::emit(&mut tx, EventType::ClientFitDecided, &d.id, "0", data).await?;
        tx.commit().await?;
        Ok(d)
    }
}
