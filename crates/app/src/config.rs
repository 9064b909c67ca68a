//! One typed configuration: defaults, then `carewell.toml` (or the file in `CAREWELL_CONFIG`),
//! then `CAREWELL_*` environment variables, then command-line flags.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Carewell's settings.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Config {
    /// Database URL: a SQLite path (`carewell.db`, `sqlite://…`) or `postgres://…`.
    pub database_url: String,
    /// Address to serve on.
    pub bind: String,
    /// Public base URL, used in links sent to customers.
    pub base_url: String,
    /// Hours a login session lasts.
    pub session_hours: i64,
    /// Mark session cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "carewell.db".into(),
            bind: "127.0.0.1:8080".into(),
            base_url: "http://127.0.0.1:8080".into(),
            session_hours: 12,
            secure_cookies: false,
            max_body_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Hides the database password.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("base_url", &self.base_url)
            .field("session_hours", &self.session_hours)
            .field("secure_cookies", &self.secure_cookies)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

impl Config {
    /// Loads defaults ← config file ← `CAREWELL_*` environment.
    pub fn load() -> anyhow::Result<Self> {
        let file = std::env::var("CAREWELL_CONFIG").unwrap_or_else(|_| "carewell.toml".into());
        Self::figment(&file)
            .extract()
            .map_err(|e| anyhow::anyhow!("configuration: {e}"))
    }

    fn figment(file: &str) -> Figment {
        Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("CAREWELL_").ignore(&["config"]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_file_and_password_is_redacted() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("c.toml", "bind = \"0.0.0.0:1\"\nsession_hours = 3")?;
            jail.set_env("CAREWELL_DATABASE_URL", "postgres://app:s3cret@db/carewell");
            let c: Config = Config::figment("c.toml").extract()?;
            assert_eq!((c.bind.as_str(), c.session_hours), ("0.0.0.0:1", 3));
            let dbg = format!("{c:?}");
            assert!(
                dbg.contains("app:***@db") && !dbg.contains("s3cret"),
                "{dbg}"
            );
            Ok(())
        });
    }
}
