//! Outbound messaging on SQLite and PostgreSQL: the transactional outbox, consent / caps /
//! quiet hours, SMTP delivery to a real sink in the customer's language, signed webhooks
//! verified by a real receiver, retry with backoff then dead letter, admin retry, the API and
//! pages, the Fluent catalogue, and a kill -9 crash test of the real `carewell worker` binary.

use crate::msg_support as support;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::kernel::state::AppState;
use carewell::messaging::deliver::{Deliverer, message_id};
use carewell::messaging::webhook::new_secret;
use carewell_domain::customer::CustomerInput;
use carewell_domain::email::Email;
use carewell_domain::messaging::MessageClass;
use carewell_domain::role::Role;
use carewell_store::outbox::{self, NewMessage};
use carewell_store::{Actor, Store, audit};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::Ordering;
use support::{Db, Receiver, SmtpSink};
use tower::ServiceExt;

async fn customer(
    s: &Store,
    name: &str,
    lang: &str,
    tz: &str,
    consent_email: Option<&str>,
) -> String {
    let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
    let mut pairs = vec![
        ("name", name),
        ("language", lang),
        ("timezone", tz),
        ("email", email.as_str()),
    ];
    if let Some(c) = consent_email {
        pairs.push(("consent_email", c));
    }
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.clone().into_iter(),
    )
    .unwrap();
    s.create_customer(&Actor::cli(), &input, None)
        .await
        .unwrap()
        .id
}

async fn email_to(s: &Store, key: &str, cid: &str, class: MessageClass, template: &str) -> String {
    let c = s.customer(cid).await.unwrap();
    let msg = NewMessage::email(
        key,
        c.email.as_deref().unwrap_or_default(),
        &c.language,
        class,
        "care.checkin",
        template,
        json!({"name": c.name, "agent": "Mari", "end_date": "2027-01-31", "link": "https://x.test/n"}),
    )
    .for_customer(cid);
    let mut tx = s.begin().await.unwrap();
    let id = outbox::enqueue(&mut tx, &msg).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    id
}

/// Tomorrow at `h:m` UTC: later than any message's enqueue time, so every message is due.
fn tomorrow(h: u32, m: u32) -> DateTime<Utc> {
    let d = (Utc::now() + Duration::days(1)).date_naive();
    Utc.from_utc_datetime(&d.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()))
}

fn deliverer(
    db: &Db,
    sink: &SmtpSink,
    f: impl FnOnce(&mut carewell::kernel::config::Config),
) -> Deliverer {
    let mut c = support::config(&db.url, sink);
    f(&mut c);
    Deliverer::new(db.store.clone(), &c).unwrap()
}

