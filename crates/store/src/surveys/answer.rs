//! The customer's side: the one-time link opens the question ([`Store::survey_invitation`]),
//! the answer is stored once ([`Store::answer_survey`]); answering twice and an expired link
//! are refused. A detractor's answer (NPS ≤ 6, CSAT ≤ 2, CES ≤ 2) creates a `survey-callback`
//! task for the customer's owner (the managers' queue when unowned) due the next business day
//! in the customer's time zone, and emits `survey.detractor` ([`record_response`], also used by
//! the complaint's satisfaction question).

use super::{CALLBACK_TASK, Survey};
use crate::links::token_hash;
use crate::tasks::{self, NewTask};
use crate::{Actor, Store, StoreError, Tx, audit, new_id};
use carewell_domain::error::Done;
use carewell_domain::events::EventType;
use carewell_domain::messaging::tz_or_utc;
use carewell_domain::survey::{SurveyKind, callback_due};
use carewell_domain::time::{fmt_ts, parse_ts};
use carewell_domain::{Code, DomainError, Entity, Refusal};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

/// Longest comment.
pub const MAX_COMMENT: usize = 2000;

/// What a one-time link opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    /// The recipient row.
    pub recipient_id: String,
    /// The survey.
    pub survey: Survey,
    /// The customer.
    pub customer_id: String,
    /// The customer's language.
    pub language: String,
    /// The link stops working then (UTC).
    pub expires_at: String,
    /// Already answered.
    pub answered: bool,
    /// Past its expiry.
    pub expired: bool,
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answered {
    /// The response id.
    pub response_id: String,
    /// The call-back task, when the answer is a detractor's.
    pub task_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    recipient_id: String,
    customer_id: String,
    language: String,
    expires_at: String,
    answered: i64,
}

async fn find(tx: &mut Tx<'_>, token: &str) -> Result<(Row, Survey), StoreError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT r.id AS recipient_id, r.customer_id, c.language, r.expires_at, \
         (SELECT COUNT(*) FROM survey_responses p WHERE p.recipient_id = r.id) AS answered \
         FROM survey_recipients r JOIN customers c ON c.id = r.customer_id \
         WHERE r.token_hash = $1 AND r.status = 'sent'",
    )
    .bind(token_hash(token))
    .fetch_optional(&mut *tx.tx)
    .await?;
    let row = row.ok_or(StoreError::NotFound(Entity::Link))?;
    let survey: Survey = sqlx::query_as(&format!(
        "SELECT {} FROM surveys s WHERE s.id = (SELECT survey_id FROM survey_recipients WHERE id = $1)",
        super::SURVEY_COLS
    ))
    .bind(&row.recipient_id)
    .fetch_one(&mut *tx.tx)
    .await?;
    Ok((row, survey))
}

fn expired(expires_at: &str, now: DateTime<Utc>) -> bool {
    parse_ts("expires_at", expires_at).map_or(true, |e| e <= now)
}

/// Checks a comment: at most [`MAX_COMMENT`] characters, no control characters but line
/// breaks and tabs; blank is none.
pub fn check_comment(raw: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(c) = raw.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    if c.chars().count() > MAX_COMMENT {
        return Err(DomainError::new(
            "comment",
            Code::TooLong { max: MAX_COMMENT },
        ));
    }
    if c.chars()
        .any(|ch| ch.is_control() && !matches!(ch, '\n' | '\r' | '\t'))
    {
        return Err(DomainError::new("comment", Code::ControlCharacters));
    }
    Ok(Some(c.to_string()))
}

