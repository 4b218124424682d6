//! `bilat trade complexity` from the command line.

mod common;

use common::bilat;

const PANEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../bilat-trade/tests/fixtures/ecomplexity/trade_data_sample.csv"
);

#[test]
fn complexity_of_a_year_from_a_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let out = bilat(
        &db,
        &[
            "trade",
            "complexity",
            "--year",
            "1995",
            "--input",
            PANEL,
            "--format",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let aut = v["locations"]
        .as_array()
        .unwrap()
        .iter()
        .position(|l| l == "aut")
        .unwrap();
    // Stata's ECI of Austria in 1995 (stata_ground_truth.csv).
    let eci = v["indices"]["eci"][aut].as_f64().unwrap();
    assert!((eci - 1.073207217992253).abs() < 1e-9, "{eci}");
    let table = bilat(
        &db,
        &["trade", "complexity", "--year", "1995", "--input", PANEL],
    );
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.lines().nth(1).unwrap().contains("deu"), "{text}");
}

#[test]
fn baci_rows_are_summed_over_importers_and_bad_values_are_named() {
    // A synthetic BACI-shaped file written for this test: exporter 1 sells product 010121 to
    // two importers (10 + 10) and 000002 once (5); exporter 2 sells 5 and 20.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let file = dir.path().join("baci-synthetic.csv");
    std::fs::write(
        &file,
        "t,i,j,k,v,q\n2022,1,9,010121,10,NA\n2022,1,8,010121,10,1.5\n2022,1,9,000002,5,NA\n\
         2022,2,9,010121,5,NA\n2022,2,8,000002,20,NA\n2021,2,8,000002,999,NA\n",
    )
    .unwrap();
    let out = bilat(
        &db,
        &[
            "trade",
            "complexity",
            "--year",
            "2022",
            "--input",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Products keep their leading zeros and sort as text: 000002, 010121.
    assert_eq!(v["products"], serde_json::json!(["000002", "010121"]));
    // Exporter 1: 20 of 25 in 010121 against a world share of 25 of 50: RCA 1.6.
    let rca: Vec<f64> = v["rca"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    let expected = [0.4, 1.6, 1.6, 0.4];
    for (a, b) in rca.iter().zip(expected) {
        assert!((a - b).abs() < 1e-12, "{rca:?}");
    }
    assert_eq!(v["diversity"], serde_json::json!([1, 1]));

    std::fs::write(
        &file,
        "t,i,j,k,v,q\n2022,1,9,010121,10,NA\n2022,1,9,010122,-3,NA\n",
    )
    .unwrap();
    let bad = bilat(
        &db,
        &[
            "trade",
            "complexity",
            "--year",
            "2022",
            "--input",
            file.to_str().unwrap(),
        ],
    );
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("baci-synthetic.csv:3") && err.contains("`-3`"),
        "{err}"
    );
}
