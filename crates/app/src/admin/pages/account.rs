//! `/account`: "My account" for every signed-in user — their details, their own API tokens
//! (create, shown once; revoke), a password change that needs the current password, and the
//! preferred language (pages and staff e-mails; the header switch saves it too).

use crate::admin::api::account::{save_language, save_timezone};
use crate::admin::api::passwords::change_own_password;
use crate::admin::api::tokens::revocable;
use crate::admin::view::{TokenForm, TokenView, language_opts, refusal, role_label, token_views};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::Opt;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin/account.html")]
/// The account page.
pub struct AccountPage {
    chrome: Chrome,
    name: String,
    email: String,
    role: String,
    languages: Vec<Opt>,
    /// The saved zone (empty = the browser's).
    timezone: String,
    /// Which zone pages use now (saved, browser's or server's), in words.
    zone_note: String,
    zones: Vec<Opt>,
    tokens: Vec<TokenView>,
    errors: Vec<String>,
    error_at: &'static str,
    secret: Option<String>,
    password_changed: bool,
    revoke_base: &'static str,
    create_action: &'static str,
}

/// Notices after a redirect.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    /// `password` after a password change.
    #[serde(default)]
    pub done: String,
}

/// What to show besides the stored account.
#[derive(Default)]
struct Extra {
    errors: Vec<String>,
    error_at: &'static str,
    secret: Option<String>,
    password_changed: bool,
}

/// The page again with `e`'s reason beside the form `at` (status of the error); an error that
/// is not about the input becomes an error page.
async fn refused(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    at: &'static str,
    e: AppError,
) -> Result<Response, AppError> {
    let status = e.status();
    let retry_after = e.retry_after();
    let x = Extra {
        errors: refusal(&tr, e)?,
        error_at: at,
        ..Extra::default()
    };
    let mut res = render(s, tr, user, x, status).await?;
    if let Some(secs) = retry_after {
        res.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(secs),
        );
    }
    Ok(res)
}

async fn render(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    x: Extra,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tokens = token_views(&tr, s.store.api_tokens(&user.user.id).await?);
    let saved_zone = s
        .store
        .user_timezone(&user.user.id)
        .await?
        .unwrap_or_default();
    let page = AccountPage {
        name: user.user.name.clone(),
        email: user.user.email.clone(),
        role: role_label(&tr, user.user.role),
        languages: language_opts(&tr, user.user.language.as_deref()),
        timezone: saved_zone.clone(),
        zone_note: tr.t_with(
            "acct-timezone-now",
            &[("zone", crate::web::zone::current().name())],
        ),
        zones: crate::web::zone::names()
            .map(|z| Opt {
                value: z.to_string(),
                label: z.replace('_', " "),
                selected: z == saved_zone,
            })
            .collect(),
        tokens,
        errors: x.errors,
        error_at: x.error_at,
        secret: x.secret,
        password_changed: x.password_changed,
        revoke_base: "/account/tokens",
        create_action: "/account/tokens",
        chrome: Chrome::new(tr, user),
    };
    Ok((status, page).into_response())
}

/// GET /account
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<Done>,
) -> Result<Response, AppError> {
    let changed = q.done == "password";
    let x = Extra {
        password_changed: changed,
        ..Extra::default()
    };
    render(&s, tr, &user, x, StatusCode::OK).await
}

/// The password form.
#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    /// Current password.
    #[serde(default)]
    pub current: String,
    /// New password.
    #[serde(default)]
    pub new: String,
    /// New password again.
    #[serde(default)]
    pub confirm: String,
}

/// POST /account/password
pub async fn change_password(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    client: crate::admin::throttle::ClientAddr,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let result = if f.new != f.confirm {
        Err(AppError::invalid(
            "confirm",
            carewell_domain::Code::PasswordsDiffer,
        ))
    } else {
        change_own_password(&s, &user, &client, &f.current, &f.new).await
    };
    match result {
        Ok(()) => Ok(Redirect::to("/account?done=password").into_response()),
        Err(e) => refused(&s, tr, &user, "password", e).await,
    }
}

