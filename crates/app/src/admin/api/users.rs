//! Staff users (admins): list, create (with a given or generated password), read, change.

use super::{generate_password, present};
use crate::admin::password;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::users::{User, UserListing};
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
            carewell_domain::Code::Required,
        ));
    }
    let given = given.map(str::trim).filter(|p| !p.is_empty());
    let generated = given.is_none().then(generate_password);
    let plain = given
        .map(str::to_string)
        .or(generated.clone())
        .unwrap_or_default();
    let hash = match password::hash(&plain) {
        Ok(h) => Some(h),
        Err(password::PasswordError::TooShort) => {
            let min = password::MIN_LEN;
            let code = carewell_domain::Code::TooShort { min };
            errors.push(carewell_domain::DomainError::new("password", code));
            None
        }
        Err(e) => return Err(e.invalid("password")),
    };
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

/// List staff users (admins).
#[utoipa::path(get, operation_id = "list_users", path = "/api/v1/users", tag = "users",
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
#[utoipa::path(post, operation_id = "create_user", path = "/api/v1/users", tag = "users", request_body = NewUser,
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
#[utoipa::path(get, operation_id = "get_user", path = "/api/v1/users/{id}", tag = "users", params(("id" = String, Path, description = "User id")),
    responses((status = 200, body = UserOut), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<UserOut>, AppError> {
    Ok(Json(s.store.user_listed(&id).await?.into()))
}

/// Change a user's role, deactivate/reactivate them and/or set their language (admins).
/// Leaving no active admin is refused (409); a language that is not shipped, 422.
#[utoipa::path(patch, operation_id = "update_user", path = "/api/v1/users/{id}", tag = "users", params(("id" = String, Path, description = "User id")),
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
