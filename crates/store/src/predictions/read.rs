//! Reading predictions: one customer's (with the P(alive) history of past runs) and the care
//! list ordered by value at risk. Predictions are figures computed from transactions, which a
//! retention hold restricts: a held customer's prediction is refused to those who may not read
//! held records, and held customers are left out of the list.

use crate::clearance::{check, not_held};
use crate::sql::Sql;
use crate::{Clearance, Store, StoreError};
use carewell_domain::retention::{RiskBand, RiskReason};

/// A point of the P(alive) sparkline.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct PredictionPoint {
    /// When the run wrote it.
    pub at: String,
    /// The run.
    pub run_id: String,
    /// P(alive) (none without purchases).
    pub p_alive: Option<f64>,
    /// Risk score.
    pub risk_score: u8,
}

/// One customer's current prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerPrediction {
    /// The customer.
    pub customer_id: String,
    /// The run that wrote it.
    pub run_id: String,
    /// P(alive).
    pub p_alive: Option<f64>,
    /// Expected purchases over the run's horizon.
    pub expected_purchases: Option<f64>,
    /// CLV (major units of `currency`).
    pub clv: Option<f64>,
    /// Currency of the money figures.
    pub currency: Option<String>,
    /// Risk score 0–100.
    pub risk_score: u8,
    /// Band.
    pub risk_band: RiskBand,
    /// CLV × P(churn).
    pub value_at_risk: f64,
    /// Repeat purchases in the calibration period.
    pub frequency: Option<i64>,
    /// Days since the last purchase at the run.
    pub days_since_purchase: Option<i64>,
    /// Reasons, largest first.
    pub reasons: Vec<RiskReason>,
    /// When it was computed.
    pub computed_at: String,
    /// Past runs, oldest first (at most 24).
    pub history: Vec<PredictionPoint>,
}

type Row = (
    String,
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<String>,
    i64,
    String,
    f64,
    Option<i64>,
    Option<i64>,
    String,
    String,
);

/// The care list's extra columns: name, stage, language, segment, owner id, owner name, last
/// contact.
type Extra = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

#[derive(sqlx::FromRow)]
struct FullRow {
    customer_id: String,
    run_id: String,
    p_alive: Option<f64>,
    expected_purchases: Option<f64>,
    clv: Option<f64>,
    currency: Option<String>,
    risk_score: i64,
    risk_band: String,
    value_at_risk: f64,
    frequency: Option<i64>,
    days_since_purchase: Option<i64>,
    reasons: String,
    computed_at: String,
    name: String,
    stage: String,
    language: String,
    segment: Option<String>,
    owner_id: Option<String>,
    owner_name: Option<String>,
    last_contact_at: String,
}

impl FullRow {
    /// The prediction's columns and the care list's extra ones.
    fn split(self) -> (Row, Extra) {
        (
            (
                self.customer_id,
                self.run_id,
                self.p_alive,
                self.expected_purchases,
                self.clv,
                self.currency,
                self.risk_score,
                self.risk_band,
                self.value_at_risk,
                self.frequency,
                self.days_since_purchase,
                self.reasons,
                self.computed_at,
            ),
            (
                self.name,
                self.stage,
                self.language,
                self.segment,
                self.owner_id,
                self.owner_name,
                self.last_contact_at,
            ),
        )
    }
}

const COLS: &str = "p.customer_id, p.run_id, p.p_alive, p.expected_purchases, p.clv, p.currency, p.risk_score, \
     p.risk_band, p.value_at_risk, p.frequency, p.days_since_purchase, p.reasons, p.computed_at";

fn prediction(r: Row) -> Result<CustomerPrediction, StoreError> {
    Ok(CustomerPrediction {
        customer_id: r.0,
        run_id: r.1,
        p_alive: r.2,
        expected_purchases: r.3,
        clv: r.4,
        currency: r.5,
        risk_score: u8::try_from(r.6.clamp(0, 100)).unwrap_or(0),
        risk_band: RiskBand::parse(&r.7)?,
        value_at_risk: r.8,
        frequency: r.9,
        days_since_purchase: r.10,
        reasons: serde_json::from_str(&r.11)?,
        computed_at: r.12,
        history: Vec::new(),
    })
}

/// Filters of the care list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AtRiskFilter {
    /// Only this band.
    pub band: Option<RiskBand>,
    /// Only this segment field value.
    pub segment: Option<String>,
    /// Only customers owned by this user.
    pub owner_id: Option<String>,
    /// Only this stage.
    pub stage: Option<String>,
    /// Only this language.
    pub language: Option<String>,
    /// After this cursor (from the previous page's `next`).
    pub after: Option<String>,
}

/// A row of the care list.
#[derive(Debug, Clone, PartialEq)]
pub struct AtRiskItem {
    /// The prediction.
    pub prediction: CustomerPrediction,
    /// Customer name.
    pub name: String,
    /// Stage.
    pub stage: String,
    /// Language.
    pub language: String,
    /// Segment field.
    pub segment: Option<String>,
    /// Owner id.
    pub owner_id: Option<String>,
    /// Owner name.
    pub owner_name: Option<String>,
    /// Last contact (empty when never).
    pub last_contact_at: String,
}

/// A cursor of the care list: the last row's value at risk and id.
fn cursor(p: &CustomerPrediction) -> String {
    format!("{:?}~{}", p.value_at_risk, p.customer_id)
}

