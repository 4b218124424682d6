//! Documents, their full-text index and candidate events, on both backends: a document is
//! stored whole or not at all, search finds every word's stems and honours its filters, and a
//! decision on a candidate is written with the record it changes.

use bilat_store::documents::{NewCandidate, NewDocument, SearchFilter};
use bilat_store::files::read_bytes;
use bilat_store::import::plan;
use bilat_store::{Change, DocumentStore, RecordStore, bundled, on_each_backend};

fn source(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","short":"Synthetic {id}","source_kind":"news","title":"A note written for this test","language":"en"}}"#
    )
}

fn by_test() -> Change {
    Change::now("test:documents")
}

/// A document written for this test: its sentences are given as search stems.
fn document(id: &str, lang: &str, published: &str, sentences: &[&str]) -> NewDocument {
    let mut at = 0;
    NewDocument {
        source_id: id.into(),
        content_hash: format!("hash-of-{id}"),
        path: Some(format!("{id}.txt")),
        format: "text".into(),
        lang: lang.into(),
        published: Some(published.into()),
        domains: vec!["political_diplomatic".into()],
        codebook: "test".into(),
        sentences: sentences
            .iter()
            .map(|s| {
                let start = at;
                at += s.chars().count() + 1;
                (start, at - 1, (*s).to_string())
            })
            .collect(),
        candidates: vec![NewCandidate {
            event_type: "visit".into(),
            first_day: Some(published.into()),
            last_day: Some(published.into()),
            countries: "KZ-QA".into(),
            body: format!(r#"{{"synthetic":"{id}"}}"#),
        }],
    }
}

fn add(store: &mut bilat_store::Store, doc: &NewDocument) -> bilat_store::Result<()> {
    let records = read_bytes("sources.jsonl", source(&doc.source_id).as_bytes()).unwrap();
    let plan = plan(&store.load()?, records)?;
    store.add_document(&plan, doc, &by_test())
}

fn terms(groups: &[&[&str]]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| g.iter().map(|t| t.to_string()).collect())
        .collect()
}

on_each_backend! {
    #[test]
    fn documents_search_and_decisions(db: &TestDb) {
        let mut store = db.store();
        bundled::leave_out(&mut store).unwrap();
        let en = document("src:synthetic-en", "en", "2024-02-14", &["emir visit astana", "trade talk"]);
        let ru = document("src:synthetic-ru", "ru", "2023-05-02", &["визит эмир астан", "o'brien"]);
        add(&mut store, &en).unwrap();
        add(&mut store, &ru).unwrap();
        assert_eq!(
            store.document_by_hash("hash-of-src:synthetic-ru").unwrap().as_deref(),
            Some("src:synthetic-ru")
        );
        // The same content again is refused whole: no second source row, no sentences.
        let mut again = document("src:synthetic-copy", "en", "2024-01-01", &["emir visit"]);
        again.content_hash = en.content_hash.clone();
        assert!(add(&mut store, &again).is_err());
        assert!(store.get(&bilat_model::RecordId::new("src:synthetic-copy")).unwrap().is_none());
        assert_eq!(store.candidates(None, None).unwrap().len(), 2);

        let all = SearchFilter { limit: 10, ..SearchFilter::default() };
        // Every word must match, by any of its stems.
        let hits = store.search(&terms(&[&["visit", "визит"], &["emir", "эмир"]]), &all).unwrap();
        let found: Vec<(&str, usize)> = hits.iter().map(|h| (h.source_id.as_str(), h.start)).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.contains(&("src:synthetic-en", 0)) && found.contains(&("src:synthetic-ru", 0)));
        assert!(store.search(&terms(&[&["visit"], &["trade"]]), &all).unwrap().is_empty());
        let second = store.search(&terms(&[&["talk"]]), &all).unwrap();
        assert_eq!((second[0].start, second[0].end), (18, 28));
        // Filters: language, dates (inclusive), domain.
        let ru_only = SearchFilter { lang: Some("ru".into()), ..all.clone() };
        let hits = store.search(&terms(&[&["visit", "визит"]]), &ru_only).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].lang.as_str(), hits[0].published.as_deref()), ("ru", Some("2023-05-02")));
        let since = SearchFilter { from: Some("2024-02-14".into()), ..all.clone() };
        assert_eq!(store.search(&terms(&[&["visit", "визит"]]), &since).unwrap().len(), 1);
        let other_domain = SearchFilter { domain: Some("military_technical".into()), ..all.clone() };
        assert!(store.search(&terms(&[&["visit"]]), &other_domain).unwrap().is_empty());
        // Quotes and query syntax in a term are only text.
        assert_eq!(store.search(&terms(&[&["o'brien"]]), &all).unwrap().len(), 1);
        assert!(store.search(&terms(&[&["a\" OR \"b", "x' | 'y", "c:*"]]), &all).unwrap().is_empty());

        // An edit and a decision.
        let pending = store.candidates(Some("pending"), Some("src:synthetic-ru")).unwrap();
        assert_eq!(pending.len(), 1);
        let id = pending[0].id;
        let edited = NewCandidate { event_type: "meeting".into(), ..Default::default() };
        store.edit_candidate(id, &NewCandidate { countries: "KZ-QA".into(), body: "{}".into(), ..edited }).unwrap();
        assert_eq!(store.candidate(id).unwrap().unwrap().event_type, "meeting");
        store.decide(id, "rejected", None, None, Some("not a visit"), &by_test()).unwrap();
        let decided = store.candidate(id).unwrap().unwrap();
        assert_eq!((decided.status.as_str(), decided.note.as_deref()), ("rejected", Some("not a visit")));
        assert!(store.decide(id, "maybe", None, None, None, &by_test()).is_err(), "unknown statuses are refused");
        assert_eq!(store.candidates(Some("pending"), None).unwrap().len(), 1);
    }
}
