//! The transactional outbox: every outbound message (e-mail, webhook) is a row written in the
//! same transaction as the change that caused it, with an idempotency key that makes a second
//! enqueue of the same intent a no-op.
//!
//! Life of a message: `queued` → (claimed: `sending`, lease + fencing token) → `sent`; or
//! `failed` (retry after backoff) → … → `dead` after the last attempt; or `deferred` (a cap or
//! quiet hours; due again later) or `dropped` (no consent; never sent). Every change is also
//! a row in `outbox_log`, the delivery log shown per customer.

use crate::jobs::ts;
use crate::links::{self, LinkKind, LinkRequest};
use crate::{Actor, Page, Store, StoreError, Tx, audit, dialect, new_id, now, webhooks};
use carewell_domain::customer::Channel;
use carewell_domain::messaging::{Backoff, MessageClass};
use carewell_domain::time::fmt_ts;
use carewell_domain::{Entity, Refusal};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

/// Delivery attempts before a message is dead-lettered, unless the caller says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: i64 = 8;

/// How a message leaves: `email` (SMTP) or `webhook` (signed HTTP POST).
pub const EMAIL: &str = "email";
/// See [`EMAIL`].
pub const WEBHOOK: &str = "webhook";

/// The digest of the e-mail Message-ID of an idempotency key: the first 20 bytes of its
/// SHA-256, in hex. The deliverer sends `<digest.carewell@host>`; the outbox records the digest
/// (`mail_ref`) so that an answer's In-Reply-To / References finds the message it answers.
pub fn mail_ref(key: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(key.as_bytes())[..20])
}

/// A message to enqueue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    /// The intent's key: a second enqueue with the same key does nothing.
    pub idempotency_key: String,
    /// The customer it is about / addressed to, if any.
    pub customer_id: Option<String>,
    /// [`EMAIL`] or [`WEBHOOK`].
    pub channel: String,
    /// The consent channel the rules check (`email` for e-mail; e.g. `sms` for an SMS gateway
    /// webhook). `None`: no customer rules (integration events).
    pub consent_channel: Option<Channel>,
    /// Marketing, service or legal: decides consent, caps and quiet hours.
    pub class: MessageClass,
    /// Event type, e.g. `complaint.acknowledged`.
    pub event: String,
    /// Fluent message id prefix for e-mail (`<template>-subject`, `<template>-body`).
    pub template: Option<String>,
    /// Template arguments (string values).
    pub args: Value,
    /// The customer's language (BCP 47); the closest shipped one is used.
    pub language: String,
    /// E-mail address, or webhook endpoint id. Empty: dropped at once, with the reason.
    pub recipient: String,
    /// Webhook body `data`.
    pub payload: Value,
    /// Not before this time.
    pub not_before: Option<DateTime<Utc>>,
    /// Attempts before dead-lettering.
    pub max_attempts: i64,
    /// A customer link to mint for this message (rendered as the `link` argument); never
    /// part of `args`, which staff can read.
    pub link: Option<LinkRequest>,
}

impl NewMessage {
    /// An e-mail from a Fluent template to an address, in `language`.
    pub fn email(
        key: impl Into<String>,
        to: &str,
        language: &str,
        class: MessageClass,
        event: &str,
        template: &str,
        args: Value,
    ) -> Self {
        Self {
            idempotency_key: key.into(),
            customer_id: None,
            channel: EMAIL.into(),
            consent_channel: Some(Channel::Email),
            class,
            event: event.into(),
            template: Some(template.into()),
            args,
            language: language.into(),
            recipient: to.into(),
            payload: json!({}),
            not_before: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            link: None,
        }
    }

    /// The same message, about `customer_id`.
    pub fn for_customer(mut self, customer_id: &str) -> Self {
        self.customer_id = Some(customer_id.to_string());
        self
    }

    /// The same message, with a fresh customer link of `kind` for `subject` as `link`.
    pub fn with_link(mut self, kind: LinkKind, subject: &str) -> Self {
        self.link = Some(LinkRequest {
            kind,
            subject: subject.to_string(),
        });
        self
    }

