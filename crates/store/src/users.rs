//! Staff users, their login sessions and their API tokens.

use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::email::Email;
use carewell_domain::error::{Done, Entity, Refusal};
use carewell_domain::role::Role;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

/// A staff member.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct User {
    /// Id.
    pub id: String,
    /// Login e-mail.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Whether the user may log in.
    pub active: bool,
    /// Preferred UI and e-mail language (a shipped BCP 47 tag); `None` = the browser's choice
    /// (and English for e-mails).
    pub language: Option<String>,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    email: String,
    name: String,
    role: String,
    active: i64,
    language: Option<String>,
}

/// A user's columns (id, email, name, role, active, language) and one more text column.
type UserAnd = (String, String, String, String, i64, Option<String>, String);

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<Self, StoreError> {
        Ok(User {
            role: Role::parse(&r.role).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            id: r.id,
            email: r.email,
            name: r.name,
            active: r.active != 0,
            language: r.language,
        })
    }
}

/// SHA-256 hex of a high-entropy secret (session or API token); only this is stored.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A new random secret: 32 bytes, URL-safe hex.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

impl Store {
    /// Creates a user with an already-hashed password.
    pub async fn create_user(
        &self,
        actor: &Actor,
        email: &Email,
        name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        let mut tx = self.begin().await?;
        let id = new_id();
        sqlx::query(
            "INSERT INTO users (id, email, name, role, password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(email.as_str())
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(1i64)
        .bind(now())
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| {
            StoreError::from(e).or_refused(Refusal::AlreadyExists {
                what: Entity::User,
                key: email.as_str().to_string(),
            })
        })?;
        let user = User {
            id,
            email: email.to_string(),
            name: name.to_string(),
            role,
            active: true,
            language: None,
        };
        audit::append(
            &mut tx,
            actor,
            "user.create",
            "user",
            &user.id,
            &json!(null),
            &json!(user),
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Sets a user's password hash.
    pub async fn set_password(
        &self,
        actor: &Actor,
        user_id: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        Self::write_password_hash(&mut tx, user_id, password_hash).await?;
        audit::append(
            &mut tx,
            actor,
            "user.password",
            "user",
            user_id,
            &json!(null),
            &json!({"password": "changed"}),
        )
        .await?;
        tx.commit().await
    }

    /// Looks a user up by e-mail, with the password hash (for login).
    pub async fn user_for_login(&self, email: &str) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<UserAnd> = sqlx::query_as(
            "SELECT id, email, name, role, active, language, password_hash FROM users WHERE lower(email) = lower($1)",
        )
        .bind(email.trim())
        .fetch_optional(self.pool())
        .await?;
        row.map(|(id, email, name, role, active, language, hash)| {
            User::try_from(UserRow {
                id,
                email,
                name,
                role,
                active,
                language,
            })
            .map(|u| (u, hash))
        })
        .transpose()
    }

    /// A user by id.
    pub async fn user(&self, id: &str) -> Result<User, StoreError> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT id, email, name, role, active, language FROM users WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound(Entity::User))?.try_into()
    }

    /// All users, by e-mail.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = sqlx::query_as(
            "SELECT id, email, name, role, active, language FROM users ORDER BY email",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

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
    /// Notes when the token was used (at most once a minute per token).
    pub async fn token_user(&self, secret: &str) -> Result<Option<User>, StoreError> {
        let at = now();
        let stale =
            carewell_domain::time::fmt_ts(chrono::Utc::now() - chrono::Duration::minutes(1));
        sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL \
             AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(&at)
        .bind(hash_secret(secret))
        .bind(stale)
        .execute(self.pool())
        .await?;
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT u.id, u.email, u.name, u.role, u.active, u.language FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = $2",
        )
        .bind(hash_secret(secret))
        .bind(1i64)
        .fetch_optional(self.pool())
        .await?;
        row.map(TryInto::try_into).transpose()
    }
}

/// A user as the admin list shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UserListing {
    /// The user.
    #[serde(flatten)]
    pub user: User,
    /// Created (UTC).
    pub created_at: String,
    /// Last sign-in to the web UI (UTC), if any.
    pub last_login_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ListingRow {
    id: String,
    email: String,
    name: String,
    role: String,
    active: i64,
    language: Option<String>,
    created_at: String,
    last_login_at: Option<String>,
}

impl TryFrom<ListingRow> for UserListing {
    type Error = StoreError;
    fn try_from(r: ListingRow) -> Result<Self, StoreError> {
        Ok(UserListing {
            user: User::try_from(UserRow {
                id: r.id,
                email: r.email,
                name: r.name,
                role: r.role,
                active: r.active,
                language: r.language,
            })?,
            created_at: r.created_at,
            last_login_at: r.last_login_at,
        })
    }
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

const LISTING: &str =
    "SELECT id, email, name, role, active, language, created_at, last_login_at FROM users";
const TOKEN: &str =
    "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens";

/// A change to a staff user; `None` leaves that part as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    /// New role.
    pub role: Option<Role>,
    /// Activate (`true`) or deactivate (`false`).
    pub active: Option<bool>,
    /// New preferred language (`Some(None)` clears it).
    pub language: Option<Option<String>>,
}

