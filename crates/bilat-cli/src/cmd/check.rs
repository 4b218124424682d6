use std::process::ExitCode;

use super::Db;
use anyhow::Result;
use bilat_model::check::check;

use crate::output::Format;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// Exits non-zero when the record has errors; conflicts between sources are reported only.
pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    let data = super::load(db)?;
    let report = check(&data);
    match args.format {
        Format::Json => out!("{}", serde_json::to_string_pretty(&report)?),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record(["severity", "kind", "record", "message", "sources"])?;
            for e in &report.errors {
                w.write_record(["error", "invalid", e.record.as_str(), &e.message, ""])?;
            }
            for c in &report.conflicts {
                let sources = c
                    .sources
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(";");
                w.write_record([
                    "conflict",
                    c.kind.as_str(),
                    c.record.as_str(),
                    &c.message,
                    &sources,
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            out!(
                "{} records, {} claims: {} error(s), {} conflict(s) between sources",
                report.records,
                report.claims,
                report.errors.len(),
                report.conflicts.len()
            );
            for e in &report.errors {
                out!("error    {}: {}", e.record, e.message);
            }
            for c in &report.conflicts {
                out!("conflict {} [{}]: {}", c.record, c.kind.as_str(), c.message);
            }
        }
    }
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
