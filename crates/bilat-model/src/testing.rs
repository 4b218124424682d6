//! Helpers for the tests of other crates (feature `testing`).

use crate::{Dataset, Record, validate::validate};

/// A record written as a test fixture: one record per line, or spread over several lines of
/// which only the first starts with `{` (the rest indented), for readability. Every record
/// must be valid; a test fixture that is not panics with the record's id and the reason.
pub fn dataset(fixture: &str) -> Dataset {
    let records: Vec<Record> = fixture
        .split("\n{")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let l = if l.starts_with('{') {
                l.to_string()
            } else {
                format!("{{{l}")
            };
            serde_json::from_str(&l.replace('\n', "")).unwrap_or_else(|e| panic!("{e}: {l}"))
        })
        .collect();
    for r in &records {
        assert!(validate(r).is_empty(), "{}: {:?}", r.id(), validate(r));
    }
    Dataset::new(records)
}
