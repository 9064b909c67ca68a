//! Contact cadence and care moments on SQLite and PostgreSQL: one contact-due task per customer
//! and period across re-runs and a second connection ("another app server"), a contact closes
//! it and resets the clock (a note does not), care moments once a year across a restart,
//! 29 February, the settings' validation, the cadence readers, erasure.

use crate::common::{TestDb, agent, manager};
use carewell_domain::cadence::{Moment, MomentMode};
use carewell_domain::customer::{CustomerInput, LifecycleStage};
use carewell_domain::interaction::InteractionKind;
use carewell_domain::role::Role;
use carewell_domain::segment::Filter;
use carewell_store::audit::AuditFilter;
use carewell_store::cadence::{
    self, CadenceSettings, MomentSetting, SegmentCadence, StageCadence, care_moments_run,
    contact_due_run,
};
use carewell_store::interactions::NewInteraction;
use carewell_store::segments::SegmentInput;
use carewell_store::tasks::Task;
use carewell_store::{Actor, Store, StoreError};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

async fn owner(s: &Store, email: &str) -> String {
    let e = carewell_domain::email::Email::parse(email).unwrap();
    s.create_user(&Actor::cli(), &e, "Owner", Role::Agent, "x")
        .await
        .unwrap()
        .id
}

async fn customer(s: &Store, name: &str, fields: &[(&str, &str)], owner: Option<&str>) -> String {
    let mut pairs = vec![("name", name), ("language", "en")];
    pairs.extend_from_slice(fields);
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.clone().into_iter(),
    )
    .unwrap();
    s.create_customer(&agent(), &input, owner).await.unwrap().id
}

async fn contact(s: &Store, cid: &str, kind: InteractionKind, at: DateTime<Utc>) {
    s.add_interaction(
        &agent(),
        cid,
        &NewInteraction {
            external_ref: None,
            kind,
            occurred_at: carewell_domain::time::fmt_ts(at),
            user_id: None,
            summary: "We talked".into(),
            sentiment: None,
        },
    )
    .await
    .unwrap();
}

async fn tasks_of(s: &Store, cid: &str, kind: &str) -> Vec<Task> {
    let mut all = s.open_tasks_for_customer(cid, 100).await.unwrap();
    all.retain(|t| t.kind == kind);
    all
}

async fn all_tasks_of(s: &Store, cid: &str, kind: &str) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM tasks WHERE customer_id = $1 AND kind = $2")
            .bind(cid)
            .bind(kind)
            .fetch_one(s.pool())
            .await
            .unwrap();
    n
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

async fn once_per_period(s: &Store) {
    let o = owner(s, "owner@example.com").await;
    let a = customer(s, "Forgotten Fran", &[("stage", "active")], Some(&o)).await;
    let fresh = customer(s, "Fresh Fred", &[("stage", "active")], Some(&o)).await;
    let unowned = customer(s, "Nobody's Nina", &[("stage", "onboarding")], None).await;
    let gone = customer(s, "Gone Greta", &[("stage", "departed")], Some(&o)).await;
    // Fred was called recently; the others never.
    let later = today() + Duration::days(100);
    contact(
        s,
        &fresh,
        InteractionKind::Call,
        Utc::now() + Duration::days(95),
    )
    .await;

    // Nobody is forgotten on the day they arrive.
    assert_eq!(contact_due_run(s, today()).await.unwrap().created, 0);
    let r = contact_due_run(s, later).await.unwrap();
    assert_eq!(r.created, 2, "{r:?}");
    // Re-runs, and another app server on the same database, add nothing.
    assert_eq!(contact_due_run(s, later).await.unwrap().created, 0);
    let t = tasks_of(s, &a, cadence::CONTACT_DUE).await;
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].owner_id.as_deref(), Some(o.as_str()));
    assert_eq!(t[0].args["cadence"], 90);
    assert_eq!(t[0].args["days"], 100);
    assert!(t[0].args["since"].is_null());
    assert!(t[0].due_at.starts_with(&later.to_string()));
    // Unowned: the managers' queue.
    let q = tasks_of(s, &unowned, cadence::CONTACT_DUE).await;
    assert_eq!((q.len(), q[0].owner_id.clone()), (1, None));
    assert!(tasks_of(s, &fresh, cadence::CONTACT_DUE).await.is_empty());
    assert_eq!(all_tasks_of(s, &gone, cadence::CONTACT_DUE).await, 0);

    // Still open next period: no second one. Done without a contact: the next period reminds
    // again, once.
    let next = later + Duration::days(90);
    contact_due_run(s, next).await.unwrap();
    assert_eq!(all_tasks_of(s, &a, cadence::CONTACT_DUE).await, 1);
    s.complete_task(&agent(), &t[0].id, true).await.unwrap();
    contact_due_run(s, next).await.unwrap();
    contact_due_run(s, next).await.unwrap();
    assert_eq!(all_tasks_of(s, &a, cadence::CONTACT_DUE).await, 2);
    assert!(s.verify_audit().await.unwrap().is_ok());
}

