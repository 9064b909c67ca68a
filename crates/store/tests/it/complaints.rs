//! Complaints, SLA sweep and the compensation ledger, on SQLite and on PostgreSQL.

use crate::common::{agent, eur, manager};
use carewell_domain::error::{Done, Refusal};

use carewell_domain::complaint::ComplaintInput;
use carewell_domain::complaint::sla::SlaState;
use carewell_domain::complaint::workflow::{Action, Status};
use carewell_domain::customer::CustomerInput;
use carewell_domain::ledger::{Approval, EntryKind, NewEntry, SourceKind};
use carewell_domain::money::{Currency, Money};
use carewell_store::Clearance;
use carewell_store::complaints::ComplaintQuery;
use carewell_store::{Actor, Store, StoreError};
use chrono::{Duration, Utc};

async fn customer(s: &Store, name: &str) -> String {
    let pairs = [("name", name), ("language", "et")];
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap();
    s.create_customer(&agent(), &input, None).await.unwrap().id
}

fn complaint(customer: &str, severity: &str, category: &str) -> ComplaintInput {
    ComplaintInput::parse(
        customer,
        "email",
        category,
        severity,
        None,
        "Charged twice for March",
        vec![],
    )
    .unwrap()
}

async fn act(
    s: &Store,
    id: &str,
    a: Action,
) -> Result<carewell_store::complaints::Complaint, StoreError> {
    s.transition_complaint(&agent(), id, &a, Utc::now()).await
}

