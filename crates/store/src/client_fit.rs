//! Client-fit review: the facts behind the seven reasons, aggregated for every customer at once
//! (a handful of grouped queries, never one query per customer), reviewer judgements and notes
//! (append-only; the newest judgement per customer and topic counts), staff-abuse flags on
//! interactions, decisions (append-only, each with the assessment it was based on; *part
//! ways* opens an offboarding case) and the cost-to-serve settings.
//!
//! Choices: referrals are the customer attribute `referrals` (a count); abuse of staff is an
//! interaction flagged in `client_fit_abuse_flags`; a complaint is *found unjustified* when
//! its root cause is one of [`UNJUSTIFIED_CAUSES`]; money facts are in the customer's main
//! currency (most revenue in the last two years), cost to serve priced at that currency's
//! hourly cost.

use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::DomainError;
use carewell_domain::client_fit::score::{
    Assessment, Facts, UNJUSTIFIED_CAUSES, assess, cost_of_minutes,
};
use carewell_domain::client_fit::{Level, Likelihood, Reason, Recommendation, parse_note};
use carewell_domain::time::fmt_ts;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// How cost to serve is estimated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FitSettings {
    /// Staff minutes per interaction.
    pub minutes_per_interaction: i64,
    /// Staff minutes per complaint.
    pub minutes_per_complaint: i64,
    /// Hourly staff cost per currency, in minor units (`{"EUR": 4000}`).
    pub hourly_cost: BTreeMap<String, i64>,
}

/// One customer in the ranked list.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FitRow {
    /// Customer id.
    pub customer_id: String,
    /// Customer name.
    pub name: String,
    /// Lifecycle stage.
    pub stage: String,
    /// Reasons at concern or serious.
    pub problems: usize,
    /// Reasons at serious.
    pub serious: usize,
    /// Weighted total.
    pub weight: u32,
    /// The reasons that are a problem, worst first.
    pub flagged: Vec<FlaggedReason>,
    /// Likelihood that counts.
    pub likelihood: Likelihood,
    /// The recommendation.
    pub recommendation: Recommendation,
    /// The latest decision, if any.
    pub decision: Option<Recommendation>,
    /// When it was made.
    pub decided_at: Option<String>,
}

/// A reason that is a problem for a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FlaggedReason {
    /// Which.
    pub reason: Reason,
    /// How bad.
    pub level: Level,
}

/// A reviewer's note, judgement or likelihood setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, sqlx::FromRow)]
pub struct Judgement {
    /// Id.
    pub id: String,
    /// note, judgement or likelihood.
    pub kind: String,
    /// A reason, `general` (notes) or `likelihood`.
    pub topic: String,
    /// The level or likelihood set; none for notes and for "back to the data".
    pub value: Option<String>,
    /// Why.
    pub note: String,
    /// Reviewer's user id.
    pub reviewer_id: String,
    /// Reviewer's e-mail.
    pub reviewer: String,
    /// When (UTC).
    pub created_at: String,
}

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Decision {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// keep, watch or part-ways.
    pub decision: Recommendation,
    /// Why.
    pub reason: String,
    /// What the rule recommended at the time.
    pub recommendation: Recommendation,
    /// The offboarding case opened (part ways).
    pub offboarding_case_id: Option<String>,
    /// Reviewer's user id.
    pub reviewer_id: String,
    /// Reviewer's e-mail.
    pub reviewer: String,
    /// When (UTC).
    pub created_at: String,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: String,
    customer_id: String,
    decision: String,
    reason: String,
    recommendation: String,
    offboarding_case_id: Option<String>,
    reviewer_id: String,
    reviewer: String,
    created_at: String,
}

impl TryFrom<DecisionRow> for Decision {
    type Error = StoreError;
    fn try_from(r: DecisionRow) -> Result<Self, StoreError> {
        let parse =
            |s: &str| Recommendation::parse(s).map_err(|e| StoreError::Corrupt(e.to_string()));
        Ok(Self {
            decision: parse(&r.decision)?,
            recommendation: parse(&r.recommendation)?,
            id: r.id,
            customer_id: r.customer_id,
            reason: r.reason,
            offboarding_case_id: r.offboarding_case_id,
            reviewer_id: r.reviewer_id,
            reviewer: r.reviewer,
            created_at: r.created_at,
        })
    }
}

