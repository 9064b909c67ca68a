//! CSV formula cells, bounded attributes, impossible dates.

use crate::support::{self, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use carewell_domain::role::Role;
use serde_json::json;
use std::collections::HashMap;

engines!(
    TestApp: csv_cells_cannot_start_formulas,
    impossible_dates_are_refused,
    attributes_are_bounded,
);

/// The customer export as rows of column → cell.
async fn export_rows(app: &TestApp) -> Vec<HashMap<String, String>> {
    let token = app.creds(Role::Admin).token.clone();
    let r = app
        .fetch(support::api_request(
            &token,
            "GET",
            "/api/v1/exports/customers",
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut rdr = csv::Reader::from_reader(r.body.as_bytes());
    let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|rec| {
            head.iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// A cell a spreadsheet would run as a formula is written with a leading `'` (negative
/// numbers stay numbers); importing the file takes the quote off, so an export → import →
/// export cycle neither loses the data nor piles up quotes.
async fn csv_cells_cannot_start_formulas(app: TestApp) {
    let name = "=HYPERLINK(\"http://evil.example\",\"Click\")";
    let (st, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({
                "name": name,
                "phone": "+372 5123 4567",
                "attributes": {"note": "@SUM(1+1)", "delta": "-12.50", "calc": "-2+3"},
            })),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    let rows = export_rows(&app).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["name"], format!("'{name}"));
    assert_eq!(row["phone"], "'+372 5123 4567");
    assert_eq!(row["attr_note"], "'@SUM(1+1)");
    assert_eq!(row["attr_calc"], "'-2+3");
    assert_eq!(
        row["attr_delta"], "-12.50",
        "a negative number stays a number"
    );
    for (col, cell) in row {
        let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
            || (cell.starts_with('-') && cell.parse::<f64>().is_err());
        assert!(!formula, "{col}: {cell}");
    }
    // Importing the export (the hand-entered customer comes back under its id as reference)
    // restores the text; exporting again writes the same cells.
    let token = app.creds(Role::Agent).token.clone();
    let mut w = csv::Writer::from_writer(Vec::new());
    let head: Vec<&String> = row.keys().collect();
    w.write_record(&head).unwrap();
    w.write_record(head.iter().map(|k| row[*k].as_str()))
        .unwrap();
    let body = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let req = Request::post("/api/v1/imports/customers")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(body))
        .unwrap();
    let r = app.fetch(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = c["id"].as_str().unwrap();
    let (_, list) = app
        .api(Role::Admin, "GET", "/api/v1/customers?limit=10", None)
        .await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    let copy = items
        .iter()
        .find(|i| i["external_ref"] == id)
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(copy["name"], name);
    assert_eq!(copy["phone"], "+372 5123 4567");
    assert_eq!(copy["attributes"]["note"], "@SUM(1+1)");
    assert_eq!(copy["attributes"]["delta"], "-12.50");
    let again = export_rows(&app).await;
    assert_eq!(again.len(), 2);
    for r in &again {
        assert_eq!(r["name"], format!("'{name}"));
        assert_eq!(r["attr_note"], "'@SUM(1+1)");
    }
}

/// An import of customers as the agent; (status, body).
async fn import_customers(app: &TestApp, csv: &str) -> (StatusCode, serde_json::Value) {
    let token = app.creds(Role::Agent).token.clone();
    let req = Request::post("/api/v1/imports/customers")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(csv.to_string()))
        .unwrap();
    let r = app.fetch(req).await;
    (
        r.status,
        serde_json::from_str(&r.body).unwrap_or(serde_json::Value::Null),
    )
}

/// Year 0000, year −1, five-digit years and leap seconds are refused with a typed code in the
/// API (in the reader's language), the staff form and the importer, and nothing is stored.
async fn impossible_dates_are_refused(app: TestApp) {
    for day in ["0000-01-01", "-0001-12-31", "+10000-01-01"] {
        let (st, p) = app
            .api(
                Role::Agent,
                "POST",
                "/api/v1/customers",
                Some(json!({"name": "Mari", "birthday": day})),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{day}: {p}");
        assert_eq!(p["errors"][0]["field"], "birthday");
        assert_eq!(p["errors"][0]["code"], "year-out-of-range", "{day}: {p}");
    }
    let (_, list) = app.api(Role::Admin, "GET", "/api/v1/customers", None).await;
    assert_eq!(list["total"], 0, "{list}");
    let (st, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "birthday": "1985-04-12"})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    let id = c["id"].as_str().unwrap();
    // A leap second, in Estonian.
    let token = app.creds(Role::Agent).token.clone();
    let req = Request::post(format!("/api/v1/customers/{id}/transactions"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, "et")
        .body(Body::from(
            json!({"amount": "10.00", "currency": "EUR", "occurred_at": "2016-12-31T23:59:60Z"})
                .to_string(),
        ))
        .unwrap();
    let r = app.fetch(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let p: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(p["errors"][0]["code"], "leap-second", "{p}");
    assert!(
        p["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("liigsekund"),
        "{p}"
    );
    // The staff form.
    let r = app
        .form(
            Role::Agent,
            "/customers/new",
            &[("name", "Jaan"), ("birthday", "0000-02-29")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("1900"), "the reason names the range");
    // The importer reports the row.
    let (st, p) = import_customers(
        &app,
        "external_ref,name,anniversary\nC1,Ok,2001-05-05\nC2,Bad,0000-01-01\n",
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "line 3 anniversary", "{p}");
    assert_eq!(p["errors"][0]["code"], "year-out-of-range");
    let (_, list) = app.api(Role::Admin, "GET", "/api/v1/customers", None).await;
    assert_eq!(list["total"], 1, "all or nothing: {list}");
}

/// A customer's free attributes are bounded in number and size, through the API, the staff
/// form and the importer (which names the row).
async fn attributes_are_bounded(app: TestApp) {
    let many: serde_json::Map<String, serde_json::Value> =
        (0..10_000).map(|i| (format!("k{i}"), json!("v"))).collect();
    let (st, p) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "attributes": many})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"].as_array().unwrap().len(), 1, "one error: {p}");
    assert_eq!(p["errors"][0]["field"], "attributes");
    assert_eq!(p["errors"][0]["code"], "too-many");
    let long_key = "k".repeat(65);
    let (st, p) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "attributes": {long_key.clone(): "v"}})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["code"], "too-long");
    let (st, p) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "attributes": {"note": "x".repeat(1025)}})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "attr_note");
    assert_eq!(p["errors"][0]["code"], "too-many-bytes");
    let big: serde_json::Map<String, serde_json::Value> = (0..40)
        .map(|i| (format!("k{i}"), json!("y".repeat(1000))))
        .collect();
    let (st, p) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "attributes": big})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "attributes");
    assert_eq!(p["errors"][0]["code"], "too-many-bytes");
    // Fifty small ones are fine.
    let fifty: serde_json::Map<String, serde_json::Value> =
        (0..50).map(|i| (format!("k{i}"), json!("v"))).collect();
    let (st, c) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/customers",
            Some(json!({"name": "Mari", "attributes": fifty})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    // The staff form shows the error beside the attributes box.
    let lines = format!("{long_key} = v");
    let r = app
        .form(
            Role::Agent,
            "/customers/new",
            &[("name", "Jaan"), ("attributes", &lines)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("64"), "{}", r.body);
    // The importer names the row.
    let head: Vec<String> = (0..51).map(|i| format!("attr_k{i}")).collect();
    let row: Vec<&str> = (0..51).map(|_| "v").collect();
    let csv = format!(
        "external_ref,name,{}\nC1,Bad,{}\n",
        head.join(","),
        row.join(",")
    );
    let (st, p) = import_customers(&app, &csv).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "line 2 attributes", "{p}");
    assert_eq!(p["errors"][0]["code"], "too-many");
    let (_, list) = app.api(Role::Admin, "GET", "/api/v1/customers", None).await;
    assert_eq!(list["total"], 1, "{list}");
}
