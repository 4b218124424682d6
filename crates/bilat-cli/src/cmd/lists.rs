use std::process::ExitCode;

use super::Db;
use anyhow::Result;
use bilat_brief::best_date;
use bilat_model::{Fact, Record};

use crate::output::{Format, emit};

#[derive(clap::Args)]
pub struct DyadArgs {
    a: String,
    b: String,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

impl DyadArgs {
    pub fn new(a: String, b: String, format: Format) -> DyadArgs {
        DyadArgs { a, b, format }
    }
}

#[derive(clap::Args)]
pub struct ActorArgs {
    /// Only actors of this country (ISO 3166-1 alpha-2).
    #[arg(long)]
    country: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(clap::Args)]
pub struct FormatArgs {
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

fn latest_status(claims: &[bilat_model::Claim]) -> String {
    claims
        .iter()
        .rev()
        .find_map(|c| match &c.fact {
            Fact::Status { status, .. } => Some(status.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "—".to_owned())
}

fn facts(claims: &[bilat_model::Claim], names: &[&str]) -> String {
    let parts: Vec<String> = claims
        .iter()
        .filter(|c| names.contains(&c.fact.name()))
        .map(|c| c.fact.summary())
        .collect();
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join("; ")
    }
}

pub fn agreements(db: Db, args: DyadArgs) -> Result<ExitCode> {
    let dyad = super::dyad(&args.a, &args.b)?;
    let data = super::load(db)?;
    let mut list: Vec<&bilat_model::Agreement> = data
        .agreements()
        .filter(|a| a.dyads.contains(&dyad))
        .collect();
    list.sort_by_key(|a| {
        (
            Record::Agreement((*a).clone())
                .sort_date()
                .map(|d| d.first_day()),
            a.id.clone(),
        )
    });
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            vec![
                best_date(&Record::Agreement((*a).clone()))
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".to_owned()),
                a.agreement_kind.as_str().to_owned(),
                a.title.en.clone(),
                facts(&a.claims, &["ratified", "in_force"]),
                latest_status(&a.claims),
                super::evidence_text(&data, &a.claims),
                a.id.to_string(),
            ]
        })
        .collect();
    emit(
        args.format,
        &[
            "signed",
            "kind",
            "title",
            "ratification",
            "status",
            "evidence",
            "id",
        ],
        &rows,
        &serde_json::to_value(&list)?,
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn projects(db: Db, args: DyadArgs) -> Result<ExitCode> {
    let dyad = super::dyad(&args.a, &args.b)?;
    let data = super::load(db)?;
    let list: Vec<&bilat_model::Project> = data
        .projects()
        .filter(|p| p.dyads.contains(&dyad))
        .collect();
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|p| {
            vec![
                p.title.en.clone(),
                p.sector.as_str().to_owned(),
                facts(&p.claims, &["planned_investment"]),
                latest_status(&p.claims),
                p.aggregation.as_str().to_owned(),
                super::evidence_text(&data, &p.claims),
                p.id.to_string(),
            ]
        })
        .collect();
    emit(
        args.format,
        &[
            "title",
            "sector",
            "planned investment",
            "status",
            "totals",
            "evidence",
            "id",
        ],
        &rows,
        &serde_json::to_value(&list)?,
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn actors(db: Db, args: ActorArgs) -> Result<ExitCode> {
    let data = super::load(db)?;
    let country = args.country.map(|c| c.to_uppercase());
    let list: Vec<&bilat_model::Actor> = data
        .actors()
        .filter(|a| {
            country
                .as_deref()
                .is_none_or(|c| a.country.as_ref().is_some_and(|x| x.as_str() == c))
        })
        .collect();
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            vec![
                a.names.en.clone(),
                a.names.ru.clone().unwrap_or_default(),
                a.country
                    .as_ref()
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "—".to_owned()),
                facts(&a.claims, &["role"]),
                super::evidence_text(&data, &a.claims),
                a.id.to_string(),
            ]
        })
        .collect();
    emit(
        args.format,
        &["name", "name (ru)", "country", "roles", "evidence", "id"],
        &rows,
        &serde_json::to_value(&list)?,
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn sources(db: Db, args: FormatArgs) -> Result<ExitCode> {
    let data = super::load(db)?;
    let list: Vec<&bilat_model::Source> = data.sources().collect();
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            vec![
                s.short.clone(),
                s.source_kind.as_str().to_owned(),
                s.language.clone(),
                s.title.clone(),
                s.url.clone().unwrap_or_else(|| "—".to_owned()),
                s.id.to_string(),
            ]
        })
        .collect();
    emit(
        args.format,
        &["short", "kind", "lang", "title", "url", "id"],
        &rows,
        &serde_json::to_value(&list)?,
    )?;
    Ok(ExitCode::SUCCESS)
}
