//! A customer's interactions (calls, e-mails, meetings, notes).

use super::{Check, Paging, must_exist};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::customer::parse_label;
use carewell_domain::interaction::{InteractionKind, Sentiment, parse_summary};
use carewell_domain::time::{fmt_ts, not_in_future, parse_ts};
use carewell_store::interactions::{Interaction, NewInteraction};
use serde::Deserialize;
use utoipa::ToSchema;

/// A new interaction.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InteractionBody {
    /// call, meeting, email, chat, visit or note.
    #[schema(value_type = carewell_domain::interaction::InteractionKind)]
    pub kind: String,
    /// What was said or done.
    pub summary: String,
    /// When (RFC 3339 or YYYY-MM-DD); default now.
    pub occurred_at: Option<String>,
    /// positive, neutral or negative.
    #[schema(value_type = Option<carewell_domain::interaction::Sentiment>)]
    pub sentiment: Option<String>,
    /// Key in the source system.
    pub external_ref: Option<String>,
}

impl InteractionBody {
    /// Validates the body; the interaction is recorded as had by `user_id`. It happened, so
    /// it cannot lie after `now` (beyond a few minutes of clock skew).
    pub fn validate(
        &self,
        user_id: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<NewInteraction, AppError> {
        let mut c = Check::default();
        let kind = c.ok(InteractionKind::parse(&self.kind));
        let summary = c.ok(parse_summary(&self.summary));
        let at = match self.occurred_at.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(t) => c
                .ok(parse_ts("occurred_at", t))
                .and_then(|at| c.ok(not_in_future("occurred_at", at, now).map(|()| at))),
            None => Some(now),
        };
        let sentiment = self
            .sentiment
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|v| c.ok(Sentiment::parse(v)));
        let external_ref = self
            .external_ref
            .as_deref()
            .and_then(|r| c.ok(parse_label("external_ref", r)));
        c.finish()?;
        Ok(NewInteraction {
            external_ref,
            kind: kind.unwrap_or(InteractionKind::Note),
            occurred_at: fmt_ts(at.unwrap_or_default()),
            user_id: Some(user_id.to_string()),
            summary: summary.unwrap_or_default(),
            sentiment,
        })
    }
}

/// The customer's interactions, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/interactions", tag = "customers",
    params(("id" = String, Path, description = "Customer id"), Paging),
    responses((status = 200, body = Vec<Interaction>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn interactions(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<Paging>,
) -> Result<Json<Vec<Interaction>>, AppError> {
    must_exist(&s, &id).await?;
    Ok(Json(
        s.store
            .interactions(&id, crate::web::pager::limit(p.limit, 100))
            .await?,
    ))
}

/// Record an interaction.
#[utoipa::path(post, path = "/api/v1/customers/{id}/interactions", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = InteractionBody,
    responses((status = 201, body = Interaction), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_interaction(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<InteractionBody>,
) -> Result<(StatusCode, Json<Interaction>), AppError> {
    let n = b.validate(&user.user.id, s.clock.now())?;
    Ok((
        StatusCode::CREATED,
        Json(s.store.add_interaction(&user.actor(), &id, &n).await?),
    ))
}
