//! Customer search on both engines: substrings, Chinese, Estonian, accents, ranking, tags, the
//! capped count, sync on update, import and erasure, and hostile input.

use crate::common::agent;
use carewell_domain::customer::CustomerInput;
use carewell_domain::import::{ImportKind, ImportRow, parse_row};
use carewell_store::customers::CustomerQuery;
use carewell_store::{Engine, Store};

engines!(
    substring_chinese_estonian_accents,
    ranking_exact_prefix_substring,
    tags_and_filters,
    capped_count,
    sync_on_update_and_delete,
    sync_on_import,
    hostile_input,
    backfill_data_step,
    page_statement_is_the_search,
);

fn input(pairs: &[(&str, &str)]) -> CustomerInput {
    CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.iter().copied(),
    )
    .unwrap()
}

async fn add(s: &Store, pairs: &[(&str, &str)]) -> String {
    let mut all = vec![("language", "et")];
    all.extend_from_slice(pairs);
    s.create_customer(&agent(), &input(&all), None)
        .await
        .unwrap()
        .id
}

async fn named(s: &Store, name: &str) -> String {
    add(s, &[("name", name)]).await
}

/// The names found for `q`, best first.
pub(crate) async fn search(s: &Store, q: &str) -> Vec<String> {
    let query = CustomerQuery {
        q: Some(q.into()),
        ..Default::default()
    };
    let page = s.search_customers(&query, 100, 0).await.unwrap();
    page.items.into_iter().map(|c| c.name).collect()
}

/// Whether `q` finds the customer `id`.
pub(crate) async fn finds(s: &Store, q: &str, id: &str) -> bool {
    let query = CustomerQuery {
        q: Some(q.into()),
        ..Default::default()
    };
    let page = s.search_customers(&query, 500, 0).await.unwrap();
    page.items.iter().any(|c| c.id == id)
}

async fn substring_chinese_estonian_accents(s: &Store) {
    for n in [
        "Mari Tammsaare",
        "Tamm",
        "王小明",
        "李小龙",
        "Õunapuu",
        "Ounapuu",
        "José García",
        "Šarlote Žukova",
    ] {
        named(s, n).await;
    }
    // A substring in the middle of a name.
    assert_eq!(search(s, "msaa").await, ["Mari Tammsaare"]);
    assert_eq!(search(s, "ri ta").await, ["Mari Tammsaare"]);
    // "Tamm" finds Tammsaare too (the exact name first).
    assert_eq!(search(s, "Tamm").await, ["Tamm", "Mari Tammsaare"]);
    // Chinese: any 2 or 3 character substring.
    assert_eq!(search(s, "小明").await, ["王小明"]);
    assert_eq!(search(s, "王小").await, ["王小明"]);
    assert_eq!(search(s, "王小明").await, ["王小明"]);
    assert_eq!(search(s, "小龙").await, ["李小龙"]);
    // One character: the start of the name (a Chinese surname), never a scan.
    assert_eq!(search(s, "王").await, ["王小明"]);
    assert!(search(s, "小").await.is_empty());
    assert!(search(s, "明王").await.is_empty());
    // Estonian letters as typed, case folded; without the letter, both.
    assert_eq!(search(s, "õuna").await, ["Õunapuu"]);
    assert_eq!(search(s, "ÕUNA").await, ["Õunapuu"]);
    assert_eq!(search(s, "õunapuu").await, ["Õunapuu"]);
    let mut o = search(s, "ouna").await;
    o.sort();
    assert_eq!(o, ["Ounapuu", "Õunapuu"]);
    assert_eq!(search(s, "žuk").await, ["Šarlote Žukova"]);
    assert_eq!(search(s, "zuk").await, ["Šarlote Žukova"]);
    assert!(search(s, "šuk").await.is_empty());
    // Other accents folded both ways.
    assert_eq!(search(s, "jose").await, ["José García"]);
    assert_eq!(search(s, "JOSÉ GARC").await, ["José García"]);
    assert_eq!(search(s, "garcía").await, ["José García"]);
    // Two letters: the start of a word.
    assert_eq!(search(s, "ga").await, ["José García"]);
}

