//! `/api/v1/users` (admins), `/api/v1/tokens` (everyone, for their own tokens; admins for
//! anyone's) and `/api/v1/account`, plus the rules the pages share: creating a user with a given
//! or generated password, resetting a password, who may revoke which token, changing one's own
//! password, saving one's language.

pub mod account;
pub mod passwords;
pub mod tokens;
pub mod users;

use carewell_store::users::new_secret;
use serde::Deserialize;

/// A generated initial password (20 hex characters).
pub fn generate_password() -> String {
    new_secret()[..20].to_string()
}

/// A field that was sent (`Some`), possibly as `null` (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}
