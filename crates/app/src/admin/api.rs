//! `/api/v1/users` (admins) and `/api/v1/tokens` (everyone, for their own tokens; admins for
//! anyone's), plus the rules the pages share: creating a user with a given or generated
//! password, who may revoke which token, changing one's own password.

use super::password;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::users::{ApiToken, User, UserListing, new_secret};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A staff user.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserOut {
    /// Id.
    pub id: String,
    /// Login e-mail.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Whether the user may sign in and use tokens.
    pub active: bool,
    /// Created (UTC).
    pub created_at: String,
    /// Last sign-in to the web UI (UTC).
    pub last_login_at: Option<String>,
    /// Preferred UI and staff e-mail language (`en`, `zh-CN`, `et`); null = the browser's
    /// choice (English for e-mails).
    pub language: Option<String>,
}

impl From<UserListing> for UserOut {
    fn from(l: UserListing) -> Self {
        Self {
            id: l.user.id,
            email: l.user.email,
            name: l.user.name,
            role: l.user.role,
            active: l.user.active,
            language: l.user.language,
            created_at: l.created_at,
            last_login_at: l.last_login_at,
        }
    }
}

/// A new user.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUser {
    /// Login e-mail.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Initial password (at least 10 characters); left out, one is generated and returned once.
    #[serde(default)]
    pub password: Option<String>,
}

/// A created user, with the generated password if none was given (shown once).
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    /// The user.
    pub user: UserOut,
    /// The generated initial password, if one was generated.
    pub generated_password: Option<String>,
}

/// A change to a user: role, active and/or language.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct UserChange {
    /// Preferred language: one of `en`, `zh-CN`, `et` (anything else is refused with 422);
    /// `null` or `""` clears it (the browser's choice). Left out: unchanged.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub language: Option<Option<String>>,
    /// New role.
    #[serde(default)]
    pub role: Option<Role>,
    /// `false` deactivates (sessions end, tokens refused), `true` reactivates.
    #[serde(default)]
    pub active: Option<bool>,
}

/// A change to one's own account.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AccountChange {
    /// Preferred language: one of `en`, `zh-CN`, `et` (anything else is refused with 422);
    /// `null` or `""` clears it (the browser's choice). Left out: unchanged.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub language: Option<Option<String>>,
}

/// A field that was sent (`Some`), possibly as `null` (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
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

/// A generated initial password (20 hex characters).
pub fn generate_password() -> String {
    new_secret()[..20].to_string()
}

/// Creates a user with `password`, or a generated one (returned).
pub async fn create_user(
    s: &AppState,
    admin: &CurrentUser,
    email: &str,
    name: &str,
    role: Role,
    given: Option<&str>,
) -> Result<(User, Option<String>), AppError> {
    let mut errors = Vec::new();
    let email = Email::parse(email).map_err(|e| errors.push(e)).ok();
    let name = name.trim();
    if name.is_empty() {
        errors.push(carewell_domain::DomainError::new(
            "name",
            "the name is required",
        ));
    }
    let given = given.map(str::trim).filter(|p| !p.is_empty());
    let generated = given.is_none().then(generate_password);
    let plain = given
        .map(str::to_string)
        .or(generated.clone())
        .unwrap_or_default();
    let hash = password::hash(&plain)
        .map_err(|e| errors.push(carewell_domain::DomainError::new("password", e)))
        .ok();
    let (Some(email), Some(hash)) = (email, hash) else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let user = s
        .store
        .create_user(&admin.actor(), &email, name, role, &hash)
        .await?;
    Ok((user, generated))
}

/// The token, if `user` may revoke it: their own, or anyone's for an admin. Others' tokens are
/// reported as not found, so ids do not leak.
pub async fn revocable(s: &AppState, user: &CurrentUser, id: &str) -> Result<ApiToken, AppError> {
    let t = s.store.api_token(id).await?;
    if t.user_id != user.user.id && !user.has(Role::ADMINS) {
        return Err(AppError::NotFound("API token".into()));
    }
    Ok(t)
}

/// Changes the signed-in user's password after checking the current one.
pub async fn change_own_password(
    s: &AppState,
    user: &CurrentUser,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let stored = s.store.password_hash(&user.user.id).await?;
    if !password::verify(current, &stored) {
        return Err(AppError::invalid(
            "current",
            "the current password is not correct",
        ));
    }
    let hash = password::hash(new).map_err(|e| AppError::invalid("new", e))?;
    s.store
        .set_password(&user.actor(), &user.user.id, &hash)
        .await?;
    Ok(())
}

/// List staff users (admins).
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = Vec<UserOut>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(State(s): State<AppState>) -> Result<Json<Vec<UserOut>>, AppError> {
    Ok(Json(
        s.store
            .user_listing()
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// Add a staff user (admins). Without `password`, one is generated and returned once.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUser,
    responses((status = 201, body = CreatedUser), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(s): State<AppState>,
    admin: CurrentUser,
    ApiJson(b): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<CreatedUser>), AppError> {
    let (user, generated_password) =
        create_user(&s, &admin, &b.email, &b.name, b.role, b.password.as_deref()).await?;
    let user = s.store.user_listed(&user.id).await?.into();
    Ok((
        StatusCode::CREATED,
        Json(CreatedUser {
            user,
            generated_password,
        }),
    ))
}

/// One staff user (admins).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = String, Path, description = "User id")),
    responses((status = 200, body = UserOut), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<UserOut>, AppError> {
    Ok(Json(s.store.user_listed(&id).await?.into()))
}

/// Change a user's role, deactivate/reactivate them and/or set their language (admins).
/// Leaving no active admin is refused (409); a language that is not shipped, 422.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = String, Path, description = "User id")),
    request_body = UserChange,
    responses((status = 200, body = UserOut), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(s): State<AppState>,
    admin: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<UserChange>,
) -> Result<Json<UserOut>, AppError> {
    s.store.user(&id).await?;
    let language = match &b.language {
        Some(l) => Some(crate::web::i18n::Tr::parse_preference(l.as_deref())?.map(str::to_string)),
        None => None,
    };
    // One transaction: a refused part (the last active admin) leaves every part unchanged.
    let change = carewell_store::users::UserChange {
        role: b.role,
        active: b.active,
        language,
    };
    s.store.update_user(&admin.actor(), &id, &change).await?;
    Ok(Json(s.store.user_listed(&id).await?.into()))
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
    let hash = password::hash(&plain).map_err(|e| AppError::invalid("password", e))?;
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
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "users", params(("id" = String, Path, description = "Token id")),
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

/// Change the caller's own password (the current one is required).
#[utoipa::path(put, path = "/api/v1/account/password", tag = "users", request_body = PasswordChange,
    responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn change_password(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<PasswordChange>,
) -> Result<StatusCode, AppError> {
    change_own_password(&s, &user, &b.current, &b.new).await?;
    Ok(StatusCode::NO_CONTENT)
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
