//! Reading and writing the record as files: JSON Lines (one file per kind, or a mixed file whose
//! lines name their kind) and CSV for the tabular kinds (observations, fx rates).
//!
//! Reading never panics and never stops at the first problem: it returns every record it could
//! parse with its origin, or every problem as `file:line: expected …, found …`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use bilat_model::*;
use rust_decimal::Decimal;

/// Where a record was read from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The most problems one import reports; past that it says how many more there were.
pub const MAX_REPORTED: usize = 50;

/// Reads every `*.jsonl` and `*.csv` file of a directory (not its subdirectories), or one file.
pub fn read_path(path: &Path) -> Result<Vec<(Record, Origin)>, Vec<String>> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| {
            vec![format!(
                "{}: cannot list the directory: {e}",
                path.display()
            )]
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("jsonl" | "csv")
                    )
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(vec![format!(
                "{}: expected .jsonl or .csv files, found none",
                path.display()
            )]);
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        let name = file.display().to_string();
        match std::fs::read(&file) {
            Ok(bytes) => match read_bytes(&name, &bytes) {
                Ok(mut r) => records.append(&mut r),
                Err(mut p) => problems.append(&mut p),
            },
            Err(e) => problems.push(format!("{name}: cannot read: {e}")),
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

/// Reads one file's contents; `name` decides the format (`.csv` or JSON Lines) and, for a file
/// named after a kind (`events.jsonl`), the kind of every line.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Vec<(Record, Origin)>, Vec<String>> {
    let file_name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file_name.rsplit_once('.').unwrap_or((file_name, ""));
    let kind = Kind::from_file_stem(stem);
    match ext {
        "csv" => match kind {
            Some(k @ (Kind::Observation | Kind::FxRate)) => read_csv(name, k, bytes),
            _ => Err(vec![format!(
                "{name}: expected observations.csv or fx_rates.csv (the tabular kinds), found `{file_name}`"
            )]),
        },
        "jsonl" | "json" => read_jsonl(name, kind, bytes),
        _ => Err(vec![format!(
            "{name}: expected a .jsonl or .csv file, found `{file_name}`"
        )]),
    }
}

fn found(text: &str) -> String {
    let snippet: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        format!("{snippet}…")
    } else {
        snippet
    }
}

fn read_jsonl(
    name: &str,
    kind: Option<Kind>,
    bytes: &[u8],
) -> Result<Vec<(Record, Origin)>, Vec<String>> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut offset = 0;
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = i + 1;
        let origin = Origin {
            file: name.to_owned(),
            line,
        };
        let start = offset;
        offset += raw.len() + 1;
        let text = match std::str::from_utf8(raw) {
            Ok(t) => t.trim_end_matches('\r'),
            Err(e) => {
                problems.push(format!(
                    "{origin}: expected UTF-8 text, found an invalid byte at offset {}",
                    start + e.valid_up_to()
                ));
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        match parse_line(kind, text) {
            Ok(record) => records.push((record, origin)),
            Err(message) => problems.push(format!(
                "{origin}: {message}, found `{}`",
                found(text.trim())
            )),
        }
        if problems.len() > MAX_REPORTED {
            break;
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

fn parse_line(kind: Option<Kind>, text: &str) -> Result<Record, String> {
    let expected = |k: &str, e: serde_json::Error| format!("expected a JSON {k} record ({e})");
    let Some(kind) = kind else {
        return serde_json::from_str::<Record>(text)
            .map_err(|e| expected("record with a `kind` field", e));
    };
    let k = kind.name();
    Ok(match kind {
        Kind::Country => Record::Country(serde_json::from_str(text).map_err(|e| expected(k, e))?),
        Kind::Source => Record::Source(serde_json::from_str(text).map_err(|e| expected(k, e))?),
        Kind::Actor => Record::Actor(serde_json::from_str(text).map_err(|e| expected(k, e))?),
        Kind::FxRate => Record::FxRate(serde_json::from_str(text).map_err(|e| expected(k, e))?),
        Kind::Period => Record::Period(serde_json::from_str(text).map_err(|e| expected(k, e))?),
        Kind::Agreement => {
            Record::Agreement(serde_json::from_str(text).map_err(|e| expected(k, e))?)
        }
        Kind::Event => Record::Event(serde_json::from_str(text).map_err(|e| expected(k, e))?),
        Kind::Project => Record::Project(serde_json::from_str(text).map_err(|e| expected(k, e))?),
        Kind::Commitment => {
            Record::Commitment(serde_json::from_str(text).map_err(|e| expected(k, e))?)
        }
        Kind::Target => Record::Target(serde_json::from_str(text).map_err(|e| expected(k, e))?),
        Kind::Observation => {
            Record::Observation(serde_json::from_str(text).map_err(|e| expected(k, e))?)
        }
    })
}

/// The columns of the tabular kinds. Each row is one claim; rows with the same id form one record.
pub const OBSERVATION_COLUMNS: &[&str] = &[
    "id",
    "indicator",
    "title",
    "dyads",
    "value",
    "unit",
    "period",
    "source",
    "locator",
    "note",
];
pub const FX_RATE_COLUMNS: &[&str] = &[
    "id", "currency", "per_usd", "period", "source", "locator", "note",
];

fn read_csv(name: &str, kind: Kind, bytes: &[u8]) -> Result<Vec<(Record, Origin)>, Vec<String>> {
    let columns = if kind == Kind::Observation {
        OBSERVATION_COLUMNS
    } else {
        FX_RATE_COLUMNS
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            return Err(vec![format!(
                "{name}:1: expected a CSV header, found unreadable input ({e})"
            )]);
        }
    };
    if header != columns {
        return Err(vec![format!(
            "{name}:1: expected the header `{}`, found `{}`",
            columns.join(","),
            found(&header.join(","))
        )]);
    }
    let mut by_id: BTreeMap<String, (Record, Origin)> = BTreeMap::new();
    let mut problems = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.push(format!("{name}:{line}: expected {} comma-separated UTF-8 fields, found unreadable input ({e})", columns.len()));
                if problems.len() > MAX_REPORTED {
                    break;
                }
                continue;
            }
        };
        let line = row.position().map(|p| p.line() as usize).unwrap_or(0);
        let origin = Origin {
            file: name.to_owned(),
            line,
        };
        match csv_row(kind, &Row { row: &row, columns }) {
            Ok(record) => merge_row(&mut by_id, record, origin, &mut problems),
            Err(message) => problems.push(format!("{origin}: {message}")),
        }
    }
    if problems.is_empty() {
        Ok(by_id.into_values().collect())
    } else {
        Err(problems)
    }
}

