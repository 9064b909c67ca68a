//! One typed configuration: defaults, then `carewell.toml` (or the file in `CAREWELL_CONFIG`),
//! then `CAREWELL_*` environment variables, then command-line flags.

use carewell_domain::audit_anchor::AuditKey;
use carewell_store::Store;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A recommended provider offered to departing customers as an alternative, in the farewell
/// letter (`offboarding_alternatives = [{ name = "…", url = "…" }]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Provider {
    /// Name as the customer knows it.
    pub name: String,
    /// Where to find it.
    pub url: String,
}

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
    /// SMTP server for outbound e-mail; empty disables e-mail (messages retry, then go dead).
    pub smtp_host: String,
    /// SMTP port (587 submission with STARTTLS, 465 implicit TLS, 25 relay).
    pub smtp_port: u16,
    /// `starttls`, `tls` (implicit) or `none` (plain; only for a relay on loopback).
    pub smtp_tls: String,
    /// SMTP user name; empty for no authentication.
    pub smtp_username: String,
    /// SMTP password (redacted in Debug and in the settings page).
    pub smtp_password: String,
    /// The From address of customer e-mail.
    pub mail_from: String,
    /// Frequency cap: messages per customer and channel in `message_cap_days` (not legal ones).
    pub message_cap: u32,
    /// Frequency cap window in days.
    pub message_cap_days: u32,
    /// Quiet hours in the customer's local time, `HH:MM-HH:MM`; empty for none.
    pub quiet_hours: String,
    /// Run the job and outbox worker inside `carewell serve`.
    pub run_worker: bool,
    /// Seconds a claimed job or message is held before another worker may take it over.
    pub worker_lease_secs: u64,
    /// First retry delay in seconds; doubles per attempt up to six hours.
    pub retry_base_secs: u64,
    /// Deliveries and jobs a worker runs at once.
    pub worker_concurrency: usize,
    /// Milliseconds an idle worker waits before polling again.
    pub worker_poll_ms: u64,
    /// Days a finished job is kept before the daily housekeeping deletes it (dead jobs stay).
    pub job_retention_days: u32,
    /// Days a sent, dead or dropped message keeps its content (template arguments, webhook
    /// data); then only the row, its delivery log and its key stay. 0 keeps content forever.
    pub message_content_retention_days: u32,
    /// Our company's name as customers know it (signs the farewell letter).
    pub company_name: String,
    /// The operator's logo on the pages customers see: an `https://` address or a path under
    /// this server; empty = the name alone.
    pub company_logo_url: String,
    /// The time zone staff pages use when neither the user nor the browser chose one (an IANA
    /// name; UTC by default).
    pub timezone: String,
    /// Providers recommended to departing customers in the farewell letter (name + url).
    pub offboarding_alternatives: Vec<Provider>,
    /// The largest amount of one entry (transaction, contract value, compensation) per
    /// currency, as a decimal (`EUR = "250000.00"`; `*` for every other currency). Never above
    /// 1,000,000,000 major units, the built-in maximum.
    pub max_entry_amounts: BTreeMap<String, String>,
    /// The largest compensation booked or approved without a second confirmation, per
    /// currency, as a decimal (`EUR = "5000.00"`; `*` for every other currency, in its major
    /// units). Above it the form asks again and the API wants `"confirm_large": true`.
    /// Default `* = "1000.00"`; empty: never ask.
    pub large_amounts: BTreeMap<String, String>,
    /// Reverse proxies (addresses or CIDR ranges, `["127.0.0.1", "10.0.0.0/8"]`) whose
    /// `X-Forwarded-For` names the client for rate limiting; empty (the default): the socket
    /// peer is the client and the header is ignored.
    pub trusted_proxies: Vec<String>,
    /// Bearer secret a scraper sends to read `/metrics` (`Authorization: Bearer …`); empty:
    /// only signed-in admins (session or API token) may read it. Redacted in Debug.
    pub metrics_token: String,
    /// Serve `/metrics` to anyone, without a token (only behind a network that keeps the world
    /// out: it shows request counts and the number of customers).
    pub metrics_public: bool,
    /// Webhook hosts allowed although they are on this machine or its private network
    /// (loopback, private, link-local, cloud metadata), which are refused otherwise: names,
    /// addresses or CIDR ranges, e.g. `["127.0.0.1"]` for a receiver on the same machine.
    pub webhook_allow_hosts: Vec<String>,
    /// Failed sign-ins one account may have from one address before it is locked there; each
    /// further failure locks for twice as long (1 s, 2 s, 4 s …).
    pub login_failures_free: i64,
    /// Failed sign-ins one account may have from all addresses together before it is locked
    /// (except from addresses it signed in from lately).
    pub login_account_failures_free: i64,
    /// Distinct accounts one address may fail to sign in to before it is locked.
    pub login_ip_failures_free: i64,
    /// The longest sign-in lock, in seconds.
    pub login_max_lock_secs: i64,
    /// The secret (at least 32 characters) that keys the audit log's MACs and checkpoint
    /// signatures; kept here, outside the database. Every process that writes to the database
    /// needs the same one. Empty: entries are hash-chained only (redacted in Debug).
    pub audit_key: String,
    /// The append-only file the periodic audit checkpoints are added to (one signed line each)
    /// and `carewell audit verify` checks the log against. Keep it (or a copy) away from the
    /// database.
    pub audit_checkpoint_file: String,
    /// The `[inbound]` section: the optional IMAP poller for customer e-mail.
    pub inbound: super::inbound::InboundConfig,
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
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_tls: "starttls".into(),
            smtp_username: String::new(),
            smtp_password: String::new(),
            mail_from: "Carewell <care@carewell.invalid>".into(),
            message_cap: 3,
            message_cap_days: 7,
            quiet_hours: "21:00-08:00".into(),
            run_worker: true,
            worker_lease_secs: 60,
            retry_base_secs: 30,
            worker_concurrency: 8,
            worker_poll_ms: 1000,
            job_retention_days: 30,
            message_content_retention_days: 90,
            company_name: "Carewell".into(),
            company_logo_url: String::new(),
            timezone: "UTC".into(),
            offboarding_alternatives: Vec::new(),
            max_entry_amounts: BTreeMap::new(),
            large_amounts: [("*".to_string(), "1000.00".to_string())].into(),
            trusted_proxies: Vec::new(),
            metrics_token: String::new(),
            metrics_public: false,
            webhook_allow_hosts: Vec::new(),
            login_failures_free: 5,
            login_account_failures_free: 50,
            login_ip_failures_free: 20,
            login_max_lock_secs: 15 * 60,
            audit_key: String::new(),
            audit_checkpoint_file: "carewell-audit.checkpoints".into(),
            inbound: Default::default(),
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

