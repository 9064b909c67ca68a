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

engines!(TestApp: decision_and_min_tenure);
