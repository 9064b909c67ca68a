//! Changing the plan, approving it, calling the case off.

use super::{OffboardingCase, PlanChange, date, insert_step, load, set_stage, transition};
use crate::{Actor, Store, StoreError, audit, now};
use carewell_domain::error::{Entity, Refusal};
use carewell_domain::offboarding::notice::{self};
use carewell_domain::offboarding::workflow::{self, Action};
use serde_json::json;

impl Store {
    /// Changes the plan (before the letter is sent); validated like at opening.
    pub async fn replan_offboarding(
        &self,
        actor: &Actor,
        id: &str,
        p: &PlanChange,
    ) -> Result<OffboardingCase, StoreError> {
        let c = self.offboarding_case(crate::Clearance::SYSTEM, id).await?;
        if !c.status.plan_editable() {
            // The plan cannot change once the written notice is sent.
            return Err(Refusal::WrongState {
                entity: Entity::OffboardingCase,
                status: c.status.as_str().to_string(),
                action: "replan".into(),
                allowed: Vec::new(),
            }
            .into());
        }
        let contract_type = match &p.contract_type {
            Some(ct) => notice::contract_type_name(ct)?,
            None => c.contract_type.clone(),
        };
        let rule = self.notice_rule_for(&c.customer_id, &contract_type).await?;
        let exception = p
            .exception_basis
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        let check = notice::validate(&p.timeline, &rule, exception)?;
        let mut tx = self.begin().await?;
        let t = &p.timeline;
        let res = sqlx::query(
            "UPDATE offboarding_cases SET jurisdiction = $1, contract_type = $2, notice_date = $3, service_end = $4, \
             support_end = $5, export_until = $6, deletion_date = $7, min_notice = $8, exception_basis = $9, \
             updated_at = $10 WHERE id = $11 AND updated_at = $12",
        )
        .bind(&rule.jurisdiction)
        .bind(&contract_type)
        .bind(date(t.notice_date))
        .bind(date(t.service_end))
        .bind(date(t.support_end))
        .bind(date(t.export_until))
        .bind(date(t.deletion_date))
        .bind(serde_json::to_string(&check)?)
        .bind(check.exception.then_some(exception).flatten())
        .bind(now())
        .bind(id)
        .bind(&c.updated_at)
        .execute(&mut *tx.tx)
        .await?;
        if res.rows_affected() == 0 {
            return Err(Refusal::ChangedMeanwhile.into());
        }
        insert_step(
            &mut tx,
            id,
            actor,
            "plan-changed",
            None,
            &json!({ "timeline": t, "exception": check.exception }),
        )
        .await?;
        let after = load(&mut tx, id).await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.replan",
            "offboarding_case",
            id,
            &json!({ "timeline": c.timeline, "notice": c.notice, "exception_basis": c.exception_basis }),
            &json!({ "timeline": after.timeline, "notice": after.notice, "exception_basis": after.exception_basis }),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A manager approves the plan.
    pub async fn approve_offboarding(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<OffboardingCase, StoreError> {
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::Approve)?;
        sqlx::query("UPDATE offboarding_cases SET approved_by = $1 WHERE id = $2")
            .bind(&actor.id)
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
        let after = transition(
            &mut tx,
            actor,
            &c,
            Action::Approve,
            "approved_at",
            &json!({}),
        )
        .await?;
        insert_step(&mut tx, id, actor, "approved", None, &json!({})).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Calls the case off (before closure); the customer returns to the `active` stage.
    pub async fn cancel_offboarding(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
    ) -> Result<OffboardingCase, StoreError> {
        let reason = carewell_domain::customer::parse_text(
            "reason",
            reason,
            carewell_domain::offboarding::MAX_TEXT,
        )?;
        let reason = reason.as_str();
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::Cancel)?;
        sqlx::query(
            "UPDATE offboarding_cases SET cancel_reason = $1, token_hash = NULL WHERE id = $2",
        )
        .bind(reason)
        .bind(id)
        .execute(&mut *tx.tx)
        .await?;
        set_stage(&mut tx, &c.customer_id, "active").await?;
        let after = transition(
            &mut tx,
            actor,
            &c,
            Action::Cancel,
            "cancelled_at",
            &json!({ "reason": reason }),
        )
        .await?;
        insert_step(&mut tx, id, actor, "cancelled", Some(reason), &json!({})).await?;
        tx.commit().await?;
        Ok(after)
    }
}