/// Hides a secret, showing only whether one is set.
pub fn redact_secret(s: &str) -> &'static str {
    if s.is_empty() { "" } else { "***" }
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
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_tls", &self.smtp_tls)
            .field("smtp_username", &self.smtp_username)
            .field("smtp_password", &redact_secret(&self.smtp_password))
            .field("mail_from", &self.mail_from)
            .field("message_cap", &self.message_cap)
            .field("message_cap_days", &self.message_cap_days)
            .field("quiet_hours", &self.quiet_hours)
            .field("run_worker", &self.run_worker)
            .field("worker_lease_secs", &self.worker_lease_secs)
            .field("retry_base_secs", &self.retry_base_secs)
            .field("worker_concurrency", &self.worker_concurrency)
            .field("worker_poll_ms", &self.worker_poll_ms)
            .field("job_retention_days", &self.job_retention_days)
            .field(
                "message_content_retention_days",
                &self.message_content_retention_days,
            )
            .field("company_name", &self.company_name)
            .field("company_logo_url", &self.company_logo_url)
            .field("timezone", &self.timezone)
            .field("offboarding_alternatives", &self.offboarding_alternatives)
            .field("max_entry_amounts", &self.max_entry_amounts)
            .field("large_amounts", &self.large_amounts)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("metrics_token", &redact_secret(&self.metrics_token))
            .field("metrics_public", &self.metrics_public)
            .field("webhook_allow_hosts", &self.webhook_allow_hosts)
            .field("login_failures_free", &self.login_failures_free)
            .field(
                "login_account_failures_free",
                &self.login_account_failures_free,
            )
            .field("login_ip_failures_free", &self.login_ip_failures_free)
            .field("login_max_lock_secs", &self.login_max_lock_secs)
            .field("audit_key", &redact_secret(&self.audit_key))
            .field("audit_checkpoint_file", &self.audit_checkpoint_file)
            .field("inbound", &self.inbound)
            .finish()
    }
}

