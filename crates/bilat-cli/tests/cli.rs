//! End-to-end: the `bilat` binary on a temporary record, as a new user runs it.

use std::process::Output;

mod common;
use common::bilat;

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn brief_works_with_no_prior_step() {
    let dir = tempfile::tempdir().unwrap();
    let out = bilat(&dir.path().join("r.sqlite"), &["brief", "KZ", "QA"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.starts_with("# Kazakhstan – Qatar: dyad brief"));
    assert!(md.contains("Diplomatic relations since 1993-07-01"));
    assert!(md.contains("## Areas of cooperation"));
    assert!(md.contains("| Military-technical |"));
    assert!(md.contains(
        "| Gas processing plant at Kashagan | Energy | USD 2.5 bn (Abu Shawer et al. 2025)"
    ));
    assert!(md.contains("Not added, to avoid counting the same money twice"));
    assert!(md.contains(
        "<https://dohanews.co/qatar-kazakhstan-leaders-hold-talks-ahead-of-regional-summit/>"
    ));
    // The transport section: Pareto routes from the first country, and the 2017 blockade.
    assert!(md.contains("## Transport routes (Kazakhstan → Qatar)"));
    assert!(md.contains("| Beineu → Mangistau station → Uzen (Zhanaozen) → Bolashak-Serhetyaka"));
    assert!(md.contains("Scenario blockade-2017") && md.contains("it closes Salwa-Abu Samra"));
    assert!(md.contains("S2 <https://cpmm.carecprogram.org/2022-report/kazakhstan>"));
    // The same brief as JSON.
    let json: serde_json::Value = serde_json::from_slice(
        &bilat(
            &dir.path().join("r.sqlite"),
            &["brief", "QA", "KZ", "--format", "json"],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(json["dyad"], "KZ-QA");
    assert_eq!(json["key_figures"]["relations_since"], "1993-07-01");
    // Intensity per domain and year: relations established in 1993 weigh 10; the 2017
    // blockade counts as conflict, apart from cooperation; every year in between is listed.
    let cells = &json["intensity"]["cells"];
    assert_eq!(cells["political_diplomatic"]["1993"]["intensity"], 10.0);
    assert!(
        cells["political_diplomatic"]["2017"]["conflict"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    let years = json["intensity"]["years"].as_array().unwrap();
    assert_eq!(years.first().unwrap(), 1993);
    assert_eq!(
        years.len() as i64,
        years.last().unwrap().as_i64().unwrap() - 1993 + 1
    );
    assert!(md.contains("## Intensity by domain and year"));
    // Agreements in order of signature, commitments as bilat-track assesses them, and the
    // conflicts bilat check reports.
    assert!(md.contains("## Agreements and commitments"));
    assert!(md.contains("- Commitments: 13 (5 agreed, 8 proposed): 13 not rated"));
    assert!(md.contains("| 2024-03 | Intergovernmental agreement | Agreement on the establishment of a long-term strategic partnership"));
    assert!(md.contains("ratified by Kazakhstan 2024-10-30"));
    assert!(md.contains("| Set up working groups to monitor the agreements of 2022–2024 and share progress | proposed |"));
    assert!(
        md.contains("## Where sources disagree")
            && md.contains("Emir Tamim's first visit to Kazakhstan: 2011")
    );
    // Trade from the record's sourced aggregates, said as such, with the target's trajectory.
    assert!(md.contains("## Trade") && md.contains("From the record's sourced aggregates"));
    assert!(md.contains("| 2023 | USD 56.6 m | — | Abu Shawer et al. 2025 |"));
    assert!(
        md.contains("| USD 56.6 m (2023) | 11% |") && md.contains("at the observed rate: 2029")
    );
    // Phases detected from the intensity series, as many as the record's periods, beside them.
    let periods = json["periods"].as_array().unwrap();
    assert_eq!(
        periods.len(),
        json["record_periods"].as_array().unwrap().len()
    );
    assert_eq!(periods[0]["from"], 1993);
    assert!(
        periods
            .windows(2)
            .all(|w| w[1]["from"].as_i64().unwrap() == w[0]["to"].as_i64().unwrap() + 1)
    );
    assert!(md.contains("## Periods detected from the record") && md.contains("(2017/2025)"));
    // The same brief as one self-contained HTML page: tables, the intensity chart and the
    // route map inline, nothing loaded from elsewhere.
    let out = bilat(
        &dir.path().join("r.sqlite"),
        &["brief", "KZ", "QA", "--format", "html"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(html.starts_with("<!doctype html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("<h1>Kazakhstan – Qatar: dyad brief</h1>"));
    assert_eq!(
        html.matches("<svg").count(),
        5,
        "the timeline, the turnover chart, the intensity chart, the route map and the time–cost–distance chart"
    );
    assert!(html.contains("<table>") && html.contains("<td>Diplomatic relations established</td>"));
    // Sources named in the tables link to their entries in the list of sources.
    let links: Vec<&str> = html
        .split("href=\"#src-")
        .skip(1)
        .map(|t| &t[..t.find('"').unwrap()])
        .collect();
    assert!(links.len() > 20, "{} links to sources", links.len());
    for l in &links {
        assert!(
            html.contains(&format!("<li id=\"src-{l}\">")),
            "no entry for #src-{l}"
        );
    }
    for external in ["<script", "<link", "src=\"http", "@import", "url(http"] {
        assert!(!html.contains(external), "{external}");
    }
    // QA KZ: routes from Qatar, so every route starts at a Qatari hub.
    let routes = json["routes"]["routes"].as_array().unwrap();
    assert!(!routes.is_empty());
    assert!(routes.iter().all(|r| {
        let p = r["path"].as_str().unwrap();
        p.starts_with("Hamad Port") || p.starts_with("Doha")
    }));
}

#[test]
fn init_is_idempotent_and_events_carry_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    assert!(stdout(&bilat(&db, &["init"])).contains("installed"));
    assert!(stdout(&bilat(&db, &["init"])).contains("already initialised"));

    let out = bilat(
        &db,
        &[
            "events",
            "KZ",
            "QA",
            "--domain",
            "military_technical",
            "--format",
            "csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(csv.starts_with("date,type,title,domains,evidence,id"));
    assert!(
        csv.contains("2023-12,agreement_signed,Agreement on military cooperation signed in Doha")
    );
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| l.contains("military_technical"))
    );

    let out = bilat(
        &db,
        &[
            "events",
            "kz",
            "qa",
            "--from",
            "2024-02-01",
            "--to",
            "2024-02-28",
            "--type",
            "state_visit",
        ],
    );
    let table = stdout(&out);
    assert!(
        table.contains("President Tokayev's first state visit to Qatar"),
        "{table}"
    );
    assert!(table.contains("Astana Times 2024-02 (whole)"));
    assert_eq!(table.lines().count(), 2, "header and one visit: {table}");

    let json: serde_json::Value =
        serde_json::from_slice(&bilat(&db, &["events", "KZ", "QA", "--format", "json"]).stdout)
            .unwrap();
    assert!(json.as_array().unwrap().len() >= 40);

    let bad = bilat(&db, &["events", "KZ", "QA", "--from", "2024-13"]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("--from: expected a date"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn show_prints_every_claim_with_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    let out = bilat(
        &dir.path().join("r.sqlite"),
        &["show", "ev:tamim-first-visit-kazakhstan"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("claim 1: date 2011"));
    assert!(text.contains("date 2014-01"));
    assert!(text.contains("source: src:qna-oana-2022-10-10 — QNA via OANA 2022-10-10"));
    let missing = bilat(&dir.path().join("r.sqlite"), &["show", "ev:nothing-here"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("no record `ev:nothing-here`"));
}

#[test]
fn check_reports_conflicts_and_fails_only_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let out = bilat(&db, &["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("0 error(s)"));
    assert!(text.contains("[role]: Sheikh Tamim bin Hamad Al Thani is named as Emir on 2011"));
    assert!(text.contains("[implausible_conversion]"));
}

#[test]
fn import_of_a_bad_file_names_the_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    assert!(bilat(&db, &["init", "--empty"]).status.success());
    let file = dir.path().join("sources.jsonl");
    std::fs::write(&file, "{\"id\":\"src:synthetic\",\"short\":\"S\",\"source_kind\":\"news\",\"title\":\"T\",\"language\":\"en\"}\n{\"id\":\"src:broken\"\n").unwrap();
    let out = bilat(&db, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("sources.jsonl:2: expected a JSON source record"),
        "{err}"
    );
    assert!(err.contains("nothing was written"));
    assert_eq!(
        stdout(&bilat(&db, &["sources", "--format", "csv"]))
            .lines()
            .count(),
        1,
        "only the header"
    );
}

#[test]
fn export_then_import_reproduces_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite"), dir.path().join("b.sqlite"));
    let export_dir = dir.path().join("export");
    assert!(
        bilat(&a, &["export", export_dir.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        export_dir.join("events.jsonl").exists()
            && export_dir.join("csv/observations.csv").exists()
    );
    assert!(bilat(&b, &["init", "--empty"]).status.success());
    let out = bilat(&b, &["import", export_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for cmd in [
        &["events", "KZ", "QA", "--format", "json"][..],
        &["agreements", "KZ", "QA", "--format", "json"],
        &["actors", "--format", "json"],
    ] {
        assert_eq!(stdout(&bilat(&a, cmd)), stdout(&bilat(&b, cmd)), "{cmd:?}");
    }
}

#[test]
fn lists_filter_and_show_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let actors = stdout(&bilat(&db, &["actors", "--country", "QA"]));
    assert!(actors.contains("Sheikh Tamim bin Hamad Al Thani"));
    assert!(!actors.contains("Kassym-Jomart Tokayev"));
    let agreements = stdout(&bilat(&db, &["agreements", "KZ", "QA"]));
    assert!(
        agreements.contains("ratified by KZ 2024-10-30 (Law No. 133-VIII ZRK)"),
        "{agreements}"
    );
    let projects = stdout(&bilat(&db, &["projects", "KZ", "QA", "--format", "csv"]));
    assert!(projects.contains("umbrella"));
}

#[test]
fn compare_puts_pairs_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let out = bilat(
        &db,
        &[
            "compare", "QA", "KZ", "QA", "UZ", "KG", "QA", "--format", "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = v.as_array().unwrap();
    assert_eq!(p.len(), 3);
    assert_eq!(p[0]["dyad"], "KZ-QA");
    assert_eq!(p[0]["relations_since"], "1993-07-01");
    assert_eq!(p[1]["relations_since"], "1997-11");
    assert_eq!(p[2]["relations_since"], "1998-03-03");
    // Each pair's first state visit is a year its record holds; the 2023 tour reached both.
    assert_eq!(p[1]["first_state_visit"], 2023);
    assert_eq!(p[2]["first_state_visit"], 2023);
    for x in p {
        assert!(x["intensity_since"].as_f64().unwrap() <= x["intensity_total"].as_f64().unwrap());
    }
    let out = bilat(&db, &["compare", "QA", "KZ", "QA"]);
    assert!(!out.status.success());
    let out = bilat(&db, &["compare", "QA", "KZ", "QA", "FR"]);
    assert!(!out.status.success() && stderr(&out).contains("holds nothing for FR-QA"));
}

#[test]
fn the_brief_in_russian_and_kazakh() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let ru = stdout(&bilat(&db, &["brief", "KZ", "QA", "--lang", "ru"]));
    assert!(ru.starts_with("# Казахстан – Катар: справка о двусторонних отношениях"));
    // Russian plural after a number, and names from the record in Russian.
    assert!(ru.contains("- Дипломатические отношения с 1993-07-01 (32 года)"));
    // Who took part, generated from the claims: names in Russian, the visitor before the host.
    assert!(
        ru.contains("| 1993-07-01 | Установление дипломатических отношений — Казахстан → Катар |")
    );
    assert!(ru.contains("Государственный визит эмира Тамима в Казахстан — Шейх Тамим бин Хамад Аль Тани → Касым-Жомарт Токаев · Астана |"), "{ru}");
    // Money scales in Russian; an amount the sources disagree on shows both.
    assert!(
        ru.contains("- Последний товарооборот: USD 56.6 млн (2023), 11% от цели USD 500.0 млн")
    );
    assert!(ru.contains("· Астана · USD 15 млн / USD 6.84 млн |"));
    assert!(ru.contains("ратифицировано 2, вступило в силу 0"));
    assert!(
        ru.contains("## Хронология") && ru.contains("## Транспортные маршруты (Казахстан → Катар)")
    );
    let kk = stdout(&bilat(&db, &["brief", "KZ", "QA", "--lang", "kk"]));
    assert!(kk.starts_with("# Қазақстан – Катар: екіжақты қатынастар туралы анықтама"));
    assert!(kk.contains("- Дипломатиялық қатынастар 1993-07-01 бастап (32 жыл)"));
    // Every name in the bundled Kazakhstan–Qatar record has its Kazakh form, so nothing falls
    // back to English (the fallback itself, marked [en], is tested in bilat-brief's i18n).
    assert!(!kk.contains(" [en]"));
    // Texts other crates give in parts come out in the brief's language: conflicts between
    // sources, agreements' steps, project status, a route's missing values, growth basis.
    assert!(ru.contains("2011 (Abu Shawer et al. 2025) и 2014 (Astana Times 2017-04) не могут быть верны одновременно"));
    assert!(
        ru.contains("| на рассмотрении |") && ru.contains("ратифицировано: Казахстан, 2024-10-30")
    );
    assert!(
        ru.contains("время стоянки: IRBND (перевалка)")
            && ru.contains("темп роста, указанный за 2023")
    );
    assert!(kk.contains("айырмашылығы 459 есе") && kk.contains("тұрақ уақыты: AMR (қайта тиеу)"));
    for text in [&ru, &kk] {
        for english in [
            "cannot both be right",
            "differ",
            "moving time",
            "time at",
            "status ",
            "ratified by",
            "growth ratio",
            "compound annual",
        ] {
            assert!(!text.contains(english), "English left: {english}");
        }
        // No text without its translation, and no English heading left.
        assert!(!text.contains('⟦'), "an untranslated text");
        assert!(
            !text.lines().any(|l| l.starts_with("## ") && l.is_ascii()),
            "an English heading"
        );
    }
    let html = stdout(&bilat(
        &db,
        &["brief", "KZ", "QA", "--lang", "kk", "--format", "html"],
    ));
    assert!(html.contains("<html lang=\"kk\">") && html.contains("Қазақстан"));
    assert_eq!(
        html.matches("<svg").count(),
        5,
        "each chart under its Kazakh heading"
    );
    // The charts' own words are Kazakh too (hub names are the network's, in English).
    for english in [
        "weighted events",
        "border crossing",
        "observed growth",
        "Turnover and targets",
        "Time–cost–distance",
        "Pareto routes",
        "Trade, economic",
    ] {
        assert!(
            !html.contains(english),
            "English left in a chart: {english}"
        );
    }
    assert!(html.contains("байқалған өсу қарқынымен (жылына +50%): 2029"));
    // Who's who: names in the brief's language and, marked for the browser, in Arabic.
    assert!(
        kk.contains("| Қасым-Жомарт Тоқаев | قاسم جومارت توكاييف | Қазақстан | 12 | 2022–2024 |")
    );
    assert!(html.contains("<td><bdi lang=\"ar\" dir=\"rtl\">الشيخ تميم بن حمد آل ثاني</bdi></td>"));
    let out = bilat(&db, &["brief", "KZ", "QA", "--lang", "fr"]);
    assert!(!out.status.success() && stderr(&out).contains("expected en, ru or kk"));
}

#[test]
fn the_brief_as_pdf_has_its_kazakh_text_in_the_text_layer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let out = bilat(
        &db,
        &["brief", "KZ", "QA", "--lang", "kk", "--format", "pdf"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"%PDF-"));
    let pdf = dir.path().join("brief.pdf");
    std::fs::write(&pdf, &out.stdout).unwrap();
    // pdftotext (Debian's poppler-utils, which .ci/run installs) reads the text layer back.
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed for this test: install poppler-utils (.ci/run does)");
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Қазақстан – Катар: екіжақты қатынастар туралы анықтама"));
    assert!(text.contains("Дипломатиялық қатынастар 1993-07-01 бастап (32 жыл)"));
    // Arabic names are set in the embedded Arabic font and read back in logical order.
    assert!(
        text.contains("الشيخ تميم بن حمد آل ثاني"),
        "Arabic name missing"
    );
    // Every Kazakh-specific letter the brief uses survives typesetting.
    for letter in ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'і'] {
        assert!(
            text.contains(letter),
            "{letter} missing from the PDF's text"
        );
    }
}

#[test]
fn the_brief_as_of_a_past_day_and_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let file = dir.path().join("brief-2019.md");
    let out = bilat(
        &db,
        &[
            "brief",
            "KZ",
            "QA",
            "--as-of",
            "2019-01-01",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "-o writes the file, not standard output"
    );
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.contains("as it stood on 2019-01-01"));
    assert!(md.contains("- Diplomatic relations since 1993-07-01 (26 years)"));
    // Events up to then, as known now (most rest on the 2025 paper); nothing after.
    assert!(md.contains("- Events in the record: 16"), "{md}");
    assert!(md.contains("| 2017-04-23 |") && !md.contains("| 2022-10-11 |"));
    // The 2024 targets had not been set.
    assert!(!md.contains("Target: Bilateral trade turnover"));
    // Only what sources had reported by then: far less.
    let then = stdout(&bilat(
        &db,
        &["brief", "KZ", "QA", "--as-of", "2019-01-01", "--known-then"],
    ));
    assert!(then.contains("only what its sources had reported by then"));
    assert!(then.contains("- Events in the record: 6"));
    assert!(
        !then.contains("Abu Shawer et al. 2025"),
        "the 2025 paper was not out"
    );
    // A PDF to a file; a malformed day is refused with what was expected.
    let pdf = dir.path().join("brief.pdf");
    let out = bilat(
        &db,
        &[
            "brief",
            "KZ",
            "QA",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success() && std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let bad = bilat(&db, &["brief", "KZ", "QA", "--as-of", "2019"]);
    assert!(
        !bad.status.success()
            && stderr(&bad).contains("expected a day such as 2024-02-14, found `2019`")
    );
}
