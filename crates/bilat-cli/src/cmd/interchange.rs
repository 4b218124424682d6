//! PLOVER and GDELT event data in and out (`bilat import --format plover|gdelt`,
//! `bilat export --format plover`). An import is one transaction: every line is read and
//! mapped first; a line that cannot be read fails the whole file with its line number; lines
//! whose events bilat has no type for are skipped and counted by reason.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use bilat_model::ontology::{ParticipantRole, SourceKind};
use bilat_model::record::{Claim, Dyad, Event, Evidence, Fact, Locator, Names, Source};
use bilat_model::{Dataset, Record, RecordId};
use bilat_reader::interchange::{self, External, Mapped};
use bilat_reader::review::find_event;
use bilat_store::{Origin, RecordStore, StoreError, import};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExternalFormat {
    Plover,
    Gdelt,
}

fn short_hash(text: &str) -> String {
    bilat_model::content_hash(text)[..16].to_string()
}

fn slug(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Reads the file into mapped events, with the line each came from.
fn read(path: &Path, format: ExternalFormat) -> Result<(Vec<External>, BTreeMap<String, usize>)> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: expected UTF-8, found a bad byte at offset {}",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let mut events = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mapped = match format {
            ExternalFormat::Gdelt => interchange::from_gdelt_line(line),
            ExternalFormat::Plover => serde_json::from_str::<serde_json::Value>(line)
                .map_err(|e| format!("expected a JSON object, {e}"))
                .and_then(|v| interchange::from_plover(&v)),
        };
        match mapped {
            Ok(Mapped::Event(e)) => events.push(*e),
            Ok(Mapped::Skipped(reason)) => *skipped.entry(reason).or_default() += 1,
            Err(e) => problems.push(format!("{}:{}: {e}", path.display(), i + 1)),
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems).into());
    }
    Ok((events, skipped))
}

