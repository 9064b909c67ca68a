//! The ranked list, precomputed. `client_fit_scores` holds each customer's assessment with a
//! rank key (most problems, then heaviest, as one ascending string); the triggers of
//! migration 0016 log every customer whose facts change in `client_fit_dirty`.
//!
//! [`Store::refresh_changed_client_fit`] rescores the logged customers — inline, before the
//! list is read, when few changed; [`Store::rescore_client_fit`] rescores everyone, a batch of
//! customers at a time (the `client_fit.refresh` job: when many changed, `*` was logged by a
//! bulk load or a settings change, and daily, as the 6-, 12- and 24-month windows move on).
//! The list is then an index range scan, paged by a cursor (the last row's customer id).
//!
//! The log protocol: read entries, delete exactly those, then rescore their customers. A
//! write committed before the delete is seen by the rescoring (it starts after); a later one
//! logs its customer again. If the rescoring fails, its customers are logged again.

use super::{FitRow, FlaggedReason, Scope};
use crate::import::placeholders;
use crate::sql::Sql;
use crate::{Clearance, Store, StoreError};
use carewell_domain::client_fit::{Likelihood, Recommendation};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Changed customers the list rescores itself before answering; more are left to the job.
pub const INLINE_REFRESH_MAX: usize = 500;

/// Customers rescored per batch of a full run (bounded memory, short write transactions).
const RESCORE_BATCH: usize = 5_000;

/// The log entry meaning "every customer".
const EVERYONE: &str = "*";

/// One ascending key for "most problems first, then the heaviest".
pub fn rank_key(problems: usize, weight: u32) -> String {
    format!("{:04}{:010}", 9999 - problems.min(9999), u32::MAX - weight)
}

/// The columns the ranked list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FitSort {
    /// Most problems first, then the heaviest (the ranking; ascending `rank_key`).
    #[default]
    Problems,
    /// The customer's name.
    Customer,
    /// The recommendation (keep, part-ways, watch by name), then the ranking.
    Recommendation,
}

impl FitSort {
    /// The key columns, in order (the customer id breaks ties), each backed by an index.
    fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Problems => &["rank_key", "name", "customer_id"],
            Self::Customer => &["name", "customer_id"],
            Self::Recommendation => &["recommendation", "rank_key", "name", "customer_id"],
        }
    }
}

/// What the list asks for.
#[derive(Debug, Clone, Default)]
pub struct RankQuery {
    /// The order (the ranking by default).
    pub sort: FitSort,
    /// Descending (fewest problems first, names Z–A, …).
    pub desc: bool,
    /// Only this recommendation.
    pub recommendation: Option<Recommendation>,
    /// Only customers with at least this many problems.
    pub min_problems: usize,
    /// The page starts after this customer (the previous page's `next`).
    pub after: Option<String>,
    /// Rows to skip (after the cursor, if any).
    pub offset: i64,
    /// Page size.
    pub limit: i64,
}

/// One page of the ranked list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedPage {
    /// The customers, most problems first.
    pub items: Vec<FitRow>,
    /// Matches in all (at most [`crate::sql::COUNT_CAP`] when `capped`).
    pub total: i64,
    /// More than `total` match.
    pub capped: bool,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
    /// Customers whose changes the ranking does not show yet (the refresh job is queued).
    pub pending: u64,
}

type ScoreRow = (
    String,
    String,
    String,
    i64,
    i64,
    i64,
    String,
    String,
    String,
    String,
);