fn merge_row(
    by_id: &mut BTreeMap<String, (Record, Origin)>,
    record: Record,
    origin: Origin,
    problems: &mut Vec<String>,
) {
    let id = record.id().to_string();
    match by_id.get_mut(&id) {
        None => {
            by_id.insert(id, (record, origin));
        }
        Some((existing, first)) => {
            let mut incoming = record.clone();
            let claims = incoming
                .claims_mut()
                .map(std::mem::take)
                .unwrap_or_default();
            let mut bare = existing.clone();
            if let Some(c) = bare.claims_mut() {
                c.clear();
            }
            if bare != incoming {
                problems.push(format!("{origin}: expected the same fields as the first row of `{id}` (line {}), found different ones", first.line));
            } else if let Some(c) = existing.claims_mut() {
                c.extend(claims);
            }
        }
    }
}

/// A CSV row read by column name.
struct Row<'a> {
    row: &'a csv::StringRecord,
    columns: &'a [&'a str],
}

impl Row<'_> {
    fn get(&self, col: &str) -> &str {
        self.columns
            .iter()
            .position(|c| *c == col)
            .and_then(|i| self.row.get(i))
            .unwrap_or("")
            .trim()
    }
}

fn csv_row(kind: Kind, row: &Row<'_>) -> Result<Record, String> {
    let get = |col: &str| row.get(col);
    let decimal = |col: &str| -> Result<Decimal, String> {
        let text = get(col);
        text.parse().map_err(|_| {
            format!(
                "expected a decimal number in `{col}`, found `{}`",
                found(text)
            )
        })
    };
    let date = |col: &str| FuzzyDate::parse(get(col)).map_err(|e| format!("in `{col}`: {e}"));
    let evidence = vec![Evidence {
        source: RecordId::new(get("source")),
        locator: parse_locator(get("locator"))?,
        quote_hash: None,
    }];
    let note = Some(get("note").to_owned()).filter(|n| !n.is_empty());
    let id = RecordId::new(get("id"));
    Ok(match kind {
        Kind::Observation => {
            let dyads = get("dyads")
                .split(';')
                .map(|d| Dyad::try_from(d.trim().to_owned()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("in `dyads`: {e}"))?;
            let unit: Unit = get("unit").parse().map_err(|e| format!("in `unit`: {e}"))?;
            let value = Quantity {
                value: decimal("value")?,
                unit,
            };
            Record::Observation(Observation {
                id,
                indicator: get("indicator").to_owned(),
                title: Names::en(get("title")),
                dyads,
                claims: vec![Claim {
                    fact: Fact::Value {
                        value,
                        period: date("period")?,
                    },
                    evidence,
                    note,
                }],
            })
        }
        _ => {
            let currency =
                Currency::new(get("currency")).map_err(|e| format!("in `currency`: {e}"))?;
            Record::FxRate(FxRate {
                id,
                currency,
                claims: vec![Claim {
                    fact: Fact::Rate {
                        per_usd: decimal("per_usd")?,
                        period: date("period")?,
                    },
                    evidence,
                    note,
                }],
            })
        }
    })
}

/// `section:Title`, `page:3`, `span:10-20` or `whole`.
pub fn parse_locator(text: &str) -> Result<Locator, String> {
    let bad = || {
        format!(
            "expected a locator such as `section:History`, `page:3`, `span:10-20` or `whole`, found `{}`",
            found(text)
        )
    };
    if text == "whole" {
        return Ok(Locator::Whole);
    }
    let (kind, rest) = text.split_once(':').ok_or_else(bad)?;
    match kind {
        "section" if !rest.trim().is_empty() => Ok(Locator::Section(rest.to_owned())),
        "page" => rest.parse().map(Locator::Page).map_err(|_| bad()),
        "span" => {
            let (a, b) = rest.split_once('-').ok_or_else(bad)?;
            Ok(Locator::Span(
                a.parse().map_err(|_| bad())?,
                b.parse().map_err(|_| bad())?,
            ))
        }
        _ => Err(bad()),
    }
}

pub fn format_locator(locator: &Locator) -> String {
    match locator {
        Locator::Section(s) => format!("section:{s}"),
        Locator::Page(p) => format!("page:{p}"),
        Locator::Span(a, b) => format!("span:{a}-{b}"),
        Locator::Whole => "whole".to_owned(),
    }
}

/// Writes `dataset` to `dir`: `<kind>.jsonl` for every kind present, and `csv/observations.csv`,
/// `csv/fx_rates.csv` for the tabular kinds. Returns the files written.
pub fn export(dataset: &Dataset, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for kind in Kind::ALL {
        let records: Vec<&Record> = dataset.iter().filter(|r| r.kind() == *kind).collect();
        if records.is_empty() {
            continue;
        }
        let path = dir.join(format!("{}.jsonl", kind.file_stem()));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for record in records {
            let line = match record {
                Record::Country(r) => serde_json::to_string(r),
                Record::Source(r) => serde_json::to_string(r),
                Record::Actor(r) => serde_json::to_string(r),
                Record::FxRate(r) => serde_json::to_string(r),
                Record::Period(r) => serde_json::to_string(r),
                Record::Agreement(r) => serde_json::to_string(r),
                Record::Event(r) => serde_json::to_string(r),
                Record::Project(r) => serde_json::to_string(r),
                Record::Commitment(r) => serde_json::to_string(r),
                Record::Target(r) => serde_json::to_string(r),
                Record::Observation(r) => serde_json::to_string(r),
            }
            .map_err(std::io::Error::other)?;
            writeln!(out, "{line}")?;
        }
        out.flush()?;
        written.push(path);
    }
    let csv_dir = dir.join("csv");
    std::fs::create_dir_all(&csv_dir)?;
    written.push(write_csv(
        &csv_dir.join("observations.csv"),
        OBSERVATION_COLUMNS,
        dataset.observations().flat_map(observation_rows),
    )?);
    written.push(write_csv(
        &csv_dir.join("fx_rates.csv"),
        FX_RATE_COLUMNS,
        dataset.fx_rates().flat_map(fx_rows),
    )?);
    Ok(written)
}

fn write_csv(
    path: &Path,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<PathBuf> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(header)?;
    for row in rows {
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(path.to_path_buf())
}

/// One row per claim and piece of evidence; a claim cited by two sources becomes two rows.
fn observation_rows(o: &Observation) -> Vec<Vec<String>> {
    let dyads = o
        .dyads
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(";");
    let dyads = &dyads;
    o.claims
        .iter()
        .filter_map(|c| match &c.fact {
            Fact::Value { value, period } => Some((c, value, period)),
            _ => None,
        })
        .flat_map(|(c, value, period)| {
            c.evidence.iter().map(move |e| {
                vec![
                    o.id.to_string(),
                    o.indicator.clone(),
                    o.title.en.clone(),
                    dyads.to_owned(),
                    value.value.to_string(),
                    value.unit.to_string(),
                    period.to_string(),
                    e.source.to_string(),
                    format_locator(&e.locator),
                    c.note.clone().unwrap_or_default(),
                ]
            })
        })
        .collect()
}

fn fx_rows(r: &FxRate) -> Vec<Vec<String>> {
    r.claims
        .iter()
        .filter_map(|c| match &c.fact {
            Fact::Rate { per_usd, period } => Some((c, per_usd, period)),
            _ => None,
        })
        .flat_map(|(c, per_usd, period)| {
            c.evidence.iter().map(move |e| {
                vec![
                    r.id.to_string(),
                    r.currency.to_string(),
                    per_usd.to_string(),
                    period.to_string(),
                    e.source.to_string(),
                    format_locator(&e.locator),
                    c.note.clone().unwrap_or_default(),
                ]
            })
        })
        .collect()
}