async fn contact_resets(s: &Store) {
    let o = owner(s, "owner@example.com").await;
    let a = customer(s, "Called Carl", &[("stage", "at-risk")], Some(&o)).await;
    let later = today() + Duration::days(20);
    assert_eq!(contact_due_run(s, later).await.unwrap().created, 1);
    // A note is no contact: the task stays open.
    contact(s, &a, InteractionKind::Note, Utc::now()).await;
    assert_eq!(tasks_of(s, &a, cadence::CONTACT_DUE).await.len(), 1);
    // A call closes it (audited), and resets the clock.
    contact(s, &a, InteractionKind::Call, Utc::now()).await;
    assert!(tasks_of(s, &a, cadence::CONTACT_DUE).await.is_empty());
    assert_eq!(
        contact_due_run(s, today() + Duration::days(5))
            .await
            .unwrap()
            .created,
        0
    );
    let c = s.customer_cadence(&a).await.unwrap();
    assert_eq!(c.days, Some(14));
    assert!(c.last_contact_at.is_some());
    assert_eq!(
        c.next_due.as_deref(),
        Some((today() + Duration::days(15)).to_string().as_str())
    );
    assert!(s.verify_audit().await.unwrap().is_ok());
}

async fn imported_contact_closes_on_the_run(s: &Store) {
    let a = customer(s, "Imported Ivo", &[("stage", "onboarding")], None).await;
    let later = today() + Duration::days(30);
    assert_eq!(contact_due_run(s, later).await.unwrap().created, 1);
    // Straight into the table, as a bulk import might: the next run closes the task.
    sqlx::query(
        "INSERT INTO interactions (id, customer_id, kind, occurred_at, summary, created_at) \
         VALUES ('imp-1', $1, 'visit', $2, 'Visited', $2)",
    )
    .bind(&a)
    .bind(carewell_domain::time::fmt_ts(
        Utc::now() + Duration::days(1),
    ))
    .execute(s.pool())
    .await
    .unwrap();
    let r = contact_due_run(s, later).await.unwrap();
    assert_eq!((r.created, r.closed), (0, 1));
}

/// A customer imported today with history: their last contact months ago makes them forgotten
/// at once (the record's age does not matter once there was a contact); a customer imported
/// today without any contact is not.
async fn imported_history_is_forgotten_at_once(s: &Store) {
    let o = owner(s, "owner@example.com").await;
    let old = customer(s, "Old Olga", &[("stage", "active")], Some(&o)).await;
    let new = customer(s, "New Ned", &[("stage", "active")], Some(&o)).await;
    contact(
        s,
        &old,
        InteractionKind::Meeting,
        Utc::now() - Duration::days(200),
    )
    .await;
    let r = contact_due_run(s, today()).await.unwrap();
    assert_eq!(r.created, 1, "{r:?}");
    let t = tasks_of(s, &old, cadence::CONTACT_DUE).await;
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].args["days"], 200);
    assert!(tasks_of(s, &new, cadence::CONTACT_DUE).await.is_empty());
}

fn at(d: NaiveDate, h: u32) -> DateTime<Utc> {
    d.and_hms_opt(h, 0, 0).unwrap().and_utc()
}

