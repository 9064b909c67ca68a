//! The cadence and care-moment settings: read by everyone, changed by managers (audited).

use crate::customers::filter_conditions;
use crate::segments;
use crate::sql::Sql;
use crate::{Actor, Store, StoreError, Tx, audit};
use carewell_domain::cadence::{self, Moment, MomentMode};
use carewell_domain::customer::LifecycleStage;
use carewell_domain::{Code, DomainError, Entity};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// One stage's cadence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StageCadence {
    /// The lifecycle stage.
    pub stage: LifecycleStage,
    /// Days without contact before the customer counts as forgotten (1–3650); `null`: none.
    /// Leaving and departed customers never have one.
    pub days: Option<i64>,
}

/// A segment's cadence within a stage, overriding the stage's (the smallest of a customer's
/// overrides counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SegmentCadence {
    /// The segment.
    pub segment_id: String,
    /// The stage it applies to.
    pub stage: LifecycleStage,
    /// Days (1–3650).
    pub days: i64,
}

/// What one care moment does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MomentSetting {
    /// Birthday or anniversary.
    pub moment: Moment,
    /// Off, a task for the owner, or a message to the customer (marketing class).
    pub mode: MomentMode,
    /// For tasks: how many days ahead (0–60; default 3).
    pub days_ahead: i64,
}

/// The cadence and care-moment settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CadenceSettings {
    /// One entry per lifecycle stage.
    pub stages: Vec<StageCadence>,
    /// Segment overrides.
    pub segments: Vec<SegmentCadence>,
    /// One entry per care moment.
    pub moments: Vec<MomentSetting>,
}

impl CadenceSettings {
    /// Checks every value; the errors name `stages.<stage>`, `segments.<n>.days`,
    /// `segments.<n>.stage` and `moments.<moment>.days_ahead`.
    pub fn check(&self) -> Result<(), Vec<DomainError>> {
        let mut errs = Vec::new();
        for s in &self.stages {
            let field = format!("stages.{}", s.stage);
            if let Err(e) = cadence::check_stage_days(&field, s.stage, s.days) {
                errs.push(e);
            }
        }
        for (i, s) in self.segments.iter().enumerate() {
            if let Err(e) = cadence::check_stage_days(
                &format!("segments.{i}.stage"),
                s.stage,
                Some(cadence::MIN_DAYS),
            ) {
                errs.push(e);
            }
            if let Err(e) = cadence::check_days(&format!("segments.{i}.days"), s.days) {
                errs.push(e);
            }
        }
        for m in &self.moments {
            let field = format!("moments.{}.days_ahead", m.moment);
            if let Err(e) = cadence::check_days_ahead(&field, m.days_ahead) {
                errs.push(e);
            }
        }
        if errs.is_empty() { Ok(()) } else { Err(errs) }
    }
}

