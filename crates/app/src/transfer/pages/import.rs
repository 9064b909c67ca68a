//! `/import`: upload a CSV file (writers) and see the report or every bad row;
//! `/export/customers.csv`: download every customer.

use crate::kernel::state::AppState;
use crate::transfer::api::{ImportSummary, run};
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Denied};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Bad rows listed on the page; the rest are counted.
pub const SHOW_ERRORS: usize = 5000;

/// The kinds offered in the select.
const KINDS: [&str; 4] = ["customers", "transactions", "contracts", "interactions"];

/// One bad row as shown.
pub struct BadRow {
    line: String,
    column: String,
    reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "transfer/import.html")]
/// The import page.
pub struct ImportPage {
    chrome: Chrome,
    kinds: Vec<(&'static str, String, bool)>,
    report: Option<ImportSummary>,
    problem: Option<String>,
    bad: Vec<BadRow>,
    more: String,
}

impl ImportPage {
    fn new(tr: Tr, user: &CurrentUser, kind: &str) -> Self {
        let kinds = KINDS
            .iter()
            .map(|k| (*k, tr.t(&format!("transfer-kind-{k}")), *k == kind))
            .collect();
        Self {
            chrome: Chrome::new(tr, user),
            kinds,
            report: None,
            problem: None,
            bad: Vec::new(),
            more: String::new(),
        }
    }
}

/// GET /import: the upload form.
pub async fn form(tr: Tr, user: CurrentUser) -> ImportPage {
    ImportPage::new(tr, &user, "customers")
}

/// POST /import: multipart `kind` + `file`; shows the report, or every bad row (422).
pub async fn upload(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    let mut kind = String::from("customers");
    let mut file: Option<(String, Bytes)> = None;
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(Denied::UnreadableUpload(e.to_string())))?
    {
        match field.name() {
            Some("kind") => {
                kind = field
                    .text()
                    .await
                    .map_err(|e| AppError::BadRequest(Denied::UnreadableUpload(e.to_string())))?;
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("upload.csv").to_string();
                let data = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::BadRequest(Denied::UnreadableUpload(e.to_string())))?;
                file = Some((name, data));
            }
            _ => {}
        }
    }
    if !KINDS.contains(&kind.as_str()) {
        kind = "customers".into();
    }
    let mut page = ImportPage::new(tr, &user, &kind);
    let Some((name, data)) = file.filter(|(_, d)| !d.is_empty()) else {
        page.problem = Some(tr.t("transfer-no-file"));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    match run(&s, &user, &kind, data, &format!("upload:{name}")).await {
        Ok(r) => {
            page.report = Some(r);
            Ok(page.into_response())
        }
        Err(AppError::InvalidRows(rows)) => {
            page.problem = Some(tr.t_n("transfer-refused", rows.len() as i64));
            if rows.len() > SHOW_ERRORS {
                page.more = tr.t_n("transfer-more", (rows.len() - SHOW_ERRORS) as i64);
            }
            page.bad = rows
                .iter()
                .take(SHOW_ERRORS)
                .map(|e| BadRow {
                    line: e.line.to_string(),
                    column: e.column.clone(),
                    reason: tr.code(&e.code),
                })
                .collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(AppError::Invalid(errs)) => {
            // A file-level problem (empty, unreadable): no line.
            page.problem = Some(tr.t_n("transfer-refused", errs.len() as i64));
            page.bad = errs
                .iter()
                .map(|e| BadRow {
                    line: String::new(),
                    column: e.field.clone(),
                    reason: tr.code(&e.code),
                })
                .collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
