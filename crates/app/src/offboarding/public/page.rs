//! The customer's own page, reached by the unguessable link in the farewell letter (no login):
//! the notice and timeline in the customer's language (with a language switch), the links to
//! the data export, and the exit survey form.

use super::survey::SurveyForm;
use crate::kernel::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use carewell_store::offboarding::OffboardingCase;
use carewell_store::offboarding::export::CSV_FILES;
use serde::Deserialize;

/// A line of the timeline.
pub struct Line {
    name: &'static str,
    label: String,
    date: String,
    past: bool,
}

/// A CSV file in the ZIP, by its readable name.
pub struct CsvLink {
    label: String,
}

/// The customer's page.
#[derive(Template, WebTemplate)]
#[template(path = "public/offboarding.html")]
pub struct CustomerPage {
    chrome: Chrome,
    token: String,
    name: String,
    company: String,
    intro: String,
    lines: Vec<Line>,
    export_open: bool,
    export_until: String,
    csvs: Vec<CsvLink>,
    langs: Vec<(&'static str, &'static str, bool)>,
    answered: bool,
    errors: Vec<String>,
    f: SurveyForm,
    letter: Option<String>,
    letter_lang: String,
}

/// The page's query: an explicit language choice.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// en, zh-CN or et.
    pub lang: Option<String>,
}

/// The language: `?lang=`, then the language cookie, then the customer's own.
pub(super) fn language(q: &PageQuery, headers: &HeaderMap, customer_lang: &str) -> Tr {
    crate::web::public::language(q.lang.as_deref(), headers, customer_lang)
}

/// The case and the customer's language of a link token (404 for an unknown or overlong one).
pub(super) async fn case_for(
    s: &AppState,
    token: &str,
) -> Result<(OffboardingCase, String), AppError> {
    if token.len() > 128 {
        return Err(AppError::NotFound(carewell_domain::Entity::Page));
    }
    let c = s.store.offboarding_by_token(token).await?;
    let cu = s.store.customer(&c.customer_id).await?;
    Ok((c, cu.language))
}

/// Whether the data-export window is still open.
pub(super) fn export_open(c: &OffboardingCase) -> bool {
    chrono::Utc::now().date_naive() <= c.timeline.export_until
}

/// The customer's page in `tr`, with the survey form `f` and its `errors`.
pub(super) async fn page(
    s: &AppState,
    tr: Tr,
    token: &str,
    c: &OffboardingCase,
    f: SurveyForm,
    errors: Vec<String>,
    thanks: bool,
) -> Result<CustomerPage, AppError> {
    let today = chrono::Utc::now().date_naive();
    let t = &c.timeline;
    let lines = [
        ("notice_date", t.notice_date),
        ("service_end", t.service_end),
        ("support_end", t.support_end),
        ("export_until", t.export_until),
        ("deletion_date", t.deletion_date),
    ]
    .into_iter()
    .map(|(n, d)| Line {
        name: n,
        label: tr.t(&format!("offb-public-{n}")),
        date: tr.long_date(d),
        past: d < today,
    })
    .collect();
    let answered = s.store.exit_survey(&c.id).await?.is_some();
    // The farewell letter as sent, in the language it was written in.
    let sent = s
        .store
        .offboarding_letter(&c.id)
        .await?
        .filter(|d| d.sent_at.is_some());
    let letter_lang = sent
        .as_ref()
        .map(|d| d.letter.language.clone())
        .unwrap_or_default();
    let letter = sent.map(|d| d.letter.body());
    let company = s.config.company_name.clone();
    Ok(CustomerPage {
        intro: tr.t_with(
            "offb-public-intro",
            &[("name", &c.customer_name), ("company", &company)],
        ),
        export_until: tr.long_date(t.export_until),
        csvs: CSV_FILES
            .iter()
            .map(|n| CsvLink {
                label: tr.t(&format!("offb-public-csv-{n}")),
            })
            .collect(),
        langs: Tr::choices()
            .iter()
            .map(|(tag, name)| (*tag, *name, *tag == tr.lang))
            .collect(),
        chrome: Chrome::customer(tr),
        token: token.to_string(),
        name: c.customer_name.clone(),
        company,
        lines,
        export_open: export_open(c),
        answered: answered || thanks,
        errors,
        f,
        letter,
        letter_lang,
    })
}

/// GET /public/offboarding/{token}
pub async fn show(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<CustomerPage, AppError> {
    let (c, lang) = case_for(&s, &token).await?;
    let tr = language(&q, &headers, &lang);
    page(&s, tr, &token, &c, SurveyForm::default(), Vec::new(), false).await
}
