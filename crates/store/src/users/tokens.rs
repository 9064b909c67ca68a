//! API tokens: a secret shown once (only its hash is stored), named, revocable, with the
//! time it was last used.

use super::{User, UserRow, hash_secret, new_secret};
use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::error::{Done, Entity, Refusal};
use serde::Serialize;
use serde_json::json;

/// A token's user and the token's last use.
#[derive(sqlx::FromRow)]
struct UserAndUse {
    #[sqlx(flatten)]
    user: UserRow,
    last_used_at: Option<String>,
}

/// An API token (never its secret).
#[derive(Debug, Clone, Serialize, PartialEq, sqlx::FromRow)]
pub struct ApiToken {
    /// Id.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// What it is for.
    pub name: String,
    /// Created (UTC).
    pub created_at: String,
    /// Last used (UTC, to the minute), if ever.
    pub last_used_at: Option<String>,
    /// Revoked (UTC), if revoked.
    pub revoked_at: Option<String>,
}

const TOKEN: &str =
    "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens";

impl Store {
    /// Creates an API token for a user; returns the secret, shown once.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        user_id: &str,
        name: &str,
    ) -> Result<String, StoreError> {
        let secret = format!("cw_{}", new_secret());
        let id = new_id();
        let mut tx = self.begin().await?;
        sqlx::query("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(user_id)
            .bind(name)
            .bind(hash_secret(&secret))
            .bind(now())
            .execute(&mut *tx.tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "token.create",
            "api_token",
            &id,
            &json!(null),
            &json!({"user_id": user_id, "name": name}),
        )
        .await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// The active user behind a bearer token, if the token is valid and not revoked.
    /// Notes when the token was used (at most once a minute per token): most requests only
    /// read, since on SQLite even an `UPDATE` that changes nothing takes the write lock, which
    /// every request at once then queued for.
    pub async fn token_user(&self, secret: &str) -> Result<Option<User>, StoreError> {
        let hash = hash_secret(secret);
        let row: Option<UserAndUse> = sqlx::query_as(
            "SELECT u.id, u.email, u.name, u.role, u.active, u.language, t.last_used_at \
             FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = $2",
        )
        .bind(&hash)
        .bind(1i64)
        .fetch_optional(self.pool())
        .await?;
        let Some(UserAndUse { user, last_used_at }) = row else {
            return Ok(None);
        };
        let stale =
            carewell_domain::time::fmt_ts(chrono::Utc::now() - chrono::Duration::minutes(1));
        if last_used_at.is_none_or(|at| at < stale) {
            sqlx::query(
                "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL \
                 AND (last_used_at IS NULL OR last_used_at < $3)",
            )
            .bind(now())
            .bind(&hash)
            .bind(stale)
            .execute(self.pool())
            .await?;
        }
        User::try_from(user).map(Some)
    }

    /// Creates an API token for a user; returns it and the secret (shown once).
    pub async fn issue_api_token(
        &self,
        actor: &Actor,
        user_id: &str,
        name: &str,
    ) -> Result<(ApiToken, String), StoreError> {
        let name = carewell_domain::customer::parse_text("name", name, 100)?;
        let name = name.as_str();
        self.user(user_id).await?;
        let secret = self.create_api_token(actor, user_id, name).await?;
        let row: ApiToken = sqlx::query_as(&format!("{TOKEN} WHERE token_hash = $1"))
            .bind(hash_secret(&secret))
            .fetch_one(self.pool())
            .await?;
        Ok((row, secret))
    }

    /// A user's API tokens, newest first (revoked ones included).
    pub async fn api_tokens(&self, user_id: &str) -> Result<Vec<ApiToken>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{TOKEN} WHERE user_id = $1 ORDER BY created_at DESC, id DESC"
        ))
        .bind(user_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// One API token.
    pub async fn api_token(&self, id: &str) -> Result<ApiToken, StoreError> {
        let row: Option<ApiToken> = sqlx::query_as(&format!("{TOKEN} WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.ok_or(StoreError::NotFound(Entity::Token))
    }

    /// Revokes an API token (it stops working at once). Revoking twice is refused.
    pub async fn revoke_api_token(&self, actor: &Actor, id: &str) -> Result<ApiToken, StoreError> {
        let mut tx = self.begin().await?;
        let at = now();
        let n = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(&at)
        .bind(id)
        .execute(&mut *tx.tx)
        .await?
        .rows_affected();
        let row: Option<ApiToken> = sqlx::query_as(&format!("{TOKEN} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *tx.tx)
            .await?;
        let token = row.ok_or(StoreError::NotFound(Entity::Token))?;
        if n == 0 {
            return Err(Refusal::AlreadyDone {
                what: Done::Revoked,
            }
            .into());
        }
        audit::append(
            &mut tx,
            actor,
            "token.revoke",
            "api_token",
            id,
            &json!({"user_id": token.user_id, "name": token.name}),
            &json!({"revoked_at": at}),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }
}
