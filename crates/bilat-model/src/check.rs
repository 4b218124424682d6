//! Checks over the whole record: errors (invalid records, dangling references) and conflicts
//! between claims. Conflicts are reported, never resolved: the record keeps both claims.
//!
//! Conflicts found:
//!
//! * **date** — two claims give dates for one event (or signing) that cannot both be true
//!   (their intervals share no day).
//! * **amount** — two claims give amounts for one record that differ by more than 1 % (after
//!   conversion to USD when the currencies differ).
//! * **implausible conversion** — amounts in different currencies that are ten times or more
//!   apart once converted: a currency or unit slip is likely (tenge written for dollars).
//! * **role** — an actor named by an office ("Emir") at a date outside every period the record
//!   gives for that office.
//! * **ratified before signed** — a ratification dated before the agreement's signing.
//!
//! Errors include a commitment's status change without a date, or citing no source dated on
//! or after the change (nothing earlier can attest it).

use std::collections::HashSet;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::Dataset;
use crate::date::FuzzyDate;
use crate::fx;
use crate::money::Money;
use crate::record::*;
use crate::validate::validate;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    Date,
    Amount,
    ImplausibleConversion,
    Role,
    RatifiedBeforeSigned,
}

impl ConflictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::Date => "date",
            ConflictKind::Amount => "amount",
            ConflictKind::ImplausibleConversion => "implausible_conversion",
            ConflictKind::Role => "role",
            ConflictKind::RatifiedBeforeSigned => "ratified_before_signed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub record: RecordId,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub record: RecordId,
    /// The conflict in English ([`Detail::english`]).
    pub message: String,
    /// The same in parts, for texts in other languages (the brief's).
    pub detail: Detail,
    /// The sources behind the conflicting claims.
    pub sources: Vec<RecordId>,
}

/// A value as one claim states it ("2011", "KZT 17.6 bn"), the short names of its sources,
/// and for money in another currency than USD, the USD equivalent and the rate used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stated {
    pub value: String,
    pub sources: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usd: Option<(String, String)>,
}

impl Stated {
    fn new(value: impl ToString, data: &Dataset, claim: &Claim) -> Stated {
        Stated {
            value: value.to_string(),
            sources: short_names(data, claim),
            usd: None,
        }
    }

    /// "KZT 17.6 bn ≈ USD 38.37 m at 458.7 per USD", or the value alone.
    pub fn english(&self) -> String {
        match &self.usd {
            Some((usd, rate)) => format!("{} ≈ USD {usd} at {rate} per USD", self.value),
            None => self.value.clone(),
        }
    }
}

/// The parts of a conflict.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "shape", rename_all = "snake_case")]
pub enum Detail {
    /// Two dates that share no day.
    Dates { a: Stated, b: Stated },
    /// Two amounts more than 1 % apart (after conversion when the currencies differ).
    Amounts { a: Stated, b: Stated },
    /// Amounts in two currencies the rates table cannot convert on the day.
    NoRate { a: String, b: String },
    /// Amounts ten times or more apart once converted; `times` is `None` when one is zero.
    Implausible {
        a: Stated,
        b: Stated,
        times: Option<String>,
    },
    /// An actor named by an office at a date outside the record's periods for that office.
    Role {
        actor: RecordId,
        actor_en: String,
        title: String,
        date: String,
        sources: String,
        periods: Vec<String>,
    },
    RatifiedBeforeSigned {
        party: String,
        date: String,
        sources: String,
        signed: String,
        signed_sources: String,
    },
}

impl Detail {
    pub fn english(&self) -> String {
        match self {
            Detail::Dates { a, b } => format!(
                "{} ({}) and {} ({}) cannot both be right",
                a.value, a.sources, b.value, b.sources
            ),
            Detail::Amounts { a, b } if a.usd.is_none() && b.usd.is_none() => format!(
                "{} ({}) and {} ({}) differ",
                a.value, a.sources, b.value, b.sources
            ),
            Detail::Amounts { a, b } => format!(
                "{} ({}) next to {} ({}) differ",
                a.english(),
                a.sources,
                b.english(),
                b.sources
            ),
            Detail::NoRate { a, b } => {
                format!("{a} and {b} cannot be compared: the rates table has no rate for the date")
            }
            Detail::Implausible { a, b, times } => format!(
                "{} ({}) next to {} ({}): {} apart, a currency or unit slip is likely",
                a.english(),
                a.sources,
                b.english(),
                b.sources,
                times.as_deref().unwrap_or("infinitely")
            ),
            Detail::Role {
                actor_en,
                title,
                date,
                sources,
                periods,
                ..
            } => format!(
                "{actor_en} is named as {title} on {date} ({sources}), but the record gives that office to them only for {}",
                periods.join(", ")
            ),
            Detail::RatifiedBeforeSigned {
                party,
                date,
                sources,
                signed,
                signed_sources,
            } => format!(
                "ratified by {party} on {date} ({sources}), before the signing on {signed} ({signed_sources})"
            ),
        }
    }
}

