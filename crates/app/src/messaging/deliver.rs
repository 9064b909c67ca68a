//! Outbox delivery: claim due messages, apply the customer rules (consent, caps, quiet hours),
//! send over SMTP or as a signed webhook, then record the outcome.
//!
//! Guarantee: a message is sent by at most one worker at a time (claim with a lease and a
//! fencing token; the send timeout is shorter than the lease), retried until it is sent or
//! dead-lettered, and every copy carries the same identity — the e-mail `Message-ID` derived from
//! the idempotency key, the webhook `webhook-id` equal to the key. If a worker dies after the
//! receiver accepted a message but before `sent` commits, the message is sent again after the
//! lease expires, with the same id: delivery is at-least-once with a stable id, and exactly-once
//! for receivers that deduplicate on that id (Standard Webhooks receivers must; mail stores
//! and MTAs commonly drop duplicate Message-IDs). The window is the time between the receiver's
//! acceptance (SMTP `250` after DATA, HTTP `2xx`) and the commit of `sent`.

use super::render;
use super::target::{GuardedResolver, check_host};
use crate::jobs::{Outbox, OutboxFuture};
use crate::kernel::config::Config;
use anyhow::Context;
use carewell_domain::customer::Channel;
use carewell_domain::messaging::{self, Backoff, Cap, QuietHours, Recipient, Verdict};
use carewell_domain::outbound::AllowHosts;
use carewell_store::outbox::{self, EMAIL, Message};
use carewell_store::{Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::sync::Arc;
use tokio::task::JoinSet;

/// Why an e-mail waits while SMTP is not configured.
pub const SMTP_OFF: &str = "e-mail is off (no smtp_host): waiting in the outbox";

/// The rules and timings delivery follows, from [`Config`].
#[derive(Debug, Clone)]
pub struct Settings {
    /// Frequency cap.
    pub cap: Cap,
    /// Quiet hours, if any.
    pub quiet: Option<QuietHours>,
    /// How long a claim holds.
    pub lease: Duration,
    /// Retry schedule.
    pub backoff: Backoff,
    /// Messages delivered at once.
    pub concurrency: usize,
    /// The From mailbox.
    pub from: Mailbox,
    /// The public address of this Carewell, for links in messages.
    pub base_url: String,
}

impl Settings {
    /// Reads the settings; refuses a malformed From address or quiet hours.
    pub fn from_config(c: &Config) -> anyhow::Result<Self> {
        Ok(Self {
            cap: Cap {
                max: c.message_cap as usize,
                window: Duration::days(i64::from(c.message_cap_days.max(1))),
            },
            quiet: QuietHours::parse(&c.quiet_hours)?,
            lease: Duration::seconds(c.worker_lease_secs.max(1) as i64),
            backoff: Backoff {
                base: Duration::seconds(c.retry_base_secs as i64),
                ..Backoff::default()
            },
            concurrency: c.worker_concurrency.max(1),
            from: c.mail_from.parse().context("mail_from")?,
            base_url: c.base_url.clone(),
        })
    }
}

/// Sends outbox messages.
#[derive(Clone)]
pub struct Deliverer {
    store: Store,
    settings: Settings,
    mailer: Option<AsyncSmtpTransport<Tokio1Executor>>,
    http: reqwest::Client,
    allow: AllowHosts,
}

impl std::fmt::Debug for Deliverer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deliverer")
            .field("settings", &self.settings)
            .field("smtp", &self.mailer.is_some())
            .finish()
    }
}

/// Builds the SMTP transport from the configuration (`None` if no host is set).
pub fn mailer(c: &Config) -> anyhow::Result<Option<AsyncSmtpTransport<Tokio1Executor>>> {
    if c.smtp_host.trim().is_empty() {
        return Ok(None);
    }
    type T = AsyncSmtpTransport<Tokio1Executor>;
    let host = c.smtp_host.trim();
    let mut b = match c.smtp_tls.as_str() {
        "tls" => T::relay(host)?,
        "starttls" => T::starttls_relay(host)?,
        "none" => T::builder_dangerous(host),
        other => anyhow::bail!("smtp_tls must be starttls, tls or none, not '{other}'"),
    }
    .port(c.smtp_port)
    .timeout(Some(send_timeout(c)))
    .pool_config(PoolConfig::new().max_size(c.worker_concurrency.max(1) as u32));
    if !c.smtp_username.is_empty() {
        b = b.credentials(Credentials::new(
            c.smtp_username.clone(),
            c.smtp_password.clone(),
        ));
    }
    Ok(Some(b.build()))
}

