//! The OpenAPI document is pinned: any change to the API's paths, parameters or schemas shows
//! up as a diff of `snapshots/it__openapi__document.snap` (review it, then accept it with
//! `INSTA_UPDATE=always cargo test --workspace` or `cargo insta review`).

use carewell_domain::role::Role;

use crate::support::TestApp;

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