async fn ranking_exact_prefix_substring(s: &Store) {
    // Inside a word.
    named(s, "Ann Mäekask").await;
    // A word starts with it (not the name).
    named(s, "Mari Kask").await;
    // The name starts with it.
    named(s, "Kaskla Oü").await;
    // The name is it.
    named(s, "Kask").await;
    // A name without it; the e-mail's local part starts with it.
    add(s, &[("name", "Zed"), ("email", "kask@example.com")]).await;
    // Exact phone and reference.
    add(
        s,
        &[
            ("name", "Yann"),
            ("phone", "+372 5123 4567"),
            ("external_ref", "K-77"),
        ],
    )
    .await;
    assert_eq!(
        search(s, "kask").await,
        ["Kask", "Kaskla Oü", "Mari Kask", "Zed", "Ann Mäekask"],
        "exact name, name prefix, word start (by name), substring"
    );
    assert_eq!(search(s, "kask@example.com").await, ["Zed"]);
    assert_eq!(search(s, "KASK@EXAMPLE.COM").await, ["Zed"]);
    // Exact e-mail ranks before a name that contains it.
    named(s, "kask@example.com fan club").await;
    assert_eq!(
        search(s, "kask@example.com").await,
        ["Zed", "kask@example.com fan club"]
    );
    // Phone: exact on its digits however it is written, and substrings of it.
    assert_eq!(search(s, "+372 5123 4567").await, ["Yann"]);
    assert_eq!(search(s, "37251234567").await, ["Yann"]);
    assert_eq!(search(s, "5123 4567").await, ["Yann"]);
    assert_eq!(search(s, "k-77").await, ["Yann"]);
    assert_eq!(search(s, "5123-45").await, ["Yann"]);
    // A query that looks like a phone number still finds a reference with those digits.
    add(s, &[("name", "Xu"), ("external_ref", "INV-2024-0117")]).await;
    assert_eq!(search(s, "2024-0117").await, ["Xu"]);
    assert_eq!(search(s, "inv-2024").await, ["Xu"]);
}

async fn tags_and_filters(s: &Store) {
    add(s, &[("name", "Alpha"), ("tags", "gold-partner;b2b")]).await;
    add(
        s,
        &[("name", "Beta"), ("tags", "b2b"), ("segment", "retail")],
    )
    .await;
    assert_eq!(search(s, "partner").await, ["Alpha"]);
    assert_eq!(search(s, "gold").await, ["Alpha"]);
    let mut b = search(s, "b2b").await;
    b.sort();
    assert_eq!(b, ["Alpha", "Beta"]);
    let q = CustomerQuery {
        q: Some("b2b".into()),
        segment: Some("retail".into()),
        ..Default::default()
    };
    let page = s.search_customers(&q, 10, 0).await.unwrap();
    assert_eq!((page.total, page.capped), (1, false));
    assert_eq!(page.items[0].name, "Beta");
}

/// The secondary indexes and triggers of the tables a customer import writes.
async fn secondary_indexes(s: &Store) -> Vec<String> {
    let sql = match s.engine() {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') \
             AND tbl_name IN ('customers', 'customer_tags', 'customer_search') \
             AND sql IS NOT NULL ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() \
             AND tablename IN ('customers', 'customer_tags', 'customer_search') ORDER BY indexname"
        }
    };
    let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(s.pool()).await.unwrap();
    let names: Vec<String> = rows.into_iter().map(|r| r.0).collect();
    assert!(
        names.iter().any(|n| n == "customer_search_name"),
        "{names:?}"
    );
    names
}

