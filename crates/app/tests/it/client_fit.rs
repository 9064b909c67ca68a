//! Client-fit review through the HTTP surface, in process, on SQLite and on PostgreSQL: the
//! ranked list and review API with evidence, roles (viewers read, agents note and flag,
//! managers judge and decide), problem+json errors, decisions opening an offboarding case;
//! the staff pages (three languages, CSRF, forms per role); and the `carewell client-fit` CLI.

use crate::msg_support::Db;
use crate::support;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use carewell_domain::complaint::ComplaintInput;
use carewell_domain::customer::CustomerInput;
use carewell_domain::interaction::{InteractionKind, Sentiment};
use carewell_domain::money::{Currency, Money};
use carewell_domain::role::Role;
use carewell_domain::time::fmt_ts;
use carewell_store::activity::NewTransaction;
use carewell_store::interactions::NewInteraction;
use carewell_store::offboarding::CaseQuery;
use carewell_store::{Actor, Clearance, Store};
use chrono::{Duration, Utc};
use serde_json::json;
use support::{Res, TestApp};

async fn customer(s: &Store, name: &str, referrals: &str) -> String {
    let pairs = [
        ("name", name),
        ("language", "en"),
        ("attr_referrals", referrals),
    ];
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap();
    s.create_customer(&Actor::cli(), &input, None)
        .await
        .unwrap()
        .id
}

fn ago(days: i64) -> String {
    fmt_ts(Utc::now() - Duration::days(days))
}

async fn interaction(s: &Store, c: &str, days: i64) -> String {
    let n = NewInteraction {
        external_ref: None,
        kind: InteractionKind::Call,
        occurred_at: ago(days),
        user_id: None,
        summary: "Insulted the agent on the phone".into(),
        sentiment: Some(Sentiment::Negative),
    };
    s.add_interaction(&Actor::cli(), c, &n).await.unwrap().id
}

/// A part-ways candidate: trivial complaints all year, abusive calls (flagged: one, unflagged:
/// two), orders down from 12 to 1, no referrals. Returns (customer, unflagged interactions).
async fn troublesome(s: &Store, name: &str) -> (String, Vec<String>) {
    let c = customer(s, name, "0").await;
    for d in [15, 45, 75, 100, 200, 250, 300] {
        let input =
            ComplaintInput::parse(&c, "phone", "service", "low", None, "Again!", vec![]).unwrap();
        s.create_complaint_received(
            &Actor::cli(),
            &input,
            None,
            Some(Utc::now() - Duration::days(d)),
        )
        .await
        .unwrap();
    }
    for d in (400..412).chain([30]) {
        let n = NewTransaction {
            external_ref: None,
            amount: Money {
                minor: 1500,
                currency: Currency::parse("EUR").unwrap(),
            },
            occurred_at: ago(d),
            description: None,
        };
        s.add_transaction(&Actor::cli(), &c, &n).await.unwrap();
    }
    let flagged = interaction(s, &c, 250).await;
    s.flag_staff_abuse(&Actor::cli(), &c, &flagged, Some("shouting"))
        .await
        .unwrap();
    let open = vec![interaction(s, &c, 20).await, interaction(s, &c, 40).await];
    (c, open)
}

/// Records a decision through the API.
async fn decide(
    app: &TestApp,
    role: Role,
    path: &str,
    decision: &str,
    reason: &str,
) -> (StatusCode, serde_json::Value) {
    app.api(
        role,
        "POST",
        path,
        Some(json!({"decision": decision, "reason": reason})),
    )
    .await
}