/// A complaint behind the trivial-complaints score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, sqlx::FromRow)]
pub struct ComplaintLink {
    /// Complaint id (`/complaints/{id}`).
    pub id: String,
    /// Subject.
    pub subject: String,
    /// Severity.
    pub severity: String,
    /// Root cause, if resolved.
    pub root_cause: Option<String>,
    /// Received (UTC).
    pub created_at: String,
}

/// An interaction: flagged as abuse of staff, or a candidate to flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, sqlx::FromRow)]
pub struct InteractionLink {
    /// Interaction id.
    pub id: String,
    /// call, meeting, e-mail, …
    pub kind: String,
    /// When (UTC).
    pub occurred_at: String,
    /// What happened.
    pub summary: String,
    /// positive, neutral, negative.
    pub sentiment: Option<String>,
    /// The flag's note.
    pub flag_note: Option<String>,
    /// Who flagged it.
    pub flagged_by: Option<String>,
}

/// One customer's review: the assessment with its evidence, the links behind it, and the
/// history of judgements and decisions.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Review {
    /// Customer id.
    pub customer_id: String,
    /// Customer name.
    pub name: String,
    /// The assessment now.
    pub assessment: Assessment,
    /// Trivial complaints of the last 12 months, newest first.
    pub trivial_complaints: Vec<ComplaintLink>,
    /// Interactions flagged as abuse of staff, newest first.
    pub abuse_incidents: Vec<InteractionLink>,
    /// Recent interactions not flagged (negative first), to flag.
    pub flag_candidates: Vec<InteractionLink>,
    /// Judgements, notes and likelihood settings, newest first.
    pub judgements: Vec<Judgement>,
    /// Decisions, newest first.
    pub decisions: Vec<Decision>,
}

/// The windows the facts are counted in.
struct Windows {
    m6: String,
    m12: String,
    m24: String,
}

impl Windows {
    fn at(now: DateTime<Utc>) -> Self {
        Self {
            m6: fmt_ts(now - Duration::days(182)),
            m12: fmt_ts(now - Duration::days(365)),
            m24: fmt_ts(now - Duration::days(730)),
        }
    }
}

/// The SQL condition "this complaint is trivial" (low severity or found unjustified).
fn trivial_sql() -> String {
    let causes: Vec<String> = UNJUSTIFIED_CAUSES
        .iter()
        .map(|c| format!("'{c}'"))
        .collect();
    format!(
        "(severity = 'low' OR LOWER(COALESCE(root_cause, '')) IN ({}))",
        causes.join(", ")
    )
}

fn unjustified_sql() -> String {
    let causes: Vec<String> = UNJUSTIFIED_CAUSES
        .iter()
        .map(|c| format!("'{c}'"))
        .collect();
    format!("LOWER(COALESCE(root_cause, '')) IN ({})", causes.join(", "))
}

/// ` AND <col> = $n` when one customer is asked for.
fn only(col: &str, n: usize, customer: Option<&str>) -> String {
    customer
        .map(|_| format!(" AND {col} = ${n}"))
        .unwrap_or_default()
}

#[derive(Default)]
struct Money3 {
    orders_12m: i64,
    orders_prev: i64,
    revenue_12m: i64,
    revenue_24m: i64,
}

#[derive(Default)]
struct Partial {
    facts: Facts,
    created_at: String,
    first_order: Option<String>,
    by_currency: BTreeMap<String, Money3>,
    compensation: BTreeMap<String, i64>,
}

/// Days between a stored time and `now`.
fn days_since(ts: &str, now: DateTime<Utc>) -> i64 {
    carewell_domain::time::parse_ts("at", ts)
        .map(|t| (now - t).num_days())
        .unwrap_or(0)
}

