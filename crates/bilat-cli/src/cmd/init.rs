use std::process::ExitCode;

use anyhow::{Context, Result};
use bilat_store::{RecordStore, Store, bundled};

#[derive(clap::Args)]
pub struct Args {
    /// Create an empty record (no bundled data), e.g. to import an export into.
    #[arg(long)]
    empty: bool,
}

pub fn run(db: super::Db, args: Args) -> Result<ExitCode> {
    let path = db.location()?;
    let mut store = Store::open_location(&path).with_context(|| format!("opening {path}"))?;
    if args.empty {
        bundled::leave_out(&mut store)?;
        out!("record at {}: empty record ready", path);
        return Ok(ExitCode::SUCCESS);
    }
    match bundled::install(&mut store)? {
        Some(s) => out!(
            "record at {}: bundled Kazakhstan–Qatar data installed ({} records, {} claims)",
            path,
            s.new_records,
            s.new_claims
        ),
        None => out!(
            "record at {}: already initialised ({})",
            path,
            store.meta(bundled::META_KEY)?.unwrap_or_default()
        ),
    }
    Ok(ExitCode::SUCCESS)
}
