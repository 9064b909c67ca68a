//! Client-fit review on SQLite and PostgreSQL: facts aggregated from complaints, abuse flags,
//! orders, referrals and the ledger; ranking; judgements with history; decisions kept
//! append-only and audited; settings.

use crate::common::manager;
use carewell_domain::error::{Done, Refusal};

use carewell_domain::client_fit::{
    DataSufficiency, Level, LevelSource, Likelihood, Reason, Recommendation,
};
use carewell_domain::complaint::ComplaintInput;
use carewell_domain::customer::CustomerInput;
use carewell_domain::import::{ImportKind, ImportRow, parse_row};
use carewell_domain::interaction::{InteractionKind, Sentiment};
use carewell_domain::ledger::{EntryKind, NewEntry, SourceKind};
use carewell_domain::money::{Currency, Money};
use carewell_domain::time::fmt_ts;
use carewell_store::Clearance;
use carewell_store::activity::NewTransaction;
use carewell_store::client_fit::FitRow;
use carewell_store::client_fit::ranking::RankQuery;
use carewell_store::interactions::NewInteraction;
use carewell_store::{Store, StoreError};
use chrono::{Duration, Utc};

async fn customer(s: &Store, name: &str, referrals: Option<&str>) -> String {
    let mut pairs = vec![("name", name), ("language", "en")];
    if let Some(r) = referrals {
        pairs.push(("attr_referrals", r));
    }
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.clone().into_iter(),
    )
    .unwrap();
    s.create_customer(&manager(), &input, None)
        .await
        .unwrap()
        .id
}

fn days_ago(d: i64) -> String {
    fmt_ts(Utc::now() - Duration::days(d))
}

async fn order(s: &Store, c: &str, days: i64, minor: i64) {
    let n = NewTransaction {
        external_ref: None,
        amount: Money {
            minor,
            currency: Currency::parse("EUR").unwrap(),
        },
        occurred_at: days_ago(days),
        description: None,
    };
    s.add_transaction(&manager(), c, &n).await.unwrap();
}

async fn complaint(s: &Store, c: &str, severity: &str, days: i64) -> String {
    let input =
        ComplaintInput::parse(c, "email", "service", severity, None, "Again", vec![]).unwrap();
    s.create_complaint_received(
        &manager(),
        &input,
        None,
        Some(Utc::now() - Duration::days(days)),
    )
    .await
    .unwrap()
    .id
}

async fn interaction(s: &Store, c: &str, days: i64, negative: bool) -> String {
    let n = NewInteraction {
        external_ref: None,
        kind: InteractionKind::Call,
        occurred_at: days_ago(days),
        user_id: None,
        summary: "Shouted at the agent".into(),
        sentiment: Some(if negative {
            Sentiment::Negative
        } else {
            Sentiment::Neutral
        }),
    };
    s.add_interaction(&manager(), c, &n).await.unwrap().id
}

/// A customer with every data-based problem: trivial complaints in both halves of the year,
/// two abusive calls, orders down from 12 to 2, no referrals, and a loss.
async fn troublesome(s: &Store) -> String {
    let c = customer(s, "Trouble Ltd", Some("0")).await;
    for (i, d) in [20, 40, 60, 90, 200, 230, 260].iter().enumerate() {
        complaint(s, &c, if i == 0 { "medium" } else { "low" }, *d).await;
    }
    // The medium one was found unjustified; an old one does not count.
    let first: (String,) =
        sqlx::query_as("SELECT id FROM complaints WHERE customer_id = $1 AND severity = 'medium'")
            .bind(&c)
            .fetch_one(s.pool())
            .await
            .unwrap();
    sqlx::query("UPDATE complaints SET root_cause = 'Unjustified' WHERE id = $1")
        .bind(&first.0)
        .execute(s.pool())
        .await
        .unwrap();
    complaint(s, &c, "low", 500).await;
    for d in 400..412 {
        order(s, &c, d, 1000).await;
    }
    order(s, &c, 100, 1000).await;
    order(s, &c, 10, 1000).await;
    let a = interaction(s, &c, 30, true).await;
    let b = interaction(s, &c, 250, true).await;
    interaction(s, &c, 5, false).await;
    s.flag_staff_abuse(&manager(), &c, &a, Some("swore at the agent"))
        .await
        .unwrap();
    s.flag_staff_abuse(&manager(), &c, &b, None).await.unwrap();
    c
}

