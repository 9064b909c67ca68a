//! Recording a decision. *Part ways* opens the offboarding case (initiated by the company, for
//! the assessment's heaviest reason, with the trivial complaints and abuse incidents as the
//! documented situations) and records the decision linked to it, in one transaction: if the
//! case cannot be opened (e.g. one is already active) nothing is recorded.

use super::{Decision, Review};
use crate::offboarding::{NewCase, open_case};
use crate::{Actor, Clearance, Store, StoreError, Tx, audit, new_id, now};
use carewell_domain::client_fit::score::Assessment;
use carewell_domain::client_fit::{Recommendation, parse_note};
use carewell_domain::events::EventType;
use carewell_domain::offboarding::{Initiator, Situation, SituationKind};
use carewell_domain::{Entity, Refusal};
use chrono::{DateTime, Utc};
use serde_json::json;

/// Most documented situations attached to an offboarding case.
const MAX_SITUATIONS: usize = 20;

/// The documented situations of a review: abuse incidents first, then trivial complaints.
fn situations(r: &Review) -> Vec<Situation> {
    let complaints = r.trivial_complaints.iter().map(|c| Situation {
        kind: SituationKind::Complaint,
        id: c.id.clone(),
        note: None,
    });
    let abuse = r.abuse_incidents.iter().map(|i| Situation {
        kind: SituationKind::Interaction,
        id: i.id.clone(),
        note: i.flag_note.clone(),
    });
    abuse.chain(complaints).take(MAX_SITUATIONS).collect()
}

impl Store {
    /// Decides about a customer after the review at `at`: records `decision` with the
    /// reviewer, the reason and the assessment it was based on; *part ways* opens the
    /// offboarding case in the same transaction (refused with [`Refusal::NoFitReasons`] when no
    /// reason is at concern or serious). Refused like the review to readers without
    /// clearance while a retention hold runs on the customer.
    pub async fn decide_client_fit(
        &self,
        who: Clearance,
        actor: &Actor,
        customer_id: &str,
        decision: Recommendation,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<Decision, StoreError> {
        let reason = parse_note("reason", reason)?;
        let review = self.client_fit_review(who, customer_id, at).await?;
        let case = match decision {
            Recommendation::PartWays => {
                let case_reason = review
                    .assessment
                    .offboarding_reason()
                    .ok_or(Refusal::NoFitReasons)?;
                let new = NewCase {
                    customer_id: customer_id.to_string(),
                    initiator: Initiator::Company,
                    reason: case_reason,
                    reason_note: Some(format!("Client-fit review: {reason}")),
                    situations: situations(&review),
                    contract_type: "default".into(),
                    timeline: None,
                    exception_basis: None,
                };
                Some(self.prepare_case(&new).await?)
            }
            _ => None,
        };
        let mut tx = self.begin().await?;
        let case_id = match &case {
            Some(p) => Some(open_case(&mut tx, actor, p).await?.id),
            None => None,
        };
        let d = record_decision(
            &mut tx,
            actor,
            customer_id,
            decision,
            &reason,
            &review.assessment,
            case_id.as_deref(),
        )
        .await?;
        tx.commit().await?;
        Ok(d)
    }

    /// Records a decision with the reviewer, the reason and the assessment it was based on
    /// (audited). `offboarding_case_id` links a case opened for *part ways*.
    pub async fn record_client_fit_decision(
        &self,
        actor: &Actor,
        customer_id: &str,
        decision: Recommendation,
        reason: &str,
        assessment: &Assessment,
        offboarding_case_id: Option<&str>,
    ) -> Result<Decision, StoreError> {
        let mut tx = self.begin().await?;
        let d = record_decision(
            &mut tx,
            actor,
            customer_id,
            decision,
            reason,
            assessment,
            offboarding_case_id,
        )
        .await?;
        tx.commit().await?;
        Ok(d)
    }
}

/// Records a decision in the caller's transaction (audit entry and integration event with it).
pub async fn record_decision(
    tx: &mut Tx<'_>,
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
        // The one reference: the customer.
        e if e.is_constraint() => StoreError::NotFound(Entity::Customer),
        other => other,
    })?;
    audit::append(
        tx,
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
    crate::events::emit(tx, EventType::ClientFitDecided, &d.id, "0", data).await?;
    Ok(d)
}
