//! Segments on SQLite and PostgreSQL: every condition of the filter language in the customer
//! list, the count, `member_ids` (held customers left out, unknown id refused), CRUD
//! with a unique name, and the audit entries.

use crate::common::{agent, d, manager};
use carewell_domain::customer::CustomerInput;
use carewell_domain::role::Role;
use carewell_domain::segment::Filter;
use carewell_domain::{Entity, Refusal};
use carewell_store::customers::CustomerQuery;
use carewell_store::segments::{SegmentInput, member_ids};
use carewell_store::{Actor, Store, StoreError};
use serde_json::json;

async fn customer(s: &Store, pairs: &[(&str, &str)], owner: Option<&str>) -> String {
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.iter().copied(),
    )
    .unwrap();
    s.create_customer(&agent(), &input, owner).await.unwrap().id
}

async fn set(s: &Store, id: &str, col: &str, value: &str) {
    sqlx::query(&format!("UPDATE customers SET {col} = $1 WHERE id = $2"))
        .bind(value)
        .bind(id)
        .execute(s.pool())
        .await
        .unwrap();
}

fn filter(v: serde_json::Value) -> Filter {
    Filter::from_json(&v, "filter.").unwrap()
}

async fn names(s: &Store, f: Filter) -> Vec<String> {
    let q = CustomerQuery {
        filters: vec![f],
        today: Some(d("2026-03-31")),
        ..Default::default()
    };
    let mut n: Vec<String> = s
        .search_customers(&q, 100, 0)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect();
    n.sort();
    n
}

async fn filters_match_the_customer_list(s: &Store) {
    let e = carewell_domain::email::Email::parse("owner@example.com").unwrap();
    let owner = s
        .create_user(&Actor::cli(), &e, "Owner", Role::Agent, "x")
        .await
        .unwrap()
        .id;
    let anu = customer(
        s,
        &[
            ("name", "Anu"),
            ("language", "et"),
            ("country", "EE"),
            ("stage", "onboarding"),
            ("segment", "smb"),
            ("tags", "vip, b2b"),
            ("consent_email", "yes"),
            ("attr_plan", "pro"),
        ],
        Some(&owner),
    )
    .await;
    let bo = customer(
        s,
        &[
            ("name", "Bo"),
            ("language", "zh-CN"),
            ("country", "CN"),
            ("tags", "b2b"),
            ("consent_email", "no"),
            ("attr_plan", "basic"),
            ("attr_note", "\"plan\":\"pro\""),
        ],
        None,
    )
    .await;
    let cy = customer(s, &[("name", "Cy"), ("language", "en")], None).await;
    set(s, &anu, "created_at", "2026-01-10T09:00:00.000000Z").await;
    set(s, &bo, "created_at", "2026-02-10T09:00:00.000000Z").await;
    set(s, &cy, "created_at", "2026-03-10T09:00:00.000000Z").await;
    set(s, &anu, "last_contact_at", "2026-03-30T09:00:00.000000Z").await;
    set(s, &bo, "last_contact_at", "2025-11-01T09:00:00.000000Z").await;

    assert_eq!(
        names(s, filter(json!({"stage": "onboarding"}))).await,
        ["Anu"]
    );
    assert_eq!(names(s, filter(json!({"segment": "smb"}))).await, ["Anu"]);
    assert_eq!(
        names(s, filter(json!({"tags": ["vip", "b2b"]}))).await,
        ["Anu", "Bo"]
    );
    assert_eq!(names(s, filter(json!({"tags": ["vip"]}))).await, ["Anu"]);
    assert_eq!(names(s, filter(json!({"country": "cn"}))).await, ["Bo"]);
    assert_eq!(names(s, filter(json!({"language": "et"}))).await, ["Anu"]);
    assert_eq!(names(s, filter(json!({"owner_id": owner}))).await, ["Anu"]);
    assert_eq!(
        names(s, filter(json!({"owner": "none"}))).await,
        ["Bo", "Cy"]
    );
    // Marketing needs consent given; service only not refused; legal e-mail goes to all.
    assert_eq!(names(s, filter(json!({"consent": "email"}))).await, ["Anu"]);
    assert_eq!(
        names(
            s,
            filter(json!({"consent": "email", "consent_class": "service"}))
        )
        .await,
        ["Anu", "Cy"]
    );
    assert_eq!(
        names(
            s,
            filter(json!({"consent": "email", "consent_class": "legal"}))
        )
        .await,
        ["Anu", "Bo", "Cy"]
    );
    assert_eq!(
        names(
            s,
            filter(json!({"created_from": "2026-02-10", "created_to": "2026-02-10"}))
        )
        .await,
        ["Bo"]
    );
    // Relative: 50 days before 2026-03-31 is 2026-02-09.
    assert_eq!(
        names(s, filter(json!({"created_from": "50d"}))).await,
        ["Bo", "Cy"]
    );
    // Silent for 90 days: last contact before 2026-01-01, or never.
    assert_eq!(
        names(s, filter(json!({"last_contact_to": "90d"}))).await,
        ["Bo", "Cy"]
    );
    assert_eq!(
        names(s, filter(json!({"last_contact_from": "2026-03-01"}))).await,
        ["Anu"]
    );
    // An attribute matches its own value only, not the same text inside another value.
    assert_eq!(
        names(s, filter(json!({"attributes": {"plan": "pro"}}))).await,
        ["Anu"]
    );
    assert_eq!(
        names(s, filter(json!({"attributes": {"plan": "PRO"}}))).await,
        Vec::<String>::new()
    );
    assert_eq!(
        names(
            s,
            filter(json!({"tags": ["b2b"], "attributes": {"plan": "basic"}}))
        )
        .await,
        ["Bo"]
    );
    // Several filters all apply, and with free text too.
    let q = CustomerQuery {
        q: Some("Anu".into()),
        filters: vec![
            filter(json!({"tags": ["b2b"]})),
            filter(json!({"country": "EE"})),
        ],
        ..Default::default()
    };
    assert_eq!(s.search_customers(&q, 10, 0).await.unwrap().total, 1);
    let (n, capped) = s
        .count_matching(&filter(json!({"tags": ["b2b"]})), d("2026-03-31"))
        .await
        .unwrap();
    assert_eq!((n, capped), (2, false));
}

