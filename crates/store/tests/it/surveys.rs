//! Surveys in the store on SQLite and PostgreSQL: the one-time token answers once and not after
//! expiry; the recontact throttle across surveys; the latest score per customer for the health
//! score; a deleted customer's recipients and answers go with them.

use crate::common::{agent, manager};
use carewell_domain::customer::CustomerInput;
use carewell_domain::error::Refusal;
use carewell_domain::survey::SurveyKind;
use carewell_store::surveys::{NewSurvey, latest_scores};
use carewell_store::{Store, StoreError};
use chrono::{Duration, Utc};

async fn customer(s: &Store, name: &str) -> String {
    let email = format!("{}@example.test", name.to_lowercase());
    let pairs = [
        ("name", name),
        ("language", "en"),
        ("email", email.as_str()),
    ];
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap();
    s.create_customer(&agent(), &input, None).await.unwrap().id
}

fn survey(kind: SurveyKind, ids: &[&String]) -> NewSurvey {
    NewSurvey {
        kind: Some(kind),
        customer_ids: ids.iter().map(|s| s.to_string()).collect(),
        trigger_kind: "manual".into(),
        ..NewSurvey::default()
    }
}

async fn token_once_throttle_and_latest_scores(s: &Store) {
    let a = customer(s, "Anna").await;
    let b = customer(s, "Berit").await;
    let now = Utc::now();
    let first = s
        .send_survey(
            &manager(),
            &survey(SurveyKind::Nps, &[&a, &b]),
            now - Duration::days(40),
        )
        .await
        .unwrap();
    assert_eq!((first.sent, first.throttled, first.skipped), (2, 0, 0));
    let ta = s
        .survey_link(&manager(), &first.survey.id, &a)
        .await
        .unwrap();
    let ta = ta.strip_prefix("/s/").unwrap();
    let inv = s
        .survey_invitation(ta, now - Duration::days(39))
        .await
        .unwrap();
    assert!(!inv.answered && !inv.expired);
    s.answer_survey(ta, 9, Some("fine"), now - Duration::days(39))
        .await
        .unwrap();
    let twice = s.answer_survey(ta, 2, None, now - Duration::days(39)).await;
    assert!(
        matches!(twice, Err(StoreError::Refused(Refusal::AlreadyDone { .. }))),
        "{twice:?}"
    );
    // Past its 30 days: refused, nothing stored.
    let tb = s
        .survey_link(&manager(), &first.survey.id, &b)
        .await
        .unwrap();
    let tb = tb.strip_prefix("/s/").unwrap();
    assert!(s.survey_invitation(tb, now).await.unwrap().expired);
    let late = s.answer_survey(tb, 5, None, now).await;
    assert!(
        matches!(late, Err(StoreError::Refused(Refusal::WrongState { .. }))),
        "{late:?}"
    );
    // Out of range: the field is named.
    let bad = s
        .answer_survey(tb, 11, None, now - Duration::days(39))
        .await;
    assert!(
        matches!(bad, Err(StoreError::Invalid(ref e)) if e.field == "score"),
        "{bad:?}"
    );
    assert!(matches!(
        s.answer_survey("nope", 5, None, now).await,
        Err(StoreError::NotFound(_))
    ));
    // 40 days on, both may be asked again; a second survey the same day is throttled.
    let second = s
        .send_survey(&manager(), &survey(SurveyKind::Csat, &[&a]), now)
        .await
        .unwrap();
    assert_eq!(second.sent, 1);
    let third = s
        .send_survey(&manager(), &survey(SurveyKind::Ces, &[&a, &b]), now)
        .await
        .unwrap();
    assert_eq!((third.sent, third.throttled), (1, 1));
    let log = s
        .survey_recipients(&third.survey.id, carewell_store::Clearance::Standard)
        .await
        .unwrap();
    let throttled = log.iter().find(|r| r.customer_id == a).unwrap();
    assert_eq!(throttled.reason.as_deref(), Some("throttled"));
    assert!(throttled.last_surveyed_at.is_some());
    let tc = s
        .survey_link(&manager(), &second.survey.id, &a)
        .await
        .unwrap();
    s.answer_survey(tc.strip_prefix("/s/").unwrap(), 2, None, now)
        .await
        .unwrap();
    let mut tx = s.begin().await.unwrap();
    let latest = latest_scores(&mut tx, &[a.clone(), b.clone()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[&a].kind, "csat");
    assert_eq!(latest[&a].score, 2);
    // A detractor's call-back; erasing the customer takes their survey rows along.
    assert_eq!(
        s.tasks_for_source("survey", &second.survey.id)
            .await
            .unwrap()
            .len(),
        1
    );
    s.delete_customer(&manager(), &a).await.unwrap();
    let (n,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM survey_responses WHERE customer_id = $1) + \
         (SELECT COUNT(*) FROM survey_recipients WHERE customer_id = $1)",
    )
    .bind(&a)
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(n, 0);
}

/// Sets `customer`'s `col` to `value` directly (a past stage entry, a rule's age).
async fn set(s: &Store, sql: &str, value: &str, id: &str) {
    sqlx::query(sql)
        .bind(value)
        .bind(id)
        .execute(s.pool())
        .await
        .unwrap();
}

fn at(day: chrono::NaiveDate, time: &str) -> String {
    format!("{day}T{time}.000000Z")
}

