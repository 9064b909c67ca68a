//! Integration events on SQLite and PostgreSQL: real store changes (customer, complaint,
//! compensation) emit catalogue events in their own transaction; a real Standard Webhooks
//! receiver on loopback verifies every signature and gets the types in order, with ids and
//! state only (no personal data); an endpoint subscribed to one type gets only that type; a
//! rolled-back or refused change emits nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "msg_support/mod.rs"]
mod support;

use carewell::messaging::deliver::Deliverer;
use carewell::messaging::webhook::new_secret;
use carewell_domain::complaint::ComplaintInput;
use carewell_domain::complaint::workflow::Action;
use carewell_domain::customer::CustomerInput;
use carewell_domain::events::EventType;
use carewell_domain::ledger::{EntryKind, NewEntry, SourceKind};
use carewell_domain::money::{Currency, Money};
use carewell_store::{Actor, events, outbox};
use chrono::{Duration, Utc};
use serde_json::json;
use support::{Db, Receiver, SmtpSink};

macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = super::support::sqlite().await;
                super::$name(&db).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = super::support::postgres().await {
                    super::$name(&db).await;
                }
            }
        }
    };
}

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
    let booked = s.add_compensation(&actor("agent"), &entry).await.unwrap();
    deliver().await;
    s.decide_compensation(&actor("manager"), &booked.id, true, Some("double charge"))
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
        s.decide_compensation(&actor("manager"), &booked.id, false, None)
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
both!(events_reach_subscribers);
