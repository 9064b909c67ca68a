//! Reviewer notes, judgements and likelihoods (append-only), staff-abuse flags.

use super::Judgement;
use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::client_fit::{Level, Likelihood, Reason, parse_note};
use carewell_domain::error::{Code, DomainError, Done, Entity, Refusal};
use serde_json::json;

impl Store {
    async fn insert_judgement(
        &self,
        actor: &Actor,
        customer_id: &str,
        kind: &str,
        topic: &str,
        value: Option<&str>,
        note: &str,
    ) -> Result<Judgement, StoreError> {
        let note = parse_note("note", note)?;
        self.customer(customer_id).await?;
        let j = Judgement {
            id: new_id(),
            kind: kind.into(),
            topic: topic.into(),
            value: value.map(str::to_string),
            note,
            reviewer_id: actor.id.clone(),
            reviewer: actor.label.clone(),
            created_at: now(),
        };
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO client_fit_judgements (id, customer_id, kind, topic, value, note, reviewer_id, reviewer, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&j.id)
        .bind(customer_id)
        .bind(&j.kind)
        .bind(&j.topic)
        .bind(j.value.as_deref())
        .bind(&j.note)
        .bind(&j.reviewer_id)
        .bind(&j.reviewer)
        .bind(&j.created_at)
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            &format!("client_fit.{kind}"),
            "customer",
            customer_id,
            &json!(null),
            &json!(j),
        )
        .await?;
        tx.commit().await?;
        Ok(j)
    }

    /// A reviewer's note, about one reason or the customer in general (no effect on scores).
    pub async fn add_client_fit_note(
        &self,
        actor: &Actor,
        customer_id: &str,
        reason: Option<Reason>,
        note: &str,
    ) -> Result<Judgement, StoreError> {
        let topic = reason.map(|r| r.as_str()).unwrap_or("general");
        self.insert_judgement(actor, customer_id, "note", topic, None, note)
            .await
    }

    /// A reviewer's level for a reason: the judgement for unethical requests and mission fit,
    /// an override of the data for the others. `None` returns the reason to the data.
    pub async fn set_client_fit_judgement(
        &self,
        actor: &Actor,
        customer_id: &str,
        reason: Reason,
        level: Option<Level>,
        note: &str,
    ) -> Result<Judgement, StoreError> {
        self.insert_judgement(
            actor,
            customer_id,
            "judgement",
            reason.as_str(),
            level.map(|l| l.as_str()),
            note,
        )
        .await
    }

    /// The reviewer's likelihood that the situation changes; `None` returns to the suggestion.
    pub async fn set_client_fit_likelihood(
        &self,
        actor: &Actor,
        customer_id: &str,
        likelihood: Option<Likelihood>,
        note: &str,
    ) -> Result<Judgement, StoreError> {
        self.insert_judgement(
            actor,
            customer_id,
            "likelihood",
            "likelihood",
            likelihood.map(|l| l.as_str()),
            note,
        )
        .await
    }

    /// Flags an interaction of this customer as abuse of staff (once per interaction).
    pub async fn flag_staff_abuse(
        &self,
        actor: &Actor,
        customer_id: &str,
        interaction_id: &str,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let note = note
            .filter(|n| !n.trim().is_empty())
            .map(|n| parse_note("note", n))
            .transpose()?;
        let mut tx = self.begin().await?;
        let owner: Option<(String,)> =
            sqlx::query_as("SELECT customer_id FROM interactions WHERE id = $1")
                .bind(interaction_id)
                .fetch_optional(&mut *tx.tx)
                .await?;
        match owner {
            None => return Err(StoreError::NotFound(Entity::Interaction)),
            Some((c,)) if c != customer_id => {
                return Err(DomainError::new(
                    "interaction_id",
                    Code::OtherCustomers {
                        what: Entity::Interaction,
                    },
                )
                .into());
            }
            Some(_) => {}
        }
        sqlx::query(
            "INSERT INTO client_fit_abuse_flags (interaction_id, customer_id, note, flagged_by, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(interaction_id)
        .bind(customer_id)
        .bind(note.as_deref())
        .bind(&actor.label)
        .bind(now())
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| {
            StoreError::from(e).or_refused(Refusal::AlreadyDone {
                what: Done::Flagged,
            })
        })?;
        audit::append(
            &mut tx,
            actor,
            "client_fit.flag_abuse",
            "interaction",
            interaction_id,
            &json!(null),
            &json!({"customer_id": customer_id, "note": note}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
