//! One message as its recipient received it (`/messages/{id}`): the rendered subject and text
//! of an e-mail in the recipient's language (the customer link elided), or a webhook's event
//! and data, with the delivery log. Content removed after the retention period is said so.

use crate::kernel::state::AppState;
use crate::messaging::render;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::when;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use carewell_store::outbox::{self, EMAIL, Message};

/// A line of the delivery log.
pub struct LogLine {
    at: crate::web::view::When,
    status: String,
    reason: String,
}

/// The message page.
#[derive(Template, WebTemplate)]
#[template(path = "messaging/message.html")]
pub struct MessagePage {
    chrome: Chrome,
    m: Message,
    subject: String,
    body: String,
    pruned: Option<String>,
    status: String,
    log: Vec<LogLine>,
}

/// The subject of a stored message as its recipient got it: the rendered e-mail subject, or
/// the event of a webhook; empty once the content was pruned.
pub fn subject(m: &Message, base_url: &str) -> String {
    match (m.channel.as_str(), &m.pruned_at) {
        (EMAIL, None) => render::email(m, base_url).subject,
        (EMAIL, Some(_)) => String::new(),
        _ => m.event.clone(),
    }
}

/// GET /messages/{id}
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<MessagePage, AppError> {
    let m = outbox::get(&s.store, &id).await?;
    let (subject, body) = match (m.channel.as_str(), &m.pruned_at) {
        (_, Some(_)) => (String::new(), String::new()),
        (EMAIL, None) => {
            let r = render::email(&m, &s.config.base_url);
            (r.subject, r.body)
        }
        _ => (
            m.event.clone(),
            serde_json::to_string_pretty(&m.payload).unwrap_or_default(),
        ),
    };
    let pruned = m.pruned_at.as_deref().map(|at| {
        tr.t_with(
            "msg-content-pruned",
            &[("date", at.get(..10).unwrap_or_default())],
        )
    });
    let log = outbox::history(&s.store, &id)
        .await?
        .into_iter()
        .map(|l| LogLine {
            at: when(&l.at),
            status: tr.t(&format!("msg-status-{}", l.status)),
            reason: l.reason.unwrap_or_default(),
        })
        .collect();
    Ok(MessagePage {
        status: tr.t(&format!("msg-status-{}", m.status)),
        chrome: Chrome::new(tr, &user),
        subject,
        body,
        pruned,
        log,
        m,
    })
}