/// Sends must finish well inside the lease, so no other worker takes the message meanwhile.
fn send_timeout(c: &Config) -> std::time::Duration {
    std::time::Duration::from_secs((c.worker_lease_secs / 2).clamp(1, 30))
}

/// The stable e-mail Message-ID of an idempotency key: `<digest.carewell@host>`, the digest
/// recorded with the message ([`outbox::mail_ref`]) so that answers find what they answer.
pub fn message_id(key: &str, from: &Mailbox) -> String {
    format!(
        "<{}.carewell@{}>",
        outbox::mail_ref(key),
        from.email.domain()
    )
}

impl Deliverer {
    /// A deliverer configured from `c`.
    pub fn new(store: Store, c: &Config) -> anyhow::Result<Self> {
        let allow = AllowHosts::new(&c.webhook_allow_hosts);
        Ok(Self {
            store,
            settings: Settings::from_config(c)?,
            mailer: mailer(c)?,
            // Webhook URLs are users' choice: names resolve through the guard (every address
            // checked, only checked ones connected to) and redirects are not followed.
            http: reqwest::Client::builder()
                .timeout(send_timeout(c))
                .user_agent(concat!("Carewell/", env!("CARGO_PKG_VERSION")))
                .dns_resolver(Arc::new(GuardedResolver {
                    allow: allow.clone(),
                }))
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            allow,
        })
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Claims one batch of due messages at `now` and delivers them concurrently; returns how
    /// many were claimed.
    pub async fn run_once(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let batch = outbox::claim(
            &self.store,
            now,
            self.settings.lease,
            self.settings.concurrency as i64,
        )
        .await?;
        let n = batch.len();
        let mut set = JoinSet::new();
        let me = Arc::new(self.clone());
        for m in batch {
            let me = me.clone();
            set.spawn(async move {
                if let Err(e) = me.deliver(&m, now).await {
                    tracing::error!(message = %m.id, error = %e, "recording delivery outcome");
                }
            });
        }
        while set.join_next().await.is_some() {}
        Ok(n)
    }

    /// Delivers one claimed message and records the outcome.
    pub async fn deliver(&self, m: &Message, now: DateTime<Utc>) -> Result<(), StoreError> {
        if m.attempts > m.max_attempts {
            // Claimed again after its sender died on the last attempt.
            outbox::fail(
                &self.store,
                m,
                "attempts used up",
                now,
                self.settings.backoff,
            )
            .await?;
            return Ok(());
        }
        if m.channel == EMAIL && self.mailer.is_none() {
            // E-mail is off (no smtp_host): the message waits in the outbox without using up
            // attempts or filling the log with errors, and leaves once SMTP is configured.
            outbox::defer(&self.store, m, now + Duration::hours(1), SMTP_OFF).await?;
            return Ok(());
        }
        match self.verdict(m, now).await? {
            Verdict::Send => {}
            Verdict::Defer(until, why) => {
                outbox::defer(&self.store, m, until, &why).await?;
                return Ok(());
            }
            Verdict::Drop(why) => {
                outbox::drop_message(&self.store, m, &why).await?;
                return Ok(());
            }
        }
        let sent = if m.channel == EMAIL {
            self.send_email(m).await
        } else {
            self.send_webhook(m).await
        };
        match sent {
            Ok(()) => {
                outbox::mark_sent(&self.store, m).await?;
            }
            Err(e) => {
                tracing::warn!(message = %m.id, error = %e, "delivery failed");
                outbox::fail(&self.store, m, &e, now, self.settings.backoff).await?;
            }
        }
        Ok(())
    }

    /// Consent, caps and quiet hours for a message addressed to a customer.
    async fn verdict(&self, m: &Message, now: DateTime<Utc>) -> Result<Verdict, StoreError> {
        if m.channel != EMAIL {
            match self.store.webhook_endpoint(&m.recipient).await {
                Ok(ep) if !ep.active => {
                    return Ok(Verdict::Drop("webhook endpoint disabled".into()));
                }
                Err(StoreError::NotFound(_)) => {
                    return Ok(Verdict::Drop("webhook endpoint removed".into()));
                }
                Err(e) => return Err(e),
                Ok(_) => {}
            }
        }
        let (Some(cid), Some(ch)) = (&m.customer_id, &m.consent_channel) else {
            return Ok(Verdict::Send);
        };
        let channel = Channel::parse(ch)?;
        let class = messaging::MessageClass::parse(&m.class)?;
        let customer = match self.store.customer(cid).await {
            Ok(c) => c,
            Err(StoreError::NotFound(_)) => {
                return Ok(Verdict::Drop("the customer no longer exists".into()));
            }
            Err(e) => return Err(e),
        };
        let since = now - self.settings.cap.window;
        let recent = outbox::counted_sends(&self.store, cid, ch, since, &m.id).await?;
        let r = Recipient {
            consent: customer.consent.get(&channel).copied(),
            tz: messaging::tz_or_utc(customer.timezone.as_deref()),
            recent,
        };
        let verdict = messaging::decide(
            class,
            channel,
            &r,
            self.settings.cap,
            self.settings.quiet,
            now,
        );
        // Capped (marketing) messages to one customer are decided oldest first: a younger one
        // waits for an older one in flight, so concurrent workers never overrun the cap.
        if verdict == Verdict::Send
            && class == messaging::MessageClass::Marketing
            && outbox::older_in_flight(&self.store, cid, ch, &m.id).await?
        {
            return Ok(Verdict::Defer(
                now + Duration::seconds(5),
                "another message to this customer is being sent".into(),
            ));
        }
        Ok(verdict)
    }

    async fn send_email(&self, m: &Message) -> Result<(), String> {
        let Some(mailer) = &self.mailer else {
            return Err("SMTP is not configured (smtp_host)".into());
        };
        let to: Mailbox = m
            .recipient
            .parse()
            .map_err(|e| format!("bad recipient address: {e}"))?;
        let r = render::email(m, &self.settings.base_url);
        let email = lettre::Message::builder()
            .from(self.settings.from.clone())
            .to(to)
            .subject(r.subject)
            .message_id(Some(message_id(&m.idempotency_key, &self.settings.from)))
            .header(ContentType::TEXT_PLAIN)
            .body(r.body)
            .map_err(|e| format!("building the e-mail: {e}"))?;
        mailer
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP: {e}"))
    }

    async fn send_webhook(&self, m: &Message) -> Result<(), String> {
        let (ep, secret) = self
            .store
            .webhook_target(&m.recipient)
            .await
            .map_err(|e| format!("endpoint: {e}"))?;
        let ts = Utc::now().timestamp();
        let body = serde_json::json!({
            "type": m.event,
            "occurred_at": m.created_at,
            "timestamp": carewell_domain::time::fmt_ts(Utc::now()),
            "data": m.payload,
        })
        .to_string();
        let sig = super::webhook::sign(&secret, &m.idempotency_key, ts, body.as_bytes())?;
        // An address in the URL is not resolved, so it is checked here (names are checked by
        // the client's resolver); the endpoint may predate the rule or the setting may change.
        let url = reqwest::Url::parse(&ep.url).map_err(|e| format!("endpoint URL: {e}"))?;
        check_host(&url, &self.allow).map_err(|_| {
            format!(
                "{} is an internal address (webhook_allow_hosts)",
                url.host_str().unwrap_or_default()
            )
        })?;
        let res = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &m.idempotency_key)
            .header("webhook-timestamp", ts.to_string())
            .header("webhook-signature", sig)
            .body(body)
            .send()
            .await
            .map_err(|e| format!("HTTP: {e}"))?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(format!("HTTP {}", res.status()))
        }
    }
}

/// The runner drains the outbox through this: one batch of due messages per call.
impl Outbox for Deliverer {
    fn run_once(&self, now: DateTime<Utc>) -> OutboxFuture<'_> {
        Box::pin(async move { Ok(Deliverer::run_once(self, now).await?) })
    }
}
