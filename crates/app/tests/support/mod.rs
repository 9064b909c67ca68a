//! Test support: an app on a fresh database (temp SQLite file, or a PostgreSQL schema when
//! `CAREWELL_TEST_PG_URL` is set), users of every role, and request helpers.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::auth::password;
use carewell::config::Config;
use carewell::state::AppState;
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::{Actor, Store};
use http_body_util::BodyExt;
use std::collections::HashMap;
use tower::ServiceExt;

/// Credentials of one test user.
#[derive(Clone, Debug)]
pub struct Creds {
    pub token: String,
    pub session: String,
    pub csrf: String,
    pub user_id: String,
}

pub struct TestApp {
    pub store: Store,
    pub router: Router,
    pub users: HashMap<Role, Creds>,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    (Store::connect(&url).await.unwrap(), dir)
}

pub async fn pg_store() -> Option<Store> {
    let base = match std::env::var("CAREWELL_TEST_PG_URL") {
        Ok(u) => u,
        Err(_) if std::env::var("CI").is_ok() => panic!("CI requires CAREWELL_TEST_PG_URL"),
        Err(_) => return None,
    };
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let admin = Store::connect_without_migrating(&base).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(admin.pool())
        .await
        .unwrap();
    admin.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(
        Store::connect(&format!("{base}{sep}options=-c%20search_path%3D{schema}"))
            .await
            .unwrap(),
    )
}

impl TestApp {
    pub async fn sqlite() -> Self {
        let (store, dir) = sqlite_store().await;
        Self::with_store(store, Some(dir)).await
    }

    pub async fn postgres() -> Option<Self> {
        Some(Self::with_store(pg_store().await?, None).await)
    }

    pub async fn with_store(store: Store, dir: Option<tempfile::TempDir>) -> Self {
        let hash = password::hash("test-password-123").unwrap();
        let mut users = HashMap::new();
        for role in Role::ALL {
            let email = Email::parse(&format!("{role}@example.com")).unwrap();
            let u = store
                .create_user(&Actor::cli(), &email, role.as_str(), role, &hash)
                .await
                .unwrap();
            let token = store
                .create_api_token(&Actor::cli(), &u.id, "test")
                .await
                .unwrap();
            let (session, csrf) = store.create_session(&u, 1).await.unwrap();
            users.insert(
                role,
                Creds {
                    token,
                    session,
                    csrf,
                    user_id: u.id,
                },
            );
        }
        let router = carewell::web::router(AppState::new(store.clone(), Config::default()));
        Self {
            store,
            router,
            users,
            _dir: dir,
        }
    }

    pub fn creds(&self, role: Role) -> &Creds {
        &self.users[&role]
    }

    /// Sends a request and returns status, headers' content-type and body text.
    pub async fn send(&self, req: Request<Body>) -> (StatusCode, String, String) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let ct = res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or_default().to_string())
            .unwrap_or_default();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        (status, ct, String::from_utf8_lossy(&body).into_owned())
    }

    /// An API call as `role` with an optional JSON body.
    pub async fn api(
        &self,
        role: Role,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let mut b = Request::builder().method(method).uri(path).header(
            header::AUTHORIZATION,
            format!("Bearer {}", self.creds(role).token),
        );
        let body = match body {
            Some(v) => {
                b = b.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let (status, _, text) = self.send(b.body(body).unwrap()).await;
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }
}
