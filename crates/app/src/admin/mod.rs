//! Staff administration and identity: signing in and out, the UI language switch, the users
//! list (add, change role, deactivate/reactivate) and each user's API tokens for admins; "My
//! account" (own tokens, own password) for everyone; the matching REST API under
//! `/api/v1/users` and `/api/v1/tokens`; Argon2id password hashing. Every change goes through
//! the store, audited in the same transaction; the last active admin cannot be demoted or
//! deactivated.

pub mod api;
pub mod pages;
pub mod password;
pub mod throttle;
pub mod view;

use crate::web::auth::access::{ADMIN, ANYONE, Access, Routes};
use pages::{account, login, user, users};

/// Sign-in, admin and account routes (pages and API).
pub fn routes() -> Routes {
    Routes::default()
        .get("/login", Access::Public, login::page)
        .post("/login", Access::Public, login::submit)
        .post("/logout", Access::Public, login::logout)
        .get("/lang", Access::Public, login::set_language)
        .get("/admin/users", ADMIN, users::list)
        .post("/admin/users", ADMIN, users::create)
        .get("/admin/users/{id}", ADMIN, user::show)
        .post("/admin/users/{id}/role", ADMIN, user::set_role)
        .post("/admin/users/{id}/active", ADMIN, user::set_active)
        .post("/admin/users/{id}/tokens", ADMIN, user::create_token)
        .post("/admin/users/{id}/password", ADMIN, user::reset_password)
        .post("/admin/tokens/{id}/revoke", ADMIN, user::revoke_token)
        .get("/account", ANYONE, account::show)
        .post("/account/password", ANYONE, account::change_password)
        .post("/account/tokens", ANYONE, account::create_token)
        .post("/account/tokens/{id}/revoke", ANYONE, account::revoke_token)
        .get("/api/v1/users", ADMIN, api::users::list)
        .post("/api/v1/users", ADMIN, api::users::create)
        .get("/api/v1/users/{id}", ADMIN, api::users::get)
        .patch("/api/v1/users/{id}", ADMIN, api::users::update)
        .get("/api/v1/users/{id}/tokens", ADMIN, api::tokens::user_tokens)
        .post(
            "/api/v1/users/{id}/tokens",
            ADMIN,
            api::tokens::create_user_token,
        )
        .post(
            "/api/v1/users/{id}/password",
            ADMIN,
            api::passwords::reset_password,
        )
        .get("/api/v1/tokens", ANYONE, api::tokens::my_tokens)
        .post("/api/v1/tokens", ANYONE, api::tokens::create_my_token)
        .delete("/api/v1/tokens/{id}", ANYONE, api::tokens::revoke)
        .put(
            "/api/v1/account/password",
            ANYONE,
            api::passwords::change_password,
        )
        .get("/api/v1/account", ANYONE, api::account::account)
        .patch("/api/v1/account", ANYONE, api::account::update_account)
        .post("/account/language", ANYONE, account::set_language)
        .post("/account/timezone", ANYONE, account::set_timezone)
        .post("/admin/users/{id}/language", ADMIN, user::set_language)
}
