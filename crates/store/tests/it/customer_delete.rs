//! Deleting a customer on SQLite and on PostgreSQL: the audit log's older entries about the
//! customer are redacted in the same transaction (the chain still verifies), and deletion is
//! refused while a retention hold runs or ledger entries refer to the customer.

use crate::common::{agent, at, d, eur, manager};
use carewell_domain::error::{Entity, Refusal};

use carewell_domain::customer::CustomerInput;
use carewell_domain::ledger::{EntryKind, NewEntry, SourceKind};
use carewell_domain::offboarding::notice::Timeline;
use carewell_domain::offboarding::{ContactKind, Initiator, Letter, Reason};
use carewell_store::Clearance;
use carewell_store::activity::{NewContract, NewTransaction};
use carewell_store::audit::AuditFilter;
use carewell_store::contacts::NewContact;
use carewell_store::interactions::NewInteraction;
use carewell_store::offboarding::NewCase;
use carewell_store::{Actor, Store, StoreError};
use chrono::{Duration, Utc};

fn refusal(e: StoreError) -> Refusal {
    match e {
        StoreError::Refused(r) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A customer with history: contacts, an interaction, a complaint, a transaction, a contract.
/// `key` makes the contacts' e-mails and the free text unique to the customer.
async fn rich_customer(s: &Store, name: &str, email: &str, phone: &str, key: &str) -> String {
    let pairs = [
        ("name", name),
        ("language", "et"),
        ("country", "EE"),
        ("email", email),
        ("phone", phone),
        ("tags", "vip"),
    ];
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap();
    let cu = s.create_customer(&agent(), &input, None).await.unwrap().id;
    let mut edit = input.clone();
    edit.segment = Some("gold".into());
    s.update_customer(&agent(), &cu, &edit, None).await.unwrap();
    for n in ["Jaan", "Kati"] {
        let e = format!("{}.{}@example.com", n.to_lowercase(), key.to_lowercase());
        s.add_contact(
            &agent(),
            &cu,
            &NewContact {
                name: n.into(),
                role: None,
                email: Some(carewell_domain::email::Email::parse(&e).unwrap()),
                phone: None,
                is_primary: false,
            },
        )
        .await
        .unwrap();
    }
    s.add_interaction(
        &agent(),
        &cu,
        &NewInteraction {
            external_ref: None,
            kind: carewell_domain::interaction::InteractionKind::Note,
            occurred_at: carewell_domain::time::fmt_ts(Utc::now() - Duration::days(3)),
            user_id: None,
            summary: format!("Called about the home address at {key} 7"),
            sentiment: None,
        },
    )
    .await
    .unwrap();
    let complaint = carewell_domain::complaint::ComplaintInput::parse(
        &cu,
        "email",
        "billing",
        "high",
        Some(&format!("Double charge for {key}")),
        &format!("Charged twice for {key}, please phone back"),
        vec![],
    )
    .unwrap();
    s.create_complaint(&agent(), &complaint, None)
        .await
        .unwrap();
    s.add_transaction(
        &agent(),
        &cu,
        &NewTransaction {
            external_ref: None,
            amount: eur(4_900),
            occurred_at: carewell_domain::time::fmt_ts(at("2026-03-20")),
            description: Some("Invoice".into()),
        },
    )
    .await
    .unwrap();
    s.add_contract(
        &agent(),
        &cu,
        &NewContract {
            external_ref: None,
            name: "Gold".into(),
            start_date: d("2025-01-01"),
            end_date: None,
            value: eur(100_000),
            renewal: carewell_domain::interaction::Renewal::parse("auto").unwrap(),
        },
    )
    .await
    .unwrap();
    cu
}

/// Every payload column of every audit entry, as stored.
async fn raw_audit_text(s: &Store) -> String {
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT seq, action, entity_id, before_json, after_json, COALESCE(redaction_reason, '') \
         FROM audit_log ORDER BY seq",
    )
    .fetch_all(s.pool())
    .await
    .unwrap();
    rows.iter()
        .map(|r| format!("{} {} {} {} {} {}\n", r.0, r.1, r.2, r.3, r.4, r.5))
        .collect()
}

async fn redacted_count(s: &Store) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE redacted_at IS NOT NULL")
            .fetch_one(s.pool())
            .await
            .unwrap();
    n
}

