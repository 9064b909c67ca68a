//! The survey question customers reach by their one-time link, `/s/{token}` (no login, in the
//! customer's language, the operator's brand): one question, the scale as radio buttons, an
//! optional comment. The unguessable token in the address is the form's only credential (as on
//! the other customer pages), posts are rate-limited per address and per link and size-limited;
//! answering twice, an expired link and an unknown one each get their polite page.

use crate::kernel::state::AppState;
use crate::web::error::{AppError, Denied};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::public::{MAX_BODY, language, limited};
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use carewell_domain::survey::SurveyKind;
use carewell_domain::{Code, Refusal};
use carewell_store::StoreError;
use carewell_store::surveys::Invitation;
use carewell_store::surveys::answer::MAX_COMMENT;
use chrono::Utc;
use serde::Deserialize;

/// What the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The question.
    Ask,
    /// Thanks after answering.
    Thanks,
    /// Answered before.
    Answered,
    /// The link has expired.
    Expired,
}

/// The survey page.
#[derive(Template, WebTemplate)]
#[template(path = "surveys/public.html")]
pub struct SurveyPage {
    chrome: Chrome,
    token: String,
    question: String,
    low: String,
    high: String,
    scale: Vec<i64>,
    min: i64,
    max: i64,
    state: Stage,
    errors: Vec<String>,
    max_comment: usize,
}

impl SurveyPage {
    fn new(tr: Tr, token: String, inv: &Invitation, state: Stage) -> Self {
        let kind = inv.survey.survey_kind().unwrap_or(SurveyKind::Nps);
        let k = kind.as_str();
        let (min, max) = kind.scale();
        Self {
            question: inv
                .survey
                .question
                .clone()
                .unwrap_or_else(|| tr.t(&format!("svy-question-{k}"))),
            low: tr.t(&format!("svy-low-{k}")),
            high: tr.t(&format!("svy-high-{k}")),
            chrome: Chrome::customer(tr),
            token,
            scale: (min..=max).collect(),
            min,
            max,
            state,
            errors: Vec::new(),
            max_comment: MAX_COMMENT,
        }
    }
}

/// GET /s/{token}: the question, or why it cannot be answered.
pub async fn show(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let inv = s.store.survey_invitation(&token, Utc::now()).await?;
    let tr = language(None, &headers, &inv.language);
    let state = if inv.answered {
        Stage::Answered
    } else if inv.expired {
        Stage::Expired
    } else {
        Stage::Ask
    };
    let status = if state == Stage::Expired {
        StatusCode::GONE
    } else {
        StatusCode::OK
    };
    Ok((status, SurveyPage::new(tr, token, &inv, state)).into_response())
}

/// The answer as posted.
#[derive(Debug, Default, Deserialize)]
pub struct AnswerForm {
    /// On the kind's scale.
    #[serde(default)]
    pub score: String,
    /// Free comment.
    pub comment: Option<String>,
}

/// POST /s/{token}: stores the answer once.
pub async fn answer(
    State(s): State<AppState>,
    Path(token): Path<String>,
    ext: Extensions,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    limited(&ext, &headers, "survey-", &token)?;
    let inv = s.store.survey_invitation(&token, Utc::now()).await?;
    let tr = language(None, &headers, &inv.language);
    let page = |state| SurveyPage::new(tr, token.clone(), &inv, state);
    if body.len() > MAX_BODY {
        let mut p = page(Stage::Ask);
        p.errors.push(tr.invalid(&carewell_domain::DomainError::new(
            "comment",
            Code::TooLong { max: MAX_COMMENT },
        )));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
    }
    let f: AnswerForm = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest(Denied::UnreadableForm))?;
    let Ok(score) = f.score.trim().parse::<i64>() else {
        let mut p = page(Stage::Ask);
        p.errors.push(tr.t("svy-choose-score"));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
    };
    match s
        .store
        .answer_survey(&token, score, f.comment.as_deref(), Utc::now())
        .await
    {
        Ok(_) => Ok(page(Stage::Thanks).into_response()),
        Err(StoreError::Refused(Refusal::AlreadyDone { .. })) => {
            Ok((StatusCode::CONFLICT, page(Stage::Answered)).into_response())
        }
        Err(StoreError::Refused(Refusal::WrongState { .. })) => {
            Ok((StatusCode::GONE, page(Stage::Expired)).into_response())
        }
        Err(StoreError::Invalid(e)) => {
            let mut p = page(Stage::Ask);
            p.errors.push(match e.field.as_str() {
                "score" => tr.t("svy-choose-score"),
                _ => tr.invalid(&e),
            });
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
