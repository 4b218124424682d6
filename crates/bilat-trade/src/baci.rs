//! Import of CEPII BACI yearly files into Parquet.
//!
//! A BACI file has the header `t,i,j,k,v,q`: year, exporter and importer (numeric country
//! codes), HS6 product, value in thousands of US dollars, quantity in tonnes (`NA` when
//! unknown). Each file becomes one Parquet file with the columns
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `year` | UInt16 | `t` |
//! | `exporter`, `importer` | Utf8 | ISO 3166-1 alpha-2 |
//! | `hs6` | Utf8 | six digits, leading zeros kept |
//! | `value_usd` | Float64 | `v × 1000` |
//! | `quantity_t` | Float64, nullable | `q` (null for `NA`) |
//!
//! Country codes are ISO 3166-1 numeric, except the aggregates BACI uses (251 France with
//! Monaco, 381 Italy with San Marino and the Vatican, 579 Norway with Svalbard, 699 India,
//! 757 Switzerland with Liechtenstein, 842 United States with Puerto Rico and the Virgin
//! Islands, 490 "Other Asia, n.e.s.", that is Taiwan); BACI's own `country_codes` file, when
//! given, decides instead. The file is read as a stream and written in row groups, so memory
//! does not grow with the file; it is written under a temporary name and renamed when
//! complete, so a failed import leaves nothing behind. Errors name the file and line.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, StringBuilder, UInt16Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

/// Rows per row group (and per batch held in memory).
pub const BATCH: usize = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}:{line}: {message}")]
    At {
        file: String,
        line: u64,
        message: String,
    },
    #[error("{file}: {message}")]
    File { file: String, message: String },
}

/// Numeric country code → ISO alpha-2.
#[derive(Clone, Debug, Default)]
pub struct CountryCodes {
    /// Indexed by the numeric code (0..=999).
    map: Vec<Option<String>>,
}

/// BACI's aggregates that are not ISO numeric codes, with the ISO country they stand for.
const BACI_AGGREGATES: &[(u16, &str)] = &[
    (251, "FR"),
    (381, "IT"),
    (490, "TW"),
    (579, "NO"),
    (699, "IN"),
    (757, "CH"),
    (842, "US"),
];

impl CountryCodes {
    /// ISO 3166-1 numeric codes plus BACI's aggregates.
    pub fn iso() -> CountryCodes {
        let mut map = vec![None; 1000];
        for n in 0..1000u16 {
            if let Some(a2) = bilat_model::country_from_numeric(n) {
                map[usize::from(n)] = Some(a2.to_string());
            }
        }
        for (n, a2) in BACI_AGGREGATES {
            map[usize::from(*n)] = Some((*a2).to_string());
        }
        CountryCodes { map }
    }

    /// BACI's `country_codes_V*.csv` (columns `country_code` and `country_iso3` or
    /// `country_iso2`), on top of the ISO codes.
    pub fn from_baci_file(path: &Path) -> Result<CountryCodes, ImportError> {
        let file = path.display().to_string();
        let err = |line: u64, message: String| ImportError::At {
            file: file.clone(),
            line,
            message,
        };
        let mut codes = CountryCodes::iso();
        let mut r = csv::Reader::from_path(path).map_err(|e| ImportError::File {
            file: file.clone(),
            message: e.to_string(),
        })?;
        let header = r.headers().map_err(|e| err(1, e.to_string()))?.clone();
        let col = |n: &str| header.iter().position(|h| h.trim() == n);
        let code =
            col("country_code").ok_or_else(|| err(1, "expected a column country_code".into()))?;
        // alpha-3 first: BACI writes "NA" for a missing alpha-2, which is also Namibia's.
        let (iso_col, is3) = match (col("country_iso3"), col("country_iso2")) {
            (Some(c), _) => (c, true),
            (None, Some(c)) => (c, false),
            _ => {
                return Err(err(
                    1,
                    "expected a column country_iso3 or country_iso2".into(),
                ));
            }
        };
        for (n, rec) in r.records().enumerate() {
            let line = n as u64 + 2;
            let rec = rec.map_err(|e| err(line, e.to_string()))?;
            let num: u16 = rec[code].trim().parse().map_err(|_| {
                err(
                    line,
                    format!("expected a numeric country_code, found `{}`", &rec[code]),
                )
            })?;
            let iso = rec[iso_col].trim();
            let a2 = if is3 {
                bilat_model::country_alpha2(iso).map(str::to_string)
            } else {
                bilat_model::country_name(iso).map(|_| iso.to_string())
            };
            // Aggregates without an ISO code ("Belgium-Luxembourg") stay unknown.
            if let Some(a2) = a2
                && let Some(slot) = codes.map.get_mut(usize::from(num))
            {
                *slot = Some(a2);
            }
        }
        Ok(codes)
    }

    pub fn get(&self, n: u16) -> Option<&str> {
        self.map.get(usize::from(n))?.as_deref()
    }
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    pub rows: u64,
    pub years: Vec<u16>,
    pub value_usd: f64,
    pub missing_quantity: u64,
    pub output: PathBuf,
}

