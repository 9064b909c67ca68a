//! The farewell letter: the draft, saving it, and sending it (the written notice).

use super::Problemed;
use super::cases::CaseOut;
use crate::kernel::state::AppState;
use crate::offboarding::view::page_url;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use carewell_domain::Entity;
use carewell_domain::offboarding::Letter;
use carewell_store::Clearance;
use carewell_store::offboarding::LetterDraft;
use serde::Serialize;
use utoipa::ToSchema;

/// The farewell letter draft.
#[utoipa::path(get, path = "/api/v1/offboarding/cases/{id}/letter", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = LetterDraft), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn letter(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Problemed<Json<LetterDraft>> {
    s.store.offboarding_case(Clearance::SYSTEM, &id).await?;
    s.store
        .offboarding_letter(&id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound(Entity::Letter))
}

/// Save the letter draft (language and the five parts).
#[utoipa::path(put, path = "/api/v1/offboarding/cases/{id}/letter", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = Letter,
    responses((status = 200, body = LetterDraft), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn save_letter(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<Letter>,
) -> Problemed<Json<LetterDraft>> {
    let l = b.checked()?;
    Ok(Json(
        s.store
            .save_offboarding_letter(&user.actor(), &id, &l)
            .await?,
    ))
}

/// The case after sending, with the customer's link (shown once).
#[derive(Debug, Serialize, ToSchema)]
pub struct SentOut {
    /// The case.
    pub case: CaseOut,
    /// The customer's page, as sent in the letter.
    pub link: String,
}

/// Send the letter (written notice) through the outbox; refused (422) before a direct
/// contact is logged.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/letter/send", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = SentOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn send_letter(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<SentOut>> {
    let (c, token) = s
        .store
        .send_offboarding_letter(&user.actor(), &id, &s.config.company_name)
        .await?;
    Ok(Json(SentOut {
        case: c.into(),
        link: page_url(&s, &token),
    }))
}
