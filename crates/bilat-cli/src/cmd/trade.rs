//! `bilat trade …`: trade analytics (so far: economic complexity of one year).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use bilat_trade::complexity::{Matrix, Options, compute};

use crate::output::{Format, emit};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: TradeCommand,
}

#[derive(clap::Subcommand)]
enum TradeCommand {
    /// RCA, diversity, ubiquity, ECI, PCI, proximity, density, COI and COG for one year
    /// (Stata ecomplexity conventions).
    Complexity(ComplexityArgs),
}

#[derive(clap::Args)]
struct ComplexityArgs {
    #[arg(long)]
    year: String,
    /// A CSV of exports: BACI's columns (t, i, j, k, v, q; values summed over importers) or
    /// year, location, product, value.
    #[arg(long)]
    input: PathBuf,
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
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        TradeCommand::Complexity(a) => complexity(a),
    }
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
    let mut locations: Vec<String> = cells.keys().map(|k| k.0.clone()).collect();
    locations.dedup();
    let mut products: Vec<String> = cells.keys().map(|k| k.1.clone()).collect();
    products.sort();
    products.dedup();
    let values = locations
        .iter()
        .flat_map(|c| {
            products
                .iter()
                .map(|p| cells.get(&(c.clone(), p.clone())).copied().unwrap_or(0.0))
                .collect::<Vec<_>>()
        })
        .collect();
    Ok(Matrix {
        locations,
        products,
        values,
    })
}

fn fmt(x: f64) -> String {
    if x.is_nan() {
        "—".to_string()
    } else {
        format!("{x:.4}")
    }
}

fn complexity(a: ComplexityArgs) -> Result<ExitCode> {
    let m = read_year(&a.input, &a.year)?;
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
