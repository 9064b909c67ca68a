//! Login sessions: a random secret in a cookie (only its hash is stored), a CSRF token, an
//! expiry; ending a user's sessions when they are deactivated or their password is reset.

use super::{User, UserAnd, UserRow, hash_secret, new_secret};
use crate::{Actor, Store, StoreError, audit, now};
use serde_json::json;

impl Store {
    /// Opens a login session; returns the secret to put in the cookie and the CSRF token.
    pub async fn create_session(
        &self,
        user: &User,
        ttl_hours: i64,
    ) -> Result<(String, String), StoreError> {
        let secret = new_secret();
        let csrf = new_secret();
        let expires =
            carewell_domain::time::fmt_ts(chrono::Utc::now() + chrono::Duration::hours(ttl_hours));
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now())
            .execute(&mut *tx.tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash_secret(&secret))
        .bind(&user.id)
        .bind(&csrf)
        .bind(now())
        .bind(expires)
        .execute(&mut *tx.tx)
        .await?;
        sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
            .bind(now())
            .bind(&user.id)
            .execute(&mut *tx.tx)
            .await?;
        let actor = Actor {
            id: user.id.clone(),
            label: user.email.clone(),
        };
        audit::append(
            &mut tx,
            &actor,
            "session.login",
            "user",
            &user.id,
            &json!(null),
            &json!(null),
        )
        .await?;
        tx.commit().await?;
        Ok((secret, csrf))
    }

    /// The active user and CSRF token behind a session cookie, if it is valid.
    pub async fn session_user(&self, secret: &str) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<UserAnd> = sqlx::query_as(
            "SELECT u.id, u.email, u.name, u.role, u.active, u.language, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = $3",
        )
        .bind(hash_secret(secret))
        .bind(now())
        .bind(1i64)
        .fetch_optional(self.pool())
        .await?;
        row.map(|(id, email, name, role, active, language, csrf)| {
            User::try_from(UserRow {
                id,
                email,
                name,
                role,
                active,
                language,
            })
            .map(|u| (u, csrf))
        })
        .transpose()
    }

    /// Ends a session.
    pub async fn delete_session(&self, secret: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(hash_secret(secret))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends every session of a user; returns how many there were.
    pub(super) async fn end_sessions(
        tx: &mut crate::Tx<'_>,
        user_id: &str,
    ) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx.tx)
            .await?
            .rows_affected())
    }
}
