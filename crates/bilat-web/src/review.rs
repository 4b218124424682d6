//! The review queue of the reader's candidates and the decisions on them, for the command line
//! (`bilat review`) and the observatory's review page alike. Accepting makes an event (or, for
//! a reported figure, an observation) of the record; merging adds the candidate's sentence as
//! evidence to an event the record already holds; each is one transaction with the decision
//! and its audit rows. Errors are sentences for the user; [`Refused`] marks those that are the
//! user's to fix (the rest are the store's).

use anyhow::{Context, Result, anyhow};
use bilat_model::date::FuzzyDate;
use bilat_model::money::Money;
use bilat_model::ontology::EventType;
use bilat_model::{Dataset, Dyad, Record, RecordId};
use bilat_reader::codebook::Modality;
use bilat_reader::coder::{Candidate, CodedAmount, CodedDate, ObservationCandidate, Party};
use bilat_reader::review;
use bilat_store::documents::{CandidateRow, NewCandidate, STATUSES};
use bilat_store::{Change, DocumentStore, Origin, RecordStore, Store, import};
use serde::Serialize;

/// A decision the user cannot have (no such candidate, already decided, nothing to merge…):
/// the message says why and what to do instead.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

fn refuse<T>(message: String) -> Result<T> {
    Err(Refused(message).into())
}

/// What waits in the queue: an event, or a figure for an observation (`trade.turnover`).
#[derive(Clone, Debug)]
pub enum Item {
    Event(Box<Candidate>),
    Figure(ObservationCandidate),
}

/// The `event_type` column of a figure's row.
pub const FIGURE: &str = "observation";

/// The candidate a row stores.
pub fn item(row: &CandidateRow) -> Result<Item> {
    let unreadable = || {
        format!(
            "candidate #{} is stored in a form this bilat cannot read",
            row.id
        )
    };
    Ok(if row.event_type == FIGURE {
        Item::Figure(serde_json::from_str(&row.body).with_context(unreadable)?)
    } else {
        Item::Event(Box::new(
            serde_json::from_str(&row.body).with_context(unreadable)?,
        ))
    })
}

/// A candidate by id.
pub fn get_item(store: &Store, id: i64) -> Result<(CandidateRow, Item)> {
    let Some(row) = store.candidate(id)? else {
        return refuse(format!("no candidate #{id}"));
    };
    let it = item(&row)?;
    Ok((row, it))
}

