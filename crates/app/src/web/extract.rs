//! Extractors whose rejections are problem+json.

use crate::web::error::{AppError, Denied};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, header};
use carewell_domain::Code;
use serde::de::{DeserializeOwned, IgnoredAny};

/// The largest JSON body a handler reads (axum's default limit).
pub const JSON_LIMIT: usize = 2 * 1024 * 1024;

/// A JSON object body. Not `application/json` is a 415, malformed JSON a 400; well-formed JSON
/// that is not an object (`[]`, `"text"`, `null`, …) or an object of the wrong shape is a 422,
/// and the handler never runs. (serde reads a struct from an array too, by position: without
/// the object check `[]` would fill every defaulted field.)
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        if !json_content_type(req.headers()) {
            return Err(AppError::BadRequest(Denied::UnsupportedMediaType));
        }
        let bytes = Bytes::from_request(req, state).await?;
        object(&bytes).map(ApiJson)
    }
}

/// Reads `bytes` as a JSON object of type `T` (see [`ApiJson`]).
fn object<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let first = bytes
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(&b'{') {
        // A syntax error is still a 400; well-formed JSON of another kind is a 422.
        let _well_formed = axum::Json::<IgnoredAny>::from_bytes(bytes)?;
        return Err(AppError::invalid("body", Code::NotAnObject));
    }
    Ok(axum::Json::<T>::from_bytes(bytes)?.0)
}

/// `application/json` or `application/<something>+json`, as axum's `Json` reads them.
fn json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .and_then(|m| {
            m.strip_prefix("application/")
                .map(|sub| sub == "json" || sub.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// Query string; a malformed one is a 400.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonDataError(e) => AppError::invalid(
                "body",
                Code::UnreadableBody {
                    detail: e.body_text(),
                },
            ),
            JsonRejection::MissingJsonContentType(_) => {
                AppError::BadRequest(Denied::UnsupportedMediaType)
            }
            other if other.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::BadRequest(Denied::BodyTooLarge { max: JSON_LIMIT })
            }
            other => AppError::BadRequest(Denied::MalformedRequest(other.body_text())),
        }
    }
}

impl From<BytesRejection> for AppError {
    fn from(r: BytesRejection) -> Self {
        if r.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BadRequest(Denied::BodyTooLarge { max: JSON_LIMIT })
        } else {
            AppError::BadRequest(Denied::MalformedRequest(r.body_text()))
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        AppError::BadRequest(Denied::MalformedRequest(r.body_text()))
    }
}