impl Store {
    /// What the link with `token` opens at `now`; an unknown token is
    /// `NotFound(Link)`.
    pub async fn survey_invitation(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Invitation, StoreError> {
        let mut tx = self.begin().await?;
        let (row, survey) = find(&mut tx, token).await?;
        tx.commit().await?;
        Ok(Invitation {
            recipient_id: row.recipient_id,
            survey,
            customer_id: row.customer_id,
            language: row.language,
            expired: expired(&row.expires_at, now),
            expires_at: row.expires_at,
            answered: row.answered > 0,
        })
    }

    /// Stores the answer given through the link with `token` at `now` (audited as the
    /// customer). Refused when answered already ([`Done::SurveyAnswered`]) or expired; the
    /// score must be on the kind's scale (`score`), the comment at most 2,000 characters.
    pub async fn answer_survey(
        &self,
        token: &str,
        score: i64,
        comment: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Answered, StoreError> {
        let mut tx = self.begin().await?;
        let (row, survey) = find(&mut tx, token).await?;
        if row.answered > 0 {
            return Err(Refusal::AlreadyDone {
                what: Done::SurveyAnswered,
            }
            .into());
        }
        if expired(&row.expires_at, now) {
            return Err(Refusal::WrongState {
                entity: Entity::Link,
                status: "expired".into(),
                action: "answer".into(),
                allowed: Vec::new(),
            }
            .into());
        }
        let kind = survey.survey_kind()?;
        let score = kind.check(score)?;
        let comment = check_comment(comment)?;
        let r = record_response(
            &mut tx,
            &Response {
                survey_id: &survey.id,
                recipient_id: Some(&row.recipient_id),
                complaint_id: None,
                customer_id: &row.customer_id,
                kind,
                score,
                comment: comment.as_deref(),
            },
            now,
        )
        .await?;
        audit::append(
            &mut tx,
            &Actor {
                id: format!("customer:{}", row.customer_id),
                label: "customer".into(),
            },
            "survey.answer",
            "survey_response",
            &r.response_id,
            &json!(null),
            &json!({"survey_id": survey.id, "score": score, "task_id": r.task_id}),
        )
        .await?;
        tx.commit().await?;
        Ok(r)
    }
}

/// An answer to record.
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    /// The survey.
    pub survey_id: &'a str,
    /// The recipient row (a survey sent by link).
    pub recipient_id: Option<&'a str>,
    /// The complaint (its satisfaction question).
    pub complaint_id: Option<&'a str>,
    /// The customer.
    pub customer_id: &'a str,
    /// The scale.
    pub kind: SurveyKind,
    /// The answer, on the scale.
    pub score: i64,
    /// The comment.
    pub comment: Option<&'a str>,
}

/// Stores an answer in the caller's transaction, and for a detractor the call-back task and
/// the `survey.detractor` event (no audit entry: the caller audits).
pub async fn record_response(
    tx: &mut Tx<'_>,
    r: &Response<'_>,
    now: DateTime<Utc>,
) -> Result<Answered, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO survey_responses (id, survey_id, recipient_id, customer_id, kind, score, comment, complaint_id, answered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(r.survey_id)
    .bind(r.recipient_id)
    .bind(r.customer_id)
    .bind(r.kind.as_str())
    .bind(r.score)
    .bind(r.comment)
    .bind(r.complaint_id)
    .bind(fmt_ts(now))
    .execute(&mut *tx.tx)
    .await?;
    // The answer moves the customer's health score (recomputed by a job, once per customer).
    crate::health::queue_recompute(tx, r.customer_id).await?;
    let mut task_id = None;
    if r.kind.is_detractor(r.score) {
        let (name, owner, tz): (String, Option<String>, Option<String>) =
            sqlx::query_as("SELECT name, owner_id, timezone FROM customers WHERE id = $1")
                .bind(r.customer_id)
                .fetch_one(&mut *tx.tx)
                .await?;
        let due = callback_due(now, &tz_or_utc(tz.as_deref()));
        let t = tasks::create(
            tx,
            &NewTask {
                kind: CALLBACK_TASK,
                title: name,
                args: json!({"survey_kind": r.kind.as_str(), "score": r.score}),
                customer_id: Some(r.customer_id),
                owner_id: owner.as_deref(),
                source_kind: "survey",
                source_id: r.survey_id,
                due_at: fmt_ts(due),
            },
        )
        .await?;
        crate::events::emit(
            tx,
            EventType::SurveyDetractor,
            &id,
            "answered",
            json!({"response_id": id, "survey_id": r.survey_id, "customer_id": r.customer_id,
                "kind": r.kind.as_str(), "score": r.score, "task_id": t.id}),
        )
        .await?;
        task_id = Some(t.id);
    }
    Ok(Answered {
        response_id: id,
        task_id,
    })
}

impl Store {
    /// Issues a fresh one-time link for `customer_id`'s invitation to survey `survey_id` and
    /// returns its path (`/s/{token}`), to hand over in person or on the phone; the link sent
    /// before stops working (audited, the link itself is not).
    pub async fn survey_link(
        &self,
        actor: &Actor,
        survey_id: &str,
        customer_id: &str,
    ) -> Result<String, StoreError> {
        let mut tx = self.begin().await?;
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM survey_recipients WHERE survey_id = $1 AND customer_id = $2 AND status = 'sent'",
        )
        .bind(survey_id)
        .bind(customer_id)
        .fetch_optional(&mut *tx.tx)
        .await?;
        let (rid,) = row.ok_or(StoreError::NotFound(Entity::Link))?;
        let token = crate::links::mint(&mut tx, crate::links::LinkKind::Survey, &rid).await?;
        audit::append(
            &mut tx,
            actor,
            "survey.link",
            "survey",
            survey_id,
            &json!(null),
            &json!({"customer_id": customer_id}),
        )
        .await?;
        tx.commit().await?;
        Ok(crate::links::LinkKind::Survey.path(&token))
    }
}
