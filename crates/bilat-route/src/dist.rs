//! Durations that sources give as ranges: a fixed value, a uniform range or a triangular
//! distribution, and the quantiles of a sum of independent ones.
//!
//! Written in the network files as `4.2` (fixed), `2-48` (uniform between 2 and 48) or
//! `0.5-24-120` (triangular: minimum, most likely, maximum).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Dist {
    Fixed { value: f64 },
    Uniform { min: f64, max: f64 },
    Triangular { min: f64, mode: f64, max: f64 },
}

impl Dist {
    pub fn fixed(value: f64) -> Dist {
        Dist::Fixed { value }
    }

    /// Parses `v`, `a-b` or `a-b-c`; values must be finite, non-negative and ordered.
    pub fn parse(text: &str) -> Result<Dist, String> {
        let parts: Vec<&str> = text.trim().split('-').map(str::trim).collect();
        let mut values = Vec::with_capacity(parts.len());
        for p in &parts {
            let v: f64 = p.parse().map_err(|_| {
                format!("expected a number or a range like 2-48 or 1-6-24, found {text:?}")
            })?;
            if !v.is_finite() || v < 0.0 {
                return Err(format!("expected a non-negative number, found {text:?}"));
            }
            values.push(v);
        }
        let ordered = values.windows(2).all(|w| w[0] <= w[1]);
        match values[..] {
            [v] => Ok(Dist::Fixed { value: v }),
            [a, b] if ordered && a < b => Ok(Dist::Uniform { min: a, max: b }),
            [a, m, b] if ordered && a < b => Ok(Dist::Triangular {
                min: a,
                mode: m,
                max: b,
            }),
            _ => Err(format!(
                "expected a range min-max or min-likely-max in increasing order, found {text:?}"
            )),
        }
    }

    pub fn min(&self) -> f64 {
        match *self {
            Dist::Fixed { value } => value,
            Dist::Uniform { min, .. } | Dist::Triangular { min, .. } => min,
        }
    }

    pub fn max(&self) -> f64 {
        match *self {
            Dist::Fixed { value } => value,
            Dist::Uniform { max, .. } | Dist::Triangular { max, .. } => max,
        }
    }

    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Fixed { value } => value,
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
        }
    }

    /// Every value multiplied by `f` (> 0).
    pub fn scale(&self, f: f64) -> Dist {
        match *self {
            Dist::Fixed { value } => Dist::Fixed { value: value * f },
            Dist::Uniform { min, max } => Dist::Uniform {
                min: min * f,
                max: max * f,
            },
            Dist::Triangular { min, mode, max } => Dist::Triangular {
                min: min * f,
                mode: mode * f,
                max: max * f,
            },
        }
    }

    /// The time to cover `km` at this speed (km/h): the range of `km / speed`, with the
    /// same shape (an approximation: the reciprocal of a uniform speed is not uniform).
    pub fn time_at_speed(&self, km: f64) -> Dist {
        match *self {
            Dist::Fixed { value } => Dist::Fixed { value: km / value },
            Dist::Uniform { min, max } => Dist::Uniform {
                min: km / max,
                max: km / min,
            },
            Dist::Triangular { min, mode, max } => Dist::Triangular {
                min: km / max,
                mode: km / mode,
                max: km / min,
            },
        }
    }

    /// The cumulative distribution function.
    pub fn cdf(&self, x: f64) -> f64 {
        match *self {
            Dist::Fixed { value } => f64::from(u8::from(x >= value)),
            Dist::Uniform { min, max } => ((x - min) / (max - min)).clamp(0.0, 1.0),
            Dist::Triangular { min, mode, max } => {
                if x <= min {
                    0.0
                } else if x >= max {
                    1.0
                } else if x <= mode {
                    (x - min).powi(2) / ((max - min) * (mode - min))
                } else {
                    1.0 - (max - x).powi(2) / ((max - min) * (max - mode))
                }
            }
        }
    }
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Dist::Fixed { value } => write!(f, "{value}"),
            Dist::Uniform { min, max } => write!(f, "{min}-{max}"),
            Dist::Triangular { min, mode, max } => write!(f, "{min}-{mode}-{max}"),
        }
    }
}

/// Bins of the discretised sum: enough that the quantiles are within 1/2000 of the total
/// spread of the ranges.
const BINS: f64 = 2000.0;

/// Quantiles `qs` (each in 0..=1) of the sum of independent `parts`, by convolving their
/// distributions discretised on one grid.
pub fn sum_quantiles(parts: &[Dist], qs: &[f64]) -> Vec<f64> {
    let offset: f64 = parts.iter().map(Dist::min).sum();
    let spread: f64 = parts.iter().map(|d| d.max() - d.min()).sum();
    if spread <= 0.0 {
        return vec![offset; qs.len()];
    }
    let h = spread / BINS;
    // pmf[k] is the mass at offset + (k + ranged/2) * h, each ranged part adding a bin centre.
    let mut pmf = vec![1.0];
    let mut ranged = 0usize;
    for d in parts.iter().filter(|d| d.max() > d.min()) {
        ranged += 1;
        let n = ((d.max() - d.min()) / h).ceil().max(1.0) as usize;
        let part: Vec<f64> = (0..n)
            .map(|i| {
                let lo = d.min() + i as f64 * h;
                d.cdf(lo + h) - d.cdf(lo)
            })
            .collect();
        let mut next = vec![0.0; pmf.len() + part.len() - 1];
        for (i, a) in pmf.iter().enumerate() {
            if *a == 0.0 {
                continue;
            }
            for (j, b) in part.iter().enumerate() {
                next[i + j] += a * b;
            }
        }
        pmf = next;
    }
    let centre = |k: usize| offset + (k as f64 + ranged as f64 / 2.0) * h;
    qs.iter()
        .map(|&q| {
            let mut cum = 0.0;
            for (k, p) in pmf.iter().enumerate() {
                let before = cum;
                cum += p;
                if cum >= q - 1e-12 {
                    // Interpolate within the bin for a smooth reading.
                    let frac = if *p > 0.0 {
                        ((q - before) / p).clamp(0.0, 1.0)
                    } else {
                        0.5
                    };
                    return centre(k) - h / 2.0 + frac * h;
                }
            }
            centre(pmf.len() - 1)
        })
        .collect()
}
