//! `bilat review`: the queue of the reader's candidate events, and the decisions on them.
//! Accepting makes an event of the record; merging adds the candidate's sentence as evidence
//! to an event the record already holds; both are one transaction with the decision.

use std::process::ExitCode;

use super::Db;
use anyhow::{Context, Result, anyhow, bail};
use bilat_model::date::FuzzyDate;
use bilat_model::money::Money;
use bilat_model::ontology::EventType;
use bilat_model::{Dataset, Record, RecordId};
use bilat_reader::codebook::Modality;
use bilat_reader::coder::{Candidate, CodedAmount, CodedDate, ObservationCandidate, Party};
use bilat_reader::review;
use bilat_store::documents::{CandidateRow, STATUSES};
use bilat_store::{DocumentStore, Origin, RecordStore, Store, import};

use crate::output::{self, Format};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// Only candidates from this source.
    #[arg(long)]
    source: Option<String>,
    /// Which candidates to list.
    #[arg(long, default_value = "pending")]
    status: String,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(clap::Subcommand)]
enum Action {
    /// One candidate in full, with its sentence.
    Show { id: i64 },
    /// Make the candidate an event of the record.
    Accept {
        id: i64,
        /// The relationship, when the candidate names fewer than two countries.
        #[arg(long, default_value = "KZ-QA")]
        dyad: String,
        /// Accept even though the record already holds the same event (normally: merge).
        #[arg(long)]
        new: bool,
    },
    /// Discard the candidate (it stays listed as rejected).
    Reject {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// Add the candidate's sentence as evidence to an event the record holds.
    Merge {
        id: i64,
        /// The event; by default the one the candidate repeats.
        #[arg(long)]
        into: Option<String>,
    },
    /// Correct a pending candidate before accepting it.
    Edit {
        id: i64,
        #[arg(long = "type")]
        event_type: Option<String>,
        #[arg(long, value_parser = ["asserted", "planned", "proposed", "hypothetical", "negated"])]
        modality: Option<String>,
        /// A date such as 2024-02-14, 2024-02 or 2024.
        #[arg(long)]
        date: Option<String>,
        /// The acting country (ISO code).
        #[arg(long)]
        actor: Option<String>,
        /// The receiving country (ISO code).
        #[arg(long)]
        recipient: Option<String>,
        /// An amount such as "USD 2.5 bn".
        #[arg(long)]
        amount: Option<String>,
    },
}

/// What waits in the queue: an event, or a figure for an observation (`trade.turnover`).
enum Item {
    Event(Box<Candidate>),
    Figure(ObservationCandidate),
}

/// The `event_type` column of a figure's row.
pub const FIGURE: &str = "observation";

fn item(row: &CandidateRow) -> Result<Item> {
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

fn get_item(store: &Store, id: i64) -> Result<(CandidateRow, Item)> {
    let row = store
        .candidate(id)?
        .with_context(|| format!("no candidate #{id}; `bilat review` lists them"))?;
    let it = item(&row)?;
    Ok((row, it))
}

fn get(store: &Store, id: i64) -> Result<(CandidateRow, Candidate)> {
    match get_item(store, id)? {
        (row, Item::Event(c)) => Ok((row, *c)),
        (_, Item::Figure(_)) => bail!(
            "candidate #{id} is a reported figure, not an event: accept, reject or edit its --date and --amount"
        ),
    }
}

/// The stored form of a figure.
pub fn new_figure(o: &ObservationCandidate) -> Result<bilat_store::documents::NewCandidate> {
    Ok(bilat_store::documents::NewCandidate {
        event_type: FIGURE.into(),
        first_day: o.period.map(|p| p.first_day().to_string()),
        last_day: o.period.map(|p| p.last_day().to_string()),
        countries: o.countries.join("-"),
        body: serde_json::to_string(o)?,
    })
}

fn pending(row: &CandidateRow) -> Result<()> {
    if row.status != "pending" {
        bail!(
            "candidate #{} is already {}{}",
            row.id,
            row.status,
            row.record_id
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    let mut store = super::open(db)?;
    match args.action {
        None => list(&store, &args.status, args.source.as_deref(), args.format),
        Some(Action::Show { id }) => {
            let (row, it) = get_item(&store, id)?;
            let c = match &it {
                Item::Event(c) => serde_json::to_value(c)?,
                Item::Figure(o) => serde_json::to_value(o)?,
            };
            let value = serde_json::json!({"id": row.id, "source": row.source_id, "status": row.status, "record": row.record_id, "note": row.note, "candidate": c});
            out!("{}", serde_json::to_string_pretty(&value)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::Accept { id, dyad, new }) => accept(&mut store, id, &dyad, new),
        Some(Action::Reject { id, note }) => {
            let (row, _) = get_item(&store, id)?;
            pending(&row)?;
            store.decide(
                id,
                "rejected",
                None,
                None,
                note.as_deref(),
                &super::change().with_evidence(format!("bilat review reject {id}")),
            )?;
            out!("candidate #{id} rejected");
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::Merge { id, into }) => merge(&mut store, id, into),
        Some(Action::Edit {
            id,
            event_type,
            modality,
            date,
            actor,
            recipient,
            amount,
        }) => {
            let (row, it) = get_item(&store, id)?;
            pending(&row)?;
            let mut c = match it {
                Item::Event(c) => *c,
                Item::Figure(mut o) => {
                    if event_type.is_some()
                        || modality.is_some()
                        || actor.is_some()
                        || recipient.is_some()
                    {
                        bail!(
                            "candidate #{id} is a reported figure: only --date (its period) and --amount change"
                        );
                    }
                    if let Some(d) = date {
                        o.period = Some(FuzzyDate::parse(&d).with_context(|| "--date")?);
                    }
                    if let Some(a) = amount {
                        o.value = Money::parse(&a).with_context(|| "--amount")?;
                    }
                    store.edit_candidate(id, &new_figure(&o)?)?;
                    out!("candidate #{id} edited");
                    return Ok(ExitCode::SUCCESS);
                }
            };
            if let Some(t) = event_type {
                c.event_type = EventType::parse(&t).with_context(|| {
                    format!("--type: expected an event type such as state_visit, found {t:?}")
                })?;
                let m = c.event_type.mapping();
                c.plover.event = m.plover.into();
                c.plover.mode = m.plover_mode.map(str::to_string);
                c.cameo = m.cameo.into();
                c.goldstein = m.goldstein;
            }
            if let Some(m) = modality {
                c.modality = serde_json::from_value(serde_json::Value::String(m))?;
            }
            if let Some(d) = date {
                let value = FuzzyDate::parse(&d).with_context(|| "--date")?;
                c.date = Some(CodedDate {
                    value,
                    precision: value.precision().to_string(),
                    basis: "analyst".into(),
                    text: String::new(),
                });
            }
            let party = |code: String| -> Result<Party> {
                let code = code.to_uppercase();
                bilat_model::country_name(&code).with_context(|| {
                    format!("expected an ISO 3166 alpha-2 code, found {code:?}")
                })?;
                Ok(Party {
                    id: Some(code.clone()),
                    country: Some(code.clone()),
                    kind: "country".into(),
                    name: code,
                    text: String::new(),
                    start: 0,
                    end: 0,
                })
            };
            if let Some(a) = actor {
                c.actor = vec![party(a)?];
            }
            if let Some(r) = recipient {
                c.recipient = vec![party(r)?];
            }
            if let Some(a) = amount {
                let money = Money::parse(&a).with_context(|| "--amount")?;
                c.amount = Some(CodedAmount {
                    money,
                    text: a,
                    start: 0,
                    end: 0,
                });
            }
            store.edit_candidate(id, &super::ingest::new_candidate(&c)?)?;
            out!("candidate #{id} edited");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn suggestion(
    c: &Candidate,
    row: &CandidateRow,
    data: &Dataset,
    others: &[(CandidateRow, Candidate)],
) -> String {
    if let Some(e) = review::find_duplicate(c, data) {
        return format!("repeats {}", e.id);
    }
    if let Some((o, _)) = others
        .iter()
        .find(|(o, oc)| o.id != row.id && review::same_event(c, oc))
    {
        return format!("same as #{}", o.id);
    }
    String::new()
}

fn list(store: &Store, status: &str, source: Option<&str>, format: Format) -> Result<ExitCode> {
    let status = if status == "all" {
        None
    } else {
        if !STATUSES.contains(&status) {
            bail!(
                "--status: expected one of pending, accepted, rejected, merged, all; found {status:?}"
            );
        }
        Some(status)
    };
    let data = store.load()?;
    let rows = store.candidates(status, source)?;
    let all: Vec<(CandidateRow, Item)> = rows
        .iter()
        .map(|r| Ok((r.clone(), item(r)?)))
        .collect::<Result<_>>()?;
    let events: Vec<(CandidateRow, Candidate)> = all
        .iter()
        .filter_map(|(r, it)| match it {
            Item::Event(c) => Some((r.clone(), (**c).clone())),
            Item::Figure(_) => None,
        })
        .collect();
    let money = |m: &Money| {
        format!(
            "{} {}",
            m.currency.code(),
            bilat_model::money::human_amount(m.amount)
        )
    };
    let mut table = Vec::new();
    let mut json = Vec::new();
    for (row, it) in &all {
        let source = data.source_short(&RecordId::new(row.source_id.clone()));
        match it {
            Item::Event(c) => {
                let parties = |ps: &[Party]| {
                    ps.iter()
                        .map(|p| p.id.clone().unwrap_or_else(|| p.name.clone()))
                        .collect::<Vec<_>>()
                        .join("+")
                };
                let hint = suggestion(c, row, &data, &events);
                let sentence: String = c.text_info.sentence.chars().take(80).collect();
                table.push(vec![
                    format!("#{}", row.id),
                    row.status.clone(),
                    c.event_type.to_string(),
                    c.modality.as_str().to_string(),
                    c.date
                        .as_ref()
                        .map(|d| d.value.to_string())
                        .unwrap_or_default(),
                    parties(&c.actor),
                    parties(&c.recipient),
                    c.amount
                        .as_ref()
                        .map(|a| money(&a.money))
                        .unwrap_or_default(),
                    source,
                    hint.clone(),
                    sentence,
                ]);
                json.push(serde_json::json!({"id": row.id, "status": row.status, "source": row.source_id, "record": row.record_id, "suggestion": hint, "candidate": c}));
            }
            Item::Figure(o) => {
                let sentence: String = o.text_info.sentence.chars().take(80).collect();
                table.push(vec![
                    format!("#{}", row.id),
                    row.status.clone(),
                    format!("{FIGURE}: {}", o.indicator),
                    String::new(),
                    o.period.map(|p| p.to_string()).unwrap_or_default(),
                    o.countries.join("+"),
                    String::new(),
                    money(&o.value),
                    source,
                    String::new(),
                    sentence,
                ]);
                json.push(serde_json::json!({"id": row.id, "status": row.status, "source": row.source_id, "record": row.record_id, "figure": o}));
            }
        }
    }
    if table.is_empty() && format == Format::Table {
        out!("no {} candidates", status.unwrap_or("stored"));
        return Ok(ExitCode::SUCCESS);
    }
    output::emit(
        format,
        &[
            "id",
            "status",
            "type",
            "modality",
            "date",
            "actor",
            "recipient",
            "amount",
            "source",
            "suggestion",
            "sentence",
        ],
        &table,
        &serde_json::Value::Array(json),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn accept(store: &mut Store, id: i64, dyad: &str, new: bool) -> Result<ExitCode> {
    let (row, it) = get_item(store, id)?;
    pending(&row)?;
    let data = store.load()?;
    let c = match it {
        Item::Event(c) => *c,
        Item::Figure(o) => return accept_figure(store, &data, &row, &o, dyad),
    };
    if !new && let Some(e) = review::find_duplicate(&c, &data) {
        bail!(
            "the record already holds this event ({}): `bilat review merge {id}` adds the sentence as evidence; `--new` accepts it anyway",
            e.id
        );
    }
    let (a, b) = dyad.split_once('-').with_context(|| {
        format!("--dyad: expected two country codes such as KZ-QA, found {dyad:?}")
    })?;
    let fallback = super::dyad(a, b)?;
    let source = RecordId::new(row.source_id.clone());
    let event = review::to_event(&c, review::event_id(&c, id), &source, &fallback, &data)
        .map_err(|e| anyhow!("candidate #{id}: {e}"))?;
    let event_id = event.id.to_string();
    let origin = Origin {
        file: format!("candidate #{id}"),
        line: 0,
    };
    let plan = import::plan(&data, vec![(Record::Event(event), origin)])?;
    store.decide(
        id,
        "accepted",
        Some(&event_id),
        Some(&plan),
        None,
        &super::change().with_evidence(format!("bilat review accept {id}")),
    )?;
    out!(
        "candidate #{id} accepted as {event_id} ({} claims)",
        plan.summary.new_claims
    );
    Ok(ExitCode::SUCCESS)
}

/// A reported figure becomes an observation of the record.
fn accept_figure(
    store: &mut Store,
    data: &Dataset,
    row: &CandidateRow,
    o: &ObservationCandidate,
    dyad: &str,
) -> Result<ExitCode> {
    let id = row.id;
    let (a, b) = dyad.split_once('-').with_context(|| {
        format!("--dyad: expected two country codes such as KZ-QA, found {dyad:?}")
    })?;
    let fallback = super::dyad(a, b)?;
    let source = RecordId::new(row.source_id.clone());
    let ob = review::to_observation(o, id, &source, &fallback)
        .map_err(|e| anyhow!("candidate #{id}: {e}"))?;
    let ob_id = ob.id.to_string();
    let origin = Origin {
        file: format!("candidate #{id}"),
        line: 0,
    };
    let plan = import::plan(data, vec![(Record::Observation(ob), origin)])?;
    store.decide(
        id,
        "accepted",
        Some(&ob_id),
        Some(&plan),
        None,
        &super::change().with_evidence(format!("bilat review accept {id}")),
    )?;
    out!("candidate #{id} accepted as {ob_id}");
    Ok(ExitCode::SUCCESS)
}

fn merge(store: &mut Store, id: i64, into: Option<String>) -> Result<ExitCode> {
    let (row, c) = get(store, id)?;
    pending(&row)?;
    let data = store.load()?;
    let target = match into {
        Some(t) => RecordId::new(t),
        None => match review::find_duplicate(&c, &data) {
            Some(e) => e.id.clone(),
            None => bail!(
                "the record holds no event that candidate #{id} repeats; name one with --into"
            ),
        },
    };
    let Some(Record::Event(existing)) = data.get(&target).cloned() else {
        bail!("{target} is not an event of the record");
    };
    if c.modality == Modality::Negated {
        bail!(
            "candidate #{id} is negated (postponed, cancelled or denied); it is no evidence that {target} happened"
        );
    }
    let source = RecordId::new(row.source_id.clone());
    let mut update = existing;
    update.claims = review::claims(&c, &source, &data);
    if update.claims.is_empty() {
        bail!(
            "candidate #{id} states no date, party, amount or place the record knows: nothing to add to {target} as evidence"
        );
    }
    let origin = Origin {
        file: format!("candidate #{id}"),
        line: 0,
    };
    let plan = import::plan(&data, vec![(Record::Event(update), origin)])?;
    store.decide(
        id,
        "merged",
        Some(target.as_str()),
        Some(&plan),
        None,
        &super::change().with_evidence(format!("bilat review merge {id}")),
    )?;
    out!(
        "candidate #{id} merged into {target}: {} new claims with this source as evidence",
        plan.summary.new_claims
    );
    Ok(ExitCode::SUCCESS)
}
