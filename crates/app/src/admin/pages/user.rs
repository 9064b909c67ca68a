//! `/admin/users/{id}`: one user's page (role, language, deactivate / reactivate, API tokens,
//! password reset). Admins only. A refused change re-renders the page with a readable reason
//! (422/409); a generated password or a new token secret is shown once.

use crate::admin::api::account::save_language;
use crate::admin::api::passwords::reset_user_password;
use crate::admin::api::tokens::revocable;
use crate::admin::view::{
    LanguageForm, TokenForm, TokenView, UserView, language_opts, refusal, roles, token_views,
    user_view,
};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::Opt;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::role::Role;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin/user.html")]
/// One user's page.
pub struct UserPage {
    chrome: Chrome,
    u: UserView,
    is_self: bool,
    roles: Vec<Opt>,
    languages: Vec<Opt>,
    tokens: Vec<TokenView>,
    errors: Vec<String>,
    secret: Option<String>,
    new_password: Option<String>,
    revoke_base: &'static str,
    create_action: String,
}

/// A secret shown once on the user's page.
pub enum Once {
    /// Nothing.
    Nothing,
    /// A new token's secret.
    Token(String),
    /// A reset password (generated).
    Password(Option<String>),
}

async fn render_user(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    errors: Vec<String>,
    once: Once,
    status: StatusCode,
) -> Result<Response, AppError> {
    let l = s.store.user_listed(id).await?;
    let tokens = token_views(&tr, s.store.api_tokens(id).await?);
    let role = l.user.role;
    let languages = language_opts(&tr, l.user.language.as_deref());
    let page = UserPage {
        languages,
        is_self: l.user.id == user.user.id,
        u: user_view(&tr, l),
        roles: roles(&tr, role),
        tokens,
        errors,
        secret: match &once {
            Once::Token(t) => Some(t.clone()),
            _ => None,
        },
        new_password: match once {
            Once::Password(p) => p,
            _ => None,
        },
        revoke_base: "/admin/tokens",
        create_action: format!("/admin/users/{id}/tokens"),
        chrome: Chrome::new(tr, user),
    };
    Ok((status, page).into_response())
}

/// GET /admin/users/{id}
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render_user(&s, tr, &user, &id, vec![], Once::Nothing, StatusCode::OK).await
}

/// The role form.
#[derive(Debug, Default, Deserialize)]
pub struct RoleForm {
    /// New role.
    #[serde(default)]
    pub role: String,
}

async fn outcome(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    result: Result<(), AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/admin/users/{id}")).into_response()),
        Err(e) => {
            let status = e.status();
            let errors = refusal(&tr, e)?;
            render_user(s, tr, user, id, errors, Once::Nothing, status).await
        }
    }
}

/// POST /admin/users/{id}/role
pub async fn set_role(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<RoleForm>,
) -> Result<Response, AppError> {
    let result = async {
        let role = Role::parse(&f.role)?;
        s.store.set_user_role(&user.actor(), &id, role).await?;
        Ok(())
    }
    .await;
    outcome(&s, tr, &user, &id, result).await
}

/// POST /admin/users/{id}/language
pub async fn set_language(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<LanguageForm>,
) -> Result<Response, AppError> {
    let result = save_language(&s, &user, &id, Some(&f.language))
        .await
        .map(|_| ());
    outcome(&s, tr, &user, &id, result).await
}

/// The activation form.
#[derive(Debug, Default, Deserialize)]
pub struct ActiveForm {
    /// `1` reactivates, `0` deactivates.
    #[serde(default)]
    pub active: String,
}

/// POST /admin/users/{id}/active
pub async fn set_active(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<ActiveForm>,
) -> Result<Response, AppError> {
    let active = f.active.trim() == "1";
    let result = s
        .store
        .set_user_active(&user.actor(), &id, active)
        .await
        .map(|_| ())
        .map_err(AppError::from);
    outcome(&s, tr, &user, &id, result).await
}

/// POST /admin/users/{id}/tokens: shows the secret once.
pub async fn create_token(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<TokenForm>,
) -> Result<Response, AppError> {
    match s.store.issue_api_token(&user.actor(), &id, &f.name).await {
        Ok((_, secret)) => {
            render_user(
                &s,
                tr,
                &user,
                &id,
                vec![],
                Once::Token(secret),
                StatusCode::CREATED,
            )
            .await
        }
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            let errors = refusal(&tr, e)?;
            render_user(&s, tr, &user, &id, errors, Once::Nothing, status).await
        }
    }
}

/// POST /admin/users/{id}/password: a new generated password, shown once; their sessions end.
pub async fn reset_password(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let generated = reset_user_password(&s, &user, &id, None).await?;
    render_user(
        &s,
        tr,
        &user,
        &id,
        vec![],
        Once::Password(generated),
        StatusCode::OK,
    )
    .await
}

/// POST /admin/tokens/{id}/revoke: back to the owner's page.
pub async fn revoke_token(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let t = revocable(&s, &user, &id).await?;
    let result = s
        .store
        .revoke_api_token(&user.actor(), &id)
        .await
        .map(|_| ())
        .map_err(AppError::from);
    outcome(&s, tr, &user, &t.user_id, result).await
}