    /// A webhook delivery of `event` with `payload` to one endpoint.
    pub fn webhook(key: impl Into<String>, endpoint_id: &str, event: &str, payload: Value) -> Self {
        Self {
            idempotency_key: key.into(),
            customer_id: None,
            channel: WEBHOOK.into(),
            consent_channel: None,
            class: MessageClass::Service,
            event: event.into(),
            template: None,
            args: json!({}),
            language: "en".into(),
            recipient: endpoint_id.into(),
            payload,
            not_before: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            link: None,
        }
    }
}

/// A message as stored.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Message {
    /// Id (UUIDv7).
    pub id: String,
    /// The intent's key; also the webhook-id and the seed of the e-mail Message-ID.
    pub idempotency_key: String,
    /// The customer.
    pub customer_id: Option<String>,
    /// email or webhook.
    pub channel: String,
    /// The consent channel checked.
    pub consent_channel: Option<String>,
    /// marketing, service or legal.
    pub class: String,
    /// Event type.
    pub event: String,
    /// Fluent template id prefix.
    pub template: Option<String>,
    /// Template arguments.
    #[schema(value_type = Object)]
    pub args: Value,
    /// Language (BCP 47).
    pub language: String,
    /// Address or endpoint id.
    pub recipient: String,
    /// Webhook data.
    #[schema(value_type = Object)]
    pub payload: Value,
    /// queued, sending, sent, failed, deferred, dropped or dead.
    pub status: String,
    /// Why it is deferred, dropped, failed or dead.
    pub reason: Option<String>,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// Attempts allowed.
    pub max_attempts: i64,
    /// Next attempt not before (UTC).
    pub next_attempt_at: String,
    /// Created (UTC).
    pub created_at: String,
    /// Sent (UTC).
    pub sent_at: Option<String>,
    /// The current holder's fencing token.
    #[serde(skip)]
    pub claim_token: Option<String>,
    /// When the content (arguments, webhook data) was removed after the retention period.
    pub pruned_at: Option<String>,
    /// The customer link (a path) the sender merges in as the `link` argument. Only a claimed
    /// message carries it ([`claim`]); every other read leaves it out.
    #[serde(skip)]
    pub link: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    idempotency_key: String,
    customer_id: Option<String>,
    channel: String,
    consent_channel: Option<String>,
    class: String,
    event: String,
    template: Option<String>,
    args: String,
    language: String,
    recipient: String,
    payload: String,
    status: String,
    reason: Option<String>,
    attempts: i64,
    max_attempts: i64,
    next_attempt_at: String,
    created_at: String,
    sent_at: Option<String>,
    claim_token: Option<String>,
    pruned_at: Option<String>,
    secret_link: Option<String>,
}

impl TryFrom<Row> for Message {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Message {
            id: r.id,
            idempotency_key: r.idempotency_key,
            customer_id: r.customer_id,
            channel: r.channel,
            consent_channel: r.consent_channel,
            class: r.class,
            event: r.event,
            template: r.template,
            args: serde_json::from_str(&r.args)?,
            language: r.language,
            recipient: r.recipient,
            payload: serde_json::from_str(&r.payload)?,
            status: r.status,
            reason: r.reason,
            attempts: r.attempts,
            max_attempts: r.max_attempts,
            next_attempt_at: r.next_attempt_at,
            created_at: r.created_at,
            sent_at: r.sent_at,
            claim_token: r.claim_token,
            pruned_at: r.pruned_at,
            link: r.secret_link,
        })
    }
}

const COLS: &str = "id, idempotency_key, customer_id, channel, consent_channel, class, event, template, args, \
     language, recipient, payload, status, reason, attempts, max_attempts, next_attempt_at, created_at, sent_at, claim_token, \
     pruned_at, CAST(NULL AS TEXT) AS secret_link";

/// [`COLS`] with the customer link, for the sender only.
const SEND_COLS: &str = "id, idempotency_key, customer_id, channel, consent_channel, class, event, template, args, \
     language, recipient, payload, status, reason, attempts, max_attempts, next_attempt_at, created_at, sent_at, claim_token, \
     pruned_at, secret_link";

