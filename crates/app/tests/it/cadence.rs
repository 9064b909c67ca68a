//! Contact cadence and care moments through the app on SQLite and PostgreSQL: the settings API
//! and page per role (agents 403), validation (days 1–3650, else 422 naming the field), the
//! task kinds in the reader's language, the customer page's cadence line, and birthday
//! messages that respect marketing consent through the real outbox and an SMTP sink.

use crate::msg_support::{self, Db, SmtpSink};
use crate::support::TestApp;
use axum::http::StatusCode;
use carewell::messaging::deliver::Deliverer;
use carewell_domain::customer::CustomerInput;
use carewell_domain::role::Role;
use carewell_store::audit::{self, AuditFilter};
use carewell_store::cadence::{care_moments_run, contact_due_run};
use carewell_store::outbox;
use carewell_store::{Actor, Store};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde_json::json;

async fn customer(s: &Store, name: &str, fields: &[(&str, &str)], owner: Option<&str>) -> String {
    let mut pairs = vec![("name", name), ("language", "en")];
    pairs.extend_from_slice(fields);
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.clone().into_iter(),
    )
    .unwrap();
    s.create_customer(&Actor::cli(), &input, owner)
        .await
        .unwrap()
        .id
}

async fn settings_api_roles_and_validation(app: TestApp) {
    for role in [Role::Viewer, Role::Agent, Role::Manager] {
        let (st, body) = app.api(role, "GET", "/api/v1/cadence", None).await;
        assert_eq!(st, StatusCode::OK, "{role:?}: {body}");
        assert_eq!(body["stages"][1]["stage"], "active");
        assert_eq!(body["stages"][1]["days"], 90);
    }
    let change = json!({ "stages": [{ "stage": "active", "days": 60 }] });
    let (st, _) = app
        .api(Role::Agent, "PUT", "/api/v1/cadence", Some(change.clone()))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    for (days, ok) in [
        (0, false),
        (1, true),
        (3650, true),
        (3651, false),
        (-5, false),
    ] {
        let (st, body) = app
            .api(
                Role::Manager,
                "PUT",
                "/api/v1/cadence",
                Some(json!({ "stages": [{ "stage": "active", "days": days }] })),
            )
            .await;
        if ok {
            assert_eq!(st, StatusCode::OK, "{days}: {body}");
            assert_eq!(body["stages"][1]["days"], days);
        } else {
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{days}: {body}");
            assert_eq!(body["errors"][0]["field"], "stages.active", "{body}");
        }
    }
    // No cadence for departed customers; moments' days ahead bounded; unknown modes refused.
    for bad in [
        json!({ "stages": [{ "stage": "departed", "days": 30 }] }),
        json!({ "moments": [{ "moment": "birthday", "mode": "task", "days_ahead": 61 }] }),
        json!({ "moments": [{ "moment": "birthday", "mode": "fireworks", "days_ahead": 1 }] }),
    ] {
        let (st, body) = app
            .api(Role::Manager, "PUT", "/api/v1/cadence", Some(bad))
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let (st, body) = app
        .api(
            Role::Admin,
            "PUT",
            "/api/v1/cadence",
            Some(json!({
                "stages": [{ "stage": "active", "days": 45 }, { "stage": "won-back", "days": null }],
                "moments": [{ "moment": "anniversary", "mode": "message", "days_ahead": 0 }]
            })),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(body["stages"][1]["days"], 45);
    assert!(body["stages"][5]["days"].is_null(), "{body}");
    assert_eq!(body["moments"][1]["mode"], "message");
    // Audited.
    let f = AuditFilter {
        entity: Some("cadence_settings".into()),
        ..Default::default()
    };
    let entries = audit::list(&app.store, &f, 100, 0).await.unwrap().items;
    assert_eq!(entries.len(), 3);
    assert!(
        entries
            .iter()
            .all(|e| e.content.action == "cadence.settings")
    );
}

async fn settings_page(app: TestApp) {
    let r = app.page(Role::Agent, "/settings/cadence", "en").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Contact cadence per stage"));
    assert!(
        !r.body.contains("name=\"stages.active\""),
        "agents read only"
    );
    let r = app.page(Role::Manager, "/settings/cadence", "et").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Kontaktirütm etapi kaupa"));
    let mut fields = vec![
        ("stages.onboarding", "14"),
        ("stages.active", "0"),
        ("stages.at-risk", "14"),
        ("stages.won-back", ""),
        ("moments.birthday.mode", "task"),
        ("moments.birthday.days_ahead", "3"),
        ("moments.anniversary.mode", "off"),
        ("moments.anniversary.days_ahead", "3"),
    ];
    let r = app.form(Role::Manager, "/settings/cadence", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-stages.active\""), "{}", r.body);
    let r = app.form(Role::Agent, "/settings/cadence", &fields).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    fields[1] = ("stages.active", "120");
    let r = app.form(Role::Manager, "/settings/cadence", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = app.store.cadence_settings().await.unwrap();
    assert_eq!(s.stages[1].days, Some(120));
    assert_eq!(s.stages[3].days, None);
}

async fn tasks_and_customer_line(app: TestApp) {
    let agent = app.creds(Role::Agent).user_id.clone();
    let born = (Utc::now() + Duration::days(1)).date_naive();
    let born = NaiveDate::from_ymd_opt(1990, born.month(), born.day())
        .unwrap()
        .to_string();
    let cid = customer(
        &app.store,
        "Mari Maasikas",
        &[("stage", "active"), ("birthday", &born)],
        Some(&agent),
    )
    .await;
    let today = Utc::now().date_naive();
    contact_due_run(&app.store, today + Duration::days(120))
        .await
        .unwrap();
    care_moments_run(&app.store, Utc::now(), "UTC")
        .await
        .unwrap();
    let r = app.page(Role::Agent, "/tasks", "en").await;
    assert!(r.body.contains("Get in touch"), "{}", r.body);
    assert!(r.body.contains("120 days since contact"), "{}", r.body);
    assert!(r.body.contains("Care moment"));
    assert!(r.body.contains("birthday on"));
    let r = app.page(Role::Agent, "/tasks", "zh-CN").await;
    assert!(r.body.contains("联系客户"));
    assert!(r.body.contains("关怀时刻"));
    let r = app
        .page(Role::Viewer, &format!("/customers/{cid}"), "en")
        .await;
    assert!(r.body.contains("id=\"cadence-line\""), "{}", r.body);
    assert!(r.body.contains("Contact every 90 days"));
    assert!(r.body.contains("no contact yet"));
    let (st, page) = app.api(Role::Agent, "GET", "/api/v1/tasks", None).await;
    assert_eq!(st, StatusCode::OK);
    let kinds: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"contact-due") && kinds.contains(&"care-moment"),
        "{kinds:?}"
    );
}

