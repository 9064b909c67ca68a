//! Extractors whose rejections are problem+json.

use crate::web::error::{AppError, Denied};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};

/// The largest JSON body a handler reads (axum's default limit).
pub const JSON_LIMIT: usize = 2 * 1024 * 1024;

/// JSON body; malformed JSON is a 400, well-formed but wrongly shaped a 422.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// Query string; a malformed one is a 400.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonDataError(e) => AppError::invalid(
                "body",
                carewell_domain::Code::UnreadableBody {
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

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        AppError::BadRequest(Denied::MalformedRequest(r.body_text()))
    }
}
