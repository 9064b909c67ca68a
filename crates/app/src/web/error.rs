//! One error type for every handler, carrying the typed reason (a domain [`Code`], a store
//! [`Refusal`], a [`Denied`] request) until the edge renders it once, from Fluent, in the
//! reader's language: as RFC 9457 `application/problem+json` for the API (English unless the
//! request asks for another shipped language) and, through
//! [`crate::web::error_page::html_errors`], as a readable page for browsers. Nothing parses a
//! message. Internal details and database texts are logged, never sent.
//!
//! One status mapping: invalid input 422, a refusal by the current state 409 (a read of records
//! under a retention hold 403), a request refused before any rule 400/403.

use crate::web::i18n::Tr;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use carewell_domain::import::RowError;
use carewell_domain::role::Role;
use carewell_domain::{Code, DomainError, Entity, Refusal, Rejection};
use carewell_store::StoreError;
use serde::Serialize;
use std::sync::Arc;

/// A field that failed validation, as the API reports it.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct FieldError {
    /// The field, column or `line N column`.
    pub field: String,
    /// The stable code of what is wrong (`required`, `too-long`, `malformed`, …).
    pub code: String,
    /// Why it was refused, in the reader's language.
    pub reason: String,
}

/// A request refused before any rule of the domain looked at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    /// The signed-in user's role may not do this.
    Role(Role),
    /// The form's CSRF token is missing or wrong.
    Csrf,
    /// The body is larger than `max` bytes.
    BodyTooLarge {
        /// The most bytes accepted.
        max: usize,
    },
    /// A form body that could not be decoded.
    UnreadableForm,
    /// An upload that could not be read (the reader's words in the detail).
    UnreadableUpload(String),
    /// A request that could not be read (the decoder's words in the detail).
    MalformedRequest(String),
    /// The method is not one the address answers to (405).
    MethodNotAllowed,
    /// The body's content type is not one the address reads (415).
    UnsupportedMediaType,
    /// The address is longer than `max` bytes (414).
    UriTooLong {
        /// The most bytes accepted.
        max: usize,
    },
    /// An `Idempotency-Key` that is empty, longer than 255 characters or not visible ASCII.
    IdempotencyKeyInvalid,
    /// An `Idempotency-Key` used before for a different request (422).
    IdempotencyKeyReused,
    /// The first request with this `Idempotency-Key` is still being handled (409).
    IdempotencyInFlight,
}

impl Denied {
    /// The stable code.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Role(_) => "role",
            Self::Csrf => "csrf",
            Self::BodyTooLarge { .. } => "body-too-large",
            Self::UnreadableForm => "unreadable-form",
            Self::UnreadableUpload(_) => "unreadable-upload",
            Self::MalformedRequest(_) => "malformed-request",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::UriTooLong { .. } => "uri-too-long",
            Self::IdempotencyKeyInvalid => "idempotency-key-invalid",
            Self::IdempotencyKeyReused => "idempotency-key-reused",
            Self::IdempotencyInFlight => "idempotency-in-flight",
        }
    }

    /// The HTTP status of a request refused this way (as a bad request: 400 unless the
    /// reason has its own status).
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::UriTooLong { .. } => StatusCode::URI_TOO_LONG,
            Self::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            Self::IdempotencyInFlight => StatusCode::CONFLICT,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

/// Everything a handler can fail with.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// 400: the request is malformed.
    #[error("bad request: {0:?}")]
    BadRequest(Denied),
    /// 401: no valid credentials.
    #[error("authentication required")]
    Unauthorized,
    /// 403: credentials valid, role not allowed (or CSRF check failed).
    #[error("forbidden: {0:?}")]
    Forbidden(Denied),
    /// 404.
    #[error("{} not found", .0.as_str())]
    NotFound(Entity),
    /// 409 (403 for [`Refusal::Restricted`]): refused by the current state.
    #[error("refused: {0}")]
    Refused(Refusal),
    /// 422: input breaks a rule.
    #[error("the input is not valid")]
    Invalid(Vec<DomainError>),
    /// 422: rows of an import file break rules.
    #[error("the file is not valid")]
    InvalidRows(Vec<RowError>),
    /// 429.
    #[error("too many requests")]
    TooManyRequests,
    /// 429: sign-in locked after too many failed attempts; `Retry-After` carries the seconds.
    #[error("too many failed attempts; retry after {retry_after} s")]
    TooManyAttempts {
        /// Seconds until the lock ends (at least 1).
        retry_after: u64,
    },
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
    /// Explanation for this occurrence, in the reader's language.
    pub detail: String,
    /// The stable code of the refusal or denial (`wrong-state`, `held`, `role`, …), when
    /// there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Field errors, for validation problems (and the field of a conflict about one field).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The existing record a conflict is about (`duplicate-email`: the other customer's id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<String>,
}

/// The typed error behind a problem response, for the layer that renders it in the reader's
/// language.
#[derive(Debug, Clone)]
pub struct Rendered(pub Arc<AppError>);

