//! The `[inbound]` settings: the optional IMAP poller that fetches customer e-mail from a
//! mailbox and threads it into complaints (off unless `imap_host` is set).

use serde::{Deserialize, Serialize};

/// How the poller secures its IMAP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImapTls {
    /// Implicit TLS (IMAPS, usually port 993).
    Tls,
    /// A plain connection upgraded with STARTTLS (usually port 143).
    StartTls,
    /// No encryption: only allowed for a server on loopback.
    None,
}

/// The `[inbound]` section (`CAREWELL_INBOUND__IMAP_HOST=…` in the environment).
#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct InboundConfig {
    /// IMAP server to poll for customer e-mail; empty (the default) turns the poller off.
    pub imap_host: String,
    /// IMAP port (993 for implicit TLS, 143 for STARTTLS).
    pub imap_port: u16,
    /// `tls` (implicit, the default), `starttls` or `none` (plain; only for loopback).
    pub imap_tls: String,
    /// IMAP user name.
    pub imap_user: String,
    /// IMAP password (redacted in Debug; never shown or logged).
    pub imap_password: String,
    /// The mailbox to poll.
    pub imap_mailbox: String,
    /// Seconds between polls.
    pub imap_poll_seconds: i64,
    /// A folder processed mail is moved to; empty: it stays, marked as read (`\Seen`).
    pub imap_move_to: String,
}

impl Default for InboundConfig {
    fn default() -> Self {
        Self {
            imap_host: String::new(),
            imap_port: 993,
            imap_tls: "tls".into(),
            imap_user: String::new(),
            imap_password: String::new(),
            imap_mailbox: "INBOX".into(),
            imap_poll_seconds: 60,
            imap_move_to: String::new(),
        }
    }
}

impl std::fmt::Debug for InboundConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InboundConfig")
            .field("imap_host", &self.imap_host)
            .field("imap_port", &self.imap_port)
            .field("imap_tls", &self.imap_tls)
            .field("imap_user", &self.imap_user)
            .field(
                "imap_password",
                &super::config::redact_secret(&self.imap_password),
            )
            .field("imap_mailbox", &self.imap_mailbox)
            .field("imap_poll_seconds", &self.imap_poll_seconds)
            .field("imap_move_to", &self.imap_move_to)
            .finish()
    }
}

/// Whether `host` names this machine (a loopback address or `localhost`).
fn loopback(host: &str) -> bool {
    let h = host.trim().trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl InboundConfig {
    /// Whether the poller is on (an IMAP host is set).
    pub fn enabled(&self) -> bool {
        !self.imap_host.trim().is_empty()
    }

    /// The TLS mode, or why the settings cannot be used (an unknown mode, `none` for a host
    /// that is not loopback, no user, a poll interval under a second).
    pub fn check(&self) -> Result<ImapTls, String> {
        let tls = match self.imap_tls.trim().to_ascii_lowercase().as_str() {
            "tls" | "" => ImapTls::Tls,
            "starttls" => ImapTls::StartTls,
            "none" if loopback(&self.imap_host) => ImapTls::None,
            "none" => {
                return Err(format!(
                    "inbound.imap_tls = \"none\" is only allowed for a server on loopback, not {:?}",
                    self.imap_host.trim()
                ));
            }
            other => {
                return Err(format!(
                    "inbound.imap_tls {other:?} is not one of tls, starttls, none"
                ));
            }
        };
        if self.imap_user.trim().is_empty() {
            return Err("inbound.imap_user is empty".into());
        }
        if self.imap_poll_seconds < 1 {
            return Err("inbound.imap_poll_seconds must be at least 1".into());
        }
        Ok(tls)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn plain_imap_only_on_loopback() {
        let mut c = InboundConfig {
            imap_host: "127.0.0.1".into(),
            imap_user: "care".into(),
            imap_tls: "none".into(),
            imap_password: "hunter2".into(),
            ..Default::default()
        };
        assert_eq!(c.check().unwrap(), ImapTls::None);
        c.imap_host = "[::1]".into();
        assert_eq!(c.check().unwrap(), ImapTls::None);
        c.imap_host = "mail.example.com".into();
        assert!(c.check().is_err());
        c.imap_tls = "STARTTLS".into();
        assert_eq!(c.check().unwrap(), ImapTls::StartTls);
        c.imap_tls = "ssl3".into();
        assert!(c.check().is_err());
        assert!(!format!("{c:?}").contains("hunter2"));
        assert!(!InboundConfig::default().enabled());
    }
}
