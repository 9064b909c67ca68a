//! The audit page and API (issue 14): actions and entity types as translated words (never the
//! raw code), entity links, the entity-type select (and the API filter), the chain verdict
//! shown once, newest/oldest first with keyset paging that follows the sort, hostile input,
//! and who may read it.

use crate::support::TestApp;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use serde_json::json;

/// Every `seq` of the log through the API, page by page (`limit` 3), in `sort` order.
async fn walk(app: &TestApp, sort: &str, entity: &str) -> Vec<i64> {
    let mut seqs = Vec::new();
    let mut cursor: Option<i64> = None;
    for _ in 0..200 {
        let mut path = format!("/api/v1/audit?limit=3&sort={sort}&entity={entity}");
        if let Some(c) = cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let (s, p) = app.api(Role::Compliance, "GET", &path, None).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        for i in p["items"].as_array().unwrap() {
            seqs.push(i["seq"].as_i64().unwrap());
        }
        match p["next_cursor"].as_i64() {
            Some(c) => cursor = Some(c),
            None => return seqs,
        }
    }
    panic!("the walk does not end");
}

async fn audit_reads_as_words(app: TestApp) {
    let (s, cu) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Audit Aino", "language": "et"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{cu}");
    let cu = cu["id"].as_str().unwrap().to_string();
    let (s, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/complaints",
            Some(
                json!({"customer_id": cu, "category": "billing", "severity": "high",
                "description": "Charged twice"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let cid = c["id"].as_str().unwrap().to_string();
    let (s, _) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/complaints/{cid}/transitions"),
            Some(json!({"action": "acknowledge"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);

    // Words, links, one verdict.
    let p = app.page(Role::Admin, "/audit", "en").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("Customer created"), "{}", p.body);
    assert!(p.body.contains("Complaint acknowledged"));
    assert!(
        !p.body.contains(">complaint.acknowledge<"),
        "no raw code shown"
    );
    assert!(!p.body.contains("<code>complaint.create</code>"));
    assert!(p.body.contains(&format!(r#"href="/customers/{cu}""#)));
    assert!(p.body.contains(&format!(r#"href="/complaints/{cid}""#)));
    assert_eq!(p.body.matches(r#"class="verdict "#).count(), 1);
    assert!(
        p.body
            .contains(r#"<select name="entity" id="audit-entity">"#)
    );
    assert!(
        p.body
            .contains(r#"<option value="offboarding_case">Offboarding case</option>"#)
    );
    let et = app.page(Role::Compliance, "/audit", "et").await;
    assert!(et.body.contains("Klient loodud"), "Estonian");
    let zh = app.page(Role::Compliance, "/audit", "zh-CN").await;
    assert!(zh.body.contains("客户已创建"), "Chinese");

    // The explicit check replaces the standing verdict: one banner, not two.
    let v = app.page(Role::Admin, "/audit/verify", "en").await;
    assert_eq!(v.status, StatusCode::OK);
    assert!(v.body.contains(r#"id="verify-result""#));
    assert!(!v.body.contains(r#"id="verdict""#), "verdict shown once");

    // The type filter, on the page and the API.
    let f = app.page(Role::Admin, "/audit?entity=complaint", "en").await;
    assert!(f.body.contains("Complaint acknowledged"));
    assert!(!f.body.contains("Customer created"));
    assert!(f.body.contains(r#"<option value="complaint" selected>"#));
    let (s, p) = app
        .api(
            Role::Compliance,
            "GET",
            "/api/v1/audit?entity=customer",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        p["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["entity"] == "customer")
    );

    // Newest first by default, oldest first on request; the header flips the direction.
    let seq_of = |body: &str| -> Vec<i64> {
        body.split(r#"<td class="num">"#)
            .skip(1)
            .filter_map(|s| s.split('<').next()?.trim().parse().ok())
            .collect()
    };
    let newest = seq_of(&app.page(Role::Admin, "/audit", "en").await.body);
    assert!(newest.windows(2).all(|w| w[0] > w[1]), "{newest:?}");
    let oldest_page = app.page(Role::Admin, "/audit?sort=seq", "en").await;
    let oldest = seq_of(&oldest_page.body);
    assert!(oldest.windows(2).all(|w| w[0] < w[1]), "{oldest:?}");
    assert_eq!(oldest.first(), Some(&1));
    assert!(oldest_page.body.contains(r#"aria-sort="ascending""#));
    assert!(oldest_page.body.contains(r#"href="/audit?sort=-seq""#));

    // Keyset paging follows the sort: both walks see every entry once, in order.
    let down = walk(&app, "-seq", "").await;
    let mut up = walk(&app, "seq", "").await;
    assert!(down.len() >= 4, "{down:?}");
    assert!(up.windows(2).all(|w| w[0] < w[1]), "{up:?}");
    up.reverse();
    assert_eq!(up, down);
    let only = walk(&app, "seq", "complaint").await;
    assert!(only.len() >= 2 && only.windows(2).all(|w| w[0] < w[1]));

    // Hostile input: nothing breaks, nothing is echoed raw.
    for q in [
        "sort=seq;DROP%20TABLE%20audit_log",
        "sort=-name",
        "before=-1",
        "before=99999999999999999999999",
        "after=%27%20OR%201=1%20--&sort=seq",
        "entity=%3Cscript%3Ealert(1)%3C/script%3E",
        "entity_id=%F0%9F%92%A5%E4%BD%A0",
        "entity=customer&entity_id=x%27%20OR%20%271%27=%271",
    ] {
        let r = app.page(Role::Admin, &format!("/audit?{q}"), "en").await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
        assert!(!r.body.contains("<script>alert(1)"), "{q}");
    }
    // A NUL byte is refused at the edge, readably (not a crash).
    let r = app.page(Role::Admin, "/audit?sort=%00", "en").await;
    assert!(r.status.is_client_error(), "{}", r.status);
    for q in ["sort=zzz", "cursor=-5", "cursor=0&sort=seq", "entity=%27"] {
        let (s, _) = app
            .api(Role::Admin, "GET", &format!("/api/v1/audit?{q}"), None)
            .await;
        assert_eq!(s, StatusCode::OK, "{q}");
    }
    let (s, _) = app
        .api(Role::Admin, "GET", "/api/v1/audit?cursor=abc", None)
        .await;
    assert!(s.is_client_error(), "a cursor that is not a number: {s}");

    // Only admins and compliance read the log.
    for role in [Role::Viewer, Role::Agent, Role::Manager] {
        assert_eq!(
            app.page(role, "/audit", "en").await.status,
            StatusCode::FORBIDDEN,
            "{role:?}"
        );
        assert_eq!(
            app.api(role, "GET", "/api/v1/audit?sort=seq", None).await.0,
            StatusCode::FORBIDDEN,
            "{role:?}"
        );
    }
}

engines!(TestApp: audit_reads_as_words);
