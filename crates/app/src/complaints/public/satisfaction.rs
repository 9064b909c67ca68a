//! The satisfaction question after resolution (no login, reached by the link in the
//! satisfaction e-mail), rate-limited and size-limited like the complaint form.

use crate::kernel::state::AppState;
use crate::web::error::{AppError, Denied};
use crate::web::page::Chrome;
use crate::web::public::{MAX_BODY, language, limited};
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::{IntoResponse, Response};
use carewell_domain::Code;
use carewell_domain::complaint::record::MAX_NOTE;
use serde::Deserialize;

/// The satisfaction question.
#[derive(Template, WebTemplate)]
#[template(path = "public/satisfaction.html")]
pub struct SatisfactionPage {
    chrome: Chrome,
    token: String,
    subject: String,
    answered: bool,
    errors: Vec<String>,
}

/// GET /public/satisfaction/{token}: the 1–5 question.
pub async fn satisfaction_form(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<SatisfactionPage, AppError> {
    let c = s.store.complaint_by_satisfaction_token(&token).await?;
    let cu = s.store.customer(&c.customer_id).await?;
    Ok(SatisfactionPage {
        chrome: Chrome::customer(language(None, &headers, &cu.language)),
        token,
        subject: c.subject,
        answered: c.satisfaction_score.is_some(),
        errors: Vec::new(),
    })
}

/// The answer as posted.
#[derive(Debug, Default, Deserialize)]
pub struct SatisfactionForm {
    /// 1–5.
    #[serde(default)]
    pub score: String,
    /// Free comment.
    pub comment: Option<String>,
}

/// POST /public/satisfaction/{token}
pub async fn satisfaction_submit(
    State(s): State<AppState>,
    Path(token): Path<String>,
    ext: Extensions,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    limited(&ext, &headers, "", &token)?;
    let c = s.store.complaint_by_satisfaction_token(&token).await?;
    let cu = s.store.customer(&c.customer_id).await?;
    let tr = language(None, &headers, &cu.language);
    // An oversized form is read and shown again, refused as too long.
    let oversized = body.len() > MAX_BODY;
    let f: SatisfactionForm = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest(Denied::UnreadableForm))?;
    let score = f.score.trim().parse::<i64>().unwrap_or(0);
    let recorded = if oversized {
        Err(AppError::invalid(
            "comment",
            Code::TooLong { max: MAX_NOTE },
        ))
    } else {
        s.store
            .record_satisfaction(&token, score, f.comment.as_deref())
            .await
            .map_err(AppError::from)
    };
    match recorded {
        Ok(c) => Ok(SatisfactionPage {
            chrome: Chrome::customer(tr),
            token,
            subject: c.subject,
            answered: true,
            errors: Vec::new(),
        }
        .into_response()),
        Err(e) => {
            let status = e.status();
            let msg = match e {
                AppError::Invalid(v) => v
                    .iter()
                    .map(|e| match e.field.as_str() {
                        "score" => tr.t("cmp-public-choose-score"),
                        _ => tr.invalid(e),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                AppError::Refused(r) => tr.refusal(&r),
                other => return Err(other),
            };
            let page = SatisfactionPage {
                chrome: Chrome::customer(tr),
                token,
                subject: c.subject,
                answered: false,
                errors: vec![msg],
            };
            Ok((status, page).into_response())
        }
    }
}
