//! The sign-in page, sign-out, and the UI language switch.

use crate::admin::password;
use crate::admin::throttle::{Attempt, ClientAddr};
use crate::kernel::state::AppState;
use crate::web::auth::MaybeUser;
use crate::web::auth::authorize::{CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE};
use crate::web::error::{AppError, Denied};
use crate::web::i18n::{LANG_COOKIE, Tr};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use carewell_domain::language::SHIPPED;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    failed: bool,
    /// Why sign-in is refused for now (too many failed attempts), in the page language.
    locked: Option<String>,
    email: String,
    next: String,
}

/// Query of the login page.
#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only same-site relative paths are followed after login.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/today".into(),
    }
}

/// GET /login: the sign-in form.
pub async fn page(tr: Tr, MaybeUser(user): MaybeUser, Query(q): Query<NextQuery>) -> Response {
    if user.is_some() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    LoginPage {
        chrome: Chrome::public(tr),
        failed: false,
        locked: None,
        email: String::new(),
        next: safe_next(q.next.as_deref()),
    }
    .into_response()
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// POST /login: checks the password, opens a session, sets the cookie. Throttled (see
/// [`crate::admin::throttle`]): while the account is locked for this client, even the right
/// password is refused with 429, `Retry-After` and a readable message.
pub async fn submit(
    State(s): State<AppState>,
    tr: Tr,
    jar: CookieJar,
    client: ClientAddr,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(f.next.as_deref());
    let refuse = |tr: Tr, email: String, next: String, failed: bool, e: AppError| {
        let locked = e.retry_after().map(|secs| tr.login_locked(secs));
        let page = LoginPage {
            chrome: Chrome::public(tr),
            failed,
            locked,
            email,
            next,
        };
        let mut res = (e.status(), page).into_response();
        if let Some(secs) = e.retry_after() {
            res.headers_mut()
                .insert(header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
        }
        res
    };
    let attempt = match Attempt::begin(&s, &f.email, &client).await {
        Ok(a) => a,
        Err(e @ AppError::TooManyAttempts { .. }) => {
            return Ok(refuse(tr, f.email, next, false, e));
        }
        Err(e) => return Err(e),
    };
    let found = s.store.user_for_login(&f.email).await?;
    let ok = match &found {
        Some((u, hash)) => u.active && password::verify(&f.password, hash),
        None => {
            password::verify(&f.password, password::dummy_hash());
            false
        }
    };
    let Some((user, _)) = found.filter(|_| ok) else {
        let e = attempt.failed(&s).await?.unwrap_or(AppError::Unauthorized);
        return Ok(refuse(tr, f.email, next, true, e));
    };
    attempt.succeeded(&s).await?;
    let (secret, _csrf) = s
        .store
        .create_session(&user, s.config.session_hours)
        .await?;
    let cookie = Cookie::build((SESSION_COOKIE, secret))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(s.config.secure_cookies)
        .max_age(time_hours(s.config.session_hours))
        .build();
    // The saved time zone follows the user to a new browser.
    let jar = jar.add(cookie);
    let jar = match s.store.user_timezone(&user.id).await? {
        Some(z) => jar.add(crate::admin::pages::account::zone_cookie(&z)),
        None => jar,
    };
    Ok((jar, Redirect::to(&next)).into_response())
}

fn time_hours(h: i64) -> time::Duration {
    time::Duration::hours(h)
}

/// POST /logout: ends the session. The route is public (an expired session must still be able to
/// clear its cookie), so the CSRF check the middleware gives signed-in routes is made here: a
/// live browser session is ended only with its token (the `csrf` form field or the
/// `x-csrf-token` header), so another site cannot sign a user out.
pub async fn logout(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    headers: HeaderMap,
    jar: CookieJar,
    body: Bytes,
) -> Result<Response, AppError> {
    if let Some(expected) = user.as_ref().and_then(|u| u.csrf.as_deref()) {
        let given = headers
            .get(CSRF_HEADER)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
            .or_else(|| {
                serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
                    .ok()?
                    .into_iter()
                    .find(|(k, _)| k == CSRF_FIELD)
                    .map(|(_, v)| v)
            });
        if given.as_deref() != Some(expected) {
            return Err(AppError::Forbidden(Denied::Csrf));
        }
    }
    if let Some(c) = jar.get(SESSION_COOKIE) {
        s.store.delete_session(c.value()).await?;
    }
    Ok((
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        Redirect::to("/login"),
    )
        .into_response())
}

/// Language switch query.
#[derive(Deserialize)]
pub struct LangQuery {
    l: String,
}

/// GET /lang?l=et: remembers the UI language for this browser (cookie) and goes back. It
/// changes nothing stored (a GET carries no CSRF token); the saved preference that follows a
/// user to other browsers and into staff e-mails is set on /account.
pub async fn set_language(
    jar: CookieJar,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, AppError> {
    let back = headers
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|r| r.find('/').map(|i| r[i..].to_string()))
        .unwrap_or_else(|| "/".into());
    if !SHIPPED.contains(&q.l.as_str()) {
        return Ok(Redirect::to(&safe_next(Some(&back))).into_response());
    }
    let cookie = Cookie::build((LANG_COOKIE, q.l))
        .path("/")
        .same_site(SameSite::Lax)
        .permanent()
        .build();
    Ok((jar.add(cookie), Redirect::to(&safe_next(Some(&back)))).into_response())
}
