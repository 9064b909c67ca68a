//! Tasks as their own list, through the HTTP surface on SQLite and PostgreSQL: mine, the
//! managers' queue and everyone's (roles), open and done, due/overdue classification, the sort
//! convention with keyset paging, completing (owner or manager; twice refused; audited),
//! hostile parameters, the pages in two languages and the navigation's counts per role.

use crate::support;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use carewell_domain::time::fmt_ts;
use carewell_store::audit::{self, AuditFilter};
use carewell_store::tasks::{self, NewTask};
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use support::TestApp;

async fn customer(app: &TestApp, name: &str) -> String {
    let (st, c) = app
        .api(
            Role::Admin,
            "POST",
            "/api/v1/customers",
            Some(json!({ "name": name })),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    c["id"].as_str().unwrap().to_string()
}

/// A task for `owner` (None: the managers' queue) due `due_hours` from now.
async fn task(
    app: &TestApp,
    kind: &str,
    title: &str,
    args: Value,
    customer: Option<&str>,
    owner: Option<Role>,
    due_hours: i64,
) -> String {
    let owner_id = owner.map(|r| app.creds(r).user_id.clone());
    let mut tx = app.store.begin().await.unwrap();
    let t = tasks::create(
        &mut tx,
        &NewTask {
            kind,
            title: title.into(),
            args,
            customer_id: customer,
            owner_id: owner_id.as_deref(),
            source_kind: "complaint",
            source_id: "c-1",
            due_at: fmt_ts(Utc::now() + Duration::hours(due_hours)),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    t.id
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

/// Hours until the end of today (UTC), at least 0: a task due in less is due today.
fn hours_left_today() -> i64 {
    let now = Utc::now();
    let end = (now.date_naive() + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    (end - now).num_minutes() / 60
}

async fn mine_queue_and_all(app: TestApp) {
    let cu = customer(&app, "Mari Maasikas").await;
    let overdue = task(
        &app,
        "follow-up-visit",
        "Wrong plan",
        json!({}),
        Some(&cu),
        Some(Role::Agent),
        -30,
    )
    .await;
    let later = task(
        &app,
        "escalation",
        "Wrong plan",
        json!({"level": 2}),
        Some(&cu),
        Some(Role::Agent),
        72,
    )
    .await;
    let managers = task(
        &app,
        "sla-warning",
        "Slow",
        json!({"target": "resolution", "percent": 75}),
        None,
        Some(Role::Manager),
        48,
    )
    .await;
    let queue = task(
        &app,
        "sla-breach",
        "Slow",
        json!({"target": "resolution"}),
        Some(&cu),
        None,
        -1,
    )
    .await;

    // Every role reads its own tasks (the default is "me").
    let (st, p) = app.api(Role::Agent, "GET", "/api/v1/tasks", None).await;
    assert_eq!(st, StatusCode::OK, "{p}");
    assert_eq!(ids(&p), vec![overdue.clone(), later.clone()]);
    assert_eq!(p["total"], 2);
    assert_eq!(p["items"][0]["due_state"], "overdue");
    assert_eq!(p["items"][1]["due_state"], "later");
    assert_eq!(p["items"][0]["customer_name"], "Mari Maasikas");
    assert_eq!(p["items"][0]["owner_email"], "agent@example.com");
    for role in [Role::Viewer, Role::Compliance] {
        let (st, p) = app.api(role, "GET", "/api/v1/tasks?owner=me", None).await;
        assert_eq!(
            (st, p["total"].as_i64()),
            (StatusCode::OK, Some(0)),
            "{role:?}"
        );
    }
    // The queue and everyone's are for managers and admins.
    for role in [Role::Agent, Role::Viewer, Role::Compliance] {
        for owner in ["none", "all"] {
            let (st, p) = app
                .api(role, "GET", &format!("/api/v1/tasks?owner={owner}"), None)
                .await;
            assert_eq!(st, StatusCode::FORBIDDEN, "{role:?} {owner}: {p}");
            let page = app.page(role, &format!("/tasks?owner={owner}"), "en").await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{role:?} {owner}");
        }
    }
    for role in [Role::Manager, Role::Admin] {
        let (_, p) = app.api(role, "GET", "/api/v1/tasks?owner=none", None).await;
        assert_eq!(ids(&p), vec![queue.clone()]);
        assert!(p["items"][0]["owner_email"].is_null());
        let (_, p) = app.api(role, "GET", "/api/v1/tasks?owner=all", None).await;
        assert_eq!(p["total"], 4);
        assert_eq!(
            ids(&p),
            vec![
                overdue.clone(),
                queue.clone(),
                managers.clone(),
                later.clone()
            ]
        );
    }
    let (_, p) = app.api(Role::Manager, "GET", "/api/v1/tasks", None).await;
    assert_eq!(ids(&p), vec![managers.clone()]);

    // Done tasks move from "open" to "done".
    let (st, _) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/tasks/{overdue}/done"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (_, p) = app.api(Role::Agent, "GET", "/api/v1/tasks", None).await;
    assert_eq!(ids(&p), vec![later.clone()]);
    let (_, p) = app
        .api(Role::Agent, "GET", "/api/v1/tasks?status=done", None)
        .await;
    assert_eq!(ids(&p), vec![overdue.clone()]);
    assert_eq!(p["items"][0]["due_state"], "done");
    assert!(p["items"][0]["done_at"].is_string());
}

async fn due_classification(app: TestApp) {
    let left = hours_left_today();
    let overdue = task(
        &app,
        "follow-up-visit",
        "a",
        json!({}),
        None,
        Some(Role::Agent),
        -1,
    )
    .await;
    let later = task(
        &app,
        "follow-up-visit",
        "c",
        json!({}),
        None,
        Some(Role::Agent),
        30,
    )
    .await;
    let (_, p) = app.api(Role::Agent, "GET", "/api/v1/tasks", None).await;
    let state = |id: &str| {
        p["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()["due_state"]
            .clone()
    };
    assert_eq!(state(&overdue), "overdue");
    assert_eq!(state(&later), "later");
    if left >= 1 {
        // Later today (not possible in the last hour of the UTC day).
        let mut tx = app.store.begin().await.unwrap();
        let today = tasks::create(
            &mut tx,
            &NewTask {
                kind: "follow-up-visit",
                title: "b".into(),
                args: json!({}),
                customer_id: None,
                owner_id: Some(&app.creds(Role::Agent).user_id),
                source_kind: "complaint",
                source_id: "c-1",
                due_at: fmt_ts(Utc::now() + Duration::minutes(30)),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let (_, p) = app.api(Role::Agent, "GET", "/api/v1/tasks", None).await;
        let t = p["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == today.id.as_str())
            .unwrap()
            .clone();
        assert_eq!(t["due_state"], "today");
        // The page: overdue red, today amber, with the due time.
        let page = app.page(Role::Agent, "/tasks", "en").await;
        assert_eq!(page.status, StatusCode::OK);
        let row = support::between(&page.body, &format!("data-task=\"{}\"", today.id), "</tr>");
        assert!(
            row.contains("data-due=\"today\"")
                && row.contains("stage-at-risk")
                && row.contains("Due today"),
            "{row}"
        );
        assert!(row.contains(" UTC</time>"), "{row}");
    }
    let page = app.page(Role::Agent, "/tasks", "en").await;
    let row = support::between(&page.body, &format!("data-task=\"{overdue}\""), "</tr>");
    assert!(
        row.contains("data-due=\"overdue\"")
            && row.contains("consent-refused")
            && row.contains("Overdue"),
        "{row}"
    );
    let row = support::between(&page.body, &format!("data-task=\"{later}\""), "</tr>");
    assert!(
        row.contains("data-due=\"later\"") && !row.contains("Overdue"),
        "{row}"
    );
}

async fn sorted_and_paged_by_cursor(app: TestApp) {
    let names = ["Bert", "Anna", "Carl"];
    let mut customers = Vec::new();
    for n in names {
        customers.push(customer(&app, n).await);
    }
    let kinds = ["sla-warning", "escalation", "follow-up-visit"];
    for i in 0..9_i64 {
        // Due times repeat (ties broken by id); one task without a customer.
        let cu = (i != 4).then(|| customers[(i % 3) as usize].clone());
        task(
            &app,
            kinds[(i % 3) as usize],
            &format!("t{i}"),
            json!({}),
            cu.as_deref(),
            Some(Role::Agent),
            (i % 4) * 20 - 15,
        )
        .await;
    }
    let walk = |sort: &'static str| {
        let app = &app;
        async move {
            let mut seen = Vec::new();
            let mut cursor = String::new();
            for _ in 0..10 {
                let (st, p) = app
                    .api(
                        Role::Agent,
                        "GET",
                        &format!("/api/v1/tasks?sort={sort}&limit=4&cursor={cursor}"),
                        None,
                    )
                    .await;
                assert_eq!(st, StatusCode::OK, "{p}");
                assert!(p["items"].as_array().unwrap().len() <= 4);
                seen.extend(ids(&p));
                match p["next_cursor"].as_str() {
                    Some(c) => cursor = c.to_string(),
                    None => break,
                }
            }
            seen
        }
    };
    let one_page = |sort: &'static str| {
        let app = &app;
        async move {
            let (_, p) = app
                .api(
                    Role::Agent,
                    "GET",
                    &format!("/api/v1/tasks?sort={sort}&limit=100"),
                    None,
                )
                .await;
            (ids(&p), p)
        }
    };
    for sort in [
        "due",
        "-due",
        "created",
        "-created",
        "kind",
        "-kind",
        "customer",
        "-customer",
    ] {
        let (full, p) = one_page(sort).await;
        assert_eq!(full.len(), 9, "{sort}");
        assert_eq!(
            walk(sort).await,
            full,
            "paging by cursor follows the sort {sort}"
        );
        // The order is the sort's.
        let key = |t: &Value| match sort.trim_start_matches('-') {
            "due" => t["due_at"].as_str().unwrap().to_string(),
            "created" => t["created_at"].as_str().unwrap().to_string(),
            "kind" => t["kind"].as_str().unwrap().to_string(),
            _ => t["customer_name"].as_str().unwrap_or("").to_string(),
        };
        let items = p["items"].as_array().unwrap();
        for w in items.windows(2) {
            let (a, b) = (
                (key(&w[0]), w[0]["id"].as_str().unwrap()),
                (key(&w[1]), w[1]["id"].as_str().unwrap()),
            );
            if sort.starts_with('-') {
                assert!(a > b, "{sort}: {a:?} before {b:?}");
            } else {
                assert!(a < b, "{sort}: {a:?} before {b:?}");
            }
        }
    }
    // The page's headers follow the convention and keep the filter.
    let page = app
        .page(Role::Manager, "/tasks?owner=all&sort=-customer", "en")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("href=\"/tasks?owner=all&amp;sort=customer\"")
            || page
                .body
                .contains("href=\"/tasks?owner=all&#38;sort=customer\""),
        "flips the current column: {}",
        support::between(&page.body, "<thead>", "</thead>")
    );
    assert!(
        page.body
            .contains("aria-sort=\"descending\" data-col=\"customer\"")
    );
    // The page in the default order: overdue rows first.
    let page = app.page(Role::Agent, "/tasks", "en").await;
    let i = |n: &str| page.body.find(n).unwrap();
    assert!(i("data-due=\"overdue\"") < i("data-due=\"later\""));
}

async fn completing(app: TestApp) {
    let mine = task(
        &app,
        "follow-up-visit",
        "Wrong plan",
        json!({}),
        None,
        Some(Role::Agent),
        -2,
    )
    .await;
    let managers = task(
        &app,
        "follow-up-visit",
        "Other",
        json!({}),
        None,
        Some(Role::Manager),
        -2,
    )
    .await;
    let queue = task(
        &app,
        "escalation",
        "Escalated",
        json!({"level": 1}),
        None,
        None,
        -2,
    )
    .await;

    // Another agent's or the queue's task: refused with a typed refusal, nothing changes.
    for id in [&managers, &queue] {
        let (st, p) = app
            .api(
                Role::Agent,
                "POST",
                &format!("/api/v1/tasks/{id}/done"),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{p}");
        assert_eq!(p["code"], "not-owner", "{p}");
        let r = app
            .form(
                Role::Agent,
                &format!("/tasks/{id}/done"),
                &[("back", "/tasks")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let (_, p) = app
        .api(Role::Manager, "GET", "/api/v1/tasks?owner=all", None)
        .await;
    assert_eq!(p["total"], 3, "nothing was completed");
    // Read-only roles cannot complete even their own.
    for role in [Role::Viewer, Role::Compliance] {
        let (st, _) = app
            .api(role, "POST", &format!("/api/v1/tasks/{mine}/done"), None)
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{role:?}");
    }
    // The owner completes; twice is refused.
    let (st, t) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/tasks/{mine}/done"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{t}");
    assert!(t["done_at"].is_string());
    let (st, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/tasks/{mine}/done"),
            None,
        )
        .await;
    assert_eq!(
        (st, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("already-done")),
        "{p}"
    );
    // A manager completes anyone's, through the page form (and the old address); `back` stays local.
    let r = app
        .form(
            Role::Manager,
            &format!("/tasks/{queue}/done"),
            &[("back", "//evil.example/x")],
        )
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/tasks")
    );
    let r = app
        .form(
            Role::Manager,
            &format!("/complaints/tasks/{managers}/done"),
            &[("back", "/tasks?status=done")],
        )
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/tasks?status=done")
    );
    let r = app
        .form(Role::Manager, &format!("/tasks/{managers}/done"), &[])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Unknown and hostile ids: 404, never a panic.
    for id in ["nope", "%27%20OR%201%3D1--", "%3Cscript%3E", "%F0%9F%92%A5"] {
        let (st, _) = app
            .api(
                Role::Admin,
                "POST",
                &format!("/api/v1/tasks/{id}/done"),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{id}");
    }
    // Audited, by whom.
    let f = AuditFilter {
        entity: Some("task".into()),
        entity_id: None,
        ..Default::default()
    };
    let entries = audit::list(&app.store, &f, 100, 0).await.unwrap().items;
    assert_eq!(entries.len(), 3);
    assert!(entries.iter().all(|e| e.content.action == "task.complete"));
}

async fn hostile_parameters(app: TestApp) {
    task(
        &app,
        "follow-up-visit",
        "<script>alert(1)</script>",
        json!({}),
        None,
        Some(Role::Agent),
        -1,
    )
    .await;
    let long = "x".repeat(3_000);
    let bad = [
        "'; DROP TABLE tasks; --",
        "<script>alert(1)</script>",
        "-1",
        "99999999999999999999",
        "ＭＥ",
        "💥",
        long.as_str(),
    ];
    for v in bad {
        let enc: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
        for param in ["owner", "status", "sort"] {
            let (st, p) = app
                .api(
                    Role::Manager,
                    "GET",
                    &format!("/api/v1/tasks?{param}={enc}"),
                    None,
                )
                .await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{param}={v:.40}: {p}");
            assert_eq!(p["errors"][0]["field"], param, "{p}");
            // The page is lenient: the default list, escaped.
            let page = app
                .page(Role::Agent, &format!("/tasks?{param}={enc}"), "en")
                .await;
            assert_eq!(page.status, StatusCode::OK, "{param}={v:.40}");
            assert!(!page.body.contains("<script>alert(1)"), "escaped");
        }
        // A hostile cursor matches no task: an empty page, not an error.
        let (st, p) = app
            .api(
                Role::Agent,
                "GET",
                &format!("/api/v1/tasks?cursor={enc}"),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{p}");
        assert_eq!(p["items"].as_array().unwrap().len(), 0);
        let page = app
            .page(Role::Agent, &format!("/tasks?cursor={enc}"), "zh-CN")
            .await;
        assert_eq!(page.status, StatusCode::OK);
    }
    for limit in ["-5", "0", "99999999999", "abc", "1.5"] {
        let (st, p) = app
            .api(
                Role::Agent,
                "GET",
                &format!("/api/v1/tasks?limit={limit}"),
                None,
            )
            .await;
        assert!(
            st == StatusCode::OK || st == StatusCode::BAD_REQUEST,
            "{limit}: {st} {p}"
        );
        if st == StatusCode::OK {
            assert!((1..=1000).contains(&p["limit"].as_i64().unwrap()), "{p}");
        }
    }
    // Still there.
    let (_, p) = app.api(Role::Agent, "GET", "/api/v1/tasks", None).await;
    assert_eq!(p["total"], 1);
    assert_eq!(p["items"][0]["title"], "<script>alert(1)</script>");
}

async fn pages_read_in_the_ui_language(app: TestApp) {
    let cu = customer(&app, "Jaan Tamm").await;
    // Written before typed parameters: the English prefix is part of the title.
    task(
        &app,
        "follow-up-visit",
        "Follow-up visit: Wrong plan",
        json!({}),
        Some(&cu),
        Some(Role::Agent),
        -3,
    )
    .await;
    task(
        &app,
        "offboarding-follow-up",
        "Jaan Tamm",
        json!({"days": 30}),
        Some(&cu),
        Some(Role::Agent),
        5,
    )
    .await;
    task(
        &app,
        "sla-warning",
        "Slow answer",
        json!({"target": "first-response", "percent": 75}),
        Some(&cu),
        Some(Role::Agent),
        1,
    )
    .await;
    let en = app.page(Role::Agent, "/tasks", "en").await;
    assert_eq!(en.status, StatusCode::OK);
    assert!(en.body.contains("Follow-up visit"));
    assert!(
        !en.body.contains("Follow-up visit: Follow-up visit"),
        "no doubled prefix"
    );
    assert!(
        !en.body.contains("Follow-up visit</span>: Follow-up visit"),
        "no doubled prefix"
    );
    assert!(en.body.contains("Wrong plan"));
    assert!(en.body.contains("30 days after the goodbye"));
    assert!(en.body.contains("First response, 75 %"));
    assert!(en.body.contains(&format!("href=\"/customers/{cu}\"")));
    assert!(en.body.contains("href=\"/complaints/c-1\""));
    assert!(
        !en.body.contains("data-owner=\"all\""),
        "agents see no team tabs"
    );
    let zh = app.page(Role::Agent, "/tasks", "zh-CN").await;
    assert_eq!(zh.status, StatusCode::OK);
    for slug in [
        "follow-up-visit",
        "offboarding-follow-up",
        "sla-warning",
        "Follow-up visit",
    ] {
        assert!(
            !zh.body.contains(&format!(">{slug}")) && !zh.body.contains(&format!("{slug}<")),
            "{slug} shown raw"
        );
    }
    assert!(
        zh.body.contains("回访") && zh.body.contains("已逾期"),
        "translated"
    );
    // Managers see the team tabs; the nav has the Tasks entry and, for admins, messaging.
    let m = app.page(Role::Manager, "/tasks", "en").await;
    assert!(m.body.contains("data-owner=\"none\"") && m.body.contains("data-owner=\"all\""));
    assert!(m.body.contains("href=\"/tasks\" aria-current=\"page\""));
    assert!(!m.body.contains("href=\"/settings/messaging\""));
    let a = app.page(Role::Admin, "/tasks", "en").await;
    assert!(a.body.contains("href=\"/settings/messaging\""));
    for role in [Role::Viewer, Role::Compliance] {
        let p = app.page(role, "/tasks", "et").await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.body.contains("Ülesanded"));
        assert!(
            !p.body.contains("action=\"/tasks/"),
            "no done button for read-only roles"
        );
    }
}

fn badge(body: &str, id: &str) -> String {
    let tag = support::between(body, &format!("id=\"{id}\""), "</span></span>");
    support::between(
        &format!("{tag}</span>"),
        "<span aria-hidden=\"true\">",
        "</span>",
    )
}

async fn nav_counts_per_role(app: TestApp) {
    let cu = customer(&app, "Counted Customer").await;
    let body = json!({"customer_id": cu, "category": "billing", "severity": "high", "description": "Charged twice"});
    let agent_id = app.creds(Role::Agent).user_id.clone();
    let mut complaint = String::new();
    for _ in 0..2 {
        let (st, c) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/complaints",
                Some(body.clone()),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{c}");
        complaint = c["id"].as_str().unwrap().to_string();
        let (st, _) = app
            .api(
                Role::Agent,
                "PUT",
                &format!("/api/v1/complaints/{complaint}/owner"),
                Some(json!({"owner_id": agent_id})),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
    }
    let due = task(
        &app,
        "follow-up-visit",
        "a",
        json!({}),
        None,
        Some(Role::Agent),
        -5,
    )
    .await;
    task(
        &app,
        "follow-up-visit",
        "b",
        json!({}),
        None,
        Some(Role::Agent),
        -50,
    )
    .await;
    task(
        &app,
        "follow-up-visit",
        "c",
        json!({}),
        None,
        Some(Role::Agent),
        60,
    )
    .await;
    task(&app, "follow-up-visit", "d", json!({}), None, None, -5).await;
    // A compensation waiting for approval.
    let (st, e) = app
        .api(Role::Agent, "POST", "/api/v1/compensation", Some(json!({"customer_id": cu, "kind": "refund", "amount": "300", "currency": "EUR", "reason": "double charge", "source_id": complaint})))
        .await;
    assert_eq!(
        (st, e["approval"].as_str()),
        (StatusCode::CREATED, Some("pending")),
        "{e}"
    );

    let agent = app.page(Role::Agent, "/nav/counts", "en").await;
    assert_eq!(agent.status, StatusCode::OK);
    assert_eq!(badge(&agent.body, "nav-count-complaints"), "2");
    assert_eq!(
        badge(&agent.body, "nav-count-tasks"),
        "2",
        "overdue and due today; not later, not the queue"
    );
    assert!(agent.body.contains("2 tasks due today or overdue"));
    assert!(
        !agent.body.contains("/complaints#pending-approvals"),
        "approvals are for managers"
    );
    let manager = app.page(Role::Manager, "/nav/counts", "zh-CN").await;
    assert!(
        manager
            .body
            .contains("id=\"nav-count-tasks\" class=\"nav-count\" hx-swap-oob=\"true\" hidden")
    );
    assert!(
        manager.body.contains("/complaints#pending-approvals") && manager.body.contains("待审批")
    );
    assert_eq!(badge(&manager.body, "nav-approvals"), "1");
    for role in [Role::Viewer, Role::Compliance] {
        let r = app.page(role, "/nav/counts", "et").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            !r.body.contains("aria-hidden"),
            "{role:?}: nothing to count"
        );
    }
    // Marking one done lowers the count; an approval lowers the managers'.
    let (st, _) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/tasks/{due}/done"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let agent = app.page(Role::Agent, "/nav/counts", "en").await;
    assert_eq!(badge(&agent.body, "nav-count-tasks"), "1");
    let (st, _) = app
        .api(
            Role::Manager,
            "POST",
            &format!("/api/v1/compensation/{}/approve", e["id"].as_str().unwrap()),
            Some(json!({})),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let manager = app.page(Role::Manager, "/nav/counts", "en").await;
    assert!(!manager.body.contains("/complaints#pending-approvals"));
    // Signed out: no counts.
    let r = app
        .fetch(support::page_request(None, "/nav/counts", "en"))
        .await;
    assert_ne!(r.status, StatusCode::OK);
    // Every page asks for them without JS being needed for the page itself.
    let page = app.page(Role::Agent, "/customers", "en").await;
    assert!(page.body.contains("hx-get=\"/nav/counts\""));
}

async fn task_lines_on_the_customer_and_complaint_pages(app: TestApp) {
    let cu = customer(&app, "Linda Lind").await;
    let (st, c) = app
        .api(Role::Agent, "POST", "/api/v1/complaints", Some(json!({"customer_id": cu, "category": "billing", "severity": "high", "description": "Charged twice"})))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    let complaint = c["id"].as_str().unwrap().to_string();
    let owner_id = app.creds(Role::Agent).user_id.clone();
    let mut tx = app.store.begin().await.unwrap();
    let t = tasks::create(
        &mut tx,
        &NewTask {
            kind: "follow-up-visit",
            title: "Follow-up visit: Charged twice".into(),
            args: json!({}),
            customer_id: Some(&cu),
            owner_id: Some(&owner_id),
            source_kind: "complaint",
            source_id: &complaint,
            due_at: fmt_ts(Utc::now() - Duration::hours(2)),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // The customer page lists the open task, translated, with its done form coming back.
    let page = app
        .page(Role::Agent, &format!("/customers/{cu}"), "et")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let tasks = support::between(&page.body, "id=\"tasks\"", "</section>");
    assert!(
        tasks.contains("Järelkülastus") && tasks.contains("Hilinenud"),
        "{tasks}"
    );
    assert!(
        tasks.contains(&format!("href=\"/complaints/{complaint}\"")),
        "{tasks}"
    );
    assert!(!tasks.contains("Follow-up visit"), "{tasks}");
    assert!(tasks.contains(&format!("action=\"/tasks/{}/done\"", t.id)));
    let viewer = app
        .page(Role::Viewer, &format!("/customers/{cu}"), "en")
        .await;
    assert!(
        !viewer
            .body
            .contains(&format!("action=\"/tasks/{}/done\"", t.id))
    );
    // The complaint page: the kind once, the due badge, the form at the new address.
    let page = app
        .page(Role::Agent, &format!("/complaints/{complaint}"), "en")
        .await;
    let tasks = support::between(&page.body, "id=\"tasks\"", "</section>");
    assert!(
        tasks.contains("Follow-up visit") && tasks.contains("Overdue"),
        "{tasks}"
    );
    assert!(
        !tasks.contains("Follow-up visit: Follow-up visit") && !tasks.contains("follow-up-visit"),
        "{tasks}"
    );
    assert!(
        tasks.contains(&format!("action=\"/tasks/{}/done\"", t.id)),
        "{tasks}"
    );
    let r = app
        .form(
            Role::Agent,
            &format!("/tasks/{}/done", t.id),
            &[("back", &format!("/customers/{cu}#tasks"))],
        )
        .await;
    assert_eq!(
        (r.status, r.location),
        (StatusCode::SEE_OTHER, format!("/customers/{cu}#tasks"))
    );
    let page = app
        .page(Role::Agent, &format!("/customers/{cu}"), "en")
        .await;
    assert!(
        !page.body.contains("id=\"tasks\""),
        "done tasks leave the customer page"
    );
}

engines!(TestApp:
    task_lines_on_the_customer_and_complaint_pages,
    mine_queue_and_all,
    due_classification,
    sorted_and_paged_by_cursor,
    completing,
    hostile_parameters,
    pages_read_in_the_ui_language,
    nav_counts_per_role,
);
