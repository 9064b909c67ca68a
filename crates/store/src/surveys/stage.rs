//! Surveys "N days into a stage": rules (stage, days, kind) — e.g. an NPS 30 days after a
//! customer entered onboarding — and the daily run that sends each rule's survey to the
//! customers who crossed its mark that day (or in the [`CATCH_UP_DAYS`] before, should a run
//! have been missed), through [`super::send::send`]: the recontact throttle, consent and
//! retention holds apply as to any survey, and a throttled customer is logged, not queued.
//!
//! A customer's entry into their stage is `customers.stage_since` (migration 0030, kept by
//! triggers). `survey_stage_sends` remembers every rule and stage entry considered, so nobody
//! is asked twice for the same entry — whoever runs the job how often, on however many app
//! servers — and a rule asks only customers who cross its mark after it was made.

use super::send::{NewSurvey, send};
use crate::{Actor, Store, StoreError, Tx, audit, now};
use carewell_domain::cadence::check_days;
use carewell_domain::customer::LifecycleStage;
use carewell_domain::survey::SurveyKind;
use carewell_domain::time::fmt_ts;
use carewell_domain::{Code, DomainError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// Days before today a missed mark is still caught up.
pub const CATCH_UP_DAYS: i64 = 2;
/// Most rules.
pub const MAX_RULES: usize = 50;

/// One rule: a survey of `kind`, `days` days after a customer entered `stage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StageTrigger {
    /// The lifecycle stage.
    pub stage: LifecycleStage,
    /// Days after entering it (1–3650).
    pub days: i64,
    /// Which survey: `nps`, `csat` or `ces`.
    pub kind: SurveyKind,
}

/// What one run did, per rule that found anyone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct StageRun {
    /// Surveys made (one per rule that found customers).
    pub surveys: u64,
    /// Links sent.
    pub sent: i64,
    /// Held back by the recontact throttle.
    pub throttled: i64,
    /// Skipped (no e-mail, no consent, held).
    pub skipped: i64,
}

fn check(rules: &[StageTrigger]) -> Result<(), StoreError> {
    let mut errs = Vec::new();
    if rules.len() > MAX_RULES {
        errs.push(DomainError::new(
            "stage_triggers",
            Code::TooMany { max: MAX_RULES },
        ));
    }
    for (i, r) in rules.iter().enumerate() {
        if let Err(e) = check_days(&format!("stage_triggers.{i}.days"), r.days) {
            errs.push(e);
        } else if rules[..i]
            .iter()
            .any(|o| o.stage == r.stage && o.days == r.days && o.kind == r.kind)
        {
            errs.push(DomainError::new(
                format!("stage_triggers.{i}.days"),
                Code::Duplicate {
                    value: r.days.to_string(),
                },
            ));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.into())
    }
}

/// The rules with the day each was made.
async fn rules_in(tx: &mut Tx<'_>) -> Result<Vec<(StageTrigger, String)>, StoreError> {
    let rows: Vec<(String, i64, String, String)> = sqlx::query_as(
        "SELECT stage, days, kind, created_at FROM survey_stage_triggers ORDER BY stage, days, kind",
    )
    .fetch_all(&mut *tx.tx)
    .await?;
    let mut out = Vec::new();
    for (stage, days, kind, created) in rows {
        let (Ok(stage), Ok(kind)) = (LifecycleStage::parse(&stage), SurveyKind::parse(&kind))
        else {
            return Err(StoreError::Corrupt(format!(
                "survey_stage_triggers: {stage} {kind}"
            )));
        };
        out.push((StageTrigger { stage, days, kind }, created));
    }
    Ok(out)
}

impl Store {
    /// The stage-trigger rules, by stage, days and kind.
    pub async fn survey_stage_triggers(&self) -> Result<Vec<StageTrigger>, StoreError> {
        let mut tx = self.begin().await?;
        let rules = rules_in(&mut tx).await?;
        tx.commit().await?;
        Ok(rules.into_iter().map(|(r, _)| r).collect())
    }

