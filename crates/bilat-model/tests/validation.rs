//! Each validation rule with an example that breaks it, and the parsers under random input.

use bilat_model::validate::validate;
use bilat_model::*;
use proptest::prelude::*;

fn evidence() -> Vec<Evidence> {
    vec![Evidence {
        source: RecordId::new("src:test-note"),
        locator: Locator::Section("Intro".into()),
        quote_hash: None,
    }]
}

fn claim(fact: Fact) -> Claim {
    Claim {
        fact,
        evidence: evidence(),
        note: None,
    }
}

fn event() -> Event {
    Event {
        id: RecordId::new("ev:test-visit"),
        event_type: EventType::StateVisit,
        title: Names::en("A visit written for this test"),
        dyads: vec![Dyad::new("KZ", "QA").unwrap()],
        countries: vec![],
        domains: vec![Domain::PoliticalDiplomatic],
        sectors: vec![],
        claims: vec![claim(Fact::Date {
            date: FuzzyDate::parse("2024-02-14").unwrap(),
        })],
    }
}

/// Asserts that the record is invalid and that one problem mentions `needle`.
fn fails(record: Record, needle: &str) {
    let problems = validate(&record);
    assert!(
        problems.iter().any(|p| p.contains(needle)),
        "expected a problem mentioning {needle:?}, got {problems:?}"
    );
}

#[test]
fn a_well_formed_event_is_valid() {
    assert_eq!(validate(&Record::Event(event())), Vec::<String>::new());
}

#[test]
fn the_id_prefix_must_match_the_kind() {
    let mut e = event();
    e.id = RecordId::new("ag:test-visit");
    fails(Record::Event(e), "names a agreement");
    let mut e = event();
    e.id = RecordId::new("ev:has space");
    fails(Record::Event(e), "is not of the form");
}

#[test]
fn every_record_needs_a_claim_and_every_claim_evidence() {
    let mut e = event();
    e.claims.clear();
    fails(Record::Event(e), "no claims");
    let mut e = event();
    e.claims[0].evidence.clear();
    fails(Record::Event(e), "no evidence");
}

#[test]
fn evidence_must_cite_a_source_with_a_sane_locator() {
    let mut e = event();
    e.claims[0].evidence[0].source = RecordId::new("ac:someone");
    fails(Record::Event(e), "must cite a source id");
    let mut e = event();
    e.claims[0].evidence[0].locator = Locator::Span(10, 5);
    fails(Record::Event(e), "empty or reversed");
    let mut e = event();
    e.claims[0].evidence[0].quote_hash = Some("xyz".into());
    fails(Record::Event(e), "16 hex digits");
}

#[test]
fn an_event_needs_a_date_a_domain_and_a_dyad() {
    let mut e = event();
    e.claims = vec![claim(Fact::Place {
        place: "Doha".into(),
    })];
    fails(Record::Event(e), "needs a date claim");
    let mut e = event();
    e.domains.clear();
    fails(Record::Event(e), "domains is empty");
    let mut e = event();
    e.dyads.clear();
    fails(Record::Event(e), "dyads is empty");
}

#[test]
fn facts_must_fit_the_kind() {
    let mut e = event();
    e.claims.push(claim(Fact::Rate {
        per_usd: 450.into(),
        period: FuzzyDate::year(2024),
    }));
    fails(Record::Event(e), "cannot carry a `rate` fact");
}

#[test]
fn amounts_must_be_positive() {
    let mut e = event();
    e.claims.push(claim(Fact::Amount {
        amount: Money::new((-5).into(), Currency::usd()),
        stage: None,
    }));
    fails(Record::Event(e), "must be positive");
}

#[test]
fn a_role_cannot_end_before_it_starts() {
    let actor = Actor {
        id: RecordId::new("ac:test-person"),
        actor_kind: ActorKind::Person,
        country: Some(RecordId::new("KZ")),
        names: Names::en("Test Person"),
        wikidata: None,
        claims: vec![claim(Fact::Role {
            title: "Minister".into(),
            organisation: None,
            from: Some(FuzzyDate::year(2020)),
            to: Some(FuzzyDate::year(2019)),
        })],
    };
    fails(Record::Actor(actor), "ends (2019) before it starts (2020)");
}

#[test]
fn statuses_are_checked_per_kind() {
    let agreement = Agreement {
        id: RecordId::new("ag:test"),
        agreement_kind: AgreementKind::Agreement,
        title: Names::en("Test agreement"),
        dyads: vec![Dyad::new("KZ", "QA").unwrap()],
        parties: vec![RecordId::new("KZ"), RecordId::new("QA")],
        domains: vec![Domain::TradeEconomicInvestment],
        sectors: vec![],
        claims: vec![claim(Fact::Status {
            status: "completed".into(),
            date: None,
        })],
    };
    fails(
        Record::Agreement(agreement.clone()),
        "expected one of proposed",
    );
    let mut one_party = agreement;
    one_party.parties.pop();
    fails(Record::Agreement(one_party), "two or more parties");
}

