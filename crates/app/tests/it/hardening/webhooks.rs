//! Webhook targets on this machine or its private network.

use crate::msg_support::{self, Receiver, SmtpSink};
use crate::support::{self, TestApp};
use axum::http::StatusCode;
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell_domain::role::Role;
use serde_json::json;

engines!(TestApp: webhook_urls_to_internal_addresses_are_refused);
engines!(msg_support::Db: webhooks_are_checked_again_when_sent);

/// Saving a webhook whose host is loopback, private, link-local or a cloud metadata address is
/// a 422 naming the URL (API and settings page), unless `webhook_allow_hosts` lists it.
async fn webhook_urls_to_internal_addresses_are_refused(app: TestApp) {
    for url in [
        "http://127.0.0.1:9000/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://10.0.0.5/",
        "http://0.0.0.0:8080/",
        "http://localhost:8080/",
        "http://2130706433/",
    ] {
        let (st, p) = app
            .api(
                Role::Admin,
                "POST",
                "/api/v1/webhook-endpoints",
                Some(json!({"url": url, "event_types": ["*"]})),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {p}");
        assert_eq!(p["errors"][0]["field"], "url");
        assert_eq!(p["errors"][0]["code"], "internal-address", "{url}: {p}");
    }
    let r = app
        .form(
            Role::Admin,
            "/settings/messaging/webhooks",
            &[("url", "http://169.254.169.254/"), ("event_types", "*")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let (_, list) = app
        .api(Role::Admin, "GET", "/api/v1/webhook-endpoints", None)
        .await;
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");
    // A public address is fine; so is a local receiver the operator allowed.
    let (st, p) = app
        .api(
            Role::Admin,
            "POST",
            "/api/v1/webhook-endpoints",
            Some(json!({"url": "https://93.184.215.14/hook", "event_types": ["*"]})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{p}");
    let config = Config {
        webhook_allow_hosts: vec!["127.0.0.1".into()],
        ..Config::default()
    };
    let allowed = carewell::app::router(AppState::new(app.store.clone(), config));
    let token = app.creds(Role::Admin).token.clone();
    let post = |url: &str| {
        support::api_request(
            &token,
            "POST",
            "/api/v1/webhook-endpoints",
            Some(json!({"url": url, "event_types": ["*"]})),
        )
    };
    let r = support::fetch(&allowed, post("http://127.0.0.1:9000/hook")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = support::fetch(&allowed, post("http://169.254.169.254/")).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "only what is listed"
    );
}

/// An endpoint that slipped past the save-time check (stored before the rule, or a name that
/// resolves elsewhere by the time of sending) is checked again at delivery: nothing reaches the
/// internal receiver unless the operator allowed it.
async fn webhooks_are_checked_again_when_sent(db: msg_support::Db) {
    let sink = SmtpSink::start().await;
    let rec = Receiver::start().await;
    let port = rec
        .url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    // By address, and by a name that resolves to loopback.
    let by_name = format!("http://localhost:{port}/hook");
    for url in [rec.url.clone(), by_name.clone()] {
        let secret = carewell::messaging::webhook::new_secret();
        *rec.secret.lock().unwrap() = secret.clone();
        db.store
            .create_webhook_endpoint(
                &carewell_store::Actor::cli(),
                &url,
                &secret,
                &["*".to_string()],
                "old",
            )
            .await
            .unwrap();
    }
    let mut tx = db.store.begin().await.unwrap();
    let ids = carewell_store::outbox::enqueue_event(
        &mut tx,
        "complaint-created:c-1",
        "complaint.created",
        &json!({"complaint_id": "c-1"}),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ids.len(), 2);
    let mut config = msg_support::config(&db.url, &sink);
    config.webhook_allow_hosts.clear();
    let d = carewell::messaging::deliver::Deliverer::new(db.store.clone(), &config).unwrap();
    let now = chrono::Utc::now() + chrono::Duration::seconds(1);
    d.run_once(now).await.unwrap();
    assert_eq!(rec.count(), 0, "nothing reached the loopback receiver");
    for id in &ids {
        let m = carewell_store::outbox::get(&db.store, id).await.unwrap();
        assert_ne!(m.status, "sent", "{m:?}");
    }
    // Allowed by name and address, both arrive (on the next attempt).
    config.webhook_allow_hosts = vec!["127.0.0.1".into(), "::1".into(), "localhost".into()];
    let d = carewell::messaging::deliver::Deliverer::new(db.store.clone(), &config).unwrap();
    d.run_once(now + chrono::Duration::days(1)).await.unwrap();
    assert_eq!(rec.count(), 2, "{by_name}");
}
