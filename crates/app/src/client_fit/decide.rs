//! Recording a decision. *Part ways* first opens an offboarding case (initiated by the
//! company, for the heaviest reason, with the trivial complaints and abuse incidents as the
//! documented situations), then records the decision linked to it. If the case cannot be
//! opened (e.g. one is already active) nothing is recorded.

use crate::kernel::state::AppState;
use crate::web::error::AppError;
use carewell_domain::client_fit::score::Assessment;
use carewell_domain::client_fit::{Level, Recommendation};
use carewell_domain::offboarding::{self, Initiator, Situation, SituationKind};
use carewell_store::Actor;
use carewell_store::client_fit::{Decision, Review};
use carewell_store::offboarding::NewCase;
use chrono::Utc;

/// Most documented situations attached to an offboarding case.
const MAX_SITUATIONS: usize = 20;

/// The reason an offboarding case is opened for: the heaviest serious reason, else the worst.
pub fn case_reason(a: &Assessment) -> Option<offboarding::Reason> {
    a.reasons
        .iter()
        .filter(|r| r.level != Level::None)
        .max_by_key(|r| {
            (
                r.level.points(),
                r.reason.heavy(),
                std::cmp::Reverse(r.reason),
            )
        })
        .and_then(|r| offboarding::Reason::parse(r.reason.as_str()).ok())
}

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

/// Records `decision` for the customer; part ways opens the offboarding case first.
pub async fn decide(
    s: &AppState,
    actor: &Actor,
    customer_id: &str,
    decision: Recommendation,
    reason: &str,
) -> Result<Decision, AppError> {
    let reason = carewell_domain::client_fit::parse_note("reason", reason)?;
    let review = s.store.client_fit_review(customer_id, Utc::now()).await?;
    let case_id = if decision == Recommendation::PartWays {
        let Some(case_reason) = case_reason(&review.assessment) else {
            return Err(AppError::invalid(
                "decision",
                "parting ways needs at least one reason at concern or serious; record a judgement first",
            ));
        };
        let case = s
            .store
            .open_offboarding(
                actor,
                &NewCase {
                    customer_id: customer_id.to_string(),
                    initiator: Initiator::Company,
                    reason: case_reason,
                    reason_note: Some(format!("Client-fit review: {reason}")),
                    situations: situations(&review),
                    contract_type: "default".into(),
                    timeline: None,
                    exception_basis: None,
                },
            )
            .await?;
        Some(case.id)
    } else {
        None
    };
    Ok(s.store
        .record_client_fit_decision(
            actor,
            customer_id,
            decision,
            &reason,
            &review.assessment,
            case_id.as_deref(),
        )
        .await?)
}
