//! `/api/v1/customers/{id}/…`: contacts, interactions, transactions, contracts, usage and
//! the merged timeline.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::DomainError;
use carewell_domain::customer::{parse_label, parse_name, parse_phone};
use carewell_domain::email::Email;
use carewell_domain::interaction::{InteractionKind, Renewal, Sentiment, parse_summary};
use carewell_domain::money::{Currency, Money};
use carewell_domain::time::{fmt_ts, parse_date, parse_ts};
use carewell_store::activity::{Contract, NewContract, NewTransaction, Transaction, UsageEvent};
use carewell_store::contacts::{Contact, NewContact};
use carewell_store::interactions::{Interaction, NewInteraction};
use carewell_store::timeline::TimelineItem;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// Collects every validation error of a body before failing.
#[derive(Default)]
struct Check(Vec<DomainError>);

impl Check {
    fn ok<T>(&mut self, r: Result<T, DomainError>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }
    fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0.into())
        }
    }
}

async fn must_exist(s: &AppState, id: &str) -> Result<(), AppError> {
    s.store.customer(id).await?;
    Ok(())
}

/// Paging for timelines and lists.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Page size (default 50).
    pub limit: Option<i64>,
    /// Rows to skip.
    pub offset: Option<i64>,
}

/// The customer's timeline, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/timeline", tag = "customers",
    params(("id" = String, Path, description = "Customer id"), Paging),
    responses((status = 200, body = Vec<TimelineItem>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn timeline(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<Paging>,
) -> Result<Json<Vec<TimelineItem>>, AppError> {
    must_exist(&s, &id).await?;
    let mut items = s
        .store
        .timeline(&id, p.limit.unwrap_or(50), p.offset.unwrap_or(0))
        .await?;
    // Financial records under a retention hold are for compliance only.
    if crate::web::holds::guard_held(&s, &user, &id).await.is_err() {
        items.retain(|i| !matches!(i.kind.as_str(), "transaction" | "contract" | "compensation"));
    }
    Ok(Json(items))
}

/// A new contact person.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    /// Name.
    pub name: String,
    /// Role at the customer.
    pub role: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Main contact.
    #[serde(default)]
    pub is_primary: bool,
}

/// The customer's contacts.
#[utoipa::path(get, path = "/api/v1/customers/{id}/contacts", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, body = Vec<Contact>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn contacts(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<Contact>>, AppError> {
    must_exist(&s, &id).await?;
    Ok(Json(s.store.contacts(&id).await?))
}

