//! The global search (issue 14): `GET /api/v1/search`, the grouped `/search` page, the
//! type-ahead fragment `/search/suggest` and the complaint form's customer picker, on both
//! engines — results grouped by kind, complaints by reference and by subject, customers under a
//! retention hold hidden from roles without clearance, hostile queries, bounded suggestions,
//! roles.

use crate::support::{Res, TestApp, api_request, page_request};
use axum::http::StatusCode;
use carewell_domain::role::Role;
use serde_json::{Value, json};

engines!(TestApp:
    grouped_results,
    complaints_by_reference_and_subject,
    held_customers_need_clearance,
    hostile_queries,
    suggestions_are_bounded,
    who_may_search,
    picker_chooses_a_customer,
);

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn customer(app: &TestApp, body: Value) -> String {
    let (st, b) = app
        .api(Role::Agent, "POST", "/api/v1/customers", Some(body))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_string()
}

async fn complaint(app: &TestApp, customer_id: &str, subject: &str) -> String {
    let (st, b) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/complaints",
            Some(
                json!({"customer_id": customer_id, "category": "billing", "severity": "high",
                "subject": subject, "description": "Charged twice for the same month"}),
            ),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_string()
}

/// The API's answer for `q` as `role`.
async fn search(app: &TestApp, role: Role, q: &str) -> Value {
    let (st, b) = app
        .api(role, "GET", &format!("/api/v1/search?q={}", enc(q)), None)
        .await;
    assert_eq!(st, StatusCode::OK, "{q}: {b}");
    b
}

fn names(v: &Value, kind: &str, field: &str) -> Vec<String> {
    v[kind]
        .as_array()
        .unwrap_or_else(|| panic!("no {kind} in {v}"))
        .iter()
        .map(|x| x[field].as_str().unwrap().to_string())
        .collect()
}

