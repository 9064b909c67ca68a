//! Test support: an app on a fresh database (temp SQLite file, or a PostgreSQL schema when
//! `CAREWELL_TEST_PG_URL` is set), users of every role, and request helpers.

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use carewell::admin::password;
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::{Actor, Store};
use http_body_util::BodyExt;
use std::collections::HashMap;
use std::net::{Ipv6Addr, SocketAddr};
use tower::ServiceExt;

/// A response as the tests look at it: status, the headers they check, body text.
#[derive(Debug)]
pub struct Res {
    pub status: StatusCode,
    pub location: String,
    pub content_type: String,
    pub disposition: String,
    pub cookie: String,
    pub body: String,
}

/// A signed-in browser: session cookie value and CSRF token.
#[derive(Clone, Debug)]
pub struct Browser {
    pub session: String,
    pub csrf: String,
}

/// A fresh peer address (a random unique-local IPv6 address) per anonymous request, as
/// `carewell serve` hands it on, so the per-address buckets of tests running in parallel do not
/// meet.
pub fn anonymous_client() -> ConnectInfo<SocketAddr> {
    let n = uuid::Uuid::new_v4().as_u128();
    let ip = Ipv6Addr::from((0xfd00u128 << 112) | (n >> 16));
    ConnectInfo(SocketAddr::new(ip.into(), 40000))
}

/// A peer address as `carewell serve` hands it on.
pub fn peer(ip: &str) -> ConnectInfo<SocketAddr> {
    ConnectInfo(SocketAddr::new(ip.parse().unwrap(), 40000))
}

/// A GET for an HTML page, in `lang`, from `who` (None: anonymous, from a fresh address).
pub fn page_request(who: Option<&Browser>, path: &str, lang: &str) -> Request<Body> {
    let b = Request::get(path).header(header::ACCEPT, "text/html");
    with_browser(b, who, lang).body(Body::empty()).unwrap()
}

/// A form POST from `who` (None: anonymous), with its CSRF token when `csrf`.
pub fn form_request(
    who: Option<&Browser>,
    path: &str,
    fields: &[(&str, &str)],
    csrf: bool,
) -> Request<Body> {
    let mut all = fields.to_vec();
    if csrf && let Some(b) = who {
        all.push(("csrf", b.csrf.as_str()));
    }
    let b = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html");
    with_browser(b, who, "en")
        .body(Body::from(serde_urlencoded::to_string(&all).unwrap()))
        .unwrap()
}

fn with_browser(
    b: axum::http::request::Builder,
    who: Option<&Browser>,
    lang: &str,
) -> axum::http::request::Builder {
    match who {
        Some(w) => b.header(
            header::COOKIE,
            format!("cw_session={}; lang={lang}", w.session),
        ),
        None => b.extension(anonymous_client()),
    }
}

/// An API request with a bearer secret and an optional JSON body.
pub fn api_request(
    token: &str,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> Request<Body> {
    let b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    match body {
        Some(v) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string())),
        None => b.body(Body::empty()),
    }
    .unwrap()
}