#[test]
fn sources_need_a_language_code_and_a_web_url() {
    let source = Source {
        id: RecordId::new("src:test"),
        short: "Test".into(),
        source_kind: SourceKind::News,
        title: "A test source".into(),
        publisher: None,
        url: Some("ftp://example.org".into()),
        date: None,
        language: "english".into(),
        note: None,
        text: Some("stored words".into()),
        content_hash: Some("00".into()),
    };
    fails(Record::Source(source.clone()), "ISO 639-1");
    fails(Record::Source(source.clone()), "must start with http");
    fails(Record::Source(source), "does not match the stored text");
}

#[test]
fn countries_are_iso_3166() {
    let c = Country {
        id: RecordId::new("KZ"),
        alpha3: "KAZ".into(),
        names: Names::en("Kazakhstan"),
    };
    assert!(validate(&Record::Country(c.clone())).is_empty());
    fails(
        Record::Country(Country {
            alpha3: "QAT".into(),
            ..c.clone()
        }),
        "alpha3 of KZ is KAZ",
    );
    fails(
        Record::Country(Country {
            id: RecordId::new("XX"),
            ..c
        }),
        "not an ISO 3166-1",
    );
    assert!(Dyad::new("KZ", "XX").is_err());
    assert!(Dyad::new("KZ", "KZ").is_err());
    assert_eq!(Dyad::new("QA", "KZ").unwrap().to_string(), "KZ-QA");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn date_parser_never_panics(text in "\\PC{0,24}") {
        let _ = FuzzyDate::parse(&text);
    }

    #[test]
    fn money_parser_never_panics(text in "\\PC{0,40}") {
        let _ = Money::parse(&text);
    }

    #[test]
    fn date_like_text_parses_or_names_what_it_found(y in 0u32..10000, m in 0u32..15, d in 0u32..35) {
        let text = format!("{y:04}-{m:02}-{d:02}");
        match FuzzyDate::parse(&text) {
            Ok(date) => prop_assert_eq!(date.to_string(), text),
            Err(e) => prop_assert_eq!(e.found, text),
        }
    }

    #[test]
    fn parsed_dates_print_back_the_same(y in 1900i32..2100, m in 1u8..13, d in 1u8..29) {
        let date = FuzzyDate::day(y, m, d).unwrap();
        prop_assert_eq!(FuzzyDate::parse(&date.to_string()).unwrap(), date);
    }
}

#[test]
fn check_reports_a_ratification_dated_before_the_signing() {
    let source = Source {
        id: RecordId::new("src:test-note"),
        short: "Test note".into(),
        source_kind: SourceKind::News,
        title: "A note written for this test".into(),
        publisher: None,
        url: None,
        date: None,
        language: "en".into(),
        note: None,
        text: None,
        content_hash: None,
    };
    let country = |code: &str, a3: &str| {
        Record::Country(Country {
            id: RecordId::new(code),
            alpha3: a3.into(),
            names: Names::en(code),
        })
    };
    let agreement = Agreement {
        id: RecordId::new("ag:test"),
        agreement_kind: AgreementKind::Agreement,
        title: Names::en("Test agreement"),
        dyads: vec![Dyad::new("KZ", "QA").unwrap()],
        parties: vec![RecordId::new("KZ"), RecordId::new("QA")],
        domains: vec![Domain::TradeEconomicInvestment],
        sectors: vec![],
        claims: vec![
            claim(Fact::Signed {
                date: FuzzyDate::parse("2024-03").unwrap(),
                place: None,
            }),
            claim(Fact::Ratified {
                party: RecordId::new("KZ"),
                date: FuzzyDate::parse("2023-12-01").unwrap(),
                act: None,
            }),
        ],
    };
    let data = Dataset::new(vec![
        Record::Source(source),
        country("KZ", "KAZ"),
        country("QA", "QAT"),
        Record::Agreement(agreement.clone()),
    ]);
    let report = check::check(&data);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(
        report.conflicts[0].kind,
        check::ConflictKind::RatifiedBeforeSigned
    );

    // Ratified after signing: no conflict.
    let mut fine = agreement;
    fine.claims[1].fact = Fact::Ratified {
        party: RecordId::new("KZ"),
        date: FuzzyDate::parse("2024-10-30").unwrap(),
        act: None,
    };
    let data = Dataset::new(vec![Record::Agreement(fine)]);
    assert!(check::check(&data).conflicts.is_empty());
}
