//! What a run reads: one streamed pass over the transactions (ordered by customer and time,
//! the `transactions_customer` index) folded into a few numbers per customer — purchase days up
//! to the calibration end and up to the holdout cut, repeat spend — and, per batch of customers,
//! the live signals of the risk score (contracts, complaints, usage).
//!
//! A purchase is a transaction with a non-negative amount; purchases on the same UTC day are
//! one (as the predict CLI's log summary with daily periods). Refunds are not purchases.
//! Spend counts the run currency only (the most common one); other currencies still count as
//! purchases.

use crate::sql::Sql;
use crate::{Store, StoreError};
use carewell_domain::retention::Signals;
use carewell_domain::time::fmt_ts;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use futures_util::TryStreamExt;
use std::collections::{HashMap, HashSet};

/// One customer's purchases, folded. Days are days since 1970-01-01 (UTC).
#[derive(Debug, Clone, PartialEq)]
pub struct PurchaseFacts {
    /// The customer.
    pub customer_id: String,
    /// First purchase day.
    pub first: i64,
    /// Last purchase day up to the calibration end.
    pub last: i64,
    /// Distinct purchase days up to the calibration end.
    pub days: u32,
    /// Spend of the repeat purchase days (all but the first), run currency, minor units.
    pub repeat_minor: i64,
    /// Last purchase day up to the holdout cut (when the first is on or before it).
    pub cut_last: i64,
    /// Distinct purchase days up to the cut (0 when the first is after it).
    pub cut_days: u32,
    /// Distinct purchase days after the cut, up to the end.
    pub holdout_days: u32,
}

/// Everything a run reads from the transactions.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Customers with purchases, sorted by id (byte order).
    pub customers: Vec<PurchaseFacts>,
    /// The run currency (the most common one among the purchases), if any.
    pub currency: Option<String>,
    /// Minor units per major unit of the run currency.
    pub minor_per_major: f64,
}

impl Facts {
    /// The facts of `id`, if they bought.
    pub fn get(&self, id: &str) -> Option<&PurchaseFacts> {
        self.customers
            .binary_search_by(|f| f.customer_id.as_str().cmp(id))
            .ok()
            .map(|i| &self.customers[i])
    }
}

/// Day number of a stored timestamp (`YYYY-MM-DD…`).
fn day_number(ts: &str) -> Option<i64> {
    let b = ts.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let d = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    Some(
        d.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1)?)
            .num_days(),
    )
}

/// Day number of a date.
pub fn day_of_date(d: NaiveDate) -> i64 {
    d.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(d))
        .num_days()
}

/// SQL condition (after `AND`): the customer in `col` was not erased.
pub(crate) fn not_erased(col: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM offboarding_cases oe WHERE oe.customer_id = {col} AND oe.erased_at IS NOT NULL)"
    )
}

impl Store {
    /// Reads every purchase up to `end` (inclusive) of the customers not erased, folded per
    /// customer; `cut` is the holdout cut (none: no holdout).
    pub async fn purchase_facts(
        &self,
        end: NaiveDate,
        cut: Option<NaiveDate>,
    ) -> Result<Facts, StoreError> {
        let end_excl = end.succ_opt().unwrap_or(end).format("%Y-%m-%d").to_string();
        let (currency,): (Option<String>,) = sqlx::query_as(
            "SELECT currency FROM transactions WHERE amount_minor >= 0 AND occurred_at < $1 \
             GROUP BY currency ORDER BY COUNT(*) DESC, currency LIMIT 1",
        )
        .bind(&end_excl)
        .fetch_optional(self.pool())
        .await?
        .unwrap_or((None,));
        let erased: HashSet<String> = sqlx::query_as::<_, (String,)>(
            "SELECT DISTINCT customer_id FROM offboarding_cases WHERE erased_at IS NOT NULL",
        )
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|(id,)| id)
        .collect();
        let end_day = day_of_date(end);
        let cut_day = cut.map_or(i64::MIN, day_of_date);
        let run_currency = currency.clone().unwrap_or_default();