/// Sends `req` through `router` and collects the response.
pub async fn fetch(router: &Router, req: Request<Body>) -> Res {
    let res = router.clone().oneshot(req).await.unwrap();
    let h = |n: header::HeaderName| {
        res.headers()
            .get(n)
            .map(|v| v.to_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    // Every Set-Cookie, one per line (the first line is the first cookie set).
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let (location, content_type, disposition) = (
        h(header::LOCATION),
        h(header::CONTENT_TYPE),
        h(header::CONTENT_DISPOSITION),
    );
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Res {
        status,
        location,
        content_type,
        disposition,
        cookie,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

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

pub use crate::engines::{pg_store, sqlite_store};

/// One user per role (`{role}@example.com`, no usable password) with an API token each.
pub async fn users_with_tokens(store: &Store) -> HashMap<Role, String> {
    let mut tokens = HashMap::new();
    for role in Role::ALL {
        let email = Email::parse(&format!("{role}@example.com")).unwrap();
        let u = store
            .create_user(&Actor::cli(), &email, role.as_str(), role, "x")
            .await
            .unwrap();
        let token = store
            .create_api_token(&Actor::cli(), &u.id, "t")
            .await
            .unwrap();
        tokens.insert(role, token);
    }
    tokens
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
        let router = carewell::app::router(AppState::new(store.clone(), Config::default()));
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

    /// The browser session of `role`'s test user.
    pub fn browser(&self, role: Role) -> Browser {
        let c = self.creds(role);
        Browser {
            session: c.session.clone(),
            csrf: c.csrf.clone(),
        }
    }

    pub async fn fetch(&self, req: Request<Body>) -> Res {
        fetch(&self.router, req).await
    }

    /// A request's status, headers and raw body bytes (for binary downloads).
    pub async fn fetch_bytes(
        &self,
        req: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, headers, bytes.to_vec())
    }

    /// An HTML page as `role`, in `lang`.
    pub async fn page(&self, role: Role, path: &str, lang: &str) -> Res {
        self.fetch(page_request(Some(&self.browser(role)), path, lang))
            .await
    }

    /// A form posted as `role`, with the CSRF token.
    pub async fn form(&self, role: Role, path: &str, fields: &[(&str, &str)]) -> Res {
        self.fetch(form_request(Some(&self.browser(role)), path, fields, true))
            .await
    }

    /// A form posted as `role` without the CSRF token (to see it refused).
    pub async fn form_without_csrf(&self, role: Role, path: &str, fields: &[(&str, &str)]) -> Res {
        self.fetch(form_request(Some(&self.browser(role)), path, fields, false))
            .await
    }

    /// A page without signing in, from a fresh address.
    pub async fn public_page(&self, path: &str) -> Res {
        self.fetch(page_request(None, path, "en")).await
    }

    /// A form posted without signing in, from a fresh address.
    pub async fn public_form(&self, path: &str, fields: &[(&str, &str)]) -> Res {
        self.fetch(form_request(None, path, fields, false)).await
    }

    /// A page (in English) from a browser signed in through [`TestApp::login`].
    pub async fn get_as(&self, who: &Browser, path: &str) -> Res {
        self.fetch(page_request(Some(who), path, "en")).await
    }

    /// A form (with its CSRF token) from a browser signed in through [`TestApp::login`].
    pub async fn post_as(&self, who: &Browser, path: &str, fields: &[(&str, &str)]) -> Res {
        self.fetch(form_request(Some(who), path, fields, true))
            .await
    }

    /// Signs in through the login form (from a fresh address); `None` when refused.
    pub async fn login(&self, email: &str, password: &str) -> Option<Browser> {
        let r = self
            .fetch(form_request(
                None,
                "/login",
                &[("email", email), ("password", password)],
                false,
            ))
            .await;
        if r.status != StatusCode::SEE_OTHER {
            return None;
        }
        let session = r
            .cookie
            .split(';')
            .next()
            .and_then(|c| c.strip_prefix("cw_session="))
            .unwrap()
            .to_string();
        let mut b = Browser {
            session,
            csrf: String::new(),
        };
        let page = self.fetch(page_request(Some(&b), "/account", "en")).await;
        assert_eq!(page.status, StatusCode::OK);
        b.csrf = between(&page.body, "name=\"csrf\" value=\"", "\"");
        Some(b)
    }

    /// An API call with a bearer secret and an optional JSON body (Null when the answer is not JSON).
    pub async fn api_with(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let r = self.fetch(api_request(token, method, path, body)).await;
        (
            r.status,
            serde_json::from_str(&r.body).unwrap_or(serde_json::Value::Null),
        )
    }

    /// Sends a request and returns status, headers' content-type and body text.
    pub async fn send(&self, req: Request<Body>) -> (StatusCode, String, String) {
        let r = self.fetch(req).await;
        (r.status, r.content_type, r.body)
    }

    /// An API call as `role` with an optional JSON body.
    pub async fn api(
        &self,
        role: Role,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let token = self.creds(role).token.clone();
        self.api_with(&token, method, path, body).await
    }
}

/// The text between the first `start` and the next `end` in `s`.
pub fn between(s: &str, start: &str, end: &str) -> String {
    let i = s
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in {s}"))
        + start.len();
    let j = s[i..].find(end).unwrap() + i;
    s[i..j].to_string()
}
