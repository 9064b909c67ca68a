//! A customer's delivery log (`/customers/{id}/messages`), with an admin retry button.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::role::Role;
use carewell_store::outbox;
use serde::Deserialize;

/// One row of the delivery log.
pub struct Row {
    id: String,
    created: String,
    channel: String,
    class: String,
    event: String,
    subject: String,
    recipient: String,
    status: String,
    status_label: String,
    reason: String,
    attempts: i64,
    sent: String,
    retryable: bool,
}

/// The delivery log page.
#[derive(Template, WebTemplate)]
#[template(path = "messaging/customer.html")]
pub struct LogPage {
    chrome: Chrome,
    customer_id: String,
    subtitle: String,
    rows: Vec<Row>,
    is_admin: bool,
}

fn short(ts: &str) -> String {
    ts.get(..16).unwrap_or(ts).replace('T', " ")
}

/// GET /customers/{id}/messages
pub async fn customer_log(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<LogPage, AppError> {
    let c = s.store.customer(&id).await?;
    let page = outbox::for_customer(&s.store, &id, 200, 0).await?;
    let rows = page
        .items
        .into_iter()
        .map(|m| Row {
            subject: super::message::subject(&m, &s.config.base_url),
            // Content removed after the retention period cannot be sent again.
            retryable: (m.status == "dead" || m.status == "dropped") && m.pruned_at.is_none(),
            status_label: tr.t(&format!("msg-status-{}", m.status)),
            id: m.id,
            created: short(&m.created_at),
            channel: m.consent_channel.unwrap_or(m.channel),
            class: m.class,
            event: m.event,
            recipient: m.recipient,
            status: m.status,
            reason: match (&m.pruned_at, m.reason) {
                (Some(at), r) => {
                    let pruned = tr.t_with(
                        "msg-content-pruned",
                        &[("date", short(at).get(..10).unwrap_or_default())],
                    );
                    r.map_or(pruned.clone(), |r| format!("{r} · {pruned}"))
                }
                (None, r) => r.unwrap_or_default(),
            },
            attempts: m.attempts,
            sent: m.sent_at.as_deref().map(short).unwrap_or_default(),
        })
        .collect();
    let chrome = Chrome::new(tr, &user);
    Ok(LogPage {
        subtitle: tr.t_with("msg-log-sub", &[("name", c.name.as_str())]),
        is_admin: chrome.can(Role::ADMINS),
        chrome,
        customer_id: id,
        rows,
    })
}

/// Where to go after a retry.
#[derive(Debug, Default, Deserialize)]
pub struct BackForm {
    /// A local path to return to.
    #[serde(default)]
    pub back: String,
}

/// POST /messages/{id}/retry (admins)
pub async fn retry(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<BackForm>,
) -> Result<Response, AppError> {
    let m = outbox::retry(&s.store, &user.actor(), &id).await?;
    let back = if f.back.starts_with('/') && !f.back.starts_with("//") {
        f.back
    } else {
        m.customer_id
            .map(|c| format!("/customers/{c}/messages"))
            .unwrap_or_else(|| "/settings/messaging".into())
    };
    Ok(Redirect::to(&back).into_response())
}
