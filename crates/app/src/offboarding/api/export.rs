//! Everything Carewell holds about a case's customer (compliance), as JSON or CSV files.

use super::Problemed;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::csv::csv_response;
use crate::web::error::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use carewell_store::offboarding::export::CustomerDataExport;

/// Everything Carewell holds about the case's customer, held records included (compliance).
#[utoipa::path(get, path = "/api/v1/offboarding/cases/{id}/export", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CustomerDataExport), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn export(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<CustomerDataExport>> {
    let who = user.clearance();
    let c = s.store.offboarding_case(who, &id).await?;
    Ok(Json(
        s.store.customer_data_export(who, &c.customer_id).await?,
    ))
}

/// One CSV file of the export: transactions, contracts, ledger, interactions, complaints.
#[utoipa::path(get, path = "/api/v1/offboarding/cases/{id}/export/{file}", tag = "offboarding",
    params(("id" = String, Path, description = "Case id"), ("file" = String, Path, description = "transactions, contracts, ledger, interactions or complaints (optionally with .csv)")),
    responses((status = 200, body = String, content_type = "text/csv"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn export_csv(
    State(s): State<AppState>,
    user: CurrentUser,
    Path((id, file)): Path<(String, String)>,
) -> Problemed<Response> {
    let who = user.clearance();
    let c = s.store.offboarding_case(who, &id).await?;
    let which = file.trim_end_matches(".csv");
    let body = s
        .store
        .customer_export_csv(who, &c.customer_id, which)
        .await?;
    Ok(csv_response(&format!("{which}.csv"), body))
}
