//! Lists paged by cursor (issue 13): the complaint list and the audit log walk every row once
//! by following `next_cursor`, deep pages cost what the first does, and the counts stop at
//! their cap.

use crate::support::TestApp;
use carewell_domain::complaint::ComplaintInput;
use carewell_domain::customer::CustomerInput;
use carewell_domain::role::Role;
use carewell_store::Actor;
use std::collections::HashSet;

async fn complaints_and_audit_by_cursor(app: TestApp) {
    let pairs = [("name", "Mari Tamm"), ("language", "et")];
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap();
    let cu = app
        .store
        .create_customer(&Actor::cli(), &input, None)
        .await
        .unwrap()
        .id;
    let mut made = HashSet::new();
    for i in 0..7 {
        let c = ComplaintInput::parse(
            &cu,
            "email",
            "service",
            "low",
            None,
            &format!("S{i}"),
            vec![],
        )
        .unwrap();
        let c = app
            .store
            .create_complaint_received(&Actor::cli(), &c, None, None)
            .await
            .unwrap();
        made.insert(c.id);
    }
    // Complaints: 3 a page, every one once, newest first, then the end.
    let mut seen = Vec::new();
    let mut path = "/api/v1/complaints?status=&limit=3".to_string();
    loop {
        let (s, page) = app.api(Role::Viewer, "GET", &path, None).await;
        assert!(s.is_success(), "{page}");
        assert_eq!(
            (page["total"].as_i64(), page["total_capped"].as_bool()),
            (Some(7), Some(false))
        );
        for c in page["items"].as_array().unwrap() {
            seen.push((
                c["created_at"].as_str().unwrap().to_string(),
                c["id"].as_str().unwrap().to_string(),
            ));
        }
        match page["next_cursor"].as_str() {
            Some(n) => path = format!("/api/v1/complaints?status=&limit=3&cursor={n}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7);
    assert_eq!(
        seen.iter().map(|s| s.1.clone()).collect::<HashSet<_>>(),
        made
    );
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first");
    // The page's "next" link carries the cursor; the first page link comes back.
    let first = app
        .page(Role::Viewer, "/complaints?status=", "en")
        .await
        .body;
    assert!(first.contains("7 complaints"), "{first}");
    let page = app
        .page(
            Role::Viewer,
            &format!("/complaints?status=&cursor={}", seen[2].1),
            "en",
        )
        .await
        .body;
    assert!(
        page.contains("First page") && page.contains(&seen[3].1),
        "{page}"
    );
    assert!(!page.contains(&format!("/complaints/{}\"", seen[0].1)));

    // The audit log: older entries after the cursor, no entry twice.
    let (_, p1) = app
        .api(Role::Admin, "GET", "/api/v1/audit?limit=4", None)
        .await;
    let cursor = p1["next_cursor"].as_i64().unwrap();
    let (_, p2) = app
        .api(
            Role::Admin,
            "GET",
            &format!("/api/v1/audit?limit=4&cursor={cursor}"),
            None,
        )
        .await;
    let seqs = |p: &serde_json::Value| -> Vec<i64> {
        p["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect()
    };
    let (a, b) = (seqs(&p1), seqs(&p2));
    assert_eq!(a.len(), 4);
    assert_eq!(*a.last().unwrap(), cursor);
    assert!(b.iter().all(|s| *s < cursor), "{a:?} {b:?}");
    let page = app
        .page(Role::Admin, &format!("/audit?before={cursor}"), "en")
        .await
        .body;
    assert!(page.contains("First page"), "{page}");
    // A cursor that is not a number is the first page, not an error.
    let page = app.page(Role::Admin, "/audit?before=x%27", "en").await;
    assert!(page.status.is_success());
}

engines!(TestApp: complaints_and_audit_by_cursor);
