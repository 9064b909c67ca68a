//! Sign-out, foreign `Authorization` schemes, `/metrics`.

use crate::support::{self, TestApp, form_request};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell_domain::role::Role;

use super::token;

engines!(
    TestApp: logout_needs_csrf,
    foreign_authorization_is_not_ours,
    metrics_are_not_public,
);

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

fn get_metrics(auth: Option<&str>) -> Request<Body> {
    let mut b = Request::get("/metrics").extension(support::anonymous_client());
    if let Some(a) = auth {
        b = b.header(header::AUTHORIZATION, a);
    }
    b.body(Body::empty()).unwrap()
}

/// `/metrics` (it shows the number of customers) answers a scraper with the configured token,
/// signed-in admins, or anyone only when `metrics_public` says so.
async fn metrics_are_not_public(app: TestApp) {
    let r = app.fetch(get_metrics(None)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(!r.body.contains("carewell_customers"));
    let r = app.fetch(get_metrics(Some("Bearer guess"))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let viewer = format!("Bearer {}", app.creds(Role::Viewer).token);
    assert_eq!(
        app.fetch(get_metrics(Some(&viewer))).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = format!("Bearer {}", app.creds(Role::Admin).token);
    let r = app.fetch(get_metrics(Some(&admin))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("carewell_customers 0"), "{}", r.body);
    let r = app.get_as(&app.browser(Role::Admin), "/metrics").await;
    assert_eq!(r.status, StatusCode::OK);
    // A scraper with the configured token.
    let config = Config {
        metrics_token: "scrape-secret-123".into(),
        ..Config::default()
    };
    let scraped = carewell::app::router(AppState::new(app.store.clone(), config));
    let r = support::fetch(&scraped, get_metrics(Some("Bearer scrape-secret-123"))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = support::fetch(&scraped, get_metrics(Some("Bearer scrape-secret-124"))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = support::fetch(&scraped, get_metrics(None)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Opened on purpose.
    let config = Config {
        metrics_public: true,
        ..Config::default()
    };
    let open = carewell::app::router(AppState::new(app.store.clone(), config));
    assert_eq!(
        support::fetch(&open, get_metrics(None)).await.status,
        StatusCode::OK
    );
}
