//! The IMAP poller for customer e-mail (`[inbound] imap_*` settings, off unless `imap_host` is
//! set): the periodic `inbound.imap_poll` job connects, selects the mailbox, takes up to
//! [`MAX_PER_POLL`] unseen (and unflagged) messages, maps each to the [`InboundMail`] the inbound
//! endpoint also builds and stores it with `Store::receive_inbound_email` — the one threading
//! path (In-Reply-To / References, then the `[#reference]` in the subject; anything else a new
//! complaint for triage; the same Message-ID twice stored once). Only once stored is a message
//! marked `\Seen` (and moved to `imap_move_to` when set). A message that cannot be stored (no
//! sender, larger than the endpoint's limit, unparsable, refused) is flagged `\Flagged` and
//! logged, and never blocks the rest; flagged messages are not polled again.
//!
//! The job queue's claim protocol runs one poll at a time however many servers share the
//! database. Each poll's result (time, messages taken and set aside, error) is kept in
//! `inbound_poll_status` and shown on the messaging settings page.
//!
//! [`InboundMail`]: carewell_domain::complaint::thread::InboundMail

pub mod mail;

use crate::jobs::{Job, JobContext, Registry};
use crate::kernel::config::Config;
use crate::kernel::inbound::{ImapTls, InboundConfig};
use async_imap::{Client, Session};
use carewell_store::inbound_poll::PollResult;
use carewell_store::jobs::{self, JobPayload};
use carewell_store::{Actor, Store, StoreError};
use chrono::{Duration, Utc};
use futures_util::TryStreamExt;
use mail::{Unusable, to_inbound};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

/// The source name of the poller's status row.
pub const SOURCE: &str = carewell_store::inbound_poll::IMAP;

/// Most messages taken per poll (the rest wait for the next one).
pub const MAX_PER_POLL: usize = 200;

/// The longest one poll may take (connect, login and every message): under the default job
/// lease (60 s), so another worker does not take the job over while it runs.
const POLL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(50);

/// The periodic poll (payload of the `inbound.imap_poll` job).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImapPoll {}

impl JobPayload for ImapPoll {
    const KIND: &'static str = "inbound.imap_poll";
    // The next period polls again: a failed poll is not retried.
    const MAX_ATTEMPTS: i64 = 1;
    fn unique_key(&self) -> Option<String> {
        None
    }
}

impl Job for ImapPoll {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        if !ctx.config.inbound.enabled() {
            return Ok(());
        }
        poll(&ctx.store, &ctx.config.inbound).await?;
        jobs::prune_done(&ctx.store, Self::KIND, Utc::now() - Duration::hours(1)).await?;
        Ok(())
    }
}

/// Registers the poll with `registry` every `imap_poll_seconds` when `config` turns it on.
pub fn schedule(registry: &mut Registry, config: &Config) {
    if config.inbound.enabled() {
        registry.job_every::<ImapPoll>(config.inbound.imap_poll_seconds.max(1));
    }
}

/// Who stores polled mail (audited as `system`, labelled `imap`).
pub fn actor() -> Actor {
    Actor {
        id: "system".into(),
        label: SOURCE.into(),
    }
}

/// Polls the mailbox once and records the result (also returned). Connection, login and
/// mailbox errors are part of the result, not an `Err`; only recording it can fail.
pub async fn poll(store: &Store, cfg: &InboundConfig) -> Result<PollResult, StoreError> {
    let started = Utc::now();
    let mut result = PollResult::default();
    let outcome = match cfg.check() {
        Ok(tls) => {
            tokio::time::timeout(POLL_TIMEOUT, connect_and_poll(store, cfg, tls, &mut result))
                .await
                .unwrap_or_else(|_| Err(format!("timed out after {} s", POLL_TIMEOUT.as_secs())))
        }
        Err(e) => Err(e),
    };
    if let Err(e) = outcome {
        tracing::warn!(host = %cfg.imap_host, user = %cfg.imap_user, error = %e, "IMAP poll failed");
        result.error = Some(e);
    } else if result.taken + result.skipped > 0 {
        tracing::info!(taken = result.taken, skipped = result.skipped, "IMAP poll");
    }
    store.record_inbound_poll(SOURCE, started, &result).await?;
    Ok(result)
}

fn tls_connector() -> Result<tokio_rustls::TlsConnector, String> {
    use tokio_rustls::rustls;
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| format!("TLS: {e}"))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

async fn tls_wrap(
    cfg: &InboundConfig,
    tcp: TcpStream,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, String> {
    let name =
        tokio_rustls::rustls::pki_types::ServerName::try_from(cfg.imap_host.trim().to_string())
            .map_err(|e| format!("TLS: {e}"))?;
    tls_connector()?
        .connect(name, tcp)
        .await
        .map_err(|e| format!("TLS handshake with {}: {e}", cfg.imap_host.trim()))
}

/// Reads the server's greeting.
async fn greeting<T>(client: &mut Client<T>) -> Result<(), String>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    match client.read_response().await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err("the server closed the connection".into()),
        Err(e) => Err(format!("reading the greeting: {e}")),
    }
}