async fn review_over_the_api(app: TestApp) {
    let (bad, open) = troublesome(&app.store, "Trouble Trading").await;
    let good = customer(&app.store, "Good Goods", "4").await;

    // Ranked list: the candidate first, with its reasons.
    let (s, list) = app
        .api(Role::Viewer, "GET", "/api/v1/client-fit", None)
        .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["customer_id"], bad.as_str());
    assert_eq!(list["items"][0]["recommendation"], "part-ways");
    assert_eq!(list["items"][1]["customer_id"], good.as_str());
    assert_eq!(
        (list["pending"].clone(), list["total_capped"].clone()),
        (json!(0), json!(false))
    );
    // Paged by cursor: one row a page, the next page after the cursor.
    let (_, one) = app
        .api(Role::Viewer, "GET", "/api/v1/client-fit?limit=1", None)
        .await;
    assert_eq!(one["items"][0]["customer_id"], bad.as_str());
    let cursor = one["next_cursor"].as_str().unwrap().to_string();
    let (_, two) = app
        .api(
            Role::Viewer,
            "GET",
            &format!("/api/v1/client-fit?limit=1&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(two["items"][0]["customer_id"], good.as_str());
    assert!(two["next_cursor"].is_null(), "{two}");
    let page = app
        .page(Role::Viewer, &format!("/client-fit?after={cursor}"), "en")
        .await;
    assert!(
        page.body.contains("First page") && !page.body.contains("Trouble Trading"),
        "{}",
        page.body
    );
    let (s, p) = app
        .api(
            Role::Viewer,
            "GET",
            "/api/v1/client-fit?recommendation=maybe",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["status"], 422);
    let (s, p) = app
        .api(
            Role::Viewer,
            "GET",
            "/api/v1/client-fit/no-such-customer",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(p["type"], "/api/v1/problems/not-found");

    // Agents flag abuse and add notes; they may not judge or decide.
    let path = format!("/api/v1/client-fit/{bad}");
    let (s, _) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{path}/abuse-flags"),
            Some(json!({"interaction_id": open[0], "note": "swore at Tom"})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{path}/abuse-flags"),
            Some(json!({"interaction_id": open[0]})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{p}");
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/client-fit/{good}/abuse-flags"),
            Some(json!({"interaction_id": open[1]})),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "another customer's: {p}"
    );
    let (s, _) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{path}/notes"),
            Some(json!({"reason": "staff-abuse", "note": "Third call this month"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, p) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{path}/notes"),
            Some(json!({"note": " "})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let judgement = json!({"reason": "unethical-requests", "level": "serious", "note": "Asked for fake invoices"});
    let (s, _) = app
        .api(
            Role::Agent,
            "POST",
            &format!("{path}/judgements"),
            Some(judgement.clone()),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The review with evidence now says part ways.
    let (s, r) = app.api(Role::Viewer, "GET", &path, None).await;
    assert_eq!(s, StatusCode::OK);
    let a = &r["assessment"];
    assert_eq!(a["recommendation"], "part-ways", "{a}");
    assert_eq!(a["likelihood"], "low");
    let abuse = &a["reasons"][1];
    assert_eq!(abuse["reason"], "staff-abuse");
    assert_eq!(abuse["level"], "serious");
    assert!(
        abuse["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["key"] == "abuse_12m" && e["value"] == "2")
    );
    assert_eq!(r["trivial_complaints"].as_array().unwrap().len(), 7);
    assert_eq!(r["abuse_incidents"].as_array().unwrap().len(), 2);
    assert_eq!(a["reasons"][5]["source"], "not-assessed");

    // Managers judge and set the likelihood.
    let (s, _) = app
        .api(
            Role::Manager,
            "POST",
            &format!("{path}/judgements"),
            Some(judgement),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, p) = app
        .api(
            Role::Manager,
            "POST",
            &format!("{path}/judgements"),
            Some(json!({"reason": "rudeness", "level": "huge", "note": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let (s, j) = app
        .api(
            Role::Manager,
            "PUT",
            &format!("{path}/likelihood"),
            Some(json!({"likelihood": "high", "note": "New contact person"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{j}");
    let (_, r) = app.api(Role::Viewer, "GET", &path, None).await;
    assert_eq!(r["assessment"]["recommendation"], "watch");
    assert_eq!(r["assessment"]["reasons"][5]["level"], "serious");
    assert_eq!(r["judgements"].as_array().unwrap().len(), 3);

    // Decisions: managers only, a reason required; part ways opens an offboarding case.
    let decisions = format!("{path}/decisions");
    let (s, _) = decide(&app, Role::Agent, &decisions, "keep", "x").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, p) = decide(&app, Role::Manager, &decisions, "watch", "").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let (s, d) = decide(&app, Role::Manager, &decisions, "watch", "One more quarter").await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    assert_eq!(d["recommendation"], "watch");
    assert!(d["offboarding_case_id"].is_null());
    let (s, d) = decide(
        &app,
        Role::Manager,
        &decisions,
        "part-ways",
        "Abuse continues",
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let case_id = d["offboarding_case_id"].as_str().unwrap().to_string();
    let case = app
        .store
        .offboarding_case(Clearance::SYSTEM, &case_id)
        .await
        .unwrap();
    assert_eq!(case.customer_id, bad);
    assert_eq!(
        case.reason.as_str(),
        "staff-abuse",
        "heaviest serious reason (ties: the first of the seven)"
    );
    let (s, p) = decide(&app, Role::Admin, &decisions, "part-ways", "Again").await;
    assert_eq!(s, StatusCode::CONFLICT, "a case is already active: {p}");
    let (s, p) = decide(
        &app,
        Role::Manager,
        &format!("/api/v1/client-fit/{good}/decisions"),
        "part-ways",
        "Just because",
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "nothing wrong: {p}");
    assert_eq!(p["code"], "no-fit-reasons", "{p}");
    let (_, r) = app.api(Role::Viewer, "GET", &path, None).await;
    assert_eq!(r["decisions"].as_array().unwrap().len(), 2);
    assert_eq!(r["decisions"][0]["reviewer"], "manager@example.com");
    let (_, list) = app
        .api(
            Role::Viewer,
            "GET",
            "/api/v1/client-fit?min_problems=1",
            None,
        )
        .await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["decision"], "part-ways");

    // Settings: everyone reads, managers change.
    let (s, set) = app
        .api(Role::Viewer, "GET", "/api/v1/client-fit/settings", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let mut set = set.clone();
    set["minutes_per_complaint"] = json!(30);
    let (s, _) = app
        .api(
            Role::Agent,
            "PUT",
            "/api/v1/client-fit/settings",
            Some(set.clone()),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, out) = app
        .api(
            Role::Manager,
            "PUT",
            "/api/v1/client-fit/settings",
            Some(set),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(out["minutes_per_complaint"], 30);

    // Documented in the OpenAPI document; everything audited.
    let (_, doc) = app
        .api(Role::Viewer, "GET", "/api/v1/openapi.json", None)
        .await;
    assert!(doc["paths"]["/api/v1/client-fit/{id}/decisions"]["post"].is_object());
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}

/// A form's fields.
type Fields<'a> = &'a [(&'a str, &'a str)];

async fn pages_and_forms(app: TestApp) {
    let (bad, open) = troublesome(&app.store, "Page <Trouble>").await;
    customer(&app.store, "Calm Client", "2").await;

    // The list, in three languages, candidate first; escaped names; nav entry.
    let Res {
        status: s, body, ..
    } = app.page(Role::Viewer, "/client-fit", "en").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        body.contains(r#"href="/client-fit" aria-current="page">Client fit</a>"#),
        "nav entry"
    );
    let first = body
        .find("Page &#60;Trouble&#62;")
        .or_else(|| body.find("Page &lt;Trouble&gt;"))
        .expect("escaped name");
    assert!(
        first < body.find("Calm Client").unwrap(),
        "most problems first"
    );
    assert!(!body.contains("<Trouble>"));
    let zh = app.page(Role::Viewer, "/client-fit", "zh-CN").await.body;
    assert!(zh.contains("客户适配") && zh.contains("辱骂员工"));
    let et = app
        .page(Role::Viewer, "/client-fit?recommendation=keep", "et")
        .await
        .body;
    assert!(et.contains("Kliendisobivus") && et.contains("Calm Client") && !et.contains("Trouble"));

    // The review: evidence shown; viewers get no forms, managers get all of them.
    let review = format!("/client-fit/{bad}");
    let Res {
        status: s, body, ..
    } = app.page(Role::Viewer, &review, "en").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("Trivial complaints (12 months)") && body.contains("Abuse of staff"));
    assert!(
        body.contains("/complaints/"),
        "links to the complaints behind the score"
    );
    assert!(!body.contains("decision-form") && !body.contains("note-form"));
    let body = app.page(Role::Agent, &review, "et").await.body;
    assert!(body.contains("note-form") && !body.contains("decision-form"));
    assert!(body.contains("Töötajate kuritarvitamine"));
    let body = app.page(Role::Manager, &review, "zh-CN").await.body;
    assert!(body.contains("decision-form") && body.contains("judgement-form"));

    // Forms: CSRF required; refused input re-renders with the reason; success redirects.
    let s = app
        .form_without_csrf(
            Role::Agent,
            &format!("{review}/flag"),
            &[("interaction_id", &open[0])],
        )
        .await
        .status;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let s = app
        .form(
            Role::Agent,
            &format!("{review}/flag"),
            &[("interaction_id", &open[0]), ("note", "")],
        )
        .await
        .status;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let Res {
        status: s, body, ..
    } = app
        .form(
            Role::Agent,
            &format!("{review}/flag"),
            &[("interaction_id", &open[0])],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(body.contains("action-error"));
    let steps: [(Role, &str, Fields, StatusCode); 6] = [
        (
            Role::Agent,
            "note",
            &[("reason", "general"), ("note", "Calls at night")],
            StatusCode::SEE_OTHER,
        ),
        (
            Role::Agent,
            "judgement",
            &[
                ("reason", "mission-fit"),
                ("level", "serious"),
                ("note", "x"),
            ],
            StatusCode::FORBIDDEN,
        ),
        (
            Role::Manager,
            "judgement",
            &[
                ("reason", "mission-fit"),
                ("level", "serious"),
                ("note", ""),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Role::Manager,
            "judgement",
            &[
                ("reason", "mission-fit"),
                ("level", "serious"),
                ("note", "Wants us to spam"),
            ],
            StatusCode::SEE_OTHER,
        ),
        (
            Role::Manager,
            "likelihood",
            &[("likelihood", "low"), ("note", "Ten years like this")],
            StatusCode::SEE_OTHER,
        ),
        (
            Role::Manager,
            "decision",
            &[("decision", "part-ways"), ("note", "Enough")],
            StatusCode::SEE_OTHER,
        ),
    ];
    for (role, action, fields, expected) in steps {
        let r = app.form(role, &format!("{review}/{action}"), fields).await;
        assert_eq!(r.status, expected, "{action} as {role}");
        if expected == StatusCode::UNPROCESSABLE_ENTITY {
            assert!(r.body.contains("action-error"));
        }
    }
    let body = app.page(Role::Viewer, &review, "en").await.body;
    assert!(body.contains("Enough") && body.contains("Offboarding case"));
    assert!(body.contains("Wants us to spam") && body.contains("Calls at night"));
    assert_eq!(app.store.client_fit_decisions(&bad).await.unwrap().len(), 1);

    // The customer page links to the review.
    let body = app
        .page(Role::Viewer, &format!("/customers/{bad}"), "en")
        .await
        .body;
    assert!(body.contains(&format!(r#"href="/client-fit/{bad}""#)));
    // Anonymous visitors go to the login page.
    let (s, _, _) = app
        .send(Request::get("/client-fit").body(Body::empty()).unwrap())
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
}

/// `carewell client-fit list --json` and `show`, against a SQLite file.
#[tokio::test]
async fn cli_lists_and_shows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let store = Store::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let (bad, _) = troublesome(&store, "Cli Trouble").await;
    store.close().await;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_carewell"))
            .arg("--database")
            .arg(&db)
            .args(args)
            .env_remove("CAREWELL_DATABASE_URL")
            .output()
            .unwrap()
    };
    let out = run(&["client-fit", "list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["customer_id"], bad.as_str());
    let out = run(&["client-fit", "list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Cli Trouble"));
    let out = run(&["client-fit", "show", &bad]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("staff-abuse") && text.contains("trivial_12m=7"),
        "{text}"
    );
    let out = run(&["client-fit", "show", "nobody"]);
    assert!(!out.status.success());
}

/// The demo makes part-ways candidates, once.
async fn demo_candidates(db: Db) {
    let (url, store) = (db.url.clone(), db.store.clone());
    let config = carewell::kernel::config::Config {
        database_url: url,
        ..carewell::kernel::config::Config::default()
    };
    carewell::demo::seed(config.clone(), 150).await.unwrap();
    let list = store
        .client_fit_list(Clearance::SYSTEM, Utc::now())
        .await
        .unwrap();
    let part: Vec<_> = list
        .iter()
        .filter(|r| r.recommendation == carewell_domain::client_fit::Recommendation::PartWays)
        .collect();
    assert!(!part.is_empty(), "at least one candidate");
    assert_eq!(
        part[0].customer_id, list[0].customer_id,
        "candidates rank first"
    );
    let flags = |s: Store| async move {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM client_fit_abuse_flags")
            .fetch_one(s.pool())
            .await
            .unwrap();
        n
    };
    let before = flags(store.clone()).await;
    demo_offboarding(&store).await;
    let cases = store
        .offboarding_cases(Clearance::SYSTEM, &CaseQuery::default(), 100, 0)
        .await
        .unwrap()
        .total;
    carewell::demo::seed(config, 150).await.unwrap();
    assert_eq!(flags(store.clone()).await, before, "seeded once");
    let again = store
        .offboarding_cases(Clearance::SYSTEM, &CaseQuery::default(), 100, 0)
        .await
        .unwrap()
        .total;
    assert_eq!(again, cases, "offboarding cases seeded once");
    assert!(store.verify_audit().await.unwrap().is_ok());
}

/// The demo's offboarding cases: open with a plan (zh-CN), contacted with a letter draft (et),
/// closed with goodwill booked and the exit survey answered (en) — none of them a client-fit
/// candidate; the farewell e-mail in the outbox writes its dates in the customer's language.
async fn demo_offboarding(store: &Store) {
    use carewell_domain::offboarding::workflow::Status;
    let page = store
        .offboarding_cases(Clearance::SYSTEM, &CaseQuery::default(), 100, 0)
        .await
        .unwrap();
    assert_eq!(page.total, 3, "three demo cases");
    let mut seen = Vec::new();
    for c in &page.items {
        let lang = store.customer(&c.customer_id).await.unwrap().language;
        seen.push((c.status, lang.clone()));
        let (flags,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM client_fit_abuse_flags WHERE customer_id = $1")
                .bind(&c.customer_id)
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(flags, 0, "not a part-ways candidate");
        let letter = store.offboarding_letter(&c.id).await.unwrap();
        match c.status {
            Status::Open => {
                assert!(lang.starts_with("zh"), "{lang}");
                assert!(c.timeline.service_end > c.timeline.notice_date, "a plan");
                assert!(letter.is_none());
            }
            Status::Contacted => {
                assert!(lang.starts_with("et"), "{lang}");
                let l = letter.expect("a letter draft");
                assert_eq!(l.letter.language, "et");
                assert!(l.sent_at.is_none(), "a draft");
            }
            Status::Closed => {
                assert!(lang.starts_with("en"), "{lang}");
                assert!(store.exit_survey(&c.id).await.unwrap().is_some(), "survey");
                let (refunds,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM ledger_entries WHERE customer_id = $1 AND kind = 'refund'",
                )
                .bind(&c.customer_id)
                .fetch_one(store.pool())
                .await
                .unwrap();
                assert_eq!(refunds, 1, "goodwill booked");
                let sent = carewell_store::outbox::for_customer(store, &c.customer_id, 50, 0)
                    .await
                    .unwrap();
                let m = sent
                    .items
                    .iter()
                    .find(|m| m.template.as_deref() == Some("offb-letter"))
                    .expect("the farewell e-mail in the outbox");
                let r = carewell::messaging::render::email(m, "https://carewell.example");
                let tr = carewell::web::i18n::Tr::for_tag("en");
                let end = tr.long_date(c.timeline.service_end);
                assert!(r.body.contains(&end), "{end} in {}", r.body);
                assert!(
                    !r.body.contains(&c.timeline.service_end.to_string()),
                    "no ISO date: {}",
                    r.body
                );
            }
            other => panic!("unexpected demo case status {other}"),
        }
    }
    seen.sort_by_key(|(s, _)| s.as_str());
    let statuses: Vec<Status> = seen.iter().map(|(s, _)| *s).collect();
    assert!(
        statuses.contains(&Status::Open)
            && statuses.contains(&Status::Contacted)
            && statuses.contains(&Status::Closed),
        "{seen:?}"
    );
}

/// The cost-to-serve settings page: linked from the list, read by everyone, changed by
/// managers and admins with CSRF, refusals readable with the typed values kept, audited.
async fn settings_page(app: TestApp) {
    let list = app.page(Role::Viewer, "/client-fit", "en").await.body;
    assert!(
        list.contains(r#"href="/client-fit/settings""#),
        "linked from the list"
    );

    // Viewers and agents read, without the form.
    for role in [Role::Viewer, Role::Agent, Role::Compliance] {
        let Res {
            status: s, body, ..
        } = app.page(role, "/client-fit/settings", "en").await;
        assert_eq!(s, StatusCode::OK, "{role:?}");
        assert!(body.contains("Staff minutes per interaction"));
        assert!(
            !body.contains(r#"id="settings-form""#),
            "{role:?} gets no form"
        );
        assert!(body.contains("Only managers and admins"));
    }
    let zh = app
        .page(Role::Viewer, "/client-fit/settings", "zh-CN")
        .await
        .body;
    assert!(zh.contains("服务成本设置") && zh.contains("每个投诉的员工分钟数"));
    let et = app
        .page(Role::Viewer, "/client-fit/settings", "et")
        .await
        .body;
    assert!(et.contains("Teenindamise kulu seaded") && et.contains("Töötaja tunnikulu"));
    let Res {
        status: s, body, ..
    } = app.page(Role::Manager, "/client-fit/settings", "en").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains(r#"id="settings-form""#) && body.contains(r#"name="csrf""#));

    let good = [
        ("minutes_per_interaction", "12"),
        ("minutes_per_complaint", "45"),
        ("new_currency", "eur"),
        ("new_cost", "42.50"),
    ];
    // Roles and CSRF.
    let s = app
        .form(Role::Agent, "/client-fit/settings", &good)
        .await
        .status;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let s = app
        .form_without_csrf(Role::Manager, "/client-fit/settings", &good)
        .await
        .status;
    assert_eq!(s, StatusCode::FORBIDDEN, "CSRF required");
    let before = app.store.client_fit_settings().await.unwrap();

    // Refused readably; what was typed stays; nothing changes.
    let bad = [
        ("minutes_per_interaction", "ten"),
        ("minutes_per_complaint", "2000"),
        ("new_currency", "EURO"),
        ("new_cost", "-3"),
    ];
    let Res {
        status: s, body, ..
    } = app.form(Role::Manager, "/client-fit/settings", &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains(r#"id="settings-error""#));
    assert!(
        body.contains("must be a whole number of minutes from 0 to 1440"),
        "{body}"
    );
    assert!(body.contains("is not a currency code"));
    assert!(body.contains(r#"value="ten""#) && body.contains(r#"value="EURO""#));
    let Res {
        status: s, body, ..
    } = app
        .form(
            Role::Manager,
            "/client-fit/settings",
            &[
                ("minutes_per_interaction", "5"),
                ("minutes_per_complaint", "5"),
                ("new_currency", "USD"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("give both its code and its hourly cost"));
    assert_eq!(app.store.client_fit_settings().await.unwrap(), before);

    // Saved through the store (audited), shown back in major units.
    let s = app
        .form(Role::Manager, "/client-fit/settings", &good)
        .await
        .status;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let now = app.store.client_fit_settings().await.unwrap();
    assert_eq!(now.minutes_per_interaction, 12);
    assert_eq!(now.minutes_per_complaint, 45);
    assert_eq!(now.hourly_cost.get("EUR"), Some(&4250));
    let body = app
        .page(Role::Viewer, "/client-fit/settings?saved=1", "en")
        .await
        .body;
    assert!(body.contains("42.50") && body.contains("Settings saved."));
    let (s, api) = app
        .api(Role::Viewer, "GET", "/api/v1/client-fit/settings", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(api["hourly_cost"]["EUR"], 4250);
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'client_fit.settings' AND actor LIKE '%manager%'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(n, 1, "audited once (refusals leave no trace)");

    // Blank removes a currency; admins may change too.
    let s = app
        .form(
            Role::Admin,
            "/client-fit/settings",
            &[
                ("minutes_per_interaction", "12"),
                ("minutes_per_complaint", "45"),
                ("cost_EUR", ""),
            ],
        )
        .await
        .status;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(
        !app.store
            .client_fit_settings()
            .await
            .unwrap()
            .hourly_cost
            .contains_key("EUR")
    );
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}

engines!(Db: demo_candidates);

engines!(TestApp:
    review_over_the_api,
    pages_and_forms,
    settings_page,
);
