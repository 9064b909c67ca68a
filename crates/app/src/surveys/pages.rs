//! Staff pages: `/surveys` (the list, the send form and the settings for managers) and
//! `/surveys/{id}` (score, response rate, distribution and trend charts with their tables, by
//! segment, verbatims with the customer, the send log, the CSV of responses).

use crate::kernel::state::AppState;
use crate::surveys::view::{self, Bar, CHART_H, CHART_W};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::when;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::role::Role;
use carewell_domain::survey::SurveyKind;
use carewell_store::surveys::results::ResponseItem;
use carewell_store::surveys::{NewSurvey, Recipient, Results, SurveyItem, SurveySettings};
use chrono::Utc;
use std::collections::HashMap;

/// The send form's labels.
const SEND_LABELS: Labels = &[
    ("kind", "svy-kind"),
    ("name", "svy-name"),
    ("question", "svy-question"),
    ("customer_ids", "svy-customers"),
    ("segment_id", "svy-segment"),
    ("expires_days", "svy-expires"),
    ("recontact_days", "svy-recontact"),
];

/// The list page.
#[derive(Template, WebTemplate)]
#[template(path = "surveys/list.html")]
pub struct ListPage {
    chrome: Chrome,
    surveys: Vec<SurveyItem>,
    can_manage: bool,
    settings: SurveySettings,
    errors: FormErrors,
    form: HashMap<String, String>,
    kinds: Vec<&'static str>,
    /// Saved segments to send to: (id, name).
    segments: Vec<(String, String)>,
    /// The surveys "N days into a stage" (with a blank row to add one, for managers).
    pub(super) triggers: Vec<super::stage::TriggerRow>,
}

impl ListPage {
    fn value(&self, k: &str) -> String {
        self.form.get(k).cloned().unwrap_or_default()
    }

    fn kind_label(&self, k: &str) -> String {
        self.chrome.t(&format!("svy-kind-{k}"))
    }

    fn created(&self, s: &SurveyItem) -> crate::web::view::When {
        when(&s.survey.created_at)
    }
}

/// The list page with `errors` beside the fields of the form values `form`.
pub(super) async fn list_page(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    errors: FormErrors,
    form: HashMap<String, String>,
) -> Result<ListPage, AppError> {
    let blank = if user.has(Role::MANAGERS) {
        super::stage::BLANK_ROWS
    } else {
        0
    };
    Ok(ListPage {
        triggers: super::stage::rows(&tr, &s.store.survey_stage_triggers().await?, blank),
        surveys: s.store.surveys(200, None).await?,
        can_manage: user.has(Role::MANAGERS),
        settings: s.store.survey_settings().await?,
        errors,
        form,
        kinds: SurveyKind::ALL.iter().map(SurveyKind::as_str).collect(),
        segments: s
            .store
            .segments_all()
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect(),
        chrome: Chrome::new(tr, user),
    })
}

/// GET /surveys
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<ListPage, AppError> {
    list_page(&s, tr, &user, FormErrors::default(), HashMap::new()).await
}