/// Gives `id` a current health score in `band` (as the health run stores it).
async fn health(s: &Store, id: &str, score: i64, band: &str) {
    sqlx::query(
        "INSERT INTO customer_health (customer_id, score, band, signals, computed_at) \
         VALUES ($1, $2, $3, '[]', '2026-03-30T02:00:00.000000Z')",
    )
    .bind(id)
    .bind(score)
    .bind(band)
    .execute(s.pool())
    .await
    .unwrap();
}

async fn members(s: &Store, segment_id: &str) -> Vec<String> {
    let mut tx = s.begin().await.unwrap();
    member_ids(&mut tx, segment_id).await.unwrap()
}

async fn health_band_filters(s: &Store) {
    let red = customer(s, &[("name", "Red"), ("tags", "b2b")], None).await;
    let green = customer(s, &[("name", "Green"), ("tags", "b2b")], None).await;
    let yellow = customer(s, &[("name", "Yellow")], None).await;
    customer(s, &[("name", "Unscored"), ("tags", "b2b")], None).await;
    health(s, &red, 31, "red").await;
    health(s, &green, 88, "green").await;
    health(s, &yellow, 60, "yellow").await;
    for (band, want) in [("red", "Red"), ("yellow", "Yellow"), ("green", "Green")] {
        assert_eq!(
            names(s, filter(json!({ "health_band": band }))).await,
            [want]
        );
    }
    // With other conditions; a customer never scored is in no band.
    assert_eq!(
        names(s, filter(json!({"health_band": "green", "tags": ["b2b"]}))).await,
        ["Green"]
    );
    assert_eq!(
        names(s, filter(json!({"health_band": "yellow", "tags": ["b2b"]}))).await,
        Vec::<String>::new()
    );
    assert_eq!(
        s.count_matching(&filter(json!({"health_band": "red"})), d("2026-03-31"))
            .await
            .unwrap(),
        (1, false)
    );
    // A saved segment's members follow the band, and a new score moves them.
    let seg = s
        .create_segment(
            &manager(),
            &SegmentInput::new("Red health", "", filter(json!({"health_band": "red"}))).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(seg.filter, json!({"health_band": "red"}));
    assert_eq!(members(s, &seg.id).await, std::slice::from_ref(&red));
    sqlx::query("UPDATE customer_health SET score = 40, band = 'red' WHERE customer_id = $1")
        .bind(&yellow)
        .execute(s.pool())
        .await
        .unwrap();
    let mut want = vec![red, yellow];
    want.sort();
    assert_eq!(members(s, &seg.id).await, want);
    // A band that does not exist names the key.
    let errs = Filter::from_json(&json!({"health_band": "amber"}), "filter.").unwrap_err();
    assert_eq!(errs[0].field, "filter.health_band");
}

async fn segments_crud_members_and_audit(s: &Store) {
    let a = customer(s, &[("name", "A"), ("country", "EE")], None).await;
    let b = customer(s, &[("name", "B"), ("country", "EE")], None).await;
    customer(s, &[("name", "C"), ("country", "FI")], None).await;
    let input = SegmentInput::new(
        "Estonia",
        "Everyone in Estonia",
        filter(json!({"country": "EE"})),
    )
    .unwrap();
    let seg = s.create_segment(&manager(), &input).await.unwrap();
    assert_eq!(seg.filter, json!({"country": "EE"}));
    assert_eq!(seg.created_by, "manager-1");
    let mut tx = s.begin().await.unwrap();
    let mut want = vec![a.clone(), b.clone()];
    want.sort();
    assert_eq!(member_ids(&mut tx, &seg.id).await.unwrap(), want);
    assert!(matches!(
        member_ids(&mut tx, "nope").await,
        Err(StoreError::NotFound(Entity::Segment))
    ));
    drop(tx);

    // Same name in other case: refused.
    let again = SegmentInput::new("ESTONIA", "", Filter::default()).unwrap();
    assert!(matches!(
        s.create_segment(&manager(), &again).await,
        Err(StoreError::Refused(Refusal::AlreadyExists { .. }))
    ));

    let changed = SegmentInput::new("Finland", "", filter(json!({"country": "FI"}))).unwrap();
    let after = s.update_segment(&agent(), &seg.id, &changed).await.unwrap();
    assert_eq!(after.name, "Finland");
    assert_eq!(after.updated_by, "agent-1");
    assert_eq!(after.created_by, "manager-1");
    assert_eq!(s.segments_all().await.unwrap().len(), 1);
    s.delete_segment(&manager(), &seg.id).await.unwrap();
    assert!(matches!(
        s.segment(&seg.id).await,
        Err(StoreError::NotFound(Entity::Segment))
    ));
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log WHERE entity = 'segment' ORDER BY seq")
            .fetch_all(s.pool())
            .await
            .unwrap();
    let actions: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(
        actions,
        ["segment.create", "segment.update", "segment.delete"]
    );
}

async fn held_customers_are_not_members(s: &Store) {
    let cu = crate::offboarding::rich_customer(s, "Mari Maasikas").await;
    let other = customer(s, &[("name", "Other")], None).await;
    let plan = carewell_domain::offboarding::notice::Timeline {
        notice_date: d("2026-03-01"),
        service_end: d("2026-05-01"),
        support_end: d("2026-05-01"),
        export_until: d("2026-05-31"),
        deletion_date: d("2026-06-01"),
    };
    let (c, _) = crate::offboarding::through_notice(s, &cu, plan).await;
    s.close_offboarding(&manager(), &c.id, crate::common::at("2026-05-01"))
        .await
        .unwrap();
    let everyone = SegmentInput::new("Everyone", "", Filter::default()).unwrap();
    let seg = s.create_segment(&manager(), &everyone).await.unwrap();
    let mut tx = s.begin().await.unwrap();
    assert_eq!(member_ids(&mut tx, &seg.id).await.unwrap().len(), 2);
    drop(tx);
    s.erase_offboarding(&Actor::system(), &c.id, crate::common::at("2026-06-01"))
        .await
        .unwrap();
    assert_eq!(s.active_holds(&cu).await.unwrap().len(), 1);
    let mut tx = s.begin().await.unwrap();
    assert_eq!(member_ids(&mut tx, &seg.id).await.unwrap(), vec![other]);
}

async fn export_pages_only_members(s: &Store) {
    for i in 0..5 {
        let c = if i % 2 == 0 { "EE" } else { "LV" };
        customer(
            s,
            &[("name", &format!("N{i}")), ("country", c), ("tags", "t")],
            None,
        )
        .await;
    }
    let f = filter(json!({"country": "EE"}));
    let first = s.customers_after_matching(None, 2, Some(&f)).await.unwrap();
    assert_eq!(first.len(), 2);
    assert!(first.iter().all(|c| c.tags == ["t"]));
    let rest = s
        .customers_after_matching(Some(&first[1].id), 2, Some(&f))
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    assert!(rest.iter().all(|c| c.country.as_deref() == Some("EE")));
}

engines!(
    filters_match_the_customer_list,
    health_band_filters,
    segments_crud_members_and_audit,
    held_customers_are_not_members,
    export_pages_only_members,
);
