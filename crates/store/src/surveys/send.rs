//! Creating a survey and sending it: each recipient is checked against the recontact throttle,
//! their e-mail address, their e-mail consent and retention holds, then either gets an e-mail
//! with a one-time link through the outbox (class `service`: a question about the service they
//! have; caps and quiet hours are the deliverer's) or is recorded with the reason they did not.

use super::{Survey, SurveySettings};
use crate::links::LinkKind;
use crate::outbox::{self, NewMessage};
use crate::{Actor, Store, StoreError, Tx, audit, new_id};
use carewell_domain::messaging::MessageClass;
use carewell_domain::survey::{SurveyKind, check_days, may_recontact};
use carewell_domain::time::{fmt_ts, parse_ts};
use carewell_domain::{Code, DomainError, Entity};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// Most recipients named in one request.
pub const MAX_LIST: usize = 10_000;
/// Longest name and question.
pub const MAX_TEXT: usize = 500;
/// Days a link stays valid unless the creator says otherwise.
pub const DEFAULT_EXPIRES_DAYS: i64 = 30;

/// A survey to create and send.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewSurvey {
    /// Which question.
    pub kind: Option<SurveyKind>,
    /// Name; a dated default when empty.
    pub name: Option<String>,
    /// Custom wording; `None`: the translated default of the kind.
    pub question: Option<String>,
    /// Send to this segment's members.
    pub segment_id: Option<String>,
    /// Send to these customers.
    pub customer_ids: Vec<String>,
    /// Days a link stays valid (default 30).
    pub expires_days: Option<i64>,
    /// `manual`, `relationship` or `stage`.
    pub trigger_kind: String,
}

/// What a send did.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct SendReport {
    /// The survey.
    #[serde(flatten)]
    pub survey: Survey,
    /// Links queued.
    pub sent: i64,
    /// Held back by the recontact throttle (not queued).
    pub throttled: i64,
    /// Skipped: no e-mail address, e-mail consent refused, or held.
    pub skipped: i64,
}

fn text(field: &str, v: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > MAX_TEXT {
        return Err(DomainError::new(field, Code::TooLong { max: MAX_TEXT }));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(DomainError::new(field, Code::ControlCharacters));
    }
    Ok(Some(v.to_string()))
}

/// What one recipient's checks found.
#[derive(sqlx::FromRow)]
struct Facts {
    name: String,
    email: Option<String>,
    contact: Option<String>,
    language: String,
    consent: String,
    last: Option<String>,
    held: i64,
}

