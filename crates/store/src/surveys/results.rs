//! Results of a survey (score, response rate, distribution, by month, by customer segment),
//! its responses (verbatims, CSV), and the latest score per customer for the health score.

use super::Survey;
use crate::{Clearance, Store, StoreError, Tx, clearance};
use carewell_domain::survey::{Summary, SurveyKind, response_rate, summarise};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// A customer's latest answer to any survey (the health score's signal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LatestScore {
    /// `nps`, `csat` or `ces`.
    pub kind: String,
    /// The answer on the kind's scale.
    pub score: i64,
    /// When (UTC).
    pub answered_at: String,
}

/// The latest answer of each of `customer_ids` that has one (customers without an answer are
/// not in the map), read in the caller's transaction.
pub async fn latest_scores(
    tx: &mut Tx<'_>,
    customer_ids: &[String],
) -> Result<HashMap<String, LatestScore>, StoreError> {
    let mut out: HashMap<String, LatestScore> = HashMap::new();
    for chunk in customer_ids.chunks(500) {
        let mut sql = crate::sql::Sql::new(
            "SELECT customer_id, kind, score, answered_at FROM survey_responses WHERE customer_id IN (",
        );
        for (i, id) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind_text(id.clone());
        }
        sql.push(") ORDER BY answered_at, id");
        let rows: Vec<(String, String, i64, String)> = sql.fetch_all_tx(tx).await?;
        for (customer_id, kind, score, answered_at) in rows {
            out.insert(
                customer_id,
                LatestScore {
                    kind,
                    score,
                    answered_at,
                },
            );
        }
    }
    Ok(out)
}

/// Count of one answer on the scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Bucket {
    /// The answer.
    pub score: i64,
    /// How many gave it.
    pub count: i64,
}

/// The score of one calendar month (UTC).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MonthScore {
    /// `YYYY-MM`.
    pub month: String,
    /// Answers that month.
    pub responses: i64,
    /// The score of those answers.
    pub score: Option<f64>,
}

/// The score among the customers of one segment (the customer's segment field).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SegmentScore {
    /// The segment; empty for customers without one.
    pub segment: String,
    /// Answers.
    pub responses: i64,
    /// The score of those answers.
    pub score: Option<f64>,
}

/// A survey's results.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Results {
    /// `nps`, `csat` or `ces`.
    pub kind: String,
    /// Links sent.
    pub sent: i64,
    /// Answers per link sent, in percent (one decimal); `null` when nothing was sent by link.
    pub response_rate: Option<f64>,
    /// Score, counts and margin of error.
    #[serde(flatten)]
    pub summary: Summary,
    /// Answers per point of the scale, lowest first.
    pub distribution: Vec<Bucket>,
    /// The score per month of answering, oldest first.
    pub by_month: Vec<MonthScore>,
    /// The score per customer segment, by segment name.
    pub by_segment: Vec<SegmentScore>,
}

/// One answer, for the verbatims and the CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, sqlx::FromRow)]
pub struct ResponseItem {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// The answer.
    pub score: i64,
    /// The comment.
    pub comment: Option<String>,
    /// The complaint whose satisfaction question it answers, if any.
    pub complaint_id: Option<String>,
    /// When (UTC).
    pub answered_at: String,
}

fn score_of(kind: SurveyKind, answers: &[i64]) -> Option<f64> {
    summarise(kind, answers).score
}

impl Store {
    /// The answers to survey `id`, newest first; held customers left out for those who may not
    /// see them.
    pub async fn survey_responses(
        &self,
        id: &str,
        who: Clearance,
    ) -> Result<Vec<ResponseItem>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT p.id, p.customer_id, c.name AS customer_name, p.score, p.comment, p.complaint_id, p.answered_at \
             FROM survey_responses p JOIN customers c ON c.id = p.customer_id \
             WHERE p.survey_id = $1 AND {} ORDER BY p.answered_at DESC, p.id DESC",
            clearance::not_held(who, "p.customer_id")
        ))
        .bind(id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The results of `survey` (held customers' answers left out for those who may not see
    /// them).
    pub async fn survey_results(
        &self,
        survey: &Survey,
        who: Clearance,
    ) -> Result<Results, StoreError> {
        let kind = survey.survey_kind()?;
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(&format!(
            "SELECT p.score, p.answered_at, c.segment FROM survey_responses p \
             JOIN customers c ON c.id = p.customer_id WHERE p.survey_id = $1 AND {} \
             ORDER BY p.answered_at, p.id",
            clearance::not_held(who, "p.customer_id")
        ))
        .bind(&survey.id)
        .fetch_all(self.pool())
        .await?;
        let (sent,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM survey_recipients WHERE survey_id = $1 AND status = 'sent'",
        )
        .bind(&survey.id)
        .fetch_one(self.pool())
        .await?;
        let answers: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let summary = summarise(kind, &answers);
        let (min, max) = kind.scale();
        let distribution = (min..=max)
            .map(|s| Bucket {
                score: s,
                count: answers.iter().filter(|a| **a == s).count() as i64,
            })
            .collect();
        let mut months: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        let mut segments: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (score, at, segment) in &rows {
            months
                .entry(at.chars().take(7).collect())
                .or_default()
                .push(*score);
            segments
                .entry(segment.clone().unwrap_or_default())
                .or_default()
                .push(*score);
        }
        let answered_by_link: i64 = if sent > 0 {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1 AND recipient_id IS NOT NULL",
            )
            .bind(&survey.id)
            .fetch_one(self.pool())
            .await?;
            n
        } else {
            0
        };
        Ok(Results {
            kind: kind.as_str().into(),
            sent,
            response_rate: response_rate(answered_by_link, sent),
            summary,
            distribution,
            by_month: months
                .into_iter()
                .map(|(month, a)| MonthScore {
                    month,
                    responses: a.len() as i64,
                    score: score_of(kind, &a),
                })
                .collect(),
            by_segment: segments
                .into_iter()
                .map(|(segment, a)| SegmentScore {
                    segment,
                    responses: a.len() as i64,
                    score: score_of(kind, &a),
                })
                .collect(),
        })
    }
}
