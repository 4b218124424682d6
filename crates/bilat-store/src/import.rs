//! Imports as transactions. An import is first *planned* against the current record, without
//! writing: every incoming record is validated, merged with an existing record of the same id
//! (new claims are added, identical claims are kept once, different fields are an error), and
//! the merged whole is checked for dangling references. Only a plan without problems can be
//! applied, and applying it is one transaction.

use std::collections::HashMap;

use bilat_model::check::check;
use bilat_model::validate::validate;
use bilat_model::{Dataset, Record, RecordId};
use serde::Serialize;

use crate::files::Origin;
use crate::{RecordStore, Result, StoreError};

/// What an import will write.
#[derive(Debug, Default)]
pub struct Plan {
    /// Records to insert or replace, merged with what the store holds.
    pub records: Vec<Record>,
    pub summary: ImportSummary,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportSummary {
    pub read: usize,
    pub new_records: usize,
    pub new_claims: usize,
    pub unchanged: usize,
}

fn without_claims(record: &Record) -> Record {
    let mut bare = record.clone();
    if let Some(c) = bare.claims_mut() {
        c.clear();
    }
    bare
}

/// Plans the import of `incoming` into the record `current`. Problems name the file and line.
pub fn plan(current: &Dataset, incoming: Vec<(Record, Origin)>) -> Result<Plan> {
    let mut problems = Vec::new();
    let mut summary = ImportSummary {
        read: incoming.len(),
        ..ImportSummary::default()
    };
    let mut merged: HashMap<RecordId, (Record, Origin)> = HashMap::new();
    let mut order: Vec<RecordId> = Vec::new();

    for (record, origin) in incoming {
        for message in validate(&record) {
            problems.push(format!(
                "{origin}: {} `{}`: {message}",
                record.kind(),
                record.id()
            ));
        }
        let id = record.id().clone();
        let base = match merged.remove(&id) {
            Some((earlier, _)) => Some(earlier),
            None => current.get(&id).cloned(),
        };
        let next = match base {
            None => {
                summary.new_records += 1;
                summary.new_claims += record.claims().len();
                record
            }
            Some(mut base) => {
                if without_claims(&base) != without_claims(&record) {
                    problems.push(format!(
                        "{origin}: {} `{id}`: expected the same fields as the record already holds (only new claims may be added), found different ones",
                        record.kind()
                    ));
                    continue;
                }
                let mut added = 0;
                if let Some(claims) = base.claims_mut() {
                    for claim in record.claims() {
                        if !claims.contains(claim) {
                            claims.push(claim.clone());
                            added += 1;
                        }
                    }
                }
                if added == 0 {
                    summary.unchanged += 1;
                }
                summary.new_claims += added;
                base
            }
        };
        if !order.contains(&id) {
            order.push(id.clone());
        }
        merged.insert(id, (next, origin));
    }

    // References may point into the store or into the import itself.
    let mut whole: Vec<Record> = current
        .iter()
        .filter(|r| !merged.contains_key(r.id()))
        .cloned()
        .collect();
    whole.extend(merged.values().map(|(r, _)| r.clone()));
    let report = check(&Dataset::new(whole));
    for problem in report.errors {
        if let Some((_, origin)) = merged.get(&problem.record)
            && problem.message.starts_with("refers to")
        {
            problems.push(format!(
                "{origin}: `{}` {}",
                problem.record, problem.message
            ));
        }
    }

    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    let records = order
        .into_iter()
        .filter_map(|id| merged.remove(&id).map(|(r, _)| r))
        .collect();
    Ok(Plan { records, summary })
}

/// Plans a new record that refers to nothing (an ingested source), without checking the whole
/// record again: it is validated alone, and must not exist yet.
pub fn plan_standalone(current_has: bool, record: Record, origin: &Origin) -> Result<Plan> {
    let mut problems: Vec<String> = validate(&record)
        .into_iter()
        .map(|m| format!("{origin}: {} `{}`: {m}", record.kind(), record.id()))
        .collect();
    if !record.references().is_empty() {
        problems.push(format!(
            "{origin}: `{}` refers to other records; import it with the full check",
            record.id()
        ));
    }
    if current_has {
        problems.push(format!(
            "{origin}: `{}` is already in the record",
            record.id()
        ));
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    let summary = ImportSummary {
        read: 1,
        new_records: 1,
        new_claims: record.claims().len(),
        unchanged: 0,
    };
    Ok(Plan {
        records: vec![record],
        summary,
    })
}

/// Reads, plans and applies in one call.
pub fn import_records(
    store: &mut dyn RecordStore,
    incoming: Vec<(Record, Origin)>,
    change: &crate::Change,
) -> Result<ImportSummary> {
    let current = store.load()?;
    let plan = plan(&current, incoming)?;
    store.apply(&plan, change)
}
