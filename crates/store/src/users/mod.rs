//! Staff users: accounts, roles, passwords and languages. Their login sessions are in
//! [`sessions`], their API tokens in [`tokens`].

mod sessions;
mod throttle;
mod tokens;

pub use throttle::LOCK_ACTION;
pub use tokens::ApiToken;

use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::email::Email;
use carewell_domain::error::{Entity, Refusal};
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
pub(super) struct UserRow {
    id: String,
    email: String,
    name: String,
    role: String,
    active: i64,
    language: Option<String>,
}

/// A user's columns (id, email, name, role, active, language) and one more text column.
pub(super) type UserAnd = (String, String, String, String, i64, Option<String>, String);

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

const LISTING: &str =
    "SELECT id, email, name, role, active, language, created_at, last_login_at FROM users";

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

impl Store {
    /// A user's preferred time zone (an IANA name), if set.
    pub async fn user_timezone(&self, id: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT timezone FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.ok_or(StoreError::NotFound(Entity::User))?.0)
    }

    /// Sets (or, with `None`, clears) a user's time zone. The caller validates the name
    /// against the IANA database; it is stored as given. Audited as `user.timezone` when it
    /// changes.
    pub async fn set_user_timezone(
        &self,
        actor: &Actor,
        id: &str,
        timezone: Option<&str>,
    ) -> Result<Option<String>, StoreError> {
        let mut tx = self.begin().await?;
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT timezone FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx.tx)
                .await?;
        let before = row.ok_or(StoreError::NotFound(Entity::User))?.0;
        if before.as_deref() != timezone {
            sqlx::query("UPDATE users SET timezone = $1 WHERE id = $2")
                .bind(timezone)
                .bind(id)
                .execute(&mut *tx.tx)
                .await?;
            audit::append(
                &mut tx,
                actor,
                "user.timezone",
                "user",
                id,
                &json!({ "timezone": before }),
                &json!({ "timezone": timezone }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(timezone.map(str::to_string))
    }
}
