//! The facts behind the seven reasons, for every customer at once (grouped queries).

use super::{Money3, Partial, Scope, Windows, days_since, only, trivial_sql, unjustified_sql};
use crate::dialect::{join_sum_saturating, split_sum};
use crate::{Clearance, Store, StoreError};
use carewell_domain::client_fit::score::{Facts, cost_of_minutes};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

impl Store {
    /// The facts of every customer (or of one), keyed by customer id: one grouped query per
    /// source, whatever the number of customers. The facts are computed from transactions and
    /// the compensation ledger: for readers without clearance, customers under a running
    /// retention hold are left out.
    pub async fn client_fit_facts(
        &self,
        who: Clearance,
        customer: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<HashMap<String, (String, String, Facts)>, StoreError> {
        match customer {
            None => self.facts_in(who, Scope::All, at).await,
            Some(c) => {
                let one = [c.to_string()];
                self.facts_in(who, Scope::Only(&one), at).await
            }
        }
    }

    /// The facts of the customers in `scope`, keyed by customer id (see
    /// [`Store::client_fit_facts`]).
    pub(crate) async fn facts_in(
        &self,
        who: Clearance,
        scope: Scope<'_>,
        at: DateTime<Utc>,
    ) -> Result<HashMap<String, (String, String, Facts)>, StoreError> {
        let w = Windows::at(at);
        let settings = self.client_fit_settings().await?;
        let mut parts: HashMap<String, Partial> = HashMap::new();
        let mut names: HashMap<String, (String, String)> = HashMap::new();

        // Customers: name, stage, since when, the referrals attribute.
        let sql = format!(
            "SELECT id, name, stage, created_at, attributes FROM customers WHERE {}{}",
            crate::clearance::not_held(who, "customers.id"),
            only("id", 1, scope)
        );
        let mut q = sqlx::query_as::<_, (String, String, String, String, String)>(&sql);
        for c in scope.ids() {
            q = q.bind(c.as_str());
        }
        for (id, name, stage, created_at, attrs) in q.fetch_all(self.pool()).await? {
            let attrs: BTreeMap<String, String> = serde_json::from_str(&attrs).unwrap_or_default();
            let p = parts.entry(id.clone()).or_default();
            p.created_at = created_at;
            p.facts.min_tenure_days = settings.min_tenure_days;
            p.facts.referrals = attrs
                .get("referrals")
                .and_then(|v| v.trim().parse::<i64>().ok());
            names.insert(id, (name, stage));
        }

        // Complaints of the last 12 months.
        let t = trivial_sql();
        let sql = format!(
            "SELECT customer_id, COUNT(*), \
             SUM(CASE WHEN {t} THEN 1 ELSE 0 END), \
             SUM(CASE WHEN severity = 'low' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN {u} THEN 1 ELSE 0 END), \
             SUM(CASE WHEN {t} AND created_at >= $2 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN {t} AND created_at < $2 THEN 1 ELSE 0 END) \
             FROM complaints WHERE created_at >= $1{} GROUP BY customer_id",
            only("customer_id", 3, scope),
            u = unjustified_sql(),
        );
        let mut q = sqlx::query_as::<_, (String, i64, i64, i64, i64, i64, i64)>(&sql)
            .bind(&w.m12)
            .bind(&w.m6);
        for c in scope.ids() {
            q = q.bind(c.as_str());
        }
        for (id, n, trivial, low, unjust, recent, prior) in q.fetch_all(self.pool()).await? {
            if let Some(p) = parts.get_mut(&id) {
                p.facts.complaints_12m = n;
                p.facts.trivial_12m = trivial;
                p.facts.low_severity_12m = low;
                p.facts.unjustified_12m = unjust;
                p.facts.trivial_recent_6m = recent;
                p.facts.trivial_prior_6m = prior;
            }
        }

        // Interactions of the last 12 months.
        let sql = format!(
            "SELECT customer_id, COUNT(*) FROM interactions WHERE occurred_at >= $1{} GROUP BY customer_id",
            only("customer_id", 2, scope)
        );
        let mut q = sqlx::query_as::<_, (String, i64)>(&sql).bind(&w.m12);
        for c in scope.ids() {
            q = q.bind(c.as_str());
        }
        for (id, n) in q.fetch_all(self.pool()).await? {
            if let Some(p) = parts.get_mut(&id) {
                p.facts.interactions_12m = n;
            }
        }

        // Abuse flags on interactions of the last 12 months.
        let sql = format!(
            "SELECT f.customer_id, COUNT(*), SUM(CASE WHEN i.occurred_at >= $2 THEN 1 ELSE 0 END) \
             FROM client_fit_abuse_flags f JOIN interactions i ON i.id = f.interaction_id \
             WHERE i.occurred_at >= $1{} GROUP BY f.customer_id",
            only("f.customer_id", 3, scope)
        );
        let mut q = sqlx::query_as::<_, (String, i64, i64)>(&sql)
            .bind(&w.m12)
            .bind(&w.m6);
        for c in scope.ids() {
            q = q.bind(c.as_str());
        }
        for (id, n, recent) in q.fetch_all(self.pool()).await? {
            if let Some(p) = parts.get_mut(&id) {
                p.facts.abuse_12m = n;
                p.facts.abuse_recent_6m = recent;
                p.facts.abuse_prior_6m = n - recent;
            }
        }

        // Orders and revenue of the last 24 months, per currency.
        // Sums that cannot overflow in the database: one customer's impossible amounts must
        // not fail the list for everyone.
        let sql = format!(
            "SELECT customer_id, currency, \
             SUM(CASE WHEN occurred_at >= $2 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN occurred_at < $2 THEN 1 ELSE 0 END), {}, {}, MIN(occurred_at) \
             FROM transactions WHERE occurred_at >= $1{} GROUP BY customer_id, currency",
            split_sum("CASE WHEN occurred_at >= $2 THEN amount_minor ELSE 0 END"),
            split_sum("amount_minor"),
            only("customer_id", 3, scope)
        );
        type Orders = (String, String, i64, i64, i64, i64, i64, i64, String);
        let mut q = sqlx::query_as::<_, Orders>(&sql).bind(&w.m24).bind(&w.m12);
        for c in scope.ids() {
            q = q.bind(c.as_str());
        }
        for (id, cur, o12, oprev, r12h, r12l, r24h, r24l, first) in q.fetch_all(self.pool()).await?
        {
            let (r12, r24) = (
                join_sum_saturating(r12h, r12l),
                join_sum_saturating(r24h, r24l),
            );
            if let Some(p) = parts.get_mut(&id) {
                p.by_currency.insert(
                    cur,
                    Money3 {
                        orders_12m: o12,
                        orders_prev: oprev,
                        revenue_12m: r12,
                        revenue_24m: r24,
                    },
                );
                if p.first_order.as_ref().is_none_or(|f| first < *f) {
                    p.first_order = Some(first);
                }
            }
        }

        // Compensation in effect, booked in the last 12 months.
        let sql = format!(
            "SELECT e.customer_id, e.currency, {} \
             FROM ledger_entries e LEFT JOIN ledger_decisions d ON d.entry_id = e.id \
             WHERE e.created_at >= $1 AND (e.requires_approval = 0 OR d.decision = 'approved'){} \
             GROUP BY e.customer_id, e.currency",
            split_sum("e.amount_minor"),
            only("e.customer_id", 2, scope)
        );
        let mut q = sqlx::query_as::<_, (String, String, i64, i64)>(&sql).bind(&w.m12);
        for c in scope.ids() {
            q = q.bind(c.as_str());
        }
        for (id, cur, hi, lo) in q.fetch_all(self.pool()).await? {
            if let Some(p) = parts.get_mut(&id) {
                p.compensation.insert(cur, join_sum_saturating(hi, lo));
            }
        }

        let mut out = HashMap::with_capacity(parts.len());
        for (id, p) in parts {
            let mut f = p.facts;
            f.orders_12m = p
                .by_currency
                .values()
                .fold(0i64, |a, m| a.saturating_add(m.orders_12m));
            f.orders_prev_12m = p
                .by_currency
                .values()
                .fold(0i64, |a, m| a.saturating_add(m.orders_prev));
            let since = match &p.first_order {
                Some(o) if *o < p.created_at => o.as_str(),
                _ => p.created_at.as_str(),
            };
            f.tenure_days = days_since(since, at);
            let main = p
                .by_currency
                .iter()
                .max_by_key(|(c, m)| {
                    (
                        m.revenue_24m,
                        m.orders_12m + m.orders_prev,
                        std::cmp::Reverse((*c).clone()),
                    )
                })
                .map(|(c, _)| c.clone())
                .or_else(|| p.compensation.keys().next().cloned())
                .or_else(|| {
                    (f.complaints_12m + f.interactions_12m > 0).then(|| {
                        if settings.hourly_cost.contains_key("EUR") {
                            "EUR".to_string()
                        } else {
                            settings
                                .hourly_cost
                                .keys()
                                .next()
                                .cloned()
                                .unwrap_or_else(|| "EUR".into())
                        }
                    })
                });
            if let Some(cur) = &main {
                f.revenue_12m_minor = p.by_currency.get(cur).map(|m| m.revenue_12m).unwrap_or(0);
                f.compensation_12m_minor = p.compensation.get(cur).copied().unwrap_or(0);
                let minutes = f.interactions_12m * settings.minutes_per_interaction
                    + f.complaints_12m * settings.minutes_per_complaint;
                f.cost_to_serve_minor =
                    cost_of_minutes(minutes, settings.hourly_cost.get(cur).copied().unwrap_or(0));
            }
            f.currency = main;
            if let Some((name, stage)) = names.remove(&id) {
                out.insert(id, (name, stage, f));
            }
        }
        Ok(out)
    }
}
