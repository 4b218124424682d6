use std::process::ExitCode;

use super::Db;
use anyhow::{Result, bail};
use bilat_model::{Record, RecordId};
use bilat_store::RecordStore;

#[derive(clap::Args)]
pub struct Args {
    /// The record's id (ev:…, ag:…, ac:…, src:…, pr:…, or a country code).
    id: String,
    /// Print the record as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    let store = super::open(db)?;
    let id = RecordId::new(args.id.clone());
    let Some(record) = store.get(&id)? else {
        bail!(
            "no record `{}`; ids look like ev:1993-07-01-diplomatic-relations, ac:tokayev, KZ",
            args.id
        );
    };
    if args.json {
        out!("{}", serde_json::to_string_pretty(&record)?);
        return Ok(ExitCode::SUCCESS);
    }
    let data = store.load()?;
    out!("{} — {} ({})", record.id(), record.title(), record.kind());
    match &record {
        Record::Event(e) => {
            out!(
                "type: {} (PLOVER {}, CAMEO {})",
                e.event_type.label(),
                e.event_type.mapping().plover,
                e.event_type.mapping().cameo
            );
            out!(
                "domains: {}",
                e.domains
                    .iter()
                    .map(|d| d.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Record::Agreement(a) => out!(
            "kind: {}; parties: {}",
            a.agreement_kind.label(),
            a.parties
                .iter()
                .map(|p| data.name_of(p))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Record::Project(p) => out!("sector: {}; {}", p.sector.label(), p.aggregation.label()),
        Record::Source(s) => {
            out!(
                "{} · {} · {}",
                s.source_kind.label(),
                s.publisher.as_deref().unwrap_or("—"),
                s.date.map(|d| d.to_string()).unwrap_or_default()
            );
            if let Some(u) = &s.url {
                out!("{u}");
            }
            let citing = data
                .iter()
                .filter(|r| {
                    r.claims()
                        .iter()
                        .any(|c| c.evidence.iter().any(|e| &e.source == record.id()))
                })
                .count();
            out!("cited by {citing} record(s)");
        }
        _ => {}
    }
    for (n, claim) in record.claims().iter().enumerate() {
        out!("claim {}: {}", n + 1, claim.fact.summary());
        for ev in &claim.evidence {
            out!(
                "    source: {} — {} ({})",
                ev.source,
                data.source_short(&ev.source),
                ev.locator
            );
        }
        if let Some(note) = &claim.note {
            out!("    note: {note}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
