//! The authorisation middleware: finds the route's declared [`Access`], identifies the caller
//! (bearer token or session cookie), checks the role, and for cookie sessions checks the CSRF
//! token on every state-changing request.

use super::CurrentUser;
use super::access::{Access, AccessTable};
use crate::kernel::state::AppState;
use crate::web::error::{AppError, Denied};
use axum::body::{Body, to_bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use std::sync::Arc;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "cw_session";
/// Form field or header carrying the CSRF token.
pub const CSRF_FIELD: &str = "csrf";
/// Header alternative for the CSRF token (htmx, scripts).
pub const CSRF_HEADER: &str = "x-csrf-token";

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Middleware state.
#[derive(Clone)]
pub struct Guard {
    /// App state.
    pub state: AppState,
    /// The route table.
    pub table: Arc<AccessTable>,
}

/// Identifies the caller, enforces the route's roles and CSRF, then runs the handler.
pub async fn authorize(State(g): State<Guard>, req: Request, next: Next) -> Response {
    match check(&g, req).await {
        Ok(req) => next.run(req).await,
        Err(resp) => resp,
    }
}

async fn check(g: &Guard, mut req: Request) -> Result<Request, Response> {
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    let Some(path) = path else { return Ok(req) }; // unmatched: the router answers 404/405
    let access = g.table.get(req.method(), &path);
    let headers = req.headers().clone();
    let public = matches!(access, Some(Access::Public | Access::SecretOrAdmin) | None);
    let user = match identify(g, &headers).await {
        Ok(user) => user,
        // A public page answers everyone: credentials that identify no one (a stale token, a
        // proxy's `Basic` header) are ignored there, and refused only where they are needed.
        Err(AppError::Unauthorized) if public => None,
        Err(e) => return Err(e.into_response()),
    };
    if let Some(u) = &user {
        req.extensions_mut().insert(u.clone());
    }
    let roles = match access {
        Some(Access::Public | Access::SecretOrAdmin) | None => return Ok(req),
        Some(Access::Roles(r)) => r,
    };
    let Some(user) = user else {
        if is_api(&path) {
            return Err(AppError::Unauthorized.into_response());
        }
        let next = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let target = format!("/login?next={}", urlencode(next));
        return Err(Redirect::to(&target).into_response());
    };
    if !user.has(roles) {
        return Err(AppError::Forbidden(Denied::Role(user.user.role)).into_response());
    }
    if user.csrf.is_some() && !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
    {
        req = check_csrf(
            req,
            user.csrf.as_deref().unwrap_or_default(),
            g.state.config.max_body_bytes,
        )
        .await?;
    }
    Ok(req)
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|x| x[1..].to_string())
        .unwrap_or_default()
}

/// The token of an `Authorization: Bearer …` header (the scheme is case-insensitive, RFC 9110
/// section 11.1); `None` for no header or another scheme (such as the `Basic` of a proxy in
/// front), which is not ours to judge: the session cookie still counts, and a route that needs a
/// signed-in caller answers 401 when there is none.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

async fn identify(g: &Guard, headers: &HeaderMap) -> Result<Option<CurrentUser>, AppError> {
    if let Some(token) = bearer(headers) {
        let user = g
            .state
            .store
            .token_user(token.trim())
            .await?
            .ok_or(AppError::Unauthorized)?;
        return Ok(Some(CurrentUser { user, csrf: None }));
    }
    let jar = CookieJar::from_headers(headers);
    if let Some(c) = jar.get(SESSION_COOKIE)
        && let Some((user, csrf)) = g.state.store.session_user(c.value()).await?
    {
        return Ok(Some(CurrentUser {
            user,
            csrf: Some(csrf),
        }));
    }
    Ok(None)
}

/// Accepts the token from the `x-csrf-token` header, the `csrf` query parameter, or a
/// `csrf` field of a URL-encoded form body (the body is buffered and handed on intact).
async fn check_csrf(req: Request, expected: &str, limit: usize) -> Result<Request, Response> {
    let forbidden = || AppError::Forbidden(Denied::Csrf).into_response();
    if let Some(h) = req.headers().get(CSRF_HEADER) {
        return if h.as_bytes() == expected.as_bytes() {
            Ok(req)
        } else {
            Err(forbidden())
        };
    }
    let from_query = req
        .uri()
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|v| v.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v));
    if let Some(t) = from_query {
        return if t == expected {
            Ok(req)
        } else {
            Err(forbidden())
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(forbidden());
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, limit)
        .await
        .map_err(|_| AppError::BadRequest(Denied::BodyTooLarge { max: limit }).into_response())?;
    let ok = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|v| v.into_iter().find(|(k, _)| k == CSRF_FIELD))
        .is_some_and(|(_, v)| v == expected);
    if !ok {
        return Err(forbidden());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}
