//! Integration events on SQLite and PostgreSQL: real store changes (customer, complaint,
//! compensation) emit catalogue events in their own transaction; a real Standard Webhooks
//! receiver on loopback verifies every signature and gets the types in order, with ids and
//! state only (no personal data); an endpoint subscribed to one type gets only that type; a
//! rolled-back or refused change emits nothing.

use crate::msg_support as support;
use carewell::messaging::deliver::Deliverer;
use carewell::messaging::webhook::new_secret;
use carewell_domain::client_fit::Recommendation;
use carewell_domain::complaint::ComplaintInput;
use carewell_domain::complaint::workflow::Action;
use carewell_domain::customer::CustomerInput;
use carewell_domain::events::EventType;
use carewell_domain::ledger::{EntryKind, NewEntry, SourceKind};
use carewell_domain::money::{Currency, Money};
use carewell_domain::offboarding::notice::Timeline;
use carewell_domain::offboarding::{ContactKind, Initiator, Letter, Part, Reason};
use carewell_store::offboarding::NewCase;
use carewell_store::{Actor, Clearance, events, outbox};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;
use support::{Db, Receiver, SmtpSink};

fn actor(id: &str) -> Actor {
    Actor {
        id: id.into(),
        label: format!("{id}@staff.test"),
    }
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

/// Personal data the change carries; none of it may reach a webhook body.
const PERSONAL: [&str; 5] = [
    "Secretname",
    "ann.secretname",
    "+372 5555 1234",
    "my private story",
    "double charge",
];

async fn events_reach_subscribers(db: &Db) {
    let s = &db.store;
    let sink = SmtpSink::start().await;
    let all = Receiver::start().await;
    let one = Receiver::start().await;
    endpoint(db, &all, &["*"]).await;
    endpoint(db, &one, &["complaint.status_changed"]).await;
    let d = Deliverer::new(s.clone(), &support::config(&db.url, &sink)).unwrap();
    let deliver = || async { d.run_once(Utc::now() + Duration::seconds(1)).await.unwrap() };

    let pairs = [
        ("name", "Ann Secretname"),
        ("language", "et"),
        ("email", "ann.secretname@example.com"),
        ("phone", "+372 5555 1234"),
    ];
    let person = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap();
    let cu = s
        .create_customer(&actor("agent"), &person, None)
        .await
        .unwrap();
    deliver().await;
    let input = ComplaintInput::parse(
        &cu.id,
        "email",
        "billing",
        "high",
        Some("Billing"),
        "my private story",
        vec![],
    )
    .unwrap();
    let c = s
        .create_complaint(&actor("agent"), &input, None)
        .await
        .unwrap();
    deliver().await;
    let moved = s
        .transition_complaint(
            &actor("agent"),
            &c.id,
            &Action::Acknowledge { note: None },
            Utc::now(),
        )
        .await
        .unwrap();
    deliver().await;
    let eur = Currency::parse("EUR").unwrap();
    let entry = NewEntry::new(
        &cu.id,
        EntryKind::Credit,
        Money {
            minor: 25_000,
            currency: eur,
        },
        "double charge",
        SourceKind::Complaint,
        &c.id,
    )
    .unwrap();
    let booked = s
        .add_compensation(Clearance::SYSTEM, &actor("agent"), &entry)
        .await
        .unwrap();
    deliver().await;
    s.decide_compensation(
        Clearance::SYSTEM,
        &actor("manager"),
        &booked.id,
        true,
        Some("double charge"),
    )
    .await
    .unwrap();
    deliver().await;

    let hits = all.hits();
    let types: Vec<&str> = hits
        .iter()
        .map(|h| h.body["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "customer.created",
            "complaint.created",
            "complaint.status_changed",
            "compensation.created",
            "compensation.decided"
        ]
    );
    for h in &hits {
        assert!(h.valid, "signature did not verify: {}", h.body);
        assert!(h.body["occurred_at"].is_string(), "{}", h.body);
        assert!(h.id.starts_with(&format!("event:{}:", h.body["type"].as_str().unwrap())));
        let text = h.body.to_string();
        for p in PERSONAL {
            assert!(!text.contains(p), "{p} leaked into {text}");
        }
    }
    assert_eq!(hits[0].body["data"]["customer_id"], json!(cu.id));
    let changed = &hits[2].body["data"];
    assert_eq!(changed["complaint_id"], json!(c.id));
    assert_eq!(changed["from"], json!(c.status));
    assert_eq!(changed["to"], json!(moved.status));
    assert_ne!(changed["from"], changed["to"]);
    assert_eq!(changed["severity"], "high");
    assert_eq!(hits[3].body["data"]["amount_minor"], 25_000);
    assert_eq!(hits[3].body["data"]["currency"], "EUR");
    assert_eq!(hits[3].body["data"]["approval"], "pending");
    assert_eq!(hits[4].body["data"]["approval"], "approved");

    // The endpoint subscribed to one type got that type only.
    let only = one.hits();
    assert_eq!(only.len(), 1);
    assert!(only[0].valid);
    assert_eq!(only[0].body["type"], "complaint.status_changed");

    // A rolled-back change emits nothing: the event goes with its transaction.
    {
        let mut tx = s.begin().await.unwrap();
        let ids = events::emit(
            &mut tx,
            EventType::CustomerDeleted,
            &cu.id,
            "0",
            json!({"customer_id": cu.id}),
        )
        .await
        .unwrap();
        assert_eq!(ids.len(), 1, "the `*` endpoint would have got it");
        drop(tx);
        for id in ids {
            assert!(outbox::get(s, &id).await.is_err());
        }
    }
    // A refused change (deciding twice; an impossible transition) emits nothing either.
    assert!(
        s.decide_compensation(
            Clearance::SYSTEM,
            &actor("manager"),
            &booked.id,
            false,
            None
        )
        .await
        .is_err()
    );
    assert!(
        s.transition_complaint(
            &actor("agent"),
            &c.id,
            &Action::Acknowledge { note: None },
            Utc::now(),
        )
        .await
        .is_err()
    );
    deliver().await;
    assert_eq!(all.count(), 5);
    assert_eq!(one.count(), 1);

    // Another customer, changed then deleted: the deletion's body names nobody.
    let other = s
        .create_customer(&actor("agent"), &person, None)
        .await
        .unwrap();
    s.update_customer(&actor("agent"), &other.id, &person, None)
        .await
        .unwrap();
    s.delete_customer(&actor("agent"), &other.id).await.unwrap();
    deliver().await;
    let hits = all.hits();
    let types: Vec<&str> = hits[5..]
        .iter()
        .map(|h| h.body["type"].as_str().unwrap())
        .collect();
    let mut sorted = types.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["customer.created", "customer.deleted", "customer.updated"]
    );
    let gone = hits
        .iter()
        .find(|h| h.body["type"] == "customer.deleted")
        .unwrap();
    assert!(gone.valid);
    assert_eq!(gone.body["data"], json!({"customer_id": other.id}));
    for h in &hits[5..] {
        let text = h.body.to_string();
        assert!(PERSONAL.iter().all(|p| !text.contains(p)), "{text}");
    }
}
fn at(d: &str) -> DateTime<Utc> {
    let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    day.and_hms_opt(12, 0, 0).unwrap().and_utc()
}

