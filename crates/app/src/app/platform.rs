//! Platform routes: health, metrics, static assets, the OpenAPI document, the start page.

use super::openapi;
use crate::kernel::metrics;
use crate::kernel::state::AppState;
use crate::web::auth::MaybeUser;
use crate::web::auth::access::{Access, Routes};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

/// Platform routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/", Access::Public, home)
        .get("/healthz", Access::Public, healthz)
        .get("/metrics", Access::Public, metrics::render)
        .get("/static/{file}", Access::Public, asset)
        .get("/api/v1/openapi.json", Access::Public, openapi::document)
}

/// GET /: the customer list when signed in, else the login page.
async fn home(MaybeUser(u): MaybeUser) -> Redirect {
    Redirect::to(if u.is_some() { "/customers" } else { "/login" })
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
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/htmx.min.js"),
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