async fn capped_count(s: &Store) {
    // 1,005 matches through the import path (fast), 3 of them in segment "x".
    let header = ["external_ref", "name", "segment"];
    let mut errs = Vec::new();
    let rows: Vec<(u64, ImportRow)> = (0..1005)
        .map(|i| {
            let r = format!("R{i}");
            let n = format!("Kuusk {i:04}");
            let seg = if i % 400 == 7 { "x" } else { "y" };
            let row = parse_row(
                ImportKind::Customers,
                &header,
                &[r.as_str(), n.as_str(), seg],
                i + 2,
                &mut errs,
            )
            .unwrap();
            (i + 2, row)
        })
        .collect();
    // Announced as a large first load: the bulk mode sets the secondary indexes and the FTS
    // triggers aside and rebuilds them before the commit.
    let before = secondary_indexes(s).await;
    let mut imp = s
        .begin_import(ImportKind::Customers, 1_000_000)
        .await
        .unwrap();
    for chunk in rows.chunks(500) {
        imp.write(chunk).await.unwrap();
    }
    imp.finish(&agent(), "k.csv").await.unwrap().unwrap();
    assert_eq!(secondary_indexes(s).await, before);
    named(s, "Someone Else").await;
    let q = |q: &str, seg: Option<&str>| CustomerQuery {
        q: Some(q.into()),
        segment: seg.map(str::to_string),
        ..Default::default()
    };
    let page = s.search_customers(&q("kuusk", None), 50, 0).await.unwrap();
    assert_eq!((page.total, page.capped), (1000, true));
    assert_eq!(page.items.len(), 50);
    // Name order within the same rank.
    assert_eq!(page.items[0].name, "Kuusk 0000");
    // One character: names starting with it, counted to the cap too.
    let page = s.search_customers(&q("K", None), 50, 0).await.unwrap();
    assert_eq!((page.total, page.capped), (1000, true));
    let page = s.search_customers(&q("s", None), 50, 0).await.unwrap();
    assert_eq!((page.total, page.capped), (1, false));
    let page = s.search_customers(&q("uusk", None), 50, 0).await.unwrap();
    assert_eq!((page.total, page.capped), (1000, true));
    // Filters count inside the cap: exact again.
    let page = s
        .search_customers(&q("uusk", Some("x")), 50, 0)
        .await
        .unwrap();
    assert_eq!((page.total, page.capped), (3, false));
    // The unfiltered list is capped the same way.
    let page = s
        .search_customers(&CustomerQuery::default(), 10, 0)
        .await
        .unwrap();
    assert_eq!((page.total, page.capped), (1000, true));
    // An exact match still comes first among 1,000+.
    let page = s.search_customers(&q("r1004", None), 5, 0).await.unwrap();
    assert_eq!(page.items[0].name, "Kuusk 1004");
}

async fn sync_on_update_and_delete(s: &Store) {
    let id = add(
        s,
        &[
            ("name", "Kalle Kuusk"),
            ("email", "kalle@example.com"),
            ("tags", "vip"),
        ],
    )
    .await;
    assert!(finds(s, "kuusk", &id).await);
    assert!(finds(s, "vip", &id).await);
    s.update_customer(
        &agent(),
        &id,
        &input(&[
            ("name", "Kalle Mänd"),
            ("language", "et"),
            ("email", "mand@example.com"),
        ]),
        None,
    )
    .await
    .unwrap();
    assert!(!finds(s, "kuusk", &id).await);
    assert!(!finds(s, "kalle@example.com", &id).await);
    assert!(!finds(s, "vip", &id).await);
    assert!(finds(s, "mänd", &id).await);
    assert!(finds(s, "mand@ex", &id).await);
    s.delete_customer(&agent(), &id).await.unwrap();
    assert!(search(s, "mänd").await.is_empty());
}

async fn sync_on_import(s: &Store) {
    let header = ["external_ref", "name", "email", "tags"];
    let file = |rows: &[[&str; 4]]| -> Vec<(u64, ImportRow)> {
        let mut errs = Vec::new();
        rows.iter()
            .enumerate()
            .map(|(i, r)| {
                let line = i as u64 + 2;
                let row = parse_row(ImportKind::Customers, &header, r, line, &mut errs).unwrap();
                (line, row)
            })
            .collect()
    };
    let mut imp = s.begin_import(ImportKind::Customers, 0).await.unwrap();
    imp.write(&file(&[
        ["I1", "Liis Lepik", "liis@example.com", "wholesale"],
        ["I2", "张伟", "", ""],
    ]))
    .await
    .unwrap();
    imp.finish(&agent(), "a.csv").await.unwrap().unwrap();
    assert_eq!(search(s, "lepik").await, ["Liis Lepik"]);
    assert_eq!(search(s, "wholesale").await, ["Liis Lepik"]);
    assert_eq!(search(s, "张伟").await, ["张伟"]);
    assert_eq!(search(s, "i1").await, ["Liis Lepik"]);
    // A re-import updates the row: the old name and tag no longer find it.
    let mut imp = s.begin_import(ImportKind::Customers, 0).await.unwrap();
    imp.write(&file(&[["I1", "Liis Kask", "liis@example.com", "retail"]]))
        .await
        .unwrap();
    imp.finish(&agent(), "b.csv").await.unwrap().unwrap();
    assert!(search(s, "lepik").await.is_empty());
    assert!(search(s, "wholesale").await.is_empty());
    assert_eq!(search(s, "liis kask").await, ["Liis Kask"]);
    // A refused import leaves the index as it was.
    let mut imp = s.begin_import(ImportKind::Transactions, 0).await.unwrap();
    let th = [
        "external_ref",
        "customer_ref",
        "amount",
        "currency",
        "occurred_at",
    ];
    let mut errs = Vec::new();
    let t = parse_row(
        ImportKind::Transactions,
        &th,
        &["T1", "NOPE", "1.00", "EUR", "2026-01-01T00:00:00Z"],
        2,
        &mut errs,
    )
    .unwrap();
    imp.write(&[(2, t)]).await.unwrap();
    assert!(imp.finish(&agent(), "t.csv").await.unwrap().is_err());
    assert_eq!(search(s, "liis").await, ["Liis Kask"]);
}

