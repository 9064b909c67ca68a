//! The edge: what every request passes before a handler sees it, so that both engines — and
//! every handler — meet the same, already-checked input.
//!
//! - An address longer than [`MAX_URI`] is a 414; a path or query that is not UTF-8 once
//!   percent-decoded is a 400.
//! - Text may not carry control characters other than tab, line feed and carriage return:
//!   PostgreSQL refuses NUL in text where SQLite stores it, and no field of Carewell means one.
//!   The path, every query parameter and every string (and key) of a JSON or form body is
//!   checked; a hit is a 422 naming the field (`code: control-characters`).
//! - A body over the configured limit is a 413 whatever reads it.
//! - Status answers that the framework writes without a body (405, 413, 414, 415) become
//!   problem documents like every other error.
//! - Customer-facing pages and the sign-in page are `Cache-Control: no-store`: they carry a
//!   customer's link or a password form.

use crate::kernel::state::AppState;
use crate::web::error::{AppError, Denied};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use carewell_domain::Code;
use serde_json::Value;

/// The longest accepted request target (path and query), in bytes.
pub const MAX_URI: usize = 8 * 1024;

/// Whether `c` is a control character text may not carry (tab and line breaks may).
fn forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The first string of `v` (keys included) holding a forbidden character, as its field path
/// (`items.2.name`); `None` when all are clean.
fn dirty_json(v: &Value, at: &str) -> Option<String> {
    let join = |k: &str| {
        if at.is_empty() {
            k.to_string()
        } else {
            format!("{at}.{k}")
        }
    };
    match v {
        Value::String(s) => s.chars().any(forbidden).then(|| field_or_body(at)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| dirty_json(x, &join(&i.to_string()))),
        Value::Object(o) => o.iter().find_map(|(k, x)| {
            if k.chars().any(forbidden) {
                Some(field_or_body(at))
            } else {
                dirty_json(x, &join(k))
            }
        }),
        _ => None,
    }
}

fn field_or_body(at: &str) -> String {
    if at.is_empty() {
        "body".into()
    } else {
        at.to_string()
    }
}

/// Percent-decodes `raw` (with `+` as a space when `plus` is set); `None` when the result is
/// not UTF-8.
fn decode(raw: &str, plus: bool) -> Option<String> {
    let raw = if plus {
        raw.replace('+', " ")
    } else {
        raw.to_string()
    };
    percent_encoding::percent_decode_str(&raw)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// The first field of a URL-encoded string (a query or a form body) that does not decode to
/// UTF-8 (`Err`) or holds a forbidden character (`Ok(Some)`).
fn dirty_pairs(raw: &str) -> Result<Option<String>, String> {
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(k, true).ok_or_else(|| k.to_string())?;
        let value = decode(v, true).ok_or_else(|| key.clone())?;
        if key.chars().any(forbidden) {
            return Ok(Some("query".into()));
        }
        if value.chars().any(forbidden) {
            return Ok(Some(key));
        }
    }
    Ok(None)
}

fn malformed(what: &str) -> Response {
    AppError::BadRequest(Denied::MalformedRequest(what.to_string())).into_response()
}

fn control(field: &str) -> Response {
    AppError::invalid(field, Code::ControlCharacters).into_response()
}

/// The checks of the module documentation, then the handler, then the answer's finish.
pub async fn edge(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let uri = req.uri().clone();
    let path = uri.path().to_string();
    if uri.path_and_query().map_or(0, |p| p.as_str().len()) > MAX_URI {
        return AppError::BadRequest(Denied::UriTooLong { max: MAX_URI }).into_response();
    }
    match decode(&path, false) {
        None => return malformed("the address is not UTF-8"),
        Some(p) if p.chars().any(forbidden) => return control("path"),
        Some(_) => {}
    }
    if let Some(q) = uri.query() {
        match dirty_pairs(q) {
            Err(_) => return malformed("the query is not UTF-8"),
            Ok(Some(field)) => return control(&field),
            Ok(None) => {}
        }
    }
    let req = match checked_body(req, s.config.max_body_bytes).await {
        Ok(r) => r,
        Err(res) => return *res,
    };
    let mut res = next.run(req).await;
    finish(&path, s.config.max_body_bytes, &mut res);
    res
}

