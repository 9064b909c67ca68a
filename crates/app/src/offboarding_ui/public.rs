//! The customer's own page, reached by the unguessable link in the farewell letter (no login):
//! the notice and timeline in the customer's language (with a language switch), the complete
//! data export as JSON and CSV (attachments), and the exit survey — token-bound instead of
//! CSRF, rate-limited per client address and per link, with a honeypot and size limits.

use crate::kernel::state::AppState;
use crate::web::csv::attachment;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::public::{MAX_BODY, limited};
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::{IntoResponse, Response};
use carewell_domain::offboarding::ExitSurvey;
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

/// A CSV file offered.
pub struct CsvLink {
    name: &'static str,
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
fn language(q: &PageQuery, headers: &HeaderMap, customer_lang: &str) -> Tr {
    crate::web::public::language(q.lang.as_deref(), headers, customer_lang)
}

async fn case_for(s: &AppState, token: &str) -> Result<(OffboardingCase, String), AppError> {
    if token.len() > 128 {
        return Err(AppError::NotFound("page".into()));
    }
    let c = s.store.offboarding_by_token(token).await?;
    let cu = s.store.customer(&c.customer_id).await?;
    Ok((c, cu.language))
}

fn export_open(c: &OffboardingCase) -> bool {
    chrono::Utc::now().date_naive() <= c.timeline.export_until
}

async fn page(
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
                name: n,
                label: tr.t(&format!("offb-public-csv-{n}")),
            })
            .collect(),
        langs: Tr::choices()
            .iter()
            .map(|(tag, name)| (*tag, *name, *tag == tr.lang))
            .collect(),
        chrome: Chrome::public(tr),
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

async fn export_case(
    s: &AppState,
    ext: &Extensions,
    headers: &HeaderMap,
    token: &str,
) -> Result<OffboardingCase, AppError> {
    limited(ext, headers, "offb-download-", token)?;
    let (c, _) = case_for(s, token).await?;
    if !export_open(&c) {
        return Err(AppError::Conflict(
            "the data-export window has closed".into(),
        ));
    }
    Ok(c)
}

/// GET /public/offboarding/{token}/export.json: everything we hold, as one JSON document.
pub async fn export_json(
    State(s): State<AppState>,
    Path(token): Path<String>,
    ext: Extensions,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let c = export_case(&s, &ext, &headers, &token).await?;
    let x = s.store.customer_data_export(&c.customer_id, false).await?;
    let body = serde_json::to_string_pretty(&x).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(attachment(
        body,
        "application/json; charset=utf-8",
        "my-data.json",
    ))
}

/// Which CSV file.
#[derive(Debug, Default, Deserialize)]
pub struct CsvQuery {
    /// One of the export's CSV files.
    #[serde(default)]
    pub file: String,
}

/// GET /public/offboarding/{token}/export.csv?file=transactions
pub async fn export_csv(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<CsvQuery>,
    ext: Extensions,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let c = export_case(&s, &ext, &headers, &token).await?;
    let which = if q.file.is_empty() {
        "transactions"
    } else {
        q.file.as_str()
    };
    let body = s
        .store
        .customer_export_csv(&c.customer_id, which, false)
        .await?;
    Ok(attachment(
        body,
        "text/csv; charset=utf-8",
        &format!("my-data-{which}.csv"),
    ))
}

/// The exit survey as posted.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SurveyForm {
    /// Why they leave.
    #[serde(default)]
    pub reason_left: String,
    /// What would have kept them.
    #[serde(default)]
    pub would_have_kept: String,
    /// Anything else.
    #[serde(default)]
    pub comment: String,
    /// 1–5, optional.
    #[serde(default)]
    pub rating: String,
    /// The language the page was shown in.
    #[serde(default)]
    pub lang: String,
    /// Honeypot: people never see it, bots fill it in.
    #[serde(default)]
    pub website: String,
}

/// POST /public/offboarding/{token}/survey
pub async fn survey(
    State(s): State<AppState>,
    Path(token): Path<String>,
    ext: Extensions,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    limited(&ext, &headers, "offb-survey-", &token)?;
    let (c, lang) = case_for(&s, &token).await?;
    if body.len() > MAX_BODY {
        return Err(AppError::invalid(
            "body",
            format!("at most {MAX_BODY} bytes"),
        ));
    }
    let f: SurveyForm = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest("the form could not be read".into()))?;
    let q = PageQuery {
        lang: Some(f.lang.clone()),
    };
    let tr = language(&q, &headers, &lang);
    if !f.website.is_empty() {
        tracing::info!("offboarding survey: honeypot filled, dropped");
        let p = page(&s, tr, &token, &c, SurveyForm::default(), Vec::new(), true).await?;
        return Ok(p.into_response());
    }
    let rating = match f.rating.trim() {
        "" => None,
        r => r.parse::<i64>().ok().or(Some(0)),
    };
    let parsed = ExitSurvey::parse(
        &f.reason_left,
        Some(&f.would_have_kept),
        Some(&f.comment),
        rating,
    );
    let result = match parsed {
        Ok(a) => s
            .store
            .submit_exit_survey(&c.id, &a)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => Ok(
            page(&s, tr, &token, &c, SurveyForm::default(), Vec::new(), true)
                .await?
                .into_response(),
        ),
        Err(e) => {
            let status = e.status();
            let msgs = match &e {
                AppError::Invalid(v) => v
                    .iter()
                    .map(|x| match x.field.as_str() {
                        "reason_left" => tr.t("offb-public-err-why"),
                        "rating" => tr.t("offb-public-err-rating"),
                        _ => tr.t("offb-public-err-long"),
                    })
                    .collect(),
                AppError::Conflict(_) => vec![tr.t("offb-public-err-answered")],
                _ => return Err(e),
            };
            let p = page(&s, tr, &token, &c, f, msgs, false).await?;
            Ok((status, p).into_response())
        }
    }
}
