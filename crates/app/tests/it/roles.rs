//! The role matrix: every declared route × every role. A role outside the route's list gets
//! 403; a role inside it never gets 401/403. Anonymous callers get 401 (API) or a redirect to
//! the login page (UI). Runs over the route table itself, so new routes are covered.

use crate::support;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use carewell::web::auth::access::Access;
use carewell_domain::role::Role;
use support::TestApp;

fn concrete(path: &str, id: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map(|e| start + e + 1)
            .unwrap_or(rest.len());
        let name = &rest[start + 1..end - 1];
        out.push_str(match name {
            "id" => id,
            "kind" => "customers",
            "file" => "app.css",
            _ => "00000000-0000-0000-0000-000000000000",
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn request(method: &Method, uri: &str, auth: Option<(&support::Creds, bool)>) -> Request<Body> {
    let mut b = Request::builder().method(method.clone()).uri(uri);
    let has_body = matches!(*method, Method::POST | Method::PUT | Method::PATCH);
    match auth {
        Some((c, true)) => b = b.header(header::AUTHORIZATION, format!("Bearer {}", c.token)),
        Some((c, false)) => {
            b = b
                .header(header::COOKIE, format!("cw_session={}", c.session))
                .header("x-csrf-token", c.csrf.clone())
        }
        None => {}
    }
    if has_body {
        b = b.header(header::CONTENT_TYPE, "application/json");
        b.body(Body::from("{}")).unwrap()
    } else {
        b.body(Body::empty()).unwrap()
    }
}

#[tokio::test]
async fn every_route_times_every_role() {
    let app = TestApp::sqlite().await;
    let specs = carewell::app::routes().specs().to_vec();
    assert!(specs.len() > 20, "route table looks empty");
    let mut checked = 0;
    for spec in &specs {
        // A fresh customer per route so deletes earlier in the walk do not matter.
        let (_, c) = app
            .api(
                Role::Admin,
                "POST",
                "/api/v1/customers",
                Some(serde_json::json!({"name": "Matrix"})),
            )
            .await;
        let id = c["id"].as_str().unwrap().to_string();
        let uri = concrete(spec.path, &id);
        match spec.access {
            Access::Public => {
                let (status, _, _) = app.send(request(&spec.method, &uri, None)).await;
                assert!(
                    status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                    "public {} {} answered {status}",
                    spec.method,
                    spec.path
                );
            }
            Access::SecretOrAdmin => {
                let (anon, _, _) = app.send(request(&spec.method, &uri, None)).await;
                assert_eq!(anon, StatusCode::UNAUTHORIZED, "anonymous {}", spec.path);
                for role in Role::ALL {
                    let creds = app.creds(role);
                    let (status, _, _) = app
                        .send(request(&spec.method, &uri, Some((creds, spec.is_api()))))
                        .await;
                    let want = if role == Role::Admin {
                        StatusCode::OK
                    } else {
                        StatusCode::FORBIDDEN
                    };
                    assert_eq!(status, want, "{role} {}", spec.path);
                }
                checked += 1;
            }
            Access::Roles(allowed) => {
                let (anon, _, _) = app.send(request(&spec.method, &uri, None)).await;
                if spec.is_api() {
                    assert_eq!(
                        anon,
                        StatusCode::UNAUTHORIZED,
                        "anonymous {} {}",
                        spec.method,
                        spec.path
                    );
                } else {
                    assert_eq!(
                        anon,
                        StatusCode::SEE_OTHER,
                        "anonymous {} {} should go to login",
                        spec.method,
                        spec.path
                    );
                }
                for role in Role::ALL {
                    let creds = app.creds(role);
                    let (status, ct, body) = app
                        .send(request(&spec.method, &uri, Some((creds, spec.is_api()))))
                        .await;
                    if allowed.contains(&role) {
                        assert!(
                            status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                            "{role} should be allowed {} {} but got {status}: {body}",
                            spec.method,
                            spec.path
                        );
                    } else {
                        assert_eq!(
                            status,
                            StatusCode::FORBIDDEN,
                            "{role} must be refused {} {}",
                            spec.method,
                            spec.path
                        );
                        if spec.is_api() {
                            assert!(ct.starts_with("application/problem+json"), "{ct}");
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 50);
}

#[tokio::test]
async fn cookie_session_needs_csrf_for_changes() {
    let app = TestApp::sqlite().await;
    let c = app.creds(Role::Agent);
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/customers")
        .header(header::COOKIE, format!("cw_session={}", c.session))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"name":"No CSRF"}"#))
        .unwrap();
    let (status, _, _) = app.send(req).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/customers")
        .header(header::COOKIE, format!("cw_session={}", c.session))
        .header("x-csrf-token", "wrong")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"name":"Bad CSRF"}"#))
        .unwrap();
    assert_eq!(app.send(req).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.store.count_customers().await.unwrap(), 0);
}

#[tokio::test]
async fn bad_or_revoked_tokens_are_refused() {
    let app = TestApp::sqlite().await;
    let req = Request::builder()
        .uri("/api/v1/customers")
        .header(header::AUTHORIZATION, "Bearer cw_not_a_token")
        .body(Body::empty())
        .unwrap();
    let (status, ct, _) = app.send(req).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(ct.starts_with("application/problem+json"));
    let req = Request::builder()
        .uri("/api/v1/customers")
        .header(header::AUTHORIZATION, "Basic abc")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(req).await.0, StatusCode::UNAUTHORIZED);
}
