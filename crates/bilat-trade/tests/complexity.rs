//! Economic complexity against the Stata `ecomplexity` output for the py-ecomplexity test
//! panel (fixtures copied with their MIT licence, tests/fixtures/ecomplexity/LICENSE), to the
//! tolerances upstream states: exact for M, diversity and ubiquity; 1e-5 relative for RCA,
//! ECI and PCI; 1e-4 relative for density, COI and COG.

use std::collections::BTreeMap;

use bilat_trade::complexity::{Complexity, Matrix, Options, compute};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ecomplexity/");

fn rows(file: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(format!("{DIR}{file}")).unwrap();
    r.deserialize().map(|x| x.unwrap()).collect()
}

fn num(row: &BTreeMap<String, String>, k: &str) -> f64 {
    row[k]
        .parse()
        .unwrap_or_else(|_| panic!("{k}: {:?}", row[k]))
}

/// The input panel, one matrix per year.
fn panel() -> BTreeMap<String, Matrix> {
    let mut years: BTreeMap<String, BTreeMap<(String, String), f64>> = BTreeMap::new();
    for r in rows("trade_data_sample.csv") {
        years.entry(r["year"].clone()).or_default().insert(
            (r["origin"].clone(), r["hs92"].clone()),
            num(&r, "export_val"),
        );
    }
    years
        .into_iter()
        .map(|(y, cells)| {
            let mut locations: Vec<String> = cells.keys().map(|k| k.0.clone()).collect();
            locations.dedup();
            let mut products: Vec<String> = cells.keys().map(|k| k.1.clone()).collect();
            products.sort();
            products.dedup();
            let values = locations
                .iter()
                .flat_map(|c| products.iter().map(|p| cells[&(c.clone(), p.clone())]))
                .collect();
            (
                y,
                Matrix {
                    locations,
                    products,
                    values,
                },
            )
        })
        .collect()
}

fn close(what: &str, ours: f64, stata: f64, rtol: f64) {
    assert!(
        (ours - stata).abs() <= rtol * stata.abs(),
        "{what}: ours {ours}, Stata {stata}, relative error {:e}",
        ((ours - stata) / stata).abs()
    );
}

fn cell(c: &Complexity, origin: &str, hs: &str) -> (usize, usize, usize) {
    let ci = c.locations.iter().position(|l| l == origin).unwrap();
    let pi = c.products.iter().position(|p| p == hs).unwrap();
    (ci, pi, ci * c.products.len() + pi)
}

#[test]
fn reproduces_stata_ecomplexity() {
    let panel = panel();
    let results: BTreeMap<&String, Complexity> = panel
        .iter()
        .map(|(y, m)| (y, compute(m, Options::default())))
        .collect();
    let truth = rows("stata_ground_truth.csv");
    assert_eq!(truth.len(), 600);
    for r in &truth {
        let c = &results[&r["year"]];
        let (ci, pi, at) = cell(c, &r["origin"], &r["hs92"]);
        let what = |k: &str| format!("{} {} {} {k}", r["year"], r["origin"], r["hs92"]);
        assert_eq!(f64::from(c.m[at]), num(r, "M"), "{}", what("M"));
        assert_eq!(
            f64::from(c.diversity[ci]),
            num(r, "diversity"),
            "{}",
            what("diversity")
        );
        assert_eq!(
            f64::from(c.ubiquity[pi]),
            num(r, "ubiquity"),
            "{}",
            what("ubiquity")
        );
        close(&what("rca"), c.rca[at], num(r, "rca"), 1e-5);
        let ix = c.indices.as_ref().expect("a full matrix has indices");
        close(&what("eci"), ix.eci[ci], num(r, "eci"), 1e-5);
        close(&what("pci"), ix.pci[pi], num(r, "pci"), 1e-5);
        close(&what("density"), ix.density[at], num(r, "density"), 1e-4);
        close(&what("coi"), ix.coi[ci], num(r, "coi"), 1e-4);
        close(&what("cog"), ix.cog[at], num(r, "cog"), 1e-4);
    }
    // Proximity: two 30 × 30 blocks, 1995 then 1996, zero diagonal.
    let prox = rows("stata_proximity_discrete_sym.csv");
    assert_eq!(prox.len(), 1800);
    for (i, r) in prox.iter().enumerate() {
        let year = if i < 900 { "1995" } else { "1996" };
        let c = results.iter().find(|(y, _)| y.as_str() == year).unwrap().1;
        let p = c.products.iter().position(|x| *x == r["hs92_1"]).unwrap();
        let q = c.products.iter().position(|x| *x == r["hs92_2"]).unwrap();
        let ours = c.proximity[p * c.products.len() + q];
        assert!((ours - num(r, "proximity")).abs() < 1e-12, "{year} {p} {q}");
    }
}

#[test]
fn threshold_two_leaves_indices_missing_as_stata_does() {
    let panel = panel();
    let opts = Options {
        threshold: 2.0,
        ..Options::default()
    };
    let results: BTreeMap<&String, Complexity> =
        panel.iter().map(|(y, m)| (y, compute(m, opts))).collect();
    for r in rows("stata_rca_2.csv") {
        let c = &results[&r["year"]];
        let (ci, pi, at) = cell(c, &r["origin"], &r["hs92"]);
        assert_eq!(f64::from(c.m[at]), num(&r, "M"));
        assert_eq!(f64::from(c.diversity[ci]), num(&r, "diversity"));
        assert_eq!(f64::from(c.ubiquity[pi]), num(&r, "ubiquity"));
        // Some locations have no product above 2: the year's indices are missing.
        assert!(r["eci"].is_empty());
        assert!(c.indices.is_none());
    }
    // Leaving those locations out gives indices for the others, and none for them.
    let dropped = compute(
        &panel["1995"],
        Options {
            drop_empty: true,
            ..opts
        },
    );
    let ix = dropped.indices.unwrap();
    for (c, d) in dropped.diversity.iter().enumerate() {
        assert_eq!(ix.eci[c].is_nan(), *d == 0, "{}", dropped.locations[c]);
    }
}

#[test]
fn power_iteration_agrees_with_the_dense_solver() {
    // A synthetic matrix (generated here, not data): 25 locations × 80 products with a
    // nested structure, so that the second eigenvalue is well separated.
    let (nc, np) = (25, 80);
    let mut seed: u64 = 42;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 1000) as f64 / 1000.0
    };
    let values = (0..nc)
        .flat_map(|c| (0..np).map(move |p| (c, p)))
        .map(|(c, p)| {
            let nested = if p * nc < (c + 5) * np { 5.0 } else { 0.2 };
            nested * (0.5 + next()) * 1e6
        })
        .collect();
    let m = Matrix {
        locations: (0..nc).map(|c| format!("synthetic-{c}")).collect(),
        products: (0..np).map(|p| format!("{p:04}")).collect(),
        values,
    };
    let dense = compute(&m, Options::default()).indices.unwrap();
    let power = compute(
        &m,
        Options {
            dense_limit: 0,
            ..Options::default()
        },
    )
    .indices
    .unwrap();
    for (a, b) in dense.eci.iter().zip(&power.eci) {
        assert!((a - b).abs() < 1e-8, "{a} {b}");
    }
    for (a, b) in dense.pci.iter().zip(&power.pci) {
        assert!((a - b).abs() < 1e-8, "{a} {b}");
    }
}
