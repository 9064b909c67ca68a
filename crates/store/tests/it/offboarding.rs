//! Offboarding on SQLite and on PostgreSQL: notice periods, the order of steps, the letter
//! through the outbox, goodwill in the ledger, closure, erasure with and without retention
//! holds, certificates, refused early erasure, the data export, the survey and the report.

use crate::common::{agent, at, d, eur, manager};
use carewell_domain::error::{Code, DomainError, Done, Entity, Refusal, Step};

use carewell_domain::customer::CustomerInput;
use carewell_domain::ledger::{EntryKind, SourceKind};
use carewell_domain::offboarding::notice::{NoticeRule, Timeline};
use carewell_domain::offboarding::retention::RetentionRule;
use carewell_domain::offboarding::workflow::Status;
use carewell_domain::offboarding::{
    ContactKind, ExitSurvey, Initiator, Letter, Reason, Situation, SituationKind,
};
use carewell_store::Clearance;
use carewell_store::activity::{NewContract, NewTransaction};
use carewell_store::audit::AuditFilter;
use carewell_store::contacts::NewContact;
use carewell_store::interactions::NewInteraction;
use carewell_store::offboarding::{CaseQuery, NewCase, OffboardingCase, PlanChange};
use carewell_store::{Actor, Store, StoreError};
use chrono::{Duration, Utc};