        let mut out: Vec<PurchaseFacts> = Vec::new();
        // The open customer and the spend of its open day.
        let mut cur: Option<PurchaseFacts> = None;
        let mut day_spend: i64 = 0;
        let close_day = |f: &mut PurchaseFacts, spend: i64| {
            if f.days > 1 {
                f.repeat_minor = f.repeat_minor.saturating_add(spend);
            }
        };
        // Only what the fold needs, as few bytes a row as possible (the date, the spend in the run
        // currency): each row crosses the driver, and at 10,000,000 rows that is the read's cost.
        let mut rows = sqlx::query_as::<_, (String, String, i64)>(
            "SELECT customer_id, substr(occurred_at, 1, 10), \
             CASE WHEN currency = $2 THEN amount_minor ELSE 0 END FROM transactions \
             WHERE amount_minor >= 0 AND occurred_at < $1 ORDER BY customer_id, occurred_at",
        )
        .bind(&end_excl)
        .bind(&run_currency)
        .fetch(self.pool());
        while let Some((cid, at, spend)) = rows.try_next().await? {
            let Some(day) = day_number(&at) else { continue };
            if day > end_day {
                continue;
            }
            match cur.as_mut() {
                Some(f) if f.customer_id == cid => {
                    if day != f.last {
                        close_day(f, day_spend);
                        day_spend = 0;
                        f.last = day;
                        f.days += 1;
                        if day <= cut_day {
                            f.cut_last = day;
                            f.cut_days += 1;
                        } else {
                            f.holdout_days += 1;
                        }
                    }
                    day_spend = day_spend.saturating_add(spend);
                }
                _ => {
                    if let Some(mut f) = cur.take() {
                        close_day(&mut f, day_spend);
                        out.push(f);
                    }
                    day_spend = spend;
                    if erased.contains(&cid) {
                        // Left out: each of their rows lands here and is skipped.
                        continue;
                    }
                    let before_cut = day <= cut_day;
                    cur = Some(PurchaseFacts {
                        customer_id: cid,
                        first: day,
                        last: day,
                        days: 1,
                        repeat_minor: 0,
                        cut_last: day,
                        cut_days: u32::from(before_cut),
                        holdout_days: u32::from(!before_cut && cut.is_some()),
                    });
                }
            }
        }
        if let Some(mut f) = cur.take() {
            close_day(&mut f, day_spend);
            out.push(f);
        }
        // Rows come in the database's order of ids; lookups want byte order.
        out.sort_unstable_by(|a, b| a.customer_id.cmp(&b.customer_id));
        let minor_per_major = currency
            .as_deref()
            .and_then(|c| carewell_domain::money::Currency::parse(c).ok())
            .map_or(100.0, |c| 10f64.powi(c.exponent() as i32));
        Ok(Facts {
            customers: out,
            currency,
            minor_per_major,
        })
    }

    /// Every customer not erased, in id order: `(id, stage)`.
    pub async fn scoring_population(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT c.id, c.stage FROM customers c WHERE {} ORDER BY c.id",
            not_erased("c.id")
        ))
        .fetch_all(self.pool())
        .await?)
    }

    /// The live signals of `ids` at `at`: the nearest contract end, open complaints and those
    /// past their SLA, usage in the last 90 days against the 90 before. Days since purchase
    /// and the usual gap come from the purchase facts.
    ///
    /// `ids` come in the database's id order ([`Store::scoring_population`]'s batches): each
    /// query reads the id range from the first to the last (two parameters and an index range,
    /// not an `IN` list of thousands), and rows of ids in the range but not asked for are
    /// dropped.
    pub async fn risk_signals(
        &self,
        ids: &[String],
        at: DateTime<Utc>,
    ) -> Result<HashMap<String, Signals>, StoreError> {
        let mut out: HashMap<String, Signals> = HashMap::with_capacity(ids.len());
        let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
            return Ok(out);
        };
        let asked: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let today = at.date_naive();
        let scope = |q: &mut Sql, col: &str| {
            q.push(&format!(" AND {col} >= "))
                .bind_text(first.clone())
                .push(&format!(" AND {col} <= "))
                .bind_text(last.clone());
        };
        let mut q = Sql::new(
            "SELECT customer_id, MIN(end_date) FROM contracts WHERE end_date IS NOT NULL AND end_date >= ",
        );
        q.bind_text(today.format("%Y-%m-%d").to_string());
        scope(&mut q, "customer_id");
        q.push(" GROUP BY customer_id");
        for (id, end) in q.fetch_all::<(String, Option<String>)>(self.pool()).await? {
            if !asked.contains(id.as_str()) {
                continue;
            }
            let days = end
                .as_deref()
                .and_then(|e| NaiveDate::parse_from_str(e.get(..10)?, "%Y-%m-%d").ok())
                .map(|e| (e - today).num_days());
            out.entry(id).or_default().contract_ends_in = days;
        }
        let now = fmt_ts(at);
        let mut q = Sql::new(
            "SELECT customer_id, COUNT(*), SUM(CASE WHEN sla_due_at IS NOT NULL AND sla_due_at < ",
        );
        q.bind_text(now.clone()).push(
            " THEN 1 ELSE 0 END) FROM complaints WHERE status NOT IN ('resolved', 'followed-up', 'closed')",
        );
        scope(&mut q, "customer_id");
        q.push(" GROUP BY customer_id");
        for (id, n, breached) in q.fetch_all::<(String, i64, i64)>(self.pool()).await? {
            if !asked.contains(id.as_str()) {
                continue;
            }
            let s = out.entry(id).or_default();
            s.open_complaints = u32::try_from(n).unwrap_or(u32::MAX);
            s.sla_breaches = u32::try_from(breached).unwrap_or(u32::MAX);
        }
        let ts = |d: i64| fmt_ts(at - Duration::days(d));
        let mut q = Sql::new("SELECT customer_id, SUM(CASE WHEN occurred_at >= ");
        q.bind_text(ts(90))
            .push(" THEN quantity ELSE 0.0 END), SUM(CASE WHEN occurred_at < ")
            .bind_text(ts(90))
            .push(" THEN quantity ELSE 0.0 END) FROM usage_events WHERE occurred_at >= ")
            .bind_text(ts(180))
            .push(" AND occurred_at <= ")
            .bind_text(now);
        scope(&mut q, "customer_id");
        q.push(" GROUP BY customer_id");
        for (id, recent, prior) in q.fetch_all::<(String, f64, f64)>(self.pool()).await? {
            if prior > 0.0 && asked.contains(id.as_str()) {
                out.entry(id).or_default().usage_change_pct =
                    Some(100.0 * (recent - prior) / prior);
            }
        }
        Ok(out)
    }
}
