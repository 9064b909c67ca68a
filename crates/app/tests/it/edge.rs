//! The edge checks (issue 11, points 3, 4 and 9): control characters in any text, paging that
//! behaves the same on both engines, and bodiless framework answers as problem documents.

use crate::support::{self, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell_domain::role::Role;
use serde_json::json;

engines!(TestApp: nul_is_refused_everywhere, paging_is_clamped, framework_answers_are_problems);

/// A NUL (or another control character) in a body, a query, a path, on a public page or on
/// the sign-in form is a 422 naming the field, on both engines, and stores nothing.
async fn nul_is_refused_everywhere(app: TestApp) {
    let (st, created) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari\u{0}Tamm", "email": "mari@example.com"})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{created}");
    assert_eq!(created["errors"][0]["field"], "name");
    assert_eq!(created["errors"][0]["code"], "control-characters");
    let (_, list) = app
        .api(
            Role::Admin,
            "GET",
            "/api/v1/customers?q=mari%40example",
            None,
        )
        .await;
    assert_eq!(list["total"], 0, "nothing stored: {list}");
    // Tabs and line breaks are text.
    let (st, ok) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari Tamm", "attributes": {"note": "line one\r\n\tline two"}})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{ok}");
    for path in [
        "/api/v1/customers?q=a%00b",
        "/api/v1/customers/a%00b",
        "/api/v1/customers/%FF%FE",
    ] {
        let (st, body) = app.api(Role::Admin, "GET", path, None).await;
        assert!(
            st == StatusCode::UNPROCESSABLE_ENTITY || st == StatusCode::BAD_REQUEST,
            "{path}: {st} {body}"
        );
        assert!(body["status"].is_number(), "{path}: a problem document");
    }
    for path in ["/public/complaints/a%00b", "/public/satisfaction/a%00b"] {
        let r = app.public_page(path).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    }
    let r = app
        .public_form(
            "/login",
            &[("email", "a\u{0}@x.example"), ("password", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // A browser form gets a readable page naming the field.
    let r = app
        .form(Role::Agent, "/customers/new", &[("name", "A\u{1}B")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.content_type.starts_with("text/html"),
        "{}",
        r.content_type
    );
}

/// `limit=-1` (and huge limits, negative offsets) answer a bounded page on both engines.
async fn paging_is_clamped(app: TestApp) {
    let (_, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Paged"})),
        )
        .await;
    let id = c["id"].as_str().unwrap().to_string();
    for q in [
        "limit=-1",
        "limit=0",
        "limit=99999999999",
        "offset=-5&limit=-1",
    ] {
        for what in ["interactions", "transactions", "timeline"] {
            let (st, body) = app
                .api(
                    Role::Admin,
                    "GET",
                    &format!("/api/v1/customers/{id}/{what}?{q}"),
                    None,
                )
                .await;
            assert_eq!(st, StatusCode::OK, "{what}?{q}: {body}");
        }
        let (st, body) = app
            .api(Role::Admin, "GET", &format!("/api/v1/customers?{q}"), None)
            .await;
        assert_eq!(st, StatusCode::OK, "customers?{q}: {body}");
    }
}

/// 405, 413, 414 and 415 are problem documents; customer pages are never cached.
async fn framework_answers_are_problems(app: TestApp) {
    let token = app.creds(Role::Admin).token.clone();
    let (st, ct, _) = app
        .send(support::api_request(
            &token,
            "PUT",
            "/api/v1/customers",
            None,
        ))
        .await;
    assert_eq!(st, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(ct, "application/problem+json");
    let long = format!("/api/v1/customers?q={}", "a".repeat(10_000));
    let (st, ct, _) = app
        .send(support::api_request(&token, "GET", &long, None))
        .await;
    assert_eq!(st, StatusCode::URI_TOO_LONG);
    assert_eq!(ct, "application/problem+json");
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/customers")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(r#"{"name":"x"}"#))
        .unwrap();
    let (st, ct, _) = app.send(req).await;
    assert_eq!(st, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(ct, "application/problem+json");
    let r = app
        .fetch(
            Request::builder()
                .uri("/public/complaints/nope")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
