//! A complaint's conversation (its thread): the customer's original words, the messages the
//! workflow sent them, agent replies (sent through the outbox with a conversation link) and
//! internal notes (never sent), and the customer's replies from the public conversation page
//! or by e-mail. A customer reply while the complaint waits on them resumes the SLA clock by
//! the domain's rule ([`Complaint::customer_replied`]) in the same transaction.
//!
//! Inbound e-mail finds its complaint by, in order: the same Message-ID seen before (stored
//! once), our own Message-IDs in In-Reply-To / References (recorded as the outbox's
//! `mail_ref`), the customer's earlier mails in References, and the `[#reference]` tag in the
//! subject when the sender is the complaint's customer. Anything else opens a new complaint
//! for triage (channel e-mail), for the customer with that address or a new customer.

use super::intake::intake_in;
use super::notify::addressee;
use super::{Complaint, effects, load, reference};
use crate::links::{self, LinkKind};
use crate::outbox::{self, NewMessage};
use crate::{Actor, Store, StoreError, Tx, audit, new_id, now};
use carewell_domain::complaint::thread::{InboundMail, Reply, ThreadKind, subject_tag};
use carewell_domain::complaint::{Attachment, ComplaintInput, MAX_DESCRIPTION, MAX_SUBJECT};
use carewell_domain::customer::{Consent, CustomerInput, CustomerKind, LifecycleStage};
use carewell_domain::language::Language;
use carewell_domain::messaging::MessageClass;
use carewell_domain::{Entity, Refusal};
use chrono::Utc;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The e-mail template of an agent's reply (`complaint-reply-subject`, `-body`).
pub const REPLY_TEMPLATE: &str = "complaint-reply";

/// One item of a complaint's thread, oldest first.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct ThreadEntry {
    /// Id (`original` for the customer's original words).
    pub id: String,
    /// Who speaks: customer, agent, note (staff only) or system (a workflow message).
    pub kind: ThreadKind,
    /// When (UTC).
    pub at: String,
    /// Who wrote it: a staff member's label, `customer` or `system`.
    pub author: String,
    /// How it came or went: `page` (staff page or API), `public` (the customer's page),
    /// `email`, `workflow`, or the complaint's intake channel for the original words.
    pub via: String,
    /// The subject, when one was written or received (an e-mail's).
    pub subject: Option<String>,
    /// The text as written or received; empty for a workflow message, which is rendered from
    /// its outbox message (`outbox_id`).
    pub body: String,
    /// An inbound e-mail's HTML as received; never rendered (pages show `body`).
    #[serde(skip)]
    pub html: Option<String>,
    /// Attachment metadata of an inbound e-mail.
    pub attachments: Vec<Attachment>,
    /// The outbox message that carried it to the customer.
    pub outbox_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    kind: String,
    at: String,
    author: String,
    via: String,
    subject: Option<String>,
    body: String,
    html: Option<String>,
    attachments: String,
    outbox_id: Option<String>,
}

impl TryFrom<Row> for ThreadEntry {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Self {
            kind: ThreadKind::parse(&r.kind).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            attachments: serde_json::from_str(&r.attachments)?,
            id: r.id,
            at: r.at,
            author: r.author,
            via: r.via,
            subject: r.subject,
            body: r.body,
            html: r.html,
            outbox_id: r.outbox_id,
        })
    }
}

/// Who reads a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Staff: everything, internal notes included.
    Staff,
    /// The customer (the public conversation page): never internal notes.
    Customer,
}

/// What became of an inbound e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InboundOutcome {
    /// Added to the thread of an existing complaint.
    Threaded,
    /// Opened a new complaint for triage.
    NewIntake,
    /// The same Message-ID was received before: nothing stored again.
    Duplicate,
}

/// The complaint an inbound e-mail went to.
#[derive(Debug, Clone)]
pub struct Inbound {
    /// The complaint (after any SLA resumption).
    pub complaint: Complaint,
    /// What happened.
    pub outcome: InboundOutcome,
}

/// A thread row to write.
struct NewEntry<'a> {
    kind: ThreadKind,
    author: &'a str,
    author_id: Option<&'a str>,
    via: &'a str,
    subject: Option<&'a str>,
    body: &'a str,
    html: Option<&'a str>,
    attachments: &'a [Attachment],
    outbox_id: Option<&'a str>,
    inbound_message_id: Option<&'a str>,
}

