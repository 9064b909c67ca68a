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
    /// Time zone of the times on staff pages: an IANA name such as `Europe/Tallinn`
    /// (anything else is refused with 422); `null` or `""` clears it (the browser's zone,
    /// then the server's). Left out: unchanged.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub timezone: Option<Option<String>>,
}

/// One's own account: the user and their own preferences.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct AccountOut {
    /// The user.
    #[serde(flatten)]
    pub user: UserOut,
    /// Time zone of staff pages (IANA name); null = the browser's zone, then the server's.
    pub timezone: Option<String>,
}

async fn account_out(s: &AppState, id: &str) -> Result<AccountOut, AppError> {
    Ok(AccountOut {
        user: s.store.user_listed(id).await?.into(),
        timezone: s.store.user_timezone(id).await?,
    })
}

/// Validates and stores a user's time zone (`None`/empty clears it); the stored name.
pub async fn save_timezone(
    s: &AppState,
    by: &CurrentUser,
    user_id: &str,
    raw: Option<&str>,
) -> Result<Option<String>, AppError> {
    let zone = match raw.map(str::trim).filter(|z| !z.is_empty()) {
        Some(z) => Some(crate::web::zone::parse("timezone", z)?.name()),
        None => None,
    };
    Ok(s.store
        .set_user_timezone(&by.actor(), user_id, zone)
        .await?)
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
    responses((status = 200, body = AccountOut)))]
pub async fn account(
    State(s): State<AppState>,
    user: CurrentUser,
) -> Result<Json<AccountOut>, AppError> {
    Ok(Json(account_out(&s, &user.user.id).await?))
}

/// Change the caller's own account: the preferred language of the UI and staff e-mails, and
/// the time zone of staff pages. Both are checked before either is saved.
#[utoipa::path(patch, path = "/api/v1/account", tag = "users", request_body = AccountChange,
    responses((status = 200, body = AccountOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update_account(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<AccountChange>,
) -> Result<Json<AccountOut>, AppError> {
    // Bad input changes nothing: the zone is checked before the language is saved.
    if let Some(Some(z)) = &b.timezone
        && !z.trim().is_empty()
    {
        crate::web::zone::parse("timezone", z)?;
    }
    if let Some(l) = &b.language {
        save_language(&s, &user, &user.user.id, l.as_deref()).await?;
    }
    if let Some(z) = &b.timezone {
        save_timezone(&s, &user, &user.user.id, z.as_deref()).await?;
    }
    Ok(Json(account_out(&s, &user.user.id).await?))
}
