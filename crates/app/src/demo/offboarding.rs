//! Demo offboarding cases, one per language and stage, so the offboarding pages have something
//! to show: a Chinese customer whose legacy plan is retired (open, with the suggested plan), an
//! Estonian customer after a policy change (approved, called, letter drafted in Estonian) and an
//! English customer who asked to leave (letter sent, last invoice refunded as goodwill, exit
//! survey answered, account closed). Customers the client-fit demo made part-ways candidates
//! are left alone. Everything goes through the store (audit chain, outbox, ledger, tasks and
//! jobs stay consistent). Runs only on a freshly seeded database and only when there is no
//! offboarding case yet.

use crate::kernel::config::Config;
use crate::kernel::state::AppState;
use crate::web::i18n::Tr;
use anyhow::Context;
use carewell_domain::ledger::EntryKind;
use carewell_domain::offboarding::{ContactKind, ExitSurvey, Initiator, Reason};
use carewell_store::Clearance;
use carewell_store::offboarding::{CaseQuery, NewCase};
use carewell_store::{Actor, Store};
use chrono::{Duration, Utc};

/// The demo cases: (language, stage) — `open`, `contacted` or `closed`.
pub const CASES: [(&str, &str); 3] = [("zh-CN", "open"), ("et", "contacted"), ("en", "closed")];

fn actor(staff: &[String], i: usize) -> Actor {
    Actor {
        id: staff[i].clone(),
        label: super::STAFF[i].0.into(),
    }
}

/// Makes the demo cases; returns how many were made (0 when any case exists).
pub async fn seed(store: &Store, staff: &[String], config: &Config) -> anyhow::Result<usize> {
    if store
        .offboarding_cases(Clearance::SYSTEM, &CaseQuery::default(), 1, 0)
        .await?
        .total
        > 0
    {
        return Ok(0);
    }
    let now = Utc::now();
    // Active customers with an invoice to refund, not part-ways candidates (no abuse flags),
    // one per language, in a stable order.
    let facts = store.client_fit_facts(Clearance::SYSTEM, None, now).await?;
    let mut ids: Vec<&String> = facts
        .iter()
        .filter(|(_, (_, stage, f))| stage == "active" && f.abuse_12m == 0 && f.orders_12m > 0)
        .map(|(id, _)| id)
        .collect();
    ids.sort();
    let mut picked: Vec<Option<String>> = vec![None; CASES.len()];
    for id in ids {
        let lang = Tr::for_tag(&store.customer(id).await?.language).lang;
        if let Some(i) = CASES
            .iter()
            .position(|(l, _)| *l == lang)
            .filter(|i| picked[*i].is_none())
            && store.last_invoice(Clearance::SYSTEM, id).await?.is_some()
        {
            picked[i] = Some(id.clone());
        }
        if picked.iter().all(Option::is_some) {
            break;
        }
    }
    let state = AppState::new(store.clone(), config.clone());
    let manager = actor(staff, 1);
    let mut made = 0;
    for ((lang, stage), customer) in CASES.iter().zip(picked) {
        let Some(customer_id) = customer else {
            continue;
        };
        // Agents by language: Tom Walsh (en), 李娜 (zh), Kadri Saar (et).
        let agent_ix = match *lang {
            "zh-CN" => 3,
            "et" => 4,
            _ => 2,
        };
        let agent = actor(staff, agent_ix);
        let (initiator, reason, note) = match *stage {
            "open" => (
                Initiator::Company,
                Reason::ProductSunset,
                "旧版套餐将于年底停止服务 / The legacy plan is retired at the end of the year",
            ),
            "contacted" => (
                Initiator::Company,
                Reason::PolicyChange,
                "Uued tingimused: teenust ei pakuta enam eraisikutele / New terms: no longer offered to private persons",
            ),
            _ => (
                Initiator::Customer,
                Reason::CustomerRequest,
                "Customer is moving abroad and asked to close the account",
            ),
        };
        let c = store
            .open_offboarding(
                &manager,
                &NewCase {
                    customer_id: customer_id.clone(),
                    initiator,
                    reason,
                    reason_note: Some(note.into()),
                    situations: Vec::new(),
                    contract_type: "default".into(),
                    timeline: None,
                    exception_basis: None,
                },
            )
            .await
            .context("demo offboarding: open")?;
        made += 1;
        if *stage == "open" {
            continue;
        }
        store.approve_offboarding(&manager, &c.id).await?;
        let summary = match *lang {
            "et" => {
                "Helistasin kliendile, selgitasin uusi tingimusi ja ajakava; klient sai aru ja palus kirja e-postiga."
            }
            _ => {
                "Met the customer: confirmed the move abroad, walked through the dates and the data download."
            }
        };
        let kind = if *stage == "closed" {
            ContactKind::Meeting
        } else {
            ContactKind::Call
        };
        store
            .log_offboarding_contact(&agent, &c.id, kind, summary, now - Duration::hours(2))
            .await
            .context("demo offboarding: contact")?;
        let letter = crate::offboarding::view::default_letter(&state, Clearance::SYSTEM, &c, lang)
            .await
            .map_err(|e| anyhow::anyhow!("demo offboarding letter: {e}"))?;
        store
            .save_offboarding_letter(&agent, &c.id, &letter)
            .await?;
        if *stage == "contacted" {
            continue;
        }
        store
            .send_offboarding_letter(&agent, &c.id, &config.company_name)
            .await
            .context("demo offboarding: send")?;
        store
            .book_offboarding_goodwill(
                &agent,
                &c.id,
                EntryKind::Refund,
                None,
                "Goodwill on leaving: the last invoice refunded",
            )
            .await
            .context("demo offboarding: goodwill")?;
        let survey = ExitSurvey::parse(
            "Moving abroad; the service is not available there",
            Some("Service in the new country"),
            Some("Thank you for the help over the years."),
            Some(5),
        )
        .map_err(|e| anyhow::anyhow!("demo exit survey: {e:?}"))?;
        store.submit_exit_survey(&c.id, &survey).await?;
        store
            .close_offboarding(&manager, &c.id, now)
            .await
            .context("demo offboarding: close")?;
    }
    Ok(made)
}
