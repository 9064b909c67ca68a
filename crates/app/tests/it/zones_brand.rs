//! Staff time zones and the operator's brand on customer pages, in process on SQLite and
//! PostgreSQL: a zone saved on /account (or PATCH /api/v1/account) shows every staff time in
//! it, sets this browser's cookie and follows the user to a new browser at sign-in; the
//! browser's zone is used when none is saved; a zone that is not in the IANA database is
//! refused (page and API) and changes nothing; customer pages (and their 404/429 pages) carry
//! the operator's name and logo and never send a customer to the staff sign-in.

use crate::support;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell_domain::customer::CustomerInput;
use carewell_domain::role::Role;
use carewell_store::Actor;
use serde_json::json;
use support::TestApp;

async fn customer(app: &TestApp) -> String {
    let pairs = [("name", "Mari Tamm"), ("language", "et")];
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap();
    app.store
        .create_customer(&Actor::cli(), &input, None)
        .await
        .unwrap()
        .id
}

/// A staff page as `role` with exactly the cookies given (besides the session).
async fn page_with_cookies(app: &TestApp, role: Role, path: &str, cookies: &str) -> support::Res {
    let req = Request::get(path)
        .header(header::ACCEPT, "text/html")
        .header(
            header::COOKIE,
            format!("cw_session={}; {cookies}", app.creds(role).session),
        )
        .body(Body::empty())
        .unwrap();
    app.fetch(req).await
}

async fn zone_of(app: &TestApp, role: Role) -> Option<String> {
    app.store
        .user_timezone(&app.creds(role).user_id)
        .await
        .unwrap()
}