/// Refuses a segment override whose segment does not exist (`segments.<n>.segment_id`) or
/// that repeats an earlier one's segment and stage (`segments.<n>.stage`).
async fn check_segments(tx: &mut Tx<'_>, s: &CadenceSettings) -> Result<(), StoreError> {
    let mut errs = Vec::new();
    for (i, seg) in s.segments.iter().enumerate() {
        let known: Option<(String,)> = sqlx::query_as("SELECT id FROM segments WHERE id = $1")
            .bind(&seg.segment_id)
            .fetch_optional(&mut *tx.tx)
            .await?;
        if known.is_none() {
            errs.push(DomainError::new(
                format!("segments.{i}.segment_id"),
                Code::NoSuch {
                    what: Entity::Segment,
                    id: seg.segment_id.clone(),
                },
            ));
        } else if s.segments[..i]
            .iter()
            .any(|o| o.segment_id == seg.segment_id && o.stage == seg.stage)
        {
            errs.push(DomainError::new(
                format!("segments.{i}.stage"),
                Code::Duplicate {
                    value: seg.stage.as_str().to_string(),
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

/// Rebuilds `contact_cadence_members`: the customers each segment with an override matches
/// now (relative dates from `today`). The cadence run and a change of the settings or of such
/// a segment call it in their transaction; a segment no longer there has no members. Returns
/// how many memberships were written.
pub async fn refresh_members(tx: &mut Tx<'_>, today: NaiveDate) -> Result<u64, StoreError> {
    sqlx::query("DELETE FROM contact_cadence_members")
        .execute(&mut *tx.tx)
        .await?;
    let ids: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT segment_id FROM contact_cadence WHERE segment_id IS NOT NULL ORDER BY segment_id",
    )
    .fetch_all(&mut *tx.tx)
    .await?;
    let mut n = 0;
    for (id,) in ids {
        let seg = match segments::get(tx, &id).await {
            Ok(seg) => seg,
            Err(StoreError::NotFound(_)) => continue,
            Err(e) => return Err(e),
        };
        let filter = seg.parsed_filter()?;
        let mut q =
            Sql::new("INSERT INTO contact_cadence_members (segment_id, customer_id) SELECT ");
        q.bind_text(id.clone())
            .push(", customers.id FROM customers WHERE 1=1");
        filter_conditions(&filter, today, tx.engine(), &mut q);
        n += q.execute_tx(tx).await?;
    }
    Ok(n)
}

impl Store {
    /// The cadence and care-moment settings (every stage and moment listed, in order).
    pub async fn cadence_settings(&self) -> Result<CadenceSettings, StoreError> {
        let rows: Vec<(String, Option<String>, i64)> =
            sqlx::query_as("SELECT stage, segment_id, days FROM contact_cadence")
                .fetch_all(self.pool())
                .await?;
        let stages = LifecycleStage::ALL
            .iter()
            .map(|s| StageCadence {
                stage: *s,
                days: rows
                    .iter()
                    .find(|(st, seg, _)| st == s.as_str() && seg.is_none())
                    .map(|r| r.2),
            })
            .collect();
        let mut segments: Vec<SegmentCadence> = rows
            .iter()
            .filter_map(|(st, seg, d)| {
                Some(SegmentCadence {
                    segment_id: seg.clone()?,
                    stage: LifecycleStage::parse(st).ok()?,
                    days: *d,
                })
            })
            .collect();
        segments.sort_by(|a, b| (&a.segment_id, a.stage).cmp(&(&b.segment_id, b.stage)));
        let ms: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT moment, mode, days_ahead FROM care_moment_settings")
                .fetch_all(self.pool())
                .await?;
        let moments = Moment::ALL
            .iter()
            .map(|m| {
                let row = ms.iter().find(|r| r.0 == m.as_str());
                MomentSetting {
                    moment: *m,
                    mode: row
                        .and_then(|r| MomentMode::parse(&r.1).ok())
                        .unwrap_or(MomentMode::Off),
                    days_ahead: row.map_or(cadence::DEFAULT_DAYS_AHEAD, |r| r.2),
                }
            })
            .collect();
        Ok(CadenceSettings {
            stages,
            segments,
            moments,
        })
    }

    /// Replaces the cadence and care-moment settings (a stage or moment not listed keeps its
    /// value; the segment overrides are replaced as a whole). Invalid values are refused, each
    /// naming its field. Audited (`cadence.settings`).
    pub async fn set_cadence_settings(
        &self,
        actor: &Actor,
        s: &CadenceSettings,
    ) -> Result<CadenceSettings, StoreError> {
        s.check()?;
        let before = self.cadence_settings().await?;
        let mut tx = self.begin().await?;
        check_segments(&mut tx, s).await?;
        for st in &s.stages {
            sqlx::query("DELETE FROM contact_cadence WHERE stage = $1 AND segment_id IS NULL")
                .bind(st.stage.as_str())
                .execute(&mut *tx.tx)
                .await?;
            if let Some(d) = st.days {
                sqlx::query(
                    "INSERT INTO contact_cadence (stage, segment_id, days) VALUES ($1, NULL, $2)",
                )
                .bind(st.stage.as_str())
                .bind(d)
                .execute(&mut *tx.tx)
                .await?;
            }
        }
        sqlx::query("DELETE FROM contact_cadence WHERE segment_id IS NOT NULL")
            .execute(&mut *tx.tx)
            .await?;
        for seg in &s.segments {
            sqlx::query(
                "INSERT INTO contact_cadence (stage, segment_id, days) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(seg.stage.as_str())
            .bind(&seg.segment_id)
            .bind(seg.days)
            .execute(&mut *tx.tx)
            .await?;
        }
        for m in &s.moments {
            sqlx::query(
                "UPDATE care_moment_settings SET mode = $1, days_ahead = $2 WHERE moment = $3",
            )
            .bind(m.mode.as_str())
            .bind(m.days_ahead)
            .bind(m.moment.as_str())
            .execute(&mut *tx.tx)
            .await?;
        }
        refresh_members(&mut tx, chrono::Utc::now().date_naive()).await?;
        audit::append(
            &mut tx,
            actor,
            "cadence.settings",
            "cadence_settings",
            "1",
            &json!(before),
            &json!(s),
        )
        .await?;
        tx.commit().await?;
        self.cadence_settings().await
    }
}
