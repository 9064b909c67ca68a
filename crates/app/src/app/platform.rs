//! Platform routes: health, metrics, static assets, the OpenAPI document, the start page.

use super::openapi;
use crate::kernel::metrics;
use crate::kernel::state::AppState;
use crate::web::auth::MaybeUser;
use crate::web::auth::access::{Access, Routes};
use crate::web::auth::authorize::bearer;
use crate::web::error::{AppError, Denied};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::role::Role;

/// Platform routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/", Access::Public, home)
        .get("/healthz", Access::Public, healthz)
        .get("/metrics", Access::SecretOrAdmin, metrics_guarded)
        .get("/static/{file}", Access::Public, asset)
        .get("/api/v1/openapi.json", Access::Public, openapi::document)
}

/// GET /: Today when signed in, else the login page.
async fn home(MaybeUser(u): MaybeUser) -> Redirect {
    Redirect::to(if u.is_some() { "/today" } else { "/login" })
}

/// Whether two secrets are equal, in time that depends only on their length.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// GET /metrics: Prometheus text for a scraper presenting `metrics_token` as a bearer secret,
/// for signed-in admins, or for anyone when `metrics_public` is set; else 401 (403 for a
/// signed-in user of another role). The page shows request counts and the customer count.
async fn metrics_guarded(
    State(s): State<AppState>,
    MaybeUser(u): MaybeUser,
    headers: HeaderMap,
) -> Response {
    let token = &s.config.metrics_token;
    let presented = bearer(&headers).map(str::trim);
    let scraper = !token.is_empty() && presented.is_some_and(|p| same_secret(p, token));
    let admin = u.as_ref().is_some_and(|u| u.has(&[Role::Admin]));
    if s.config.metrics_public || scraper || admin {
        return metrics::render(State(s)).await;
    }
    match u {
        Some(u) => AppError::Forbidden(Denied::Role(u.user.role)).into_response(),
        None => AppError::Unauthorized.into_response(),
    }
}

/// GET /healthz: 200 when the database answers, 503 otherwise.
async fn healthz(State(s): State<AppState>) -> Response {
    match s.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ok"})),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
}

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/app.css"),
    ),
    (
        "tz.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/tz.js"),
    ),
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/htmx.min.js"),
    ),
    (
        "search.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/search.js"),
    ),
];

/// GET /static/{file}: vendored assets compiled into the binary.
async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == file) {
        Some((_, ct, body)) => (
            [
                (header::CONTENT_TYPE, *ct),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
