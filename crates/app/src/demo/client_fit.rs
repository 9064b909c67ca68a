//! Demo part-ways candidates for the client-fit review: three customers whose orders fell off
//! (one per language where possible) get a year of trivial complaints (low severity, closed as
//! unjustified or customer error) and abusive calls, two of them flagged as abuse of staff.
//! Everything goes through the store, so the history and audit chain are real. Runs once
//! (skipped when any abuse flag exists).

use anyhow::Context;
use carewell_domain::client_fit::{Level, Reason};
use carewell_domain::complaint::ComplaintInput;
use carewell_domain::complaint::workflow::Action;
use carewell_domain::interaction::{InteractionKind, Sentiment};
use carewell_store::Clearance;
use carewell_store::interactions::NewInteraction;
use carewell_store::{Actor, Store};
use chrono::{Duration, Utc};

/// How many candidates the demo makes.
pub const CANDIDATES: usize = 3;

/// Trivial complaint subjects per language.
fn subjects(lang: &str) -> [&'static str; 4] {
    match lang {
        l if l.starts_with("zh") => [
            "邮件字体太小",
            "发票上的标志颜色不对",
            "客服问候语太长",
            "包装盒上有一道划痕",
        ],
        l if l.starts_with("et") => [
            "E-kirja font on liiga väike",
            "Arve logo värv on vale",
            "Klienditoe tervitus on liiga pikk",
            "Karbil on kriimustus",
        ],
        _ => [
            "The e-mail font is too small",
            "The logo on the invoice is the wrong colour",
            "Your greeting on the phone is too long",
            "There is a scratch on the box",
        ],
    }
}

/// What an abusive call looked like, per language.
fn abuse(lang: &str) -> &'static str {
    match lang {
        l if l.starts_with("zh") => "客户在电话中辱骂并威胁客服人员",
        l if l.starts_with("et") => "Klient sõimas ja ähvardas telefonis klienditeenindajat",
        _ => "Customer shouted insults at the agent and threatened them",
    }
}

/// Makes the candidates; returns how many were made.
pub async fn seed(store: &Store, staff: &[String]) -> anyhow::Result<usize> {
    let now = Utc::now();
    let facts = store.client_fit_facts(Clearance::SYSTEM, None, now).await?;
    if facts.values().any(|(_, _, f)| f.abuse_12m > 0) {
        return Ok(0);
    }
    // Customers whose orders fell the most, one per language first.
    let mut declining: Vec<(&String, i64)> = facts
        .iter()
        .filter(|(_, (_, stage, f))| {
            !matches!(stage.as_str(), "departed" | "leaving")
                && f.orders_prev_12m >= 2
                && f.orders_12m * 2 <= f.orders_prev_12m
        })
        .map(|(id, (_, _, f))| (id, f.orders_prev_12m - f.orders_12m))
        .collect();
    declining.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut picked: Vec<(String, String)> = Vec::new();
    let mut rest: Vec<(String, String)> = Vec::new();
    for (id, _) in declining.iter().take(200) {
        let lang = crate::web::i18n::Tr::for_tag(&store.customer(id).await?.language)
            .lang
            .to_string();
        if picked.iter().any(|(_, l)| *l == lang) {
            rest.push(((*id).clone(), lang));
        } else {
            picked.push(((*id).clone(), lang));
        }
        if picked.len() == CANDIDATES {
            break;
        }
    }
    picked.extend(rest.into_iter().take(CANDIDATES - picked.len()));
    let agent = Actor {
        id: staff[2].clone(),
        label: super::STAFF[2].0.into(),
    };
    let manager = Actor {
        id: staff[1].clone(),
        label: super::STAFF[1].0.into(),
    };
    for (id, lang) in &picked {
        for (i, days) in [20i64, 55, 80, 130, 190, 240, 290, 330].iter().enumerate() {
            let subject = subjects(lang)[i % 4];
            let input =
                ComplaintInput::parse(id, "phone", "other", "low", Some(subject), subject, vec![])
                    .map_err(|e| anyhow::anyhow!("demo client-fit complaint: {e:?}"))?;
            let at = now - Duration::days(*days);
            let c = store
                .create_complaint_received(&agent, &input, Some(&agent.id), Some(at))
                .await
                .context("demo client-fit complaint")?;
            let cause = if i % 2 == 0 {
                "unjustified"
            } else {
                "customer-error"
            };
            let steps = [
                Action::Acknowledge { note: None },
                Action::Listen { note: None },
                Action::ConfirmDemand {
                    demand: subject.into(),
                },
                Action::StartResolving { note: None },
                Action::Resolve {
                    resolution: "Explained; nothing to fix".into(),
                    root_cause: cause.into(),
                },
                Action::FollowUp { note: None },
                Action::Close { note: None },
            ];
            for (j, a) in steps.iter().enumerate() {
                store
                    .transition_complaint(
                        &agent,
                        &c.id,
                        a,
                        at + Duration::hours(2 * (j as i64 + 1)),
                    )
                    .await
                    .with_context(|| format!("demo client-fit step {}", a.name()))?;
            }
        }
        for (k, days) in [35i64, 160, 260].iter().enumerate() {
            let n = NewInteraction {
                external_ref: None,
                kind: InteractionKind::Call,
                occurred_at: carewell_domain::time::fmt_ts(now - Duration::days(*days)),
                user_id: Some(agent.id.clone()),
                summary: abuse(lang).into(),
                sentiment: Some(Sentiment::Negative),
            };
            let it = store.add_interaction(&agent, id, &n).await?;
            if k < 2 {
                store
                    .flag_staff_abuse(&agent, id, &it.id, Some(abuse(lang)))
                    .await?;
            }
        }
        store
            .add_client_fit_note(&agent, id, Some(Reason::StaffAbuse), abuse(lang))
            .await?;
        store
            .set_client_fit_judgement(
                &manager,
                id,
                Reason::MissionFit,
                Some(Level::Concern),
                "Wants services outside what we offer",
            )
            .await?;
    }
    Ok(picked.len())
}
