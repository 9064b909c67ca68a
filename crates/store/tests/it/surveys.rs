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

engines!(token_once_throttle_and_latest_scores);
