//! Existence checks made inside a transaction before a write, so that a refused reference is
//! reported as what it is (a missing customer, an unknown owner) instead of as a bare
//! constraint violation.

use crate::{StoreError, Tx};
use carewell_domain::error::{Code, DomainError, Entity};

/// Whether a row with `id` exists in `table` (a fixed table name, never user input).
pub(crate) async fn exists(
    tx: &mut Tx<'_>,
    table: &'static str,
    id: &str,
) -> Result<bool, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(&format!("SELECT 1 FROM {table} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx.tx)
        .await?;
    Ok(row.is_some())
}

/// The customer exists, else [`StoreError::NotFound`].
pub(crate) async fn customer(tx: &mut Tx<'_>, id: &str) -> Result<(), StoreError> {
    if exists(tx, "customers", id).await? {
        Ok(())
    } else {
        Err(StoreError::NotFound(Entity::Customer))
    }
}

/// The staff user named in `field` exists (when one is named), else an invalid `field`.
pub(crate) async fn user(tx: &mut Tx<'_>, field: &str, id: Option<&str>) -> Result<(), StoreError> {
    match id {
        Some(id) if !exists(tx, "users", id).await? => Err(DomainError::new(
            field,
            Code::NoSuch {
                what: Entity::User,
                id: id.to_string(),
            },
        )
        .into()),
        _ => Ok(()),
    }
}
