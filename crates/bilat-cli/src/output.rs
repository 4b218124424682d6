//! Human tables, CSV and JSON on standard output.

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Prints rows as an aligned table, CSV, or (for JSON) the given value.
pub fn emit(
    format: Format,
    header: &[&str],
    rows: &[Vec<String>],
    json: &serde_json::Value,
) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(json)?)?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(header)?;
            for row in rows {
                w.write_record(row)?;
            }
            w.flush()?;
        }
        Format::Table => {
            let widths: Vec<usize> = (0..header.len())
                .map(|i| {
                    rows.iter()
                        .map(|r| r[i].chars().count())
                        .chain([header[i].len()])
                        .max()
                        .unwrap_or(0)
                        .min(60)
                })
                .collect();
            let line = |cells: Vec<&str>| {
                let mut s = String::new();
                for (i, c) in cells.iter().enumerate() {
                    if i + 1 == cells.len() {
                        s.push_str(c);
                    } else {
                        s.push_str(c);
                        let pad = widths[i].saturating_sub(c.chars().count()) + 2;
                        s.push_str(&" ".repeat(pad));
                    }
                }
                s.trim_end().to_owned()
            };
            writeln!(out, "{}", line(header.to_vec()))?;
            for row in rows {
                writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// A rate as a signed percentage with one decimal (`+12.5%`); a dash when missing or not finite.
pub use bilat_model::display::signed_percent as pct;
