//! `/settings/messaging` (admins): the SMTP settings, webhook endpoints (add, activate,
//! deactivate) and a test message.

use crate::kernel::state::AppState;
use crate::messaging::api::{EndpointIn, SettingsOut, check_endpoint, enqueue_test};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::FormErrors;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::when_utc;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::events::{EventType, WILDCARD};
use carewell_store::webhooks::{Endpoint, EndpointHealth};
use serde::Deserialize;

/// The settings page.
#[derive(Template, WebTemplate)]
#[template(path = "messaging/settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    settings: SettingsOut,
    cap_text: String,
    endpoints: Vec<EndpointView>,
    secret: Option<String>,
    notice: Option<String>,
    events: Vec<EventChoice>,
    /// Why the add-endpoint form was refused, beside its fields.
    errors: FormErrors,
    /// The refused form's input, shown again.
    draft: EndpointIn,
    /// The IMAP poller's settings and last result.
    imap: super::imap::ImapCard,
}

/// An endpoint with how its deliveries have gone.
pub struct EndpointView {
    /// The endpoint.
    pub e: Endpoint,
    /// Its readable event types.
    pub events: String,
    /// The newest delivery's result in words (empty before the first).
    pub last: String,
    /// The newest delivery's time in UTC (hover).
    pub last_utc: String,
    /// Failed attempts of the last 7 days, in words (empty for none).
    pub failures: String,
    /// The newest delivery failed.
    pub failing: bool,
}

fn endpoint_view(tr: &Tr, e: Endpoint, h: EndpointHealth) -> EndpointView {
    let status = h.last_status.clone().unwrap_or_default();
    let at = h.last_at.clone().unwrap_or_default();
    let last = if status.is_empty() {
        tr.t("msg-endpoint-never")
    } else {
        let status_text = crate::web::view::label(tr, "msg-status", &status);
        let mut text = if at.is_empty() {
            status_text
        } else {
            tr.t_with(
                "msg-endpoint-last",
                &[
                    ("status", &status_text),
                    ("at", &crate::web::view::when_text(&at)),
                ],
            )
        };
        if let Some(r) = h.last_reason.as_deref().filter(|r| !r.trim().is_empty()) {
            text.push_str(&format!(" ({})", r.chars().take(200).collect::<String>()));
        }
        text
    };
    EndpointView {
        events: e
            .event_types
            .iter()
            .map(|t| match EventType::parse(t) {
                Some(ev) => tr.t(&event_label_id(ev)),
                None if t == WILDCARD => tr.t("msg-evt-all"),
                None => t.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        last,
        last_utc: if at.is_empty() {
            String::new()
        } else {
            when_utc(&at)
        },
        failures: if h.failures_7d > 0 {
            tr.t_n("msg-endpoint-failures", h.failures_7d)
        } else {
            String::new()
        },
        failing: h.failing(),
        e,
    }
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
    refused_page(
        s,
        tr,
        user,
        secret,
        notice,
        FormErrors::default(),
        empty_draft(),
    )
    .await
}

fn empty_draft() -> EndpointIn {
    EndpointIn {
        url: String::new(),
        event_types: Vec::new(),
        description: String::new(),
    }
}

async fn refused_page(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    secret: Option<String>,
    notice: Option<String>,
    errors: FormErrors,
    draft: EndpointIn,
) -> Result<SettingsPage, AppError> {
    let settings = SettingsOut::of(&s.config);
    let mut endpoints = Vec::new();
    for e in s.store.webhook_endpoints().await? {
        let h = s.store.webhook_health(&e.id).await?;
        endpoints.push(endpoint_view(&tr, e, h));
    }
    let n = settings.message_cap.to_string();
    let days = settings.message_cap_days.to_string();
    let events = event_choices(&tr, &draft.event_types);
    let imap = super::imap::card(&s.store, &tr, &s.config.inbound).await?;
    Ok(SettingsPage {
        imap,
        cap_text: tr.t_with(
            "msg-cap-value",
            &[("n", n.as_str()), ("days", days.as_str())],
        ),
        chrome: Chrome::new(tr, user),
        settings,
        endpoints,
        events,
        secret,
        notice,
        errors,
        draft,
    })
}

/// GET /settings/messaging (admins)
pub async fn settings(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<SettingsQuery>,
) -> Result<SettingsPage, AppError> {
    // With e-mail off the message cannot leave yet: say that it waits.
    let key = if s.config.smtp_host.trim().is_empty() {
        "msg-test-queued-smtp-off"
    } else {
        "msg-test-queued"
    };
    let notice = q.sent.map(|_| tr.t(key));
    settings_page(&s, tr, &user, None, notice).await
}

/// One catalogue checkbox on the add-endpoint form.
pub struct EventChoice {
    /// Wire name (`customer.created`), or `*`.
    pub name: String,
    /// Readable label.
    pub label: String,
    /// Ticked (a refused form shown again).
    pub checked: bool,
}

/// The catalogue as checkboxes: `*` (all) first, then every event type.
fn event_choices(tr: &Tr, ticked: &[String]) -> Vec<EventChoice> {
    let checked = |n: &str| ticked.iter().any(|t| t == n);
    std::iter::once(EventChoice {
        name: WILDCARD.into(),
        label: tr.t("msg-evt-all"),
        checked: checked(WILDCARD),
    })
    .chain(EventType::ALL.into_iter().map(|e| EventChoice {
        name: e.as_str().into(),
        label: tr.t(&event_label_id(e)),
        checked: checked(e.as_str()),
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
) -> Result<Response, AppError> {
    let input = endpoint_form(&body)?;
    let allow = carewell_domain::outbound::AllowHosts::new(&s.config.webhook_allow_hosts);
    let (url, types) = match check_endpoint(&input, &allow).await {
        Ok(ok) => ok,
        // The page again with the reason beside the field and the input kept.
        Err(e) => {
            let errors = FormErrors::from_app(&tr, e)?;
            let page = refused_page(&s, tr, &user, None, None, errors, input).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
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
    Ok(settings_page(&s, tr, &user, Some(secret), None)
        .await?
        .into_response())
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
