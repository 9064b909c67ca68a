//! The HTML error pages: browsers get a readable page (in their language, inside the
//! navigation when signed in) where the API answers problem+json; unknown paths are a 404.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::auth::authorize::SESSION_COOKIE;
use crate::web::error::{AppError, Rendered};
use crate::web::i18n::Tr;
use crate::web::page::{self, Chrome};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

/// Unknown paths: a readable 404 page for browsers, problem+json for the API.
pub async fn not_found() -> AppError {
    AppError::NotFound(carewell_domain::Entity::Page)
}

/// The error page.
#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    chrome: Chrome,
    title: String,
    hint: Option<String>,
    detail: String,
    /// Invalid fields: (label, reason).
    errors: Vec<(String, String)>,
}

/// The signed-in user of a browser session (for the frame of an error page).
async fn signed_in(s: &AppState, headers: &HeaderMap) -> Option<CurrentUser> {
    let jar = CookieJar::from_headers(headers);
    let cookie = jar.get(SESSION_COOKIE)?;
    let (user, csrf) = s.store.session_user(cookie.value()).await.ok()??;
    Some(CurrentUser {
        user,
        csrf: Some(csrf),
    })
}

/// Browser pages get a readable HTML error page instead of problem+json.
pub async fn html_errors(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let wants_json = path.starts_with("/api/")
        || req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("json") && !a.contains("html"));
    let (mut parts, _) = Request::new(()).into_parts();
    parts.headers = req.headers().clone();
    let tr = <Tr as axum::extract::FromRequestParts<()>>::from_request_parts(&mut parts, &())
        .await
        .unwrap_or_default();
    let zone = crate::web::zone::from_headers(req.headers(), s.config.zone());
    let brand = page::Brand {
        name: s.config.company_name.clone(),
        logo: s.config.company_logo_url.clone(),
    };
    let res = page::REQUEST_PATH
        .scope(
            path.clone(),
            crate::web::zone::ZONE.scope(zone, page::BRAND.scope(brand.clone(), next.run(req))),
        )
        .await;
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !is_problem {
        return res;
    }
    let Some(Rendered(err)) = res.extensions().get::<Rendered>().cloned() else {
        return res;
    };
    if wants_json {
        // The API in the reader's language (English unless the request asks for another).
        return if tr.lang == "en" {
            res
        } else {
            err.response_in(&tr)
        };
    }
    let status = err.status();
    let problem = err.problem(&tr);
    // A readable heading and hint in the page language; the detail says what happened.
    let code = status.as_u16();
    let hint_key = format!("error-{code}-hint");
    let customer = page::is_customer_path(&path);
    // Customers get the operator's words, never a way to the staff sign-in.
    let hint = if customer {
        let key = format!("error-{code}-hint-customer");
        Some(tr.t(&key)).filter(|t| *t != key)
    } else {
        None
    }
    .or_else(|| Some(tr.t(&hint_key)).filter(|t| *t != hint_key));
    // Signed-in users keep their navigation on an error page.
    let chrome = if customer {
        let mut c = Chrome::customer(tr);
        c.brand = brand;
        c
    } else {
        match signed_in(&s, &parts.headers).await {
            Some(user) => Chrome::new(tr, &user),
            None => Chrome::public(tr),
        }
    };
    let errors = match err.as_ref() {
        AppError::Invalid(v) => v
            .iter()
            .map(|e| (tr.label(&e.field), tr.code(&e.code)))
            .collect(),
        _ => problem
            .errors
            .into_iter()
            .map(|e| (e.field, e.reason))
            .collect(),
    };
    let page = ErrorPage {
        chrome,
        title: problem.title,
        hint,
        detail: problem.detail,
        errors,
    };
    let mut res = (status, page).into_response();
    if let Some(secs) = err.retry_after() {
        res.headers_mut()
            .insert(header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
    }
    res
}
