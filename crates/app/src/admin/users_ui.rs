//! `/admin/users`: the staff list with an add form, and one user's page (role, deactivate /
//! reactivate, API tokens). Admins only. A refused change re-renders the page with a readable
//! reason (422/409); a generated password or a new token secret is shown once.

use super::api::{create_user, revocable};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::when;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::role::Role;
use carewell_store::users::{ApiToken, LAST_ADMIN, UserListing};
use serde::Deserialize;

/// A user row.
pub struct UserView {
    /// Id.
    pub id: String,
    /// E-mail.
    pub email: String,
    /// Name.
    pub name: String,
    /// Role name.
    pub role: &'static str,
    /// Role label.
    pub role_label: String,
    /// Active.
    pub active: bool,
    /// Last sign-in, or a dash.
    pub last_login: String,
    /// Created.
    pub created: String,
}

/// A token row.
pub struct TokenView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Created.
    pub created: String,
    /// Last used, or "never".
    pub last_used: String,
    /// Revoked at, if revoked.
    pub revoked: Option<String>,
}

/// A role choice.
pub struct RoleOpt {
    /// Value.
    pub value: &'static str,
    /// Label.
    pub label: String,
    /// Selected.
    pub selected: bool,
}

/// The role choices with `current` selected.
pub fn roles(tr: &Tr, current: Role) -> Vec<RoleOpt> {
    Role::ALL
        .iter()
        .map(|r| RoleOpt {
            value: r.as_str(),
            label: role_label(tr, *r),
            selected: *r == current,
        })
        .collect()
}

/// The language choices (browser's choice, then the shipped languages in their own names)
/// with `current` selected.
pub fn language_opts(tr: &Tr, current: Option<&str>) -> Vec<RoleOpt> {
    let mut out = vec![RoleOpt {
        value: "",
        label: tr.t("acct-language-browser"),
        selected: current.is_none(),
    }];
    out.extend(Tr::choices().iter().map(|(tag, name)| RoleOpt {
        value: tag,
        label: (*name).to_string(),
        selected: current == Some(*tag),
    }));
    out
}

/// A role in the UI language.
pub fn role_label(tr: &Tr, r: Role) -> String {
    tr.t(&format!("adm-role-{}", r.as_str()))
}

/// A user for the pages.
pub fn user_view(tr: &Tr, l: UserListing) -> UserView {
    UserView {
        role: l.user.role.as_str(),
        role_label: role_label(tr, l.user.role),
        id: l.user.id,
        email: l.user.email,
        name: l.user.name,
        active: l.user.active,
        last_login: l
            .last_login_at
            .map(|t| when(&t))
            .unwrap_or_else(|| "—".into()),
        created: when(&l.created_at),
    }
}

/// Tokens for the pages.
pub fn token_views(tr: &Tr, ts: Vec<ApiToken>) -> Vec<TokenView> {
    ts.into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            created: when(&t.created_at),
            last_used: t
                .last_used_at
                .map(|x| when(&x))
                .unwrap_or_else(|| tr.t("adm-token-never")),
            revoked: t.revoked_at.map(|x| when(&x)),
        })
        .collect()
}

/// A refused change as readable sentences; anything else is passed on.
pub fn refusal(tr: &Tr, e: AppError) -> Result<Vec<String>, AppError> {
    match e {
        AppError::Invalid(v) => Ok(v
            .into_iter()
            .map(|f| format!("{}: {}", tr.t(&format!("adm-field-{}", f.field)), f.reason))
            .collect()),
        AppError::Conflict(m) if m == LAST_ADMIN => Ok(vec![tr.t("adm-err-last-admin")]),
        AppError::Conflict(m) => Ok(vec![m]),
        other => Err(other),
    }
}

/// The add-user form.
#[derive(Debug, Default, Deserialize)]
pub struct AddForm {
    /// E-mail.
    #[serde(default)]
    pub email: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Role.
    #[serde(default)]
    pub role: String,
    /// Initial password; blank = generate one.
    #[serde(default)]
    pub password: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
/// The users list.
pub struct UsersPage {
    chrome: Chrome,
    users: Vec<UserView>,
    roles: Vec<RoleOpt>,
    form: AddForm,
    errors: Vec<String>,
    created: Option<(String, String)>,
    generated: Option<String>,
}

async fn render_list(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    form: AddForm,
    errors: Vec<String>,
    created: Option<(String, String)>,
    generated: Option<String>,
) -> Result<UsersPage, AppError> {
    let users = s
        .store
        .user_listing()
        .await?
        .into_iter()
        .map(|l| user_view(&tr, l))
        .collect();
    let role = Role::parse(&form.role).unwrap_or(Role::Agent);
    Ok(UsersPage {
        roles: roles(&tr, role),
        chrome: Chrome::new(tr, user),
        users,
        form,
        errors,
        created,
        generated,
    })
}

/// GET /admin/users
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<UsersPage, AppError> {
    render_list(&s, tr, &user, AddForm::default(), vec![], None, None).await
}

/// POST /admin/users: adds a user; shows a generated password once.
pub async fn create(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<AddForm>,
) -> Result<Response, AppError> {
    let result = async {
        let role = Role::parse(&f.role)?;
        create_user(&s, &user, &f.email, &f.name, role, Some(&f.password)).await
    }
    .await;
    match result {
        Ok((u, generated)) => {
            let page = render_list(
                &s,
                tr,
                &user,
                AddForm::default(),
                vec![],
                Some((u.id, u.email)),
                generated,
            )
            .await?;
            Ok((StatusCode::CREATED, page).into_response())
        }
        Err(e) => {
            let errors = refusal(&tr, e)?;
            let f = AddForm {
                password: String::new(),
                ..f
            };
            let page = render_list(&s, tr, &user, f, errors, None, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/user.html")]
/// One user's page.
pub struct UserPage {
    chrome: Chrome,
    u: UserView,
    is_self: bool,
    roles: Vec<RoleOpt>,
    languages: Vec<RoleOpt>,
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

/// The language form (`language` empty = the browser's choice).
#[derive(Debug, Default, Deserialize)]
pub struct LanguageForm {
    /// A shipped language tag, or empty.
    #[serde(default)]
    pub language: String,
}

/// POST /admin/users/{id}/language
pub async fn set_language(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<LanguageForm>,
) -> Result<Response, AppError> {
    let result = super::api::save_language(&s, &user, &id, Some(&f.language))
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

/// The new-token form.
#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    /// Token name.
    #[serde(default)]
    pub name: String,
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
    let generated = super::api::reset_user_password(&s, &user, &id, None).await?;
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
