//! `/api/v1/compensation`: book compensation linked to a source, approve or reject (managers),
//! reverse (never edit), and a customer's ledger with totals.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::ledger::{EntryKind, NewEntry, SourceKind};
use carewell_domain::money::{Currency, Money};
use carewell_store::ledger::{CustomerLedger, LedgerEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// A compensation to book.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CompensationBody {
    /// The customer.
    pub customer_id: String,
    /// credit, refund, coupon, waived-invoice.
    #[schema(value_type = carewell_domain::ledger::EntryKind)]
    pub kind: String,
    /// Decimal amount, e.g. `12.50` (positive).
    pub amount: String,
    /// ISO 4217 currency.
    pub currency: String,
    /// Why.
    pub reason: String,
    /// complaint, incident, offboarding (default complaint).
    #[schema(value_type = Option<carewell_domain::ledger::SourceKind>)]
    pub source_kind: Option<String>,
    /// The source's id.
    pub source_id: String,
    /// Confirms an amount above the large-amount setting (default 1,000.00 in the amount's
    /// currency); without it such an amount is refused (422 naming `confirm_large`).
    #[serde(default)]
    pub confirm_large: bool,
}

pub use crate::web::checks::check_large;

impl CompensationBody {
    /// Validates into a ledger entry, collecting every error.
    pub fn validate(&self) -> Result<NewEntry, AppError> {
        let mut errs = Vec::new();
        let kind = EntryKind::parse(&self.kind).map_err(|e| errs.push(e)).ok();
        let currency = Currency::parse(&self.currency)
            .map_err(|e| errs.push(e))
            .ok();
        let source_kind = SourceKind::parse(self.source_kind.as_deref().unwrap_or("complaint"))
            .map_err(|e| errs.push(e))
            .ok();
        let amount = currency.and_then(|c| {
            Money::parse_decimal(&self.amount, c)
                .map_err(|e| errs.push(e))
                .ok()
        });
        match (kind, amount, source_kind) {
            (Some(k), Some(a), Some(sk)) if errs.is_empty() => Ok(NewEntry::new(
                &self.customer_id,
                k,
                a,
                &self.reason,
                sk,
                &self.source_id,
            )?),
            _ => Err(errs.into()),
        }
    }
}

/// Book a compensation; above the currency's threshold it waits for a manager's approval. An
/// amount above the large-amount setting needs `"confirm_large": true`.
#[utoipa::path(post, operation_id = "create_compensation", path = "/api/v1/compensation", tag = "compensation", request_body = CompensationBody,
    responses((status = 201, body = LedgerEntry),
        (status = 404, description = "The customer or the source (complaint, case) does not exist", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or a large amount without `confirm_large`", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<CompensationBody>,
) -> Result<Response, AppError> {
    let e = b.validate()?;
    check_large(&s, e.amount, b.confirm_large)?;
    let entry = s
        .store
        .add_compensation(user.clearance(), &user.actor(), &e)
        .await?;
    Ok((StatusCode::CREATED, Json(entry)).into_response())
}

/// A customer's compensation ledger with effective and pending totals per currency.
#[utoipa::path(get, path = "/api/v1/customers/{id}/compensation", tag = "compensation",
    params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, body = CustomerLedger)))]
pub async fn customer_ledger(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<CustomerLedger>, AppError> {
    s.store.customer(&id).await?;
    Ok(Json(s.store.customer_ledger(user.clearance(), &id).await?))
}

/// Entries waiting for a manager.
#[utoipa::path(get, path = "/api/v1/compensation/pending", tag = "compensation",
    responses((status = 200, body = Vec<LedgerEntry>)))]
pub async fn pending(
    State(s): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<LedgerEntry>>, AppError> {
    Ok(Json(s.store.pending_compensation(user.clearance()).await?))
}

/// A decision's note.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = CompensationDecisionBody)]
pub struct DecisionBody {
    /// Optional note.
    pub note: Option<String>,
    /// Confirms approving an amount above the large-amount setting (see
    /// `CompensationBody.confirm_large`).
    #[serde(default)]
    pub confirm_large: bool,
}

/// Approve a pending entry (managers; not the person who booked it). An amount above the
/// large-amount setting needs `"confirm_large": true`.
#[utoipa::path(post, operation_id = "approve_compensation", path = "/api/v1/compensation/{id}/approve", tag = "compensation",
    params(("id" = String, Path, description = "Entry id")), request_body = DecisionBody,
    responses((status = 200, body = LedgerEntry), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A large amount without `confirm_large`", body = Problem, content_type = "application/problem+json")))]
pub async fn approve(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<Json<LedgerEntry>, AppError> {
    let entry = s.store.ledger_entry(user.clearance(), &id).await?;
    if entry.approval == carewell_domain::ledger::Approval::Pending
        && let Ok(m) = entry.money()
    {
        check_large(&s, m, b.confirm_large)?;
    }
    Ok(Json(
        s.store
            .decide_compensation(
                user.clearance(),
                &user.actor(),
                &id,
                true,
                b.note.as_deref(),
            )
            .await?,
    ))
}

/// Reject a pending entry (managers; not the person who booked it).
#[utoipa::path(post, path = "/api/v1/compensation/{id}/reject", tag = "compensation",
    params(("id" = String, Path, description = "Entry id")), request_body = DecisionBody,
    responses((status = 200, body = LedgerEntry), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn reject(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<Json<LedgerEntry>, AppError> {
    Ok(Json(
        s.store
            .decide_compensation(
                user.clearance(),
                &user.actor(),
                &id,
                false,
                b.note.as_deref(),
            )
            .await?,
    ))
}

/// Why an entry is reversed.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReverseBody {
    /// Why.
    pub reason: String,
}

/// Reverse an effective entry by booking its negative; entries are never edited.
#[utoipa::path(post, path = "/api/v1/compensation/{id}/reverse", tag = "compensation",
    params(("id" = String, Path, description = "Entry id")), request_body = ReverseBody,
    responses((status = 201, body = LedgerEntry), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn reverse(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReverseBody>,
) -> Result<Response, AppError> {
    let e = s
        .store
        .reverse_compensation(user.clearance(), &user.actor(), &id, &b.reason)
        .await?;
    Ok((StatusCode::CREATED, Json(e)).into_response())
}
