//! Demo contact cadence and care moments: a few customers of each owner get a birthday or a
//! relationship anniversary in the coming days (through the store, audited), then the cadence
//! run gives the owners their contact-due tasks (the seeded history leaves many customers
//! without contact for months) and care-moment tasks. Runs once (skipped when any care moment
//! exists).

use carewell_domain::customer::{CustomerInput, LifecycleStage};
use carewell_domain::email::Email;
use carewell_domain::language::Language;
use carewell_store::cadence::{care_moments_run, contact_due_run};
use carewell_store::customers::CustomerQuery;
use carewell_store::{Actor, Store};
use chrono::{Datelike, Duration, NaiveDate, Utc};

/// Customers per agent with a care date this week.
const PER_AGENT: usize = 3;

/// The input that rewrites `c` with its own fields and the given care dates.
fn input(
    c: &carewell_store::customers::Customer,
    birthday: Option<NaiveDate>,
    anniversary: Option<NaiveDate>,
) -> anyhow::Result<CustomerInput> {
    Ok(CustomerInput {
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
        birthday,
        anniversary,
    })
}

/// Gives agents' customers care dates this week and runs the cadence once, saying what it
/// made; nothing when it ran before or there are no customers.
pub async fn seed(store: &Store, staff_ids: &[String]) -> anyhow::Result<()> {
    let now = Utc::now();
    let today = now.date_naive();
    let actor = Actor::cli();
    let mut k = 0i64;
    // The admin, the manager and the three agents (not compliance or the viewer).
    for agent in staff_ids.iter().take(5) {
        let q = CustomerQuery {
            owner_id: Some(agent.clone()),
            stage: Some(LifecycleStage::Active),
            ..CustomerQuery::default()
        };
        for c in store
            .search_customers(&q, 20, 0)
            .await?
            .items
            .into_iter()
            .take(PER_AGENT)
        {
            if !store.care_moments_of(&c.id).await?.is_empty() {
                return Ok(());
            }
            k += 1;
            let day = today + Duration::days(k % 4);
            let (birthday, anniversary) = if k % 2 == 0 {
                (
                    NaiveDate::from_ymd_opt(1970 + (k as i32 * 7) % 35, day.month(), day.day()),
                    c.anniversary,
                )
            } else {
                (
                    c.birthday,
                    NaiveDate::from_ymd_opt(
                        today.year() - 1 - (k as i32 % 6),
                        day.month(),
                        day.day(),
                    ),
                )
            };
            store
                .update_customer(
                    &actor,
                    &c.id,
                    &input(&c, birthday, anniversary)?,
                    c.owner_id.as_deref(),
                )
                .await?;
        }
    }
    let contact = contact_due_run(store, today).await?;
    let care = care_moments_run(store, now, "UTC").await?;
    if contact.created + care.tasks > 0 {
        println!(
            "Cadence: {} contact-due and {} care-moment tasks (see /tasks)",
            contact.created, care.tasks
        );
    }
    Ok(())
}
