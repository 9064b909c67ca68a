//! The HTTP surface: assembles every capability's routes, the authorisation layer, the
//! HTML error pages and the static assets.

pub mod extract;
pub mod page;

use crate::auth::CurrentUser;
use crate::auth::access::Routes;
use crate::auth::middleware::{Guard, SESSION_COOKIE, authorize};
use crate::error::FieldError;
use crate::i18n::Tr;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use page::Chrome;
use std::sync::Arc;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Every route of the application, with its access rule.
pub fn routes() -> Routes {
    Routes::default()
        .merge(crate::platform::routes())
        .merge(crate::customers::routes())
        .merge(crate::audit::routes())
        .merge(crate::complaints::routes())
        .merge(crate::messaging::routes())
        .merge(crate::transfer::routes())
        .merge(crate::client_fit::routes())
        .merge(crate::offboarding_ui::routes())
        .merge(crate::offboarding::routes())
        .merge(crate::admin::routes())
}

/// Builds the complete router.
pub fn router(state: AppState) -> Router {
    let (router, table, _) = routes().into_parts();
    let guard = Guard {
        state: state.clone(),
        table: Arc::new(table),
    };
    let limit = state.config.max_body_bytes;
    router
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(guard, authorize))
        .layer(middleware::from_fn_with_state(state.clone(), html_errors))
        .layer(middleware::from_fn_with_state(state.clone(), crate::platform::metrics::count))
        .layer(RequestBodyLimitLayer::new(limit))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // Customer-facing pages carry their token in the URL: never hand it on to another
        // site as a Referer (the farewell letter links to other providers; same-origin keeps
        // the language switch's way back), and keep the pages out of indexes.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::HeaderName::from_static("x-robots-tag"),
            HeaderValue::from_static("noindex, nofollow"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"),
        ))
        .with_state(state)
}

/// Unknown paths: a readable 404 page for browsers, problem+json for the API.
async fn not_found() -> crate::error::AppError {
    crate::error::AppError::NotFound("page".into())
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    title: String,
    hint: Option<String>,
    detail: String,
    errors: Vec<FieldError>,
}

#[derive(serde::Deserialize)]
struct ProblemIn {
    title: String,
    detail: String,
    #[serde(default)]
    errors: Vec<FieldErrorIn>,
}

#[derive(serde::Deserialize)]
struct FieldErrorIn {
    field: String,
    reason: String,
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
    let res = page::REQUEST_PATH.scope(path.clone(), next.run(req)).await;
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if wants_json || !is_problem {
        return res;
    }
    let status = res.status();
    let bytes = to_bytes(res.into_body(), 1 << 20).await.unwrap_or_default();
    let Ok(p) = serde_json::from_slice::<ProblemIn>(&bytes) else {
        return status.into_response();
    };
    // A readable heading and hint in the page language; the server's detail stays below.
    let code = status.as_u16();
    let key = format!("error-{code}");
    let title = Some(tr.t(&key)).filter(|t| *t != key).unwrap_or(p.title);
    let hint_key = format!("error-{code}-hint");
    let hint = Some(tr.t(&hint_key)).filter(|t| *t != hint_key);
    // Signed-in users keep their navigation on an error page.
    let chrome = match signed_in(&s, &parts.headers).await {
        Some(user) => Chrome::new(tr, &user),
        None => Chrome::public(tr),
    };
    let page = ErrorPage {
        chrome,
        title,
        hint,
        detail: p.detail,
        errors: p
            .errors
            .into_iter()
            .map(|e| FieldError {
                field: e.field,
                reason: e.reason,
            })
            .collect(),
    };
    (status, page).into_response()
}
