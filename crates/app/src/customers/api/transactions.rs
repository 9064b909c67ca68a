//! A customer's transactions (held records for compliance only).

use super::{Check, Paging, must_exist};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::customer::parse_label;
use carewell_domain::money::{Currency, Money};
use carewell_domain::time::{fmt_ts, parse_ts};
use carewell_store::activity::{NewTransaction, Transaction};
use serde::Deserialize;
use utoipa::ToSchema;

/// A new transaction. Amounts are decimal strings (`"12.50"`), never floats.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransactionBody {
    /// Decimal amount; negative for refunds.
    pub amount: String,
    /// ISO 4217 currency.
    pub currency: String,
    /// When (RFC 3339 or YYYY-MM-DD).
    pub occurred_at: String,
    /// What for.
    pub description: Option<String>,
    /// Key in the source system.
    pub external_ref: Option<String>,
}

impl TransactionBody {
    /// Validates the body (shared by the API and the customer page), collecting every error.
    pub fn validate(&self) -> Result<NewTransaction, AppError> {
        let mut c = Check::default();
        let cur = c.ok(Currency::parse(&self.currency));
        let amount = cur.and_then(|cur| c.ok(Money::parse_decimal(&self.amount, cur)));
        let at = c.ok(parse_ts("occurred_at", &self.occurred_at));
        let description = self
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty());
        let external_ref = self
            .external_ref
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .and_then(|r| c.ok(parse_label("external_ref", r)));
        c.finish()?;
        let (Some(amount), Some(at)) = (amount, at) else {
            return Err(AppError::invalid("amount", carewell_domain::Code::Required));
        };
        Ok(NewTransaction {
            external_ref,
            amount,
            occurred_at: fmt_ts(at),
            description: description.map(str::to_string),
        })
    }
}

/// The customer's transactions, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/transactions", tag = "customers",
    params(("id" = String, Path, description = "Customer id"), Paging),
    responses((status = 200, body = Vec<Transaction>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn transactions(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<Paging>,
) -> Result<Json<Vec<Transaction>>, AppError> {
    must_exist(&s, &id).await?;
    let limit = crate::web::pager::limit(p.limit, 100);
    Ok(Json(
        s.store.transactions(user.clearance(), &id, limit).await?,
    ))
}

/// Record a transaction.
#[utoipa::path(post, path = "/api/v1/customers/{id}/transactions", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = TransactionBody,
    responses((status = 201, body = Transaction), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_transaction(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<TransactionBody>,
) -> Result<(StatusCode, Json<Transaction>), AppError> {
    let n = b.validate()?;
    Ok((
        StatusCode::CREATED,
        Json(s.store.add_transaction(&user.actor(), &id, &n).await?),
    ))
}
