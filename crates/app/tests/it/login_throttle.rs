//! Sign-in throttling (issue 11, point 6): a burst of wrong passwords locks the account for that
//! client (429 + `Retry-After`, a readable message in the page language), even for the right
//! password, until the lock ends; success starts the count again; each lock is audited once; a
//! different client is not held back by that lock; unknown accounts are treated the same; the
//! account-wide and address-wide keys lock too, but not a client the account signed in from
//! lately; checking one's own password through the API is throttled the same way.

use crate::support::TestApp;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use carewell::kernel::clock::Clock;
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell_domain::role::Role;
use carewell_store::audit::{AuditFilter, list};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::net::SocketAddr;
use tower::ServiceExt;

engines!(TestApp: burst_locks_until_it_ends, account_and_address_keys, password_check_in_the_api);

const RIGHT: &str = "test-password-123";

/// The app's router on `app`'s database with `config`, and its clock, stopped at now.
fn throttled(app: &TestApp, config: Config) -> (Router, Clock) {
    let state = AppState::new(app.store.clone(), config);
    state.clock.set(chrono::Utc::now());
    (carewell::app::router(state.clone()), state.clock.clone())
}

fn from(ip: &str, mut req: Request<Body>) -> Request<Body> {
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::new(ip.parse().unwrap(), 40_000)));
    req
}

/// A sign-in form posted from `ip`, the page in `lang`.
fn sign_in(ip: &str, email: &str, password: &str, lang: &str) -> Request<Body> {
    let body = serde_urlencoded::to_string([("email", email), ("password", password)]).unwrap();
    from(
        ip,
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, format!("lang={lang}"))
            .body(Body::from(body))
            .unwrap(),
    )
}

async fn send(router: &Router, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let res = router.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// Status and `Retry-After` of a sign-in.
async fn try_sign_in(router: &Router, ip: &str, email: &str, password: &str) -> (u16, String) {
    let (st, h, _) = send(router, sign_in(ip, email, password, "en")).await;
    let retry = h
        .get(header::RETRY_AFTER)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (st.as_u16(), retry)
}

/// The `login.lock` audit entries, oldest first.
async fn locks(app: &TestApp) -> Vec<Value> {
    let f = AuditFilter {
        entity: Some("login".into()),
        entity_id: None,
        before_seq: None,
        ..Default::default()
    };
    let mut v: Vec<Value> = list(&app.store, &f, 500, 0)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|e| e.content.action == "login.lock")
        .map(|e| serde_json::from_str(&e.content.after).unwrap())
        .collect();
    v.reverse();
    v
}

async fn burst_locks_until_it_ends(app: TestApp) {
    let (router, clock) = throttled(&app, Config::default());
    let (a, b) = ("192.0.2.10", "198.51.100.20");
    let agent = "agent@example.com";
    // Five wrong passwords are plain 401s; the sixth locks (1 s) and says so.
    let mut seen = Vec::new();
    for _ in 0..6 {
        seen.push(try_sign_in(&router, a, agent, "wrong-password").await);
    }
    let expected: Vec<(u16, String)> = [(401, ""); 5]
        .into_iter()
        .chain([(429, "1")])
        .map(|(s, r)| (s, r.to_string()))
        .collect();
    assert_eq!(seen, expected);
    // An unknown account gets exactly the same answers (no enumeration).
    let mut unknown = Vec::new();
    for _ in 0..6 {
        unknown.push(try_sign_in(&router, a, "nobody@example.com", "wrong-password").await);
    }
    assert_eq!(unknown, expected);
    // While locked, even the right password is refused, readably, in the page language.
    let (st, h, body) = send(&router, sign_in(a, agent, RIGHT, "en")).await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(h.get(header::RETRY_AFTER).unwrap(), "1");
    assert!(
        body.contains("Too many failed attempts; try again in one minute."),
        "{body}"
    );
    assert!(
        h.get(header::SET_COOKIE).is_none(),
        "no session while locked"
    );
    let (_, _, et) = send(&router, sign_in(a, agent, RIGHT, "et")).await;
    assert!(
        et.contains("Liiga palju ebaõnnestunud katseid; proovige uuesti 1 minuti pärast."),
        "{et}"
    );
    let (_, _, zh) = send(&router, sign_in(a, agent, RIGHT, "zh-CN")).await;
    assert!(zh.contains("失败尝试次数过多，请在 1 分钟后重试。"), "{zh}");
    for _ in 0..5 {
        assert_eq!(
            try_sign_in(&router, a, agent, "wrong-password").await.0,
            429
        );
    }
    // One audit entry per lock, not one per refused attempt.
    let audited = locks(&app).await;
    assert_eq!(audited.len(), 2, "{audited:?}");
    assert_eq!(audited[0]["scope"], "pair");
    assert_eq!(audited[0]["account"], agent);
    assert_eq!(audited[0]["ip"], a);
    assert_eq!(audited[0]["failures"], 6);
    assert_eq!(audited[1]["account"], "nobody@example.com");
    // Another client is not held back by this client's lock.
    assert_eq!(try_sign_in(&router, b, agent, RIGHT).await.0, 303);
    // Once the lock has ended, the right password works …
    clock.advance(chrono::Duration::seconds(1));
    assert_eq!(try_sign_in(&router, a, agent, RIGHT).await.0, 303);
    // … and success starts the count again: five free failures, then a 1 s lock.
    for _ in 0..5 {
        assert_eq!(
            try_sign_in(&router, a, agent, "wrong-password").await.0,
            401
        );
    }
    assert_eq!(
        try_sign_in(&router, a, agent, "wrong-password").await,
        (429, "1".into())
    );
    // Each further failure after a lock doubles the next one.
    clock.advance(chrono::Duration::seconds(1));
    assert_eq!(
        try_sign_in(&router, a, agent, "wrong-password").await,
        (429, "2".into())
    );
    assert_eq!(locks(&app).await.len(), 4);
}

