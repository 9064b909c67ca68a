//! `/api/v1/customers`: the customer records (create, read, replace, patch, delete, search)
//! and everything on their timeline (contacts, interactions, transactions, contracts, usage).
//! One file per action group; the checks they share are here.

pub mod contacts;
pub mod contracts;
pub mod customers;
pub mod interactions;
pub mod timeline;
pub mod transactions;
pub mod usage;

use crate::kernel::state::AppState;
use crate::web::error::AppError;
use carewell_domain::DomainError;
use serde::Deserialize;
use utoipa::IntoParams;

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

/// 404 unless the customer exists.
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
