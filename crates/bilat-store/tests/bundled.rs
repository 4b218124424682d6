//! The bundled Kazakhstan–Qatar record: it loads, passes `check` without errors, meets the
//! issue's minimum counts, and keeps the conflicts between its sources visible.

use bilat_model::check::{ConflictKind, check};
use bilat_model::{Dyad, FuzzyDate, Record};
use bilat_store::{RecordStore, Store, bundled};

fn bundled_dataset() -> bilat_model::Dataset {
    let mut store = Store::open_in_memory().unwrap();
    bundled::install(&mut store).unwrap();
    store.load().unwrap()
}

#[test]
fn bundled_record_passes_check_without_errors() {
    let data = bundled_dataset();
    let report = check(&data);
    assert!(report.errors.is_empty(), "errors: {:#?}", report.errors);
}

#[test]
fn bundled_record_meets_the_minimum_counts() {
    let data = bundled_dataset();
    let kzqa = Dyad::new("KZ", "QA").unwrap();
    let events: Vec<_> = data.events().filter(|e| e.dyads.contains(&kzqa)).collect();
    assert!(events.len() >= 40, "{} events", events.len());
    assert!(data.agreements().count() >= 15);
    assert!(data.projects().count() >= 8);
    assert!(data.actors().count() >= 40);
    let years: Vec<i32> = events
        .iter()
        .filter_map(|e| Record::Event((*e).clone()).sort_date())
        .map(|d| d.year_of())
        .collect();
    assert_eq!(years.iter().min(), Some(&1993));
    assert!(years.iter().max().is_some_and(|y| *y >= 2025));
    let relations = data
        .events()
        .find(|e| e.id.as_str() == "ev:1993-07-01-diplomatic-relations")
        .unwrap();
    assert_eq!(
        Record::Event(relations.clone()).sort_date(),
        Some(FuzzyDate::parse("1993-07-01").unwrap())
    );
}

#[test]
fn every_actor_has_english_and_russian_names_and_qatari_actors_arabic() {
    let data = bundled_dataset();
    for actor in data.actors() {
        assert!(
            actor.names.ru.is_some(),
            "{} lacks a Russian name",
            actor.id
        );
        if actor.country.as_ref().is_some_and(|c| c.as_str() == "QA") {
            assert!(
                actor.names.ar.is_some(),
                "{} lacks an Arabic name",
                actor.id
            );
        }
    }
}

#[test]
fn conflicts_between_sources_are_kept_and_reported() {
    let data = bundled_dataset();
    let report = check(&data);
    let found = |kind: ConflictKind, id: &str| {
        report
            .conflicts
            .iter()
            .any(|c| c.kind == kind && c.record.as_str() == id)
    };
    // The paper dates Emir Tamim's first visit to 2011, two years before he became Emir.
    assert!(found(ConflictKind::Role, "ev:tamim-first-visit-kazakhstan"));
    assert!(found(ConflictKind::Date, "ev:tamim-first-visit-kazakhstan"));
    // USD 15 million (the paper) against USD 6.84 million for the Nur-Astana Mosque.
    assert!(found(ConflictKind::Amount, "ev:nur-astana-mosque"));
    // 17.6 billion tenge (the paper) against USD 17.6 billion (BNN) for one package.
    assert!(found(
        ConflictKind::ImplausibleConversion,
        "pr:2024-priority-projects-package"
    ));
    // 5 or 6 June 2017 for the start of the blockade.
    assert!(found(ConflictKind::Date, "ev:2017-06-gulf-blockade"));
}