async fn stage_triggers(s: &Store) {
    use carewell_domain::customer::LifecycleStage;
    use carewell_store::surveys::StageTrigger;
    let rule = |stage, days, kind| StageTrigger { stage, days, kind };
    let onb30 = rule(LifecycleStage::Onboarding, 30, SurveyKind::Nps);
    // Refused: days out of range, the same rule twice; nothing saved.
    for (rules, field) in [
        (
            vec![rule(LifecycleStage::Onboarding, 0, SurveyKind::Nps)],
            "stage_triggers.0.days",
        ),
        (vec![onb30.clone(), onb30.clone()], "stage_triggers.1.days"),
    ] {
        match s.set_survey_stage_triggers(&manager(), &rules).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e.field, field),
            other => panic!("{other:?}"),
        }
    }
    assert!(s.survey_stage_triggers().await.unwrap().is_empty());
    let saved = s
        .set_survey_stage_triggers(&manager(), std::slice::from_ref(&onb30))
        .await
        .unwrap();
    assert_eq!(saved, std::slice::from_ref(&onb30));

    // The stage entry: the creation, then each change of stage.
    let a = customer(s, "Aino").await;
    let created: (String, String) =
        sqlx::query_as("SELECT created_at, stage_since FROM customers WHERE id = $1")
            .bind(&a)
            .fetch_one(s.pool())
            .await
            .unwrap();
    assert_eq!(created.0, created.1);
    sqlx::query("UPDATE customers SET stage = 'at-risk', updated_at = '2999-01-01T00:00:00.000000Z' WHERE id = $1")
        .bind(&a)
        .execute(s.pool())
        .await
        .unwrap();
    let (since,): (String,) = sqlx::query_as("SELECT stage_since FROM customers WHERE id = $1")
        .bind(&a)
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(since, "2999-01-01T00:00:00.000000Z");

    let today = Utc::now().date_naive();
    let day = |n: i64| today - Duration::days(n);
    let onboarding = "UPDATE customers SET stage = 'onboarding', stage_since = $1 WHERE id = $2";
    // Aino crosses 30 days today, Britt yesterday (caught up: the rule is older), Cai
    // tomorrow, Dora 10 days ago (long past), Eeva today but she was surveyed last week.
    let b = customer(s, "Britt").await;
    let c = customer(s, "Cai").await;
    let d = customer(s, "Dora").await;
    let e = customer(s, "Eeva").await;
    for (id, n) in [(&a, 30), (&b, 31), (&c, 29), (&d, 40), (&e, 30)] {
        set(s, onboarding, &at(day(n), "10:00:00"), id).await;
    }
    set(
        s,
        "UPDATE survey_stage_triggers SET created_at = $1 WHERE stage = $2",
        &at(day(10), "00:00:00"),
        "onboarding",
    )
    .await;
    s.send_survey(
        &manager(),
        &survey(SurveyKind::Csat, &[&e]),
        Utc::now() - Duration::days(6),
    )
    .await
    .unwrap();

    let r = s.survey_stage_run(today, Utc::now()).await.unwrap();
    assert_eq!(
        (r.surveys, r.sent, r.throttled, r.skipped),
        (1, 2, 1, 0),
        "{r:?}"
    );
    let list = s.surveys(10, None).await.unwrap();
    let made = list
        .iter()
        .find(|x| x.survey.trigger_kind == "stage")
        .unwrap();
    assert_eq!(
        made.survey.name,
        format!("NPS 30 days into onboarding ({today})")
    );
    let log = s
        .survey_recipients(&made.survey.id, carewell_store::Clearance::Standard)
        .await
        .unwrap();
    let status: Vec<(&str, &str)> = log
        .iter()
        .map(|x| (x.customer_name.as_str(), x.status.as_str()))
        .collect();
    assert_eq!(
        status,
        [("Eeva", "throttled"), ("Aino", "sent"), ("Britt", "sent")]
    );
    // Never twice for the same entry: again today, nothing; tomorrow only Cai (Eeva, throttled
    // today, is not asked again for this entry).
    assert_eq!(
        s.survey_stage_run(today, Utc::now()).await.unwrap().surveys,
        0
    );
    let r = s
        .survey_stage_run(today + Duration::days(1), Utc::now())
        .await
        .unwrap();
    assert_eq!((r.surveys, r.sent, r.throttled), (1, 1, 0), "{r:?}");
    assert_eq!(
        s.survey_stage_run(today + Duration::days(1), Utc::now())
            .await
            .unwrap()
            .surveys,
        0
    );
    // A new entry into the stage is a new mark: Aino is considered again (and throttled, as
    // she was asked today).
    set(s, onboarding, &at(day(30), "15:00:00"), &a).await;
    let r = s.survey_stage_run(today, Utc::now()).await.unwrap();
    assert_eq!((r.surveys, r.sent, r.throttled), (1, 0, 1), "{r:?}");
    // A rule asks only those who cross its mark after it was made.
    let onb9 = rule(LifecycleStage::Onboarding, 9, SurveyKind::Csat);
    s.set_survey_stage_triggers(&manager(), &[onb30, onb9.clone()])
        .await
        .unwrap();
    set(s, onboarding, &at(day(10), "10:00:00"), &d).await;
    assert_eq!(
        s.survey_stage_run(today, Utc::now()).await.unwrap().surveys,
        0
    );
    assert_eq!(
        s.survey_stage_triggers().await.unwrap(),
        [
            rule(LifecycleStage::Onboarding, 9, SurveyKind::Csat),
            rule(LifecycleStage::Onboarding, 30, SurveyKind::Nps)
        ]
    );
    assert!(s.verify_audit().await.unwrap().is_ok());
}

engines!(token_once_throttle_and_latest_scores, stage_triggers);
