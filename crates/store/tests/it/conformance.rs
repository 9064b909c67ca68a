//! The storage conformance suite: every scenario runs on SQLite and on PostgreSQL.

use carewell_domain::customer::{CustomerInput, LifecycleStage};
use carewell_domain::email::Email;
use carewell_domain::error::{Entity, Refusal};
use carewell_domain::import::{ImportKind, ImportRow, parse_row};
use carewell_domain::interaction::InteractionKind;
use carewell_domain::money::{Currency, Money};
use carewell_domain::role::Role;
use carewell_store::Clearance;
use carewell_store::customers::CustomerQuery;
use carewell_store::{Actor, Store, StoreError};

fn actor() -> Actor {
    Actor {
        id: "u".into(),
        label: "tester@example.com".into(),
    }
}

fn customer(ext: &str, name: &str, stage: &str, tags: &str) -> CustomerInput {
    let pairs = [
        ("external_ref", ext),
        ("name", name),
        ("stage", stage),
        ("tags", tags),
        ("language", "et"),
        ("consent_email", "yes"),
    ];
    CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap()
}

async fn users_sessions_tokens(s: &Store) {
    let email = Email::parse("ann@example.com").unwrap();
    let u = s
        .create_user(&Actor::cli(), &email, "Ann", Role::Agent, "hash")
        .await
        .unwrap();
    assert!(matches!(
        s.create_user(&Actor::cli(), &email, "Ann", Role::Agent, "hash")
            .await,
        Err(StoreError::Refused(Refusal::AlreadyExists {
            what: Entity::User,
            ..
        }))
    ));
    let (found, hash) = s.user_for_login("ANN@example.com").await.unwrap().unwrap();
    assert_eq!((found.id.as_str(), hash.as_str()), (u.id.as_str(), "hash"));
    let (secret, csrf) = s.create_session(&u, 1).await.unwrap();
    let (su, scsrf) = s.session_user(&secret).await.unwrap().unwrap();
    assert_eq!((su.id, scsrf), (u.id.clone(), csrf));
    assert!(s.session_user("nope").await.unwrap().is_none());
    s.delete_session(&secret).await.unwrap();
    assert!(s.session_user(&secret).await.unwrap().is_none());
    let token = s
        .create_api_token(&Actor::cli(), &u.id, "ci")
        .await
        .unwrap();
    assert_eq!(
        s.token_user(&token).await.unwrap().map(|u| u.role),
        Some(Role::Agent)
    );
    // The use is noted, once a minute: a second use at once leaves it as it was.
    let used = s.api_tokens(&u.id).await.unwrap()[0].last_used_at.clone();
    assert!(used.is_some());
    assert!(s.token_user(&token).await.unwrap().is_some());
    assert_eq!(s.api_tokens(&u.id).await.unwrap()[0].last_used_at, used);
    assert!(s.token_user("cw_wrong").await.unwrap().is_none());
}

