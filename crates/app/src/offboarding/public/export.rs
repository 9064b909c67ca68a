//! The customer's data export from their own page: everything we hold as one JSON document or
//! one CSV file at a time (attachments, not cached), while the export window is open;
//! rate-limited per client address and per link.

use super::page::{case_for, export_open};
use crate::kernel::state::AppState;
use crate::web::csv::attachment;
use crate::web::error::AppError;
use crate::web::public::limited;
use axum::extract::{Path, Query, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::Response;
use carewell_domain::Refusal;
use carewell_store::clearance::Clearance;
use carewell_store::offboarding::OffboardingCase;
use serde::Deserialize;

async fn export_case(
    s: &AppState,
    ext: &Extensions,
    headers: &HeaderMap,
    token: &str,
) -> Result<OffboardingCase, AppError> {
    limited(ext, headers, "offb-download-", token)?;
    let (c, _) = case_for(s, token).await?;
    if !export_open(&c) {
        return Err(AppError::Refused(Refusal::ExportClosed));
    }
    Ok(c)
}

/// GET /public/offboarding/{token}/export.json: everything we hold, as one JSON document.
pub async fn export_json(
    State(s): State<AppState>,
    Path(token): Path<String>,
    ext: Extensions,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let c = export_case(&s, &ext, &headers, &token).await?;
    let x = s
        .store
        .customer_data_export(Clearance::Standard, &c.customer_id)
        .await?;
    let body = serde_json::to_string_pretty(&x).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(attachment(
        body,
        "application/json; charset=utf-8",
        "my-data.json",
    ))
}

/// Which CSV file.
#[derive(Debug, Default, Deserialize)]
pub struct CsvQuery {
    /// One of the export's CSV files.
    #[serde(default)]
    pub file: String,
}

/// GET /public/offboarding/{token}/export.csv?file=transactions
pub async fn export_csv(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<CsvQuery>,
    ext: Extensions,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let c = export_case(&s, &ext, &headers, &token).await?;
    let which = if q.file.is_empty() {
        "transactions"
    } else {
        q.file.as_str()
    };
    let body = s
        .store
        .customer_export_csv(Clearance::Standard, &c.customer_id, which)
        .await?;
    Ok(attachment(
        body,
        "text/csv; charset=utf-8",
        &format!("my-data-{which}.csv"),
    ))
}