async fn care_moment_once_a_year(s: &Store) {
    let o = owner(s, "owner@example.com").await;
    let day = today() + Duration::days(2);
    let born = NaiveDate::from_ymd_opt(1980, day.month(), day.day())
        .unwrap()
        .to_string();
    let a = customer(
        s,
        "Birthday Berit",
        &[("birthday", &born), ("timezone", "Europe/Tallinn")],
        Some(&o),
    )
    .await;
    let since = NaiveDate::from_ymd_opt(2020, day.month(), day.day())
        .unwrap()
        .to_string();
    let b = customer(s, "Anniversary Aino", &[("anniversary", &since)], None).await;
    // Three days ahead by default.
    let r = care_moments_run(s, at(today(), 12), "UTC").await.unwrap();
    assert_eq!(r.tasks, 2, "{r:?}");
    // Again, and after a "restart" (a new connection pool).
    care_moments_run(s, at(today(), 13), "UTC").await.unwrap();
    let t = tasks_of(s, &a, cadence::CARE_MOMENT).await;
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].args["moment"], "birthday");
    assert_eq!(t[0].args["date"], day.to_string());
    assert_eq!(t[0].owner_id.as_deref(), Some(o.as_str()));
    let an = tasks_of(s, &b, cadence::CARE_MOMENT).await;
    assert_eq!(an[0].args["years"], i64::from(day.year() - 2020));
    assert_eq!(an[0].owner_id, None);
    // The same day next year is a new moment.
    let next = at(today() + Duration::days(365), 12);
    care_moments_run(s, next, "UTC").await.unwrap();
    care_moments_run(s, next, "UTC").await.unwrap();
    assert!(all_tasks_of(s, &a, cadence::CARE_MOMENT).await <= 2);
    assert_eq!(
        s.care_moments_of(&a).await.unwrap().len() as i64,
        all_tasks_of(s, &a, cadence::CARE_MOMENT).await
    );
    // Erasing the customer takes the moments with it.
    s.delete_customer(&agent(), &b).await.unwrap();
    assert!(s.care_moments_of(&b).await.unwrap().is_empty());
}

async fn leap_day(s: &Store) {
    let a = customer(s, "Leap Lea", &[("birthday", "2000-02-29")], None).await;
    // 2027 has no 29 February: the birthday is on the 28th.
    let r = care_moments_run(
        s,
        at(NaiveDate::from_ymd_opt(2027, 2, 26).unwrap(), 12),
        "UTC",
    )
    .await
    .unwrap();
    assert_eq!(r.tasks, 1);
    let t = tasks_of(s, &a, cadence::CARE_MOMENT).await;
    assert_eq!(t[0].args["date"], "2027-02-28");
    // 2028 has one.
    care_moments_run(
        s,
        at(NaiveDate::from_ymd_opt(2028, 2, 27).unwrap(), 12),
        "UTC",
    )
    .await
    .unwrap();
    let m = s.care_moments_of(&a).await.unwrap();
    assert_eq!(m[0].on_date, "2028-02-29");
}

