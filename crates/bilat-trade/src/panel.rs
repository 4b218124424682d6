//! Reading the Parquet files that `bilat trade import` writes, one flow at a time, and the
//! year's exporter × product matrix from them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use arrow_array::{Array, Float64Array, StringArray, UInt16Array};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::complexity::Matrix;

/// Calls `f(year, exporter, importer, hs6, value_usd)` for every flow of `files` in `years`
/// (all when `None`), reading only those columns.
pub fn for_each_flow(
    files: &[PathBuf],
    years: Option<(u16, u16)>,
    f: &mut dyn FnMut(u16, &str, &str, &str, f64),
) -> Result<(), String> {
    for path in files {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| format!("{name}: {e}"))?;
        let builder =
            ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| format!("{name}: {e}"))?;
        let fields: Vec<String> = builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let idx = |n: &str| {
            fields.iter().position(|f| f == n).ok_or_else(|| {
                format!("{name}: expected a column `{n}` (a file of bilat trade import)")
            })
        };
        let cols = [
            idx("year")?,
            idx("exporter")?,
            idx("importer")?,
            idx("hs6")?,
            idx("value_usd")?,
        ];
        let mask = ProjectionMask::roots(builder.parquet_schema(), cols);
        let reader = builder
            .with_projection(mask)
            .build()
            .map_err(|e| format!("{name}: {e}"))?;
        for batch in reader {
            let batch = batch.map_err(|e| format!("{name}: {e}"))?;
            let col = |i: usize| batch.column(i);
            let year = col(0).as_any().downcast_ref::<UInt16Array>();
            let exp = col(1).as_any().downcast_ref::<StringArray>();
            let imp = col(2).as_any().downcast_ref::<StringArray>();
            let hs = col(3).as_any().downcast_ref::<StringArray>();
            let val = col(4).as_any().downcast_ref::<Float64Array>();
            let (Some(year), Some(exp), Some(imp), Some(hs), Some(val)) = (year, exp, imp, hs, val)
            else {
                return Err(format!("{name}: unexpected column types"));
            };
            for i in 0..batch.num_rows() {
                let y = year.value(i);
                if years.is_some_and(|(from, to)| y < from || y > to) {
                    continue;
                }
                f(y, exp.value(i), imp.value(i), hs.value(i), val.value(i));
            }
        }
    }
    Ok(())
}

/// Exports of `year` by exporter and HS6 product (summed over importers), as a matrix.
pub fn exports_matrix(files: &[PathBuf], year: u16) -> Result<Matrix, String> {
    let mut cells: BTreeMap<(String, String), f64> = BTreeMap::new();
    for_each_flow(files, Some((year, year)), &mut |_, e, _, k, v| {
        *cells.entry((e.to_string(), k.to_string())).or_default() += v;
    })?;
    if cells.is_empty() {
        return Err(format!("no flows for {year} in the imported files"));
    }
    Ok(Matrix::from_cells(&cells))
}
