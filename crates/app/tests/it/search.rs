//! Customer search through the API and the `/customers` page, on both engines: the best match
//! first, Chinese and Estonian queries, and a count past 1,000 reported as "1,000+" (API flag
//! `total_capped`; the page in en, et and zh-CN).

use crate::support::TestApp;
use carewell_domain::import::{ImportKind, ImportRow, parse_row};
use carewell_domain::role::Role;
use carewell_store::Actor;
use serde_json::json;

engines!(TestApp: api_ranks_and_finds, count_past_the_cap);

async fn create(app: &TestApp, body: serde_json::Value) {
    let (st, b) = app
        .api(Role::Agent, "POST", "/api/v1/customers", Some(body))
        .await;
    assert_eq!(st.as_u16(), 201, "{b}");
}

async fn names(app: &TestApp, q: &str) -> Vec<String> {
    let path = format!("/api/v1/customers?q={}", urlencoding(q));
    let (st, b) = app.api(Role::Viewer, "GET", &path, None).await;
    assert_eq!(st.as_u16(), 200, "{b}");
    assert_eq!(b["total_capped"], false);
    b["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn api_ranks_and_finds(app: TestApp) {
    create(&app, json!({"name": "Mari Tammsaare"})).await;
    create(&app, json!({"name": "Tamm"})).await;
    create(&app, json!({"name": "Zed", "email": "tamm@example.com"})).await;
    create(&app, json!({"name": "王小明"})).await;
    create(&app, json!({"name": "Õie Õunapuu", "tags": ["vip"]})).await;
    assert_eq!(
        names(&app, "tamm@example.com").await,
        ["Zed"],
        "exact e-mail"
    );
    assert_eq!(
        names(&app, "Tamm").await,
        ["Tamm", "Mari Tammsaare", "Zed"],
        "exact name, then word starts by name"
    );
    assert_eq!(names(&app, "小明").await, ["王小明"]);
    assert_eq!(names(&app, "ÕUNA").await, ["Õie Õunapuu"]);
    assert_eq!(names(&app, "ounapuu").await, ["Õie Õunapuu"]);
    assert_eq!(names(&app, "vip").await, ["Õie Õunapuu"]);
    assert!(names(&app, "NEAR(\"x\" OR *").await.is_empty());
    // The page shows the same order.
    let page = app.page(Role::Viewer, "/customers?q=Tamm", "en").await;
    let first = page.body.find(">Tamm</a>").unwrap();
    let second = page.body.find(">Mari Tammsaare</a>").unwrap();
    assert!(first < second);
}

async fn count_past_the_cap(app: TestApp) {
    let header = ["external_ref", "name"];
    let mut errs = Vec::new();
    let rows: Vec<(u64, ImportRow)> = (0..1001u64)
        .map(|i| {
            let (r, n) = (format!("R{i}"), format!("Kask {i:04}"));
            let row = parse_row(
                ImportKind::Customers,
                &header,
                &[r.as_str(), n.as_str()],
                i + 2,
                &mut errs,
            )
            .unwrap();
            (i + 2, row)
        })
        .collect();
    let mut imp = app
        .store
        .begin_import(ImportKind::Customers, 0)
        .await
        .unwrap();
    for chunk in rows.chunks(500) {
        imp.write(chunk).await.unwrap();
    }
    imp.finish(&Actor::cli(), "k.csv").await.unwrap().unwrap();
    let (_, b) = app
        .api(
            Role::Viewer,
            "GET",
            "/api/v1/customers?q=kask&limit=5",
            None,
        )
        .await;
    assert_eq!(
        (b["total"].clone(), b["total_capped"].clone()),
        (json!(1000), json!(true))
    );
    assert_eq!(b["items"][0]["name"], "Kask 0000");
    for (lang, said) in [
        ("en", "1,000+ customers"),
        ("et", "1000+ klienti"),
        ("zh-CN", "超过 1,000 位客户"),
    ] {
        let page = app.page(Role::Viewer, "/customers?q=kask", lang).await;
        assert!(page.body.contains(said), "{lang}: {}", page.body);
    }
    // Narrowed below the cap, the count is exact again.
    let (_, b) = app
        .api(Role::Viewer, "GET", "/api/v1/customers?q=kask%20099", None)
        .await;
    assert_eq!(
        (b["total"].clone(), b["total_capped"].clone()),
        (json!(10), json!(false))
    );
}
