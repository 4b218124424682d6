//! End-to-end: documents in, candidate events reviewed into the record, search — with the
//! `bilat` binary on a temporary record. The documents are written here (synthetic).

use std::path::Path;

mod common;
use common::bilat;

fn text(out: &[u8]) -> String {
    String::from_utf8(out.to_vec()).unwrap()
}

const EN: &str = "On 12 March 2025 the Emir of Qatar arrived in Astana on a state visit. \
President Tokayev and the Emir held talks on energy and transport. The sides signed an \
agreement on air services.";
const RU: &str = "12 марта 2025 года Эмир Катара прибыл в Астану с государственным визитом. \
Президент Токаев и Эмир провели переговоры об энергетике и транспорте.";

fn corpus(dir: &Path) -> std::path::PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    std::fs::write(docs.join("visit-en.txt"), EN).unwrap();
    std::fs::write(
        docs.join("sub/visit-ru.html"),
        format!("<html><head><meta property=\"article:published_time\" content=\"2025-03-13\"></head><body><nav>Меню</nav><article><p>{RU}</p></article></body></html>"),
    )
    .unwrap();
    std::fs::write(docs.join("empty.md"), "").unwrap();
    // "Катар" in windows-1251: not UTF-8.
    std::fs::write(docs.join("legacy.txt"), [0xCA, 0xE0, 0xF2, 0xE0, 0xF0]).unwrap();
    std::fs::write(docs.join("data.bin"), [0u8, 1, 2]).unwrap();
    docs
}