/// The outcome for one customer: `sent`, or not with the reason.
enum Outcome {
    Sent,
    Throttled(String),
    Skipped(&'static str),
}

impl Store {
    /// Creates a survey and sends it to its audience at `now` (audited). Validation errors
    /// name the field; an audience of nobody is refused (`customer_ids` required).
    pub async fn send_survey(
        &self,
        actor: &Actor,
        input: &NewSurvey,
        now: DateTime<Utc>,
    ) -> Result<SendReport, StoreError> {
        let settings = self.survey_settings().await?;
        let mut tx = self.begin().await?;
        let report = send(&mut tx, actor, input, &settings, now).await?;
        tx.commit().await?;
        Ok(report)
    }
}

/// [`Store::send_survey`] in the caller's transaction.
pub async fn send(
    tx: &mut Tx<'_>,
    actor: &Actor,
    input: &NewSurvey,
    settings: &SurveySettings,
    now: DateTime<Utc>,
) -> Result<SendReport, StoreError> {
    let kind = input
        .kind
        .ok_or_else(|| DomainError::new("kind", Code::Required))?;
    let expires_days = check_days(
        "expires_days",
        input.expires_days.unwrap_or(DEFAULT_EXPIRES_DAYS),
    )?;
    let question = text("question", input.question.as_deref())?;
    let name = text("name", input.name.as_deref())?.unwrap_or_else(|| {
        format!(
            "{} {}",
            kind.as_str().to_uppercase(),
            now.format("%Y-%m-%d")
        )
    });
    if input.customer_ids.len() > MAX_LIST && matches!(input.trigger_kind.as_str(), "" | "manual") {
        return Err(DomainError::new("customer_ids", Code::TooMany { max: MAX_LIST }).into());
    }
    let mut ids: Vec<String> = Vec::new();
    for id in &input.customer_ids {
        let id = id.trim();
        if !id.is_empty() && !ids.iter().any(|x| x == id) {
            ids.push(id.to_string());
        }
    }
    let segment_id = input
        .segment_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(seg) = segment_id {
        for id in segment_members(tx, seg).await? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    } else if ids.is_empty() {
        return Err(DomainError::new("customer_ids", Code::Required).into());
    }
    let survey = Survey {
        id: new_id(),
        kind: kind.as_str().into(),
        name,
        question,
        trigger_kind: if input.trigger_kind.is_empty() {
            "manual".into()
        } else {
            input.trigger_kind.clone()
        },
        segment_id: segment_id.map(str::to_string),
        expires_days,
        created_by: actor.id.clone(),
        created_at: fmt_ts(now),
    };
    sqlx::query(
        "INSERT INTO surveys (id, kind, name, question, trigger_kind, segment_id, expires_days, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&survey.id)
    .bind(&survey.kind)
    .bind(&survey.name)
    .bind(survey.question.as_deref())
    .bind(&survey.trigger_kind)
    .bind(survey.segment_id.as_deref())
    .bind(survey.expires_days)
    .bind(&survey.created_by)
    .bind(&survey.created_at)
    .execute(&mut *tx.tx)
    .await?;
    let mut report = SendReport {
        survey,
        sent: 0,
        throttled: 0,
        skipped: 0,
    };
    for id in &ids {
        match recipient(tx, &report.survey, id, settings, now).await? {
            Outcome::Sent => report.sent += 1,
            Outcome::Throttled(_) => report.throttled += 1,
            Outcome::Skipped(_) => report.skipped += 1,
        }
    }
    audit::append(
        tx,
        actor,
        "survey.send",
        "survey",
        &report.survey.id,
        &json!(null),
        &json!({"survey": report.survey, "sent": report.sent, "throttled": report.throttled,
            "skipped": report.skipped}),
    )
    .await?;
    Ok(report)
}

/// The members of segment `id` (customers under a running retention hold left out). Unknown
/// segment: 422 on `segment_id`.
async fn segment_members(tx: &mut Tx<'_>, id: &str) -> Result<Vec<String>, StoreError> {
    match crate::segments::member_ids(tx, id).await {
        Err(StoreError::NotFound(Entity::Segment)) => Err(DomainError::new(
            "segment_id",
            Code::NoSuch {
                what: Entity::Segment,
                id: id.to_string(),
            },
        )
        .into()),
        other => other,
    }
}

/// Checks and records one recipient of `s`, queueing their e-mail when they may be asked.
async fn recipient(
    tx: &mut Tx<'_>,
    s: &Survey,
    customer_id: &str,
    settings: &SurveySettings,
    now: DateTime<Utc>,
) -> Result<Outcome, StoreError> {
    let facts: Option<Facts> = sqlx::query_as(
        "SELECT c.name, c.email, \
         (SELECT ct.email FROM contacts ct WHERE ct.customer_id = c.id AND ct.email IS NOT NULL \
          ORDER BY ct.is_primary DESC, ct.created_at LIMIT 1) AS contact, \
         c.language, c.consent, \
         (SELECT MAX(r.created_at) FROM survey_recipients r WHERE r.customer_id = c.id AND r.status = 'sent') AS last, \
         (SELECT COUNT(*) FROM offboarding_holds hh WHERE hh.customer_id = c.id AND hh.released_at IS NULL) AS held \
         FROM customers c WHERE c.id = $1",
    )
    .bind(customer_id)
    .fetch_optional(&mut *tx.tx)
    .await?;
    let Some(f) = facts else {
        return Err(DomainError::new(
            "customer_ids",
            Code::NoSuch {
                what: Entity::Customer,
                id: customer_id.to_string(),
            },
        )
        .into());
    };
    let last = f.last.as_deref().and_then(|l| parse_ts("last", l).ok());
    let email = f
        .email
        .filter(|e| !e.trim().is_empty())
        .or(f.contact)
        .unwrap_or_default();
    let consent: serde_json::Value = serde_json::from_str(&f.consent).unwrap_or_default();
    let outcome = if f.held > 0 {
        Outcome::Skipped("held")
    } else if !may_recontact(last, now, settings.recontact_days) {
        Outcome::Throttled(f.last.clone().unwrap_or_default())
    } else if email.trim().is_empty() {
        Outcome::Skipped("no-email")
    } else if consent.get("email") == Some(&serde_json::Value::Bool(false)) {
        Outcome::Skipped("no-consent")
    } else {
        Outcome::Sent
    };
    let (status, reason, last_at) = match &outcome {
        Outcome::Sent => ("sent", None, None),
        Outcome::Throttled(l) => ("throttled", Some("throttled"), Some(l.clone())),
        Outcome::Skipped(r) => ("skipped", Some(*r), None),
    };
    let rid = new_id();
    sqlx::query(
        "INSERT INTO survey_recipients (id, survey_id, customer_id, status, reason, last_surveyed_at, token_hash, \
         created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8)",
    )
    .bind(&rid)
    .bind(&s.id)
    .bind(customer_id)
    .bind(status)
    .bind(reason)
    .bind(last_at.as_deref())
    .bind(fmt_ts(now))
    .bind(fmt_ts(now + Duration::days(s.expires_days)))
    .execute(&mut *tx.tx)
    .await?;
    if matches!(outcome, Outcome::Sent) {
        let template = format!("survey-{}", s.kind);
        let m = NewMessage::email(
            format!("survey:{}:{customer_id}", s.id),
            &email,
            &f.language,
            MessageClass::Service,
            "survey.invitation",
            &template,
            json!({"name": f.name, "question": s.question.clone().unwrap_or_default()}),
        )
        .for_customer(customer_id)
        .with_link(LinkKind::Survey, &rid);
        outbox::enqueue(tx, &m).await?;
    }
    Ok(outcome)
}
