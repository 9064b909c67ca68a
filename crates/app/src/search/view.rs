//! What the search pages and the API share: the kinds asked for, one search over them as the
//! signed-in user may see, and the hits as the pages show them.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::view::label;
use carewell_domain::Code;
use carewell_store::search::global::{ComplaintHit, CustomerHit, Hits};

/// The kinds of record a search looks for, by their names in `kinds=`.
pub const KIND_NAMES: [&str; 2] = ["customers", "complaints"];

/// The longest piece of a bad `kinds` value repeated in the error message.
const ECHO: usize = 40;

/// Which kinds to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds {
    /// Customers.
    pub customers: bool,
    /// Complaints.
    pub complaints: bool,
}

impl Kinds {
    /// Both kinds.
    pub const ALL: Kinds = Kinds {
        customers: true,
        complaints: true,
    };

    /// `customers,complaints` (either, both, in any order; absent or blank for both); another
    /// name is a 422 on `kinds`.
    pub fn parse(raw: Option<&str>) -> Result<Kinds, AppError> {
        let names: Vec<&str> = raw
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            return Ok(Kinds::ALL);
        }
        let mut k = Kinds {
            customers: false,
            complaints: false,
        };
        for n in names {
            match n {
                "customers" => k.customers = true,
                "complaints" => k.complaints = true,
                other => {
                    return Err(AppError::invalid(
                        "kinds",
                        Code::OneOf {
                            value: other.chars().take(ECHO).collect(),
                            allowed: KIND_NAMES.iter().map(|s| (*s).to_string()).collect(),
                        },
                    ));
                }
            }
        }
        Ok(k)
    }
}

/// The hits of one search; `None` for a kind not searched.
#[derive(Debug, Default)]
pub struct Found {
    /// Customers.
    pub customers: Option<Hits<CustomerHit>>,
    /// Complaints.
    pub complaints: Option<Hits<ComplaintHit>>,
}

/// Searches `kinds` for `q`, at most `limit` of each, as `user` may see them (records of a
/// customer under a retention hold only with clearance).
pub async fn find(
    s: &AppState,
    user: &CurrentUser,
    q: &str,
    kinds: Kinds,
    limit: i64,
) -> Result<Found, AppError> {
    let who = user.clearance();
    let mut found = Found::default();
    if kinds.customers {
        found.customers = Some(s.store.find_customers(who, q, limit).await?);
    }
    if kinds.complaints {
        found.complaints = Some(s.store.find_complaints(who, q, limit).await?);
    }
    Ok(found)
}

/// A customer as the search pages show it.
#[derive(Debug, Clone)]
pub struct CustomerView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// E-mail, phone and reference, as known.
    pub detail: String,
}

impl From<CustomerHit> for CustomerView {
    fn from(c: CustomerHit) -> Self {
        let detail = [c.email, c.phone, c.external_ref]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        Self {
            id: c.id,
            name: c.name,
            detail,
        }
    }
}

/// A complaint as the search pages show it.
#[derive(Debug, Clone)]
pub struct ComplaintView {
    /// Id.
    pub id: String,
    /// `#1a2b3c4d`.
    pub reference: String,
    /// Subject.
    pub subject: String,
    /// The customer's name.
    pub customer: String,
    /// The status in the UI language.
    pub status: String,
}

impl ComplaintView {
    /// `c` in the language of `tr`.
    pub fn new(tr: &Tr, c: ComplaintHit) -> Self {
        Self {
            status: label(tr, "cmp-status", &c.status),
            reference: format!("#{}", c.reference),
            id: c.id,
            subject: c.subject,
            customer: c.customer_name,
        }
    }
}

/// `path?…&q=…`: the list that shows every match of `q`.
pub fn see_all(path: &str, fixed: &[(&str, &str)], q: &str) -> String {
    let mut params = fixed.to_vec();
    params.push(("q", q.trim()));
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(&params).unwrap_or_default()
    )
}

/// The customer list filtered by `q`.
pub fn all_customers(q: &str) -> String {
    see_all("/customers", &[], q)
}

/// The complaint list (every status) filtered by `q`.
pub fn all_complaints(q: &str) -> String {
    see_all("/complaints", &[("status", "")], q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(Kinds::parse(None).ok(), Some(Kinds::ALL));
        assert_eq!(Kinds::parse(Some(" , ")).ok(), Some(Kinds::ALL));
        let c = Kinds::parse(Some("customers")).ok().unwrap_or(Kinds::ALL);
        assert!(c.customers && !c.complaints);
        assert!(Kinds::parse(Some("customers,users")).is_err());
        assert!(Kinds::parse(Some("'; DROP TABLE customers; --")).is_err());
    }

    #[test]
    fn links_encode_the_query() {
        assert_eq!(all_customers(" a&b "), "/customers?q=a%26b");
        assert_eq!(all_complaints("x y"), "/complaints?status=&q=x+y");
    }
}
