//! Imports are transactions: a bad line writes nothing; export then import is lossless; random
//! bytes and truncated lines give errors, never panics.

use bilat_store::files::{export, read_bytes, read_path};
use bilat_store::import::{import_records, plan};
use bilat_store::{RecordStore, StoreError, bundled, on_each_backend};
use proptest::prelude::*;

fn by_test() -> bilat_store::Change {
    bilat_store::Change::now("test:import")
}

const SOURCE: &str = r#"{"id":"src:synthetic-note","short":"Synthetic note","source_kind":"news","title":"A note written for this test","language":"en"}"#;
const EVENT: &str = r#"{"id":"ev:synthetic-talks","event_type":"meeting","title":{"en":"Talks written for this test"},"dyads":["KZ-QA"],"domains":["political_diplomatic"],"claims":[{"fact":"date","date":"2024-05","evidence":[{"source":"src:synthetic-note","locator":"whole"}]}]}"#;

on_each_backend! {
    #[test]
    fn export_then_import_into_an_empty_record_is_lossless(db: &TestDb) {
        let mut full = db.store();
        bundled::install(&mut full).unwrap();
        let before = full.load().unwrap();
        let dir = tempfile::tempdir().unwrap();
        export(&before, dir.path()).unwrap();

        let mut empty = db.store();
        bundled::leave_out(&mut empty).unwrap();
        let summary = import_records(&mut empty, read_path(dir.path()).unwrap(), &by_test()).unwrap();
        assert_eq!(summary.new_records, before.len());
        let after = empty.load().unwrap();
        assert_eq!(before.into_records(), after.into_records());
    }
}

on_each_backend! {
    #[test]
    fn one_bad_line_writes_nothing_and_names_file_and_line(db: &TestDb) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("sources.jsonl"), format!("{SOURCE}\n")).unwrap();
        let bad_event = EVENT.replace("\"2024-05\"", "\"2024-13\"");
        std::fs::write(
            dir.path().join("events.jsonl"),
            format!("{EVENT}\n\n{bad_event}\n"),
        )
        .unwrap();
        let mut store = db.store();
        bundled::leave_out(&mut store).unwrap();
        let err = read_path(dir.path()).unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(err[0].contains("events.jsonl:3:"), "{}", err[0]);
        assert!(err[0].contains("the month must be 01 to 12"), "{}", err[0]);
        assert!(store.load().unwrap().is_empty());
    }
}

on_each_backend! {
    #[test]
    fn a_dangling_reference_fails_the_whole_import(db: &TestDb) {
        // The event cites a source that is neither stored nor imported.
        let incoming = read_bytes("events.jsonl", format!("{EVENT}\n").as_bytes()).unwrap();
        let mut store = db.store();
        bundled::leave_out(&mut store).unwrap();
        match import_records(&mut store, incoming, &by_test()) {
            Err(StoreError::Invalid(problems)) => {
                assert!(
                    problems
                        .iter()
                        .any(|p| p.starts_with("events.jsonl:1:") && p.contains("src:synthetic-note")),
                    "{problems:?}"
                )
            }
            other => panic!("expected an invalid import, got {other:?}"),
        }
        assert!(store.load().unwrap().is_empty());
    }
}

on_each_backend! {
    #[test]
    fn reimporting_adds_claims_once_and_refuses_changed_fields(db: &TestDb) {
        let mut store = db.store();
        bundled::leave_out(&mut store).unwrap();
        let both = format!("{SOURCE}\n");
        import_records(
            &mut store,
            read_bytes("sources.jsonl", both.as_bytes()).unwrap(),
            &by_test(),
        )
        .unwrap();
        let first = import_records(
            &mut store,
            read_bytes("events.jsonl", EVENT.as_bytes()).unwrap(),
            &by_test(),
        )
        .unwrap();
        assert_eq!((first.new_records, first.new_claims), (1, 1));
        let again = import_records(
            &mut store,
            read_bytes("events.jsonl", EVENT.as_bytes()).unwrap(),
            &by_test(),
        )
        .unwrap();
        assert_eq!(
            (again.new_records, again.new_claims, again.unchanged),
            (0, 0, 1)
        );
        let second_source = EVENT.replace("\"2024-05\"", "\"2024-05-20\"");
        let more = import_records(
            &mut store,
            read_bytes("events.jsonl", second_source.as_bytes()).unwrap(),
            &by_test(),
        )
        .unwrap();
        assert_eq!(
            more.new_claims, 1,
            "a second dated claim is kept beside the first"
        );
        let retitled = EVENT.replace("Talks written", "Other talks written");
        assert!(matches!(
            import_records(
                &mut store,
                read_bytes("events.jsonl", retitled.as_bytes()).unwrap(),
                &by_test()
            ),
            Err(StoreError::Invalid(_))
        ));
    }
}

on_each_backend! {
    #[test]
    fn csv_observations_import_with_their_sources(db: &TestDb) {
        let csv = "id,indicator,title,dyads,value,unit,period,source,locator,note\n\
                   ob:synthetic-turnover,trade.turnover,Synthetic turnover,KZ-QA,100000000,USD,2023,src:synthetic-note,whole,\n\
                   ob:synthetic-turnover,trade.turnover,Synthetic turnover,KZ-QA,120000000,USD,2023,src:synthetic-note,page:2,second reading\n";
        let mut incoming = read_bytes("sources.jsonl", SOURCE.as_bytes()).unwrap();
        incoming.extend(read_bytes("observations.csv", csv.as_bytes()).unwrap());
        let mut store = db.store();
        bundled::leave_out(&mut store).unwrap();
        import_records(&mut store, incoming, &by_test()).unwrap();
        let data = store.load().unwrap();
        let obs = data.observations().next().unwrap();
        assert_eq!(obs.claims.len(), 2, "two rows of one id are two claims");
        let bad = csv.replace("100000000,USD", "lots,USD");
        let err = read_bytes("observations.csv", bad.as_bytes()).unwrap_err();
        assert!(
            err[0].starts_with("observations.csv:2:") && err[0].contains("found `lots`"),
            "{err:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for name in ["events.jsonl", "observations.csv", "fx_rates.csv", "mixed.jsonl"] {
            if let Ok(records) = read_bytes(name, &bytes) {
                let _ = plan(&bilat_model::Dataset::default(), records);
            }
        }
    }

    #[test]
    fn truncated_lines_give_a_located_error(cut in 1usize..EVENT.len()) {
        let text = &EVENT[..cut];
        if !text.is_char_boundary(text.len()) { return Ok(()); }
        let result = read_bytes("events.jsonl", text.as_bytes());
        let err = result.expect_err("a truncated record must not parse");
        prop_assert!(err[0].starts_with("events.jsonl:1: expected a JSON event record"), "{}", err[0]);
    }
}