impl Store {
    /// The cost-to-serve settings.
    pub async fn client_fit_settings(&self) -> Result<FitSettings, StoreError> {
        let (mpi, mpc, hourly): (i64, i64, String) = sqlx::query_as(
            "SELECT minutes_per_interaction, minutes_per_complaint, hourly_cost FROM client_fit_settings WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(FitSettings {
            minutes_per_interaction: mpi,
            minutes_per_complaint: mpc,
            hourly_cost: serde_json::from_str(&hourly)?,
        })
    }

    /// Changes the cost-to-serve settings (audited).
    pub async fn set_client_fit_settings(
        &self,
        actor: &Actor,
        s: &FitSettings,
    ) -> Result<FitSettings, StoreError> {
        if !(0..=1440).contains(&s.minutes_per_interaction)
            || !(0..=1440).contains(&s.minutes_per_complaint)
        {
            return Err(DomainError::new("minutes", "must be between 0 and 1440").into());
        }
        for (cur, v) in &s.hourly_cost {
            carewell_domain::money::Currency::parse(cur)?;
            if *v < 0 {
                return Err(DomainError::new("hourly_cost", "must not be negative").into());
            }
        }
        let before = self.client_fit_settings().await?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE client_fit_settings SET minutes_per_interaction = $1, minutes_per_complaint = $2, \
             hourly_cost = $3, updated_at = $4 WHERE id = 1",
        )
        .bind(s.minutes_per_interaction)
        .bind(s.minutes_per_complaint)
        .bind(serde_json::to_string(&s.hourly_cost)?)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "client_fit.settings",
            "client_fit_settings",
            "1",
            &json!(before),
            &json!(s),
        )
        .await?;
        tx.commit().await?;
        Ok(s.clone())
    }

    /// The facts of every customer (or of one), keyed by customer id: one grouped query per
    /// source, whatever the number of customers.
    pub async fn client_fit_facts(
        &self,
        customer: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<HashMap<String, (String, String, Facts)>, StoreError> {
        let w = Windows::at(at);
        let settings = self.client_fit_settings().await?;
        let mut parts: HashMap<String, Partial> = HashMap::new();
        let mut names: HashMap<String, (String, String)> = HashMap::new();

        // Customers: name, stage, since when, the referrals attribute.
        let sql = format!(
            "SELECT id, name, stage, created_at, attributes FROM customers WHERE 1 = 1{}",
            only("id", 1, customer)
        );
        let mut q = sqlx::query_as::<_, (String, String, String, String, String)>(&sql);
        if let Some(c) = customer {
            q = q.bind(c);
        }
        for (id, name, stage, created_at, attrs) in q.fetch_all(self.pool()).await? {
            let attrs: BTreeMap<String, String> = serde_json::from_str(&attrs).unwrap_or_default();
            let p = parts.entry(id.clone()).or_default();
            p.created_at = created_at;
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
            only("customer_id", 3, customer),
            u = unjustified_sql(),
        );
        let mut q = sqlx::query_as::<_, (String, i64, i64, i64, i64, i64, i64)>(&sql)
            .bind(&w.m12)
            .bind(&w.m6);
        if let Some(c) = customer {
            q = q.bind(c);
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
            only("customer_id", 2, customer)
        );
        let mut q = sqlx::query_as::<_, (String, i64)>(&sql).bind(&w.m12);
        if let Some(c) = customer {
            q = q.bind(c);
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
            only("f.customer_id", 3, customer)
        );
        let mut q = sqlx::query_as::<_, (String, i64, i64)>(&sql)
            .bind(&w.m12)
            .bind(&w.m6);
        if let Some(c) = customer {
            q = q.bind(c);
        }
        for (id, n, recent) in q.fetch_all(self.pool()).await? {
            if let Some(p) = parts.get_mut(&id) {
                p.facts.abuse_12m = n;
                p.facts.abuse_recent_6m = recent;
                p.facts.abuse_prior_6m = n - recent;
            }
        }

        // Orders and revenue of the last 24 months, per currency.
        let sql = format!(
            "SELECT customer_id, currency, \
             SUM(CASE WHEN occurred_at >= $2 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN occurred_at < $2 THEN 1 ELSE 0 END), \
             CAST(SUM(CASE WHEN occurred_at >= $2 THEN amount_minor ELSE 0 END) AS BIGINT), \
             CAST(SUM(amount_minor) AS BIGINT), MIN(occurred_at) \
             FROM transactions WHERE occurred_at >= $1{} GROUP BY customer_id, currency",
            only("customer_id", 3, customer)
        );
        let mut q = sqlx::query_as::<_, (String, String, i64, i64, i64, i64, String)>(&sql)
            .bind(&w.m24)
            .bind(&w.m12);
        if let Some(c) = customer {
            q = q.bind(c);
        }
        for (id, cur, o12, oprev, r12, r24, first) in q.fetch_all(self.pool()).await? {
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
            "SELECT e.customer_id, e.currency, CAST(SUM(e.amount_minor) AS BIGINT) \
             FROM ledger_entries e LEFT JOIN ledger_decisions d ON d.entry_id = e.id \
             WHERE e.created_at >= $1 AND (e.requires_approval = 0 OR d.decision = 'approved'){} \
             GROUP BY e.customer_id, e.currency",
            only("e.customer_id", 2, customer)
        );
        let mut q = sqlx::query_as::<_, (String, String, i64)>(&sql).bind(&w.m12);
        if let Some(c) = customer {
            q = q.bind(c);
        }
        for (id, cur, sum) in q.fetch_all(self.pool()).await? {
            if let Some(p) = parts.get_mut(&id) {
                p.compensation.insert(cur, sum);
            }
        }

        let mut out = HashMap::with_capacity(parts.len());
        for (id, p) in parts {
            let mut f = p.facts;
            f.orders_12m = p.by_currency.values().map(|m| m.orders_12m).sum();
            f.orders_prev_12m = p.by_currency.values().map(|m| m.orders_prev).sum();
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

    /// The newest judgement per customer and topic, and the newest likelihood setting.
    async fn current_judgements(
        &self,
        customer: Option<&str>,
    ) -> Result<HashMap<String, (Vec<(Reason, Level)>, Option<Likelihood>)>, StoreError> {
        let sql = format!(
            "SELECT customer_id, kind, topic, value FROM client_fit_judgements \
             WHERE kind IN ('judgement', 'likelihood'){} ORDER BY created_at, id",
            only("customer_id", 1, customer)
        );
        let mut q = sqlx::query_as::<_, (String, String, String, Option<String>)>(&sql);
        if let Some(c) = customer {
            q = q.bind(c);
        }
        let mut latest: HashMap<String, BTreeMap<String, Option<String>>> = HashMap::new();
        for (id, _kind, topic, value) in q.fetch_all(self.pool()).await? {
            latest.entry(id).or_default().insert(topic, value);
        }
        Ok(latest
            .into_iter()
            .map(|(id, topics)| {
                let mut levels = Vec::new();
                let mut likelihood = None;
                for (topic, value) in topics {
                    if topic == "likelihood" {
                        likelihood = value.and_then(|v| Likelihood::parse(&v).ok());
                    } else if let (Ok(r), Some(Ok(l))) =
                        (Reason::parse(&topic), value.map(|v| Level::parse(&v)))
                    {
                        levels.push((r, l));
                    }
                }
                (id, (levels, likelihood))
            })
            .collect())
    }

    /// Every customer who has not departed, assessed and ranked: most problems first, then the
    /// heaviest, then by name.
    pub async fn client_fit_list(&self, at: DateTime<Utc>) -> Result<Vec<FitRow>, StoreError> {
        let facts = self.client_fit_facts(None, at).await?;
        let judged = self.current_judgements(None).await?;
        let mut decisions: HashMap<String, (Recommendation, String)> = HashMap::new();
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT customer_id, decision, created_at FROM client_fit_decisions ORDER BY created_at, id",
        )
        .fetch_all(self.pool())
        .await?;
        for (id, d, at) in rows {
            if let Ok(d) = Recommendation::parse(&d) {
                decisions.insert(id, (d, at));
            }
        }
        let mut out: Vec<FitRow> = facts
            .into_iter()
            .filter(|(_, (_, stage, _))| stage != "departed")
            .map(|(id, (name, stage, f))| {
                let (levels, likelihood) = judged.get(&id).cloned().unwrap_or_default();
                let a = assess(&f, &levels, likelihood);
                let mut flagged: Vec<FlaggedReason> = a
                    .reasons
                    .iter()
                    .filter(|r| r.level != Level::None)
                    .map(|r| FlaggedReason {
                        reason: r.reason,
                        level: r.level,
                    })
                    .collect();
                flagged.sort_by_key(|r| std::cmp::Reverse(r.level.points()));
                let decision = decisions.remove(&id);
                FitRow {
                    customer_id: id,
                    name,
                    stage,
                    problems: a.problems,
                    serious: a.serious,
                    weight: a.weight,
                    flagged,
                    likelihood: a.likelihood,
                    recommendation: a.recommendation,
                    decided_at: decision.as_ref().map(|d| d.1.clone()),
                    decision: decision.map(|d| d.0),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.problems
                .cmp(&a.problems)
                .then(b.weight.cmp(&a.weight))
                .then(a.name.cmp(&b.name))
                .then(a.customer_id.cmp(&b.customer_id))
        });
        Ok(out)
    }

    /// The assessment of one customer now.
    pub async fn client_fit_assessment(
        &self,
        customer_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(String, Assessment), StoreError> {
        let mut facts = self.client_fit_facts(Some(customer_id), at).await?;
        let Some((name, _, f)) = facts.remove(customer_id) else {
            return Err(StoreError::NotFound("customer"));
        };
        let (levels, likelihood) = self
            .current_judgements(Some(customer_id))
            .await?
            .remove(customer_id)
            .unwrap_or_default();
        Ok((name, assess(&f, &levels, likelihood)))
    }

    /// One customer's review with the links behind the scores and the history.
    pub async fn client_fit_review(
        &self,
        customer_id: &str,
        at: DateTime<Utc>,
    ) -> Result<Review, StoreError> {
        let (name, assessment) = self.client_fit_assessment(customer_id, at).await?;
        let w = Windows::at(at);
        let trivial_complaints = sqlx::query_as::<_, ComplaintLink>(&format!(
            "SELECT id, subject, severity, root_cause, created_at FROM complaints \
             WHERE customer_id = $1 AND created_at >= $2 AND {} ORDER BY created_at DESC LIMIT 100",
            trivial_sql()
        ))
        .bind(customer_id)
        .bind(&w.m12)
        .fetch_all(self.pool())
        .await?;
        let abuse_incidents = sqlx::query_as::<_, InteractionLink>(
            "SELECT i.id, i.kind, i.occurred_at, i.summary, i.sentiment, f.note AS flag_note, f.flagged_by \
             FROM client_fit_abuse_flags f JOIN interactions i ON i.id = f.interaction_id \
             WHERE f.customer_id = $1 ORDER BY i.occurred_at DESC LIMIT 100",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?;
        let flag_candidates = sqlx::query_as::<_, InteractionLink>(
            "SELECT i.id, i.kind, i.occurred_at, i.summary, i.sentiment, \
             CAST(NULL AS TEXT) AS flag_note, CAST(NULL AS TEXT) AS flagged_by \
             FROM interactions i WHERE i.customer_id = $1 AND i.occurred_at >= $2 \
             AND NOT EXISTS (SELECT 1 FROM client_fit_abuse_flags f WHERE f.interaction_id = i.id) \
             ORDER BY CASE WHEN i.sentiment = 'negative' THEN 0 ELSE 1 END, i.occurred_at DESC LIMIT 20",
        )
        .bind(customer_id)
        .bind(&w.m12)
        .fetch_all(self.pool())
        .await?;
        let judgements = sqlx::query_as::<_, Judgement>(
            "SELECT id, kind, topic, value, note, reviewer_id, reviewer, created_at \
             FROM client_fit_judgements WHERE customer_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?;
        let decisions = self.client_fit_decisions(customer_id).await?;
        Ok(Review {
            customer_id: customer_id.to_string(),
            name,
            assessment,
            trivial_complaints,
            abuse_incidents,
            flag_candidates,
            judgements,
            decisions,
        })
    }

    /// A customer's decisions, newest first.
    pub async fn client_fit_decisions(
        &self,
        customer_id: &str,
    ) -> Result<Vec<Decision>, StoreError> {
        sqlx::query_as::<_, DecisionRow>(
            "SELECT id, customer_id, decision, reason, recommendation, offboarding_case_id, reviewer_id, reviewer, created_at \
             FROM client_fit_decisions WHERE customer_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(Decision::try_from)
        .collect()
    }

    async fn insert_judgement(
        &self,
        actor: &Actor,
        customer_id: &str,
        kind: &str,
        topic: &str,
        value: Option<&str>,
        note: &str,
    ) -> Result<Judgement, StoreError> {
        let note = parse_note("note", note)?;
        self.customer(customer_id).await?;
        let j = Judgement {
            id: new_id(),
            kind: kind.into(),
            topic: topic.into(),
            value: value.map(str::to_string),
            note,
            reviewer_id: actor.id.clone(),
            reviewer: actor.label.clone(),
            created_at: now(),
        };
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO client_fit_judgements (id, customer_id, kind, topic, value, note, reviewer_id, reviewer, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&j.id)
        .bind(customer_id)
        .bind(&j.kind)
        .bind(&j.topic)
        .bind(j.value.as_deref())
        .bind(&j.note)
        .bind(&j.reviewer_id)
        .bind(&j.reviewer)
        .bind(&j.created_at)
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            &format!("client_fit.{kind}"),
            "customer",
            customer_id,
            &json!(null),
            &json!(j),
        )
        .await?;
        tx.commit().await?;
        Ok(j)
    }

    /// A reviewer's note, about one reason or the customer in general (no effect on scores).
    pub async fn add_client_fit_note(
        &self,
        actor: &Actor,
        customer_id: &str,
        reason: Option<Reason>,
        note: &str,
    ) -> Result<Judgement, StoreError> {
        let topic = reason.map(|r| r.as_str()).unwrap_or("general");
        self.insert_judgement(actor, customer_id, "note", topic, None, note)
            .await
    }

    /// A reviewer's level for a reason: the judgement for unethical requests and mission fit,
    /// an override of the data for the others. `None` returns the reason to the data.
    pub async fn set_client_fit_judgement(
        &self,
        actor: &Actor,
        customer_id: &str,
        reason: Reason,
        level: Option<Level>,
        note: &str,
    ) -> Result<Judgement, StoreError> {
        self.insert_judgement(
            actor,
            customer_id,
            "judgement",
            reason.as_str(),
            level.map(|l| l.as_str()),
            note,
        )
        .await
    }

    /// The reviewer's likelihood that the situation changes; `None` returns to the suggestion.
    pub async fn set_client_fit_likelihood(
        &self,
        actor: &Actor,
        customer_id: &str,
        likelihood: Option<Likelihood>,
        note: &str,
    ) -> Result<Judgement, StoreError> {
        self.insert_judgement(
            actor,
            customer_id,
            "likelihood",
            "likelihood",
            likelihood.map(|l| l.as_str()),
            note,
        )
        .await
    }

    /// Flags an interaction of this customer as abuse of staff (once per interaction).
    pub async fn flag_staff_abuse(
        &self,
        actor: &Actor,
        customer_id: &str,
        interaction_id: &str,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let note = note
            .filter(|n| !n.trim().is_empty())
            .map(|n| parse_note("note", n))
            .transpose()?;
        let mut tx = self.begin().await?;
        let owner: Option<(String,)> =
            sqlx::query_as("SELECT customer_id FROM interactions WHERE id = $1")
                .bind(interaction_id)
                .fetch_optional(&mut *tx.tx)
                .await?;
        match owner {
            None => return Err(StoreError::NotFound("interaction")),
            Some((c,)) if c != customer_id => {
                return Err(DomainError::new(
                    "interaction_id",
                    "the interaction belongs to another customer",
                )
                .into());
            }
            Some(_) => {}
        }
        sqlx::query(
            "INSERT INTO client_fit_abuse_flags (interaction_id, customer_id, note, flagged_by, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(interaction_id)
        .bind(customer_id)
        .bind(note.as_deref())
        .bind(&actor.label)
        .bind(now())
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict("the interaction is already flagged".into())
            }
            other => other,
        })?;
        audit::append(
            &mut tx,
            actor,
            "client_fit.flag_abuse",
            "interaction",
            interaction_id,
            &json!(null),
            &json!({"customer_id": customer_id, "note": note}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a decision with the reviewer, the reason and the assessment it was based on
    /// (audited). `offboarding_case_id` links the case opened for *part ways*.
    pub async fn record_client_fit_decision(
        &self,
        actor: &Actor,
        customer_id: &str,
        decision: Recommendation,
        reason: &str,
        assessment: &Assessment,
        offboarding_case_id: Option<&str>,
    ) -> Result<Decision, StoreError> {
        let reason = parse_note("reason", reason)?;
        let d = Decision {
            id: new_id(),
            customer_id: customer_id.to_string(),
            decision,
            reason,
            recommendation: assessment.recommendation,
            offboarding_case_id: offboarding_case_id.map(str::to_string),
            reviewer_id: actor.id.clone(),
            reviewer: actor.label.clone(),
            created_at: now(),
        };
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO client_fit_decisions (id, customer_id, decision, reason, recommendation, assessment, \
             offboarding_case_id, reviewer_id, reviewer, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&d.id)
        .bind(customer_id)
        .bind(d.decision.as_str())
        .bind(&d.reason)
        .bind(d.recommendation.as_str())
        .bind(serde_json::to_string(assessment)?)
        .bind(d.offboarding_case_id.as_deref())
        .bind(&d.reviewer_id)
        .bind(&d.reviewer)
        .bind(&d.created_at)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::NotFound("customer"),
            other => other,
        })?;
        audit::append(
            &mut tx,
            actor,
            "client_fit.decide",
            "customer",
            customer_id,
            &json!(null),
            &json!({"decision": d, "weight": assessment.weight, "problems": assessment.problems, "likelihood": assessment.likelihood}),
        )
        .await?;
        tx.commit().await?;
        Ok(d)
    }
}
