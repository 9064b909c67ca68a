//! `POST /api/v1/inbound/email`: customer e-mail from an inbound-parse service (SendGrid,
//! Mailgun, Postmark and the like post the same shape), authenticated with an API token.
//! A mail that answers one of ours (In-Reply-To / References), a mail of the same thread, or a
//! mail from the complaint's customer with its `[#reference]` in the subject joins that
//! complaint's thread; anything else opens a new complaint for triage. The same `message_id`
//! twice is stored once.
//!
//! Size limits: the whole request at most 2 MiB (a larger one is a 413 problem); the text is
//! kept up to 100,000 characters (cut and marked beyond; a new intake's description up to
//! 10,000), an HTML part up to 512 KiB (left out beyond; it is stored but never rendered), at
//! most 20 attachments' metadata.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::State;
use carewell_domain::complaint::thread::{InboundAttachment, InboundMail, RawInbound};
use carewell_store::complaints::InboundOutcome;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Metadata of an attachment (the content is not accepted).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct InboundAttachmentBody {
    /// File name.
    #[serde(default, alias = "filename")]
    pub name: String,
    /// MIME type.
    #[serde(default, alias = "type")]
    pub content_type: String,
    /// Size in bytes.
    #[serde(default)]
    pub size: i64,
}

/// An inbound e-mail in the common inbound-parse shape.
#[derive(Debug, Deserialize, ToSchema)]
pub struct InboundEmailBody {
    /// The sender: `address` or `Name <address>`.
    pub from: String,
    /// The recipient (our support address); not used for threading.
    #[serde(default)]
    pub to: String,
    /// Subject.
    #[serde(default)]
    pub subject: String,
    /// The plain-text body.
    #[serde(default)]
    pub text: String,
    /// The HTML body, if any: stored, never rendered.
    #[serde(default)]
    pub html: Option<String>,
    /// The mail's own Message-ID (with or without angle brackets).
    pub message_id: String,
    /// The In-Reply-To header.
    #[serde(default)]
    pub in_reply_to: Option<String>,
    /// The References header.
    #[serde(default)]
    pub references: Option<String>,
    /// Attachment metadata.
    #[serde(default)]
    pub attachments: Vec<InboundAttachmentBody>,
}

/// Where the mail went.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboundOut {
    /// The complaint it was threaded into, or the new intake.
    pub complaint_id: String,
    /// The complaint's short reference.
    pub reference: String,
    /// `threaded`, `new-intake` or `duplicate` (the same Message-ID was received before).
    pub outcome: InboundOutcome,
    /// The complaint's status now (a reply while waiting on the customer resumes work).
    #[schema(value_type = carewell_domain::complaint::workflow::Status)]
    pub status: String,
}

/// Receive a customer's e-mail (authenticated with an API token of an agent, manager or
/// admin): threaded into the complaint it answers, or a new complaint for triage. A reply while
/// the complaint waits on the customer resumes the SLA clock.
#[utoipa::path(post, path = "/api/v1/inbound/email", tag = "complaints", request_body = InboundEmailBody,
    responses((status = 200, body = InboundOut), (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn inbound_email(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<InboundEmailBody>,
) -> Result<Json<InboundOut>, AppError> {
    let mail = InboundMail::parse(RawInbound {
        from: &b.from,
        subject: &b.subject,
        text: &b.text,
        html: b.html.as_deref(),
        message_id: &b.message_id,
        in_reply_to: b.in_reply_to.as_deref(),
        references: b.references.as_deref(),
        attachments: b
            .attachments
            .into_iter()
            .map(|a| InboundAttachment {
                name: a.name,
                content_type: a.content_type,
                size: a.size,
            })
            .collect(),
    })?;
    let r = s.store.receive_inbound_email(&user.actor(), &mail).await?;
    Ok(Json(InboundOut {
        reference: r.complaint.reference(),
        status: r.complaint.status.as_str().to_string(),
        complaint_id: r.complaint.id,
        outcome: r.outcome,
    }))
}
