//! A complaint's conversation as readers see it: the store's thread with every message sent to
//! the customer rendered as they received it (their language, the e-mail's subject and text,
//! the link elided), or said to be pruned after the retention period. One view model for the
//! API, the staff page and the customer's conversation page.

use crate::kernel::state::AppState;
use crate::messaging::render;
use crate::web::error::AppError;
use carewell_domain::complaint::Attachment;
use carewell_domain::complaint::thread::ThreadKind;
use carewell_store::complaints::{Audience, ThreadEntry};
use carewell_store::outbox::Message;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// One item of a complaint's thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThreadItem {
    /// Id (`original` for the customer's original words).
    pub id: String,
    /// `customer`, `agent`, `note` (internal, never sent) or `system` (a workflow message).
    pub kind: ThreadKind,
    /// The subject: an e-mail's as received or as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The text: the customer's words, the agent's reply or note, or a workflow message as the
    /// customer received it. Empty when the message's content was pruned (`content_pruned`).
    pub body: String,
    /// When (UTC).
    pub at: String,
    /// Who wrote it: a staff member's label, `customer` or `system`.
    pub author: String,
    /// `page`, `public`, `email`, `workflow`, or the intake channel for the original words.
    pub via: String,
    /// The outbox message that carried it to the customer (agent replies, workflow messages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The message's template (`complaint-acknowledged`, …), for workflow messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// The message's delivery status (`queued`, `sent`, `dropped`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
    /// The message's content was removed after the retention period
    /// (`message_content_retention_days`) or with the customer's erasure: the rendered text
    /// cannot be shown any more.
    pub content_pruned: bool,
    /// An inbound e-mail came with an HTML part (stored as received, never rendered).
    pub has_html: bool,
    /// Attachment metadata.
    pub attachments: Vec<Attachment>,
}

impl ThreadItem {
    /// Whether the customer may see it.
    pub fn customer_visible(&self) -> bool {
        self.kind.customer_visible()
    }
}

/// Whether a message's content is gone: pruned after the retention period, or erased with the
/// customer (every complaint e-mail has arguments; an erasure leaves none).
pub fn content_gone(m: &Message) -> bool {
    m.pruned_at.is_some() || m.args.as_object().is_none_or(|a| a.is_empty())
}

/// The rendered text of a message the customer received: `None` when its content is gone
/// ([`content_gone`]) or it is not an e-mail.
pub fn rendered(m: &Message, base_url: &str) -> Option<render::Rendered> {
    if content_gone(m) || m.channel != carewell_store::outbox::EMAIL {
        return None;
    }
    Some(render::email(m, base_url))
}

fn item(e: ThreadEntry, messages: &HashMap<String, Message>, base_url: &str) -> ThreadItem {
    let m = e.outbox_id.as_ref().and_then(|id| messages.get(id));
    let r = m.and_then(|m| rendered(m, base_url));
    let (subject, body) = match (e.kind, r) {
        // A workflow message is its rendered e-mail.
        (ThreadKind::System, Some(r)) => (Some(r.subject), r.body),
        (ThreadKind::System, None) => (None, String::new()),
        // An agent's reply: the text written, under the subject sent.
        (ThreadKind::Agent, Some(r)) => (Some(r.subject), e.body),
        (_, _) => (e.subject.filter(|s| !s.is_empty()), e.body),
    };
    ThreadItem {
        content_pruned: m.is_some_and(content_gone),
        template: m.and_then(|m| m.template.clone()),
        delivery: m.map(|m| m.status.clone()),
        message_id: e.outbox_id,
        has_html: e.html.is_some(),
        id: e.id,
        kind: e.kind,
        subject,
        body,
        at: e.at,
        author: e.author,
        via: e.via,
        attachments: e.attachments,
    }
}

/// The thread of complaint `id` for `audience`, oldest first.
pub async fn items(
    s: &AppState,
    id: &str,
    audience: Audience,
) -> Result<Vec<ThreadItem>, AppError> {
    let entries = s.store.complaint_thread(id, audience).await?;
    let messages: HashMap<String, Message> = s
        .store
        .complaint_thread_messages(id)
        .await?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect();
    let base = &s.config.base_url;
    Ok(entries
        .into_iter()
        .map(|e| item(e, &messages, base))
        .collect())
}
