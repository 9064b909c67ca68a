//! Refused forms: the field errors of a submitted form, and the one readable message of a
//! refused change shown above a page's forms.
//!
//! A form names its fields by its own labels: it declares them once as [`Labels`] (field →
//! message id of the label it shows), and every error on it — the summary's `label: reason`,
//! a rule naming another field ("cannot be later than End") — reads that label in the UI
//! language, never the internal field key.

use crate::web::error::AppError;
pub use crate::web::i18n::Labels;
use crate::web::i18n::Tr;
use carewell_domain::{DomainError, Refusal};
use std::collections::BTreeMap;

/// Field errors of a submitted form, keyed by field name, in the order reported.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    fields: BTreeMap<String, Vec<String>>,
    all: Vec<(String, String)>,
    labels: BTreeMap<String, String>,
}

impl FormErrors {
    /// Errors reported by domain validation, in `tr`'s language.
    pub fn from_domain(tr: &Tr, errs: &[DomainError]) -> Self {
        Self::from_domain_in(tr, errs, &[])
    }

    /// [`FormErrors::from_domain`] on a form with the labels `labels`.
    pub fn from_domain_in(tr: &Tr, errs: &[DomainError], labels: Labels) -> Self {
        let mut f = Self::default();
        for e in errs {
            f.labels
                .insert(e.field.clone(), tr.label_in(&e.field, labels));
            f.push(&e.field, &tr.code_in(&e.code, labels));
        }
        f
    }

    /// Turns a handler error into form errors in `tr`'s language when it is about the input
    /// (422) or refused by the current state (409, under the field `form`); any other error is
    /// handed back to become an error page.
    pub fn from_app(tr: &Tr, e: AppError) -> Result<Self, AppError> {
        Self::from_app_in(tr, e, &[])
    }

    /// [`FormErrors::from_app`] on a form with the labels `labels`.
    pub fn from_app_in(tr: &Tr, e: AppError, labels: Labels) -> Result<Self, AppError> {
        match e {
            AppError::Invalid(v) => Ok(Self::from_domain_in(tr, &v, labels)),
            AppError::Refused(r) if !matches!(r, Refusal::Restricted { .. }) => {
                let mut f = Self::default();
                f.push("form", &tr.refusal(&r));
                Ok(f)
            }
            other => Err(other),
        }
    }

    /// Adds one error.
    pub fn push(&mut self, field: &str, reason: &str) {
        self.fields
            .entry(field.to_string())
            .or_default()
            .push(reason.to_string());
        self.all.push((field.to_string(), reason.to_string()));
    }

    /// Adds every error of `other`.
    pub fn extend(&mut self, other: FormErrors) {
        for (f, r) in other.all {
            self.push(&f, &r);
        }
        self.labels.extend(other.labels);
    }

    /// The label of `field` as this form shows it (for the summary), the field's general
    /// label when the error did not come with the form's labels.
    pub fn label(&self, tr: &Tr, field: &str) -> String {
        self.labels
            .get(field)
            .cloned()
            .unwrap_or_else(|| tr.label(field))
    }

    /// Whether there are no errors.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// Whether `field` has an error.
    pub fn has(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }

    /// The errors of `field`, joined; empty when it has none.
    pub fn get(&self, field: &str) -> String {
        self.fields
            .get(field)
            .map(|v| v.join("; "))
            .unwrap_or_default()
    }

    /// Every error as (field, reason), for the summary at the top of a form.
    pub fn all(&self) -> &[(String, String)] {
        &self.all
    }
}

/// The reason of a refused change (409 refused by the current state, 422 invalid input) as
/// one readable message in the UI language: the refusal, or each invalid field as
/// `label: reason`, joined with `; `. `None` for any other error (a read of held records
/// included), which the caller passes on as an error page.
pub fn refusal_message(tr: &Tr, e: &AppError) -> Option<String> {
    refusal_message_in(tr, e, &[])
}

/// [`refusal_message`] for a form with the labels `labels`: each invalid field is named by the
/// form's own label.
pub fn refusal_message_in(tr: &Tr, e: &AppError, labels: Labels) -> Option<String> {
    match e {
        AppError::Refused(r) if !matches!(r, Refusal::Restricted { .. }) => Some(tr.refusal(r)),
        AppError::Invalid(v) => Some(
            v.iter()
                .map(|e| tr.invalid_in(e, labels))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => None,
    }
}