async fn outbox_is_transactional(db: &Db) {
    let s = &db.store;
    let cid = customer(s, "Ann Tamm", "et", "UTC", Some("yes")).await;
    let c = s.customer(&cid).await.unwrap();
    let msg = NewMessage::email(
        "cause-1",
        "ann@example.com",
        &c.language,
        MessageClass::Service,
        "x",
        "msg-test",
        json!({}),
    )
    .for_customer(&cid);
    let audit_before = audit::list(s, &Default::default(), 1, 0)
        .await
        .unwrap()
        .total;
    {
        // The cause (an audited change) and its message roll back together.
        let mut tx = s.begin().await.unwrap();
        audit::append(
            &mut tx,
            &Actor::cli(),
            "thing.change",
            "thing",
            "t1",
            &json!({}),
            &json!({}),
        )
        .await
        .unwrap();
        assert!(outbox::enqueue(&mut tx, &msg).await.unwrap().is_some());
        drop(tx);
    }
    assert!(outbox::by_key(s, "cause-1").await.unwrap().is_none());
    assert_eq!(
        audit::list(s, &Default::default(), 1, 0)
            .await
            .unwrap()
            .total,
        audit_before
    );
    let mut tx = s.begin().await.unwrap();
    audit::append(
        &mut tx,
        &Actor::cli(),
        "thing.change",
        "thing",
        "t1",
        &json!({}),
        &json!({}),
    )
    .await
    .unwrap();
    let id = outbox::enqueue(&mut tx, &msg).await.unwrap().unwrap();
    // The same intent again, in the same or a later transaction, is a no-op.
    assert!(outbox::enqueue(&mut tx, &msg).await.unwrap().is_none());
    tx.commit().await.unwrap();
    let mut tx = s.begin().await.unwrap();
    assert!(outbox::enqueue(&mut tx, &msg).await.unwrap().is_none());
    tx.commit().await.unwrap();
    let m = outbox::get(s, &id).await.unwrap();
    assert_eq!(
        (m.status.as_str(), m.customer_id.as_deref()),
        ("queued", Some(cid.as_str()))
    );
    // No recipient: kept as dropped with the reason, never lost silently.
    let mut nobody = msg.clone();
    nobody.idempotency_key = "cause-2".into();
    nobody.recipient = String::new();
    let mut tx = s.begin().await.unwrap();
    let id2 = outbox::enqueue(&mut tx, &nobody).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    let m2 = outbox::get(s, &id2).await.unwrap();
    assert_eq!(
        (m2.status.as_str(), m2.reason.as_deref()),
        ("dropped", Some("no email recipient"))
    );
}
async fn smtp_delivery_in_the_customers_language(db: &Db) {
    let sink = SmtpSink::start().await;
    let s = &db.store;
    let zh = customer(s, "Li Wei", "zh-CN", "Asia/Shanghai", Some("yes")).await;
    let et = customer(s, "Mari Kask", "et-EE", "Europe/Tallinn", Some("yes")).await;
    let fr = customer(s, "Jean Dupont", "fr", "Europe/Paris", Some("yes")).await;
    for (k, c) in [("k-zh", &zh), ("k-et", &et), ("k-fr", &fr)] {
        email_to(s, k, c, MessageClass::Marketing, "msg-care-checkin").await;
    }
    let d = deliverer(db, &sink, |_| {});
    // 10:00 UTC: daytime in Shanghai (18:00), Tallinn and Paris.
    assert_eq!(d.run_once(tomorrow(10, 0)).await.unwrap(), 3);
    let mails = sink.mails();
    assert_eq!(mails.len(), 3);
    let by_to: HashMap<String, &support::Mail> =
        mails.iter().map(|m| (m.to[0].clone(), m)).collect();
    assert_eq!(
        by_to["<li.wei@example.com>"].subject,
        "Li Wei，近来一切可好？"
    );
    assert_eq!(
        by_to["<mari.kask@example.com>"].subject,
        "Kuidas läheb, Mari Kask?"
    );
    assert_eq!(
        by_to["<jean.dupont@example.com>"].subject,
        "How are things going, Jean Dupont?"
    );
    let from: lettre::message::Mailbox = "Carewell <care@carewell.test>".parse().unwrap();
    assert_eq!(
        by_to["<li.wei@example.com>"].message_id,
        message_id("k-zh", &from)
    );
    assert_eq!(by_to["<li.wei@example.com>"].from, "<care@carewell.test>");
    for k in ["k-zh", "k-et", "k-fr"] {
        let m = outbox::by_key(s, k).await.unwrap().unwrap();
        assert_eq!((m.status.as_str(), m.attempts), ("sent", 1));
        let h: Vec<String> = outbox::history(s, &m.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.status)
            .collect();
        assert_eq!(h, vec!["queued", "sent"]);
    }
    // Nothing due: nothing sent again.
    assert_eq!(d.run_once(tomorrow(11, 0)).await.unwrap(), 0);
    assert_eq!(sink.count(), 3);
}
async fn consent_caps_and_quiet_hours(db: &Db) {
    let sink = SmtpSink::start().await;
    let s = &db.store;
    let d = deliverer(db, &sink, |c| {
        c.message_cap = 1;
        c.message_cap_days = 7;
        c.quiet_hours = "21:00-08:00".into();
    });
    let never_asked = customer(s, "Nora Never", "en", "Europe/Tallinn", None).await;
    let refused = customer(s, "Rita Refused", "en", "Europe/Tallinn", Some("no")).await;
    let happy = customer(s, "Hugo Happy", "en", "Europe/Tallinn", Some("yes")).await;
    let noon = tomorrow(10, 0); // 12:00 or 13:00 in Tallinn
    email_to(
        s,
        "mk-never",
        &never_asked,
        MessageClass::Marketing,
        "msg-care-checkin",
    )
    .await;
    email_to(
        s,
        "mk-refused",
        &refused,
        MessageClass::Marketing,
        "msg-care-checkin",
    )
    .await;
    email_to(
        s,
        "sv-refused",
        &refused,
        MessageClass::Service,
        "msg-care-checkin",
    )
    .await;
    email_to(
        s,
        "lg-refused",
        &refused,
        MessageClass::Legal,
        "msg-offboarding-notice",
    )
    .await;
    email_to(
        s,
        "sv-never",
        &never_asked,
        MessageClass::Service,
        "msg-care-checkin",
    )
    .await;
    email_to(
        s,
        "mk-happy-1",
        &happy,
        MessageClass::Marketing,
        "msg-care-checkin",
    )
    .await;
    d.run_once(noon).await.unwrap();
    // Capped messages to one customer are decided oldest first; a younger one waits a moment.
    d.run_once(noon + Duration::seconds(10)).await.unwrap();
    let st = |k: &'static str| async move {
        let m = outbox::by_key(s, k).await.unwrap().unwrap();
        (m.status, m.reason.unwrap_or_default(), m.next_attempt_at)
    };
    let (a, why, _) = st("mk-never").await;
    assert_eq!(a, "dropped");
    assert!(why.contains("no explicit marketing consent"), "{why}");
    assert_eq!(st("mk-refused").await.0, "dropped");
    assert_eq!(st("sv-refused").await.0, "dropped");
    // A legal notice goes out on e-mail even without consent: the law requires it.
    assert_eq!(st("lg-refused").await.0, "sent");
    assert_eq!(st("sv-never").await.0, "sent");
    assert_eq!(st("mk-happy-1").await.0, "sent");

    // The cap (1 per 7 days) holds the next marketing message back to when a slot frees.
    email_to(
        s,
        "mk-happy-2",
        &happy,
        MessageClass::Marketing,
        "msg-care-checkin",
    )
    .await;
    // A service message about the customer's own case is not held back by the full cap.
    email_to(
        s,
        "sv-happy",
        &happy,
        MessageClass::Service,
        "msg-care-checkin",
    )
    .await;
    d.run_once(noon).await.unwrap();
    let (a, why, next) = st("mk-happy-2").await;
    assert_eq!(a, "deferred");
    assert!(why.contains("frequency cap"), "{why}");
    assert_eq!(st("sv-happy").await.0, "sent");
    let first_sent = outbox::by_key(s, "mk-happy-1")
        .await
        .unwrap()
        .unwrap()
        .sent_at
        .unwrap();
    let next = DateTime::parse_from_rfc3339(&next)
        .unwrap()
        .with_timezone(&Utc);
    let first = DateTime::parse_from_rfc3339(&first_sent)
        .unwrap()
        .with_timezone(&Utc);
    assert!(next >= first + Duration::days(7), "{next} vs {first}");
    let local = next.with_timezone(&chrono_tz::Europe::Tallinn).time();
    assert!(
        local >= NaiveTime::from_hms_opt(8, 0, 0).unwrap()
            && local < NaiveTime::from_hms_opt(21, 0, 0).unwrap()
    );
    // Deferral is not a failed attempt.
    assert_eq!(
        outbox::by_key(s, "mk-happy-2")
            .await
            .unwrap()
            .unwrap()
            .attempts,
        0
    );
    // A legal notice bypasses the cap.
    email_to(
        s,
        "lg-happy",
        &happy,
        MessageClass::Legal,
        "msg-offboarding-notice",
    )
    .await;
    d.run_once(noon).await.unwrap();
    assert_eq!(st("lg-happy").await.0, "sent");

    // Quiet hours in the customer's zone: 20:30 UTC is 22:30/23:30 in Tallinn.
    let night_owl = customer(s, "Olga Owl", "en", "Europe/Tallinn", Some("yes")).await;
    email_to(
        s,
        "sv-night",
        &night_owl,
        MessageClass::Service,
        "msg-care-checkin",
    )
    .await;
    email_to(
        s,
        "lg-night",
        &night_owl,
        MessageClass::Legal,
        "msg-offboarding-notice",
    )
    .await;
    d.run_once(tomorrow(20, 30)).await.unwrap();
    let (a, why, next) = st("sv-night").await;
    assert_eq!(
        (a.as_str(), why.as_str()),
        ("deferred", "quiet hours in the customer's time zone")
    );
    let next = DateTime::parse_from_rfc3339(&next)
        .unwrap()
        .with_timezone(&chrono_tz::Europe::Tallinn);
    assert_eq!(next.time(), NaiveTime::from_hms_opt(8, 0, 0).unwrap());
    assert_eq!(st("lg-night").await.0, "sent");
    // When the quiet hours end it goes out.
    d.run_once(next.with_timezone(&Utc)).await.unwrap();
    assert_eq!(st("sv-night").await.0, "sent");
    // Every decision is in the delivery log with its reason.
    let m = outbox::by_key(s, "sv-night").await.unwrap().unwrap();
    let h: Vec<(String, Option<String>)> = outbox::history(s, &m.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.status, e.reason))
        .collect();
    assert_eq!(
        h[1],
        (
            "deferred".into(),
            Some("quiet hours in the customer's time zone".into())
        )
    );
    assert_eq!(h.last().unwrap().0, "sent");
    // What reached the sink: exactly the sent ones (six plus the uncapped service message).
    assert_eq!(sink.count(), 7);
}
async fn endpoint(db: &Db, rec: &Receiver, events: &[&str]) -> String {
    let secret = new_secret();
    *rec.secret.lock().unwrap() = secret.clone();
    let types: Vec<String> = events.iter().map(|e| e.to_string()).collect();
    db.store
        .create_webhook_endpoint(&Actor::cli(), &rec.url, &secret, &types, "test")
        .await
        .unwrap()
        .id
}

