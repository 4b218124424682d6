use std::path::PathBuf;
use std::process::ExitCode;

use super::Db;
use anyhow::{Context, Result};
use bilat_store::RecordStore;
use bilat_store::files::{export as export_files, read_path};
use bilat_store::import::import_records;

use super::interchange::ExternalFormat;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// A .jsonl or .csv file, or a directory of them (files named after their kind,
    /// e.g. events.jsonl, observations.csv; other .jsonl files need a `kind` on each line).
    /// With --format plover: PLOVER JSON Lines; with --format gdelt: a GDELT 2.0 event export.
    path: PathBuf,
    /// bilat's own files (default), PLOVER JSON Lines, or a GDELT 2.0 event export (TSV).
    #[arg(long, value_enum)]
    format: Option<ExternalFormat>,
    /// With plover or gdelt: keep only events between these two countries (e.g. KZ-QA).
    #[arg(long)]
    dyad: Option<String>,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The directory to write into (created if needed); with --format plover, a .jsonl file
    /// or `-` for standard output.
    dir: PathBuf,
    /// bilat's own JSON Lines and CSV (default), or the record's events as PLOVER JSON Lines.
    #[arg(long, value_enum)]
    format: Option<ExportFormat>,
    /// With plover: only the events of this pair (e.g. KZ-QA).
    #[arg(long)]
    dyad: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Plover,
}

fn parse_dyad(d: Option<&str>) -> Result<Option<bilat_model::Dyad>> {
    d.map(|d| bilat_web::review::dyad("--dyad", d)).transpose()
}

pub fn import(db: Db, args: ImportArgs) -> Result<ExitCode> {
    if let Some(format) = args.format {
        let dyad = parse_dyad(args.dyad.as_deref())?;
        let mut store = super::open(db)?;
        super::interchange::import(&mut store, &args.path, format, dyad.as_ref())?;
        return Ok(ExitCode::SUCCESS);
    }
    let incoming = read_path(&args.path).map_err(bilat_store::StoreError::Invalid)?;
    let mut store = super::open(db)?;
    let change = super::change().with_evidence(format!("bilat import {}", args.path.display()));
    let summary = import_records(&mut store, incoming, &change)?;
    out!(
        "imported {}: {} records read, {} new records, {} new claims, {} unchanged",
        args.path.display(),
        summary.read,
        summary.new_records,
        summary.new_claims,
        summary.unchanged
    );
    Ok(ExitCode::SUCCESS)
}

pub fn export(db: Db, args: ExportArgs) -> Result<ExitCode> {
    let store = super::open(db)?;
    let data = store.load()?;
    if args.format == Some(ExportFormat::Plover) {
        let dyad = parse_dyad(args.dyad.as_deref())?;
        if args.dir.as_os_str() == "-" {
            let stdout = std::io::stdout();
            super::interchange::export(&data, &mut stdout.lock(), dyad.as_ref())?;
            return Ok(ExitCode::SUCCESS);
        }
        let path = if args.dir.extension().is_some_and(|e| e == "jsonl") {
            args.dir.clone()
        } else {
            std::fs::create_dir_all(&args.dir)
                .with_context(|| format!("creating {}", args.dir.display()))?;
            args.dir.join("events.plover.jsonl")
        };
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(&path)
                .with_context(|| format!("{}: cannot create", path.display()))?,
        );
        let n = super::interchange::export(&data, &mut file, dyad.as_ref())?;
        std::io::Write::flush(&mut file)?;
        out!("exported {n} events as PLOVER to {}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let files = export_files(&data, &args.dir)
        .with_context(|| format!("writing to {}", args.dir.display()))?;
    out!(
        "exported {} records to {} ({} files)",
        data.len(),
        args.dir.display(),
        files.len()
    );
    Ok(ExitCode::SUCCESS)
}
