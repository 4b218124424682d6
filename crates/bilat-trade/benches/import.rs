//! Speed of `bilat trade import` against DuckDB's CSV-to-Parquet on the same file.
//!
//! `scripts/bench-trade.sh` is the entry point (it installs DuckDB from PyPI into
//! `target/bench/venv-trade`). The benchmark:
//!
//! 1. generates (once) a synthetic BACI-format year, labelled synthetic in its file name:
//!    226 exporters and importers (ISO numeric codes), 5 000 HS6 products, a heavy-tailed
//!    number of partners per exporter and product, log-normal values, 5 % of quantities `NA`;
//!    at least 10 million rows (`BILAT_BENCH_ROWS`, default 11 000 000);
//! 2. imports it with bilat (one thread parsing, one encoding Parquet) and reports rows/s,
//!    MB/s and peak memory;
//! 3. runs DuckDB on the same file doing the same work (values × 1000, codes mapped to
//!    alpha-2 through a join, HS6 codes padded, `NA` to null), with all threads and with one,
//!    and prints the ratios (target: bilat at least as fast);
//! 4. computes RCA for every exporter and product and complementarity for every ordered pair
//!    from the Parquet file, with bilat and with DuckDB SQL on the same file (target: at least
//!    as fast).

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use bilat_trade::baci::{CountryCodes, import};

mod common;
use common::{Rng, peak_rss_mb};

fn generate(path: &PathBuf, rows: usize) -> std::io::Result<usize> {
    let countries: Vec<u16> = (1..1000u16)
        .filter(|&n| bilat_model::country_from_numeric(n).is_some())
        .take(226)
        .collect();
    let mut rng = Rng(0x5EED_BAC1);
    let products: Vec<String> = (0..5000)
        .map(|_| {
            let chapter = 1 + (rng.next() * 97.0) as u32;
            format!("{chapter:02}{:04}", (rng.next() * 10_000.0) as u32)
        })
        .collect();
    // Exporter size and product popularity: Pareto-like weights.
    let size: Vec<f64> = countries
        .iter()
        .map(|_| rng.next().max(1e-3).powf(-0.8))
        .collect();
    let pop: Vec<f64> = products
        .iter()
        .map(|_| rng.next().max(1e-3).powf(-0.6))
        .collect();
    let mean_weight =
        size.iter().sum::<f64>() / size.len() as f64 * pop.iter().sum::<f64>() / pop.len() as f64;
    let per_cell = rows as f64 / (countries.len() * products.len()) as f64;
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "t,i,j,k,v,q")?;
    let mut written = 0;
    'outer: loop {
        for (e, &i) in countries.iter().enumerate() {
            for (p, k) in products.iter().enumerate() {
                let expected = per_cell * size[e] * pop[p] / mean_weight;
                let n = ((expected * (0.5 + rng.next())) as usize).min(countries.len() - 1);
                for _ in 0..n {
                    let j = countries[(rng.next() * countries.len() as f64) as usize];
                    if j == i {
                        continue;
                    }
                    let v = (2.0 + 2.5 * rng.normal()).exp();
                    if rng.next() < 0.05 {
                        writeln!(out, "2022,{i},{j},{k},{v:.3},NA")?;
                    } else {
                        writeln!(out, "2022,{i},{j},{k},{v:.3},{:.3}", v * (0.1 + rng.next()))?;
                    }
                    written += 1;
                    if written >= rows {
                        break 'outer;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(written)
}

fn main() {
    let rows: usize = std::env::var("BILAT_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(11_000_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join(format!("baci-{rows}-rows-2022.synthetic.csv"));
    if !csv.exists() {
        println!("generating {} (synthetic)", csv.display());
        generate(&csv, rows).unwrap();
    }
    let bytes = std::fs::metadata(&csv).unwrap().len();
    println!(
        "input: {} ({:.0} MB, {rows} rows, synthetic)",
        csv.display(),
        bytes as f64 / 1e6
    );
    let out = dir.join("baci-synthetic.bilat.parquet");
    let before = peak_rss_mb();
    let start = Instant::now();
    let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&csv).unwrap());
    let s = import(
        file,
        &csv.display().to_string(),
        &CountryCodes::iso(),
        &out,
        &mut |_| {},
    )
    .unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "bilat (2 threads: parsing, encoding): {} rows in {secs:.2} s: {:.2} M rows/s, {:.0} MB/s; Parquet {:.0} MB; peak memory {:.0} MB (before: {before:.0} MB)",
        s.rows,
        s.rows as f64 / secs / 1e6,
        bytes as f64 / secs / 1e6,
        std::fs::metadata(&out).unwrap().len() as f64 / 1e6,
        peak_rss_mb()
    );
    // RCA and complementarity for all pairs, from the Parquet file just written.
    let start = Instant::now();
    let all = bilat_trade::dyad::all_pairs(std::slice::from_ref(&out), 2022).unwrap();
    let rca_secs = start.elapsed().as_secs_f64();
    let n = all.countries.len();
    let kz_qa = match (
        all.countries.iter().position(|c| c == "KZ"),
        all.countries.iter().position(|c| c == "QA"),
    ) {
        (Some(i), Some(j)) => all.complementarity[i * n + j],
        _ => f64::NAN,
    };
    println!(
        "bilat all pairs: RCA for {} cells, complementarity for {} pairs in {rca_secs:.2} s (KZ→QA {kz_qa:.6})",
        all.rca.len(),
        n * (n - 1)
    );
    // The peer: the same work in DuckDB.
    let codes = dir.join("iso-numeric-codes.csv");
    let mut c = String::from("n,a2\n");
    for n in 0..1000u16 {
        if let Some(a2) = CountryCodes::iso().get(n) {
            c.push_str(&format!("{n},{a2}\n"));
        }
    }
    std::fs::write(&codes, c).unwrap();
    let python = dir.join("venv-trade/bin/python");
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/trade_import_baseline.py");
    if !python.exists() {
        println!(
            "DuckDB peer: {} missing; run scripts/bench-trade.sh",
            python.display()
        );
        return;
    }
    for threads in ["all", "1"] {
        let rca = std::process::Command::new(&python)
            .arg(
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../../scripts/trade_rca_baseline.py"),
            )
            .arg(&out)
            .arg(threads)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&rca.stdout);
        print!("{text}");
        if let Some(d) = text
            .lines()
            .find_map(|l| l.strip_prefix("duckdb-rca-seconds "))
        {
            let d: f64 = d.trim().parse().unwrap();
            println!(
                "  all-pairs RCA and complementarity, bilat / DuckDB ({threads} threads): {:.2}× as fast (target ≥ 1)",
                d / rca_secs
            );
        } else {
            eprintln!("{}", String::from_utf8_lossy(&rca.stderr));
        }
        let o = std::process::Command::new(&python)
            .arg(&script)
            .arg(&csv)
            .arg(&codes)
            .arg(dir.join("baci-synthetic.duckdb.parquet"))
            .arg(threads)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        print!("{text}");
        if !o.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&o.stderr));
            continue;
        }
        if let Some(d) = text.lines().find_map(|l| l.strip_prefix("duckdb-seconds ")) {
            let d: f64 = d.trim().parse().unwrap();
            println!(
                "  bilat / DuckDB ({threads} threads): {:.2}× as fast (target ≥ 1)",
                d / secs
            );
        }
    }
}
