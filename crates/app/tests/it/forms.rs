//! Issue 14, defects 1, 3 and 4: money grouped by thousands in every language, a second
//! confirmation above a large compensation (API and page), the hard bound on amounts, the
//! validations new users hit (future dates, unknown countries and zones, negative contract
//! values, duplicate e-mails, backward report ranges) on the API (problem+json naming the
//! field, nothing stored) and on the forms (the message beside the field, by the form's own
//! label, in the UI language).

use crate::support::{Browser, TestApp, fetch};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::web::i18n::Tr;
use carewell_domain::Code;
use carewell_domain::role::Role;
use serde_json::json;

engines!(TestApp:
    large_compensation_needs_a_second_confirmation,
    the_hard_bound_is_said_beside_the_field,
    money_is_grouped_on_pages,
    customer_rules_on_api_and_form,
    duplicate_email_warns_and_links,
    interactions_and_contracts,
    report_ranges,
    action_errors_use_the_form_labels,
    decision_reason_is_named_why,
    every_rule_field_has_a_label);

/// A form POST as `role` in `lang`.
async fn post_in(
    app: &TestApp,
    role: Role,
    lang: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> crate::support::Res {
    let b: Browser = app.browser(role);
    let mut all = fields.to_vec();
    all.push(("csrf", b.csrf.as_str()));
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(
            header::COOKIE,
            format!("cw_session={}; lang={lang}", b.session),
        )
        .body(Body::from(serde_urlencoded::to_string(&all).unwrap()))
        .unwrap();
    fetch(&app.router, req).await
}

/// The page's text with askama's escapes undone.
fn text(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text of the element with `id` (up to its first closing `</p>`).
fn by_id(html: &str, id: &str) -> String {
    let t = text(html);
    let at = t
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} missing in {t}"));
    let rest = &t[at..];
    rest[..rest.find("</p>").unwrap_or(rest.len().min(400))].to_string()
}

async fn customer(app: &TestApp, name: &str) -> String {
    let (s, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": name})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    c["id"].as_str().unwrap().to_string()
}

async fn complaint(app: &TestApp, cu: &str) -> String {
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
    c["id"].as_str().unwrap().to_string()
}

async fn ledger_len(app: &TestApp, cu: &str) -> usize {
    let (s, l) = app
        .api(
            Role::Manager,
            "GET",
            &format!("/api/v1/customers/{cu}/compensation"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{l}");
    l["entries"].as_array().map(Vec::len).unwrap_or_default()
}

async fn large_compensation_needs_a_second_confirmation(app: TestApp) {
    let cu = customer(&app, "Large Lembit").await;
    let id = complaint(&app, &cu).await;
    let body = |amount: &str, confirm: Option<bool>| {
        let mut b = json!({"customer_id": cu, "kind": "refund", "amount": amount,
            "currency": "EUR", "reason": "double charge", "source_id": id});
        if let Some(c) = confirm {
            b["confirm_large"] = json!(c);
        }
        b
    };
    // At the threshold: no question.
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/compensation",
            Some(body("1000.00", None)),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    // Above it: refused without the confirmation, naming the field; nothing booked.
    for confirm in [None, Some(false)] {
        let (s, p) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/compensation",
                Some(body("1000.01", confirm)),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
        assert_eq!(p["errors"][0]["field"], "confirm_large", "{p}");
        assert_eq!(p["errors"][0]["code"], "large-amount", "{p}");
        let reason = p["errors"][0]["reason"].as_str().unwrap_or_default();
        assert!(
            reason.contains("1,000.01 EUR") && reason.contains("1,000.00 EUR"),
            "{reason}"
        );
    }
    assert_eq!(ledger_len(&app, &cu).await, 1, "nothing refused was booked");
    // A viewer is refused before any of this.
    let (s, _) = app
        .api(
            Role::Viewer,
            "POST",
            "/api/v1/compensation",
            Some(body("5000", Some(true))),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Confirmed: booked (waiting for a manager).
    let (s, big) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/compensation",
            Some(body("5000", Some(true))),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{big}");
    assert_eq!(big["approval"], "pending");
    let big_id = big["id"].as_str().unwrap().to_string();
    // Approving it asks again.
    let approve = format!("/api/v1/compensation/{big_id}/approve");
    let (s, p) = app
        .api(Role::Manager, "POST", &approve, Some(json!({"note": "ok"})))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "confirm_large", "{p}");
    let is_pending = |p: &serde_json::Value| {
        p.as_array()
            .is_some_and(|a| a.iter().any(|e| e["id"] == json!(big_id)))
    };
    let (_, pending) = app
        .api(Role::Manager, "GET", "/api/v1/compensation/pending", None)
        .await;
    assert!(is_pending(&pending), "still pending: {pending}");
    // The page: the approve button comes back as a confirmation step naming the amount.
    let page = post_in(
        &app,
        Role::Manager,
        "en",
        &format!("/compensation/{big_id}/approve"),
        &[],
    )
    .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    let step = by_id(&page.body, "approve-confirm");
    assert!(step.contains("5,000.00 EUR"), "{step}");
    assert!(page.body.contains("name=\"confirm_large\" value=\"1\""));
    let ok = post_in(
        &app,
        Role::Manager,
        "en",
        &format!("/compensation/{big_id}/approve"),
        &[("confirm_large", "1")],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let (_, pending) = app
        .api(Role::Manager, "GET", "/api/v1/compensation/pending", None)
        .await;
    assert!(!is_pending(&pending), "approved: {pending}");

    // Booking on the page: a large amount comes back with the step (et), nothing booked.
    let before = ledger_len(&app, &cu).await;
    let form = [
        ("kind", "credit"),
        ("amount", "2500"),
        ("currency", "EUR"),
        ("reason", "goodwill"),
    ];
    let path = format!("/complaints/{id}/compensation");
    let r = post_in(&app, Role::Agent, "et", &path, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let step = text(&r.body);
    assert!(step.contains("id=\"compensation-confirm\""), "{step}");
    assert!(
        step.contains(&Tr::for_tag("et").t("cmp-large-title")),
        "{step}"
    );
    assert!(
        step.contains("2\u{a0}500,00 EUR"),
        "grouped the Estonian way"
    );
    assert!(r.body.contains("name=\"amount\" value=\"2500\""), "kept");
    assert_eq!(ledger_len(&app, &cu).await, before, "nothing booked yet");
    let mut confirmed = form.to_vec();
    confirmed.push(("confirm_large", "1"));
    let r = post_in(&app, Role::Agent, "et", &path, &confirmed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(ledger_len(&app, &cu).await, before + 1);
}

async fn the_hard_bound_is_said_beside_the_field(app: TestApp) {
    let cu = customer(&app, "Bound Birgit").await;
    let id = complaint(&app, &cu).await;
    for amount in ["99999999999999", "99,999,999,999,999", "-99999999999999"] {
        let (s, p) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/compensation",
                Some(
                    json!({"customer_id": cu, "kind": "credit", "amount": amount,
                    "currency": "EUR", "reason": "r", "source_id": id, "confirm_large": true}),
                ),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{amount}: {p}");
        assert_eq!(p["errors"][0]["field"], "amount", "{p}");
        assert!(!p["errors"][0]["reason"].as_str().unwrap().is_empty());
    }
    let r = post_in(
        &app,
        Role::Agent,
        "en",
        &format!("/complaints/{id}/compensation"),
        &[
            ("kind", "credit"),
            ("amount", "99999999999999"),
            ("currency", "EUR"),
            ("reason", "typo"),
            ("confirm_large", "1"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let near = by_id(&r.body, "ce-amount");
    assert!(near.contains("must be between"), "{near}");
    assert!(!r.body.contains("id=\"compensation-confirm\""));
    assert_eq!(ledger_len(&app, &cu).await, 0);
}

async fn money_is_grouped_on_pages(app: TestApp) {
    let cu = customer(&app, "Grouped Gerda").await;
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/customers/{cu}/transactions"),
            Some(json!({"amount": "1234567.89", "currency": "EUR", "occurred_at": "2026-01-02"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    for (lang, want) in [
        ("en", "1,234,567.89 EUR"),
        ("et", "1\u{a0}234\u{a0}567,89 EUR"),
        ("zh-CN", "1,234,567.89 EUR"),
    ] {
        let page = app
            .page(Role::Agent, &format!("/customers/{cu}"), lang)
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(text(&page.body).contains(want), "{lang}: {want}");
        assert!(!page.body.contains("1234567"), "{lang}: ungrouped");
    }
}

async fn customer_rules_on_api_and_form(app: TestApp) {
    let bad = [
        ("country", "ZZ", "malformed"),
        ("timezone", "Mars/Olympus", "malformed"),
        ("birthday", "2099-01-01", "in-future"),
    ];
    for (field, value, code) in bad {
        let (s, p) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/customers",
                Some(json!({"name": "Rule Riina", field: value})),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {p}");
        assert_eq!(p["errors"][0]["field"], field, "{p}");
        assert_eq!(p["errors"][0]["code"], code, "{p}");
    }
    // Hostile values are refused the same way, never stored or echoed raw.
    for (field, value) in [
        ("country", "<script>alert(1)</script>"),
        ("country", "'; DROP TABLE customers; --"),
        ("timezone", "../../etc/passwd"),
        ("timezone", "Europe/Tallinn\u{0}"),
    ] {
        let (s, p) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/customers",
                Some(json!({"name": "Hostile Hugo", field: value})),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {p}");
    }
    let long = "Europe/".repeat(20_000);
    let (s, _) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Long Liis", "timezone": long})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.count_customers().await.unwrap(), 0);
    // Real ones pass, the zone in its own spelling.
    let (s, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(
                json!({"name": "Real Reet", "country": "ee", "timezone": "europe/tallinn",
                "birthday": "1990-05-01"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(
        (c["country"].as_str(), c["timezone"].as_str()),
        (Some("EE"), Some("Europe/Tallinn"))
    );
    // The form: each message beside its field, in the UI language.
    for lang in ["en", "et"] {
        let tr = Tr::for_tag(lang);
        let r = post_in(
            &app,
            Role::Agent,
            lang,
            "/customers/new",
            &[
                ("name", "Form Frida"),
                ("country", "ZZ"),
                ("timezone", "Mars/Olympus"),
                ("birthday", "2099-01-01"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(by_id(&r.body, "e-birthday").contains(&tr.code(&Code::InFuture)));
        assert!(by_id(&r.body, "e-country").contains("ZZ"));
        assert!(by_id(&r.body, "e-timezone").contains("Mars/Olympus"));
        // The summary names the fields by their labels.
        let t = text(&r.body);
        assert!(
            t.contains(&format!(">{}</a>: ", tr.t("field-birthday"))),
            "{lang}"
        );
    }
    let et = by_id(
        &post_in(
            &app,
            Role::Agent,
            "et",
            "/customers/new",
            &[("name", "Eesti Ene"), ("country", "ZZ")],
        )
        .await
        .body,
        "e-country",
    );
    assert!(et.contains("ei ole ISO 3166-1 riigikood"), "{et}");
    assert_eq!(app.store.count_customers().await.unwrap(), 1);
}

async fn duplicate_email_warns_and_links(app: TestApp) {
    let (s, first) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "First Frida", "email": "frida@example.com"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    let first_id = first["id"].as_str().unwrap();
    // The API: 409 naming the existing customer, nothing created; then allowed on purpose.
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Second Frida", "email": "FRIDA@example.com"})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{p}");
    assert_eq!(p["code"], "duplicate-email", "{p}");
    assert_eq!(p["existing_id"], first_id, "{p}");
    assert_eq!(p["errors"][0]["field"], "email", "{p}");
    assert_eq!(app.store.count_customers().await.unwrap(), 1);
    let (s, second) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Second Frida", "email": "frida@example.com",
                "allow_duplicate_email": true})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{second}");
    assert!(
        second.get("allow_duplicate_email").is_none(),
        "not stored: {second}"
    );
    // Changing something else on a customer who shares an e-mail is not asked about again.
    let second_id = second["id"].as_str().unwrap();
    let (s, p) = app
        .api(
            Role::Agent,
            "PATCH",
            &format!("/api/v1/customers/{second_id}"),
            Some(json!({"segment": "b2b"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    // The form: the warning beside the e-mail links the existing customer; saved when confirmed.
    let fields = [("name", "Third Frida"), ("email", "frida@example.com")];
    let r = post_in(&app, Role::Agent, "en", "/customers/new", &fields).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let near = by_id(&r.body, "e-email");
    assert!(
        near.contains("A customer with this e-mail exists"),
        "{near}"
    );
    assert!(
        near.contains(&format!("href=\"/customers/{first_id}\"")),
        "{near}"
    );
    assert!(r.body.contains("name=\"allow_duplicate_email\""));
    assert_eq!(app.store.count_customers().await.unwrap(), 2);
    let mut confirmed = fields.to_vec();
    confirmed.push(("allow_duplicate_email", "1"));
    let r = post_in(&app, Role::Agent, "en", "/customers/new", &confirmed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.store.count_customers().await.unwrap(), 3);
    // A viewer cannot create at all.
    let (s, _) = app
        .api(
            Role::Viewer,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Viewer Vera", "email": "v@example.com"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

async fn interactions_and_contracts(app: TestApp) {
    let cu = customer(&app, "Dated Dora").await;
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/customers/{cu}/interactions"),
            Some(
                json!({"kind": "call", "summary": "Called", "occurred_at": "2099-01-01T10:00:00Z"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(
        (&p["errors"][0]["field"], &p["errors"][0]["code"]),
        (&json!("occurred_at"), &json!("in-future")),
        "{p}"
    );
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/customers/{cu}/contracts"),
            Some(json!({"name": "Gold", "start_date": "2026-01-01", "value": "-5.00", "currency": "EUR"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "value", "{p}");
    let (_, list) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/customers/{cu}/interactions"),
            None,
        )
        .await;
    assert_eq!(list.as_array().map(Vec::len), Some(0));
    // The forms, in en and et: beside the field, the other field named by its label.
    for lang in ["en", "et"] {
        let tr = Tr::for_tag(lang);
        let r = post_in(
            &app,
            Role::Agent,
            lang,
            &format!("/customers/{cu}/interactions"),
            &[
                ("kind", "call"),
                ("summary", "Future call"),
                ("occurred_at", "2099-01-01T10:00"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(text(&r.body).contains(&tr.code(&Code::InFuture)), "{lang}");
        let r = post_in(
            &app,
            Role::Agent,
            lang,
            &format!("/customers/{cu}/contracts"),
            &[
                ("name", "Gold"),
                ("start_date", "2026-03-01"),
                ("end_date", "2026-02-01"),
                ("value", "-5"),
                ("currency", "EUR"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let t = text(&r.body);
        let before = tr.code_in(
            &Code::EarlierThan {
                other: "start_date".into(),
            },
            &[("start_date", "activity-start")],
        );
        assert!(t.contains(&before), "{lang}: {before}");
        assert!(before.contains(&tr.t("activity-start")));
        assert!(!t.contains("start_date:") && !t.contains("than start_date"));
        assert!(
            t.contains(&tr.code(&Code::OutOfRange {
                min: Some(0),
                max: Some(1_000_000_000)
            })),
            "{lang}: negative value"
        );
    }
    let (_, list) = app
        .api(
            Role::Compliance,
            "GET",
            &format!("/api/v1/customers/{cu}/contracts"),
            None,
        )
        .await;
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");
}

async fn report_ranges(app: TestApp) {
    for path in [
        "/api/v1/complaints/report?from=2026-03-01&to=2026-02-01",
        "/api/v1/offboarding/report?from=2026-03-01&to=2026-02-01",
    ] {
        let (s, p) = app.api(Role::Manager, "GET", path, None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {p}");
        assert_eq!(p["errors"][0]["field"], "from", "{p}");
        assert_eq!(p["errors"][0]["code"], "later-than", "{p}");
    }
    for path in [
        "/api/v1/complaints/report?from=2026-02-01&to=2026-02-01",
        "/api/v1/offboarding/report?from=2026-02-01&to=2026-02-01",
    ] {
        let (s, p) = app.api(Role::Manager, "GET", path, None).await;
        assert_eq!(s, StatusCode::OK, "{path}: {p}");
    }
    for lang in ["en", "et"] {
        let tr = Tr::for_tag(lang);
        let r = app
            .page(
                Role::Manager,
                "/complaints/reports?from=2026-03-01&to=2026-02-01",
                lang,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let near = by_id(&r.body, "e-from");
        assert!(near.contains(&tr.t("cmp-to")), "{lang}: {near}");
        assert!(r.body.contains("value=\"2026-03-01\""), "as typed");
        // The offboarding report: the same, beside its own field, with its own labels.
        let r = app
            .page(
                Role::Manager,
                "/offboarding/reports?from=2026-03-01&to=2026-02-01",
                lang,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let near = by_id(&r.body, "e-from");
        assert!(near.contains(&tr.t("offb-report-to")), "{lang}: {near}");
        assert!(r.body.contains("value=\"2026-03-01\""), "as typed");
        assert!(
            r.body.contains("id=\"by-reason\""),
            "the default period's report"
        );
    }
}

async fn action_errors_use_the_form_labels(app: TestApp) {
    let cu = customer(&app, "Label Liisa").await;
    let id = complaint(&app, &cu).await;
    // Escalating needs a reason; the message names the field as the form labels it.
    for lang in ["en", "et"] {
        let tr = Tr::for_tag(lang);
        let r = post_in(
            &app,
            Role::Agent,
            lang,
            &format!("/complaints/{id}/action"),
            &[("action", "escalate"), ("reason", "  ")],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let msg = text(&r.body);
        let want = format!("{}: {}", tr.t("cmp-input-reason"), tr.code(&Code::Required));
        assert!(msg.contains(&want), "{lang}: {want}");
        assert!(!msg.contains("reason: "), "{lang}: internal key shown");
    }
    // The compensation form: each error beside its field.
    let r = post_in(
        &app,
        Role::Agent,
        "en",
        &format!("/complaints/{id}/compensation"),
        &[
            ("kind", "credit"),
            ("amount", "12.345"),
            ("currency", "EURO"),
            ("reason", "r"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(by_id(&r.body, "ce-currency").contains("EURO"));
    assert!(!text(&r.body).contains("customer_id"));
}

async fn decision_reason_is_named_why(app: TestApp) {
    let cu = customer(&app, "Why Wilma").await;
    for lang in ["en", "et"] {
        let tr = Tr::for_tag(lang);
        let r = post_in(
            &app,
            Role::Manager,
            lang,
            &format!("/client-fit/{cu}/decision"),
            &[("decision", "keep"), ("note", " ")],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let msg = by_id(&r.body, "action-error");
        let want = format!(
            "{}: {}",
            tr.t("cf-decision-reason"),
            tr.code(&Code::Required)
        );
        assert!(msg.contains(&want), "{lang}: {want} in {msg}");
        assert!(!msg.contains("reason"), "{lang}: internal key shown: {msg}");
    }
}

/// No field error anywhere names a field by its key: every field a rule can name has a label in
/// every language (API answers included), so `customer_id: …` cannot come back.
async fn every_rule_field_has_a_label(_app: TestApp) {
    for lang in ["en", "zh-CN", "et"] {
        let tr = Tr::for_tag(lang);
        for field in [
            "customer_id",
            "value",
            "to",
            "from",
            "current",
            "new",
            "password",
            "role",
            "confirm_large",
            "occurred_at",
            "start_date",
            "birthday",
            "country",
            "timezone",
            "amount",
            "reason",
        ] {
            let label = tr.label(field);
            assert_ne!(label, field, "{lang}: {field} has no label");
            assert!(!label.contains('_'), "{lang}: {field} → {label}");
        }
    }
}
