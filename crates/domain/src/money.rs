//! Money as integer minor units plus an ISO 4217 currency; never floats.

use crate::error::{Code, DomainError, Format};
use serde::{Deserialize, Serialize};

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
        Ok(Self {
            minor: if neg { -minor } else { minor },
            currency,
        })
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
    }

    proptest! {
        #[test]
        fn decimal_round_trip(minor in -10_000_000_000i64..10_000_000_000) {
            let m = Money { minor, currency: eur() };
            prop_assert_eq!(Money::parse_decimal(&m.to_decimal(), eur()), Ok(m));
        }
    }
}
