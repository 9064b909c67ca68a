//! The staff member's time zone: every time on a staff page is shown in it (with UTC on
//! hover where the page has room), customer-facing times in the customer's zone.
//!
//! Where it comes from, first match wins: the zone saved on /account (sent back as the `tz`
//! cookie at sign-in and when saved), the browser's zone (the `tzb` cookie that
//! `/static/tz.js` keeps current), the server's `timezone` setting, UTC. The page
//! middleware resolves it once per request into a task-local, so `view::when` needs no
//! argument and no handler changes.

use axum::http::HeaderMap;
use axum_extra::extract::cookie::CookieJar;
use carewell_domain::DomainError;
use carewell_domain::customer::malformed;
use carewell_domain::error::Format;
use chrono_tz::Tz;

/// The cookie carrying the zone saved on /account.
pub const SAVED_COOKIE: &str = "tz";
/// The cookie carrying the browser's zone (set by `/static/tz.js`).
pub const BROWSER_COOKIE: &str = "tzb";

tokio::task_local! {
    /// The zone of the request being answered (set by the page middleware).
    pub static ZONE: Tz;
}

/// Parses an IANA zone name (`Europe/Tallinn`); anything else is refused as `field`.
pub fn parse(field: &str, raw: &str) -> Result<Tz, DomainError> {
    let s = raw.trim();
    if s.len() > 64 {
        return Err(malformed(
            field,
            &s.chars().take(64).collect::<String>(),
            Format::TimeZone,
        ));
    }
    s.parse::<Tz>()
        .map_err(|_| malformed(field, s, Format::TimeZone))
}

/// The request's zone from its cookies, else `fallback`.
pub fn from_headers(headers: &HeaderMap, fallback: Tz) -> Tz {
    let jar = CookieJar::from_headers(headers);
    [SAVED_COOKIE, BROWSER_COOKIE]
        .iter()
        .filter_map(|name| jar.get(name))
        // Zone names hold only letters, digits, `_+-/`: the one escape a cookie may carry
        // is the slash's.
        .find_map(|c| parse("tz", &c.value().replace("%2F", "/").replace("%2f", "/")).ok())
        .unwrap_or(fallback)
}

/// The zone of the request being answered (UTC outside a request).
pub fn current() -> Tz {
    ZONE.try_with(|z| *z).unwrap_or(Tz::UTC)
}

/// Every zone name, for the /account choice.
pub fn names() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|z| z.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_iana_names() {
        assert_eq!(
            parse("tz", " Europe/Tallinn ").unwrap(),
            Tz::Europe__Tallinn
        );
        for bad in [
            "Mars/Olympus",
            "",
            "../../etc/passwd",
            "UTC; DROP",
            &"A".repeat(10_000),
        ] {
            assert!(parse("tz", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn saved_beats_browser_beats_fallback() {
        let mut h = HeaderMap::new();
        assert_eq!(from_headers(&h, Tz::Asia__Shanghai), Tz::Asia__Shanghai);
        h.insert("cookie", HeaderValue::from_static("tzb=Europe%2FTallinn"));
        assert_eq!(from_headers(&h, Tz::UTC), Tz::Europe__Tallinn);
        h.insert("cookie", HeaderValue::from_static("tzb=Europe/Tallinn"));
        assert_eq!(from_headers(&h, Tz::UTC), Tz::Europe__Tallinn);
        h.insert(
            "cookie",
            HeaderValue::from_static("tzb=Europe/Tallinn; tz=America/New_York"),
        );
        assert_eq!(from_headers(&h, Tz::UTC), Tz::America__New_York);
        h.insert("cookie", HeaderValue::from_static("tz=Mars/Olympus"));
        assert_eq!(from_headers(&h, Tz::UTC), Tz::UTC);
    }
}
