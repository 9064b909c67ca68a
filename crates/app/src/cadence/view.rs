//! The customer page's cadence line: "Contact every 90 days · last contact 34 days ago · next
//! due 2026-03-01".

use crate::web::i18n::Tr;
use carewell_store::cadence::CustomerCadence;
use chrono::NaiveDate;

/// The line in the UI language at `today`; `None` when the customer has no cadence.
pub fn line(tr: &Tr, c: &CustomerCadence, today: NaiveDate) -> Option<String> {
    let days = c.days?;
    let mut parts = vec![tr.t_n("cad-every", days)];
    let last = c
        .last_contact_at
        .as_deref()
        .and_then(|t| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok());
    parts.push(match last {
        Some(d) => tr.t_n("cad-last", (today - d).num_days().max(0)),
        None => tr.t("cad-last-never"),
    });
    if let Some(next) = c
        .next_due
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        let key = if next <= today {
            "cad-overdue"
        } else {
            "cad-next"
        };
        parts.push(tr.t_with(key, &[("date", &tr.long_date(next))]));
    }
    Some(parts.join(" · "))
}
