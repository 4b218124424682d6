//! `bilat trade …`: importing BACI and Comtrade files, a pair's indicators, export potential,
//! economic complexity and PPML gravity (the computations are in `bilat-trade`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Db;
use anyhow::{Context, Result, anyhow, bail};
use bilat_trade::complexity::{Matrix, Options, compute};

use bilat_model::display::fixed as num;

use crate::output::{Format, emit, pct};

/// `bilat trade KZ QA` (the pair's indicators from imported data) or a subcommand.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<TradeCommand>,
    #[command(flatten)]
    pair: PairArgs,
}

#[derive(clap::Args)]
struct PairArgs {
    /// The two countries (ISO 3166-1 alpha-2), the first as exporter of "a→b".
    a: Option<String>,
    b: Option<String>,
    /// Years, e.g. 2015-2023 (default: every year imported).
    #[arg(long)]
    years: Option<String>,
    /// Products listed each way for the latest year.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Which imported files to read: baci or comtrade.
    #[arg(long, default_value = "baci", value_parser = ["baci", "comtrade"])]
    source: String,
    /// HS chapters counted as resources, comma-separated (default: 25,26,27,71,72,73,74,75,
    /// 76,78,79,80,81 — mineral products and fuels, precious stones and metals, base metals).
    #[arg(long, value_delimiter = ',')]
    resource_chapters: Vec<u8>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(clap::Subcommand)]
enum TradeCommand {
    /// Read BACI yearly files or UN Comtrade bulk files into Parquet files beside the record
    /// (trade/baci/ or trade/comtrade/), one per input, each written whole or not at all.
    Import(ImportArgs),
    /// RCA, diversity, ubiquity, ECI, PCI, proximity, density, COI and COG for one year
    /// (Stata ecomplexity conventions).
    Complexity(ComplexityArgs),
    /// Export potential of the first country in the second's market (products with a
    /// comparative advantage, ranked by the gap to what its world market share would sell
    /// there), and new products ranked by product-space density, from the imported files.
    Potential(PotentialArgs),
    /// PPML with high-dimensional fixed effects (as fixest's fepois), clustered standard
    /// errors, and a pair's predicted against actual trade (its untapped potential).
    Gravity(GravityArgs),
}

#[derive(clap::Args)]
struct GravityArgs {
    /// A CSV with a header: the outcome, the regressors and the fixed-effect columns. Without
    /// it, the panel is built from the imported flows (summed over products) and
    /// --covariates.
    #[arg(long)]
    input: Option<PathBuf>,
    /// Covariates by pair (columns exporter, importer, optionally year, then regressors, e.g.
    /// dist, contig, rta); one row of the panel per covariate row (and per imported year when
    /// it has no year), its outcome `trade` the imported flow, zero where none.
    #[arg(long, conflicts_with = "input")]
    covariates: Option<PathBuf>,
    /// Which imported files to read: baci or comtrade.
    #[arg(long, default_value = "baci", value_parser = ["baci", "comtrade"])]
    source: String,
    /// The outcome column (trade value, zero allowed); `trade` for a panel built from the
    /// imported flows.
    #[arg(long)]
    y: Option<String>,
    /// Regressor columns, comma-separated; `log(col)` takes the logarithm.
    #[arg(long, value_delimiter = ',', required = true)]
    x: Vec<String>,
    /// Fixed effects, comma-separated; `a^b` (or `a-b`) is the interaction of two columns,
    /// e.g. exporter^year,importer^year,exporter^importer.
    #[arg(long, value_delimiter = ',', required = true)]
    fe: Vec<String>,
    /// iid, hetero, or cluster:COL (cluster:A+B for two-way; a column may be an interaction
    /// such as exporter^importer, or `pair` for a panel built from the imported flows).
    #[arg(long, default_value = "hetero")]
    vcov: String,
    /// Two columns naming exporter and importer (exporter,importer for a panel built from the
    /// imported flows), and the pair to report, e.g. --pair-cols exporter,importer --pair KZ,QA.
    #[arg(long, value_delimiter = ',', requires = "pair")]
    pair_cols: Vec<String>,
    #[arg(long, value_delimiter = ',')]
    pair: Vec<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(clap::Args)]