async fn saved_zone_shows_times_in_it(app: &TestApp) {
    let id = customer(app).await;
    let path = format!("/customers/{id}");
    // Nothing chosen: the server's zone (UTC by default).
    let utc = page_with_cookies(app, Role::Agent, &path, "").await;
    assert_eq!(utc.status, StatusCode::OK);
    assert!(utc.body.contains(" UTC"), "{}", utc.body);
    assert!(utc.body.contains(r#"data-zone="UTC""#));
    // The browser's zone.
    let browser = page_with_cookies(app, Role::Agent, &path, "tzb=Asia/Shanghai").await;
    assert!(browser.body.contains(" CST"), "{}", browser.body);
    assert!(browser.body.contains(r#"data-zone="Asia/Shanghai""#));
    // Saved on /account: this browser's cookie follows, and it beats the browser's zone.
    let r = app
        .form(
            Role::Agent,
            "/account/timezone",
            &[("timezone", "Europe/Tallinn")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.cookie.contains("tz=Europe%2FTallinn"), "{}", r.cookie);
    assert_eq!(
        zone_of(app, Role::Agent).await.as_deref(),
        Some("Europe/Tallinn")
    );
    let both = page_with_cookies(
        app,
        Role::Agent,
        &path,
        "tzb=Asia/Shanghai; tz=Europe/Tallinn",
    )
    .await;
    assert!(both.body.contains(r#"data-zone="Europe/Tallinn""#));
    assert!(
        both.body.contains(" EET") || both.body.contains(" EEST"),
        "{}",
        both.body
    );
    let account = page_with_cookies(app, Role::Agent, "/account", "tz=Europe/Tallinn").await;
    assert!(
        account
            .body
            .contains(r#"<option value="Europe/Tallinn" selected>"#),
        "{}",
        account.body
    );
    // Audited once; saving the same zone again writes nothing.
    app.form(
        Role::Agent,
        "/account/timezone",
        &[("timezone", "Europe/Tallinn")],
    )
    .await;
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'user.timezone' AND entity_id = $1",
    )
    .bind(&app.creds(Role::Agent).user_id)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(n, 1);
    // Cleared: back to the browser's zone, and the cookie goes.
    let r = app
        .form(Role::Agent, "/account/timezone", &[("timezone", "")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        r.cookie.contains("tz=;") || r.cookie.contains("Max-Age=0"),
        "{}",
        r.cookie
    );
    assert_eq!(zone_of(app, Role::Agent).await, None);
}

async fn sign_in_brings_the_saved_zone(app: &TestApp) {
    let hash = carewell::admin::password::hash("zone-password-123").unwrap();
    let email = carewell_domain::email::Email::parse("zoned@example.com").unwrap();
    let u = app
        .store
        .create_user(&Actor::cli(), &email, "Zoned", Role::Agent, &hash)
        .await
        .unwrap();
    app.store
        .set_user_timezone(&Actor::cli(), &u.id, Some("America/New_York"))
        .await
        .unwrap();
    let req = support::form_request(
        None,
        "/login",
        &[
            ("email", "zoned@example.com"),
            ("password", "zone-password-123"),
        ],
        false,
    );
    let r = app.fetch(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.cookie.contains("tz=America%2FNew_York"), "{}", r.cookie);
}

async fn bad_zone_is_refused_and_changes_nothing(app: &TestApp) {
    app.store
        .set_user_timezone(
            &Actor::cli(),
            &app.creds(Role::Viewer).user_id,
            Some("Asia/Tokyo"),
        )
        .await
        .unwrap();
    let long = "Europe/".repeat(2000);
    for bad in [
        "Mars/Olympus",
        "UTC'; DROP TABLE users; --",
        "<script>",
        long.as_str(),
    ] {
        let r = app
            .form(Role::Viewer, "/account/timezone", &[("timezone", bad)])
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
        assert!(r.body.contains("id=\"account-error\""), "{}", r.body);
        assert!(!r.body.contains("<script>"), "escaped");
        assert_eq!(
            zone_of(app, Role::Viewer).await.as_deref(),
            Some("Asia/Tokyo")
        );
        let (status, body) = app
            .api(
                Role::Viewer,
                "PATCH",
                "/api/v1/account",
                Some(json!({ "timezone": bad, "language": "et" })),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "timezone", "{body}");
        // Nothing changed: neither the zone nor the language sent beside it.
        assert_eq!(
            zone_of(app, Role::Viewer).await.as_deref(),
            Some("Asia/Tokyo")
        );
        let lang = app
            .store
            .user_language(&app.creds(Role::Viewer).user_id)
            .await
            .unwrap();
        assert_eq!(lang, None);
    }
    // A good one through the API, then cleared with null.
    let (status, body) = app
        .api(
            Role::Viewer,
            "PATCH",
            "/api/v1/account",
            Some(json!({ "timezone": "Europe/Tallinn" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["timezone"], "Europe/Tallinn");
    assert_eq!(
        body["email"], "viewer@example.com",
        "the user is still there: {body}"
    );
    let (_, body) = app
        .api(
            Role::Viewer,
            "PATCH",
            "/api/v1/account",
            Some(json!({ "timezone": null })),
        )
        .await;
    assert_eq!(body["timezone"], serde_json::Value::Null);
    // Hostile cookies are ignored, never an error.
    let page = page_with_cookies(app, Role::Viewer, "/account", "tz=Mars/Olympus; tzb=%00").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"data-zone="UTC""#));
}

async fn customer_pages_carry_the_operators_brand(app: &TestApp) {
    let config = Config {
        company_name: "Põhjala Energia".into(),
        company_logo_url: "https://example.com/logo.png".into(),
        ..Config::default()
    };
    let router = carewell::app::router(AppState::new(app.store.clone(), config));
    // A customer link that leads nowhere: the operator's words, no way to the staff sign-in.
    for path in [
        "/public/conversation/not-a-token",
        "/public/offboarding/not-a-token",
        "/public/complaints/not-a-token",
    ] {
        let r = support::fetch(&router, support::page_request(None, path, "et")).await;
        assert!(r.status.is_client_error(), "{path}: {}", r.status);
        assert!(r.body.contains("Põhjala Energia"), "{path}: {}", r.body);
        assert!(r.body.contains("https://example.com/logo.png"), "{path}");
        assert!(
            !r.body.contains(r#"href="/""#),
            "{path}: no link to the staff pages"
        );
        assert!(!r.body.contains("/login"), "{path}");
        assert!(r.body.contains("<title>"), "{path}");
        assert!(
            !r.body.contains("· Carewell</title>"),
            "{path}: the window title is the operator's"
        );
    }
    // Staff pages keep the product's name and the way home.
    let r = support::fetch(
        &router,
        support::page_request(Some(&app.browser(Role::Agent)), "/no-such-page", "en"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains(r#"href="/""#));
    // Every page starts with a skip link to its content.
    assert!(r.body.contains(r##"class="skip-link" href="#main""##));
}

engines!(&TestApp:
    saved_zone_shows_times_in_it,
    sign_in_brings_the_saved_zone,
    bad_zone_is_refused_and_changes_nothing,
    customer_pages_carry_the_operators_brand,
);
