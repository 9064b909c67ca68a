//! A customer's contracts (held records for compliance only).

use super::{Check, must_exist};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::DomainError;
use carewell_domain::customer::parse_label;
use carewell_domain::interaction::Renewal;
use carewell_domain::money::{Currency, Money};
use carewell_domain::time::parse_date;
use carewell_store::activity::{Contract, NewContract};
use serde::Deserialize;
use utoipa::ToSchema;

/// A new contract.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractBody {
    /// Plan or contract name.
    pub name: String,
    /// First day, YYYY-MM-DD.
    pub start_date: String,
    /// Last day, YYYY-MM-DD.
    pub end_date: Option<String>,
    /// Decimal value, zero or more.
    pub value: String,
    /// ISO 4217 currency.
    pub currency: String,
    /// auto, manual (default) or none.
    pub renewal: Option<String>,
    /// Key in the source system.
    pub external_ref: Option<String>,
}

impl ContractBody {
    /// Validates the body (shared by the API and the customer page), collecting every error.
    pub fn validate(&self) -> Result<NewContract, AppError> {
        let mut c = Check::default();
        let name = c.ok(parse_label("name", &self.name));
        let start = c.ok(parse_date("start_date", &self.start_date));
        let end = self
            .end_date
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|e| c.ok(parse_date("end_date", e)));
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            let code = carewell_domain::Code::EarlierThan {
                other: "start_date".into(),
            };
            c.0.push(DomainError::new("end_date", code));
        }
        let cur = c.ok(Currency::parse(&self.currency));
        // The amount parser names its field `amount`; here the field is `value`. A contract's
        // value cannot be negative.
        let value = cur.and_then(|cur| {
            c.ok(Money::parse_non_negative(&self.value, cur)
                .map_err(|e| DomainError::new("value", e.code)))
        });
        let renewal = match self.renewal.as_deref().filter(|r| !r.trim().is_empty()) {
            Some(r) => c.ok(Renewal::parse(r)),
            None => Some(Renewal::Manual),
        };
        let external_ref = self
            .external_ref
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .and_then(|r| c.ok(parse_label("external_ref", r)));
        c.finish()?;
        let (Some(name), Some(start_date), Some(value), Some(renewal)) =
            (name, start, value, renewal)
        else {
            // Unreachable: every missing part was reported above.
            return Err(AppError::invalid("name", carewell_domain::Code::Required));
        };
        Ok(NewContract {
            external_ref,
            name,
            start_date,
            end_date: end,
            value,
            renewal,
        })
    }
}

/// The customer's contracts.
#[utoipa::path(get, path = "/api/v1/customers/{id}/contracts", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, body = Vec<Contract>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn contracts(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<Contract>>, AppError> {
    must_exist(&s, &id).await?;
    Ok(Json(s.store.contracts(user.clearance(), &id).await?))
}

/// Record a contract.
#[utoipa::path(post, path = "/api/v1/customers/{id}/contracts", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = ContractBody,
    responses((status = 201, body = Contract), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_contract(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ContractBody>,
) -> Result<(StatusCode, Json<Contract>), AppError> {
    let n = b.validate()?;
    Ok((
        StatusCode::CREATED,
        Json(s.store.add_contract(&user.actor(), &id, &n).await?),
    ))
}
