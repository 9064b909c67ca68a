//! `/api/v1/imports/{kind}` and `/api/v1/exports/customers`.

use super::export::CustomerCsv;
use super::pipeline::{ImportError, Progress, Source, import};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::csv::csv_response;
use crate::web::error::{AppError, Problem};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::response::Response;
use carewell_domain::import::ImportKind;
use carewell_store::import::ImportReport;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// What an import did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportSummary {
    /// customers, transactions, contracts or interactions.
    pub kind: String,
    /// Data rows in the file.
    pub rows: u64,
    /// New records.
    pub inserted: u64,
    /// Existing records (same external_ref) updated.
    pub updated: u64,
}

impl ImportSummary {
    /// From the store's report.
    pub fn new(kind: &str, r: &ImportReport) -> Self {
        Self {
            kind: kind.to_string(),
            rows: r.rows,
            inserted: r.inserted,
            updated: r.updated,
        }
    }
}

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Rows(rows) => rows.into(),
            ImportError::File(code) => AppError::invalid("file", code),
            ImportError::Stopped(why) => AppError::Internal(why),
            ImportError::Store(e) => e.into(),
        }
    }
}

/// Runs a whole import of an in-memory body for `user`.
pub async fn run(
    s: &AppState,
    user: &CurrentUser,
    kind: &str,
    body: Bytes,
    name: &str,
) -> Result<ImportSummary, AppError> {
    let k = ImportKind::parse(kind)?;
    let src = Source::Bytes(Arc::from(body.as_ref()));
    let report = import(&s.store, k, src, &user.actor(), name, &Progress::hidden()).await?;
    Ok(ImportSummary::new(kind, &report))
}

/// Import a CSV file (header row first) of customers, transactions, contracts or
/// interactions. All or nothing: every row is validated first; if any row is bad, nothing is
/// written and the 422 problem lists every bad row (`field` = `line N column`). Rows are
/// upserted by `external_ref`, so importing the same file twice does not duplicate anything.
/// Writers only (admin, manager, agent).
#[utoipa::path(post, path = "/api/v1/imports/{kind}", tag = "transfer",
    params(("kind" = String, Path, description = "customers, transactions, contracts or interactions")),
    request_body(content = String, content_type = "text/csv", description = "UTF-8 CSV with a header row"),
    responses(
        (status = 200, body = ImportSummary),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "Bad rows; nothing was imported")))]
pub async fn import_csv(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(kind): Path<String>,
    body: Bytes,
) -> Result<Json<ImportSummary>, AppError> {
    Ok(Json(
        run(&s, &user, &kind, body, &format!("api:{kind}.csv")).await?,
    ))
}

/// Which customers an export holds.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// Only the members of this segment (see `/api/v1/segments`); every customer without it.
    pub segment_id: Option<String>,
}

/// Streams every customer (or a segment's members) as CSV in the importer's column layout
/// (export → import round-trips).
#[utoipa::path(get, path = "/api/v1/exports/customers", tag = "transfer", params(ExportParams),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such segment", body = Problem, content_type = "application/problem+json")))]
pub async fn export_customers(
    State(s): State<AppState>,
    crate::web::extract::ApiQuery(p): crate::web::extract::ApiQuery<ExportParams>,
) -> Result<Response, AppError> {
    let filter = match p
        .segment_id
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        Some(id) => Some(s.store.segment(id).await?.parsed_filter()?),
        None => None,
    };
    let csv = CustomerCsv::start(s.store.clone()).await?.matching(filter);
    let stream = futures_util::stream::unfold(Some(csv), |state| async move {
        let mut csv = state?;
        match csv.next_chunk().await {
            Ok(Some(chunk)) => Some((Ok(Bytes::from(chunk)), Some(csv))),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(error = %e, "customer export failed mid-stream");
                Some((Err(std::io::Error::other("export failed")), None))
            }
        }
    });
    Ok(csv_response("customers.csv", Body::from_stream(stream)))
}