/// Reads a JSON or form body (within `max` bytes) and checks its text; other bodies (uploads)
/// pass untouched to their reader, which checks its own rows.
async fn checked_body(req: Request, max: usize) -> Result<Request, Box<Response>> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(req);
    }
    let kind = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let json = kind.starts_with("application/json") || kind.contains("+json");
    let form = kind.starts_with("application/x-www-form-urlencoded");
    if !json && !form {
        return Ok(req);
    }
    let (parts, body) = req.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, max).await {
        Ok(b) => b,
        Err(_) => {
            return Err(Box::new(
                AppError::BadRequest(Denied::BodyTooLarge { max }).into_response(),
            ));
        }
    };
    if json {
        // Unreadable JSON is left to the handler's extractor, which says why.
        if let Ok(v) = serde_json::from_slice::<Value>(&bytes)
            && let Some(field) = dirty_json(&v, "")
        {
            return Err(Box::new(control(&field)));
        }
    } else {
        let text = String::from_utf8_lossy(&bytes);
        match dirty_pairs(&text) {
            Err(_) => {
                return Err(Box::new(
                    AppError::BadRequest(Denied::UnreadableForm).into_response(),
                ));
            }
            Ok(Some(field)) => return Err(Box::new(control(&field))),
            Ok(None) => {}
        }
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Bodiless framework answers become problem documents; customer pages are not cached.
fn finish(path: &str, max: usize, res: &mut Response) {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !is_problem {
        let denied = match res.status() {
            StatusCode::METHOD_NOT_ALLOWED => Some(Denied::MethodNotAllowed),
            StatusCode::PAYLOAD_TOO_LARGE => Some(Denied::BodyTooLarge { max }),
            StatusCode::URI_TOO_LONG => Some(Denied::UriTooLong { max: MAX_URI }),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Some(Denied::UnsupportedMediaType),
            _ => None,
        };
        if let Some(d) = denied {
            let allow = res.headers().get(header::ALLOW).cloned();
            *res = AppError::BadRequest(d).into_response();
            if let Some(a) = allow {
                res.headers_mut().insert(header::ALLOW, a);
            }
        }
    }
    if crate::web::page::is_customer_path(path) || path == "/login" {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn finds_control_characters_in_json_with_their_field() {
        let v: Value =
            serde_json::from_str(r#"{"a":"ok\ttab\nline","b":[{"c":"x\u0000y"}]}"#).unwrap();
        assert_eq!(dirty_json(&v, "").as_deref(), Some("b.0.c"));
        let clean: Value = serde_json::from_str(r#"{"a":"Tõnis 王 \r\n"}"#).unwrap();
        assert_eq!(dirty_json(&clean, ""), None);
        let key: Value = serde_json::from_str(r#"{"a\u0007":1}"#).unwrap();
        assert_eq!(dirty_json(&key, "").as_deref(), Some("body"));
    }

    #[test]
    fn decodes_and_checks_url_encoded_text() {
        assert_eq!(dirty_pairs("q=Tamm&limit=5"), Ok(None));
        assert_eq!(dirty_pairs("q=a%00b"), Ok(Some("q".into())));
        assert_eq!(dirty_pairs("note=a%0D%0Ab+c"), Ok(None));
        assert!(dirty_pairs("q=%FF").is_err());
        assert_eq!(decode("a%2", false).as_deref(), Some("a%2"));
        assert_eq!(decode("%E7%8E%8B", false).as_deref(), Some("王"));
        assert_eq!(decode("%zz", false).as_deref(), Some("%zz"));
    }
}