fn schema() -> Arc<Schema> {
    Arc::new(Schema::new(vec![
        Field::new("year", DataType::UInt16, false),
        Field::new("exporter", DataType::Utf8, false),
        Field::new("importer", DataType::Utf8, false),
        Field::new("hs6", DataType::Utf8, false),
        Field::new("value_usd", DataType::Float64, false),
        Field::new("quantity_t", DataType::Float64, true),
    ]))
}

struct Builders {
    year: UInt16Builder,
    exporter: StringBuilder,
    importer: StringBuilder,
    hs6: StringBuilder,
    value: Float64Builder,
    quantity: Float64Builder,
    len: usize,
}

impl Builders {
    fn new() -> Builders {
        Builders {
            year: UInt16Builder::with_capacity(BATCH),
            exporter: StringBuilder::with_capacity(BATCH, BATCH * 2),
            importer: StringBuilder::with_capacity(BATCH, BATCH * 2),
            hs6: StringBuilder::with_capacity(BATCH, BATCH * 6),
            value: Float64Builder::with_capacity(BATCH),
            quantity: Float64Builder::with_capacity(BATCH),
            len: 0,
        }
    }

    fn finish(&mut self, schema: &Arc<Schema>) -> Result<RecordBatch, String> {
        self.len = 0;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.year.finish()),
            Arc::new(self.exporter.finish()),
            Arc::new(self.importer.finish()),
            Arc::new(self.hs6.finish()),
            Arc::new(self.value.finish()),
            Arc::new(self.quantity.finish()),
        ];
        RecordBatch::try_new(schema.clone(), columns).map_err(|e| e.to_string())
    }
}

/// A non-negative integer of at most five digits, surrounded by optional spaces.
fn small_int(b: &[u8]) -> Option<u16> {
    let b = b.trim_ascii();
    if b.is_empty() || b.len() > 5 {
        return None;
    }
    let mut n: u32 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(c - b'0');
    }
    u16::try_from(n).ok()
}

/// Where parsed flows go: row groups of [`BATCH`] sent to the Parquet encoder.
pub(crate) struct Sink<'a> {
    builders: Builders,
    schema: Arc<Schema>,
    tx: std::sync::mpsc::SyncSender<RecordBatch>,
    summary: Summary,
    at: &'a dyn Fn(u64, String) -> ImportError,
}

impl Sink<'_> {
    /// Adds one flow (`line` names it in errors).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push(
        &mut self,
        line: u64,
        year: u16,
        exporter: &str,
        importer: &str,
        hs6: &str,
        value_usd: f64,
        quantity_t: Option<f64>,
    ) -> Result<bool, ImportError> {
        let b = &mut self.builders;
        b.year.append_value(year);
        b.exporter.append_value(exporter);
        b.importer.append_value(importer);
        b.hs6.append_value(hs6);
        b.value.append_value(value_usd);
        b.quantity.append_option(quantity_t);
        b.len += 1;
        let s = &mut self.summary;
        s.rows += 1;
        s.value_usd += value_usd;
        s.missing_quantity += u64::from(quantity_t.is_none());
        if s.years.last() != Some(&year) && !s.years.contains(&year) {
            s.years.push(year);
        }
        if b.len == BATCH {
            self.flush(line)?;
            return Ok(true);
        }
        Ok(false)
    }

    fn flush(&mut self, line: u64) -> Result<(), ImportError> {
        let batch = self
            .builders
            .finish(&self.schema)
            .map_err(|e| (self.at)(line, e))?;
        // A closed channel means the writer failed; its error is reported by the caller.
        self.tx
            .send(batch)
            .map_err(|_| (self.at)(line, "the Parquet writer stopped".to_string()))
    }
}

