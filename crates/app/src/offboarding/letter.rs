//! The farewell letter's default draft: a pure composition of the five parts for an offboarding
//! case, in the customer's language (closest shipped one, else English), from
//! `locales/*/offboarding.ftl`. The result is the domain's one letter type
//! ([`carewell_domain::offboarding::Letter`]), checked by its own rules.
//!
//! The letter follows the practice of parting with a client gracefully: it thanks, frames the
//! decision with the documented situations (never a personal judgement), extends goodwill (e.g.
//! a refund of the last invoice), apologises, and offers alternatives. Greeting, timeline,
//! link and sign-off are the e-mail template's (`offb-letter-body`). Staff edit every part
//! before sending; the stored draft is what is sent.

use crate::kernel::config::Provider;
use crate::web::i18n::Tr;
use carewell_domain::DomainError;
use carewell_domain::money::Money;
use carewell_domain::offboarding::{Letter, Part, Reason};
use chrono::NaiveDate;

/// One documented situation behind the decision (a complaint, an interaction, a note).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Situation {
    /// When it happened, if known.
    pub date: Option<NaiveDate>,
    /// What happened, in neutral words (e.g. the complaint's subject).
    pub text: String,
}

/// Everything the default letter may mention.
#[derive(Debug, Clone)]
pub struct LetterInput<'a> {
    /// The customer's language (any BCP 47 tag).
    pub lang: &'a str,
    /// The customer's name.
    pub customer_name: &'a str,
    /// Our company's name, as signed.
    pub company: &'a str,
    /// The case's reason: each has its own framing sentence (`offb-letter-framing-<reason>`).
    pub reason: Reason,
    /// Documented situations, oldest first.
    pub situations: &'a [Situation],
    /// The refund offered as goodwill (the last invoice), if any.
    pub refund: Option<Money>,
    /// Recommended providers.
    pub alternatives: &'a [Provider],
}

/// The default draft for a case (see the module documentation).
pub fn compose(input: &LetterInput<'_>) -> Result<Letter, Vec<DomainError>> {
    let tr = Tr::for_tag(input.lang);
    let base = [("name", input.customer_name), ("company", input.company)];
    let t = |key: &str| tr.t_with(key, &base);
    let reason = input.reason.as_str();
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
                minor: m.minor.saturating_abs(),
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
    let (thanks, apology) = (t("offb-letter-thanks"), t("offb-letter-apology"));
    Letter::parse(tr.lang, |p| match p {
        Part::Thanks => &thanks,
        Part::Framing => &framing,
        Part::Goodwill => &goodwill,
        Part::Apology => &apology,
        Part::Alternatives => &alternatives,
    })
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
            reason: Reason::TrivialComplaints,
            situations,
            refund: Some(Money {
                minor: 12_050,
                currency: Currency::parse("EUR").unwrap(),
            }),
            alternatives,
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
        for p in Part::ALL {
            let text = l.part(*p);
            assert!(!text.trim().is_empty(), "{} part {p} empty", l.language);
            assert!(
                !text.contains("offb-"),
                "{} part {p} has a raw key: {text}",
                l.language
            );
            assert!(
                !text.contains("{ $"),
                "{} part {p} has a placeable",
                l.language
            );
        }
        assert_eq!(l.checked().as_ref(), Ok(l));
    }

    #[test]
    fn english_default_has_the_five_parts_and_the_timeline() {
        let (s, a) = fixtures();
        let l = compose(&input("en-GB", &s, &a)).unwrap();
        no_keys_left(&l);
        assert_eq!(l.language, "en");
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
        let body = l.body();
        let order = [
            &l.thanks,
            &l.framing,
            &l.goodwill,
            &l.apology,
            &l.alternatives,
        ];
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
        let l = compose(&input("zh-Hans-CN", &s, &a)).unwrap();
        no_keys_left(&l);
        assert_eq!(l.language, "zh-CN");
        assert!(l.thanks.contains("感谢"), "{}", l.thanks);
        assert!(l.framing.contains("2027年1月10日"), "{}", l.framing);
        assert!(l.goodwill.contains("120.50 EUR"), "{}", l.goodwill);
        assert!(l.apology.contains("抱歉") || l.apology.contains("歉意"));
        assert!(l.alternatives.contains("Nimbus Hosting"));
    }

    #[test]
    fn estonian_default_is_in_estonian() {
        let (s, a) = fixtures();
        let l = compose(&input("et-EE", &s, &a)).unwrap();
        no_keys_left(&l);
        assert_eq!(l.language, "et");
        assert!(
            l.thanks.contains("Täname") || l.thanks.contains("tänu"),
            "{}",
            l.thanks
        );
        assert!(l.framing.contains("10. jaanuar 2027"), "{}", l.framing);
        assert!(l.goodwill.contains("120,50 EUR"), "{}", l.goodwill);
        assert!(l.apology.contains("vaband") || l.apology.contains("kahju"));
    }

    #[test]
    fn unknown_language_falls_back_to_english_and_every_reason_has_text() {
        for lang in ["fr", "en", "zh-CN", "et"] {
            for reason in Reason::ALL {
                let (s, a) = fixtures();
                let mut i = input(lang, &s, &a);
                i.reason = *reason;
                let l = compose(&i).unwrap();
                no_keys_left(&l);
                if lang == "fr" {
                    assert_eq!(l.language, "en");
                }
            }
        }
    }

    #[test]
    fn without_refund_situations_or_providers_the_letter_still_reads() {
        for lang in ["en", "zh-CN", "et"] {
            let mut i = input(lang, &[], &[]);
            i.refund = None;
            let l = compose(&i).unwrap();
            no_keys_left(&l);
            assert!(!l.framing.contains('–'), "no list without situations");
        }
    }
}
