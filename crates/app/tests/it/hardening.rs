//! Issue 11, point 9 (the rest of it): sign-out needs its CSRF token, a foreign `Authorization`
//! scheme does not lock out public pages, public token pages are rate-limited and trust
//! `X-Forwarded-For` only from a configured proxy, CSV cells cannot start a formula, attribute
//! maps are bounded, impossible dates are refused, `/metrics` is not public, and webhooks cannot
//! be pointed at loopback, link-local or metadata addresses.

use crate::support::{self, TestApp, form_request};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell_domain::role::Role;

engines!(
    TestApp: logout_needs_csrf,
    foreign_authorization_is_not_ours,
    public_pages_are_rate_limited,
    forwarded_for_only_from_a_trusted_proxy,
);

/// A random loopback address, so the buckets of tests running at once do not meet.
fn loopback() -> String {
    let n = uuid::Uuid::new_v4().as_u128();
    format!("127.{}.{}.{}", (n >> 16) as u8, (n >> 8) as u8, n as u8)
}

fn token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Another site cannot sign a user out: a POST /logout without the session's CSRF token (or with
/// a wrong one) is 403 and the session lives on; with the token it ends.
async fn logout_needs_csrf(app: TestApp) {
    let who = app.browser(Role::Agent);
    let r = app
        .fetch(form_request(Some(&who), "/logout", &[], false))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .fetch(form_request(
            Some(&who),
            "/logout",
            &[("csrf", "not-the-token")],
            false,
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(app.get_as(&who, "/account").await.status, StatusCode::OK);
    let r = app.post_as(&who, "/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location, "/login");
    let after = app.get_as(&who, "/account").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "session ended");
    // Without a live session there is nothing to protect: the cookie is cleared.
    let r = app.fetch(form_request(None, "/logout", &[], false)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

/// A `Basic` header (say, from a proxy's password prompt in front) does not lock anyone out of
/// the public pages or out of a signed-in session; a protected API route without a bearer token
/// is a 401 problem that names the scheme it wants.
async fn foreign_authorization_is_not_ours(app: TestApp) {
    let basic = |path: &str| {
        Request::get(path)
            .header(header::AUTHORIZATION, "Basic dXNlcjpwYXNz")
            .extension(support::anonymous_client())
    };
    let r = app
        .fetch(basic("/login").body(Body::empty()).unwrap())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .fetch(basic("/healthz").body(Body::empty()).unwrap())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .fetch(
            basic(&format!("/public/complaints/{}", token()))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // A stale bearer token on a public page is ignored too.
    let r = app
        .fetch(
            Request::get("/login")
                .header(header::AUTHORIZATION, "Bearer cw_expired")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Behind the proxy's prompt, the session cookie still signs the user in.
    let who = app.browser(Role::Agent);
    let r = app
        .fetch(
            basic("/customers")
                .header(header::COOKIE, format!("cw_session={}", who.session))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // The API wants a bearer token: 401 as a problem, with the scheme in WWW-Authenticate.
    let res = tower::ServiceExt::oneshot(
        app.router.clone(),
        basic("/api/v1/customers").body(Body::empty()).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let h = |n| {
        res.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(h(header::CONTENT_TYPE).starts_with("application/problem+json"));
    assert!(h(header::WWW_AUTHENTICATE).starts_with("Bearer"));
}

/// One client walking token space on the public pages runs into 429 (GETs included).
async fn public_pages_are_rate_limited(app: TestApp) {
    let ip = loopback();
    let mut statuses = Vec::new();
    for _ in 0..40 {
        let req = Request::get(format!("/public/satisfaction/{}", token()))
            .header(header::ACCEPT, "text/html")
            .extension(support::peer(&ip))
            .body(Body::empty())
            .unwrap();
        statuses.push(app.fetch(req).await.status);
    }
    assert_eq!(statuses[0], StatusCode::NOT_FOUND);
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // Another client is not held up.
    let r = app
        .public_page(&format!("/public/satisfaction/{}", token()))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

fn post_from(ip: &str, forwarded: &str) -> Request<Body> {
    Request::post(format!("/public/satisfaction/{}", token()))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", forwarded)
        .extension(support::peer(ip))
        .body(Body::from("score=5"))
        .unwrap()
}

/// `X-Forwarded-For` is believed only from a configured proxy: from a loopback peer that is not
/// configured, changing the header does not buy a fresh bucket; behind a configured one, each
/// client has its own, and what a client writes to the left of the proxy's hop does not count.
async fn forwarded_for_only_from_a_trusted_proxy(app: TestApp) {
    let proxy = loopback();
    let mut statuses = Vec::new();
    for i in 0..8 {
        let r = app
            .fetch(post_from(&proxy, &format!("198.51.100.{i}")))
            .await;
        statuses.push(r.status);
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "one bucket for the untrusted peer: {statuses:?}"
    );
    let config = Config {
        trusted_proxies: vec!["127.0.0.0/8".into()],
        ..Config::default()
    };
    let behind = carewell::app::router(AppState::new(app.store.clone(), config));
    let proxy = loopback();
    let n = uuid::Uuid::new_v4().as_u128();
    for i in 0..8u8 {
        let client = format!("2001:db8:{:x}::{i:x}", n as u16);
        let r = support::fetch(&behind, post_from(&proxy, &client)).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "client {client} has its own bucket"
        );
    }
    // A client spoofing the left of the header is still one client (the proxy's hop counts).
    let client = format!("2001:db8:{:x}::ff", n as u16 ^ 1);
    let mut statuses = Vec::new();
    for i in 0..8 {
        let spoof = format!("192.0.2.{i}, {client}");
        statuses.push(
            support::fetch(&behind, post_from(&proxy, &spoof))
                .await
                .status,
        );
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}
