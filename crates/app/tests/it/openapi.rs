//! The OpenAPI document is pinned: any change to the API's paths, parameters or schemas shows
//! up as a diff of `snapshots/it__openapi__document.snap` (review it, then accept it with
//! `INSTA_UPDATE=always cargo test --workspace` or `cargo insta review`).
//!
//! It is also held to what it promises (issue 11, point 8): it is well-formed (every answer
//! described, operation ids unique, every `$ref` resolves, every path parameter declared), no
//! two schemas share a name (the last one registered would silently replace the other), the
//! answers the app gives conform to the documented schemas, the documented request bodies are
//! the ones the handlers read, and a JSON body that is not an object is refused everywhere. The
//! outside validator and the schema-based fuzzer run in CI: `.ci/openapi-fuzz.sh`.

use crate::schema_check::{request_schema, resolve, response_schema, violations};
use crate::support::TestApp;
use axum::http::StatusCode;
use carewell_domain::role::Role;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use utoipa::OpenApi;

engines!(TestApp: answers_match_the_document, documented_bodies_are_read, non_object_bodies_are_refused);

#[tokio::test]
async fn document() {
    let app = TestApp::sqlite().await;
    let (status, mut doc) = app
        .api(Role::Viewer, "GET", "/api/v1/openapi.json", None)
        .await;
    assert_eq!(status, axum::http::StatusCode::OK);
    // The crate version changes with every release; the API does not.
    doc["info"]["version"] = serde_json::json!("<version>");
    insta::assert_snapshot!(serde_json::to_string_pretty(&doc).unwrap());
}

fn doc() -> Value {
    serde_json::to_value(carewell::app::openapi::ApiDoc::openapi()).unwrap()
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// Every operation: (method, path template, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if METHODS.contains(&method.as_str()) {
                out.push((method.clone(), path.clone(), op.clone()));
            }
        }
    }
    out
}

fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                out.push(r);
            }
            m.values().for_each(|v| refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// What OpenAPI 3.1 requires and a validator checks first, plus what a client generator needs.
#[test]
fn document_is_well_formed() {
    let doc = doc();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."));
    let mut problems = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let ops = operations(&doc);
    assert!(ops.len() > 90, "{} operations", ops.len());
    for (method, path, op) in &ops {
        let at = format!("{method} {path}");
        match op["operationId"].as_str() {
            None => problems.push(format!("{at}: no operationId")),
            Some(id) => {
                if let Some(other) = ids.insert(id.to_string(), at.clone()) {
                    problems.push(format!("{at}: operationId `{id}` is also {other}'s"));
                }
            }
        }
        let answers = op["responses"].as_object().unwrap();
        if answers.is_empty() {
            problems.push(format!("{at}: no responses"));
        }
        for (status, answer) in answers {
            if answer["description"]
                .as_str()
                .is_none_or(|d| d.trim().is_empty())
            {
                problems.push(format!("{at} {status}: no description"));
            }
        }
        let templated: BTreeSet<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split('}').next())
            .collect();
        let declared: BTreeSet<&str> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path")
            .filter_map(|p| p["name"].as_str())
            .collect();
        if templated != declared {
            problems.push(format!(
                "{at}: path parameters {templated:?}, declared {declared:?}"
            ));
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    for r in all {
        if resolve(&doc, r).is_none() {
            problems.push(format!("{r} does not resolve"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, &mut *out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The schema names a source file declares: `derive(… ToSchema …)` items and `string_enum!`
/// invocations, renamed by `#[schema(as = Name)]` where present.
fn schema_names(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut names = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // A derive may span lines: `#[derive(` … `)]`.
        let mut end = i;
        if line.starts_with("#[derive(") {
            while !lines[end].contains(")]") && end + 1 < lines.len() {
                end += 1;
            }
        }
        let derive =
            line.starts_with("#[derive(") && lines[i..=end].iter().any(|l| l.contains("ToSchema"));
        let string_enum = line.starts_with("string_enum!(");
        if !derive && !string_enum {
            continue;
        }
        let mut renamed = None;
        for next in &lines[end + 1..] {
            if let Some(rest) = next.strip_prefix("#[schema(as = ") {
                renamed = rest.split(')').next().map(str::to_string);
            }
            if next.starts_with("#[") || next.starts_with("//") || next.is_empty() {
                continue;
            }
            let name = if derive {
                next.split_whitespace()
                    .skip_while(|w| !matches!(*w, "struct" | "enum"))
                    .nth(1)
            } else {
                next.split(',').next()
            };
            let name = name.map(|n| {
                n.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_')
                    .split('<')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            });
            if let Some(n) = name.filter(|n| !n.is_empty() && !n.starts_with('$')) {
                names.push(renamed.take().unwrap_or(n));
            }
            break;
        }
    }
    names
}

/// Two types with one schema name: utoipa keeps one of them and every `$ref` to the name points
/// at it (the complaint's `status` was documented with the offboarding case's states). Read
/// from the source, so a new collision fails here before it reaches the document.
#[test]
fn schema_names_are_unique() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for c in ["domain", "store", "app"] {
        rust_files(&crates.join(c).join("src"), &mut files);
    }
    files.sort();
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for n in schema_names(&text) {
            let at = f.strip_prefix(&crates).unwrap().display().to_string();
            seen.entry(n).or_default().push(at);
        }
    }
    let clashes: Vec<String> = seen
        .iter()
        .filter(|(_, at)| at.len() > 1)
        .map(|(n, at)| format!("{n}: {}", at.join(", ")))
        .collect();
    assert!(clashes.is_empty(), "{}", clashes.join("\n"));
    assert!(seen.len() > 100, "{} schema names found", seen.len());
    assert!(seen.contains_key("ComplaintStatus") && seen.contains_key("Customer"));
    // Every schema in the document is one of them (the reader above misses none).
    for name in doc()["components"]["schemas"].as_object().unwrap().keys() {
        assert!(
            seen.contains_key(name),
            "{name} was not found in the source"
        );
    }
}

/// The app and its document: calls whose answers are held against the document.
struct Checked<'a> {
    app: &'a TestApp,
    doc: &'a Value,
}

impl Checked<'_> {
    /// Calls the API as `role` and holds the answer against the documented schema of
    /// `template` (the path as written in the document) for the `expected` status.
    async fn call(
        &self,
        role: Role,
        (method, path, template): (&str, &str, &str),
        body: Option<Value>,
        expected: StatusCode,
    ) -> Value {
        let (st, answer) = self.app.api(role, method, path, body).await;
        assert_eq!(st, expected, "{method} {path}: {answer}");
        let schema = response_schema(self.doc, &method.to_lowercase(), template, st.as_u16());
        let v = violations(self.doc, schema, &answer);
        assert!(v.is_empty(), "{method} {path}:\n{}", v.join("\n"));
        answer
    }
}

/// The answers of the main records, and of every listing without a path parameter, conform to
/// the document (the complaint's `status` failed before: it pointed at the offboarding states).
async fn answers_match_the_document(app: TestApp) {
    let doc = doc();
    let c = Checked {
        app: &app,
        doc: &doc,
    };
    let customer = c
        .call(
            Role::Agent,
            ("POST", "/api/v1/customers", "/api/v1/customers"),
            Some(json!({"name": "Dora Doc", "email": "dora@example.com"})),
            StatusCode::CREATED,
        )
        .await;
    let cu = customer["id"].as_str().unwrap().to_string();
    c.call(
        Role::Viewer,
        (
            "GET",
            &format!("/api/v1/customers/{cu}"),
            "/api/v1/customers/{id}",
        ),
        None,
        StatusCode::OK,
    )
    .await;
    let complaint = c.call(Role::Agent, ("POST", "/api/v1/complaints", "/api/v1/complaints"), Some(json!({"customer_id": cu, "category": "billing", "severity": "high", "description": "Charged twice"})), StatusCode::CREATED).await;
    assert_eq!(complaint["status"], "new");
    let id = complaint["id"].as_str().unwrap().to_string();
    c.call(
        Role::Viewer,
        (
            "GET",
            &format!("/api/v1/complaints/{id}"),
            "/api/v1/complaints/{id}",
        ),
        None,
        StatusCode::OK,
    )
    .await;
    c.call(
        Role::Agent,
        (
            "POST",
            &format!("/api/v1/complaints/{id}/transitions"),
            "/api/v1/complaints/{id}/transitions",
        ),
        Some(json!({"action": "acknowledge"})),
        StatusCode::OK,
    )
    .await;
    // A source that does not exist is a documented 404 (the fuzzer found it undocumented).
    let unknown = json!({"customer_id": cu, "kind": "refund", "amount": "3", "currency": "EUR", "reason": "r", "source_id": "nonexistent"});
    c.call(
        Role::Manager,
        ("POST", "/api/v1/compensation", "/api/v1/compensation"),
        Some(unknown),
        StatusCode::NOT_FOUND,
    )
    .await;
    let comp = json!({"customer_id": cu, "kind": "refund", "amount": "300", "currency": "EUR", "reason": "double charge", "source_id": id});
    let pending = c
        .call(
            Role::Manager,
            ("POST", "/api/v1/compensation", "/api/v1/compensation"),
            Some(comp.clone()),
            StatusCode::CREATED,
        )
        .await;
    let approved = c
        .call(
            Role::Admin,
            (
                "POST",
                &format!(
                    "/api/v1/compensation/{}/approve",
                    pending["id"].as_str().unwrap()
                ),
                "/api/v1/compensation/{id}/approve",
            ),
            Some(json!({"note": "fine"})),
            StatusCode::OK,
        )
        .await;
    assert_eq!(approved["approval"], "approved");
    let other = c
        .call(
            Role::Manager,
            ("POST", "/api/v1/compensation", "/api/v1/compensation"),
            Some(comp),
            StatusCode::CREATED,
        )
        .await;
    c.call(
        Role::Admin,
        (
            "POST",
            &format!(
                "/api/v1/compensation/{}/reject",
                other["id"].as_str().unwrap()
            ),
            "/api/v1/compensation/{id}/reject",
        ),
        Some(json!({"note": "no"})),
        StatusCode::OK,
    )
    .await;
    c.call(
        Role::Agent,
        (
            "POST",
            &format!("/api/v1/customers/{cu}/contacts"),
            "/api/v1/customers/{id}/contacts",
        ),
        Some(json!({"name": "Kai Contact", "is_primary": true})),
        StatusCode::CREATED,
    )
    .await;

    // An offboarding case: its states are the offboarding ones; refusals by state are 409s,
    // documented on every change.
    let timeline = json!({"notice_date": "2026-01-05", "service_end": "2026-04-10", "support_end": "2026-04-20",
        "export_until": "2026-05-01", "deletion_date": "2026-05-02"});
    let case = c
        .call(
            Role::Manager,
            (
                "POST",
                "/api/v1/offboarding/cases",
                "/api/v1/offboarding/cases",
            ),
            Some(json!({"customer_id": cu, "reason": "staff-abuse", "timeline": timeline})),
            StatusCode::CREATED,
        )
        .await;
    c.call(
        Role::Manager,
        (
            "POST",
            "/api/v1/offboarding/check",
            "/api/v1/offboarding/check",
        ),
        Some(json!({"customer_id": "nonexistent", "timeline": timeline})),
        StatusCode::NOT_FOUND,
    )
    .await;
    let case_path = format!("/api/v1/offboarding/cases/{}", case["id"].as_str().unwrap());
    c.call(
        Role::Viewer,
        ("GET", &case_path, "/api/v1/offboarding/cases/{id}"),
        None,
        StatusCode::OK,
    )
    .await;
    let approved = c
        .call(
            Role::Manager,
            (
                "POST",
                &format!("{case_path}/approve"),
                "/api/v1/offboarding/cases/{id}/approve",
            ),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(approved["status"], "approved", "{approved}");
    c.call(
        Role::Manager,
        (
            "POST",
            &format!("{case_path}/approve"),
            "/api/v1/offboarding/cases/{id}/approve",
        ),
        None,
        StatusCode::CONFLICT,
    )
    .await;
    c.call(
        Role::Admin,
        (
            "DELETE",
            &format!("/api/v1/customers/{cu}"),
            "/api/v1/customers/{id}",
        ),
        None,
        StatusCode::CONFLICT,
    )
    .await;

    // Every JSON listing without a path parameter, as the admin: documented status, documented shape.
    let mut checked = 0;
    for (method, path, op) in operations(&doc) {
        if method != "get" || path.contains('{') || path.ends_with("openapi.json") {
            continue;
        }
        let (st, answer) = app.api(Role::Admin, "GET", &path, None).await;
        assert!(
            op["responses"][st.as_str()].is_object(),
            "GET {path}: undocumented {st}: {answer}"
        );
        if answer.is_null() {
            continue; // not JSON (CSV downloads)
        }
        let schema = response_schema(&doc, "get", &path, st.as_u16());
        let v = violations(&doc, schema, &answer);
        assert!(v.is_empty(), "GET {path} {st}:\n{}", v.join("\n"));
        checked += 1;
    }
    assert!(checked >= 15, "{checked} listings checked");
}

/// The properties of the documented request body of an operation.
fn documented_properties(doc: &Value, method: &str, path: &str) -> BTreeSet<String> {
    request_schema(doc, method, path)["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// A client that follows the document sends what the handler reads: a body with exactly the
/// documented properties is accepted (the customer contact was documented with the offboarding
/// contact's body, compensation decisions with the client-fit decision's).
async fn documented_bodies_are_read(app: TestApp) {
    let doc = doc();
    let (_, customer) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Body Bert"})),
        )
        .await;
    let cu = customer["id"].as_str().unwrap().to_string();

    let contact = json!({"name": "Kai", "role": "CFO", "email": "kai@example.com", "phone": "+372 5555 5555", "is_primary": true});
    assert_eq!(
        documented_properties(&doc, "post", "/api/v1/customers/{id}/contacts"),
        keys(&contact)
    );
    let (st, body) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/customers/{cu}/contacts"),
            Some(contact),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{body}");

    let (_, c) = app.api(Role::Agent, "POST", "/api/v1/complaints", Some(json!({"customer_id": cu, "category": "billing", "severity": "high", "description": "Twice"}))).await;
    let comp = json!({"customer_id": cu, "kind": "refund", "amount": "300", "currency": "EUR", "reason": "double charge", "source_kind": "complaint", "source_id": c["id"], "confirm_large": false});
    assert_eq!(
        documented_properties(&doc, "post", "/api/v1/compensation"),
        keys(&comp)
    );
    let decision = json!({"note": "checked the invoice", "confirm_large": false});
    for verb in ["approve", "reject"] {
        let template = format!("/api/v1/compensation/{{id}}/{verb}");
        assert_eq!(
            documented_properties(&doc, "post", &template),
            keys(&decision),
            "{template}"
        );
        let (st, entry) = app
            .api(
                Role::Manager,
                "POST",
                "/api/v1/compensation",
                Some(comp.clone()),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{entry}");
        let path = template.replace("{id}", entry["id"].as_str().unwrap());
        let (st, body) = app
            .api(Role::Admin, "POST", &path, Some(decision.clone()))
            .await;
        assert_eq!(st, StatusCode::OK, "{path}: {body}");
    }

    let fit = json!({"decision": "keep", "reason": "a good client after all"});
    assert_eq!(
        documented_properties(&doc, "post", "/api/v1/client-fit/{id}/decisions"),
        keys(&fit)
    );
    let (st, body) = app
        .api(
            Role::Manager,
            "POST",
            &format!("/api/v1/client-fit/{cu}/decisions"),
            Some(fit),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    let direct = json!({"kind": "call", "summary": "talked it through", "occurred_at": "2026-01-05T10:00:00Z"});
    assert_eq!(
        documented_properties(&doc, "post", "/api/v1/offboarding/cases/{id}/contacts"),
        keys(&direct)
    );
}

/// `[]`, a string, a number or `null` as the body is a 422 `not-an-object` on every operation
/// that reads JSON, before the handler runs: `[]` used to reset a user's password to a
/// generated one and to pass as an account change.
async fn non_object_bodies_are_refused(app: TestApp) {
    let doc = doc();
    let viewer = app.creds(Role::Viewer).user_id.clone();
    let mut checked = 0;
    for (method, path, op) in operations(&doc) {
        if !op["requestBody"]["content"]["application/json"].is_object() {
            continue;
        }
        let path = path
            .split('/')
            .map(|s| {
                if s.starts_with('{') {
                    viewer.as_str()
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for body in [json!([]), json!("text"), json!(1), Value::Null] {
            let mut answer = None;
            for role in Role::ALL {
                let (st, p) = app
                    .api(role, &method.to_uppercase(), &path, Some(body.clone()))
                    .await;
                if st != StatusCode::FORBIDDEN {
                    answer = Some((st, p));
                    break;
                }
            }
            let (st, p) = answer.unwrap_or_else(|| panic!("{method} {path}: no role may call it"));
            assert_eq!(
                st,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{method} {path} with {body}: {p}"
            );
            assert_eq!(p["errors"][0]["field"], "body", "{method} {path}: {p}");
            assert_eq!(
                p["errors"][0]["code"], "not-an-object",
                "{method} {path}: {p}"
            );
        }
        checked += 1;
    }
    assert!(checked > 30, "{checked} operations with a JSON body");

    // Nothing changed: the viewer's password still signs in, the admin's language is unset.
    assert!(
        app.login("viewer@example.com", "test-password-123")
            .await
            .is_some()
    );
    let (_, me) = app.api(Role::Admin, "GET", "/api/v1/account", None).await;
    assert!(me["language"].is_null(), "{me}");
    // Malformed JSON is still a 400; an object still works.
    let malformed = axum::http::Request::builder()
        .method("PATCH")
        .uri("/api/v1/account")
        .header(
            "authorization",
            format!("Bearer {}", app.creds(Role::Admin).token),
        )
        .header("content-type", "application/json")
        .body(axum::body::Body::from(" ["))
        .unwrap();
    assert_eq!(app.fetch(malformed).await.status, StatusCode::BAD_REQUEST);
    let (st, me) = app
        .api(
            Role::Admin,
            "PATCH",
            "/api/v1/account",
            Some(json!({"language": "et"})),
        )
        .await;
    assert_eq!(
        (st, &me["language"]),
        (StatusCode::OK, &json!("et")),
        "{me}"
    );
}
