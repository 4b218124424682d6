//! The bundled Kazakhstan–Qatar record, compiled into the binary from `data/kz-qa/` so that
//! `bilat` works anywhere with no data files beside it. DATA.md lists its sources.

use crate::files::read_bytes;
use crate::import::{ImportSummary, plan};
use crate::{RecordStore, Result, StoreError};

macro_rules! bundled_files {
    ($($name:literal),* $(,)?) => {
        /// The bundled files: (name, contents), in import order.
        pub const FILES: &[(&str, &str)] = &[$(($name, include_str!(concat!("../../../data/kz-qa/", $name)))),*];
    };
}

bundled_files!(
    "countries.jsonl",
    "sources.jsonl",
    "actors.jsonl",
    "fx_rates.jsonl",
    "periods.jsonl",
    "agreements.jsonl",
    "events.jsonl",
    "projects.jsonl",
    "commitments.jsonl",
    "targets.jsonl",
    "observations.jsonl",
);

/// The metadata key that records which bundled data a store holds.
pub const META_KEY: &str = "bundled";

/// A short fingerprint of the bundled files, stored in the record's metadata.
pub fn version() -> String {
    let all: String = FILES.iter().map(|(n, c)| format!("{n}\n{c}")).collect();
    bilat_model::content_hash(&all)[..16].to_owned()
}

/// Installs the bundled record into `store` unless it was installed (or deliberately left out)
/// before. Returns what was written, or `None` when there was nothing to do.
pub fn install(store: &mut dyn RecordStore) -> Result<Option<ImportSummary>> {
    if store.meta(META_KEY)?.is_some() {
        return Ok(None);
    }
    let mut incoming = Vec::new();
    let mut problems = Vec::new();
    for (name, contents) in FILES {
        match read_bytes(&format!("bundled:data/kz-qa/{name}"), contents.as_bytes()) {
            Ok(mut records) => incoming.append(&mut records),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    let current = store.load()?;
    let change = crate::Change::now("bundled").with_evidence(format!(
        "the Kazakhstan–Qatar record compiled into bilat ({}; sources in DATA.md)",
        version()
    ));
    let summary = store.apply(&plan(&current, incoming)?, &change)?;
    store.set_meta(META_KEY, &version())?;
    Ok(Some(summary))
}

/// Marks a store as deliberately empty, so that commands do not install the bundled record.
pub fn leave_out(store: &mut dyn RecordStore) -> Result<()> {
    if store.meta(META_KEY)?.is_none() {
        store.set_meta(META_KEY, "none")?;
    }
    Ok(())
}
