//! CSV import rows: every kind of row validated into a typed record, or every error reported
//! with its column. The header decides which column is which; unknown columns are refused so
//! that a typo is not silently ignored.

use crate::csv_cell::unguard;
use crate::customer::{CustomerInput, parse_label};
use crate::error::{Code, DomainError};
use crate::interaction::{InteractionKind, Renewal, Sentiment, parse_summary};
use crate::money::{Currency, Money};
use crate::time::{fmt_ts, parse_date, parse_ts};
use chrono::NaiveDate;
use serde::Serialize;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// Customers.
    Customers,
    /// Transactions (purchases, refunds).
    Transactions,
    /// Contracts.
    Contracts,
    /// Interactions.
    Interactions,
}

impl ImportKind {
    /// Parses `customers`, `transactions`, `contracts` or `interactions`.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw {
            "customers" => Ok(Self::Customers),
            "transactions" => Ok(Self::Transactions),
            "contracts" => Ok(Self::Contracts),
            "interactions" => Ok(Self::Interactions),
            _ => Err(DomainError::new(
                "kind",
                Code::OneOf {
                    value: raw.to_string(),
                    allowed: ["customers", "transactions", "contracts", "interactions"]
                        .map(String::from)
                        .to_vec(),
                },
            )),
        }
    }

    /// Columns a file of this kind must have.
    pub fn required(&self) -> &'static [&'static str] {
        match self {
            Self::Customers => &["external_ref", "name"],
            Self::Transactions => &[
                "external_ref",
                "customer_ref",
                "amount",
                "currency",
                "occurred_at",
            ],
            Self::Contracts => &[
                "external_ref",
                "customer_ref",
                "name",
                "start_date",
                "value",
                "currency",
            ],
            Self::Interactions => &[
                "external_ref",
                "customer_ref",
                "kind",
                "occurred_at",
                "summary",
            ],
        }
    }

    /// Columns a file of this kind may have (besides `consent_*` / `attr_*` for customers).
    pub fn known(&self) -> &'static [&'static str] {
        match self {
            Self::Customers => &[
                "external_ref",
                "kind",
                "name",
                "email",
                "phone",
                "language",
                "country",
                "timezone",
                "segment",
                "stage",
                "tags",
                "birthday",
                "anniversary",
            ],
            Self::Transactions => &[
                "external_ref",
                "customer_ref",
                "amount",
                "currency",
                "occurred_at",
                "description",
            ],
            Self::Contracts => &[
                "external_ref",
                "customer_ref",
                "name",
                "start_date",
                "end_date",
                "value",
                "currency",
                "renewal",
            ],
            Self::Interactions => &[
                "external_ref",
                "customer_ref",
                "kind",
                "occurred_at",
                "summary",
                "sentiment",
            ],
        }
    }

    /// Checks a header row: required columns present, no unknown or repeated columns.
    pub fn check_header(&self, header: &[&str]) -> Result<(), Vec<DomainError>> {
        let mut errs = Vec::new();
        for (i, h) in header.iter().enumerate() {
            let dynamic =
                *self == Self::Customers && (h.starts_with("consent_") || h.starts_with("attr_"));
            if !dynamic && !self.known().contains(h) {
                errs.push(DomainError::new(
                    *h,
                    Code::UnknownColumn {
                        expected: self.known().iter().map(|k| k.to_string()).collect(),
                    },
                ));
            }
            if header[..i].contains(h) {
                errs.push(DomainError::new(
                    *h,
                    Code::Duplicate {
                        value: h.to_string(),
                    },
                ));
            }
        }
        for r in self.required() {
            if !header.contains(r) {
                errs.push(DomainError::new(*r, Code::MissingColumn));
            }
        }
        if errs.is_empty() { Ok(()) } else { Err(errs) }
    }
}

/// One refused row of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    /// The column at fault (`*` for the whole row).
    pub column: String,
    /// What is wrong.
    pub code: Code,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.code
        )
    }
}

/// A validated transaction row.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionRow {
    /// Its key.
    pub external_ref: String,
    /// The customer's key.
    pub customer_ref: String,
    /// Amount.
    pub amount: Money,
    /// When (storage format).
    pub occurred_at: String,
    /// What for.
    pub description: Option<String>,
}