async fn customer(s: &Store, name: &str, country: &str) -> String {
    let pairs = [
        ("name", name),
        ("language", "et"),
        ("country", country),
        ("email", "mari@example.com"),
        ("phone", "+372 5555 1234"),
        ("tags", "vip,early"),
    ];
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap();
    s.create_customer(&agent(), &input, None).await.unwrap().id
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

fn new_case(cu: &str, t: Timeline, contract: &str, exception: Option<&str>) -> NewCase {
    NewCase {
        customer_id: cu.into(),
        initiator: Initiator::Company,
        reason: Reason::Unprofitable,
        reason_note: Some("Margin negative for four quarters".into()),
        situations: vec![],
        contract_type: contract.into(),
        timeline: Some(t),
        exception_basis: exception.map(str::to_string),
    }
}

fn letter() -> Letter {
    let parts = [
        "Aitäh, et olite meiega.",
        "Viimase viie tellimuse järel olete andnud teada, et te ei olnud rahul.",
        "Maksame viimase arve eest raha tagasi.",
        "Meil on kahju, et see nii läks.",
        "Võib-olla sobib teile X või Y.",
    ];
    Letter::parse("et", |p| parts[p as usize]).unwrap()
}

/// A customer with history: contacts, an interaction, a transaction, a contract.
pub(crate) async fn rich_customer(s: &Store, name: &str) -> String {
    let cu = customer(s, name, "EE").await;
    for (n, e) in [("Jaan", "jaan@example.com"), ("Kati", "kati@example.com")] {
        s.add_contact(
            &agent(),
            &cu,
            &NewContact {
                name: n.into(),
                role: None,
                email: Some(carewell_domain::email::Email::parse(e).unwrap()),
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
            summary: "Mari called about her home address at Tamme 5".into(),
            sentiment: None,
        },
    )
    .await
    .unwrap();
    for (amount, day) in [(4_900, "2026-03-20"), (12_000, "2026-04-20")] {
        s.add_transaction(
            &agent(),
            &cu,
            &NewTransaction {
                external_ref: None,
                amount: eur(amount),
                occurred_at: carewell_domain::time::fmt_ts(at(day)),
                description: Some("Invoice".into()),
            },
        )
        .await
        .unwrap();
    }
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

/// Opens, approves, contacts, writes and sends the letter, closes.
pub(crate) async fn through_closure(s: &Store, cu: &str, t: Timeline) -> OffboardingCase {
    through_closure_with_link(s, cu, t).await.0
}

/// [`through_closure`], also returning the customer's link sent with the letter.
async fn through_closure_with_link(s: &Store, cu: &str, t: Timeline) -> (OffboardingCase, String) {
    let (c, token) = through_notice(s, cu, t).await;
    let closed = s
        .close_offboarding(&manager(), &c.id, at("2026-05-01"))
        .await
        .unwrap();
    (closed, token)
}

/// Opens, approves, contacts, writes and sends the letter (not closed: goodwill still allowed).
pub(crate) async fn through_notice(s: &Store, cu: &str, t: Timeline) -> (OffboardingCase, String) {
    let c = s
        .open_offboarding(&manager(), &new_case(cu, t, "default", None))
        .await
        .unwrap();
    s.approve_offboarding(&manager(), &c.id).await.unwrap();
    s.log_offboarding_contact(
        &agent(),
        &c.id,
        ContactKind::Call,
        "Explained the decision",
        Utc::now(),
    )
    .await
    .unwrap();
    s.save_offboarding_letter(&agent(), &c.id, &letter())
        .await
        .unwrap();
    let (c, token) = s
        .send_offboarding_letter(&agent(), &c.id, "Carewell")
        .await
        .unwrap();
    (c, token)
}

fn invalid(e: StoreError) -> DomainError {
    match e {
        StoreError::Invalid(d) => d,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn refusal(e: StoreError) -> Refusal {
    match e {
        StoreError::Refused(r) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn notice_period_refusal_and_exception(s: &Store) {
    let ee = customer(s, "Mari Maasikas", "EE").await;
    // EU payment account: two months. One month is refused, naming the rule and the date.
    let short = new_case(
        &ee,
        plan("2026-03-01", "2026-04-01"),
        "payment-account",
        None,
    );
    let err = invalid(s.open_offboarding(&manager(), &short).await.unwrap_err());
    assert!(
        matches!(&err.code, Code::NoticeTooShort { months: 2, days: 0, earliest, .. }
            if *earliest == d("2026-05-01")),
        "{err}"
    );
    // The same plan with a legal basis for the exception is accepted and recorded.
    let basis = "PSD2 Art. 55(5) and contract §12: termination for unlawful use of the account";
    let c = s
        .open_offboarding(
            &manager(),
            &new_case(
                &ee,
                plan("2026-03-01", "2026-04-01"),
                "payment-account",
                Some(basis),
            ),
        )
        .await
        .unwrap();
    assert_eq!(c.status, Status::Open);
    assert_eq!(c.exception_basis.as_deref(), Some(basis));
    assert!(c.notice.exception);
    assert_eq!(
        (
            c.jurisdiction.as_str(),
            c.notice.rule.contract_type.as_str()
        ),
        ("EU", "payment-account")
    );
    // One active case per customer.
    let again = s
        .open_offboarding(
            &manager(),
            &new_case(&ee, plan("2026-03-01", "2026-06-01"), "", None),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        refusal(again),
        Refusal::AlreadyExists {
            what: Entity::OffboardingCase,
            ..
        }
    ));
    // Replanning to a compliant plan drops the exception; a plan meeting the rule with an
    // exception is refused.
    let p = s
        .replan_offboarding(
            &manager(),
            &c.id,
            &PlanChange {
                timeline: plan("2026-03-01", "2026-05-01"),
                contract_type: None,
                exception_basis: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (p.exception_basis, p.notice.exception, p.notice.notice_days),
        (None, false, 61)
    );
    // UK: 90 days by default; a configured rule overrides it.
    let gb = customer(s, "John Smith", "GB").await;
    let err = s
        .check_offboarding_plan(&gb, "", &plan("2026-01-01", "2026-03-31"), None)
        .await
        .unwrap_err();
    assert!(matches!(
        invalid(err).code,
        Code::NoticeTooShort {
            months: 0,
            days: 90,
            ..
        }
    ));
    s.set_notice_rule(
        &manager(),
        &NoticeRule::new("GB", "default", 0, 60, "Contract §9: 60 days").unwrap(),
    )
    .await
    .unwrap();
    let ok = s
        .check_offboarding_plan(&gb, "", &plan("2026-01-01", "2026-03-31"), None)
        .await
        .unwrap();
    assert_eq!(ok.rule.basis, "Contract §9: 60 days");
    // A customer with no country falls back to default × default (30 days).
    let rules = s.notice_rules().await.unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r.jurisdiction == "default" && r.min_days == 30)
    );
    // Situations must belong to the customer.
    let mut bad = new_case(&gb, plan("2026-01-01", "2026-06-01"), "", None);
    bad.situations = vec![Situation {
        kind: SituationKind::Complaint,
        id: "nope".into(),
        note: None,
    }];
    assert!(
        matches!(invalid(s.open_offboarding(&manager(), &bad).await.unwrap_err()).code,
            Code::NoSuch { what: Entity::Complaint, id } if id == "nope")
    );
}

async fn steps_in_order_letter_needs_contact(s: &Store) {
    let cu = rich_customer(s, "Mari Maasikas").await;
    let c = s
        .open_offboarding(
            &manager(),
            &new_case(&cu, plan("2026-03-01", "2026-05-01"), "", None),
        )
        .await
        .unwrap();
    assert_eq!(s.customer(&cu).await.unwrap().stage.as_str(), "leaving");
    // No contact before approval; no letter before contact.
    assert_eq!(
        refusal(
            s.log_offboarding_contact(&agent(), &c.id, ContactKind::Call, "hi", Utc::now())
                .await
                .unwrap_err()
        ),
        Refusal::StepFirst {
            step: Step::ApprovePlan
        }
    );
    s.approve_offboarding(&manager(), &c.id).await.unwrap();
    s.save_offboarding_letter(&agent(), &c.id, &letter())
        .await
        .unwrap();
    let err = s
        .send_offboarding_letter(&agent(), &c.id, "Carewell")
        .await
        .unwrap_err();
    assert_eq!(
        refusal(err),
        Refusal::StepFirst {
            step: Step::ContactCustomer
        }
    );
    assert!(
        carewell_store::outbox::for_customer(s, &cu, 10, 0)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // A meeting is logged: a step and an interaction on the customer's record.
    let c2 = s
        .log_offboarding_contact(
            &agent(),
            &c.id,
            ContactKind::Meeting,
            "Met at the office",
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(c2.status, Status::Contacted);
    assert!(c2.contacted_at.is_some());
    let its = s.interactions(&cu, 10).await.unwrap();
    assert!(
        its.iter()
            .any(|i| i.kind.as_str() == "meeting" && i.summary == "Met at the office")
    );
    // Goodwill: refund of the last invoice (120.00), through the ledger, source offboarding.
    let g = s
        .book_offboarding_goodwill(
            &agent(),
            &c.id,
            EntryKind::Refund,
            None,
            "Refund of the last invoice",
        )
        .await
        .unwrap();
    assert_eq!(
        (g.amount_minor, g.source_kind, g.source_id.as_str()),
        (12_000, SourceKind::Offboarding, c.id.as_str())
    );
    // The letter goes out through the outbox (legal class, the customer's language, a link).
    let (sent, token) = s
        .send_offboarding_letter(&agent(), &c.id, "Carewell")
        .await
        .unwrap();
    assert_eq!(sent.status, Status::Notified);
    let msgs = carewell_store::outbox::for_customer(s, &cu, 10, 0)
        .await
        .unwrap()
        .items;
    let m = msgs
        .iter()
        .find(|m| m.event == "offboarding.letter")
        .unwrap();
    assert_eq!(
        (m.class.as_str(), m.language.as_str(), m.recipient.as_str()),
        ("legal", "et", "mari@example.com")
    );
    assert_eq!(m.template.as_deref(), Some("offb-letter"));
    // The link is not in what staff read; the sender keeps it beside the message, and the
    // token the sender was shown is the one the e-mail carries.
    assert!(m.args.get("link").is_none() && m.link.is_none());
    let (kept,): (Option<String>,) = sqlx::query_as("SELECT secret_link FROM outbox WHERE id = $1")
        .bind(&m.id)
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(kept, Some(format!("/public/offboarding/{token}")));
    assert_eq!(s.offboarding_by_token(&token).await.unwrap().id, c.id);
    assert!(m.args["letter"].as_str().unwrap().contains("Aitäh"));
    // Sending twice is refused; the plan is frozen.
    assert!(
        s.send_offboarding_letter(&agent(), &c.id, "y")
            .await
            .is_err()
    );
    assert!(
        s.save_offboarding_letter(&agent(), &c.id, &letter())
            .await
            .is_err()
    );
    // The token opens the case; only its hash is stored; a new link replaces the old one.
    assert_eq!(s.offboarding_by_token(&token).await.unwrap().id, c.id);
    let (stored,): (Option<String>,) =
        sqlx::query_as("SELECT token_hash FROM offboarding_cases WHERE id = $1")
            .bind(&c.id)
            .fetch_one(s.pool())
            .await
            .unwrap();
    assert_eq!(
        stored.unwrap(),
        carewell_store::offboarding::token_hash(&token)
    );
    let fresh = s.issue_offboarding_link(&agent(), &c.id).await.unwrap();
    assert!(s.offboarding_by_token(&token).await.is_err());
    assert_eq!(s.offboarding_by_token(&fresh).await.unwrap().id, c.id);
    assert!(s.offboarding_by_token("0000").await.is_err());
    // Closure: follow-ups at +30 and +90 days, the erasure job on the deletion date.
    let closed = s
        .close_offboarding(&manager(), &c.id, at("2026-05-01"))
        .await
        .unwrap();
    assert_eq!(closed.status, Status::Closed);
    assert!(closed.export_open(d("2026-05-31")) && !closed.export_open(d("2026-06-01")));
    assert_eq!(s.customer(&cu).await.unwrap().stage.as_str(), "departed");
    // A closed account takes no more contacts and no more goodwill: typed refusals, nothing
    // written (no interaction, no ledger entry, no step).
    let closed_refusal = |r: Result<_, StoreError>| {
        matches!(
            r,
            Err(StoreError::Refused(Refusal::AlreadyDone {
                what: Done::AccountClosed
            }))
        )
    };
    let steps_before = s
        .offboarding_steps(Clearance::SYSTEM, &c.id)
        .await
        .unwrap()
        .len();
    let its_before = s.interactions(&cu, 100).await.unwrap().len();
    assert!(closed_refusal(
        s.log_offboarding_contact(&agent(), &c.id, ContactKind::Call, "after", Utc::now())
            .await
            .map(|_| ())
    ));
    assert!(closed_refusal(
        s.book_offboarding_goodwill(&agent(), &c.id, EntryKind::Refund, Some(eur(100)), "late")
            .await
            .map(|_| ())
    ));
    assert_eq!(
        s.offboarding_steps(Clearance::SYSTEM, &c.id)
            .await
            .unwrap()
            .len(),
        steps_before
    );
    assert_eq!(s.interactions(&cu, 100).await.unwrap().len(), its_before);
    let tasks = s.tasks_for_source("offboarding", &c.id).await.unwrap();
    let due: Vec<&str> = tasks.iter().map(|t| &t.due_at[..10]).collect();
    assert_eq!(due, vec!["2026-05-31", "2026-07-30"]);
    let jobs = carewell_store::jobs::list(s, "queued", 100).await.unwrap();
    let j = jobs.iter().find(|j| j.kind == "offboarding.erase").unwrap();
    assert_eq!(
        (j.payload["case_id"].as_str(), &j.run_at[..10]),
        (Some(c.id.as_str()), "2026-06-01")
    );
    let steps: Vec<String> = s
        .offboarding_steps(Clearance::SYSTEM, &c.id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.step)
        .collect();
    assert_eq!(
        steps,
        [
            "opened",
            "approved",
            "letter-saved",
            "contact",
            "goodwill",
            "letter-sent",
            "link-issued",
            "closed"
        ]
    );
    let impact = s
        .offboarding_impact(Clearance::SYSTEM, &c.id)
        .await
        .unwrap();
    assert_eq!(impact.balances[0].amount_minor, 16_900);
    assert_eq!(impact.open_contracts.len(), 1);
    assert_eq!(impact.goodwill.len(), 1);
    // 120.00 is above the EUR threshold: it waits for a manager.
    assert_eq!(impact.refunds_pending[0].amount_minor, 12_000);
    assert!(impact.refunds_due.is_empty());
    // Cancelling after closure is refused.
    assert!(
        s.cancel_offboarding(&manager(), &c.id, "changed our mind")
            .await
            .is_err()
    );
}

async fn erasure_with_hold_certificate_and_refusal(s: &Store) {
    let cu = rich_customer(s, "Mari Maasikas").await;
    let (c, token) = through_closure_with_link(s, &cu, plan("2026-03-01", "2026-05-01")).await;
    let old = [
        "maasikas",
        "Mari Maa",
        "mari@example.com",
        "5555 1234",
        "vip",
    ];
    for q in old {
        assert!(crate::search::finds(s, q, &cu).await, "{q}");
    }
    // The customer's link opens the closed case until the erasure.
    assert_eq!(s.offboarding_by_token(&token).await.unwrap().id, c.id);
    s.add_compensation(
        Clearance::SYSTEM,
        &agent(),
        &carewell_domain::ledger::NewEntry::new(
            &cu,
            EntryKind::Credit,
            eur(500),
            "Sorry",
            SourceKind::Offboarding,
            &c.id,
        )
        .unwrap(),
    )
    .await
    .unwrap();
    // A reviewer's note from the client-fit review is personal data too.
    sqlx::query(
        "INSERT INTO client_fit_judgements (id, customer_id, kind, topic, value, note, reviewer_id, reviewer, created_at) \
         VALUES ('j1', $1, 'level', 'staff-abuse', 'serious', 'Shouted at Jaan', 'm', 'm', '2026-01-01T00:00:00.000000Z')",
    )
    .bind(&cu)
    .execute(s.pool())
    .await
    .unwrap();
    // Not before the deletion date.
    let early = s
        .erase_offboarding(&agent(), &c.id, at("2026-05-15"))
        .await
        .unwrap_err();
    assert_eq!(
        refusal(early),
        Refusal::BeforeDeletionDate {
            date: d("2026-06-01")
        }
    );
    let cert = s
        .erase_offboarding(&Actor::system(), &c.id, at("2026-06-01"))
        .await
        .unwrap();
    // The profile is blanked, contacts and tags are gone, free text erased; search no longer
    // finds the customer by the old name, e-mail, phone or tag.
    for q in old {
        assert!(!crate::search::finds(s, q, &cu).await, "{q}");
    }
    let p = s.customer(&cu).await.unwrap();
    assert_eq!(
        (p.name.as_str(), p.email, p.phone),
        ("[erased]", None, None)
    );
    assert!(p.tags.is_empty());
    assert!(s.contacts(&cu).await.unwrap().is_empty());
    assert!(
        s.interactions(&cu, 10)
            .await
            .unwrap()
            .iter()
            .all(|i| i.summary == "[erased]")
    );
    let l = s.offboarding_letter(&c.id).await.unwrap().unwrap();
    assert_eq!(l.letter.thanks, "[erased]");
    // Financial records are kept under the AML hold until five years after the end.
    assert_eq!(
        s.transactions(Clearance::SYSTEM, &cu, 10)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(s.contracts(Clearance::SYSTEM, &cu).await.unwrap().len(), 1);
    let holds = s.active_holds(&cu).await.unwrap();
    assert_eq!(holds.len(), 1);
    assert_eq!(holds[0].held_until, "2031-05-01");
    assert!(holds[0].legal_basis.contains("AML"));
    // The certificate: counts per table, what was kept, why and until when; a valid hash.
    assert_eq!(cert.body.kind, "erasure");
    let erased = |t: &str| {
        cert.body
            .erased
            .iter()
            .find(|e| e.table == t)
            .map(|e| e.rows)
    };
    assert_eq!(erased("customers"), Some(1));
    assert_eq!(erased("contacts"), Some(2));
    assert_eq!(erased("customer_tags"), Some(2));
    assert_eq!(erased("client_fit_judgements"), Some(1));
    assert_eq!(erased("interactions"), Some(2)); // the note and the logged call
    let kept: Vec<(&str, i64)> = cert
        .body
        .kept
        .iter()
        .map(|k| (k.table.as_str(), k.rows))
        .collect();
    assert_eq!(
        kept,
        vec![("transactions", 2), ("contracts", 1), ("ledger_entries", 1)]
    );
    assert!(
        cert.body
            .kept
            .iter()
            .all(|k| k.until == d("2031-05-01") && k.legal_basis.contains("AML"))
    );
    assert_eq!(cert.hash.len(), 64);
    let certs = s.offboarding_certificates(&c.id).await.unwrap();
    assert_eq!(
        (certs.len(), certs[0].verified, certs[0].hash.clone()),
        (1, true, cert.hash.clone())
    );
    let case = s.offboarding_case(Clearance::SYSTEM, &c.id).await.unwrap();
    assert_eq!(case.status, Status::Erased);
    assert!(case.reason_note.is_none());
    // The customer's link no longer opens anything, and its hash is gone.
    assert!(matches!(
        s.offboarding_by_token(&token).await,
        Err(StoreError::NotFound(_))
    ));
    let (hash,): (Option<String>,) =
        sqlx::query_as("SELECT token_hash FROM offboarding_cases WHERE id = $1")
            .bind(&c.id)
            .fetch_one(s.pool())
            .await
            .unwrap();
    assert_eq!(hash, None);
    // The erasure's audit entry records counts, not the erased values.
    let log = carewell_store::audit::list(
        s,
        &AuditFilter {
            entity: Some("offboarding_case".into()),
            entity_id: Some(c.id.clone()),
            before_seq: None,
            ..Default::default()
        },
        100,
        0,
    )
    .await
    .unwrap();
    let e = log
        .items
        .iter()
        .find(|e| e.content.action == "offboarding.erase")
        .unwrap();
    for secret in ["Mari", "mari@example.com", "5555 1234", "Tamme", "Jaan"] {
        assert!(
            !e.content.after.contains(secret),
            "{secret} in {}",
            e.content.after
        );
    }
    assert!(e.content.after.contains("\"rows\""));
    // An early request for the held data is refused with the legal basis; nothing changes.
    let refused = s
        .request_offboarding_erasure(&agent(), &c.id, true, at("2026-07-01"))
        .await
        .unwrap_err();
    let r = refusal(refused);
    assert!(
        matches!(&r, Refusal::Held { basis, until, prospective: false, .. }
            if basis.contains("AML") && *until == d("2031-05-01")),
        "{r:?}"
    );
    assert_eq!(
        s.transactions(Clearance::SYSTEM, &cu, 10)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        s.release_offboarding_hold(&Actor::system(), &holds[0].id, at("2030-01-01"))
            .await
            .is_err()
    );
    // The hold-expiry job's work: the held records are deleted, the ledger included.
    let jobs = carewell_store::jobs::list(s, "queued", 100).await.unwrap();
    assert!(jobs.iter().any(
        |j| j.kind == "offboarding.hold-expiry" && j.payload["hold_id"] == holds[0].id.as_str()
    ));
    let done = s
        .offboarding_erase_due(&Actor::system(), at("2031-05-02"))
        .await
        .unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].body.kind, "hold-expiry");
    assert!(
        s.transactions(Clearance::SYSTEM, &cu, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.contracts(Clearance::SYSTEM, &cu)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.customer_ledger(Clearance::SYSTEM, &cu)
            .await
            .unwrap()
            .entries
            .is_empty()
    );
    assert!(s.active_holds(&cu).await.unwrap().is_empty());
    // The ledger stays append-only for everyone else.
    let other = rich_customer(s, "Other").await;
    // Compensation cannot be booked on another customer's offboarding case.
    let foreign = carewell_domain::ledger::NewEntry::new(
        &other,
        EntryKind::Credit,
        eur(100),
        "x",
        SourceKind::Offboarding,
        &c.id,
    )
    .unwrap();
    assert!(
        invalid(
            s.add_compensation(Clearance::SYSTEM, &agent(), &foreign)
                .await
                .unwrap_err()
        )
        .code
            == Code::OtherCustomers {
                what: Entity::OffboardingCase
            }
    );
    let ok = s
        .add_compensation(
            Clearance::SYSTEM,
            &agent(),
            &carewell_domain::ledger::NewEntry::new(
                &other,
                EntryKind::Credit,
                eur(100),
                "x",
                SourceKind::Incident,
                &c.id,
            )
            .unwrap(),
        )
        .await
        .unwrap();
    assert!(
        sqlx::query("DELETE FROM ledger_entries WHERE id = $1")
            .bind(&ok.id)
            .execute(s.pool())
            .await
            .is_err()
    );
}

async fn erasure_without_hold_and_early_request(s: &Store) {
    s.set_retention_rule(
        &manager(),
        &RetentionRule::new(
            "financial",
            vec![
                "transactions".into(),
                "contracts".into(),
                "ledger_entries".into(),
            ],
            0,
            "No obligation for this business",
        )
        .unwrap(),
    )
    .await
    .unwrap();
    let cu = rich_customer(s, "Kati Kask").await;
    let (c, _) = through_notice(s, &cu, plan("2026-03-01", "2026-05-01")).await;
    s.book_offboarding_goodwill(
        &agent(),
        &c.id,
        EntryKind::Credit,
        Some(eur(1_000)),
        "Goodwill",
    )
    .await
    .unwrap();
    let c = s
        .close_offboarding(&manager(), &c.id, at("2026-05-01"))
        .await
        .unwrap();
    // Early erasure at the customer's request, before the deletion date.
    let cert = s
        .request_offboarding_erasure(&agent(), &c.id, true, at("2026-05-10"))
        .await
        .unwrap();
    assert_eq!(cert.body.kind, "early-erasure");
    assert!(cert.body.kept.is_empty());
    let rows = |t: &str| {
        cert.body
            .erased
            .iter()
            .find(|e| e.table == t)
            .map(|e| (e.rows, e.action.clone()))
    };
    assert_eq!(rows("transactions"), Some((2, "deleted".into())));
    assert_eq!(rows("ledger_entries"), Some((1, "deleted".into())));
    assert!(
        s.transactions(Clearance::SYSTEM, &cu, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.customer_ledger(Clearance::SYSTEM, &cu)
            .await
            .unwrap()
            .entries
            .is_empty()
    );
    assert!(s.active_holds(&cu).await.unwrap().is_empty());
    assert!(s.customer_erased(&cu).await.unwrap());
    // Twice is refused.
    assert!(
        s.request_offboarding_erasure(&agent(), &c.id, false, at("2026-05-11"))
            .await
            .is_err()
    );
    // An open case cannot be erased.
    let cu2 = customer(s, "Open Case", "EE").await;
    let c2 = s
        .open_offboarding(
            &manager(),
            &new_case(&cu2, plan("2026-03-01", "2026-05-01"), "", None),
        )
        .await
        .unwrap();
    assert!(
        s.request_offboarding_erasure(&agent(), &c2.id, false, at("2026-05-10"))
            .await
            .is_err()
    );
}

async fn export_is_complete(s: &Store) {
    let cu = rich_customer(s, "Mari Maasikas").await;
    let c = through_closure(s, &cu, plan("2026-03-01", "2026-05-01")).await;
    s.submit_exit_survey(
        &c.id,
        &ExitSurvey::parse("Too expensive", Some("A discount"), None, Some(3)).unwrap(),
    )
    .await
    .unwrap();
    let x = s
        .customer_data_export(Clearance::Standard, &cu)
        .await
        .unwrap();
    let v = serde_json::to_value(&x).unwrap();
    for key in [
        "customer",
        "contacts",
        "interactions",
        "transactions",
        "contracts",
        "usage",
        "complaints",
        "ledger_entries",
        "messages",
        "offboarding",
    ] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    assert_eq!(v["customer"]["email"], "mari@example.com");
    assert_eq!(v["customer"]["tags"].as_array().unwrap().len(), 2);
    assert!(v["customer"].get("consent").is_some() && v["customer"].get("attributes").is_some());
    assert_eq!(x.contacts.len(), 2);
    assert_eq!(x.transactions.len(), 2);
    assert_eq!(x.contracts.len(), 1);
    assert_eq!(x.messages.len(), 1);
    assert_eq!(x.offboarding.len(), 1);
    assert!(x.offboarding[0].letter.is_some() && x.offboarding[0].survey.is_some());
    assert!(x.restricted.is_empty());
    let csv = s
        .customer_export_csv(Clearance::Standard, &cu, "transactions")
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "id,external_ref,occurred_at,amount_minor,currency,description"
    );
    assert_eq!(lines.len(), 3);
    assert!(
        s.customer_export_csv(Clearance::Standard, &cu, "passwords")
            .await
            .is_err()
    );
    // After erasure with a hold, the held tables are left out unless asked by compliance.
    s.erase_offboarding(&Actor::system(), &c.id, at("2026-06-02"))
        .await
        .unwrap();
    let x = s
        .customer_data_export(Clearance::Standard, &cu)
        .await
        .unwrap();
    assert!(x.transactions.is_empty() && x.contracts.is_empty());
    // While a hold runs, all three holdable tables are restricted for the customer.
    assert_eq!(
        x.restricted,
        vec!["transactions", "contracts", "ledger_entries"]
    );
    assert_eq!(x.customer.name, "[erased]");
    let held = s
        .customer_data_export(Clearance::SYSTEM, &cu)
        .await
        .unwrap();
    assert_eq!(held.transactions.len(), 2);
    assert_eq!(
        s.customer_export_csv(Clearance::Standard, &cu, "transactions")
            .await
            .unwrap()
            .lines()
            .count(),
        1
    );
}

async fn survey_and_report(s: &Store) {
    let a = rich_customer(s, "A").await;
    let b = customer(s, "B", "GB").await;
    let ca = through_closure(s, &a, plan("2026-03-01", "2026-05-01")).await;
    let mut nb = new_case(&b, plan("2026-01-01", "2026-06-01"), "", None);
    nb.initiator = Initiator::Customer;
    nb.reason = Reason::CustomerRequest;
    let cb = s.open_offboarding(&manager(), &nb).await.unwrap();
    s.cancel_offboarding(&manager(), &cb.id, "They stayed after all")
        .await
        .unwrap();
    assert_eq!(s.customer(&b).await.unwrap().stage.as_str(), "active");
    s.submit_exit_survey(
        &ca.id,
        &ExitSurvey::parse("Too expensive", Some("A discount"), Some("ok"), Some(4)).unwrap(),
    )
    .await
    .unwrap();
    let twice = s
        .submit_exit_survey(&ca.id, &ExitSurvey::parse("x", None, None, None).unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        refusal(twice),
        Refusal::AlreadyDone {
            what: Done::SurveyAnswered
        }
    );
    assert!(
        s.submit_exit_survey(&cb.id, &ExitSurvey::parse("x", None, None, None).unwrap())
            .await
            .is_err()
    );
    let today = Utc::now().date_naive();
    let r = s
        .offboarding_report(Clearance::SYSTEM, today - Duration::days(1), today)
        .await
        .unwrap();
    assert_eq!(r.cases, 2);
    let reasons: Vec<(&str, &str, i64)> = r
        .by_reason
        .iter()
        .map(|x| (x.reason.as_str(), x.initiator.as_str(), x.cases))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("customer-request", "customer", 1),
            ("unprofitable", "company", 1)
        ]
    );
    let outcomes: Vec<(&str, i64)> = r
        .by_outcome
        .iter()
        .map(|x| (x.status.as_str(), x.cases))
        .collect();
    assert_eq!(outcomes, vec![("cancelled", 1), ("closed", 1)]);
    assert_eq!(r.revenue_impact.len(), 1);
    assert_eq!(
        (
            r.revenue_impact[0].currency.as_str(),
            r.revenue_impact[0].amount_minor
        ),
        ("EUR", 16_900)
    );
    assert_eq!((r.survey.answers, r.survey.average_rating), (1, Some(4.0)));
    assert_eq!(r.survey.would_have_kept, vec!["A discount"]);
    let csv = r.to_csv();
    assert!(csv.starts_with("section,key,initiator,currency,count,amount"));
    assert!(csv.contains("revenue-12m,,,EUR,,169.00"));
    let list = s
        .offboarding_cases(
            Clearance::SYSTEM,
            &CaseQuery {
                status: Some("active".into()),
                ..Default::default()
            },
            50,
            0,
        )
        .await
        .unwrap();
    assert_eq!(list.total, 1);
    assert!(
        s.offboarding_report(Clearance::SYSTEM, today, today - Duration::days(1))
            .await
            .is_err()
    );
}

/// Every column of every audit entry, as stored.
async fn raw_audit_text(s: &Store) -> String {
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT seq, action, entity_id, before_json, after_json, COALESCE(redaction_reason, '') FROM audit_log ORDER BY seq",
    )
    .fetch_all(s.pool())
    .await
    .unwrap();
    rows.iter()
        .map(|r| format!("{} {} {} {} {} {}\n", r.0, r.1, r.2, r.3, r.4, r.5))
        .collect()
}

async fn drop_audit_guard(s: &Store) {
    let sql = match s.engine() {
        carewell_store::Engine::Sqlite => "DROP TRIGGER audit_no_update",
        carewell_store::Engine::Postgres => "DROP TRIGGER audit_no_change ON audit_log",
    };
    sqlx::query(sql).execute(s.pool()).await.unwrap();
}

async fn erasure_redacts_the_audit_log(s: &Store) {
    let cu = rich_customer(s, "Liisa Lepik").await;
    // A complaint intake (subject and description are personal data too).
    let complaint = carewell_domain::complaint::ComplaintInput::parse(
        &cu,
        "email",
        "billing",
        "high",
        Some("Liisa was charged twice"),
        "Charged twice for March, call me on 5555",
        vec![],
    )
    .unwrap();
    s.create_complaint(&agent(), &complaint, None)
        .await
        .unwrap();
    let c = through_closure(s, &cu, plan("2026-03-01", "2026-05-01")).await;
    let secrets = [
        "charged twice",
        "Liisa",
        "Lepik",
        "mari@example.com",
        "on 5555",
        "jaan@example.com",
        "kati@example.com",
        "Tamme",
    ];
    let before = raw_audit_text(s).await;
    assert!(secrets.iter().all(|x| before.contains(x)), "{before}");
    let cert = s
        .erase_offboarding(&Actor::system(), &c.id, at("2026-06-01"))
        .await
        .unwrap();
    // Nothing personal is left in the audit log, and the chain still verifies.
    let after = raw_audit_text(s).await;
    for x in secrets {
        assert!(!after.contains(x), "{x} still in the audit log:\n{after}");
    }
    let total = s.verify_audit().await.unwrap().unwrap();
    let (redacted,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE redacted_at IS NOT NULL")
            .fetch_one(s.pool())
            .await
            .unwrap();
    assert!(redacted >= 8 && redacted < total, "{redacted} of {total}");
    // The certificate counts the redacted entries.
    let audit_rows = cert
        .body
        .erased
        .iter()
        .find(|e| e.table == "audit_log")
        .map(|e| e.rows);
    assert_eq!(audit_rows, Some(redacted));
    // Redacted entries keep what, who and when; the payload is the marker and the reason
    // names the certificate.
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
    let created = log
        .items
        .iter()
        .find(|e| e.content.action == "customer.create")
        .unwrap();
    assert_eq!(created.content.after, carewell_domain::audit::REDACTED);
    assert!(created.after_sha256.as_ref().is_some_and(|d| d.len() == 64));
    let r = created.redaction.as_ref().unwrap();
    assert!(r.reason.contains(&cert.id), "{}", r.reason);
    // Entries about the records held under the AML hold keep their payload until it ends.
    let (held,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('transaction.create', 'contract.create') AND redacted_at IS NULL",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(held, 3);
    // The redaction is itself an entry: counts and the certificate, never the values.
    let rec = carewell_store::audit::list(
        s,
        &AuditFilter {
            entity: Some("audit_log".into()),
            entity_id: Some(cert.id.clone()),
            before_seq: None,
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    assert_eq!(rec.total, 1);
    let v: serde_json::Value = serde_json::from_str(&rec.items[0].content.after).unwrap();
    assert_eq!(v["count"], redacted);
    // The database lets only a redaction through: a digest or an "un-redaction" is refused.
    let seq = created.content.seq;
    for sql in [
        "UPDATE audit_log SET after_sha256 = before_sha256 WHERE seq = $1",
        "UPDATE audit_log SET after_json = '{}', redacted_at = NULL WHERE seq = $1",
        "DELETE FROM audit_log WHERE seq = $1",
    ] {
        assert!(
            sqlx::query(sql).bind(seq).execute(s.pool()).await.is_err(),
            "{sql}"
        );
    }
    // A redaction done behind the store's back (not recorded in the chain) is detected.
    let (other,): (i64,) = sqlx::query_as(
        "SELECT MIN(seq) FROM audit_log WHERE redacted_at IS NULL AND action = 'transaction.create'",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    sqlx::query(
        "UPDATE audit_log SET before_json = '{\"redacted\":true}', after_json = '{\"redacted\":true}', \
         redacted_at = 'now', redaction_reason = 'quietly' WHERE seq = $1",
    )
    .bind(other)
    .execute(s.pool())
    .await
    .unwrap();
    let broken = s.verify_audit().await.unwrap().unwrap_err();
    assert_eq!(broken.seq, other);
    assert!(broken.reason.contains("recorded"), "{}", broken.reason);
}

async fn hold_expiry_redacts_the_held_entries(s: &Store) {
    let cu = rich_customer(s, "Peeter Paju").await;
    let c = through_closure(s, &cu, plan("2026-03-01", "2026-05-01")).await;
    s.erase_offboarding(&Actor::system(), &c.id, at("2026-06-01"))
        .await
        .unwrap();
    let before = raw_audit_text(s).await;
    assert!(before.contains("Invoice") && before.contains("Gold"));
    let done = s
        .offboarding_erase_due(&Actor::system(), at("2031-05-02"))
        .await
        .unwrap();
    assert_eq!(done[0].body.kind, "hold-expiry");
    let audit_rows = done[0]
        .body
        .erased
        .iter()
        .find(|e| e.table == "audit_log")
        .map(|e| e.rows);
    assert_eq!(audit_rows, Some(3)); // two transactions, one contract
    let after = raw_audit_text(s).await;
    assert!(
        !after.contains("Invoice") && !after.contains("Gold"),
        "{after}"
    );
    let n = s.verify_audit().await.unwrap().unwrap();
    // Someone with raw access alters a redacted entry's stored digest: detected.
    let (seq,): (i64,) = sqlx::query_as(
        "SELECT MIN(seq) FROM audit_log WHERE redacted_at IS NOT NULL AND action = 'contract.create'",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    drop_audit_guard(s).await;
    let (digest,): (String,) = sqlx::query_as("SELECT after_sha256 FROM audit_log WHERE seq = $1")
        .bind(seq)
        .fetch_one(s.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET after_sha256 = $1 WHERE seq = $2")
        .bind(carewell_domain::audit::digest("{}"))
        .bind(seq)
        .execute(s.pool())
        .await
        .unwrap();
    assert_eq!(s.verify_audit().await.unwrap().unwrap_err().seq, seq);
    // Restored, the chain verifies again; a non-redacted payload changed is detected.
    sqlx::query("UPDATE audit_log SET after_sha256 = $1 WHERE seq = $2")
        .bind(&digest)
        .bind(seq)
        .execute(s.pool())
        .await
        .unwrap();
    assert_eq!(s.verify_audit().await.unwrap(), Ok(n));
    let (plain,): (i64,) = sqlx::query_as(
        "SELECT MIN(seq) FROM audit_log WHERE redacted_at IS NULL AND action = 'offboarding.erase'",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    sqlx::query("UPDATE audit_log SET after_json = '{\"x\":1}' WHERE seq = $1")
        .bind(plain)
        .execute(s.pool())
        .await
        .unwrap();
    assert_eq!(s.verify_audit().await.unwrap().unwrap_err().seq, plain);
}

engines!(
    notice_period_refusal_and_exception,
    steps_in_order_letter_needs_contact,
    erasure_with_hold_certificate_and_refusal,
    erasure_without_hold_and_early_request,
    export_is_complete,
    survey_and_report,
    erasure_redacts_the_audit_log,
    hold_expiry_redacts_the_held_entries,
);
