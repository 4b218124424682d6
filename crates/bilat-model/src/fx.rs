//! Conversion of money to US dollars with a rates table whose rows have sources.
//!
//! A rate is an [`FxRate`] record: for one currency, claims of "N units per USD, averaged over
//! a period", each with evidence. Conversion picks the rate whose period contains the date the
//! amount refers to, preferring the narrowest period; it never guesses a rate for a date the
//! table does not cover.

use rust_decimal::Decimal;

use crate::date::FuzzyDate;
use crate::money::Money;
use crate::record::{Evidence, Fact, FxRate};

/// A conversion and what it rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    pub usd: Decimal,
    /// Units of the original currency per USD; 1 for USD itself.
    pub per_usd: Decimal,
    pub period: Option<FuzzyDate>,
    pub evidence: Vec<Evidence>,
}

/// Converts `money` to USD at the date it refers to (`money.date`, else `fallback`).
/// `None` when no rate in `rates` covers that date.
pub fn to_usd<'a>(
    money: &Money,
    fallback: Option<FuzzyDate>,
    rates: impl IntoIterator<Item = &'a FxRate>,
) -> Option<Converted> {
    if money.currency.code() == "USD" {
        return Some(Converted {
            usd: money.amount,
            per_usd: Decimal::ONE,
            period: None,
            evidence: Vec::new(),
        });
    }
    let date = money.date.or(fallback)?;
    let span = |d: &FuzzyDate| d.last_day().ordinal() - d.first_day().ordinal();
    rates
        .into_iter()
        .filter(|r| r.currency == money.currency)
        .flat_map(|r| r.claims.iter())
        .filter_map(|c| match &c.fact {
            Fact::Rate { per_usd, period }
                if period.overlaps(&date) && *per_usd > Decimal::ZERO =>
            {
                Some((c, *per_usd, *period))
            }
            _ => None,
        })
        .min_by_key(|(_, _, period)| span(period))
        .and_then(|(claim, per_usd, period)| {
            Some(Converted {
                usd: money.amount.checked_div(per_usd)?,
                per_usd,
                period: Some(period),
                evidence: claim.evidence.clone(),
            })
        })
}
