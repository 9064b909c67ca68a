//! Opening a case, reading cases, their steps and the impact on the account.

use super::{
    COLS, CaseQuery, CaseStep, FROM, Impact, NewCase, OffboardingCase, Row, StepRow, date,
    insert_step, load, revenue_12m, set_stage, total,
};
use crate::sql::Sql;
use crate::{Actor, Clearance, Page, Store, StoreError, Tx, audit, new_id, now};
use carewell_domain::error::{Code, DomainError, Entity, Refusal};
use carewell_domain::events::EventType;
use carewell_domain::ledger::SourceKind;
use carewell_domain::offboarding::notice::{self, Timeline};
use carewell_domain::offboarding::{Situation, SituationKind};
use chrono::Utc;
use serde_json::json;

impl Store {
    async fn check_situations(
        &self,
        customer_id: &str,
        list: &[Situation],
    ) -> Result<(), StoreError> {
        for s in list {
            let table = match s.kind {
                SituationKind::Complaint => "complaints",
                SituationKind::Interaction => "interactions",
            };
            let owner: Option<(String,)> =
                sqlx::query_as(&format!("SELECT customer_id FROM {table} WHERE id = $1"))
                    .bind(&s.id)
                    .fetch_optional(self.pool())
                    .await?;
            let what = match s.kind {
                SituationKind::Complaint => Entity::Complaint,
                SituationKind::Interaction => Entity::Interaction,
            };
            match owner {
                None => {
                    let id = s.id.clone();
                    return Err(DomainError::new("situations", Code::NoSuch { what, id }).into());
                }
                Some((c,)) if c != customer_id => {
                    let code = Code::OtherCustomers { what };
                    return Err(DomainError::new("situations", code).into());
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Opens a case (status `open`): validates the plan against the minimum notice of the
    /// customer's jurisdiction and contract type, links the documented situations, snapshots
    /// the trailing 12-month revenue and moves the customer to the `leaving` stage. One active
    /// case per customer.
    pub async fn open_offboarding(
        &self,
        actor: &Actor,
        n: &NewCase,
    ) -> Result<OffboardingCase, StoreError> {
        let prepared = self.prepare_case(n).await?;
        let mut tx = self.begin().await?;
        let case = open_case(&mut tx, actor, &prepared).await?;
        tx.commit().await?;
        Ok(case)
    }

    /// Checks a new case against the rules and the customer's records (before the write
    /// transaction, which [`open_case`] then runs in).
    pub async fn prepare_case(&self, n: &NewCase) -> Result<PreparedCase, StoreError> {
        let customer = self.customer(&n.customer_id).await?;
        let situations = carewell_domain::offboarding::situations(n.situations.clone())?;
        self.check_situations(&customer.id, &situations).await?;
        let contract_type = notice::contract_type_name(&n.contract_type)?;
        let rule = self.notice_rule_for(&customer.id, &contract_type).await?;
        let timeline = n
            .timeline
            .unwrap_or_else(|| Timeline::suggest(Utc::now().date_naive(), &rule));
        let exception = n
            .exception_basis
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        let check = notice::validate(&timeline, &rule, exception)?;
        let reason_note = n
            .reason_note
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Ok(PreparedCase {
            customer_id: customer.id,
            initiator: n.initiator,
            reason: n.reason,
            reason_note,
            situations,
            jurisdiction: rule.jurisdiction,
            contract_type,
            timeline,
            exception: check
                .exception
                .then(|| exception.map(str::to_string))
                .flatten(),
            check,
        })
    }
}

/// A new case checked by [`Store::prepare_case`], ready to be opened in a transaction.
#[derive(Debug, Clone)]
pub struct PreparedCase {
    customer_id: String,
    initiator: carewell_domain::offboarding::Initiator,
    reason: carewell_domain::offboarding::Reason,
    reason_note: Option<String>,
    situations: Vec<Situation>,
    jurisdiction: String,
    contract_type: String,
    timeline: Timeline,
    check: notice::NoticeCheck,
    exception: Option<String>,
}

/// Opens a prepared case in the caller's transaction: refused while the customer has an
/// active case; the customer's stage becomes `leaving`; step, audit entry and event written.
pub async fn open_case(
    tx: &mut Tx<'_>,
    actor: &Actor,
    p: &PreparedCase,
) -> Result<OffboardingCase, StoreError> {
    let active: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM offboarding_cases WHERE customer_id = $1 AND status <> 'cancelled' LIMIT 1",
    )
    .bind(&p.customer_id)
    .fetch_optional(&mut *tx.tx)
    .await?;
    if let Some((id,)) = active {
        return Err(Refusal::AlreadyExists {
            what: Entity::OffboardingCase,
            key: id,
        }
        .into());
    }
    let id = new_id();
    let at = now();
    let revenue = revenue_12m(&mut tx.tx, &p.customer_id, Utc::now()).await?;
    let t = &p.timeline;
    sqlx::query(
        "INSERT INTO offboarding_cases (id, customer_id, initiator, reason, reason_note, situations, status, \
         jurisdiction, contract_type, notice_date, service_end, support_end, export_until, deletion_date, \
         min_notice, exception_basis, revenue_12m, opened_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)",
    )
    .bind(&id)
    .bind(&p.customer_id)
    .bind(p.initiator.as_str())
    .bind(p.reason.as_str())
    .bind(p.reason_note.as_deref())
    .bind(serde_json::to_string(&p.situations)?)
    .bind(&p.jurisdiction)
    .bind(&p.contract_type)
    .bind(date(t.notice_date))
    .bind(date(t.service_end))
    .bind(date(t.support_end))
    .bind(date(t.export_until))
    .bind(date(t.deletion_date))
    .bind(serde_json::to_string(&p.check)?)
    .bind(p.exception.as_deref())
    .bind(serde_json::to_string(&revenue)?)
    .bind(&actor.id)
    .bind(&at)
    .execute(&mut *tx.tx)
    .await?;
    set_stage(tx, &p.customer_id, "leaving").await?;
    insert_step(
        tx,
        &id,
        actor,
        "opened",
        None,
        &json!({ "reason": p.reason, "initiator": p.initiator, "exception": p.check.exception }),
    )
    .await?;
    let case = load(tx, &id).await?;
    audit::append(
        tx,
        actor,
        "offboarding.open",
        "offboarding_case",
        &id,
        &json!(null),
        &json!({ "customer_id": case.customer_id, "initiator": case.initiator, "reason": case.reason,
                 "timeline": case.timeline, "notice": case.notice, "exception_basis": case.exception_basis }),
    )
    .await?;
    let data = crate::events::offboarding_data(&case);
    crate::events::emit(tx, EventType::OffboardingOpened, &id, "0", data).await?;
    Ok(case)
}

impl Store {
    /// How many of the customer's complaints are not closed (not a held figure).
    pub async fn open_complaint_count(&self, customer_id: &str) -> Result<i64, StoreError> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM complaints WHERE customer_id = $1 AND status <> 'closed'",
        )
        .bind(customer_id)
        .fetch_one(self.pool())
        .await?;
        Ok(n)
    }

    /// One case, as `who` may see it (see [`OffboardingCase::for_reader`]).
    pub async fn offboarding_case(
        &self,
        who: Clearance,
        id: &str,
    ) -> Result<OffboardingCase, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} {FROM} WHERE o.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let case: OffboardingCase = row
            .ok_or(StoreError::NotFound(Entity::OffboardingCase))?
            .try_into()?;
        Ok(case.for_reader(who))
    }

    /// Cases matching `q`, newest first, as `who` may see them.
    pub async fn offboarding_cases(
        &self,
        who: Clearance,
        q: &CaseQuery,
        limit: i64,
        offset: i64,
    ) -> Result<Page<OffboardingCase>, StoreError> {
        self.offboarding_cases_sorted(who, q, CaseSort::Opened, true, limit, offset)
            .await
    }

    /// The case list as [`Store::offboarding_cases`], in the order of `sort` (descending when
    /// `desc`), ties broken on the id; the cursor (`q.after`) follows the order.
    pub async fn offboarding_cases_sorted(
        &self,
        who: Clearance,
        q: &CaseQuery,
        sort: CaseSort,
        desc: bool,
        limit: i64,
        offset: i64,
    ) -> Result<Page<OffboardingCase>, StoreError> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        let filter = |head: &str| {
            let mut s = Sql::new(head);
            s.push(" WHERE 1=1");
            match q.status.as_deref() {
                Some("active") => {
                    s.push(" AND o.status NOT IN ('erased', 'cancelled')");
                }
                Some(st) => {
                    s.push(" AND o.status = ").bind_text(st.to_string());
                }
                None => {}
            }
            if let Some(c) = &q.customer_id {
                s.push(" AND o.customer_id = ").bind_text(c.clone());
            }
            if let Some(r) = q.reason {
                s.push(" AND o.reason = ").bind_text(r.as_str().to_string());
            }
            if let Some(i) = q.initiator {
                s.push(" AND o.initiator = ")
                    .bind_text(i.as_str().to_string());
            }
            s
        };
        let mut count = filter(&format!("SELECT COUNT(*) FROM (SELECT 1 {FROM}"));
        count.close_capped_count();
        let (total,): (i64,) = count.fetch_one(self.pool()).await?;
        let mut s = filter(&format!("SELECT {COLS} {FROM}"));
        let keyset = crate::sql::Keyset {
            expr: &sort.expr("o", "cu"),
            id: "o.id",
            cursor_expr: &sort.expr("a", "acu"),
            cursor_from: "offboarding_cases a JOIN customers acu ON acu.id = a.customer_id",
            desc,
        };
        s.keyset(&keyset, q.after.as_deref())
            .bind_int(limit + 1)
            .push(" OFFSET ")
            .bind_int(offset);
        let mut rows: Vec<Row> = s.fetch_all(self.pool()).await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let items: Vec<OffboardingCase> = rows
            .into_iter()
            .map(|r| OffboardingCase::try_from(r).map(|c| c.for_reader(who)))
            .collect::<Result<_, _>>()?;
        let (total, capped) = crate::sql::capped(total);
        Ok(Page {
            next: more.then(|| items.last().map(|c| c.id.clone())).flatten(),
            items,
            total,
            capped,
            limit,
            offset,
        })
    }

    /// A case's steps, oldest first. For readers without clearance, while a retention hold
    /// runs on the customer, a goodwill step's detail keeps only its kind (the amount and the
    /// ledger entry are held records).
    pub async fn offboarding_steps(
        &self,
        who: Clearance,
        case_id: &str,
    ) -> Result<Vec<CaseStep>, StoreError> {
        let case = self.offboarding_case(who, case_id).await?;
        let hide = case.restricted && !who.sees_held();
        let rows: Vec<StepRow> = sqlx::query_as(
            "SELECT id, case_id, at, actor, step, note, detail FROM offboarding_steps WHERE case_id = $1 ORDER BY at, id",
        )
        .bind(case_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                let mut detail: serde_json::Value = serde_json::from_str(&r.detail)?;
                if hide && r.step == "goodwill" {
                    detail = json!({ "kind": detail["kind"], "restricted": true });
                }
                Ok(CaseStep {
                    detail,
                    id: r.id,
                    case_id: r.case_id,
                    at: r.at,
                    actor: r.actor,
                    step: r.step,
                    note: r.note,
                })
            })
            .collect()
    }

    /// The impact of the case on the account: balances, trailing revenue, running contracts,
    /// compensation due or pending, goodwill, open complaints, the last invoice. Computed from
    /// held records: refused to readers without clearance while a hold runs on the customer.
    pub async fn offboarding_impact(&self, who: Clearance, id: &str) -> Result<Impact, StoreError> {
        let c = self.offboarding_case(who, id).await?;
        let cid = &c.customer_id;
        crate::clearance::check(self.pool(), who, cid).await?;
        let balances: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT currency, {} FROM transactions WHERE customer_id = $1 GROUP BY currency ORDER BY currency",
            crate::dialect::split_sum("amount_minor")
        ))
        .bind(cid)
        .fetch_all(self.pool())
        .await?;
        let balances = super::joined_sums(balances)?;
        let mut conn = self.pool().acquire().await?;
        let revenue = revenue_12m(&mut conn, cid, Utc::now()).await?;
        drop(conn);
        let end = date(c.timeline.service_end);
        let open_contracts = self
            .contracts(who, cid)
            .await?
            .into_iter()
            .filter(|k| k.end_date.as_deref().is_none_or(|e| e > end.as_str()))
            .collect();
        let ledger = self.customer_ledger(who, cid).await?;
        let goodwill = self
            .ledger_for_source(who, SourceKind::Offboarding, id)
            .await?;
        let open_complaints = self.open_complaint_count(cid).await?;
        Ok(Impact {
            balances: balances.iter().map(|(c, m)| total(c, *m)).collect(),
            revenue_12m: revenue.iter().map(|(c, m)| total(c, *m)).collect(),
            open_contracts,
            refunds_due: ledger.totals,
            refunds_pending: ledger.pending,
            goodwill,
            open_complaints,
            last_invoice: self.last_invoice(who, cid).await?,
        })
    }
}

/// The columns the offboarding case list sorts by; the SQL of each is fixed here.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum CaseSort {
    /// The customer's name, case-insensitively.
    Customer,
    /// The reason (its name).
    Reason,
    /// Who initiated it (its name).
    Initiator,
    /// The status (its name).
    Status,
    /// The end of service.
    ServiceEnd,
    /// When the case was opened (the default, newest first).
    #[default]
    Opened,
}

impl CaseSort {
    /// The sort expression over the case alias `o` and its customer `cu`.
    fn expr(self, o: &str, cu: &str) -> String {
        match self {
            Self::Customer => format!("LOWER({cu}.name)"),
            Self::Reason => format!("{o}.reason"),
            Self::Initiator => format!("{o}.initiator"),
            Self::Status => format!("{o}.status"),
            Self::ServiceEnd => format!("{o}.service_end"),
            Self::Opened => format!("{o}.created_at"),
        }
    }
}
