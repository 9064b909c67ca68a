//! The offboarding rules page (/offboarding/settings), in process, on SQLite and on PostgreSQL
//! (when CAREWELL_TEST_PG_URL is set): everyone reads the notice and retention rules; admins
//! change and remove notice rules, compliance and admins set retention rules (as the API);
//! CSRF; readable refusals keeping what was typed; every change through the store, audited;
//! the page in en/zh-CN/et, linked from the case list.

use crate::support;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use support::{Res, TestApp};

async fn audited(app: &TestApp, action: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    n
}

/// A form's fields.
type Fields<'a> = &'a [(&'a str, &'a str)];

/// `path` refuses `fields` (403) from each of `others`, and from `allowed` without the CSRF token.
async fn refused_to_others(
    app: &TestApp,
    path: &str,
    fields: Fields<'_>,
    others: &[Role],
    allowed: Role,
) {
    for role in others {
        let s = app.form(*role, path, fields).await.status;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role}");
    }
    let s = app.form_without_csrf(allowed, path, fields).await.status;
    assert_eq!(s, StatusCode::FORBIDDEN, "CSRF required");
}

const PAGE: &str = "/offboarding/settings";
const NOTICE: &str = "/offboarding/settings/notice";
const DELETE: &str = "/offboarding/settings/notice/delete";
const RETENTION: &str = "/offboarding/settings/retention";

