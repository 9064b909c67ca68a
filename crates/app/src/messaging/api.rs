//! `/api/v1` for messaging: a customer's delivery log, one message with its history, admin
//! retry of a dead-lettered message, webhook endpoints, SMTP settings and a test message.

use crate::kernel::config::{Config, redact_secret};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::email::Email;
use carewell_domain::events::{EventType, WILDCARD};
use carewell_domain::messaging::MessageClass;
use carewell_domain::outbound::AllowHosts;
use carewell_domain::{Code, Format};
use carewell_store::outbox::{self, LogEntry, Message, NewMessage};
use carewell_store::webhooks::Endpoint;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

/// Paging.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
    /// Rows to skip.
    pub offset: Option<i64>,
}

/// One page of messages.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessagePage {
    /// Messages, newest first.
    pub items: Vec<Message>,
    /// Matches in all.
    pub total: i64,
    /// Page size.
    pub limit: i64,
    /// Rows skipped.
    pub offset: i64,
}

/// A message with its delivery history.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageDetail {
    /// The message.
    #[serde(flatten)]
    pub message: Message,
    /// Status changes, oldest first.
    pub history: Vec<LogEntry>,
}

/// A customer's messages: queued, sent, failed, deferred, dropped or dead, with the reason.
#[utoipa::path(get, path = "/api/v1/customers/{id}/messages", tag = "messaging", params(("id" = String, Path, description = "Customer id"), PageParams),
    responses((status = 200, body = MessagePage), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn customer_messages(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<MessagePage>, AppError> {
    s.store.customer(&id).await?;
    let page = outbox::for_customer(
        &s.store,
        &id,
        p.limit.unwrap_or(50).clamp(1, 500),
        p.offset.unwrap_or(0).max(0),
    )
    .await?;
    Ok(Json(MessagePage {
        items: page.items,
        total: page.total,
        limit: page.limit,
        offset: page.offset,
    }))
}

/// One message with its delivery history.
#[utoipa::path(get, operation_id = "get_message", path = "/api/v1/messages/{id}", tag = "messaging", params(("id" = String, Path, description = "Message id")),
    responses((status = 200, body = MessageDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<MessageDetail>, AppError> {
    let message = outbox::get(&s.store, &id).await?;
    let history = outbox::history(&s.store, &id).await?;
    Ok(Json(MessageDetail { message, history }))
}

/// Puts a dead-lettered (or dropped) message back in the queue with fresh attempts (admins).
/// Its idempotency key, and so its Message-ID / webhook-id, stay the same.
#[utoipa::path(post, path = "/api/v1/messages/{id}/retry", tag = "messaging", params(("id" = String, Path, description = "Message id")),
    responses((status = 200, body = Message), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn retry(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Message>, AppError> {
    Ok(Json(outbox::retry(&s.store, &user.actor(), &id).await?))
}

/// The webhook endpoints (secrets are never returned after creation).
#[utoipa::path(get, path = "/api/v1/webhook-endpoints", tag = "messaging",
    responses((status = 200, body = Vec<Endpoint>)))]
pub async fn endpoints(State(s): State<AppState>) -> Result<Json<Vec<Endpoint>>, AppError> {
    Ok(Json(s.store.webhook_endpoints().await?))
}

/// A new webhook endpoint.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EndpointIn {
    /// `http://` or `https://` URL receiving the POSTs. A host on the server itself or its
    /// private network (loopback, private, link-local, cloud metadata) is refused
    /// (`internal-address`) unless the `webhook_allow_hosts` setting lists it.
    pub url: String,
    /// Event types to receive, from the catalogue (`customer.created`, …; `*` or empty for all).
    #[serde(default)]
    pub event_types: Vec<String>,
    /// What it is for.
    #[serde(default)]
    pub description: String,
}

/// A created endpoint with its signing secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct EndpointCreated {
    /// The endpoint.
    #[serde(flatten)]
    pub endpoint: Endpoint,
    /// `whsec_…` Standard Webhooks signing secret.
    pub secret: String,
}

/// Validates and normalises an endpoint. Its host may not be on this machine or its private
/// network unless `allow` (the `webhook_allow_hosts` setting) lists it (see [`super::target`]).
pub async fn check_endpoint(
    e: &EndpointIn,
    allow: &AllowHosts,
) -> Result<(String, Vec<String>), AppError> {
    let url = e.url.trim();
    let bad = |expected| {
        let value = url.chars().take(200).collect();
        AppError::invalid("url", Code::Malformed { value, expected })
    };
    let parsed = reqwest::Url::parse(url).map_err(|_| bad(Format::Url))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(bad(Format::HttpUrl));
    }
    super::target::check_url(&parsed, allow)
        .await
        .map_err(|code| AppError::invalid("url", code))?;
    let mut types: Vec<String> = e
        .event_types
        .iter()
        .flat_map(|t| t.split(','))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if let Some(bad) = types
        .iter()
        .find(|t| t.as_str() != WILDCARD && EventType::parse(t).is_none())
    {
        let bad: String = bad.chars().take(100).collect();
        let mut allowed: Vec<String> = EventType::ALL.iter().map(|t| t.as_str().into()).collect();
        allowed.push(WILDCARD.into());
        return Err(AppError::invalid(
            "event_types",
            Code::OneOf {
                value: bad,
                allowed,
            },
        ));
    }
    if types.iter().any(|t| t == WILDCARD) {
        types = vec![WILDCARD.to_string()];
    }
    types.sort();
    types.dedup();
    Ok((url.to_string(), types))
}

/// Adds a webhook endpoint (admins); the response carries the signing secret once.
#[utoipa::path(post, path = "/api/v1/webhook-endpoints", tag = "messaging", request_body = EndpointIn,
    responses((status = 201, body = EndpointCreated), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_endpoint(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(e): ApiJson<EndpointIn>,
) -> Result<(StatusCode, Json<EndpointCreated>), AppError> {
    let allow = AllowHosts::new(&s.config.webhook_allow_hosts);
    let (url, types) = check_endpoint(&e, &allow).await?;
    let secret = super::webhook::new_secret();
    let endpoint = s
        .store
        .create_webhook_endpoint(&user.actor(), &url, &secret, &types, e.description.trim())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(EndpointCreated { endpoint, secret }),
    ))
}