/// Statuses after which a message is never sent again without a retry: its link is cleared.
const FINAL: &str = "('sent', 'dead', 'dropped')";

/// One entry of the delivery log.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema, sqlx::FromRow)]
pub struct LogEntry {
    /// The message.
    pub message_id: String,
    /// When (UTC).
    pub at: String,
    /// The status entered.
    pub status: String,
    /// Why.
    pub reason: Option<String>,
}

async fn log(
    tx: &mut Tx<'_>,
    message_id: &str,
    status: &str,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO outbox_log (id, message_id, at, status, reason) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new_id())
    .bind(message_id)
    .bind(now())
    .bind(status)
    .bind(reason)
    .execute(&mut *tx.tx)
    .await?;
    Ok(())
}

/// Enqueues `msg` in the caller's transaction: it exists exactly when the cause commits.
/// Returns the new message id, or `None` if a message with the same idempotency key exists.
/// A message without a recipient is stored as `dropped` with the reason, never lost silently.
pub async fn enqueue(tx: &mut Tx<'_>, msg: &NewMessage) -> Result<Option<String>, StoreError> {
    let id = new_id();
    let at = now();
    let (status, reason) = if msg.recipient.trim().is_empty() {
        ("dropped", Some(format!("no {} recipient", msg.channel)))
    } else {
        ("queued", None)
    };
    let done = sqlx::query(
        "INSERT INTO outbox (id, idempotency_key, customer_id, channel, consent_channel, class, event, template, args, \
         language, recipient, payload, status, reason, attempts, max_attempts, next_attempt_at, created_at, updated_at, \
         link_kind, link_subject, mail_ref) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0, $15, $16, $17, $17, $18, $19, $20) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(&msg.idempotency_key)
    .bind(msg.customer_id.as_deref())
    .bind(&msg.channel)
    .bind(msg.consent_channel.map(|c| c.as_str()))
    .bind(msg.class.as_str())
    .bind(&msg.event)
    .bind(msg.template.as_deref())
    .bind(msg.args.to_string())
    .bind(&msg.language)
    .bind(msg.recipient.trim())
    .bind(msg.payload.to_string())
    .bind(status)
    .bind(reason.as_deref())
    .bind(msg.max_attempts.max(1))
    .bind(msg.not_before.map(fmt_ts).unwrap_or_else(|| at.clone()))
    .bind(&at)
    .bind(msg.link.as_ref().map(|l| l.kind.as_str()))
    .bind(msg.link.as_ref().map(|l| l.subject.as_str()))
    .bind((msg.channel == EMAIL).then(|| mail_ref(&msg.idempotency_key)))
    .execute(&mut *tx.tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    if let Some(l) = msg.link.as_ref().filter(|_| status == "queued") {
        set_link(tx, &id, Some(l.kind), &l.subject).await?;
    }
    log(tx, &id, status, reason.as_deref()).await?;
    Ok(Some(id))
}

/// Mints a fresh link of `kind` (if any) for `subject` and keeps it with message `id`.
async fn set_link(
    tx: &mut Tx<'_>,
    id: &str,
    kind: Option<LinkKind>,
    subject: &str,
) -> Result<(), StoreError> {
    let Some(kind) = kind else {
        return Ok(());
    };
    let token = links::mint(tx, kind, subject).await?;
    sqlx::query("UPDATE outbox SET secret_link = $1 WHERE id = $2")
        .bind(kind.path(&token))
        .bind(id)
        .execute(&mut *tx.tx)
        .await?;
    Ok(())
}

/// The customer link kept with a message not yet sent, in the caller's transaction.
pub(crate) async fn pending_link(tx: &mut Tx<'_>, id: &str) -> Result<Option<String>, StoreError> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT secret_link FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx.tx)
            .await?;
    Ok(row.and_then(|(l,)| l))
}

/// Enqueues `event` to every active webhook endpoint subscribed to it, one message per
/// endpoint with key `<key>:<endpoint id>`. Returns the ids of the new messages.
pub async fn enqueue_event(
    tx: &mut Tx<'_>,
    key: &str,
    event: &str,
    payload: &Value,
    customer_id: Option<&str>,
) -> Result<Vec<String>, StoreError> {
    let mut ids = Vec::new();
    for ep in webhooks::subscribed(tx, event).await? {
        let mut m = NewMessage::webhook(format!("{key}:{}", ep.id), &ep.id, event, payload.clone());
        m.customer_id = customer_id.map(str::to_string);
        if let Some(id) = enqueue(tx, &m).await? {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Claims up to `limit` messages due at `now` (or whose sender's lease expired) for `lease`.
pub async fn claim(
    store: &Store,
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> Result<Vec<Message>, StoreError> {
    let sql = format!(
        "UPDATE outbox SET status = 'sending', claim_token = $1, lease_until = $2, attempts = attempts + 1, updated_at = $3 \
         WHERE id IN (SELECT id FROM outbox WHERE ((status IN ('queued', 'failed', 'deferred') AND next_attempt_at <= $3) \
         OR (status = 'sending' AND lease_until <= $3)) ORDER BY next_attempt_at LIMIT $4{}) RETURNING {SEND_COLS}",
        dialect::skip_locked(store.engine())
    );
    let mut tx = store.begin().await?;
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(new_id())
        .bind(fmt_ts(now + lease))
        .bind(fmt_ts(now))
        .bind(limit)
        .fetch_all(&mut *tx.tx)
        .await?;
    tx.commit().await?;
    rows.into_iter().map(Message::try_from).collect()
}

/// Sets a claimed message's outcome if the claim still holds; logs it. Returns whether it did.
async fn settle(
    store: &Store,
    m: &Message,
    status: &str,
    reason: Option<&str>,
    next: Option<DateTime<Utc>>,
    attempts_delta: i64,
) -> Result<bool, StoreError> {
    let mut tx = store.begin().await?;
    let at = now();
    let r = sqlx::query(&format!(
        "UPDATE outbox SET status = $1, reason = $2, next_attempt_at = COALESCE($3, next_attempt_at), \
         attempts = attempts + $4, sent_at = CASE WHEN $1 = 'sent' THEN $5 ELSE sent_at END, \
         claim_token = NULL, lease_until = NULL, updated_at = $5, \
         secret_link = CASE WHEN $1 IN {FINAL} THEN NULL ELSE secret_link END \
         WHERE id = $6 AND claim_token = $7 AND status = 'sending'"
    ))
    .bind(status)
    .bind(reason)
    .bind(next.map(fmt_ts))
    .bind(attempts_delta)
    .bind(&at)
    .bind(&m.id)
    .bind(m.claim_token.as_deref())
    .execute(&mut *tx.tx)
    .await?;
    let ok = r.rows_affected() == 1;
    if ok {
        log(&mut tx, &m.id, status, reason).await?;
        if status == "dead" {
            audit::append(
                &mut tx,
                &Actor::system(),
                "message.dead",
                "message",
                &m.id,
                &json!({"status": "sending", "attempts": m.attempts}),
                &json!({"status": "dead", "reason": reason}),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(ok)
}

/// Marks a claimed message sent. `false` if the claim was lost.
pub async fn mark_sent(store: &Store, m: &Message) -> Result<bool, StoreError> {
    settle(store, m, "sent", None, None, 0).await
}

/// Holds a claimed message back until `until` (a cap or quiet hours); the claim does not count
/// as a delivery attempt.
pub async fn defer(
    store: &Store,
    m: &Message,
    until: DateTime<Utc>,
    reason: &str,
) -> Result<bool, StoreError> {
    settle(store, m, "deferred", Some(reason), Some(until), -1).await
}

/// Drops a claimed message for good (no consent), with the reason.
pub async fn drop_message(store: &Store, m: &Message, reason: &str) -> Result<bool, StoreError> {
    settle(store, m, "dropped", Some(reason), None, -1).await
}

/// Records a failed delivery: `failed` with the next attempt after the backoff, or `dead`
/// once the attempts are used up. Returns the new status, or `None` if the claim was lost.
pub async fn fail(
    store: &Store,
    m: &Message,
    error: &str,
    now: DateTime<Utc>,
    backoff: Backoff,
) -> Result<Option<&'static str>, StoreError> {
    let status = if m.attempts >= m.max_attempts {
        "dead"
    } else {
        "failed"
    };
    let next = now + backoff.delay(m.attempts);
    Ok(settle(store, m, status, Some(error), Some(next), 0)
        .await?
        .then_some(status))
}

/// Send times of messages on `consent_channel` to `customer_id` that count against the
/// frequency cap (not `legal`) and were sent after `since`.
pub async fn counted_sends(
    store: &Store,
    customer_id: &str,
    consent_channel: &str,
    since: DateTime<Utc>,
    except_id: &str,
) -> Result<Vec<DateTime<Utc>>, StoreError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT COALESCE(sent_at, updated_at) FROM outbox WHERE customer_id = $1 AND consent_channel = $2 \
         AND class <> 'legal' AND id <> $3 AND status = 'sent' AND sent_at > $4",
    )
    .bind(customer_id)
    .bind(consent_channel)
    .bind(except_id)
    .bind(fmt_ts(since))
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(|(t,)| ts(t)).collect()
}

/// Whether an older message (smaller id) on the same consent channel to the same customer,
/// counted against the cap, is being sent right now. The older one goes first; younger ones
/// wait for its outcome, so concurrent workers never overrun a cap.
pub async fn older_in_flight(
    store: &Store,
    customer_id: &str,
    consent_channel: &str,
    id: &str,
) -> Result<bool, StoreError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM outbox WHERE customer_id = $1 AND consent_channel = $2 \
         AND class <> 'legal' AND status = 'sending' AND id < $3",
    )
    .bind(customer_id)
    .bind(consent_channel)
    .bind(id)
    .fetch_one(store.pool())
    .await?;
    Ok(n > 0)
}

/// One message.
pub async fn get(store: &Store, id: &str) -> Result<Message, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} FROM outbox WHERE id = $1"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    row.ok_or(StoreError::NotFound(Entity::Message))?.try_into()
}

/// The messages of a complaint's thread (agent replies and workflow messages), in no order.
pub async fn for_complaint_thread(
    store: &Store,
    complaint_id: &str,
) -> Result<Vec<Message>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLS} FROM outbox WHERE id IN \
         (SELECT outbox_id FROM complaint_thread WHERE complaint_id = $1 AND outbox_id IS NOT NULL)"
    ))
    .bind(complaint_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter().map(Message::try_from).collect()
}

