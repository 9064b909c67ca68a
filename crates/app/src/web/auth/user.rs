//! The signed-in staff member (session or API token), as handlers extract it.

use crate::web::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use carewell_domain::role::Role;
use carewell_store::Actor;
use carewell_store::Clearance;
use carewell_store::users::User;

/// The signed-in staff member, put in request extensions by [`super::authorize::authorize`].
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The user.
    pub user: User,
    /// CSRF token of the browser session (None for API tokens).
    pub csrf: Option<String>,
}

impl CurrentUser {
    /// The audit actor for this user.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.user.id.clone(),
            label: self.user.email.clone(),
        }
    }

    /// Whether the user has one of `roles`.
    pub fn has(&self, roles: &[Role]) -> bool {
        roles.contains(&self.user.role)
    }

    /// Whether this user may read records under a retention hold (compliance and admins); the
    /// store's readers of held records take it.
    pub fn clearance(&self) -> Clearance {
        Clearance::for_role(self.user.role)
    }

    /// The CSRF token to embed in forms.
    pub fn csrf(&self) -> &str {
        self.csrf.as_deref().unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(AppError::Unauthorized)
    }
}

/// The signed-in user, if any, on public pages.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        Ok(Self(parts.extensions.get::<CurrentUser>().cloned()))
    }
}
