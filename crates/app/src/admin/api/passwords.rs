//! Passwords: an admin's reset of a user's password (given or generated), and one's own change
//! (with the current password).

use super::generate_password;
use crate::admin::password;
use crate::admin::throttle::{Attempt, ClientAddr};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::Code;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A password change.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct PasswordChange {
    /// The current password.
    #[serde(default)]
    pub current: String,
    /// The new password (at least 10 characters).
    #[serde(default)]
    pub new: String,
}

/// Changes the signed-in user's password after checking the current one. The check is
/// throttled like a sign-in (a stolen session or token cannot guess the password either):
/// while locked, [`AppError::TooManyAttempts`].
pub async fn change_own_password(
    s: &AppState,
    user: &CurrentUser,
    client: &ClientAddr,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let attempt = Attempt::begin(s, &user.user.email, client).await?;
    let stored = s.store.password_hash(&user.user.id).await?;
    if !password::verify(current, &stored) {
        return Err(attempt
            .failed(s)
            .await?
            .unwrap_or_else(|| AppError::invalid("current", Code::WrongPassword)));
    }
    attempt.succeeded(s).await?;
    let hash = password::hash(new).map_err(|e| e.invalid("new"))?;
    s.store
        .set_password(&user.actor(), &user.user.id, &hash)
        .await?;
    Ok(())
}

/// A password reset by an admin.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct PasswordReset {
    /// The new password (at least 10 characters); left out, one is generated and returned once.
    #[serde(default)]
    pub password: Option<String>,
}

/// The result of a reset: the generated password, if one was generated (shown once).
#[derive(Debug, Serialize, ToSchema)]
pub struct ResetDone {
    /// The generated password, if one was generated.
    pub generated_password: Option<String>,
}

/// Resets a user's password to `given` or a generated one (returned); ends their sessions.
pub async fn reset_user_password(
    s: &AppState,
    admin: &CurrentUser,
    id: &str,
    given: Option<&str>,
) -> Result<Option<String>, AppError> {
    s.store.user(id).await?;
    let given = given.map(str::trim).filter(|p| !p.is_empty());
    let generated = given.is_none().then(generate_password);
    let plain = given
        .map(str::to_string)
        .or(generated.clone())
        .unwrap_or_default();
    let hash = password::hash(&plain).map_err(|e| e.invalid("password"))?;
    s.store.reset_password(&admin.actor(), id, &hash).await?;
    Ok(generated)
}

/// Reset a user's password (admins); their sessions end. Without `password`, one is generated
/// and returned once.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", params(("id" = String, Path, description = "User id")),
    request_body = PasswordReset,
    responses((status = 200, body = ResetDone), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn reset_password(
    State(s): State<AppState>,
    admin: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PasswordReset>,
) -> Result<Json<ResetDone>, AppError> {
    let generated_password = reset_user_password(&s, &admin, &id, b.password.as_deref()).await?;
    Ok(Json(ResetDone { generated_password }))
}

/// Change the caller's own password (the current one is required).
#[utoipa::path(put, path = "/api/v1/account/password", tag = "users", request_body = PasswordChange,
    responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong current passwords: locked for the seconds in `Retry-After`", body = Problem, content_type = "application/problem+json")))]
pub async fn change_password(
    State(s): State<AppState>,
    user: CurrentUser,
    client: ClientAddr,
    ApiJson(b): ApiJson<PasswordChange>,
) -> Result<StatusCode, AppError> {
    change_own_password(&s, &user, &client, &b.current, &b.new).await?;
    Ok(StatusCode::NO_CONTENT)
}