/// A validated contract row.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractRow {
    /// Its key.
    pub external_ref: String,
    /// The customer's key.
    pub customer_ref: String,
    /// Plan name.
    pub name: String,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day.
    pub end_date: Option<NaiveDate>,
    /// Value.
    pub value: Money,
    /// Renewal.
    pub renewal: Renewal,
}

/// A validated interaction row.
#[derive(Debug, Clone, PartialEq)]
pub struct InteractionRow {
    /// Its key.
    pub external_ref: String,
    /// The customer's key.
    pub customer_ref: String,
    /// Kind.
    pub kind: InteractionKind,
    /// When (storage format).
    pub occurred_at: String,
    /// Summary.
    pub summary: String,
    /// Sentiment.
    pub sentiment: Option<Sentiment>,
}

/// Any validated row.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportRow {
    /// A customer.
    Customer(Box<CustomerInput>),
    /// A transaction.
    Transaction(TransactionRow),
    /// A contract.
    Contract(ContractRow),
    /// An interaction.
    Interaction(InteractionRow),
}

impl ImportRow {
    /// The row's external reference.
    pub fn external_ref(&self) -> &str {
        match self {
            Self::Customer(c) => c.external_ref.as_deref().unwrap_or_default(),
            Self::Transaction(t) => &t.external_ref,
            Self::Contract(c) => &c.external_ref,
            Self::Interaction(i) => &i.external_ref,
        }
    }
}

struct Errs<'a> {
    line: u64,
    out: &'a mut Vec<RowError>,
}

impl Errs<'_> {
    fn take<T>(&mut self, r: Result<T, DomainError>) -> Option<T> {
        r.map_err(|e| {
            self.out.push(RowError {
                line: self.line,
                column: e.field,
                code: e.code,
            })
        })
        .ok()
    }
}

fn nonempty(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

fn required<'a>(field: &str, v: Option<&'a str>) -> Result<&'a str, DomainError> {
    nonempty(v).ok_or_else(|| DomainError::new(field, Code::Required))
}

