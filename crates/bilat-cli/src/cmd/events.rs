use std::process::ExitCode;

use super::Db;
use anyhow::{Result, bail};
use bilat_brief::best_date;
use bilat_model::{Domain, EventType, FuzzyDate, Record};

use crate::output::{Format, emit};

#[derive(clap::Args)]
pub struct Args {
    /// First state (ISO 3166-1 alpha-2, e.g. KZ).
    a: String,
    /// Second state (e.g. QA).
    b: String,
    /// Only events coded in this domain (e.g. military_technical).
    #[arg(long)]
    domain: Option<String>,
    /// Only events of this type (e.g. state_visit).
    #[arg(long = "type")]
    event_type: Option<String>,
    /// Only events that may fall on or after this date (2022, 2022-10, 2022-10-12).
    #[arg(long)]
    from: Option<String>,
    /// Only events that may fall on or before this date.
    #[arg(long)]
    to: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    let dyad = super::dyad(&args.a, &args.b)?;
    let domain = match &args.domain {
        Some(d) => Some(Domain::parse(d).ok_or_else(|| {
            anyhow::anyhow!(
                "--domain: expected one of {}, found `{d}`",
                names(Domain::ALL)
            )
        })?),
        None => None,
    };
    let event_type = match &args.event_type {
        Some(t) => Some(EventType::parse(t).ok_or_else(|| {
            anyhow::anyhow!(
                "--type: expected one of {}, found `{t}`",
                names(EventType::ALL)
            )
        })?),
        None => None,
    };
    let parse = |flag: &str, v: &Option<String>| -> Result<Option<FuzzyDate>> {
        match v {
            Some(text) => FuzzyDate::parse(text)
                .map(Some)
                .map_err(|e| anyhow::anyhow!("{flag}: {e}")),
            None => Ok(None),
        }
    };
    let (from, to) = (parse("--from", &args.from)?, parse("--to", &args.to)?);
    if let (Some(f), Some(t)) = (from, to)
        && t.is_before(&f)
    {
        bail!("--to ({t}) is before --from ({f})");
    }
    let data = super::load(db)?;
    // Walk the records themselves: the date helpers take a `Record`, so no event is cloned.
    let mut events: Vec<(&bilat_model::Event, FuzzyDate)> = data
        .in_dyad(&dyad)
        .filter_map(|r| match r {
            Record::Event(e) => Some((r, e)),
            _ => None,
        })
        .filter(|(_, e)| domain.is_none_or(|d| e.domains.contains(&d)))
        .filter(|(_, e)| event_type.is_none_or(|t| e.event_type == t))
        .filter(|(r, _)| {
            r.sort_date().is_some_and(|d| {
                from.is_none_or(|f| !d.is_before(&f)) && to.is_none_or(|t| !t.is_before(&d))
            })
        })
        .filter_map(|(r, e)| best_date(r).map(|d| (e, d)))
        .collect();
    events.sort_by_key(|(e, d)| (d.first_day(), d.last_day(), e.id.clone()));
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|(e, date)| {
            vec![
                date.to_string(),
                e.event_type.as_str().to_owned(),
                e.title.en.clone(),
                e.domains
                    .iter()
                    .map(|d| d.as_str())
                    .collect::<Vec<_>>()
                    .join(";"),
                super::evidence_text(&data, &e.claims),
                e.id.to_string(),
            ]
        })
        .collect();
    let json = serde_json::json!(
        events
            .iter()
            .map(|(e, date)| serde_json::json!({
                "date": date.to_string(), "precision": date.precision(), "event": e,
                "plover": e.event_type.mapping(),
            }))
            .collect::<Vec<_>>()
    );
    emit(
        args.format,
        &["date", "type", "title", "domains", "evidence", "id"],
        &rows,
        &json,
    )?;
    Ok(ExitCode::SUCCESS)
}

fn names<T: std::fmt::Display>(all: &[T]) -> String {
    all.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
