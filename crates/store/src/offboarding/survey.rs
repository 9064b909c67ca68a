//! The customer's exit survey.

use super::{insert_step, load};
use crate::{Actor, Store, StoreError, audit, now};
use carewell_domain::error::{Done, Entity, Refusal};
use carewell_domain::offboarding::ExitSurvey;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// The customer's exit-survey answer.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct SurveyAnswer {
    /// The case.
    pub case_id: String,
    /// The answer.
    #[serde(flatten)]
    pub survey: ExitSurvey,
    /// Submitted (UTC).
    pub submitted_at: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct SurveyRow {
    case_id: String,
    reason_left: String,
    would_have_kept: Option<String>,
    comment: Option<String>,
    rating: Option<i64>,
    submitted_at: String,
}

impl From<SurveyRow> for SurveyAnswer {
    fn from(r: SurveyRow) -> Self {
        Self {
            case_id: r.case_id,
            survey: ExitSurvey {
                reason_left: r.reason_left,
                would_have_kept: r.would_have_kept,
                comment: r.comment,
                rating: r.rating,
            },
            submitted_at: r.submitted_at,
        }
    }
}

impl Store {
    /// Stores the customer's exit survey (once per case; from the customer's page).
    pub async fn submit_exit_survey(
        &self,
        case_id: &str,
        s: &ExitSurvey,
    ) -> Result<SurveyAnswer, StoreError> {
        let customer = Actor {
            id: "customer".into(),
            label: "customer".into(),
        };
        let mut tx = self.begin().await?;
        let c = load(&mut tx, case_id).await?;
        if c.status.is_final() {
            // The survey is closed.
            return Err(Refusal::WrongState {
                entity: Entity::OffboardingCase,
                status: c.status.as_str().to_string(),
                action: "survey".into(),
                allowed: Vec::new(),
            }
            .into());
        }
        let at = now();
        sqlx::query(
            "INSERT INTO offboarding_surveys (case_id, reason_left, would_have_kept, comment, rating, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(case_id)
        .bind(&s.reason_left)
        .bind(s.would_have_kept.as_deref())
        .bind(s.comment.as_deref())
        .bind(s.rating)
        .bind(&at)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| {
            StoreError::from(e).or_refused(Refusal::AlreadyDone {
                what: Done::SurveyAnswered,
            })
        })?;
        insert_step(
            &mut tx,
            case_id,
            &customer,
            "survey",
            None,
            &json!({ "rating": s.rating }),
        )
        .await?;
        audit::append(
            &mut tx,
            &customer,
            "offboarding.survey",
            "offboarding_case",
            case_id,
            &json!(null),
            &json!({ "rating": s.rating }),
        )
        .await?;
        tx.commit().await?;
        Ok(SurveyAnswer {
            case_id: case_id.to_string(),
            survey: s.clone(),
            submitted_at: at,
        })
    }

    /// The exit survey of a case, if answered.
    pub async fn exit_survey(&self, case_id: &str) -> Result<Option<SurveyAnswer>, StoreError> {
        let row: Option<SurveyRow> = sqlx::query_as(
            "SELECT case_id, reason_left, would_have_kept, comment, rating, submitted_at FROM offboarding_surveys WHERE case_id = $1",
        )
        .bind(case_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(Into::into))
    }
}
