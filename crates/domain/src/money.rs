//! Money as integer minor units plus an ISO 4217 currency; never floats.

use crate::error::{Code, DomainError, Format};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The largest amount of one entry (a transaction, a contract's value, a compensation, a
/// threshold), in major units of its currency: 1,000,000,000 (e.g. EUR 1,000,000,000.00 or
/// JPY 1,000,000,000). The `max_entry_amounts` setting can lower it per currency. Totals of
/// bounded entries cannot overflow in practice, and are computed with checked arithmetic.
pub const MAX_ENTRY_MAJOR: i64 = 1_000_000_000;

/// Per-currency maxima set at start-up (minor units; `*` for every other currency).
static ENTRY_LIMITS: OnceLock<BTreeMap<String, i64>> = OnceLock::new();

/// Sets the per-currency maxima of one entry from the `max_entry_amounts` setting (currency
/// or `*` → decimal amount, e.g. `EUR = "250000.00"`), once per process. A maximum above
/// [`MAX_ENTRY_MAJOR`] or not above zero is refused.
pub fn set_entry_limits(limits: &BTreeMap<String, String>) -> Result<(), DomainError> {
    let mut out = BTreeMap::new();
    for (cur, amount) in limits {
        let key = cur.trim().to_ascii_uppercase();
        let c = if key == "*" {
            Currency(*b"XXX")
        } else {
            Currency::parse(&key)?
        };
        let m = Money::parse_decimal(amount, c)?;
        if m.minor <= 0 {
            return Err(DomainError::new(
                "max_entry_amounts",
                Code::OutOfRange {
                    min: Some(0),
                    max: Some(MAX_ENTRY_MAJOR),
                },
            ));
        }
        out.insert(key, m.minor);
    }
    // The first setting wins (tests build many apps in one process).
    let _ = ENTRY_LIMITS.set(out);
    Ok(())
}

/// The largest amount of a compensation booked or approved without a second confirmation, in
/// `currency`, from the `large_amounts` setting (currency or `*` → decimal amount in major
/// units, e.g. `* = "1000.00"`, `JPY = "150000"`): the currency's own entry, else `*` in its
/// units; `None` (never asks) when neither is set. An entry that does not parse is an error.
pub fn large_amount(
    settings: &BTreeMap<String, String>,
    currency: Currency,
) -> Result<Option<Money>, DomainError> {
    let own = settings
        .iter()
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(currency.as_str()));
    if let Some((_, v)) = own {
        return Money::parse_non_negative(v, currency)
            .map(Some)
            .map_err(|e| DomainError::new("large_amounts", e.code));
    }
    let Some((_, v)) = settings.iter().find(|(k, _)| k.trim() == "*") else {
        return Ok(None);
    };
    // `*` is written with up to two decimals, then rescaled to the currency's minor unit.
    let any = Money::parse_non_negative(v, Currency(*b"XXX"))
        .map_err(|e| DomainError::new("large_amounts", e.code))?;
    let scale = 10i64.pow(currency.exponent());
    Ok(Some(Money {
        minor: any.minor / 100 * scale + any.minor % 100 * scale / 100,
        currency,
    }))
}

/// An ISO 4217 currency code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    /// Parses a three-letter code (`eur`, `EUR`).
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 3 || !b.iter().all(u8::is_ascii_uppercase) {
            return Err(crate::customer::malformed(
                "currency",
                raw.trim(),
                Format::Currency,
            ));
        }
        Ok(Self([b[0], b[1], b[2]]))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point in this currency's minor unit.
    pub fn exponent(&self) -> u32 {
        match self.as_str() {
            "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "XAF" | "XOF" | "PYG" | "UGX" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
            _ => 2,
        }
    }

    /// The largest amount of one entry in this currency, in minor units.
    pub fn max_entry_minor(&self) -> i64 {
        let scale = 10i64.pow(self.exponent());
        let hard = MAX_ENTRY_MAJOR * scale;
        // `*` is kept in a two-decimal placeholder currency; rescaled to this one.
        let set = ENTRY_LIMITS.get().and_then(|l| match l.get(self.as_str()) {
            Some(m) => Some(*m),
            None => l.get("*").map(|m| m / 100 * scale),
        });
        set.map_or(hard, |s| s.min(hard))
    }
}

impl TryFrom<String> for Currency {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.as_str().to_string()
    }
}

