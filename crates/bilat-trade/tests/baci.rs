//! BACI files to Parquet, read back with the parquet crate's own reader. The BACI-shaped
//! inputs are written here and synthetic (invented flows between real country codes).

use std::fs::File;

use arrow_array::{Array, Float64Array, StringArray, UInt16Array};
use bilat_trade::baci::{CountryCodes, ImportError, import};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

const GOOD: &str = "t,i,j,k,v,q\n\
2022,398,634,010121,12.5,NA\n\
2022,634,398,271111,1500.25,30000\n\
2022,842,398,90211,3,0.5\n\
2022,398,251,720711,40,100\n";

fn read_back(path: &std::path::Path) -> Vec<arrow_array::RecordBatch> {
    let file = File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    reader.map(|b| b.unwrap()).collect()
}

#[test]
fn a_year_becomes_parquet_with_iso_codes_and_hs6_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("baci-2022.parquet");
    let mut seen = 0;
    let s = import(
        GOOD.as_bytes(),
        "BACI_HS17_Y2022.csv",
        &CountryCodes::iso(),
        &out,
        &mut |b| seen = b,
    )
    .unwrap();
    assert_eq!(s.rows, 4);
    assert_eq!(s.years, [2022]);
    assert_eq!(s.missing_quantity, 1);
    assert_eq!(seen, GOOD.len() as u64);
    let batches = read_back(&out);
    let b = &batches[0];
    let col = |n: &str| b.column(b.schema().index_of(n).unwrap()).clone();
    let year = col("year");
    let year = year.as_any().downcast_ref::<UInt16Array>().unwrap();
    assert_eq!(year.value(0), 2022);
    let exp = col("exporter");
    let exp = exp.as_any().downcast_ref::<StringArray>().unwrap();
    let imp = col("importer");
    let imp = imp.as_any().downcast_ref::<StringArray>().unwrap();
    // 398 Kazakhstan, 634 Qatar, BACI's 842 and 251 are the United States and France.
    assert_eq!((exp.value(0), imp.value(0)), ("KZ", "QA"));
    assert_eq!((exp.value(2), imp.value(3)), ("US", "FR"));
    let hs = col("hs6");
    let hs = hs.as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!(hs.value(0), "010121");
    // A code that lost its leading zero gets it back.
    assert_eq!(hs.value(2), "090211");
    let v = col("value_usd");
    let v = v.as_any().downcast_ref::<Float64Array>().unwrap();
    assert_eq!(v.value(1), 1_500_250.0);
    let q = col("quantity_t");
    let q = q.as_any().downcast_ref::<Float64Array>().unwrap();
    assert!(q.is_null(0));
    assert_eq!(q.value(1), 30000.0);
}

#[test]
fn bad_input_names_the_line_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bad.parquet");
    let cases = [
        ("t,i,j,k,v\n2022,398,634,010121,1\n", 1, "t,i,j,k,v,q"),
        (
            "t,i,j,k,v,q\n2022,398,634,010121,1,NA\n2022,398,634,010121,x,NA\n",
            3,
            "v: expected a value",
        ),
        (
            "t,i,j,k,v,q\n2022,398,634,010121,-1,NA\n",
            2,
            "zero or more",
        ),
        (
            "t,i,j,k,v,q\n2022,398,999,010121,1,NA\n",
            2,
            "unknown country code 999",
        ),
        ("t,i,j,k,v,q\n2022,398,634,01A121,1,NA\n", 2, "HS6"),
        ("t,i,j,k,v,q\n2022,398,634,010121,1\n", 2, ""),
        ("t,i,j,k,v,q\n", 2, "expected rows"),
    ];
    for (text, line, words) in cases {
        let err = import(
            text.as_bytes(),
            "in.csv",
            &CountryCodes::iso(),
            &out,
            &mut |_| {},
        )
        .unwrap_err();
        match &err {
            ImportError::At {
                file,
                line: l,
                message,
            } => {
                assert_eq!((file.as_str(), *l), ("in.csv", line), "{err}");
                assert!(message.contains(words), "{err}");
            }
            other => panic!("{other}"),
        }
        assert!(
            std::fs::read_dir(dir.path()).unwrap().next().is_none(),
            "{err}: a file was left"
        );
    }
}

#[test]
fn baci_country_code_files_decide() {
    let dir = tempfile::tempdir().unwrap();
    let codes = dir.path().join("country_codes_V202401.csv");
    std::fs::write(
        &codes,
        "country_code,country_name,country_iso2,country_iso3\n58,Belgium-Luxembourg,NA,NA\n398,Kazakhstan,KZ,KAZ\n999,Test land,QA,QAT\n",
    )
    .unwrap();
    let c = CountryCodes::from_baci_file(&codes).unwrap();
    assert_eq!(c.get(999), Some("QA"));
    assert_eq!(c.get(58), None);
    assert_eq!(c.get(634), Some("QA"));
}
