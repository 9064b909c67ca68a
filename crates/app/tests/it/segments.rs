//! Segments through the HTTP surface on SQLite and PostgreSQL: the API's shapes (create → id and
//! count, list, one, PATCH, PUT, DELETE, members paged), 422s naming the field, roles (agents
//! read but cannot change: 403), the audit entries, the customer list and export with
//! `?segment_id=` and the new filters, and the pages (list, segment, form with preview and
//! errors beside the fields, live count).

use crate::support;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use carewell_store::audit::{self, AuditFilter};
use serde_json::{Value, json};
use support::TestApp;

async fn customer(app: &TestApp, body: Value) -> String {
    let (st, c) = app
        .api(Role::Admin, "POST", "/api/v1/customers", Some(body))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    c["id"].as_str().unwrap().to_string()
}

async fn three(app: &TestApp) {
    customer(
        app,
        json!({"name": "Anu Tamm", "country": "EE", "language": "et", "stage": "onboarding",
               "tags": ["vip"], "attributes": {"plan": "pro"}, "consent": {"email": true}}),
    )
    .await;
    customer(
        app,
        json!({"name": "Bo Li", "country": "CN", "language": "zh-CN", "tags": ["b2b"]}),
    )
    .await;
    customer(app, json!({"name": "Cara Doyle", "country": "IE"})).await;
}

fn names(page: &Value) -> Vec<String> {
    let mut n: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    n.sort();
    n
}

