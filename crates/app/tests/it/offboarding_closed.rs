//! Issue 14 defects on offboarding: a closed case offers no direct contact and no goodwill and
//! refuses both (409 on the API and in the page, nothing written); the letter preview follows the
//! letter's language (an English letter in the Estonian UI shows the English placeholder) and,
//! once sent, carries the customer's real link; the customer page shows a banner linking the
//! case and no hard Delete, and the hard delete is refused with a pointer to the erasure.

use crate::support;
use axum::http::StatusCode;
use carewell::customers::body::CustomerBody;
use carewell_domain::money::{Currency, Money};
use carewell_domain::role::Role;
use carewell_store::Actor;
use carewell_store::activity::NewTransaction;
use chrono::{Days, Utc};
use support::TestApp;

fn day(offset: u64) -> String {
    (Utc::now().date_naive() + Days::new(offset)).to_string()
}

async fn customer(app: &TestApp) -> String {
    let body = CustomerBody {
        name: Some("Mari Maasikas".into()),
        email: Some(format!("c{}@example.com", uuid::Uuid::new_v4().simple())),
        language: Some("et".into()),
        country: Some("EE".into()),
        ..CustomerBody::default()
    };
    let id = app
        .store
        .create_customer(
            &Actor::cli(),
            &body.validate(chrono::Utc::now().date_naive()).unwrap(),
            None,
        )
        .await
        .unwrap()
        .id;
    let tx = NewTransaction {
        external_ref: None,
        amount: Money::parse_decimal("49.90", Currency::parse("EUR").unwrap()).unwrap(),
        occurred_at: "2026-10-01T09:00:00.000000Z".into(),
        description: Some("Monthly plan".into()),
    };
    app.store
        .add_transaction(&Actor::cli(), &id, &tx)
        .await
        .unwrap();
    id
}

