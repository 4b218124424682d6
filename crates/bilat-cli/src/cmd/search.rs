//! `bilat search QUERY`: full-text search over ingested documents, with keyword in context.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use bilat_model::Record;
use bilat_model::date::FuzzyDate;
use bilat_reader::ingest::{kwic, search_query};
use bilat_store::DocumentStore;
use bilat_store::RecordStore;
use bilat_store::documents::SearchFilter;

use super::code::parse_lang;
use crate::output::{self, Format};

#[derive(clap::Args)]
pub struct Args {
    /// Words to find; inflected forms match (stems in the four languages).
    query: String,
    /// Only documents in this language (en, ru, kk, ar); also stems the query in it alone.
    #[arg(long)]
    lang: Option<String>,
    /// Only documents coded with this domain (e.g. trade_economic_investment).
    #[arg(long)]
    domain: Option<String>,
    /// Only documents published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Only documents published on or before this date.
    #[arg(long)]
    to: Option<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let lang = parse_lang(args.lang.as_deref())?;
    if let Some(d) = &args.domain {
        bilat_model::ontology::Domain::parse(d).with_context(|| {
            format!("--domain: expected one of political_diplomatic, trade_economic_investment, military_technical, cultural_humanitarian, transport_logistics; found {d:?}")
        })?;
    }
    let bound = |t: &Option<String>, last: bool, flag: &str| -> Result<Option<String>> {
        t.as_ref()
            .map(|t| {
                let d = FuzzyDate::parse(t).with_context(|| flag.to_string())?;
                Ok(if last { d.last_day() } else { d.first_day() }.to_string())
            })
            .transpose()
    };
    let filter = SearchFilter {
        lang: args.lang.clone(),
        domain: args.domain.clone(),
        from: bound(&args.from, false, "--from")?,
        to: bound(&args.to, true, "--to")?,
        limit: args.limit,
    };
    let Some(fts) = search_query(&args.query, lang) else {
        anyhow::bail!("expected words to search for, found {:?}", args.query);
    };
    let store = super::open(db)?;
    let hits = store.search(&fts, &filter)?;
    let mut rows = Vec::new();
    let mut json = Vec::new();
    for h in &hits {
        let Some(Record::Source(src)) =
            store.get(&bilat_model::RecordId::new(h.source_id.clone()))?
        else {
            continue;
        };
        let text = src.text.as_deref().unwrap_or("");
        let sentence: String = text.chars().skip(h.start).take(h.end - h.start).collect();
        let line = kwic(
            &sentence,
            &args.query,
            bilat_reader::lang::Lang::parse(&h.lang),
            110,
        );
        rows.push(vec![
            h.source_id.clone(),
            h.published.clone().unwrap_or_default(),
            h.lang.clone(),
            format!("{}–{}", h.start, h.end),
            line.clone(),
        ]);
        json.push(serde_json::json!({
            "source": h.source_id, "published": h.published, "lang": h.lang,
            "start": h.start, "end": h.end, "kwic": line, "sentence": sentence, "rank": h.rank,
        }));
    }
    if rows.is_empty() && args.format == Format::Table {
        out!("no matches");
        return Ok(ExitCode::SUCCESS);
    }
    output::emit(
        args.format,
        &["source", "published", "lang", "chars", "in context"],
        &rows,
        &serde_json::Value::Array(json),
    )?;
    Ok(ExitCode::SUCCESS)
}
