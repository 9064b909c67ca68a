//! Staff language preference (users.language), in process on SQLite and PostgreSQL: set on
//! /account (which also sets this browser's cookie), pages come in that language in a browser
//! without a `lang` cookie; the header switch only sets this browser's cookie (a GET stores
//! nothing) and wins in that browser; a language that is not shipped is refused (page and API, 422 problem+json);
//! admins set it on the user page and through PATCH /api/v1/users/{id}; an SLA breach e-mail to
//! an Estonian-speaking owner arrives in Estonian at the loopback SMTP sink (managers without a
//! preference get English).

use crate::msg_support;
use crate::support;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell_domain::role::Role;
use carewell_store::Actor;
use serde_json::json;
use std::sync::Arc;
use support::{Res, TestApp};

/// A page as `role` with the session cookie only (no `lang` cookie, no Accept-Language).
async fn bare_page(app: &TestApp, role: Role, path: &str) -> Res {
    let req = Request::get(path)
        .header(header::ACCEPT, "text/html")
        .header(
            header::COOKIE,
            format!("cw_session={}", app.creds(role).session),
        )
        .body(Body::empty())
        .unwrap();
    app.fetch(req).await
}

async fn language_of(app: &TestApp, role: Role) -> Option<String> {
    app.store
        .user_language(&app.creds(role).user_id)
        .await
        .unwrap()
}

