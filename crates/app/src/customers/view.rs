//! The view models of the customer page's "Transactions and contracts" section: the three
//! record forms as typed (with their errors), the rows it shows, and their loading (held
//! records for compliance only).

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::FormErrors;
use crate::web::i18n::Tr;
use crate::web::view::{Opt, label, opts, when};
use carewell_domain::Refusal;
use carewell_domain::interaction::Renewal;
use carewell_store::StoreError;
use serde::Deserialize;

/// Transactions shown in the section.
pub const RECENT_TRANSACTIONS: i64 = 10;
/// A contract ending within this many days is marked.
pub const ENDING_SOON_DAYS: i64 = 60;

/// The transaction form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TransactionForm {
    /// Decimal amount.
    #[serde(default)]
    pub amount: String,
    /// ISO 4217 currency.
    #[serde(default)]
    pub currency: String,
    /// `YYYY-MM-DDTHH:MM` (UTC).
    #[serde(default)]
    pub occurred_at: String,
    /// What for.
    #[serde(default)]
    pub description: String,
    /// Reference (invoice number, key in the source system).
    #[serde(default)]
    pub external_ref: String,
}

/// The contract form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ContractForm {
    /// Plan or contract name.
    #[serde(default)]
    pub name: String,
    /// First day.
    #[serde(default)]
    pub start_date: String,
    /// Last day.
    #[serde(default)]
    pub end_date: String,
    /// Decimal value.
    #[serde(default)]
    pub value: String,
    /// ISO 4217 currency.
    #[serde(default)]
    pub currency: String,
    /// auto, manual or none.
    #[serde(default)]
    pub renewal: String,
    /// Reference.
    #[serde(default)]
    pub external_ref: String,
}

/// The usage form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UsageForm {
    /// Event name.
    #[serde(default)]
    pub event: String,
    /// How much.
    #[serde(default)]
    pub quantity: String,
    /// `YYYY-MM-DDTHH:MM` (UTC).
    #[serde(default)]
    pub occurred_at: String,
}

/// The three record forms on the customer page and their errors.
#[derive(Debug, Clone, Default)]
pub struct RecordForms {
    /// Transaction values.
    pub transaction: TransactionForm,
    /// Its errors.
    pub transaction_errors: FormErrors,
    /// Contract values.
    pub contract: ContractForm,
    /// Its errors.
    pub contract_errors: FormErrors,
    /// Usage values.
    pub usage: UsageForm,
    /// Its errors.
    pub usage_errors: FormErrors,
}

impl RecordForms {
    /// Blank forms: now, today, quantity 1, manual renewal. The currency is filled in when
    /// the section is loaded.
    pub fn blank() -> Self {
        let now = chrono::Utc::now();
        let minute = now.format("%Y-%m-%dT%H:%M").to_string();
        Self {
            transaction: TransactionForm {
                occurred_at: minute.clone(),
                ..TransactionForm::default()
            },
            contract: ContractForm {
                start_date: now.format("%Y-%m-%d").to_string(),
                renewal: Renewal::Manual.as_str().into(),
                ..ContractForm::default()
            },
            usage: UsageForm {
                quantity: "1".into(),
                occurred_at: minute,
                ..UsageForm::default()
            },
            ..Self::default()
        }
    }
}

/// One contract row of the section.
#[derive(Debug, Clone)]
pub struct ContractRow {
    /// Name.
    pub name: String,
    /// First day.
    pub start: String,
    /// Last day, or empty when open-ended.
    pub end: String,
    /// `ended`, `soon` (within [`ENDING_SOON_DAYS`]) or empty.
    pub state: &'static str,
    /// "ends in 12 days" / "ended" / empty.
    pub state_label: String,
    /// Formatted value.
    pub value: String,
    /// Renewal label.
    pub renewal: String,
    /// Reference.
    pub external_ref: String,
}

/// One transaction row of the section.
#[derive(Debug, Clone)]
pub struct TransactionRow {
    /// When.
    pub at: crate::web::view::When,
    /// Formatted amount.
    pub amount: String,
    /// Whether it is a refund (negative).
    pub negative: bool,
    /// What for.
    pub description: String,
    /// Reference.
    pub external_ref: String,
}

/// The section's content.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Why the records are not shown (retention hold), if so.
    pub held: Option<String>,
    /// Contracts, latest start first.
    pub contracts: Vec<ContractRow>,
    /// The most recent transactions.
    pub transactions: Vec<TransactionRow>,
    /// Renewal choices for the contract form.
    pub renewals: Vec<Opt>,
}

/// Loads the section for `user`; records under a retention hold are left out (with the
/// reason) unless the user may read them, as on the timeline. Fills in the blank forms'
/// currency from the customer's latest record.
pub async fn load(
    s: &AppState,
    tr: &Tr,
    user: &CurrentUser,
    id: &str,
    forms: &mut RecordForms,
) -> Result<Records, AppError> {
    let renewals: Vec<&str> = Renewal::ALL.iter().map(|r| r.as_str()).collect();
    let mut out = Records {
        renewals: opts(tr, "renewal", &renewals, &forms.contract.renewal),
        ..Records::default()
    };
    let who = user.clearance();
    let transactions = match s.store.transactions(who, id, RECENT_TRANSACTIONS).await {
        Err(StoreError::Refused(r @ Refusal::Restricted { .. })) => {
            out.held = Some(tr.refusal(&r));
            return Ok(out);
        }
        other => other?,
    };
    let contracts = s.store.contracts(who, id).await?;
    let latest = transactions
        .first()
        .map(|t| t.currency.clone())
        .or_else(|| contracts.first().map(|c| c.currency.clone()))
        .unwrap_or_else(|| "EUR".into());
    if forms.transaction.currency.is_empty() && forms.transaction_errors.is_empty() {
        forms.transaction.currency = latest.clone();
    }
    if forms.contract.currency.is_empty() && forms.contract_errors.is_empty() {
        forms.contract.currency = latest;
    }
    let today = chrono::Utc::now().date_naive();
    out.contracts = contracts
        .into_iter()
        .map(|c| {
            let end = c
                .end_date
                .as_deref()
                .and_then(|e| chrono::NaiveDate::parse_from_str(e, "%Y-%m-%d").ok());
            let (state, state_label) = match end {
                Some(e) if e < today => ("ended", tr.t("activity-contract-ended")),
                Some(e) if (e - today).num_days() <= ENDING_SOON_DAYS => (
                    "soon",
                    tr.t_with(
                        "activity-contract-ends-in",
                        &[("days", &(e - today).num_days().to_string())],
                    ),
                ),
                _ => ("", String::new()),
            };
            ContractRow {
                value: tr.money_minor(c.value_minor, &c.currency),
                renewal: label(tr, "renewal", &c.renewal),
                name: c.name,
                start: c.start_date,
                end: c.end_date.unwrap_or_default(),
                state,
                state_label,
                external_ref: c.external_ref.unwrap_or_default(),
            }
        })
        .collect();
    out.transactions = transactions
        .into_iter()
        .map(|t| TransactionRow {
            at: when(&t.occurred_at),
            amount: tr.money_minor(t.amount_minor, &t.currency),
            negative: t.amount_minor < 0,
            description: t.description.unwrap_or_default(),
            external_ref: t.external_ref.unwrap_or_default(),
        })
        .collect();
    Ok(out)
}
