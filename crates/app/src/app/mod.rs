//! The composition root: assembles every capability's routes into the router with its layers
//! (authorisation, body limit, edge checks, HTML error pages, metrics, security headers), the OpenAPI
//! document, the platform routes, the standard job registry and the logging. Only the command
//! line (and `main.rs`) imports it; it imports everything below.

pub mod jobs;
pub mod openapi;
pub mod platform;
pub mod telemetry;

use crate::kernel::state::AppState;
use crate::web::auth::access::Routes;
use crate::web::auth::authorize::{Guard, authorize};
use crate::web::edge::edge;
use crate::web::error_page::{html_errors, not_found};
use crate::web::public::limit_pages;
use crate::web::rate_limit::TrustedProxies;
use axum::http::{HeaderValue, header};
use axum::{Extension, Router, middleware};
use std::sync::Arc;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Every route of the application, with its access rule.
pub fn routes() -> Routes {
    Routes::default()
        .merge(platform::routes())
        .merge(crate::customers::routes())
        .merge(crate::audit::routes())
        .merge(crate::complaints::routes())
        .merge(crate::tasks::routes())
        .merge(crate::today::routes())
        .merge(crate::messaging::routes())
        .merge(crate::transfer::routes())
        .merge(crate::client_fit::routes())
        .merge(crate::cadence::routes())
        .merge(crate::offboarding::routes())
        .merge(crate::health::routes())
        .merge(crate::admin::routes())
        .merge(crate::search::routes())
        .merge(crate::segments::routes())
        .merge(crate::surveys::routes())
        .merge(crate::retention::routes())
}

/// Builds the complete router.
pub fn router(state: AppState) -> Router {
    let (router, table, _) = routes().into_parts();
    let guard = Guard {
        state: state.clone(),
        table: Arc::new(table),
    };
    let limit = state.config.max_body_bytes;
    // Checked at startup (`carewell serve`); here a bad entry only trusts nothing.
    let trusted = TrustedProxies::parse(&state.config.trusted_proxies).unwrap_or_default();
    router
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::web::idempotency::idempotency,
        ))
        .layer(middleware::from_fn_with_state(guard, authorize))
        .layer(RequestBodyLimitLayer::new(limit))
        .layer(middleware::from_fn_with_state(state.clone(), edge))
        .layer(middleware::from_fn(limit_pages))
        .layer(middleware::from_fn_with_state(state.clone(), html_errors))
        .layer(middleware::from_fn_with_state(state.clone(), crate::kernel::metrics::count))
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
        .layer(Extension(trusted))
        .with_state(state)
}
