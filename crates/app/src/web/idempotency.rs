//! `Idempotency-Key` on the API's POSTs (money movements and every create): a client that
//! repeats a request with the same key — after a timeout or a dropped connection — gets the
//! first answer again (`Idempotent-Replayed: true`) and the change happens once. The same key
//! with a different request is a 422; a repeat while the first is still running is a 409.
//! Keys are per user, kept a day (see [`carewell_store::idempotency`]). A server error is not
//! remembered, so the request may be retried.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Denied};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use carewell_store::idempotency::Claim;
use sha2::{Digest, Sha256};

/// The request header.
pub const HEADER: &str = "idempotency-key";

/// The answer header on a replay.
pub const REPLAYED: &str = "idempotent-replayed";

/// The middleware (inside authorisation: it needs the signed-in user).
pub async fn idempotency(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let Some(key) = req.headers().get(HEADER).cloned() else {
        return next.run(req).await;
    };
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let Some(user) = req
        .extensions()
        .get::<CurrentUser>()
        .map(|u| u.user.id.clone())
    else {
        return next.run(req).await;
    };
    let key = match key.to_str() {
        Ok(k) if (1..=255).contains(&k.len()) && k.bytes().all(|b| (0x21..=0x7e).contains(&b)) => {
            k.to_string()
        }
        _ => return AppError::BadRequest(Denied::IdempotencyKeyInvalid).into_response(),
    };
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, s.config.max_body_bytes).await {
        Ok(b) => b,
        Err(_) => {
            let max = s.config.max_body_bytes;
            return AppError::BadRequest(Denied::BodyTooLarge { max }).into_response();
        }
    };
    let mut h = Sha256::new();
    h.update(parts.method.as_str());
    h.update(b"\n");
    h.update(parts.uri.to_string());
    h.update(b"\n");
    h.update(&bytes);
    let hash = hex::encode(h.finalize());
    match s.store.claim_idempotent(&user, &key, &hash).await {
        Ok(Claim::New) => {}
        Ok(Claim::Replay {
            status,
            content_type,
            body,
        }) => {
            let mut r = Response::new(Body::from(body));
            *r.status_mut() = axum::http::StatusCode::from_u16(status)
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            if let Ok(v) = HeaderValue::from_str(&content_type) {
                r.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            r.headers_mut()
                .insert(REPLAYED, HeaderValue::from_static("true"));
            return r;
        }
        Ok(Claim::Mismatch) => {
            return AppError::BadRequest(Denied::IdempotencyKeyReused).into_response();
        }
        Ok(Claim::InFlight) => {
            return AppError::BadRequest(Denied::IdempotencyInFlight).into_response();
        }
        Err(e) => return AppError::from(e).into_response(),
    }
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    // Server errors are not remembered (the client may retry); nor is a body that is not text.
    let answer = match std::str::from_utf8(&bytes) {
        Ok(text) if !parts.status.is_server_error() => {
            Some((parts.status.as_u16(), content_type.as_str(), text))
        }
        _ => None,
    };
    if let Err(e) = s.store.finish_idempotent(&user, &key, answer).await {
        tracing::error!(error = %e, "recording an idempotent answer");
    }
    Response::from_parts(parts, Body::from(bytes))
}
