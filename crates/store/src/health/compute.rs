//! Computing health for many customers at once: per batch of customers (a range of ids, or a
//! list), one grouped query per source — customers (stage, last contact), usage, transactions,
//! open complaints, satisfaction answers — then the pure scoring, then batched upserts of the
//! current rows and of the history rows whose make-up changed (a fingerprint of the score and
//! each signal's rounded share).

use crate::import::placeholders;
use crate::sql::Sql;
use crate::{Store, StoreError};
use carewell_domain::health::{
    Facts, Health, HealthSettings, OpenComplaints, SurveyKind, median, score,
};
use carewell_domain::time::fmt_ts;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::{HashMap, HashSet};

/// Customers per batch of a full run (bounded memory, short write transactions).
const BATCH: i64 = 5_000;

/// History rows older than this many days are pruned by the full run.
pub const HISTORY_DAYS: i64 = 400;

/// Gaps between purchases the usual rhythm is the median of (the most recent ones).
const GAPS: usize = 12;

/// Which customers a computation covers.
#[derive(Debug, Clone, Copy)]
enum Scope<'a> {
    /// Ids from the first to the last, inclusive.
    Range(&'a str, &'a str),
    /// These ids.
    Only(&'a [String]),
}

impl Scope<'_> {
    /// ` AND <col> …` restricting `col` to the scope.
    fn push(&self, q: &mut Sql, col: &str) {
        match self {
            Scope::Range(a, b) => {
                q.push(&format!(" AND {col} >= "))
                    .bind_text(*a)
                    .push(&format!(" AND {col} <= "))
                    .bind_text(*b);
            }
            Scope::Only(ids) => {
                q.push(&format!(" AND {col} IN ("));
                for (i, id) in ids.iter().enumerate() {
                    if i > 0 {
                        q.push(", ");
                    }
                    q.bind_text(id.clone());
                }
                if ids.is_empty() {
                    q.push("NULL");
                }
                q.push(")");
            }
        }
    }
}

