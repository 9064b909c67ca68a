//! Satisfaction surveys (NPS, CSAT, CES): creating and sending one to a list of customers or a
//! segment with the recontact throttle ([`send`]), the one-time link and the answer with its
//! detractor call-back ([`answer`]), the results and the latest score per customer
//! ([`results`]), and the settings.
//!
//! Every recipient is a row of `survey_recipients`: `sent` (an e-mail with a one-time link went
//! to the outbox; only the link's SHA-256 is kept here), `throttled` (surveyed within the
//! recontact period: not queued, with the date of the last survey) or `skipped` (no e-mail
//! address, e-mail consent refused, or held). The complaint's satisfaction question is the
//! built-in CSAT survey [`COMPLAINT_SURVEY`]: its answers are responses like any other.

pub mod answer;
pub mod results;
pub mod send;
pub mod stage;

pub use answer::{Answered, Invitation};
pub use results::{LatestScore, MonthScore, Results, SegmentScore, latest_scores};
pub use send::{NewSurvey, SendReport};
pub use stage::{StageRun, StageTrigger};

use crate::{Actor, Store, StoreError, audit, now};
use carewell_domain::Entity;
use carewell_domain::survey::{SurveyKind, check_days};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// The id of the built-in CSAT survey that holds the complaints' satisfaction answers.
pub const COMPLAINT_SURVEY: &str = "complaint-satisfaction";

/// The task kind of a detractor call-back.
pub const CALLBACK_TASK: &str = "survey-callback";

/// A survey as stored.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema, sqlx::FromRow)]
pub struct Survey {
    /// Id.
    pub id: String,
    /// `nps`, `csat` or `ces`.
    pub kind: String,
    /// Name staff know it by.
    pub name: String,
    /// Custom question wording; `None`: the translated default of the kind, in each customer's
    /// language.
    pub question: Option<String>,
    /// `manual`, `relationship` (the quarterly NPS), `stage` (N days into a lifecycle stage)
    /// or `complaint` (the satisfaction question).
    pub trigger_kind: String,
    /// The segment it was sent to, if any.
    pub segment_id: Option<String>,
    /// Days a link stays valid.
    pub expires_days: i64,
    /// Who created it (user id or `system`).
    pub created_by: String,
    /// Created (UTC).
    pub created_at: String,
}

impl Survey {
    /// The kind, parsed.
    pub fn survey_kind(&self) -> Result<SurveyKind, StoreError> {
        SurveyKind::parse(&self.kind)
            .map_err(|_| StoreError::Corrupt(format!("survey kind {}", self.kind)))
    }
}

/// A survey in the list, with its counts.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema, sqlx::FromRow)]
pub struct SurveyItem {
    /// The survey.
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub survey: Survey,
    /// Links sent.
    pub sent: i64,
    /// Recipients held back by the recontact throttle.
    pub throttled: i64,
    /// Recipients skipped (no e-mail, no consent, held).
    pub skipped: i64,
    /// Answers.
    pub responses: i64,
}

/// One line of a survey's send log.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema, sqlx::FromRow)]
pub struct Recipient {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// `sent`, `throttled` or `skipped`.
    pub status: String,
    /// Why not sent: `throttled`, `no-email`, `no-consent`, `held`.
    pub reason: Option<String>,
    /// For a throttled recipient: when they were last surveyed (UTC).
    pub last_surveyed_at: Option<String>,
    /// When (UTC).
    pub created_at: String,
    /// The link stops working then (UTC).
    pub expires_at: String,
    /// Answered (UTC), if answered.
    pub answered_at: Option<String>,
}

/// The survey settings.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq, ToSchema)]
pub struct SurveySettings {
    /// Nobody is surveyed more often than once per this many days, across all surveys (1–365).
    pub recontact_days: i64,
    /// Whether the quarterly relationship NPS runs.
    pub relationship_nps: bool,
}

pub(crate) const SURVEY_COLS: &str = "s.id, s.kind, s.name, s.question, s.trigger_kind, s.segment_id, s.expires_days, s.created_by, s.created_at";