async fn customers_crud_and_search(s: &Store) {
    let a = s
        .create_customer(
            &actor(),
            &customer("A1", "Alice Tamm", "active", "vip;b2c"),
            None,
        )
        .await
        .unwrap();
    s.create_customer(
        &actor(),
        &customer("B1", "Bob 100%_Kask", "at-risk", "b2c"),
        None,
    )
    .await
    .unwrap();
    s.create_customer(&actor(), &customer("C1", "李雷", "active", ""), None)
        .await
        .unwrap();
    assert!(matches!(
        s.create_customer(&actor(), &customer("A1", "Dup", "active", ""), None)
            .await,
        Err(StoreError::Refused(Refusal::AlreadyExists {
            what: Entity::Customer,
            key,
        })) if key == "A1"
    ));
    let got = s.customer(&a.id).await.unwrap();
    assert_eq!(got.tags, vec!["b2c", "vip"]);
    assert_eq!(got.language, "et");

    let q = |q: CustomerQuery| async move { s.search_customers(&q, 50, 0).await.unwrap() };
    assert_eq!(
        q(CustomerQuery {
            q: Some("alice".into()),
            ..Default::default()
        })
        .await
        .total,
        1
    );
    assert_eq!(
        q(CustomerQuery {
            q: Some("100%_".into()),
            ..Default::default()
        })
        .await
        .total,
        1
    );
    assert_eq!(
        q(CustomerQuery {
            // A wildcard character of LIKE and GLOB, taken literally.
            q: Some("00%".into()),
            ..Default::default()
        })
        .await
        .total,
        1
    );
    assert_eq!(
        q(CustomerQuery {
            q: Some("李".into()),
            ..Default::default()
        })
        .await
        .total,
        1
    );
    assert_eq!(
        q(CustomerQuery {
            tag: Some("b2c".into()),
            ..Default::default()
        })
        .await
        .total,
        2
    );
    assert_eq!(
        q(CustomerQuery {
            stage: Some(LifecycleStage::AtRisk),
            ..Default::default()
        })
        .await
        .total,
        1
    );
    let page = s
        .search_customers(&CustomerQuery::default(), 2, 2)
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len()), (3, 1));

    let mut edit = customer("A1", "Alice Tamm-Kask", "leaving", "vip");
    edit.segment = Some("gold".into());
    let after = s
        .update_customer(&actor(), &a.id, &edit, None)
        .await
        .unwrap();
    assert_eq!(
        (after.name.as_str(), after.tags.clone()),
        ("Alice Tamm-Kask", vec!["vip".to_string()])
    );
    assert_eq!(s.segments().await.unwrap(), vec!["gold"]);
    s.delete_customer(&actor(), &a.id).await.unwrap();
    assert!(matches!(
        s.customer(&a.id).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn timeline_merges_facts(s: &Store) {
    let c = s
        .create_customer(&actor(), &customer("T1", "Timeline", "active", ""), None)
        .await
        .unwrap();
    let eur = Currency::parse("EUR").unwrap();
    s.add_transaction(
        &actor(),
        &c.id,
        &carewell_store::activity::NewTransaction {
            external_ref: None,
            amount: Money {
                minor: 1999,
                currency: eur,
            },
            occurred_at: "2026-01-02T10:00:00.000000Z".into(),
            description: Some("Plan".into()),
        },
    )
    .await
    .unwrap();
    s.add_interaction(
        &actor(),
        &c.id,
        &carewell_store::interactions::NewInteraction {
            external_ref: None,
            kind: InteractionKind::Call,
            occurred_at: "2026-01-03T10:00:00.000000Z".into(),
            user_id: None,
            summary: "<script>alert(1)</script> asked about invoice".into(),
            sentiment: None,
        },
    )
    .await
    .unwrap();
    s.add_usage(&actor(), &c.id, "login", 1.0, "2026-01-01T00:00:00.000000Z")
        .await
        .unwrap();
    let t = s.timeline(Clearance::SYSTEM, &c.id, 10, 0).await.unwrap();
    let kinds: Vec<&str> = t.iter().map(|i| i.kind.as_str()).collect();
    assert_eq!(kinds, vec!["interaction", "transaction", "usage"]);
    assert_eq!(t[1].amount_minor, Some(1999));
    assert!(matches!(
        s.add_interaction(
            &actor(),
            "missing",
            &carewell_store::interactions::NewInteraction {
                external_ref: None,
                kind: InteractionKind::Call,
                occurred_at: "2026-01-03T10:00:00.000000Z".into(),
                user_id: None,
                summary: "x".into(),
                sentiment: None,
            },
        )
        .await,
        Err(StoreError::NotFound(_))
    ));
}

async fn import_all_or_nothing(s: &Store) {
    let header = ["external_ref", "name", "tags"];
    let rows = |names: &[(&'static str, &'static str)]| {
        let mut errs = Vec::new();
        let v: Vec<(u64, ImportRow)> = names
            .iter()
            .enumerate()
            .map(|(i, (r, n))| {
                (
                    i as u64 + 2,
                    parse_row(
                        ImportKind::Customers,
                        &header,
                        &[r, n, "x;y"],
                        i as u64 + 2,
                        &mut errs,
                    )
                    .unwrap(),
                )
            })
            .collect();
        v
    };
    let mut imp = s.begin_import(ImportKind::Customers, 0).await.unwrap();
    imp.write(&rows(&[("I1", "One"), ("I2", "Two")]))
        .await
        .unwrap();
    let r = imp.finish(&actor(), "a.csv").await.unwrap().unwrap();
    assert_eq!((r.rows, r.inserted, r.updated), (2, 2, 0));
    // Re-import: no duplicates.
    let mut imp = s.begin_import(ImportKind::Customers, 0).await.unwrap();
    imp.write(&rows(&[("I1", "One again"), ("I2", "Two")]))
        .await
        .unwrap();
    let r = imp.finish(&actor(), "a.csv").await.unwrap().unwrap();
    assert_eq!((r.rows, r.inserted, r.updated), (2, 0, 2));
    let all = s
        .search_customers(
            &CustomerQuery {
                tag: Some("y".into()),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(all.total, 2);

    // Transactions referring to an unknown customer: nothing lands.
    let th = [
        "external_ref",
        "customer_ref",
        "amount",
        "currency",
        "occurred_at",
    ];
    let mut errs = Vec::new();
    let batch: Vec<(u64, ImportRow)> = [("X1", "I1"), ("X2", "NOPE")]
        .iter()
        .enumerate()
        .map(|(i, (r, c))| {
            (
                i as u64 + 2,
                parse_row(
                    ImportKind::Transactions,
                    &th,
                    &[r, c, "1.00", "EUR", "2026-01-01"],
                    2,
                    &mut errs,
                )
                .unwrap(),
            )
        })
        .collect();
    let mut imp = s.begin_import(ImportKind::Transactions, 0).await.unwrap();
    imp.write(&batch).await.unwrap();
    let bad = imp.finish(&actor(), "t.csv").await.unwrap().unwrap_err();
    assert_eq!(
        (bad.len(), bad[0].line, bad[0].column.as_str()),
        (1, 3, "customer_ref")
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM transactions")
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
}

async fn audit_chain_detects_tampering(s: &Store) {
    s.create_customer(&actor(), &customer("AU1", "Audited", "active", ""), None)
        .await
        .unwrap();
    s.create_customer(&actor(), &customer("AU2", "Audited 2", "active", ""), None)
        .await
        .unwrap();
    let n = s.verify_audit().await.unwrap().unwrap();
    assert!(n >= 2);
    // The database itself refuses edits.
    assert!(
        sqlx::query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
            .execute(s.pool())
            .await
            .is_err()
    );
    // Someone with raw access drops the guard and edits a row: verification finds it.
    match s.engine() {
        carewell_store::Engine::Sqlite => {
            sqlx::query("DROP TRIGGER audit_no_update")
                .execute(s.pool())
                .await
                .unwrap();
        }
        carewell_store::Engine::Postgres => {
            sqlx::query("DROP TRIGGER audit_no_change ON audit_log")
                .execute(s.pool())
                .await
                .unwrap();
        }
    }
    sqlx::query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
        .execute(s.pool())
        .await
        .unwrap();
    let broken = s.verify_audit().await.unwrap().unwrap_err();
    assert_eq!(broken.seq, 2);
}

/// Raw access past the store: one column of one audit entry.
async fn set_audit(s: &Store, seq: i64, col: &str, v: String) -> Result<(), sqlx::Error> {
    sqlx::query(&format!("UPDATE audit_log SET {col} = $1 WHERE seq = $2"))
        .bind(v)
        .bind(seq)
        .execute(s.pool())
        .await
        .map(|_| ())
}

async fn audit_redaction_keeps_tamper_evidence(s: &Store) {
    for (e, n) in [
        ("RD1", "Redact Me"),
        ("RD2", "Keep Me"),
        ("RD3", "Also Kept"),
    ] {
        s.create_customer(&actor(), &customer(e, n, "active", ""), None)
            .await
            .unwrap();
    }
    // Payloads are erased in the caller's transaction; the digests stay.
    let mut tx = s.begin().await.unwrap();
    let n = carewell_store::audit::redact(&mut tx, &actor(), &[1, 1], "test erasure", "cert-1")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(n, 1);
    // Twice is a no-op, recorded nowhere.
    let mut tx = s.begin().await.unwrap();
    let again = carewell_store::audit::redact(&mut tx, &actor(), &[1], "again", "cert-2")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(again, 0);
    assert_eq!(s.verify_audit().await.unwrap(), Ok(4));
    let page = carewell_store::audit::list(s, &Default::default(), 10, 0)
        .await
        .unwrap();
    let first = page.items.iter().find(|e| e.content.seq == 1).unwrap();
    assert_eq!(first.content.before, carewell_domain::audit::REDACTED);
    assert_eq!(first.content.after, carewell_domain::audit::REDACTED);
    assert_eq!(first.redaction.as_ref().unwrap().reason, "test erasure");
    let record = &page.items[0];
    assert_eq!(
        (
            record.content.action.as_str(),
            record.content.entity_id.as_str()
        ),
        ("audit.redact", "cert-1")
    );
    assert!(!record.content.after.contains("Redact Me"));
    let raw: Vec<(String,)> = sqlx::query_as("SELECT before_json || after_json FROM audit_log")
        .fetch_all(s.pool())
        .await
        .unwrap();
    assert!(raw.iter().all(|(t,)| !t.contains("Redact Me")));
    assert!(raw.iter().any(|(t,)| t.contains("Keep Me")));
    // Only a redaction gets past the database's guard.
    assert!(
        sqlx::query("UPDATE audit_log SET before_sha256 = after_sha256 WHERE seq = 1")
            .execute(s.pool())
            .await
            .is_err()
    );
    match s.engine() {
        carewell_store::Engine::Sqlite => sqlx::query("DROP TRIGGER audit_no_update"),
        carewell_store::Engine::Postgres => {
            sqlx::query("DROP TRIGGER audit_no_change ON audit_log")
        }
    }
    .execute(s.pool())
    .await
    .unwrap();
    // A redacted entry's digest changed: detected; restored, the chain verifies again.
    let (d,): (String,) = sqlx::query_as("SELECT after_sha256 FROM audit_log WHERE seq = 1")
        .fetch_one(s.pool())
        .await
        .unwrap();
    set_audit(s, 1, "after_sha256", carewell_domain::audit::digest("{}"))
        .await
        .unwrap();
    assert_eq!(s.verify_audit().await.unwrap().unwrap_err().seq, 1);
    set_audit(s, 1, "after_sha256", d).await.unwrap();
    assert_eq!(s.verify_audit().await.unwrap(), Ok(4));
    // A non-redacted payload changed: detected, even with its stored digest changed too.
    set_audit(s, 2, "after_json", "{}".into()).await.unwrap();
    assert_eq!(s.verify_audit().await.unwrap().unwrap_err().seq, 2);
    set_audit(s, 2, "after_sha256", carewell_domain::audit::digest("{}"))
        .await
        .unwrap();
    assert_eq!(s.verify_audit().await.unwrap().unwrap_err().seq, 2);
}

engines!(
    users_sessions_tokens,
    customers_crud_and_search,
    timeline_merges_facts,
    import_all_or_nothing,
    audit_chain_detects_tampering,
    audit_redaction_keeps_tamper_evidence
);
