//! Shared view helpers of the offboarding pages: labels, dates, badges and the default letter
//! of a case.

use super::letter::{self, Dates, LetterInput, Situation};
use crate::kernel::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use carewell_domain::money::{Currency, Money};
use carewell_domain::offboarding::SituationKind;
use carewell_domain::offboarding::workflow::Status;
use carewell_domain::time::parse_ts;
use carewell_store::ledger::Total;
use carewell_store::offboarding::OffboardingCase;

use crate::web::view::{BAD, OK, WARN};

/// The badge class of a case status.
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::Open => WARN,
        Status::Approved | Status::Contacted => "stage-onboarding",
        Status::Notified => "stage-leaving",
        Status::Closed | Status::Erased => OK,
        Status::Cancelled => BAD,
    }
}

/// Totals as `12.00 EUR, 3.00 USD` in the UI language.
pub fn totals(tr: &Tr, t: &[Total]) -> String {
    if t.is_empty() {
        return "—".into();
    }
    t.iter()
        .map(|x| total(tr, x))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One total in the UI language.
pub fn total(tr: &Tr, x: &Total) -> String {
    tr.money_minor(x.amount_minor, &x.currency)
}

/// The case's five dates for letters and the customer's page.
pub fn dates(c: &OffboardingCase) -> Dates {
    let t = &c.timeline;
    Dates {
        service_end: Some(t.service_end),
        support_end: Some(t.support_end),
        export_until: Some(t.export_until),
        deletion_on: Some(t.deletion_date),
    }
}

/// The documented situations of a case as the letter names them: the complaint's subject or
/// the interaction's summary, with its date.
pub async fn situations(s: &AppState, c: &OffboardingCase) -> Result<Vec<Situation>, AppError> {
    let mut out = Vec::new();
    let interactions = if c
        .situations
        .iter()
        .any(|x| x.kind == SituationKind::Interaction)
    {
        s.store.interactions(&c.customer_id, 1000).await?
    } else {
        Vec::new()
    };
    for x in &c.situations {
        let (at, text) = match x.kind {
            SituationKind::Complaint => match s.store.complaint(&x.id).await {
                Ok(cm) => (cm.created_at, cm.subject),
                Err(_) => continue,
            },
            SituationKind::Interaction => match interactions.iter().find(|i| i.id == x.id) {
                Some(i) => (i.occurred_at.clone(), i.summary.clone()),
                None => continue,
            },
        };
        out.push(Situation {
            date: parse_ts("at", &at).ok().map(|t| t.date_naive()),
            text,
        });
    }
    out.sort_by_key(|s| s.date);
    Ok(out)
}

/// The default draft of the farewell letter for a case, in `lang`.
pub async fn default_letter(
    s: &AppState,
    c: &OffboardingCase,
    lang: &str,
    sender: &str,
) -> Result<letter::Letter, AppError> {
    let sits = situations(s, c).await?;
    let refund = s.store.last_invoice(&c.customer_id).await?.and_then(|inv| {
        Currency::parse(&inv.currency).ok().map(|cur| Money {
            minor: inv.amount_minor,
            currency: cur,
        })
    });
    Ok(letter::compose(&LetterInput {
        lang,
        customer_name: &c.customer_name,
        company: &s.config.company_name,
        sender,
        reason: c.reason.as_str(),
        situations: &sits,
        refund,
        alternatives: &s.config.offboarding_alternatives,
        dates: dates(c),
        page_url: "",
    }))
}

/// The public address of the customer's page for a raw token.
pub fn page_url(s: &AppState, token: &str) -> String {
    format!(
        "{}/public/offboarding/{token}",
        s.config.base_url.trim_end_matches('/')
    )
}

/// The farewell e-mail exactly as the outbox will render it (same template and arguments as
/// `send_offboarding_letter`), with `link` standing in for the customer's page address.
pub fn preview(
    s: &AppState,
    c: &OffboardingCase,
    l: &carewell_domain::offboarding::Letter,
    link: &str,
) -> crate::messaging::render::Rendered {
    let t = &c.timeline;
    let d = |x: chrono::NaiveDate| x.format("%Y-%m-%d").to_string();
    let args = serde_json::json!({
        "name": c.customer_name, "company": s.config.company_name,
        "thanks": l.thanks, "framing": l.framing, "goodwill": l.goodwill,
        "apology": l.apology, "alternatives": l.alternatives, "letter": l.body(),
        "link": link, "notice_date": d(t.notice_date), "service_end": d(t.service_end),
        "support_end": d(t.support_end), "export_until": d(t.export_until),
        "deletion_date": d(t.deletion_date),
    });
    crate::messaging::render::render(
        &l.language,
        carewell_store::offboarding::LETTER_TEMPLATE,
        &args,
    )
}