async fn hostile_input(s: &Store) {
    named(s, "Percy 100%_\"Quoted\" Near(x) *star* OR").await;
    let long = "ä".repeat(10_000);
    let nul = "per\0cy";
    for q in [
        "%",
        "_",
        "\\",
        "\"",
        "\"\"",
        "'",
        "''",
        "NEAR(",
        "NEAR(a b)",
        "*",
        "a*",
        "OR",
        "AND",
        "NOT",
        "a OR b",
        "col:val",
        "^x",
        "{x}",
        "\0",
        nul,
        long.as_str(),
        "\u{3}\u{1}",
        "%%%",
        "100%_",
        "\"quoted\"",
        "near(x)",
        "*star*",
        "😀",
        "a\u{300}",
    ] {
        let query = CustomerQuery {
            q: Some(q.into()),
            ..Default::default()
        };
        s.search_customers(&query, 50, 0)
            .await
            .unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
    // Quoted and escaped: the characters are searched literally.
    for q in [
        "100%_",
        "\"quoted\"",
        "near(x)",
        "*star*",
        "0%_\"",
        "per\0cy",
    ] {
        assert_eq!(
            search(s, q).await,
            ["Percy 100%_\"Quoted\" Near(x) *star* OR"],
            "{q:?}"
        );
    }
    assert!(search(s, "100%x").await.is_empty());
    assert!(search(s, "1_0").await.is_empty());
}

/// Migration 0013's data step indexes the customers stored before it (replayed here: the index
/// emptied and the step marked undone).
async fn backfill_data_step(s: &Store) {
    add(s, &[("name", "Vana Klient"), ("tags", "legacy")]).await;
    named(s, "老客户").await;
    sqlx::query("DELETE FROM customer_search")
        .execute(s.pool())
        .await
        .unwrap();
    sqlx::query("DELETE FROM data_steps WHERE name = '0013-customer-search'")
        .execute(s.pool())
        .await
        .unwrap();
    assert!(search(s, "klient").await.is_empty());
    s.run_data_steps().await.unwrap();
    assert_eq!(search(s, "klient").await, ["Vana Klient"]);
    assert_eq!(search(s, "legacy").await, ["Vana Klient"]);
    assert_eq!(search(s, "客户").await, ["老客户"]);
}

/// The statement `page_statement` renders (the load benchmark's floor) finds what the search
/// finds, in the same order.
async fn page_statement_is_the_search(s: &Store) {
    use sqlx::Row;
    for name in ["Mari Tamm", "Tamm OÜ", "Kask Tammik", "Jaan Kask", "王小明"] {
        named(s, name).await;
    }
    for q in ["tamm", "ta", "王", "小明", "O'Brien"] {
        let sql = carewell_store::search::query::page_statement(s.engine(), q, 50).unwrap();
        let rows = sqlx::query(&sql).fetch_all(s.pool()).await.unwrap();
        let names: Vec<String> = rows
            .iter()
            .map(|r| r.try_get::<String, _>("name").unwrap())
            .collect();
        assert_eq!(names, search(s, q).await, "{q}");
    }
}
