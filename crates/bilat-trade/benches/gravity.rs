//! Speed of PPML with three fixed effects against pyfixest's `fepois` on the same panels.
//!
//! `scripts/bench-trade.sh` is the entry point (it installs pyfixest from PyPI into
//! `target/bench/venv-gravity`). For each size (default 1 000 000 and 5 000 000 rows,
//! `BILAT_BENCH_GRAVITY_ROWS` as a comma-separated list) the benchmark generates (once) a
//! synthetic exporter × importer × year panel, labelled synthetic in its file name, with
//! fixed effects exporter-year, importer-year and pair and two regressors that vary within
//! pairs (a 0/1 agreement and a log tariff), log-normal noise and 10 % zero flows; estimates
//! `y ~ rta + ltariff | exporter^year + importer^year + pair` with bilat and with pyfixest
//! (clustered by pair), and prints seconds, peak memory, the largest relative difference of
//! the coefficients (target ≤ 1e-6) and the speed ratio (target ≥ 3×).

use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use bilat_trade::gravity::{Data, Options, Vcov, fepois};

mod common;
use common::{Rng, peak_rss_mb};

/// Countries and years so that countries² × years ≈ rows.
fn generate(path: &Path, rows: usize) -> std::io::Result<()> {
    let years = 20usize;
    let n = ((rows / years) as f64).sqrt().ceil() as usize + 1;
    let mut rng = Rng(0xC0FFEE + rows as u64);
    let o: Vec<f64> = (0..n * years).map(|_| rng.normal()).collect();
    let d: Vec<f64> = (0..n * years).map(|_| rng.normal()).collect();
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "exporter,importer,year,rta,ltariff,trade")?;
    let mut written = 0;
    'all: for e in 0..n {
        for i in 0..n {
            if e == i {
                continue;
            }
            let pair = rng.normal();
            let start = (rng.next() * years as f64 * 2.0) as usize;
            for t in 0..years {
                let rta = f64::from(u8::from(t >= start));
                let ltariff = (0.02 + 0.1 * rng.next()).ln();
                let eta = 0.4 * rta - 0.8 * ltariff + o[e * years + t] + d[i * years + t] + pair;
                let y = if rng.next() < 0.1 {
                    0.0
                } else {
                    (eta + 0.5 * rng.normal() - 0.125).exp()
                };
                writeln!(out, "c{e},c{i},{},{rta},{ltariff:.9},{y:.9}", 2000 + t)?;
                written += 1;
                if written >= rows {
                    break 'all;
                }
            }
        }
    }
    out.flush()
}

fn load(path: &Path) -> (Data, Vec<u32>) {
    let mut codes: [HashMap<String, u32>; 3] = Default::default();
    let code = |m: &mut HashMap<String, u32>, k: String| {
        let n = m.len() as u32;
        *m.entry(k).or_insert(n)
    };
    let (mut y, mut rta, mut lt) = (vec![], vec![], vec![]);
    let (mut ey, mut iy, mut pair) = (vec![], vec![], vec![]);
    let f = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    for line in f.lines().skip(1) {
        let line = line.unwrap();
        let v: Vec<&str> = line.split(',').collect();
        ey.push(code(&mut codes[0], format!("{}|{}", v[0], v[2])));
        iy.push(code(&mut codes[1], format!("{}|{}", v[1], v[2])));
        pair.push(code(&mut codes[2], format!("{}|{}", v[0], v[1])));
        rta.push(v[3].parse().unwrap());
        lt.push(v[4].parse().unwrap());
        y.push(v[5].parse().unwrap());
    }
    let data = Data {
        y,
        x: vec![rta, lt],
        x_names: vec!["rta".into(), "ltariff".into()],
        fe: vec![ey, iy, pair.clone()],
        fe_names: vec![
            "exporter^year".into(),
            "importer^year".into(),
            "pair".into(),
        ],
    };
    (data, pair)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("BILAT_BENCH_GRAVITY_ROWS")
        .unwrap_or_else(|_| "1000000,5000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    let python = dir.join("venv-gravity/bin/python");
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/gravity_baseline.py");
    for rows in sizes {
        let csv = dir.join(format!("gravity-{rows}-rows.synthetic.csv"));
        if !csv.exists() {
            generate(&csv, rows).unwrap();
        }
        let (data, pair) = load(&csv);
        let start = Instant::now();
        let fit = fepois(&data, &Vcov::Cluster(vec![pair]), Options::default()).unwrap();
        let secs = start.elapsed().as_secs_f64();
        println!(
            "bilat, {} rows (synthetic): {secs:.2} s, {} IRLS iterations, coefficients {:?}, peak memory {:.0} MB (data included)",
            fit.nobs,
            fit.iterations,
            fit.coef,
            peak_rss_mb()
        );
        if !python.exists() {
            println!(
                "pyfixest peer: {} missing; run scripts/bench-trade.sh",
                python.display()
            );
            continue;
        }
        let o = std::process::Command::new(&python)
            .arg(&script)
            .arg(&csv)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        print!("{text}");
        if !o.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&o.stderr));
            continue;
        }
        let field = |key: &str| -> Option<Vec<f64>> {
            text.lines().find_map(|l| l.strip_prefix(key)).map(|v| {
                v.split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
        };
        if let (Some(py_secs), Some(coef)) = (field("pyfixest-seconds "), field("pyfixest-coef ")) {
            let diff = fit
                .coef
                .iter()
                .zip(&coef)
                .map(|(a, b)| ((a - b) / b).abs())
                .fold(0.0f64, f64::max);
            println!(
                "  largest relative difference of coefficients: {diff:.2e} (target ≤ 1e-6); bilat / pyfixest: {:.2}× as fast (target ≥ 3×)",
                py_secs[0] / secs
            );
        }
    }
}
