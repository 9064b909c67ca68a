//! A small in-process token bucket for the public (no login) forms and pages: each key (client
//! address, link token) may burst a few requests, then one per refill interval. The client
//! address is the socket peer, or the forwarded address only behind a configured proxy.

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, LazyLock, Mutex};
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

/// A bucket's size and refill rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// Requests a key may make in a burst.
    pub burst: f64,
    /// One more request is allowed per this interval.
    pub refill: Duration,
}

/// The public forms' limit: [`BURST`] requests, then one per [`REFILL`].
pub const FORMS: Limit = Limit {
    burst: BURST,
    refill: REFILL,
};

/// The public pages' GET limit: enough for a customer reading and reloading a page, too
/// little for walking token space (30 at once, then one every two seconds).
pub const PAGES: Limit = Limit {
    burst: 30.0,
    refill: Duration::from_secs(2),
};

/// Takes one token for `key` under the forms' limit; `false` when the bucket is empty.
pub fn allow(key: &str) -> bool {
    allow_with(key, FORMS)
}

/// Takes one token for `key` under `limit` (keep one limit per key prefix).
pub fn allow_with(key: &str, limit: Limit) -> bool {
    allow_at(key, limit, Instant::now())
}

fn allow_at(key: &str, limit: Limit, now: Instant) -> bool {
    let Limit { burst, refill } = limit;
    let Ok(mut map) = BUCKETS.lock() else {
        return true;
    };
    if map.len() > MAX_KEYS {
        map.retain(|_, b| {
            // Buckets are forgotten by the forms' (slowest) refill.
            b.tokens + now.duration_since(b.at).as_secs_f64() / REFILL.as_secs_f64() < BURST
        });
    }
    let b = map.entry(key.to_string()).or_insert(Bucket {
        tokens: burst,
        at: now,
    });
    let gained = now.duration_since(b.at).as_secs_f64() / refill.as_secs_f64();
    b.tokens = (b.tokens + gained).min(burst);
    b.at = now;
    if b.tokens >= 1.0 {
        b.tokens -= 1.0;
        true
    } else {
        false
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed (`trusted_proxies` in the config:
/// addresses or CIDR ranges). The router puts it in every request's extensions; without it, or
/// with it empty, no proxy is trusted.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// Parses `10.0.0.0/8`, `127.0.0.1`, `::1` …; the entries that are neither are returned as
    /// the error (so startup can name them).
    pub fn parse(entries: &[String]) -> Result<Self, Vec<String>> {
        let mut nets = Vec::new();
        let mut bad = Vec::new();
        for e in entries {
            let e = e.trim();
            match e.parse::<IpNet>() {
                Ok(n) => nets.push(n),
                Err(_) => match e.parse::<IpAddr>() {
                    Ok(ip) => nets.push(IpNet::from(ip)),
                    Err(_) => bad.push(e.to_string()),
                },
            }
        }
        if bad.is_empty() {
            Ok(Self(Arc::new(nets)))
        } else {
            Err(bad)
        }
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(&ip))
    }
}

/// The client's address: the socket peer (`carewell serve` provides it). Only when the peer is
/// a configured trusted proxy ([`TrustedProxies`]) is `X-Forwarded-For` read, from the right:
/// every hop a trusted proxy added is skipped and the right-most address that is not a trusted
/// proxy is the client (entries to its left were written by the client and prove nothing).
/// Without a peer address (a request that did not come through a socket) the key is `unknown`:
/// a header alone is never believed.
pub fn client_key(ext: &Extensions, headers: &HeaderMap) -> String {
    let Some(ConnectInfo(addr)) = ext.get::<ConnectInfo<SocketAddr>>() else {
        return "unknown".into();
    };
    let peer = addr.ip().to_canonical();
    let trusted = ext.get::<TrustedProxies>().cloned().unwrap_or_default();
    if !trusted.contains(peer) {
        return peer.to_string();
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    let mut client = peer.to_string();
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(ip) => client = ip.to_canonical().to_string(),
            Ok(ip) => return ip.to_canonical().to_string(),
            // Not an address: whoever wrote it is not a proxy we trust; it is the key.
            Err(_) => return (*hop).to_string(),
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_then_refills() {
        let t0 = Instant::now();
        let key = "test-bucket-key";
        for _ in 0..5 {
            assert!(allow_at(key, FORMS, t0));
        }
        assert!(!allow_at(key, FORMS, t0));
        assert!(allow_at(key, FORMS, t0 + REFILL));
        assert!(!allow_at(key, FORMS, t0 + REFILL));
    }

    fn peer(ip: &str, trusted: &[&str]) -> Extensions {
        let mut e = Extensions::new();
        e.insert(ConnectInfo(SocketAddr::new(ip.parse().unwrap(), 4000)));
        let list: Vec<String> = trusted.iter().map(|s| s.to_string()).collect();
        e.insert(TrustedProxies::parse(&list).unwrap());
        e
    }

    #[test]
    fn client_key_trusts_only_a_configured_proxy() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7, 10.0.0.2".parse().unwrap(),
        );
        assert_eq!(
            client_key(&peer("192.0.2.1", &[]), &h),
            "192.0.2.1",
            "spoofed header ignored"
        );
        assert_eq!(
            client_key(&peer("127.0.0.1", &[]), &h),
            "127.0.0.1",
            "a loopback peer is not trusted unless configured"
        );
        assert_eq!(
            client_key(&peer("127.0.0.1", &["127.0.0.1", "10.0.0.0/8"]), &h),
            "198.51.100.7",
            "right-most address that is not a trusted proxy"
        );
        assert_eq!(
            client_key(&peer("::ffff:127.0.0.1", &["127.0.0.1"]), &h),
            "10.0.0.2",
            "an IPv4-mapped peer is its IPv4 address"
        );
        assert_eq!(
            client_key(&peer("127.0.0.1", &["127.0.0.1"]), &HeaderMap::new()),
            "127.0.0.1"
        );
        let mut all = HeaderMap::new();
        all.insert("x-forwarded-for", "10.0.0.3, 10.0.0.2".parse().unwrap());
        assert_eq!(
            client_key(&peer("10.0.0.1", &["10.0.0.0/8"]), &all),
            "10.0.0.3",
            "every hop trusted: the left-most"
        );
        assert_eq!(client_key(&Extensions::new(), &h), "unknown");
        assert_eq!(
            TrustedProxies::parse(&["10.0.0.0/8".into(), "proxy".into()]).unwrap_err(),
            vec!["proxy".to_string()]
        );
    }
}
