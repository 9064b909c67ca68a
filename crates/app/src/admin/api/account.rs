//! One's own account: the details and the preferred language.

use super::present;
use super::users::UserOut;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::State;
use carewell_store::users::User;
use serde::Deserialize;
use utoipa::ToSchema;

/// A change to one's own account.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AccountChange {
    /// Preferred language: one of `en`, `zh-CN`, `et` (anything else is refused with 422);
    /// `null` or `""` clears it (the browser's choice). Left out: unchanged.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub language: Option<Option<String>>,
}

/// Validates and stores a user's language preference (`None`/empty clears it).
pub async fn save_language(
    s: &AppState,
    by: &CurrentUser,
    user_id: &str,
    raw: Option<&str>,
) -> Result<User, AppError> {
    let lang = crate::web::i18n::Tr::parse_preference(raw)?;
    Ok(s.store
        .set_user_language(&by.actor(), user_id, lang)
        .await?)
}

/// The caller's own account.
#[utoipa::path(get, path = "/api/v1/account", tag = "users",
    responses((status = 200, body = UserOut)))]
pub async fn account(
    State(s): State<AppState>,
    user: CurrentUser,
) -> Result<Json<UserOut>, AppError> {
    Ok(Json(s.store.user_listed(&user.user.id).await?.into()))
}

/// Change the caller's own account: the preferred language of the UI and staff e-mails.
#[utoipa::path(patch, path = "/api/v1/account", tag = "users", request_body = AccountChange,
    responses((status = 200, body = UserOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update_account(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<AccountChange>,
) -> Result<Json<UserOut>, AppError> {
    if let Some(l) = &b.language {
        save_language(&s, &user, &user.user.id, l.as_deref()).await?;
    }
    Ok(Json(s.store.user_listed(&user.user.id).await?.into()))
}