async fn facts_scores_and_ranking(s: &Store) {
    let bad = troublesome(s).await;
    let good = customer(s, "Good Oy", Some("3")).await;
    for d in [10, 50, 100, 400, 450] {
        order(s, &good, d, 50_000).await;
    }
    let quiet = customer(s, "Quiet AS", None).await;

    let now = Utc::now();
    let facts = s
        .client_fit_facts(Clearance::SYSTEM, None, now)
        .await
        .unwrap();
    assert_eq!(facts.len(), 3);
    let f = &facts[&bad].2;
    assert_eq!(f.complaints_12m, 7);
    assert_eq!(f.trivial_12m, 7, "six low + one unjustified");
    assert_eq!(f.low_severity_12m, 6);
    assert_eq!(f.unjustified_12m, 1);
    assert_eq!((f.trivial_recent_6m, f.trivial_prior_6m), (4, 3));
    assert_eq!(
        (f.abuse_12m, f.abuse_recent_6m, f.abuse_prior_6m),
        (2, 1, 1)
    );
    assert_eq!((f.orders_12m, f.orders_prev_12m), (2, 12));
    assert_eq!(f.referrals, Some(0));
    assert_eq!(f.interactions_12m, 3);
    assert_eq!(f.currency.as_deref(), Some("EUR"));
    assert_eq!(f.revenue_12m_minor, 2000);
    // (3 interactions × 20 min + 7 complaints × 90 min) × 40 EUR/h = 460 EUR.
    assert_eq!(f.cost_to_serve_minor, 46_000);
    assert!(f.tenure_days >= 411);

    let list = s.client_fit_list(Clearance::SYSTEM, now).await.unwrap();
    assert_eq!(list[0].customer_id, bad, "most problems first");
    assert_eq!(list[0].recommendation, Recommendation::PartWays);
    assert_eq!(list[0].likelihood, Likelihood::Low);
    assert_eq!(list[0].problems, 5);
    assert_eq!(list[0].flagged[0].level, Level::Serious);
    let g = list.iter().find(|r| r.customer_id == good).unwrap();
    assert_eq!(g.recommendation, Recommendation::Keep);
    let q = list.iter().find(|r| r.customer_id == quiet).unwrap();
    assert_eq!(q.problems, 0);

    let review = s
        .client_fit_review(Clearance::SYSTEM, &bad, now)
        .await
        .unwrap();
    assert_eq!(review.name, "Trouble Ltd");
    assert_eq!(review.trivial_complaints.len(), 7);
    assert_eq!(review.abuse_incidents.len(), 2);
    assert!(
        review
            .abuse_incidents
            .iter()
            .any(|i| i.flag_note.as_deref() == Some("swore at the agent"))
    );
    assert_eq!(review.flag_candidates.len(), 1, "the unflagged call");
    assert_eq!(review.assessment.recommendation, Recommendation::PartWays);
    let ev = &review.assessment.reasons[0].evidence;
    assert!(ev.iter().any(|e| e.key == "trivial_12m" && e.value == "7"));
    let one = s
        .client_fit_facts(Clearance::SYSTEM, Some(&bad), now)
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[&bad].2, *f, "one customer's facts equal the bulk ones");
    assert!(matches!(
        s.client_fit_review(Clearance::SYSTEM, "nope", now).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn judgements_decisions_and_history(s: &Store) {
    let c = troublesome(s).await;
    let other = customer(s, "Other", None).await;
    let now = Utc::now();
    // Flags: once per interaction, only the customer's own.
    let i = interaction(s, &c, 3, true).await;
    s.flag_staff_abuse(&manager(), &c, &i, None).await.unwrap();
    assert!(matches!(
        s.flag_staff_abuse(&manager(), &c, &i, None).await,
        Err(StoreError::Refused(Refusal::AlreadyDone {
            what: Done::Flagged
        }))
    ));
    assert!(matches!(
        s.flag_staff_abuse(&manager(), &other, &i, None).await,
        Err(StoreError::Invalid(_))
    ));

    s.add_client_fit_note(&manager(), &c, None, "Called twice today")
        .await
        .unwrap();
    assert!(matches!(
        s.add_client_fit_note(&manager(), &c, None, "  ").await,
        Err(StoreError::Invalid(_))
    ));
    s.set_client_fit_judgement(
        &manager(),
        &c,
        Reason::UnethicalRequests,
        Some(Level::Serious),
        "Asked us to backdate invoices",
    )
    .await
    .unwrap();
    s.set_client_fit_judgement(
        &manager(),
        &c,
        Reason::StaffAbuse,
        Some(Level::None),
        "Misunderstanding",
    )
    .await
    .unwrap();
    s.set_client_fit_judgement(&manager(), &c, Reason::StaffAbuse, None, "Back to data")
        .await
        .unwrap();
    s.set_client_fit_likelihood(&manager(), &c, Some(Likelihood::High), "New owner")
        .await
        .unwrap();
    let a = s
        .client_fit_assessment(Clearance::SYSTEM, &c, now)
        .await
        .unwrap()
        .1;
    let abuse = &a.reasons[1];
    assert_eq!(
        abuse.source,
        LevelSource::Data,
        "the newest judgement counts"
    );
    assert_eq!(abuse.level, Level::Serious);
    assert_eq!(a.reasons[5].source, LevelSource::Reviewer);
    assert_eq!(a.reasons[5].level, Level::Serious);
    assert_eq!(a.likelihood, Likelihood::High);
    assert_eq!(a.recommendation, Recommendation::Watch);
    s.set_client_fit_likelihood(&manager(), &c, None, "Owner left again")
        .await
        .unwrap();
    let (_, a) = s
        .client_fit_assessment(Clearance::SYSTEM, &c, now)
        .await
        .unwrap();
    assert_eq!(a.likelihood, a.suggested_likelihood);
    assert_eq!(a.recommendation, Recommendation::PartWays);

    let d = s
        .record_client_fit_decision(
            &manager(),
            &c,
            Recommendation::Watch,
            "Give them one more quarter",
            &a,
            None,
        )
        .await
        .unwrap();
    assert_eq!(d.recommendation, Recommendation::PartWays);
    s.record_client_fit_decision(
        &manager(),
        &c,
        Recommendation::PartWays,
        "No change",
        &a,
        Some("case-1"),
    )
    .await
    .unwrap();
    assert!(matches!(
        s.record_client_fit_decision(&manager(), &c, Recommendation::Keep, "", &a, None)
            .await,
        Err(StoreError::Invalid(_))
    ));
    let review = s
        .client_fit_review(Clearance::SYSTEM, &c, now)
        .await
        .unwrap();
    assert_eq!(review.judgements.len(), 6, "history is kept");
    assert_eq!(review.judgements[0].note, "Owner left again");
    assert_eq!(review.decisions.len(), 2);
    assert_eq!(review.decisions[0].decision, Recommendation::PartWays);
    assert_eq!(
        review.decisions[0].offboarding_case_id.as_deref(),
        Some("case-1")
    );
    let list = s.client_fit_list(Clearance::SYSTEM, now).await.unwrap();
    let row = list.iter().find(|r| r.customer_id == c).unwrap();
    assert_eq!(row.decision, Some(Recommendation::PartWays));

    // History cannot be rewritten.
    assert!(
        sqlx::query("UPDATE client_fit_decisions SET decision = 'keep'")
            .execute(s.pool())
            .await
            .is_err()
    );
    assert!(
        sqlx::query("UPDATE client_fit_judgements SET note = 'x'")
            .execute(s.pool())
            .await
            .is_err()
    );
    // Audited.
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'client_fit.%' AND entity_id = $1",
    )
    .bind(&c)
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(n, 8, "5 judgements and likelihoods, 1 note, 2 decisions");
    assert!(s.verify_audit().await.unwrap().is_ok());
}

/// Judges every customer's data at once, whatever their age (these tests make customers
/// today with a history in the past).
async fn no_min_tenure(s: &Store) {
    let mut set = s.client_fit_settings().await.unwrap();
    set.min_tenure_days = 0;
    s.set_client_fit_settings(&manager(), &set).await.unwrap();
}

async fn settings_and_compensation(s: &Store) {
    no_min_tenure(s).await;
    let c = customer(s, "Costly", Some("1")).await;
    order(s, &c, 30, 100_000).await;
    complaint(s, &c, "high", 10).await;
    let entry = NewEntry {
        customer_id: c.clone(),
        kind: EntryKind::Credit,
        amount: Money {
            minor: 5_000,
            currency: Currency::parse("EUR").unwrap(),
        },
        reason: "Goodwill".into(),
        source_kind: SourceKind::Incident,
        source_id: "inc-1".into(),
    };
    s.add_compensation(Clearance::SYSTEM, &manager(), &entry)
        .await
        .unwrap();
    let now = Utc::now();
    let f = s
        .client_fit_facts(Clearance::SYSTEM, Some(&c), now)
        .await
        .unwrap()[&c]
        .2
        .clone();
    assert_eq!(f.compensation_12m_minor, 5_000);
    assert_eq!(f.cost_to_serve_minor, 6_000, "90 min at 40 EUR/h");
    assert_eq!(f.margin_minor(), 100_000 - 6_000 - 5_000);

    let mut set = s.client_fit_settings().await.unwrap();
    set.minutes_per_complaint = 600;
    set.hourly_cost.insert("EUR".into(), 20_000);
    s.set_client_fit_settings(&manager(), &set).await.unwrap();
    assert_eq!(s.client_fit_settings().await.unwrap(), set);
    let f = s
        .client_fit_facts(Clearance::SYSTEM, Some(&c), now)
        .await
        .unwrap()[&c]
        .2
        .clone();
    assert_eq!(f.cost_to_serve_minor, 200_000);
    let (_, a) = s
        .client_fit_assessment(Clearance::SYSTEM, &c, now)
        .await
        .unwrap();
    assert_eq!(a.reasons[4].level, Level::Serious, "now unprofitable");
    set.minutes_per_interaction = -1;
    assert!(s.set_client_fit_settings(&manager(), &set).await.is_err());
    set.minutes_per_interaction = 5;
    set.hourly_cost.insert("XX".into(), 1);
    assert!(s.set_client_fit_settings(&manager(), &set).await.is_err());
}

/// Parting ways opens the offboarding case and records the decision in one transaction: no
/// reason at concern or serious, or a case already open, records nothing.
async fn part_ways_is_one_transaction(s: &Store) {
    let now = Utc::now();
    let quiet = customer(s, "Quiet", None).await;
    let decide = |c: String| async move {
        s.decide_client_fit(
            Clearance::SYSTEM,
            &manager(),
            &c,
            Recommendation::PartWays,
            "We cannot serve them well",
            now,
        )
        .await
    };
    assert!(matches!(
        decide(quiet.clone()).await,
        Err(StoreError::Refused(Refusal::NoFitReasons))
    ));
    let c = troublesome(s).await;
    s.set_client_fit_judgement(
        &manager(),
        &c,
        Reason::UnethicalRequests,
        Some(Level::Serious),
        "Asked us to backdate invoices",
    )
    .await
    .unwrap();
    let d = decide(c.clone()).await.unwrap();
    let case_id = d.offboarding_case_id.clone().unwrap();
    let case = s
        .offboarding_case(Clearance::SYSTEM, &case_id)
        .await
        .unwrap();
    assert!(case.reason.is_client_fit());
    assert_eq!(case.initiator.as_str(), "company");
    // A second part-ways finds the case open: refused, and no second decision is recorded.
    assert!(matches!(
        decide(c.clone()).await,
        Err(StoreError::Refused(Refusal::AlreadyExists { .. }))
    ));
    let review = s
        .client_fit_review(Clearance::SYSTEM, &c, now)
        .await
        .unwrap();
    assert_eq!(review.decisions.len(), 1);
    assert!(
        s.client_fit_review(Clearance::SYSTEM, &quiet, now)
            .await
            .unwrap()
            .decisions
            .is_empty()
    );
}

/// A customer younger than the minimum tenure (default 90 days) is "not enough data", never a
/// problem, in the review and in the ranking; the setting moves it; out-of-range is refused.
async fn too_new_is_not_enough_data(s: &Store) {
    assert_eq!(s.client_fit_settings().await.unwrap().min_tenure_days, 90);
    // Created today, already complaining (trivial complaints: serious by the data alone).
    let c = customer(s, "Fresh Start", Some("0")).await;
    for d in 0..7 {
        complaint(s, &c, "low", d).await;
    }
    let now = Utc::now();
    let (_, a) = s
        .client_fit_assessment(Clearance::SYSTEM, &c, now)
        .await
        .unwrap();
    assert_eq!(a.data, DataSufficiency::TooNew);
    assert_eq!(a.problems, 0);
    let q = RankQuery {
        limit: 50,
        ..Default::default()
    };
    let page = s
        .client_fit_ranked(Clearance::SYSTEM, &q, now)
        .await
        .unwrap();
    let row = page.items.iter().find(|r| r.customer_id == c).unwrap();
    assert_eq!((row.data, row.problems), (DataSufficiency::TooNew, 0));
    let flagged = RankQuery {
        min_problems: 1,
        limit: 50,
        ..Default::default()
    };
    assert!(
        s.client_fit_ranked(Clearance::SYSTEM, &flagged, now)
            .await
            .unwrap()
            .items
            .is_empty()
    );

    let mut set = s.client_fit_settings().await.unwrap();
    for bad in [-1, 3651, i64::MAX, i64::MIN] {
        set.min_tenure_days = bad;
        assert!(
            s.set_client_fit_settings(&manager(), &set).await.is_err(),
            "{bad}"
        );
    }
    assert_eq!(
        s.client_fit_settings().await.unwrap().min_tenure_days,
        90,
        "unchanged"
    );
    set.min_tenure_days = 0;
    s.set_client_fit_settings(&manager(), &set).await.unwrap();
    let page = s
        .client_fit_ranked(Clearance::SYSTEM, &flagged, now)
        .await
        .unwrap();
    let row = page.items.iter().find(|r| r.customer_id == c).unwrap();
    assert_eq!(row.data, DataSufficiency::Enough);
    assert!(row.problems > 0, "judged once old enough");
}

engines!(
    part_ways_is_one_transaction,
    facts_scores_and_ranking,
    precomputed_ranking_matches_the_live_list,
    many_changes_go_to_the_job,
    bulk_load_is_ranked,
    judgements_decisions_and_history,
    settings_and_compensation,
    too_new_is_not_enough_data,
    every_sort_pages_by_cursor,
);

async fn every_sort_pages_by_cursor(s: &Store) {
    use carewell_store::client_fit::ranking::FitSort;
    import_customers(s, 23, 0).await;
    s.rescore_client_fit(Utc::now()).await.unwrap();
    for sort in [
        FitSort::Problems,
        FitSort::Customer,
        FitSort::Recommendation,
    ] {
        let mut orders = Vec::new();
        for desc in [false, true] {
            let whole = RankQuery {
                sort,
                desc,
                limit: 500,
                ..Default::default()
            };
            let one = s
                .client_fit_ranked(Clearance::SYSTEM, &whole, Utc::now())
                .await
                .unwrap();
            let paged = RankQuery { limit: 4, ..whole };
            let (rows, _) = all_pages(s, &paged).await;
            let ids = |r: &[FitRow]| r.iter().map(|x| x.customer_id.clone()).collect::<Vec<_>>();
            assert_eq!(ids(&rows), ids(&one.items), "{sort:?} desc={desc}");
            assert_eq!(rows.len(), 23);
            if sort == FitSort::Customer {
                let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
                let mut sorted = names.clone();
                sorted.sort();
                if desc {
                    sorted.reverse();
                }
                assert_eq!(names, sorted, "by name, desc={desc}");
            }
            orders.push(ids(&rows));
        }
        let mut back = orders[1].clone();
        back.reverse();
        assert_eq!(
            orders[0], back,
            "{sort:?}: descending is ascending reversed"
        );
    }
}

/// Every page of the precomputed ranking, followed by cursor.
async fn all_pages(s: &Store, q: &RankQuery) -> (Vec<FitRow>, u64) {
    let mut out = Vec::new();
    let mut q = q.clone();
    let mut pending = 0;
    loop {
        let page = s
            .client_fit_ranked(Clearance::SYSTEM, &q, Utc::now())
            .await
            .unwrap();
        pending = pending.max(page.pending);
        out.extend(page.items);
        match page.next {
            Some(n) => q.after = Some(n),
            None => return (out, pending),
        }
    }
}

fn summary(rows: &[FitRow]) -> Vec<(String, usize, u32, Recommendation, Option<Recommendation>)> {
    rows.iter()
        .map(|r| {
            (
                r.customer_id.clone(),
                r.problems,
                r.weight,
                r.recommendation,
                r.decision,
            )
        })
        .collect()
}

async fn precomputed_ranking_matches_the_live_list(s: &Store) {
    no_min_tenure(s).await;
    // Customers with different troubles; names repeat so the order falls through to the id.
    let mut ids = Vec::new();
    for i in 0..23 {
        let c = customer(
            s,
            ["Tamm", "Kask", "Saar"][i % 3],
            Some(&(i % 2).to_string()),
        )
        .await;
        for d in 0..(i % 5) {
            complaint(
                s,
                &c,
                if i % 2 == 0 { "low" } else { "high" },
                10 + d as i64,
            )
            .await;
        }
        if i % 4 == 0 {
            order(s, &c, 400, 5_000).await;
        }
        ids.push(c);
    }
    let q = RankQuery {
        limit: 4,
        ..Default::default()
    };
    let (ranked, pending) = all_pages(s, &q).await;
    assert_eq!(pending, 0);
    let live = s
        .client_fit_list(Clearance::SYSTEM, Utc::now())
        .await
        .unwrap();
    assert_eq!(ranked.len(), 23);
    assert_eq!(summary(&ranked), summary(&live));
    assert!(ranked[0].problems > ranked[22].problems);

    // A change is rescored before the next read: more complaints, a likelihood, a decision.
    let last = ranked[22].customer_id.clone();
    for d in 0..6 {
        complaint(s, &last, "low", 3 + d).await;
    }
    s.set_client_fit_likelihood(&manager(), &last, Some(Likelihood::Low), "Tried twice")
        .await
        .unwrap();
    // Two readers at once both rescore the same customers: both succeed.
    let (a, b) = tokio::join!(
        s.client_fit_ranked(Clearance::SYSTEM, &q, Utc::now()),
        s.client_fit_ranked(Clearance::SYSTEM, &q, Utc::now())
    );
    assert_eq!(a.unwrap().items, b.unwrap().items);
    let (ranked, pending) = all_pages(s, &q).await;
    assert_eq!(pending, 0);
    let live = s
        .client_fit_list(Clearance::SYSTEM, Utc::now())
        .await
        .unwrap();
    assert_eq!(summary(&ranked), summary(&live));
    assert_ne!(ranked[22].customer_id, last, "moved up the list");

    // Filters: at least two problems; one recommendation; the count.
    let q2 = RankQuery {
        min_problems: 2,
        limit: 5,
        ..Default::default()
    };
    let (two, _) = all_pages(s, &q2).await;
    let want: Vec<_> = live.iter().filter(|r| r.problems >= 2).cloned().collect();
    assert_eq!(summary(&two), summary(&want));
    let first = s
        .client_fit_ranked(Clearance::SYSTEM, &q2, Utc::now())
        .await
        .unwrap();
    assert_eq!((first.total, first.capped), (want.len() as i64, false));
    let q3 = RankQuery {
        recommendation: Some(Recommendation::Keep),
        limit: 50,
        ..Default::default()
    };
    let (keep, _) = all_pages(s, &q3).await;
    let want: Vec<_> = live
        .iter()
        .filter(|r| r.recommendation == Recommendation::Keep)
        .cloned()
        .collect();
    assert_eq!(summary(&keep), summary(&want));

    // A customer who departs leaves the ranking; a deleted one too.
    let mut departed = CustomerInput::from_fields(
        |k| match k {
            "name" => Some("Gone"),
            "language" => Some("en"),
            "stage" => Some("departed"),
            _ => None,
        },
        [("name", "Gone"), ("language", "en"), ("stage", "departed")].into_iter(),
    )
    .unwrap();
    departed.external_ref = None;
    s.update_customer(&manager(), &ids[1], &departed, None)
        .await
        .unwrap();
    let (ranked, _) = all_pages(s, &q).await;
    assert_eq!(ranked.len(), 22);
    assert!(ranked.iter().all(|r| r.customer_id != ids[1]));
}

/// Customers `R0`… named `Kuusk 000`…, imported in one file (`expected` chooses the mode).
async fn import_customers(s: &Store, n: u64, expected: u64) {
    let header = ["external_ref", "name"];
    let mut errs = Vec::new();
    let rows: Vec<(u64, ImportRow)> = (0..n)
        .map(|i| {
            let (r, n) = (format!("R{i}"), format!("Kuusk {i:03}"));
            let row = parse_row(
                ImportKind::Customers,
                &header,
                &[r.as_str(), n.as_str()],
                i + 2,
                &mut errs,
            )
            .unwrap();
            (i + 2, row)
        })
        .collect();
    let mut imp = s
        .begin_import(ImportKind::Customers, expected)
        .await
        .unwrap();
    for chunk in rows.chunks(500) {
        imp.write(chunk).await.unwrap();
    }
    imp.finish(&manager(), "k.csv").await.unwrap().unwrap();
}

async fn bulk_load_is_ranked(s: &Store) {
    // A first load in bulk mode (the change-logging triggers set aside on SQLite) is ranked.
    let q = RankQuery {
        limit: 50,
        ..Default::default()
    };
    let empty = s
        .client_fit_ranked(Clearance::SYSTEM, &q, Utc::now())
        .await
        .unwrap();
    assert_eq!((empty.pending, empty.total), (0, 0));
    import_customers(s, 30, 1_000_000).await;
    let page = s
        .client_fit_ranked(Clearance::SYSTEM, &q, Utc::now())
        .await
        .unwrap();
    assert_eq!((page.pending, page.total), (0, 30));
}

async fn many_changes_go_to_the_job(s: &Store) {
    // 600 customers in one import: more than the list rescores inline.
    import_customers(s, 600, 0).await;
    let q = RankQuery {
        limit: 50,
        ..Default::default()
    };
    let page = s
        .client_fit_ranked(Clearance::SYSTEM, &q, Utc::now())
        .await
        .unwrap();
    assert!(page.pending >= 600, "{}", page.pending);
    let (queued,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'client_fit.refresh' AND status = 'queued'",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(queued, 1);
    // Asking again does not queue a second run.
    s.client_fit_ranked(Clearance::SYSTEM, &q, Utc::now())
        .await
        .unwrap();
    let (queued,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'client_fit.refresh' AND status = 'queued'",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(queued, 1);
    // The job's work: everyone rescored, nothing pending.
    assert_eq!(s.rescore_client_fit(Utc::now()).await.unwrap(), 600);
    let page = s
        .client_fit_ranked(Clearance::SYSTEM, &q, Utc::now())
        .await
        .unwrap();
    assert_eq!((page.pending, page.total, page.capped), (0, 600, false));
    assert_eq!(page.items.len(), 50);
    // Changed cost settings rescore everyone: for 600 customers, the job's work again.
    let mut settings = s.client_fit_settings().await.unwrap();
    settings.minutes_per_complaint += 1;
    s.set_client_fit_settings(&manager(), &settings)
        .await
        .unwrap();
    let page = s
        .client_fit_ranked(Clearance::SYSTEM, &q, Utc::now())
        .await
        .unwrap();
    assert!(page.pending > 0);
}
