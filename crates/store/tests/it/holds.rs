//! Records under a retention hold are readable by compliance and administrators only, in every
//! reader of the store: a reader of one customer's held records is refused, a list across
//! customers leaves the customer out, a figure computed from held records is removed.

use crate::common::{agent, at, eur, manager};
use crate::offboarding::{rich_customer, through_notice};
use carewell_domain::error::Refusal;
use carewell_domain::ledger::{EntryKind, NewEntry, SourceKind};
use carewell_domain::offboarding::notice::Timeline;
use carewell_store::offboarding::CaseQuery;
use carewell_store::{Actor, Clearance, Store, StoreError};
use chrono::Utc;

fn plan() -> Timeline {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    Timeline {
        notice_date: d("2026-03-01"),
        service_end: d("2026-05-01"),
        support_end: d("2026-05-01"),
        export_until: d("2026-05-31"),
        deletion_date: d("2026-06-01"),
    }
}

fn restricted<T: std::fmt::Debug>(r: Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::Refused(Refusal::Restricted { .. })))
}

async fn held_records_are_restricted_in_every_reader(s: &Store) {
    let cu = rich_customer(s, "Mari Maasikas").await;
    let (c, _) = through_notice(s, &cu, plan()).await;
    // Goodwill at once, and a larger credit waiting for a manager.
    let entry = |minor| {
        NewEntry::new(
            &cu,
            EntryKind::Credit,
            eur(minor),
            "Sorry",
            SourceKind::Offboarding,
            &c.id,
        )
        .unwrap()
    };
    let small = s
        .book_offboarding_goodwill(&agent(), &c.id, EntryKind::Credit, Some(eur(500)), "Sorry")
        .await
        .unwrap();
    let pending = s
        .add_compensation(Clearance::SYSTEM, &agent(), &entry(90_000))
        .await
        .unwrap();
    s.close_offboarding(&manager(), &c.id, at("2026-05-01"))
        .await
        .unwrap();
    // Before the erasure nothing is held: everyone reads.
    let std = Clearance::Standard;
    assert_eq!(s.transactions(std, &cu, 10).await.unwrap().len(), 2);
    assert!(!s.offboarding_case(std, &c.id).await.unwrap().restricted);
    s.erase_offboarding(&Actor::system(), &c.id, at("2026-06-01"))
        .await
        .unwrap();
    assert_eq!(s.active_holds(&cu).await.unwrap().len(), 1);

    for who in [Clearance::Standard, Clearance::Held] {
        let hidden = who == Clearance::Standard;
        // One customer's held records: refused, or read in full.
        assert_eq!(restricted(s.transactions(who, &cu, 10).await), hidden);
        assert_eq!(restricted(s.contracts(who, &cu).await), hidden);
        assert_eq!(restricted(s.customer_ledger(who, &cu).await), hidden);
        assert_eq!(restricted(s.ledger_entry(who, &small.id).await), hidden);
        assert_eq!(
            restricted(
                s.ledger_for_source(who, SourceKind::Offboarding, &c.id)
                    .await
            ),
            hidden
        );
        assert_eq!(restricted(s.offboarding_impact(who, &c.id).await), hidden);
        assert_eq!(restricted(s.last_invoice(who, &cu).await), hidden);
        assert_eq!(
            restricted(s.client_fit_assessment(who, &cu, Utc::now()).await),
            hidden
        );
        assert_eq!(
            restricted(s.client_fit_review(who, &cu, Utc::now()).await),
            hidden
        );
        // Lists across customers leave the customer out.
        let pending_ids: Vec<String> = s
            .pending_compensation(who)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(pending_ids.contains(&pending.id), !hidden);
        let listed = s
            .client_fit_list(who, Utc::now())
            .await
            .unwrap()
            .iter()
            .any(|r| r.customer_id == cu);
        // (A departed customer is not on the client-fit list at all.)
        assert!(!listed || !hidden);
        // The timeline keeps the rest, without the held kinds, and pages stay full.
        let kinds: Vec<String> = s
            .timeline(who, &cu, 100, 0)
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.kind)
            .collect();
        let held_kinds = ["transaction", "contract", "compensation"];
        assert_eq!(
            kinds.iter().any(|k| held_kinds.contains(&k.as_str())),
            !hidden,
            "{kinds:?}"
        );
        assert!(!s.timeline(who, &cu, 1, 0).await.unwrap().is_empty());
        // The case keeps everything but the revenue figure.
        let case = s.offboarding_case(who, &c.id).await.unwrap();
        assert!(case.restricted);
        assert_eq!(case.revenue_12m.is_none(), hidden);
        let listed = s
            .offboarding_cases(who, &CaseQuery::default(), 50, 0)
            .await
            .unwrap();
        let listed = listed.items.iter().find(|x| x.id == c.id).unwrap();
        assert_eq!(listed.revenue_12m.is_none(), hidden);
        let goodwill: Vec<serde_json::Value> = s
            .offboarding_steps(who, &c.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|st| st.step == "goodwill")
            .map(|st| st.detail)
            .collect();
        assert!(!goodwill.is_empty());
        assert!(
            goodwill.iter().all(|d| d.get("amount").is_none() == hidden),
            "{goodwill:?}"
        );
        // The report counts the case but leaves its revenue out.
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let from = d("2000-01-01");
        let to = Utc::now().date_naive();
        let report = s.offboarding_report(who, from, to).await.unwrap();
        assert_eq!(report.cases, 1);
        assert_eq!(report.revenue_restricted_cases, i64::from(hidden));
        assert_eq!(report.revenue_impact.is_empty(), hidden);
        // The export names what it leaves out.
        let x = s.customer_data_export(who, &cu).await.unwrap();
        assert_eq!(x.restricted.is_empty(), !hidden);
        assert_eq!(x.transactions.is_empty(), hidden);
        // Changes that would return held entries are refused too.
        assert_eq!(
            restricted(
                s.decide_compensation(who, &manager(), &pending.id, true, None)
                    .await
            ),
            hidden
        );
    }
}

engines!(held_records_are_restricted_in_every_reader);
