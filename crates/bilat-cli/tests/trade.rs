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

#[test]
fn gravity_from_a_csv_with_a_pair() {
    // A synthetic panel written here: trade = exp(-1.2 log d + a_exporter + b_importer),
    // exactly, so PPML must return -1.2; the pair AAA -> BBB is then on its prediction.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let file = dir.path().join("gravity-synthetic.csv");
    let names = ["AAA", "BBB", "CCC", "DDD", "EEE"];
    let mut csv = String::from("exporter,importer,dist,trade\n");
    for (e, ex) in names.iter().enumerate() {
        for (i, im) in names.iter().enumerate() {
            if e == i {
                continue;
            }
            let d = 100.0 + 37.0 * ((e * 7 + i * 3) % 11) as f64;
            let v = (-1.2 * f64::ln(d) + 0.3 * e as f64 + 0.1 * i as f64 + 12.0).exp();
            csv.push_str(&format!("{ex},{im},{d},{v}\n"));
        }
    }
    std::fs::write(&file, &csv).unwrap();
    let f = file.to_str().unwrap();
    let out = bilat(
        &db,
        &[
            "trade",
            "gravity",
            "--input",
            f,
            "--y",
            "trade",
            "--x",
            "log(dist)",
            "--fe",
            "exporter,importer",
            "--vcov",
            "cluster:exporter",
            "--pair-cols",
            "exporter,importer",
            "--pair",
            "AAA,BBB",
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
    let coef = v["fit"]["coef"][0].as_f64().unwrap();
    assert!((coef + 1.2).abs() < 1e-7, "{coef}");
    assert_eq!(v["fit"]["nobs"], 20);
    let ratio = v["pair"]["actual_over_predicted"].as_f64().unwrap();
    assert!((ratio - 1.0).abs() < 1e-6, "{ratio}");

    let mut bad = csv.clone();
    bad.push_str("EEE,AAA,oops,5\n");
    std::fs::write(&file, bad).unwrap();
    let err = bilat(
        &db,
        &[
            "trade",
            "gravity",
            "--input",
            f,
            "--y",
            "trade",
            "--x",
            "log(dist)",
            "--fe",
            "exporter,importer",
        ],
    );
    assert!(!err.status.success());
    let msg = String::from_utf8_lossy(&err.stderr);
    assert!(
        msg.contains("gravity-synthetic.csv:22") && msg.contains("`oops`"),
        "{msg}"
    );
}

#[test]
fn import_writes_parquet_beside_the_record_and_a_bad_file_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let good = dir.path().join("BACI_HS17_Y2022_synthetic.csv");
    std::fs::write(
        &good,
        "t,i,j,k,v,q\n2022,398,634,010121,12.5,NA\n2022,634,398,271111,1500,30000\n",
    )
    .unwrap();
    let bad = dir.path().join("BACI_HS17_Y2023_synthetic.csv");
    std::fs::write(
        &bad,
        "t,i,j,k,v,q\n2023,398,634,010121,12.5,NA\n2023,398,634,010121,lots,NA\n",
    )
    .unwrap();
    let out = bilat(
        &db,
        &[
            "trade",
            "import",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success(), "one file failed");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 rows, years 2022, USD 1.5 million"),
        "{text}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("BACI_HS17_Y2023_synthetic.csv:3: v: expected a value, found `lots`"),
        "{err}"
    );
    let written: Vec<String> = std::fs::read_dir(dir.path().join("trade/baci"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["BACI_HS17_Y2022_synthetic.parquet"]);
}

#[test]
fn a_pairs_indicators_and_targets_or_the_sourced_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    // Before any import: the record's sourced figures, said to be such.
    let none = bilat(&db, &["trade", "KZ", "QA"]);
    assert!(none.status.success());
    let text = String::from_utf8_lossy(&none.stdout);
    assert!(
        text.contains("No trade data imported") && text.contains("USD 56.6 m"),
        "{text}"
    );
    // Two synthetic years (thousands of USD): KZ→QA 40 then 60, QA→KZ 20 then 30.
    let y1 = dir.path().join("y2022-synthetic.csv");
    std::fs::write(&y1, "t,i,j,k,v,q\n2022,398,634,100101,10,NA\n2022,398,634,270900,30,NA\n2022,634,398,271111,20,NA\n").unwrap();
    let y2 = dir.path().join("y2023-synthetic.csv");
    std::fs::write(&y2, "t,i,j,k,v,q\n2023,398,634,100101,20,NA\n2023,398,634,270900,40,NA\n2023,634,398,271111,30,NA\n").unwrap();
    assert!(
        bilat(
            &db,
            &[
                "trade",
                "import",
                y1.to_str().unwrap(),
                y2.to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    let out = bilat(&db, &["trade", "KZ", "QA", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["trade"]["years"][1]["turnover"], 90000.0);
    assert!((v["trade"]["cagr"].as_f64().unwrap() - 0.5).abs() < 1e-12);
    let target = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "tg:turnover-500m")
        .unwrap();
    assert_eq!(target["observed"], 90000.0);
    let cats = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "tg:kz-exports-60-categories")
        .unwrap();
    // One non-resource HS6 line (wheat); crude oil is a resource.
    assert_eq!(cats["observed"], 1.0);
    // Counting wheat (chapter 10) as a resource leaves no non-resource line.
    let wheat = bilat(
        &db,
        &[
            "trade",
            "KZ",
            "QA",
            "--resource-chapters",
            "10,27",
            "--format",
            "json",
        ],
    );
    let w: serde_json::Value = serde_json::from_slice(&wheat.stdout).unwrap();
    assert_eq!(w["trade"]["years"][1]["a_to_b"]["non_resource_products"], 0);
    let range = bilat(
        &db,
        &[
            "trade",
            "KZ",
            "QA",
            "--years",
            "2023-2023",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&range.stdout).unwrap();
    assert_eq!(v["trade"]["years"].as_array().unwrap().len(), 1);
}

#[test]
fn potential_from_the_imported_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let f = dir.path().join("y2022-synthetic.csv");
    // KZ sells wheat to CN and QA; CN sells wheat to QA too (thousands of USD).
    std::fs::write(&f, "t,i,j,k,v,q\n2022,398,156,100101,30,NA\n2022,398,634,100101,10,NA\n2022,156,634,100101,20,NA\n2022,156,634,720711,30,NA\n").unwrap();
    assert!(
        bilat(&db, &["trade", "import", f.to_str().unwrap()])
            .status
            .success()
    );
    let out = bilat(&db, &["trade", "potential", "KZ", "QA", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["year"], 2022);
    // KZ holds 40 of the world's 60 of wheat; QA imports 30: potential 20, sold 10.
    assert_eq!(v["existing"][0]["hs6"], "100101");
    assert!((v["existing"][0]["gap"].as_f64().unwrap() - 10_000.0).abs() < 1e-6);
    assert_eq!(v["new_products"][0]["hs6"], "720711");
}

#[test]
fn comtrade_files_go_to_their_own_folder_and_are_read_with_source() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let f = dir.path().join("comtrade-plus-synthetic.csv");
    std::fs::write(
        &f,
        "refYear,flowCode,reporterISO,partnerISO,cmdCode,netWgt,primaryValue\n2023,X,KAZ,QAT,100199,1000,2500000\n2023,X,QAT,KAZ,271111,,1000000\n2023,X,KAZ,WLD,100199,,9\n",
    )
    .unwrap();
    let out = bilat(
        &db,
        &[
            "trade",
            "import",
            "--format",
            "comtrade",
            f.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path()
            .join("trade/comtrade/comtrade-plus-synthetic.parquet")
            .exists()
    );
    let v = bilat(
        &db,
        &[
            "trade", "KZ", "QA", "--source", "comtrade", "--format", "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&v.stdout).unwrap();
    assert_eq!(v["trade"]["years"][0]["turnover"], 3_500_000.0);
}

#[test]
fn product_names_from_baci_s_product_codes_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    // A product codes file as BACI ships it (its wording here is written for the test);
    // 100199 lost no zero, 90111 lost one.
    let codes = dir.path().join("product_codes_test.csv");
    std::fs::write(
        &codes,
        "code,description\n100199,Wheat other than durum\n90111,Coffee not roasted\n",
    )
    .unwrap();
    let flows = dir.path().join("y2022-synthetic.csv");
    std::fs::write(&flows, "t,i,j,k,v,q\n2022,398,634,100199,10,NA\n2022,398,634,090111,5,NA\n2022,634,398,271111,1,NA\n").unwrap();
    let out = bilat(
        &db,
        &[
            "trade",
            "import",
            "--product-codes",
            codes.to_str().unwrap(),
            flows.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 product names"));
    let table = bilat(&db, &["trade", "KZ", "QA"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("100199 Wheat other than durum: 0.01 (67%)"),
        "{text}"
    );
    let json = bilat(&db, &["trade", "KZ", "QA", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["product_names"]["090111"], "Coffee not roasted");
    // A bad code in the names file is named by its line.
    std::fs::write(&codes, "code,description\n10A199,Wheat\n").unwrap();
    let bad = bilat(
        &db,
        &[
            "trade",
            "import",
            "--product-codes",
            codes.to_str().unwrap(),
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("product_codes_test.csv:2: code"));
}

#[test]
fn gravity_on_the_imported_flows_with_covariates() {
    // Synthetic: four countries, two years, trade = exp(−log dist + a[e,t] + b[i,t]) exactly,
    // written as BACI rows (thousands of USD) split over two products.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let countries = [("398", "KZ"), ("634", "QA"), ("276", "DE"), ("156", "CN")];
    let mut flows = String::from("t,i,j,k,v,q\n");
    let mut cov = String::from("exporter,importer,dist\n");
    for (e, (en, ea)) in countries.iter().enumerate() {
        for (i, (inn, ia)) in countries.iter().enumerate() {
            if e == i {
                continue;
            }
            let dist = 500.0 + 250.0 * ((e * 3 + i * 5) % 7) as f64;
            cov.push_str(&format!("{ea},{ia},{dist}\n"));
            for t in 0..2u16 {
                let v =
                    (-dist.ln() + 0.2 * e as f64 + 0.1 * t as f64 - 0.3 * i as f64 + 20.0).exp();
                for (k, share) in [("100199", 0.4), ("271111", 0.6)] {
                    flows.push_str(&format!(
                        "{},{en},{inn},{k},{:.9},NA\n",
                        2022 + t,
                        v * share / 1000.0
                    ));
                }
            }
        }
    }
    let f = dir.path().join("flows-synthetic.csv");
    std::fs::write(&f, flows).unwrap();
    let c = dir.path().join("covariates.csv");
    std::fs::write(&c, cov).unwrap();
    assert!(
        bilat(&db, &["trade", "import", f.to_str().unwrap()])
            .status
            .success()
    );
    let out = bilat(
        &db,
        &[
            "trade",
            "gravity",
            "--covariates",
            c.to_str().unwrap(),
            "--x",
            "log(dist)",
            "--fe",
            "exporter-year,importer-year",
            "--vcov",
            "cluster:pair",
            "--pair",
            "KZ,QA",
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
    let coef = v["fit"]["coef"][0].as_f64().unwrap();
    assert!((coef + 1.0).abs() < 1e-6, "{coef}");
    assert_eq!(v["fit"]["nobs"], 24);
    let ratio = v["pair"]["actual_over_predicted"].as_f64().unwrap();
    assert!((ratio - 1.0).abs() < 1e-5, "{ratio}");
}

#[test]
fn the_brief_shows_imported_flows_beside_the_sourced_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let before = String::from_utf8(bilat(&db, &["brief", "KZ", "QA"]).stdout).unwrap();
    assert!(before.contains("no HS-level flows are imported"));
    // Two synthetic years (thousands of USD) and a product name written for the test.
    let codes = dir.path().join("product_codes_test.csv");
    std::fs::write(&codes, "code,description\n100199,Wheat for the test\n").unwrap();
    let y1 = dir.path().join("y2022-synthetic.csv");
    std::fs::write(&y1, "t,i,j,k,v,q\n2022,398,634,100199,10,NA\n2022,398,634,270900,30,NA\n2022,634,398,271111,20,NA\n").unwrap();
    let y2 = dir.path().join("y2023-synthetic.csv");
    std::fs::write(&y2, "t,i,j,k,v,q\n2023,398,634,100199,20,NA\n2023,398,634,270900,40,NA\n2023,634,398,271111,30,NA\n").unwrap();
    let import = bilat(
        &db,
        &[
            "trade",
            "import",
            "--product-codes",
            codes.to_str().unwrap(),
            y1.to_str().unwrap(),
            y2.to_str().unwrap(),
        ],
    );
    assert!(import.status.success());
    let md = String::from_utf8(bilat(&db, &["brief", "KZ", "QA"]).stdout).unwrap();
    // The record's sourced turnover stays, the imported flows come after it, not blended.
    assert!(md.contains("| 2023 | USD 56.6 m | — | Abu Shawer et al. 2025 |"));
    assert!(md.contains("### From imported HS-level flows"));
    assert!(md.contains("y2022-synthetic.parquet, y2023-synthetic.parquet"));
    assert!(
        md.contains("| 2023 | 0.06 | 0.03 | 0.09 | 0.03 | +50.0% | 1 |"),
        "{md}"
    );
    assert!(md.contains("- 100199 Wheat for the test: USD 0.02 m (33%)"));
    // The targets measured on the latest imported year: turnover 90,000 of 500 m, one
    // non-resource line of 60.
    assert!(md.contains("| Bilateral trade turnover of USD 500 million (USD 500.00 m) | 2023 | USD 0.09 m | 0.0% |"), "{md}");
    assert!(md.contains("(60) | 2023 | 1 | 1.7% |"));
    let html =
        String::from_utf8(bilat(&db, &["brief", "KZ", "QA", "--format", "html"]).stdout).unwrap();
    assert!(html.contains("■ imported flows") && html.matches("<svg").count() == 5);
}