async fn signed_webhooks(db: &Db) {
    let sink = SmtpSink::start().await;
    let rec = Receiver::start().await;
    let other = Receiver::start().await;
    let _ignored = endpoint(db, &other, &["incident.updated"]).await;
    let ep = endpoint(db, &rec, &["complaint.created"]).await;
    let payload = json!({"complaint_id": "c-1", "severity": "high"});
    let mut tx = db.store.begin().await.unwrap();
    let ids = outbox::enqueue_event(
        &mut tx,
        "complaint-created:c-1",
        "complaint.created",
        &payload,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ids.len(), 1, "only the subscribed endpoint");
    let d = deliverer(db, &sink, |_| {});
    d.run_once(Utc::now() + Duration::seconds(1)).await.unwrap();
    let hits = rec.hits();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].valid, "signature did not verify");
    assert_eq!(hits[0].id, format!("complaint-created:c-1:{ep}"));
    assert_eq!(hits[0].body["type"], "complaint.created");
    assert_eq!(hits[0].body["data"], payload);
    assert_eq!(other.count(), 0);
    assert_eq!(
        outbox::get(&db.store, &ids[0]).await.unwrap().status,
        "sent"
    );

    // A message still queued for an endpoint that gets disabled is dropped with the reason.
    let mut tx = db.store.begin().await.unwrap();
    let ids = outbox::enqueue_event(
        &mut tx,
        "complaint-created:c-2",
        "complaint.created",
        &payload,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    db.store
        .set_webhook_active(&Actor::cli(), &ep, false)
        .await
        .unwrap();
    d.run_once(Utc::now() + Duration::seconds(1)).await.unwrap();
    let m = outbox::get(&db.store, &ids[0]).await.unwrap();
    assert_eq!(
        (m.status.as_str(), m.reason.as_deref()),
        ("dropped", Some("webhook endpoint disabled"))
    );
    assert_eq!(rec.count(), 1);
}
/// A test app: an admin and an agent with API tokens.
async fn app(db: &Db, sink: &SmtpSink) -> (axum::Router, String, String) {
    let hash = carewell::admin::password::hash("test-password-123").unwrap();
    let mut tokens = Vec::new();
    for role in [Role::Admin, Role::Agent] {
        let email = Email::parse(&format!("{role}@example.com")).unwrap();
        let u = db
            .store
            .create_user(&Actor::cli(), &email, role.as_str(), role, &hash)
            .await
            .unwrap();
        tokens.push(
            db.store
                .create_api_token(&Actor::cli(), &u.id, "t")
                .await
                .unwrap(),
        );
    }
    let mut config = support::config(&db.url, sink);
    config.smtp_username = "mailer".into();
    config.smtp_password = "hunter2-secret".into();
    let router = carewell::app::router(AppState::new(db.store.clone(), config));
    (router, tokens.remove(0), tokens.remove(0))
}