impl Config {
    /// The server's default time zone for staff pages (UTC when the setting is not an IANA
    /// name; `load` refuses such a setting).
    pub fn zone(&self) -> chrono_tz::Tz {
        self.timezone.trim().parse().unwrap_or(chrono_tz::UTC)
    }

    /// The audit MAC key, if one is set (an error if it is too short).
    pub fn audit_key(&self) -> anyhow::Result<Option<AuditKey>> {
        if self.audit_key.trim().is_empty() {
            return Ok(None);
        }
        Ok(Some(AuditKey::parse(&self.audit_key)?))
    }

    /// Connects to the database (migrating it) with the audit key attached, so every entry
    /// written through it carries its MAC.
    pub async fn open_store(&self) -> anyhow::Result<Store> {
        let store = Store::connect(&self.database_url)
            .await
            .map_err(|e| anyhow::anyhow!("opening the database: {e}"))?;
        Ok(match self.audit_key()? {
            Some(k) => store.with_audit_key(k),
            None => store,
        })
    }

    /// Loads defaults ← config file ← `CAREWELL_*` environment.
    pub fn load() -> anyhow::Result<Self> {
        let file = std::env::var("CAREWELL_CONFIG").unwrap_or_else(|_| "carewell.toml".into());
        let c: Self = Self::figment(&file)
            .extract()
            .map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
        if c.timezone.trim().parse::<chrono_tz::Tz>().is_err() {
            anyhow::bail!(
                "configuration: timezone {:?} is not an IANA time zone (e.g. Europe/Tallinn)",
                c.timezone
            );
        }
        if c.inbound.enabled()
            && let Err(e) = c.inbound.check()
        {
            anyhow::bail!("configuration: {e}");
        }
        Ok(c)
    }

    fn figment(file: &str) -> Figment {
        Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(
                Env::prefixed("CAREWELL_")
                    .ignore(&["config", "log_format"])
                    .split("__"),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API fixes the error type
    fn env_overrides_file_and_password_is_redacted() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("c.toml", "bind = \"0.0.0.0:1\"\nsession_hours = 3")?;
            jail.set_env("CAREWELL_DATABASE_URL", "postgres://app:s3cret@db/carewell");
            jail.set_env("CAREWELL_METRICS_TOKEN", "scrape-s3cret");
            jail.set_env(
                "CAREWELL_WEBHOOK_ALLOW_HOSTS",
                r#"["127.0.0.1", "hooks.lan"]"#,
            );
            jail.set_env("CAREWELL_AUDIT_KEY", "audit-key-s3cret-0123456789abcdef");
            jail.set_env("CAREWELL_INBOUND__IMAP_PASSWORD", "imap-s3cret");
            jail.create_file("i.toml", "[inbound]\nimap_host = \"imap.example.com\"")?;
            let c: Config = Config::figment("c.toml").extract()?;
            assert!(c.audit_key().is_ok_and(|k| k.is_some()));
            assert_eq!(c.inbound.imap_password, "imap-s3cret");
            let i: Config = Config::figment("i.toml").extract()?;
            assert_eq!(
                (i.inbound.imap_host.as_str(), i.inbound.imap_port),
                ("imap.example.com", 993)
            );
            assert_eq!((c.bind.as_str(), c.session_hours), ("0.0.0.0:1", 3));
            let dbg = format!("{c:?}");
            assert_eq!(c.metrics_token, "scrape-s3cret");
            assert_eq!(c.webhook_allow_hosts, ["127.0.0.1", "hooks.lan"]);
            assert!(
                dbg.contains("app:***@db") && !dbg.contains("s3cret") && dbg.contains("audit_key"),
                "{dbg}"
            );
            Ok(())
        });
    }
}