impl Store {
    /// All users with their sign-in dates, by e-mail.
    pub async fn user_listing(&self) -> Result<Vec<UserListing>, StoreError> {
        let rows: Vec<ListingRow> = sqlx::query_as(&format!("{LISTING} ORDER BY email"))
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// One user with their sign-in dates.
    pub async fn user_listed(&self, id: &str) -> Result<UserListing, StoreError> {
        let row: Option<ListingRow> = sqlx::query_as(&format!("{LISTING} WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.ok_or(StoreError::NotFound(Entity::User))?.try_into()
    }

    /// Ends every session of a user; returns how many there were.
    async fn end_sessions(tx: &mut crate::Tx<'_>, user_id: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx.tx)
            .await?
            .rows_affected())
    }

    /// Stores a user's new password hash; NotFound when there is no such user.
    async fn write_password_hash(
        tx: &mut crate::Tx<'_>,
        user_id: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let n = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx.tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound(Entity::User));
        }
        Ok(())
    }

    /// Whether taking `user` away from the active admins would leave none.
    async fn would_orphan(tx: &mut crate::Tx<'_>, user: &User) -> Result<bool, StoreError> {
        if !(user.active && user.role == Role::Admin) {
            return Ok(false);
        }
        let (others,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM users WHERE role = $1 AND active = $2 AND id <> $3",
        )
        .bind(Role::Admin.as_str())
        .bind(1i64)
        .bind(&user.id)
        .fetch_one(&mut *tx.tx)
        .await?;
        Ok(others == 0)
    }

    async fn user_in(tx: &mut crate::Tx<'_>, id: &str) -> Result<User, StoreError> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT id, email, name, role, active, language FROM users WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx.tx)
        .await?;
        row.ok_or(StoreError::NotFound(Entity::User))?.try_into()
    }

    /// Changes a user's role. Demoting the last active administrator is refused.
    pub async fn set_user_role(
        &self,
        actor: &Actor,
        id: &str,
        role: Role,
    ) -> Result<User, StoreError> {
        let change = UserChange {
            role: Some(role),
            ..UserChange::default()
        };
        self.update_user(actor, id, &change).await
    }

    /// Deactivates (ends every session; sessions and tokens are refused while inactive) or
    /// reactivates a user. Deactivating the last active administrator is refused.
    pub async fn set_user_active(
        &self,
        actor: &Actor,
        id: &str,
        active: bool,
    ) -> Result<User, StoreError> {
        let change = UserChange {
            active: Some(active),
            ..UserChange::default()
        };
        self.update_user(actor, id, &change).await
    }

    /// Sets (or, with `None`, clears) a user's preferred language. The caller validates the tag
    /// against the shipped languages; it is stored as given. Audited as `user.language`.
    pub async fn set_user_language(
        &self,
        actor: &Actor,
        id: &str,
        language: Option<&str>,
    ) -> Result<User, StoreError> {
        let change = UserChange {
            language: Some(language.map(str::to_string)),
            ..UserChange::default()
        };
        self.update_user(actor, id, &change).await
    }

    /// Applies a role, active and/or language change in one transaction: if any part is
    /// refused (e.g. it would leave no active administrator), nothing changes. Each part that
    /// changes something is audited (`user.role`, `user.deactivate`/`user.reactivate`,
    /// `user.language`).
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: &str,
        change: &UserChange,
    ) -> Result<User, StoreError> {
        let mut tx = self.begin().await?;
        let mut user = Self::user_in(&mut tx, id).await?;
        if let Some(role) = change.role
            && user.role != role
        {
            if role != Role::Admin && Self::would_orphan(&mut tx, &user).await? {
                return Err(Refusal::LastAdmin.into());
            }
            sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
                .bind(role.as_str())
                .bind(id)
                .execute(&mut *tx.tx)
                .await?;
            audit::append(
                &mut tx,
                actor,
                "user.role",
                "user",
                id,
                &json!({"role": user.role}),
                &json!({"role": role}),
            )
            .await?;
            user.role = role;
        }
        if let Some(active) = change.active
            && user.active != active
        {
            if !active && Self::would_orphan(&mut tx, &user).await? {
                return Err(Refusal::LastAdmin.into());
            }
            sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                .bind(i64::from(active))
                .bind(id)
                .execute(&mut *tx.tx)
                .await?;
            let ended = if active {
                0
            } else {
                Self::end_sessions(&mut tx, id).await?
            };
            audit::append(
                &mut tx,
                actor,
                if active {
                    "user.reactivate"
                } else {
                    "user.deactivate"
                },
                "user",
                id,
                &json!({"active": user.active}),
                &json!({"active": active, "sessions_ended": ended}),
            )
            .await?;
            user.active = active;
        }
        if let Some(language) = &change.language
            && &user.language != language
        {
            sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
                .bind(language.as_deref())
                .bind(id)
                .execute(&mut *tx.tx)
                .await?;
            audit::append(
                &mut tx,
                actor,
                "user.language",
                "user",
                id,
                &json!({"language": user.language}),
                &json!({"language": language}),
            )
            .await?;
            user.language = language.clone();
        }
        tx.commit().await?;
        Ok(user)
    }

    /// A user's preferred language, if set.
    pub async fn user_language(&self, id: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT language FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.ok_or(StoreError::NotFound(Entity::User))?.0)
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

    /// An administrator's reset of someone's password: sets the new hash and ends every session
    /// of that user (their API tokens are untouched).
    pub async fn reset_password(
        &self,
        actor: &Actor,
        user_id: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        Self::write_password_hash(&mut tx, user_id, password_hash).await?;
        let ended = Self::end_sessions(&mut tx, user_id).await?;
        audit::append(
            &mut tx,
            actor,
            "user.password-reset",
            "user",
            user_id,
            &json!(null),
            &json!({"password": "reset", "sessions_ended": ended}),
        )
        .await?;
        tx.commit().await
    }

    /// The stored password hash of a user (to check the current password before a change).
    pub async fn password_hash(&self, user_id: &str) -> Result<String, StoreError> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?;
        row.map(|r| r.0).ok_or(StoreError::NotFound(Entity::User))
    }
}
