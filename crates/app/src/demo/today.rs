//! Demo Today for the admin and the manager (the agents' Today fills from the other demo
//! parts): each looks after key accounts of their own, so every block of their Today has
//! something. Fresh demo only, in two steps around the other parts:
//!
//! - [`owners`], before the cadence: half of the manager's longest-silent enterprise customers
//!   go to the admin, so the cadence run gives both forgotten customers, and the care dates
//!   (see [`super::cadence`]) both care moments;
//! - [`finish`], after the surveys and the health scores: each resolves a complaint of their own
//!   a fortnight ago (its follow-up visit is overdue), hears back from a key-accounts NPS (a
//!   detractor to call back), and looks after a customer in the red health band.
//!
//! Everything goes through the store (audited), as a person would have done it.

use carewell_domain::complaint::ComplaintInput;
use carewell_domain::complaint::workflow::Action;
use carewell_domain::email::Email;
use carewell_domain::health::Band;
use carewell_domain::language::Language;
use carewell_domain::survey::SurveyKind;
use carewell_store::customers::{Customer, CustomerQuery, CustomerSort};
use carewell_store::surveys::NewSurvey;
use carewell_store::{Actor, Store};
use chrono::{Duration, Utc};

/// Customers moved from the manager to the admin.
const TO_ADMIN: usize = 6;

fn actor(staff: &[String], i: usize) -> Actor {
    Actor {
        id: staff[i].clone(),
        label: super::STAFF[i].0.into(),
    }
}

/// The customers `owner` owns, by `sort` (ascending), at most `n`.
async fn owned(
    store: &Store,
    owner: &str,
    sort: CustomerSort,
    n: i64,
) -> anyhow::Result<Vec<Customer>> {
    let q = CustomerQuery {
        owner_id: Some(owner.to_string()),
        sort,
        ..CustomerQuery::default()
    };
    Ok(store.search_customers(&q, n, 0).await?.items)
}

/// Gives `c` to `owner`, keeping everything else.
async fn hand_over(store: &Store, by: &Actor, c: &Customer, owner: &str) -> anyhow::Result<()> {
    let input = carewell_domain::customer::CustomerInput {
        external_ref: c.external_ref.clone(),
        kind: c.kind,
        name: c.name.clone(),
        email: c.email.as_deref().map(Email::parse).transpose()?,
        phone: c.phone.clone(),
        language: Language::parse(&c.language)?,
        country: c.country.clone(),
        timezone: c.timezone.clone(),
        segment: c.segment.clone(),
        stage: c.stage,
        tags: c.tags.clone(),
        attributes: c.attributes.clone(),
        consent: c.consent.clone(),
        birthday: c.birthday,
        anniversary: c.anniversary,
    };
    store
        .update_customer(by, &c.id, &input, Some(owner))
        .await?;
    Ok(())
}

/// Every other one of the manager's longest-silent customers goes to the admin.
pub async fn owners(store: &Store, staff: &[String]) -> anyhow::Result<()> {
    if staff.len() < 2 {
        return Ok(());
    }
    let manager = actor(staff, 1);
    let silent = owned(
        store,
        &staff[1],
        CustomerSort::LastContact,
        2 * TO_ADMIN as i64,
    )
    .await?;
    for c in silent.iter().step_by(2) {
        hand_over(store, &manager, c, &staff[0]).await?;
    }
    Ok(())
}

/// A complaint about the owner's first customer, received 20 days ago and resolved 15 days
/// ago: its follow-up visit (due a week after) waits, overdue.
async fn resolved_complaint(store: &Store, owner: &Actor) -> anyhow::Result<()> {
    let Some(c) = owned(store, &owner.id, CustomerSort::Name, 1).await?.pop() else {
        return Ok(());
    };
    let input = ComplaintInput::parse(
        &c.id,
        "phone",
        "billing",
        "medium",
        Some("Invoice sent to the wrong department"),
        "Our invoices keep going to the old finance address although we changed it in spring.",
        vec![],
    )
    .map_err(|e| anyhow::anyhow!("demo complaint: {e:?}"))?;
    let now = Utc::now();
    let received = now - Duration::days(20);
    let complaint = store
        .create_complaint_received(owner, &input, Some(&owner.id), Some(received))
        .await?;
    let steps = [
        Action::Acknowledge { note: None },
        Action::Listen { note: None },
        Action::ConfirmDemand {
            demand: "Send invoices to the new finance address".into(),
        },
        Action::StartResolving { note: None },
        Action::Resolve {
            resolution: "Billing address corrected; the last two invoices re-sent".into(),
            root_cause: "billing-system".into(),
        },
    ];
    for (i, action) in steps.iter().enumerate() {
        let at = received + Duration::hours(12 * (i as i64 + 1));
        store
            .transition_complaint(owner, &complaint.id, action, at)
            .await?;
    }
    Ok(())
}

