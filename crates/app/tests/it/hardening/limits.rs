//! Rate limits on the public pages and the trusted proxy.

use crate::support::{self, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;

use super::{loopback, token};

engines!(
    TestApp: public_pages_are_rate_limited,
    forwarded_for_only_from_a_trusted_proxy,
);

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
