//! `bilat search QUERY`: full-text search over ingested documents, with keyword in context.

use std::process::ExitCode;

use super::Db;
use anyhow::Result;

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

pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    let store = super::open(db)?;
    let found = bilat_web::search::search(
        &store,
        &bilat_web::search::Query {
            text: args.query.clone(),
            lang: args.lang.clone(),
            domain: args.domain.clone(),
            from: args.from.clone(),
            to: args.to.clone(),
            limit: args.limit,
        },
    )
    .map_err(anyhow::Error::msg)?;
    if found.is_empty() && args.format == Format::Table {
        out!("no matches");
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|f| {
            vec![
                f.source.clone(),
                f.published.clone().unwrap_or_default(),
                f.lang.clone(),
                format!("{}–{}", f.start, f.end),
                f.kwic.clone(),
            ]
        })
        .collect();
    output::emit(
        args.format,
        &["source", "published", "lang", "chars", "in context"],
        &rows,
        &serde_json::to_value(&found)?,
    )?;
    Ok(ExitCode::SUCCESS)
}