async fn lifecycle_from_intake_to_close(s: &Store) {
    let cu = customer(s, "Mari Maasikas").await;
    let c = s
        .create_complaint(&agent(), &complaint(&cu, "high", "billing"), None)
        .await
        .unwrap();
    assert_eq!(
        (c.status, c.customer_name.as_str()),
        (Status::New, "Mari Maasikas")
    );
    // Skipping ahead is refused with a clear error; nothing changes.
    let err = act(
        s,
        &c.id,
        Action::Resolve {
            resolution: "x".into(),
            root_cause: "y".into(),
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, StoreError::Refused(Refusal::WrongState { allowed, .. }) if allowed == &["acknowledge", "escalate"]),
        "{err}"
    );
    act(s, &c.id, Action::Acknowledge { note: None })
        .await
        .unwrap();
    act(s, &c.id, Action::Listen { note: None }).await.unwrap();
    assert!(matches!(
        act(s, &c.id, Action::ConfirmDemand { demand: " ".into() }).await,
        Err(StoreError::Invalid(_))
    ));
    act(
        s,
        &c.id,
        Action::ConfirmDemand {
            demand: "Refund the second charge".into(),
        },
    )
    .await
    .unwrap();
    act(
        s,
        &c.id,
        Action::WaitOnCustomer {
            note: Some("bank statement".into()),
        },
    )
    .await
    .unwrap();
    let w = act(s, &c.id, Action::CustomerResponded { note: None })
        .await
        .unwrap();
    assert_eq!(w.status, Status::DemandConfirmed);
    assert_eq!(w.sla_pauses.len(), 1);
    assert!(w.sla_pauses[0].to.is_some());
    act(s, &c.id, Action::StartResolving { note: None })
        .await
        .unwrap();
    let r = act(
        s,
        &c.id,
        Action::Resolve {
            resolution: "Refunded 12.50".into(),
            root_cause: "Billing-System".into(),
        },
    )
    .await
    .unwrap();
    assert!(r.resolved_at.is_some() && r.first_response_at.is_some());
    assert_eq!(r.root_cause.as_deref(), Some("billing-system"));
    let tasks = s.tasks_for_source("complaint", &c.id).await.unwrap();
    assert_eq!(
        tasks.iter().map(|t| t.kind.as_str()).collect::<Vec<_>>(),
        ["follow-up-visit"]
    );
    // The customer answers the satisfaction question once (a link handed over by an agent).
    let link = s.satisfaction_link(&agent(), &c.id).await.unwrap();
    let token = link.strip_prefix("/public/satisfaction/").unwrap();
    s.record_satisfaction(token, 4, Some("ok")).await.unwrap();
    assert!(matches!(
        s.record_satisfaction(token, 5, None).await,
        Err(StoreError::Refused(Refusal::AlreadyDone {
            what: Done::SatisfactionAnswered
        }))
    ));
    act(s, &c.id, Action::FollowUp { note: None })
        .await
        .unwrap();
    let closed = act(s, &c.id, Action::Close { note: None }).await.unwrap();
    assert_eq!(
        (closed.status, closed.satisfaction_score),
        (Status::Closed, Some(4))
    );
    let policy = s.sla_policy(closed.severity).await.unwrap();
    assert_ne!(
        closed.sla(&policy, Utc::now()).first_response.state,
        SlaState::Active
    );
    // Reopen clears the resolution and goes back to listening.
    let re = act(
        s,
        &c.id,
        Action::Reopen {
            reason: "charged again".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (re.status, re.resolved_at.as_deref(), re.reopen_count),
        (Status::Listening, None, 1)
    );
    let events = s.complaint_events(&c.id).await.unwrap();
    let actions: Vec<&str> = events
        .iter()
        .filter(|e| e.action != "message" && e.action != "satisfaction")
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "created",
            "acknowledge",
            "listen",
            "confirm-demand",
            "wait-on-customer",
            "customer-responded",
            "start-resolving",
            "resolve",
            "follow-up",
            "close",
            "reopen"
        ]
    );
    let messages: Vec<&str> = events
        .iter()
        .filter(|e| e.action == "message")
        .filter_map(|e| e.note.as_deref())
        .collect();
    assert!(
        messages.contains(&"complaint-acknowledged")
            && messages.contains(&"complaint-satisfaction")
    );
    // On the customer's timeline, and findable.
    let tl = s.timeline(Clearance::SYSTEM, &cu, 50, 0).await.unwrap();
    assert!(tl.iter().any(|t| t.kind == "complaint" && t.id == c.id));
    let page = s
        .search_complaints(
            &ComplaintQuery {
                status: Some("open".into()),
                q: Some("MARCH".into()),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    // The audit chain still verifies.
    assert!(s.verify_audit().await.unwrap().is_ok());
}

async fn sla_sweep_warns_breaches_and_escalates_once(s: &Store) {
    let cu = customer(s, "Kalle").await;
    // Critical: 60 min first response, around the clock.
    let c = s
        .create_complaint(&agent(), &complaint(&cu, "critical", "service"), None)
        .await
        .unwrap();
    let t0 = Utc::now();
    let out = s.sla_sweep(t0 + Duration::minutes(10)).await.unwrap();
    assert_eq!((out.warnings, out.breaches), (0, 0));
    let out = s.sla_sweep(t0 + Duration::minutes(50)).await.unwrap();
    assert_eq!((out.warnings, out.breaches), (1, 0));
    let out = s.sla_sweep(t0 + Duration::minutes(55)).await.unwrap();
    assert_eq!((out.warnings, out.breaches), (0, 0), "warned once");
    let out = s.sla_sweep(t0 + Duration::minutes(61)).await.unwrap();
    assert_eq!(out.breaches, 1);
    let after = s.complaint(&c.id).await.unwrap();
    assert_eq!(after.escalation_level, 1);
    let policy = s.sla_policy(after.severity).await.unwrap();
    assert_eq!(
        after.sla(&policy, t0 + Duration::minutes(61)).state,
        SlaState::Missed
    );
    assert!(
        s.open_tasks(None)
            .await
            .unwrap()
            .iter()
            .any(|t| t.kind == "sla-breach")
    );
    let out = s.sla_sweep(t0 + Duration::minutes(70)).await.unwrap();
    assert_eq!(out.breaches, 0, "breached once");
    // A paused clock does not run: wait 3 h on the customer, then 20 min of work.
    let d = s
        .create_complaint(&agent(), &complaint(&cu, "critical", "service"), None)
        .await
        .unwrap();
    let t1 = Utc::now();
    s.transition_complaint(&agent(), &d.id, &Action::Acknowledge { note: None }, t1)
        .await
        .unwrap();
    s.transition_complaint(
        &agent(),
        &d.id,
        &Action::WaitOnCustomer { note: None },
        t1 + Duration::minutes(10),
    )
    .await
    .unwrap();
    s.transition_complaint(
        &agent(),
        &d.id,
        &Action::CustomerResponded { note: None },
        t1 + Duration::hours(3),
    )
    .await
    .unwrap();
    let d = s.complaint(&d.id).await.unwrap();
    let st = d.sla(
        &s.sla_policy(d.severity).await.unwrap(),
        t1 + Duration::hours(3) + Duration::minutes(20),
    );
    assert_eq!(st.first_response.state, SlaState::Met);
    assert_eq!(st.resolution.state, SlaState::Active);
    let mins = st.resolution.elapsed_seconds / 60;
    assert_eq!(mins, 30);
    // Policies are editable and validated.
    let mut p = s
        .sla_policy(carewell_domain::complaint::Severity::Low)
        .await
        .unwrap();
    p.first_response_minutes = 30;
    s.set_sla_policy(&manager(), &p).await.unwrap();
    assert_eq!(
        s.sla_policy(p.severity)
            .await
            .unwrap()
            .first_response_minutes,
        30
    );
    p.first_response_minutes = 0;
    assert!(s.set_sla_policy(&manager(), &p).await.is_err());
}

async fn ledger_approvals_reversals_and_immutability(s: &Store) {
    let cu = customer(s, "Jaan").await;
    let other = customer(s, "Other").await;
    let c = s
        .create_complaint(&agent(), &complaint(&cu, "medium", "billing"), None)
        .await
        .unwrap();
    let entry = |kind, minor, cust: &str| {
        NewEntry::new(
            cust,
            kind,
            eur(minor),
            "double charge",
            SourceKind::Complaint,
            &c.id,
        )
        .unwrap()
    };
    // Threshold EUR 100.00 (seeded): 50.00 is effective at once, 250.00 waits for a manager.
    let small = s
        .add_compensation(
            Clearance::SYSTEM,
            &agent(),
            &entry(EntryKind::Refund, 5000, &cu),
        )
        .await
        .unwrap();
    assert_eq!(small.approval, Approval::NotRequired);
    let big = s
        .add_compensation(
            Clearance::SYSTEM,
            &agent(),
            &entry(EntryKind::Credit, 25000, &cu),
        )
        .await
        .unwrap();
    assert_eq!(big.approval, Approval::Pending);
    assert!(
        s.add_compensation(
            Clearance::SYSTEM,
            &agent(),
            &entry(EntryKind::Coupon, 100, &other)
        )
        .await
        .is_err(),
        "complaint of another customer"
    );
    let l = s.customer_ledger(Clearance::SYSTEM, &cu).await.unwrap();
    assert_eq!(
        (l.totals[0].amount_minor, l.pending[0].amount_minor),
        (5000, 25000)
    );
    // The booker cannot approve their own entry; a pending entry cannot be reversed.
    assert!(matches!(
        s.decide_compensation(Clearance::SYSTEM, &agent(), &big.id, true, None)
            .await,
        Err(StoreError::Refused(Refusal::FourEyes))
    ));
    assert!(matches!(
        s.reverse_compensation(Clearance::SYSTEM, &manager(), &big.id, "oops").await,
        Err(StoreError::Refused(Refusal::WrongState { status, .. })) if status == "pending"
    ));
    let approved = s
        .decide_compensation(Clearance::SYSTEM, &manager(), &big.id, true, Some("fine"))
        .await
        .unwrap();
    assert_eq!(
        (approved.approval, approved.decided_by.as_deref()),
        (Approval::Approved, Some("manager@example.com"))
    );
    assert!(matches!(
        s.decide_compensation(Clearance::SYSTEM, &manager(), &big.id, false, None)
            .await,
        Err(StoreError::Refused(Refusal::WrongState { status, .. })) if status == "approved"
    ));
    assert_eq!(
        s.customer_ledger(Clearance::SYSTEM, &cu)
            .await
            .unwrap()
            .totals[0]
            .amount_minor,
        30000
    );
    // Reversal is a new, negative entry; the original is untouched; twice is refused.
    let rev = s
        .reverse_compensation(
            Clearance::SYSTEM,
            &agent(),
            &small.id,
            "refunded by the bank already",
        )
        .await
        .unwrap();
    assert_eq!(
        (rev.kind, rev.amount_minor, rev.reverses_id.as_deref()),
        (EntryKind::Reversal, -5000, Some(small.id.as_str()))
    );
    assert!(matches!(
        s.reverse_compensation(Clearance::SYSTEM, &agent(), &small.id, "again")
            .await,
        Err(StoreError::Refused(Refusal::AlreadyDone {
            what: Done::Reversed
        }))
    ));
    assert!(matches!(
        s.reverse_compensation(Clearance::SYSTEM, &agent(), &rev.id, "undo")
            .await,
        Err(StoreError::Refused(Refusal::NotReversible))
    ));
    let orig = s.ledger_entry(Clearance::SYSTEM, &small.id).await.unwrap();
    assert_eq!(
        (orig.amount_minor, orig.reversed_by.as_deref()),
        (5000, Some(rev.id.as_str()))
    );
    let l = s.customer_ledger(Clearance::SYSTEM, &cu).await.unwrap();
    assert_eq!((l.entries.len(), l.totals[0].amount_minor), (3, 25000));
    // Rejected entries never count.
    let third = s
        .add_compensation(
            Clearance::SYSTEM,
            &agent(),
            &entry(EntryKind::WaivedInvoice, 99999, &cu),
        )
        .await
        .unwrap();
    s.decide_compensation(Clearance::SYSTEM, &manager(), &third.id, false, None)
        .await
        .unwrap();
    assert_eq!(
        s.customer_ledger(Clearance::SYSTEM, &cu)
            .await
            .unwrap()
            .totals[0]
            .amount_minor,
        25000
    );
    assert_eq!(
        s.pending_compensation(Clearance::SYSTEM)
            .await
            .unwrap()
            .len(),
        0
    );
    // The database itself refuses edits and deletions of entries and decisions.
    for sql in [
        "UPDATE ledger_entries SET amount_minor = 1",
        "DELETE FROM ledger_entries",
        "UPDATE ledger_decisions SET decision = 'approved'",
        "DELETE FROM ledger_decisions",
    ] {
        assert!(
            sqlx::query(sql).execute(s.pool()).await.is_err(),
            "{sql} must fail"
        );
    }
    assert_eq!(
        s.ledger_entry(Clearance::SYSTEM, &small.id)
            .await
            .unwrap()
            .amount_minor,
        5000
    );
    // A currency without a threshold always needs approval; thresholds are configurable.
    let jpy = Money {
        minor: 1,
        currency: Currency::parse("JPY").unwrap(),
    };
    let e = NewEntry::new(
        &cu,
        EntryKind::Coupon,
        jpy,
        "r",
        SourceKind::Complaint,
        &c.id,
    )
    .unwrap();
    assert_eq!(
        s.add_compensation(Clearance::SYSTEM, &agent(), &e)
            .await
            .unwrap()
            .approval,
        Approval::Pending
    );
    s.set_approval_threshold(
        &manager(),
        Money {
            minor: 1000,
            currency: jpy.currency,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        s.add_compensation(Clearance::SYSTEM, &agent(), &e)
            .await
            .unwrap()
            .approval,
        Approval::NotRequired
    );
    assert!(
        s.timeline(Clearance::SYSTEM, &cu, 50, 0)
            .await
            .unwrap()
            .iter()
            .any(|t| t.kind == "compensation")
    );
}

async fn report_counts_and_attainment(s: &Store) {
    let a = customer(s, "Repeat Rita").await;
    let b = customer(s, "Once Olev").await;
    let from = carewell_domain::time::fmt_ts(Utc::now() - Duration::minutes(1));
    let c1 = s
        .create_complaint(&agent(), &complaint(&a, "critical", "billing"), None)
        .await
        .unwrap();
    s.create_complaint(&agent(), &complaint(&a, "low", "billing"), None)
        .await
        .unwrap();
    s.create_complaint(&agent(), &complaint(&b, "low", "staff"), None)
        .await
        .unwrap();
    for act in [
        Action::Acknowledge { note: None },
        Action::Listen { note: None },
        Action::ConfirmDemand { demand: "d".into() },
        Action::StartResolving { note: None },
        Action::Resolve {
            resolution: "r".into(),
            root_cause: "training".into(),
        },
    ] {
        s.transition_complaint(&agent(), &c1.id, &act, Utc::now())
            .await
            .unwrap();
    }
    let to = carewell_domain::time::fmt_ts(Utc::now() + Duration::minutes(1));
    let r = s.complaint_report(&from, &to, Utc::now()).await.unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(
        (r.by_category[0].key.as_str(), r.by_category[0].count),
        ("billing", 2)
    );
    assert_eq!(r.repeat_complainants.len(), 1);
    assert_eq!(r.repeat_complainants[0].name, "Repeat Rita");
    assert_eq!(r.root_causes[0].key, "training");
    assert_eq!(
        (r.overall_sla.met, r.overall_sla.percent_met),
        (1, Some(100.0))
    );
    assert!(r.median_first_response_seconds.is_some());
}

async fn public_links_are_per_customer(s: &Store) {
    let a = customer(s, "Link A").await;
    assert_eq!(s.complaint_link_issued(&a).await.unwrap(), None);
    let t1 = s.complaint_link(&agent(), &a).await.unwrap();
    assert_eq!(t1.len(), 64);
    assert!(s.complaint_link_issued(&a).await.unwrap().is_some());
    assert_eq!(s.customer_for_complaint_link(&t1).await.unwrap().0, a);
    // Only the hash is stored.
    let (stored,): (String,) =
        sqlx::query_as("SELECT token_hash FROM complaint_links WHERE customer_id = $1")
            .bind(&a)
            .fetch_one(s.pool())
            .await
            .unwrap();
    assert_eq!(stored, carewell_store::links::token_hash(&t1));
    // Issuing again retires the old link.
    let t2 = s.complaint_link(&agent(), &a).await.unwrap();
    assert_ne!(t1, t2);
    assert!(s.customer_for_complaint_link(&t1).await.is_err());
    assert_eq!(
        s.customer_for_complaint_link(&t2).await.unwrap().1,
        "Link A"
    );
}

async fn sla_clock_over_business_hours_with_pauses(s: &Store) {
    use carewell_domain::complaint::Severity;
    use carewell_domain::complaint::sla::BusinessCalendar;
    use carewell_domain::time::parse_ts;
    let t = |x: &str| parse_ts("t", x).unwrap();
    // Medium: 8 h first response, 24 h resolution, Mon–Fri 09–17 at UTC+2, 2026-01-12 a holiday.
    let mut p = s.sla_policy(Severity::Medium).await.unwrap();
    p.calendar = BusinessCalendar::office_hours(120);
    p.calendar
        .holidays
        .push(chrono::NaiveDate::from_ymd_opt(2026, 1, 12).unwrap());
    s.set_sla_policy(&manager(), &p).await.unwrap();
    let cu = customer(s, "Clock Carl").await;
    // Received Friday 2026-01-09 16:00 local (14:00 UTC): one business hour left that day.
    let c = s
        .create_complaint_received(
            &agent(),
            &complaint(&cu, "medium", "product"),
            None,
            Some(t("2026-01-09T14:00:00Z")),
        )
        .await
        .unwrap();
    let p = s.sla_policy(Severity::Medium).await.unwrap();
    // Due: 1 h Friday + Monday is a holiday + 7 h Tuesday = Tuesday 16:00 local (14:00 UTC).
    let st = c.sla(&p, t("2026-01-09T14:30:00Z"));
    assert_eq!(st.first_response.due_at, Some(t("2026-01-13T14:00:00Z")));
    // 75 % of 8 h = 6 h: Tuesday 14:00 local.
    assert_eq!(st.first_response.warn_at, Some(t("2026-01-13T12:00:00Z")));
    // Acknowledged Friday 16:30 local, then waiting on the customer from 16:45 local Friday until
    // Tuesday 10:00 local: the pause spans the weekend, the holiday and Tuesday's first hour.
    s.transition_complaint(
        &agent(),
        &c.id,
        &Action::Acknowledge { note: None },
        t("2026-01-09T14:30:00Z"),
    )
    .await
    .unwrap();
    s.transition_complaint(
        &agent(),
        &c.id,
        &Action::WaitOnCustomer { note: None },
        t("2026-01-09T14:45:00Z"),
    )
    .await
    .unwrap();
    let paused = s
        .complaint(&c.id)
        .await
        .unwrap()
        .sla(&p, t("2026-01-13T09:00:00Z"));
    assert!(paused.resolution.paused);
    assert_eq!(paused.resolution.due_at, None);
    assert_eq!(paused.resolution.elapsed_seconds, 45 * 60);
    s.transition_complaint(
        &agent(),
        &c.id,
        &Action::CustomerResponded { note: None },
        t("2026-01-13T08:00:00Z"),
    )
    .await
    .unwrap();
    let c = s.complaint(&c.id).await.unwrap();
    let st = c.sla(&p, t("2026-01-13T09:00:00Z"));
    assert_eq!(st.first_response.state, SlaState::Met);
    // 45 min before the pause + 1 h on Tuesday after it.
    assert_eq!(st.resolution.elapsed_seconds, 105 * 60);
    // 24 h of business time: 45 min Friday, then 23 h 15 min from Tuesday 10:00 local:
    // Tue 7 h, Wed 8 h, Thu 8 h, and the last 15 min on Friday: 09:15 local (07:15 UTC).
    assert_eq!(st.resolution.due_at, Some(t("2026-01-16T07:15:00Z")));
    // The sweep agrees: nothing at 09:00 Tuesday, a breach once the due time has passed.
    assert_eq!(
        s.sla_sweep(t("2026-01-13T09:00:00Z"))
            .await
            .unwrap()
            .breaches,
        0
    );
    let out = s.sla_sweep(t("2026-01-16T07:16:00Z")).await.unwrap();
    assert_eq!(out.breaches, 1);
}

async fn customer_with(s: &Store, name: &str, lang: &str, email: Option<&str>) -> String {
    let mut pairs = vec![("name", name), ("language", lang)];
    if let Some(e) = email {
        pairs.push(("email", e));
    }
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.clone().into_iter(),
    )
    .unwrap();
    s.create_customer(&agent(), &input, None).await.unwrap().id
}

async fn user(s: &Store, email: &str, name: &str, role: carewell_domain::role::Role) -> String {
    let e = carewell_domain::email::Email::parse(email).unwrap();
    s.create_user(&Actor::cli(), &e, name, role, "x")
        .await
        .unwrap()
        .id
}

async fn complaint_messages(s: &Store, customer: &str) -> Vec<carewell_store::outbox::Message> {
    carewell_store::outbox::for_customer(s, customer, 100, 0)
        .await
        .unwrap()
        .items
}

async fn acknowledgement_goes_through_the_outbox(s: &Store) {
    use carewell_store::outbox;
    let owner = user(
        s,
        "kadri@example.com",
        "Kadri Saar",
        carewell_domain::role::Role::Agent,
    )
    .await;
    let cu = customer_with(s, "Mari Maasikas", "et", Some("mari@example.com")).await;
    let c = s
        .create_complaint(&agent(), &complaint(&cu, "high", "billing"), Some(&owner))
        .await
        .unwrap();
    assert!(
        complaint_messages(s, &cu).await.is_empty(),
        "intake sends nothing"
    );
    let a = act(s, &c.id, Action::Acknowledge { note: None })
        .await
        .unwrap();
    let msgs = complaint_messages(s, &cu).await;
    assert_eq!(msgs.len(), 1, "exactly one message");
    let key = format!("complaint:{}:complaint-acknowledged:{}", c.id, a.updated_at);
    let m = outbox::by_key(s, &key)
        .await
        .unwrap()
        .expect("message with the key");
    assert_eq!(m.id, msgs[0].id);
    assert_eq!(
        (
            m.class.as_str(),
            m.channel.as_str(),
            m.language.as_str(),
            m.recipient.as_str(),
            m.status.as_str(),
            m.event.as_str(),
            m.template.as_deref()
        ),
        (
            "service",
            "email",
            "et",
            "mari@example.com",
            "queued",
            "complaint.acknowledged",
            Some("complaint-acknowledged")
        )
    );
    assert_eq!(m.args["name"], "Mari Maasikas");
    assert_eq!(m.args["agent"], "Kadri Saar");
    assert_eq!(m.args["subject"], "Charged twice for March");
    assert_eq!(m.args["reference"].as_str().unwrap().len(), 8);
    assert!(c.id.ends_with(m.args["reference"].as_str().unwrap()));
    // A refused transition rolls back: nothing more queued.
    assert!(act(s, &c.id, Action::Close { note: None }).await.is_err());
    // Steps without a customer message queue nothing; the demand confirmation carries the demand.
    act(s, &c.id, Action::Listen { note: None }).await.unwrap();
    assert_eq!(complaint_messages(s, &cu).await.len(), 1);
    act(
        s,
        &c.id,
        Action::ConfirmDemand {
            demand: "Refund the second charge".into(),
        },
    )
    .await
    .unwrap();
    let msgs = complaint_messages(s, &cu).await;
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[0].args["demand"], "Refund the second charge");
    let w = act(
        s,
        &c.id,
        Action::WaitOnCustomer {
            note: Some("your bank statement".into()),
        },
    )
    .await
    .unwrap();
    let key = format!("complaint:{}:complaint-waiting:{}", c.id, w.updated_at);
    let m = outbox::by_key(s, &key).await.unwrap().unwrap();
    assert_eq!(m.args["note"], "your bank statement");
    // No address: kept as dropped with the reason, never lost silently.
    let nomail = customer_with(s, "Ilma Postita", "zh-CN", None).await;
    let d = s
        .create_complaint(&agent(), &complaint(&nomail, "low", "service"), None)
        .await
        .unwrap();
    act(s, &d.id, Action::Acknowledge { note: None })
        .await
        .unwrap();
    let msgs = complaint_messages(s, &nomail).await;
    assert_eq!(
        (
            msgs.len(),
            msgs[0].status.as_str(),
            msgs[0].language.as_str()
        ),
        (1, "dropped", "zh-CN")
    );
    assert!(s.verify_audit().await.unwrap().is_ok());
}

