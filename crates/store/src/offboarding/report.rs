//! The offboarding report: why customers leave (company- and customer-initiated), how cases
//! end, the revenue that leaves with them (trailing 12 months before each case), and what the
//! exit surveys say. CSV export of every table.

use super::survey::SurveyRow;
use super::{COLS, FROM, OffboardingCase, Row, SurveyAnswer, total};
use crate::ledger::Total;
use crate::{Clearance, Store, StoreError};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Cases per reason and initiator.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct ReasonCount {
    /// Reason.
    pub reason: String,
    /// company or customer.
    pub initiator: String,
    /// Cases.
    pub cases: i64,
}

/// Cases per status.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct OutcomeCount {
    /// Status.
    pub status: String,
    /// Cases.
    pub cases: i64,
}

/// Survey answers per stated reason.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct SurveyCount {
    /// Why they left (as answered).
    pub reason_left: String,
    /// Answers.
    pub answers: i64,
}

/// Exit-survey summary.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct SurveySummary {
    /// Answers received.
    pub answers: i64,
    /// Mean rating (1–5) of the answers that gave one.
    pub average_rating: Option<f64>,
    /// Answers per reason.
    pub by_reason_left: Vec<SurveyCount>,
    /// What would have kept them (non-empty answers).
    pub would_have_kept: Vec<String>,
}

/// The report.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct OffboardingReport {
    /// First day (cases opened on or after).
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
    /// Cases opened in the period.
    pub cases: i64,
    /// Per reason and initiator.
    pub by_reason: Vec<ReasonCount>,
    /// Per status (outcome).
    pub by_outcome: Vec<OutcomeCount>,
    /// Trailing 12-month revenue of the customers offboarded (cancelled cases excluded).
    pub revenue_impact: Vec<Total>,
    /// Cases whose revenue is left out of `revenue_impact` because a retention hold runs on
    /// the customer and the reader may not see held records.
    pub revenue_restricted_cases: i64,
    /// Exit surveys.
    pub survey: SurveySummary,
}

impl Store {
    /// The report for cases opened from `from` to `to` (both included), as `who` may see it:
    /// for readers without clearance the revenue of customers under a running retention hold
    /// is left out of the revenue impact (and counted in `revenue_restricted_cases`). Two
    /// queries, whatever the number of cases.
    pub async fn offboarding_report(
        &self,
        who: Clearance,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<OffboardingReport, StoreError> {
        if to < from {
            let code = carewell_domain::Code::EarlierThan {
                other: "from".into(),
            };
            return Err(carewell_domain::DomainError::new("to", code).into());
        }
        let lo = super::date(from);
        let hi = super::date(to.succ_opt().unwrap_or(to));
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} {FROM} WHERE o.created_at >= $1 AND o.created_at < $2 ORDER BY o.created_at, o.id"
        ))
        .bind(&lo)
        .bind(&hi)
        .fetch_all(self.pool())
        .await?;
        let mut reasons: BTreeMap<(String, String), i64> = BTreeMap::new();
        let mut outcomes: BTreeMap<String, i64> = BTreeMap::new();
        let mut revenue: BTreeMap<String, i64> = BTreeMap::new();
        let mut revenue_restricted_cases = 0;
        let cases = rows.len() as i64;
        for r in rows {
            let c = OffboardingCase::try_from(r)?.for_reader(who);
            *reasons
                .entry((c.reason.as_str().into(), c.initiator.as_str().into()))
                .or_default() += 1;
            *outcomes.entry(c.status.as_str().into()).or_default() += 1;
            if c.status == carewell_domain::offboarding::workflow::Status::Cancelled {
                continue;
            }
            match &c.revenue_12m {
                Some(totals) => {
                    for t in totals {
                        *revenue.entry(t.currency.clone()).or_default() += t.amount_minor;
                    }
                }
                None => revenue_restricted_cases += 1,
            }
        }
        let surveys: Vec<SurveyRow> = sqlx::query_as(
            "SELECT s.case_id, s.reason_left, s.would_have_kept, s.comment, s.rating, s.submitted_at \
             FROM offboarding_surveys s JOIN offboarding_cases o ON o.id = s.case_id \
             WHERE o.created_at >= $1 AND o.created_at < $2 ORDER BY o.created_at, o.id",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(self.pool())
        .await?;
        let answers = surveys.len() as i64;
        let mut ratings = Vec::new();
        let mut by_reason_left: BTreeMap<String, i64> = BTreeMap::new();
        let mut would_have_kept = Vec::new();
        for s in surveys.into_iter().map(SurveyAnswer::from) {
            if let Some(r) = s.survey.rating {
                ratings.push(r as f64);
            }
            *by_reason_left.entry(s.survey.reason_left).or_default() += 1;
            if let Some(w) = s.survey.would_have_kept {
                would_have_kept.push(w);
            }
        }
        Ok(OffboardingReport {
            from,
            to,
            cases,
            by_reason: reasons
                .into_iter()
                .map(|((reason, initiator), cases)| ReasonCount {
                    reason,
                    initiator,
                    cases,
                })
                .collect(),
            by_outcome: outcomes
                .into_iter()
                .map(|(status, cases)| OutcomeCount { status, cases })
                .collect(),
            revenue_impact: revenue.iter().map(|(c, m)| total(c, *m)).collect(),
            revenue_restricted_cases,
            survey: SurveySummary {
                answers,
                average_rating: (!ratings.is_empty())
                    .then(|| ratings.iter().sum::<f64>() / ratings.len() as f64),
                by_reason_left: by_reason_left
                    .into_iter()
                    .map(|(reason_left, answers)| SurveyCount {
                        reason_left,
                        answers,
                    })
                    .collect(),
                would_have_kept,
            },
        })
    }
}

impl OffboardingReport {
    /// The report as one CSV table: `section,key,initiator,currency,count,amount`.
    pub fn to_csv(&self) -> String {
        use super::export::csv_field as f;
        let mut out = String::from("section,key,initiator,currency,count,amount\r\n");
        let mut row = |cols: [&str; 6]| {
            out.push_str(&cols.iter().map(|c| f(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        };
        row(["total", "cases", "", "", &self.cases.to_string(), ""]);
        for r in &self.by_reason {
            row([
                "reason",
                &r.reason,
                &r.initiator,
                "",
                &r.cases.to_string(),
                "",
            ]);
        }
        for o in &self.by_outcome {
            row(["outcome", &o.status, "", "", &o.cases.to_string(), ""]);
        }
        for t in &self.revenue_impact {
            row(["revenue-12m", "", "", &t.currency, "", &t.amount]);
        }
        if self.revenue_restricted_cases > 0 {
            let n = self.revenue_restricted_cases.to_string();
            row(["revenue-12m-restricted", "", "", "", &n, ""]);
        }
        for s in &self.survey.by_reason_left {
            row([
                "survey-reason",
                &s.reason_left,
                "",
                "",
                &s.answers.to_string(),
                "",
            ]);
        }
        if let Some(a) = self.survey.average_rating {
            row([
                "survey-rating",
                "average",
                "",
                "",
                &self.survey.answers.to_string(),
                &format!("{a:.2}"),
            ]);
        }
        out
    }
}
