use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use bilat_store::{RecordStore, SqliteStore, bundled};

#[derive(clap::Args)]
pub struct Args {
    /// Create an empty record (no bundled data), e.g. to import an export into.
    #[arg(long)]
    empty: bool,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let path = super::db_path(db)?;
    let mut store =
        SqliteStore::open(&path).with_context(|| format!("opening {}", path.display()))?;
    if args.empty {
        bundled::leave_out(&mut store)?;
        out!("record at {}: empty record ready", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    match bundled::install(&mut store)? {
        Some(s) => out!(
            "record at {}: bundled Kazakhstan–Qatar data installed ({} records, {} claims)",
            path.display(),
            s.new_records,
            s.new_claims
        ),
        None => out!(
            "record at {}: already initialised ({})",
            path.display(),
            store.meta(bundled::META_KEY)?.unwrap_or_default()
        ),
    }
    Ok(ExitCode::SUCCESS)
}
