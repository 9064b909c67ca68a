//! Customer health in the store: an erasure deletes the customer's current score and history
//! (the customer row stays, departed, and gets no new score); while the retention hold runs the
//! score is for readers with clearance only.

use crate::common::{at, manager};
use crate::offboarding::{rich_customer, through_notice};
use carewell_domain::error::Refusal;
use carewell_domain::offboarding::notice::Timeline;
use carewell_store::{Actor, Clearance, Store, StoreError};
use chrono::{Duration, Utc};

async fn rows(s: &Store, table: &str, id: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM {table} WHERE customer_id = $1"
    ))
    .bind(id)
    .fetch_one(s.pool())
    .await
    .unwrap();
    n
}

async fn erasure_removes_health(s: &Store) {
    let d = |x: &str| chrono::NaiveDate::parse_from_str(x, "%Y-%m-%d").unwrap();
    let plan = Timeline {
        notice_date: d("2026-03-01"),
        service_end: d("2026-05-01"),
        support_end: d("2026-05-01"),
        export_until: d("2026-05-31"),
        deletion_date: d("2026-06-01"),
    };
    let cu = rich_customer(s, "Mari Maasikas").await;
    let other = rich_customer(s, "Jaan Tamm").await;
    let now = Utc::now();
    s.recompute_health_all(now - Duration::days(8))
        .await
        .unwrap();
    let out = s.recompute_health_all(now).await.unwrap();
    assert_eq!(out.scored, 2);
    assert_eq!(rows(s, "customer_health", &cu).await, 1);
    assert!(rows(s, "customer_health_history", &cu).await >= 1);
    let r = s
        .customer_health(Clearance::Standard, &cu, now)
        .await
        .unwrap()
        .unwrap();
    assert!(r.score <= 100);
    assert_eq!(r.signals.len(), 6);

    let (c, _) = through_notice(s, &cu, plan).await;
    s.close_offboarding(&manager(), &c.id, at("2026-05-01"))
        .await
        .unwrap();
    s.erase_offboarding(&Actor::system(), &c.id, at("2026-06-01"))
        .await
        .unwrap();
    assert_eq!(rows(s, "customer_health", &cu).await, 0);
    assert_eq!(rows(s, "customer_health_history", &cu).await, 0);
    // The daily run does not bring it back (departed), and leaves the others.
    s.recompute_health_all(now).await.unwrap();
    assert_eq!(rows(s, "customer_health", &cu).await, 0);
    assert_eq!(rows(s, "customer_health", &other).await, 1);
    // While the hold runs: refused without clearance, nothing to show with it.
    let held = s.customer_health(Clearance::Standard, &cu, now).await;
    assert!(
        matches!(held, Err(StoreError::Refused(Refusal::Restricted { .. }))),
        "{held:?}"
    );
    assert!(
        s.customer_health(Clearance::Held, &cu, now)
            .await
            .unwrap()
            .is_none()
    );
}

engines!(erasure_removes_health);
