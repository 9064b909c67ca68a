//! Staff pages: a customer's delivery log (`/customers/{id}/messages`) with an admin retry
//! button, and `/settings/messaging` (SMTP settings, webhook endpoints, test message).

use super::api::{EndpointIn, SettingsOut, check_endpoint, enqueue_test};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::events::{EventType, WILDCARD};
use carewell_domain::role::Role;
use carewell_store::outbox;
use carewell_store::webhooks::Endpoint;
use serde::Deserialize;

/// One row of the delivery log.
pub struct Row {
    id: String,
    created: String,
    channel: String,
    class: String,
    event: String,
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
            retryable: m.status == "dead" || m.status == "dropped",
            status_label: tr.t(&format!("msg-status-{}", m.status)),
            id: m.id,
            created: short(&m.created_at),
            channel: m.consent_channel.unwrap_or(m.channel),
            class: m.class,
            event: m.event,
            recipient: m.recipient,
            status: m.status,
            reason: m.reason.unwrap_or_default(),
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

/// The settings page.
#[derive(Template, WebTemplate)]
#[template(path = "messaging/settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    settings: SettingsOut,
    cap_text: String,
    endpoints: Vec<Endpoint>,
    secret: Option<String>,
    notice: Option<String>,
    events: Vec<EventChoice>,
}

/// Flash-like query: `?sent=1` after a test message.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsQuery {
    /// A test message was queued.
    #[serde(default)]
    pub sent: Option<String>,
}

async fn settings_page(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    secret: Option<String>,
    notice: Option<String>,
) -> Result<SettingsPage, AppError> {
    let settings = SettingsOut::of(&s.config);
    let n = settings.message_cap.to_string();
    let days = settings.message_cap_days.to_string();
    Ok(SettingsPage {
        cap_text: tr.t_with(
            "msg-cap-value",
            &[("n", n.as_str()), ("days", days.as_str())],
        ),
        chrome: Chrome::new(tr, user),
        settings,
        endpoints: s.store.webhook_endpoints().await?,
        events: event_choices(tr),
        secret,
        notice,
    })
}

/// GET /settings/messaging (admins)
pub async fn settings(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<SettingsQuery>,
) -> Result<SettingsPage, AppError> {
    let notice = q.sent.map(|_| tr.t("msg-test-queued"));
    settings_page(&s, tr, &user, None, notice).await
}

/// One catalogue checkbox on the add-endpoint form.
pub struct EventChoice {
    /// Wire name (`customer.created`), or `*`.
    pub name: String,
    /// Readable label.
    pub label: String,
}

/// The catalogue as checkboxes: `*` (all) first, then every event type.
fn event_choices(tr: Tr) -> Vec<EventChoice> {
    std::iter::once(EventChoice {
        name: WILDCARD.into(),
        label: tr.t("msg-evt-all"),
    })
    .chain(EventType::ALL.into_iter().map(|e| EventChoice {
        name: e.as_str().into(),
        label: tr.t(&event_label_id(e)),
    }))
    .collect()
}

/// The Fluent id of an event type's label: `msg-evt-` + the name with `.`/`_` as `-`.
pub fn event_label_id(e: EventType) -> String {
    format!("msg-evt-{}", e.as_str().replace(['.', '_'], "-"))
}

/// The add-endpoint form (URL-encoded; `event_types` repeats, one per ticked box).
fn endpoint_form(body: &Bytes) -> Result<EndpointIn, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|_| AppError::BadRequest("the form could not be read".into()))?;
    let mut e = EndpointIn {
        url: String::new(),
        event_types: Vec::new(),
        description: String::new(),
    };
    for (k, v) in pairs {
        match k.as_str() {
            "url" => e.url = v,
            "event_types" => e.event_types.push(v),
            "description" => e.description = v,
            _ => {}
        }
    }
    Ok(e)
}

/// POST /settings/messaging/webhooks (admins): shows the new secret once.
pub async fn add_endpoint(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    body: Bytes,
) -> Result<SettingsPage, AppError> {
    let input = endpoint_form(&body)?;
    let (url, types) = check_endpoint(&input)?;
    let secret = super::webhook::new_secret();
    s.store
        .create_webhook_endpoint(
            &user.actor(),
            &url,
            &secret,
            &types,
            input.description.trim(),
        )
        .await?;
    settings_page(&s, tr, &user, Some(secret), None).await
}

/// The enable/disable form.
#[derive(Debug, Default, Deserialize)]
pub struct ActiveForm {
    /// `1` to enable, anything else to disable.
    #[serde(default)]
    pub active: String,
}

/// POST /settings/messaging/webhooks/{id}/active (admins)
pub async fn set_active(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<ActiveForm>,
) -> Result<Response, AppError> {
    s.store
        .set_webhook_active(&user.actor(), &id, f.active == "1")
        .await?;
    Ok(Redirect::to("/settings/messaging").into_response())
}

/// The test-message form.
#[derive(Debug, Default, Deserialize)]
pub struct TestForm {
    /// Recipient.
    #[serde(default)]
    pub to: String,
}

/// POST /settings/messaging/test (admins)
pub async fn send_test(
    State(s): State<AppState>,
    user: CurrentUser,
    Form(f): Form<TestForm>,
) -> Result<Response, AppError> {
    enqueue_test(&s, &user, &f.to).await?;
    Ok(Redirect::to("/settings/messaging?sent=1").into_response())
}
