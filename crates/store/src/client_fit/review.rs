//! The ranked list, one customer's assessment and review, the decisions taken.

use super::{
    ComplaintLink, Decision, DecisionRow, FitRow, FlaggedReason, InteractionLink, Judgement,
    Review, Scope, Windows, only, trivial_sql,
};
use crate::{Clearance, Store, StoreError};
use carewell_domain::Entity;
use carewell_domain::client_fit::score::{Assessment, assess};
use carewell_domain::client_fit::{Level, Likelihood, Reason, Recommendation};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

impl Store {
    /// The newest judgement per customer and topic, and the newest likelihood setting.
    pub(super) async fn current_judgements(
        &self,
        scope: Scope<'_>,
    ) -> Result<HashMap<String, (Vec<(Reason, Level)>, Option<Likelihood>)>, StoreError> {
        let sql = format!(
            "SELECT customer_id, kind, topic, value FROM client_fit_judgements \
             WHERE kind IN ('judgement', 'likelihood'){} ORDER BY created_at, id",
            only("customer_id", 1, scope)
        );
        let mut q = sqlx::query_as::<_, (String, String, String, Option<String>)>(&sql);
        for c in scope.ids() {
            q = q.bind(c.as_str());
        }
        let mut latest: HashMap<String, BTreeMap<String, Option<String>>> = HashMap::new();
        for (id, _kind, topic, value) in q.fetch_all(self.pool()).await? {
            latest.entry(id).or_default().insert(topic, value);
        }
        Ok(latest
            .into_iter()
            .map(|(id, topics)| {
                let mut levels = Vec::new();
                let mut likelihood = None;
                for (topic, value) in topics {
                    if topic == "likelihood" {
                        likelihood = value.and_then(|v| Likelihood::parse(&v).ok());
                    } else if let (Ok(r), Some(Ok(l))) =
                        (Reason::parse(&topic), value.map(|v| Level::parse(&v)))
                    {
                        levels.push((r, l));
                    }
                }
                (id, (levels, likelihood))
            })
            .collect())
    }

    /// The customers in `scope` who have not departed, assessed (unordered, without the
    /// decisions).
    pub(super) async fn assessed_in(
        &self,
        who: Clearance,
        scope: Scope<'_>,
        at: DateTime<Utc>,
    ) -> Result<Vec<FitRow>, StoreError> {
        let facts = self.facts_in(who, scope, at).await?;
        let judged = self.current_judgements(scope).await?;
        Ok(facts
            .into_iter()
            .filter(|(_, (_, stage, _))| stage != "departed")
            .map(|(id, (name, stage, f))| {
                let (levels, likelihood) = judged.get(&id).cloned().unwrap_or_default();
                let a = assess(&f, &levels, likelihood);
                let mut flagged: Vec<FlaggedReason> = a
                    .reasons
                    .iter()
                    .filter(|r| r.level != Level::None)
                    .map(|r| FlaggedReason {
                        reason: r.reason,
                        level: r.level,
                    })
                    .collect();
                flagged.sort_by_key(|r| std::cmp::Reverse(r.level.points()));
                FitRow {
                    customer_id: id,
                    name,
                    stage,
                    problems: a.problems,
                    serious: a.serious,
                    weight: a.weight,
                    flagged,
                    likelihood: a.likelihood,
                    recommendation: a.recommendation,
                    data: a.data,
                    decided_at: None,
                    decision: None,
                }
            })
            .collect())
    }