impl Store {
    /// One customer's prediction with its history; `None` when no run scored them. Refused
    /// (restricted) while a retention hold runs on them, to those who may not read held records.
    pub async fn customer_prediction(
        &self,
        who: Clearance,
        customer_id: &str,
    ) -> Result<Option<CustomerPrediction>, StoreError> {
        check(self.pool(), who, customer_id).await?;
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM customer_predictions p WHERE p.customer_id = $1"
        ))
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let mut p = prediction(row)?;
        let mut hist: Vec<(String, String, Option<f64>, i64)> = sqlx::query_as(
            "SELECT at, run_id, p_alive, risk_score FROM customer_prediction_history WHERE customer_id = $1 \
             ORDER BY at DESC, run_id DESC LIMIT 24",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?;
        hist.reverse();
        p.history = hist
            .into_iter()
            .map(|(at, run_id, p_alive, s)| PredictionPoint {
                at,
                run_id,
                p_alive,
                risk_score: u8::try_from(s.clamp(0, 100)).unwrap_or(0),
            })
            .collect();
        Ok(Some(p))
    }

    /// The care list: customers who have not departed, by value at risk (highest first), at
    /// most `limit` (1–500), and the cursor of the next page.
    pub async fn at_risk(
        &self,
        who: Clearance,
        f: &AtRiskFilter,
        limit: i64,
    ) -> Result<(Vec<AtRiskItem>, Option<String>), StoreError> {
        let limit = limit.clamp(1, 500);
        let mut q = Sql::new(&format!(
            "SELECT {COLS}, c.name, c.stage, c.language, c.segment, c.owner_id, u.name AS owner_name, c.last_contact_at \
             FROM customer_predictions p JOIN customers c ON c.id = p.customer_id \
             LEFT JOIN users u ON u.id = c.owner_id WHERE c.stage <> 'departed' AND {}",
            not_held(who, "c.id")
        ));
        if let Some(b) = f.band {
            q.push(" AND p.risk_band = ").bind_text(b.as_str());
        }
        if let Some(s) = &f.segment {
            q.push(" AND c.segment = ").bind_text(s.clone());
        }
        if let Some(o) = &f.owner_id {
            q.push(" AND c.owner_id = ").bind_text(o.clone());
        }
        if let Some(s) = &f.stage {
            q.push(" AND c.stage = ").bind_text(s.clone());
        }
        if let Some(l) = &f.language {
            q.push(" AND c.language = ").bind_text(l.clone());
        }
        if let Some((v, id)) = f
            .after
            .as_deref()
            .and_then(|c| c.split_once('~'))
            .and_then(|(v, id)| Some((v.parse::<f64>().ok().filter(|v| v.is_finite())?, id)))
        {
            q.push(" AND (p.value_at_risk < ")
                .bind(crate::sql::Arg::Float(v))
                .push(" OR (p.value_at_risk = ")
                .bind(crate::sql::Arg::Float(v))
                .push(" AND p.customer_id > ")
                .bind_text(id)
                .push("))");
        }
        q.push(" ORDER BY p.value_at_risk DESC, p.customer_id LIMIT ")
            .bind_int(limit + 1);
        let rows: Vec<(Row, Extra)> = q
            .fetch_all::<FullRow>(self.pool())
            .await?
            .into_iter()
            .map(FullRow::split)
            .collect();
        let mut items = Vec::with_capacity(rows.len());
        for (base, x) in rows {
            items.push(AtRiskItem {
                prediction: prediction(base)?,
                name: x.0,
                stage: x.1,
                language: x.2,
                segment: x.3,
                owner_id: x.4,
                owner_name: x.5,
                last_contact_at: x.6,
            });
        }
        let next = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|i| cursor(&i.prediction))
        } else {
            None
        };
        Ok((items, next))
    }

    /// The last `months` calendar months (oldest first, this month last) as `(YYYY-MM,
    /// customers at the month's start, customers who departed in it)`: a departure is an
    /// offboarding case closed (the customer's stage became departed); customers at the start
    /// are those created before it, less those who departed before it. Two grouped queries.
    pub async fn departures_by_month(
        &self,
        months: u32,
        today: chrono::NaiveDate,
    ) -> Result<Vec<(String, u64, u64)>, StoreError> {
        use chrono::Datelike;
        let months = months.clamp(1, 120);
        let mut keys = Vec::with_capacity(months as usize);
        let (mut y, mut m) = (today.year(), today.month());
        for _ in 0..months {
            keys.push(format!("{y:04}-{m:02}"));
            if m == 1 {
                y -= 1;
                m = 12;
            } else {
                m -= 1;
            }
        }
        keys.reverse();
        let created: Vec<(String, i64)> = sqlx::query_as(
            "SELECT SUBSTR(created_at, 1, 7), COUNT(*) FROM customers GROUP BY SUBSTR(created_at, 1, 7)",
        )
        .fetch_all(self.pool())
        .await?;
        let closed: Vec<(String, i64)> = sqlx::query_as(
            "SELECT SUBSTR(closed_at, 1, 7), COUNT(DISTINCT customer_id) FROM offboarding_cases \
             WHERE closed_at IS NOT NULL GROUP BY SUBSTR(closed_at, 1, 7)",
        )
        .fetch_all(self.pool())
        .await?;
        let before = |rows: &[(String, i64)], key: &str| -> i64 {
            rows.iter()
                .filter(|(k, _)| k.as_str() < key)
                .map(|(_, n)| *n)
                .sum()
        };
        Ok(keys
            .into_iter()
            .map(|k| {
                let at_start = (before(&created, &k) - before(&closed, &k)).max(0);
                let left = closed.iter().find(|(m, _)| *m == k).map_or(0, |(_, n)| *n);
                (k, at_start as u64, left.max(0) as u64)
            })
            .collect())
    }
}