async fn settings_validated_and_audited(s: &Store) {
    let mut cur = s.cadence_settings().await.unwrap();
    assert_eq!(cur.stages.len(), LifecycleStage::ALL.len());
    let bad = |stage, days| CadenceSettings {
        stages: vec![StageCadence { stage, days }],
        segments: vec![],
        moments: vec![],
    };
    for (stage, days, field) in [
        (LifecycleStage::Active, Some(0), "stages.active"),
        (LifecycleStage::Active, Some(3651), "stages.active"),
        (LifecycleStage::Departed, Some(30), "stages.departed"),
    ] {
        match s.set_cadence_settings(&agent(), &bad(stage, days)).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e.field, field),
            other => panic!("{other:?}"),
        }
    }
    cur.stages[1].days = Some(30);
    cur.moments = vec![MomentSetting {
        moment: Moment::Birthday,
        mode: MomentMode::Message,
        days_ahead: 0,
    }];
    let after = s.set_cadence_settings(&agent(), &cur).await.unwrap();
    assert_eq!(after.stages[1].days, Some(30));
    assert_eq!(after.moments[0].mode, MomentMode::Message);
    assert_eq!(after.moments[1].mode, MomentMode::Task);
    let a = customer(s, "Active Anu", &[("stage", "active")], None).await;
    let d = customer(s, "Departed Dan", &[("stage", "departed")], None).await;
    let mut tx = s.begin().await.unwrap();
    assert_eq!(cadence::days_for(&mut tx, &a).await.unwrap(), Some(30));
    assert_eq!(cadence::days_for(&mut tx, &d).await.unwrap(), None);
    assert!(matches!(
        cadence::days_for(&mut tx, "nope").await,
        Err(StoreError::NotFound(_))
    ));
    let many = cadence::days_for_many(&mut tx, &[a.clone(), d.clone(), "nope".into()])
        .await
        .unwrap();
    assert_eq!(many.len(), 1);
    assert_eq!(many[&a], 30);
    tx.commit().await.unwrap();
    // Turning a stage off.
    cur.stages[1].days = None;
    s.set_cadence_settings(&agent(), &cur).await.unwrap();
    assert_eq!(s.customer_cadence(&a).await.unwrap().days, None);
    assert!(s.verify_audit().await.unwrap().is_ok());
}

/// A saved segment of the customers tagged `tag`.
async fn tag_segment(s: &Store, name: &str, tag: &str) -> String {
    let filter = Filter::from_json(&serde_json::json!({ "tags": [tag] }), "").unwrap();
    s.create_segment(&manager(), &SegmentInput::new(name, "", filter).unwrap())
        .await
        .unwrap()
        .id
}

fn override_of(segment_id: &str, stage: LifecycleStage, days: i64) -> SegmentCadence {
    SegmentCadence {
        segment_id: segment_id.to_string(),
        stage,
        days,
    }
}

