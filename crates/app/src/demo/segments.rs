//! Demo segments: a handful of saved filters a care team would keep, made by the manager.

use carewell_domain::segment::Filter;
use carewell_store::segments::SegmentInput;
use carewell_store::{Actor, Store};
use serde_json::json;

/// Creates the demo segments unless the database has segments already; returns how many.
pub async fn seed(store: &Store, staff: &[String]) -> anyhow::Result<usize> {
    if !store.segments_all().await?.is_empty() {
        return Ok(0);
    }
    let Some(manager) = staff.get(1) else {
        return Ok(0);
    };
    let actor = Actor {
        id: manager.clone(),
        label: "manager@carewell.test".into(),
    };
    let segments = [
        (
            "Onboarding in Estonia",
            "New Estonian customers still being set up: call every two weeks.",
            json!({"stage": "onboarding", "country": "EE"}),
        ),
        (
            "VIP",
            "Customers tagged vip, whatever their stage.",
            json!({"tags": ["vip"]}),
        ),
        (
            "Silent 90 days",
            "Active customers nobody has spoken to for 90 days (or ever).",
            json!({"stage": "active", "last_contact_to": "90d"}),
        ),
        (
            "Enterprise accounts",
            "Organisations in the enterprise segment.",
            json!({"segment": "enterprise"}),
        ),
        (
            "Newsletter, e-mail consent",
            "Newsletter readers who explicitly agreed to marketing e-mail.",
            json!({"tags": ["newsletter"], "consent": "email"}),
        ),
        (
            "At risk, nobody's",
            "At-risk customers without an owner: assign them first.",
            json!({"stage": "at-risk", "owner": "none"}),
        ),
    ];
    let mut n = 0;
    for (name, description, filter) in segments {
        let filter = Filter::from_json(&filter, "filter.")
            .map_err(|e| anyhow::anyhow!("demo segment {name}: {e:?}"))?;
        let input = SegmentInput::new(name, description, filter)
            .map_err(|e| anyhow::anyhow!("demo segment {name}: {e:?}"))?;
        store.create_segment(&actor, &input).await?;
        n += 1;
    }
    Ok(n)
}
