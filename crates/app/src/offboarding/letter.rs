//! The farewell letter: a pure composition of the default draft for an offboarding case, in the
//! customer's language (closest shipped one, else English), from `locales/*/offboarding.ftl`.
//!
//! The letter follows the practice of parting with a client gracefully: it thanks, frames the
//! decision with the documented situations (never a personal judgement), extends goodwill (e.g.
//! a refund of the last invoice), apologises, and offers alternatives; then it states the
//! timeline (service end, support end, data-export window, deletion date) and links the
//! customer's own page. Staff edit every part before sending; the stored draft is what is sent.

use crate::kernel::config::Provider;
use crate::web::i18n::Tr;
use carewell_domain::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Reasons with their own framing sentence; anything else uses `offb-letter-framing-other`.
pub const REASONS: [&str; 11] = [
    "trivial-complaints",
    "staff-abuse",
    "no-more-business",
    "no-referrals",
    "unprofitable",
    "unethical-requests",
    "mission-fit",
    "policy-change",
    "compliance",
    "product-sunset",
    "customer-request",
];

/// The editable parts of a letter, in the order they appear.
pub const PARTS: [&str; 9] = [
    "subject",
    "greeting",
    "thanks",
    "framing",
    "goodwill",
    "apology",
    "alternatives",
    "notice",
    "closing",
];

/// The five parts the practice asks for (staff see them first in the editor).
pub const FIVE: [&str; 5] = ["thanks", "framing", "goodwill", "apology", "alternatives"];

/// One documented situation behind the decision (a complaint, an interaction, a note).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Situation {
    /// When it happened, if known.
    pub date: Option<NaiveDate>,
    /// What happened, in neutral words (e.g. the complaint's subject).
    pub text: String,
}

/// The dates the customer must know.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dates {
    /// Last day of service.
    pub service_end: Option<NaiveDate>,
    /// Last day of support.
    pub support_end: Option<NaiveDate>,
    /// Last day the data export is available.
    pub export_until: Option<NaiveDate>,
    /// Day personal data is erased.
    pub deletion_on: Option<NaiveDate>,
}

/// Everything the default letter may mention.
#[derive(Debug, Clone, Default)]
pub struct LetterInput<'a> {
    /// The customer's language (any BCP 47 tag).
    pub lang: &'a str,
    /// The customer's name.
    pub customer_name: &'a str,
    /// Our company's name, as signed.
    pub company: &'a str,
    /// The staff member signing.
    pub sender: &'a str,
    /// The case's reason (see [`REASONS`]).
    pub reason: &'a str,
    /// Documented situations, oldest first.
    pub situations: &'a [Situation],
    /// The refund offered as goodwill (the last invoice), if any.
    pub refund: Option<Money>,
    /// Recommended providers.
    pub alternatives: &'a [Provider],
    /// The timeline.
    pub dates: Dates,
    /// The customer's page (notice, data download, feedback).
    pub page_url: &'a str,
}

/// A letter: subject and parts, each plain text (never HTML; escaped when shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Letter {
    /// The shipped language it is written in.
    pub lang: String,
    /// Subject line.
    pub subject: String,
    /// "Dear …,".
    pub greeting: String,
    /// 1. Thanks.
    pub thanks: String,
    /// 2. Framing with the documented situations.
    pub framing: String,
    /// 3. Goodwill.
    pub goodwill: String,
    /// 4. Apology.
    pub apology: String,
    /// 5. Alternatives.
    pub alternatives: String,
    /// The timeline and the link to the customer's page.
    pub notice: String,
    /// Sign-off.
    pub closing: String,
}

/// Longest accepted part, in characters.
pub const MAX_PART: usize = 8_000;

impl Letter {
    /// The part named `name` (see [`PARTS`]).
    pub fn part(&self, name: &str) -> &str {
        match name {
            "subject" => &self.subject,
            "greeting" => &self.greeting,
            "thanks" => &self.thanks,
            "framing" => &self.framing,
            "goodwill" => &self.goodwill,
            "apology" => &self.apology,
            "alternatives" => &self.alternatives,
            "notice" => &self.notice,
            "closing" => &self.closing,
            _ => "",
        }
    }

    /// Replaces the part named `name`; false for an unknown name.
    pub fn set_part(&mut self, name: &str, text: String) -> bool {
        let slot = match name {
            "subject" => &mut self.subject,
            "greeting" => &mut self.greeting,
            "thanks" => &mut self.thanks,
            "framing" => &mut self.framing,
            "goodwill" => &mut self.goodwill,
            "apology" => &mut self.apology,
            "alternatives" => &mut self.alternatives,
            "notice" => &mut self.notice,
            "closing" => &mut self.closing,
            _ => return false,
        };
        *slot = text;
        true
    }