impl Store {
    /// One survey.
    pub async fn survey(&self, id: &str) -> Result<Survey, StoreError> {
        sqlx::query_as(&format!(
            "SELECT {SURVEY_COLS} FROM surveys s WHERE s.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::Record))
    }

    /// Surveys, newest first, with their counts (at most `limit`, after the survey `after`).
    pub async fn surveys(
        &self,
        limit: i64,
        after: Option<&str>,
    ) -> Result<Vec<SurveyItem>, StoreError> {
        let counts = "(SELECT COUNT(*) FROM survey_recipients r WHERE r.survey_id = s.id AND r.status = 'sent') AS sent, \
             (SELECT COUNT(*) FROM survey_recipients r WHERE r.survey_id = s.id AND r.status = 'throttled') AS throttled, \
             (SELECT COUNT(*) FROM survey_recipients r WHERE r.survey_id = s.id AND r.status = 'skipped') AS skipped, \
             (SELECT COUNT(*) FROM survey_responses p WHERE p.survey_id = s.id) AS responses";
        let mut sql = crate::sql::Sql::new(&format!(
            "SELECT {SURVEY_COLS}, {counts} FROM surveys s WHERE 1 = 1"
        ));
        sql.keyset(
            &crate::sql::Keyset {
                expr: "s.created_at",
                id: "s.id",
                cursor_expr: "a.created_at",
                cursor_from: "surveys a",
                desc: true,
            },
            after,
        )
        .bind_int(limit.clamp(1, 500));
        Ok(sql.fetch_all(self.pool()).await?)
    }

    /// A survey's send log: every recipient with status and reason, throttled and skipped
    /// first, then by customer name. Held customers are left out for those who may not see them.
    pub async fn survey_recipients(
        &self,
        survey_id: &str,
        who: crate::Clearance,
    ) -> Result<Vec<Recipient>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT r.id, r.customer_id, c.name AS customer_name, r.status, r.reason, r.last_surveyed_at, \
             r.created_at, r.expires_at, p.answered_at \
             FROM survey_recipients r JOIN customers c ON c.id = r.customer_id \
             LEFT JOIN survey_responses p ON p.recipient_id = r.id \
             WHERE r.survey_id = $1 AND {} \
             ORDER BY CASE r.status WHEN 'sent' THEN 1 ELSE 0 END, c.name, r.id",
            crate::clearance::not_held(who, "r.customer_id")
        ))
        .bind(survey_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The survey settings.
    pub async fn survey_settings(&self) -> Result<SurveySettings, StoreError> {
        let (days, rel): (i64, i64) = sqlx::query_as(
            "SELECT recontact_days, relationship_nps FROM survey_settings WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(SurveySettings {
            recontact_days: days,
            relationship_nps: rel != 0,
        })
    }

    /// Changes the survey settings (audited).
    pub async fn set_survey_settings(
        &self,
        actor: &Actor,
        s: &SurveySettings,
    ) -> Result<SurveySettings, StoreError> {
        check_days("recontact_days", s.recontact_days)?;
        let before = self.survey_settings().await?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE survey_settings SET recontact_days = $1, relationship_nps = $2, updated_at = $3 WHERE id = 1",
        )
        .bind(s.recontact_days)
        .bind(i64::from(s.relationship_nps))
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "survey.settings",
            "survey_settings",
            "1",
            &json!(before),
            &json!(s),
        )
        .await?;
        tx.commit().await?;
        Ok(s.clone())
    }
}

/// Days between two waves of the relationship NPS, and the days a customer must not have been
/// surveyed to be asked in a wave.
pub const RELATIONSHIP_DAYS: i64 = 90;

/// The quarterly relationship NPS (periodic, daily check): when it is on and the last wave is
/// [`RELATIONSHIP_DAYS`] old, every customer not surveyed in that time is asked, within the
/// recontact throttle.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RelationshipNps {}

impl crate::jobs::JobPayload for RelationshipNps {
    const KIND: &'static str = "surveys.relationship-nps";
    fn unique_key(&self) -> Option<String> {
        None
    }
}

impl Store {
    /// Runs a wave of the relationship NPS at `now` if one is due (see [`RelationshipNps`]);
    /// `None` when it is off, not due, or nobody is left to ask.
    pub async fn relationship_nps(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<SendReport>, StoreError> {
        let settings = self.survey_settings().await?;
        if !settings.relationship_nps {
            return Ok(None);
        }
        let since = carewell_domain::time::fmt_ts(now - chrono::Duration::days(RELATIONSHIP_DAYS));
        let mut tx = self.begin().await?;
        let (recent,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM surveys WHERE trigger_kind = 'relationship' AND created_at > $1",
        )
        .bind(&since)
        .fetch_one(&mut *tx.tx)
        .await?;
        if recent > 0 {
            return Ok(None);
        }
        let ids: Vec<(String,)> = sqlx::query_as(&format!(
            "SELECT c.id FROM customers c WHERE c.stage <> 'departed' AND NOT EXISTS (SELECT 1 FROM survey_recipients r \
             WHERE r.customer_id = c.id AND r.status = 'sent' AND r.created_at > $1) AND {} ORDER BY c.id",
            crate::clearance::not_held(crate::Clearance::Standard, "c.id")
        ))
        .bind(&since)
        .fetch_all(&mut *tx.tx)
        .await?;
        if ids.is_empty() {
            return Ok(None);
        }
        let input = NewSurvey {
            kind: Some(SurveyKind::Nps),
            name: Some(format!("Relationship NPS {}", now.format("%Y-%m-%d"))),
            customer_ids: ids.into_iter().map(|(id,)| id).collect(),
            trigger_kind: "relationship".into(),
            ..NewSurvey::default()
        };
        let report = send::send(&mut tx, &Actor::system(), &input, &settings, now).await?;
        tx.commit().await?;
        Ok(Some(report))
    }
}
