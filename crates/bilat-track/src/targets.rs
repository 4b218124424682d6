//! Targets against their observations: where the indicator started, where it stands, the
//! growth it needs to reach the target by its date and the growth it has shown.
//!
//! * The **observations** of a target are the `value` claims of observations with the same
//!   indicator and dyad whose period has ended by the day. Where sources give different values
//!   for one period, the lowest is used (the conservative reading) and the disagreement is
//!   reported; nothing is averaged away.
//! * **Baseline**: the latest period that ended on or before the day the target was set; the
//!   earliest period when none did. **Latest**: the latest period.
//! * **Growth observed**: the compound annual rate from baseline to latest
//!   `(latest / baseline)^(1 / years) − 1`; when both are the same period, the growth ratio
//!   reported for that period (`<indicator>.growth_ratio`, minus one) if the record has one.
//! * **Growth needed**: `(target / latest)^(1 / years left) − 1`, years left counted from the
//!   end of the latest period to the end of the target's date.
//! * **State**: reached (latest ≥ target); no data; no deadline (the record gives the target
//!   no date: the year it would be reached at the observed rate is given instead); on track
//!   (observed ≥ needed); off track (observed < needed, or the date has passed).

use bilat_model::{Dataset, Day, Dyad, Fact, FuzzyDate, Quantity, Target};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::{claims_on, sources_of};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub value: Decimal,
    pub period: FuzzyDate,
    pub observations: Vec<String>,
    pub sources: Vec<String>,
    /// Other values sources give for the same period (they disagree).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disputed: Vec<Decimal>,
}

impl Point {
    /// "USD 56.6 m (2023)", with the other values sources give for the period, if any:
    /// "… (2023; sources also give USD 60 m)".
    pub fn describe(&self, unit: &bilat_model::Unit) -> String {
        let q = bilat_model::Quantity {
            value: self.value,
            unit: unit.clone(),
        };
        if self.disputed.is_empty() {
            format!("{q} ({})", self.period)
        } else {
            let others: Vec<String> = self.disputed.iter().map(|d| d.to_string()).collect();
            format!(
                "{q} ({}; sources also give {})",
                self.period,
                others.join(", ")
            )
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetState {
    Reached,
    OnTrack,
    OffTrack,
    NoDeadline,
    NoData,
}

impl TargetState {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetState::Reached => "reached",
            TargetState::OnTrack => "on track",
            TargetState::OffTrack => "off track",
            TargetState::NoDeadline => "no deadline",
            TargetState::NoData => "no data",
        }
    }
}

/// How the observed growth was obtained; shown (and serialised) as an English phrase.
#[derive(Clone, Debug, PartialEq)]
pub enum GrowthBasis {
    /// The compound annual rate between the baseline's period and the latest.
    CompoundAnnual { from: String, to: String },
    /// The growth ratio a source reports for the latest period.
    ReportedRatio { period: String },
}

impl std::fmt::Display for GrowthBasis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GrowthBasis::CompoundAnnual { from, to } => {
                write!(f, "compound annual rate {from} to {to}")
            }
            GrowthBasis::ReportedRatio { period } => {
                write!(f, "growth ratio reported for {period}")
            }
        }
    }
}