/// POST /surveys: create and send (managers, admins); a refused form comes back with its
/// errors beside the fields (422).
pub async fn create(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let field = |k: &str| {
        f.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut errors = FormErrors::default();
    let kind = match SurveyKind::parse(&field("kind").unwrap_or_default()) {
        Ok(k) => Some(k),
        Err(e) => {
            errors.extend(FormErrors::from_domain_in(&tr, &[e], SEND_LABELS));
            None
        }
    };
    let expires_days = match field("expires_days").map(|d| d.parse::<i64>()) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => Some(0),
    };
    let input = NewSurvey {
        kind,
        name: field("name"),
        question: field("question"),
        segment_id: field("segment_id"),
        customer_ids: field("customer_ids")
            .unwrap_or_default()
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect(),
        expires_days,
        trigger_kind: "manual".into(),
    };
    if kind.is_some() {
        match s.store.send_survey(&user.actor(), &input, Utc::now()).await {
            Ok(r) => {
                return Ok(Redirect::to(&format!("/surveys/{}", r.survey.id)).into_response());
            }
            Err(e) => errors.extend(FormErrors::from_app_in(&tr, e.into(), SEND_LABELS)?),
        }
    }
    let page = list_page(&s, tr, &user, errors, f).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// POST /surveys/settings (managers, admins).
pub async fn save_settings(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let days = f
        .get("recontact_days")
        .and_then(|d| d.trim().parse::<i64>().ok())
        .unwrap_or(0);
    let settings = SurveySettings {
        recontact_days: days,
        relationship_nps: f.contains_key("relationship_nps"),
    };
    match s.store.set_survey_settings(&user.actor(), &settings).await {
        Ok(_) => Ok(Redirect::to("/surveys").into_response()),
        Err(e) => {
            let errors = FormErrors::from_app_in(&tr, e.into(), SEND_LABELS)?;
            let page = list_page(&s, tr, &user, errors, f).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// One survey's page.
#[derive(Template, WebTemplate)]
#[template(path = "surveys/show.html")]
pub struct ShowPage {
    chrome: Chrome,
    id: String,
    name: String,
    kind: String,
    created: crate::web::view::When,
    results: Results,
    score: String,
    rate: String,
    moe: String,
    distribution: Vec<Bar>,
    trend: Vec<Bar>,
    chart_w: i64,
    chart_h: i64,
    verbatims: Vec<ResponseItem>,
    recipients: Vec<Recipient>,
}

impl ShowPage {
    fn at(&self, t: &str) -> crate::web::view::When {
        when(t)
    }

    fn kind_label(&self) -> String {
        self.chrome.t(&format!("svy-kind-{}", self.kind))
    }

    /// `svy-promoters-nps`, `svy-detractors-csat`, …: the bands' names differ by kind.
    fn band(&self, band: &str) -> String {
        self.chrome.t(&format!("svy-{band}-{}", self.kind))
    }

    fn status(&self, r: &Recipient) -> String {
        self.chrome.t(&format!("svy-status-{}", r.status))
    }

    fn month_score(&self, s: &Option<f64>) -> String {
        view::score(&self.kind, *s)
    }

    fn reason(&self, r: &Recipient) -> String {
        match r.reason.as_deref() {
            Some(reason) => self.chrome.t(&format!("svy-reason-{reason}")),
            None => String::new(),
        }
    }
}

/// GET /surveys/{id}
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<ShowPage, AppError> {
    let survey = s.store.survey(&id).await?;
    let results = s.store.survey_results(&survey, user.clearance()).await?;
    let responses = s.store.survey_responses(&id, user.clearance()).await?;
    let recipients = s.store.survey_recipients(&id, user.clearance()).await?;
    Ok(ShowPage {
        score: view::score(&survey.kind, results.summary.score),
        rate: results
            .response_rate
            .map(|r| format!("{r:.1} %"))
            .unwrap_or_else(|| "—".into()),
        moe: results
            .summary
            .margin_of_error
            .map(|m| format!("±{m:.1}"))
            .unwrap_or_else(|| "—".into()),
        distribution: view::distribution(&results),
        trend: view::trend(&results),
        chart_w: CHART_W,
        chart_h: CHART_H,
        verbatims: responses
            .into_iter()
            .filter(|r| r.comment.is_some())
            .take(100)
            .collect(),
        recipients,
        id: survey.id,
        name: survey.name,
        kind: survey.kind,
        created: when(&survey.created_at),
        results,
        chrome: Chrome::new(tr, &user),
    })
}

/// GET /surveys/{id}/responses.csv
pub async fn csv(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let survey = s.store.survey(&id).await?;
    let rows = s.store.survey_responses(&id, user.clearance()).await?;
    crate::surveys::api::csv_response(&survey, &rows)
}
