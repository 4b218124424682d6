//! Export potential on a hand-made panel (synthetic flows written here; the expected values
//! are worked out in the comments).

use bilat_trade::baci::{CountryCodes, import};
use bilat_trade::potential::potential;

// Thousands of USD. 398 KZ, 634 QA, 276 DE, 156 CN; wheat 100101, oil 270900, cars 870300,
// steel 720711.
const FLOWS: &str = "t,i,j,k,v,q\n\
2022,398,156,100101,30,NA\n2022,398,634,100101,10,NA\n2022,398,156,270900,40,NA\n\
2022,398,276,720711,10,NA\n2022,276,634,870300,50,NA\n2022,276,156,870300,50,NA\n\
2022,156,634,100101,20,NA\n2022,156,634,720711,30,NA\n2022,634,156,270900,60,NA\n";

#[test]
fn gaps_and_new_products() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("synthetic.parquet");
    import(
        FLOWS.as_bytes(),
        "synthetic",
        &CountryCodes::iso(),
        &out,
        &mut |_| {},
    )
    .unwrap();
    let p = potential(&[out], "KZ", "QA", 2022, 10).unwrap();
    // Wheat: KZ has RCA (40/90)/(60/300) = 2.22 and 2/3 of world exports; QA imports 30, so
    // KZ "should" sell 20 there and sells 10: a gap of 10. Oil: QA imports none.
    assert_eq!(p.existing.len(), 1);
    let w = &p.existing[0];
    assert_eq!(w.hs6, "100101");
    assert!((w.rca - 20.0 / 9.0).abs() < 1e-12, "{}", w.rca);
    assert!((w.potential - 20_000.0).abs() < 1e-6);
    assert!((w.gap - 10_000.0).abs() < 1e-6);
    assert!((p.total_gap - 10_000.0).abs() < 1e-6);
    assert_eq!(p.products_with_gap, 1);
    // Steel (KZ's RCA 0.83) is close to wheat: the only location with steel (CN) also has
    // wheat, and KZ has wheat: density 1. Cars share no location with anything: density 0.
    let names: Vec<(&str, f64)> = p
        .new_products
        .iter()
        .map(|n| (n.hs6.as_str(), n.density))
        .collect();
    assert_eq!(names, [("720711", 1.0), ("870300", 0.0)]);
    assert!(
        potential(
            &[dir.path().join("synthetic.parquet")],
            "KZ",
            "FR",
            2022,
            10
        )
        .is_err()
    );
}
