use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use bilat_store::RecordStore;
use bilat_store::files::{export as export_files, read_path};
use bilat_store::import::import_records;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// A .jsonl or .csv file, or a directory of them (files named after their kind,
    /// e.g. events.jsonl, observations.csv; other .jsonl files need a `kind` on each line).
    path: PathBuf,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The directory to write into (created if needed).
    dir: PathBuf,
}

pub fn import(db: Option<PathBuf>, args: ImportArgs) -> Result<ExitCode> {
    let incoming = read_path(&args.path).map_err(bilat_store::StoreError::Invalid)?;
    let mut store = super::open(db)?;
    let summary = import_records(&mut store, incoming)?;
    println!(
        "imported {}: {} records read, {} new records, {} new claims, {} unchanged",
        args.path.display(),
        summary.read,
        summary.new_records,
        summary.new_claims,
        summary.unchanged
    );
    Ok(ExitCode::SUCCESS)
}

pub fn export(db: Option<PathBuf>, args: ExportArgs) -> Result<ExitCode> {
    let store = super::open(db)?;
    let data = store.load()?;
    let files = export_files(&data, &args.dir)
        .with_context(|| format!("writing to {}", args.dir.display()))?;
    println!(
        "exported {} records to {} ({} files)",
        data.len(),
        args.dir.display(),
        files.len()
    );
    Ok(ExitCode::SUCCESS)
}