async fn read_by_everyone_forms_by_role(app: TestApp) {
    let list = app.page(Role::Viewer, "/offboarding", "en").await.body;
    assert!(
        list.contains(r#"href="/offboarding/settings""#),
        "linked from the list"
    );
    for role in Role::ALL {
        let Res {
            status: s, body, ..
        } = app.page(role, PAGE, "en").await;
        assert_eq!(s, StatusCode::OK, "{role}");
        assert!(body.contains("Notice and retention rules"), "{role}");
        // The seeded rules: PSD2 two months for EU payment accounts, AML five years.
        assert!(body.contains("Payment Services Directive") && body.contains("2 months"));
        assert!(body.contains("Directive (EU) 2015/849") && body.contains("about 5 years"));
        assert_eq!(
            body.contains(r#"id="notice-form""#),
            role == Role::Admin,
            "{role}: notice form for admins only"
        );
        assert_eq!(
            body.contains(r#"id="retention-form""#),
            matches!(role, Role::Admin | Role::Compliance),
            "{role}: retention form for compliance and admins"
        );
    }
    let zh = app.page(Role::Viewer, PAGE, "zh-CN").await.body;
    assert!(zh.contains("通知期与保留规则"));
    assert!(zh.contains("保留规则") && zh.contains("法律依据"));
    let et = app.page(Role::Viewer, PAGE, "et").await.body;
    assert!(et.contains("Etteteatamise ja säilitamise reeglid") && et.contains("Õiguslik alus"));
}

async fn notice_rules_by_admins(app: TestApp) {
    let rule = [
        ("jurisdiction", "ee"),
        ("contract_type", "Payment Account"),
        ("min_months", "3"),
        ("min_days", ""),
        (
            "basis",
            "Estonian Payment Institutions Act § 57 (house reading)",
        ),
    ];
    // Roles (as PUT /api/v1/offboarding/notice-rules) and CSRF.
    refused_to_others(
        &app,
        NOTICE,
        &rule,
        &[Role::Manager, Role::Compliance, Role::Agent, Role::Viewer],
        Role::Admin,
    )
    .await;

    // Refused readably, the typed values kept, nothing stored.
    let before = app.store.notice_rules().await.unwrap();
    let Res {
        status: s, body, ..
    } = app
        .form(
            Role::Admin,
            NOTICE,
            &[
                ("jurisdiction", "Estonia"),
                ("contract_type", "default"),
                ("min_months", "0"),
                ("min_days", "ten"),
                ("basis", "Typed <basis>"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains(r#"id="settings-error""#));
    assert!(
        body.contains("Days: “ten” is not a whole number."),
        "{body}"
    );
    assert!(body.contains(r#"value="Estonia""#) && body.contains(r#"value="ten""#));
    assert!(!body.contains("Typed <basis>"), "escaped");
    let Res {
        status: s, body, ..
    } = app
        .form(
            Role::Admin,
            NOTICE,
            &[
                ("jurisdiction", "Estonia"),
                ("min_days", "30"),
                ("basis", "House policy"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains(
            "Jurisdiction: &#39;Estonia&#39; is not a two-letter country code, EU or default"
        ),
        "{body}"
    );
    let Res {
        status: s, body, ..
    } = app
        .form(
            Role::Admin,
            NOTICE,
            &[("jurisdiction", "EE"), ("min_days", "30"), ("basis", " ")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Basis: is required"), "{body}");
    assert_eq!(app.store.notice_rules().await.unwrap(), before);
    assert_eq!(audited(&app, "offboarding.notice-rule").await, 0);

    // Added (normalised), shown, audited.
    let s = app.form(Role::Admin, NOTICE, &rule).await.status;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let rules = app.store.notice_rules().await.unwrap();
    let ee = rules
        .iter()
        .find(|r| r.jurisdiction == "EE" && r.contract_type == "payment-account")
        .expect("stored");
    assert_eq!((ee.min_months, ee.min_days), (3, 0));
    let body = app
        .page(Role::Viewer, &format!("{PAGE}?saved=1"), "en")
        .await
        .body;
    assert!(body.contains("Rules saved.") && body.contains(r#"data-rule="EE/payment-account""#));
    assert!(body.contains("Estonian Payment Institutions Act"));
    // Changed in place (same key).
    let s = app
        .form(
            Role::Admin,
            NOTICE,
            &[
                ("jurisdiction", "EE"),
                ("contract_type", "payment-account"),
                ("min_months", "2"),
                ("min_days", "15"),
                ("basis", "Estonian Payment Institutions Act § 57"),
            ],
        )
        .await
        .status;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let rules = app.store.notice_rules().await.unwrap();
    assert_eq!(rules.len(), before.len() + 1);
    let body = app.page(Role::Viewer, PAGE, "en").await.body;
    assert!(body.contains("2 months and 15 days"));
    assert_eq!(audited(&app, "offboarding.notice-rule").await, 2);

    // Removed; the default × default rule cannot be.
    let key = [("jurisdiction", "EE"), ("contract_type", "payment-account")];
    let s = app.form(Role::Manager, DELETE, &key).await.status;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let s = app.form(Role::Admin, DELETE, &key).await.status;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(app.store.notice_rules().await.unwrap(), before);
    let Res {
        status: s, body, ..
    } = app.form(Role::Admin, DELETE, &key).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("That rule no longer exists."));
    let Res {
        status: s, body, ..
    } = app
        .form(
            Role::Admin,
            DELETE,
            &[("jurisdiction", "default"), ("contract_type", "default")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("can be changed but not removed"), "{body}");
    assert_eq!(audited(&app, "offboarding.notice-rule-delete").await, 1);
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}

async fn retention_rules_by_compliance(app: TestApp) {
    let rule = [
        ("category", "Tax Records"),
        ("table_transactions", "on"),
        ("table_ledger_entries", "on"),
        ("keep_days", "2557"),
        ("legal_basis", "Estonian Accounting Act § 12: seven years"),
    ];
    refused_to_others(
        &app,
        RETENTION,
        &rule,
        &[Role::Manager, Role::Agent, Role::Viewer],
        Role::Compliance,
    )
    .await;

    let before = app.store.retention_rules().await.unwrap();
    // Refused readably, what was typed kept; nothing stored.
    let refusals: [(Fields, &[&str]); 3] = [
        (
            &[
                ("category", "tax"),
                ("keep_days", "2557"),
                ("legal_basis", "Accounting Act"),
            ],
            &["Records held: is required", r#"value="Accounting Act""#],
        ),
        (
            &[
                ("category", "tax"),
                ("table_contracts", "on"),
                ("keep_days", "7 years"),
                ("legal_basis", "Accounting Act"),
            ],
            &[
                "Days kept: “7 years” is not a whole number.",
                r#"name="table_contracts" value="on" checked"#,
            ],
        ),
        (
            &[
                ("category", "tax"),
                ("table_contracts", "on"),
                ("keep_days", "30"),
                ("legal_basis", "law"),
            ],
            &["Legal basis: is shorter than 10 characters"],
        ),
    ];
    for (fields, expected) in refusals {
        let r = app.form(Role::Compliance, RETENTION, fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        for e in expected {
            assert!(r.body.contains(e), "{e} in {}", r.body);
        }
    }
    assert_eq!(app.store.retention_rules().await.unwrap(), before);

    // Compliance adds; admins change.
    let s = app.form(Role::Compliance, RETENTION, &rule).await.status;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let rules = app.store.retention_rules().await.unwrap();
    let tax = rules
        .iter()
        .find(|r| r.category == "tax-records")
        .expect("stored");
    assert_eq!(tax.tables, ["transactions", "ledger_entries"]);
    assert_eq!(tax.keep_days, 2557);
    let body = app.page(Role::Viewer, PAGE, "en").await.body;
    assert!(body.contains(r#"data-category="tax-records""#) && body.contains("about 7 years"));
    assert!(body.contains("Refunds and credits (ledger)"));
    let s = app
        .form(
            Role::Admin,
            RETENTION,
            &[
                ("category", "tax-records"),
                ("table_contracts", "on"),
                ("keep_days", "0"),
                (
                    "legal_basis",
                    "Estonian Accounting Act § 12: no longer applies",
                ),
            ],
        )
        .await
        .status;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let rules = app.store.retention_rules().await.unwrap();
    assert_eq!(rules.len(), before.len() + 1);
    let tax = rules.iter().find(|r| r.category == "tax-records").unwrap();
    assert_eq!(
        (tax.tables.as_slice(), tax.keep_days),
        (&["contracts".to_string()][..], 0)
    );
    assert_eq!(audited(&app, "offboarding.retention-rule").await, 2);
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}

engines!(TestApp:
    read_by_everyone_forms_by_role,
    notice_rules_by_admins,
    retention_rules_by_compliance,
);