/// An amount in minor units (cents) of a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units; negative for refunds and credits.
    pub minor: i64,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// Parses a decimal amount such as `-12.50` in `currency`, refusing more decimals than
    /// the currency has and anything that is not a plain number.
    pub fn parse_decimal(raw: &str, currency: Currency) -> Result<Self, DomainError> {
        let s = raw.trim();
        let value = || s.to_string();
        let nan = || DomainError::new("amount", Code::NotANumber { value: value() });
        let large = || DomainError::new("amount", Code::TooLarge { value: value() });
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(nan());
        }
        let exp = currency.exponent();
        if frac.len() as u32 > exp {
            return Err(DomainError::new(
                "amount",
                Code::TooManyDecimals {
                    value: value(),
                    max: exp,
                    currency: currency.as_str().to_string(),
                },
            ));
        }
        let scale = 10i64.pow(exp);
        let int: i64 = int.parse().map_err(|_| large())?;
        let frac_val: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse::<i64>().map_err(|_| nan())? * 10i64.pow(exp - frac.len() as u32)
        };
        let minor = int
            .checked_mul(scale)
            .and_then(|v| v.checked_add(frac_val))
            .ok_or_else(large)?;
        let max = currency.max_entry_minor();
        if minor > max {
            let major = max / scale;
            return Err(DomainError::new(
                "amount",
                Code::OutOfRange {
                    min: Some(-major),
                    max: Some(major),
                },
            ));
        }
        Ok(Self {
            minor: if neg { -minor } else { minor },
            currency,
        })
    }

    /// [`Money::parse_decimal`] for a value that cannot be negative (a contract's value, a
    /// threshold): a negative amount is [`Code::OutOfRange`] from 0 to the currency's maximum.
    pub fn parse_non_negative(raw: &str, currency: Currency) -> Result<Self, DomainError> {
        let m = Self::parse_decimal(raw, currency)?;
        if m.minor < 0 {
            let major = currency.max_entry_minor() / 10i64.pow(currency.exponent());
            return Err(DomainError::new(
                "amount",
                Code::OutOfRange {
                    min: Some(0),
                    max: Some(major),
                },
            ));
        }
        Ok(m)
    }

    /// Whether this amount needs a second confirmation: its size (either sign) is above
    /// `threshold_minor` in its currency (`None`: never).
    pub fn is_large(&self, threshold_minor: Option<i64>) -> bool {
        threshold_minor.is_some_and(|t| self.minor.unsigned_abs() > t.unsigned_abs())
    }

    /// Formats as a plain decimal, e.g. `-12.50`.
    pub fn to_decimal(&self) -> String {
        let exp = self.currency.exponent();
        if exp == 0 {
            return self.minor.to_string();
        }
        let scale = 10i64.pow(exp);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        format!(
            "{sign}{}.{:0width$}",
            abs / scale as u64,
            abs % scale as u64,
            width = exp as usize
        )
    }
}

/// The exact sum of minor-unit amounts; `None` when it does not fit (never a wrap).
pub fn checked_sum(amounts: impl IntoIterator<Item = i64>) -> Option<i64> {
    amounts.into_iter().try_fold(0i64, i64::checked_add)
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.to_decimal(), self.currency.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur() -> Currency {
        Currency::parse("eur").unwrap_or(Currency(*b"EUR"))
    }

    #[test]
    fn parses_decimals() {
        assert_eq!(
            Money::parse_decimal("12.5", eur()).map(|m| m.minor),
            Ok(1250)
        );
        assert_eq!(
            Money::parse_decimal("-0.07", eur()).map(|m| m.minor),
            Ok(-7)
        );
        assert!(Money::parse_decimal("1.234", eur()).is_err());
        assert!(Money::parse_decimal("1,5", eur()).is_err());
        assert!(Money::parse_decimal("", eur()).is_err());
        let jpy = Currency::parse("JPY").unwrap_or(Currency(*b"JPY"));
        assert!(Money::parse_decimal("1.5", jpy).is_err());
        // One entry is bounded (per currency, in major units).
        assert!(Money::parse_decimal("1000000000.00", eur()).is_ok());
        assert!(Money::parse_decimal("-1000000000", jpy).is_ok());
        for big in [
            "1000000000.01",
            "-92233720368547758.07",
            "92233720368547758.07",
        ] {
            assert_eq!(
                Money::parse_decimal(big, eur()).map_err(|e| e.code),
                Err(Code::OutOfRange {
                    min: Some(-MAX_ENTRY_MAJOR),
                    max: Some(MAX_ENTRY_MAJOR)
                }),
                "{big}"
            );
        }
        assert_eq!(checked_sum([i64::MAX, 1]), None);
        assert_eq!(checked_sum([5, -7]), Some(-2));
    }

    #[test]
    fn large_amounts_per_currency() {
        let set: BTreeMap<String, String> = [("*", "1000.00"), ("jpy", "150000")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let cur = |c: &str| Currency::parse(c).unwrap_or(Currency(*b"XXX"));
        let minor = |c: &str| large_amount(&set, cur(c)).map(|m| m.map(|m| m.minor));
        assert_eq!(minor("EUR"), Ok(Some(100_000)));
        assert_eq!(minor("JPY"), Ok(Some(150_000)));
        assert_eq!(minor("KWD"), Ok(Some(1_000_000)));
        assert_eq!(large_amount(&BTreeMap::new(), eur()), Ok(None));
        let bad: BTreeMap<String, String> = [("*".to_string(), "-5".to_string())].into();
        assert!(large_amount(&bad, eur()).is_err());
        let m = |minor| Money {
            minor,
            currency: eur(),
        };
        assert!(!m(100_000).is_large(Some(100_000)));
        assert!(m(100_001).is_large(Some(100_000)));
        assert!(m(-100_001).is_large(Some(100_000)));
        assert!(!m(i64::MAX).is_large(None));
        assert_eq!(
            Money::parse_non_negative("-0.01", eur()).map_err(|e| e.code.key()),
            Err("out-of-range")
        );
    }

    proptest! {
        #[test]
        fn decimal_round_trip(minor in -10_000_000_000i64..10_000_000_000) {
            let m = Money { minor, currency: eur() };
            prop_assert_eq!(Money::parse_decimal(&m.to_decimal(), eur()), Ok(m));
        }
    }
}
