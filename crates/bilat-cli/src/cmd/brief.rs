use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use bilat_brief::Brief;
use clap::ValueEnum;

#[derive(Clone, Copy, ValueEnum)]
pub enum BriefFormat {
    Md,
    Html,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    a: String,
    b: String,
    #[arg(long, value_enum, default_value = "md")]
    format: BriefFormat,
    /// Years covered by the table of areas of cooperation, e.g. 2022-2024.
    /// Default: the span of the record's latest period.
    #[arg(long)]
    window: Option<String>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode> {
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
    let data = super::load(db)?;
    if data.in_dyad(&dyad).next().is_none() {
        bail!("the record holds nothing for {dyad}; `bilat import` data for it first");
    }
    // The transport section: the bundled corridor network and the 2017 blockade scenario.
    let network = bilat_route::bundled()?;
    let blockade = bilat_route::bundled_scenario("blockade-2017").transpose()?;
    let (a, b) = (args.a.to_uppercase(), args.b.to_uppercase());
    let brief =
        Brief::build(&data, &dyad, window).with_routes(&network, (&a, &b), blockade.as_ref());
    match args.format {
        BriefFormat::Md => {
            use std::io::Write as _;
            write!(std::io::stdout().lock(), "{}", brief.to_markdown())?
        }
        BriefFormat::Html => {
            use std::io::Write as _;
            write!(std::io::stdout().lock(), "{}", brief.to_html())?
        }
        BriefFormat::Json => out!("{}", serde_json::to_string_pretty(&brief)?),
    }
    Ok(ExitCode::SUCCESS)
}
