//! The brief from a small hand-made record (written for these tests; the people, dates and
//! figures are invented and stand for nothing real), in each language and format.

use bilat_brief::{Brief, Lang};
use bilat_model::{Dataset, Dyad};

const RECORD: &str = r#"
{"kind":"country","id":"KZ","alpha3":"KAZ","names":{"en":"Kazakhstan","ru":"Казахстан","kk":"Қазақстан","ar":"كازاخستان"}}
{"kind":"country","id":"QA","alpha3":"QAT","names":{"en":"Qatar","ru":"Катар","kk":"Катар","ar":"قطر"}}
{"kind":"source","id":"src:a","short":"Gazette A 2010","source_kind":"official","title":"Test gazette","date":"2010-05-01","language":"en","url":"https://example.org/a"}
{"kind":"source","id":"src:b","short":"Daily B 2020","source_kind":"news","title":"Test daily","date":"2020-03-01","language":"ru"}
{"kind":"actor","id":"ac:envoy","actor_kind":"person","country":"QA","names":{"en":"Envoy Testname","ru":"Посланник Тестов","kk":"Елші Тестов","ar":"المبعوث تست"},"claims":[{"fact":"describes","summary":"An invented envoy.","evidence":[{"source":"src:a","locator":"whole"}]}]}
{"kind":"event","id":"ev:relations","event_type":"establish_relations","title":{"en":"Relations established","ru":"Установлены отношения","kk":"Қатынастар орнатылды"},"dyads":["KZ-QA"],"domains":["political_diplomatic"],"claims":[
  {"fact":"date","date":"2000-01-10","evidence":[{"source":"src:a","locator":"whole"}]},
  {"fact":"participant","actor":"KZ","role":"actor","evidence":[{"source":"src:a","locator":"whole"}]},
  {"fact":"participant","actor":"QA","role":"recipient","evidence":[{"source":"src:a","locator":"whole"}]}]}
{"kind":"event","id":"ev:visit","event_type":"official_visit","title":{"en":"The envoy visits Astana","ru":"Визит посланника в Астану","kk":"Елшінің Астанаға сапары"},"dyads":["KZ-QA"],"domains":["trade_economic_investment"],"claims":[
  {"fact":"date","date":"2010-04","evidence":[{"source":"src:a","locator":"whole"}]},
  {"fact":"date","date":"2011-04","evidence":[{"source":"src:b","locator":"whole"}]},
  {"fact":"participant","actor":"ac:envoy","role":"actor","evidence":[{"source":"src:a","locator":"whole"}]},
  {"fact":"participant","actor":"KZ","role":"recipient","evidence":[{"source":"src:a","locator":"whole"}]},
  {"fact":"place","place":"Astana","evidence":[{"source":"src:a","locator":"whole"}]}]}
{"kind":"agreement","id":"ag:trade","agreement_kind":"agreement","title":{"en":"Trade agreement","ru":"Торговое соглашение","kk":"Сауда келісімі"},"dyads":["KZ-QA"],"parties":["KZ","QA"],"domains":["trade_economic_investment"],"claims":[
  {"fact":"signed","date":"2010-04-20","evidence":[{"source":"src:a","locator":"whole"}]},
  {"fact":"ratified","party":"KZ","date":"2011-02-01","evidence":[{"source":"src:b","locator":"whole"}]}]}
{"kind":"project","id":"pr:mill","title":{"en":"A mill","ru":"Мельница","kk":"Диірмен"},"dyads":["KZ-QA"],"sector":"agriculture","domains":["trade_economic_investment"],"aggregation":"counted","claims":[{"fact":"planned_investment","amount":{"amount":"40000000","currency":"USD"},"evidence":[{"source":"src:b","locator":"whole"}]}]}
{"kind":"target","id":"tg:turnover","indicator":"trade.turnover","title":{"en":"Turnover of USD 100 million","ru":"Товарооборот 100 млн долларов","kk":"Тауар айналымы 100 млн доллар"},"dyads":["KZ-QA"],"claims":[{"fact":"target_value","value":{"value":"100000000","unit":"USD"},"set_on":"2010-04-20","evidence":[{"source":"src:a","locator":"whole"}]}]}
{"kind":"observation","id":"ob:t2019","indicator":"trade.turnover","title":{"en":"Turnover 2019"},"dyads":["KZ-QA"],"claims":[{"fact":"value","value":{"value":"25000000","unit":"USD"},"period":"2019","evidence":[{"source":"src:b","locator":"whole"}]}]}
"#;

