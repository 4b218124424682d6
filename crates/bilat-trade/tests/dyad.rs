//! A pair's indicators on a hand-made panel (synthetic flows between four real country codes,
//! written here; expected values worked out by hand in the comments).

use bilat_trade::baci::{CountryCodes, import};
use bilat_trade::dyad::{RESOURCE_CHAPTERS, dyad_trade};

// Values in thousands of USD, as BACI has them. 398 KZ, 634 QA, 276 DE, 156 CN.
const Y2022: &str = "t,i,j,k,v,q\n\
2022,398,634,100101,10,NA\n2022,398,634,270900,30,NA\n2022,634,398,271111,20,NA\n\
2022,398,276,270900,60,NA\n2022,276,634,870300,50,NA\n2022,156,634,851712,30,NA\n\
2022,276,156,870300,100,NA\n2022,634,156,271111,100,NA\n";
const Y2023: &str = "t,i,j,k,v,q\n\
2023,398,634,100101,20,NA\n2023,398,634,270900,40,NA\n2023,634,398,271111,30,NA\n\
2023,276,634,870300,50,NA\n2023,634,156,271111,100,NA\n";

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} vs {b}");
}

#[test]
fn indicators_of_a_pair() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (y, text) in [("2022", Y2022), ("2023", Y2023)] {
        let out = dir.path().join(format!("baci-{y}-synthetic.parquet"));
        import(text.as_bytes(), y, &CountryCodes::iso(), &out, &mut |_| {}).unwrap();
        files.push(out);
    }
    let d = dyad_trade(&files, "KZ", "QA", None, 5, RESOURCE_CHAPTERS).unwrap();
    assert_eq!(d.years.len(), 2);
    let y = &d.years[0];
    // KZ→QA 10 + 30, QA→KZ 20 (thousands): turnover 60, balance +20.
    close(y.a_to_b.value, 40_000.0);
    close(y.b_to_a.value, 20_000.0);
    close(y.turnover, 60_000.0);
    close(y.balance, 20_000.0);
    assert_eq!(y.a_to_b.top[0].hs6, "270900");
    close(y.a_to_b.top[0].share, 0.75);
    // Shares .75 and .25: HHI .625, normalised (.625 − .5) / .5 = .25.
    close(y.a_to_b.hhi_products, 0.625);
    close(y.a_to_b.hhi_products_normalised, 0.25);
    // Crude oil (chapter 27) is a resource; wheat (10) is not.
    assert_eq!(y.a_to_b.non_resource_products, 1);
    close(y.a_to_b.non_resource_value, 10_000.0);
    // KZ's world exports: 270900 .9, 100101 .1; QA's imports: 270900 30/120, 100101 10/120,
    // 870300 50/120, 851712 30/120; Σ|m − x| = 4/3, so TC = 100 (1 − 2/3).
    close(y.a_to_b.complementarity, 100.0 / 3.0);
    // KZ sends 40 % of its exports to QA, which takes 120 of the world's 400: 0.4 / 0.3.
    close(y.a_to_b.intensity, 4.0 / 3.0);
    // KZ's partners QA 40, DE 60: HHI .52, normalised .04.
    close(y.a_to_b.hhi_partners, 0.52);
    close(y.a_to_b.hhi_partners_normalised, 0.04);
    assert_eq!(y.growth, None);
    let y = &d.years[1];
    close(y.turnover, 90_000.0);
    close(y.growth.unwrap(), 0.5);
    close(d.cagr.unwrap(), 0.5);
    close(d.least_squares_growth.unwrap(), 0.5);
    // A year range keeps only its years.
    let only = dyad_trade(&files, "KZ", "QA", Some((2023, 2023)), 5, RESOURCE_CHAPTERS).unwrap();
    assert_eq!(only.years.len(), 1);
    assert_eq!(only.years[0].growth, None);
}

#[test]
fn all_pairs_agree_with_the_pair() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("baci-2022-synthetic.parquet");
    import(
        Y2022.as_bytes(),
        "2022",
        &CountryCodes::iso(),
        &out,
        &mut |_| {},
    )
    .unwrap();
    let files = vec![out];
    let all = bilat_trade::dyad::all_pairs(&files, 2022).unwrap();
    let pair = dyad_trade(&files, "KZ", "QA", None, 5, RESOURCE_CHAPTERS).unwrap();
    let n = all.countries.len();
    let i = all.countries.iter().position(|c| c == "KZ").unwrap();
    let j = all.countries.iter().position(|c| c == "QA").unwrap();
    close(
        all.complementarity[i * n + j],
        pair.years[0].a_to_b.complementarity,
    );
    close(
        all.complementarity[j * n + i],
        pair.years[0].b_to_a.complementarity,
    );
    assert!(all.complementarity[i * n + i].is_nan());
    // RCA of KZ in wheat: (10/100) / (10/400) = 4.
    let k = all.products.iter().position(|p| p == "100101").unwrap();
    close(all.rca[i * all.products.len() + k], 4.0);
}