async fn connect_and_poll(
    store: &Store,
    cfg: &InboundConfig,
    tls: ImapTls,
    result: &mut PollResult,
) -> Result<(), String> {
    let addr = (cfg.imap_host.trim(), cfg.imap_port);
    let tcp = TcpStream::connect(addr).await.map_err(|e| {
        format!(
            "connecting to {}:{}: {e}",
            cfg.imap_host.trim(),
            cfg.imap_port
        )
    })?;
    match tls {
        ImapTls::None => {
            let mut client = Client::new(tcp);
            greeting(&mut client).await?;
            login_and_poll(store, cfg, client, result).await
        }
        ImapTls::Tls => {
            let mut client = Client::new(tls_wrap(cfg, tcp).await?);
            greeting(&mut client).await?;
            login_and_poll(store, cfg, client, result).await
        }
        ImapTls::StartTls => {
            let mut client = Client::new(tcp);
            greeting(&mut client).await?;
            client
                .run_command_and_check_ok("STARTTLS", None)
                .await
                .map_err(|e| format!("STARTTLS: {e}"))?;
            let client = Client::new(tls_wrap(cfg, client.into_inner()).await?);
            login_and_poll(store, cfg, client, result).await
        }
    }
}

async fn login_and_poll<T>(
    store: &Store,
    cfg: &InboundConfig,
    client: Client<T>,
    result: &mut PollResult,
) -> Result<(), String>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let mut session = client
        .login(cfg.imap_user.trim(), &cfg.imap_password)
        .await
        .map_err(|(e, _)| format!("login as {} failed: {e}", cfg.imap_user.trim()))?;
    let polled = take_messages(store, cfg, &mut session, result).await;
    let _ = session.logout().await;
    polled
}

async fn take_messages<T>(
    store: &Store,
    cfg: &InboundConfig,
    session: &mut Session<T>,
    result: &mut PollResult,
) -> Result<(), String>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let mailbox = cfg.imap_mailbox.trim();
    session
        .select(mailbox)
        .await
        .map_err(|e| format!("selecting {mailbox}: {e}"))?;
    let mut uids: Vec<u32> = session
        .uid_search("UNSEEN UNFLAGGED")
        .await
        .map_err(|e| format!("searching {mailbox}: {e}"))?
        .into_iter()
        .collect();
    uids.sort_unstable();
    uids.truncate(MAX_PER_POLL);
    if uids.is_empty() {
        return Ok(());
    }
    let set = uids
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let sizes: HashMap<u32, u32> = {
        let fetched: Vec<_> = session
            .uid_fetch(&set, "(UID RFC822.SIZE)")
            .await
            .map_err(|e| format!("fetching sizes: {e}"))?
            .try_collect()
            .await
            .map_err(|e| format!("fetching sizes: {e}"))?;
        fetched
            .iter()
            .filter_map(|f| Some((f.uid?, f.size?)))
            .collect()
    };
    let mut failed = 0;
    for uid in uids {
        let too_large = sizes.get(&uid).is_some_and(|&s| s as usize > mail::MAX_RAW);
        let raw = if too_large {
            None
        } else {
            fetch_body(session, uid).await?
        };
        let mapped = match &raw {
            Some(raw) => to_inbound(raw),
            None if too_large => Err(Unusable::TooLarge),
            // Expunged meanwhile: nothing to do.
            None => continue,
        };
        let mail = match mapped {
            Ok(mail) => mail,
            Err(why) => {
                tracing::warn!(uid, reason = ?why, "IMAP message set aside (flagged)");
                set_aside(session, uid).await?;
                result.skipped += 1;
                continue;
            }
        };
        match store.receive_inbound_email(&actor(), &mail).await {
            Ok(got) => {
                tracing::info!(uid, message_id = %mail.message_id, complaint = %got.complaint.id,
                    outcome = ?got.outcome, "IMAP message stored");
                done(session, cfg, uid).await?;
                result.taken += 1;
            }
            Err(StoreError::Refused(r)) => {
                tracing::warn!(uid, message_id = %mail.message_id, refusal = ?r,
                    "IMAP message refused (flagged)");
                set_aside(session, uid).await?;
                result.skipped += 1;
            }
            // The database may be back at the next poll: the message stays unseen.
            Err(e) => {
                tracing::error!(uid, message_id = %mail.message_id, error = %e,
                    "storing an IMAP message");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        return Err(format!(
            "{failed} message(s) could not be stored (see the server log); they are tried again"
        ));
    }
    Ok(())
}

async fn fetch_body<T>(session: &mut Session<T>, uid: u32) -> Result<Option<Vec<u8>>, String>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let fetched: Vec<_> = session
        .uid_fetch(uid.to_string(), "(UID BODY.PEEK[])")
        .await
        .map_err(|e| format!("fetching message {uid}: {e}"))?
        .try_collect()
        .await
        .map_err(|e| format!("fetching message {uid}: {e}"))?;
    Ok(fetched
        .iter()
        .find(|f| f.uid == Some(uid))
        .and_then(|f| f.body())
        .map(<[u8]>::to_vec))
}

async fn store_flag<T>(session: &mut Session<T>, uid: u32, flag: &str) -> Result<(), String>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let _: Vec<_> = session
        .uid_store(uid.to_string(), format!("+FLAGS ({flag})"))
        .await
        .map_err(|e| format!("marking message {uid} {flag}: {e}"))?
        .try_collect()
        .await
        .map_err(|e| format!("marking message {uid} {flag}: {e}"))?;
    Ok(())
}

/// A message that cannot be stored: flagged, so a person can look and the poller skips it.
async fn set_aside<T>(session: &mut Session<T>, uid: u32) -> Result<(), String>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    store_flag(session, uid, "\\Flagged").await
}

/// A stored message: `\Seen`, then moved to `imap_move_to` when set.
async fn done<T>(session: &mut Session<T>, cfg: &InboundConfig, uid: u32) -> Result<(), String>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    store_flag(session, uid, "\\Seen").await?;
    let to = cfg.imap_move_to.trim();
    if !to.is_empty() {
        session
            .uid_mv(uid.to_string(), to)
            .await
            .map_err(|e| format!("moving message {uid} to {to}: {e}"))?;
    }
    Ok(())
}
