//! CSV import/export on SQLite and (with `CAREWELL_TEST_PG_URL`) PostgreSQL: all-or-nothing
//! imports reporting every bad row, idempotent re-imports, unknown references refused
//! wholesale, export → import round-trip, the API's 422 problem, and the CLI binary.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell::admin::password;
use carewell::kernel::config::Config;
use carewell::kernel::state::AppState;
use carewell::transfer::export::CustomerCsv;
use carewell::transfer::pipeline::{ImportError, Progress, Source, import};
use carewell_domain::Code;
use carewell_domain::email::Email;
use carewell_domain::import::ImportKind;
use carewell_domain::role::Role;
use carewell_store::import::ImportReport;
use carewell_store::{Actor, Store};
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;

use crate::msg_support::Db;

async fn run(store: &Store, kind: ImportKind, csv: &str) -> Result<ImportReport, ImportError> {
    let src = Source::Bytes(Arc::from(csv.as_bytes()));
    import(
        store,
        kind,
        src,
        &Actor::cli(),
        "test.csv",
        &Progress::hidden(),
    )
    .await
}

const GOOD: &str = "\
external_ref,kind,name,email,phone,language,country,timezone,segment,stage,tags,birthday,consent_email,consent_sms,attr_plan
C1,person,Mari Tamm,mari@example.ee,+372 5123 4567,et,EE,Europe/Tallinn,retail,active,vip;newsletter,1985-04-12,yes,no,gold
C2,person,王伟,wang.wei@example.cn,,zh-CN,CN,Asia/Shanghai,smb,onboarding,,,no,,
C3,organisation,\"Kask, Saar & Partnerid OÜ\",info@kask.ee,,et,EE,,enterprise,at-risk,b2b,,,,silver
";

async fn count(store: &Store, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(store.pool())
        .await
        .unwrap();
    n
}

async fn one_bad_row_imports_nothing(db: Db) {
    let csv = "\
external_ref,name,email,stage
A1,Ann,ann@example.com,active
A2,,bob@example.com,active
A3,Cy,not-an-email,zombie
A4,Dee,dee@example.com,active
A1,Again,again@example.com,active
";
    let Err(ImportError::Rows(errs)) = run(&db.store, ImportKind::Customers, csv).await else {
        panic!("expected row errors");
    };
    let got: Vec<(u64, &str)> = errs.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(
        got,
        vec![(3, "name"), (4, "email"), (4, "stage"), (6, "external_ref")]
    );
    assert_eq!(count(&db.store, "customers").await, 0);
    // Header problems are reported on line 1; empty files are refused.
    let Err(ImportError::Rows(errs)) =
        run(&db.store, ImportKind::Customers, "external_ref,nmae\nA,B\n").await
    else {
        panic!("expected header errors");
    };
    assert!(errs.iter().all(|e| e.line == 1));
    assert!(matches!(
        run(&db.store, ImportKind::Customers, "").await,
        Err(ImportError::File(_))
    ));
    let latin1 = b"external_ref,name\nL1,Caf\xe9\n";
    let src = Source::Bytes(Arc::from(&latin1[..]));
    let r = import(
        &db.store,
        ImportKind::Customers,
        src,
        &Actor::cli(),
        "x.csv",
        &Progress::hidden(),
    )
    .await;
    assert!(matches!(r, Err(ImportError::Rows(e)) if e[0].line == 2 && e[0].code == Code::NotUtf8));
    assert_eq!(count(&db.store, "customers").await, 0);
}
async fn reimport_does_not_duplicate(db: Db) {
    let r = run(&db.store, ImportKind::Customers, GOOD).await.unwrap();
    assert_eq!((r.rows, r.inserted, r.updated), (3, 3, 0));
    let r = run(&db.store, ImportKind::Customers, GOOD).await.unwrap();
    assert_eq!((r.rows, r.inserted, r.updated), (3, 0, 3));
    assert_eq!(count(&db.store, "customers").await, 3);
    assert_eq!(count(&db.store, "customer_tags").await, 3);
    let tx = "external_ref,customer_ref,amount,currency,occurred_at,description\n\
              T1,C1,12.50,EUR,2026-01-02T10:00:00Z,Order 1\n\
              T2,C2,-3,CNY,2026-01-03,Refund\n";
    run(&db.store, ImportKind::Transactions, tx).await.unwrap();
    let r = run(&db.store, ImportKind::Transactions, tx).await.unwrap();
    assert_eq!((r.inserted, r.updated), (0, 2));
    assert_eq!(count(&db.store, "transactions").await, 2);
    // Each import is one audit entry.
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'import.%'")
            .fetch_one(db.store.pool())
            .await
            .unwrap();
    assert_eq!(n, 4);
}
async fn unknown_customers_rejected_wholesale(db: Db) {
    run(&db.store, ImportKind::Customers, GOOD).await.unwrap();
    let mut csv = String::from("external_ref,customer_ref,amount,currency,occurred_at\n");
    for i in 0..1200 {
        let c = if i == 700 || i == 1100 { "NOPE" } else { "C1" };
        csv.push_str(&format!("T{i},{c},1.00,EUR,2026-01-01\n"));
    }
    let Err(ImportError::Rows(errs)) = run(&db.store, ImportKind::Transactions, &csv).await else {
        panic!("expected unknown references");
    };
    let got: Vec<(u64, &str)> = errs.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(got, vec![(702, "customer_ref"), (1102, "customer_ref")]);
    assert_eq!(count(&db.store, "transactions").await, 0);
}
async fn export_import_round_trip(db: Db) {
    run(&db.store, ImportKind::Customers, GOOD).await.unwrap();
    let mut exp = CustomerCsv::start(db.store.clone()).await.unwrap();
    let mut out = Vec::new();
    while let Some(chunk) = exp.next_chunk().await.unwrap() {
        out.extend(chunk);
    }
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("external_ref,kind,name,"), "{text}");
    let other = Db::sqlite().await;
    let r = run(&other.store, ImportKind::Customers, &text)
        .await
        .unwrap();
    assert_eq!(r.inserted, 3);
    let strip = |mut v: Vec<carewell_store::customers::Customer>| {
        v.sort_by(|a, b| a.external_ref.cmp(&b.external_ref));
        v.into_iter()
            .map(|mut c| {
                c.id.clear();
                c.created_at.clear();
                c.updated_at.clear();
                c
            })
            .collect::<Vec<_>>()
    };
    let a = strip(db.store.customers_after(None, 100).await.unwrap());
    let b = strip(other.store.customers_after(None, 100).await.unwrap());
    assert_eq!(a.len(), 3);
    assert_eq!(a, b);
    // And re-importing the export into the source changes nothing.
    let r = run(&db.store, ImportKind::Customers, &text).await.unwrap();
    assert_eq!((r.inserted, r.updated), (0, 3));
    assert_eq!(strip(db.store.customers_after(None, 100).await.unwrap()), a);
}
async fn token(store: &Store, role: Role) -> String {
    let hash = password::hash("test-password-123").unwrap();
    let email = Email::parse(&format!("{role}@example.com")).unwrap();
    let u = store
        .create_user(&Actor::cli(), &email, role.as_str(), role, &hash)
        .await
        .unwrap();
    store
        .create_api_token(&Actor::cli(), &u.id, "t")
        .await
        .unwrap()
}