/// Writes the flows that `produce` pushes into `out` (Parquet), encoding on a second thread,
/// through a temporary file that is renamed when whole and removed on error. `name` is how
/// errors name the input.
pub(crate) fn write_flows(
    name: &str,
    out: &Path,
    produce: &mut dyn FnMut(&mut Sink) -> Result<(), ImportError>,
) -> Result<Summary, ImportError> {
    let tmp = out.with_extension("parquet.partial");
    let result = write_to(name, out, &tmp, produce);
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn write_to(
    name: &str,
    out: &Path,
    tmp: &Path,
    produce: &mut dyn FnMut(&mut Sink) -> Result<(), ImportError>,
) -> Result<Summary, ImportError> {
    let at = |line: u64, message: String| ImportError::At {
        file: name.to_string(),
        line,
        message,
    };
    let file_error = |message: String| ImportError::File {
        file: out.display().to_string(),
        message,
    };
    let schema = schema();
    let file = std::fs::File::create(tmp).map_err(|e| file_error(e.to_string()))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(BATCH))
        .build();
    let mut writer = ArrowWriter::try_new(file, schema.clone(), Some(props))
        .map_err(|e| file_error(e.to_string()))?;
    // Parsing here, encoding and compressing on a second thread: batches go through a
    // channel of two, so memory stays bounded.
    let (tx, rx) = std::sync::mpsc::sync_channel::<RecordBatch>(2);
    let (parsed, written) = std::thread::scope(|scope| {
        let encoder = scope.spawn(move || -> Result<(), String> {
            for batch in rx {
                writer.write(&batch).map_err(|e| e.to_string())?;
            }
            writer.close().map_err(|e| e.to_string())?;
            Ok(())
        });
        let mut sink = Sink {
            builders: Builders::new(),
            schema: schema.clone(),
            tx,
            summary: Summary {
                output: out.to_path_buf(),
                ..Summary::default()
            },
            at: &at,
        };
        let parsed = produce(&mut sink).and_then(|()| {
            if sink.summary.rows == 0 {
                return Err(at(2, "expected rows after the header, found none".into()));
            }
            if sink.builders.len > 0 {
                sink.flush(0)?;
            }
            let mut summary = std::mem::take(&mut sink.summary);
            summary.years.sort_unstable();
            Ok(summary)
        });
        drop(sink);
        let written = encoder
            .join()
            .unwrap_or_else(|_| Err("the Parquet writer stopped".to_string()));
        (parsed, written)
    });
    let summary = parsed?;
    written.map_err(file_error)?;
    std::fs::rename(tmp, out).map_err(|e| file_error(e.to_string()))?;
    Ok(summary)
}

/// Imports one BACI file (`name` is how errors name it) into `out` (a Parquet file), calling
/// `progress` with the bytes read so far.
pub fn import(
    input: impl Read,
    name: &str,
    codes: &CountryCodes,
    out: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<Summary, ImportError> {
    let at = |line: u64, message: String| ImportError::At {
        file: name.to_string(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(input);
    let header = reader
        .byte_headers()
        .map_err(|e| at(1, e.to_string()))?
        .clone();
    let names: Vec<String> = header
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim()
                .trim_matches('"')
                .to_string()
        })
        .collect();
    if names != ["t", "i", "j", "k", "v", "q"] {
        return Err(at(
            1,
            format!(
                "expected the BACI header t,i,j,k,v,q, found {}",
                names.join(",")
            ),
        ));
    }
    write_flows(name, out, &mut |sink| {
        parse(&mut reader, codes, &at, sink, progress)
    })
}

/// Reads the rows after the header into `sink`.
fn parse<R: Read>(
    reader: &mut csv::Reader<R>,
    codes: &CountryCodes,
    at: &dyn Fn(u64, String) -> ImportError,
    sink: &mut Sink,
    progress: &mut dyn FnMut(u64),
) -> Result<(), ImportError> {
    let mut record = csv::ByteRecord::new();
    let mut line: u64 = 1;
    let mut hs = String::with_capacity(6);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(at(line + 1, e.to_string())),
        }
        line += 1;
        if record.len() != 6 {
            return Err(at(
                line,
                format!("expected 6 fields, found {}", record.len()),
            ));
        }
        let text = |i: usize| std::str::from_utf8(&record[i]).unwrap_or("").trim();
        let year = small_int(&record[0])
            .ok_or_else(|| at(line, format!("t: expected a year, found `{}`", text(0))))?;
        let country = |i: usize, what: &str| -> Result<&str, ImportError> {
            let n = small_int(&record[i]).ok_or_else(|| {
                at(
                    line,
                    format!(
                        "{what}: expected a numeric country code, found `{}`",
                        text(i)
                    ),
                )
            })?;
            codes.get(n).ok_or_else(|| {
                at(
                    line,
                    format!("{what}: unknown country code {n} (give BACI's country_codes file with --country-codes)"),
                )
            })
        };
        let exporter = country(1, "i")?;
        let importer = country(2, "j")?;
        hs6_into(text(3), &mut hs).map_err(|m| at(line, format!("k: {m}")))?;
        let v = amount(text(4)).map_err(|m| at(line, format!("v: {m}")))?;
        let q = match text(5) {
            "NA" | "" => None,
            t => Some(amount(t).map_err(|m| at(line, format!("q: {m}")))?),
        };
        if sink.push(line, year, exporter, importer, &hs, v * 1000.0, q)? {
            progress(reader.position().byte());
        }
    }
    progress(reader.position().byte());
    Ok(())
}

/// A number of zero or more.
pub(crate) fn amount(t: &str) -> Result<f64, String> {
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        Ok(_) => Err(format!("expected a value of zero or more, found `{t}`")),
        Err(_) => Err(format!("expected a value, found `{t}`")),
    }
}

/// An HS6 code into `out`, with the leading zeros a spreadsheet may have dropped.
pub(crate) fn hs6_into(k: &str, out: &mut String) -> Result<(), String> {
    if k.is_empty() || k.len() > 6 || !k.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!("expected an HS6 code of digits, found `{k}`"));
    }
    out.clear();
    for _ in k.len()..6 {
        out.push('0');
    }
    out.push_str(k);
    Ok(())
}
