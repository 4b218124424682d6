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
        assert_eq!(fixed(f64::INFINITY, 2), "—");
    }
}
