//! Issue 11, point 9 (the rest of it): sign-out needs its CSRF token, a foreign `Authorization`
//! scheme does not lock out public pages, `/metrics` is not public ([`access`]); public token
//! pages are rate-limited and trust `X-Forwarded-For` only from a configured proxy
//! ([`limits`]); CSV cells cannot start a formula, attribute maps are bounded, impossible dates
//! are refused ([`data`]); webhooks cannot be pointed at loopback, private, link-local or
//! metadata addresses ([`webhooks`]).

mod access;
mod data;
mod limits;
mod webhooks;

/// A random loopback address, so the buckets of tests running at once do not meet.
fn loopback() -> String {
    let n = uuid::Uuid::new_v4().as_u128();
    format!("127.{}.{}.{}", (n >> 16) as u8, (n >> 8) as u8, n as u8)
}

/// A fresh link token nobody was given.
fn token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