/// Segment overrides through the API and the page: set, refused with the row named, shown,
/// removed by clearing the days; the customer page shows the override's rhythm.
async fn segment_overrides(app: TestApp) {
    let r = app.page(Role::Manager, "/settings/cadence", "en").await;
    assert!(r.body.contains("id=\"no-segments\""), "{}", r.body);
    let (st, seg) = app
        .api(
            Role::Manager,
            "POST",
            "/api/v1/segments",
            Some(json!({"name": "VIP", "filter": {"tags": ["vip"]}})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{seg}");
    let seg = seg["id"].as_str().unwrap().to_string();
    let cid = customer(
        &app.store,
        "Vera Vip",
        &[("stage", "active"), ("tags", "vip")],
        None,
    )
    .await;
    // The API: agents may not; an unknown segment names its entry; a good one is kept.
    let body = |id: &str, days: i64| json!({ "segments": [{ "segment_id": id, "stage": "active", "days": days }] });
    let (st, _) = app
        .api(Role::Agent, "PUT", "/api/v1/cadence", Some(body(&seg, 30)))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    for (b, field) in [
        (body("nope", 30), "segments.0.segment_id"),
        (body(&seg, 0), "segments.0.days"),
    ] {
        let (st, p) = app
            .api(Role::Manager, "PUT", "/api/v1/cadence", Some(b))
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
    let (st, out) = app
        .api(
            Role::Manager,
            "PUT",
            "/api/v1/cadence",
            Some(body(&seg, 30)),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{out}");
    assert_eq!(out["segments"], body(&seg, 30)["segments"]);
    // A change without `segments` keeps them.
    let (_, out) = app
        .api(
            Role::Manager,
            "PUT",
            "/api/v1/cadence",
            Some(json!({ "stages": [{ "stage": "active", "days": 60 }] })),
        )
        .await;
    assert_eq!(out["segments"][0]["days"], 30);
    let r = app
        .page(Role::Viewer, &format!("/customers/{cid}"), "en")
        .await;
    assert!(r.body.contains("Contact every 30 days"), "{}", r.body);

    // The page: the override's row and blank rows; readers see it without inputs.
    let r = app.page(Role::Agent, "/settings/cadence", "zh-CN").await;
    assert!(r.body.contains("按客户分群设置联系节奏"));
    assert!(r.body.contains("<td>VIP</td>"), "{}", r.body);
    assert!(!r.body.contains("name=\"segments.0.days\""));
    let r = app.page(Role::Manager, "/settings/cadence", "en").await;
    assert!(
        r.body
            .contains("name=\"segments.0.days\" min=\"1\" max=\"3650\" step=\"1\" value=\"30\"")
    );
    assert!(
        r.body.contains("name=\"segments.2.days\""),
        "two blank rows"
    );
    let mut fields = vec![
        ("stages.onboarding", "14"),
        ("stages.active", "60"),
        ("stages.at-risk", "14"),
        ("stages.won-back", "30"),
        ("moments.birthday.mode", "task"),
        ("moments.birthday.days_ahead", "3"),
        ("moments.anniversary.mode", "task"),
        ("moments.anniversary.days_ahead", "3"),
        ("segments.0.segment_id", seg.as_str()),
        ("segments.0.stage", "active"),
        ("segments.0.days", "30"),
        ("segments.1.segment_id", ""),
        ("segments.1.stage", "active"),
        ("segments.1.days", ""),
        ("segments.2.segment_id", seg.as_str()),
        ("segments.2.stage", "at-risk"),
        ("segments.2.days", "5000"),
    ];
    let r = app.form(Role::Manager, "/settings/cadence", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-segments.2\""), "{}", r.body);
    assert!(
        r.body.contains("href=\"#f-segments.2.days\">Days</a>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"5000\""), "typed value kept");
    fields[16] = ("segments.2.days", "7");
    let r = app.form(Role::Manager, "/settings/cadence", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.store.cadence_settings().await.unwrap().segments.len(),
        2
    );
    // Clearing the days removes the override.
    fields[10] = ("segments.0.days", "");
    fields[16] = ("segments.2.days", "");
    let r = app.form(Role::Manager, "/settings/cadence", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        app.store
            .cadence_settings()
            .await
            .unwrap()
            .segments
            .is_empty()
    );
    let r = app.page(Role::Agent, "/settings/cadence", "et").await;
    assert!(r.body.contains("id=\"no-overrides\""), "{}", r.body);
}

engines!(TestApp:
    segment_overrides,
    settings_api_roles_and_validation,
    settings_page,
    tasks_and_customer_line,
);

/// Birthday messages are marketing: sent with explicit consent only, through the outbox.
async fn birthday_messages_respect_consent(db: &Db) {
    let s = &db.store;
    let mut set = s.cadence_settings().await.unwrap();
    set.moments[0].mode = carewell_domain::cadence::MomentMode::Message;
    s.set_cadence_settings(&Actor::cli(), &set).await.unwrap();
    let day = (Utc::now() + Duration::days(1)).date_naive();
    let born = NaiveDate::from_ymd_opt(1985, day.month(), day.day())
        .unwrap()
        .to_string();
    let fields = |consent: &'static str| {
        let mut v = vec![("birthday", born.clone()), ("timezone", "UTC".to_string())];
        if !consent.is_empty() {
            v.push(("consent_email", consent.to_string()));
        }
        v
    };
    let mut ids = Vec::new();
    for (name, consent) in [("Yes Yvonne", "yes"), ("Never Nils", ""), ("No Nora", "no")] {
        let mut f: Vec<(&str, String)> = fields(consent);
        let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
        f.push(("email", email));
        let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        ids.push(customer(s, name, &refs, None).await);
    }
    let at = Utc.from_utc_datetime(&day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap()));
    let r = care_moments_run(s, at, "UTC").await.unwrap();
    assert_eq!((r.messages, r.tasks), (3, 0));
    // A second run (or a second server) sends nothing more.
    assert_eq!(care_moments_run(s, at, "UTC").await.unwrap().messages, 0);
    let sink = SmtpSink::start().await;
    let d = Deliverer::new(s.clone(), &msg_support::config(&db.url, &sink)).unwrap();
    d.run_once(at + Duration::minutes(1)).await.unwrap();
    let key = |i: usize| format!("care:{}:birthday:{}", ids[i], day.year());
    let status = |k: String| async move {
        let m = outbox::by_key(s, &k).await.unwrap().unwrap();
        (m.status, m.class, m.reason.unwrap_or_default())
    };
    assert_eq!(status(key(0)).await.0, "sent");
    assert_eq!(status(key(0)).await.1, "marketing");
    let (st, _, why) = status(key(1)).await;
    assert_eq!(st, "dropped");
    assert!(why.contains("consent"), "{why}");
    assert_eq!(status(key(2)).await.0, "dropped");
    let mails = sink.mails();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].subject.contains("Happy birthday, Yes Yvonne"),
        "{:?}",
        mails[0]
    );
}

engines!(&Db: birthday_messages_respect_consent);