async fn sla_timers_are_jobs_and_stale_ones_do_nothing(s: &Store) {
    use carewell_store::complaints::timers::SlaCheck;
    use carewell_store::jobs::JobPayload;
    use carewell_store::{jobs, outbox};
    let owner = user(
        s,
        "owner@example.com",
        "Olev Owner",
        carewell_domain::role::Role::Agent,
    )
    .await;
    user(
        s,
        "boss@example.com",
        "Helen Boss",
        carewell_domain::role::Role::Manager,
    )
    .await;
    let cu = customer_with(s, "Timer Tiina", "et", Some("tiina@example.com")).await;
    // Critical: 60 min first response, 240 min resolution, around the clock.
    let c = s
        .create_complaint(
            &agent(),
            &complaint(&cu, "critical", "service"),
            Some(&owner),
        )
        .await
        .unwrap();
    let t0 = carewell_domain::time::parse_ts("t", &c.created_at).unwrap();
    let job = |k: &str| {
        let key = format!("complaint:{}:{k}", c.id);
        async move { jobs::by_key(s, &key).await.unwrap() }
    };
    let at = |j: &Option<jobs::Job>| {
        carewell_domain::time::parse_ts("t", &j.as_ref().expect("job").run_at).unwrap()
    };
    for (k, mins) in [
        ("first-response-warning", 45),
        ("first-response-breach", 60),
        ("resolution-warning", 180),
        ("resolution-breach", 240),
    ] {
        let j = job(k).await;
        assert_eq!(at(&j), t0 + Duration::minutes(mins), "{k}");
        assert_eq!(j.as_ref().unwrap().kind, SlaCheck::KIND);
        assert_eq!(j.unwrap().payload["complaint_id"], c.id.as_str());
    }
    // Acknowledged in time; waiting on the customer from minute 10 to minute 130.
    let t = |m: i64| t0 + Duration::minutes(m);
    s.transition_complaint(&agent(), &c.id, &Action::Acknowledge { note: None }, t(5))
        .await
        .unwrap();
    s.transition_complaint(&agent(), &c.id, &Action::Listen { note: None }, t(6))
        .await
        .unwrap();
    s.transition_complaint(
        &agent(),
        &c.id,
        &Action::WaitOnCustomer { note: None },
        t(10),
    )
    .await
    .unwrap();
    // The first-response timers are stale (met): firing them does nothing.
    let out = s.sla_check(&c.id, t(61)).await.unwrap();
    assert_eq!((out.warnings, out.breaches), (0, 0));
    // The resolution warning fires while paused: stale, nothing.
    let out = s.sla_check(&c.id, t(181)).await.unwrap();
    assert_eq!((out.warnings, out.breaches), (0, 0), "paused clock");
    s.transition_complaint(
        &agent(),
        &c.id,
        &Action::CustomerResponded { note: None },
        t(130),
    )
    .await
    .unwrap();
    // Resumed: the resolution timers moved by the 120 min pause.
    assert_eq!(at(&job("resolution-warning").await), t(300));
    assert_eq!(at(&job("resolution-breach").await), t(360));
    let out = s.sla_check(&c.id, t(301)).await.unwrap();
    assert_eq!((out.warnings, out.breaches), (1, 0));
    let warn_mail = outbox::by_key(s, &format!("complaint:{}:resolution-warning:{owner}", c.id))
        .await
        .unwrap()
        .expect("owner e-mailed");
    assert_eq!(
        (
            warn_mail.recipient.as_str(),
            warn_mail.customer_id.as_deref(),
            warn_mail.template.as_deref()
        ),
        (
            "owner@example.com",
            None,
            Some("complaint-staff-sla-warning")
        )
    );
    assert_eq!(
        s.sla_check(&c.id, t(302)).await.unwrap().warnings,
        0,
        "once"
    );
    let out = s.sla_check(&c.id, t(361)).await.unwrap();
    assert_eq!(out.breaches, 1);
    let after = s.complaint(&c.id).await.unwrap();
    assert_eq!(after.escalation_level, 1);
    assert!(
        after
            .sla_notified
            .contains(&"resolution-breach".to_string())
    );
    let tasks = s.tasks_for_source("complaint", &c.id).await.unwrap();
    let kinds: Vec<(&str, bool)> = tasks
        .iter()
        .map(|t| (t.kind.as_str(), t.owner_id.is_some()))
        .collect();
    assert!(kinds.contains(&("sla-warning", true)), "{kinds:?}");
    assert!(kinds.contains(&("sla-breach", true)) && kinds.contains(&("sla-breach", false)));
    let mut breach_to: Vec<String> = sqlx::query_as::<_, (String,)>(
        "SELECT recipient FROM outbox WHERE idempotency_key LIKE $1",
    )
    .bind(format!("complaint:{}:resolution-breach:%", c.id))
    .fetch_all(s.pool())
    .await
    .unwrap()
    .into_iter()
    .map(|(r,)| r)
    .collect();
    breach_to.sort();
    assert_eq!(breach_to, ["boss@example.com", "owner@example.com"]);
    assert_eq!(
        s.sla_check(&c.id, t(400)).await.unwrap().breaches,
        0,
        "once"
    );
    // A deleted or unknown complaint is nothing to do.
    assert_eq!(s.sla_check("nope", t(400)).await.unwrap().checked, 0);
    // Reopening re-arms the resolution timers (the finished jobs come back).
    let d = s
        .create_complaint(&agent(), &complaint(&cu, "critical", "service"), None)
        .await
        .unwrap();
    let d0 = carewell_domain::time::parse_ts("t", &d.created_at).unwrap();
    for a in [
        Action::Acknowledge { note: None },
        Action::Listen { note: None },
        Action::ConfirmDemand { demand: "x".into() },
        Action::StartResolving { note: None },
        Action::Resolve {
            resolution: "done".into(),
            root_cause: "training".into(),
        },
    ] {
        s.transition_complaint(&agent(), &d.id, &a, d0 + Duration::minutes(1))
            .await
            .unwrap();
    }
    // A resolved complaint's stale breach timer does nothing.
    assert_eq!(
        s.sla_check(&d.id, d0 + Duration::minutes(241))
            .await
            .unwrap()
            .breaches,
        0
    );
    // Mark the timer finished, as the runner would have, then reopen an hour later.
    sqlx::query("UPDATE jobs SET status = 'done' WHERE unique_key = $1")
        .bind(format!("complaint:{}:resolution-breach", d.id))
        .execute(s.pool())
        .await
        .unwrap();
    s.transition_complaint(
        &agent(),
        &d.id,
        &Action::Reopen {
            reason: "again".into(),
        },
        d0 + Duration::minutes(61),
    )
    .await
    .unwrap();
    let j = jobs::by_key(s, &format!("complaint:{}:resolution-breach", d.id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(j.status, "queued");
    // 1 minute worked before resolving, 60 min resolved don't count: due at 240 + 60.
    assert_eq!(
        carewell_domain::time::parse_ts("t", &j.run_at).unwrap(),
        d0 + Duration::minutes(300)
    );
    // A severity change re-sets the timers under the new policy (reason required).
    let e = s
        .create_complaint(&agent(), &complaint(&cu, "low", "service"), None)
        .await
        .unwrap();
    let e0 = carewell_domain::time::parse_ts("t", &e.created_at).unwrap();
    assert!(matches!(
        s.set_complaint_severity(
            &agent(),
            &e.id,
            carewell_domain::complaint::Severity::Critical,
            " "
        )
        .await,
        Err(StoreError::Invalid(_))
    ));
    let up = s
        .set_complaint_severity(
            &agent(),
            &e.id,
            carewell_domain::complaint::Severity::Critical,
            "the whole site is down",
        )
        .await
        .unwrap();
    assert_eq!(up.severity, carewell_domain::complaint::Severity::Critical);
    let j = jobs::by_key(s, &format!("complaint:{}:first-response-breach", e.id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        carewell_domain::time::parse_ts("t", &j.run_at).unwrap(),
        e0 + Duration::minutes(60)
    );
    let ev = s.complaint_events(&e.id).await.unwrap();
    assert!(ev.iter().any(|x| x.action == "severity"
        && x.note.as_deref() == Some("low → critical: the whole site is down")));
    // A policy change moves the timers of open complaints of that severity.
    let mut p = s
        .sla_policy(carewell_domain::complaint::Severity::Critical)
        .await
        .unwrap();
    p.resolution_minutes = 480;
    s.set_sla_policy(&manager(), &p).await.unwrap();
    let j = jobs::by_key(s, &format!("complaint:{}:resolution-breach", d.id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        carewell_domain::time::parse_ts("t", &j.run_at).unwrap(),
        d0 + Duration::minutes(540)
    );
    assert!(s.verify_audit().await.unwrap().is_ok());
}

async fn satisfaction_question_once_per_resolution(s: &Store) {
    use carewell_store::complaints::timers::SatisfactionQuestion;
    use carewell_store::jobs::JobPayload;
    use carewell_store::{jobs, outbox};
    let cu = customer_with(s, "Rahul Olev", "et", Some("olev@example.com")).await;
    let c = s
        .create_complaint(&agent(), &complaint(&cu, "medium", "billing"), None)
        .await
        .unwrap();
    for a in [
        Action::Acknowledge { note: None },
        Action::Listen { note: None },
        Action::ConfirmDemand {
            demand: "refund".into(),
        },
        Action::StartResolving { note: None },
    ] {
        act(s, &c.id, a).await.unwrap();
    }
    let r = act(
        s,
        &c.id,
        Action::Resolve {
            resolution: "Refunded".into(),
            root_cause: "billing".into(),
        },
    )
    .await
    .unwrap();
    let resolved = r.resolved_at.clone().unwrap();
    let j = jobs::by_key(s, &format!("complaint:{}:satisfaction:{resolved}", c.id))
        .await
        .unwrap()
        .expect("timer at the follow-up day");
    assert_eq!(j.kind, SatisfactionQuestion::KIND);
    assert_eq!(
        carewell_domain::time::parse_ts("t", &j.run_at).unwrap(),
        carewell_domain::time::parse_ts("t", &resolved).unwrap()
            + Duration::days(carewell_store::complaints::FOLLOW_UP_DAYS)
    );
    // A timer for an older resolution does nothing.
    assert!(
        !s.send_satisfaction_question(&c.id, "2020-01-01T00:00:00.000000Z")
            .await
            .unwrap()
    );
    // The timer fires: one question with the link to the public page.
    assert!(
        s.send_satisfaction_question(&c.id, &resolved)
            .await
            .unwrap()
    );
    assert!(
        !s.send_satisfaction_question(&c.id, &resolved)
            .await
            .unwrap(),
        "once"
    );
    let key = format!("complaint:{}:complaint-satisfaction:{resolved}", c.id);
    let m = outbox::by_key(s, &key).await.unwrap().unwrap();
    // The link is not in what staff read; only the sender gets it.
    assert!(m.args.get("link").is_none() && m.link.is_none());
    let claimed = outbox::claim(s, Utc::now(), Duration::minutes(1), 100)
        .await
        .unwrap();
    let sent = claimed.iter().find(|x| x.id == m.id).unwrap();
    let link = sent.link.clone().unwrap();
    let token = link.strip_prefix("/public/satisfaction/").unwrap();
    assert_eq!(
        s.complaint_by_satisfaction_token(token).await.unwrap().id,
        c.id
    );
    // Once sent, the message keeps no link.
    assert!(outbox::mark_sent(s, sent).await.unwrap());
    let (kept,): (Option<String>,) = sqlx::query_as("SELECT secret_link FROM outbox WHERE id = $1")
        .bind(&m.id)
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(kept, None);
    // The follow-up afterwards does not ask again.
    act(s, &c.id, Action::FollowUp { note: None })
        .await
        .unwrap();
    let asked = complaint_messages(s, &cu)
        .await
        .iter()
        .filter(|m| m.template.as_deref() == Some("complaint-satisfaction"))
        .count();
    assert_eq!(asked, 1);
    // Answered: the timer of the next resolution stays silent.
    s.record_satisfaction(token, 5, None).await.unwrap();
    let again = act(
        s,
        &c.id,
        Action::Reopen {
            reason: "no".into(),
        },
    )
    .await
    .unwrap();
    assert!(again.resolved_at.is_none());
    assert!(
        !s.send_satisfaction_question(&c.id, &resolved)
            .await
            .unwrap()
    );
}

engines!(
    lifecycle_from_intake_to_close,
    sla_sweep_warns_breaches_and_escalates_once,
    ledger_approvals_reversals_and_immutability,
    report_counts_and_attainment,
    public_links_are_per_customer,
    sla_clock_over_business_hours_with_pauses,
    acknowledgement_goes_through_the_outbox,
    sla_timers_are_jobs_and_stale_ones_do_nothing,
    satisfaction_question_once_per_resolution,
);
