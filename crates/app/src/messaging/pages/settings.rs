//! `/settings/messaging` (admins): the SMTP settings, webhook endpoints (add, activate,
//! deactivate) and a test message.

use crate::kernel::state::AppState;
use crate::messaging::api::{EndpointIn, SettingsOut, check_endpoint, enqueue_test};
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
use carewell_store::webhooks::Endpoint;
use serde::Deserialize;

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
        .map_err(|_| AppError::BadRequest(crate::web::error::Denied::UnreadableForm))?;
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
    let allow = carewell_domain::outbound::AllowHosts::new(&s.config.webhook_allow_hosts);
    let (url, types) = check_endpoint(&input, &allow).await?;
    let secret = crate::messaging::webhook::new_secret();
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