/// A key-accounts NPS three days ago to the admin's and the manager's customers not asked
/// lately: the first of each owner answers 4 (a call-back for the owner), the next 9.
async fn key_accounts_nps(store: &Store, staff: &[String]) -> anyhow::Result<()> {
    let manager = actor(staff, 1);
    let mut ids = Vec::new();
    for owner in &staff[..2] {
        for c in owned(store, owner, CustomerSort::Name, 50).await? {
            if c.email.as_deref().is_some_and(|e| !e.is_empty()) {
                ids.push((owner.clone(), c.id));
            }
        }
    }
    let at = Utc::now() - Duration::days(3);
    let input = NewSurvey {
        kind: Some(SurveyKind::Nps),
        name: Some("Key accounts NPS".into()),
        customer_ids: ids.iter().map(|(_, id)| id.clone()).collect(),
        trigger_kind: "manual".into(),
        ..NewSurvey::default()
    };
    if input.customer_ids.is_empty() {
        return Ok(());
    }
    let r = store.send_survey(&manager, &input, at).await?;
    for owner in &staff[..2] {
        let mut answered = 0;
        for (_, id) in ids.iter().filter(|(o, _)| o == owner) {
            // Throttled or skipped recipients have no link.
            let Ok(path) = store.survey_link(&manager, &r.survey.id, id).await else {
                continue;
            };
            let (score, note) = if answered == 0 {
                (
                    4,
                    Some("Invoices still go astray; it takes too many calls to fix."),
                )
            } else {
                (9, None)
            };
            store
                .answer_survey(
                    path.trim_start_matches("/s/"),
                    score,
                    note,
                    at + Duration::hours(4 + answered),
                )
                .await?;
            answered += 1;
            if answered == 2 {
                break;
            }
        }
    }
    Ok(())
}

/// The admin and the manager each look after a red-health customer: one they own already, or
/// one handed over by the agent with the most.
async fn red_health(store: &Store, staff: &[String]) -> anyhow::Result<()> {
    for i in 0..2 {
        let mine = CustomerQuery {
            owner_id: Some(staff[i].clone()),
            health: Some(Band::Red),
            ..CustomerQuery::default()
        };
        if store.search_customers(&mine, 1, 0).await?.total > 0 {
            continue;
        }
        let mut best: Option<(i64, Customer, usize)> = None;
        for (a, agent) in staff.iter().enumerate().take(5).skip(2) {
            let q = CustomerQuery {
                owner_id: Some(agent.clone()),
                health: Some(Band::Red),
                sort: CustomerSort::Name,
                ..CustomerQuery::default()
            };
            let page = store.search_customers(&q, 1, 0).await?;
            if let Some(c) = page.items.into_iter().next()
                && page.total > 1
                && best.as_ref().is_none_or(|(n, _, _)| page.total > *n)
            {
                best = Some((page.total, c, a));
            }
        }
        if let Some((_, c, a)) = best {
            hand_over(store, &actor(staff, a), &c, &staff[i]).await?;
        }
    }
    Ok(())
}

/// The complaints, the NPS answers and the red-health customers of the admin and the manager.
pub async fn finish(store: &Store, staff: &[String]) -> anyhow::Result<()> {
    if staff.len() < 5 {
        return Ok(());
    }
    for i in 0..2 {
        resolved_complaint(store, &actor(staff, i)).await?;
    }
    key_accounts_nps(store, staff).await?;
    red_health(store, staff).await
}
