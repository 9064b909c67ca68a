//! The staff web UI, in process: list/search/filter/paging, the customer form (errors and
//! success), interactions on the timeline, escaping, CSRF, roles and translations.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::admin::password;
use carewell::customers::body::CustomerBody;
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell_domain::email::Email;
use carewell_domain::money::{Currency, Money};
use carewell_domain::role::Role;
use carewell_store::activity::NewTransaction;
use carewell_store::{Actor, Store};
use http_body_util::BodyExt;
use std::collections::HashMap;
use tower::ServiceExt;

struct Ui {
    store: Store,
    router: Router,
    sessions: HashMap<Role, (String, String)>,
    _dir: tempfile::TempDir,
}

struct Res {
    status: StatusCode,
    location: String,
    body: String,
}

impl Ui {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("ui.db").display());
        let store = Store::connect(&url).await.unwrap();
        let hash = password::hash("ui-test-password").unwrap();
        let mut sessions = HashMap::new();
        for role in Role::ALL {
            let email = Email::parse(&format!("{role}@example.com")).unwrap();
            let u = store
                .create_user(&Actor::cli(), &email, &format!("The {role}"), role, &hash)
                .await
                .unwrap();
            sessions.insert(role, store.create_session(&u, 1).await.unwrap());
        }
        let router = carewell::app::router(AppState::new(store.clone(), Config::default()));
        Self {
            store,
            router,
            sessions,
            _dir: dir,
        }
    }

    fn cookie(&self, role: Role, lang: Option<&str>) -> String {
        let mut c = format!("cw_session={}", self.sessions[&role].0);
        if let Some(l) = lang {
            c.push_str(&format!("; lang={l}"));
        }
        c
    }

    fn csrf(&self, role: Role) -> String {
        self.sessions[&role].1.clone()
    }

    async fn send(&self, req: Request<Body>) -> Res {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Res {
            status,
            location,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get_as(&self, role: Role, path: &str, lang: Option<&str>) -> Res {
        let req = Request::get(path)
            .header(header::COOKIE, self.cookie(role, lang))
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    async fn get(&self, role: Role, path: &str) -> Res {
        self.get_as(role, path, Some("en")).await
    }

    /// Posts a URL-encoded form as `role`, with the session's CSRF token unless `csrf` is false.
    async fn post(&self, role: Role, path: &str, fields: &[(&str, &str)], csrf: bool) -> Res {
        let token = self.csrf(role);
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if csrf {
            all.push(("csrf", &token));
        }
        let req = Request::post(path)
            .header(header::COOKIE, self.cookie(role, Some("en")))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .body(Body::from(serde_urlencoded::to_string(&all).unwrap()))
            .unwrap();
        self.send(req).await
    }

    async fn customer(&self, name: &str, segment: &str, stage: &str, tags: &[&str]) -> String {
        let body = CustomerBody {
            name: Some(name.into()),
            segment: Some(segment.into()),
            stage: Some(stage.into()),
            tags: Some(tags.iter().map(|t| t.to_string()).collect()),
            ..CustomerBody::default()
        };
        let input = body.validate(chrono::Utc::now().date_naive()).unwrap();
        self.store
            .create_customer(&Actor::cli(), &input, None)
            .await
            .unwrap()
            .id
    }
}

#[tokio::test]
async fn list_searches_filters_and_pages() {
    let ui = Ui::new().await;
    ui.customer("Alice Tamm", "gold", "at-risk", &["vip"]).await;
    ui.customer("Bob Lee", "silver", "active", &["b2b"]).await;

    let all = ui.get(Role::Viewer, "/customers").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.body.contains("Alice Tamm") && all.body.contains("Bob Lee"));
    assert!(all.body.contains("2 customers"));
    assert!(
        all.body.contains(r#"<option value="gold">gold</option>"#),
        "segment choices"
    );

    let q = ui.get(Role::Viewer, "/customers?q=alice").await;
    assert!(q.body.contains("Alice Tamm") && !q.body.contains("Bob Lee"));
    let seg = ui.get(Role::Viewer, "/customers?segment=silver").await;
    assert!(seg.body.contains("Bob Lee") && !seg.body.contains("Alice Tamm"));
    assert!(seg.body.contains(r#"<option value="silver" selected>"#));
    let stage = ui.get(Role::Viewer, "/customers?stage=at-risk").await;
    assert!(stage.body.contains("Alice Tamm") && !stage.body.contains("Bob Lee"));
    let tag = ui.get(Role::Viewer, "/customers?tag=b2b").await;
    assert!(tag.body.contains("Bob Lee") && !tag.body.contains("Alice Tamm"));
    let none = ui.get(Role::Viewer, "/customers?q=nobody").await;
    assert!(none.body.contains("No customer matches these filters."));

    for i in 0..52 {
        ui.customer(&format!("Paged {i:02}"), "bulk", "active", &[])
            .await;
    }
    let p1 = ui
        .get(Role::Viewer, "/customers?q=Paged&segment=bulk")
        .await;
    assert_eq!(p1.body.matches("<tr>").count(), 51, "header + 50 rows");
    assert!(
        p1.body
            .contains(r#"href="/customers?q=Paged&#38;segment=bulk&#38;page=2""#),
        "next link keeps the filters"
    );
    let p2 = ui
        .get(Role::Viewer, "/customers?q=Paged&segment=bulk&page=2")
        .await;
    assert_eq!(p2.body.matches("<tr>").count(), 3, "header + 2 rows");
    assert!(p2.body.contains("Paged 51") && !p2.body.contains("Paged 00"));
    assert!(
        p2.body
            .contains(r#"href="/customers?q=Paged&#38;segment=bulk""#)
    );
    // Past the last page: said so, with the way back.
    let p9 = ui
        .get(Role::Viewer, "/customers?q=Paged&segment=bulk&page=9")
        .await;
    assert!(p9.body.contains("no customers on this page"), "{}", p9.body);
    assert!(p9.body.contains(r#"rel="prev""#));
}

#[tokio::test]
async fn create_with_errors_rerenders_the_form_and_creates_nothing() {
    let ui = Ui::new().await;
    let r = ui
        .post(
            Role::Agent,
            "/customers/new",
            &[
                ("name", "  "),
                ("email", "not-an-email"),
                ("country", "EST"),
                ("birthday", "31.12.1990"),
                ("phone", "+372 5555 1234"),
                ("attributes", "plan gold"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("<form class=\"customer-form\""),
        "the form, not an error page"
    );
    for (id, text) in [
        ("e-name", "is required"),
        ("e-email", "not-an-email"),
        ("e-country", "is not an ISO 3166-1 country code"),
        ("e-birthday", "is not a date"),
        ("e-attributes", "name = value"),
    ] {
        let at = r
            .body
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} missing"));
        let near: String = r.body[at..].chars().take(300).collect();
        assert!(near.contains(text), "{id} should say {text}: {near}");
    }
    assert!(
        r.body.contains(r#"value="+372 5555 1234""#),
        "entered values are kept"
    );
    assert_eq!(ui.store.count_customers().await.unwrap(), 0);
}

#[tokio::test]
async fn create_ok_then_edit() {
    let ui = Ui::new().await;
    let r = ui
        .post(
            Role::Agent,
            "/customers/new",
            &[
                ("name", "Tamm OÜ"),
                ("kind", "organisation"),
                ("email", "info@tamm.ee"),
                ("language", "et"),
                ("country", "ee"),
                ("stage", "onboarding"),
                ("segment", "smb"),
                ("tags", "VIP, b2b"),
                ("consent_email", "on"),
                ("birthday", "1990-05-01"),
                ("attributes", "plan = gold"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r.location.strip_prefix("/customers/").unwrap().to_string();
    let c = ui.store.customer(&id).await.unwrap();
    assert_eq!(c.name, "Tamm OÜ");
    assert_eq!(c.country.as_deref(), Some("EE"));
    let mut tags = c.tags.clone();
    tags.sort();
    assert_eq!(tags, vec!["b2b", "vip"]);
    assert_eq!(c.attributes.get("plan").map(String::as_str), Some("gold"));
    assert_eq!(c.consent.len(), 1);

    let page = ui.get(Role::Agent, &r.location).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Tamm OÜ") && page.body.contains("Onboarding"));
    assert!(page.body.contains("1990-05-01") && page.body.contains("Granted"));

    let form = ui.get(Role::Agent, &format!("/customers/{id}/edit")).await;
    assert!(form.body.contains(r#"value="b2b, vip""#));
    assert!(form.body.contains(r#"name="consent_email" checked"#));
    // Unticking e-mail consent records a refusal, not "never asked".
    let r = ui
        .post(
            Role::Agent,
            &format!("/customers/{id}/edit"),
            &[
                ("name", "Tamm AS"),
                ("stage", "at-risk"),
                ("consent_known_email", "1"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let c = ui.store.customer(&id).await.unwrap();
    assert_eq!(c.name, "Tamm AS");
    assert_eq!(c.stage.as_str(), "at-risk");
    assert_eq!(c.consent.values().copied().collect::<Vec<_>>(), vec![false]);
}

#[tokio::test]
async fn interaction_appears_on_the_timeline_and_contacts_can_be_added() {
    let ui = Ui::new().await;
    let id = ui.customer("Mari Maasikas", "gold", "active", &[]).await;
    let path = format!("/customers/{id}/interactions");
    let r = ui
        .post(
            Role::Agent,
            &path,
            &[
                ("kind", "meeting"),
                ("occurred_at", "2026-03-04T10:30"),
                ("summary", "Discussed the renewal; happy with support."),
                ("sentiment", "positive"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location, format!("/customers/{id}#timeline"));
    let page = ui.get(Role::Viewer, &format!("/customers/{id}")).await;
    assert!(
        page.body
            .contains("Discussed the renewal; happy with support.")
    );
    assert!(page.body.contains("2026-03-04 10:30 UTC"));
    assert!(page.body.contains("Meeting") && page.body.contains("Positive"));
    assert!(page.body.contains("The agent"), "who had the interaction");

    let eur = Currency::parse("EUR").unwrap();
    let tx = NewTransaction {
        external_ref: None,
        amount: Money::parse_decimal("1234.50", eur).unwrap(),
        occurred_at: "2026-03-05T09:00:00.000000Z".into(),
        description: Some("Annual plan".into()),
    };
    ui.store
        .add_transaction(&Actor::cli(), &id, &tx)
        .await
        .unwrap();
    let page = ui.get(Role::Viewer, &format!("/customers/{id}")).await;
    let tx_at = page.body.find("1,234.50 EUR").expect("formatted money");
    let meeting_at = page.body.find("Discussed the renewal").unwrap();
    assert!(tx_at < meeting_at, "newest first");
    assert!(page.body.contains("Annual plan"));

    let bad = ui
        .post(
            Role::Agent,
            &path,
            &[("kind", "fax"), ("summary", "")],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("&#39;fax&#39; is not one of"));
    assert!(bad.body.contains("is required"));

    let r = ui
        .post(
            Role::Agent,
            &format!("/customers/{id}/contacts"),
            &[
                ("name", "Jaan Tamm"),
                ("email", "jaan@example.com"),
                ("is_primary", "on"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = ui.get(Role::Viewer, &format!("/customers/{id}")).await;
    assert!(page.body.contains("Jaan Tamm") && page.body.contains("Main contact"));
}

#[tokio::test]
async fn user_text_is_escaped() {
    let ui = Ui::new().await;
    let r = ui
        .post(
            Role::Agent,
            "/customers/new",
            &[("name", "<script>alert(1)</script>"), ("tags", "<b>x</b>")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r.location.strip_prefix("/customers/").unwrap().to_string();
    ui.post(
        Role::Agent,
        &format!("/customers/{id}/interactions"),
        &[
            ("kind", "note"),
            ("summary", "<img src=x onerror=alert(2)>"),
        ],
        true,
    )
    .await;
    for path in [
        format!("/customers/{id}"),
        "/customers".into(),
        "/audit".into(),
    ] {
        let role = if path == "/audit" {
            Role::Admin
        } else {
            Role::Agent
        };
        let page = ui.get(role, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains("<script>alert(1)"), "{path}");
        assert!(!page.body.contains("<img src=x"), "{path}");
        assert!(!page.body.contains("<b>x</b>"), "{path}");
    }
    let page = ui.get(Role::Agent, &format!("/customers/{id}")).await;
    assert!(
        page.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
    );
    assert!(page.body.contains("&#60;img src=x onerror=alert(2)&#62;"));
}

#[tokio::test]
async fn posts_without_csrf_are_refused() {
    let ui = Ui::new().await;
    let id = ui.customer("Csrf Target", "gold", "active", &[]).await;
    let r = ui
        .post(Role::Admin, "/customers/new", &[("name", "Sneaky")], false)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = ui
        .post(
            Role::Admin,
            &format!("/customers/{id}/interactions"),
            &[("kind", "call"), ("summary", "x"), ("csrf", "wrong")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("<html"), "an HTML error page");
    assert_eq!(ui.store.count_customers().await.unwrap(), 1);
    assert!(ui.store.interactions(&id, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn roles_limit_what_the_pages_offer_and_accept() {
    let ui = Ui::new().await;
    let id = ui.customer("Role Check", "gold", "active", &[]).await;

    let list = ui.get(Role::Viewer, "/customers").await;
    assert!(!list.body.contains("/customers/new"));
    let page = ui.get(Role::Viewer, &format!("/customers/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(&format!("/customers/{id}/edit")));
    assert!(!page.body.contains(&format!("/customers/{id}/delete")));
    assert!(
        !page.body.contains("/interactions\""),
        "no interaction form"
    );
    assert!(!page.body.contains("/contacts\""), "no contact form");
    assert!(
        !page.body.contains("href=\"/audit\""),
        "viewers do not see the audit log"
    );

    let r = ui
        .post(Role::Viewer, "/customers/new", &[("name", "Nope")], true)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = ui
        .post(
            Role::Viewer,
            &format!("/customers/{id}/interactions"),
            &[("kind", "call"), ("summary", "x")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        ui.get(Role::Viewer, "/customers/new").await.status,
        StatusCode::FORBIDDEN
    );

    // Agents write but do not delete; managers delete after confirming.
    let agent = ui.get(Role::Agent, &format!("/customers/{id}")).await;
    assert!(agent.body.contains(&format!("/customers/{id}/edit")));
    assert!(!agent.body.contains(&format!("/customers/{id}/delete")));
    let r = ui
        .post(Role::Agent, &format!("/customers/{id}/delete"), &[], true)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let confirm = ui
        .get(Role::Manager, &format!("/customers/{id}/delete"))
        .await;
    assert!(
        confirm
            .body
            .contains("Delete Role Check and their whole history?")
    );
    let r = ui
        .post(Role::Manager, &format!("/customers/{id}/delete"), &[], true)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(ui.store.count_customers().await.unwrap(), 0);
    let list = ui.get(Role::Manager, &r.location).await;
    assert!(
        list.body
            .contains("The customer and their history were deleted.")
    );
}

#[tokio::test]
async fn audit_page_for_auditors_only() {
    let ui = Ui::new().await;
    let id = ui.customer("Audited", "gold", "active", &[]).await;
    let page = ui.get(Role::Compliance, "/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Chain verified"));
    assert!(page.body.contains("customer.create"));
    assert!(page.body.contains("<details class=\"change\">"));
    assert!(page.body.contains(&format!("href=\"/customers/{id}\"")));
    let filtered = ui.get(Role::Admin, "/audit?entity=customer").await;
    assert!(filtered.body.contains("customer.create") && !filtered.body.contains("user.create"));
    assert_eq!(
        ui.get(Role::Agent, "/audit").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn audit_page_shows_redacted_entries() {
    let ui = Ui::new().await;
    let id = ui.customer("Erased Person", "gold", "active", &[]).await;
    let (seq,): (i64,) = sqlx::query_as(
        "SELECT seq FROM audit_log WHERE action = 'customer.create' AND entity_id = $1",
    )
    .bind(&id)
    .fetch_one(ui.store.pool())
    .await
    .unwrap();
    let mut tx = ui.store.begin().await.unwrap();
    carewell_store::audit::redact(
        &mut tx,
        &Actor::cli(),
        &[seq],
        "test erasure cert-9",
        "cert-9",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let page = ui.get(Role::Compliance, "/audit").await;
    assert!(page.body.contains("Chain verified"), "{}", page.body);
    assert!(page.body.contains("Redacted on"));
    assert!(page.body.contains("test erasure cert-9"));
    assert!(page.body.contains("audit.redact"));
    assert!(!page.body.contains("Erased Person"));
    let et = ui.get_as(Role::Compliance, "/audit", Some("et")).await;
    assert!(et.body.contains("Sisu kustutatud"));
    let zh = ui.get_as(Role::Compliance, "/audit", Some("zh-CN")).await;
    assert!(zh.body.contains("抹除内容"));
}

#[tokio::test]
async fn pages_follow_the_language_switch() {
    let ui = Ui::new().await;
    let id = ui.customer("Keelekontroll", "gold", "at-risk", &[]).await;
    let zh = ui.get_as(Role::Agent, "/customers", Some("zh-CN")).await;
    assert!(zh.body.contains("<html lang=\"zh-CN\">"));
    assert!(zh.body.contains("新建客户") && zh.body.contains("有流失风险"));
    let et = ui
        .get_as(Role::Agent, &format!("/customers/{id}"), Some("et"))
        .await;
    assert!(et.body.contains("<html lang=\"et\">"));
    assert!(et.body.contains("Ajajoon") && et.body.contains("Lahkumisohus"));
    assert!(et.body.contains("Salvesta suhtlus"));
    let form = ui.get_as(Role::Agent, "/customers/new", Some("et")).await;
    assert!(form.body.contains("Uus klient") && form.body.contains("Nõusolekud"));
    // The switch itself sets the cookie and goes back.
    let req = Request::get("/lang?l=et")
        .header(header::REFERER, "http://localhost/customers")
        .body(Body::empty())
        .unwrap();
    let r = ui.send(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location, "/customers");
}

#[tokio::test]
async fn security_headers_on_every_page() {
    let ui = Ui::new().await;
    for path in ["/login", "/customers", "/public/satisfaction/not-a-token"] {
        let req = Request::get(path)
            .header(header::COOKIE, ui.cookie(Role::Viewer, None))
            .body(Body::empty())
            .unwrap();
        let res = ui.router.clone().oneshot(req).await.unwrap();
        let h = res.headers();
        let get = |n: &str| h.get(n).map(|v| v.to_str().unwrap().to_string());
        assert_eq!(
            get("referrer-policy").as_deref(),
            Some("same-origin"),
            "{path}"
        );
        assert_eq!(get("x-frame-options").as_deref(), Some("DENY"), "{path}");
        assert_eq!(
            get("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{path}"
        );
        assert!(
            get("x-robots-tag").unwrap_or_default().contains("noindex"),
            "{path}"
        );
        assert!(get("content-security-policy").is_some(), "{path}");
    }
}
