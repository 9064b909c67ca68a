//! Complaint reports over a period: volume by category, severity and status, SLA attainment,
//! median times to first response and resolution, repeat complainants and root causes.

use super::{COLS, Complaint, FROM, Row};
use crate::{Store, StoreError};
use carewell_domain::complaint::sla::{Policy, SlaState};
use carewell_domain::time::parse_ts;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A count of complaints under a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Count {
    /// The label (category, severity, root cause…).
    pub key: String,
    /// How many.
    pub count: i64,
}

/// Met/missed/active counts and the share met among decided ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Attainment {
    /// Met.
    pub met: i64,
    /// Missed.
    pub missed: i64,
    /// Still running.
    pub active: i64,
    /// Percent met among met + missed; `None` when none is decided.
    pub percent_met: Option<f64>,
}

impl Attainment {
    fn add(&mut self, s: SlaState) {
        match s {
            SlaState::Met => self.met += 1,
            SlaState::Missed => self.missed += 1,
            SlaState::Active => self.active += 1,
        }
        let decided = self.met + self.missed;
        self.percent_met =
            (decided > 0).then(|| (self.met as f64 * 1000.0 / decided as f64).round() / 10.0);
    }
}

/// A customer with more than one complaint in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Repeat {
    /// Customer id.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Complaints in the period.
    pub count: i64,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ComplaintReport {
    /// Period start (UTC, inclusive).
    pub from: String,
    /// Period end (UTC, exclusive).
    pub to: String,
    /// Complaints received in the period.
    pub total: i64,
    /// By category.
    pub by_category: Vec<Count>,
    /// By severity.
    pub by_severity: Vec<Count>,
    /// By current status.
    pub by_status: Vec<Count>,
    /// First response SLA.
    pub first_response_sla: Attainment,
    /// Resolution SLA.
    pub resolution_sla: Attainment,
    /// Overall SLA (missed if either is missed).
    pub overall_sla: Attainment,
    /// Median wall-clock seconds from intake to first response.
    pub median_first_response_seconds: Option<i64>,
    /// Median wall-clock seconds from intake to resolution.
    pub median_resolution_seconds: Option<i64>,
    /// Customers with two or more complaints, most first.
    pub repeat_complainants: Vec<Repeat>,
    /// Root causes of resolved complaints, most first.
    pub root_causes: Vec<Count>,
    /// Average satisfaction (1–5) of those who answered.
    pub average_satisfaction: Option<f64>,
}

fn median(mut v: Vec<i64>) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    })
}

fn counts(m: BTreeMap<String, i64>) -> Vec<Count> {
    let mut v: Vec<Count> = m
        .into_iter()
        .map(|(key, count)| Count { key, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    v
}

/// Builds the report from complaints and policies, at `now`.
pub fn build(
    complaints: &[Complaint],
    policies: &[Policy],
    from: &str,
    to: &str,
    now: DateTime<Utc>,
) -> ComplaintReport {
    let mut cat = BTreeMap::new();
    let mut sev = BTreeMap::new();
    let mut status = BTreeMap::new();
    let mut roots = BTreeMap::new();
    let mut per_customer: BTreeMap<(String, String), i64> = BTreeMap::new();
    let (mut fr, mut res, mut all) = (
        Attainment::default(),
        Attainment::default(),
        Attainment::default(),
    );
    let (mut fr_secs, mut res_secs, mut sat) = (Vec::new(), Vec::new(), Vec::new());
    for c in complaints {
        *cat.entry(c.category.as_str().to_string()).or_insert(0) += 1;
        *sev.entry(c.severity.as_str().to_string()).or_insert(0) += 1;
        *status.entry(c.status.as_str().to_string()).or_insert(0) += 1;
        *per_customer
            .entry((c.customer_id.clone(), c.customer_name.clone()))
            .or_insert(0) += 1;
        if let Some(r) = &c.root_cause {
            *roots.entry(r.clone()).or_insert(0) += 1;
        }
        if let Some(p) = policies.iter().find(|p| p.severity == c.severity) {
            let s = c.sla(p, now);
            fr.add(s.first_response.state);
            res.add(s.resolution.state);
            all.add(s.state);
        }
        let created = parse_ts("created_at", &c.created_at).ok();
        let secs = |at: &Option<String>| -> Option<i64> {
            let at = parse_ts("at", at.as_deref()?).ok()?;
            Some((at - created?).num_seconds())
        };
        fr_secs.extend(secs(&c.first_response_at));
        res_secs.extend(secs(&c.resolved_at));
        sat.extend(c.satisfaction_score);
    }
    let mut repeat: Vec<Repeat> = per_customer
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|((customer_id, name), count)| Repeat {
            customer_id,
            name,
            count,
        })
        .collect();
    repeat.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    ComplaintReport {
        from: from.to_string(),
        to: to.to_string(),
        total: complaints.len() as i64,
        by_category: counts(cat),
        by_severity: counts(sev),
        by_status: counts(status),
        first_response_sla: fr,
        resolution_sla: res,
        overall_sla: all,
        median_first_response_seconds: median(fr_secs),
        median_resolution_seconds: median(res_secs),
        repeat_complainants: repeat,
        root_causes: counts(roots),
        average_satisfaction: (!sat.is_empty())
            .then(|| (sat.iter().sum::<i64>() as f64 * 10.0 / sat.len() as f64).round() / 10.0),
    }
}

impl Store {
    /// Complaints received in `[from, to)` (UTC storage format), oldest first.
    pub async fn complaints_between(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<Complaint>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} {FROM} WHERE c.created_at >= $1 AND c.created_at < $2 ORDER BY c.created_at, c.id"
        ))
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// The report for complaints received in `[from, to)`, SLA evaluated at `now`.
    pub async fn complaint_report(
        &self,
        from: &str,
        to: &str,
        now: DateTime<Utc>,
    ) -> Result<ComplaintReport, StoreError> {
        let complaints = self.complaints_between(from, to).await?;
        let policies = self.sla_policies().await?;
        Ok(build(&complaints, &policies, from, to, now))
    }
}
