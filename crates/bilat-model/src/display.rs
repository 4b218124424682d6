//! Figures as text, the same in every output (the command line and the brief): a growth rate
//! signed to a tenth of a percent, an index to fixed digits, and a dash where there is no
//! finite value.

/// `Some(0.5)` → "+50.0%"; `None` or a value that is not finite → "—".
pub fn signed_percent(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite())
        .map_or("—".to_string(), |v| format!("{:+.1}%", v * 100.0))
}

/// `x` to `digits` decimals, or "—" when it is not finite.
pub fn fixed(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{x:.digits$}")
    } else {
        "—".to_string()
    }
}

/// An amount of US dollars in millions to a tenth: "USD 350.0M" (the projects pipeline's
/// totals on the command line and in the observatory).
pub fn usd_millions(x: rust_decimal::Decimal) -> String {
    use rust_decimal::prelude::ToPrimitive;
    format!("USD {:.1}M", x.to_f64().unwrap_or(0.0) / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_dashes() {
        assert_eq!(signed_percent(Some(0.5)), "+50.0%");
        assert_eq!(signed_percent(Some(-0.0123)), "-1.2%");
        assert_eq!(signed_percent(Some(f64::NAN)), "—");
        assert_eq!(signed_percent(None), "—");
        assert_eq!(fixed(1.23456, 2), "1.23");
        assert_eq!(
            usd_millions(rust_decimal::Decimal::new(350_000_000, 0)),
            "USD 350.0M"
        );
        assert_eq!(fixed(f64::INFINITY, 2), "—");
    }
}