/// Enables or disables an endpoint.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ActiveIn {
    /// Whether deliveries are made.
    pub active: bool,
}

/// Enables or disables a webhook endpoint (admins). Messages still queued for a disabled
/// endpoint are dropped with that reason.
#[utoipa::path(put, path = "/api/v1/webhook-endpoints/{id}/active", tag = "messaging", params(("id" = String, Path, description = "Endpoint id")), request_body = ActiveIn,
    responses((status = 200, body = Endpoint), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn set_active(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(a): ApiJson<ActiveIn>,
) -> Result<Json<Endpoint>, AppError> {
    Ok(Json(
        s.store
            .set_webhook_active(&user.actor(), &id, a.active)
            .await?,
    ))
}

/// The messaging settings in force (password redacted).
#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsOut {
    /// SMTP host; empty when e-mail is off.
    pub smtp_host: String,
    /// SMTP port.
    pub smtp_port: u16,
    /// starttls, tls or none.
    pub smtp_tls: String,
    /// SMTP user.
    pub smtp_username: String,
    /// `***` when a password is set.
    pub smtp_password: String,
    /// From address.
    pub mail_from: String,
    /// Frequency cap per customer and channel.
    pub message_cap: u32,
    /// Cap window in days.
    pub message_cap_days: u32,
    /// Quiet hours, local time.
    pub quiet_hours: String,
}

impl SettingsOut {
    /// The public view of `c`.
    pub fn of(c: &Config) -> Self {
        Self {
            smtp_host: c.smtp_host.clone(),
            smtp_port: c.smtp_port,
            smtp_tls: c.smtp_tls.clone(),
            smtp_username: c.smtp_username.clone(),
            smtp_password: redact_secret(&c.smtp_password).into(),
            mail_from: c.mail_from.clone(),
            message_cap: c.message_cap,
            message_cap_days: c.message_cap_days,
            quiet_hours: c.quiet_hours.clone(),
        }
    }
}

/// SMTP and delivery-rule settings (admins).
#[utoipa::path(get, operation_id = "messaging_settings", path = "/api/v1/messaging/settings", tag = "messaging",
    responses((status = 200, body = SettingsOut)))]
pub async fn settings(State(s): State<AppState>) -> Json<SettingsOut> {
    Json(SettingsOut::of(&s.config))
}

/// A test e-mail.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TestIn {
    /// Recipient address.
    pub to: String,
}

/// Enqueues a test e-mail (admins); the worker delivers it like any other message.
#[utoipa::path(post, path = "/api/v1/messaging/test", tag = "messaging", request_body = TestIn,
    responses((status = 202, body = Message), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn test_message(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(t): ApiJson<TestIn>,
) -> Result<(StatusCode, Json<Message>), AppError> {
    let id = enqueue_test(&s, &user, &t.to).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(outbox::get(&s.store, &id).await?),
    ))
}

/// Validates the address and enqueues the test message; returns its id.
pub async fn enqueue_test(s: &AppState, user: &CurrentUser, to: &str) -> Result<String, AppError> {
    let to = Email::parse(to)?;
    let msg = NewMessage::email(
        format!("test:{}", carewell_store::new_id()),
        to.as_str(),
        "en",
        MessageClass::Service,
        "messaging.test",
        "msg-test",
        json!({"sender": user.user.email}),
    );
    outbox::enqueue_audited(&s.store, &user.actor(), &msg)
        .await?
        .ok_or_else(|| AppError::Internal("test message key collided".into()))
}
