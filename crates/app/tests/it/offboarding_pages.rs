//! The offboarding pages, in process: roles, the default letter in en/zh-CN/et, the readable
//! refusals (too-short notice, letter before direct contact), the whole flow to the customer's
//! page by token (404 with a wrong one), the JSON/CSV downloads, the exit survey reaching the
//! report, and escaping of free text.

use crate::support;
use axum::http::StatusCode;
use carewell::customers::body::CustomerBody;
use carewell_domain::money::{Currency, Money};
use carewell_domain::role::Role;
use carewell_store::Actor;
use carewell_store::activity::NewTransaction;
use chrono::{Days, Utc};
use support::{Res, TestApp};

async fn customer(app: &TestApp, name: &str, lang: &str) -> String {
    let body = CustomerBody {
        name: Some(name.into()),
        email: Some(format!("c{}@example.com", uuid::Uuid::new_v4().simple())),
        language: Some(lang.into()),
        country: Some("EE".into()),
        ..CustomerBody::default()
    };
    let input = body.validate(chrono::Utc::now().date_naive()).unwrap();
    let id = app
        .store
        .create_customer(&Actor::cli(), &input, None)
        .await
        .unwrap()
        .id;
    let tx = NewTransaction {
        external_ref: None,
        amount: Money::parse_decimal("49.90", Currency::parse("EUR").unwrap()).unwrap(),
        occurred_at: "2026-10-01T09:00:00.000000Z".into(),
        description: Some("Monthly plan".into()),
    };
    app.store
        .add_transaction(&Actor::cli(), &id, &tx)
        .await
        .unwrap();
    id
}

fn day(offset: u64) -> String {
    (Utc::now().date_naive() + Days::new(offset)).to_string()
}

/// Opens a case through the form with a plan of `notice` days; returns the response.
async fn open(app: &TestApp, customer_id: &str, notice: u64, exception: &str) -> Res {
    app.form(
        Role::Manager,
        &format!("/customers/{customer_id}/offboarding"),
        &[
            ("initiator", "company"),
            ("reason", "trivial-complaints"),
            ("reason_note", "Six complaints in two months"),
            ("contract_type", ""),
            ("notice_date", &day(0)),
            ("service_end", &day(notice)),
            ("support_end", &day(notice + 14)),
            ("export_until", &day(notice + 30)),
            ("deletion_date", &day(notice + 31)),
            ("exception_basis", exception),
        ],
    )
    .await
}

