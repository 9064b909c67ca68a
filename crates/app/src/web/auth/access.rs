//! The route table: every route is registered together with who may call it, so the
//! authorisation middleware and the role-matrix test read the same declaration.

use crate::kernel::state::AppState;
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use carewell_domain::role::Role;
use std::collections::HashMap;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (login page, health, customer-facing pages).
    Public,
    /// Signed-in users with one of these roles.
    Roles(&'static [Role]),
    /// Callers holding the route's own secret (a scrape token, checked by the handler) and
    /// signed-in admins. The middleware identifies the caller as on a public route (a secret
    /// that is no user's token is not refused there) and leaves the decision to the handler,
    /// which answers 401 to anyone else (403 to a signed-in non-admin).
    SecretOrAdmin,
}

/// Readers: every signed-in role.
pub const READ: Access = Access::Roles(Role::READERS);
/// Writers: agents, managers and admins.
pub const WRITE: Access = Access::Roles(Role::WRITERS);
/// Managers and admins.
pub const MANAGE: Access = Access::Roles(Role::MANAGERS);
/// Compliance and admins: the audit log, held records, certificates, erasure.
pub const AUDIT: Access = Access::Roles(Role::AUDITORS);
/// Admins only.
pub const ADMIN: Access = Access::Roles(Role::ADMINS);
/// The roles that see reports: admins, managers and compliance.
pub const REPORTERS: &[Role] = &[Role::Admin, Role::Manager, Role::Compliance];
/// Reports: see [`REPORTERS`].
pub const REPORT: Access = Access::Roles(REPORTERS);
/// Anyone signed in, whatever the role (one's own account, tokens and password).
pub const ANYONE: Access = Access::Roles(Role::READERS);

/// One registered route.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    /// HTTP method.
    pub method: Method,
    /// Path pattern as given to axum (`/api/v1/customers/{id}`).
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
}

impl RouteSpec {
    /// Whether this is an API route (errors as problem+json, bearer tokens).
    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }
}

/// Lookup table used by the middleware.
#[derive(Debug, Default, Clone)]
pub struct AccessTable(HashMap<(Method, &'static str), Access>);

impl AccessTable {
    /// Who may call `method path` (the matched pattern), if the route exists.
    pub fn get(&self, method: &Method, path: &str) -> Option<Access> {
        let method = if method == Method::HEAD {
            Method::GET
        } else {
            method.clone()
        };
        self.0
            .iter()
            .find(|((m, p), _)| *m == method && *p == path)
            .map(|(_, a)| *a)
    }
}

/// Routes being registered, with their access rules.
pub struct Routes {
    router: Router<AppState>,
    specs: Vec<RouteSpec>,
}

impl Default for Routes {
    fn default() -> Self {
        Self {
            router: Router::new(),
            specs: Vec::new(),
        }
    }
}

macro_rules! verb {
    ($name:ident, $method:expr, $f:ident) => {
        /// Registers a handler for this method.
        pub fn $name<H, T>(self, path: &'static str, access: Access, h: H) -> Self
        where
            H: Handler<T, AppState>,
            T: 'static,
        {
            self.add($method, path, access, $f(h))
        }
    };
}

impl Routes {
    fn add(
        mut self,
        method: Method,
        path: &'static str,
        access: Access,
        mr: MethodRouter<AppState>,
    ) -> Self {
        self.specs.push(RouteSpec {
            method,
            path,
            access,
        });
        self.router = self.router.route(path, mr);
        self
    }

    verb!(get, Method::GET, get);
    verb!(post, Method::POST, post);
    verb!(put, Method::PUT, put);
    verb!(patch, Method::PATCH, patch);
    verb!(delete, Method::DELETE, delete);

    /// Adds all routes of another table.
    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.specs.extend(other.specs);
        self
    }

    /// The declared routes.
    pub fn specs(&self) -> &[RouteSpec] {
        &self.specs
    }

    /// Splits into the router and the lookup table.
    pub fn into_parts(self) -> (Router<AppState>, AccessTable, Vec<RouteSpec>) {
        let table = AccessTable(
            self.specs
                .iter()
                .map(|s| ((s.method.clone(), s.path), s.access))
                .collect(),
        );
        (self.router, table, self.specs)
    }
}
