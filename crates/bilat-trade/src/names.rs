//! Names of HS6 products, from the `product_codes_HS*_V*.csv` file that comes with BACI
//! (columns `code` and `description`; codes whose leading zero a spreadsheet dropped get it
//! back). bilat does not bundle the nomenclature: the copies it could reach are under
//! licences it cannot ship (see ARCHITECTURE.md); the user's BACI download has one.

use std::collections::BTreeMap;
use std::path::Path;

use crate::baci::{ImportError, hs6_into};

/// HS6 code → description.
pub type Names = BTreeMap<String, String>;

/// Reads BACI's product codes file.
pub fn read_product_codes(path: &Path) -> Result<Names, ImportError> {
    let file = path.display().to_string();
    let at = |line: u64, message: String| ImportError::At {
        file: file.clone(),
        line,
        message,
    };
    let mut r = csv::Reader::from_path(path).map_err(|e| ImportError::File {
        file: file.clone(),
        message: e.to_string(),
    })?;
    let header = r.headers().map_err(|e| at(1, e.to_string()))?.clone();
    let col = |n: &str| {
        header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == n)
    };
    let (Some(code), Some(desc)) = (col("code"), col("description")) else {
        return Err(at(1, "expected the columns code and description".into()));
    };
    let mut names = Names::new();
    let mut hs = String::new();
    for (n, rec) in r.records().enumerate() {
        let line = n as u64 + 2;
        let rec = rec.map_err(|e| at(line, e.to_string()))?;
        hs6_into(rec[code].trim(), &mut hs).map_err(|m| at(line, format!("code: {m}")))?;
        names.insert(hs.clone(), rec[desc].trim().to_string());
    }
    if names.is_empty() {
        return Err(at(2, "expected rows after the header, found none".into()));
    }
    Ok(names)
}

/// Writes the names as a two-column CSV (`code,description`).
pub fn save(names: &Names, path: &Path) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(["code", "description"])?;
    for (k, v) in names {
        w.write_record([k, v])?;
    }
    w.flush()
}

/// Reads names saved by [`save`]; none when the file does not exist.
pub fn load(path: &Path) -> Names {
    read_product_codes(path).unwrap_or_default()
}