/// Parses one data row given the header; pushes every problem to `errors` with `line`.
pub fn parse_row(
    kind: ImportKind,
    header: &[&str],
    record: &[&str],
    line: u64,
    errors: &mut Vec<RowError>,
) -> Option<ImportRow> {
    let before = errors.len();
    if record.len() != header.len() {
        errors.push(RowError {
            line,
            column: "*".into(),
            code: Code::FieldCount {
                found: record.len(),
                expected: header.len(),
            },
        });
        return None;
    }
    // The quote an export put before a formula-like cell comes off (see `csv_cell`).
    let record: Vec<&str> = record.iter().map(|c| unguard(c)).collect();
    let get = |k: &str| header.iter().position(|h| *h == k).map(|i| record[i]);
    let mut e = Errs { line, out: errors };
    let ext = match kind {
        // The customer parser validates the reference itself; here only presence is checked.
        ImportKind::Customers => e
            .take(required("external_ref", get("external_ref")))
            .map(str::to_string),
        _ => e.take(
            required("external_ref", get("external_ref"))
                .and_then(|s| parse_label("external_ref", s)),
        ),
    };
    let row = match kind {
        ImportKind::Customers => {
            match CustomerInput::from_fields(
                get,
                header.iter().copied().zip(record.iter().copied()),
            ) {
                Ok(c) => Some(ImportRow::Customer(Box::new(c))),
                Err(es) => {
                    for x in es {
                        e.take::<()>(Err(x));
                    }
                    None
                }
            }
        }
        ImportKind::Transactions => {
            let cref = e.take(
                required("customer_ref", get("customer_ref"))
                    .and_then(|s| parse_label("customer_ref", s)),
            );
            let cur = e.take(Currency::parse(get("currency").unwrap_or("")));
            let amount =
                cur.and_then(|c| e.take(Money::parse_decimal(get("amount").unwrap_or(""), c)));
            let at = e.take(parse_ts("occurred_at", get("occurred_at").unwrap_or("")));
            let description = nonempty(get("description")).map(str::to_string);
            match (ext.clone(), cref, amount, at) {
                (Some(external_ref), Some(customer_ref), Some(amount), Some(at)) => {
                    Some(ImportRow::Transaction(TransactionRow {
                        external_ref,
                        customer_ref,
                        amount,
                        occurred_at: fmt_ts(at),
                        description,
                    }))
                }
                _ => None,
            }
        }
        ImportKind::Contracts => {
            let cref = e.take(
                required("customer_ref", get("customer_ref"))
                    .and_then(|s| parse_label("customer_ref", s)),
            );
            let name = e.take(required("name", get("name")).and_then(|s| parse_label("name", s)));
            let start = e.take(parse_date("start_date", get("start_date").unwrap_or("")));
            let end = nonempty(get("end_date")).and_then(|s| e.take(parse_date("end_date", s)));
            if let (Some(s), Some(en)) = (start, end)
                && en < s
            {
                e.take::<()>(Err(DomainError::new(
                    "end_date",
                    Code::EarlierThan {
                        other: "start_date".into(),
                    },
                )));
            }
            let cur = e.take(Currency::parse(get("currency").unwrap_or("")));
            let value =
                cur.and_then(|c| e.take(Money::parse_decimal(get("value").unwrap_or(""), c)));
            let renewal = match nonempty(get("renewal")) {
                Some(s) => e.take(Renewal::parse(s)),
                None => Some(Renewal::Manual),
            };
            match (ext.clone(), cref, name, start, value, renewal) {
                (
                    Some(external_ref),
                    Some(customer_ref),
                    Some(name),
                    Some(start_date),
                    Some(value),
                    Some(renewal),
                ) if e.out.len() == before => Some(ImportRow::Contract(ContractRow {
                    external_ref,
                    customer_ref,
                    name,
                    start_date,
                    end_date: end,
                    value,
                    renewal,
                })),
                _ => None,
            }
        }
        ImportKind::Interactions => {
            let cref = e.take(
                required("customer_ref", get("customer_ref"))
                    .and_then(|s| parse_label("customer_ref", s)),
            );
            let k = e.take(InteractionKind::parse(get("kind").unwrap_or("")));
            let at = e.take(parse_ts("occurred_at", get("occurred_at").unwrap_or("")));
            let summary = e.take(parse_summary(get("summary").unwrap_or("")));
            let sentiment = nonempty(get("sentiment")).and_then(|s| e.take(Sentiment::parse(s)));
            match (ext.clone(), cref, k, at, summary) {
                (Some(external_ref), Some(customer_ref), Some(kind), Some(at), Some(summary)) => {
                    Some(ImportRow::Interaction(InteractionRow {
                        external_ref,
                        customer_ref,
                        kind,
                        occurred_at: fmt_ts(at),
                        summary,
                        sentiment,
                    }))
                }
                _ => None,
            }
        }
    };
    if errors.len() > before { None } else { row }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_checks() {
        assert!(
            ImportKind::Customers
                .check_header(&["external_ref", "name", "consent_email", "attr_x"])
                .is_ok()
        );
        let errs = ImportKind::Customers
            .check_header(&["external_ref", "nmae"])
            .err()
            .unwrap_or_default();
        assert_eq!(errs.len(), 2);
    }

    #[test]
    fn transaction_row_errors_name_columns() {
        let h = [
            "external_ref",
            "customer_ref",
            "amount",
            "currency",
            "occurred_at",
        ];
        let mut errs = Vec::new();
        assert!(
            parse_row(
                ImportKind::Transactions,
                &h,
                &["t1", "c1", "12.345", "EUR", "2026-01-01"],
                7,
                &mut errs
            )
            .is_none()
        );
        assert!(
            parse_row(
                ImportKind::Transactions,
                &h,
                &["t2", "", "1", "EURO", "soon"],
                8,
                &mut errs
            )
            .is_none()
        );
        let got: Vec<(u64, &str)> = errs.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (7, "amount"),
                (8, "customer_ref"),
                (8, "currency"),
                (8, "occurred_at")
            ]
        );
        let ok = parse_row(
            ImportKind::Transactions,
            &h,
            &["t3", "c1", "-5.5", "eur", "2026-01-01T10:00:00Z"],
            9,
            &mut errs,
        );
        assert!(matches!(ok, Some(ImportRow::Transaction(t)) if t.amount.minor == -550));
    }
}