async fn api_shapes_roles_and_audit(app: TestApp) {
    three(&app).await;
    let body = json!({"name": "Estonia and China", "description": "Two markets",
                      "filter": {"country": "EE", "tags": null}});
    // Agents and viewers read but cannot change.
    for role in [Role::Agent, Role::Viewer] {
        let (st, _) = app
            .api(role, "POST", "/api/v1/segments", Some(body.clone()))
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN);
    }
    let (st, seg) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/segments",
            Some(body.clone()),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{seg}");
    let id = seg["id"].as_str().unwrap().to_string();
    assert_eq!(seg["count"], 1);
    assert_eq!(seg["count_capped"], false);
    assert_eq!(seg["filter"], json!({"country": "EE"}));
    assert_eq!(seg["name"], "Estonia and China");
    assert_eq!(seg["created_by"], app.creds(Role::Manager).user_id.as_str());

    // The same name again: 409.
    let (st, _) = app
        .api(Role::Admin, "POST", "/api/v1/segments", Some(body))
        .await;
    assert_eq!(st, StatusCode::CONFLICT);

    let (st, list) = app.api(Role::Agent, "GET", "/api/v1/segments", None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(list["items"][0]["id"], id.as_str());
    assert_eq!(list["items"][0]["count"], 1);

    let (st, _) = app
        .api(
            Role::Agent,
            "PATCH",
            &format!("/api/v1/segments/{id}"),
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, seg) = app
        .api(
            Role::Admin,
            "PATCH",
            &format!("/api/v1/segments/{id}"),
            Some(json!({"filter": {"tags": ["vip", "b2b"]}})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{seg}");
    assert_eq!(seg["count"], 2);
    assert_eq!(seg["name"], "Estonia and China");
    assert_eq!(seg["updated_by"], app.creds(Role::Admin).user_id.as_str());

    let (st, members) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/segments/{id}/customers?limit=1"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(members["items"].as_array().unwrap().len(), 1);
    assert_eq!(members["total"], 2);
    let cursor = members["next_cursor"].as_str().unwrap().to_string();
    let (_, rest) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/segments/{id}/customers?limit=1&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert!(rest["next_cursor"].is_null());

    // The customer list applies it, and narrows it further.
    let (_, page) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/customers?segment_id={id}"),
            None,
        )
        .await;
    assert_eq!(names(&page), ["Anu Tamm", "Bo Li"]);
    let (_, page) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/customers?segment_id={id}&language=zh-CN"),
            None,
        )
        .await;
    assert_eq!(names(&page), ["Bo Li"]);

    // The export too.
    let r = app
        .page(
            Role::Agent,
            &format!("/api/v1/exports/customers?segment_id={id}"),
            "en",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Anu Tamm") && r.body.contains("Bo Li"));
    assert!(!r.body.contains("Cara Doyle"));

    let (st, seg) = app
        .api(
            Role::Manager,
            "PUT",
            &format!("/api/v1/segments/{id}"),
            Some(json!({"name": "Ireland", "filter": {"country": "IE"}})),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(seg["count"], 1);
    assert_eq!(seg["description"], "");

    let (st, _) = app
        .api(
            Role::Manager,
            "DELETE",
            &format!("/api/v1/segments/{id}"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, p) = app
        .api(Role::Agent, "GET", &format!("/api/v1/segments/{id}"), None)
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND, "{p}");
    let (st, _) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/customers?segment_id={id}"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    let entries = audit::list(
        &app.store,
        &AuditFilter {
            entity: Some("segment".into()),
            ..Default::default()
        },
        100,
        0,
    )
    .await
    .unwrap()
    .items;
    let mut actions: Vec<String> = entries.iter().map(|e| e.content.action.clone()).collect();
    actions.sort();
    assert_eq!(
        actions,
        [
            "segment.create",
            "segment.delete",
            "segment.update",
            "segment.update"
        ]
    );
}

async fn bad_filters_are_422_naming_the_field(app: TestApp) {
    for (filter, field) in [
        (json!({"colour": "red"}), "filter.colour"),
        (json!({"stage": "asleep"}), "filter.stage"),
        (json!({"country": "Estonia"}), "filter.country"),
        (json!({"tags": "vip"}), ""),
        (json!({"tags": [1]}), "filter.tags"),
        (json!({"created_from": "yesterday"}), "filter.created_from"),
        (json!({"consent": "pigeon"}), "filter.consent"),
        (json!({"owner": "them"}), "filter.owner"),
        (json!({"health_band": "amber"}), "filter.health_band"),
        (json!({"attributes": {"plan": 3}}), "filter.attributes"),
        (json!(["country"]), "filter"),
    ] {
        let (st, p) = app
            .api(
                Role::Manager,
                "POST",
                "/api/v1/segments",
                Some(json!({"name": "S", "filter": filter})),
            )
            .await;
        if field.is_empty() {
            // A plain string is one tag: fine.
            assert_eq!(st, StatusCode::CREATED, "{p}");
            continue;
        }
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{filter}: {p}");
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
    let (st, p) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/segments",
            Some(json!({"name": " ", "filter": {}})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "name");
    let (st, p) = app
        .api(
            Role::Agent,
            "GET",
            "/api/v1/customers?last_contact_to=soon",
            None,
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "last_contact_to");
}

async fn customer_list_filters(app: TestApp) {
    three(&app).await;
    for (query, want) in [
        ("country=ee", vec!["Anu Tamm"]),
        ("language=zh-CN", vec!["Bo Li"]),
        ("tags=vip,b2b", vec!["Anu Tamm", "Bo Li"]),
        ("consent=email", vec!["Anu Tamm"]),
        ("attributes=plan%3Dpro", vec!["Anu Tamm"]),
        ("created_from=0d", vec!["Anu Tamm", "Bo Li", "Cara Doyle"]),
        ("last_contact_from=2000-01-01", vec![]),
        (
            "last_contact_to=1d",
            vec!["Anu Tamm", "Bo Li", "Cara Doyle"],
        ),
    ] {
        let (st, page) = app
            .api(
                Role::Agent,
                "GET",
                &format!("/api/v1/customers?{query}"),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{query}: {page}");
        assert_eq!(names(&page), want, "{query}");
    }
    let r = app
        .page(Role::Agent, "/customers?country=EE&tags=vip", "en")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Anu Tamm") && !r.body.contains("Bo Li"));
    assert!(
        r.body
            .contains("<details class=\"more-filters grow\" open>")
    );
}

async fn pages(app: TestApp) {
    three(&app).await;
    // Agents see the list but not the form.
    let r = app.page(Role::Agent, "/segments", "en").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("No segments yet"));
    assert!(!r.body.contains("/segments/new"));
    assert_eq!(
        app.page(Role::Agent, "/segments/new", "en").await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.page(Role::Manager, "/segments/new", "en").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("hx-get=\"/segments/count\""));

    // Preview: the count, nothing saved.
    let r = app
        .form(
            Role::Manager,
            "/segments",
            &[("name", "Estonia"), ("country", "EE"), ("preview", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("<strong id=\"live-count\">1 customer</strong>"),
        "{}",
        r.body
    );
    // Errors beside the fields.
    let r = app
        .form(
            Role::Manager,
            "/segments",
            &[
                ("name", ""),
                ("created_to", "soon"),
                ("health_band", "amber"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-name\""));
    assert!(r.body.contains("id=\"e-created_to\""));
    assert!(r.body.contains("id=\"e-health_band\""));
    // The health band: a choice on the form, a condition in words on the segment.
    let r = app
        .form(
            Role::Manager,
            "/segments",
            &[("name", "Red health"), ("health_band", "red")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let red = r.location.clone();
    let r = app.page(Role::Agent, &red, "et").await;
    assert!(
        r.body.contains("data-key=\"health_band\">Punane</dd>"),
        "{}",
        r.body
    );
    let r = app.page(Role::Manager, &format!("{red}/edit"), "en").await;
    assert!(
        r.body
            .contains("<option value=\"red\" selected>Red</option>"),
        "{}",
        r.body
    );
    // Saved, with "me" as the saver.
    let r = app
        .form(
            Role::Manager,
            "/segments",
            &[
                ("name", "Estonia"),
                ("description", "Onboarding here"),
                ("country", "EE"),
                ("stage", "onboarding"),
                ("owner", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let path = r.location.clone();
    let r = app.page(Role::Agent, &path, "en").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Anu Tamm") && !r.body.contains("Bo Li"));
    assert!(r.body.contains("Onboarding here"));
    assert!(r.body.contains("data-key=\"country\">EE</dd>"));
    let r = app.page(Role::Agent, "/segments", "et").await;
    assert!(
        r.body.contains("Estonia") && r.body.contains("1 klient"),
        "{}",
        r.body
    );
    // Live count.
    let r = app
        .page(
            Role::Agent,
            "/segments/count?country=CN&name=x&csrf=y",
            "en",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "1 customer");
    let r = app
        .page(Role::Agent, "/segments/count?country=China", "en")
        .await;
    assert!(r.body.contains("Country"), "{}", r.body);
    // Edit and delete.
    let id = path.trim_start_matches("/segments/").to_string();
    let r = app
        .page(Role::Manager, &format!("/segments/{id}/edit"), "en")
        .await;
    assert!(r.body.contains("value=\"EE\""));
    let r = app
        .form(
            Role::Manager,
            &format!("/segments/{id}"),
            &[("name", "China"), ("country", "CN")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .page(Role::Agent, &format!("/customers?segment_id={id}"), "en")
        .await;
    assert!(r.body.contains("Bo Li") && !r.body.contains("Anu Tamm"));
    assert!(r.body.contains("id=\"applied-segment\""));
    let r = app
        .form(Role::Agent, &format!("/segments/{id}/delete"), &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .form(Role::Manager, &format!("/segments/{id}/delete"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.page(Role::Agent, &format!("/segments/{id}"), "en")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

engines!(TestApp:
    api_shapes_roles_and_audit,
    bad_filters_are_422_naming_the_field,
    customer_list_filters,
    pages,
);
