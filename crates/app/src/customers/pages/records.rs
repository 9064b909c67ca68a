//! Transactions, contracts and usage on the customer page: the "Transactions and contracts"
//! section (recent transactions, contracts with their end dates; held records for compliance
//! only) and the three form posts. The forms are validated by the same body types as
//! `POST /api/v1/customers/{id}/transactions|contracts|usage` and recorded through the same
//! store functions (audited in the same transaction).

use super::activity::local_to_rfc3339;
use super::show::{Forms, render};
use crate::customers::api::contracts::ContractBody;
use crate::customers::api::transactions::TransactionBody;
use crate::customers::api::usage::UsageBody;
use crate::customers::view::{ContractForm, RecordForms, TransactionForm, UsageForm};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels};
use crate::web::i18n::Tr;
use crate::web::view::nonblank;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::Code;

/// The transaction form's labels.
const TRANSACTION_LABELS: Labels<'static> = &[
    ("amount", "activity-amount"),
    ("currency", "activity-currency"),
    ("occurred_at", "field-occurred-at"),
    ("description", "activity-description"),
    ("external_ref", "activity-reference"),
];

/// The contract form's labels.
const CONTRACT_LABELS: Labels<'static> = &[
    ("name", "activity-contract-name"),
    ("start_date", "activity-start"),
    ("end_date", "activity-end"),
    ("renewal", "activity-renewal"),
    ("value", "activity-value"),
    ("currency", "activity-currency"),
    ("external_ref", "activity-reference"),
];

/// The usage form's labels.
const USAGE_LABELS: Labels<'static> = &[
    ("event", "activity-event"),
    ("quantity", "activity-quantity"),
    ("occurred_at", "activity-when"),
];

/// POST /customers/{id}/transactions: records a transaction.
pub async fn add_transaction(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(p): Form<TransactionForm>,
) -> Result<Response, AppError> {
    s.store.customer(&id).await?;
    let body = TransactionBody {
        amount: p.amount.trim().to_string(),
        currency: p.currency.trim().to_uppercase(),
        occurred_at: local_to_rfc3339(&p.occurred_at).unwrap_or_default(),
        description: nonblank(&p.description),
        external_ref: nonblank(&p.external_ref),
    };
    let result = match body.validate() {
        Ok(n) => s
            .store
            .add_transaction(&user.actor(), &id, &n)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    saved_or_again(&s, tr, &user, &id, result, TRANSACTION_LABELS, |errors| {
        RecordForms {
            transaction: p,
            transaction_errors: errors,
            ..RecordForms::blank()
        }
    })
    .await
}

/// POST /customers/{id}/contracts: records a contract.
pub async fn add_contract(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(p): Form<ContractForm>,
) -> Result<Response, AppError> {
    s.store.customer(&id).await?;
    let body = ContractBody {
        name: p.name.trim().to_string(),
        start_date: p.start_date.trim().to_string(),
        end_date: nonblank(&p.end_date),
        value: p.value.trim().to_string(),
        currency: p.currency.trim().to_uppercase(),
        renewal: nonblank(&p.renewal),
        external_ref: nonblank(&p.external_ref),
    };
    let result = match body.validate() {
        Ok(n) => s
            .store
            .add_contract(&user.actor(), &id, &n)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    saved_or_again(&s, tr, &user, &id, result, CONTRACT_LABELS, |errors| {
        RecordForms {
            contract: p,
            contract_errors: errors,
            ..RecordForms::blank()
        }
    })
    .await
}

/// POST /customers/{id}/usage: records a usage event.
pub async fn add_usage(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(p): Form<UsageForm>,
) -> Result<Response, AppError> {
    s.store.customer(&id).await?;
    let mut errors = FormErrors::default();
    let quantity = match nonblank(&p.quantity) {
        Some(q) => match q.replace(',', ".").parse::<f64>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(
                    "quantity",
                    &tr.code(&Code::NotANumber {
                        value: q.to_string(),
                    }),
                );
                None
            }
        },
        None => None,
    };
    let body = UsageBody {
        event: p.event.trim().to_string(),
        quantity,
        occurred_at: local_to_rfc3339(&p.occurred_at),
    };
    let result = match body.validate() {
        Ok(n) if errors.is_empty() => s
            .store
            .add_usage(&user.actor(), &id, &n.event, n.quantity, &n.occurred_at)
            .await
            .map(|_| ())
            .map_err(AppError::from),
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    };
    let status = match result {
        Ok(()) if errors.is_empty() => {
            return Ok(Redirect::to(&format!("/customers/{id}#records")).into_response());
        }
        Ok(()) => axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        Err(e) => {
            let status = e.status();
            errors.extend(FormErrors::from_app_in(&tr, e, USAGE_LABELS)?);
            status
        }
    };
    let records = RecordForms {
        usage: p,
        usage_errors: errors,
        ..RecordForms::blank()
    };
    show_again(&s, tr, &user, &id, records, status).await
}

/// After a record form: back to the records when it was saved, else the page again with the
/// form as typed and its errors (`again` puts them in the right form).
async fn saved_or_again<T>(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    result: Result<T, AppError>,
    labels: Labels<'_>,
    again: impl FnOnce(FormErrors) -> RecordForms,
) -> Result<Response, AppError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/customers/{id}#records")).into_response()),
        Err(e) => {
            let status = e.status();
            let records = again(FormErrors::from_app_in(&tr, e, labels)?);
            show_again(s, tr, user, id, records, status).await
        }
    }
}

/// Shows the customer page again with `records` as submitted (with their errors).
async fn show_again(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    records: RecordForms,
    status: axum::http::StatusCode,
) -> Result<Response, AppError> {
    let forms = Forms {
        records,
        ..Forms::default()
    };
    render(s, tr, user, id, 1, forms, status).await
}
