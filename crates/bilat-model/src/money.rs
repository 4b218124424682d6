//! Money and other measured quantities.
//!
//! Money is never a bare float of "dollars": it is an exact decimal amount, an ISO 4217 currency
//! and, where the source gives it, the date the amount refers to (needed to convert it).
//! Conversion to USD lives in [`crate::fx`] and uses rate records that carry their own sources.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::FuzzyDate;
use crate::iso_tables::CURRENCIES;

/// An ISO 4217 alphabetic currency code, checked against the standard's list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("expected an ISO 4217 currency code such as USD, KZT or QAR, found `{0}`")]
    Currency(String),
    #[error(
        "expected an amount such as `USD 2.5 bn` or `17.6 billion KZT`, found `{found}`: {reason}"
    )]
    Amount { found: String, reason: &'static str },
}

impl Currency {
    pub fn new(code: &str) -> Result<Currency, MoneyError> {
        if CURRENCIES.binary_search(&code).is_ok() {
            Ok(Currency(code.to_owned()))
        } else {
            Err(MoneyError::Currency(code.chars().take(20).collect()))
        }
    }

    pub fn usd() -> Currency {
        Currency("USD".to_owned())
    }

    pub fn code(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Currency::new(&code).map_err(serde::de::Error::custom)
    }
}

/// An amount of money in one currency, optionally dated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    pub amount: Decimal,
    pub currency: Currency,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<FuzzyDate>,
}

impl Money {
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money {
            amount,
            currency,
            date: None,
        }
    }

    /// Parses `USD 2.5 bn`, `2.5 billion USD`, `KZT 17,600,000,000`, `15 million USD`.
    /// Scale words: thousand (k), million (m, mn, mln), billion (b, bn, bln), trillion (tn).
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let found: String = text.trim().chars().take(60).collect();
        let err = |reason| MoneyError::Amount {
            found: found.clone(),
            reason,
        };
        let words: Vec<&str> = text.split_whitespace().collect();
        let (currency, rest) = match (words.first(), words.last()) {
            (Some(first), _) if is_code(first) => (*first, &words[1..]),
            (_, Some(last)) if is_code(last) => (*last, &words[..words.len() - 1]),
            _ => {
                return Err(err(
                    "no three-letter currency code before or after the number",
                ));
            }
        };
        let currency = Currency::new(currency)?;
        let (scale, number_words) = match rest.last().and_then(|w| scale_of(w)) {
            Some(scale) => (scale, &rest[..rest.len() - 1]),
            None => (Decimal::ONE, rest),
        };
        let number: String = number_words
            .concat()
            .chars()
            .filter(|c| *c != ',' && *c != '_')
            .collect();
        if number.is_empty() {
            return Err(err("no number"));
        }
        if !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') || number.starts_with('.') {
            return Err(err(
                "the number may hold only digits, one decimal point and thousands separators",
            ));
        }
        let value: Decimal = number
            .parse()
            .map_err(|_| err("the number is malformed or too large"))?;
        let amount = value
            .checked_mul(scale)
            .ok_or_else(|| err("the amount is too large"))?;
        Ok(Money::new(amount, currency))
    }
}

fn is_code(word: &str) -> bool {
    word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase())
}

fn scale_of(word: &str) -> Option<Decimal> {
    let power = match word.to_ascii_lowercase().trim_end_matches('.') {
        "k" | "thousand" => 3,
        "m" | "mn" | "mln" | "million" => 6,
        "b" | "bn" | "bln" | "billion" => 9,
        "tn" | "trillion" => 12,
        _ => return None,
    };
    Some(Decimal::from(10_i64.pow(power)))
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, human_amount(self.amount))
    }
}

/// `2500000000` → `2.5 bn`; `350000000` → `350 m`; small amounts as they are.
pub fn human_amount(amount: Decimal) -> String {
    let abs = amount.abs();
    let (div, word) = if abs >= Decimal::from(1_000_000_000_i64) {
        (Decimal::from(1_000_000_000_i64), " bn")
    } else if abs >= Decimal::from(1_000_000_i64) {
        (Decimal::from(1_000_000_i64), " m")
    } else {
        (Decimal::ONE, "")
    };
    let scaled = (amount / div).round_dp(2).normalize();
    format!("{scaled}{word}")
}

/// The unit of a [`Quantity`]: a currency, or a plain count, percent or ratio.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Currency(Currency),
    Count,
    Percent,
    Ratio,
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Currency(c) => write!(f, "{c}"),
            Unit::Count => f.write_str("count"),
            Unit::Percent => f.write_str("percent"),
            Unit::Ratio => f.write_str("ratio"),
        }
    }
}

impl std::str::FromStr for Unit {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Unit, MoneyError> {
        match s {
            "count" => Ok(Unit::Count),
            "percent" => Ok(Unit::Percent),
            "ratio" => Ok(Unit::Ratio),
            code => Currency::new(code).map(Unit::Currency),
        }
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A measured value: trade turnover in USD, a number of product categories, a growth ratio.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: Unit,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.unit {
            Unit::Currency(c) => write!(f, "{c} {}", human_amount(self.value)),
            Unit::Count => write!(f, "{}", self.value.normalize()),
            Unit::Percent => write!(f, "{}%", self.value.normalize()),
            Unit::Ratio => write!(f, "×{}", self.value.normalize()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> String {
        let m = Money::parse(text).unwrap();
        format!("{} {}", m.currency, m.amount.normalize())
    }

    #[test]
    fn parses_scale_words_both_orders() {
        assert_eq!(amount("USD 2.5 bn"), "USD 2500000000");
        assert_eq!(amount("17.6 billion KZT"), "KZT 17600000000");
        assert_eq!(amount("USD 350 million"), "USD 350000000");
        assert_eq!(amount("QAR 15,000,000"), "QAR 15000000");
        assert_eq!(amount("USD 6 840 000"), "USD 6840000");
    }

    #[test]
    fn refuses_unknown_currencies_and_garbage() {
        assert!(matches!(
            Money::parse("XYZ 5"),
            Err(MoneyError::Currency(_))
        ));
        assert!(matches!(
            Money::parse("USD"),
            Err(MoneyError::Amount { .. })
        ));
        assert!(matches!(
            Money::parse("USD 1.2.3"),
            Err(MoneyError::Amount { .. })
        ));
        assert!(matches!(
            Money::parse("5 dollars"),
            Err(MoneyError::Amount { .. })
        ));
        assert!(matches!(
            Money::parse("USD 99999999999999999999999999999999 bn"),
            Err(MoneyError::Amount { .. })
        ));
    }

    #[test]
    fn human_amounts_are_short() {
        assert_eq!(human_amount(Decimal::from(2_500_000_000_i64)), "2.5 bn");
        assert_eq!(human_amount(Decimal::from(350_000_000)), "350 m");
        assert_eq!(human_amount(Decimal::from(900)), "900");
    }
}
