//! The exit survey on the customer's own page: token-bound instead of CSRF, rate-limited per
//! client address and per link, with a honeypot and a size limit.

use super::page::{PageQuery, case_for, language, page};
use crate::kernel::state::AppState;
use crate::web::error::{AppError, Denied};
use crate::web::public::{MAX_BODY, limited};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::{IntoResponse, Response};
use carewell_domain::offboarding::{ExitSurvey, MAX_TEXT};
use carewell_domain::{Code, DomainError};
use serde::Deserialize;

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
    // An oversized form is read and shown again, refused as too long.
    let oversized = body.len() > MAX_BODY;
    let f: SurveyForm = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest(Denied::UnreadableForm))?;
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
    let parsed = if oversized {
        Err(DomainError::new("comment", Code::TooLong { max: MAX_TEXT }))
    } else {
        parsed
    };
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
                AppError::Refused(_) => vec![tr.t("offb-public-err-answered")],
                _ => return Err(e),
            };
            let p = page(&s, tr, &token, &c, f, msgs, false).await?;
            Ok((status, p).into_response())
        }
    }
}
