//! Issue 11, point 9 (the rest of it): sign-out needs its CSRF token, a foreign `Authorization`
//! scheme does not lock out public pages, public token pages are rate-limited and trust
//! `X-Forwarded-For` only from a configured proxy, CSV cells cannot start a formula, attribute
//! maps are bounded, impossible dates are refused, `/metrics` is not public, and webhooks cannot
//! be pointed at loopback, link-local or metadata addresses.

use crate::msg_support::{self, Receiver, SmtpSink};
use crate::support::{self, TestApp, form_request};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell_domain::role::Role;
use serde_json::json;
use std::collections::HashMap;

engines!(
    TestApp: logout_needs_csrf,
    foreign_authorization_is_not_ours,
    public_pages_are_rate_limited,
    forwarded_for_only_from_a_trusted_proxy,
    csv_cells_cannot_start_formulas,
    impossible_dates_are_refused,
    attributes_are_bounded,
    metrics_are_not_public,
    webhook_urls_to_internal_addresses_are_refused,
);

engines!(msg_support::Db: webhooks_are_checked_again_when_sent);

/// A random loopback address, so the buckets of tests running at once do not meet.
fn loopback() -> String {
    let n = uuid::Uuid::new_v4().as_u128();
    format!("127.{}.{}.{}", (n >> 16) as u8, (n >> 8) as u8, n as u8)
}

