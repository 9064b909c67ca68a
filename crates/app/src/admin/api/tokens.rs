//! API tokens: everyone's own, and (admins) anyone's; the secret is shown once.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::role::Role;
use carewell_store::users::ApiToken;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An API token (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    /// Id.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// What it is for.
    pub name: String,
    /// Created (UTC).
    pub created_at: String,
    /// Last used (UTC, to the minute).
    pub last_used_at: Option<String>,
    /// Revoked (UTC).
    pub revoked_at: Option<String>,
}

impl From<ApiToken> for TokenOut {
    fn from(t: ApiToken) -> Self {
        Self {
            id: t.id,
            user_id: t.user_id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A new token's name.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NewToken {
    /// What it is for (1–100 characters).
    #[serde(default)]
    pub name: String,
}

/// A created token with its secret (shown once; only a hash is stored).
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// The token.
    pub token: TokenOut,
    /// The bearer secret (`cw_…`).
    pub secret: String,
}

/// The token, if `user` may revoke it: their own, or anyone's for an admin. Others' tokens are
/// reported as not found, so ids do not leak.
pub async fn revocable(s: &AppState, user: &CurrentUser, id: &str) -> Result<ApiToken, AppError> {
    let t = s.store.api_token(id).await?;
    if t.user_id != user.user.id && !user.has(Role::ADMINS) {
        return Err(AppError::NotFound(carewell_domain::Entity::Token));
    }
    Ok(t)
}

/// A user's API tokens, revoked ones included (admins).
#[utoipa::path(get, path = "/api/v1/users/{id}/tokens", tag = "users", params(("id" = String, Path, description = "User id")),
    responses((status = 200, body = Vec<TokenOut>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn user_tokens(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<TokenOut>>, AppError> {
    s.store.user(&id).await?;
    Ok(Json(tokens(&s, &id).await?))
}

async fn tokens(s: &AppState, user_id: &str) -> Result<Vec<TokenOut>, AppError> {
    Ok(s.store
        .api_tokens(user_id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

async fn issue(
    s: &AppState,
    actor: &CurrentUser,
    user_id: &str,
    name: &str,
) -> Result<(StatusCode, Json<CreatedToken>), AppError> {
    let (t, secret) = s
        .store
        .issue_api_token(&actor.actor(), user_id, name)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            token: t.into(),
            secret,
        }),
    ))
}

/// Create an API token for a user (admins); the secret is returned once.
#[utoipa::path(post, path = "/api/v1/users/{id}/tokens", tag = "users", params(("id" = String, Path, description = "User id")),
    request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_user_token(
    State(s): State<AppState>,
    admin: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), AppError> {
    issue(&s, &admin, &id, &b.name).await
}

/// The caller's own API tokens.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "users",
    responses((status = 200, body = Vec<TokenOut>), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn my_tokens(
    State(s): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<TokenOut>>, AppError> {
    Ok(Json(tokens(&s, &user.user.id).await?))
}

/// Create an API token for the caller; the secret is returned once.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "users", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_my_token(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), AppError> {
    let id = user.user.id.clone();
    issue(&s, &user, &id, &b.name).await
}

/// Revoke a token: one's own, or anyone's for admins. It stops working at once.
#[utoipa::path(delete, operation_id = "revoke_token", path = "/api/v1/tokens/{id}", tag = "users", params(("id" = String, Path, description = "Token id")),
    responses((status = 200, body = TokenOut), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn revoke(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<TokenOut>, AppError> {
    revocable(&s, &user, &id).await?;
    s.store.revoke_api_token(&user.actor(), &id).await?;
    Ok(Json(s.store.api_token(&id).await?.into()))
}