async fn api_import_reports_every_bad_row(db: Db) {
    let agent = token(&db.store, Role::Agent).await;
    let viewer = token(&db.store, Role::Viewer).await;
    let app = carewell::app::router(AppState::new(db.store.clone(), Config::default()));
    let post = |tok: &str, path: &str, body: &str| {
        Request::post(path)
            .header(header::AUTHORIZATION, format!("Bearer {tok}"))
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let bad = "external_ref,name,email\nB1,Ok,ok@example.com\nB2,,x\nB3,Fine,\nB4,Z,nope\n";
    let res = app
        .clone()
        .oneshot(post(&agent, "/api/v1/imports/customers", bad))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let body: serde_json::Value =
        serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["line 3 name", "line 3 email", "line 5 email"]);
    assert_eq!(count(&db.store, "customers").await, 0);
    let res = app
        .clone()
        .oneshot(post(&viewer, "/api/v1/imports/customers", GOOD))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .clone()
        .oneshot(post(&agent, "/api/v1/imports/customers", GOOD))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value =
        serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["inserted"], 3);
    let res = app
        .clone()
        .oneshot(
            Request::get("/api/v1/exports/customers")
                .header(header::AUTHORIZATION, format!("Bearer {viewer}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(text.contains("王伟"));
}
async fn cli_refuses_bad_file(db: Db) {
    let bin = env!("CARGO_BIN_EXE_carewell");
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, GOOD).unwrap();
    let out = std::process::Command::new(bin)
        .args(["--database", &db.url, "import", "customers"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 inserted"));
    let audit_before = count(&db.store, "audit_log").await;
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "external_ref,name,email\nC1,Changed,changed@example.com\nC9,,x\n",
    )
    .unwrap();
    let out = std::process::Command::new(bin)
        .args(["--database", &db.url, "import", "customers"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3, column name"), "{err}");
    assert!(err.contains("line 3, column email"), "{err}");
    assert_eq!(count(&db.store, "customers").await, 3);
    assert_eq!(count(&db.store, "audit_log").await, audit_before);
    let (name,): (String,) = sqlx::query_as("SELECT name FROM customers WHERE external_ref = 'C1'")
        .fetch_one(db.store.pool())
        .await
        .unwrap();
    assert_eq!(name, "Mari Tamm");
    // Export writes the whole file or none.
    let exported = dir.path().join("out.csv");
    let out = std::process::Command::new(bin)
        .args(["--database", &db.url, "export", "customers"])
        .arg(&exported)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap().lines().count(),
        4
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}
async fn session(store: &Store, role: Role) -> (String, String) {
    let hash = password::hash("test-password-123").unwrap();
    let email = Email::parse(&format!("ui-{role}@example.com")).unwrap();
    let u = store
        .create_user(&Actor::cli(), &email, role.as_str(), role, &hash)
        .await
        .unwrap();
    store.create_session(&u, 1).await.unwrap()
}

fn multipart(kind: &str, csv: &str) -> (String, String) {
    let b = "----carewell-test-boundary";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{b}--\r\n"
    );
    (format!("multipart/form-data; boundary={b}"), body)
}

async fn upload_page(db: Db) {
    let (cookie, csrf) = session(&db.store, Role::Agent).await;
    let (vcookie, _) = session(&db.store, Role::Viewer).await;
    let app = carewell::app::router(AppState::new(db.store.clone(), Config::default()));
    let send = |req: Request<Body>| {
        let app = app.clone();
        async move {
            let res = app.oneshot(req).await.unwrap();
            let status = res.status();
            let body = res.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8_lossy(&body).into_owned())
        }
    };
    for (lang, title) in [
        ("en", "Import and export"),
        ("zh-CN", "导入与导出"),
        ("et", "Import ja eksport"),
    ] {
        let (status, html) = send(
            Request::get("/import")
                .header(header::COOKIE, format!("cw_session={cookie}; lang={lang}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(title), "{lang}: {html}");
        assert!(html.contains(&format!("action=\"/import?csrf={csrf}\"")));
        assert!(html.contains("enctype=\"multipart/form-data\""));
    }
    let (status, _) = send(
        Request::get("/import")
            .header(header::COOKIE, format!("cw_session={vcookie}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let post = |csrf: &str, csv: &str| {
        let (ct, body) = multipart("customers", csv);
        Request::post(format!("/import?csrf={csrf}"))
            .header(header::COOKIE, format!("cw_session={cookie}; lang=en"))
            .header(header::CONTENT_TYPE, ct)
            .body(Body::from(body))
            .unwrap()
    };
    // Without the CSRF token: refused.
    let (status, _) = send(post("wrong", GOOD)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, html) = send(post(
        &csrf,
        "external_ref,name,email\nU1,,x\nU2,<b>Ok</b>,\n",
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"import-problems\""), "{html}");
    assert!(html.contains("2 problems found"), "{html}");
    assert_eq!(count(&db.store, "customers").await, 0);
    let (status, html) = send(post(&csrf, GOOD)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"import-report\""), "{html}");
    assert_eq!(count(&db.store, "customers").await, 3);
    let (status, csv) = send(
        Request::get("/export/customers.csv")
            .header(header::COOKIE, format!("cw_session={vcookie}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains("Mari Tamm"));
}
async fn demo_seeds_once(db: Db) {
    let config = Config {
        database_url: db.url.clone(),
        ..Config::default()
    };
    carewell::demo::seed(config.clone(), 60).await.unwrap();
    let customers = count(&db.store, "customers").await;
    assert_eq!(customers, 60);
    for t in ["transactions", "interactions", "usage_events"] {
        assert!(count(&db.store, t).await > 60, "{t}");
    }
    let (langs,): (i64,) = sqlx::query_as("SELECT COUNT(DISTINCT language) FROM customers")
        .fetch_one(db.store.pool())
        .await
        .unwrap();
    assert_eq!(langs, 3);
    let (unowned,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM customers WHERE owner_id IS NULL")
            .fetch_one(db.store.pool())
            .await
            .unwrap();
    assert_eq!(unowned, 0);
    let tx = count(&db.store, "transactions").await;
    // Running again neither reseeds nor duplicates staff.
    carewell::demo::seed(config, 60).await.unwrap();
    assert_eq!(count(&db.store, "customers").await, 60);
    assert_eq!(count(&db.store, "transactions").await, tx);
    assert_eq!(count(&db.store, "users").await, 7);
    // Deterministic: a second database gets the same people.
    let other = Db::sqlite().await;
    let config = Config {
        database_url: other.url.clone(),
        ..Config::default()
    };
    carewell::demo::seed(config, 60).await.unwrap();
    let names = |s: Store| async move {
        let v: Vec<(String, String)> =
            sqlx::query_as("SELECT external_ref, name FROM customers ORDER BY external_ref")
                .fetch_all(s.pool())
                .await
                .unwrap();
        v
    };
    assert_eq!(
        names(db.store.clone()).await,
        names(other.store.clone()).await
    );
    assert!(db.store.verify_audit().await.unwrap().is_ok());
}

engines!(Db:
    one_bad_row_imports_nothing,
    reimport_does_not_duplicate,
    unknown_customers_rejected_wholesale,
    export_import_round_trip,
    api_import_reports_every_bad_row,
    cli_refuses_bad_file,
    upload_page,
    demo_seeds_once,
);
