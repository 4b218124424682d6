//! UN Comtrade bulk files to Parquet: both headers, the rows kept and left out, errors. The
//! rows are written here (synthetic values between real reporters and partners).

use std::fs::File;

use arrow_array::{Array, Float64Array, StringArray};
use bilat_trade::comtrade::{Flow, import};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

const LEGACY: &str = "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,Commodity Code,Commodity,Qty Unit Code,Qty Unit,Qty,Netweight (kg),Trade Value (US$),Flag\n\
H5,2022,2022,2022,6,1,2,Export,398,Kazakhstan,KAZ,634,Qatar,QAT,100199,Wheat,8,kg,5000,5000,1500,0\n\
H5,2022,2022,2022,6,1,1,Import,398,Kazakhstan,KAZ,634,Qatar,QAT,271111,LNG,8,kg,,,900,0\n\
H5,2022,2022,2022,6,1,2,Export,398,Kazakhstan,KAZ,0,World,WLD,100199,Wheat,8,kg,,,99999,0\n\
H5,2022,2022,2022,4,0,2,Export,398,Kazakhstan,KAZ,634,Qatar,QAT,1001,Wheat,8,kg,,,1500,0\n\
H5,2022,2022,2022,6,1,2,Export,398,Kazakhstan,KAZ,899,\"Areas, nes\",X2,100199,Wheat,8,kg,,,20,0\n\
H5,2022,2022,2022,6,1,3,Re-Export,398,Kazakhstan,KAZ,634,Qatar,QAT,100199,Wheat,8,kg,,,7,0\n";

const PLUS: &str = "typeCode,freqCode,refYear,flowCode,reporterCode,reporterISO,partnerCode,partnerISO,partner2Code,cmdCode,customsCode,motCode,netWgt,primaryValue\n\
C,A,2023,X,634,QAT,398,KAZ,0,271111,C00,0,2000,3000\n\
C,A,2023,X,634,QAT,398,KAZ,0,271111,C01,0,2000,3000\n\
C,A,2023,X,634,QAT,398,KAZ,0,271111,C00,1000,2000,3000\n\
C,A,2023,M,634,QAT,398,KAZ,0,100199,C00,0,,400\n";

fn strings(b: &arrow_array::RecordBatch, n: &str) -> Vec<String> {
    let c = b.column(b.schema().index_of(n).unwrap()).clone();
    let s = c.as_any().downcast_ref::<StringArray>().unwrap();
    (0..s.len()).map(|i| s.value(i).to_string()).collect()
}

fn read(path: &std::path::Path) -> arrow_array::RecordBatch {
    let r = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    r.map(|b| b.unwrap()).next().unwrap()
}

#[test]
fn legacy_exports_are_kept_once_and_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("comtrade.parquet");
    let s = import(
        LEGACY.as_bytes(),
        "legacy.csv",
        Flow::Exports,
        &out,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(s.written.rows, 1);
    assert_eq!(s.skipped_areas, 1);
    // The import row, the World row, the four-digit row and the re-export.
    assert_eq!(s.skipped_other, 4);
    let b = read(&out);
    assert_eq!(strings(&b, "exporter"), ["KZ"]);
    assert_eq!(strings(&b, "importer"), ["QA"]);
    assert_eq!(strings(&b, "hs6"), ["100199"]);
    let q = b.column(b.schema().index_of("quantity_t").unwrap()).clone();
    let q = q.as_any().downcast_ref::<Float64Array>().unwrap();
    assert_eq!(q.value(0), 5.0);
    // Imports instead: QA → KZ, 900 USD, no weight.
    let s = import(
        LEGACY.as_bytes(),
        "legacy.csv",
        Flow::Imports,
        &out,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(s.written.rows, 1);
    let b = read(&out);
    assert_eq!(
        (strings(&b, "exporter"), strings(&b, "importer")),
        (vec!["QA".to_string()], vec!["KZ".to_string()])
    );
}

#[test]
fn comtrade_plus_keeps_the_totals_over_procedures_and_modes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plus.parquet");
    let s = import(
        PLUS.as_bytes(),
        "plus.csv",
        Flow::Exports,
        &out,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(s.written.rows, 1);
    assert_eq!(s.written.years, [2023]);
    assert_eq!(s.written.value_usd, 3000.0);
    assert_eq!(s.skipped_other, 3);
}

#[test]
fn errors_name_the_line_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bad.parquet");
    let bad_iso = PLUS.replace("C,A,2023,M,634,QAT,398,KAZ", "C,A,2023,X,634,QAT,398,ZZZ");
    let err = import(
        bad_iso.as_bytes(),
        "plus.csv",
        Flow::Exports,
        &out,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("plus.csv:5: partner: `ZZZ`"),
        "{err}"
    );
    let bad_value = PLUS.replace(
        ",2000,3000\nC,A,2023,X,634,QAT,398,KAZ,0,271111,C01",
        ",2000,lots\nC,A,2023,X,634,QAT,398,KAZ,0,271111,C01",
    );
    let err = import(
        bad_value.as_bytes(),
        "plus.csv",
        Flow::Exports,
        &out,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("plus.csv:2: value: expected a value"),
        "{err}"
    );
    let err = import(
        "a,b\n1,2\n".as_bytes(),
        "x.csv",
        Flow::Exports,
        &out,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("x.csv:1: expected a UN Comtrade header"),
        "{err}"
    );
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}