async fn open_ok(app: &TestApp, customer_id: &str) -> String {
    let r = open(app, customer_id, 40, "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location.trim_start_matches("/offboarding/").to_string()
}

#[tokio::test]
async fn pages_render_for_the_right_roles() {
    let app = TestApp::sqlite().await;
    let cid = customer(&app, "Role Walker", "en").await;
    for role in Role::ALL {
        let r = app.page(role, "/offboarding", "en").await;
        assert_eq!(r.status, StatusCode::OK, "{role} list");
        assert!(r.body.contains("Offboarding"));
    }
    let page = app
        .page(Role::Manager, &format!("/customers/{cid}"), "en")
        .await;
    assert!(page.body.contains(&format!("/customers/{cid}/offboarding")));
    let page = app
        .page(Role::Agent, &format!("/customers/{cid}"), "en")
        .await;
    assert!(!page.body.contains(&format!("/customers/{cid}/offboarding")));
    for role in [Role::Viewer, Role::Agent, Role::Compliance] {
        let r = app
            .page(role, &format!("/customers/{cid}/offboarding"), "en")
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{role} may not open a case"
        );
    }
    let form = app
        .page(
            Role::Manager,
            &format!("/customers/{cid}/offboarding"),
            "en",
        )
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Minimum notice (EU)"), "rule shown");
    let id = open_ok(&app, &cid).await;
    // With a case open, the customer page links to it instead of offering a second one.
    for role in Role::ALL {
        let page = app.page(role, &format!("/customers/{cid}"), "en").await;
        assert!(page.body.contains(&format!("/offboarding/{id}")), "{role}");
        assert!(!page.body.contains(&format!("/customers/{cid}/offboarding")));
    }
    for role in Role::ALL {
        let r = app.page(role, &format!("/offboarding/{id}"), "en").await;
        assert_eq!(r.status, StatusCode::OK, "{role} case page");
        assert_eq!(
            r.body.contains(r#"id="approve""#),
            matches!(role, Role::Admin | Role::Manager),
            "{role} approve button"
        );
        assert_eq!(
            r.body.contains(r#"id="letter-form""#),
            Role::WRITERS.contains(&role),
            "{role} letter editor"
        );
        let rep = app.page(role, "/offboarding/reports", "en").await;
        let cert = app
            .page(role, &format!("/offboarding/{id}/certificate"), "en")
            .await;
        let may_report = matches!(role, Role::Admin | Role::Manager | Role::Compliance);
        let may_cert = matches!(role, Role::Admin | Role::Compliance);
        assert_eq!(rep.status == StatusCode::OK, may_report, "{role} reports");
        assert_eq!(
            cert.status == StatusCode::OK,
            may_cert,
            "{role} certificate"
        );
    }
    // Filters.
    let f = app
        .page(
            Role::Viewer,
            "/offboarding?status=open&reason=trivial-complaints",
            "en",
        )
        .await;
    assert!(f.body.contains("Role Walker"));
    let f = app
        .page(Role::Viewer, "/offboarding?reason=compliance", "en")
        .await;
    assert!(!f.body.contains("Role Walker"));
    let f = app
        .page(Role::Viewer, "/offboarding?initiator=customer", "en")
        .await;
    assert!(!f.body.contains("Role Walker"));
}

#[tokio::test]
async fn default_letter_in_the_customers_language() {
    let app = TestApp::sqlite().await;
    for (lang, name, thanks, refund, preview) in [
        (
            "en",
            "Ann Lee",
            "Thank you for choosing",
            "49.90 EUR",
            "Dear Ann Lee,",
        ),
        (
            "zh-CN",
            "王芳",
            "衷心感谢您选择",
            "49.90 EUR",
            "尊敬的王芳：",
        ),
        (
            "et",
            "Mari Tamm",
            "Täname, et valisite",
            "49,90 EUR",
            "Lugupeetud Mari Tamm!",
        ),
    ] {
        let cid = customer(&app, name, lang).await;
        let id = open_ok(&app, &cid).await;
        let r = app
            .page(Role::Agent, &format!("/offboarding/{id}"), "en")
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(thanks), "{lang}: thanks part");
        assert!(
            r.body.contains(refund),
            "{lang}: goodwill names the last invoice"
        );
        assert!(
            r.body.contains(preview),
            "{lang}: preview in the customer's language"
        );
        assert!(
            r.body
                .contains(&format!(r#"<option value="{lang}" selected>"#)),
            "{lang}: letter language preselected"
        );
    }
}

#[tokio::test]
async fn too_short_notice_is_refused_readably_then_fixed() {
    let app = TestApp::sqlite().await;
    let cid = customer(&app, "Short Notice", "en").await;
    let r = open(&app, &cid, 5, "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("less notice than the customer is entitled to"),
        "{}",
        r.body
    );
    assert!(r.body.contains("30 days"));
    assert!(
        r.body.contains(r#"value="trivial-complaints" selected"#),
        "form kept"
    );
    let r = open(&app, &cid, 5, "too short").await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a vague basis is refused"
    );
    let r = open(
        &app,
        &cid,
        5,
        "Sanctions Act §5: immediate termination required",
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "exception with legal basis"
    );
    let id = r.location.trim_start_matches("/offboarding/").to_string();
    let page = app
        .page(Role::Agent, &format!("/offboarding/{id}"), "en")
        .await;
    assert!(page.body.contains("Shortened by exception"));
    // Replanning without the exception is refused on the case page, then fixed.
    let plan = |n: u64| {
        vec![
            ("notice_date", day(0)),
            ("service_end", day(n)),
            ("support_end", day(n + 1)),
            ("export_until", day(n + 2)),
            ("deletion_date", day(n + 3)),
            ("exception_basis", String::new()),
        ]
    };
    let fields = plan(10);
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .form(Role::Manager, &format!("/offboarding/{id}/plan"), &f)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(r#"id="action-error" data-at="plan""#));
    assert!(
        r.body
            .contains(&format!(r#"name="service_end" value="{}""#, day(10))),
        "the refused dates stay in the form"
    );
    let fields = plan(31);
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .form(Role::Manager, &format!("/offboarding/{id}/plan"), &f)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .page(Role::Agent, &format!("/offboarding/{id}"), "en")
        .await;
    assert!(page.body.contains("Notice period met"));
}

fn letter_fields<'a>(action: &'a str, thanks: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("do", action),
        ("language", "en"),
        ("thanks", thanks),
        ("framing", "You contacted us six times about invoices."),
        ("goodwill", "We refund your last invoice of 49.90 EUR."),
        ("apology", "We are sorry it did not work out."),
        ("alternatives", "You may like Nimbus Hosting."),
    ]
}

async fn whole_flow(app: TestApp) {
    let cid = customer(&app, "Jaan <script>alert(1)</script> Kask", "et").await;
    let id = open_ok(&app, &cid).await;
    let case = format!("/offboarding/{id}");

    // The letter cannot go out before a direct contact; the draft is kept.
    let thanks = "Thank you, <b>truly</b>, for the years together.";
    let r = app
        .form(
            Role::Agent,
            &format!("{case}/letter"),
            &letter_fields("send", thanks),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.status);
    assert!(
        r.body
            .contains("written notice comes after a direct conversation"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("Thank you, &#60;b&#62;truly&#60;/b&#62;")
            || r.body.contains("Thank you, &lt;b&gt;truly"),
        "escaped draft"
    );
    assert!(!r.body.contains("<b>truly</b>"));
    assert!(
        !r.body.contains("<script>alert(1)</script>"),
        "name escaped"
    );

    // Approve (manager), log the call, send.
    assert_eq!(
        app.form(Role::Agent, &format!("{case}/approve"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.form(Role::Manager, &format!("{case}/approve"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let r = app
        .form(
            Role::Agent,
            &format!("{case}/contact"),
            &[
                ("kind", "call"),
                ("summary", "Explained the decision; customer understood."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .form(
            Role::Agent,
            &format!("{case}/letter"),
            &letter_fields("send", thanks),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let start = r
        .body
        .find(r#"<code id="customer-link">"#)
        .expect("link shown once")
        + 24;
    let link = &r.body[start..start + r.body[start..].find('<').unwrap()];
    let token = link.rsplit('/').next().unwrap().to_string();
    assert_eq!(token.len(), 64);
    let draft = app.store.offboarding_letter(&id).await.unwrap().unwrap();
    assert_eq!(
        draft.letter.thanks, thanks,
        "the stored draft is what was sent"
    );
    assert!(draft.sent_at.is_some());

    // Goodwill and closure.
    let r = app
        .form(
            Role::Agent,
            &format!("{case}/goodwill"),
            &[
                ("amount", "49.90"),
                ("currency", "EUR"),
                ("reason", "Refund of the last invoice"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.form(Role::Agent, &format!("{case}/close"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "closing is for managers");
    let r = app.form(Role::Manager, &format!("{case}/close"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page(Role::Agent, &case, "en").await;
    assert!(page.body.contains(r#"data-status="closed""#));
    assert!(
        page.body
            .contains(r#"data-step="follow-ups" data-state="done""#)
    );
    assert!(
        page.body
            .contains(r#"data-step="goodwill" data-state="done""#)
    );

    // The customer's page: by token, in Estonian, no login; a wrong token is 404.
    let p = app
        .public_page(&format!("/public/offboarding/{token}"))
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("Teie konto: mis edasi saab"));
    assert!(
        p.body.contains("Thank you, &#60;b&#62;truly")
            || p.body.contains("Thank you, &lt;b&gt;truly"),
        "the letter as sent, escaped"
    );
    assert!(p.body.contains("Jaan &#60;script&#62;") || p.body.contains("Jaan &lt;script&gt;"));
    assert!(!p.body.contains("<script>alert(1)</script>"));
    let en = app
        .public_page(&format!("/public/offboarding/{token}?lang=zh-CN"))
        .await;
    assert!(en.body.contains("您的账户：后续安排"), "language switch");
    let wrong = app
        .public_page(&format!("/public/offboarding/{}", "0".repeat(64)))
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.public_page("/public/offboarding/nope/export.json")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Downloads.
    let j = app
        .public_page(&format!("/public/offboarding/{token}/export.json"))
        .await;
    assert_eq!(j.status, StatusCode::OK);
    assert!(j.content_type.starts_with("application/json"));
    assert!(
        j.disposition.starts_with("attachment;"),
        "{}",
        j.disposition
    );
    let v: serde_json::Value = serde_json::from_str(&j.body).unwrap();
    assert_eq!(v["customer"]["name"], "Jaan <script>alert(1)</script> Kask");
    let c = app
        .public_page(&format!(
            "/public/offboarding/{token}/export.csv?file=transactions"
        ))
        .await;
    assert_eq!(c.status, StatusCode::OK);
    assert!(c.content_type.starts_with("text/csv") && c.disposition.starts_with("attachment;"));
    let mut rdr = csv::Reader::from_reader(c.body.as_bytes());
    assert!(rdr.headers().unwrap().len() > 1);
    assert_eq!(rdr.records().count(), 1, "one transaction");
    // Everything in one ZIP: the JSON document and every CSV file.
    let (status, headers, bytes) = app
        .fetch_bytes(crate::support::page_request(
            None,
            &format!("/public/offboarding/{token}/export.zip"),
            "en",
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/zip");
    assert_eq!(headers["cache-control"], "no-store");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(str::to_string).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "my-data-complaints.csv",
            "my-data-contracts.csv",
            "my-data-interactions.csv",
            "my-data-ledger.csv",
            "my-data-transactions.csv",
            "my-data.json"
        ]
    );
    let mut json = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("my-data.json").unwrap(), &mut json).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["customer"]["name"], "Jaan <script>alert(1)</script> Kask");
    // The page offers the one download.
    let page = app
        .public_page(&format!("/public/offboarding/{token}"))
        .await;
    assert!(page.body.contains(r#"id="download-zip""#), "{}", page.body);

    // Exit survey: honeypot drops, an empty answer is refused readably, a real one lands.
    let survey = format!("/public/offboarding/{token}/survey");
    let r = app
        .public_form(
            &survey,
            &[("reason_left", "bot"), ("website", "http://spam")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        app.store.exit_survey(&id).await.unwrap().is_none(),
        "honeypot stored nothing"
    );
    let r = app
        .public_form(&survey, &[("reason_left", " "), ("lang", "et")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Palun kirjutage lühidalt"));
    let r = app
        .public_form(
            &survey,
            &[
                ("reason_left", "Too <i>expensive</i>"),
                ("would_have_kept", "A cheaper plan"),
                ("rating", "3"),
                ("lang", "et"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Täname tagasiside eest"));
    let again = app
        .public_form(&survey, &[("reason_left", "again"), ("lang", "et")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let r = app.public_form(&survey, &[("reason_left", "more")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = app.public_form(&survey, &[("reason_left", "more")]).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the link's bucket is empty"
    );

    // Staff see the answer on the case and in the report (escaped), and as CSV.
    let page = app.page(Role::Agent, &case, "en").await;
    assert!(page.body.contains("A cheaper plan"));
    assert!(!page.body.contains("<i>expensive</i>"));
    let rep = app.page(Role::Manager, "/offboarding/reports", "en").await;
    assert!(
        rep.body.contains("Too &#60;i&#62;expensive")
            || rep.body.contains("Too &lt;i&gt;expensive"),
        "{}",
        rep.body
    );
    assert!(rep.body.contains("A cheaper plan"));
    let csv = app
        .page(Role::Manager, "/offboarding/reports.csv", "en")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.disposition.starts_with("attachment;"));
    assert!(
        csv.body
            .starts_with("section,key,initiator,currency,count,amount")
    );
    assert!(csv.body.contains("trivial-complaints"));

    // On the deletion date the data is erased: compliance sees the certificate (what was
    // erased, what was kept and why, the hash verified); the customer's link stops working.
    let c = app
        .store
        .offboarding_case(carewell_store::Clearance::SYSTEM, &id)
        .await
        .unwrap();
    let at = c
        .timeline
        .deletion_date
        .and_hms_opt(1, 0, 0)
        .unwrap()
        .and_utc();
    app.store
        .erase_offboarding(&Actor::system(), &id, at)
        .await
        .unwrap();
    let cert = app
        .page(Role::Compliance, &format!("{case}/certificate"), "en")
        .await;
    assert_eq!(cert.status, StatusCode::OK);
    assert!(
        cert.body.contains(r#"data-kind="erasure""#),
        "{}",
        cert.body
    );
    assert!(cert.body.contains("hash verified"));
    assert!(cert.body.contains("Kept under a legal obligation"));
    assert!(
        cert.body.contains("AML"),
        "the legal basis of the financial hold"
    );
    let p = app
        .public_page(&format!("/public/offboarding/{token}"))
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND, "erasure ends the link");
    let page = app.page(Role::Agent, &case, "en").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"data-status="erased""#));
    assert!(!page.body.contains("Jaan &#60;script"), "the name is gone");
}

engines!(TestApp: whole_flow);