/// The parties of a candidate as text: their ids, else their names, joined by `sep`.
pub fn parties(ps: &[Party], sep: &str) -> String {
    ps.iter()
        .map(|p| p.id.clone().unwrap_or_else(|| p.name.clone()))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The stored form of a candidate event.
pub fn new_candidate(c: &Candidate) -> Result<NewCandidate> {
    let mut countries: Vec<&str> = [c.countries().0, c.countries().1]
        .into_iter()
        .flatten()
        .collect();
    countries.sort();
    countries.dedup();
    Ok(NewCandidate {
        event_type: c.event_type.to_string(),
        first_day: c.date.as_ref().map(|d| d.value.first_day().to_string()),
        last_day: c.date.as_ref().map(|d| d.value.last_day().to_string()),
        countries: countries.join("-"),
        body: serde_json::to_string(c)?,
    })
}

/// The stored form of a figure.
pub fn new_figure(o: &ObservationCandidate) -> Result<NewCandidate> {
    Ok(NewCandidate {
        event_type: FIGURE.into(),
        first_day: o.period.map(|p| p.first_day().to_string()),
        last_day: o.period.map(|p| p.last_day().to_string()),
        countries: o.countries.join("-"),
        body: serde_json::to_string(o)?,
    })
}

fn pending(row: &CandidateRow) -> Result<()> {
    if row.status != "pending" {
        return refuse(format!(
            "candidate #{} is already {}{}",
            row.id,
            row.status,
            row.record_id
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        ));
    }
    Ok(())
}

/// One row of the queue, with the reviewer's hint.
#[derive(Clone, Debug)]
pub struct Listed {
    pub row: CandidateRow,
    pub item: Item,
    /// "repeats ev:…" (an event the record holds: merge it), "same as #N" (another candidate
    /// of the same event), or empty.
    pub suggestion: String,
    /// The record's short name of the candidate's source.
    pub source: String,
}

/// The queue: candidates with `status` (`None`: all), of one source or all.
/// `data` is the record the hints are taken from (the observatory passes its snapshot, so
/// that a page view does not load the record again).
pub fn listing(
    store: &Store,
    data: &Dataset,
    status: Option<&str>,
    source: Option<&str>,
) -> Result<Vec<Listed>> {
    if let Some(s) = status
        && !STATUSES.contains(&s)
    {
        return refuse(format!(
            "status: expected one of pending, accepted, rejected, merged, all; found {s:?}"
        ));
    }
    let rows = store.candidates(status, source)?;
    let all: Vec<(CandidateRow, Item)> = rows
        .iter()
        .map(|r| Ok((r.clone(), item(r)?)))
        .collect::<Result<_>>()?;
    let events: Vec<(i64, &Candidate)> = all
        .iter()
        .filter_map(|(r, it)| match it {
            Item::Event(c) => Some((r.id, &**c)),
            Item::Figure(_) => None,
        })
        .collect();
    Ok(all
        .iter()
        .map(|(row, it)| {
            let suggestion = match it {
                Item::Event(c) => suggestion(c, row.id, data, &events),
                Item::Figure(_) => String::new(),
            };
            Listed {
                source: data.source_short(&RecordId::new(row.source_id.clone())),
                row: row.clone(),
                item: it.clone(),
                suggestion,
            }
        })
        .collect())
}

fn suggestion(c: &Candidate, id: i64, data: &Dataset, others: &[(i64, &Candidate)]) -> String {
    if let Some(e) = review::find_duplicate(c, data) {
        return format!("repeats {}", e.id);
    }
    if let Some((o, _)) = others
        .iter()
        .find(|(o, oc)| *o != id && review::same_event(c, oc))
    {
        return format!("same as #{o}");
    }
    String::new()
}

/// What a decision wrote.
#[derive(Clone, Debug, Serialize)]
pub struct Decided {
    pub id: i64,
    pub status: &'static str,
    /// The record made or added to.
    pub record: Option<String>,
    pub new_claims: usize,
}

fn origin(id: i64) -> Origin {
    Origin {
        file: format!("candidate #{id}"),
        line: 0,
    }
}

/// Makes a pending candidate a record: an event (refused when the record holds it already,
/// unless `new`), or an observation for a figure. `fallback` is the pair when the candidate
/// names fewer than two countries.
pub fn accept(
    store: &mut Store,
    id: i64,
    fallback: &Dyad,
    new: bool,
    change: &Change,
) -> Result<Decided> {
    let (row, it) = get_item(store, id)?;
    pending(&row)?;
    let data = store.load()?;
    let source = RecordId::new(row.source_id.clone());
    let record = match it {
        Item::Event(c) => {
            if !new && let Some(e) = review::find_duplicate(&c, &data) {
                return refuse(format!(
                    "the record already holds this event ({}): merge the candidate to add its sentence as evidence, or accept it as new anyway",
                    e.id
                ));
            }
            Record::Event(
                review::to_event(&c, review::event_id(&c, id), &source, fallback, &data)
                    .map_err(|e| Refused(format!("candidate #{id}: {e}")))?,
            )
        }
        Item::Figure(o) => Record::Observation(
            review::to_observation(&o, id, &source, fallback)
                .map_err(|e| Refused(format!("candidate #{id}: {e}")))?,
        ),
    };
    let record_id = record.id().to_string();
    let plan = import::plan(&data, vec![(record, origin(id))])?;
    store.decide(id, "accepted", Some(&record_id), Some(&plan), None, change)?;
    Ok(Decided {
        id,
        status: "accepted",
        record: Some(record_id),
        new_claims: plan.summary.new_claims,
    })
}

/// Discards a pending candidate (it stays listed as rejected, with the note).
pub fn reject(store: &mut Store, id: i64, note: Option<&str>, change: &Change) -> Result<Decided> {
    let (row, _) = get_item(store, id)?;
    pending(&row)?;
    store.decide(id, "rejected", None, None, note, change)?;
    Ok(Decided {
        id,
        status: "rejected",
        record: None,
        new_claims: 0,
    })
}

/// Adds a pending candidate's claims, with its source as evidence, to an event of the record:
/// `into`, or by default the event the candidate repeats.
pub fn merge(store: &mut Store, id: i64, into: Option<&str>, change: &Change) -> Result<Decided> {
    let (row, it) = get_item(store, id)?;
    pending(&row)?;
    let Item::Event(c) = it else {
        return refuse(format!(
            "candidate #{id} is a reported figure, not an event: accept, reject or edit its date and amount"
        ));
    };
    let data = store.load()?;
    let target = match into.filter(|t| !t.is_empty()) {
        Some(t) => RecordId::new(t),
        None => match review::find_duplicate(&c, &data) {
            Some(e) => e.id.clone(),
            None => {
                return refuse(format!(
                    "the record holds no event that candidate #{id} repeats; name the event to merge into"
                ));
            }
        },
    };
    let Some(Record::Event(existing)) = data.get(&target).cloned() else {
        return refuse(format!("{target} is not an event of the record"));
    };
    if c.modality == Modality::Negated {
        return refuse(format!(
            "candidate #{id} is negated (postponed, cancelled or denied); it is no evidence that {target} happened"
        ));
    }
    let source = RecordId::new(row.source_id.clone());
    let mut update = existing;
    update.claims = review::claims(&c, &source, &data);
    if update.claims.is_empty() {
        return refuse(format!(
            "candidate #{id} states no date, party, amount or place the record knows: nothing to add to {target} as evidence"
        ));
    }
    let plan = import::plan(&data, vec![(Record::Event(update), origin(id))])?;
    store.decide(
        id,
        "merged",
        Some(target.as_str()),
        Some(&plan),
        None,
        change,
    )?;
    Ok(Decided {
        id,
        status: "merged",
        record: Some(target.to_string()),
        new_claims: plan.summary.new_claims,
    })
}

/// An analyst's corrections to a pending candidate; `None` leaves a field as coded.
#[derive(Clone, Debug, Default)]
pub struct Edit {
    pub event_type: Option<String>,
    /// asserted, planned, proposed, hypothetical or negated.
    pub modality: Option<String>,
    /// 2024-02-14, 2024-02 or 2024.
    pub date: Option<String>,
    /// ISO 3166 alpha-2 codes.
    pub actor: Option<String>,
    pub recipient: Option<String>,
    /// "USD 2.5 bn".
    pub amount: Option<String>,
}

fn party(code: &str) -> Result<Party> {
    let code = code.trim().to_uppercase();
    if bilat_model::country_name(&code).is_none() {
        return refuse(format!(
            "expected an ISO 3166 alpha-2 country code, found {code:?}"
        ));
    }
    let code: std::sync::Arc<str> = code.into();
    Ok(Party {
        id: Some(code.clone()),
        country: Some(code.clone()),
        kind: "country".into(),
        name: code,
        text: "".into(),
        start: 0,
        end: 0,
    })
}

fn parsed<T, E: std::fmt::Display>(what: &str, r: std::result::Result<T, E>) -> Result<T> {
    r.map_err(|e| Refused(format!("{what}: {e}")).into())
}

/// Applies `edit` to a pending candidate. A figure takes only a date (its period) and an amount.
pub fn edit(store: &mut Store, id: i64, edit: &Edit) -> Result<()> {
    let (row, it) = get_item(store, id)?;
    pending(&row)?;
    let nonempty = |o: &Option<String>| o.clone().filter(|s| !s.trim().is_empty());
    let (event_type, modality, date, actor, recipient, amount) = (
        nonempty(&edit.event_type),
        nonempty(&edit.modality),
        nonempty(&edit.date),
        nonempty(&edit.actor),
        nonempty(&edit.recipient),
        nonempty(&edit.amount),
    );
    let mut c = match it {
        Item::Event(c) => *c,
        Item::Figure(mut o) => {
            if event_type.is_some() || modality.is_some() || actor.is_some() || recipient.is_some()
            {
                return refuse(format!(
                    "candidate #{id} is a reported figure: only its date (the period) and amount change"
                ));
            }
            if let Some(d) = date {
                o.period = Some(parsed("date", FuzzyDate::parse(&d))?);
            }
            if let Some(a) = amount {
                o.value = parsed("amount", Money::parse(&a))?;
            }
            store.edit_candidate(id, &new_figure(&o)?)?;
            return Ok(());
        }
    };
    if let Some(t) = event_type {
        c.event_type = EventType::parse(&t).ok_or_else(|| {
            Refused(format!(
                "type: expected an event type such as state_visit, found {t:?}"
            ))
        })?;
        let m = c.event_type.mapping();
        c.plover.event = m.plover.into();
        c.plover.mode = m.plover_mode.map(Into::into);
        c.cameo = m.cameo.into();
        c.goldstein = m.goldstein;
    }
    if let Some(m) = modality {
        c.modality = serde_json::from_value(serde_json::Value::String(m.clone())).map_err(|_| {
            Refused(format!(
                "modality: expected asserted, planned, proposed, hypothetical or negated, found {m:?}"
            ))
        })?;
    }
    if let Some(d) = date {
        let value = parsed("date", FuzzyDate::parse(&d))?;
        c.date = Some(CodedDate {
            value,
            precision: value.precision().as_str().into(),
            basis: "analyst".into(),
            text: String::new(),
        });
    }
    if let Some(a) = actor {
        c.actor = vec![party(&a)?];
    }
    if let Some(r) = recipient {
        c.recipient = vec![party(&r)?];
    }
    if let Some(a) = amount {
        let money = parsed("amount", Money::parse(&a))?;
        c.amount = Some(CodedAmount {
            money,
            text: a,
            start: 0,
            end: 0,
        });
    }
    store.edit_candidate(id, &new_candidate(&c)?)?;
    Ok(())
}

/// `anyhow` errors of this module as the user should see them: refusals as they are, the
/// rest (the store's) marked as such.
pub fn is_refusal(e: &anyhow::Error) -> bool {
    e.downcast_ref::<Refused>().is_some()
        || e.downcast_ref::<bilat_store::StoreError>()
            .is_some_and(|s| matches!(s, bilat_store::StoreError::Invalid(_)))
}

/// A pair written as text ("KZ-QA", any case) in the field or option `what`, for the
/// observatory's forms and the command line alike.
pub fn dyad(what: &str, text: &str) -> Result<Dyad> {
    let (a, b) = text.split_once('-').ok_or_else(|| {
        Refused(format!(
            "{what}: expected two country codes such as KZ-QA, found {text:?}"
        ))
    })?;
    Dyad::new(&a.to_uppercase(), &b.to_uppercase())
        .map_err(|e| anyhow!(Refused(format!("{what}: {e}"))))
}