async fn account_and_address_keys(app: TestApp) {
    let config = Config {
        login_account_failures_free: 3,
        login_ip_failures_free: 2,
        ..Config::default()
    };
    let (router, _clock) = throttled(&app, config);
    let manager = "manager@example.com";
    let home = "203.0.113.1";
    // The manager signs in from home once: that address is trusted from now on.
    assert_eq!(try_sign_in(&router, home, manager, RIGHT).await.0, 303);
    // Guesses from many addresses: the account-wide allowance, then a lock.
    for i in 1..=3 {
        let ip = format!("198.51.100.{i}");
        assert_eq!(try_sign_in(&router, &ip, manager, "guess").await.0, 401);
    }
    assert_eq!(
        try_sign_in(&router, "198.51.100.4", manager, "guess").await,
        (429, "1".into())
    );
    // A fresh address is held back, even with the right password; home is not.
    assert_eq!(
        try_sign_in(&router, "198.51.100.5", manager, RIGHT).await.0,
        429
    );
    assert_eq!(try_sign_in(&router, home, manager, RIGHT).await.0, 303);
    let audited = locks(&app).await;
    assert_eq!(audited.len(), 1, "{audited:?}");
    assert_eq!(audited[0]["scope"], "account");
    // One address trying many accounts: the address allowance, then a lock for any account.
    let sprayer = "192.0.2.99";
    for who in ["x1@example.com", "x2@example.com"] {
        assert_eq!(try_sign_in(&router, sprayer, who, "guess").await.0, 401);
        // Repeats on the same account do not count again against the address.
        assert_eq!(try_sign_in(&router, sprayer, who, "guess").await.0, 401);
    }
    assert_eq!(
        try_sign_in(&router, sprayer, "x3@example.com", "guess")
            .await
            .0,
        429
    );
    assert_eq!(
        try_sign_in(&router, sprayer, "agent@example.com", RIGHT)
            .await
            .0,
        429
    );
    let audited = locks(&app).await;
    assert_eq!(audited.len(), 2, "{audited:?}");
    assert_eq!(audited[1]["scope"], "ip");
    assert_eq!(audited[1]["ip"], sprayer);
}

async fn password_check_in_the_api(app: TestApp) {
    let (router, clock) = throttled(&app, Config::default());
    let token = app.creds(Role::Viewer).token.clone();
    let change = |current: &str| {
        from(
            "192.0.2.50",
            Request::put("/api/v1/account/password")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({"current": current, "new": "a-new-password-1"}).to_string(),
                ))
                .unwrap(),
        )
    };
    for _ in 0..5 {
        let (st, _, body) = send(&router, change("wrong-password")).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let (st, h, body) = send(&router, change("wrong-password")).await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(h.get(header::RETRY_AFTER).unwrap(), "1");
    assert_eq!(
        h.get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json"
    );
    let p: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(p["code"], "too-many-attempts");
    assert_eq!(
        p["detail"],
        "Too many failed attempts; try again in one minute."
    );
    // Locked: the right current password is refused too, and nothing changes.
    let (st, _, _) = send(&router, change(RIGHT)).await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    clock.advance(chrono::Duration::seconds(1));
    let (st, _, body) = send(&router, change(RIGHT)).await;
    assert_eq!(st, StatusCode::NO_CONTENT, "{body}");
}
