//! The customer's conversation page (no login), reached by the link in every reply e-mail or
//! one handed over by staff: the complaint's thread as the customer may see it (never internal
//! notes; our side is "customer care", never a staff member's address) and a reply box. A
//! reply while we wait on the customer resumes work and the SLA clock.

use crate::complaints::thread::{self, ThreadItem};
use crate::kernel::state::AppState;
use crate::web::error::{AppError, Denied};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::public::{MAX_BODY, language, limited};
use crate::web::view::{label, when_in};
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::complaint::thread::{MAX_REPLY, Reply, ThreadKind};
use carewell_domain::{Code, DomainError};
use carewell_store::complaints::{Audience, Complaint};
use serde::Deserialize;

/// One item as the customer sees it.
pub struct Item {
    kind: &'static str,
    who: String,
    at: String,
    subject: String,
    body: String,
    pruned: bool,
}

/// The conversation page.
#[derive(Template, WebTemplate)]
#[template(path = "public/conversation.html")]
pub struct ConversationPage {
    chrome: Chrome,
    token: String,
    subject: String,
    reference: String,
    status: String,
    items: Vec<Item>,
    body: String,
    error: Option<String>,
    sent: bool,
}

/// Query of the page.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// `1` after a reply was sent.
    #[serde(default)]
    pub sent: Option<String>,
    /// A language chosen on the page.
    #[serde(default)]
    pub lang: Option<String>,
}

/// The reply form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct ReplyForm {
    /// The text.
    #[serde(default)]
    pub body: String,
    /// Honeypot: people never see it, bots fill it in.
    #[serde(default)]
    pub website: String,
}

fn item(tr: &Tr, i: ThreadItem, zone: chrono_tz::Tz) -> Item {
    let who = match i.kind {
        ThreadKind::Customer => tr.t("thr-you"),
        _ => tr.t("thr-who-team"),
    };
    let subject = match (&i.subject, &i.template) {
        (Some(s), _) => s.clone(),
        (None, Some(t)) => label(tr, "cmp-message", t),
        _ => String::new(),
    };
    Item {
        kind: i.kind.as_str(),
        who,
        at: when_in(&i.at, zone),
        subject,
        pruned: i.content_pruned,
        body: i.body,
    }
}

async fn page(
    s: &AppState,
    tr: Tr,
    token: &str,
    c: &Complaint,
    draft: (String, Option<String>),
    sent: bool,
) -> Result<ConversationPage, AppError> {
    // Times as the customer lives them: in their own zone.
    let zone = s
        .store
        .customer(&c.customer_id)
        .await
        .ok()
        .map(|cu| carewell_domain::messaging::tz_or_utc(cu.timezone.as_deref()))
        .unwrap_or(chrono_tz::UTC);
    let items = thread::items(s, &c.id, Audience::Customer)
        .await?
        .into_iter()
        // Belt and braces: the customer's audience never carries notes.
        .filter(ThreadItem::customer_visible)
        .map(|i| item(&tr, i, zone))
        .collect();
    Ok(ConversationPage {
        status: label(&tr, "cmp-status", c.status.as_str()),
        chrome: Chrome::customer(tr),
        token: token.to_string(),
        subject: c.subject.clone(),
        reference: c.reference(),
        items,
        body: draft.0,
        error: draft.1,
        sent,
    })
}

async fn customer_language(s: &AppState, c: &Complaint) -> Result<String, AppError> {
    Ok(s.store.customer(&c.customer_id).await?.language)
}

/// GET /public/conversation/{token}: the thread and the reply box, in the customer's language.
pub async fn show(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<ConversationPage, AppError> {
    let c = s.store.complaint_by_thread_token(&token).await?;
    let tr = language(
        q.lang.as_deref(),
        &headers,
        &customer_language(&s, &c).await?,
    );
    page(&s, tr, &token, &c, (String::new(), None), q.sent.is_some()).await
}

/// POST /public/conversation/{token}: the customer's reply.
pub async fn reply(
    State(s): State<AppState>,
    Path(token): Path<String>,
    ext: Extensions,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    limited(&ext, &headers, "thread-", &token)?;
    let c = s.store.complaint_by_thread_token(&token).await?;
    let tr = language(None, &headers, &customer_language(&s, &c).await?);
    let oversized = body.len() > MAX_BODY;
    let f: ReplyForm = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest(Denied::UnreadableForm))?;
    let here = format!("/public/conversation/{token}?sent=1");
    if !f.website.is_empty() {
        tracing::info!("public conversation: honeypot filled, dropped");
        return Ok(Redirect::to(&here).into_response());
    }
    let parsed = if oversized {
        Err(DomainError::new("body", Code::TooLong { max: MAX_REPLY }))
    } else {
        Reply::parse(&f.body, false)
    };
    match parsed {
        Ok(r) => {
            s.store.reply_by_thread_link(&token, &r).await?;
            Ok(Redirect::to(&here).into_response())
        }
        Err(e) => {
            let msg = tr.code(&e.code);
            let p = page(&s, tr, &token, &c, (f.body, Some(msg)), false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}