fn record() -> Dataset {
    bilat_model::testing::dataset(RECORD)
}

fn brief(lang: Lang) -> Brief {
    Brief::build(&record(), &Dyad::new("KZ", "QA").unwrap(), None, lang)
}

#[test]
fn figures_are_right_in_each_language() {
    let en = brief(Lang::En).to_markdown();
    // As of the latest dated event or signing (the visit, 2010-04: its last day); the trade
    // figures are as of the latest source (2020), which the brief also uses.
    assert!(
        en.contains("as of its latest dated entry (2010-04-30)"),
        "{en}"
    );
    assert!(en.contains("- Diplomatic relations since 2000-01-10 (10 years)"));
    assert!(
        en.contains("- Agreements: 1 in the record, 1 with a signing date, 1 ratified, 0 in force")
    );
    assert!(en.contains(
        "- Latest trade turnover: USD 25.0 m (2019), 25% of the USD 100.0 m target (Daily B 2020)"
    ));
    assert!(en.contains("USD 40 m to USD 40 m"));
    // Generated details: the visitor before the host, the place.
    assert!(en.contains("| The envoy visits Astana — Envoy Testname → Kazakhstan · Astana |"));
    // The two dates of the visit stay two claims, shown as a conflict.
    assert!(
        en.contains("2010-04 (Gazette A 2010) and 2011-04 (Daily B 2020) cannot both be right")
    );
    // Who's who with the Arabic name.
    assert!(en.contains("| Envoy Testname | المبعوث تست | Qatar | 1 | 2010 | Gazette A 2010 |"));

    let ru = brief(Lang::Ru).to_markdown();
    assert!(
        ru.contains("(10 лет)") && ru.contains("USD 25.0 млн (2019), 25% от цели USD 100.0 млн")
    );
    assert!(ru.contains("| Визит посланника в Астану — Посланник Тестов → Казахстан · Астана |"));
    assert!(ru.contains(
        "2010-04 (Gazette A 2010) и 2011-04 (Daily B 2020) не могут быть верны одновременно"
    ));
    assert!(ru.contains("ратифицировано: Казахстан, 2011-02-01"));
    let kk = brief(Lang::Kk).to_markdown();
    assert!(kk.contains("(10 жыл)") && kk.contains("| Елші Тестов | المبعوث تست | Катар |"));
    for text in [&en, &ru, &kk] {
        assert!(!text.contains('⟦'), "an untranslated text");
        assert!(!text.contains("[en]"), "a name fell back to English");
    }
}

#[test]
fn html_links_every_cited_source_and_loads_nothing() {
    for lang in [Lang::En, Lang::Ru, Lang::Kk] {
        let html = brief(lang).to_html();
        assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())));
        let links: Vec<&str> = html
            .split("href=\"#")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert!(links.len() >= 4, "{} links", links.len());
        for id in &links {
            assert!(
                html.contains(&format!("id=\"{id}\"")),
                "link to #{id} has no target"
            );
        }
        for remote in ["<script", "<link", "src=\"http", "url(http"] {
            assert!(!html.contains(remote), "{remote} in a self-contained page");
        }
        assert!(html.contains("<bdi lang=\"ar\" dir=\"rtl\">المبعوث تست</bdi>"));
    }
}

#[test]
fn json_and_pdf() {
    let b = brief(Lang::Kk);
    let v: serde_json::Value = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
    assert_eq!(v["lang"], "kk");
    assert_eq!(v["key_figures"]["years_of_relations"], 10);
    assert_eq!(v["people"][0]["arabic"], "المبعوث تست");
    let pdf = b.to_pdf().unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // The Arabic and Kazakh fonts are embedded (their names stand in the font dictionaries).
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("NotoNaskhArabic"),
        "the Arabic font is not embedded"
    );
    assert!(text.contains("LibertinusSerif"));
}