async fn call(
    router: &axum::Router,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some(v) => {
            b = b.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    let res = router.clone().oneshot(b.body(body).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn failure_backoff_dead_and_admin_retry(db: &Db) {
    let sink = SmtpSink::start().await;
    let rec = Receiver::start().await;
    rec.status.store(500, Ordering::SeqCst);
    // The customer first: an endpoint for all events would also get its customer.created.
    let cid = customer(&db.store, "Walter Web", "en", "UTC", Some("yes")).await;
    let ep = endpoint(db, &rec, &[]).await;
    let mut msg = NewMessage::webhook("sms:w-1", &ep, "care.sms", json!({"text": "hi"}));
    msg.max_attempts = 3;
    msg.customer_id = Some(cid.clone());
    let mut tx = db.store.begin().await.unwrap();
    let id = outbox::enqueue(&mut tx, &msg).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    let d = deliverer(db, &sink, |c| c.retry_base_secs = 60);
    let mut now = Utc::now() + Duration::seconds(1);
    for attempt in 1..=3i64 {
        assert_eq!(d.run_once(now).await.unwrap(), 1, "attempt {attempt}");
        let m = outbox::get(&db.store, &id).await.unwrap();
        assert_eq!(m.attempts, attempt);
        if attempt < 3 {
            assert_eq!(
                (m.status.as_str(), m.reason.as_deref()),
                ("failed", Some("HTTP 500 Internal Server Error"))
            );
            let delay = Duration::seconds(60 << (attempt - 1));
            assert_eq!(
                m.next_attempt_at,
                carewell_domain::time::fmt_ts(now + delay)
            );
            assert_eq!(
                d.run_once(now + delay - Duration::seconds(1))
                    .await
                    .unwrap(),
                0,
                "retried early"
            );
            now += delay;
        } else {
            assert_eq!(m.status, "dead");
        }
    }
    assert_eq!(d.run_once(now + Duration::days(30)).await.unwrap(), 0);

    // SMTP refusing is a failure too.
    sink.fail.store(true, Ordering::SeqCst);
    let eid = email_to(
        &db.store,
        "smtp-fail",
        &cid,
        MessageClass::Service,
        "msg-care-checkin",
    )
    .await;
    d.run_once(tomorrow(12, 0)).await.unwrap();
    let m = outbox::get(&db.store, &eid).await.unwrap();
    assert_eq!(m.status, "failed");
    assert!(m.reason.unwrap().contains("SMTP"));

    // Only an admin may retry the dead message; the same webhook-id goes out again.
    let (router, admin, agent) = app(db, &sink).await;
    let (_, html) = call(
        &router,
        &admin,
        "GET",
        &format!("/customers/{cid}/messages"),
        None,
    )
    .await;
    assert!(
        html.contains(&format!("/messages/{id}/retry")),
        "no retry button for the dead message"
    );
    let path = format!("/api/v1/messages/{id}/retry");
    assert_eq!(
        call(&router, &agent, "POST", &path, None).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = call(&router, &admin, "POST", &path, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        call(&router, &admin, "POST", &path, None).await.0,
        StatusCode::CONFLICT
    );
    rec.status.store(200, Ordering::SeqCst);
    d.run_once(Utc::now() + Duration::seconds(1)).await.unwrap();
    assert_eq!(outbox::get(&db.store, &id).await.unwrap().status, "sent");
    let hits = rec.hits();
    assert_eq!(hits.len(), 4);
    assert!(hits.iter().all(|h| h.valid && h.id == "sms:w-1"));
    // The log API shows the whole story.
    let (status, body) = call(
        &router,
        &agent,
        "GET",
        &format!("/api/v1/messages/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let v: Value = serde_json::from_str(&body).unwrap();
    let statuses: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        vec!["queued", "failed", "failed", "dead", "queued", "sent"]
    );
    let (_, body) = call(
        &router,
        &agent,
        "GET",
        &format!("/api/v1/customers/{cid}/messages"),
        None,
    )
    .await;
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["total"], 2);
    assert!(db.store.verify_audit().await.unwrap().is_ok());
    let trail = audit::list(&db.store, &Default::default(), 100, 0)
        .await
        .unwrap();
    let actions: BTreeSet<String> = trail.items.into_iter().map(|e| e.content.action).collect();
    assert!(
        actions.contains("message.dead") && actions.contains("message.retry"),
        "{actions:?}"
    );
}
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_settings_endpoints_and_test_message() {
    let db = support::sqlite().await;
    let sink = SmtpSink::start().await;
    let (router, admin, agent) = app(&db, &sink).await;
    let cid = customer(&db.store, "Paula Page", "et", "Europe/Tallinn", Some("yes")).await;
    email_to(
        &db.store,
        "p-1",
        &cid,
        MessageClass::Marketing,
        "msg-care-checkin",
    )
    .await;
    let (status, html) = call(
        &router,
        &agent,
        "GET",
        &format!("/customers/{cid}/messages"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("care.checkin") && html.contains("data-status=\"queued\""),
        "{html}"
    );
    assert!(!html.contains("/retry"), "agents get no retry button");
    assert_eq!(
        call(&router, &agent, "GET", "/settings/messaging", None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, html) = call(&router, &admin, "GET", "/settings/messaging", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("***") && !html.contains("hunter2"),
        "password shown"
    );
    let (_, settings) = call(&router, &admin, "GET", "/api/v1/messaging/settings", None).await;
    assert!(settings.contains("\"smtp_password\":\"***\"") && !settings.contains("hunter2"));
    // Endpoints: the secret is returned once, never listed.
    let (status, body) = call(
        &router,
        &admin,
        "POST",
        "/api/v1/webhook-endpoints",
        Some(json!({"url": "ftp://x"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = call(
        &router,
        &admin,
        "POST",
        "/api/v1/webhook-endpoints",
        Some(json!({"url": "https://gateway.example/sms", "event_types": ["care.sms"]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains("'care.sms' is not one of customer.created"),
        "{body}"
    );
    let (status, body) = call(
        &router,
        &admin,
        "POST",
        "/api/v1/webhook-endpoints",
        Some(json!({"url": "https://gateway.example/sms", "event_types": ["complaint.created"], "description": "SMS"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    assert!(created["secret"].as_str().unwrap().starts_with("whsec_"));
    let (_, list) = call(&router, &admin, "GET", "/api/v1/webhook-endpoints", None).await;
    assert!(list.contains("gateway.example") && !list.contains("whsec_"));
    let ep = created["id"].as_str().unwrap();
    let (status, body) = call(
        &router,
        &admin,
        "PUT",
        &format!("/api/v1/webhook-endpoints/{ep}/active"),
        Some(json!({"active": false})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"active\":false"));
    // The settings page form: the new secret is shown once, then never again.
    let form = Request::builder()
        .method("POST")
        .uri("/settings/messaging/webhooks")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "url=https%3A%2F%2Fim.example%2Fhook&event_types=customer.created&event_types=complaint.created&description=IM",
        ))
        .unwrap();
    let res = router.clone().oneshot(form).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html =
        String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes()).into_owned();
    assert!(
        html.contains("id=\"new-secret\"") && html.contains("whsec_"),
        "{html}"
    );
    assert!(html.contains("Complaint filed, Customer created"), "{html}");
    let (_, html) = call(&router, &admin, "GET", "/settings/messaging", None).await;
    assert!(html.contains("im.example") && !html.contains("whsec_"));
    // The form offers the event catalogue as checkboxes, `*` (all) first.
    for t in [
        "*",
        "customer.created",
        "complaint.status_changed",
        "client_fit.decided",
    ] {
        assert!(
            html.contains(&format!("name=\"event_types\" value=\"{t}\"")),
            "{t}"
        );
    }
    // The test message goes through the outbox to the sink.
    let (status, body) = call(
        &router,
        &admin,
        "POST",
        "/api/v1/messaging/test",
        Some(json!({"to": "ops@example.com"})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let d = deliverer(&db, &sink, |_| {});
    d.run_once(Utc::now() + Duration::seconds(1)).await.unwrap();
    assert!(
        sink.mails()
            .iter()
            .any(|m| m.subject == "Carewell test message")
    );
    // Mutations are audited.
    let trail = audit::list(&db.store, &Default::default(), 100, 0)
        .await
        .unwrap();
    let actions: BTreeSet<String> = trail.items.into_iter().map(|e| e.content.action).collect();
    for a in ["webhook.create", "webhook.disable", "message.enqueue"] {
        assert!(actions.contains(a), "{a} not audited: {actions:?}");
    }
    // The OpenAPI document lists the messaging API.
    let (_, doc) = call(&router, &admin, "GET", "/api/v1/openapi.json", None).await;
    assert!(
        doc.contains("/api/v1/customers/{id}/messages")
            && doc.contains("/api/v1/messages/{id}/retry")
    );
}

#[test]
fn smtp_password_is_redacted_in_debug() {
    let c = carewell::kernel::config::Config {
        smtp_password: "hunter2-secret".into(),
        ..Default::default()
    };
    let dbg = format!("{c:?}");
    assert!(
        !dbg.contains("hunter2") && dbg.contains("smtp_password: \"***\""),
        "{dbg}"
    );
}

/// Every `.ftl` file exists in every shipped language, with the same message ids.
#[test]
fn fluent_catalogues_have_the_same_keys_in_every_language() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let langs = ["en", "zh-CN", "et"];
    let mut files: BTreeSet<String> = BTreeSet::new();
    for l in langs {
        for e in std::fs::read_dir(root.join(l)).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".ftl") {
                files.insert(name);
            }
        }
    }
    assert!(files.contains("messages.ftl"));
    let mut problems = Vec::new();
    for f in &files {
        let mut keys: Vec<(&str, BTreeSet<String>)> = Vec::new();
        for l in langs {
            let Ok(text) = std::fs::read_to_string(root.join(l).join(f)) else {
                problems.push(format!("{l}/{f} is missing"));
                continue;
            };
            let ids: BTreeSet<String> = text
                .lines()
                .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-'))
                .filter_map(|line| line.split_once('=').map(|(k, _)| k.trim().to_string()))
                .collect();
            keys.push((l, ids));
        }
        for (l, ids) in &keys[1.min(keys.len())..] {
            let (_, en) = &keys[0];
            for k in en.difference(ids) {
                problems.push(format!("{l}/{f} lacks {k}"));
            }
            for k in ids.difference(en) {
                problems.push(format!("{l}/{f} has {k}, {}/{f} does not", keys[0].0));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Starts `carewell worker` on `url` with the sink and receiver configured.
fn spawn_worker(url: &str, sink: &SmtpSink) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_carewell"))
        .arg("worker")
        .env("CAREWELL_CONFIG", "/nonexistent/carewell.toml")
        .env("CAREWELL_DATABASE_URL", url)
        .env("CAREWELL_SMTP_HOST", "127.0.0.1")
        .env("CAREWELL_SMTP_PORT", sink.addr.port().to_string())
        .env("CAREWELL_SMTP_TLS", "none")
        .env("CAREWELL_MAIL_FROM", "care@carewell.test")
        .env("CAREWELL_WORKER_LEASE_SECS", "3")
        .env("CAREWELL_RETRY_BASE_SECS", "1")
        .env("CAREWELL_WORKER_POLL_MS", "50")
        // The receiver listens on loopback.
        .env("CAREWELL_WEBHOOK_ALLOW_HOSTS", r#"["127.0.0.1"]"#)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// kill -9 the real worker mid-delivery, start it again: every message arrives, and no
/// idempotency key is lost; duplicates (same Message-ID / webhook-id) only come from the
/// window between the receiver's acceptance and the `sent` commit, at most one per message in
/// flight at the kill.
async fn crash_and_restart(db: &Db) {
    const EACH: usize = 100;
    let sink = SmtpSink::start().await;
    let rec = Receiver::start().await;
    sink.delay_ms.store(8, Ordering::SeqCst);
    rec.delay_ms.store(8, Ordering::SeqCst);
    let ep = endpoint(db, &rec, &[]).await;
    let mut tx = db.store.begin().await.unwrap();
    for i in 0..EACH {
        let m = NewMessage::email(
            format!("crash-mail-{i}"),
            &format!("c{i}@example.com"),
            "en",
            MessageClass::Legal,
            "t",
            "msg-test",
            json!({"sender": "crash"}),
        );
        outbox::enqueue(&mut tx, &m).await.unwrap();
        let w = NewMessage::webhook(format!("crash-hook-{i}"), &ep, "t", json!({"i": i}));
        outbox::enqueue(&mut tx, &w).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut child = spawn_worker(&db.url, &sink);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while sink.count() + rec.count() < (2 * EACH) / 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "worker made no progress"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let at_kill = sink.count() + rec.count();
    let in_flight = outbox::count(&db.store, "sending").await.unwrap();
    assert!(
        at_kill < 2 * EACH,
        "the worker finished before the kill; slow the sink down"
    );
    let mut child = spawn_worker(&db.url, &sink);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    loop {
        let sent = outbox::count(&db.store, "sent").await.unwrap();
        if sent == 2 * EACH as i64 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "only {sent} sent after restart"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let mails = sink.mails();
    let hits = rec.hits();
    let mail_ids: HashSet<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
    let hook_ids: HashSet<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(mail_ids.len(), EACH, "a mail is missing");
    assert_eq!(hook_ids.len(), EACH, "a webhook is missing");
    assert!(hits.iter().all(|h| h.valid));
    let from: lettre::message::Mailbox = "care@carewell.test".parse().unwrap();
    for i in 0..EACH {
        assert!(mail_ids.contains(message_id(&format!("crash-mail-{i}"), &from).as_str()));
        assert!(hook_ids.contains(format!("crash-hook-{i}").as_str()));
    }
    let dup = (mails.len() - EACH) + (hits.len() - EACH);
    println!(
        "crash test: {at_kill} delivered before kill -9, {in_flight} in flight, {} mails / {} webhooks received, {dup} duplicate deliveries (deduplicated by id)",
        mails.len(),
        hits.len()
    );
    assert!(
        dup as i64 <= in_flight,
        "more duplicates ({dup}) than messages in flight ({in_flight})"
    );
}

engines!(&Db:
    outbox_is_transactional,
    smtp_delivery_in_the_customers_language,
    consent_caps_and_quiet_hours,
    signed_webhooks,
    failure_backoff_dead_and_admin_retry,
    crash_and_restart,
);
