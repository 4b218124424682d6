//! Import of UN Comtrade bulk CSV files into the same Parquet files as BACI's.
//!
//! Two headers are read, recognised by their column names: the legacy bulk format (`Year`,
//! `Aggregate Level`, `Trade Flow Code`, `Reporter ISO`, `Partner ISO`, `Commodity Code`,
//! `Netweight (kg)`, `Trade Value (US$)`, …) and Comtrade+ (`refYear`, `flowCode`,
//! `reporterISO`, `partnerISO`, `cmdCode`, `netWgt`, `primaryValue`, and where present
//! `customsCode`, `motCode`, `partner2Code`).
//!
//! Rows kept: six-digit commodity codes, a partner other than the World, and one direction
//! of flow — the reporters' exports by default (`Flow::Exports`: exporter = reporter), or their
//! imports (exporter = partner) — so that the mirror report of the same flow is not added
//! twice. Re-exports and re-imports are left out, and in Comtrade+ only the totals over
//! customs procedures and modes of transport (`C00`, `0`, partner2 `0`). Partners that are
//! areas without an ISO 3166 code ("Areas, n.e.s.", free zones, bunkers) are skipped and
//! counted; an ISO code that is not a country is an error. Values are US dollars; net weights
//! (kg) become tonnes.

use std::io::Read;
use std::path::Path;

use crate::baci::{ImportError, Summary, amount, hs6_into, write_flows};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Exports,
    Imports,
}

/// What an import read and what it left out.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ComtradeSummary {
    #[serde(flatten)]
    pub written: Summary,
    /// Rows left out because the partner (or reporter) is an area without an ISO code.
    pub skipped_areas: u64,
    /// Rows of other flows, levels, or breakdowns (kept out by the rules above).
    pub skipped_other: u64,
}

struct Columns {
    year: usize,
    flow: usize,
    reporter: usize,
    partner: usize,
    code: usize,
    value: usize,
    weight: Option<usize>,
    level: Option<usize>,
    customs: Option<usize>,
    mot: Option<usize>,
    partner2: Option<usize>,
    plus: bool,
}

fn columns(header: &[String]) -> Option<Columns> {
    let col = |n: &str| header.iter().position(|h| h == n);
    if let (Some(year), Some(flow), Some(reporter), Some(partner), Some(code), Some(value)) = (
        col("Year"),
        col("Trade Flow Code"),
        col("Reporter ISO"),
        col("Partner ISO"),
        col("Commodity Code"),
        col("Trade Value (US$)"),
    ) {
        return Some(Columns {
            year,
            flow,
            reporter,
            partner,
            code,
            value,
            weight: col("Netweight (kg)"),
            level: col("Aggregate Level"),
            customs: None,
            mot: None,
            partner2: None,
            plus: false,
        });
    }
    Some(Columns {
        year: col("refYear")?,
        flow: col("flowCode")?,
        reporter: col("reporterISO")?,
        partner: col("partnerISO")?,
        code: col("cmdCode")?,
        value: col("primaryValue")?,
        weight: col("netWgt"),
        level: None,
        customs: col("customsCode"),
        mot: col("motCode"),
        partner2: col("partner2Code"),
        plus: true,
    })
}

/// Imports one Comtrade file into `out` (a Parquet file).
pub fn import(
    input: impl Read,
    name: &str,
    flow: Flow,
    out: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<ComtradeSummary, ImportError> {
    let at = |line: u64, message: String| ImportError::At {
        file: name.to_string(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| at(1, e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let c = columns(&header).ok_or_else(|| {
        at(
            1,
            format!(
                "expected a UN Comtrade header (legacy bulk or Comtrade+), found {}",
                header.join(",")
            ),
        )
    })?;
    let (mut areas, mut other) = (0u64, 0u64);
    let written = write_flows(name, out, &mut |sink| {
        let mut record = csv::StringRecord::new();
        let mut line: u64 = 1;
        let mut hs = String::with_capacity(6);
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(at(line + 1, e.to_string())),
            }
            line += 1;
            let f = |i: usize| record.get(i).unwrap_or("").trim();
            let opt = |i: Option<usize>| i.map(|i| record.get(i).unwrap_or("").trim());
            let code = f(c.code);
            let flow_code = f(c.flow);
            let wanted = match (c.plus, flow) {
                (false, Flow::Exports) => "2",
                (false, Flow::Imports) => "1",
                (true, Flow::Exports) => "X",
                (true, Flow::Imports) => "M",
            };
            let six = code.len() == 6 && opt(c.level).is_none_or(|l| l.is_empty() || l == "6");
            let totals = opt(c.customs).is_none_or(|v| v.is_empty() || v == "C00")
                && opt(c.mot).is_none_or(|v| v.is_empty() || v == "0")
                && opt(c.partner2).is_none_or(|v| v.is_empty() || v == "0");
            let world = matches!(f(c.partner), "WLD" | "W00" | "");
            if flow_code != wanted || !six || !totals || world {
                other += 1;
                continue;
            }
            let iso = |i: usize, what: &str| -> Result<Option<&'static str>, ImportError> {
                let v = f(i);
                if let Some(a2) = bilat_model::country_alpha2(v) {
                    return Ok(Some(a2));
                }
                // Comtrade's areas: n.e.s. codes (X.., _X), free zones, bunkers, special categories.
                if v.len() != 3 || v.starts_with('X') || v.starts_with('_') || v.starts_with('S') {
                    return Ok(None);
                }
                Err(at(
                    line,
                    format!("{what}: `{v}` is not an ISO 3166-1 alpha-3 country code"),
                ))
            };
            let (Some(reporter), Some(partner)) =
                (iso(c.reporter, "reporter")?, iso(c.partner, "partner")?)
            else {
                areas += 1;
                continue;
            };
            let year: u16 = f(c.year).parse().map_err(|_| {
                at(
                    line,
                    format!("year: expected a year, found `{}`", f(c.year)),
                )
            })?;
            hs6_into(code, &mut hs).map_err(|m| at(line, format!("commodity: {m}")))?;
            let value = amount(f(c.value)).map_err(|m| at(line, format!("value: {m}")))?;
            let tonnes = match opt(c.weight) {
                None | Some("") => None,
                Some(w) => {
                    Some(amount(w).map_err(|m| at(line, format!("net weight: {m}")))? / 1000.0)
                }
            };
            let (exporter, importer) = match flow {
                Flow::Exports => (reporter, partner),
                Flow::Imports => (partner, reporter),
            };
            if sink.push(line, year, exporter, importer, &hs, value, tonnes)? {
                progress(reader.position().byte());
            }
        }
        progress(reader.position().byte());
        Ok(())
    })?;
    Ok(ComtradeSummary {
        written,
        skipped_areas: areas,
        skipped_other: other,
    })
}