impl Serialize for GrowthBasis {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Trajectory {
    pub id: String,
    pub title: String,
    pub indicator: String,
    pub target: Quantity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<FuzzyDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_on: Option<FuzzyDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Point>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<Point>,
    /// Share of the target reached by the latest value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth_observed: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth_observed_basis: Option<GrowthBasis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth_needed: Option<f64>,
    /// At the observed rate, the year the target would be reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reached_at_observed_rate: Option<i32>,
    pub state: TargetState,
    pub sources: Vec<String>,
}

fn years_between(a: Day, b: Day) -> f64 {
    (b.ordinal() - a.ordinal()) as f64 / 365.25
}

/// Values of an indicator in a dyad by period, as of a day, oldest first.
pub fn series(data: &Dataset, dyad: &Dyad, indicator: &str, as_of: Day) -> Vec<Point> {
    let mut points: Vec<Point> = Vec::new();
    for o in data
        .observations()
        .filter(|o| o.indicator == indicator && o.dyads.contains(dyad))
    {
        for cl in claims_on(data, &o.claims, as_of) {
            let Fact::Value { value, period } = &cl.fact else {
                continue;
            };
            if period.last_day() > as_of {
                continue;
            }
            match points.iter_mut().find(|p| p.period == *period) {
                Some(p) => {
                    if value.value != p.value {
                        let (low, high) = if value.value < p.value {
                            (value.value, p.value)
                        } else {
                            (p.value, value.value)
                        };
                        p.value = low;
                        if !p.disputed.contains(&high) {
                            p.disputed.push(high);
                        }
                    }
                    let id = o.id.to_string();
                    if !p.observations.contains(&id) {
                        p.observations.push(id);
                    }
                    for s in sources_of([cl]) {
                        if !p.sources.contains(&s) {
                            p.sources.push(s);
                        }
                    }
                }
                None => points.push(Point {
                    value: value.value,
                    period: *period,
                    observations: vec![o.id.to_string()],
                    sources: sources_of([cl]),
                    disputed: Vec::new(),
                }),
            }
        }
    }
    points.sort_by_key(|p| (p.period.last_day(), p.period.first_day()));
    points
}

/// One target's trajectory as of a day.
pub fn trajectory(data: &Dataset, dyad: &Dyad, t: &Target, as_of: Day) -> Option<Trajectory> {
    let held: Vec<_> = claims_on(data, &t.claims, as_of).collect();
    let (target, by, set_on) = held.iter().rev().find_map(|cl| match &cl.fact {
        Fact::TargetValue { value, by, set_on } => Some((value.clone(), *by, *set_on)),
        _ => None,
    })?;
    let points = series(data, dyad, &t.indicator, as_of);
    let baseline = set_on
        .and_then(|s| {
            points
                .iter()
                .rev()
                .find(|p| p.period.last_day() <= s.last_day())
        })
        .or(points.first())
        .cloned();
    let latest = points.last().cloned();
    let f = |d: Decimal| d.to_f64().unwrap_or(f64::NAN);
    let target_value = f(target.value);

    let (mut growth_observed, mut basis) = (None, None);
    if let (Some(b), Some(l)) = (&baseline, &latest) {
        let years = years_between(b.period.last_day(), l.period.last_day());
        if years > 0.0 && f(b.value) > 0.0 {
            growth_observed = Some((f(l.value) / f(b.value)).powf(1.0 / years) - 1.0);
            basis = Some(GrowthBasis::CompoundAnnual {
                from: b.period.to_string(),
                to: l.period.to_string(),
            });
        } else if let Some(ratio) =
            series(data, dyad, &format!("{}.growth_ratio", t.indicator), as_of)
                .iter()
                .find(|p| p.period == l.period)
        {
            growth_observed = Some(f(ratio.value) - 1.0);
            basis = Some(GrowthBasis::ReportedRatio {
                period: l.period.to_string(),
            });
        }
    }
    let growth_needed = match (&latest, by) {
        (Some(l), Some(by)) => {
            let years = years_between(l.period.last_day(), by.last_day());
            (years > 0.0 && f(l.value) > 0.0)
                .then(|| (target_value / f(l.value)).powf(1.0 / years) - 1.0)
        }
        _ => None,
    };
    let reached_at_observed_rate = match (&latest, growth_observed) {
        (Some(l), Some(g)) if g > 0.0 && f(l.value) > 0.0 && f(l.value) < target_value => {
            let years = (target_value / f(l.value)).ln() / (1.0 + g).ln();
            Some(l.period.last_day().year + years.ceil() as i32)
        }
        _ => None,
    };
    let state = match (&latest, by) {
        (None, _) => TargetState::NoData,
        (Some(l), _) if l.value >= target.value => TargetState::Reached,
        (Some(_), None) => TargetState::NoDeadline,
        (Some(_), Some(by)) if by.last_day() < as_of => TargetState::OffTrack,
        (Some(_), Some(_)) => match (growth_observed, growth_needed) {
            (Some(o), Some(n)) if o >= n => TargetState::OnTrack,
            _ => TargetState::OffTrack,
        },
    };
    let mut sources = sources_of(held.iter().copied());
    for p in baseline.iter().chain(latest.iter()) {
        for s in &p.sources {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
    }
    Some(Trajectory {
        id: t.id.to_string(),
        title: t.title.en.clone(),
        indicator: t.indicator.clone(),
        share: latest.as_ref().map(|l| f(l.value) / target_value),
        target,
        by,
        set_on,
        baseline,
        latest,
        growth_observed,
        growth_observed_basis: basis,
        growth_needed,
        reached_at_observed_rate,
        state,
        sources,
    })
}

/// Every target of a dyad, as of a day.
pub fn trajectories(data: &Dataset, dyad: &Dyad, as_of: Day) -> Vec<Trajectory> {
    data.targets()
        .filter(|t| t.dyads.contains(dyad))
        .filter_map(|t| trajectory(data, dyad, t, as_of))
        .collect()
}
