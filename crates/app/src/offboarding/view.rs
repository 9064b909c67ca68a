//! Shared view helpers of the offboarding pages: labels, dates, badges, the default letter
//! and its preview, the notice period in words, readable refusals, and the plan form as typed.

use crate::kernel::state::AppState;
use crate::offboarding::letter::{self, LetterInput, Situation};
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::view::{BAD, OK, WARN, label};
use axum::body::Bytes;
use carewell_domain::error::{Code, Refusal, Step};
use carewell_domain::money::{Currency, Money};
use carewell_domain::offboarding::notice::{NoticeRule, Timeline};
use carewell_domain::offboarding::workflow::Status;
use carewell_domain::offboarding::{Letter, SituationKind};
use carewell_domain::time::parse_ts;
use carewell_store::ledger::Total;
use carewell_store::offboarding::OffboardingCase;
use carewell_store::{Clearance, OrRestricted};

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

/// The default draft of the farewell letter for a case, in `lang`, as `who` may compose it:
/// the goodwill paragraph offers the last invoice's refund unless the customer's records are
/// held (then it makes the general promise).
pub async fn default_letter(
    s: &AppState,
    who: Clearance,
    c: &OffboardingCase,
    lang: &str,
) -> Result<Letter, AppError> {
    let sits = situations(s, c).await?;
    let invoice = s
        .store
        .last_invoice(who, &c.customer_id)
        .await
        .or_restricted()?
        .flatten();
    let refund = invoice.and_then(|inv| {
        Currency::parse(&inv.currency).ok().map(|cur| Money {
            minor: inv.amount_minor,
            currency: cur,
        })
    });
    Ok(letter::compose(&LetterInput {
        lang,
        customer_name: &c.customer_name,
        company: &s.config.company_name,
        reason: c.reason,
        situations: &sits,
        refund,
        alternatives: &s.config.offboarding_alternatives,
    })?)
}

/// The public address of the customer's page for a raw token.
pub fn page_url(s: &AppState, token: &str) -> String {
    s.public_url(&format!("/public/offboarding/{token}"))
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

/// The minimum notice period in words, in the UI language.
pub fn period(tr: &Tr, r: &NoticeRule) -> String {
    let m = r.min_months.to_string();
    let d = r.min_days.to_string();
    match (r.min_months, r.min_days) {
        (0, _) => tr.t_with("offb-period-days", &[("days", &d)]),
        (_, 0) => tr.t_with("offb-period-months", &[("months", &m)]),
        _ => tr.t_with("offb-period-both", &[("months", &m), ("days", &d)]),
    }
}

/// A refused change as one readable sentence in the UI language: the notice period and the
/// direct contact before the letter in the case page's own words, every other invalid field
/// as `label: reason`, a refusal by the current state as such. `None` for an error that is
/// neither (a read of held records included): the caller passes it on as an error page.
pub fn readable(tr: &Tr, e: &AppError) -> Option<String> {
    Some(match e {
        AppError::Invalid(v) => {
            for f in v {
                if let Code::NoticeTooShort {
                    earliest,
                    jurisdiction,
                    months,
                    days,
                    basis,
                    ..
                } = &f.code
                {
                    let rule = NoticeRule {
                        jurisdiction: jurisdiction.clone(),
                        contract_type: String::new(),
                        min_months: *months,
                        min_days: *days,
                        basis: basis.clone(),
                    };
                    return Some(tr.t_with(
                        "offb-err-notice-short",
                        &[
                            ("period", &period(tr, &rule)),
                            ("jurisdiction", jurisdiction),
                            ("basis", basis),
                            ("earliest", &tr.long_date(*earliest)),
                        ],
                    ));
                }
            }
            v.iter()
                .map(|f| {
                    format!(
                        "{}: {}",
                        label(tr, "offb-field", &f.field),
                        tr.code(&f.code)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        AppError::Refused(Refusal::StepFirst {
            step: Step::ContactCustomer,
        }) => tr.t("offb-err-contact-first"),
        other => return crate::web::form::refusal_message(tr, other),
    })
}

/// What to show besides the stored case.
#[derive(Default)]
pub struct Extra {
    /// A refused action's message.
    pub error: Option<String>,
    /// Where it goes: plan, steps, letter, goodwill.
    pub error_at: &'static str,
    /// The customer link, just issued (shown once).
    pub link: Option<String>,
    /// Letter text to show instead of the stored draft (a refused edit).
    pub letter: Option<Letter>,
    /// Timeline form values to show instead of the stored plan (a refused change).
    pub plan: Option<Fields>,
    /// A large goodwill amount waiting for its second confirmation.
    pub confirm: Option<GoodwillConfirm>,
}

/// "This is a large amount — confirm" for goodwill: the words and the form's values to post
/// again with the confirmation.
#[derive(Debug, Clone, Default)]
pub struct GoodwillConfirm {
    /// Why it asks.
    pub text: String,
    /// The confirming button.
    pub button: String,
    /// The amount as typed.
    pub amount: String,
    /// Its currency.
    pub currency: String,
    /// The reason as typed.
    pub reason: String,
}

/// The form's values as posted (or prefilled).
#[derive(Debug, Clone, Default)]
pub struct Fields {
    /// company or customer.
    pub initiator: String,
    /// Reason.
    pub reason: String,
    /// Internal note.
    pub reason_note: String,
    /// Contract type.
    pub contract_type: String,
    /// The five dates.
    pub notice_date: String,
    /// Service end.
    pub service_end: String,
    /// Support end.
    pub support_end: String,
    /// Export until.
    pub export_until: String,
    /// Deletion date.
    pub deletion_date: String,
    /// Exception's legal basis.
    pub exception_basis: String,
    /// Ticked situations, `kind:id`.
    pub situations: Vec<String>,
}

impl Fields {
    /// Reads a URL-encoded body (repeated `situation` fields allowed).
    pub fn from_body(body: &Bytes) -> Result<Self, AppError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
            .map_err(|_| AppError::BadRequest(crate::web::error::Denied::UnreadableForm))?;
        let mut f = Fields::default();
        for (k, v) in pairs {
            match k.as_str() {
                "initiator" => f.initiator = v,
                "reason" => f.reason = v,
                "reason_note" => f.reason_note = v,
                "contract_type" => f.contract_type = v,
                "notice_date" => f.notice_date = v,
                "service_end" => f.service_end = v,
                "support_end" => f.support_end = v,
                "export_until" => f.export_until = v,
                "deletion_date" => f.deletion_date = v,
                "exception_basis" => f.exception_basis = v,
                "situation" => f.situations.push(v),
                _ => {}
            }
        }
        Ok(f)
    }

    /// The five dates.
    pub fn timeline(&self) -> Result<Timeline, AppError> {
        Ok(Timeline::parse(
            &self.notice_date,
            &self.service_end,
            &self.support_end,
            &self.export_until,
            &self.deletion_date,
        )?)
    }

    /// One of the five dates by name (empty for other names).
    pub fn get(&self, name: &str) -> &str {
        match name {
            "notice_date" => &self.notice_date,
            "service_end" => &self.service_end,
            "support_end" => &self.support_end,
            "export_until" => &self.export_until,
            "deletion_date" => &self.deletion_date,
            _ => "",
        }
    }

    /// Fills in the five dates of `t`.
    pub fn set_timeline(&mut self, t: &Timeline) {
        self.notice_date = t.notice_date.to_string();
        self.service_end = t.service_end.to_string();
        self.support_end = t.support_end.to_string();
        self.export_until = t.export_until.to_string();
        self.deletion_date = t.deletion_date.to_string();
    }
}