    /// The plain-text body as sent: the parts in order, blank lines between, empty parts left out.
    pub fn body(&self) -> String {
        PARTS[1..]
            .iter()
            .map(|p| normalise(self.part(p)))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Problems that stop the letter from being sent: (part, reason) pairs, in English for
    /// logs; the UI shows its own translated message per part.
    pub fn problems(&self) -> Vec<(&'static str, &'static str)> {
        let mut out = Vec::new();
        for p in PARTS {
            let text = self.part(p);
            if text.chars().count() > MAX_PART {
                out.push((p, "too long"));
            }
        }
        if self.subject.trim().is_empty() {
            out.push(("subject", "empty"));
        }
        for p in FIVE {
            if self.part(p).trim().is_empty() {
                out.push((p, "empty"));
            }
        }
        out
    }
}

/// Line endings to `\n`, trailing spaces and surrounding blank lines removed.
fn normalise(s: &str) -> String {
    s.replace("\r\n", "\n")
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

/// The default draft for a case (see the module documentation).
pub fn compose(input: &LetterInput<'_>) -> Letter {
    let tr = Tr::for_tag(input.lang);
    let base = [("name", input.customer_name), ("company", input.company)];
    let t = |key: &str| tr.t_with(key, &base);
    let reason = if REASONS.contains(&input.reason) {
        input.reason
    } else {
        "other"
    };
    let mut framing = t(&format!("offb-letter-framing-{reason}"));
    if !input.situations.is_empty() {
        framing.push('\n');
        framing.push_str(&t("offb-letter-situations"));
        for s in input.situations {
            let text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
            framing.push('\n');
            framing.push_str(&match s.date {
                Some(d) => format!("– {}: {}", tr.long_date(d), text),
                None => format!("– {text}"),
            });
        }
        framing.push('\n');
        framing.push_str(&t(&format!("offb-letter-framing-{reason}-after")));
    }
    let goodwill = match &input.refund {
        Some(m) if m.minor != 0 => {
            let amount = tr.money(&Money {
                minor: m.minor.abs(),
                currency: m.currency,
            });
            tr.t_with(
                "offb-letter-goodwill-refund",
                &[("amount", &amount), ("company", input.company)],
            )
        }
        _ => t("offb-letter-goodwill-none"),
    };
    let alternatives = if input.alternatives.is_empty() {
        t("offb-letter-alternatives-none")
    } else {
        let list = input
            .alternatives
            .iter()
            .map(|p| {
                if p.url.trim().is_empty() {
                    format!("– {}", p.name.trim())
                } else {
                    format!("– {} ({})", p.name.trim(), p.url.trim())
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        format!(
            "{}\n{}\n{}",
            t("offb-letter-alternatives-intro"),
            list,
            t("offb-letter-alternatives-outro")
        )
    };
    Letter {
        lang: tr.lang.to_string(),
        subject: t("offb-letter-subject"),
        greeting: t("offb-letter-greeting"),
        thanks: t("offb-letter-thanks"),
        framing,
        goodwill,
        apology: t("offb-letter-apology"),
        alternatives,
        notice: notice(&tr, &input.dates, input.page_url),
        closing: tr.t_with(
            "offb-letter-closing",
            &[("sender", input.sender), ("company", input.company)],
        ),
    }
}

/// The timeline lines ("What happens next"), with the link to the customer's page.
pub fn notice(tr: &Tr, d: &Dates, page_url: &str) -> String {
    let mut lines = vec![tr.t("offb-letter-next")];
    let mut line = |key: &str, day: Option<NaiveDate>| {
        if let Some(day) = day {
            lines.push(format!(
                "– {}",
                tr.t_with(key, &[("date", &tr.long_date(day))])
            ));
        }
    };
    line("offb-letter-service-end", d.service_end);
    line("offb-letter-support-end", d.support_end);
    line("offb-letter-export", d.export_until);
    line("offb-letter-deletion", d.deletion_on);
    if !page_url.is_empty() {
        lines.push(tr.t_with("offb-letter-page", &[("link", page_url)]));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use carewell_domain::money::Currency;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn input<'a>(
        lang: &'a str,
        situations: &'a [Situation],
        alternatives: &'a [Provider],
    ) -> LetterInput<'a> {
        LetterInput {
            lang,
            customer_name: "Mari Maasikas",
            company: "Acme Cloud",
            sender: "Jaan Tamm",
            reason: "trivial-complaints",
            situations,
            refund: Some(Money {
                minor: 12_050,
                currency: Currency::parse("EUR").unwrap(),
            }),
            alternatives,
            dates: Dates {
                service_end: Some(d("2027-03-15")),
                support_end: Some(d("2027-04-15")),
                export_until: Some(d("2027-05-01")),
                deletion_on: Some(d("2027-06-01")),
            },
            page_url: "https://care.example/public/offboarding/tok",
        }
    }

    fn fixtures() -> (Vec<Situation>, Vec<Provider>) {
        (
            vec![Situation {
                date: Some(d("2027-01-10")),
                text: "Invoice   sent twice".into(),
            }],
            vec![Provider {
                name: "Nimbus Hosting".into(),
                url: "https://nimbus.example".into(),
            }],
        )
    }

    fn no_keys_left(l: &Letter) {
        for p in PARTS {
            let text = l.part(p);
            assert!(!text.trim().is_empty(), "{} part {p} empty", l.lang);
            assert!(
                !text.contains("offb-"),
                "{} part {p} has a raw key: {text}",
                l.lang
            );
            assert!(!text.contains("{ $"), "{} part {p} has a placeable", l.lang);
        }
        assert!(l.problems().is_empty(), "{:?}", l.problems());
    }

    #[test]
    fn english_default_has_the_five_parts_and_the_timeline() {
        let (s, a) = fixtures();
        let l = compose(&input("en-GB", &s, &a));
        no_keys_left(&l);
        assert_eq!(l.lang, "en");
        assert!(l.greeting.contains("Mari Maasikas"));
        assert!(l.thanks.to_lowercase().contains("thank"));
        assert!(
            l.framing.contains("10 January 2027: Invoice sent twice"),
            "{}",
            l.framing
        );
        assert!(l.goodwill.contains("120.50 EUR"), "{}", l.goodwill);
        assert!(l.apology.to_lowercase().contains("sorry"));
        assert!(
            l.alternatives
                .contains("Nimbus Hosting (https://nimbus.example)")
        );
        assert!(l.notice.contains("15 March 2027"));
        assert!(l.notice.contains("1 June 2027"));
        assert!(
            l.notice
                .contains("https://care.example/public/offboarding/tok")
        );
        assert!(l.closing.contains("Jaan Tamm") && l.closing.contains("Acme Cloud"));
        let body = l.body();
        let order = [&l.greeting, &l.thanks, &l.framing, &l.goodwill, &l.apology];
        let pos: Vec<usize> = order
            .iter()
            .map(|p| body.find(p.as_str()).unwrap())
            .collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "parts in order");
        assert!(!body.contains("\n\n\n"));
    }

    #[test]
    fn chinese_default_is_in_simplified_chinese() {
        let (s, a) = fixtures();
        let l = compose(&input("zh-Hans-CN", &s, &a));
        no_keys_left(&l);
        assert_eq!(l.lang, "zh-CN");
        assert!(l.thanks.contains("感谢"), "{}", l.thanks);
        assert!(l.framing.contains("2027年1月10日"), "{}", l.framing);
        assert!(l.goodwill.contains("120.50 EUR"), "{}", l.goodwill);
        assert!(l.apology.contains("抱歉") || l.apology.contains("歉意"));
        assert!(l.notice.contains("2027年3月15日") && l.notice.contains("2027年6月1日"));
        assert!(l.alternatives.contains("Nimbus Hosting"));
    }

    #[test]
    fn estonian_default_is_in_estonian() {
        let (s, a) = fixtures();
        let l = compose(&input("et-EE", &s, &a));
        no_keys_left(&l);
        assert_eq!(l.lang, "et");
        assert!(l.greeting.contains("Mari Maasikas"));
        assert!(
            l.thanks.contains("Täname") || l.thanks.contains("tänu"),
            "{}",
            l.thanks
        );
        assert!(l.framing.contains("10. jaanuar 2027"), "{}", l.framing);
        assert!(l.goodwill.contains("120,50 EUR"), "{}", l.goodwill);
        assert!(l.apology.contains("vaband") || l.apology.contains("kahju"));
        assert!(l.notice.contains("15. märts 2027"));
    }

    #[test]
    fn unknown_language_falls_back_to_english_and_every_reason_has_text() {
        for lang in ["fr", "en", "zh-CN", "et"] {
            for reason in REASONS.iter().chain(["something-else"].iter()) {
                let (s, a) = fixtures();
                let mut i = input(lang, &s, &a);
                i.reason = reason;
                let l = compose(&i);
                no_keys_left(&l);
                if lang == "fr" {
                    assert_eq!(l.lang, "en");
                }
            }
        }
    }

    #[test]
    fn without_refund_situations_or_providers_the_letter_still_reads() {
        for lang in ["en", "zh-CN", "et"] {
            let mut i = input(lang, &[], &[]);
            i.refund = None;
            i.page_url = "";
            let l = compose(&i);
            no_keys_left(&l);
            assert!(!l.framing.contains('–'), "no list without situations");
            assert!(!l.notice.contains("http"));
        }
    }

    #[test]
    fn edits_replace_parts_and_are_checked() {
        let (s, a) = fixtures();
        let mut l = compose(&input("en", &s, &a));
        assert!(l.set_part("apology", "We are sorry.\r\n\r\n".into()));
        assert!(!l.set_part("nonsense", String::new()));
        assert!(l.body().contains("We are sorry.\n\n"));
        l.thanks = "  ".into();
        l.framing = "x".repeat(MAX_PART + 1);
        let p = l.problems();
        assert!(p.contains(&("thanks", "empty")) && p.contains(&("framing", "too long")));
    }
}
