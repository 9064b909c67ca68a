//! The farewell letter: the draft and sending it through the outbox.

use super::{LETTER_EVENT, LETTER_TEMPLATE, OffboardingCase, date, insert_step, load, transition};
use crate::links::{self, LinkKind};
use crate::outbox::{self, NewMessage};
use crate::{Actor, Store, StoreError, Tx, audit, now};
use carewell_domain::error::{Entity, Refusal, Step};
use carewell_domain::events::EventType;
use carewell_domain::messaging::MessageClass;
use carewell_domain::offboarding::Letter;
use carewell_domain::offboarding::workflow::{self, Action};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// The farewell letter draft of a case.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct LetterDraft {
    /// The case.
    pub case_id: String,
    /// Language and the five parts.
    #[serde(flatten)]
    pub letter: Letter,
    /// Last edited by (e-mail).
    pub updated_by: String,
    /// Last edited (UTC).
    pub updated_at: String,
    /// Sent (UTC), if sent.
    pub sent_at: Option<String>,
    /// The outbox message, once sent.
    pub message_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LetterRow {
    case_id: String,
    language: String,
    thanks: String,
    framing: String,
    goodwill: String,
    apology: String,
    alternatives: String,
    updated_by: String,
    updated_at: String,
    sent_at: Option<String>,
    message_id: Option<String>,
}

impl From<LetterRow> for LetterDraft {
    fn from(r: LetterRow) -> Self {
        Self {
            case_id: r.case_id,
            letter: Letter {
                language: r.language,
                thanks: r.thanks,
                framing: r.framing,
                goodwill: r.goodwill,
                apology: r.apology,
                alternatives: r.alternatives,
            },
            updated_by: r.updated_by,
            updated_at: r.updated_at,
            sent_at: r.sent_at,
            message_id: r.message_id,
        }
    }
}

impl Store {
    /// Saves (creates or replaces) the farewell letter draft, until it is sent.
    pub async fn save_offboarding_letter(
        &self,
        actor: &Actor,
        id: &str,
        letter: &Letter,
    ) -> Result<LetterDraft, StoreError> {
        // Only a letter that passes the domain's rules is stored.
        let letter = &letter.checked()?;
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        if !c.status.letter_editable() {
            return Err(Refusal::WrongState {
                entity: Entity::OffboardingCase,
                status: c.status.as_str().to_string(),
                action: "edit-letter".into(),
                allowed: Vec::new(),
            }
            .into());
        }
        let at = now();
        sqlx::query(
            "INSERT INTO offboarding_letters (case_id, language, thanks, framing, goodwill, apology, alternatives, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (case_id) DO UPDATE SET language = excluded.language, \
             thanks = excluded.thanks, framing = excluded.framing, goodwill = excluded.goodwill, apology = excluded.apology, \
             alternatives = excluded.alternatives, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(&letter.language)
        .bind(&letter.thanks)
        .bind(&letter.framing)
        .bind(&letter.goodwill)
        .bind(&letter.apology)
        .bind(&letter.alternatives)
        .bind(&actor.label)
        .bind(&at)
        .execute(&mut *tx.tx)
        .await?;
        insert_step(
            &mut tx,
            id,
            actor,
            "letter-saved",
            None,
            &json!({ "language": letter.language }),
        )
        .await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.letter-save",
            "offboarding_case",
            id,
            &json!(null),
            &json!({ "language": letter.language, "chars": letter.body().chars().count() }),
        )
        .await?;
        let draft = letter_in(&mut tx, id).await?;
        tx.commit().await?;
        draft.ok_or(StoreError::NotFound(Entity::Letter))
    }

    /// The letter draft of a case, if any.
    pub async fn offboarding_letter(&self, id: &str) -> Result<Option<LetterDraft>, StoreError> {
        let row: Option<LetterRow> = sqlx::query_as(&format!(
            "SELECT {LETTER_COLS} FROM offboarding_letters WHERE case_id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(Into::into))
    }

    /// Sends the farewell letter (the written notice): refused before a direct contact is
    /// logged. In one transaction: a fresh customer link, the e-mail enqueued in the outbox
    /// (class `legal`, template [`LETTER_TEMPLATE`], idempotency key
    /// `offboarding:<id>:letter`), the status `notified`, the step and the audit entry.
    /// Returns the case and the raw token (shown once, to the sender); only its hash is kept.
    pub async fn send_offboarding_letter(
        &self,
        actor: &Actor,
        id: &str,
        company: &str,
    ) -> Result<(OffboardingCase, String), StoreError> {
        let customer_id = self
            .offboarding_case(crate::Clearance::SYSTEM, id)
            .await?
            .customer_id;
        let customer = self.customer(&customer_id).await?;
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::SendLetter)?;
        let draft = letter_in(&mut tx, id).await?.ok_or(Refusal::StepFirst {
            step: Step::WriteLetter,
        })?;
        let l = &draft.letter;
        let t = &c.timeline;
        let args = json!({
            "name": customer.name, "company": company,
            "thanks": l.thanks, "framing": l.framing, "goodwill": l.goodwill,
            "apology": l.apology, "alternatives": l.alternatives, "letter": l.body(),
            "notice_date": date(t.notice_date), "service_end": date(t.service_end),
            "support_end": date(t.support_end), "export_until": date(t.export_until),
            "deletion_date": date(t.deletion_date),
        });
        let msg = NewMessage::email(
            format!("offboarding:{id}:letter"),
            customer.email.as_deref().unwrap_or(""),
            &l.language,
            MessageClass::Legal,
            LETTER_EVENT,
            LETTER_TEMPLATE,
            args,
        )
        .for_customer(&customer.id)
        .with_link(LinkKind::Offboarding, id);
        let message_id = outbox::enqueue(&mut tx, &msg).await?;
        // The link the e-mail carries; minted here when there is no e-mail to carry one (no
        // address), so the sender can hand it over.
        let path = match message_id.as_deref() {
            Some(m) => outbox::pending_link(&mut tx, m).await?,
            None => None,
        };
        let token = match path {
            Some(p) => p.rsplit('/').next().unwrap_or_default().to_string(),
            None => links::mint(&mut tx, LinkKind::Offboarding, id).await?,
        };
        let at = now();
        sqlx::query(
            "UPDATE offboarding_letters SET sent_at = $1, message_id = $2 WHERE case_id = $3",
        )
        .bind(&at)
        .bind(message_id.as_deref())
        .bind(id)
        .execute(&mut *tx.tx)
        .await?;
        let detail = json!({ "message_id": message_id, "language": l.language });
        let after = transition(
            &mut tx,
            actor,
            &c,
            Action::SendLetter,
            "letter_sent_at",
            &detail,
        )
        .await?;
        insert_step(&mut tx, id, actor, "letter-sent", None, &detail).await?;
        let data = crate::events::offboarding_data(&after);
        crate::events::emit(&mut tx, EventType::OffboardingNoticeSent, id, &at, data).await?;
        tx.commit().await?;
        Ok((after, token))
    }
}

const LETTER_COLS: &str = "case_id, language, thanks, framing, goodwill, apology, alternatives, updated_by, updated_at, sent_at, message_id";

async fn letter_in(tx: &mut Tx<'_>, id: &str) -> Result<Option<LetterDraft>, StoreError> {
    let row: Option<LetterRow> = sqlx::query_as(&format!(
        "SELECT {LETTER_COLS} FROM offboarding_letters WHERE case_id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *tx.tx)
    .await?;
    Ok(row.map(Into::into))
}
