//! Everything Carewell holds about a customer, as one JSON document and as CSV files: the
//! customer's right of access and portability, offered on their offboarding page and to
//! compliance. Records under a retention hold are left out unless `include_held` (compliance).

use super::{LetterDraft, OffboardingCase, SurveyAnswer};
use crate::activity::{Contract, Transaction, UsageEvent};
use crate::clearance::{self, Clearance, OrRestricted};
use crate::complaints::Complaint;
use crate::contacts::Contact;
use crate::customers::Customer;
use crate::interactions::Interaction;
use crate::ledger::LedgerEntry;
use crate::outbox::Message;
use crate::{Store, StoreError, now};
use carewell_domain::offboarding::retention::HOLDABLE_TABLES;
use serde::Serialize;
use utoipa::ToSchema;

/// Format version of [`CustomerDataExport`].
pub const EXPORT_VERSION: i64 = 1;

/// One offboarding case with its letter and survey.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseExport {
    /// The case.
    pub case: OffboardingCase,
    /// The farewell letter.
    pub letter: Option<LetterDraft>,
    /// The exit survey.
    pub survey: Option<SurveyAnswer>,
}

/// The complete export.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustomerDataExport {
    /// Format version.
    pub version: i64,
    /// Generated (UTC).
    pub generated_at: String,
    /// Profile, tags, attributes and consent.
    pub customer: Customer,
    /// Contact people.
    pub contacts: Vec<Contact>,
    /// Calls, meetings, e-mails, notes (newest first).
    pub interactions: Vec<Interaction>,
    /// Transactions (newest first).
    pub transactions: Vec<Transaction>,
    /// Contracts.
    pub contracts: Vec<Contract>,
    /// Product usage (newest first).
    pub usage: Vec<UsageEvent>,
    /// Complaints (newest first).
    pub complaints: Vec<Complaint>,
    /// Compensation ledger entries (newest first).
    pub ledger_entries: Vec<LedgerEntry>,
    /// Messages sent or queued to the customer (newest first).
    pub messages: Vec<Message>,
    /// Offboarding cases.
    pub offboarding: Vec<CaseExport>,
    /// Tables left out because they are held under a retention obligation (compliance only).
    pub restricted: Vec<String>,
}

/// The CSV files offered: `transactions`, `contracts`, `ledger`, `interactions`, `complaints`.
pub const CSV_FILES: [&str; 5] = [
    "transactions",
    "contracts",
    "ledger",
    "interactions",
    "complaints",
];