/// The idempotency key and customer of the e-mail whose Message-ID digest is `mail_ref`
/// ([`mail_ref`]), if we sent one, in the caller's transaction.
pub(crate) async fn by_mail_ref(
    tx: &mut Tx<'_>,
    mail_ref: &str,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_as::<_, (String,)>(
        "SELECT idempotency_key FROM outbox WHERE mail_ref = $1 ORDER BY created_at LIMIT 1",
    )
    .bind(mail_ref)
    .fetch_optional(&mut *tx.tx)
    .await?
    .map(|(k,)| k))
}

/// The message with this idempotency key, if any.
pub async fn by_key(store: &Store, key: &str) -> Result<Option<Message>, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLS} FROM outbox WHERE idempotency_key = $1"
    ))
    .bind(key)
    .fetch_optional(store.pool())
    .await?;
    row.map(Message::try_from).transpose()
}

/// A customer's messages, newest first.
pub async fn for_customer(
    store: &Store,
    customer_id: &str,
    limit: i64,
    offset: i64,
) -> Result<Page<Message>, StoreError> {
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE customer_id = $1")
        .bind(customer_id)
        .fetch_one(store.pool())
        .await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLS} FROM outbox WHERE customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(customer_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(store.pool())
    .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(Message::try_from)
            .collect::<Result<_, _>>()?,
        total,
        capped: false,
        limit,
        offset,
        next: None,
    })
}

