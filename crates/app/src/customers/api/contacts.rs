//! A customer's contacts (people at a business customer).

use super::{Check, must_exist};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::customer::{parse_label, parse_name, parse_phone};
use carewell_domain::email::Email;
use carewell_store::contacts::{Contact, NewContact};
use serde::Deserialize;
use utoipa::ToSchema;

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