async fn grouped_results(app: TestApp) {
    let mari = customer(
        &app,
        json!({"name": "Mari Tammsaare", "email": "mari@example.com"}),
    )
    .await;
    customer(&app, json!({"name": "Tamm", "phone": "+372 5123 4567"})).await;
    customer(
        &app,
        json!({"name": "Other Person", "external_ref": "INV-TAMM-7"}),
    )
    .await;
    complaint(&app, &mari, "Tamm invoice charged twice").await;
    complaint(&app, &mari, "Unrelated delivery").await;

    let v = search(&app, Role::Viewer, "tamm").await;
    assert_eq!(
        names(&v, "customers", "name"),
        ["Tamm", "Mari Tammsaare", "Other Person"],
        "exact name, then word starts, then the reference"
    );
    assert_eq!(
        names(&v, "complaints", "subject"),
        ["Tamm invoice charged twice"]
    );
    assert_eq!(v["more"], json!({"customers": false, "complaints": false}));
    assert_eq!(v["complaints"][0]["customer_name"], "Mari Tammsaare");
    // By e-mail and by phone.
    let v = search(&app, Role::Viewer, "mari@example.com").await;
    assert_eq!(names(&v, "customers", "name"), ["Mari Tammsaare"]);
    let v = search(&app, Role::Viewer, "51234567").await;
    assert_eq!(names(&v, "customers", "name"), ["Tamm"]);

    // One kind only: the other is absent.
    let (st, v) = app
        .api(
            Role::Viewer,
            "GET",
            "/api/v1/search?q=tamm&kinds=complaints",
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    assert!(v.get("customers").is_none(), "{v}");
    assert_eq!(v["complaints"].as_array().unwrap().len(), 1);

    // The page groups them, each group linking to its list when there are more.
    let page = app.page(Role::Viewer, "/search?q=tamm", "en").await;
    assert_eq!(page.status, StatusCode::OK);
    let customers = page.body.find("id=\"found-customers\"").unwrap();
    let complaints = page.body.find("id=\"found-complaints\"").unwrap();
    let tamm = page.body.find(">Tamm</a>").unwrap();
    let invoice = page.body.find(">Tamm invoice charged twice</a>").unwrap();
    assert!(customers < tamm && tamm < complaints && complaints < invoice);
    assert!(!page.body.contains("id=\"all-customers\""));
    for i in 0..11 {
        customer(&app, json!({"name": format!("Tamm Twin {i:02}")})).await;
    }
    let page = app.page(Role::Viewer, "/search?q=tamm", "en").await;
    assert!(
        page.body.contains("id=\"all-customers\"")
            && page.body.contains("href=\"/customers?q=tamm\""),
        "{}",
        page.body
    );
    let v = search(&app, Role::Viewer, "tamm").await;
    assert_eq!(v["customers"].as_array().unwrap().len(), 10);
    assert_eq!(v["more"]["customers"], true);
    // The list behind "see all" has them all.
    let list = app.page(Role::Viewer, "/customers?q=tamm", "en").await;
    assert!(list.body.contains("Tamm Twin 10"));
    // In Chinese too.
    let zh = app.page(Role::Viewer, "/search?q=tamm", "zh-CN").await;
    assert!(zh.body.contains("查看所有匹配的客户"), "{}", zh.body);
}

async fn complaints_by_reference_and_subject(app: TestApp) {
    let c = customer(&app, json!({"name": "Rein Viide"})).await;
    let id = complaint(&app, &c, "Arve saadeti kaks korda").await;
    let other = complaint(&app, &c, "Internet is down").await;
    let reference = &id[id.len() - 8..];
    for q in [
        reference.to_string(),
        format!("#{reference}"),
        format!("[#{}]", reference.to_uppercase()),
        format!("  {reference} "),
        id.clone(),
    ] {
        let v = search(&app, Role::Agent, &q).await;
        let ids = names(&v, "complaints", "id");
        assert_eq!(ids, [id.as_str()], "{q}");
        assert_eq!(v["complaints"][0]["reference"], reference);
    }
    // Six digits of the reference find it too.
    let v = search(&app, Role::Agent, &reference[..6]).await;
    assert!(names(&v, "complaints", "id").contains(&id));
    // By subject, any case; not the other.
    for q in ["kaks korda", "ARVE SAADETI", "saadeti"] {
        let v = search(&app, Role::Agent, q).await;
        assert_eq!(names(&v, "complaints", "id"), [id.as_str()], "{q}");
    }
    // Two letters: the start of a word of the subject, not any two letters in it.
    let v = search(&app, Role::Agent, "ka").await;
    assert_eq!(names(&v, "complaints", "id"), [id.as_str()]);
    let v = search(&app, Role::Agent, "rv").await;
    assert!(names(&v, "complaints", "id").is_empty());
    let v = search(&app, Role::Agent, "internet").await;
    assert_eq!(names(&v, "complaints", "id"), [other.as_str()]);
    // The page links the complaint under its reference; the header box is on every page.
    let page = app
        .page(Role::Viewer, &format!("/search?q=%23{reference}"), "en")
        .await;
    assert!(page.body.contains(&format!("href=\"/complaints/{id}\"")));
    assert!(page.body.contains(&format!("#{reference}")));
    assert!(page.body.contains("id=\"find-q\""));
    // A reference that is nobody's finds nothing.
    let v = search(&app, Role::Agent, "#00000000").await;
    assert!(names(&v, "complaints", "id").is_empty());
}

/// Puts `customer_id` under a running retention hold (as erasure leaves it).
async fn hold(app: &TestApp, customer_id: &str) {
    let (st, case) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/offboarding/cases",
            Some(json!({"customer_id": customer_id, "reason": "staff-abuse"})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{case}");
    sqlx::query(
        "INSERT INTO offboarding_holds (id, case_id, customer_id, category, tables, legal_basis, \
         held_until, created_at, released_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)",
    )
    .bind(format!("hold-{customer_id}"))
    .bind(case["id"].as_str().unwrap())
    .bind(customer_id)
    .bind("financial")
    .bind(r#"["transactions","contracts","ledger_entries"]"#)
    .bind("AML Act § 47")
    .bind("2099-01-01")
    .bind("2026-01-01T00:00:00.000000Z")
    .execute(app.store.pool())
    .await
    .unwrap();
}

async fn held_customers_need_clearance(app: TestApp) {
    let held = customer(
        &app,
        json!({"name": "Hella Holdmann", "email": "hella@example.com"}),
    )
    .await;
    let free = customer(&app, json!({"name": "Hella Freeman"})).await;
    let held_case = complaint(&app, &held, "Hella refund question").await;
    complaint(&app, &free, "Hella delivery question").await;
    hold(&app, &held).await;
    let reference = &held_case[held_case.len() - 8..];
    for role in Role::ALL {
        let v = search(&app, role, "hella").await;
        let customers = names(&v, "customers", "name");
        let subjects = names(&v, "complaints", "subject");
        assert!(customers.contains(&"Hella Freeman".to_string()), "{role}");
        assert!(subjects.contains(&"Hella delivery question".to_string()));
        let by_ref = names(&search(&app, role, reference).await, "complaints", "id");
        let by_email = names(
            &search(&app, role, "hella@example.com").await,
            "customers",
            "id",
        );
        let page = app.page(role, "/search?q=hella", "en").await;
        let suggest = app.page(role, "/search/suggest?q=hella", "en").await;
        let picker = app
            .page(role, "/complaints/new?customer_q=hella", "en")
            .await;
        if role.sees_held() {
            assert!(customers.contains(&"Hella Holdmann".to_string()), "{role}");
            assert!(subjects.contains(&"Hella refund question".to_string()));
            assert_eq!(by_ref, [held_case.as_str()]);
            assert_eq!(by_email, [held.as_str()]);
            assert!(page.body.contains("Hella Holdmann"));
            assert!(suggest.body.contains("Hella Holdmann"));
        } else {
            assert!(!customers.contains(&"Hella Holdmann".to_string()), "{role}");
            assert!(!subjects.contains(&"Hella refund question".to_string()));
            assert!(by_ref.is_empty(), "{role} finds the held complaint");
            assert!(by_email.is_empty(), "{role} finds the held customer");
            assert!(!page.body.contains("Hella Holdmann"), "{role}");
            assert!(!page.body.contains("Hella refund question"), "{role}");
            assert!(!suggest.body.contains("Hella Holdmann"), "{role}");
            if picker.status == StatusCode::OK {
                assert!(!picker.body.contains("Hella Holdmann"), "{role}");
                assert!(picker.body.contains("Hella Freeman"), "{role}");
            }
        }
    }
}

async fn hostile_queries(app: TestApp) {
    let wang = customer(&app, json!({"name": "王小明"})).await;
    customer(&app, json!({"name": "Õie Õunapuu"})).await;
    customer(&app, json!({"name": "Oie Ounapuu"})).await;
    customer(&app, json!({"name": "100% Plain_Name"})).await;
    complaint(&app, &wang, "账单重复扣款").await;
    complaint(&app, &wang, "Šokolaadi tellimus hilines").await;
    // Blank queries find nothing, in every form.
    for q in ["", "   ", "\t\n", "\u{200b}"] {
        let v = search(&app, Role::Agent, q).await;
        assert_eq!(v["customers"], json!([]), "{q:?}");
        assert_eq!(v["complaints"], json!([]), "{q:?}");
    }
    // Wildcards are literal: "%" matches no more than a letter would.
    let v = search(&app, Role::Agent, "100%").await;
    assert_eq!(names(&v, "customers", "name"), ["100% Plain_Name"]);
    let v = search(&app, Role::Agent, "% p").await;
    assert_eq!(names(&v, "customers", "name"), ["100% Plain_Name"]);
    let v = search(&app, Role::Agent, "%").await;
    assert!(names(&v, "customers", "name").is_empty());
    assert!(names(&v, "complaints", "subject").is_empty());
    let v = search(&app, Role::Agent, "_").await;
    assert!(names(&v, "customers", "name").len() <= 1);
    assert!(names(&v, "complaints", "subject").is_empty());
    let v = search(&app, Role::Agent, "%_%").await;
    assert!(names(&v, "customers", "name").is_empty());
    // Two Chinese characters; Estonian letters as typed.
    let v = search(&app, Role::Agent, "小明").await;
    assert_eq!(names(&v, "customers", "name"), ["王小明"]);
    let v = search(&app, Role::Agent, "重复").await;
    assert_eq!(names(&v, "complaints", "subject"), ["账单重复扣款"]);
    let v = search(&app, Role::Agent, "õuna").await;
    assert_eq!(names(&v, "customers", "name"), ["Õie Õunapuu"]);
    let v = search(&app, Role::Agent, "Šokolaadi").await;
    assert_eq!(
        names(&v, "complaints", "subject"),
        ["Šokolaadi tellimus hilines"]
    );
    // SQL and HTML are text.
    for q in [
        "'; DROP TABLE customers; --",
        "\" OR 1=1 --",
        "<script>alert(1)</script>",
        "NEAR(\"x\" OR *",
        "[#",
        "#",
        "-1",
        "\u{1F600}\u{1F600}\u{1F600}",
        "a\u{0301}\u{0301}\u{0301}",
    ] {
        let v = search(&app, Role::Agent, q).await;
        assert!(
            v["customers"].is_array() && v["complaints"].is_array(),
            "{q}"
        );
        for path in [
            "/search?q=",
            "/search/suggest?q=",
            "/complaints/new?customer_q=",
        ] {
            let r = app
                .page(Role::Agent, &format!("{path}{}", enc(q)), "en")
                .await;
            assert_eq!(r.status, StatusCode::OK, "{path}{q}");
            assert!(!r.body.contains("<script>alert"), "{path}{q}");
        }
    }
    let page = app
        .page(
            Role::Agent,
            "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
            "en",
        )
        .await;
    assert!(
        page.body.contains("&lt;script&gt;") || page.body.contains("&#60;script&#62;"),
        "{}",
        page.body
    );
    // A control character is refused at the edge (422), as for every field.
    let r = app
        .fetch(api_request(
            &app.creds(Role::Agent).token,
            "GET",
            "/api/v1/search?q=a%00b",
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // 7 KB is searched (its first 100 characters); 10 KB is past the address limit (414).
    let long = "x".repeat(7 * 1024);
    let v = search(&app, Role::Agent, &long).await;
    assert_eq!(v["customers"], json!([]));
    let huge = "x".repeat(10 * 1024);
    let r = app
        .fetch(api_request(
            &app.creds(Role::Agent).token,
            "GET",
            &format!("/api/v1/search?q={huge}"),
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::URI_TOO_LONG);
    assert!(r.content_type.starts_with("application/problem+json"));
    let r = app
        .fetch(page_request(
            Some(&app.browser(Role::Agent)),
            &format!("/search?q={huge}"),
            "en",
        ))
        .await;
    assert_eq!(r.status, StatusCode::URI_TOO_LONG);
    // Bad kinds and limits.
    let (st, b) = app
        .api(Role::Agent, "GET", "/api/v1/search?q=a&kinds=users", None)
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(b["errors"][0]["field"], "kinds", "{b}");
    let (st, b) = app
        .api(Role::Agent, "GET", "/api/v1/search?q=a&limit=abc", None)
        .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{b}");
    for limit in ["-5", "0", "99999999999"] {
        let (st, b) = app
            .api(
                Role::Agent,
                "GET",
                &format!("/api/v1/search?q=o&limit={limit}"),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{limit}: {b}");
    }
}

fn options(r: &Res) -> usize {
    r.body.matches("role=\"option\"").count()
}

async fn suggestions_are_bounded(app: TestApp) {
    let c = customer(&app, json!({"name": "Kask Zero"})).await;
    for i in 0..12 {
        customer(&app, json!({"name": format!("Kask {i:02}")})).await;
        complaint(&app, &c, &format!("Kask complaint {i:02}")).await;
    }
    let r = app.page(Role::Viewer, "/search/suggest?q=kask", "en").await;
    assert_eq!(r.status, StatusCode::OK);
    // Five of each kind, and "all results".
    assert_eq!(options(&r), 11, "{}", r.body);
    assert!(r.body.contains("data-href=\"/search?q=kask\""));
    assert!(r.body.contains("11 suggestions") || r.body.contains("10 suggestions"));
    // The picker's: customers only, no "all results".
    let r = app
        .page(
            Role::Agent,
            "/search/suggest?customer_q=kask&kinds=customers&pick=1",
            "en",
        )
        .await;
    assert_eq!(options(&r), 5, "{}", r.body);
    assert!(!r.body.contains("/complaints/"));
    assert!(r.body.contains("data-id=\""));
    // Blank: nothing.
    let r = app.page(Role::Viewer, "/search/suggest?q=", "en").await;
    assert_eq!(options(&r), 0);
    // The API's limit is capped.
    let (_, v) = app
        .api(
            Role::Viewer,
            "GET",
            "/api/v1/search?q=kask&limit=100000",
            None,
        )
        .await;
    assert_eq!(v["customers"].as_array().unwrap().len(), 13);
    let (_, v) = app
        .api(Role::Viewer, "GET", "/api/v1/search?q=kask&limit=2", None)
        .await;
    assert_eq!(v["customers"].as_array().unwrap().len(), 2);
    assert_eq!(v["complaints"].as_array().unwrap().len(), 2);
    assert_eq!(v["more"], json!({"customers": true, "complaints": true}));
}

async fn who_may_search(app: TestApp) {
    customer(&app, json!({"name": "Visible Viktor"})).await;
    for role in Role::ALL {
        let v = search(&app, role, "viktor").await;
        assert_eq!(names(&v, "customers", "name"), ["Visible Viktor"], "{role}");
        for path in ["/search?q=viktor", "/search/suggest?q=viktor"] {
            let r = app.page(role, path, "en").await;
            assert_eq!(r.status, StatusCode::OK, "{role} {path}");
            assert!(r.body.contains("Visible Viktor"), "{role} {path}");
        }
    }
    // Signed out: the API refuses, the pages send to the login.
    let r = app
        .fetch(api_request(
            "cw_not-a-token",
            "GET",
            "/api/v1/search?q=viktor",
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(!r.body.contains("Viktor"));
    for path in ["/search?q=viktor", "/search/suggest?q=viktor"] {
        let r = app.public_page(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location.starts_with("/login"), "{path}: {}", r.location);
        assert!(!r.body.contains("Viktor"));
    }
    // The header box is on staff pages, not on the login page.
    let staff = app.page(Role::Viewer, "/customers", "et").await;
    assert!(staff.body.contains("role=\"combobox\""));
    assert!(staff.body.contains("Otsi kliente ja kaebusi"));
    let login = app.public_page("/login").await;
    assert!(!login.body.contains("id=\"find-q\""));
    // The type-ahead script is served from the binary.
    let js = app.public_page("/static/search.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type.starts_with("text/javascript"));
}

async fn count_complaints(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM complaints")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    n
}

async fn picker_chooses_a_customer(app: TestApp) {
    let anna = customer(
        &app,
        json!({"name": "Anna Valija", "email": "anna@example.com"}),
    )
    .await;
    let other = customer(&app, json!({"name": "Anton Valija"})).await;
    // Not a select of every customer.
    let form = app.page(Role::Agent, "/complaints/new", "en").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains("<select name=\"customer_id\""));
    assert!(!form.body.contains("Anna Valija"));
    assert!(form.body.contains("data-combobox=\"pick\""));
    // From a customer page: preselected.
    let form = app
        .page(
            Role::Agent,
            &format!("/complaints/new?customer_id={anna}"),
            "en",
        )
        .await;
    assert!(
        form.body
            .contains(&format!("name=\"customer_id\" value=\"{anna}\" checked")),
        "{}",
        form.body
    );
    // Without JavaScript: "Find" lists matches and keeps what was typed; nothing is recorded.
    let before = count_complaints(&app).await;
    let r = app
        .form(
            Role::Agent,
            "/complaints/new",
            &[
                ("customer_q", "valija"),
                ("find", "Find"),
                ("subject", "Kept subject"),
                ("description", "Kept words"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&format!("value=\"{anna}\"")));
    assert!(r.body.contains(&format!("value=\"{other}\"")));
    assert!(r.body.contains("Kept subject") && r.body.contains("Kept words"));
    assert_eq!(count_complaints(&app).await, before);
    let r = app
        .page(
            Role::Agent,
            "/complaints/new?customer_q=nobody-at-all",
            "zh-CN",
        )
        .await;
    assert!(
        r.body.contains("没有与“nobody-at-all”匹配的客户"),
        "{}",
        r.body
    );
    // No customer chosen, or one that does not exist: refused beside the field.
    for id in [
        "",
        "00000000-0000-0000-0000-000000000000",
        "'; DROP TABLE customers; --",
    ] {
        let r = app
            .form(
                Role::Agent,
                "/complaints/new",
                &[
                    ("customer_id", id),
                    ("channel", "phone"),
                    ("category", "billing"),
                    ("severity", "high"),
                    ("description", "Words"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{id}");
        assert!(r.body.contains("id=\"e-customer_id\""), "{id}: {}", r.body);
        assert!(!r.body.contains(">customer_id<"), "a raw field key: {id}");
    }
    assert_eq!(count_complaints(&app).await, before);
    // Chosen: recorded for that customer.
    let r = app
        .form(
            Role::Agent,
            "/complaints/new",
            &[
                ("customer_id", &other),
                ("customer_q", ""),
                ("channel", "phone"),
                ("category", "billing"),
                ("severity", "high"),
                ("subject", "Picked by search"),
                ("description", "Words"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r.location.rsplit('/').next().unwrap().to_string();
    let (_, c) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/complaints/{id}"),
            None,
        )
        .await;
    assert_eq!(c["customer_id"], other.as_str(), "{c}");
    // Viewers may search but not file.
    let r = app.page(Role::Viewer, "/complaints/new", "en").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