struct PotentialArgs {
    a: String,
    b: String,
    /// The year (default: the latest imported).
    #[arg(long)]
    year: Option<u16>,
    /// Which imported files to read: baci or comtrade.
    #[arg(long, default_value = "baci", value_parser = ["baci", "comtrade"])]
    source: String,
    #[arg(long, default_value_t = 10)]
    top: usize,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(clap::Args)]
struct ImportArgs {
    files: Vec<PathBuf>,
    /// baci (yearly t,i,j,k,v,q files) or comtrade (UN Comtrade bulk CSV, legacy or Comtrade+).
    #[arg(long, default_value = "baci", value_parser = ["baci", "comtrade"])]
    format: String,
    /// Comtrade: which reported flows to keep (one direction, so mirror reports are not added
    /// twice).
    #[arg(long, default_value = "exports", value_parser = ["exports", "imports"])]
    flow: String,
    /// BACI's country_codes file, for its codes that are not ISO 3166-1 numeric.
    #[arg(long)]
    country_codes: Option<PathBuf>,
    /// BACI's product_codes file (code, description): kept beside the record so that
    /// products are shown with their names.
    #[arg(long)]
    product_codes: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ComplexityArgs {
    #[arg(long)]
    year: String,
    /// A CSV of exports: BACI's columns (t, i, j, k, v, q; values summed over importers) or
    /// year, location, product, value. Default: the files of bilat trade import.
    #[arg(long)]
    input: Option<PathBuf>,
    /// RCA above which a location has a product.
    #[arg(long, default_value_t = 1.0)]
    threshold: f64,
    /// Leave out locations and products with no presence instead of leaving the year's
    /// indices missing (Stata's behaviour).
    #[arg(long)]
    drop_empty: bool,
    /// Rank products by PCI instead of locations by ECI.
    #[arg(long)]
    products: bool,
    /// Which imported files to read: baci or comtrade.
    #[arg(long, default_value = "baci", value_parser = ["baci", "comtrade"])]
    source: String,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    match args.command {
        Some(TradeCommand::Import(a)) => import(db, a),
        Some(TradeCommand::Complexity(a)) => complexity(db, a),
        Some(TradeCommand::Gravity(a)) => gravity(db, a),
        Some(TradeCommand::Potential(a)) => potential(db, a),
        None => pair(db, args.pair),
    }
}

fn potential(db: Db, p: PotentialArgs) -> Result<ExitCode> {
    let dyad = super::dyad(&p.a, &p.b)?;
    let (a, b) = (p.a.to_uppercase(), p.b.to_uppercase());
    let (dir, files) = imported(db.clone(), &p.source)?;
    if files.is_empty() {
        bail!(
            "no imported trade data in {} (see bilat trade import)",
            dir.display()
        );
    }
    let names = bilat_trade::names::load(&trade_dir(db)?.join("product-names.csv"));
    let name = |k: &String| names.get(k).cloned().unwrap_or_default();
    let year = match p.year {
        Some(y) => y,
        None => {
            let mut latest = 0u16;
            bilat_trade::panel::for_each_flow(&files, None, &mut |y, _, _, _, _| {
                latest = latest.max(y)
            })
            .map_err(anyhow::Error::msg)?;
            latest
        }
    };
    let r = bilat_trade::potential::potential(&files, &a, &b, year, p.top)
        .map_err(anyhow::Error::msg)?;
    let mut rows: Vec<Vec<String>> = r
        .existing
        .iter()
        .map(|e| {
            vec![
                "existing".into(),
                e.hs6.clone(),
                name(&e.hs6),
                num(e.rca, 2),
                musd(e.market_imports),
                musd(e.actual),
                musd(e.potential),
                musd(e.gap),
                "—".into(),
            ]
        })
        .collect();
    rows.extend(r.new_products.iter().map(|n| {
        vec![
            "new".into(),
            n.hs6.clone(),
            name(&n.hs6),
            num(n.rca, 2),
            musd(n.market_imports),
            "—".into(),
            "—".into(),
            "—".into(),
            num(n.density, 3),
        ]
    }));
    let header = [
        "kind",
        "HS6",
        "product",
        "RCA",
        "market imports USD m",
        "exports now USD m",
        "potential USD m",
        "gap USD m",
        "density",
    ];
    emit(p.format, &header, &rows, &serde_json::to_value(&r)?)?;
    if p.format == Format::Table {
        out!(
            "{a} in {b} ({dyad}), {year}: untapped potential USD {} million over {} product(s) with comparative advantage (shown: the largest {}). Method: crates/bilat-trade/src/potential.rs.",
            musd(r.total_gap),
            r.products_with_gap,
            p.top
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn musd(x: f64) -> String {
    format!("{:.2}", x / 1e6)
}

fn pair(db: Db, p: PairArgs) -> Result<ExitCode> {
    use bilat_model::Fact;
    let (Some(a), Some(b)) = (&p.a, &p.b) else {
        bail!(
            "expected two countries (bilat trade KZ QA) or a subcommand: import, complexity, gravity"
        );
    };
    let dyad = super::dyad(a, b)?;
    let (a, b) = (a.to_uppercase(), b.to_uppercase());
    let years = match &p.years {
        None => None,
        Some(t) => {
            let (f, l) = t.split_once('-').unwrap_or((t, t));
            let y = |s: &str| -> Result<u16> {
                s.trim()
                    .parse()
                    .map_err(|_| anyhow!("--years: expected e.g. 2015-2023, found `{t}`"))
            };
            Some((y(f)?, y(l)?))
        }
    };
    let (dir, files) = imported(db.clone(), &p.source)?;
    let names = bilat_trade::names::load(&trade_dir(db.clone())?.join("product-names.csv"));
    let data = super::load(db)?;
    if files.is_empty() {
        // Data honesty: no HS-level data, so the record's sourced figures, said as such.
        out!(
            "No trade data imported ({} is empty; see bilat trade import). The record's sourced figures for {dyad}:",
            dir.display()
        );
        for o in data
            .observations()
            .filter(|o| o.dyads.contains(&dyad) && o.indicator.starts_with("trade."))
        {
            for c in &o.claims {
                if let Fact::Value { value, period } = &c.fact {
                    out!(
                        "  {} {period}: {value} ({}; {})",
                        o.indicator,
                        o.title.en,
                        super::evidence_text(&data, std::slice::from_ref(c))
                    );
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let resources: &[u8] = if p.resource_chapters.is_empty() {
        bilat_trade::dyad::RESOURCE_CHAPTERS
    } else {
        &p.resource_chapters
    };
    let t = bilat_trade::dyad::dyad_trade(&files, &a, &b, years, p.top, resources)
        .map_err(anyhow::Error::msg)?;
    if t.years.is_empty() {
        bail!(
            "no flows between {a} and {b} in {} for those years",
            dir.display()
        );
    }
    let latest = t.years.last().expect("checked");
    // Progress to the record's targets, with the latest year's value.
    let mut targets = Vec::new();
    for tg in data.targets().filter(|x| x.dyads.contains(&dyad)) {
        let Some((value, unit)) = tg.claims.iter().rev().find_map(|c| match &c.fact {
            Fact::TargetValue { value, .. } => Some((value.value, value.unit.clone())),
            _ => None,
        }) else {
            continue;
        };
        let observed = t.observed(&tg.indicator).map(|(_, v)| v);
        let Some(observed) = observed else { continue };
        let target: f64 = rust_decimal::prelude::ToPrimitive::to_f64(&value).unwrap_or(f64::NAN);
        targets.push(serde_json::json!({
            "target": tg.id.to_string(), "title": tg.title.en, "indicator": tg.indicator,
            "value": target, "unit": unit.to_string(), "year": latest.year, "observed": observed,
            "share": observed / target,
        }));
    }
    let rows: Vec<Vec<String>> = t
        .years
        .iter()
        .map(|y| {
            vec![
                y.year.to_string(),
                musd(y.a_to_b.value),
                musd(y.b_to_a.value),
                musd(y.turnover),
                musd(y.balance),
                pct(y.growth),
                y.a_to_b.non_resource_products.to_string(),
                num(y.a_to_b.hhi_products_normalised, 3),
                num(y.a_to_b.complementarity, 1),
                num(y.b_to_a.complementarity, 1),
                num(y.a_to_b.intensity, 2),
                num(y.b_to_a.intensity, 2),
            ]
        })
        .collect();
    let ab = format!("{a}→{b}");
    let ba = format!("{b}→{a}");
    let header = [
        "year".to_string(),
        format!("{ab} USD m"),
        format!("{ba} USD m"),
        "turnover USD m".into(),
        format!("balance of {a} USD m"),
        "growth".into(),
        format!("non-resource HS6 {ab}"),
        format!("HHI products {ab} (norm.)"),
        format!("TC {ab}"),
        format!("TC {ba}"),
        format!("TI {ab}"),
        format!("TI {ba}"),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let shown: BTreeMap<&String, &String> = t
        .years
        .iter()
        .flat_map(|y| y.a_to_b.top.iter().chain(&y.b_to_a.top))
        .filter_map(|p| names.get_key_value(&p.hs6))
        .collect();
    let json = serde_json::json!({"trade": t, "targets": targets, "product_names": shown, "source": "imported Parquet files (trade.files)"});
    emit(p.format, &header, &rows, &json)?;
    if p.format == Format::Table {
        out!(
            "Growth of turnover: {} a year compounded from {} to {}, {} by least squares. Imported from {} file(s) in {}.",
            pct(t.cagr),
            t.years[0].year,
            latest.year,
            pct(t.least_squares_growth),
            t.files.len(),
            dir.display()
        );
        for (label, d) in [(&ab, &latest.a_to_b), (&ba, &latest.b_to_a)] {
            let top: Vec<String> = d
                .top
                .iter()
                .map(|p| match names.get(&p.hs6) {
                    Some(n) => {
                        format!("{} {n}: {} ({:.0}%)", p.hs6, musd(p.value), p.share * 100.0)
                    }
                    None => format!("{} {} ({:.0}%)", p.hs6, musd(p.value), p.share * 100.0),
                })
                .collect();
            out!(
                "Top products {label} in {}: {}",
                latest.year,
                if top.is_empty() {
                    "—".to_string()
                } else {
                    top.join("; ")
                }
            );
        }
        for x in &targets {
            out!(
                "Target {} ({}): {} in {} against {}: {:.0}% of it",
                x["target"].as_str().unwrap_or(""),
                x["title"].as_str().unwrap_or(""),
                num(x["observed"].as_f64().unwrap_or(f64::NAN), 0),
                x["year"],
                num(x["value"].as_f64().unwrap_or(f64::NAN), 0),
                x["share"].as_f64().unwrap_or(f64::NAN) * 100.0
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where imported trade data lives: `trade/` beside the record.
pub(crate) fn trade_dir(db: Db) -> Result<PathBuf> {
    Ok(db.files_dir()?.join("trade"))
}

fn import(db: Db, a: ImportArgs) -> Result<ExitCode> {
    use std::io::IsTerminal;
    if let Some(p) = &a.product_codes {
        let names = bilat_trade::names::read_product_codes(p)?;
        let dir = trade_dir(db.clone())?;
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let target = dir.join("product-names.csv");
        bilat_trade::names::save(&names, &target)
            .with_context(|| format!("writing {}", target.display()))?;
        out!(
            "{}: {} product names -> {}",
            p.display(),
            names.len(),
            target.display()
        );
    }
    if a.files.is_empty() {
        if a.product_codes.is_some() {
            return Ok(ExitCode::SUCCESS);
        }
        bail!("expected one or more BACI or Comtrade files");
    }
    let codes = match &a.country_codes {
        Some(p) => bilat_trade::baci::CountryCodes::from_baci_file(p)?,
        None => bilat_trade::baci::CountryCodes::iso(),
    };
    let dir = trade_dir(db)?.join(&a.format);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let flow = if a.flow == "imports" {
        bilat_trade::comtrade::Flow::Imports
    } else {
        bilat_trade::comtrade::Flow::Exports
    };
    let mut failed = 0;
    for f in &a.files {
        let name = f.display().to_string();
        let stem = f
            .file_stem()
            .map_or_else(|| "baci".to_string(), |s| s.to_string_lossy().into_owned());
        let out = dir.join(format!("{stem}.parquet"));
        let len = std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        let bar = if std::io::stderr().is_terminal() {
            let b = indicatif::ProgressBar::new(len);
            b.set_message(name.clone());
            b
        } else {
            indicatif::ProgressBar::hidden()
        };
        let result = std::fs::File::open(f)
            .with_context(|| format!("reading {name}"))
            .and_then(|file| {
                let reader = std::io::BufReader::with_capacity(1 << 20, file);
                if a.format == "comtrade" {
                    bilat_trade::comtrade::import(reader, &name, flow, &out, &mut |b| {
                        bar.set_position(b)
                    })
                    .map(|s| {
                        eprintln!(
                            "{name}: left out {} rows of areas without an ISO code and {} rows of other flows, levels or breakdowns",
                            s.skipped_areas, s.skipped_other
                        );
                        s.written
                    })
                    .map_err(anyhow::Error::from)
                } else {
                    bilat_trade::baci::import(reader, &name, &codes, &out, &mut |b| {
                        bar.set_position(b)
                    })
                    .map_err(anyhow::Error::from)
                }
            });
        bar.finish_and_clear();
        match result {
            Ok(s) => out!(
                "{name}: {} rows, years {}, USD {:.1} million in all ({} without quantity) -> {}",
                s.rows,
                s.years
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                s.value_usd / 1e6,
                s.missing_quantity,
                s.output.display()
            ),
            Err(e) => {
                failed += 1;
                eprintln!("bilat: {e:#}");
            }
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Exports of one year by (location, product), from either CSV shape.
fn read_year(path: &Path, year: &str) -> Result<Matrix> {
    let name = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("reading {name}"))?;
    let header: Vec<String> = reader
        .headers()
        .with_context(|| format!("{name}:1: expected a header"))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (t, loc, prod, val) = match (col(&["t"]), col(&["i"]), col(&["k"]), col(&["v"])) {
        (Some(t), Some(i), Some(k), Some(v)) => (t, i, k, v),
        _ => match (
            col(&["year"]),
            col(&["location", "exporter", "origin"]),
            col(&["product", "hs", "hs6", "hs4", "hs92"]),
            col(&["value", "export_val"]),
        ) {
            (Some(t), Some(l), Some(p), Some(v)) => (t, l, p, v),
            _ => bail!(
                "{name}:1: expected BACI columns (t, i, j, k, v, q) or year, location, product, value; found {}",
                header.join(", ")
            ),
        },
    };
    let mut cells: BTreeMap<(String, String), f64> = BTreeMap::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = record.with_context(|| format!("{name}:{line}"))?;
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        if field(t) != year {
            continue;
        }
        let v: f64 = field(val).parse().map_err(|_| {
            anyhow!(
                "{name}:{line}: expected a number for the value, found `{}`",
                field(val)
            )
        })?;
        if !v.is_finite() || v < 0.0 {
            bail!(
                "{name}:{line}: expected a value of zero or more, found `{}`",
                field(val)
            );
        }
        *cells
            .entry((field(loc).to_string(), field(prod).to_string()))
            .or_default() += v;
    }
    if cells.is_empty() {
        bail!("{name}: no rows for year {year}");
    }
    Ok(Matrix::from_cells(&cells))
}

/// The Parquet files `bilat trade import` wrote beside the record from one source (`baci` or
/// `comtrade`: never both, which would count flows twice), sorted.
pub(crate) fn imported(db: Db, source: &str) -> Result<(PathBuf, Vec<PathBuf>)> {
    let dir = trade_dir(db)?.join(source);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    Ok((dir, files))
}

fn fmt(x: f64) -> String {
    if x.is_nan() {
        "—".to_string()
    } else {
        format!("{x:.4}")
    }
}

fn complexity(db: Db, a: ComplexityArgs) -> Result<ExitCode> {
    let m = match &a.input {
        Some(input) => read_year(input, &a.year)?,
        None => {
            let (dir, files) = imported(db, &a.source)?;
            if files.is_empty() {
                bail!(
                    "no --input and no imported files in {} (see bilat trade import)",
                    dir.display()
                );
            }
            let year: u16 = a
                .year
                .parse()
                .map_err(|_| anyhow!("--year: expected a year, found `{}`", a.year))?;
            bilat_trade::panel::exports_matrix(&files, year).map_err(anyhow::Error::msg)?
        }
    };
    let c = compute(
        &m,
        Options {
            threshold: a.threshold,
            drop_empty: a.drop_empty,
            ..Options::default()
        },
    );
    if c.indices.is_none() {
        eprintln!(
            "bilat: some location or product has no RCA above {}: ECI, PCI, density, COI and COG are missing for {} (as in Stata); --drop-empty leaves those out instead",
            a.threshold, a.year
        );
    }
    let nan = f64::NAN;
    let ix = c.indices.as_ref();
    let rows: Vec<Vec<String>> = if a.products {
        let mut order: Vec<usize> = (0..c.products.len()).collect();
        order.sort_by(|&x, &y| {
            let k = |i: usize| ix.map_or(nan, |ix| ix.pci[i]);
            k(y).total_cmp(&k(x))
        });
        order
            .iter()
            .enumerate()
            .map(|(rank, &p)| {
                vec![
                    (rank + 1).to_string(),
                    c.products[p].clone(),
                    fmt(ix.map_or(nan, |ix| ix.pci[p])),
                    c.ubiquity[p].to_string(),
                ]
            })
            .collect()
    } else {
        let mut order: Vec<usize> = (0..c.locations.len()).collect();
        order.sort_by(|&x, &y| {
            let k = |i: usize| ix.map_or(nan, |ix| ix.eci[i]);
            k(y).total_cmp(&k(x))
        });
        order
            .iter()
            .enumerate()
            .map(|(rank, &l)| {
                vec![
                    (rank + 1).to_string(),
                    c.locations[l].clone(),
                    fmt(ix.map_or(nan, |ix| ix.eci[l])),
                    c.diversity[l].to_string(),
                    fmt(ix.map_or(nan, |ix| ix.coi[l])),
                ]
            })
            .collect()
    };
    let header: &[&str] = if a.products {
        &["rank", "product", "PCI", "ubiquity"]
    } else {
        &["rank", "location", "ECI", "diversity", "COI"]
    };
    emit(a.format, header, &rows, &serde_json::to_value(&c)?)?;
    Ok(ExitCode::SUCCESS)
}

/// A gravity panel from the imported flows and a covariates file, as CSV text with the
/// columns exporter, importer, year, trade and the covariates.
fn panel_from_imported(db: Db, source: &str, covariates: &Path) -> Result<String> {
    let (dir, files) = imported(db, source)?;
    if files.is_empty() {
        bail!(
            "no --input and no imported files in {} (see bilat trade import)",
            dir.display()
        );
    }
    let mut flows: std::collections::HashMap<(String, String, u16), f64> = Default::default();
    let mut years: std::collections::BTreeSet<u16> = Default::default();
    bilat_trade::panel::for_each_flow(&files, None, &mut |y, e, m, _, v| {
        years.insert(y);
        *flows.entry((e.to_string(), m.to_string(), y)).or_default() += v;
    })
    .map_err(anyhow::Error::msg)?;
    let name = covariates.display().to_string();
    let mut r = csv::Reader::from_path(covariates).with_context(|| format!("reading {name}"))?;
    let header: Vec<String> = r
        .headers()
        .with_context(|| format!("{name}:1: expected a header"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let pos = |c: &str| header.iter().position(|h| h == c);
    let (Some(e), Some(m)) = (pos("exporter"), pos("importer")) else {
        bail!(
            "{name}:1: expected columns exporter and importer (ISO alpha-2), found {}",
            header.join(", ")
        );
    };
    let year = pos("year");
    let rest: Vec<usize> = (0..header.len())
        .filter(|&i| i != e && i != m && Some(i) != year)
        .collect();
    let mut out = String::from("exporter,importer,year,trade");
    for &i in &rest {
        out.push(',');
        out.push_str(&header[i]);
    }
    out.push('\n');
    for (n, rec) in r.records().enumerate() {
        let rec = rec.with_context(|| format!("{name}:{}", n + 2))?;
        let (ex, im) = (rec[e].trim().to_uppercase(), rec[m].trim().to_uppercase());
        let row_years: Vec<u16> =
            match year {
                Some(y) => vec![rec[y].trim().parse().map_err(|_| {
                    anyhow!("{name}:{}: expected a year, found `{}`", n + 2, &rec[y])
                })?],
                None => years.iter().copied().collect(),
            };
        for y in row_years {
            let v = flows
                .get(&(ex.clone(), im.clone(), y))
                .copied()
                .unwrap_or(0.0);
            out.push_str(&format!("{ex},{im},{y},{v}"));
            for &i in &rest {
                out.push(',');
                out.push_str(rec[i].trim());
            }
            out.push('\n');
        }
    }
    Ok(out)
}

fn gravity(db: Db, mut a: GravityArgs) -> Result<ExitCode> {
    use bilat_trade::gravity::{Data, Options as GOptions, Vcov, fepois};
    let (name, mut reader): (String, csv::Reader<Box<dyn std::io::Read>>) =
        match (&a.input, &a.covariates) {
            (Some(input), _) => {
                let name = input.display().to_string();
                let file = std::fs::File::open(input).with_context(|| format!("reading {name}"))?;
                (name, csv::Reader::from_reader(Box::new(file)))
            }
            (None, Some(cov)) => {
                let text = panel_from_imported(db, &a.source, cov)?;
                a.y.get_or_insert_with(|| "trade".to_string());
                // "pair" names the exporter × importer effect of the built panel.
                for f in a.fe.iter_mut().chain(a.pair_cols.iter_mut()) {
                    if f == "pair" {
                        *f = "exporter^importer".into();
                    }
                }
                if !a.pair.is_empty() && a.pair_cols.is_empty() {
                    a.pair_cols = vec!["exporter".into(), "importer".into()];
                }
                if let Some(c) = a.vcov.strip_prefix("cluster:") {
                    let c: Vec<String> = c
                        .split('+')
                        .map(|x| {
                            if x == "pair" {
                                "exporter^importer".to_string()
                            } else {
                                x.to_string()
                            }
                        })
                        .collect();
                    a.vcov = format!("cluster:{}", c.join("+"));
                }
                (
                    format!("the imported flows joined with {}", cov.display()),
                    csv::Reader::from_reader(Box::new(std::io::Cursor::new(text.into_bytes()))),
                )
            }
            (None, None) => {
                bail!("expected --input FILE, or --covariates FILE to use the imported flows")
            }
        };
    let y_name =
        a.y.clone()
            .ok_or_else(|| anyhow!("--y: expected the outcome column"))?;
    let header: Vec<String> = reader
        .headers()
        .with_context(|| format!("{name}:1: expected a header"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let col = |c: &str| -> Result<usize> {
        header.iter().position(|h| h == c).ok_or_else(|| {
            anyhow!(
                "{name}:1: expected a column `{c}`; found {}",
                header.join(", ")
            )
        })
    };
    // Regressors: (column, log?).
    let xs: Vec<(usize, bool, String)> =
        a.x.iter()
            .map(
                |x| match x.strip_prefix("log(").and_then(|r| r.strip_suffix(')')) {
                    Some(inner) => Ok((col(inner)?, true, x.clone())),
                    None => Ok((col(x)?, false, x.clone())),
                },
            )
            .collect::<Result<_>>()?;
    let split_fe = |f: &str| -> Result<Vec<usize>> {
        let parts: Vec<&str> = if f.contains('^') {
            f.split('^').collect()
        } else if col(f).is_err() && f.contains('-') {
            f.split('-').collect()
        } else {
            vec![f]
        };
        parts.iter().map(|p| col(p.trim())).collect()
    };
    let fes: Vec<Vec<usize>> = a.fe.iter().map(|f| split_fe(f)).collect::<Result<_>>()?;
    let (clusters, vcov_kind): (Vec<Vec<usize>>, &str) = match a.vcov.split_once(':') {
        Some(("cluster", cols)) => (
            cols.split('+')
                .map(|c| split_fe(c.trim()))
                .collect::<Result<_>>()?,
            "cluster",
        ),
        None if a.vcov == "iid" || a.vcov == "hetero" => (Vec::new(), a.vcov.as_str()),
        _ => bail!(
            "--vcov: expected iid, hetero or cluster:COL[+COL], found `{}`",
            a.vcov
        ),
    };
    let pair_cols: Vec<usize> = a.pair_cols.iter().map(|c| col(c)).collect::<Result<_>>()?;
    if !pair_cols.is_empty() && (pair_cols.len() != 2 || a.pair.len() != 2) {
        bail!("--pair-cols and --pair each take two values, e.g. exporter,importer and KAZ,QAT");
    }
    let ycol = col(&y_name)?;
    let key = |record: &csv::StringRecord, cols: &[usize]| -> String {
        cols.iter()
            .map(|&c| record.get(c).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\u{1f}")
    };
    let mut y = Vec::new();
    let mut x: Vec<Vec<f64>> = vec![Vec::new(); xs.len()];
    let mut fe_maps: Vec<std::collections::HashMap<String, u32>> =
        vec![Default::default(); fes.len()];
    let mut fe_codes: Vec<Vec<u32>> = vec![Vec::new(); fes.len()];
    let mut cl_maps: Vec<std::collections::HashMap<String, u32>> =
        vec![Default::default(); clusters.len()];
    let mut cl_codes: Vec<Vec<u32>> = vec![Vec::new(); clusters.len()];
    let mut in_pair: Vec<bool> = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = record.with_context(|| format!("{name}:{line}"))?;
        let number = |c: usize, what: &str| -> Result<f64> {
            let t = record.get(c).unwrap_or("").trim();
            t.parse::<f64>()
                .map_err(|_| anyhow!("{name}:{line}: expected a number for {what}, found `{t}`"))
        };
        let yv = number(ycol, &y_name)?;
        if !(yv >= 0.0 && yv.is_finite()) {
            bail!("{name}:{line}: expected {y_name} to be zero or more, found `{yv}`");
        }
        y.push(yv);
        for (k, (c, log, label)) in xs.iter().enumerate() {
            let v = number(*c, label)?;
            let v = if *log {
                if v <= 0.0 {
                    bail!("{name}:{line}: {label} needs a positive value, found `{v}`");
                }
                v.ln()
            } else {
                v
            };
            x[k].push(v);
        }
        for (k, cols) in fes.iter().enumerate() {
            let next = fe_maps[k].len() as u32;
            fe_codes[k].push(*fe_maps[k].entry(key(&record, cols)).or_insert(next));
        }
        for (k, cols) in clusters.iter().enumerate() {
            let next = cl_maps[k].len() as u32;
            cl_codes[k].push(*cl_maps[k].entry(key(&record, cols)).or_insert(next));
        }
        if !pair_cols.is_empty() {
            in_pair.push(
                record.get(pair_cols[0]).unwrap_or("") == a.pair[0]
                    && record.get(pair_cols[1]).unwrap_or("") == a.pair[1],
            );
        }
    }
    let data = Data {
        y,
        x,
        x_names: xs.iter().map(|(_, _, l)| l.clone()).collect(),
        fe: fe_codes,
        fe_names: a.fe.clone(),
    };
    let vcov = match vcov_kind {
        "iid" => Vcov::Iid,
        "hetero" => Vcov::Hetero,
        _ => Vcov::Cluster(cl_codes),
    };
    let fit = fepois(&data, &vcov, GOptions::default()).map_err(|e| anyhow!("{name}: {e}"))?;
    let pair = if in_pair.is_empty() {
        None
    } else {
        let (mut actual, mut predicted, mut used) = (0.0, 0.0, 0usize);
        for (m, &r) in fit.mu.iter().zip(&fit.rows) {
            if in_pair[r] {
                actual += data.y[r];
                predicted += m;
                used += 1;
            }
        }
        let listed = in_pair.iter().filter(|&&b| b).count();
        Some(serde_json::json!({
            "exporter": a.pair[0], "importer": a.pair[1], "rows": listed, "rows_used": used,
            "actual": actual, "predicted": predicted,
            "untapped": predicted - actual,
            "actual_over_predicted": if predicted > 0.0 { actual / predicted } else { f64::NAN },
        }))
    };
    let rows: Vec<Vec<String>> = fit
        .names
        .iter()
        .enumerate()
        .map(|(k, n)| {
            vec![
                n.clone(),
                format!("{:.6}", fit.coef[k]),
                format!("{:.6}", fit.se[k]),
                format!("{:.2}", fit.coef[k] / fit.se[k]),
            ]
        })
        .collect();
    let json = serde_json::json!({"fit": fit, "vcov": a.vcov, "pair": pair});
    emit(
        a.format,
        &["regressor", "coefficient", "std. error", "z"],
        &rows,
        &json,
    )?;
    if a.format == Format::Table {
        out!(
            "N = {} (dropped: {} singletons, {} separated by a fixed effect, {} separated by the regressors); {} IRLS iterations; deviance {:.6e}; pseudo R² {:.6}; standard errors: {}",
            fit.nobs,
            fit.dropped_singletons,
            fit.dropped_separated - fit.dropped_separated_relu,
            fit.dropped_separated_relu,
            fit.iterations,
            fit.deviance,
            fit.pseudo_r2,
            a.vcov
        );
        if !fit.dropped_regressors.is_empty() {
            out!(
                "left out (absorbed by the fixed effects on the rows kept): {}",
                fit.dropped_regressors.join(", ")
            );
        }
        if let Some(p) = &pair {
            out!(
                "{} → {}: actual {:.6e}, predicted {:.6e} over {} of {} rows; actual / predicted {:.3}",
                a.pair[0],
                a.pair[1],
                p["actual"].as_f64().unwrap_or(f64::NAN),
                p["predicted"].as_f64().unwrap_or(f64::NAN),
                p["rows_used"],
                p["rows"],
                p["actual_over_predicted"].as_f64().unwrap_or(f64::NAN)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