/// Opens an offboarding case for `cu` (company-initiated, the usual dates); its id.
async fn open_case(app: &TestApp, cu: &str) -> String {
    let r = app
        .form(
            Role::Manager,
            &format!("/customers/{cu}/offboarding"),
            &[
                ("initiator", "company"),
                ("reason", "trivial-complaints"),
                ("reason_note", "Six complaints in two months"),
                ("contract_type", ""),
                ("notice_date", &day(0)),
                ("service_end", &day(40)),
                ("support_end", &day(54)),
                ("export_until", &day(70)),
                ("deletion_date", &day(71)),
                ("exception_basis", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location.trim_start_matches("/offboarding/").to_string()
}

fn letter(action: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("do", action),
        ("language", "en"),
        ("thanks", "Thank you for the years together."),
        ("framing", "You contacted us six times about invoices."),
        ("goodwill", "We refund your last invoice."),
        ("apology", "We are sorry it did not work out."),
        ("alternatives", "You may like Nimbus Hosting."),
    ]
}

async fn closed_case_offers_and_takes_no_contact_or_goodwill(app: TestApp) {
    let cu = customer(&app).await;
    // Before any case: the customer page offers the hard delete, no banner.
    let page = app
        .page(Role::Manager, &format!("/customers/{cu}"), "en")
        .await;
    assert!(page.body.contains(r#"id="customer-delete""#));
    assert!(!page.body.contains(r#"id="offboarding-banner""#));

    let id = open_case(&app, &cu).await;
    let case = format!("/offboarding/{id}");
    let api = format!("/api/v1/offboarding/cases/{id}");

    // An open case: banner linking it, no Delete; the delete page points at the erasure.
    let page = app
        .page(Role::Manager, &format!("/customers/{cu}"), "en")
        .await;
    assert!(page.body.contains(r#"id="offboarding-banner""#), "banner");
    assert!(page.body.contains(&format!(r#"href="/offboarding/{id}""#)));
    assert!(page.body.contains("This customer is being offboarded."));
    assert!(
        !page.body.contains(r#"id="customer-delete""#),
        "no hard delete"
    );

    // An English letter in the Estonian UI: the preview is English, placeholder included.
    app.form(Role::Manager, &format!("{case}/approve"), &[])
        .await;
    let r = app
        .form(Role::Agent, &format!("{case}/letter"), &letter("save"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let et = app.page(Role::Agent, &case, "et").await;
    let preview = support::between(&et.body, r#"id="preview-body">"#, "</p>");
    assert!(preview.contains("[link to your page]"), "{preview}");
    assert!(!preview.contains("[link teie lehele]"), "{preview}");

    // Contact, send: the preview now carries the real link, and afterwards the page address.
    let r = app
        .form(
            Role::Agent,
            &format!("{case}/contact"),
            &[("kind", "call"), ("summary", "Explained the decision.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .form(Role::Agent, &format!("{case}/letter"), &letter("send"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let link = support::between(&r.body, r#"<code id="customer-link">"#, "<");
    assert!(link.contains("/public/offboarding/"), "{link}");
    let preview = support::between(&r.body, r#"id="preview-body">"#, "</p>");
    assert!(preview.contains(&link), "the sent letter's link: {preview}");
    assert!(!preview.contains("[link to your page]"));
    let later = app.page(Role::Agent, &case, "en").await;
    let preview = support::between(&later.body, r#"id="preview-body">"#, "</p>");
    assert!(preview.contains("/public/offboarding/"), "{preview}");
    assert!(!preview.contains("[link to your page]"), "{preview}");
    assert!(!preview.contains(&link), "the secret is shown once only");

    // Close: no contact and no goodwill forms for anyone.
    let r = app.form(Role::Manager, &format!("{case}/close"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for role in [Role::Agent, Role::Manager, Role::Admin, Role::Compliance] {
        let p = app.page(role, &case, "en").await;
        assert!(p.body.contains(r#"data-status="closed""#));
        assert!(
            !p.body.contains(r#"id="contact""#),
            "{role:?}: no contact form"
        );
        assert!(
            !p.body.contains(r#"id="goodwill""#),
            "{role:?}: no goodwill form"
        );
    }

    // Refused if posted anyway: 409, readable, nothing written.
    let steps = app
        .store
        .offboarding_steps(carewell_store::Clearance::SYSTEM, &id)
        .await
        .unwrap()
        .len();
    let r = app
        .form(
            Role::Agent,
            &format!("{case}/contact"),
            &[("kind", "call"), ("summary", "<script>x</script>")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains(r#"id="action-error""#));
    let r = app
        .form(
            Role::Agent,
            &format!("{case}/goodwill"),
            &[("amount", "10"), ("currency", "EUR"), ("reason", "late")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let (st, body) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{api}/contacts"),
            Some(serde_json::json!({"kind": "meeting", "summary": "again"})),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["status"], 409);
    let (st, body) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{api}/goodwill"),
            Some(serde_json::json!({"amount": "10", "currency": "EUR", "reason": "x"})),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    let (st, _) = app
        .api(
            Role::Viewer,
            "POST",
            &format!("{api}/goodwill"),
            Some(serde_json::json!({"reason": "x"})),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .offboarding_steps(carewell_store::Clearance::SYSTEM, &id)
            .await
            .unwrap()
            .len(),
        steps,
        "nothing written"
    );

    // The closed case: banner says so, still no Delete; the hard delete is refused (409) and
    // points at the erasure; the customer is still there.
    let page = app
        .page(Role::Manager, &format!("/customers/{cu}"), "et")
        .await;
    assert!(page.body.contains(r#"id="offboarding-banner""#));
    assert!(page.body.contains("konto suleti"), "Estonian banner");
    assert!(!page.body.contains(r#"id="customer-delete""#));
    let d = app
        .page(Role::Manager, &format!("/customers/{cu}/delete"), "en")
        .await;
    assert_eq!(d.status, StatusCode::OK);
    assert!(d.body.contains(r#"id="delete-to-erasure""#));
    assert!(!d.body.contains(r#"class="danger""#), "no delete button");
    let r = app
        .form(Role::Manager, &format!("/customers/{cu}/delete"), &[])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains(r#"id="delete-error""#));
    assert!(r.body.contains("erased through offboarding"), "{}", r.body);
    assert!(app.store.customer(&cu).await.is_ok(), "not deleted");
    let r = app
        .form(Role::Agent, &format!("/customers/{cu}/delete"), &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// Goodwill above the large-amount setting (1,000.00 by default) asks once more, on the page
/// (the form's values kept) and on the API (`confirm_large`); nothing is booked until then.
async fn large_goodwill_asks_twice(app: TestApp) {
    let cu = customer(&app).await;
    let id = open_case(&app, &cu).await;
    let case = format!("/offboarding/{id}");
    let api = format!("/api/v1/offboarding/cases/{id}");
    app.form(Role::Manager, &format!("{case}/approve"), &[])
        .await;
    let booked = |d: &serde_json::Value| {
        d["steps"]
            .as_array()
            .map(|s| s.iter().filter(|s| s["step"] == "goodwill").count())
            .unwrap_or_default()
    };
    let form = [
        ("amount", "5000"),
        ("currency", "EUR"),
        ("reason", "Sorry <b>twice</b>"),
    ];
    let r = app
        .form(Role::Agent, &format!("{case}/goodwill"), &form)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(r#"id="goodwill-confirm""#), "asks again");
    assert!(r.body.contains(r#"name="confirm_large" value="1""#));
    assert!(r.body.contains("5,000.00"), "thousands separator");
    assert!(
        r.body.contains("Sorry &lt;b&gt;twice&lt;/b&gt;")
            || r.body.contains("Sorry &#60;b&#62;twice")
    );
    let (_, d) = app.api(Role::Viewer, "GET", &api, None).await;
    assert_eq!(booked(&d), 0, "nothing booked before the confirmation");
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{api}/goodwill"),
            Some(serde_json::json!({"amount": "5000", "currency": "EUR", "reason": "r"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "confirm_large", "{p}");
    let mut confirmed = form.to_vec();
    confirmed.push(("confirm_large", "1"));
    let r = app
        .form(Role::Agent, &format!("{case}/goodwill"), &confirmed)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (_, d) = app.api(Role::Viewer, "GET", &api, None).await;
    assert_eq!(booked(&d), 1, "booked once confirmed");
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{api}/goodwill"),
            Some(serde_json::json!({"amount": "5000", "currency": "EUR", "reason": "r", "confirm_large": true})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
}

engines!(TestApp: closed_case_offers_and_takes_no_contact_or_goodwill, large_goodwill_asks_twice);
