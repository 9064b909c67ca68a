//! Goodwill booked in the ledger for a case.

use super::Problemed;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::checks::check_large;
use crate::web::error::Problem;
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::ledger::EntryKind;
use carewell_domain::money::{Currency, Money};
use carewell_store::ledger::LedgerEntry;
use serde::Deserialize;
use utoipa::ToSchema;

/// Goodwill to book.
#[derive(Debug, Deserialize, ToSchema)]
pub struct GoodwillBody {
    /// refund (default), credit, coupon, waived-invoice.
    #[schema(value_type = Option<carewell_domain::ledger::EntryKind>)]
    pub kind: Option<String>,
    /// Decimal amount; omitted: the last invoice is refunded.
    pub amount: Option<String>,
    /// ISO 4217 currency (with `amount`).
    pub currency: Option<String>,
    /// Why.
    pub reason: String,
    /// Confirms an amount above the large-amount setting (default 1,000.00 in the amount's
    /// currency); without it such an amount is refused (422 naming `confirm_large`).
    #[serde(default)]
    pub confirm_large: bool,
}

/// Book goodwill in the ledger (source offboarding); above the threshold it waits for a
/// manager's approval. An amount above the large-amount setting needs `"confirm_large": true`.
///
/// Refused (409) before the plan is approved and once the account is closed.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/goodwill", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = GoodwillBody,
    responses((status = 201, body = LedgerEntry), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or a large amount without `confirm_large`", body = Problem, content_type = "application/problem+json")))]
pub async fn goodwill(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<GoodwillBody>,
) -> Problemed<Response> {
    let kind = EntryKind::parse(b.kind.as_deref().unwrap_or("refund"))?;
    let amount = match b.amount.as_deref().filter(|a| !a.trim().is_empty()) {
        Some(a) => {
            let c = Currency::parse(b.currency.as_deref().unwrap_or(""))?;
            let m = Money::parse_decimal(a, c)?;
            check_large(&s, m, b.confirm_large)?;
            Some(m)
        }
        None => None,
    };
    let e = s
        .store
        .book_offboarding_goodwill(&user.actor(), &id, kind, amount, &b.reason)
        .await?;
    Ok((StatusCode::CREATED, Json(e)).into_response())
}