/// The delivery log of one message, oldest first.
pub async fn history(store: &Store, message_id: &str) -> Result<Vec<LogEntry>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT message_id, at, status, reason FROM outbox_log WHERE message_id = $1 ORDER BY at, id",
    )
    .bind(message_id)
    .fetch_all(store.pool())
    .await?)
}

/// How many messages have `status`.
pub async fn count(store: &Store, status: &str) -> Result<i64, StoreError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE status = $1")
        .bind(status)
        .fetch_one(store.pool())
        .await?;
    Ok(n)
}

/// Puts a dead (or dropped) message back in the queue with fresh attempts. An admin's
/// decision, audited. The idempotency key is unchanged, so receivers still see one intent.
pub async fn retry(store: &Store, actor: &Actor, id: &str) -> Result<Message, StoreError> {
    let before = get(store, id).await?;
    if before.pruned_at.is_some() {
        return Err(Refusal::ContentPruned.into());
    }
    if before.status != "dead" && before.status != "dropped" {
        return Err(Refusal::WrongState {
            entity: Entity::Message,
            status: before.status.clone(),
            action: "retry".into(),
            allowed: Vec::new(),
        }
        .into());
    }
    let mut tx = store.begin().await?;
    let at = now();
    let r = sqlx::query(
        "UPDATE outbox SET status = 'queued', attempts = 0, reason = NULL, next_attempt_at = $1, updated_at = $1 \
         WHERE id = $2 AND status = $3",
    )
    .bind(&at)
    .bind(id)
    .bind(&before.status)
    .execute(&mut *tx.tx)
    .await?;
    if r.rows_affected() != 1 {
        return Err(Refusal::ChangedMeanwhile.into());
    }
    // The link sent before (if any) was cleared: the retry carries a fresh one.
    let (kind, subject): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT link_kind, link_subject FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx.tx)
            .await?;
    if let (Some(kind), Some(subject)) = (kind, subject) {
        set_link(&mut tx, id, LinkKind::parse(&kind), &subject).await?;
    }
    let why = format!("retried by {}", actor.label);
    log(&mut tx, id, "queued", Some(&why)).await?;
    audit::append(
        &mut tx,
        actor,
        "message.retry",
        "message",
        id,
        &json!({"status": before.status, "reason": before.reason, "attempts": before.attempts}),
        &json!({"status": "queued"}),
    )
    .await?;
    tx.commit().await?;
    get(store, id).await
}