/// The calendar day of a stored time (its first ten characters).
fn day_of(ts: &str) -> Option<NaiveDate> {
    ts.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// One customer's result.
struct Scored {
    id: String,
    health: Health,
    fingerprint: String,
}

/// The fingerprint of a score's make-up: the score and each signal's rounded share (or `-`
/// when it has no data). The history gets a row when it changes.
fn fingerprint(h: &Health) -> String {
    let mut s = h.score.to_string();
    for sig in &h.signals {
        s.push(':');
        if sig.counted() {
            s.push_str(&(sig.contribution.round() as i64).to_string());
        } else {
            s.push('-');
        }
    }
    s
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RunOutcome {
    /// Customers scored.
    pub scored: u64,
    /// History rows written (make-up changed).
    pub history: u64,
}

impl Store {
    /// Recomputes every customer's health, a batch at a time, and prunes history older than
    /// [`HISTORY_DAYS`]. Departed customers have none (their current row is removed).
    pub async fn recompute_health_all(&self, at: DateTime<Utc>) -> Result<RunOutcome, StoreError> {
        let settings = self.health_settings().await?;
        let mut out = RunOutcome::default();
        let mut after = String::new();
        loop {
            let ids: Vec<(String,)> =
                sqlx::query_as("SELECT id FROM customers WHERE id > $1 ORDER BY id LIMIT $2")
                    .bind(after.as_str())
                    .bind(BATCH)
                    .fetch_all(self.pool())
                    .await?;
            let (Some((first,)), Some((last,))) = (ids.first(), ids.last()) else {
                break;
            };
            after = last.clone();
            let o = self
                .recompute_in(Scope::Range(first, last), &settings, at)
                .await?;
            out.scored += o.scored;
            out.history += o.history;
        }
        let cutoff = (at - Duration::days(HISTORY_DAYS))
            .format("%Y-%m-%d")
            .to_string();
        sqlx::query("DELETE FROM customer_health_history WHERE day < $1")
            .bind(cutoff)
            .execute(self.pool())
            .await?;
        Ok(out)
    }

    /// Recomputes the health of `ids` (unknown ids are skipped).
    pub async fn recompute_health(
        &self,
        ids: &[String],
        at: DateTime<Utc>,
    ) -> Result<RunOutcome, StoreError> {
        let settings = self.health_settings().await?;
        let mut out = RunOutcome::default();
        for chunk in ids.chunks(500) {
            let o = self.recompute_in(Scope::Only(chunk), &settings, at).await?;
            out.scored += o.scored;
            out.history += o.history;
        }
        Ok(out)
    }

    async fn recompute_in(
        &self,
        scope: Scope<'_>,
        settings: &HealthSettings,
        at: DateTime<Utc>,
    ) -> Result<RunOutcome, StoreError> {
        let facts = self.health_facts(scope, at).await?;
        let mut q = Sql::new("SELECT customer_id, fingerprint FROM customer_health WHERE 1 = 1");
        scope.push(&mut q, "customer_id");
        let old: HashMap<String, String> = q
            .fetch_all::<(String, String)>(self.pool())
            .await?
            .into_iter()
            .collect();
        let scored: Vec<Scored> = facts
            .into_iter()
            .map(|(id, f)| {
                let health = score(&f, settings);
                let fingerprint = fingerprint(&health);
                Scored {
                    id,
                    health,
                    fingerprint,
                }
            })
            .collect();
        let computed_at = fmt_ts(at);
        let day = at.format("%Y-%m-%d").to_string();
        let present: HashSet<&str> = scored.iter().map(|s| s.id.as_str()).collect();
        let gone: Vec<&String> = old
            .keys()
            .filter(|id| !present.contains(id.as_str()))
            .collect();
        let changed: Vec<&Scored> = scored
            .iter()
            .filter(|s| old.get(&s.id) != Some(&s.fingerprint))
            .collect();
        let mut tx = self.begin().await?;
        for chunk in gone.chunks(500) {
            let sql = format!(
                "DELETE FROM customer_health WHERE customer_id IN {}",
                placeholders(self.engine(), 1, chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.as_str());
            }
            q.execute(&mut *tx.tx).await?;
        }
        let mut signals: HashMap<&str, String> = HashMap::with_capacity(scored.len());
        for s in &scored {
            signals.insert(s.id.as_str(), serde_json::to_string(&s.health.signals)?);
        }
        for chunk in scored.chunks(500) {
            let sql = format!(
                "INSERT INTO customer_health (customer_id, score, band, signals, computed_at, fingerprint) \
                 VALUES {} ON CONFLICT (customer_id) DO UPDATE SET score = excluded.score, \
                 band = excluded.band, signals = excluded.signals, computed_at = excluded.computed_at, \
                 fingerprint = excluded.fingerprint",
                placeholders(self.engine(), chunk.len(), 6)
            );
            let mut q = sqlx::query(&sql);
            for s in chunk {
                q = q
                    .bind(s.id.as_str())
                    .bind(i64::from(s.health.score))
                    .bind(s.health.band.as_str())
                    .bind(signals[s.id.as_str()].as_str())
                    .bind(computed_at.as_str())
                    .bind(s.fingerprint.as_str());
            }
            q.execute(&mut *tx.tx).await?;
        }
        for chunk in changed.chunks(500) {
            let sql = format!(
                "INSERT INTO customer_health_history (customer_id, day, score, band, signals) \
                 VALUES {} ON CONFLICT (customer_id, day) DO UPDATE SET score = excluded.score, \
                 band = excluded.band, signals = excluded.signals",
                placeholders(self.engine(), chunk.len(), 5)
            );
            let mut q = sqlx::query(&sql);
            for s in chunk {
                q = q
                    .bind(s.id.as_str())
                    .bind(day.as_str())
                    .bind(i64::from(s.health.score))
                    .bind(s.health.band.as_str())
                    .bind(signals[s.id.as_str()].as_str());
            }
            q.execute(&mut *tx.tx).await?;
        }
        tx.commit().await?;
        Ok(RunOutcome {
            scored: scored.len() as u64,
            history: changed.len() as u64,
        })
    }

    /// The facts of the customers in `scope` who have not departed, in id order.
    async fn health_facts(
        &self,
        scope: Scope<'_>,
        at: DateTime<Utc>,
    ) -> Result<Vec<(String, Facts)>, StoreError> {
        let today = at.date_naive();
        let days_to = |ts: &str| day_of(ts).map(|d| (today - d).num_days());
        let ts = |days: i64| fmt_ts(at - Duration::days(days));
        let now = fmt_ts(at);

        // Customers: the cadence (per stage, or a segment's override: the cadence settings),
        // since when, the last real contact (call, meeting, e-mail, chat, visit).
        let mut q = Sql::new(&format!(
            "SELECT c.id, c.created_at, c.last_touch_at, {} FROM customers c \
             WHERE c.stage <> 'departed'",
            crate::cadence::days_expr("c")
        ));
        scope.push(&mut q, "c.id");
        q.push(" ORDER BY c.id");
        let rows: Vec<(String, String, String, Option<i64>)> = q.fetch_all(self.pool()).await?;
        let mut order = Vec::with_capacity(rows.len());
        let mut facts: HashMap<String, Facts> = HashMap::with_capacity(rows.len());
        for (id, created, last_contact, cadence) in rows {
            let since = if last_contact.is_empty() {
                &created
            } else {
                &last_contact
            };
            let f = Facts {
                cadence_days: cadence,
                days_since_contact: days_to(since).unwrap_or(0),
                ..Facts::default()
            };
            order.push(id.clone());
            facts.insert(id, f);
        }
        if order.is_empty() {
            return Ok(Vec::new());
        }

        // Usage: the last 30 days and the 90 before.
        let mut q = Sql::new("SELECT customer_id, SUM(CASE WHEN occurred_at >= ");
        q.bind_text(ts(30))
            .push(" THEN quantity ELSE 0.0 END), SUM(CASE WHEN occurred_at < ")
            .bind_text(ts(30))
            .push(" THEN quantity ELSE 0.0 END) FROM usage_events WHERE occurred_at >= ")
            .bind_text(ts(120))
            .push(" AND occurred_at <= ")
            .bind_text(now.clone());
        scope.push(&mut q, "customer_id");
        q.push(" GROUP BY customer_id");
        for (id, recent, prior) in q.fetch_all::<(String, f64, f64)>(self.pool()).await? {
            if let Some(f) = facts.get_mut(&id) {
                f.usage_30d = recent;
                f.usage_prior_90d = prior;
            }
        }

        // Transactions of the last two years: purchases (the rhythm) and refunds.
        let mut q = Sql::new(
            "SELECT customer_id, occurred_at, CASE WHEN amount_minor < 0 THEN 1 ELSE 0 END \
             FROM transactions WHERE occurred_at >= ",
        );
        q.bind_text(ts(730))
            .push(" AND occurred_at <= ")
            .bind_text(now.clone());
        scope.push(&mut q, "customer_id");
        q.push(" ORDER BY customer_id, occurred_at");
        let rows: Vec<(String, String, i64)> = q.fetch_all(self.pool()).await?;
        let mut i = 0;
        while i < rows.len() {
            let id = &rows[i].0;
            let mut j = i;
            let mut purchases: Vec<NaiveDate> = Vec::new();
            let mut refunds = 0u32;
            while j < rows.len() && &rows[j].0 == id {
                let (_, when, refund) = &rows[j];
                if let Some(d) = day_of(when) {
                    if *refund == 1 {
                        if (today - d).num_days() <= 90 {
                            refunds += 1;
                        }
                    } else if purchases.last() != Some(&d) {
                        purchases.push(d);
                    }
                }
                j += 1;
            }
            if let Some(f) = facts.get_mut(id) {
                f.has_transactions = true;
                f.refunds_90d = refunds;
                f.days_since_purchase = purchases.last().map(|d| (today - *d).num_days());
                let mut gaps: Vec<i64> = purchases
                    .windows(2)
                    .map(|w| (w[1] - w[0]).num_days())
                    .collect();
                let keep = gaps.len().saturating_sub(GAPS);
                f.median_gap_days = median(&mut gaps[keep..]);
            }
            i = j;
        }

        // Open complaints (not yet resolved) by severity, and those past their SLA deadline.
        let mut q = Sql::new(
            "SELECT customer_id, severity, COUNT(*), SUM(CASE WHEN sla_due_at IS NOT NULL AND sla_due_at < ",
        );
        q.bind_text(now.clone()).push(
            " THEN 1 ELSE 0 END) FROM complaints \
             WHERE status NOT IN ('resolved', 'followed-up', 'closed')",
        );
        scope.push(&mut q, "customer_id");
        q.push(" GROUP BY customer_id, severity");
        for (id, sev, n, breached) in q
            .fetch_all::<(String, String, i64, i64)>(self.pool())
            .await?
        {
            if let Some(f) = facts.get_mut(&id) {
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                let c: &mut OpenComplaints = &mut f.complaints;
                match sev.as_str() {
                    "critical" => c.critical = c.critical.saturating_add(n),
                    "high" => c.high = c.high.saturating_add(n),
                    "medium" => c.medium = c.medium.saturating_add(n),
                    _ => c.low = c.low.saturating_add(n),
                }
                c.breached = c
                    .breached
                    .saturating_add(u32::try_from(breached).unwrap_or(u32::MAX));
            }
        }

        // The latest survey answer (NPS, CSAT, CES; the complaint satisfaction question is a
        // CSAT answer tied to its complaint).
        let mut q = Sql::new(
            "SELECT customer_id, kind, score, answered_at, \
             CASE WHEN complaint_id IS NULL THEN 0 ELSE 1 END FROM survey_responses WHERE 1=1",
        );
        scope.push(&mut q, "customer_id");
        let mut latest: HashMap<String, (String, SurveyKind, i64)> = HashMap::new();
        for (id, kind, sc, when, complaint) in q
            .fetch_all::<(String, String, i64, String, i64)>(self.pool())
            .await?
        {
            let kind = match (kind.as_str(), complaint) {
                (_, 1) => SurveyKind::Complaint,
                ("nps", _) => SurveyKind::Nps,
                ("ces", _) => SurveyKind::Ces,
                _ => SurveyKind::Csat,
            };
            let e = latest
                .entry(id)
                .or_insert_with(|| (String::new(), kind, sc));
            if when >= e.0 {
                *e = (when, kind, sc);
            }
        }
        for (id, (_, kind, sc)) in latest {
            if let Some(f) = facts.get_mut(&id) {
                f.satisfaction = Some((kind, sc));
            }
        }

        Ok(order
            .into_iter()
            .filter_map(|id| facts.remove(&id).map(|f| (id, f)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carewell_domain::health::{HealthSettings, OpenComplaints};

    #[test]
    fn fingerprint_changes_with_make_up() {
        let s = HealthSettings::default();
        let a = score(&Facts::default(), &s);
        let f = Facts {
            complaints: OpenComplaints {
                high: 1,
                ..OpenComplaints::default()
            },
            ..Facts::default()
        };
        let b = score(&f, &s);
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_eq!(
            day_of("2026-03-04T05:06:07.000000Z"),
            NaiveDate::from_ymd_opt(2026, 3, 4)
        );
    }
}