/// Quotes one CSV field (RFC 4180), neutralising spreadsheet formulas.
pub fn csv_field(s: &str) -> String {
    let s = carewell_domain::csv_cell::guard(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

fn o(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

impl Store {
    /// Everything held about a customer, as `who` may see it: while a retention hold runs, a
    /// reader without clearance (the customer's own export included) gets the holdable tables
    /// empty and listed in `restricted`.
    pub async fn customer_data_export(
        &self,
        who: Clearance,
        customer_id: &str,
    ) -> Result<CustomerDataExport, StoreError> {
        let customer = self.customer(customer_id).await?;
        let restricted: Vec<String> =
            match clearance::restriction(self.pool(), who, customer_id).await? {
                Some(_) => HOLDABLE_TABLES.map(String::from).to_vec(),
                None => Vec::new(),
            };
        let transactions = self
            .transactions(who, customer_id, i64::MAX)
            .await
            .or_restricted()?
            .unwrap_or_default();
        let contracts = self
            .contracts(who, customer_id)
            .await
            .or_restricted()?
            .unwrap_or_default();
        let ledger_entries = self
            .customer_ledger(who, customer_id)
            .await
            .or_restricted()?
            .map(|l| l.entries)
            .unwrap_or_default();
        let usage: Vec<UsageEvent> = sqlx::query_as(
            "SELECT id, customer_id, event, quantity, occurred_at FROM usage_events WHERE customer_id = $1 ORDER BY occurred_at DESC, id",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?;
        let rows: Vec<crate::complaints::Row> = sqlx::query_as(&format!(
            "SELECT {} {} WHERE c.customer_id = $1 ORDER BY c.created_at DESC, c.id",
            crate::complaints::COLS,
            crate::complaints::FROM
        ))
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?;
        let complaints = rows
            .into_iter()
            .map(TryInto::try_into)
            .collect::<Result<Vec<Complaint>, _>>()?;
        let mut messages = Vec::new();
        loop {
            let page =
                crate::outbox::for_customer(self, customer_id, 500, messages.len() as i64).await?;
            let done = page.items.len() < 500;
            messages.extend(page.items);
            if done {
                break;
            }
        }
        let mut offboarding = Vec::new();
        let cases = self
            .offboarding_cases(
                who,
                &super::CaseQuery {
                    customer_id: Some(customer_id.to_string()),
                    ..Default::default()
                },
                500,
                0,
            )
            .await?;
        for case in cases.items {
            offboarding.push(CaseExport {
                letter: self.offboarding_letter(&case.id).await?,
                survey: self.exit_survey(&case.id).await?,
                case,
            });
        }
        Ok(CustomerDataExport {
            version: EXPORT_VERSION,
            generated_at: now(),
            contacts: self.contacts(customer_id).await?,
            interactions: self.interactions(customer_id, i64::MAX).await?,
            customer,
            transactions,
            contracts,
            usage,
            complaints,
            ledger_entries,
            messages,
            offboarding,
            restricted,
        })
    }

    /// One CSV file of the export (see [`CSV_FILES`]). A restricted table (see
    /// [`Store::customer_data_export`]) gives the header only.
    pub async fn customer_export_csv(
        &self,
        who: Clearance,
        customer_id: &str,
        which: &str,
    ) -> Result<String, StoreError> {
        if !CSV_FILES.contains(&which) {
            return Err(carewell_domain::DomainError::new(
                "file",
                carewell_domain::Code::OneOf {
                    value: which.to_string(),
                    allowed: CSV_FILES.map(String::from).to_vec(),
                },
            )
            .into());
        }
        let x = self.customer_data_export(who, customer_id).await?;
        Ok(match which {
            "transactions" => csv(
                &[
                    "id",
                    "external_ref",
                    "occurred_at",
                    "amount_minor",
                    "currency",
                    "description",
                ],
                x.transactions.iter().map(|t| {
                    vec![
                        t.id.clone(),
                        o(&t.external_ref),
                        t.occurred_at.clone(),
                        t.amount_minor.to_string(),
                        t.currency.clone(),
                        o(&t.description),
                    ]
                }),
            ),
            "contracts" => csv(
                &[
                    "id",
                    "external_ref",
                    "name",
                    "start_date",
                    "end_date",
                    "value_minor",
                    "currency",
                    "renewal",
                ],
                x.contracts.iter().map(|c| {
                    vec![
                        c.id.clone(),
                        o(&c.external_ref),
                        c.name.clone(),
                        c.start_date.clone(),
                        o(&c.end_date),
                        c.value_minor.to_string(),
                        c.currency.clone(),
                        c.renewal.clone(),
                    ]
                }),
            ),
            "ledger" => csv(
                &[
                    "id",
                    "created_at",
                    "kind",
                    "amount",
                    "currency",
                    "reason",
                    "source_kind",
                    "approval",
                ],
                x.ledger_entries.iter().map(|e| {
                    vec![
                        e.id.clone(),
                        e.created_at.clone(),
                        e.kind.as_str().into(),
                        e.amount.clone(),
                        e.currency.clone(),
                        e.reason.clone(),
                        e.source_kind.as_str().into(),
                        e.approval.as_str().into(),
                    ]
                }),
            ),
            "interactions" => csv(
                &["id", "occurred_at", "kind", "summary", "sentiment"],
                x.interactions.iter().map(|i| {
                    vec![
                        i.id.clone(),
                        i.occurred_at.clone(),
                        i.kind.as_str().into(),
                        i.summary.clone(),
                        i.sentiment
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                    ]
                }),
            ),
            _ => csv(
                &[
                    "id",
                    "created_at",
                    "category",
                    "severity",
                    "status",
                    "subject",
                    "description",
                    "resolution",
                ],
                x.complaints.iter().map(|c| {
                    vec![
                        c.id.clone(),
                        c.created_at.clone(),
                        c.category.as_str().into(),
                        c.severity.as_str().into(),
                        c.status.as_str().into(),
                        c.subject.clone(),
                        c.description.clone(),
                        o(&c.resolution),
                    ]
                }),
            ),
        })
    }
}