#[test]
fn ingest_reports_bad_files_and_stores_the_good_ones_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let docs = corpus(dir.path());
    let out = bilat(
        &db,
        &[
            "ingest",
            docs.to_str().unwrap(),
            "--published",
            "2025-03-13",
        ],
    );
    let (so, se) = (text(&out.stdout), text(&out.stderr));
    assert!(
        !out.status.success(),
        "a batch with bad files exits non-zero"
    );
    assert!(
        so.contains("documents: 4 read, 2 stored, 0 already stored, 2 failed, 1 skipped"),
        "{so}"
    );
    assert!(so.contains("languages: en 1, ru 1"), "{so}");
    assert!(
        se.contains("empty.md: expected a document, found an empty file"),
        "{se}"
    );
    assert!(
        se.contains("legacy.txt: expected UTF-8, found byte 0xCA at offset 0"),
        "{se}"
    );

    // Again: nothing new, and the legacy file reads with its encoding.
    let out = bilat(
        &db,
        &["ingest", docs.join("visit-en.txt").to_str().unwrap()],
    );
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("0 stored, 1 already stored"));
    let out = bilat(
        &db,
        &[
            "ingest",
            docs.join("legacy.txt").to_str().unwrap(),
            "--encoding",
            "windows-1251",
            "--lang",
            "ru",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn review_accepts_merges_and_rejects_with_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let docs = corpus(dir.path());
    for f in ["visit-en.txt", "sub/visit-ru.html"] {
        let out = bilat(
            &db,
            &[
                "ingest",
                docs.join(f).to_str().unwrap(),
                "--published",
                "2025-03-13",
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let list: serde_json::Value =
        serde_json::from_slice(&bilat(&db, &["review", "--format", "json"]).stdout).unwrap();
    let rows = list.as_array().unwrap();
    let find = |lang_src: &str, t: &str| {
        rows.iter()
            .find(|r| {
                r["candidate"]["event_type"] == t
                    && r["candidate"]["text_info"]["sentence"]
                        .as_str()
                        .unwrap()
                        .contains(lang_src)
            })
            .unwrap_or_else(|| panic!("{t} in {lang_src}: {list:#}"))
    };
    let visit_en = find("state visit", "state_visit");
    let visit_ru = find("визитом", "state_visit");
    let signed = find("air services", "agreement_signed");
    assert_eq!(visit_en["candidate"]["date"]["value"], "2025-03-12");
    assert_eq!(visit_en["candidate"]["actor"][0]["country"], "QA");
    assert_eq!(visit_en["candidate"]["recipient"][0]["country"], "KZ");
    // The Russian report of the same visit is recognised as such.
    assert_eq!(
        visit_ru["suggestion"],
        format!("same as #{}", visit_en["id"])
    );

    let id = visit_en["id"].to_string();
    let out = bilat(&db, &["review", "accept", &id]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let event = text(&out.stdout)
        .split_whitespace()
        .find(|w| w.starts_with("ev:"))
        .unwrap()
        .to_string();
    // Accepting the repeat is refused; merging adds the Russian sentence as evidence.
    let ru_id = visit_ru["id"].to_string();
    let out = bilat(&db, &["review", "accept", &ru_id]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains(&format!("the record already holds this event ({event})")));
    let out = bilat(&db, &["review", "merge", &ru_id]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&bilat(&db, &["show", &event]).stdout);
    assert!(shown.contains("2025-03-12"), "{shown}");
    assert!(
        shown.matches("chars 0–").count() >= 2,
        "two sources' spans: {shown}"
    );

    let sid = signed["id"].to_string();
    let out = bilat(&db, &["review", "reject", &sid, "--note", "not bilateral"]);
    assert!(out.status.success());
    let again = bilat(&db, &["review", "reject", &sid]);
    assert!(text(&again.stderr).contains("already rejected"));
    // The record stays valid.
    assert!(bilat(&db, &["check"]).status.success());
}

#[test]
fn search_finds_inflected_forms_with_context_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let docs = corpus(dir.path());
    bilat(
        &db,
        &[
            "ingest",
            docs.join("visit-en.txt").to_str().unwrap(),
            "--published",
            "2025-03-13",
        ],
    );
    bilat(
        &db,
        &["ingest", docs.join("sub/visit-ru.html").to_str().unwrap()],
    );
    let out = text(&bilat(&db, &["search", "визит"]).stdout);
    assert!(out.contains("[визитом]"), "{out}");
    let out = text(&bilat(&db, &["search", "visits", "--lang", "en"]).stdout);
    assert!(out.contains("[visit]"), "{out}");
    assert!(!out.contains("ru "));
    let out = text(&bilat(&db, &["search", "energy", "--from", "2026"]).stdout);
    assert_eq!(out.trim(), "no matches");
    let out = text(
        &bilat(
            &db,
            &["search", "energy", "--domain", "political_diplomatic"],
        )
        .stdout,
    );
    assert!(out.contains("[energy]"), "{out}");
}

#[test]
fn code_prints_plover_style_json_without_storing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let f = dir.path().join("ar.txt");
    std::fs::write(
        &f,
        "وصل أمير دولة قطر إلى أستانا في ١٢ مارس ٢٠٢٥ في زيارة دولة.",
    )
    .unwrap();
    let out = bilat(&db, &["code", f.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["lang"], "ar");
    let e = &v["events"][0];
    assert_eq!(e["event_type"], "state_visit");
    assert_eq!(e["plover"]["event"], "CONSULT");
    assert_eq!(e["plover"]["mode"], "visit");
    assert_eq!(e["date"]["value"], "2025-03-12");
    assert_eq!(e["date"]["precision"], "day");
    assert_eq!(e["text_info"]["start"], 0);
    // Nothing was stored.
    let list = text(&bilat(&db, &["review"]).stdout);
    assert!(list.contains("no pending candidates"), "{list}");
}

/// A synthetic GDELT 2.0 event row: 61 tab-separated columns, only those bilat reads filled.
fn gdelt_row(id: &str, date: &str, a1: &str, a2: &str, cameo: &str, url: &str) -> String {
    let mut c = vec![String::new(); 61];
    c[0] = id.into();
    c[1] = date.into();
    c[5] = a1.into();
    c[7] = a1.into();
    c[15] = a2.into();
    c[17] = a2.into();
    c[26] = cameo.into();
    c[30] = "1.9".into();
    c[52] = "Astana, Kazakhstan".into();
    c[60] = url.into();
    c.join("\t")
}

#[test]
fn gdelt_import_merges_repeats_skips_what_it_cannot_type_and_is_a_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let f = dir.path().join("gdelt-synthetic.tsv");
    let rows = [
        // Tokayev's state visit to Qatar of February 2024, which the bundled record holds.
        gdelt_row(
            "1",
            "20240213",
            "QAT",
            "KAZ",
            "042",
            "https://example.org/a",
        ),
        gdelt_row(
            "2",
            "20240213",
            "QATGOV",
            "KAZ",
            "043",
            "https://example.org/b",
        ),
        gdelt_row(
            "3",
            "20250110",
            "KAZ",
            "QAT",
            "057",
            "https://example.org/c",
        ),
        gdelt_row(
            "4",
            "20250110",
            "KAZ",
            "QAT",
            "190",
            "https://example.org/d",
        ),
        gdelt_row(
            "5",
            "20250110",
            "USA",
            "KAZ",
            "042",
            "https://example.org/e",
        ),
    ];
    std::fs::write(&f, rows.join("\n")).unwrap();
    let out = bilat(
        &db,
        &[
            "import",
            "--format",
            "gdelt",
            f.to_str().unwrap(),
            "--dyad",
            "KZ-QA",
        ],
    );
    let so = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        so.contains("1 new events, 1 events of the record matched"),
        "{so}"
    );
    assert!(
        so.contains("skipped 1: CAMEO 190 has no bilat event type"),
        "{so}"
    );
    assert!(
        so.contains("skipped 1: its two countries are not both in the record"),
        "{so}"
    );
    let shown = text(&bilat(&db, &["show", "ev:2024-02-tokayev-state-visit"]).stdout);
    assert!(shown.contains("example.org"), "{shown}");
    assert!(shown.contains("CAMEO 043"), "{shown}");
    // The same file again adds nothing.
    let again = text(&bilat(&db, &["import", "--format", "gdelt", f.to_str().unwrap()]).stdout);
    assert!(
        again.contains("0 new events") && again.contains(", 0 new claims"),
        "{again}"
    );
    // A bad line fails the whole file and names the line.
    std::fs::write(
        &f,
        format!(
            "{}\n1\t2\n",
            gdelt_row(
                "6",
                "20250301",
                "KAZ",
                "QAT",
                "057",
                "https://example.org/f"
            )
        ),
    )
    .unwrap();
    let out = bilat(&db, &["import", "--format", "gdelt", f.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("gdelt-synthetic.tsv:2: expected the 61 tab-separated columns"),
        "{}",
        text(&out.stderr)
    );
    let events = text(&bilat(&db, &["events", "KZ", "QA", "--format", "csv"]).stdout);
    assert!(
        !events.contains("2025-03-01"),
        "nothing of the failed file was written"
    );
}

#[test]
fn plover_export_round_trips_types_and_date_precision() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let out_file = dir.path().join("kzqa.jsonl");
    let out = bilat(
        &db,
        &[
            "export",
            "--format",
            "plover",
            out_file.to_str().unwrap(),
            "--dyad",
            "KZ-QA",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out_file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let visit = lines
        .iter()
        .find(|v| v["id"] == "ev:2024-02-tokayev-state-visit")
        .unwrap();
    assert_eq!(visit["event"], "CONSULT");
    assert_eq!(visit["mode"][0], "visit");
    assert_eq!(visit["bilat_event_type"], "state_visit");
    // Tokayev's state visit to Doha: Kazakhstan acts, Qatar receives.
    assert!(
        visit["actor"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["code"] == "KAZ")
    );
    assert!(
        visit["recipient"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["code"] == "QAT")
    );
    // Into an empty record holding only the countries: same types, same precision.
    let db2 = dir.path().join("r2.sqlite");
    assert!(bilat(&db2, &["init", "--empty"]).status.success());
    let countries = format!(
        "{}/../../data/kz-qa/countries.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    assert!(bilat(&db2, &["import", &countries]).status.success());
    let out = bilat(
        &db2,
        &["import", "--format", "plover", out_file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let events = text(&bilat(&db2, &["events", "KZ", "QA", "--format", "csv"]).stdout);
    assert!(
        events.contains("2024-02-13/2024-02-14,state_visit") || events.contains(",state_visit,"),
        "{events}"
    );
    assert!(events.lines().any(|l| l.starts_with("1998,")), "{events}");
}

#[test]
fn a_reported_trade_figure_becomes_an_observation_with_its_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let f = dir.path().join("trade.txt");
    std::fs::write(
        &f,
        "Trade turnover between Kazakhstan and Qatar reached USD 20.5 million in 2023.",
    )
    .unwrap();
    let out = bilat(&db, &["ingest", f.to_str().unwrap()]);
    assert!(
        text(&out.stdout).contains("reported figures: 1"),
        "{}",
        text(&out.stdout)
    );
    let list: serde_json::Value =
        serde_json::from_slice(&bilat(&db, &["review", "--format", "json"]).stdout).unwrap();
    let figure = &list[0];
    assert_eq!(figure["figure"]["indicator"], "trade.turnover");
    assert_eq!(figure["figure"]["value"]["amount"], "20500000");
    assert_eq!(figure["figure"]["period"], "2023");
    let id = figure["id"].to_string();
    // Figures are not events: merging one is refused with a reason.
    let out = bilat(&db, &["review", "merge", &id]);
    assert!(
        text(&out.stderr).contains("is a reported figure"),
        "{}",
        text(&out.stderr)
    );
    let out = bilat(&db, &["review", "accept", &id]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ob = text(&out.stdout)
        .split_whitespace()
        .find(|w| w.starts_with("ob:"))
        .unwrap()
        .to_string();
    let shown = text(&bilat(&db, &["show", &ob]).stdout);
    assert!(shown.contains("USD 20.5 m for 2023"), "{shown}");
    assert!(shown.contains("chars 0–"), "{shown}");
    assert!(bilat(&db, &["check"]).status.success());
}

#[test]
fn an_edited_codebook_changes_what_is_coded_and_a_broken_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let doc = dir.path().join("greet.txt");
    std::fs::write(
        &doc,
        "The Emir greeted President Tokayev on 16 December 2023.",
    )
    .unwrap();
    let bundled = std::fs::read_to_string(format!(
        "{}/../../data/reader/codebook.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let edited = bundled.replacen(
        "en = [\"congratulat*\"",
        "en = [\"congratulat*\", \"greeted\"",
        1,
    );
    assert_ne!(edited, bundled);
    let book = dir.path().join("codebook.toml");
    std::fs::write(&book, edited).unwrap();
    let plain: serde_json::Value = serde_json::from_slice(
        &bilat(&db, &["code", doc.to_str().unwrap(), "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(plain["events"].as_array().unwrap().len(), 0);
    let out = bilat(
        &db,
        &[
            "code",
            doc.to_str().unwrap(),
            "--format",
            "json",
            "--codebook",
            book.to_str().unwrap(),
        ],
    );
    let coded: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(coded["events"][0]["event_type"], "statement");
    std::fs::write(&book, "version = 3\n").unwrap();
    let out = bilat(
        &db,
        &[
            "code",
            doc.to_str().unwrap(),
            "--codebook",
            book.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("codebook.toml: TOML parse error at line 1"),
        "{}",
        text(&out.stderr)
    );
}
