use std::path::PathBuf;
use std::process::ExitCode;

use super::Db;
use anyhow::{Result, bail};
use bilat_brief::Brief;
use clap::ValueEnum;

#[derive(Clone, Copy, ValueEnum)]
pub enum BriefFormat {
    Md,
    Html,
    /// Typeset PDF (binary: use -o FILE or redirect).
    Pdf,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    a: String,
    b: String,
    #[arg(long, value_enum, default_value = "md")]
    format: BriefFormat,
    /// The language of the brief: en, ru or kk (names from the record in that language,
    /// else in English marked [en]).
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: bilat_brief::Lang,
    /// Years covered by the table of areas of cooperation, e.g. 2022-2024.
    /// Default: the span of the record's latest period.
    #[arg(long)]
    window: Option<String>,
    /// The brief as the relationship stood on this day (YYYY-MM-DD): events and facts up to
    /// then, as the record knows them now; commitments and targets assessed on that day.
    /// Default: the whole record, as of its latest dated entry.
    #[arg(long)]
    as_of: Option<String>,
    /// With --as-of: only what the record's sources had reported by that day (sources of
    /// later date left out), to see what could have been known then.
    #[arg(long, requires = "as_of")]
    known_then: bool,
    /// Write to this file instead of standard output (whole or not at all).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

fn parse_lang(code: &str) -> std::result::Result<bilat_brief::Lang, String> {
    bilat_brief::Lang::parse(code).ok_or_else(|| format!("expected en, ru or kk, found {code:?}"))
}

pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    let dyad = super::dyad(&args.a, &args.b)?;
    let window = match &args.window {
        None => None,
        Some(text) => {
            let parsed = text.split_once('-').and_then(|(a, b)| {
                Some((a.trim().parse::<i32>().ok()?, b.trim().parse::<i32>().ok()?))
            });
            match parsed {
                Some((a, b)) if a <= b => Some((a, b)),
                _ => bail!("--window: expected two years such as 2022-2024, found `{text}`"),
            }
        }
    };
    let (db_for_trade, db_for_names) = (db.clone(), db.clone());
    let data = super::load(db)?;
    if data.in_dyad(&dyad).next().is_none() {
        bail!("the record holds nothing for {dyad}; `bilat import` data for it first");
    }
    // The transport section: the bundled corridor network and the 2017 blockade scenario.
    let (network, blockade) = bilat_brief::routes::bundled()?;
    let (a, b) = (args.a.to_uppercase(), args.b.to_uppercase());
    let day = match &args.as_of {
        None => None,
        Some(text) => Some(
            bilat_model::FuzzyDate::parse(text)
                .ok()
                .filter(|d| d.precision() == bilat_model::Precision::Day)
                .map(|d| d.first_day())
                .ok_or_else(|| {
                    anyhow::anyhow!("--as-of: expected a day such as 2024-02-14, found `{text}`")
                })?,
        ),
    };
    let hindsight = if args.known_then {
        bilat_track::Hindsight::Then
    } else {
        bilat_track::Hindsight::Now
    };
    let on = day.map(|d| (d, hindsight));
    let mut brief = Brief::build_on(&data, &dyad, window, args.lang, on).with_routes(
        &data,
        &network,
        (&a, &b),
        blockade.as_ref(),
    );
    // HS-level trade, when BACI files were imported (`bilat trade import`).
    let (trade_dir, files) = super::trade::imported(db_for_trade, "baci")?;
    if !files.is_empty() {
        let t = bilat_trade::dyad::dyad_trade(
            &files,
            &a,
            &b,
            None,
            5,
            bilat_trade::dyad::RESOURCE_CHAPTERS,
        )
        .map_err(|e| {
            anyhow::anyhow!("reading the imported trade in {}: {e}", trade_dir.display())
        })?;
        if !t.years.is_empty() {
            let names = bilat_trade::names::load(
                &super::trade::trade_dir(db_for_names)?.join("product-names.csv"),
            );
            brief = brief.with_imported_trade(&data, &dyad, t, &names);
        }
    }
    let bytes = match args.format {
        BriefFormat::Md => brief.to_markdown().into_bytes(),
        BriefFormat::Pdf => brief
            .to_pdf()
            .map_err(|e| anyhow::anyhow!("typesetting the PDF: {e}"))?,
        BriefFormat::Html => brief.to_html().into_bytes(),
        BriefFormat::Json => (serde_json::to_string_pretty(&brief)? + "\n").into_bytes(),
    };
    super::write_output(args.output.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// `bilat compare QA KZ QA UZ …`: pairs given as consecutive country codes.
#[derive(clap::Args)]
pub struct CompareArgs {
    /// Countries, two per pair (ISO 3166-1 alpha-2), e.g. QA KZ QA UZ KG QA.
    #[arg(required = true, num_args = 4..)]
    countries: Vec<String>,
    /// First year of the recent window (the paper's strategic phase starts in 2017).
    #[arg(long, default_value_t = 2017)]
    since: i32,
    #[arg(long, value_enum, default_value = "table")]
    format: crate::output::Format,
}

pub fn compare(db: Db, args: CompareArgs) -> Result<ExitCode> {
    if !args.countries.len().is_multiple_of(2) {
        bail!(
            "expected countries in pairs (as QA KZ QA UZ), found {}",
            args.countries.len()
        );
    }
    let data = super::load(db)?;
    let mut profiles = Vec::new();
    for pair in args.countries.chunks(2) {
        let dyad = super::dyad(&pair[0], &pair[1])?;
        if data.in_dyad(&dyad).next().is_none() {
            bail!("the record holds nothing for {dyad}; `bilat import` data for it first");
        }
        profiles.push(bilat_brief::measures::profile(&data, &dyad, args.since));
    }
    let row = |name: &str, f: &dyn Fn(&bilat_brief::measures::Profile) -> String| -> Vec<String> {
        std::iter::once(name.to_string())
            .chain(profiles.iter().map(f))
            .collect()
    };
    let since = args.since;
    let rows = vec![
        row("diplomatic relations since", &|p| {
            p.relations_since.clone().unwrap_or("—".into())
        }),
        row("events in the record", &|p| p.events.to_string()),
        row("distinct sources", &|p| p.sources.to_string()),
        row("state visits", &|p| p.state_visits.to_string()),
        row("first state visit", &|p| {
            p.first_state_visit.map_or("—".into(), |y| y.to_string())
        }),
        row("official visits", &|p| p.official_visits.to_string()),
        row("agreement signings and ratifications", &|p| {
            p.agreement_events.to_string()
        }),
        row("embassies opened", &|p| p.embassies.to_string()),
        row("intensity, all years", &|p| p.intensity_total.to_string()),
        row(&format!("intensity since {since}"), &|p| {
            p.intensity_since.to_string()
        }),
        row(&format!("domains active since {since} (of 5)"), &|p| {
            p.domains_since.to_string()
        }),
    ];
    let mut header: Vec<String> = vec!["measure".into()];
    header.extend(profiles.iter().map(|p| p.dyad.clone()));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    crate::output::emit(
        args.format,
        &header_refs,
        &rows,
        &serde_json::to_value(&profiles)?,
    )?;
    if args.format == crate::output::Format::Table {
        out!(
            "\nIntensity weighs events by type (crates/bilat-brief/src/measures.rs); the record holds what its sources report, so a pair with fewer sources may be less covered rather than less active."
        );
    }
    Ok(ExitCode::SUCCESS)
}