impl Store {
    /// Rescores the customers logged as changed when there are at most `max` of them (and no
    /// `*`): `Some(count)`. `None` leaves the log alone: the job's work.
    pub async fn refresh_changed_client_fit(
        &self,
        at: DateTime<Utc>,
        max: usize,
    ) -> Result<Option<u64>, StoreError> {
        let limit = (max * 4 + 1) as i64;
        let log: Vec<(i64, String)> =
            sqlx::query_as("SELECT seq, customer_id FROM client_fit_dirty ORDER BY seq LIMIT $1")
                .bind(limit)
                .fetch_all(self.pool())
                .await?;
        if log.is_empty() {
            return Ok(Some(0));
        }
        let ids: BTreeSet<&str> = log.iter().map(|(_, c)| c.as_str()).collect();
        if ids.contains(EVERYONE) {
            // Everyone: done here only when everyone is few.
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM (SELECT 1 FROM customers LIMIT $1) c")
                    .bind(max as i64 + 1)
                    .fetch_one(self.pool())
                    .await?;
            return Ok(if n as usize <= max {
                Some(self.rescore_client_fit(at).await?)
            } else {
                None
            });
        }
        if log.len() as i64 == limit || ids.len() > max {
            return Ok(None);
        }
        let seqs: Vec<i64> = log.iter().map(|(s, _)| *s).collect();
        for chunk in seqs.chunks(500) {
            let sql = format!(
                "DELETE FROM client_fit_dirty WHERE seq IN {}",
                placeholders(self.engine(), 1, chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for s in chunk {
                q = q.bind(*s);
            }
            q.execute(self.pool()).await?;
        }
        let ids: Vec<String> = ids.into_iter().map(str::to_string).collect();
        if let Err(e) = self.rescore(at, Scope::Only(&ids)).await {
            self.log_changed(&ids).await?;
            return Err(e);
        }
        Ok(Some(ids.len() as u64))
    }

    /// Rescores every customer, a batch at a time; returns how many were scored.
    pub async fn rescore_client_fit(&self, at: DateTime<Utc>) -> Result<u64, StoreError> {
        let (max,): (Option<i64>,) = sqlx::query_as("SELECT MAX(seq) FROM client_fit_dirty")
            .fetch_one(self.pool())
            .await?;
        if let Some(max) = max {
            sqlx::query("DELETE FROM client_fit_dirty WHERE seq <= $1")
                .bind(max)
                .execute(self.pool())
                .await?;
        }
        match self.rescore_everyone(at).await {
            Ok(n) => Ok(n),
            Err(e) => {
                self.log_changed(&[EVERYONE.to_string()]).await?;
                Err(e)
            }
        }
    }

    async fn rescore_everyone(&self, at: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut after = String::new();
        let mut scored = 0u64;
        loop {
            let ids: Vec<(String,)> =
                sqlx::query_as("SELECT id FROM customers WHERE id > $1 ORDER BY id LIMIT $2")
                    .bind(after.as_str())
                    .bind(RESCORE_BATCH as i64)
                    .fetch_all(self.pool())
                    .await?;
            let (Some((first,)), Some((last,))) = (ids.first(), ids.last()) else {
                break;
            };
            after = last.clone();
            // A range of ids: the grouped queries read it from the customer_id indexes.
            let range = [first.clone(), last.clone()];
            scored += self.rescore(at, Scope::Range(&range)).await?;
        }
        // Scores of customers who are gone (a deleted customer's went with it; this catches
        // rows written for a customer deleted meanwhile).
        sqlx::query(
            "DELETE FROM client_fit_scores WHERE customer_id NOT IN (SELECT id FROM customers)",
        )
        .execute(self.pool())
        .await?;
        Ok(scored)
    }

    /// Logs `ids` as changed (`*` for everyone), e.g. after the cost settings changed.
    pub(crate) async fn log_changed(&self, ids: &[String]) -> Result<(), StoreError> {
        for chunk in ids.chunks(500) {
            let sql = format!(
                "INSERT INTO client_fit_dirty (customer_id) VALUES {}",
                placeholders(self.engine(), chunk.len(), 1)
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.as_str());
            }
            q.execute(self.pool()).await?;
        }
        Ok(())
    }

    /// Writes the scores of the customers in `scope` (those who departed or are gone lose
    /// theirs). Upserts, so two readers rescoring the same customers at once both succeed.
    async fn rescore(&self, at: DateTime<Utc>, scope: Scope<'_>) -> Result<u64, StoreError> {
        let rows = self.assessed_in(Clearance::SYSTEM, scope, at).await?;
        let computed_at = carewell_domain::time::fmt_ts(at);
        let mut tx = self.begin().await?;
        let sql = format!(
            "SELECT customer_id FROM client_fit_scores WHERE 1 = 1{}",
            super::only("customer_id", 1, scope)
        );
        let mut q = sqlx::query_as::<_, (String,)>(&sql);
        for id in scope.ids() {
            q = q.bind(id.as_str());
        }
        let scored: HashSet<&str> = rows.iter().map(|r| r.customer_id.as_str()).collect();
        let gone: Vec<String> = q
            .fetch_all(&mut *tx.tx)
            .await?
            .into_iter()
            .map(|r| r.0)
            .filter(|id| !scored.contains(id.as_str()))
            .collect();
        for chunk in gone.chunks(500) {
            let sql = format!(
                "DELETE FROM client_fit_scores WHERE customer_id IN {}",
                placeholders(self.engine(), 1, chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.as_str());
            }
            q.execute(&mut *tx.tx).await?;
        }
        for chunk in rows.chunks(40) {
            let sql = format!(
                "INSERT INTO client_fit_scores (customer_id, rank_key, name, stage, problems, serious, \
                 weight, flagged, likelihood, recommendation, computed_at, data_status) VALUES {} \
                 ON CONFLICT (customer_id) DO UPDATE SET rank_key = excluded.rank_key, \
                 name = excluded.name, stage = excluded.stage, problems = excluded.problems, \
                 serious = excluded.serious, weight = excluded.weight, flagged = excluded.flagged, \
                 likelihood = excluded.likelihood, recommendation = excluded.recommendation, \
                 computed_at = excluded.computed_at, data_status = excluded.data_status",
                placeholders(self.engine(), chunk.len(), 12)
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(r.customer_id.as_str())
                    .bind(rank_key(r.problems, r.weight))
                    .bind(r.name.as_str())
                    .bind(r.stage.as_str())
                    .bind(r.problems as i64)
                    .bind(r.serious as i64)
                    .bind(i64::from(r.weight))
                    .bind(serde_json::to_string(&r.flagged)?)
                    .bind(r.likelihood.as_str())
                    .bind(r.recommendation.as_str())
                    .bind(computed_at.as_str())
                    .bind(r.data.as_str());
            }
            q.execute(&mut *tx.tx).await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }

    /// One page of the ranked list, after rescoring the customers changed since (when few
    /// did). For readers without clearance, customers under a running retention hold are left
    /// out (their assessment rests on held records).
    pub async fn client_fit_ranked(
        &self,
        who: Clearance,
        q: &RankQuery,
        at: DateTime<Utc>,
    ) -> Result<RankedPage, StoreError> {
        let pending = match self
            .refresh_changed_client_fit(at, INLINE_REFRESH_MAX)
            .await?
        {
            Some(_) => 0,
            None => {
                crate::jobs::kinds::ClientFitRefresh::queue_now(self).await?;
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM client_fit_dirty LIMIT 100001) d",
                )
                .fetch_one(self.pool())
                .await?;
                n.max(0) as u64
            }
        };
        let filter = |sql: &mut Sql| {
            sql.push(" FROM client_fit_scores s WHERE ")
                .push(&crate::clearance::not_held(who, "s.customer_id"));
            if let Some(r) = q.recommendation {
                sql.push(" AND s.recommendation = ").bind_text(r.as_str());
            }
            if q.min_problems > 0 {
                // problems ≥ k ⇔ the key's first four digits ≤ 9999 − k.
                let bound = format!("{:04}", 9999 - q.min_problems.min(9999) + 1);
                sql.push(" AND s.rank_key < ").bind_text(bound);
            }
        };
        let mut count = Sql::new("SELECT COUNT(*) FROM (SELECT 1");
        filter(&mut count);
        count.close_capped_count();
        let (total,): (i64,) = count.fetch_one(self.pool()).await?;
        let mut page = Sql::new(
            "SELECT s.customer_id, s.name, s.stage, s.problems, s.serious, s.weight, s.flagged, \
             s.likelihood, s.recommendation, s.data_status",
        );
        filter(&mut page);
        let cols = q.sort.columns();
        let tuple = |prefix: &str| {
            cols.iter()
                .map(|c| format!("{prefix}{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(after) = &q.after {
            // The cursor row's position in the sort, bound as values so the page is an index
            // seek. A cursor whose row is gone (the customer departed) ends the walk.
            let at: Option<(String, String, String, String)> = sqlx::query_as(
                "SELECT rank_key, name, recommendation, customer_id FROM client_fit_scores \
                 WHERE customer_id = $1",
            )
            .bind(after.as_str())
            .fetch_optional(self.pool())
            .await?;
            if let Some((rank, name, rec, id)) = at {
                page.push(&format!(
                    " AND ({}) {} (",
                    tuple("s."),
                    if q.desc { "<" } else { ">" }
                ));
                for (i, c) in cols.iter().enumerate() {
                    if i > 0 {
                        page.push(", ");
                    }
                    page.bind_text(match *c {
                        "rank_key" => rank.clone(),
                        "name" => name.clone(),
                        "recommendation" => rec.clone(),
                        _ => id.clone(),
                    });
                }
                page.push(")");
            } else {
                page.push(" AND 1 = 0");
            }
        }
        let limit = q.limit.clamp(1, 500);
        let dir = if q.desc { " DESC" } else { "" };
        let order = cols
            .iter()
            .map(|c| format!("s.{c}{dir}"))
            .collect::<Vec<_>>()
            .join(", ");
        page.push(&format!(" ORDER BY {order} LIMIT "))
            .bind_int(limit + 1)
            .push(" OFFSET ")
            .bind_int(q.offset.max(0));
        let mut rows: Vec<ScoreRow> = page.fetch_all(self.pool()).await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let mut items = rows
            .into_iter()
            .map(to_row)
            .collect::<Result<Vec<_>, _>>()?;
        self.with_decisions(&mut items).await?;
        let (total, capped) = crate::sql::capped(total);
        Ok(RankedPage {
            next: more
                .then(|| items.last().map(|r| r.customer_id.clone()))
                .flatten(),
            items,
            total,
            capped,
            pending,
        })
    }

    /// Fills in the latest decision of each row.
    async fn with_decisions(&self, rows: &mut [FitRow]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "SELECT customer_id, decision, created_at FROM client_fit_decisions \
             WHERE customer_id IN {} ORDER BY created_at, id",
            placeholders(self.engine(), 1, rows.len())
        );
        let mut q = sqlx::query_as::<_, (String, String, String)>(&sql);
        for r in rows.iter() {
            q = q.bind(r.customer_id.as_str());
        }
        let mut latest: HashMap<String, (Recommendation, String)> = HashMap::new();
        for (id, d, at) in q.fetch_all(self.pool()).await? {
            if let Ok(d) = Recommendation::parse(&d) {
                latest.insert(id, (d, at));
            }
        }
        for r in rows {
            if let Some((d, at)) = latest.remove(&r.customer_id) {
                r.decision = Some(d);
                r.decided_at = Some(at);
            }
        }
        Ok(())
    }
}

fn to_row(
    (
        customer_id,
        name,
        stage,
        problems,
        serious,
        weight,
        flagged,
        likelihood,
        recommendation,
        data,
    ): ScoreRow,
) -> Result<FitRow, StoreError> {
    let corrupt = |e: String| StoreError::Corrupt(format!("client_fit_scores {customer_id}: {e}"));
    let flagged: Vec<FlaggedReason> =
        serde_json::from_str(&flagged).map_err(|e| corrupt(e.to_string()))?;
    Ok(FitRow {
        problems: usize::try_from(problems).unwrap_or(0),
        serious: usize::try_from(serious).unwrap_or(0),
        weight: u32::try_from(weight).unwrap_or(0),
        flagged,
        likelihood: Likelihood::parse(&likelihood).map_err(|e| corrupt(e.to_string()))?,
        recommendation: Recommendation::parse(&recommendation)
            .map_err(|e| corrupt(e.to_string()))?,
        decision: None,
        decided_at: None,
        data: carewell_domain::client_fit::DataSufficiency::parse(&data)
            .map_err(|e| corrupt(e.to_string()))?,
        customer_id,
        name,
        stage,
    })
}

#[cfg(test)]
mod tests {
    use super::rank_key;

    #[test]
    fn rank_key_orders_most_problems_then_heaviest() {
        let mut keys = [
            (rank_key(0, 0), "none"),
            (rank_key(2, 5), "two light"),
            (rank_key(2, 90), "two heavy"),
            (rank_key(3, 1), "three"),
            (rank_key(12_000, u32::MAX), "absurd"),
        ];
        keys.sort();
        let order: Vec<&str> = keys.iter().map(|k| k.1).collect();
        assert_eq!(order, ["absurd", "three", "two heavy", "two light", "none"]);
    }
}
