//! Staff pages for what the API already had: transactions, contracts and usage on the
//! customer page (forms, the records section, readable errors, roles, audit) and the SLA
//! policy page (read for staff, edit for managers). SQLite always, PostgreSQL when
//! `CAREWELL_TEST_PG_URL` is set.

use crate::support;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use carewell_store::audit::{self, AuditFilter};
use serde_json::json;
use support::TestApp;

async fn customer(app: &TestApp) -> String {
    let (st, c) = app
        .api(
            Role::Admin,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari Maasikas"})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    c["id"].as_str().unwrap().to_string()
}

async fn audit_actions(app: &TestApp, id: &str) -> Vec<String> {
    let f = AuditFilter {
        entity: Some("customer".into()),
        entity_id: Some(id.into()),
        before_seq: None,
        ..Default::default()
    };
    audit::list(&app.store, &f, 100, 0)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.content.action)
        .collect()
}

async fn records_added_through_the_customer_page(app: TestApp) {
    let id = customer(&app).await;
    let page = app
        .page(Role::Agent, &format!("/customers/{id}"), "en")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"records\""));
    assert!(page.body.contains("No contracts yet."));
    assert!(
        page.body
            .contains(&format!("action=\"/customers/{id}/transactions\""))
    );
    assert!(
        page.body
            .contains(&format!("action=\"/customers/{id}/contracts\""))
    );
    assert!(
        page.body
            .contains(&format!("action=\"/customers/{id}/usage\""))
    );

    let r = app
        .form(
            Role::Agent,
            &format!("/customers/{id}/transactions"),
            &[
                ("amount", "-12.50"),
                ("currency", "eur"),
                ("occurred_at", "2026-03-04T10:30"),
                ("description", "Refund for the broken kettle"),
                ("external_ref", "INV-2026-042"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location, format!("/customers/{id}#records"));

    let end = (chrono::Utc::now().date_naive() + chrono::Duration::days(20)).to_string();
    let r = app
        .form(
            Role::Manager,
            &format!("/customers/{id}/contracts"),
            &[
                ("name", "Gold support plan"),
                ("start_date", "2026-01-01"),
                ("end_date", &end),
                ("value", "1200"),
                ("currency", "EUR"),
                ("renewal", "auto"),
                ("external_ref", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let r = app
        .form(
            Role::Agent,
            &format!("/customers/{id}/usage"),
            &[
                ("event", "report-export"),
                ("quantity", "3"),
                ("occurred_at", "2026-03-05T08:00"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Stored exactly as the API would have stored it.
    let (_, txs) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/customers/{id}/transactions"),
            None,
        )
        .await;
    assert_eq!(txs[0]["amount_minor"], -1250);
    assert_eq!(txs[0]["currency"], "EUR");
    assert_eq!(txs[0]["external_ref"], "INV-2026-042");
    assert!(
        txs[0]["occurred_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-03-04T10:30")
    );
    let (_, cs) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/customers/{id}/contracts"),
            None,
        )
        .await;
    assert_eq!(cs[0]["value_minor"], 120000);
    assert_eq!(cs[0]["renewal"], "auto");
    assert_eq!(cs[0]["end_date"], end.as_str());

    // On the page: the section and the timeline, for a read-only role too.
    let page = app
        .page(Role::Viewer, &format!("/customers/{id}"), "en")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("Refund for the broken kettle"));
    assert!(body.contains("INV-2026-042"));
    assert!(body.contains("-12.50 EUR"));
    assert!(body.contains("Gold support plan"));
    assert!(body.contains(&end));
    assert!(body.contains("1,200.00 EUR"), "grouped");
    assert!(body.contains("Renews automatically"));
    assert!(body.contains("ends in 20 days"), "ending-soon marker");
    assert!(body.contains("report-export"));
    // Viewers see no forms.
    assert!(!body.contains(&format!("action=\"/customers/{id}/transactions\"")));

    // Translated.
    let zh = app
        .page(Role::Agent, &format!("/customers/{id}"), "zh-CN")
        .await;
    assert!(zh.body.contains("交易与合同"));
    assert!(zh.body.contains("添加合同"));
    let et = app
        .page(Role::Agent, &format!("/customers/{id}"), "et")
        .await;
    assert!(et.body.contains("Tehingud ja lepingud"));
    assert!(et.body.contains("lõpeb 20 päeva pärast"));

    // Audited through the store, by the signed-in user.
    let actions = audit_actions(&app, &id).await;
    for a in ["transaction.create", "contract.create"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}

/// Posts a record form (`record`: transactions, contracts, usage) that must be refused (422);
/// returns the page shown again.
async fn refused(app: &TestApp, id: &str, record: &str, fields: &[(&str, &str)]) -> String {
    let r = app
        .form(Role::Agent, &format!("/customers/{id}/{record}"), fields)
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{record}: {}",
        r.body
    );
    r.body
}

async fn bad_input_is_explained_and_changes_nothing(app: TestApp) {
    let id = customer(&app).await;
    let before = audit_actions(&app, &id).await.len();

    let body = refused(
        &app,
        &id,
        "transactions",
        &[
            ("amount", "12.5.0"),
            ("currency", "EUR"),
            ("occurred_at", "yesterday-ish"),
            ("description", "Typed & kept"),
            ("external_ref", "R-1"),
        ],
    )
    .await;
    assert!(body.contains("field-error"));
    assert!(body.contains("value=\"12.5.0\""), "amount kept");
    assert!(body.contains("Typed &amp; kept") || body.contains("Typed &#38; kept"));
    assert!(body.contains("value=\"yesterday-ish\""));
    assert!(body.contains("id=\"add-transaction\" open"));

    let body = refused(
        &app,
        &id,
        "transactions",
        &[
            ("amount", "10"),
            ("currency", "EU"),
            ("occurred_at", "2026-01-01T00:00"),
        ],
    )
    .await;
    assert!(body.contains("value=\"EU\""));

    let body = refused(
        &app,
        &id,
        "contracts",
        &[
            ("name", "Silver"),
            ("start_date", "2026-06-01"),
            ("end_date", "2026-05-01"),
            ("value", "100"),
            ("currency", "EUR"),
            ("renewal", "manual"),
        ],
    )
    .await;
    assert!(
        body.contains("cannot be earlier than Start<")
            || body.contains("cannot be earlier than Start\n"),
        "{}",
        body
    );
    assert!(body.contains("value=\"Silver\""));
    assert!(body.contains("id=\"add-contract\" open"));

    let body = refused(
        &app,
        &id,
        "contracts",
        &[
            ("name", "Silver"),
            ("start_date", "2026-06-01"),
            ("value", "lots"),
            ("currency", "EUR"),
            ("renewal", "manual"),
        ],
    )
    .await;
    assert!(
        body.contains("lots&#39; is not a number") || body.contains("lots' is not a number"),
        "the value's error is shown: {}",
        body
    );
    assert!(body.contains("value=\"lots\""));

    refused(
        &app,
        &id,
        "contracts",
        &[
            ("name", "Silver"),
            ("start_date", "2026-06-01"),
            ("value", "100"),
            ("currency", "EUR"),
            ("renewal", "forever"),
        ],
    )
    .await;

    let body = refused(
        &app,
        &id,
        "usage",
        &[
            ("event", "login"),
            ("quantity", "lots"),
            ("occurred_at", ""),
        ],
    )
    .await;
    assert!(body.contains("&#39;lots&#39; is not a number"), "{body}");
    assert!(body.contains("value=\"lots\""));
    assert!(body.contains("id=\"add-usage\" open"));

    refused(&app, &id, "usage", &[("event", ""), ("quantity", "1")]).await;

    // Nothing stored, nothing audited.
    for list in ["transactions", "contracts", "timeline"] {
        let (_, items) = app
            .api(
                Role::Admin,
                "GET",
                &format!("/api/v1/customers/{id}/{list}"),
                None,
            )
            .await;
        assert_eq!(items.as_array().unwrap().len(), 0, "{list}");
    }
    assert_eq!(audit_actions(&app, &id).await.len(), before);

    // The API gives the same answers (one validation for both).
    let (st, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/customers/{id}/contracts"),
            Some(
                json!({"name": "Silver", "start_date": "2026-06-01", "end_date": "2026-05-01",
                    "value": "100", "currency": "EUR"}),
            ),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "end_date", "{p}");
    assert_eq!(p["errors"][0]["code"], "earlier-than", "{p}");
    assert_eq!(
        p["errors"][0]["reason"], "cannot be earlier than Start date",
        "the API has no form: the field's general label"
    );
}

#[tokio::test]
async fn read_only_roles_are_refused() {
    let app = TestApp::sqlite().await;
    let id = customer(&app).await;
    for role in [Role::Viewer, Role::Compliance] {
        for (path, fields) in [
            (
                "transactions",
                vec![
                    ("amount", "1"),
                    ("currency", "EUR"),
                    ("occurred_at", "2026-01-01T00:00"),
                ],
            ),
            (
                "contracts",
                vec![
                    ("name", "X"),
                    ("start_date", "2026-01-01"),
                    ("value", "1"),
                    ("currency", "EUR"),
                ],
            ),
            ("usage", vec![("event", "login")]),
        ] {
            let r = app
                .form(role, &format!("/customers/{id}/{path}"), &fields)
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} {path}");
        }
    }
    let (_, tl) = app
        .api(
            Role::Admin,
            "GET",
            &format!("/api/v1/customers/{id}/timeline"),
            None,
        )
        .await;
    assert_eq!(tl.as_array().unwrap().len(), 0);
}

async fn sla_policies_page_and_edit(app: TestApp) {
    // Every staff role reads; only managers see the forms.
    let page = app.page(Role::Viewer, "/complaints/sla", "en").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"sla-policies\""));
    assert!(page.body.contains("Critical"));
    assert!(page.body.contains("Around the clock (24/7)"));
    assert!(
        page.body
            .contains("Mon, Tue, Wed, Thu, Fri · 09:00–17:00 (UTC+00:00)")
    );
    assert!(!page.body.contains("action=\"/complaints/sla/high\""));
    let list = app.page(Role::Agent, "/complaints", "en").await;
    assert!(list.body.contains("href=\"/complaints/sla\""));
    let zh = app.page(Role::Agent, "/complaints/sla", "zh-CN").await;
    assert!(zh.body.contains("SLA 策略"));
    let et = app.page(Role::Agent, "/complaints/sla", "et").await;
    assert!(et.body.contains("SLA reeglid"));

    let page = app.page(Role::Manager, "/complaints/sla", "en").await;
    assert!(page.body.contains("action=\"/complaints/sla/high\""));

    // Agents may not change them.
    let r = app
        .form(
            Role::Agent,
            "/complaints/sla/high",
            &[
                ("first_response_minutes", "60"),
                ("resolution_minutes", "120"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = app
        .form(
            Role::Manager,
            "/complaints/sla/high",
            &[
                ("first_response_minutes", "90"),
                ("resolution_minutes", "600"),
                ("utc_offset_minutes", "120"),
                ("day0", "on"),
                ("day1", "on"),
                ("day2", "on"),
                ("day3", "on"),
                ("day4", "on"),
                ("day5", "on"),
                ("open", "08:00"),
                ("close", "20:00"),
                ("holidays", "2026-12-24, 2026-12-25"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (_, ps) = app
        .api(Role::Viewer, "GET", "/api/v1/sla-policies", None)
        .await;
    let high = ps
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["severity"] == "high")
        .unwrap()
        .clone();
    assert_eq!(high["first_response_minutes"], 90);
    assert_eq!(high["resolution_minutes"], 600);
    assert_eq!(high["calendar"]["utc_offset_minutes"], 120);
    assert_eq!(high["calendar"]["open_minute"], 480);
    assert_eq!(high["calendar"]["close_minute"], 1200);
    assert_eq!(
        high["calendar"]["open_days"],
        json!([true, true, true, true, true, true, false])
    );
    assert_eq!(
        high["calendar"]["holidays"],
        json!(["2026-12-24", "2026-12-25"])
    );
    let page = app
        .page(Role::Viewer, "/complaints/sla?saved=1", "en")
        .await;
    assert!(page.body.contains("1 h 30 min"));
    assert!(page.body.contains("10 h"));
    assert!(page.body.contains("08:00–20:00 (UTC+02:00)"));
    assert!(page.body.contains("2026-12-24, 2026-12-25"));
    assert!(page.body.contains("id=\"sla-saved\""));

    // Bad values: readable, kept as typed, nothing changes.
    let audit_before = audit::list(&app.store, &AuditFilter::default(), 1, 0)
        .await
        .unwrap()
        .total;
    for (fields, message) in [
        (
            vec![
                ("first_response_minutes", "0"),
                ("resolution_minutes", "60"),
                ("always_open", "on"),
            ],
            "must be between 1 and",
        ),
        // A target beyond a year is refused (it once panicked the handler, or wrapped to a
        // negative target that marked every open complaint missed).
        (
            vec![
                ("first_response_minutes", "1000000000000"),
                ("resolution_minutes", "1000000000000"),
                ("always_open", "on"),
            ],
            "must be between 1 and",
        ),
        (
            vec![
                ("first_response_minutes", "60"),
                ("resolution_minutes", "153722867280912931"),
                ("always_open", "on"),
            ],
            "must be between 1 and",
        ),
        (
            vec![
                ("first_response_minutes", "abc"),
                ("resolution_minutes", "60"),
                ("always_open", "on"),
            ],
            "&#39;abc&#39; is not a whole number",
        ),
        (
            vec![
                ("first_response_minutes", "600"),
                ("resolution_minutes", "60"),
                ("always_open", "on"),
            ],
            "cannot be later than Resolution target (minutes)",
        ),
        (
            vec![
                ("first_response_minutes", "60"),
                ("resolution_minutes", "600"),
                ("day0", "on"),
                ("open", "18:00"),
                ("close", "09:00"),
            ],
            "must be earlier than Closes (HH:MM, 24:00 = midnight)",
        ),
        (
            vec![
                ("first_response_minutes", "60"),
                ("resolution_minutes", "600"),
                ("day0", "on"),
                ("open", "09:00"),
                ("close", "17:00"),
                ("holidays", "24.12.2026"),
            ],
            "&#39;24.12.2026&#39; is not a date (YYYY-MM-DD)",
        ),
    ] {
        let r = app
            .form(Role::Manager, "/complaints/sla/high", &fields)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(r.body.contains(message), "{message}: {}", r.body);
        assert!(r.body.contains("field-error"));
        assert!(
            r.body.contains(&format!("value=\"{}\"", fields[0].1)),
            "typed value kept"
        );
    }
    let (_, after) = app
        .api(Role::Viewer, "GET", "/api/v1/sla-policies", None)
        .await;
    assert_eq!(after, ps, "nothing changed");
    let audit_after = audit::list(&app.store, &AuditFilter::default(), 1, 0)
        .await
        .unwrap()
        .total;
    assert_eq!(audit_before, audit_after);
    let r = app
        .form(
            Role::Manager,
            "/complaints/sla/urgent",
            &[
                ("first_response_minutes", "60"),
                ("resolution_minutes", "120"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn held_records_are_for_compliance_only(app: TestApp) {
    let id = customer(&app).await;
    let r = app
        .form(
            Role::Agent,
            &format!("/customers/{id}/transactions"),
            &[
                ("amount", "99.00"),
                ("currency", "EUR"),
                ("occurred_at", "2026-02-01T09:00"),
                ("description", "Last invoice"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (st, case) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/offboarding/cases",
            Some(json!({"customer_id": id, "reason": "staff-abuse"})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{case}");
    // A retention hold as erasure leaves it (transactions kept under AML rules).
    sqlx::query(
            "INSERT INTO offboarding_holds (id, case_id, customer_id, category, tables, legal_basis, held_until, created_at, released_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)",
        )
        .bind("hold-1")
        .bind(case["id"].as_str().unwrap())
        .bind(&id)
        .bind("financial")
        .bind(r#"["transactions","contracts"]"#)
        .bind("AML Act § 47")
        .bind("2099-01-01")
        .bind("2026-01-01T00:00:00.000000Z")
        .execute(app.store.pool())
        .await
        .unwrap();
    let agent = app
        .page(Role::Agent, &format!("/customers/{id}"), "en")
        .await;
    assert_eq!(agent.status, StatusCode::OK);
    assert!(agent.body.contains("id=\"records-held\""));
    assert!(agent.body.contains("AML Act § 47"));
    assert!(!agent.body.contains("Last invoice"));
    let compliance = app
        .page(Role::Compliance, &format!("/customers/{id}"), "en")
        .await;
    assert!(compliance.body.contains("Last invoice"));
    assert!(!compliance.body.contains("id=\"records-held\""));
}

engines!(TestApp:
    records_added_through_the_customer_page,
    bad_input_is_explained_and_changes_nothing,
    sla_policies_page_and_edit,
    held_records_are_for_compliance_only,
);
