//! The admin area, in process on SQLite and PostgreSQL: an admin adds a user in the UI and
//! they sign in; a deactivated user's session and token are refused (and work again after
//! reactivation); a role change takes effect at once; the last active admin cannot be demoted
//! or deactivated; API tokens created and revoked through the API and the pages; one's own
//! password change; the audit page's "Verify chain" action; early erasure from the case page
//! (refused readably with the legal basis while a hold runs, else a certificate).

use crate::support;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use serde_json::{Value, json};
use support::{TestApp, between};

/// A form the admin posts, which must be accepted (303).
async fn as_admin(app: &TestApp, path: &str, fields: &[(&str, &str)]) {
    let r = app.form(Role::Admin, path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
}

/// An API token for user `id` (issued by the admin); returns the secret.
async fn issue_token(app: &TestApp, id: &str, name: &str) -> String {
    let (s, t) = app
        .api(
            Role::Admin,
            "POST",
            &format!("/api/v1/users/{id}/tokens"),
            Some(json!({ "name": name })),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    t["secret"].as_str().unwrap().to_string()
}

/// The status of a GET with a bearer secret.
async fn with_token(app: &TestApp, secret: &str, path: &str) -> StatusCode {
    app.api_with(secret, "GET", path, None).await.0
}

/// Adds a user through the API with a known password; returns the id.
async fn add_user(app: &TestApp, email: &str, role: &str) -> String {
    let (s, v) = app.api(Role::Admin, "POST", "/api/v1/users", Some(json!({"email": email, "name": "Test Person", "role": role, "password": "first-password-1"})))
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert!(v["generated_password"].is_null());
    v["user"]["id"].as_str().unwrap().to_string()
}

async fn create_and_login(app: &TestApp) {
    let r = app
        .form(
            Role::Admin,
            "/admin/users",
            &[
                ("email", "new.agent@example.com"),
                ("name", "New Agent"),
                ("role", "agent"),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body.contains(r#"id="user-created""#));
    let password = between(&r.body, r#"<code id="generated-password">"#, "</code>");
    assert_eq!(password.len(), 20);
    let list = app.page(Role::Admin, "/admin/users", "en").await;
    assert!(
        list.body
            .contains(r#"data-user="new.agent@example.com" data-role="agent" data-active="true""#)
    );
    assert!(!list.body.contains(&password), "the password is shown once");
    // The new user signs in with it; the list then shows a last sign-in.
    let b = app
        .login("new.agent@example.com", &password)
        .await
        .expect("login");
    let acct = app.get_as(&b, "/account").await;
    assert!(acct.body.contains("new.agent@example.com") && acct.body.contains("Agent"));
    assert!(
        !acct.body.contains("href=\"/admin/users\""),
        "no admin link for agents"
    );
    assert!(
        app.page(Role::Admin, "/admin/users", "en")
            .await
            .body
            .contains("UTC")
    );
    // Agents may not reach the admin area.
    assert_eq!(
        app.get_as(&b, "/admin/users").await.status,
        StatusCode::FORBIDDEN
    );
    // A duplicate e-mail and a short password are refused readably, keeping what was typed.
    let dup = app
        .form(
            Role::Admin,
            "/admin/users",
            &[
                ("email", "new.agent@example.com"),
                ("name", "Again"),
                ("role", "viewer"),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.body.contains("already exists"), "{}", dup.body);
    let short = app
        .form(
            Role::Admin,
            "/admin/users",
            &[
                ("email", "short@example.com"),
                ("name", "Short"),
                ("role", "viewer"),
                ("password", "abc"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains("is shorter than 10 characters"),
        "{}",
        short.body
    );
    assert!(short.body.contains(r#"value="short@example.com""#));
    // The admin nav shows the users link; every page shows My account.
    let page = app.page(Role::Admin, "/customers", "en").await;
    assert!(page.body.contains("href=\"/admin/users\"") && page.body.contains("href=\"/account\""));
}

async fn deactivation(app: &TestApp) {
    let id = add_user(app, "leaver@example.com", "agent").await;
    let secret = issue_token(app, &id, "script").await;
    let b = app
        .login("leaver@example.com", "first-password-1")
        .await
        .unwrap();
    assert_eq!(
        with_token(app, &secret, "/api/v1/tokens").await,
        StatusCode::OK
    );
    // Deactivated in the UI: the session goes to the login page, the token is refused, and
    // signing in again fails.
    as_admin(
        app,
        &format!("/admin/users/{id}/active"),
        &[("active", "0")],
    )
    .await;
    let page = app.get_as(&b, "/account").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location.starts_with("/login"));
    assert_eq!(
        with_token(app, &secret, "/api/v1/tokens").await,
        StatusCode::UNAUTHORIZED
    );
    assert!(
        app.login("leaver@example.com", "first-password-1")
            .await
            .is_none()
    );
    let shown = app
        .page(Role::Admin, &format!("/admin/users/{id}"), "en")
        .await;
    assert!(shown.body.contains(r#"data-active="false""#));
    // Reactivated through the API: the token works again, and so does signing in.
    let (s, v) = app
        .api(
            Role::Admin,
            "PATCH",
            &format!("/api/v1/users/{id}"),
            Some(json!({"active": true})),
        )
        .await;
    assert_eq!((s, v["active"].as_bool()), (StatusCode::OK, Some(true)));
    assert_eq!(
        with_token(app, &secret, "/api/v1/tokens").await,
        StatusCode::OK
    );
    assert!(
        app.login("leaver@example.com", "first-password-1")
            .await
            .is_some()
    );
    // Both changes are in the audit log.
    let (_, log) = app
        .api(
            Role::Admin,
            "GET",
            &format!("/api/v1/audit?entity=user&entity_id={id}"),
            None,
        )
        .await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"user.deactivate") && actions.contains(&"user.reactivate"),
        "{actions:?}"
    );
}

async fn role_change(app: &TestApp) {
    let id = add_user(app, "promoted@example.com", "agent").await;
    let secret = issue_token(app, &id, "cli").await;
    assert_eq!(
        with_token(app, &secret, "/api/v1/audit").await,
        StatusCode::FORBIDDEN
    );
    as_admin(
        app,
        &format!("/admin/users/{id}/role"),
        &[("role", "compliance")],
    )
    .await;
    assert_eq!(
        with_token(app, &secret, "/api/v1/audit").await,
        StatusCode::OK
    );
    let (s, v) = app
        .api(Role::Admin, "GET", &format!("/api/v1/users/{id}"), None)
        .await;
    assert_eq!(
        (s, v["role"].as_str()),
        (StatusCode::OK, Some("compliance"))
    );
    // Through the API, back to viewer; a non-admin may not change roles.
    let (s, _) = app
        .api_with(
            &app.creds(Role::Manager).token,
            "PATCH",
            &format!("/api/v1/users/{id}"),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .api(
            Role::Admin,
            "PATCH",
            &format!("/api/v1/users/{id}"),
            Some(json!({"role": "viewer"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        with_token(app, &secret, "/api/v1/audit").await,
        StatusCode::FORBIDDEN
    );
}

async fn last_admin(app: &TestApp) {
    let me = app.creds(Role::Admin).user_id.clone();
    let r = app
        .form(
            Role::Admin,
            &format!("/admin/users/{me}/role"),
            &[("role", "manager")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("last active administrator"), "{}", r.body);
    let r = app
        .form(
            Role::Admin,
            &format!("/admin/users/{me}/active"),
            &[("active", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("last active administrator"));
    let (s, v) = app
        .api(
            Role::Admin,
            "PATCH",
            &format!("/api/v1/users/{me}"),
            Some(json!({"active": false, "language": "et", "role": "manager"})),
        )
        .await;
    // Refused as a whole: the language in the same request is not saved either.
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(
        v["detail"]
            .as_str()
            .unwrap()
            .contains("last active administrator")
    );
    let (_, v) = app
        .api(Role::Admin, "GET", &format!("/api/v1/users/{me}"), None)
        .await;
    assert_eq!(
        (v["role"].as_str(), v["active"].as_bool()),
        (Some("admin"), Some(true))
    );
    assert!(v["language"].is_null(), "{v}");
    // With a second active admin, stepping down is allowed.
    add_user(app, "second.admin@example.com", "admin").await;
    as_admin(
        app,
        &format!("/admin/users/{me}/role"),
        &[("role", "manager")],
    )
    .await;
    assert_eq!(
        app.page(Role::Admin, "/admin/users", "en").await.status,
        StatusCode::FORBIDDEN
    );
}

async fn tokens(app: &TestApp) {
    // API: create (secret once), use, list with last use, revoke, refused afterwards.
    let agent = app.creds(Role::Agent).token.clone();
    let (s, t) = app
        .api_with(
            &agent,
            "POST",
            "/api/v1/tokens",
            Some(json!({"name": "report script"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let (tid, secret) = (
        t["token"]["id"].as_str().unwrap().to_string(),
        t["secret"].as_str().unwrap().to_string(),
    );
    assert!(secret.starts_with("cw_"));
    let (s, list) = app.api_with(&secret, "GET", "/api/v1/tokens", None).await;
    assert_eq!(s, StatusCode::OK);
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == tid.as_str())
        .unwrap();
    assert!(mine["last_used_at"].is_string());
    assert!(
        !list.to_string().contains(&secret),
        "secrets are never listed"
    );
    let (s, _) = app
        .api_with(&agent, "POST", "/api/v1/tokens", Some(json!({"name": " "})))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Someone else's token is not found; an admin may revoke anyone's.
    let (s, _) = app
        .api_with(
            &app.creds(Role::Viewer).token,
            "DELETE",
            &format!("/api/v1/tokens/{tid}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = app
        .api_with(&agent, "DELETE", &format!("/api/v1/tokens/{tid}"), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["revoked_at"].is_string());
    assert_eq!(
        with_token(app, &secret, "/api/v1/tokens").await,
        StatusCode::UNAUTHORIZED
    );
    let (s, _) = app
        .api_with(&agent, "DELETE", &format!("/api/v1/tokens/{tid}"), None)
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // UI, My account: create (shown once), revoke.
    let viewer = app.browser(Role::Viewer);
    let r = app
        .post_as(&viewer, "/account/tokens", &[("name", "spreadsheet")])
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let secret = between(&r.body, r#"<code id="token-secret">"#, "</code>");
    assert_eq!(
        with_token(app, &secret, "/api/v1/tokens").await,
        StatusCode::OK
    );
    let page = app.get_as(&viewer, "/account").await;
    assert!(page.body.contains("spreadsheet") && !page.body.contains(&secret));
    let id = between(
        &page.body[page.body.find("spreadsheet").unwrap() - 200..],
        "data-token=\"",
        "\"",
    );
    // Another user cannot revoke it through their own account page.
    let r = app
        .post_as(
            &app.browser(Role::Agent),
            &format!("/account/tokens/{id}/revoke"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .post_as(&viewer, &format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        with_token(app, &secret, "/api/v1/tokens").await,
        StatusCode::UNAUTHORIZED
    );
    assert!(
        app.get_as(&viewer, "/account")
            .await
            .body
            .contains("Revoked")
    );
    // UI, admin: a token for another user, then revoked from that user's page.
    let uid = app.creds(Role::Manager).user_id.clone();
    let r = app
        .form(
            Role::Admin,
            &format!("/admin/users/{uid}/tokens"),
            &[("name", "for manager")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let secret = between(&r.body, r#"<code id="token-secret">"#, "</code>");
    let (_, me) = app.api_with(&secret, "GET", "/api/v1/tokens", None).await;
    let id = me
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "for manager")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .form(Role::Admin, &format!("/admin/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (
            StatusCode::SEE_OTHER,
            format!("/admin/users/{uid}").as_str()
        )
    );
    assert_eq!(
        with_token(app, &secret, "/api/v1/tokens").await,
        StatusCode::UNAUTHORIZED
    );
}

async fn own_password(app: &TestApp) {
    add_user(app, "changer@example.com", "viewer").await;
    let b = app
        .login("changer@example.com", "first-password-1")
        .await
        .unwrap();
    let r = app
        .post_as(
            &b,
            "/account/password",
            &[
                ("current", "wrong-password"),
                ("new", "second-password-2"),
                ("confirm", "second-password-2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Current password: the current password is not correct"),
        "{}",
        r.body
    );
    let r = app
        .post_as(
            &b,
            "/account/password",
            &[
                ("current", "first-password-1"),
                ("new", "second-password-2"),
                ("confirm", "other-password-3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("the two new passwords differ"));
    let r = app
        .post_as(
            &b,
            "/account/password",
            &[
                ("current", "first-password-1"),
                ("new", "second-password-2"),
                ("confirm", "second-password-2"),
            ],
        )
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/account?done=password")
    );
    assert!(
        app.get_as(&b, "/account?done=password")
            .await
            .body
            .contains("Your password was changed.")
    );
    assert!(
        app.login("changer@example.com", "first-password-1")
            .await
            .is_none()
    );
    assert!(
        app.login("changer@example.com", "second-password-2")
            .await
            .is_some()
    );
    // Through the API as well.
    let (s, _) = app
        .api_with(
            &app.creds(Role::Agent).token,
            "PUT",
            "/api/v1/account/password",
            Some(json!({"current": "nope", "new": "third-password-3"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app
        .api_with(
            &app.creds(Role::Agent).token,
            "PUT",
            "/api/v1/account/password",
            Some(json!({"current": "test-password-123", "new": "third-password-3"})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert!(
        app.login("agent@example.com", "third-password-3")
            .await
            .is_some()
    );
}

async fn password_reset(app: &TestApp) {
    let id = add_user(app, "forgetful@example.com", "agent").await;
    let b = app
        .login("forgetful@example.com", "first-password-1")
        .await
        .unwrap();
    let r = app
        .form(Role::Admin, &format!("/admin/users/{id}/password"), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let generated = between(&r.body, r#"<code id="new-password">"#, "</code>");
    assert_eq!(
        app.get_as(&b, "/account").await.status,
        StatusCode::SEE_OTHER,
        "sessions end"
    );
    assert!(
        app.login("forgetful@example.com", "first-password-1")
            .await
            .is_none()
    );
    assert!(
        app.login("forgetful@example.com", &generated)
            .await
            .is_some()
    );
    let (s, v) = app
        .api(
            Role::Admin,
            "POST",
            &format!("/api/v1/users/{id}/password"),
            Some(json!({"password": "chosen-by-admin-1"})),
        )
        .await;
    assert_eq!(
        (s, v["generated_password"].is_null()),
        (StatusCode::OK, true)
    );
    assert!(
        app.login("forgetful@example.com", "chosen-by-admin-1")
            .await
            .is_some()
    );
    let (s, _) = app
        .api_with(
            &app.creds(Role::Manager).token,
            "POST",
            &format!("/api/v1/users/{id}/password"),
            Some(json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

async fn audit_verify(app: &TestApp) {
    let compliance = app.browser(Role::Compliance);
    let page = app.get_as(&compliance, "/audit").await;
    assert!(page.body.contains(r#"action="/audit/verify""#));
    assert!(!page.body.contains(r#"id="verify-result""#));
    let r = app.get_as(&compliance, "/audit/verify").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains(r#"id="verify-result" data-ok="true""#),
        "{}",
        r.body
    );
    let (_, v) = app
        .api(Role::Admin, "GET", "/api/v1/audit/verify", None)
        .await;
    let n = v["entries"].as_i64().unwrap();
    assert!(n > 0);
    assert!(
        r.body.contains("Chain checked just now:")
            && r.body.contains("entries, every hash matches.")
    );
    assert_eq!(
        app.get_as(&app.browser(Role::Manager), "/audit/verify")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// A closed offboarding case of a customer with a transaction (held under the AML rule).
async fn closed_case(app: &TestApp) -> String {
    let t = |r: Role| app.creds(r).token.clone();
    let (_, c) = app.api_with(&t(Role::Agent), "POST", "/api/v1/customers", Some(json!({"name": "Erasable Person", "language": "en", "country": "EE", "email": "erasable@example.com"}))).await;
    let cu = c["id"].as_str().unwrap().to_string();
    let (s, _) = app.api_with(&t(Role::Agent), "POST", &format!("/api/v1/customers/{cu}/transactions"), Some(json!({"amount": "120.00", "currency": "EUR", "occurred_at": "2026-04-20T10:00:00Z", "description": "Invoice 42"}))).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, c) = app
        .api_with(
            &t(Role::Manager),
            "POST",
            "/api/v1/offboarding/cases",
            Some(json!({"customer_id": cu, "reason": "staff-abuse"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let id = c["id"].as_str().unwrap().to_string();
    let base = format!("/api/v1/offboarding/cases/{id}");
    let steps: [(Role, &str, &str, Option<Value>); 5] = [
        (Role::Manager, "POST", "approve", None),
        (
            Role::Agent,
            "POST",
            "contacts",
            Some(json!({"kind": "call", "summary": "Explained our decision"})),
        ),
        (
            Role::Agent,
            "PUT",
            "letter",
            Some(
                json!({"language": "en", "thanks": "Thank you.", "framing": "We part ways.", "goodwill": "We refund the last invoice.", "apology": "We are sorry.", "alternatives": "Another provider may suit you."}),
            ),
        ),
        (Role::Agent, "POST", "letter/send", None),
        (Role::Manager, "POST", "close", None),
    ];
    for (role, method, path, body) in steps {
        let (s, v) = app
            .api_with(&t(role), method, &format!("{base}/{path}"), body)
            .await;
        assert!(s.is_success(), "{path}: {s} {v}");
    }
    id
}

async fn erasure(app: &TestApp) {
    let id = closed_case(app).await;
    let case = format!("/offboarding/{id}");
    let compliance = app.browser(Role::Compliance);
    let page = app.get_as(&compliance, &case).await;
    assert!(page.body.contains(r#"id="erasure-form""#) && page.body.contains(r#"id="holds-none""#));
    let manager = app.browser(Role::Manager);
    assert!(
        !app.get_as(&manager, &case)
            .await
            .body
            .contains(r#"id="erasure-form""#)
    );
    assert_eq!(
        app.post_as(&manager, &format!("{case}/erasure"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Asking for the held records too, before anything was erased: refused with the basis.
    let r = app
        .post_as(
            &compliance,
            &format!("{case}/erasure"),
            &[("include_held", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains(r#"data-at="erasure""#), "{}", r.body);
    assert!(
        r.body.contains("Erasure refused:")
            && r.body.contains("legal basis:")
            && r.body.contains("AML"),
        "{}",
        r.body
    );
    // Without them: erased now, with a certificate; the hold is listed with its end date.
    let r = app
        .post_as(&compliance, &format!("{case}/erasure"), &[])
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (
            StatusCode::SEE_OTHER,
            format!("{case}/certificate").as_str()
        ),
        "{}",
        r.body
    );
    let cert = app.get_as(&compliance, &r.location).await;
    assert!(
        cert.body.contains(r#"data-kind="early-erasure""#) && cert.body.contains("hash verified"),
        "{}",
        cert.body
    );
    let page = app.get_as(&compliance, &case).await;
    assert!(page.body.contains(r#"data-status="erased""#));
    assert!(
        page.body.contains(r#"data-hold="financial""#)
            && page.body.contains(r#"data-running="true""#),
        "{}",
        page.body
    );
    let until = between(&page.body, "data-until=\"", "\"");
    // Now the held records: refused while the hold runs, naming the end date and the basis.
    let r = app
        .post_as(
            &compliance,
            &format!("{case}/erasure"),
            &[("include_held", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let year = &until[..4];
    assert!(
        r.body.contains("Erasure refused:") && r.body.contains(year) && r.body.contains("AML"),
        "{}",
        r.body
    );
    // Erase-due from the list page: nothing due yet.
    let r = app
        .post_as(&app.browser(Role::Admin), "/offboarding/erase-due", &[])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("0 erasures ran."), "{}", r.body);
}

engines!(&TestApp:
    create_and_login,
    deactivation,
    role_change,
    last_admin,
    tokens,
    own_password,
    password_reset,
    audit_verify,
    erasure,
);
