//! Contact cadence and care moments (issue 15): how many days may pass without contact per
//! lifecycle stage (and per segment within a stage), the daily run that gives each forgotten
//! customer's owner one `contact-due` task per period, and birthdays and anniversaries that
//! become a `care-moment` task or a warm message, once a year each.
//!
//! "Contact" is an interaction of a kind in [`carewell_domain::cadence::CONTACT_KINDS`]; its
//! newest time is `customers.last_touch_at`, kept by triggers (migration 0025). Segment
//! overrides read `contact_cadence_members`, the members of the segments that have one as of
//! the last run or change of the settings or of such a segment ([`refresh_members`]).

mod moments;
mod run;
mod settings;

pub use moments::{CareMoment, CareRun, care_moments_run};
pub use run::{ContactRun, contact_due_run};
pub use settings::{CadenceSettings, MomentSetting, SegmentCadence, StageCadence, refresh_members};

use crate::{Actor, StoreError, Tx, audit, now};
use carewell_domain::Entity;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use utoipa::ToSchema;

/// The task kind of a forgotten customer's reminder.
pub const CONTACT_DUE: &str = "contact-due";
/// The task kind of a birthday or anniversary.
pub const CARE_MOMENT: &str = "care-moment";

/// An SQL expression giving the cadence in days of the customer row aliased `c` (a column
/// alias chosen by the caller, never input), or NULL when the customer has none: the smallest
/// override of a segment the customer belongs to for their stage, else the stage's default.
/// For set-based readers (the health run).
pub fn days_expr(c: &str) -> String {
    format!(
        "COALESCE((SELECT MIN(o.days) FROM contact_cadence_members m \
         JOIN contact_cadence o ON o.segment_id = m.segment_id \
         WHERE m.customer_id = {c}.id AND o.stage = {c}.stage), \
         (SELECT k.days FROM contact_cadence k WHERE k.stage = {c}.stage AND k.segment_id IS NULL))"
    )
}

/// The cadence in days of one customer (`None`: no cadence, e.g. a departed customer);
/// [`StoreError::NotFound`] for an unknown customer.
pub async fn days_for(tx: &mut Tx<'_>, customer_id: &str) -> Result<Option<i64>, StoreError> {
    let row: Option<(Option<i64>,)> = sqlx::query_as(&format!(
        "SELECT {} FROM customers c WHERE c.id = $1",
        days_expr("c")
    ))
    .bind(customer_id)
    .fetch_optional(&mut *tx.tx)
    .await?;
    row.map(|(d,)| d)
        .ok_or(StoreError::NotFound(Entity::Customer))
}

/// The cadence in days of many customers at once (in chunks): customers without a cadence and
/// unknown ids are absent from the map.
pub async fn days_for_many(
    tx: &mut Tx<'_>,
    customer_ids: &[String],
) -> Result<HashMap<String, i64>, StoreError> {
    let mut out = HashMap::with_capacity(customer_ids.len());
    for chunk in customer_ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT c.id, {} AS days FROM customers c WHERE c.id IN ({})",
            days_expr("c"),
            marks.join(", ")
        );
        let mut q = sqlx::query_as::<_, (String, Option<i64>)>(&sql);
        for id in chunk {
            q = q.bind(id.as_str());
        }
        let rows = q.fetch_all(&mut *tx.tx).await?;
        out.extend(rows.into_iter().filter_map(|(id, d)| Some((id, d?))));
    }
    Ok(out)
}

/// One customer's contact rhythm, for the customer page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CustomerCadence {
    /// Days between contacts; `None`: no cadence for this customer.
    pub days: Option<i64>,
    /// The newest real contact (UTC), if any.
    pub last_contact_at: Option<String>,
    /// The day from which the customer counts as forgotten (`YYYY-MM-DD`, UTC); `None` without
    /// a cadence.
    pub next_due: Option<String>,
}

impl crate::Store {
    /// The cadence line of one customer; [`StoreError::NotFound`] for an unknown customer.
    pub async fn customer_cadence(&self, customer_id: &str) -> Result<CustomerCadence, StoreError> {
        let row: Option<(Option<i64>, String, String)> = sqlx::query_as(&format!(
            "SELECT {}, c.last_touch_at, c.created_at FROM customers c WHERE c.id = $1",
            days_expr("c")
        ))
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|(days, last, created)| cadence_of(days, last, &created))
            .ok_or(StoreError::NotFound(Entity::Customer))
    }
}

fn cadence_of(days: Option<i64>, last: String, created: &str) -> CustomerCadence {
    let base = if last.is_empty() { created } else { &last };
    let next_due = days.and_then(|d| {
        let day = chrono::NaiveDate::parse_from_str(base.get(..10)?, "%Y-%m-%d").ok()?;
        Some((day + chrono::Duration::days(d + 1)).to_string())
    });
    CustomerCadence {
        days,
        last_contact_at: (!last.is_empty()).then_some(last),
        next_due,
    }
}

/// A contact was logged with `customer_id`: their open `contact-due` tasks are done (each
/// audited as `task.complete` by `actor`). Returns how many. Called in the interaction's
/// transaction for the contact kinds; the daily run also closes what imports left open.
pub async fn contact_logged(
    tx: &mut Tx<'_>,
    actor: &Actor,
    customer_id: &str,
) -> Result<u64, StoreError> {
    let open: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, due_at FROM tasks WHERE customer_id = $1 AND kind = $2 AND done_at IS NULL",
    )
    .bind(customer_id)
    .bind(CONTACT_DUE)
    .fetch_all(&mut *tx.tx)
    .await?;
    let at = now();
    let mut n = 0;
    for (id, _) in open {
        n += sqlx::query("UPDATE tasks SET done_at = $1 WHERE id = $2 AND done_at IS NULL")
            .bind(&at)
            .bind(&id)
            .execute(&mut *tx.tx)
            .await?
            .rows_affected();
        audit::append(
            tx,
            actor,
            "task.complete",
            "task",
            &id,
            &json!({ "done_at": null }),
            &json!({ "done_at": at, "reason": "contact-logged" }),
        )
        .await?;
    }
    Ok(n)
}

/// The periodic cadence run: [`contact_due_run`] and [`care_moments_run`] (its handler is in
/// the app's `cadence::jobs`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CadenceRun {}

impl crate::jobs::JobPayload for CadenceRun {
    const KIND: &'static str = "cadence.run";
    fn unique_key(&self) -> Option<String> {
        None
    }
}
