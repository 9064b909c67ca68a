//! One timeline per customer: every dated fact, newest first. Later capabilities (complaints,
//! surveys, offboarding) add a branch to [`TIMELINE_SQL`].

use crate::clearance::{self, Clearance};
use crate::{Store, StoreError};
use serde::Serialize;
use utoipa::ToSchema;

/// One dated fact on a customer's timeline.
#[derive(Debug, Clone, Serialize, PartialEq, sqlx::FromRow, ToSchema)]
pub struct TimelineItem {
    /// What kind of fact: `interaction`, `transaction`, `contract`, `usage`.
    pub kind: String,
    /// Id of the fact.
    pub id: String,
    /// When (UTC).
    pub at: String,
    /// Short title (interaction kind, amount, plan, event).
    pub title: String,
    /// Longer text, if any.
    pub detail: Option<String>,
    /// Amount in minor units, for money facts.
    pub amount_minor: Option<i64>,
    /// Currency, for money facts.
    pub currency: Option<String>,
}

/// The timeline's union; `{held}` is the hold condition for the three holdable tables.
const TIMELINE_SQL: &str = "
SELECT 'interaction' AS kind, id, occurred_at AS at, kind AS title, summary AS detail,
       CAST(NULL AS BIGINT) AS amount_minor, CAST(NULL AS TEXT) AS currency
  FROM interactions WHERE customer_id = $1
UNION ALL
SELECT 'transaction', id, occurred_at, COALESCE(description, 'transaction'), NULL, amount_minor, currency
  FROM transactions WHERE customer_id = $1 AND {held}
UNION ALL
SELECT 'contract', id, start_date || 'T00:00:00.000000Z', name, renewal, value_minor, currency
  FROM contracts WHERE customer_id = $1 AND {held}
UNION ALL
SELECT 'usage', id, occurred_at, event, CAST(quantity AS TEXT), NULL, NULL
  FROM usage_events WHERE customer_id = $1
UNION ALL
SELECT 'complaint', id, created_at, subject, status, NULL, NULL
  FROM complaints WHERE customer_id = $1
UNION ALL
SELECT 'compensation', id, created_at, kind, reason, amount_minor, currency
  FROM ledger_entries WHERE customer_id = $1 AND {held}
ORDER BY at DESC, id DESC
LIMIT $2 OFFSET $3";

impl Store {
    /// A page of the customer's timeline, newest first. For readers without clearance the
    /// transactions, contracts and compensation of a customer under a running retention hold
    /// are left out (before paging, so pages stay full).
    pub async fn timeline(
        &self,
        who: Clearance,
        customer_id: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<TimelineItem>, StoreError> {
        let sql = TIMELINE_SQL.replace("{held}", &clearance::not_held(who, "$1"));
        Ok(sqlx::query_as(&sql)
            .bind(customer_id)
            .bind(limit.clamp(1, 1000))
            .bind(offset.max(0))
            .fetch_all(self.pool())
            .await?)
    }
}
