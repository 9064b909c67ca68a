//! Complaint reports (managers): volume by category and severity, SLA attainment, median
//! times, repeat complainants, root causes; as a page, as JSON and as CSV.

use crate::kernel::state::AppState;
use crate::web::csv::csv_response;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiQuery;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use carewell_domain::time::{fmt_ts, parse_ts};
use carewell_store::Store;
use carewell_store::complaints::report::ComplaintReport;
use chrono::{Duration, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

/// The period of a report.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Period {
    /// Start date or time (default: 30 days ago); not after `to`.
    pub from: Option<String>,
    /// End: a date (that whole day included) or an exclusive time (default: now).
    pub to: Option<String>,
}

impl Period {
    /// The bounds in storage format.
    pub fn bounds(&self) -> Result<(String, String), AppError> {
        let now = Utc::now();
        let pick = |v: &Option<String>, field: &str, default| -> Result<String, AppError> {
            match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(s) => Ok(fmt_ts(parse_ts(field, s)?)),
                None => Ok(fmt_ts(default)),
            }
        };
        let from = pick(&self.from, "from", now - Duration::days(30))?;
        // A bare end date includes that whole day.
        let to = match self.to.as_deref().map(str::trim) {
            Some(d) if d.len() == 10 => {
                fmt_ts(carewell_domain::time::parse_ts("to", d)? + Duration::days(1))
            }
            _ => pick(&self.to, "to", now + Duration::seconds(1))?,
        };
        // Fixed-width UTC text sorts as time does. A range from after to is refused, not
        // answered with an empty report.
        let start = self
            .from
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let end = self.to.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let last = match end {
            Some(d) if d.len() == 10 => fmt_ts(parse_ts("to", d)?),
            _ => to.clone(),
        };
        if start.is_some() || end.is_some() {
            carewell_domain::time::check_range("from", Some(&from), "to", Some(&last))?;
        }
        Ok((from, to))
    }
}

/// The report for complaints received in the period.
#[utoipa::path(get, path = "/api/v1/complaints/report", tag = "complaints", params(Period),
    responses((status = 200, body = ComplaintReport), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn api_report(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<Period>,
) -> Result<Json<ComplaintReport>, AppError> {
    let (from, to) = p.bounds()?;
    Ok(Json(
        s.store.complaint_report(&from, &to, Utc::now()).await?,
    ))
}

/// The complaints of the period as CSV, one row per complaint with SLA outcomes.
pub async fn csv(store: &Store, from: &str, to: &str) -> Result<String, AppError> {
    let policies = store.sla_policies().await?;
    let now = Utc::now();
    let mut w = csv::Writer::from_writer(Vec::new());
    let head = [
        "id",
        "received_at",
        "customer_id",
        "customer",
        "channel",
        "category",
        "severity",
        "status",
        "first_response_at",
        "resolved_at",
        "closed_at",
        "first_response_sla",
        "resolution_sla",
        "sla",
        "escalation_level",
        "reopen_count",
        "root_cause",
        "satisfaction",
    ];
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record(head).map_err(err)?;
    for c in store.complaints_between(from, to).await? {
        let Some(p) = policies.iter().find(|p| p.severity == c.severity) else {
            continue;
        };
        let sla = c.sla(p, now);
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        w.write_record([
            c.id.clone(),
            c.created_at.clone(),
            c.customer_id.clone(),
            // Neutralise spreadsheet formulas in free text.
            safe(&c.customer_name),
            c.channel.as_str().into(),
            c.category.as_str().into(),
            c.severity.as_str().into(),
            c.status.as_str().into(),
            o(&c.first_response_at),
            o(&c.resolved_at),
            o(&c.closed_at),
            sla.first_response.state.as_str().into(),
            sla.resolution.state.as_str().into(),
            sla.state.as_str().into(),
            c.escalation_level.to_string(),
            c.reopen_count.to_string(),
            safe(&o(&c.root_cause)),
            c.satisfaction_score
                .map(|s| s.to_string())
                .unwrap_or_default(),
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
}

fn safe(s: &str) -> String {
    carewell_domain::csv_cell::guard(s).into_owned()
}

/// The complaints of the period as CSV.
#[utoipa::path(get, path = "/api/v1/complaints/report.csv", tag = "complaints", params(Period),
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn api_csv(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<Period>,
) -> Result<Response, AppError> {
    let (from, to) = p.bounds()?;
    Ok(csv_response(
        "complaints.csv",
        csv(&s.store, &from, &to).await?,
    ))
}