async fn account_form_sets_the_page_language(app: &TestApp) {
    let before = bare_page(app, Role::Agent, "/account").await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.body.contains(r#"<html lang="en">"#));
    assert!(before.body.contains(r#"id="language-form""#));
    let r = app
        .form(Role::Agent, "/account/language", &[("language", "et")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        r.cookie.contains("lang=et"),
        "this browser follows: {}",
        r.cookie
    );
    assert_eq!(language_of(app, Role::Agent).await.as_deref(), Some("et"));
    // Another browser (no cookie): the saved preference decides.
    let page = bare_page(app, Role::Agent, "/account").await;
    assert!(page.body.contains(r#"<html lang="et">"#), "{}", page.body);
    assert!(page.body.contains("Salvesta keel"));
    assert!(page.body.contains(r#"<option value="et" selected>"#));
    // A browser where the header switch chose another language keeps its choice.
    let page = app.page(Role::Agent, "/account", "zh-CN").await;
    assert!(page.body.contains(r#"<html lang="zh-CN">"#));
    // Audited.
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'user.language' AND entity_id = $1",
    )
    .bind(&app.creds(Role::Agent).user_id)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(n, 1);
    // Back to the browser's choice: the cookie / Accept-Language decide again.
    let r = app
        .form(Role::Agent, "/account/language", &[("language", "")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(language_of(app, Role::Agent).await, None);
    let page = app.page(Role::Agent, "/account", "zh-CN").await;
    assert!(page.body.contains(r#"<html lang="zh-CN">"#));
}

async fn header_switch_sets_this_browser_only(app: &TestApp) {
    let req = Request::get("/lang?l=zh-CN")
        .header(
            header::COOKIE,
            format!("cw_session={}", app.creds(Role::Manager).session),
        )
        .header(header::REFERER, "http://localhost/account")
        .body(Body::empty())
        .unwrap();
    let r = app.fetch(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.cookie.contains("lang=zh-CN"), "{}", r.cookie);
    assert_eq!(r.location, "/account");
    // Nothing stored: another browser still gets the browser's choice.
    assert_eq!(language_of(app, Role::Manager).await, None);
    let page = bare_page(app, Role::Manager, "/account").await;
    assert!(page.body.contains(r#"<html lang="en">"#));
    // Anonymous switching only sets the cookie; an unknown language changes nothing.
    let r = app
        .fetch(
            Request::get("/lang?l=et")
                .extension(support::anonymous_client())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let req = Request::get("/lang?l=xx")
        .header(
            header::COOKIE,
            format!("cw_session={}", app.creds(Role::Manager).session),
        )
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.fetch(req).await.status, StatusCode::SEE_OTHER);
    assert_eq!(language_of(app, Role::Manager).await, None);
}

async fn bad_language_is_refused(app: &TestApp) {
    let r = app
        .form(Role::Agent, "/account/language", &[("language", "fr")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(r#"data-at="language""#), "{}", r.body);
    assert_eq!(language_of(app, Role::Agent).await, None);
    for bad in [json!("fr"), json!("klingon!"), json!(5)] {
        let (s, _, body) = app
            .send(support::api_request(
                &app.creds(Role::Agent).token,
                "PATCH",
                "/api/v1/account",
                Some(json!({ "language": bad })),
            ))
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
    }
    let (s, ct, body) = app
        .send(support::api_request(
            &app.creds(Role::Agent).token,
            "PATCH",
            "/api/v1/account",
            Some(json!({ "language": "fr" })),
        ))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(ct.starts_with("application/problem+json"), "{ct}");
    assert!(body.contains("language"), "{body}");
    // Own account through the API.
    let (s, v) = app
        .api(
            Role::Agent,
            "PATCH",
            "/api/v1/account",
            Some(json!({"language": "zh-cn"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["language"], "zh-CN");
    let (s, v) = app
        .api(
            Role::Agent,
            "PATCH",
            "/api/v1/account",
            Some(json!({"language": null})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["language"].is_null());
    // Admins, for anyone: API and the user page.
    let id = app.creds(Role::Viewer).user_id.clone();
    let path = format!("/api/v1/users/{id}");
    let (s, v) = app
        .api(Role::Admin, "PATCH", &path, Some(json!({"language": "de"})))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = app
        .api(Role::Admin, "PATCH", &path, Some(json!({"language": "et"})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["language"], "et");
    let (s, _) = app
        .api(
            Role::Viewer,
            "PATCH",
            &path,
            Some(json!({"language": "en"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let page = app
        .page(Role::Admin, &format!("/admin/users/{id}"), "en")
        .await;
    assert!(page.body.contains(r#"<option value="et" selected>"#));
    let r = app
        .form(
            Role::Admin,
            &format!("/admin/users/{id}/language"),
            &[("language", "zh-CN")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        language_of(app, Role::Viewer).await.as_deref(),
        Some("zh-CN")
    );
    let r = app
        .form(
            Role::Admin,
            &format!("/admin/users/{id}/language"),
            &[("language", "xx-YY")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

async fn sla_breach_mail_in_the_owners_language(app: &TestApp) {
    use carewell::app::jobs::{runner, standard_registry};
    use chrono::{Duration, Utc};
    let sink = msg_support::SmtpSink::start().await;
    let owner = app.creds(Role::Agent).user_id.clone();
    app.store
        .set_user_language(&Actor::cli(), &owner, Some("et"))
        .await
        .unwrap();
    let (s, cu) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Overdue Olga", "email": "olga@example.com"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{cu}");
    let input = carewell_domain::complaint::ComplaintInput::parse(
        cu["id"].as_str().unwrap(),
        "phone",
        "service",
        "critical",
        Some("Down since this morning"),
        "Nothing works",
        vec![],
    )
    .unwrap();
    // Received 2 h ago: the first response is overdue; its breach timer is due at once.
    let c = app
        .store
        .create_complaint_received(
            &Actor::cli(),
            &input,
            Some(&owner),
            Some(Utc::now() - Duration::hours(2)),
        )
        .await
        .unwrap();
    let mut config = msg_support::config("", &sink);
    config.retry_base_secs = 0;
    config.message_cap = 10;
    let runner = runner(app.store.clone(), Arc::new(config), standard_registry()).unwrap();
    runner.run_jobs_once().await.unwrap();
    runner.drain().await.unwrap();
    for k in 0..5 {
        runner
            .outbox()
            .run_once(Utc::now() + Duration::seconds(10 * k))
            .await
            .unwrap();
    }
    let mails = sink.mails();
    let seen = || {
        mails
            .iter()
            .map(|m| (m.to.clone(), m.subject.clone()))
            .collect::<Vec<_>>()
    };
    let to_owner = mails
        .iter()
        .find(|m| m.to[0] == "<agent@example.com>")
        .unwrap_or_else(|| panic!("no mail to the owner: {:?}", seen()));
    assert!(
        to_owner.subject.starts_with("SLA ületatud") && to_owner.subject.contains("Down since"),
        "{:?}",
        seen()
    );
    assert!(
        msg_support::mail_body(&to_owner.data).contains("Tere, agent!"),
        "{}",
        msg_support::mail_body(&to_owner.data)
    );
    // The manager has no preference: English.
    let to_manager = mails
        .iter()
        .find(|m| m.to[0] == "<manager@example.com>")
        .unwrap_or_else(|| panic!("no mail to the manager: {:?}", seen()));
    assert!(to_manager.subject.starts_with("SLA missed"), "{:?}", seen());
    // Both mails are about this complaint: they link to its page.
    for m in [to_owner, to_manager] {
        let body = msg_support::mail_body(&m.data);
        assert!(body.contains(&format!("/complaints/{}", c.id)), "{body}");
    }
}

engines!(&TestApp:
    account_form_sets_the_page_language,
    header_switch_sets_this_browser_only,
    bad_language_is_refused,
    sla_breach_mail_in_the_owners_language,
);