impl Conflict {
    fn new(kind: ConflictKind, record: &RecordId, detail: Detail, sources: Vec<RecordId>) -> Self {
        Conflict {
            kind,
            record: record.clone(),
            message: detail.english(),
            detail,
            sources,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub records: usize,
    pub claims: usize,
    pub errors: Vec<Problem>,
    pub conflicts: Vec<Conflict>,
}

impl Report {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Validates every record, resolves every reference and looks for conflicts between claims.
pub fn check(data: &Dataset) -> Report {
    let mut report = Report {
        records: data.len(),
        ..Report::default()
    };
    let mut seen = HashSet::new();
    for record in data.iter() {
        report.claims += record.claims().len();
        let id = record.id();
        if !seen.insert(id) {
            report.errors.push(Problem {
                record: id.clone(),
                message: "the id is used by two records".to_owned(),
            });
        }
        for message in validate(record) {
            report.errors.push(Problem {
                record: id.clone(),
                message,
            });
        }
        for target in record.references() {
            if data.get(target).is_none() {
                report.errors.push(Problem {
                    record: id.clone(),
                    message: format!("refers to `{target}`, which is not in the record"),
                });
            }
        }
        check_spans(data, record, &mut report.errors);
        if let Record::Commitment(c) = record {
            check_status_evidence(data, c, &mut report.errors);
        }
        conflicts_of(data, record, &mut report.conflicts);
    }
    report
}

/// A commitment's status change must say when it took effect and cite a source that could
/// attest it: one dated on or after that day (a source from before cannot report it).
fn check_status_evidence(data: &Dataset, c: &Commitment, errors: &mut Vec<Problem>) {
    for claim in &c.claims {
        let Fact::Status { status, date } = &claim.fact else {
            continue;
        };
        let message = match date {
            None => format!(
                "status `{status}` has no date: a status change needs the day it took effect"
            ),
            Some(d) => {
                let attests = claim.evidence.iter().any(|e| match data.get(&e.source) {
                    Some(Record::Source(s)) => {
                        s.date.is_some_and(|sd| sd.last_day() >= d.first_day())
                    }
                    _ => false,
                });
                if attests {
                    continue;
                }
                format!(
                    "status `{status}` from {d} lacks evidence: no cited source is dated on or after that day"
                )
            }
        };
        errors.push(Problem {
            record: c.id.clone(),
            message,
        });
    }
}

fn check_spans(data: &Dataset, record: &Record, errors: &mut Vec<Problem>) {
    for claim in record.claims() {
        for ev in &claim.evidence {
            if let (Locator::Span(_, end), Some(Record::Source(source))) =
                (&ev.locator, data.get(&ev.source))
                && let Some(text) = &source.text
                && *end > text.chars().count()
            {
                errors.push(Problem {
                    record: record.id().clone(),
                    message: format!(
                        "span ends at {end}, past the end of {}'s text ({} characters)",
                        source.id,
                        text.chars().count()
                    ),
                });
            }
        }
    }
}

fn sources_of(claims: &[&Claim]) -> Vec<RecordId> {
    let mut ids: Vec<RecordId> = claims
        .iter()
        .flat_map(|c| c.evidence.iter().map(|e| e.source.clone()))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn short_names(data: &Dataset, claim: &Claim) -> String {
    let names: Vec<String> = claim
        .evidence
        .iter()
        .map(|e| match data.get(&e.source) {
            Some(Record::Source(s)) => s.short.clone(),
            _ => e.source.to_string(),
        })
        .collect();
    names.join("; ")
}

fn conflicts_of(data: &Dataset, record: &Record, out: &mut Vec<Conflict>) {
    let claims = record.claims();
    let id = record.id();
    let dated: Vec<(&Claim, FuzzyDate)> = claims
        .iter()
        .filter_map(|c| match &c.fact {
            Fact::Date { date } | Fact::Signed { date, .. } => Some((c, *date)),
            _ => None,
        })
        .collect();
    for (i, (a, da)) in dated.iter().enumerate() {
        for (b, db) in &dated[i + 1..] {
            if a.fact.name() == b.fact.name() && !da.overlaps(db) {
                out.push(Conflict::new(
                    ConflictKind::Date,
                    id,
                    Detail::Dates {
                        a: Stated::new(da, data, a),
                        b: Stated::new(db, data, b),
                    },
                    sources_of(&[a, b]),
                ));
            }
        }
    }

    let record_date = record.sort_date();
    let amounts: Vec<(&Claim, &Money)> = claims
        .iter()
        .filter_map(|c| match &c.fact {
            Fact::Amount { amount, .. } | Fact::PlannedInvestment { amount } => Some((c, amount)),
            _ => None,
        })
        .collect();
    for (i, (a, ma)) in amounts.iter().enumerate() {
        for (b, mb) in &amounts[i + 1..] {
            if let Some(conflict) = amount_conflict(data, id, record_date, (a, ma), (b, mb)) {
                out.push(conflict);
            }
        }
    }

    if let Record::Event(_) = record {
        for claim in claims {
            if let Fact::Participant {
                actor,
                title: Some(title),
                ..
            } = &claim.fact
                && let Some(date) = record_date
                && let Some(conflict) = role_conflict(data, id, claim, actor, title, date)
            {
                out.push(conflict);
            }
        }
    }

    if let Record::Agreement(_) = record {
        let signed: Vec<(&Claim, FuzzyDate)> = dated
            .iter()
            .filter(|(c, _)| c.fact.name() == "signed")
            .copied()
            .collect();
        for claim in claims {
            if let Fact::Ratified { party, date, .. } = &claim.fact {
                for (s, sdate) in &signed {
                    if date.is_before(sdate) {
                        out.push(Conflict::new(
                            ConflictKind::RatifiedBeforeSigned,
                            id,
                            Detail::RatifiedBeforeSigned {
                                party: party.to_string(),
                                date: date.to_string(),
                                sources: short_names(data, claim),
                                signed: sdate.to_string(),
                                signed_sources: short_names(data, s),
                            },
                            sources_of(&[claim, s]),
                        ));
                    }
                }
            }
        }
    }
}

fn amount_conflict(
    data: &Dataset,
    id: &RecordId,
    record_date: Option<FuzzyDate>,
    (a, ma): (&Claim, &Money),
    (b, mb): (&Claim, &Money),
) -> Option<Conflict> {
    let sources = sources_of(&[a, b]);
    let differs = |x: Decimal, y: Decimal| {
        let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
        lo.is_zero() || hi / lo > Decimal::new(101, 2)
    };
    if ma.currency == mb.currency {
        return differs(ma.amount, mb.amount).then(|| {
            Conflict::new(
                ConflictKind::Amount,
                id,
                Detail::Amounts {
                    a: Stated::new(ma, data, a),
                    b: Stated::new(mb, data, b),
                },
                sources,
            )
        });
    }
    let rates: Vec<&FxRate> = data.fx_rates().collect();
    let (Some(ua), Some(ub)) = (
        fx::to_usd(ma, record_date, rates.iter().copied()),
        fx::to_usd(mb, record_date, rates.iter().copied()),
    ) else {
        return Some(Conflict::new(
            ConflictKind::Amount,
            id,
            Detail::NoRate {
                a: ma.to_string(),
                b: mb.to_string(),
            },
            sources,
        ));
    };
    let (lo, hi) = if ua.usd <= ub.usd {
        (ua.usd, ub.usd)
    } else {
        (ub.usd, ua.usd)
    };
    let stated = |m: &Money, c: &fx::Converted, claim: &Claim| Stated {
        usd: (m.currency.code() != "USD").then(|| {
            (
                crate::money::human_amount(c.usd),
                c.per_usd.normalize().to_string(),
            )
        }),
        ..Stated::new(m, data, claim)
    };
    let (sa, sb) = (stated(ma, &ua, a), stated(mb, &ub, b));
    if lo.is_zero() || hi / lo >= Decimal::TEN {
        let times = (!lo.is_zero()).then(|| format!("{}×", (hi / lo).round()));
        Some(Conflict::new(
            ConflictKind::ImplausibleConversion,
            id,
            Detail::Implausible {
                a: sa,
                b: sb,
                times,
            },
            sources,
        ))
    } else if differs(lo, hi) {
        Some(Conflict::new(
            ConflictKind::Amount,
            id,
            Detail::Amounts { a: sa, b: sb },
            sources,
        ))
    } else {
        None
    }
}

fn normalise_title(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether an office named in an event ("Emir") is the office of a role ("Emir of Qatar").
fn same_office(named: &str, role: &str) -> bool {
    let (named, role) = (normalise_title(named), normalise_title(role));
    named == role
        || role.starts_with(&format!("{named} "))
        || named.starts_with(&format!("{role} "))
}

fn role_conflict(
    data: &Dataset,
    id: &RecordId,
    claim: &Claim,
    actor: &RecordId,
    title: &str,
    date: FuzzyDate,
) -> Option<Conflict> {
    let Some(Record::Actor(a)) = data.get(actor) else {
        return None;
    };
    let spells: Vec<(&Claim, Option<FuzzyDate>, Option<FuzzyDate>)> = a
        .claims
        .iter()
        .filter_map(|c| match &c.fact {
            Fact::Role {
                title: role,
                from,
                to,
                ..
            } if same_office(title, role) => Some((c, *from, *to)),
            _ => None,
        })
        .collect();
    if spells.is_empty() {
        return None;
    }
    let holds = |from: &Option<FuzzyDate>, to: &Option<FuzzyDate>| {
        from.is_none_or(|f| !date.is_before(&f)) && to.is_none_or(|t| !t.is_before(&date))
    };
    if spells.iter().any(|(_, from, to)| holds(from, to)) {
        return None;
    }
    let periods: Vec<String> = spells
        .iter()
        .map(|(_, f, t)| {
            format!(
                "{}–{}",
                f.map(|d| d.to_string()).unwrap_or_default(),
                t.map(|d| d.to_string()).unwrap_or_default()
            )
        })
        .collect();
    let mut involved: Vec<&Claim> = vec![claim];
    involved.extend(spells.iter().map(|(c, _, _)| *c));
    Some(Conflict::new(
        ConflictKind::Role,
        id,
        Detail::Role {
            actor: actor.clone(),
            actor_en: a.names.en.clone(),
            title: title.to_string(),
            date: date.to_string(),
            sources: short_names(data, claim),
            periods,
        },
        sources_of(&involved),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status_date: Option<&str>, source_date: &str) -> Dataset {
        let source: Record = serde_json::from_str(&format!(
            r#"{{"kind":"source","id":"src:a","short":"A","source_kind":"news","title":"A test source","date":"{source_date}","language":"en"}}"#
        ))
        .unwrap();
        let date = status_date.map_or(String::new(), |d| format!(r#","date":"{d}""#));
        let c: Record = serde_json::from_str(&format!(
            r#"{{"kind":"commitment","id":"cm:x","title":{{"en":"X"}},"dyads":["KZ-QA"],"domains":["political_diplomatic"],"claims":[{{"fact":"status","status":"implementation"{date},"evidence":[{{"source":"src:a","locator":"whole"}}]}}]}}"#
        ))
        .unwrap();
        Dataset::new(vec![source, c])
    }

    #[test]
    fn status_changes_need_attesting_evidence() {
        let messages = |d: &Dataset| -> Vec<String> {
            check(d).errors.into_iter().map(|e| e.message).collect()
        };
        assert!(messages(&record(Some("2024-03-01"), "2024-03-05")).is_empty());
        // A source of the same month as the change can attest it (its last day is after).
        assert!(messages(&record(Some("2024-03-10"), "2024-03")).is_empty());
        let early = messages(&record(Some("2024-03-10"), "2024-02-20"));
        assert_eq!(early.len(), 1);
        assert!(early[0].contains("lacks evidence"), "{early:?}");
        let undated = messages(&record(None, "2024-02-20"));
        assert!(undated[0].contains("has no date"), "{undated:?}");
    }

    #[test]
    fn offices_match_by_leading_words() {
        assert!(same_office("Emir", "Emir of Qatar"));
        assert!(same_office("emir of  Qatar", "Emir of Qatar"));
        assert!(!same_office("Emir", "Heir Apparent"));
        assert!(!same_office("Minister", "Prime Minister"));
        assert!(same_office("President", "President of Kazakhstan"));
    }
}
