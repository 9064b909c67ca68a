//! Demo health: four weeks of history (the score computed as of each of the last four weeks),
//! then this week's moments — two healthy customers open a high-severity complaint, two
//! overdue ones get a call — and today's score, so the customer page shows every band, a
//! trend and "what moved it since last week". Runs on a fresh demo only.

use carewell_domain::complaint::ComplaintInput;
use carewell_domain::health::Band;
use carewell_domain::interaction::{InteractionKind, Sentiment};
use carewell_store::customers::CustomerQuery;
use carewell_store::interactions::NewInteraction;
use carewell_store::{Actor, Store};
use chrono::{Duration, Utc};

/// Customers of `band` (the first `n` by name).
async fn in_band(store: &Store, band: Band, n: i64) -> anyhow::Result<Vec<String>> {
    let q = CustomerQuery {
        health: Some(band),
        ..CustomerQuery::default()
    };
    Ok(store
        .search_customers(&q, n, 0)
        .await?
        .items
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// Seeds the history and this week's moments; returns how many customers were scored.
pub async fn seed(store: &Store, staff: &[String]) -> anyhow::Result<u64> {
    let now = Utc::now();
    for weeks in (1..=4).rev() {
        store
            .recompute_health_all(now - Duration::weeks(weeks))
            .await?;
    }
    let agent = Actor {
        id: staff[2].clone(),
        label: super::STAFF[2].0.into(),
    };
    for id in in_band(store, Band::Green, 2).await? {
        let input = ComplaintInput::parse(
            &id,
            "phone",
            "service",
            "high",
            Some("The service stopped working"),
            "The service stopped working twice this week and nobody called back.",
            vec![],
        )
        .map_err(|e| anyhow::anyhow!("demo health complaint: {e:?}"))?;
        store
            .create_complaint_received(
                &agent,
                &input,
                Some(&agent.id),
                Some(now - Duration::days(2)),
            )
            .await?;
    }
    for id in in_band(store, Band::Red, 2).await? {
        let call = NewInteraction {
            external_ref: None,
            kind: InteractionKind::Call,
            occurred_at: carewell_domain::time::fmt_ts(now - Duration::days(1)),
            user_id: Some(agent.id.clone()),
            summary: "Check-in call: went through open questions, all answered".into(),
            sentiment: Some(Sentiment::Positive),
        };
        store.add_interaction(&agent, &id, &call).await?;
    }
    Ok(store.recompute_health_all(now).await?.scored)
}