/// Removes the content (template arguments, webhook data) of messages that reached a final
/// state (sent, dead, dropped) before `before`, in batches; the row, its delivery log and its
/// idempotency key stay, so caps, deduplication and the delivery history still work. Returns
/// how many messages were pruned.
pub async fn prune_contents(store: &Store, before: DateTime<Utc>) -> Result<u64, StoreError> {
    let sql = format!(
        "UPDATE outbox SET args = '{{}}', payload = '{{}}', pruned_at = $1 WHERE id IN \
         (SELECT id FROM outbox WHERE status IN {FINAL} AND updated_at < $2 AND pruned_at IS NULL LIMIT $3)"
    );
    crate::sql::in_batches(|limit| {
        sqlx::query(&sql)
            .bind(now())
            .bind(fmt_ts(before))
            .bind(limit)
            .execute(store.pool())
    })
    .await
}

/// Enqueues a message as `actor` (an admin's test message), audited, in its own transaction.
pub async fn enqueue_audited(
    store: &Store,
    actor: &Actor,
    msg: &NewMessage,
) -> Result<Option<String>, StoreError> {
    let mut tx = store.begin().await?;
    let id = enqueue(&mut tx, msg).await?;
    if let Some(id) = &id {
        audit::append(
            &mut tx,
            actor,
            "message.enqueue",
            "message",
            id,
            &json!(null),
            &json!({"channel": msg.channel, "event": msg.event, "recipient": msg.recipient, "key": msg.idempotency_key}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}