/// Add a contact person.
#[utoipa::path(post, path = "/api/v1/customers/{id}/contacts", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = ContactBody,
    responses((status = 201, body = Contact), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_contact(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ContactBody>,
) -> Result<(StatusCode, Json<Contact>), AppError> {
    let mut c = Check::default();
    let name = c.ok(parse_name("name", &b.name));
    let role = b
        .role
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .and_then(|r| c.ok(parse_label("role", r)));
    let email = b
        .email
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .and_then(|e| c.ok(Email::parse(e)));
    let phone = b
        .phone
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .and_then(|p| c.ok(parse_phone(p)));
    c.finish()?;
    let n = NewContact {
        name: name.unwrap_or_default(),
        role,
        email,
        phone,
        is_primary: b.is_primary,
    };
    Ok((
        StatusCode::CREATED,
        Json(s.store.add_contact(&user.actor(), &id, &n).await?),
    ))
}

/// Remove a contact person.
#[utoipa::path(delete, path = "/api/v1/customers/{id}/contacts/{contact_id}", tag = "customers",
    params(("id" = String, Path, description = "Customer id"), ("contact_id" = String, Path, description = "Contact id")),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn delete_contact(
    State(s): State<AppState>,
    user: CurrentUser,
    Path((id, contact_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    s.store
        .delete_contact(&user.actor(), &id, &contact_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new interaction.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InteractionBody {
    /// call, meeting, email, chat, visit or note.
    pub kind: String,
    /// What was said or done.
    pub summary: String,
    /// When (RFC 3339 or YYYY-MM-DD); default now.
    pub occurred_at: Option<String>,
    /// positive, neutral or negative.
    pub sentiment: Option<String>,
    /// Key in the source system.
    pub external_ref: Option<String>,
}

impl InteractionBody {
    /// Validates the body; the interaction is recorded as had by `user_id`.
    pub fn validate(&self, user_id: &str) -> Result<NewInteraction, AppError> {
        let mut c = Check::default();
        let kind = c.ok(InteractionKind::parse(&self.kind));
        let summary = c.ok(parse_summary(&self.summary));
        let at = match self.occurred_at.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(t) => c.ok(parse_ts("occurred_at", t)),
            None => Some(chrono::Utc::now()),
        };
        let sentiment = self
            .sentiment
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|v| c.ok(Sentiment::parse(v)));
        let external_ref = self
            .external_ref
            .as_deref()
            .and_then(|r| c.ok(parse_label("external_ref", r)));
        c.finish()?;
        Ok(NewInteraction {
            external_ref,
            kind: kind.unwrap_or(InteractionKind::Note),
            occurred_at: fmt_ts(at.unwrap_or_default()),
            user_id: Some(user_id.to_string()),
            summary: summary.unwrap_or_default(),
            sentiment,
        })
    }
}

/// The customer's interactions, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/interactions", tag = "customers",
    params(("id" = String, Path, description = "Customer id"), Paging),
    responses((status = 200, body = Vec<Interaction>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn interactions(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<Paging>,
) -> Result<Json<Vec<Interaction>>, AppError> {
    must_exist(&s, &id).await?;
    Ok(Json(
        s.store.interactions(&id, p.limit.unwrap_or(100)).await?,
    ))
}

/// Record an interaction.
#[utoipa::path(post, path = "/api/v1/customers/{id}/interactions", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = InteractionBody,
    responses((status = 201, body = Interaction), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_interaction(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<InteractionBody>,
) -> Result<(StatusCode, Json<Interaction>), AppError> {
    let n = b.validate(&user.user.id)?;
    Ok((
        StatusCode::CREATED,
        Json(s.store.add_interaction(&user.actor(), &id, &n).await?),
    ))
}

/// A new transaction. Amounts are decimal strings (`"12.50"`), never floats.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransactionBody {
    /// Decimal amount; negative for refunds.
    pub amount: String,
    /// ISO 4217 currency.
    pub currency: String,
    /// When (RFC 3339 or YYYY-MM-DD).
    pub occurred_at: String,
    /// What for.
    pub description: Option<String>,
    /// Key in the source system.
    pub external_ref: Option<String>,
}

impl TransactionBody {
    /// Validates the body (shared by the API and the customer page), collecting every error.
    pub fn validate(&self) -> Result<NewTransaction, AppError> {
        let mut c = Check::default();
        let cur = c.ok(Currency::parse(&self.currency));
        let amount = cur.and_then(|cur| c.ok(Money::parse_decimal(&self.amount, cur)));
        let at = c.ok(parse_ts("occurred_at", &self.occurred_at));
        let description = self
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty());
        let external_ref = self
            .external_ref
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .and_then(|r| c.ok(parse_label("external_ref", r)));
        c.finish()?;
        let (Some(amount), Some(at)) = (amount, at) else {
            return Err(AppError::invalid("amount", "is required"));
        };
        Ok(NewTransaction {
            external_ref,
            amount,
            occurred_at: fmt_ts(at),
            description: description.map(str::to_string),
        })
    }
}

/// The customer's transactions, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/transactions", tag = "customers",
    params(("id" = String, Path, description = "Customer id"), Paging),
    responses((status = 200, body = Vec<Transaction>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn transactions(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<Paging>,
) -> Result<Json<Vec<Transaction>>, AppError> {
    must_exist(&s, &id).await?;
    crate::web::holds::guard_held(&s, &user, &id).await?;
    Ok(Json(
        s.store.transactions(&id, p.limit.unwrap_or(100)).await?,
    ))
}

/// Record a transaction.
#[utoipa::path(post, path = "/api/v1/customers/{id}/transactions", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = TransactionBody,
    responses((status = 201, body = Transaction), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_transaction(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<TransactionBody>,
) -> Result<(StatusCode, Json<Transaction>), AppError> {
    let n = b.validate()?;
    Ok((
        StatusCode::CREATED,
        Json(s.store.add_transaction(&user.actor(), &id, &n).await?),
    ))
}

/// A new contract.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractBody {
    /// Plan or contract name.
    pub name: String,
    /// First day, YYYY-MM-DD.
    pub start_date: String,
    /// Last day, YYYY-MM-DD.
    pub end_date: Option<String>,
    /// Decimal value.
    pub value: String,
    /// ISO 4217 currency.
    pub currency: String,
    /// auto, manual (default) or none.
    pub renewal: Option<String>,
    /// Key in the source system.
    pub external_ref: Option<String>,
}

impl ContractBody {
    /// Validates the body (shared by the API and the customer page), collecting every error.
    pub fn validate(&self) -> Result<NewContract, AppError> {
        let mut c = Check::default();
        let name = c.ok(parse_label("name", &self.name));
        let start = c.ok(parse_date("start_date", &self.start_date));
        let end = self
            .end_date
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|e| c.ok(parse_date("end_date", e)));
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            c.0.push(DomainError::new("end_date", "is before start_date"));
        }
        let cur = c.ok(Currency::parse(&self.currency));
        // The amount parser names its field `amount`; here the field is `value`.
        let value = cur.and_then(|cur| {
            c.ok(Money::parse_decimal(&self.value, cur)
                .map_err(|e| DomainError::new("value", e.reason)))
        });
        let renewal = match self.renewal.as_deref().filter(|r| !r.trim().is_empty()) {
            Some(r) => c.ok(Renewal::parse(r)),
            None => Some(Renewal::Manual),
        };
        let external_ref = self
            .external_ref
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .and_then(|r| c.ok(parse_label("external_ref", r)));
        c.finish()?;
        let (Some(name), Some(start_date), Some(value), Some(renewal)) =
            (name, start, value, renewal)
        else {
            return Err(AppError::invalid("body", "incomplete"));
        };
        Ok(NewContract {
            external_ref,
            name,
            start_date,
            end_date: end,
            value,
            renewal,
        })
    }
}

/// The customer's contracts.
#[utoipa::path(get, path = "/api/v1/customers/{id}/contracts", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, body = Vec<Contract>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn contracts(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<Contract>>, AppError> {
    must_exist(&s, &id).await?;
    crate::web::holds::guard_held(&s, &user, &id).await?;
    Ok(Json(s.store.contracts(&id).await?))
}

/// Record a contract.
#[utoipa::path(post, path = "/api/v1/customers/{id}/contracts", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = ContractBody,
    responses((status = 201, body = Contract), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_contract(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ContractBody>,
) -> Result<(StatusCode, Json<Contract>), AppError> {
    let n = b.validate()?;
    Ok((
        StatusCode::CREATED,
        Json(s.store.add_contract(&user.actor(), &id, &n).await?),
    ))
}

/// A product-usage event.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UsageBody {
    /// Event name, e.g. `login`.
    pub event: String,
    /// How much (default 1).
    pub quantity: Option<f64>,
    /// When; default now.
    pub occurred_at: Option<String>,
}

/// A validated usage event.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUsage {
    /// Event name.
    pub event: String,
    /// How much.
    pub quantity: f64,
    /// When (stored form).
    pub occurred_at: String,
}

impl UsageBody {
    /// Validates the body (shared by the API and the customer page), collecting every error.
    pub fn validate(&self) -> Result<NewUsage, AppError> {
        let mut c = Check::default();
        let event = c.ok(parse_label("event", &self.event));
        let at = match self.occurred_at.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) => c.ok(parse_ts("occurred_at", t)),
            None => Some(chrono::Utc::now()),
        };
        let quantity = self.quantity.unwrap_or(1.0);
        if !quantity.is_finite() {
            c.0.push(DomainError::new("quantity", "must be a finite number"));
        }
        c.finish()?;
        Ok(NewUsage {
            event: event.unwrap_or_default(),
            quantity,
            occurred_at: fmt_ts(at.unwrap_or_default()),
        })
    }
}

/// Record a usage event.
#[utoipa::path(post, path = "/api/v1/customers/{id}/usage", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = UsageBody,
    responses((status = 201, body = UsageEvent), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_usage(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<UsageBody>,
) -> Result<(StatusCode, Json<UsageEvent>), AppError> {
    let n = b.validate()?;
    let u = s
        .store
        .add_usage(&user.actor(), &id, &n.event, n.quantity, &n.occurred_at)
        .await?;
    Ok((StatusCode::CREATED, Json(u)))
}
