//! The "Inbound e-mail (IMAP)" card of `/settings/messaging`: the poller's settings (never the
//! password) and its last result (last poll, messages taken and set aside, last error).

use crate::kernel::inbound::InboundConfig;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::view::{when, when_utc};
use carewell_store::Store;
use carewell_store::inbound_poll::IMAP;

/// What the card shows.
#[derive(Debug, Default)]
pub struct ImapCard {
    /// The poller is configured.
    pub enabled: bool,
    /// `host:port`.
    pub server: String,
    /// The TLS mode.
    pub tls: String,
    /// The IMAP user.
    pub user: String,
    /// The polled mailbox.
    pub mailbox: String,
    /// What happens to processed mail, in words.
    pub processed: String,
    /// The poll interval, in words.
    pub every: String,
    /// The last poll (local time), empty before the first.
    pub last: crate::web::view::When,
    /// The last poll in UTC (hover).
    pub last_utc: String,
    /// What the last poll took, in words.
    pub taken: String,
    /// The last poll's error, if it failed.
    pub error: Option<String>,
    /// The last poll that went through (local time), empty if none.
    pub ok_at: crate::web::view::When,
}

/// The card for `config`, with the stored last result.
pub async fn card(store: &Store, tr: &Tr, config: &InboundConfig) -> Result<ImapCard, AppError> {
    if !config.enabled() {
        return Ok(ImapCard::default());
    }
    let status = store.inbound_poll_status(IMAP).await?;
    let move_to = config.imap_move_to.trim();
    let mut card = ImapCard {
        enabled: true,
        server: format!("{}:{}", config.imap_host.trim(), config.imap_port),
        tls: config.imap_tls.clone(),
        user: config.imap_user.clone(),
        mailbox: config.imap_mailbox.clone(),
        processed: if move_to.is_empty() {
            tr.t("imap-processed-seen")
        } else {
            tr.t_with("imap-processed-move", &[("folder", move_to)])
        },
        every: tr.t_n("imap-every", config.imap_poll_seconds),
        ..ImapCard::default()
    };
    if let Some(s) = status {
        card.last = when(&s.polled_at);
        card.last_utc = when_utc(&s.polled_at);
        let taken = s.taken.to_string();
        let skipped = s.skipped.to_string();
        card.taken = tr.t_with(
            "imap-taken",
            &[("taken", taken.as_str()), ("skipped", skipped.as_str())],
        );
        card.error = s.error;
        card.ok_at = s.ok_at.as_deref().map(when).unwrap_or_default();
    }
    Ok(card)
}
