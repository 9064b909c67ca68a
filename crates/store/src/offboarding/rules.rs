//! The rule tables: minimum notice per jurisdiction × contract type, retention holds, and
//! checking a plan against them.

use crate::{Actor, Store, StoreError, audit, now};
use carewell_domain::error::{Entity, Refusal};
use carewell_domain::offboarding::notice::{self, NoticeCheck, NoticeRule, Timeline};
use carewell_domain::offboarding::retention::RetentionRule;
use serde_json::json;

impl Store {
    /// The minimum-notice rules, most general first.
    pub async fn notice_rules(&self) -> Result<Vec<NoticeRule>, StoreError> {
        let rows: Vec<(String, String, i64, i64, String)> = sqlx::query_as(
            "SELECT jurisdiction, contract_type, min_months, min_days, basis FROM offboarding_notice_rules \
             ORDER BY jurisdiction, contract_type",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(j, c, m, d, b)| NoticeRule {
                jurisdiction: j,
                contract_type: c,
                min_months: m.max(0) as u32,
                min_days: d.max(0) as u32,
                basis: b,
            })
            .collect())
    }

    /// Adds or replaces a minimum-notice rule.
    pub async fn set_notice_rule(&self, actor: &Actor, r: &NoticeRule) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let before: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT min_months, min_days, basis FROM offboarding_notice_rules WHERE jurisdiction = $1 AND contract_type = $2",
        )
        .bind(&r.jurisdiction)
        .bind(&r.contract_type)
        .fetch_optional(&mut *tx.tx)
        .await?;
        sqlx::query(
            "INSERT INTO offboarding_notice_rules (jurisdiction, contract_type, min_months, min_days, basis, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (jurisdiction, contract_type) DO UPDATE SET \
             min_months = excluded.min_months, min_days = excluded.min_days, basis = excluded.basis, updated_at = excluded.updated_at",
        )
        .bind(&r.jurisdiction)
        .bind(&r.contract_type)
        .bind(i64::from(r.min_months))
        .bind(i64::from(r.min_days))
        .bind(&r.basis)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.notice-rule",
            "offboarding_notice_rule",
            &format!("{}/{}", r.jurisdiction, r.contract_type),
            &json!(before),
            &json!(r),
        )
        .await?;
        tx.commit().await
    }

    /// Removes a minimum-notice rule (the `default × default` row cannot be removed).
    pub async fn delete_notice_rule(
        &self,
        actor: &Actor,
        jurisdiction: &str,
        contract_type: &str,
    ) -> Result<(), StoreError> {
        if jurisdiction == notice::DEFAULT && contract_type == notice::DEFAULT {
            return Err(Refusal::DefaultRuleProtected.into());
        }
        let mut tx = self.begin().await?;
        let res = sqlx::query(
            "DELETE FROM offboarding_notice_rules WHERE jurisdiction = $1 AND contract_type = $2",
        )
        .bind(jurisdiction)
        .bind(contract_type)
        .execute(&mut *tx.tx)
        .await?;
        if res.rows_affected() == 0 {
            return Err(StoreError::NotFound(Entity::NoticeRule));
        }
        audit::append(
            &mut tx,
            actor,
            "offboarding.notice-rule-delete",
            "offboarding_notice_rule",
            &format!("{jurisdiction}/{contract_type}"),
            &json!(null),
            &json!(null),
        )
        .await?;
        tx.commit().await
    }

    /// The retention rules.
    pub async fn retention_rules(&self) -> Result<Vec<RetentionRule>, StoreError> {
        let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
            "SELECT category, tables, keep_days, legal_basis FROM offboarding_retention_rules ORDER BY category",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(c, t, k, b)| {
                Ok(RetentionRule {
                    category: c,
                    tables: serde_json::from_str(&t)?,
                    keep_days: k,
                    legal_basis: b,
                })
            })
            .collect()
    }

    /// Adds or replaces a retention rule (`keep_days` 0 turns the hold off).
    pub async fn set_retention_rule(
        &self,
        actor: &Actor,
        r: &RetentionRule,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO offboarding_retention_rules (category, tables, keep_days, legal_basis, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (category) DO UPDATE SET tables = excluded.tables, \
             keep_days = excluded.keep_days, legal_basis = excluded.legal_basis, updated_at = excluded.updated_at",
        )
        .bind(&r.category)
        .bind(serde_json::to_string(&r.tables)?)
        .bind(r.keep_days)
        .bind(&r.legal_basis)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.retention-rule",
            "offboarding_retention_rule",
            &r.category,
            &json!(null),
            &json!(r),
        )
        .await?;
        tx.commit().await
    }

    /// The rule that applies to a customer under a contract type.
    pub async fn notice_rule_for(
        &self,
        customer_id: &str,
        contract_type: &str,
    ) -> Result<NoticeRule, StoreError> {
        let customer = self.customer(customer_id).await?;
        let rules = self.notice_rules().await?;
        let ct = notice::contract_type_name(contract_type)?;
        notice::select_rule(&rules, customer.country.as_deref(), &ct)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt("no default notice rule".into()))
    }

    /// Checks a plan for a customer without saving anything (for forms and the client-fit
    /// review): the rule that applies and the result, or why it is refused.
    pub async fn check_offboarding_plan(
        &self,
        customer_id: &str,
        contract_type: &str,
        timeline: &Timeline,
        exception_basis: Option<&str>,
    ) -> Result<NoticeCheck, StoreError> {
        let rule = self.notice_rule_for(customer_id, contract_type).await?;
        Ok(notice::validate(timeline, &rule, exception_basis)?)
    }
}