    /// Every customer who has not departed, assessed now from the live data and ranked: most
    /// problems first, then the heaviest, then by name. For readers without clearance,
    /// customers under a running retention hold are left out (their assessment rests on held
    /// records). The list pages read the precomputed ranking instead
    /// ([`Store::client_fit_ranked`]); this is its reference.
    pub async fn client_fit_list(
        &self,
        who: Clearance,
        at: DateTime<Utc>,
    ) -> Result<Vec<FitRow>, StoreError> {
        let mut out = self.assessed_in(who, Scope::All, at).await?;
        let mut decisions: HashMap<String, (Recommendation, String)> = HashMap::new();
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT customer_id, decision, created_at FROM client_fit_decisions ORDER BY created_at, id",
        )
        .fetch_all(self.pool())
        .await?;
        for (id, d, at) in rows {
            if let Ok(d) = Recommendation::parse(&d) {
                decisions.insert(id, (d, at));
            }
        }
        for r in &mut out {
            if let Some((d, at)) = decisions.remove(&r.customer_id) {
                r.decision = Some(d);
                r.decided_at = Some(at);
            }
        }
        out.sort_by(|a, b| {
            b.problems
                .cmp(&a.problems)
                .then(b.weight.cmp(&a.weight))
                .then(a.name.cmp(&b.name))
                .then(a.customer_id.cmp(&b.customer_id))
        });
        Ok(out)
    }

    /// The assessment of one customer now; refused to readers without clearance while a
    /// retention hold runs on the customer (it rests on held records).
    pub async fn client_fit_assessment(
        &self,
        who: Clearance,
        customer_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(String, Assessment), StoreError> {
        crate::clearance::check(self.pool(), who, customer_id).await?;
        let mut facts = self.client_fit_facts(who, Some(customer_id), at).await?;
        let Some((name, _, f)) = facts.remove(customer_id) else {
            return Err(StoreError::NotFound(Entity::Customer));
        };
        let (levels, likelihood) = self
            .current_judgements(Scope::Only(&[customer_id.to_string()]))
            .await?
            .remove(customer_id)
            .unwrap_or_default();
        Ok((name, assess(&f, &levels, likelihood)))
    }

    /// One customer's review with the links behind the scores and the history (refused like
    /// [`Store::client_fit_assessment`]).
    pub async fn client_fit_review(
        &self,
        who: Clearance,
        customer_id: &str,
        at: DateTime<Utc>,
    ) -> Result<Review, StoreError> {
        let (name, assessment) = self.client_fit_assessment(who, customer_id, at).await?;
        let w = Windows::at(at);
        let trivial_complaints = sqlx::query_as::<_, ComplaintLink>(&format!(
            "SELECT id, subject, severity, root_cause, created_at FROM complaints \
             WHERE customer_id = $1 AND created_at >= $2 AND {} ORDER BY created_at DESC LIMIT 100",
            trivial_sql()
        ))
        .bind(customer_id)
        .bind(&w.m12)
        .fetch_all(self.pool())
        .await?;
        let abuse_incidents = sqlx::query_as::<_, InteractionLink>(
            "SELECT i.id, i.kind, i.occurred_at, i.summary, i.sentiment, f.note AS flag_note, f.flagged_by \
             FROM client_fit_abuse_flags f JOIN interactions i ON i.id = f.interaction_id \
             WHERE f.customer_id = $1 ORDER BY i.occurred_at DESC LIMIT 100",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?;
        let flag_candidates = sqlx::query_as::<_, InteractionLink>(
            "SELECT i.id, i.kind, i.occurred_at, i.summary, i.sentiment, \
             CAST(NULL AS TEXT) AS flag_note, CAST(NULL AS TEXT) AS flagged_by \
             FROM interactions i WHERE i.customer_id = $1 AND i.occurred_at >= $2 \
             AND NOT EXISTS (SELECT 1 FROM client_fit_abuse_flags f WHERE f.interaction_id = i.id) \
             ORDER BY CASE WHEN i.sentiment = 'negative' THEN 0 ELSE 1 END, i.occurred_at DESC LIMIT 20",
        )
        .bind(customer_id)
        .bind(&w.m12)
        .fetch_all(self.pool())
        .await?;
        let judgements = sqlx::query_as::<_, Judgement>(
            "SELECT id, kind, topic, value, note, reviewer_id, reviewer, created_at \
             FROM client_fit_judgements WHERE customer_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?;
        let decisions = self.client_fit_decisions(customer_id).await?;
        Ok(Review {
            customer_id: customer_id.to_string(),
            name,
            assessment,
            trivial_complaints,
            abuse_incidents,
            flag_candidates,
            judgements,
            decisions,
        })
    }

    /// A customer's decisions, newest first.
    pub async fn client_fit_decisions(
        &self,
        customer_id: &str,
    ) -> Result<Vec<Decision>, StoreError> {
        sqlx::query_as::<_, DecisionRow>(
            "SELECT id, customer_id, decision, reason, recommendation, offboarding_case_id, reviewer_id, reviewer, created_at \
             FROM client_fit_decisions WHERE customer_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(Decision::try_from)
        .collect()
    }
}
