//! One error type for every handler. It renders as RFC 9457 `application/problem+json`; for
//! browser pages the [`crate::web::error_page::html_errors`] layer turns it into a readable error page.
//! Internal details are logged, never sent.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use carewell_domain::DomainError;
use carewell_domain::import::RowError;
use carewell_store::StoreError;
use serde::Serialize;

/// A field that failed validation.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct FieldError {
    /// The field, column or `line:column`.
    pub field: String,
    /// Why it was refused.
    pub reason: String,
}

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// 401: no valid credentials.
    #[error("authentication required")]
    Unauthorized,
    /// 403: credentials valid, role not allowed (or CSRF check failed).
    #[error("{0}")]
    Forbidden(String),
    /// 404.
    #[error("{0} not found")]
    NotFound(String),
    /// 409: conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// 422: input breaks a rule.
    #[error("the input is not valid")]
    Invalid(Vec<FieldError>),
    /// 429.
    #[error("too many requests")]
    TooManyRequests,
    /// 500: logged, shown as a generic message.
    #[error("internal error")]
    Internal(String),
}

/// The problem document (RFC 9457).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Explanation for this occurrence.
    pub detail: String,
    /// Field errors, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl AppError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem document for this error.
    pub fn problem(&self) -> Problem {
        let (slug, title) = match self {
            Self::BadRequest(_) => ("bad-request", "Bad request"),
            Self::Unauthorized => ("unauthorized", "Authentication required"),
            Self::Forbidden(_) => ("forbidden", "Forbidden"),
            Self::NotFound(_) => ("not-found", "Not found"),
            Self::Conflict(_) => ("conflict", "Conflict"),
            Self::Invalid(_) => ("validation", "Validation failed"),
            Self::TooManyRequests => ("rate-limited", "Too many requests"),
            Self::Internal(_) => ("internal", "Internal error"),
        };
        Problem {
            kind: format!("/api/v1/problems/{slug}"),
            title: title.into(),
            status: self.status().as_u16(),
            detail: self.to_string(),
            errors: match self {
                Self::Invalid(e) => e.clone(),
                _ => Vec::new(),
            },
        }
    }

    /// A single-field validation error.
    pub fn invalid(field: &str, reason: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError {
            field: field.into(),
            reason: reason.into(),
        }])
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let status = self.status();
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        res
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Self::NotFound(what.into()),
            StoreError::Conflict(m) => Self::Conflict(m),
            StoreError::Invalid(d) => d.into(),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        Self::Invalid(vec![FieldError {
            field: e.field,
            reason: e.reason,
        }])
    }
}

impl From<Vec<DomainError>> for AppError {
    fn from(es: Vec<DomainError>) -> Self {
        Self::Invalid(
            es.into_iter()
                .map(|e| FieldError {
                    field: e.field,
                    reason: e.reason,
                })
                .collect(),
        )
    }
}

impl From<Vec<RowError>> for AppError {
    fn from(es: Vec<RowError>) -> Self {
        Self::Invalid(
            es.into_iter()
                .map(|e| FieldError {
                    field: format!("line {} {}", e.line, e.column),
                    reason: e.reason,
                })
                .collect(),
        )
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        Self::Internal(format!("{e:#}"))
    }
}
