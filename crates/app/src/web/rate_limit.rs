//! A small in-process token bucket for the public (no login) forms: each key (client address,
//! link token) may burst a few requests, then one per refill interval.

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

/// Requests a key may make in a burst.
pub const BURST: f64 = 5.0;
/// One more request is allowed per this interval.
pub const REFILL: Duration = Duration::from_secs(60);
/// Most keys remembered; beyond it, full buckets are forgotten.
const MAX_KEYS: usize = 50_000;

struct Bucket {
    tokens: f64,
    at: Instant,
}

static BUCKETS: LazyLock<Mutex<HashMap<String, Bucket>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Takes one token for `key`; `false` when the bucket is empty.
pub fn allow(key: &str) -> bool {
    allow_at(key, Instant::now())
}

fn allow_at(key: &str, now: Instant) -> bool {
    let Ok(mut map) = BUCKETS.lock() else {
        return true;
    };
    if map.len() > MAX_KEYS {
        map.retain(|_, b| {
            b.tokens + now.duration_since(b.at).as_secs_f64() / REFILL.as_secs_f64() < BURST
        });
    }
    let b = map.entry(key.to_string()).or_insert(Bucket {
        tokens: BURST,
        at: now,
    });
    let refill = now.duration_since(b.at).as_secs_f64() / REFILL.as_secs_f64();
    b.tokens = (b.tokens + refill).min(BURST);
    b.at = now;
    if b.tokens >= 1.0 {
        b.tokens -= 1.0;
        true
    } else {
        false
    }
}

/// The client's address: the socket peer (`carewell serve` provides it), except that a
/// reverse proxy on the same machine (a loopback peer) is trusted for the last
/// `X-Forwarded-For` hop — the one it added; without a peer address, that hop; else `unknown`.
pub fn client_key(ext: &Extensions, headers: &HeaderMap) -> String {
    let forwarded = forwarded_for(headers);
    match ext.get::<ConnectInfo<SocketAddr>>() {
        Some(ConnectInfo(addr)) if addr.ip().is_loopback() => {
            forwarded.unwrap_or_else(|| addr.ip().to_string())
        }
        Some(ConnectInfo(addr)) => addr.ip().to_string(),
        None => forwarded.unwrap_or_else(|| "unknown".into()),
    }
}

fn forwarded_for(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_then_refills() {
        let t0 = Instant::now();
        let key = "test-bucket-key";
        for _ in 0..5 {
            assert!(allow_at(key, t0));
        }
        assert!(!allow_at(key, t0));
        assert!(allow_at(key, t0 + REFILL));
        assert!(!allow_at(key, t0 + REFILL));
    }

    #[test]
    fn client_key_prefers_the_peer_and_trusts_only_a_local_proxy() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        let with = |ip: &str| {
            let mut e = Extensions::new();
            e.insert(ConnectInfo(SocketAddr::new(ip.parse().unwrap(), 4000)));
            e
        };
        assert_eq!(
            client_key(&with("192.0.2.1"), &h),
            "192.0.2.1",
            "spoofed header ignored"
        );
        assert_eq!(
            client_key(&with("127.0.0.1"), &h),
            "198.51.100.7",
            "local proxy's hop"
        );
        assert_eq!(
            client_key(&with("127.0.0.1"), &HeaderMap::new()),
            "127.0.0.1"
        );
        assert_eq!(client_key(&Extensions::new(), &h), "198.51.100.7");
        assert_eq!(client_key(&Extensions::new(), &HeaderMap::new()), "unknown");
    }
}
