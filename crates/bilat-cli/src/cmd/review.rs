//! `bilat review`: the queue of the reader's candidate events, and the decisions on them
//! (`bilat_web::review`, which the observatory's review page shares).

use std::process::ExitCode;

use super::Db;
use anyhow::{Result, anyhow};
use bilat_store::{RecordStore, Store};
use bilat_web::review::{self, FIGURE, Item, Listed};

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

pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    let mut store = super::open(db)?;
    let by =
        |what: &str, id: i64| super::change().with_evidence(format!("bilat review {what} {id}"));
    match args.action {
        None => list(&store, &args.status, args.source.as_deref(), args.format),
        Some(Action::Show { id }) => {
            let (row, it) = review::get_item(&store, id)?;
            let c = match &it {
                Item::Event(c) => serde_json::to_value(c)?,
                Item::Figure(o) => serde_json::to_value(o)?,
            };
            let value = serde_json::json!({"id": row.id, "source": row.source_id, "status": row.status, "record": row.record_id, "note": row.note, "candidate": c});
            out!("{}", serde_json::to_string_pretty(&value)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::Accept { id, dyad, new }) => {
            let fallback = review::dyad("--dyad", &dyad)?;
            let d = review::accept(&mut store, id, &fallback, new, &by("accept", id))
                .map_err(|e| hint(e, id))?;
            let record = d.record.unwrap_or_default();
            out!(
                "candidate #{id} accepted as {record} ({} claims)",
                d.new_claims
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::Reject { id, note }) => {
            review::reject(&mut store, id, note.as_deref(), &by("reject", id))?;
            out!("candidate #{id} rejected");
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::Merge { id, into }) => {
            let d = review::merge(&mut store, id, into.as_deref(), &by("merge", id))?;
            out!(
                "candidate #{id} merged into {}: {} new claims with this source as evidence",
                d.record.unwrap_or_default(),
                d.new_claims
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::Edit {
            id,
            event_type,
            modality,
            date,
            actor,
            recipient,
            amount,
        }) => {
            let edit = review::Edit {
                event_type,
                modality,
                date,
                actor,
                recipient,
                amount,
            };
            review::edit(&mut store, id, &edit)?;
            out!("candidate #{id} edited");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The command-line way out of a refusal to accept a repeat.
fn hint(e: anyhow::Error, id: i64) -> anyhow::Error {
    if e.to_string()
        .starts_with("the record already holds this event")
    {
        anyhow!("{e} (`bilat review merge {id}`, or `bilat review accept {id} --new`)")
    } else {
        e
    }
}

fn list(store: &Store, status: &str, source: Option<&str>, format: Format) -> Result<ExitCode> {
    let status = (status != "all").then_some(status);
    let listed = review::listing(store, &store.load()?, status, source)?;
    let mut table = Vec::new();
    let mut json = Vec::new();
    for Listed {
        row,
        item,
        suggestion,
        source,
    } in &listed
    {
        match item {
            Item::Event(c) => {
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
                    review::parties(&c.actor, "+"),
                    review::parties(&c.recipient, "+"),
                    c.amount
                        .as_ref()
                        .map(|a| a.money.to_string())
                        .unwrap_or_default(),
                    source.clone(),
                    suggestion.clone(),
                    sentence,
                ]);
                json.push(serde_json::json!({"id": row.id, "status": row.status, "source": row.source_id, "record": row.record_id, "suggestion": suggestion, "candidate": c}));
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
                    o.value.to_string(),
                    source.clone(),
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