pub fn import(
    store: &mut bilat_store::Store,
    path: &Path,
    format: ExternalFormat,
    dyad: Option<&Dyad>,
) -> Result<()> {
    let (events, mut skipped) = read(path, format)?;
    let data = store.load()?;
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let file_source = || -> Result<Source> {
        let text = std::fs::read_to_string(path)?;
        Ok(Source {
            id: RecordId::new(format!("src:file-{}", short_hash(&text))),
            short: file_name.clone(),
            source_kind: SourceKind::Reference,
            title: format!(
                "{} file {file_name}",
                if format == ExternalFormat::Plover {
                    "PLOVER"
                } else {
                    "GDELT"
                }
            ),
            publisher: None,
            url: None,
            date: None,
            language: "en".into(),
            note: Some(format!("imported from {}", path.display())),
            text: None,
            content_hash: None,
        })
    };
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();
    let mut new_events: Vec<Event> = Vec::new();
    let mut merged: BTreeMap<String, Event> = BTreeMap::new();
    for e in events {
        let countries: Vec<String> = [e.actor.clone(), e.recipient.clone()]
            .into_iter()
            .flatten()
            .collect();
        let known = |k: &String| {
            matches!(
                data.get(&RecordId::new(k.clone())),
                Some(Record::Country(_))
            )
        };
        if countries.len() < 2 || countries[0] == countries[1] || !countries.iter().all(known) {
            *skipped
                .entry("its two countries are not both in the record".into())
                .or_default() += 1;
            continue;
        }
        let pair = super::dyad(&countries[0], &countries[1])?;
        if dyad.is_some_and(|d| *d != pair) {
            *skipped
                .entry("outside the chosen --dyad".into())
                .or_default() += 1;
            continue;
        }
        let source = match &e.url {
            // A page the record already cites is that source; another page becomes one.
            Some(url) => match data.sources().find(|s| s.url.as_deref() == Some(url.as_str())) {
                Some(s) => s.clone(),
                None => Source {
                    id: RecordId::new(format!("src:url-{}", short_hash(url))),
                    short: format!("{} ({})", url.split('/').nth(2).unwrap_or("web"), &short_hash(url)[..6]),
                    source_kind: SourceKind::News,
                    title: url.clone(),
                    publisher: None,
                    url: Some(url.clone()),
                    date: None,
                    language: "en".into(),
                    note: Some("cited by imported event data (PLOVER or GDELT), which does not give the page's language".into()),
                    text: None,
                    content_hash: None,
                },
            },
            None => file_source()?,
        };
        let locator = if e.url.is_some() {
            Locator::Whole
        } else {
            Locator::Section(e.external_id.clone())
        };
        let ev = Evidence {
            source: source.id.clone(),
            locator,
            quote_hash: None,
        };
        sources.entry(source.id.to_string()).or_insert(source);
        let claim = |fact: Fact, note: Option<String>| Claim {
            fact,
            evidence: vec![ev.clone()],
            note,
        };
        let mut claims = vec![claim(Fact::Date { date: e.date }, Some(e.note.clone()))];
        for (k, role) in [
            (&e.actor, ParticipantRole::Actor),
            (&e.recipient, ParticipantRole::Recipient),
        ] {
            if let Some(k) = k {
                claims.push(claim(
                    Fact::Participant {
                        actor: RecordId::new(k.clone()),
                        role,
                        title: None,
                    },
                    None,
                ));
            }
        }
        if let Some(p) = &e.place {
            claims.push(claim(Fact::Place { place: p.clone() }, None));
        }
        let keys: Vec<&str> = countries.iter().map(String::as_str).collect();
        // A repeated report adds evidence to the event already held (in the record or in this file).
        let existing = find_event(e.event_type, &e.date, &keys, data.events(), &data)
            .map(|x| x.id.clone())
            .or_else(|| {
                merged
                    .keys()
                    .find(|id| {
                        merged[*id].event_type == e.event_type
                            && find_event(
                                e.event_type,
                                &e.date,
                                &keys,
                                std::iter::once(&merged[*id]),
                                &data,
                            )
                            .is_some()
                    })
                    .map(|id| RecordId::new(id.clone()))
            })
            .or_else(|| {
                find_event(e.event_type, &e.date, &keys, new_events.iter(), &data)
                    .map(|x| x.id.clone())
            });
        match existing {
            Some(id) => {
                if let Some(n) = new_events.iter_mut().find(|n| n.id == id) {
                    n.claims.extend(claims);
                } else {
                    let entry =
                        merged
                            .entry(id.to_string())
                            .or_insert_with(|| match data.get(&id) {
                                Some(Record::Event(x)) => Event {
                                    claims: Vec::new(),
                                    ..x.clone()
                                },
                                _ => unreachable!("find_event returns events of the record"),
                            });
                    entry.claims.extend(claims);
                }
            }
            None => {
                let title = format!(
                    "{}: {} → {}",
                    e.event_type.label(),
                    bilat_model::country_name(&countries[0]).unwrap_or(&countries[0]),
                    bilat_model::country_name(&countries[1]).unwrap_or(&countries[1])
                );
                new_events.push(Event {
                    id: RecordId::new(format!("ev:{}", slug(&e.external_id))),
                    event_type: e.event_type,
                    title: Names::en(title),
                    dyads: vec![pair],
                    countries: Vec::new(),
                    domains: vec![interchange::default_domain(e.event_type)],
                    sectors: Vec::new(),
                    claims,
                });
            }
        }
    }
    let origin = |id: &str| Origin {
        file: format!("{} ({id})", path.display()),
        line: 0,
    };
    let mut records: Vec<(Record, Origin)> = Vec::new();
    for s in sources.into_values() {
        let o = origin(s.id.as_str());
        records.push((Record::Source(s), o));
    }
    let (n_new, n_matched) = (new_events.len(), merged.len());
    for e in new_events.into_iter().chain(merged.into_values()) {
        let o = origin(e.id.as_str());
        records.push((Record::Event(e), o));
    }
    let plan = import::plan(&data, records)?;
    store.apply(
        &plan,
        &super::change().with_evidence(format!("bilat import {}", path.display())),
    )?;
    out!(
        "imported {}: {n_new} new events, {n_matched} events of the record matched (repeated reports add evidence to them), {} new claims",
        path.display(),
        plan.summary.new_claims
    );
    for (reason, n) in &skipped {
        out!("skipped {n}: {reason}");
    }
    Ok(())
}

/// Writes the record's events (of `dyad`, or all) as PLOVER JSON Lines.
pub fn export(data: &Dataset, out: &mut dyn Write, dyad: Option<&Dyad>) -> Result<usize> {
    let mut n = 0;
    for e in data.events() {
        if dyad.is_some_and(|d| !e.dyads.contains(d)) {
            continue;
        }
        let date = bilat_brief::best_date(&Record::Event(e.clone()));
        let v = interchange::to_plover(
            e,
            data,
            date,
            &format!("bilat {}", env!("CARGO_PKG_VERSION")),
        );
        writeln!(out, "{}", serde_json::to_string(&v)?)?;
        n += 1;
    }
    if n == 0 && dyad.is_some() {
        bail!("the record holds no events of that dyad");
    }
    Ok(n)
}
