//! From a reviewed candidate to the record: a new event, or new evidence for an event the
//! record already holds (a repeated report of the same event is never a second event), or an
//! observation for a figure the text reports.

use bilat_model::Dataset;
use bilat_model::date::FuzzyDate;
use bilat_model::money::{Quantity, Unit};
use bilat_model::ontology::{EventType, ParticipantRole};
use bilat_model::record::{
    Claim, Dyad, Event, Evidence, Fact, Locator, Names, Observation, RecordId, quote_hash,
};

use crate::codebook::Modality;
use crate::coder::{Candidate, ObservationCandidate};

/// The evidence of a candidate: the sentence that states it, as a character span of the source.
pub fn evidence(c: &Candidate, source: &RecordId) -> Evidence {
    Evidence {
        source: source.clone(),
        locator: Locator::Span(c.text_info.start, c.text_info.end),
        quote_hash: Some(quote_hash(&c.text_info.sentence)),
    }
}

/// The claims a candidate makes, each with the candidate's sentence as evidence. Parties the
/// record does not hold are named by their country.
pub fn claims(c: &Candidate, source: &RecordId, data: &Dataset) -> Vec<Claim> {
    let ev = evidence(c, source);
    let claim = |fact: Fact, note: Option<String>| Claim {
        fact,
        evidence: vec![ev.clone()],
        note,
    };
    let mut out = Vec::new();
    if let Some(d) = &c.date {
        let note = match &*d.basis {
            "publication" => {
                Some("the source gives no date; this is its publication date".to_string())
            }
            "context" => Some(format!("date taken from an earlier sentence ({})", d.text)),
            "relative" => Some(format!(
                "\"{}\" resolved against the publication date",
                d.text
            )),
            _ => None,
        };
        out.push(claim(Fact::Date { date: d.value }, note));
    }
    let mut seen: Vec<String> = Vec::new();
    for (parties, role) in [
        (&c.actor, ParticipantRole::Actor),
        (&c.recipient, ParticipantRole::Recipient),
    ] {
        for p in parties {
            let known = |i: &&str| data.get(&RecordId::new(*i)).is_some();
            let id =
                p.id.as_deref()
                    .filter(known)
                    .or_else(|| p.country.as_deref().filter(known))
                    .map(str::to_string);
            let Some(id) = id else { continue };
            if seen.contains(&id) {
                continue;
            }
            seen.push(id.clone());
            out.push(claim(
                Fact::Participant {
                    actor: RecordId::new(id),
                    role,
                    title: None,
                },
                Some(format!("named as \"{}\"", p.text)),
            ));
        }
    }
    if let Some(a) = &c.amount {
        out.push(claim(
            Fact::Amount {
                amount: a.money.clone(),
                stage: None,
            },
            Some(format!("stated as \"{}\"", a.text)),
        ));
    }
    if let Some(p) = &c.place {
        out.push(claim(Fact::Place { place: p.clone() }, None));
    }
    out
}

/// A new event record from a candidate. Plans, proposals and hypotheticals become `proposal`
/// events (the planned type is kept in the title); negated candidates are refused.
pub fn to_event(
    c: &Candidate,
    id: RecordId,
    source: &RecordId,
    fallback: &Dyad,
    data: &Dataset,
) -> Result<Event, String> {
    if c.modality == Modality::Negated {
        return Err("the candidate is negated (postponed, cancelled or denied): reject it, or edit its modality first".into());
    }
    let (a, r) = c.countries();
    let dyad = match (a, r) {
        (Some(a), Some(r)) if a != r => {
            Dyad::new(a, r).map_err(|e| format!("the parties' countries: {e}"))?
        }
        _ => fallback.clone(),
    };
    let (x, y) = dyad.countries();
    let countries: Vec<RecordId> = [a, r]
        .into_iter()
        .flatten()
        .filter(|k| *k != x && *k != y && data.get(&RecordId::new(*k)).is_some())
        .map(RecordId::new)
        .collect();
    let name = |k: Option<&str>| k.map(|k| bilat_model::country_name(k).unwrap_or(k).to_string());
    let who = match (name(a), name(r)) {
        (Some(a), Some(r)) => format!("{a} → {r}"),
        (Some(a), None) | (None, Some(a)) => a,
        _ => String::new(),
    };
    let (event_type, title) = if c.modality == Modality::Asserted {
        (c.event_type, format!("{}: {who}", c.event_type.label()))
    } else {
        (
            EventType::Proposal,
            format!("{} ({}): {who}", c.event_type.label(), c.modality.as_str()),
        )
    };
    Ok(Event {
        id,
        event_type,
        title: Names::en(title),
        dyads: vec![dyad],
        countries,
        domains: c.domains.clone(),
        sectors: c.sectors.clone(),
        claims: claims(c, source, data),
    })
}

/// A stable id for the event a candidate becomes: `ev:` date, type and the candidate's number.
pub fn event_id(c: &Candidate, candidate: i64) -> RecordId {
    let date = c
        .date
        .as_ref()
        .map_or("undated".to_string(), |d| d.value.first_day().to_string());
    RecordId::new(format!(
        "ev:{date}-{}-c{candidate}",
        c.event_type.as_str().replace('_', "-")
    ))
}