async fn offboarding_sla_and_client_fit_events(db: &Db) {
    let s = &db.store;
    let sink = SmtpSink::start().await;
    let rec = Receiver::start().await;
    endpoint(
        db,
        &rec,
        &[
            "complaint.sla_breached",
            "offboarding.opened",
            "offboarding.notice_sent",
            "offboarding.closed",
            "offboarding.erased",
            "client_fit.decided",
        ],
    )
    .await;
    let d = Deliverer::new(s.clone(), &support::config(&db.url, &sink)).unwrap();
    let deliver = || async { d.run_once(Utc::now() + Duration::seconds(1)).await.unwrap() };
    let pairs = [
        ("name", "Ann Secretname"),
        ("language", "et"),
        ("email", "ann.secretname@example.com"),
    ];
    let person = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap();
    let (agent, manager) = (actor("agent"), actor("manager"));

    // A complaint received a month ago misses its deadlines at the next SLA check.
    let cu = s.create_customer(&agent, &person, None).await.unwrap();
    let input = ComplaintInput::parse(
        &cu.id,
        "email",
        "billing",
        "high",
        None,
        "my private story",
        vec![],
    )
    .unwrap();
    let c = s
        .create_complaint_received(&agent, &input, None, Some(Utc::now() - Duration::days(30)))
        .await
        .unwrap();
    let out = s.sla_check(&c.id, Utc::now()).await.unwrap();
    assert!(out.breaches >= 1);
    deliver().await;
    let breaches = rec.hits();
    assert_eq!(breaches.len() as i64, out.breaches);
    for h in &breaches {
        assert_eq!(h.body["type"], "complaint.sla_breached");
        assert_eq!(h.body["data"]["complaint_id"], json!(c.id));
        assert!(h.body["data"]["timer"].is_string());
    }
    // Checking again does not report the same breach twice.
    s.sla_check(&c.id, Utc::now()).await.unwrap();
    deliver().await;
    assert_eq!(rec.count(), breaches.len());
    let n = breaches.len();

    // A client-fit decision.
    let (_, a) = s
        .client_fit_assessment(Clearance::SYSTEM, &cu.id, Utc::now())
        .await
        .unwrap();
    let fit = s
        .record_client_fit_decision(
            &manager,
            &cu.id,
            Recommendation::Watch,
            "one more quarter",
            &a,
            None,
        )
        .await
        .unwrap();
    deliver().await;

    // Offboarding: opened, notice sent, closed, erased.
    let end = NaiveDate::parse_from_str("2026-05-01", "%Y-%m-%d").unwrap();
    let t = Timeline {
        notice_date: NaiveDate::parse_from_str("2026-03-01", "%Y-%m-%d").unwrap(),
        service_end: end,
        support_end: end + Duration::days(14),
        export_until: end + Duration::days(30),
        deletion_date: end + Duration::days(31),
    };
    let case = s
        .open_offboarding(
            &manager,
            &NewCase {
                customer_id: cu.id.clone(),
                initiator: Initiator::Company,
                reason: Reason::Unprofitable,
                reason_note: Some("my private story".into()),
                situations: vec![],
                contract_type: "default".into(),
                timeline: Some(t),
                exception_basis: None,
            },
        )
        .await
        .unwrap();
    deliver().await;
    s.approve_offboarding(&manager, &case.id).await.unwrap();
    s.log_offboarding_contact(
        &agent,
        &case.id,
        ContactKind::Call,
        "my private story",
        Utc::now(),
    )
    .await
    .unwrap();
    let letter = Letter::parse("et", |p| match p {
        Part::Thanks => "Aitäh.",
        Part::Framing => "Secretname",
        Part::Goodwill => "Raha tagasi.",
        Part::Apology => "Kahju.",
        Part::Alternatives => "X või Y.",
    })
    .unwrap();
    s.save_offboarding_letter(&agent, &case.id, &letter)
        .await
        .unwrap();
    s.send_offboarding_letter(&agent, &case.id, "Carewell")
        .await
        .unwrap();
    deliver().await;
    s.close_offboarding(&manager, &case.id, at("2026-05-01"))
        .await
        .unwrap();
    deliver().await;
    s.erase_offboarding(&Actor::system(), &case.id, at("2026-06-01"))
        .await
        .unwrap();
    deliver().await;

    let hits = rec.hits();
    let types: Vec<&str> = hits[n..]
        .iter()
        .map(|h| h.body["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "client_fit.decided",
            "offboarding.opened",
            "offboarding.notice_sent",
            "offboarding.closed",
            "offboarding.erased"
        ]
    );
    assert_eq!(hits[n].body["data"]["decision_id"], json!(fit.id));
    assert_eq!(hits[n].body["data"]["decision"], "watch");
    for h in &hits[n + 1..] {
        assert_eq!(h.body["data"]["case_id"], json!(case.id));
        assert_eq!(h.body["data"]["reason"], "unprofitable");
    }
    assert_eq!(hits.last().unwrap().body["data"]["status"], "erased");
    for h in &hits {
        assert!(h.valid, "signature did not verify: {}", h.body);
        let text = h.body.to_string();
        assert!(PERSONAL.iter().all(|p| !text.contains(p)), "{text}");
    }
}

engines!(&Db:
    events_reach_subscribers,
    offboarding_sla_and_client_fit_events,
);