async fn segment_overrides(s: &Store) {
    let o = owner(s, "owner@example.com").await;
    let vip = customer(
        s,
        "Vip Vera",
        &[("stage", "active"), ("tags", "vip")],
        Some(&o),
    )
    .await;
    let both = customer(
        s,
        "Both Bea",
        &[("stage", "active"), ("tags", "vip, key")],
        Some(&o),
    )
    .await;
    let plain = customer(s, "Plain Pat", &[("stage", "active")], Some(&o)).await;
    let new = customer(
        s,
        "New Nils",
        &[("stage", "onboarding"), ("tags", "vip")],
        Some(&o),
    )
    .await;
    let vip_seg = tag_segment(s, "VIP", "vip").await;
    let key_seg = tag_segment(s, "Key accounts", "key").await;
    let mut cur = s.cadence_settings().await.unwrap();
    // Refused: an unknown segment, the same segment and stage twice; nothing changes.
    cur.segments = vec![
        override_of(&vip_seg, LifecycleStage::Active, 30),
        override_of("no-such-segment", LifecycleStage::Active, 10),
        override_of(&vip_seg, LifecycleStage::Active, 40),
    ];
    match s.set_cadence_settings(&manager(), &cur).await {
        Err(StoreError::InvalidAll(e)) => {
            let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["segments.1.segment_id", "segments.2.stage"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(s.cadence_settings().await.unwrap().segments.is_empty());
    // Active VIPs every 30 days, active key accounts every 20 (stage default: 90).
    cur.segments = vec![
        override_of(&vip_seg, LifecycleStage::Active, 30),
        override_of(&key_seg, LifecycleStage::Active, 20),
    ];
    let saved = s.set_cadence_settings(&manager(), &cur).await.unwrap();
    assert_eq!(saved.segments.len(), 2);
    let mut tx = s.begin().await.unwrap();
    let days = cadence::days_for_many(
        &mut tx,
        &[vip.clone(), both.clone(), plain.clone(), new.clone()],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // In both segments the shortest counts; an override for active leaves onboarding alone.
    assert_eq!(
        (days[&vip], days[&both], days[&plain], days[&new]),
        (30, 20, 90, 14)
    );

    // 25 days on: Bea (20, the shorter override) and Nils (onboarding's 14) are forgotten.
    let day25 = today() + Duration::days(25);
    assert_eq!(contact_due_run(s, day25).await.unwrap().created, 2);
    let t = tasks_of(s, &both, cadence::CONTACT_DUE).await;
    assert_eq!((t.len(), t[0].args["cadence"].as_i64()), (1, Some(20)));
    assert!(tasks_of(s, &vip, cadence::CONTACT_DUE).await.is_empty());
    // 35 days on: Vera (30); Bea still has her open one; Pat (90) is not due.
    let day35 = today() + Duration::days(35);
    assert_eq!(contact_due_run(s, day35).await.unwrap().created, 1);
    let t = tasks_of(s, &vip, cadence::CONTACT_DUE).await;
    assert_eq!(t[0].args["cadence"].as_i64(), Some(30));
    // One per period, however often the job runs.
    assert_eq!(contact_due_run(s, day35).await.unwrap().created, 0);
    assert_eq!(all_tasks_of(s, &both, cadence::CONTACT_DUE).await, 1);
    assert_eq!(all_tasks_of(s, &vip, cadence::CONTACT_DUE).await, 1);
    assert_eq!(all_tasks_of(s, &plain, cadence::CONTACT_DUE).await, 0);

    // A segment's members follow its filter: untagged, Vera is back on the stage's 90 days.
    sqlx::query("DELETE FROM customer_tags WHERE customer_id = $1")
        .bind(&vip)
        .execute(s.pool())
        .await
        .unwrap();
    s.complete_task(&agent(), &t[0].id, true).await.unwrap();
    contact_due_run(s, day35 + Duration::days(1)).await.unwrap();
    assert_eq!(s.customer_cadence(&vip).await.unwrap().days, Some(90));
    assert_eq!(all_tasks_of(s, &vip, cadence::CONTACT_DUE).await, 1);

    // Deleting a segment removes its override (audited with the segment).
    s.delete_segment(&manager(), &key_seg).await.unwrap();
    let after = s.cadence_settings().await.unwrap();
    assert_eq!(
        after.segments,
        [override_of(&vip_seg, LifecycleStage::Active, 30)]
    );
    assert_eq!(s.customer_cadence(&both).await.unwrap().days, Some(30));
    let log = |entity: &'static str, id: &str| {
        let f = AuditFilter {
            entity: Some(entity.into()),
            entity_id: Some(id.to_string()),
            ..AuditFilter::default()
        };
        async move {
            carewell_store::audit::list(s, &f, 10, 0)
                .await
                .unwrap()
                .items
        }
    };
    let deleted = log("segment", &key_seg).await;
    assert_eq!(deleted[0].content.action, "segment.delete");
    let before: serde_json::Value = serde_json::from_str(&deleted[0].content.before).unwrap();
    assert_eq!(before["cadence_overrides"][0]["days"], 20);
    // One change of the settings: the refused one left no entry.
    assert_eq!(log("cadence_settings", "1").await.len(), 1);
    assert!(s.verify_audit().await.unwrap().is_ok());
}

engines!(
    segment_overrides,
    once_per_period,
    contact_resets,
    imported_contact_closes_on_the_run,
    imported_history_is_forgotten_at_once,
    care_moment_once_a_year,
    leap_day,
    settings_validated_and_audited,
);

/// Two app servers on one database run the cadence at once: one task per customer.
async fn two_servers(db: TestDb) {
    let other = Store::connect(&db.url).await.unwrap();
    let s = &db.store;
    for i in 0..20 {
        customer(s, &format!("Customer {i}"), &[("stage", "active")], None).await;
    }
    let later = today() + Duration::days(100);
    let (x, y) = tokio::join!(contact_due_run(s, later), contact_due_run(&other, later));
    assert_eq!(x.unwrap().created + y.unwrap().created, 20);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tasks WHERE kind = 'contact-due'")
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(n, 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_one_database_sqlite() {
    two_servers(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_one_database_postgres() {
    match TestDb::postgres().await {
        Some(db) => two_servers(db).await,
        None => crate::common::skipped("two_servers_one_database_postgres"),
    }
}