fn token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Another site cannot sign a user out: a POST /logout without the session's CSRF token (or with
/// a wrong one) is 403 and the session lives on; with the token it ends.
async fn logout_needs_csrf(app: TestApp) {
    let who = app.browser(Role::Agent);
    let r = app
        .fetch(form_request(Some(&who), "/logout", &[], false))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .fetch(form_request(
            Some(&who),
            "/logout",
            &[("csrf", "not-the-token")],
            false,
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(app.get_as(&who, "/account").await.status, StatusCode::OK);
    let r = app.post_as(&who, "/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location, "/login");
    let after = app.get_as(&who, "/account").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "session ended");
    // Without a live session there is nothing to protect: the cookie is cleared.
    let r = app.fetch(form_request(None, "/logout", &[], false)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

/// A `Basic` header (say, from a proxy's password prompt in front) does not lock anyone out of
/// the public pages or out of a signed-in session; a protected API route without a bearer token
/// is a 401 problem that names the scheme it wants.
async fn foreign_authorization_is_not_ours(app: TestApp) {
    let basic = |path: &str| {
        Request::get(path)
            .header(header::AUTHORIZATION, "Basic dXNlcjpwYXNz")
            .extension(support::anonymous_client())
    };
    let r = app
        .fetch(basic("/login").body(Body::empty()).unwrap())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .fetch(basic("/healthz").body(Body::empty()).unwrap())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .fetch(
            basic(&format!("/public/complaints/{}", token()))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // A stale bearer token on a public page is ignored too.
    let r = app
        .fetch(
            Request::get("/login")
                .header(header::AUTHORIZATION, "Bearer cw_expired")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Behind the proxy's prompt, the session cookie still signs the user in.
    let who = app.browser(Role::Agent);
    let r = app
        .fetch(
            basic("/customers")
                .header(header::COOKIE, format!("cw_session={}", who.session))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // The API wants a bearer token: 401 as a problem, with the scheme in WWW-Authenticate.
    let res = tower::ServiceExt::oneshot(
        app.router.clone(),
        basic("/api/v1/customers").body(Body::empty()).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let h = |n| {
        res.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(h(header::CONTENT_TYPE).starts_with("application/problem+json"));
    assert!(h(header::WWW_AUTHENTICATE).starts_with("Bearer"));
}

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

/// The customer export as rows of column → cell.
async fn export_rows(app: &TestApp) -> Vec<HashMap<String, String>> {
    let token = app.creds(Role::Admin).token.clone();
    let r = app
        .fetch(support::api_request(
            &token,
            "GET",
            "/api/v1/exports/customers",
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut rdr = csv::Reader::from_reader(r.body.as_bytes());
    let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|rec| {
            head.iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// A cell a spreadsheet would run as a formula is written with a leading `'` (negative
/// numbers stay numbers); importing the file takes the quote off, so an export → import →
/// export cycle neither loses the data nor piles up quotes.
async fn csv_cells_cannot_start_formulas(app: TestApp) {
    let name = "=HYPERLINK(\"http://evil.example\",\"Click\")";
    let (st, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({
                "name": name,
                "phone": "+372 5123 4567",
                "attributes": {"note": "@SUM(1+1)", "delta": "-12.50", "calc": "-2+3"},
            })),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    let rows = export_rows(&app).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["name"], format!("'{name}"));
    assert_eq!(row["phone"], "'+372 5123 4567");
    assert_eq!(row["attr_note"], "'@SUM(1+1)");
    assert_eq!(row["attr_calc"], "'-2+3");
    assert_eq!(
        row["attr_delta"], "-12.50",
        "a negative number stays a number"
    );
    for (col, cell) in row {
        let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
            || (cell.starts_with('-') && cell.parse::<f64>().is_err());
        assert!(!formula, "{col}: {cell}");
    }
    // Importing the export (the hand-entered customer comes back under its id as reference)
    // restores the text; exporting again writes the same cells.
    let token = app.creds(Role::Agent).token.clone();
    let mut w = csv::Writer::from_writer(Vec::new());
    let head: Vec<&String> = row.keys().collect();
    w.write_record(&head).unwrap();
    w.write_record(head.iter().map(|k| row[*k].as_str()))
        .unwrap();
    let body = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let req = Request::post("/api/v1/imports/customers")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(body))
        .unwrap();
    let r = app.fetch(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = c["id"].as_str().unwrap();
    let (_, list) = app
        .api(Role::Admin, "GET", "/api/v1/customers?limit=10", None)
        .await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    let copy = items
        .iter()
        .find(|i| i["external_ref"] == id)
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(copy["name"], name);
    assert_eq!(copy["phone"], "+372 5123 4567");
    assert_eq!(copy["attributes"]["note"], "@SUM(1+1)");
    assert_eq!(copy["attributes"]["delta"], "-12.50");
    let again = export_rows(&app).await;
    assert_eq!(again.len(), 2);
    for r in &again {
        assert_eq!(r["name"], format!("'{name}"));
        assert_eq!(r["attr_note"], "'@SUM(1+1)");
    }
}

/// An import of customers as the agent; (status, body).
async fn import_customers(app: &TestApp, csv: &str) -> (StatusCode, serde_json::Value) {
    let token = app.creds(Role::Agent).token.clone();
    let req = Request::post("/api/v1/imports/customers")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(csv.to_string()))
        .unwrap();
    let r = app.fetch(req).await;
    (
        r.status,
        serde_json::from_str(&r.body).unwrap_or(serde_json::Value::Null),
    )
}

/// Year 0000, year −1, five-digit years and leap seconds are refused with a typed code in the
/// API (in the reader's language), the staff form and the importer, and nothing is stored.
async fn impossible_dates_are_refused(app: TestApp) {
    for day in ["0000-01-01", "-0001-12-31", "+10000-01-01"] {
        let (st, p) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/customers",
                Some(json!({"name": "Mari", "birthday": day})),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{day}: {p}");
        assert_eq!(p["errors"][0]["field"], "birthday");
        assert_eq!(p["errors"][0]["code"], "year-out-of-range", "{day}: {p}");
    }
    let (_, list) = app.api(Role::Admin, "GET", "/api/v1/customers", None).await;
    assert_eq!(list["total"], 0, "{list}");
    let (st, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "birthday": "1985-04-12"})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    let id = c["id"].as_str().unwrap();
    // A leap second, in Estonian.
    let token = app.creds(Role::Agent).token.clone();
    let req = Request::post(format!("/api/v1/customers/{id}/transactions"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, "et")
        .body(Body::from(
            json!({"amount": "10.00", "currency": "EUR", "occurred_at": "2016-12-31T23:59:60Z"})
                .to_string(),
        ))
        .unwrap();
    let r = app.fetch(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let p: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(p["errors"][0]["code"], "leap-second", "{p}");
    assert!(
        p["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("liigsekund"),
        "{p}"
    );
    // The staff form.
    let r = app
        .form(
            Role::Agent,
            "/customers/new",
            &[("name", "Jaan"), ("birthday", "0000-02-29")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("1900"), "the reason names the range");
    // The importer reports the row.
    let (st, p) = import_customers(
        &app,
        "external_ref,name,anniversary\nC1,Ok,2001-05-05\nC2,Bad,0000-01-01\n",
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "line 3 anniversary", "{p}");
    assert_eq!(p["errors"][0]["code"], "year-out-of-range");
    let (_, list) = app.api(Role::Admin, "GET", "/api/v1/customers", None).await;
    assert_eq!(list["total"], 1, "all or nothing: {list}");
}

/// A customer's free attributes are bounded in number and size, through the API, the staff
/// form and the importer (which names the row).
async fn attributes_are_bounded(app: TestApp) {
    let many: serde_json::Map<String, serde_json::Value> =
        (0..10_000).map(|i| (format!("k{i}"), json!("v"))).collect();
    let (st, p) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "attributes": many})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"].as_array().unwrap().len(), 1, "one error: {p}");
    assert_eq!(p["errors"][0]["field"], "attributes");
    assert_eq!(p["errors"][0]["code"], "too-many");
    let long_key = "k".repeat(65);
    let (st, p) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "attributes": {long_key.clone(): "v"}})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["code"], "too-long");
    let (st, p) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "attributes": {"note": "x".repeat(1025)}})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "attr_note");
    assert_eq!(p["errors"][0]["code"], "too-many-bytes");
    let big: serde_json::Map<String, serde_json::Value> = (0..40)
        .map(|i| (format!("k{i}"), json!("y".repeat(1000))))
        .collect();
    let (st, p) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "attributes": big})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "attributes");
    assert_eq!(p["errors"][0]["code"], "too-many-bytes");
    // Fifty small ones are fine.
    let fifty: serde_json::Map<String, serde_json::Value> =
        (0..50).map(|i| (format!("k{i}"), json!("v"))).collect();
    let (st, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "attributes": fifty})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    // The staff form shows the error beside the attributes box.
    let lines = format!("{long_key} = v");
    let r = app
        .form(
            Role::Agent,
            "/customers/new",
            &[("name", "Jaan"), ("attributes", &lines)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("64"), "{}", r.body);
    // The importer names the row.
    let head: Vec<String> = (0..51).map(|i| format!("attr_k{i}")).collect();
    let row: Vec<&str> = (0..51).map(|_| "v").collect();
    let csv = format!(
        "external_ref,name,{}\nC1,Bad,{}\n",
        head.join(","),
        row.join(",")
    );
    let (st, p) = import_customers(&app, &csv).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "line 2 attributes", "{p}");
    assert_eq!(p["errors"][0]["code"], "too-many");
    let (_, list) = app.api(Role::Admin, "GET", "/api/v1/customers", None).await;
    assert_eq!(list["total"], 1, "{list}");
}

fn get_metrics(auth: Option<&str>) -> Request<Body> {
    let mut b = Request::get("/metrics").extension(support::anonymous_client());
    if let Some(a) = auth {
        b = b.header(header::AUTHORIZATION, a);
    }
    b.body(Body::empty()).unwrap()
}

/// `/metrics` (it shows the number of customers) answers a scraper with the configured token,
/// signed-in admins, or anyone only when `metrics_public` says so.
async fn metrics_are_not_public(app: TestApp) {
    let r = app.fetch(get_metrics(None)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(!r.body.contains("carewell_customers"));
    let r = app.fetch(get_metrics(Some("Bearer guess"))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let viewer = format!("Bearer {}", app.creds(Role::Viewer).token);
    assert_eq!(
        app.fetch(get_metrics(Some(&viewer))).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = format!("Bearer {}", app.creds(Role::Admin).token);
    let r = app.fetch(get_metrics(Some(&admin))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("carewell_customers 0"), "{}", r.body);
    let r = app.get_as(&app.browser(Role::Admin), "/metrics").await;
    assert_eq!(r.status, StatusCode::OK);
    // A scraper with the configured token.
    let config = Config {
        metrics_token: "scrape-secret-123".into(),
        ..Config::default()
    };
    let scraped = carewell::app::router(AppState::new(app.store.clone(), config));
    let r = support::fetch(&scraped, get_metrics(Some("Bearer scrape-secret-123"))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = support::fetch(&scraped, get_metrics(Some("Bearer scrape-secret-124"))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = support::fetch(&scraped, get_metrics(None)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Opened on purpose.
    let config = Config {
        metrics_public: true,
        ..Config::default()
    };
    let open = carewell::app::router(AppState::new(app.store.clone(), config));
    assert_eq!(
        support::fetch(&open, get_metrics(None)).await.status,
        StatusCode::OK
    );
}

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
