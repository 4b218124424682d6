//! Monitoring of the relationship's commitments, projects and targets.
//!
//! Everything here is computed from the record **as of a given day**, never from the wall
//! clock: a claim counts from the day the record could know it ([`known_on`]), and a status
//! counts from the day it took effect. Running the same analysis with the same `as_of` on the
//! same record gives the same answer.
//!
//! * [`commitments`]: four separate axes per commitment (lifecycle, delivery confidence with
//!   the rule that set it, compliance score per party, final verdict);
//! * [`targets`]: baseline, latest observation, growth needed and growth observed;
//! * [`projects`]: the investment pipeline with totals that leave out what must not be added;
//! * [`roadmap`]: an agreement's goals, objectives and milestones in order (Markdown, CSV, ICS);
//! * [`progress`]: what changed since a day (Markdown, JSON, Atom).

pub mod commitments;
pub mod progress;
pub mod projects;
pub mod roadmap;
pub mod targets;
mod text;

use bilat_model::{Claim, Dataset, Day, Fact, FuzzyDate, Record};

/// The day from which the record knows a claim: the last day of the earliest dated source
/// that states it (a source dated "2025" is known by the end of 2025); without dated sources,
/// the last day of the date the fact itself gives; `None` (always known) when neither exists.
pub fn known_on(data: &Dataset, claim: &Claim) -> Option<Day> {
    let sources = claim
        .evidence
        .iter()
        .filter_map(|e| match data.get(&e.source) {
            Some(Record::Source(s)) => s.date.map(|d| d.last_day()),
            _ => None,
        })
        .min();
    sources.or_else(|| fact_date(&claim.fact).map(|d| d.last_day()))
}

/// The date a fact is about, where it has one (a status's date, a value's period).
pub fn fact_date(fact: &Fact) -> Option<FuzzyDate> {
    match fact {
        Fact::Date { date }
        | Fact::Signed { date, .. }
        | Fact::Ratified { date, .. }
        | Fact::InForce { date }
        | Fact::Span { date } => Some(*date),
        Fact::Status { date, .. } => *date,
        Fact::Value { period, .. }
        | Fact::Compliance { period, .. }
        | Fact::Rate { period, .. } => Some(*period),
        Fact::TargetValue { set_on, .. } => *set_on,
        _ => None,
    }
}

/// Whether the record held `claim` on `as_of`: known by then, and (for a fact about a date)
/// about a date that has begun. A deadline is known before it falls.
pub fn holds_on(data: &Dataset, claim: &Claim, as_of: Day) -> bool {
    let known = known_on(data, claim).is_none_or(|d| d <= as_of);
    known && begun(&claim.fact, as_of)
}

/// Whether a fact is about a date that has begun by `day` (or about none). A deadline is
/// known before it falls; a target from the day it was set (always, if that day is unknown).
fn begun(fact: &Fact, day: Day) -> bool {
    match fact {
        Fact::Deadline { .. } | Fact::TargetValue { set_on: None, .. } => true,
        f => fact_date(f).is_none_or(|d| d.first_day() <= day),
    }
}

/// What a view of the record as of a past day may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hindsight {
    /// Everything the record knows now about what had happened by then.
    Now,
    /// Only what its sources had reported by then ([`holds_on`]); later sources left out.
    Then,
}

/// The record as it stood on `day`: claims about dates that had begun by then (deadlines and
/// targets kept), and with [`Hindsight::Then`] only those known by then. Events without a
/// date left, and agreements, projects, commitments, targets and observations left with no
/// claim, are left out. Countries, actors, periods, rates and sources stay (with
/// [`Hindsight::Then`], sources dated after `day` go).
pub fn as_stood_on(data: &Dataset, day: Day, hindsight: Hindsight) -> Dataset {
    let records = data
        .iter()
        .filter_map(|r| {
            if let Record::Source(s) = r {
                let known =
                    hindsight == Hindsight::Now || s.date.is_none_or(|d| d.first_day() <= day);
                return known.then(|| r.clone());
            }
            // An undated claim (a participant, an amount) holds once its record's earliest
            // date has begun (a commitment without one: its agreement's), or once a source
            // had reported it.
            let earliest = |r: &Record| {
                r.claims()
                    .iter()
                    .filter(|c| !matches!(c.fact, Fact::Deadline { .. }))
                    .filter_map(|c| fact_date(&c.fact))
                    .map(|d| d.first_day())
                    .min()
            };
            let anchor = earliest(r).or_else(|| match r {
                Record::Commitment(c) => c
                    .agreement
                    .as_ref()
                    .and_then(|a| data.get(a))
                    .and_then(earliest),
                _ => None,
            });
            let holds = |c: &Claim| match hindsight {
                Hindsight::Then => holds_on(data, c, day),
                Hindsight::Now if fact_date(&c.fact).is_some() => begun(&c.fact, day),
                Hindsight::Now => {
                    anchor.is_some_and(|a| a <= day) || known_on(data, c).is_none_or(|k| k <= day)
                }
            };
            let mut r = r.clone();
            if let Some(claims) = r.claims_mut() {
                claims.retain(|c| holds(c));
            }
            let keep = match &r {
                Record::Event(e) => e.claims.iter().any(|c| matches!(c.fact, Fact::Date { .. })),
                Record::Agreement(_)
                | Record::Project(_)
                | Record::Commitment(_)
                | Record::Target(_)
                | Record::Observation(_) => !r.claims().is_empty(),
                _ => true,
            };
            keep.then_some(r)
        })
        .collect();
    Dataset::new(records)
}

/// The claims of a record that hold on `as_of`.
pub fn claims_on<'a>(
    data: &'a Dataset,
    claims: &'a [Claim],
    as_of: Day,
) -> impl Iterator<Item = &'a Claim> + 'a {
    claims.iter().filter(move |c| holds_on(data, c, as_of))
}

/// The latest status among `claims` that holds on `as_of`, with its date: the one with the
/// latest date; among undated ones, the last listed (undated statuses come before dated ones).
pub fn status_on<'a>(
    data: &'a Dataset,
    claims: &'a [Claim],
    as_of: Day,
) -> Option<(&'a str, Option<FuzzyDate>, &'a Claim)> {
    claims_on(data, claims, as_of)
        .enumerate()
        .filter_map(|(i, c)| match &c.fact {
            Fact::Status { status, date } => Some((i, status.as_str(), *date, c)),
            _ => None,
        })
        .max_by_key(|(i, _, date, _)| (date.map(|d| d.first_day()), *i))
        .map(|(_, s, d, c)| (s, d, c))
}

/// The ids of the sources cited by `claims`, each once, in order of first citation.
pub fn sources_of<'a>(claims: impl IntoIterator<Item = &'a Claim>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in claims {
        for e in &c.evidence {
            let id = e.source.to_string();
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// The display names of record ids, in order (an id the record lacks is shown as it is).
pub(crate) fn names_of(data: &Dataset, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|i| data.name_of(&bilat_model::RecordId::new(i.clone())))
        .collect()
}

/// The short names of source ids, in order.
pub(crate) fn source_names(data: &Dataset, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|i| data.source_short(&bilat_model::RecordId::new(i.clone())))
        .collect()
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Day, b: Day) -> i64 {
    b.ordinal() - a.ordinal()
}