    /// Replaces the stage-trigger rules (rules kept keep the day they were made). Days outside
    /// 1–3650 or a rule listed twice are refused, naming `stage_triggers.<n>.days`. Audited
    /// (`survey.stage-triggers`).
    pub async fn set_survey_stage_triggers(
        &self,
        actor: &Actor,
        rules: &[StageTrigger],
    ) -> Result<Vec<StageTrigger>, StoreError> {
        check(rules)?;
        let mut tx = self.begin().await?;
        let before: Vec<StageTrigger> = rules_in(&mut tx).await?.into_iter().map(|r| r.0).collect();
        let at = now();
        for old in before.iter().filter(|o| !rules.contains(o)) {
            sqlx::query(
                "DELETE FROM survey_stage_triggers WHERE stage = $1 AND days = $2 AND kind = $3",
            )
            .bind(old.stage.as_str())
            .bind(old.days)
            .bind(old.kind.as_str())
            .execute(&mut *tx.tx)
            .await?;
        }
        for new in rules.iter().filter(|r| !before.contains(r)) {
            sqlx::query(
                "INSERT INTO survey_stage_triggers (stage, days, kind, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(new.stage.as_str())
            .bind(new.days)
            .bind(new.kind.as_str())
            .bind(&at)
            .execute(&mut *tx.tx)
            .await?;
        }
        let after: Vec<StageTrigger> = rules_in(&mut tx).await?.into_iter().map(|r| r.0).collect();
        if after != before {
            audit::append(
                &mut tx,
                actor,
                "survey.stage-triggers",
                "survey_settings",
                "1",
                &json!(before),
                &json!(after),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(after)
    }

    /// Sends each rule's survey to the customers who crossed its mark on `today` (or up to
    /// [`CATCH_UP_DAYS`] before, but not before the rule was made) and were not considered for
    /// this stage entry yet; `now` is the send time. One survey per rule and run that finds
    /// anyone, named after the rule; every customer considered is remembered, sent or not.
    pub async fn survey_stage_run(
        &self,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<StageRun, StoreError> {
        let settings = self.survey_settings().await?;
        let mut tx = self.begin().await?;
        let rules = rules_in(&mut tx).await?;
        let mut run = StageRun::default();
        for (r, created) in rules {
            // Entered the stage on a day whose mark (entry + days) is in the window.
            let made = created
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .unwrap_or(today);
            let first_mark = (today - Duration::days(CATCH_UP_DAYS)).max(made);
            if first_mark > today {
                continue;
            }
            let from = (first_mark - Duration::days(r.days)).to_string();
            let until = (today - Duration::days(r.days) + Duration::days(1)).to_string();
            let found: Vec<(String, String)> = sqlx::query_as(&format!(
                "SELECT c.id, c.stage_since FROM customers c WHERE c.stage = $1 \
                 AND c.stage_since >= $2 AND c.stage_since < $3 AND {} \
                 AND NOT EXISTS (SELECT 1 FROM survey_stage_sends x WHERE x.customer_id = c.id \
                 AND x.stage = c.stage AND x.stage_since = c.stage_since AND x.days = $4 AND x.kind = $5) \
                 ORDER BY c.id",
                crate::clearance::not_held(crate::Clearance::Standard, "c.id")
            ))
            .bind(r.stage.as_str())
            .bind(&from)
            .bind(&until)
            .bind(r.days)
            .bind(r.kind.as_str())
            .fetch_all(&mut *tx.tx)
            .await?;
            // Claimed first: a customer another run (another app server) claimed meanwhile is
            // left to it — the key waits for that run's commit, then refuses.
            let at = fmt_ts(now);
            let mut claimed = Vec::new();
            for (id, since) in &found {
                let n = sqlx::query(
                    "INSERT INTO survey_stage_sends (customer_id, stage, stage_since, days, kind, survey_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, '', $6) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(r.stage.as_str())
                .bind(since)
                .bind(r.days)
                .bind(r.kind.as_str())
                .bind(&at)
                .execute(&mut *tx.tx)
                .await?
                .rows_affected();
                if n == 1 {
                    claimed.push(id.clone());
                }
            }
            if claimed.is_empty() {
                continue;
            }
            let input = NewSurvey {
                kind: Some(r.kind),
                name: Some(format!(
                    "{} {} days into {} ({today})",
                    r.kind.as_str().to_uppercase(),
                    r.days,
                    r.stage.as_str()
                )),
                customer_ids: claimed,
                trigger_kind: "stage".into(),
                ..NewSurvey::default()
            };
            let report = send(&mut tx, &Actor::system(), &input, &settings, now).await?;
            sqlx::query(
                "UPDATE survey_stage_sends SET survey_id = $1 WHERE survey_id = '' AND stage = $2 \
                 AND days = $3 AND kind = $4",
            )
            .bind(&report.survey.id)
            .bind(r.stage.as_str())
            .bind(r.days)
            .bind(r.kind.as_str())
            .execute(&mut *tx.tx)
            .await?;
            run.surveys += 1;
            run.sent += report.sent;
            run.throttled += report.throttled;
            run.skipped += report.skipped;
        }
        tx.commit().await?;
        Ok(run)
    }
}
