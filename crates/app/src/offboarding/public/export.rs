//! The customer's data export from their own page: everything we hold as one ZIP (the JSON
//! document and every CSV file: one download, so the page's own use never meets the rate
//! limit), or as the JSON document or one CSV file alone (attachments, not cached), while the
//! export window is open; rate-limited per client address and per link.

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

/// GET /public/offboarding/{token}/export.zip: everything we hold in one file — `my-data.json`
/// and one `my-data-<table>.csv` per table — so the customer downloads once.
pub async fn export_zip(
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
    let json = serde_json::to_string_pretty(&x).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut files = vec![("my-data.json".to_string(), json)];
    for which in carewell_store::offboarding::export::CSV_FILES {
        let body = s
            .store
            .customer_export_csv(Clearance::Standard, &c.customer_id, which)
            .await?;
        files.push((format!("my-data-{which}.csv"), body));
    }
    let zipped = tokio::task::spawn_blocking(move || zip_files(&files))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    Ok(attachment(zipped, "application/zip", "my-data.zip"))
}

/// The files as one ZIP archive (deflated).
fn zip_files(files: &[(String, String)]) -> Result<Vec<u8>, AppError> {
    use std::io::Write;
    let internal = |e: &dyn std::fmt::Display| AppError::Internal(format!("zip: {e}"));
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in files {
        w.start_file(name.as_str(), options)
            .map_err(|e| internal(&e))?;
        w.write_all(body.as_bytes()).map_err(|e| internal(&e))?;
    }
    Ok(w.finish().map_err(|e| internal(&e))?.into_inner())
}
