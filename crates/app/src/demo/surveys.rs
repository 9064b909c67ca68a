//! Demo surveys: a quarter of relationship NPS (three monthly waves to different customers,
//! the score drifting up from wave to wave), a CSAT survey, comments in the customers'
//! languages and a few detractor call-back tasks. Everything goes through the store (links,
//! answers, tasks, audit). Runs once (skipped when any survey but the complaints' exists).

use carewell_domain::survey::SurveyKind;
use carewell_store::customers::{Customer, CustomerQuery};
use carewell_store::surveys::NewSurvey;
use carewell_store::{Actor, Store};
use chrono::{Duration, Utc};

/// Recipients per wave.
const WAVE: usize = 24;

/// A comment in the customer's language for an answer in `band` (0 detractor, 1 passive,
/// 2 promoter).
fn comment(lang: &str, band: usize) -> &'static str {
    let (zh, et) = (lang.starts_with("zh"), lang.starts_with("et"));
    match (band, zh, et) {
        (0, true, _) => "上次的问题拖了太久才解决。",
        (0, _, true) => "Eelmise probleemi lahendamine võttis liiga kaua aega.",
        (0, _, _) => "My last issue took far too long to sort out.",
        (1, true, _) => "总体不错，但价格有点高。",
        (1, _, true) => "Üldiselt hea, aga hind on veidi kõrge.",
        (1, _, _) => "Good overall, but the price is a bit high.",
        (_, true, _) => "客服非常耐心，谢谢！",
        (_, _, true) => "Klienditugi oli väga abivalmis, aitäh!",
        _ => "The support team was wonderful, thank you!",
    }
}

/// Sends the demo surveys and answers part of them; returns how many surveys it made.
pub async fn seed(store: &Store, staff: &[String]) -> anyhow::Result<usize> {
    if staff.len() < 2
        || store
            .surveys(10, None)
            .await?
            .iter()
            .any(|s| s.survey.trigger_kind != "complaint")
    {
        return Ok(0);
    }
    let manager = Actor {
        id: staff[1].clone(),
        label: super::STAFF[1].0.into(),
    };
    let customers: Vec<Customer> = store
        .search_customers(&CustomerQuery::default(), 400, 0)
        .await?
        .items
        .into_iter()
        .filter(|c| c.email.as_deref().is_some_and(|e| !e.is_empty()))
        .collect();
    if customers.len() < WAVE * 4 {
        return Ok(0);
    }
    let now = Utc::now();
    let mut made = 0;
    // Three monthly NPS waves, 75, 45 and 12 days ago; promoters grow, detractors shrink.
    for (w, days_ago) in [75_i64, 45, 12].into_iter().enumerate() {
        let at = now - Duration::days(days_ago);
        let group = &customers[w * WAVE..(w + 1) * WAVE];
        let input = NewSurvey {
            kind: Some(SurveyKind::Nps),
            name: Some(format!("Relationship NPS {}", at.format("%B %Y"))),
            customer_ids: group.iter().map(|c| c.id.clone()).collect(),
            trigger_kind: "relationship".into(),
            ..NewSurvey::default()
        };
        let r = store.send_survey(&manager, &input, at).await?;
        made += 1;
        for (i, c) in group.iter().enumerate() {
            // Two in three answer; the score rises by wave.
            if i % 3 == 2 {
                continue;
            }
            // Detractors 40 %, 30 %, 20 % by wave; promoters 30 %, 40 %, 50 %.
            let roll = (i * 7 + w) % 10;
            let score = if roll < 4 - w {
                3 + (i % 4) as i64
            } else if roll < 7 - w {
                7 + (i % 2) as i64
            } else {
                9 + (i % 2) as i64
            };
            let band = if score <= 6 {
                0
            } else if score <= 8 {
                1
            } else {
                2
            };
            // Customers the survey skipped (no e-mail, no consent) have no link.
            let Ok(path) = store.survey_link(&manager, &r.survey.id, &c.id).await else {
                continue;
            };
            let token = path.trim_start_matches("/s/");
            let note = (i % 2 == 0).then(|| comment(&c.language, band));
            store
                .answer_survey(token, score, note, at + Duration::hours(6 + i as i64))
                .await?;
        }
    }
    // A CSAT survey after the last support wave.
    let group = &customers[3 * WAVE..4 * WAVE];
    let at = now - Duration::days(5);
    let input = NewSurvey {
        kind: Some(SurveyKind::Csat),
        name: Some("Support satisfaction".into()),
        customer_ids: group.iter().map(|c| c.id.clone()).collect(),
        trigger_kind: "manual".into(),
        ..NewSurvey::default()
    };
    let r = store.send_survey(&manager, &input, at).await?;
    made += 1;
    for (i, c) in group.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let score = [5, 4, 5, 3, 4, 2][(i / 2) % 6];
        let band = match score {
            1 | 2 => 0,
            3 => 1,
            _ => 2,
        };
        let Ok(path) = store.survey_link(&manager, &r.survey.id, &c.id).await else {
            continue;
        };
        let note = (i % 4 == 0).then(|| comment(&c.language, band));
        store
            .answer_survey(
                path.trim_start_matches("/s/"),
                score,
                note,
                at + Duration::hours(3 + i as i64),
            )
            .await?;
    }
    Ok(made)
}