impl AppError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(d) => d.status(),
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_)
            | Self::Refused(Refusal::Restricted { .. } | Refusal::NotOwner { .. }) => {
                StatusCode::FORBIDDEN
            }
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Refused(_) => StatusCode::CONFLICT,
            Self::Invalid(_) | Self::InvalidRows(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests | Self::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem document for this error, in `tr`'s language.
    pub fn problem(&self, tr: &Tr) -> Problem {
        let (slug, title) = match self.status().as_u16() {
            400 => ("bad-request", "Bad request"),
            401 => ("unauthorized", "Authentication required"),
            403 => ("forbidden", "Forbidden"),
            404 => ("not-found", "Not found"),
            405 => ("method-not-allowed", "Method not allowed"),
            409 => ("conflict", "Conflict"),
            413 => ("payload-too-large", "Payload too large"),
            414 => ("uri-too-long", "URI too long"),
            415 => ("unsupported-media-type", "Unsupported media type"),
            422 => ("validation", "Validation failed"),
            429 => ("rate-limited", "Too many requests"),
            _ => ("internal", "Internal error"),
        };
        let status = self.status().as_u16();
        let heading = tr.t(&format!("error-{status}"));
        let (detail, code) = match self {
            Self::BadRequest(d) | Self::Forbidden(d) => (tr.denied(d), Some(d.key().to_string())),
            Self::Refused(r) => (tr.refusal(r), Some(r.key().to_string())),
            Self::NotFound(e) => (tr.not_found(*e), None),
            Self::TooManyAttempts { retry_after } => (
                tr.login_locked(*retry_after),
                Some("too-many-attempts".to_string()),
            ),
            _ => (heading.clone(), None),
        };
        let errors = match self {
            Self::Invalid(v) => v
                .iter()
                .map(|e| FieldError {
                    field: e.field.clone(),
                    code: e.code.key().to_string(),
                    reason: tr.code(&e.code),
                })
                .collect(),
            Self::InvalidRows(v) => v
                .iter()
                .map(|e| FieldError {
                    field: format!("line {} {}", e.line, e.column),
                    code: e.code.key().to_string(),
                    reason: tr.code(&e.code),
                })
                .collect(),
            Self::Refused(r @ Refusal::DuplicateEmail { .. }) => vec![FieldError {
                field: "email".into(),
                code: r.key().to_string(),
                reason: tr.refusal(r),
            }],
            _ => Vec::new(),
        };
        let existing_id = match self {
            Self::Refused(Refusal::DuplicateEmail { id, .. }) => Some(id.clone()),
            _ => None,
        };
        Problem {
            kind: format!("/api/v1/problems/{slug}"),
            title: if tr.lang == "en" {
                title.to_string()
            } else {
                heading
            },
            status,
            detail,
            code,
            errors,
            existing_id,
        }
    }

    /// The error as one line in `tr`'s language: each invalid field as `label: reason`, each
    /// invalid row as `line N, column: reason`, else the problem's detail.
    pub fn message(&self, tr: &Tr) -> String {
        match self {
            Self::Invalid(v) => v
                .iter()
                .map(|e| tr.invalid(e))
                .collect::<Vec<_>>()
                .join("; "),
            Self::InvalidRows(v) => v
                .iter()
                .map(|e| format!("line {}, {}: {}", e.line, e.column, tr.code(&e.code)))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.problem(tr).detail,
        }
    }

    /// The typed part of a store error (`None` for a database or connection failure, whose
    /// own words are the message).
    pub fn from_store(e: &StoreError) -> Option<Self> {
        Some(match e {
            StoreError::NotFound(what) => Self::NotFound(*what),
            StoreError::Refused(r) => Self::Refused(r.clone()),
            StoreError::Invalid(d) => Self::Invalid(vec![d.clone()]),
            StoreError::InvalidAll(v) => Self::Invalid(v.clone()),
            _ => return None,
        })
    }

    /// Seconds the client should wait before trying again (the `Retry-After` header), if the
    /// error says.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::TooManyAttempts { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    /// A refusal of `value` for `field`, which takes one of `allowed` (the value cut short
    /// to 64 characters: never a whole huge input in the answer).
    pub fn one_of(field: &str, value: &str, allowed: &[&str]) -> Self {
        Self::invalid(
            field,
            Code::OneOf {
                value: value.chars().take(64).collect(),
                allowed: allowed.iter().map(|a| (*a).to_string()).collect(),
            },
        )
    }

    /// A single-field validation error.
    pub fn invalid(field: &str, code: Code) -> Self {
        Self::Invalid(vec![DomainError::new(field, code)])
    }

    /// The problem response in `tr`'s language, carrying the typed error for the layers.
    pub fn response_in(&self, tr: &Tr) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&self.problem(tr)).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if matches!(self, Self::Unauthorized) {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"carewell\""),
            );
        }
        if let Some(secs) = self.retry_after() {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res.extensions_mut()
            .insert(Rendered(Arc::new(self.clone())));
        res
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        self.response_in(&Tr::default())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        Self::from_store(&e).unwrap_or_else(|| Self::Internal(e.to_string()))
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        Self::Refused(r)
    }
}

impl From<Rejection> for AppError {
    fn from(r: Rejection) -> Self {
        match r {
            Rejection::Invalid(e) => Self::Invalid(vec![e]),
            Rejection::Refused(r) => Self::Refused(r),
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        Self::Invalid(vec![e])
    }
}

impl From<Vec<DomainError>> for AppError {
    fn from(es: Vec<DomainError>) -> Self {
        Self::Invalid(es)
    }
}

impl From<Vec<RowError>> for AppError {
    fn from(es: Vec<RowError>) -> Self {
        Self::InvalidRows(es)
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        Self::Internal(format!("{e:#}"))
    }
}
