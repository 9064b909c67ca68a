//! The complaint queue through the HTTP surface, on SQLite and PostgreSQL: the API's `sort`,
//! `owner` and `breaching` parameters (documented, validated as problem+json, hostile values
//! refused or harmless), the new `sla_due_at` / `last_customer_message_at` fields, cursor paging
//! in the chosen order, every role reading; the page's sortable headers, owner and breaching
//! filters, translated columns, and no task block above the list.

use crate::support::TestApp;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use serde_json::{Value, json};

async fn created(app: &TestApp, path: &str, body: Value) -> Value {
    let (st, v) = app.api(Role::Agent, "POST", path, Some(body)).await;
    assert_eq!(st, StatusCode::CREATED, "{path}: {v}");
    v
}

fn ids(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// Four complaints: the agent's (high), the manager's (low), two unassigned (critical, medium).
async fn queue(app: &TestApp) -> Vec<String> {
    let cu = created(
        app,
        "/api/v1/customers",
        json!({"name": "Mari Maasikas", "email": "mari@example.com", "language": "et"}),
    )
    .await;
    let agent = app.creds(Role::Agent).user_id.clone();
    let manager = app.creds(Role::Manager).user_id.clone();
    let mut out = Vec::new();
    for (sev, subject, owner) in [
        ("high", "Charged twice", Some(agent)),
        ("low", "App is slow", Some(manager)),
        ("critical", "Service down", None),
        ("medium", "<b>Late</b> delivery", None),
    ] {
        let mut body = json!({"customer_id": cu["id"], "category": "billing", "severity": sev,
                              "subject": subject, "description": "What happened"});
        if let Some(o) = owner {
            body["owner_id"] = json!(o);
        }
        out.push(
            created(app, "/api/v1/complaints", body).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    out
}

async fn api_sorts_and_filters(app: &TestApp) {
    let ids_ = queue(app).await;
    // Every role reads the queue; the new fields are there.
    for role in [
        Role::Viewer,
        Role::Agent,
        Role::Manager,
        Role::Compliance,
        Role::Admin,
    ] {
        let (st, v) = app
            .api(role, "GET", "/api/v1/complaints?sort=-sla_due", None)
            .await;
        assert_eq!(st, StatusCode::OK, "{role:?}: {v}");
        assert_eq!(v["items"].as_array().unwrap().len(), 4);
    }
    let (_, v) = app
        .api(Role::Agent, "GET", "/api/v1/complaints?sort=sla_due", None)
        .await;
    let items = v["items"].as_array().unwrap();
    assert!(items.iter().all(|c| c["sla_due_at"].is_string()), "{v}");
    assert!(
        items
            .iter()
            .all(|c| c["last_customer_message_at"].is_string())
    );
    // Soonest deadline first: the critical one (1 h around the clock).
    assert_eq!(items[0]["id"], ids_[2].as_str());
    let dues: Vec<&str> = items
        .iter()
        .map(|c| c["sla_due_at"].as_str().unwrap())
        .collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted);
    // Severity descending: critical, high, medium, low.
    let (_, v) = app
        .api(
            Role::Agent,
            "GET",
            "/api/v1/complaints?sort=-severity",
            None,
        )
        .await;
    assert_eq!(
        ids(&v),
        [&ids_[2], &ids_[0], &ids_[3], &ids_[1]].map(String::clone)
    );
    // The cursor follows the sort: two pages of two give the same order.
    let (_, p1) = app
        .api(
            Role::Agent,
            "GET",
            "/api/v1/complaints?sort=-severity&limit=2",
            None,
        )
        .await;
    let next = p1["next_cursor"].as_str().unwrap().to_string();
    let (_, p2) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/complaints?sort=-severity&limit=2&cursor={next}"),
            None,
        )
        .await;
    assert!(p2["next_cursor"].is_null());
    let mut both = ids(&p1);
    both.extend(ids(&p2));
    assert_eq!(both, ids(&v));
    // Owner name, or "unassigned" as null.
    let (_, v) = app
        .api(Role::Agent, "GET", "/api/v1/complaints?sort=owner", None)
        .await;
    let owners: Vec<Value> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["owner_name"].clone())
        .collect();
    assert_eq!(
        owners,
        [json!(null), json!(null), json!("agent"), json!("manager")]
    );

    // Mine, unassigned, breaching within the hour.
    let (_, v) = app
        .api(Role::Agent, "GET", "/api/v1/complaints?owner=me", None)
        .await;
    assert_eq!(ids(&v), [ids_[0].clone()]);
    let (_, v) = app
        .api(Role::Manager, "GET", "/api/v1/complaints?owner=me", None)
        .await;
    assert_eq!(ids(&v), [ids_[1].clone()]);
    let (_, v) = app
        .api(
            Role::Agent,
            "GET",
            "/api/v1/complaints?owner=none&sort=received",
            None,
        )
        .await;
    assert_eq!(ids(&v), [ids_[2].clone(), ids_[3].clone()]);
    let (_, v) = app
        .api(
            Role::Agent,
            "GET",
            "/api/v1/complaints?breaching=true",
            None,
        )
        .await;
    assert_eq!(ids(&v), [ids_[2].clone()]);
    let (_, v) = app
        .api(
            Role::Agent,
            "GET",
            "/api/v1/complaints?breaching=false",
            None,
        )
        .await;
    assert_eq!(ids(&v).len(), 4);

    // Hostile values: a problem document naming the parameter, nothing listed.
    let long = "x".repeat(5000);
    for (param, bad) in [
        ("sort", "name"),
        ("sort", "-"),
        ("sort", "--severity"),
        ("sort", "severity;DROP%20TABLE%20complaints"),
        ("sort", "%3Cscript%3E"),
        ("sort", "%E6%97%A5%E6%9C%AC"),
        ("sort", long.as_str()),
        ("owner", "you"),
        ("owner", "'%20OR%201=1%20--"),
        ("owner", long.as_str()),
        ("breaching", "maybe"),
        ("breaching", "-1"),
    ] {
        let (st, v) = app
            .api(
                Role::Agent,
                "GET",
                &format!("/api/v1/complaints?{param}={bad}"),
                None,
            )
            .await;
        assert_eq!(
            st,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{param}={}: {v}",
            &bad[..bad.len().min(40)]
        );
        assert_eq!(v["errors"][0]["field"], param, "{v}");
        assert!(v.to_string().len() < 2000, "the value is cut short");
    }
    // An unknown cursor is no row: an empty page, not an error.
    let (st, v) = app
        .api(
            Role::Agent,
            "GET",
            "/api/v1/complaints?sort=owner&cursor='%20OR%201=1%20--",
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert!(ids(&v).is_empty());
    // The queue is intact.
    let (_, v) = app
        .api(Role::Agent, "GET", "/api/v1/complaints", None)
        .await;
    assert_eq!(ids(&v).len(), 4);
}

async fn page_sorts_and_filters(app: &TestApp) {
    let ids_ = queue(app).await;
    let r = app
        .page(Role::Agent, "/complaints?sort=sla_due", "en")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    assert!(
        b.contains(r#"<th aria-sort="ascending" data-col="sla_due"><a class="sort" href="/complaints?status=open&#38;sort=-sla_due">"#),
        "{b}"
    );
    for col in [
        "subject",
        "customer",
        "severity",
        "status",
        "owner",
        "sla_due",
        "last_customer",
        "received",
    ] {
        assert!(b.contains(&format!("data-col=\"{col}\"")), "{col}");
    }
    // Soonest deadline first; unassigned rows say so; markup in subjects is text.
    let first = b.find(&ids_[2]).unwrap();
    assert!(ids_.iter().all(|id| b.find(id.as_str()).unwrap() >= first));
    assert!(b.contains("Unassigned"));
    assert!(b.contains("&#60;b&#62;Late&#60;/b&#62;"));
    assert!(!b.contains("<b>Late</b>"));
    // No task block above the list (tasks have their own page).
    assert!(!b.contains("id=\"open-tasks\""));
    // Assigned to me; unassigned; breaching within the hour.
    let r = app.page(Role::Agent, "/complaints?owner=me", "en").await;
    assert!(r.body.contains(&ids_[0]));
    assert!(!ids_[1..].iter().any(|id| r.body.contains(id.as_str())));
    assert!(r.body.contains(r#"<option value="me" selected>"#));
    let r = app.page(Role::Agent, "/complaints?owner=none", "en").await;
    assert!(r.body.contains(&ids_[2]) && r.body.contains(&ids_[3]));
    assert!(!r.body.contains(&ids_[0]) && !r.body.contains(&ids_[1]));
    let r = app.page(Role::Agent, "/complaints?breaching=1", "en").await;
    assert!(r.body.contains(&ids_[2]));
    assert_eq!(
        ids_.iter()
            .filter(|id| r.body.contains(id.as_str()))
            .count(),
        1
    );
    assert!(r.body.contains(r#"id="breaching-filter" checked"#));
    // Filters survive in the sort links; the sort survives in the filter form.
    let r = app
        .page(Role::Agent, "/complaints?owner=none&sort=-severity", "en")
        .await;
    assert!(
        r.body
            .contains("href=\"/complaints?status=open&#38;owner=none&#38;sort=subject\"")
    );
    assert!(
        r.body
            .contains(r#"<input type="hidden" name="sort" value="-severity">"#)
    );
    // An unknown sort is the default order on the page; an unknown filter is refused.
    for bad in [
        "name",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "-",
        "'%20OR%201=1",
    ] {
        let r = app
            .page(Role::Agent, &format!("/complaints?sort={bad}"), "en")
            .await;
        assert_eq!(r.status, StatusCode::OK, "{bad}");
        assert!(
            r.body
                .contains(r#"aria-sort="descending" data-col="received""#)
        );
        assert!(!r.body.contains("<script>alert"));
    }
    let r = app
        .page(Role::Agent, "/complaints?owner=%3Cscript%3E", "en")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("<script>"));
    // Translated columns and filters.
    let r = app.page(Role::Viewer, "/complaints", "zh-CN").await;
    assert_eq!(r.status, StatusCode::OK);
    for t in [
        "SLA 截止",
        "客户最近留言",
        "分配给我",
        "1 小时内超时",
        "未分配",
    ] {
        assert!(r.body.contains(t), "{t}");
    }
    let r = app.page(Role::Compliance, "/complaints", "et").await;
    for t in ["SLA tähtaeg", "Minu omad", "Määramata"] {
        assert!(r.body.contains(t), "{t}");
    }
}

async fn customer_list_sorts(app: &TestApp) {
    let mut ids_ = Vec::new();
    for (name, days) in [("Aino", 9), ("Boris", 1), ("Cai", 4)] {
        let cu = created(
            app,
            "/api/v1/customers",
            json!({"name": name, "language": "en"}),
        )
        .await;
        let id = cu["id"].as_str().unwrap().to_string();
        let at = (chrono::Utc::now() - chrono::Duration::days(days)).to_rfc3339();
        created(
            app,
            &format!("/api/v1/customers/{id}/interactions"),
            json!({"kind": "call", "occurred_at": at, "summary": "Talked"}),
        )
        .await;
        ids_.push(id);
    }
    // Newest contact first; the cursor follows the sort.
    let (st, v) = app
        .api(
            Role::Viewer,
            "GET",
            "/api/v1/customers?sort=-last_contact&limit=2",
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(ids(&v), [ids_[1].clone(), ids_[2].clone()]);
    assert!(v["items"][0]["last_contact_at"].is_string());
    let next = v["next_cursor"].as_str().unwrap().to_string();
    let (_, v) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/customers?sort=-last_contact&limit=2&cursor={next}"),
            None,
        )
        .await;
    assert_eq!(ids(&v), [ids_[0].clone()]);
    assert!(v["next_cursor"].is_null());
    for bad in [
        "email",
        "--value",
        "value;DROP%20TABLE%20customers",
        "%3Cscript%3E",
    ] {
        let (st, v) = app
            .api(
                Role::Agent,
                "GET",
                &format!("/api/v1/customers?sort={bad}"),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {v}");
        assert_eq!(v["errors"][0]["field"], "sort");
    }
    let (st, _) = app
        .api(Role::Agent, "GET", "/api/v1/customers?owner=everyone", None)
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    // The page: sortable headers, newest contact first, unknown sorts are the default.
    let r = app
        .page(Role::Agent, "/customers?sort=-last_contact", "en")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains(r#"aria-sort="descending" data-col="last_contact""#)
    );
    let pos: Vec<usize> = ids_
        .iter()
        .map(|id| r.body.find(id.as_str()).unwrap())
        .collect();
    assert!(pos[1] < pos[2] && pos[2] < pos[0], "{pos:?}");
    for t in ["Last contact", "Open complaints", "Value", "Unassigned"] {
        assert!(r.body.contains(t), "{t}");
    }
    let r = app
        .page(Role::Agent, "/customers?sort=%3Cscript%3E", "zh-CN")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"aria-sort="ascending" data-col="name""#));
    assert!(r.body.contains("最近联系") && !r.body.contains("<script>"));
}

fn day(offset: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(offset)).to_string()
}

/// Opens an offboarding case for a new customer `name` with `notice` days to the service end;
/// returns the case id.
async fn case(app: &TestApp, name: &str, notice: u64) -> String {
    let cu = created(
        app,
        "/api/v1/customers",
        json!({"name": name, "language": "en", "email": format!("{}@example.com", name.to_lowercase())}),
    )
    .await;
    let id = cu["id"].as_str().unwrap();
    let r = app
        .form(
            Role::Manager,
            &format!("/customers/{id}/offboarding"),
            &[
                ("initiator", "company"),
                ("reason", "trivial-complaints"),
                ("reason_note", "Too many complaints"),
                ("contract_type", ""),
                ("notice_date", &day(0)),
                ("service_end", &day(notice)),
                ("support_end", &day(notice + 14)),
                ("export_until", &day(notice + 30)),
                ("deletion_date", &day(notice + 31)),
                ("exception_basis", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location.trim_start_matches("/offboarding/").to_string()
}

async fn offboarding_list_sorts(app: &TestApp) {
    let b = case(app, "Brita", 60).await;
    let a = case(app, "aaron", 90).await;
    let c = case(app, "Cyril", 45).await;
    let order = |body: &str, ids: [&String; 3]| {
        let pos: Vec<usize> = ids
            .iter()
            .map(|id| body.find(id.as_str()).unwrap())
            .collect();
        pos[0] < pos[1] && pos[1] < pos[2]
    };
    for (sort, want, aria, col) in [
        ("customer", [&a, &b, &c], "ascending", "customer"),
        ("-customer", [&c, &b, &a], "descending", "customer"),
        ("service_end", [&c, &b, &a], "ascending", "service_end"),
        ("-service_end", [&a, &b, &c], "descending", "service_end"),
        ("", [&c, &a, &b], "descending", "opened"),
        ("%3Cscript%3E", [&c, &a, &b], "descending", "opened"),
        (
            "customer;DROP%20TABLE%20customers",
            [&c, &a, &b],
            "descending",
            "opened",
        ),
    ] {
        for role in [Role::Viewer, Role::Manager, Role::Compliance] {
            let r = app
                .page(role, &format!("/offboarding?sort={sort}"), "en")
                .await;
            assert_eq!(r.status, StatusCode::OK, "{sort}");
            assert!(order(&r.body, want), "{sort} as {role:?}");
            assert!(
                r.body
                    .contains(&format!(r#"aria-sort="{aria}" data-col="{col}""#)),
                "{sort}"
            );
            assert!(!r.body.contains("<script>"));
        }
    }
    // The sort survives the filter form.
    let r = app
        .page(Role::Manager, "/offboarding?sort=-service_end", "et")
        .await;
    assert!(
        r.body
            .contains(r#"<input type="hidden" name="sort" value="-service_end">"#)
    );
}

engines!(&TestApp: api_sorts_and_filters, page_sorts_and_filters, customer_list_sorts, offboarding_list_sorts);