async fn delete_redacts_the_audit_log(s: &Store) {
    let cu = rich_customer(
        s,
        "Liisa Lepik",
        "liisa.lepik@example.com",
        "+372 5123 4567",
        "Kuuse",
    )
    .await;
    let other = rich_customer(
        s,
        "Toomas Tamm",
        "toomas.tamm@example.com",
        "+372 5987 6543",
        "Vahtra",
    )
    .await;
    let secrets = [
        "Liisa",
        "Lepik",
        "liisa.lepik@example.com",
        "5123 4567",
        "jaan.kuuse@example.com",
        "kati.kuuse@example.com",
        "Kuuse",
    ];
    let before = raw_audit_text(s).await;
    assert!(secrets.iter().all(|x| before.contains(x)), "{before}");
    s.delete_customer(&manager(), &cu).await.unwrap();
    assert!(matches!(
        s.customer(&cu).await,
        Err(StoreError::NotFound(_))
    ));
    // Nothing personal is left anywhere in the raw table, and the chain still verifies.
    let after = raw_audit_text(s).await;
    for x in secrets {
        assert!(!after.contains(x), "{x} still in the audit log:\n{after}");
    }
    s.verify_audit().await.unwrap().unwrap();
    // The other customer's entries are untouched.
    for x in [
        "Toomas",
        "toomas.tamm@example.com",
        "5987 6543",
        "jaan.vahtra@",
        "Vahtra 7",
    ] {
        assert!(after.contains(x), "{x} was redacted too");
    }
    // The deleting entry stays readable (no personal data in it); the redacted entries name
    // "customer deleted" and the deleting entry's seq; the redaction is itself recorded.
    let log = carewell_store::audit::list(
        s,
        &AuditFilter {
            entity: Some("customer".into()),
            entity_id: Some(cu.clone()),
            before_seq: None,
            ..Default::default()
        },
        100,
        0,
    )
    .await
    .unwrap();
    let deleted = log
        .items
        .iter()
        .find(|e| e.content.action == "customer.delete")
        .unwrap();
    assert!(deleted.redaction.is_none());
    let reference = deleted.content.seq.to_string();
    let older: Vec<_> = log
        .items
        .iter()
        .filter(|e| e.content.seq < deleted.content.seq)
        .collect();
    assert!(older.len() >= 4, "{}", older.len());
    for e in older {
        assert_eq!(e.content.before, carewell_domain::audit::REDACTED);
        assert_eq!(e.content.after, carewell_domain::audit::REDACTED);
        assert_eq!(e.redaction.as_ref().unwrap().reason, "customer deleted");
    }
    let redactions = carewell_store::audit::list(
        s,
        &AuditFilter {
            entity: Some("audit_log".into()),
            entity_id: Some(reference.clone()),
            before_seq: None,
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    assert_eq!(redactions.items.len(), 1);
    let r = &redactions.items[0];
    assert_eq!(r.content.action, carewell_store::audit::REDACT_ACTION);
    let body: serde_json::Value = serde_json::from_str(&r.content.after).unwrap();
    assert_eq!(body["reason"], "customer deleted");
    assert_eq!(body["reference"], reference.as_str());
    assert_eq!(body["count"].as_i64(), Some(redacted_count(s).await));
    // Deleting the other customer too leaves a verifiable chain.
    s.delete_customer(&manager(), &other).await.unwrap();
    let end = raw_audit_text(s).await;
    for x in ["Toomas", "toomas.tamm@example.com", "5987 6543", "Vahtra"] {
        assert!(!end.contains(x), "{x} still in the audit log:\n{end}");
    }
    s.verify_audit().await.unwrap().unwrap();
}

fn plan(notice: &str, service_end: &str) -> Timeline {
    let end = d(service_end);
    Timeline {
        notice_date: d(notice),
        service_end: end,
        support_end: end + Duration::days(14),
        export_until: end + Duration::days(30),
        deletion_date: end + Duration::days(31),
    }
}

async fn delete_refused_under_hold(s: &Store) {
    let cu = rich_customer(
        s,
        "Mari Maasikas",
        "mari.m@example.com",
        "+372 5555 1234",
        "Kase",
    )
    .await;
    let c = s
        .open_offboarding(
            &manager(),
            &NewCase {
                customer_id: cu.clone(),
                initiator: Initiator::Company,
                reason: Reason::Unprofitable,
                reason_note: None,
                situations: vec![],
                contract_type: "default".into(),
                timeline: Some(plan("2026-03-01", "2026-05-01")),
                exception_basis: None,
            },
        )
        .await
        .unwrap();
    s.approve_offboarding(&manager(), &c.id).await.unwrap();
    s.log_offboarding_contact(&agent(), &c.id, ContactKind::Call, "Explained", Utc::now())
        .await
        .unwrap();
    let parts = ["Aitäh.", "Põhjus.", "Hüvitis.", "Vabandame.", "X."];
    let letter = Letter::parse("et", |p| parts[p as usize]).unwrap();
    s.save_offboarding_letter(&agent(), &c.id, &letter)
        .await
        .unwrap();
    s.send_offboarding_letter(&agent(), &c.id, "Carewell")
        .await
        .unwrap();
    s.close_offboarding(&manager(), &c.id, at("2026-05-01"))
        .await
        .unwrap();
    s.erase_offboarding(&Actor::system(), &c.id, at("2026-06-01"))
        .await
        .unwrap();
    let holds = s.active_holds(&cu).await.unwrap();
    assert_eq!(holds.len(), 1);
    let audit_before = raw_audit_text(s).await;
    let r = refusal(s.delete_customer(&manager(), &cu).await.unwrap_err());
    assert!(
        matches!(&r, Refusal::Held { basis, until, prospective: false, .. }
            if basis == &holds[0].legal_basis && until.to_string() == holds[0].held_until),
        "{r:?}"
    );
    // Nothing changed: the customer and the held records are still there, the log untouched.
    s.customer(&cu).await.unwrap();
    assert_eq!(
        s.transactions(Clearance::SYSTEM, &cu, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(raw_audit_text(s).await, audit_before);
    s.verify_audit().await.unwrap().unwrap();
}

async fn delete_refused_with_ledger_entries(s: &Store) {
    let cu = rich_customer(
        s,
        "Peeter Pärn",
        "peeter@example.com",
        "+372 5000 0001",
        "Pärna",
    )
    .await;
    let (complaint,): (String,) =
        sqlx::query_as("SELECT id FROM complaints WHERE customer_id = $1")
            .bind(&cu)
            .fetch_one(s.pool())
            .await
            .unwrap();
    s.add_compensation(
        Clearance::SYSTEM,
        &agent(),
        &NewEntry::new(
            &cu,
            EntryKind::Credit,
            eur(500),
            "Sorry",
            SourceKind::Complaint,
            &complaint,
        )
        .unwrap(),
    )
    .await
    .unwrap();
    let redacted = redacted_count(s).await;
    let audit_before = raw_audit_text(s).await;
    // As before: the append-only ledger refers to the customer, so the deletion is refused,
    // and the refusal rolls the redaction back with it.
    assert!(matches!(
        s.delete_customer(&manager(), &cu).await,
        Err(StoreError::Refused(Refusal::InUse { by })) if by == vec![Entity::LedgerEntry]
    ));
    s.customer(&cu).await.unwrap();
    assert_eq!(redacted_count(s).await, redacted);
    assert_eq!(raw_audit_text(s).await, audit_before);
    s.verify_audit().await.unwrap().unwrap();
}

engines!(
    delete_redacts_the_audit_log,
    delete_refused_under_hold,
    delete_refused_with_ledger_entries,
);