fn family(t: EventType) -> u8 {
    match t {
        EventType::StateVisit | EventType::OfficialVisit | EventType::WorkingVisit => 1,
        EventType::AgreementSigned | EventType::AgreementRatified => 2,
        _ => 0,
    }
}

fn same_kind(a: EventType, b: EventType) -> bool {
    a == b
        || (family(a) != 0
            && family(a) == family(b)
            && a != EventType::AgreementRatified
            && b != EventType::AgreementRatified)
}

/// Whether two candidates report the same event: same kind, overlapping dates (stated in the
/// text, not publication dates), and the same countries.
pub fn same_event(a: &Candidate, b: &Candidate) -> bool {
    let date_ok = match (&a.date, &b.date) {
        (Some(x), Some(y)) if x.basis != "publication" && y.basis != "publication" => {
            x.value.overlaps(&y.value)
        }
        _ => false,
    };
    let mut ca: Vec<&str> = [a.countries().0, a.countries().1]
        .into_iter()
        .flatten()
        .collect();
    let mut cb: Vec<&str> = [b.countries().0, b.countries().1]
        .into_iter()
        .flatten()
        .collect();
    ca.sort();
    cb.sort();
    same_kind(a.event_type, b.event_type)
        && a.modality == b.modality
        && date_ok
        && !ca.is_empty()
        && ca == cb
}

/// The record's event that a candidate reports again, if any: same kind, a date claim that
/// overlaps the candidate's stated date, and participants from the same countries.
pub fn find_duplicate<'a>(c: &Candidate, data: &'a Dataset) -> Option<&'a Event> {
    let date: FuzzyDate = c.date.as_ref().filter(|d| d.basis != "publication")?.value;
    if c.modality != Modality::Asserted {
        return None;
    }
    let countries: Vec<&str> = [c.countries().0, c.countries().1]
        .into_iter()
        .flatten()
        .collect();
    find_event(c.event_type, &date, &countries, data.events(), data)
}

/// The first of `events` of the same kind as `t`, with a date claim overlapping `date` (both
/// spanning a month at most; longer spans must be equal), whose participants come from all of
/// `countries` (which must not be empty).
pub fn find_event<'a>(
    t: EventType,
    date: &FuzzyDate,
    countries: &[&str],
    mut events: impl Iterator<Item = &'a Event>,
    data: &Dataset,
) -> Option<&'a Event> {
    let mut countries: Vec<&str> = countries.to_vec();
    countries.sort();
    countries.dedup();
    if countries.is_empty() {
        return None;
    }
    let country_of = |id: &RecordId| -> Option<String> {
        match data.get(id) {
            Some(bilat_model::Record::Country(k)) => Some(k.id.as_str().to_string()),
            Some(bilat_model::Record::Actor(a)) => {
                a.country.as_ref().map(|k| k.as_str().to_string())
            }
            // A participant of an event not yet stored (same import) is named by its id.
            _ => Some(id.as_str().to_string()),
        }
    };
    events.find(|e| {
        if !same_kind(e.event_type, t) {
            return false;
        }
        // Dates spanning more than a month ("2019") only match the same date: two visits in
        // one year are not one visit.
        let fine = |d: &FuzzyDate| d.last_day().ordinal() - d.first_day().ordinal() <= 31;
        let overlaps = e.claims.iter().any(|cl| {
            matches!(&cl.fact, Fact::Date { date: d } if d == date || (fine(d) && fine(date) && d.overlaps(date)))
        });
        if !overlaps {
            return false;
        }
        let theirs: Vec<String> = e
            .claims
            .iter()
            .filter_map(|cl| match &cl.fact {
                Fact::Participant { actor, role: ParticipantRole::Actor | ParticipantRole::Recipient, .. } => country_of(actor),
                _ => None,
            })
            .collect();
        countries.iter().all(|k| theirs.iter().any(|t| t == k))
    })
}

/// A figure the text reports, as an observation of the record: its value for its period, with
/// the sentence as evidence. A figure without a period cannot be placed: edit it first.
pub fn to_observation(
    o: &ObservationCandidate,
    candidate: i64,
    source: &RecordId,
    fallback: &Dyad,
) -> Result<Observation, String> {
    let period = o.period.ok_or(
        "the figure has no period (a year or a date): give one with `bilat review edit --date`",
    )?;
    let dyad = match o.countries.as_slice() {
        [a, b] if a != b => Dyad::new(a, b).map_err(|e| format!("the countries: {e}"))?,
        _ => fallback.clone(),
    };
    let slug: String = o
        .indicator
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let evidence = Evidence {
        source: source.clone(),
        locator: Locator::Span(o.text_info.start, o.text_info.end),
        quote_hash: Some(quote_hash(&o.text_info.sentence)),
    };
    Ok(Observation {
        id: RecordId::new(format!("ob:{slug}-{period}-c{candidate}").replace('/', "-")),
        indicator: o.indicator.clone(),
        title: Names::en(format!("{} {period}, as reported", o.indicator)),
        dyads: vec![dyad],
        claims: vec![Claim {
            fact: Fact::Value {
                value: Quantity {
                    value: o.value.amount,
                    unit: Unit::Currency(o.value.currency.clone()),
                },
                period,
            },
            evidence: vec![evidence],
            note: None,
        }],
    })
}