/// POST /account/language: saves the preferred language (empty = the browser's choice) and
/// sets this browser's language cookie to match (cleared for the browser's choice); the next
/// page already renders in it.
pub async fn set_language(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    jar: axum_extra::extract::cookie::CookieJar,
    Form(f): Form<crate::admin::view::LanguageForm>,
) -> Result<Response, AppError> {
    match save_language(&s, &user, &user.user.id, Some(&f.language)).await {
        Ok(saved) => {
            use axum_extra::extract::cookie::{Cookie, SameSite};
            let jar = match saved.language {
                Some(l) => jar.add(
                    Cookie::build((crate::web::i18n::LANG_COOKIE, l))
                        .path("/")
                        .same_site(SameSite::Lax)
                        .permanent()
                        .build(),
                ),
                None => jar.remove(
                    Cookie::build(crate::web::i18n::LANG_COOKIE)
                        .path("/")
                        .build(),
                ),
            };
            Ok((jar, Redirect::to("/account?done=language")).into_response())
        }
        Err(e) => refused(&s, tr, &user, "language", e).await,
    }
}

/// The time zone form.
#[derive(Debug, Default, Deserialize)]
pub struct TimezoneForm {
    /// An IANA zone name, or empty for the browser's zone.
    #[serde(default)]
    pub timezone: String,
}

/// The cookie that carries a saved zone to the page middleware (`web::zone`).
pub fn zone_cookie(zone: &str) -> axum_extra::extract::cookie::Cookie<'static> {
    use axum_extra::extract::cookie::{Cookie, SameSite};
    Cookie::build((crate::web::zone::SAVED_COOKIE, zone.to_string()))
        .path("/")
        .same_site(SameSite::Lax)
        .permanent()
        .build()
}

/// POST /account/timezone: saves the time zone of staff pages (empty = the browser's) and
/// sets this browser's zone cookie to match; the next page already shows times in it.
pub async fn set_timezone(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    jar: axum_extra::extract::cookie::CookieJar,
    Form(f): Form<TimezoneForm>,
) -> Result<Response, AppError> {
    match save_timezone(&s, &user, &user.user.id, Some(&f.timezone)).await {
        Ok(saved) => {
            let jar = match saved {
                Some(z) => jar.add(zone_cookie(&z)),
                // Expired whether or not this request carried it.
                None => jar.add(
                    axum_extra::extract::cookie::Cookie::build((
                        crate::web::zone::SAVED_COOKIE,
                        "",
                    ))
                    .path("/")
                    .max_age(time::Duration::ZERO)
                    .build(),
                ),
            };
            Ok((jar, Redirect::to("/account?done=timezone")).into_response())
        }
        Err(e) => refused(&s, tr, &user, "timezone", e).await,
    }
}

/// POST /account/tokens: shows the secret once.
pub async fn create_token(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<TokenForm>,
) -> Result<Response, AppError> {
    match s
        .store
        .issue_api_token(&user.actor(), &user.user.id, &f.name)
        .await
    {
        Ok((_, secret)) => {
            let x = Extra {
                secret: Some(secret),
                ..Extra::default()
            };
            render(&s, tr, &user, x, StatusCode::CREATED).await
        }
        Err(e) => refused(&s, tr, &user, "tokens", e.into()).await,
    }
}

/// POST /account/tokens/{id}/revoke: only one's own tokens (others' are not found).
pub async fn revoke_token(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let t = s.store.api_token(&id).await?;
    if t.user_id != user.user.id {
        return Err(AppError::NotFound(carewell_domain::Entity::Token));
    }
    revocable(&s, &user, &id).await?;
    match s.store.revoke_api_token(&user.actor(), &id).await {
        Ok(_) => Ok(Redirect::to("/account").into_response()),
        Err(e) => refused(&s, tr, &user, "tokens", e.into()).await,
    }
}
