//! PPML with fixed effects against the fixest/pyfixest reference values for fixest's `trade`
//! data. The data is GPL-3 and not in this repository: the test reads it from
//! `../shared/data/gravity/` (or `$BILAT_GRAVITY_DATA`), which `.ci/run` provides and runs
//! with `--ignored`.

use std::collections::HashMap;

use bilat_trade::gravity::{Data, Fit, Options, Vcov, fepois};

fn dir() -> String {
    std::env::var("BILAT_GRAVITY_DATA").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/gravity").to_string()
    })
}

struct Trade {
    data: Data,
    codes: HashMap<&'static str, Vec<u32>>,
}

fn load(with_year: bool) -> Trade {
    let path = format!("{}/fixest_trade.csv", dir());
    let mut r = csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (set BILAT_GRAVITY_DATA to the gravity folder)"));
    let mut y = Vec::new();
    let mut ldist = Vec::new();
    let mut cols: HashMap<&'static str, (Vec<u32>, HashMap<String, u32>)> = HashMap::new();
    for row in r.records() {
        let row = row.unwrap();
        for (name, i) in [
            ("Destination", 0),
            ("Origin", 1),
            ("Product", 2),
            ("Year", 3),
        ] {
            let (codes, map) = cols.entry(name).or_default();
            let n = map.len() as u32;
            codes.push(*map.entry(row[i].to_string()).or_insert(n));
        }
        ldist.push(row[4].parse::<f64>().unwrap().ln());
        y.push(row[5].parse::<f64>().unwrap());
    }
    let codes: HashMap<&'static str, Vec<u32>> =
        cols.into_iter().map(|(k, (c, _))| (k, c)).collect();
    let mut names = vec!["Origin", "Destination", "Product"];
    if with_year {
        names.push("Year");
    }
    let data = Data {
        y,
        x: vec![ldist],
        x_names: vec!["log(dist_km)".into()],
        fe: names.iter().map(|n| codes[n].clone()).collect(),
        fe_names: names.iter().map(|n| n.to_string()).collect(),
    };
    Trade { data, codes }
}

fn reference(model: &str, vcov: &str, quantity: &str) -> f64 {
    let path = format!("{}/reference_values.csv", dir());
    let mut r = csv::Reader::from_path(&path).unwrap();
    for row in r.records() {
        let row = row.unwrap();
        if &row[0] == model && (&row[2] == vcov || &row[2] == "-") && &row[3] == quantity {
            return row[4].parse().unwrap();
        }
    }
    panic!("{model} {vcov} {quantity} not in {path}")
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

fn check(model: &str, with_year: bool) {
    let t = load(with_year);
    let cl = |names: &[&str]| Vcov::Cluster(names.iter().map(|n| t.codes[n].clone()).collect());
    let fit: Fit = fepois(&t.data, &cl(&["Origin"]), Options::default()).unwrap();
    assert_eq!(fit.nobs, 38325);
    let coef = reference(model, "CRV1:Origin", "coef_log_dist_km");
    assert!(
        rel(fit.coef[0], coef) < 1e-6,
        "{model} coef {} vs {coef}",
        fit.coef[0]
    );
    for (vcov, v) in [
        ("CRV1:Origin", cl(&["Origin"])),
        ("CRV1:Origin+Destination", cl(&["Origin", "Destination"])),
        ("CRV1:Product", cl(&["Product"])),
        ("hetero", Vcov::Hetero),
        ("iid", Vcov::Iid),
    ] {
        let f = fepois(&t.data, &v, Options::default()).unwrap();
        let se = reference(model, vcov, "se_log_dist_km");
        assert!(
            rel(f.se[0], se) < 1e-6,
            "{model} {vcov} se {} vs {se}: {:e}",
            f.se[0],
            rel(f.se[0], se)
        );
    }
    let dev = reference(model, "-", "deviance");
    assert!(
        rel(fit.deviance, dev) < 1e-9,
        "{model} deviance {} vs {dev}",
        fit.deviance
    );
    let ll = reference(model, "-", "loglik");
    assert!(
        rel(fit.loglik, ll) < 1e-9,
        "{model} loglik {} vs {ll}",
        fit.loglik
    );
    let r2 = reference(model, "-", "pseudo_r2");
    assert!(
        rel(fit.pseudo_r2, r2) < 1e-6,
        "{model} pseudo R2 {} vs {r2}",
        fit.pseudo_r2
    );
    assert!(fit.iterations < 25, "{} IRLS iterations", fit.iterations);
}

#[test]
#[ignore = "needs ../shared/data/gravity (GPL-3, not in the repository); .ci/run runs it"]
fn reproduces_fixest_with_four_fixed_effects() {
    check("fe4", true);
}

#[test]
#[ignore = "needs ../shared/data/gravity (GPL-3, not in the repository); .ci/run runs it"]
fn reproduces_fixest_with_three_fixed_effects() {
    check("fe3", false);
}
