//! A customer's product usage events.

use super::Check;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::DomainError;
use carewell_domain::customer::parse_label;
use carewell_domain::time::{fmt_ts, parse_ts};
use carewell_store::activity::UsageEvent;
use serde::Deserialize;
use utoipa::ToSchema;

/// A product-usage event.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UsageBody {
    /// Event name, e.g. `login`.
    pub event: String,
    /// How much (default 1).
    pub quantity: Option<f64>,
    /// When; default now.
    pub occurred_at: Option<String>,
}

/// A validated usage event.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUsage {
    /// Event name.
    pub event: String,
    /// How much.
    pub quantity: f64,
    /// When (stored form).
    pub occurred_at: String,
}

impl UsageBody {
    /// Validates the body (shared by the API and the customer page), collecting every error.
    pub fn validate(&self) -> Result<NewUsage, AppError> {
        let mut c = Check::default();
        let event = c.ok(parse_label("event", &self.event));
        let at = match self.occurred_at.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) => c.ok(parse_ts("occurred_at", t)),
            None => Some(chrono::Utc::now()),
        };
        let quantity = self.quantity.unwrap_or(1.0);
        if !quantity.is_finite() {
            let code = carewell_domain::Code::NotANumber {
                value: quantity.to_string(),
            };
            c.0.push(DomainError::new("quantity", code));
        }
        c.finish()?;
        Ok(NewUsage {
            event: event.unwrap_or_default(),
            quantity,
            occurred_at: fmt_ts(at.unwrap_or_default()),
        })
    }
}

/// Record a usage event.
#[utoipa::path(post, path = "/api/v1/customers/{id}/usage", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = UsageBody,
    responses((status = 201, body = UsageEvent), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_usage(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<UsageBody>,
) -> Result<(StatusCode, Json<UsageEvent>), AppError> {
    let n = b.validate()?;
    let u = s
        .store
        .add_usage(&user.actor(), &id, &n.event, n.quantity, &n.occurred_at)
        .await?;
    Ok((StatusCode::CREATED, Json(u)))
}
