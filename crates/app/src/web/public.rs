//! What the customer-facing pages (no login, reached by an unguessable link) share: the page
//! language, the rate limit per client address and per link, and the largest accepted body.

use crate::web::error::AppError;
use crate::web::i18n::{LANG_COOKIE, Tr};
use crate::web::rate_limit::{PAGES, allow, allow_with, client_key};
use axum::extract::Request;
use axum::http::{Extensions, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use carewell_domain::language::SHIPPED;

/// Largest accepted form body of a public page.
pub const MAX_BODY: usize = 16 * 1024;

/// The page language: an explicit choice in the address (`?lang=`, when the page offers one),
/// then the visitor's choice from the language switch (cookie), else the customer's own.
pub fn language(query_lang: Option<&str>, headers: &HeaderMap, customer_lang: &str) -> Tr {
    if let Some(l) = query_lang.filter(|l| SHIPPED.contains(l)) {
        return Tr::for_tag(l);
    }
    let jar = CookieJar::from_headers(headers);
    if let Some(c) = jar.get(LANG_COOKIE)
        && SHIPPED.contains(&c.value())
    {
        return Tr::for_tag(c.value());
    }
    Tr::for_tag(customer_lang)
}

/// Takes a token from the client's bucket (`{prefix}ip:{address}`) and from the link's
/// (`{prefix}link:{token}`); 429 when either is empty. The prefix keeps the buckets of one
/// page apart from another's.
pub fn limited(
    ext: &Extensions,
    headers: &HeaderMap,
    prefix: &str,
    token: &str,
) -> Result<(), AppError> {
    let ip = client_key(ext, headers);
    if !allow(&format!("{prefix}ip:{ip}")) || !allow(&format!("{prefix}link:{token}")) {
        return Err(AppError::TooManyRequests);
    }
    Ok(())
}

/// Middleware: every GET of a customer-facing page (`/public/…`) takes a token from the
/// client's page bucket (`page-ip:{address}`) and from the address's own (`page-link:{path}`),
/// so neither one client walking token space nor many hammering one link get far; 429 when
/// either is empty. Posts have their own, tighter buckets ([`limited`]).
pub async fn limit_pages(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if crate::web::page::is_customer_path(path)
        && matches!(*req.method(), Method::GET | Method::HEAD)
    {
        let ip = client_key(req.extensions(), req.headers());
        if !allow_with(&format!("page-ip:{ip}"), PAGES)
            || !allow_with(&format!("page-link:{path}"), PAGES)
        {
            return AppError::TooManyRequests.into_response();
        }
    }
    next.run(req).await
}
