//! Client fit (issue 14): the decision select starts on an empty "Choose…" and an empty
//! decision is refused beside the field with nothing recorded; the minimum tenure is a setting
//! on the settings page (hostile values refused, nothing changed); a customer created today is
//! "not enough data" on the review.

use crate::support::TestApp;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use serde_json::json;

async fn decision_and_min_tenure(app: TestApp) {
    let (s, cu) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Fresh Fiona", "language": "en"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{cu}");
    let id = cu["id"].as_str().unwrap().to_string();
    let review = format!("/client-fit/{id}");

    let p = app.page(Role::Manager, &review, "en").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.body
            .contains(r#"<option value="" selected>Choose…</option>"#),
        "empty first"
    );
    assert!(!p.body.contains(r#"<option value="part-ways" selected"#));
    assert!(p.body.contains(r#"id="not-enough-data""#), "created today");

    let r = app
        .form(
            Role::Manager,
            &format!("{review}/decision"),
            &[("decision", ""), ("note", "Because")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains(r#"<p class="field-error" id="decision-error">Choose a decision first.</p>"#)
    );
    assert!(r.body.contains(r#"aria-describedby="decision-error""#));
    let (_, rev) = app
        .api(
            Role::Manager,
            "GET",
            &format!("/api/v1/client-fit/{id}"),
            None,
        )
        .await;
    assert!(
        rev["decisions"].as_array().is_none_or(|d| d.is_empty()),
        "nothing recorded: {rev}"
    );
    let r = app
        .form(
            Role::Viewer,
            &format!("{review}/decision"),
            &[("decision", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The minimum tenure on the settings page.
    let page = app.page(Role::Manager, "/client-fit/settings", "et").await;
    assert!(
        page.body
            .contains(r#"name="min_tenure_days" id="min-tenure""#)
    );
    assert!(page.body.contains(r#"value="90""#));
    let form = |v: &'static str| {
        vec![
            ("minutes_per_interaction", "20"),
            ("minutes_per_complaint", "90"),
            ("min_tenure_days", v),
        ]
    };
    for bad in [
        "-1",
        "3651",
        "99999999999999999999999",
        "ten",
        "<script>x</script>",
        "9 0",
    ] {
        let r = app
            .form(Role::Manager, "/client-fit/settings", &form(bad))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(!r.body.contains("<script>x</script>"), "escaped");
    }
    let (_, set) = app
        .api(Role::Manager, "GET", "/api/v1/client-fit/settings", None)
        .await;
    assert_eq!(set["min_tenure_days"], 90, "unchanged");
    let r = app
        .form(Role::Manager, "/client-fit/settings", &form("0"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (_, set) = app
        .api(Role::Manager, "GET", "/api/v1/client-fit/settings", None)
        .await;
    assert_eq!(set["min_tenure_days"], 0);
    let r = app
        .form(Role::Agent, "/client-fit/settings", &form("30"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

async fn list_sorts_by_its_columns(app: TestApp) {
    for name in ["Ülle Aas", "Mart Mets", "Anu Kask"] {
        let (st, b) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/customers",
                Some(json!({"name": name, "language": "et"})),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{b}");
    }
    let names = |b: &serde_json::Value| -> Vec<String> {
        b["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (st, asc) = app
        .api(
            Role::Viewer,
            "GET",
            "/api/v1/client-fit?sort=customer",
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{asc}");
    let (_, desc) = app
        .api(
            Role::Viewer,
            "GET",
            "/api/v1/client-fit?sort=-customer&limit=1",
            None,
        )
        .await;
    let mut reversed = names(&asc);
    reversed.reverse();
    assert_eq!(names(&desc), reversed[..1].to_vec(), "{desc}");
    // The cursor follows the sort: the next page starts after the first row in that order.
    let next = desc["next_cursor"].as_str().unwrap().to_string();
    let (_, second) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/client-fit?sort=-customer&limit=1&cursor={next}"),
            None,
        )
        .await;
    assert_eq!(names(&second), reversed[1..2].to_vec(), "{second}");
    for bad in ["bogus", "--customer", "name;DROP TABLE customers", "<b>"] {
        let (st, b) = app
            .api(
                Role::Viewer,
                "GET",
                &format!("/api/v1/client-fit?sort={}", urlencode(bad)),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {b}");
        assert_eq!(b["errors"][0]["field"], "sort", "{b}");
    }
    // The page: sortable headers, a bad sort is the ranking, the order shows.
    let page = app
        .page(Role::Viewer, "/client-fit?sort=-customer", "et")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(r#"aria-sort="descending" data-col="customer""#),
        "{}",
        page.body
    );
    let (u, m) = (
        page.body.find("Ülle Aas").unwrap(),
        page.body.find("Mart Mets").unwrap(),
    );
    assert!(
        u < m,
        "Ü after M in the Estonian alphabet? the store sorts by code point: Ü last, so first descending"
    );
    let bad = app
        .page(Role::Viewer, "/client-fit?sort=%3Cscript%3E", "en")
        .await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(
        bad.body
            .contains(r#"aria-sort="ascending" data-col="rank""#)
    );
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

engines!(TestApp: decision_and_min_tenure, list_sorts_by_its_columns);