async fn insert(
    tx: &mut Tx<'_>,
    complaint_id: &str,
    at: &str,
    e: &NewEntry<'_>,
) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO complaint_thread (id, complaint_id, kind, at, author, author_id, via, subject, body, \
         html, attachments, outbox_id, inbound_message_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(complaint_id)
    .bind(e.kind.as_str())
    .bind(at)
    .bind(e.author)
    .bind(e.author_id)
    .bind(e.via)
    .bind(e.subject)
    .bind(e.body)
    .bind(e.html)
    .bind(serde_json::to_string(e.attachments)?)
    .bind(e.outbox_id)
    .bind(e.inbound_message_id)
    .execute(&mut *tx.tx)
    .await?;
    if e.kind == ThreadKind::Customer {
        // The queue sorts by when the customer last wrote (public page and inbound e-mail).
        sqlx::query(
            "UPDATE complaints SET last_customer_message_at = $1 WHERE id = $2 \
             AND (last_customer_message_at IS NULL OR last_customer_message_at < $1)",
        )
        .bind(at)
        .bind(complaint_id)
        .execute(&mut *tx.tx)
        .await?;
    }
    Ok(id)
}

/// Records a message the workflow queued for the customer (`message_id` in the outbox) in the
/// complaint's thread, in the caller's transaction.
pub(crate) async fn record_sent(
    tx: &mut Tx<'_>,
    c: &Complaint,
    message_id: &str,
    at: &str,
) -> Result<(), StoreError> {
    let e = NewEntry {
        kind: ThreadKind::System,
        author: "system",
        author_id: None,
        via: "workflow",
        subject: None,
        body: "",
        html: None,
        attachments: &[],
        outbox_id: Some(message_id),
        inbound_message_id: None,
    };
    insert(tx, &c.id, at, &e).await?;
    Ok(())
}

/// The customer as the author of a message on `c`.
fn customer_actor(c: &Complaint, via: &str) -> Actor {
    Actor {
        id: format!("customer:{}", c.customer_id),
        label: format!("customer ({via})"),
    }
}

/// Stores what the customer wrote on `c` and applies the domain's rule: while waiting on the
/// customer, work resumes (history, SLA clock, timers, status event, audit); otherwise the
/// message alone is audited. Returns the complaint as it is now and the entry's id.
async fn customer_says(
    tx: &mut Tx<'_>,
    c: &Complaint,
    entry: &NewEntry<'_>,
) -> Result<(Complaint, String), StoreError> {
    let at = effects::stamp(c, Utc::now());
    let ts = carewell_domain::time::fmt_ts(at);
    let id = insert(tx, &c.id, &ts, entry).await?;
    let actor = customer_actor(c, entry.via);
    let mut after = match c.customer_replied(at) {
        Some(applied) => {
            effects::carry_out(tx, &actor, c, applied, at, "complaint.customer-reply").await?
        }
        None => {
            audit::append(
                tx,
                &actor,
                "complaint.customer-reply",
                "complaint",
                &c.id,
                &json!(null),
                &json!({"thread_entry": id, "via": entry.via}),
            )
            .await?;
            c.clone()
        }
    };
    after.last_customer_message_at = Some(ts.clone());
    alert_owner(tx, &after, &ts).await?;
    Ok((after, id))
}

/// The complaint's owner (the managers' queue when nobody owns it) gets one open task
/// `customer-replied` per complaint: a reply while one is open adds nothing, so a customer who
/// writes five times makes one thing to do, not five. Marking it done re-arms it.
async fn alert_owner(tx: &mut Tx<'_>, c: &Complaint, at: &str) -> Result<(), StoreError> {
    let (open,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM tasks WHERE source_kind = 'complaint' AND source_id = $1 \
         AND kind = $2 AND done_at IS NULL",
    )
    .bind(&c.id)
    .bind(CUSTOMER_REPLIED)
    .fetch_one(&mut *tx.tx)
    .await?;
    if open == 0 {
        crate::tasks::create(
            tx,
            &crate::tasks::NewTask {
                kind: CUSTOMER_REPLIED,
                title: c.subject.clone(),
                args: json!({"reference": reference(&c.id)}),
                customer_id: Some(&c.customer_id),
                owner_id: c.owner_id.as_deref(),
                source_kind: "complaint",
                source_id: &c.id,
                due_at: at.to_string(),
            },
        )
        .await?;
    }
    Ok(())
}

/// The task kind of a customer's reply waiting for its owner.
pub const CUSTOMER_REPLIED: &str = "customer-replied";

fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

impl Store {
    /// A complaint's thread, oldest first: the customer's original words (the description),
    /// then every stored item. The customer's audience never sees internal notes.
    pub async fn complaint_thread(
        &self,
        id: &str,
        audience: Audience,
    ) -> Result<Vec<ThreadEntry>, StoreError> {
        let c = self.complaint(id).await?;
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, kind, at, author, via, subject, body, html, attachments, outbox_id \
             FROM complaint_thread WHERE complaint_id = $1 ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let mut out = vec![ThreadEntry {
            id: "original".into(),
            kind: ThreadKind::Customer,
            at: c.created_at.clone(),
            author: "customer".into(),
            via: c.channel.as_str().into(),
            subject: Some(c.subject.clone()),
            body: c.description.clone(),
            html: None,
            attachments: c.attachments.clone(),
            outbox_id: None,
        }];
        for r in rows {
            let e = ThreadEntry::try_from(r)?;
            if audience == Audience::Staff || e.kind.customer_visible() {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The outbox messages of a complaint's thread (agent replies and workflow messages).
    pub async fn complaint_thread_messages(
        &self,
        id: &str,
    ) -> Result<Vec<outbox::Message>, StoreError> {
        outbox::for_complaint_thread(self, id).await
    }

    /// An agent's reply or internal note on a complaint. A reply is queued in the outbox in the
    /// same transaction (service class, e-mail in the customer's language, the reference in the
    /// subject and a fresh link to the customer's conversation page); a note is never sent.
    /// Audited as `complaint.reply` or `complaint.note` (the audit entry names the item, not
    /// its text).
    pub async fn reply_to_complaint(
        &self,
        actor: &Actor,
        id: &str,
        reply: &Reply,
    ) -> Result<ThreadEntry, StoreError> {
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        let at = now();
        let kind = if reply.internal {
            ThreadKind::Note
        } else {
            ThreadKind::Agent
        };
        let mut entry = NewEntry {
            kind,
            author: &actor.label,
            author_id: Some(&actor.id),
            via: "page",
            subject: None,
            body: &reply.body,
            html: None,
            attachments: &[],
            outbox_id: None,
            inbound_message_id: None,
        };
        let message_id;
        if !reply.internal {
            let to = addressee(&mut tx, &c, &actor.id).await?;
            let entry_key = new_id();
            let args = json!({
                "name": to.name,
                "subject": c.subject,
                "agent": to.agent,
                "reference": reference(&c.id),
                "tag": subject_tag(&reference(&c.id)),
                "body": reply.body,
            });
            let m = NewMessage::email(
                format!("complaint:{}:reply:{entry_key}", c.id),
                &to.email,
                &to.language,
                MessageClass::Service,
                "complaint.reply",
                REPLY_TEMPLATE,
                args,
            )
            .for_customer(&c.customer_id)
            .with_link(LinkKind::Thread, &c.id);
            message_id = outbox::enqueue(&mut tx, &m).await?;
            entry.outbox_id = message_id.as_deref();
        }
        let entry_id = insert(&mut tx, id, &at, &entry).await?;
        audit::append(
            &mut tx,
            actor,
            if reply.internal {
                "complaint.note"
            } else {
                "complaint.reply"
            },
            "complaint",
            id,
            &json!(null),
            &json!({"thread_entry": entry_id, "kind": kind, "message": entry.outbox_id}),
        )
        .await?;
        tx.commit().await?;
        Ok(ThreadEntry {
            id: entry_id,
            kind,
            at,
            author: actor.label.clone(),
            via: "page".into(),
            subject: None,
            body: reply.body.clone(),
            html: None,
            attachments: Vec::new(),
            outbox_id: entry.outbox_id.map(str::to_string),
        })
    }

    /// Issues a fresh link to the complaint's conversation page for handing over by phone or
    /// chat, and returns its path (shown once; links sent before keep working).
    pub async fn complaint_thread_link(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<String, StoreError> {
        let mut tx = self.begin().await?;
        load(&mut tx, id).await?;
        let token = links::mint(&mut tx, LinkKind::Thread, id).await?;
        audit::append(
            &mut tx,
            actor,
            "complaint.thread-link",
            "complaint",
            id,
            &json!(null),
            &json!({"link": "created"}),
        )
        .await?;
        tx.commit().await?;
        Ok(LinkKind::Thread.path(&token))
    }

    /// The complaint whose conversation link carries `token`.
    pub async fn complaint_by_thread_token(&self, token: &str) -> Result<Complaint, StoreError> {
        let id: Option<(String,)> =
            sqlx::query_as("SELECT complaint_id FROM complaint_thread_links WHERE token_hash = $1")
                .bind(links::token_hash(token))
                .fetch_optional(self.pool())
                .await?;
        let (id,) = id.ok_or(StoreError::NotFound(Entity::Link))?;
        self.complaint(&id).await
    }

    /// The customer's reply on their conversation page (reached by `token`). While the
    /// complaint waits on the customer, work resumes and the SLA clock runs again.
    pub async fn reply_by_thread_link(
        &self,
        token: &str,
        reply: &Reply,
    ) -> Result<Complaint, StoreError> {
        let c = self.complaint_by_thread_token(token).await?;
        let mut tx = self.begin().await?;
        let c = load(&mut tx, &c.id).await?;
        let entry = NewEntry {
            kind: ThreadKind::Customer,
            author: "customer",
            author_id: None,
            via: "public",
            subject: None,
            body: &reply.body,
            html: None,
            attachments: &[],
            outbox_id: None,
            inbound_message_id: None,
        };
        let (after, _) = customer_says(&mut tx, &c, &entry).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// An inbound e-mail, delivered by `actor` (the holder of the API token): threaded into
    /// the complaint it answers, or opened as a new complaint for triage; the same Message-ID
    /// twice is stored once ([`InboundOutcome::Duplicate`]). Audited as
    /// `complaint.inbound-email` by `actor`, and as the customer's reply.
    pub async fn receive_inbound_email(
        &self,
        actor: &Actor,
        mail: &InboundMail,
    ) -> Result<Inbound, StoreError> {
        match self.inbound_once(actor, mail).await {
            // Two deliveries of one mail at once: the loser meets the unique index.
            Err(StoreError::Refused(Refusal::Conflict)) => {
                let mut tx = self.begin().await?;
                match seen(&mut tx, &mail.message_id).await? {
                    Some(id) => Ok(Inbound {
                        complaint: load(&mut tx, &id).await?,
                        outcome: InboundOutcome::Duplicate,
                    }),
                    None => Err(Refusal::Conflict.into()),
                }
            }
            other => other,
        }
    }

    async fn inbound_once(&self, actor: &Actor, mail: &InboundMail) -> Result<Inbound, StoreError> {
        let mut tx = self.begin().await?;
        if let Some(id) = seen(&mut tx, &mail.message_id).await? {
            return Ok(Inbound {
                complaint: load(&mut tx, &id).await?,
                outcome: InboundOutcome::Duplicate,
            });
        }
        let attachments: Vec<Attachment> = mail
            .attachments
            .iter()
            .filter(|a| !a.name.trim().is_empty())
            .map(|a| Attachment {
                name: a.name.clone(),
                content_type: a.content_type.clone(),
                size: a.size,
                location: None,
            })
            .collect();
        let (complaint, outcome) = match find_complaint(&mut tx, mail).await? {
            Some(id) => {
                let c = load(&mut tx, &id).await?;
                let entry = NewEntry {
                    kind: ThreadKind::Customer,
                    author: "customer",
                    author_id: None,
                    via: "email",
                    subject: Some(&mail.subject),
                    body: mail.body(),
                    html: mail.html.as_deref(),
                    attachments: &attachments,
                    outbox_id: None,
                    inbound_message_id: Some(&mail.message_id),
                };
                let (c, _) = customer_says(&mut tx, &c, &entry).await?;
                (c, InboundOutcome::Threaded)
            }
            None => {
                let c = new_intake(&mut tx, actor, mail, attachments).await?;
                (c, InboundOutcome::NewIntake)
            }
        };
        audit::append(
            &mut tx,
            actor,
            "complaint.inbound-email",
            "complaint",
            &complaint.id,
            &json!(null),
            &json!({"message_id": mail.message_id, "outcome": outcome}),
        )
        .await?;
        tx.commit().await?;
        Ok(Inbound { complaint, outcome })
    }
}

/// The complaint a Message-ID was already stored for (a thread item or an intake).
async fn seen(tx: &mut Tx<'_>, message_id: &str) -> Result<Option<String>, StoreError> {
    let hit: Option<(String,)> = sqlx::query_as(
        "SELECT complaint_id FROM complaint_thread WHERE inbound_message_id = $1 \
         UNION SELECT id FROM complaints WHERE source_message_id = $1",
    )
    .bind(message_id)
    .fetch_optional(&mut *tx.tx)
    .await?;
    Ok(hit.map(|(id,)| id))
}

/// The complaint id in an outbox idempotency key (`complaint:{id}:…`).
fn complaint_of_key(key: &str) -> Option<&str> {
    key.strip_prefix("complaint:")?.split(':').next()
}

/// The complaint `mail` answers, if any (see the module documentation for the order).
async fn find_complaint(tx: &mut Tx<'_>, mail: &InboundMail) -> Result<Option<String>, StoreError> {
    for digest in mail.our_digests() {
        if let Some(key) = outbox::by_mail_ref(tx, &digest).await?
            && let Some(id) = complaint_of_key(&key)
            && exists(tx, id).await?
        {
            return Ok(Some(id.to_string()));
        }
    }
    for earlier in &mail.answers {
        if let Some(id) = seen(tx, earlier).await? {
            return Ok(Some(id));
        }
    }
    if let Some(r) = carewell_domain::complaint::thread::reference_in_subject(&mail.subject) {
        let hit: Option<(String,)> = sqlx::query_as(
            "SELECT c.id FROM complaints c JOIN customers cu ON cu.id = c.customer_id \
             WHERE LOWER(c.id) LIKE $1 AND (LOWER(cu.email) = $2 OR EXISTS \
             (SELECT 1 FROM contacts ct WHERE ct.customer_id = cu.id AND LOWER(ct.email) = $2)) \
             ORDER BY c.created_at DESC LIMIT 1",
        )
        .bind(format!("%{r}"))
        .bind(mail.from.as_str().to_lowercase())
        .fetch_optional(&mut *tx.tx)
        .await?;
        if let Some((id,)) = hit {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

async fn exists(tx: &mut Tx<'_>, id: &str) -> Result<bool, StoreError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM complaints WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx.tx)
        .await?;
    Ok(n > 0)
}

/// Opens a complaint for triage from an unmatched e-mail: for the customer with the sender's
/// address (primary or a contact), else for a new customer with that address (tagged
/// `inbound-email`).
async fn new_intake(
    tx: &mut Tx<'_>,
    actor: &Actor,
    mail: &InboundMail,
    attachments: Vec<Attachment>,
) -> Result<Complaint, StoreError> {
    let from = mail.from.as_str().to_lowercase();
    let known: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM customers WHERE LOWER(email) = $1 \
         UNION SELECT customer_id FROM contacts WHERE LOWER(email) = $1",
    )
    .bind(&from)
    .fetch_optional(&mut *tx.tx)
    .await?;
    let customer_id = match known {
        Some((id,)) => id,
        None => {
            let local = from.split('@').next().unwrap_or_default().to_string();
            let name = mail
                .from_name
                .as_deref()
                .and_then(|n| carewell_domain::customer::parse_name("name", n).ok())
                .unwrap_or(local);
            let input = CustomerInput {
                external_ref: None,
                kind: CustomerKind::Person,
                name,
                email: Some(mail.from.clone()),
                phone: None,
                language: Language::parse("en")?,
                country: None,
                timezone: None,
                segment: None,
                stage: LifecycleStage::Active,
                tags: vec!["inbound-email".into()],
                attributes: BTreeMap::new(),
                consent: Consent::new(),
                birthday: None,
                anniversary: None,
            };
            crate::customers::create_in(tx, actor, &input, None)
                .await?
                .id
        }
    };
    let subject = cut(mail.subject.trim(), MAX_SUBJECT);
    let text = mail.body().trim();
    let description = if !text.is_empty() {
        cut(text, MAX_DESCRIPTION)
    } else if !subject.is_empty() {
        subject.clone()
    } else {
        "—".to_string()
    };
    let input = ComplaintInput::parse(
        &customer_id,
        "email",
        "other",
        "medium",
        Some(&subject),
        &description,
        attachments,
    )
    .map_err(|es| {
        es.into_iter().next().map_or(
            StoreError::Corrupt("inbound intake".into()),
            StoreError::from,
        )
    })?;
    intake_in(
        tx,
        &customer_actor_id(&customer_id),
        &input,
        None,
        None,
        Some(&mail.message_id),
    )
    .await
}

fn customer_actor_id(customer_id: &str) -> Actor {
    Actor {
        id: format!("customer:{customer_id}"),
        label: "customer (email)".into(),
    }
}
