//! Dates in English, Russian, Kazakh and Arabic, each with the precision the text gives.
//!
//! Runs on folded text (see [`crate::normalize`]): lower case, ASCII digits. Recognised:
//!
//! * numeric: `2024-02-14`, `14.02.2024`, `14/02/2024` (day first);
//! * day, month, year: `14 February 2024`, `February 14, 2024`, `14 февраля 2024 г.`,
//!   `2024 жылғы 14 ақпанда`, `14 ақпан 2024 ж.`, `14 فبراير 2024`, `14 شباط 2024`, and day
//!   ranges (`11–13 October 2022`, `from 10 to 12 November 2023`, `с 10 по 12 ноября 2023 года`,
//!   `2023 жылғы 10-12 қараша`, `من 10 إلى 12 نوفمبر 2023`);
//! * day and month without a year (in the year that puts them nearest the publication date);
//! * month and year, season and year, quarter and year (`в феврале 2024 года`,
//!   `2024 жылдың көктемінде`, `ربيع 2024`, `first quarter of 2024`);
//! * a year with a cue that makes it a date (`in 2024`, `в 2024 году`, `2024 жылы`,
//!   `عام 2024`), decades (`1990s`, `1990-х`) and year ranges (`2022–2024`);
//! * relative dates resolved against the publication date: weekdays (the latest such day on or
//!   before publication), yesterday and today, last/this/next month and year.
//!
//! All rules run as one combined pattern, searched only at the places where a date may start:
//! the word of each number and the three words before it (a date that reads numbers starts no
//! further back: "first quarter of 2024"), and, when there is a publication date to resolve
//! relative dates against, each weekday or word that ends a relative date and the two words
//! before it ("в прошлом месяце"). At each place, the rules that match there are tried in the
//! order listed until one reads a valid date (a day that does not exist falls through to the
//! next). A date starts at the start of a word and ends at the end of one ("5 mar" is not a
//! date in "5 market").

use std::sync::OnceLock;

use bilat_model::date::{Day, FuzzyDate, Point, Season, days_in_month};
use regex_automata::{Anchored, Input, meta};
use serde::Serialize;

/// A date found in folded text: byte range into the folded text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateHit {
    pub start: usize,
    pub end: usize,
    pub date: FuzzyDate,
    /// Resolved against the publication date (a weekday, "last month", a missing year).
    pub relative: bool,
}

const MONTH: &str = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|январ[а-я]*|феврал[а-я]*|март[а-я]*|апрел[а-я]*|ма[йяе]|июн[а-я]*|июл[а-я]*|август[а-я]*|сентябр[а-я]*|октябр[а-я]*|ноябр[а-я]*|декабр[а-я]*|қаңтар[а-яәғқңөұүһі]*|ақпан[а-яәғқңөұүһі]*|наурыз[а-яәғқңөұүһі]*|сәуір[а-яәғқңөұүһі]*|мамыр[а-яәғқңөұүһі]*|маусым[а-яәғқңөұүһі]*|шілде[а-яәғқңөұүһі]*|тамыз[а-яәғқңөұүһі]*|қыркүйек[а-яәғқңөұүһі]*|қазан[а-яәғқңөұүһі]*|қараша[а-яәғқңөұүһі]*|желтоқсан[а-яәғқңөұүһі]*|يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر|كانون الثاني|شباط|اذار|نيسان|ايار|حزيران|تموز|ايلول|تشرين الاول|تشرين الثاني|كانون الاول)";

const SEASON: &str = r"(?:spring|summer|autumn|fall|winter|весн[а-я]*|летом|лето|осен[а-я]*|зим[а-я]*|көктем[а-яәғқңөұүһі]*|жаз[а-яәғқңөұүһі]*|күз[а-яәғқңөұүһі]*|қыс[а-яәғқңөұүһі]*|ربيع|صيف|خريف|شتاء)";

use crate::segment::Prefixes;

fn month_of(word: &str) -> Option<u8> {
    const TABLE: &[(&str, u8)] = &[
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
        ("январ", 1),
        ("феврал", 2),
        ("март", 3),
        ("апрел", 4),
        ("ма", 5),
        ("июн", 6),
        ("июл", 7),
        ("август", 8),
        ("сентябр", 9),
        ("октябр", 10),
        ("ноябр", 11),
        ("декабр", 12),
        ("қаңтар", 1),
        ("ақпан", 2),
        ("наурыз", 3),
        ("сәуір", 4),
        ("мамыр", 5),
        ("маусым", 6),
        ("шілде", 7),
        ("тамыз", 8),
        ("қыркүйек", 9),
        ("қазан", 10),
        ("қараша", 11),
        ("желтоқсан", 12),
        ("يناير", 1),
        ("فبراير", 2),
        ("مارس", 3),
        ("ابريل", 4),
        ("مايو", 5),
        ("يونيو", 6),
        ("يوليو", 7),
        ("اغسطس", 8),
        ("سبتمبر", 9),
        ("اكتوبر", 10),
        ("نوفمبر", 11),
        ("ديسمبر", 12),
        ("كانون الثاني", 1),
        ("شباط", 2),
        ("اذار", 3),
        ("نيسان", 4),
        ("ايار", 5),
        ("حزيران", 6),
        ("تموز", 7),
        ("ايلول", 9),
        ("تشرين الاول", 10),
        ("تشرين الثاني", 11),
        ("كانون الاول", 12),
    ];
    static INDEX: OnceLock<Prefixes<u8>> = OnceLock::new();
    // Longest prefix wins ("ма" is May only when nothing longer matched: "март" is March).
    INDEX
        .get_or_init(|| Prefixes::new(TABLE.iter().copied()))
        .matching(word)
        .max_by_key(|(p, _)| p.len())
        .map(|(_, m)| m)
}

fn season_of(word: &str) -> Option<Season> {
    const TABLE: &[(&str, Season)] = &[
        ("spring", Season::Spring),
        ("summer", Season::Summer),
        ("autumn", Season::Autumn),
        ("fall", Season::Autumn),
        ("winter", Season::Winter),
        ("весн", Season::Spring),
        ("лет", Season::Summer),
        ("осен", Season::Autumn),
        ("зим", Season::Winter),
        ("көктем", Season::Spring),
        ("жаз", Season::Summer),
        ("күз", Season::Autumn),
        ("қыс", Season::Winter),
        ("ربيع", Season::Spring),
        ("صيف", Season::Summer),
        ("خريف", Season::Autumn),
        ("شتاء", Season::Winter),
    ];
    static INDEX: OnceLock<Prefixes<Season>> = OnceLock::new();
    let index = INDEX.get_or_init(|| Prefixes::new(TABLE.iter().copied()));
    index.matching(word).next().map(|(_, s)| s)
}

fn weekday_of(word: &str) -> Option<u32> {
    // 0 = Monday.
    const TABLE: &[(&str, u32)] = &[
        ("monday", 0),
        ("tuesday", 1),
        ("wednesday", 2),
        ("thursday", 3),
        ("friday", 4),
        ("saturday", 5),
        ("sunday", 6),
        ("понедельник", 0),
        ("вторник", 1),
        ("сред", 2),
        ("четверг", 3),
        ("пятниц", 4),
        ("суббот", 5),
        ("воскресень", 6),
        ("дүйсенбі", 0),
        ("сейсенбі", 1),
        ("сәрсенбі", 2),
        ("бейсенбі", 3),
        ("жұма", 4),
        ("сенбі", 5),
        ("жексенбі", 6),
        ("الاثنين", 0),
        ("الثلاثاء", 1),
        ("الاربعاء", 2),
        ("الخميس", 3),
        ("الجمعه", 4),
        ("السبت", 5),
        ("الاحد", 6),
    ];
    static INDEX: OnceLock<Prefixes<u32>> = OnceLock::new();
    let index = INDEX.get_or_init(|| Prefixes::new(TABLE.iter().copied()));
    index.matching(word).next().map(|(_, d)| d)
}

type Handler = fn(&Tokens, Option<Day>) -> Option<(FuzzyDate, bool)>;

/// A rule's match read as tokens: the values of its runs of digits, in order, and its words
/// (runs of letters). The rules are written so that their groups are told apart this way (the
/// numbers in order; the one word that names a month, season or weekday), which spares
/// reading capture groups with a regex engine at every date.
struct Tokens<'h> {
    whole: &'h str,
    nums: [u32; 4],
    count: usize,
}

/// Words that may stand between a day and its month ("1st of May") and name neither.
const NOT_MONTHS: &[&str] = &["st", "nd", "rd", "th", "of"];

impl<'h> Tokens<'h> {
    fn new(whole: &'h str) -> Tokens<'h> {
        let bytes = whole.as_bytes();
        let (mut nums, mut count, mut i) = ([0u32; 4], 0, 0);
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let mut v = 0u32;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                v = v
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[i] - b'0'));
                i += 1;
            }
            if let Some(slot) = nums.get_mut(count) {
                *slot = v;
            }
            count += 1;
        }
        Tokens { whole, nums, count }
    }

    /// The `i`-th number (0-based).
    fn num<T: TryFrom<u32>>(&self, i: usize) -> Option<T> {
        (i < self.count.min(4)).then_some(())?;
        T::try_from(self.nums[i]).ok()
    }

    /// The last number.
    fn last_num<T: TryFrom<u32>>(&self) -> Option<T> {
        self.num(self.count.checked_sub(1)?)
    }

    /// Each word with the rest of the match from its start.
    fn words(&self) -> impl Iterator<Item = (&'h str, &'h str)> + '_ {
        let whole = self.whole;
        let mut at = 0;
        std::iter::from_fn(move || {
            let rest = &whole[at..];
            let start = at + rest.find(crate::segment::is_letter)?;
            let len = whole[start..]
                .find(|c: char| !crate::segment::is_letter(c))
                .unwrap_or(whole.len() - start);
            at = start + len;
            Some((&whole[start..at], &whole[start..]))
        })
    }

    /// The month the match names, and the word that names it.
    fn month(&self) -> Option<(u8, &'h str)> {
        self.words()
            .filter(|(w, _)| !NOT_MONTHS.contains(w))
            .find_map(|(w, rest)| Some((month_of(rest)?, w)))
    }

    fn season(&self) -> Option<Season> {
        self.words().find_map(|(_, rest)| season_of(rest))
    }

    fn weekday(&self) -> Option<u32> {
        self.words().find_map(|(w, _)| weekday_of(w))
    }
}

/// The weekdays the relative rules read, in English, Russian (with the accusative), Kazakh and
/// Arabic.
const WEEKDAYS: [&[&str]; 4] = [
    &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ],
    &[
        "понедельник",
        "вторник",
        "среду",
        "среда",
        "четверг",
        "пятницу",
        "пятница",
        "субботу",
        "суббота",
        "воскресенье",
    ],
    &[
        "дүйсенбі",
        "сейсенбі",
        "сәрсенбі",
        "бейсенбі",
        "жұма",
        "сенбі",
        "жексенбі",
    ],
    &[
        "الاثنين",
        "الثلاثاء",
        "الاربعاء",
        "الخميس",
        "الجمعه",
        "السبت",
        "الاحد",
    ],
];

/// The phrases of the three rules of relative days, months and years, in the four languages.
const RELATIVE: [&[&str]; 3] = [
    &[
        "yesterday",
        "вчера",
        "кеше",
        "امس",
        "today",
        "сегодня",
        "бүгін",
    ],
    &[
        "last month",
        "в прошлом месяце",
        "өткен айда",
        "الشهر الماضي",
        "this month",
        "в этом месяце",
        "осы айда",
        "هذا الشهر",
        "next month",
        "в следующем месяце",
        "келесі айда",
        "الشهر المقبل",
        "الشهر القادم",
    ],
    &[
        "last year",
        "в прошлом году",
        "өткен жылы",
        "былтыр",
        "العام الماضي",
        "this year",
        "в этом году",
        "биыл",
        "هذا العام",
        "العام الجاري",
        "next year",
        "в следующем году",
        "келесі жылы",
        "العام المقبل",
        "العام القادم",
    ],
];

fn rules() -> &'static [(String, Handler)] {
    static RULES: OnceLock<Vec<(String, Handler)>> = OnceLock::new();
    RULES.get_or_init(|| {
        // No `\b` in these patterns: Unicode word boundaries would keep the regex engine off
        // its fast DFA on Cyrillic and Arabic text. [`find`] checks the boundaries instead.
        let kk_year = r"(\d{4})\s*(?:жылғы|жылдың|жылы|ж\.?)";
        let any = |words: &[&str]| format!("({})", words.join("|"));
        let [weekday_en, weekday_ru, weekday_kk, weekday_ar] = WEEKDAYS.map(any);
        vec![
            (r"(\d{4})-(\d{2})-(\d{2})".into(), iso as Handler),
            (r"(\d{1,2})[./](\d{1,2})[./](\d{4})".into(), numeric),
            (format!(r"(\d{{1,2}})\s*-\s*(\d{{1,2}})\s+({MONTH}),?\s+(\d{{4}})"), day_range),
            (format!(r"(?:from\s+)?(\d{{1,2}})\s+(?:to|till|until|through)\s+(\d{{1,2}})\s+({MONTH}),?\s+(\d{{4}})"), day_range),
            (format!(r"between\s+(\d{{1,2}})\s+and\s+(\d{{1,2}})\s+({MONTH}),?\s+(\d{{4}})"), day_range),
            (format!(r"с\s+(\d{{1,2}})\s+по\s+(\d{{1,2}})\s+({MONTH}),?\s+(\d{{4}})"), day_range),
            (format!(r"من\s+(\d{{1,2}})\s+(?:الي|حتي)\s+(\d{{1,2}})\s+({MONTH}),?\s+(\d{{4}})"), day_range),
            (format!(r"{kk_year}\s+(\d{{1,2}})\s*-\s*(\d{{1,2}})\s+({MONTH})"), kk_day_range),
            (format!(r"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH})\.?,?\s+(\d{{4}})"), dmy),
            (format!(r"({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})"), dmy),
            (format!(r"{kk_year}\s+(\d{{1,2}})\s+({MONTH})"), kk_ydm),
            (format!(r"{kk_year}\s+({MONTH})"), year_month),
            (format!(r"{kk_year}\s+({SEASON})"), year_season),
            (format!(r"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH})"), dm),
            // Before month and day: "march 2024" would first read as "march 20" and fail.
            (format!(r"({MONTH})\s+(?:of\s+)?(\d{{4}})"), year_month),
            (format!(r"({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"), md),
            (format!(r"({SEASON})\s+(?:of\s+|عام\s+)?(\d{{4}})"), year_season),
            (r"(first|second|third|fourth|1st|2nd|3rd|4th|q1|q2|q3|q4)\s+(?:quarter\s+)?(?:of\s+)?(\d{4})".into(), quarter_en),
            (r"(i|ii|iii|iv|1|2|3|4|перв[а-я]*|втор[а-я]*|трет[а-я]*|четверт[а-я]*)\s*(?:-?[а-я]+\s+)?квартал[а-я]*\s+(\d{4})".into(), quarter_ru),
            (r"(\d{3}0)(?:s|'s|-е|-х|-ые|-жылдар[а-яәғқңөұүһі]*)".into(), decade),
            (r"((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})".into(), year_range),
            (r"(?:in|since|by|until|till|during|from|of|year)\s+((?:19|20)\d{2})".into(), year_only),
            (r"((?:19|20)\d{2})\s*(?:год[а-я]*|г\.)".into(), year_only),
            (r"((?:19|20)\d{2})\s*(?:жыл[а-яәғқңөұүһі]*|ж\.)".into(), year_only),
            (r"(?:عام|العام|لعام|بعام|سنه|في)\s+((?:19|20)\d{2})".into(), year_only),
            (format!(r"(?:on\s+)?(?:last\s+)?{weekday_en}"), weekday),
            (format!(r"в(?:о)?\s+(?:прошл[а-я]+\s+)?{weekday_ru}"), weekday),
            (format!(r"{weekday_kk}\s+(?:күні)"), weekday),
            (format!(r"(?:يوم\s+){weekday_ar}"), weekday),
            (any(RELATIVE[0]), yesterday_today),
            (any(RELATIVE[1]), rel_month),
            (any(RELATIVE[2]), rel_year),
        ]
    })
}

fn plausible(year: i32) -> bool {
    (1900..=2100).contains(&year)
}

fn iso(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    Some((FuzzyDate::day(c.num(0)?, c.num(1)?, c.num(2)?)?, false))
}

fn numeric(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let (a, b, y): (u8, u8, i32) = (c.num(0)?, c.num(1)?, c.num(2)?);
    // Day first, as in all four languages' official usage; month first only when day-first
    // cannot be a date.
    FuzzyDate::day(y, b, a)
        .or_else(|| FuzzyDate::day(y, a, b))
        .map(|d| (d, false))
}

/// Days `d1` to `d2` of one month, if both exist and the range runs forwards.
fn days(y: i32, m: u8, d1: u8, d2: u8) -> Option<(FuzzyDate, bool)> {
    let (a, b) = (Day::new(y, m, d1)?, Day::new(y, m, d2)?);
    (a <= b).then_some((FuzzyDate::Range(Point::Day(a), Point::Day(b)), false))
}

/// A day range before its year: `11–13 October 2022`, `from 10 to 12 November 2023`.
fn day_range(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    days(c.num(2)?, c.month()?.0, c.num(0)?, c.num(1)?)
}

/// A day range after its year: `2023 жылғы 10-12 қараша`.
fn kk_day_range(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    days(c.num(0)?, c.month()?.0, c.num(1)?, c.num(2)?)
}

/// Day, month, year in that order of numbers (day before year): `14 February 2024`,
/// `February 14, 2024`.
fn dmy(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    Some((FuzzyDate::day(c.num(1)?, c.month()?.0, c.num(0)?)?, false))
}

fn kk_ydm(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    Some((FuzzyDate::day(c.num(0)?, c.month()?.0, c.num(1)?)?, false))
}

/// A year and a month, whichever comes first: `2024 жылғы ақпан`, `February 2024`.
fn year_month(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let y: i32 = c.num(0)?;
    plausible(y).then_some(())?;
    Some((FuzzyDate::Point(Point::Month(y, c.month()?.0)), false))
}

/// A year and a season, whichever comes first.
fn year_season(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let y: i32 = c.num(0)?;
    plausible(y).then_some(())?;
    Some((FuzzyDate::Point(Point::Season(y, c.season()?)), false))
}

/// A day and month without a year: in the year that puts it nearest the publication date
/// ("20 December" in a report of 5 January is last December).
fn nearest(publication: Day, month: u8, day: u8) -> Option<FuzzyDate> {
    let distance = |d: &Day| (d.ordinal() - publication.ordinal()).abs();
    (publication.year - 1..=publication.year + 1)
        .filter_map(|y| Day::new(y, month, day))
        .min_by_key(distance)
        .map(|d| FuzzyDate::Point(Point::Day(d)))
}

fn dm(c: &Tokens, publication: Option<Day>) -> Option<(FuzzyDate, bool)> {
    Some((nearest(publication?, c.month()?.0, c.num(0)?)?, true))
}

fn md(c: &Tokens, publication: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let pubd = publication?;
    let (m, word) = c.month()?;
    // "May 5" but not "may 2" as a verb: English "may" needs a capital we no longer see.
    if word == "may" {
        return None;
    }
    Some((nearest(pubd, m, c.num(0)?)?, true))
}

fn quarter_en(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let first = c.whole.split_whitespace().next()?;
    let q = match first {
        "first" | "1st" | "q1" => 1,
        "second" | "2nd" | "q2" => 2,
        "third" | "3rd" | "q3" => 3,
        _ => 4,
    };
    let y: i32 = c.last_num()?;
    // "first 2024" is not a quarter: require the word quarter or a q-number.
    if !c.whole.contains("quarter") && !first.starts_with('q') {
        return None;
    }
    Some((FuzzyDate::Point(Point::Quarter(y, q)), false))
}

fn quarter_ru(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    // The quarter's number or ordinal: the leading run of digits, or of letters.
    let w = c.whole;
    let digits = w.starts_with(|ch: char| ch.is_ascii_digit());
    let end = w
        .find(|ch: char| {
            if digits {
                !ch.is_ascii_digit()
            } else {
                !crate::segment::is_letter(ch)
            }
        })
        .unwrap_or(w.len());
    let w = &w[..end];
    let q = if w.starts_with("перв") || w == "i" || w == "1" {
        1
    } else if w.starts_with("втор") || w == "ii" || w == "2" {
        2
    } else if w.starts_with("трет") || w == "iii" || w == "3" {
        3
    } else {
        4
    };
    Some((FuzzyDate::Point(Point::Quarter(c.last_num()?, q)), false))
}

fn decade(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let y: i32 = c.num(0)?;
    plausible(y).then_some(())?;
    Some((FuzzyDate::Range(Point::Year(y), Point::Year(y + 9)), false))
}

fn year_range(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let (a, b): (i32, i32) = (c.num(0)?, c.num(1)?);
    (b > a && b - a <= 50).then_some(())?;
    Some((FuzzyDate::Range(Point::Year(a), Point::Year(b)), false))
}

fn year_only(c: &Tokens, _: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let y: i32 = c.num(0)?;
    plausible(y).then_some(())?;
    Some((FuzzyDate::year(y), false))
}

fn weekday(c: &Tokens, publication: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let pubd = publication?;
    let target = c.weekday()?;
    // 2000-01-01 was a Saturday (index 5 with Monday = 0).
    let saturday = Day {
        year: 2000,
        month: 1,
        day: 1,
    }
    .ordinal();
    let today = ((pubd.ordinal() - saturday + 5).rem_euclid(7)) as u32;
    let back = (today + 7 - target) % 7;
    Some((
        FuzzyDate::Point(Point::Day(shift_days(pubd, -i64::from(back)))),
        true,
    ))
}

fn yesterday_today(c: &Tokens, publication: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let pubd = publication?;
    let back = match c.whole {
        "yesterday" | "вчера" | "кеше" | "امس" => 1,
        _ => 0,
    };
    Some((FuzzyDate::Point(Point::Day(shift_days(pubd, -back))), true))
}

/// Which month or year a relative phrase names, from the publication's: -1 (last), 0 (this)
/// or 1 (next).
fn direction(w: &str) -> i32 {
    if w.starts_with("last")
        || w.contains("прошл")
        || w.contains("өткен")
        || w == "былтыр"
        || w.contains("ماضي")
    {
        -1
    } else if w.starts_with("next")
        || w.contains("следующ")
        || w.contains("келесі")
        || w.contains("مقبل")
        || w.contains("قادم")
    {
        1
    } else {
        0
    }
}

fn rel_month(c: &Tokens, publication: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let pubd = publication?;
    // Months counted from year 0, so that the year changes with them.
    let n = pubd.year * 12 + i32::from(pubd.month) - 1 + direction(c.whole);
    let month = u8::try_from(n.rem_euclid(12) + 1).ok()?;
    Some((
        FuzzyDate::Point(Point::Month(n.div_euclid(12), month)),
        true,
    ))
}

fn rel_year(c: &Tokens, publication: Option<Day>) -> Option<(FuzzyDate, bool)> {
    let pubd = publication?;
    Some((FuzzyDate::year(pubd.year + direction(c.whole)), true))
}

/// The regular expressions the date finder runs, for peers that want to run the same ones.
pub fn pattern_sources() -> Vec<String> {
    rules().iter().map(|(re, _)| re.clone()).collect()
}

/// `day` moved by `delta` days.
pub fn shift_days(day: Day, delta: i64) -> Day {
    let mut d = day;
    let mut left = delta;
    while left < 0 {
        if d.day > 1 {
            d.day -= 1;
        } else if d.month > 1 {
            d.month -= 1;
            d.day = days_in_month(d.year, d.month);
        } else {
            d = Day {
                year: d.year - 1,
                month: 12,
                day: 31,
            };
        }
        left += 1;
    }
    while left > 0 {
        if d.day < days_in_month(d.year, d.month) {
            d.day += 1;
        } else if d.month < 12 {
            d.month += 1;
            d.day = 1;
        } else {
            d = Day {
                year: d.year + 1,
                month: 1,
                day: 1,
            };
        }
        left -= 1;
    }
    d
}

/// All rules as one multi-pattern regular expression, in their order of priority: one fast pass
/// over the text (the DFA finds where a date is, and which rule matched first there, without
/// capturing groups) instead of one per rule.
fn combined() -> &'static regex_automata::meta::Regex {
    static COMBINED: OnceLock<regex_automata::meta::Regex> = OnceLock::new();
    COMBINED.get_or_init(|| {
        let patterns: Vec<&str> = rules().iter().map(|(re, _)| re.as_str()).collect();
        regex_automata::meta::Regex::builder()
            .configure(regex_automata::meta::Regex::config().hybrid_cache_capacity(64 << 20))
            .build_many(&patterns)
            .expect("the rules compile together")
    })
}

/// Each rule anchored at the start, as a set (which rules match at a place), and each rule alone
/// (where it ends there; searched anchored).
fn anchored() -> &'static (regex::RegexSet, Vec<meta::Regex>) {
    static ANCHORED: OnceLock<(regex::RegexSet, Vec<meta::Regex>)> = OnceLock::new();
    ANCHORED.get_or_init(|| {
        // Big lazy-DFA caches: the month names make large automata, and a cache that is too
        // small sends the engine back to its slow path on every date.
        let set = regex::RegexSetBuilder::new(rules().iter().map(|(re, _)| format!("^(?:{re})")))
            .dfa_size_limit(64 << 20)
            .build()
            .expect("the anchored rules compile");
        let each = rules()
            .iter()
            .map(|(re, _)| {
                meta::Regex::builder()
                    .configure(meta::Regex::config().hybrid_cache_capacity(16 << 20))
                    .build(re)
                    .expect("a rule compiles")
            })
            .collect();
        (set, each)
    })
}

/// How far after the start of a date-like place the rules look (bytes; a date is never longer).
const WINDOW: usize = 64;

/// Rule `k` matched `text[start..end]`: the date, if the match stands at word boundaries and
/// the rule's handler reads a valid date from it.
fn read_rule(
    text: &str,
    (start, end): (usize, usize),
    k: usize,
    publication: Option<Day>,
) -> Option<DateHit> {
    if !crate::segment::whole_words(text, start, end) {
        return None;
    }
    let (date, relative) = (rules()[k].1)(&Tokens::new(&text[start..end]), publication)?;
    Some(DateHit {
        start,
        end,
        date,
        relative,
    })
}

thread_local! {
    /// A search cache for each rule alone, kept per thread (used where the first rule that
    /// matched reads no valid date).
    static CACHES: std::cell::RefCell<Vec<meta::Cache>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Every date in folded `text`, in order, without overlaps.
pub fn find(text: &str, publication: Option<Day>) -> Vec<DateHit> {
    let (words, runs) = (
        crate::segment::words(text),
        crate::segment::digit_runs(text),
    );
    find_in(text, &words, &runs, publication)
}

/// The words a relative date ends with: every weekday, and the last word of each phrase of the
/// relative rules ("в прошлом месяце" ends with "месяце"). Such a word starts a word of the text.
fn relative_ends() -> &'static Prefixes {
    static ENDS: OnceLock<Prefixes> = OnceLock::new();
    ENDS.get_or_init(|| {
        let weekdays = WEEKDAYS.iter().flat_map(|l| l.iter().copied());
        let ends = RELATIVE
            .iter()
            .flat_map(|l| l.iter().filter_map(|p| p.split(' ').next_back()));
        Prefixes::words(weekdays.chain(ends))
    })
}

/// The words that stand right before the first number of a date that starts two or three words
/// before it: "first quarter of 2024", "first quarter 2024", "в первом отчетном квартале 2023",
/// "spring of 2024", "ربيع عام 2024", and the second word of each Arabic month of two words
/// ("كانون الثاني 2024"). Every other date that reads a number starts at the number's word or
/// at the word before it (a month, season or cue: "feb. 14", "in 2024", "с 12 по 14").
fn far_cues() -> &'static Prefixes {
    static CUES: OnceLock<Prefixes> = OnceLock::new();
    CUES.get_or_init(|| {
        let month_ends = (MONTH.trim_start_matches("(?:").trim_end_matches(')'))
            .split('|')
            .filter_map(|m| m.split_once(' ').map(|(_, last)| last));
        Prefixes::words(
            ["of", "quarter", "квартал", "عام"]
                .into_iter()
                .chain(month_ends),
        )
    })
}

/// The places where a date may start, ascending: every rule that reads a number starts at the
/// word of its first number, at the word before it, or, when that word is one of
/// [`far_cues`], two or three words before it; with a publication date to resolve them
/// against, the relative rules start at a word that starts with a word that ends them
/// ([`relative_ends`]) or at most two words before it ("в прошлом месяце"). Without one, a
/// relative date cannot be read, and its words are not looked for.
fn places(
    text: &str,
    words: &[crate::segment::Word],
    runs: &[usize],
    relative: bool,
) -> Vec<usize> {
    // A number's word and one before it, mostly.
    let mut out = Vec::with_capacity(2 * runs.len());
    // The first word that is not a place yet.
    let mut next = 0;
    for (j, digits) in crate::segment::with_digits(words, runs).enumerate() {
        let back = if digits {
            let before = j
                .checked_sub(1)
                .map(|i| &text[words[i].start..words[i].end]);
            if before.is_some_and(|w| far_cues().starts(w)) {
                3
            } else {
                1
            }
        } else if relative && relative_ends().starts(&text[words[j].start..words[j].end]) {
            2
        } else {
            continue;
        };
        let from = j.saturating_sub(back).max(next);
        out.extend(words[from..=j].iter().map(|w| w.start));
        next = j + 1;
    }
    out
}

/// [`find`] for a text whose words and runs of digits the caller has (as
/// [`crate::segment::words`] and [`crate::segment::digit_runs`] find them).
pub fn find_in(
    text: &str,
    words: &[crate::segment::Word],
    runs: &[usize],
    publication: Option<Day>,
) -> Vec<DateHit> {
    let places = places(text, words, runs, publication.is_some());
    read_places(
        text,
        crate::segment::matches_at(combined(), text, &places),
        publication,
    )
}

/// The dates at the places where the combined pattern matched (in order), without overlaps.
fn read_places(
    text: &str,
    matches: impl Iterator<Item = regex_automata::Match>,
    publication: Option<Day>,
) -> Vec<DateHit> {
    let hits = matches
        .filter_map(|m| read_place(text, &m, publication))
        .collect();
    crate::segment::first_longest(hits, |h| (h.start, h.end))
}

/// The date at a place the combined pattern found: the first rule that matches there reads its
/// date from the span it matches. When it reads no valid date ("31 February", "may 5" as a
/// verb, a match inside a word), the other rules that match at the place are tried in order of
/// priority, each on the span it matches.
fn read_place(text: &str, m: &regex_automata::Match, publication: Option<Day>) -> Option<DateHit> {
    let k = m.pattern().as_usize();
    if let Some(hit) = read_rule(text, (m.start(), m.end()), k, publication) {
        return Some(hit);
    }
    let to = crate::segment::ceil_char(text, m.end().max(m.start() + WINDOW));
    let (set, each) = anchored();
    let others = set.matches(&text[m.start()..to]);
    CACHES.with(|cell| {
        let mut caches = cell.borrow_mut();
        if caches.is_empty() {
            caches.extend(each.iter().map(meta::Regex::create_cache));
        }
        others.iter().filter(|&j| j != k).find_map(|j| {
            let input = Input::new(&text[..to])
                .range(m.start()..to)
                .anchored(Anchored::Yes);
            let end = each[j].search_with(&mut caches[j], &input)?.end();
            read_rule(text, (m.start(), end), j, publication)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    fn one(text: &str) -> String {
        let pubd = Day::new(2024, 2, 16);
        let f = fold(text);
        let hits = find(&f.text, pubd);
        assert_eq!(hits.len(), 1, "{text}: {hits:?}");
        hits[0].date.to_string()
    }

    #[test]
    fn absolute_dates_in_four_languages() {
        assert_eq!(one("on 14 February 2024 in Doha"), "2024-02-14");
        assert_eq!(one("on February 14, 2024"), "2024-02-14");
        assert_eq!(one("14 февраля 2024 г. в Дохе"), "2024-02-14");
        assert_eq!(one("2024 жылғы 14 ақпанда"), "2024-02-14");
        assert_eq!(one("14 ақпан 2024 ж."), "2024-02-14");
        assert_eq!(one("في 14 فبراير 2024"), "2024-02-14");
        assert_eq!(one("في ١٤ شباط ٢٠٢٤"), "2024-02-14");
        assert_eq!(one("14.02.2024"), "2024-02-14");
        assert_eq!(one("11-13 October 2022"), "2022-10-11/2022-10-13");
    }

    #[test]
    fn day_ranges_in_words() {
        assert_eq!(
            one("held from 3 to 5 June 2023 in Doha"),
            "2023-06-03/2023-06-05"
        );
        assert_eq!(one("between 3 and 5 June 2023"), "2023-06-03/2023-06-05");
        assert_eq!(
            one("прошли с 3 по 5 июня 2023 года"),
            "2023-06-03/2023-06-05"
        );
        assert_eq!(
            one("2023 жылғы 3-5 маусым аралығында"),
            "2023-06-03/2023-06-05"
        );
        assert_eq!(
            one("خلال الفترة من 3 إلى 5 يونيو 2023"),
            "2023-06-03/2023-06-05"
        );
        // Two days joined by "and" are not a range.
        assert_eq!(find(&fold("on 3 and 5 June 2023").text, None).len(), 1);
    }

    #[test]
    fn coarser_precisions() {
        assert_eq!(one("в феврале 2024 года"), "2024-02");
        assert_eq!(one("2024 жылдың көктемінде"), "2024-spring");
        assert_eq!(one("in autumn 2024"), "2024-autumn");
        assert_eq!(one("خريف 2024"), "2024-autumn");
        assert_eq!(one("in the first quarter of 2023"), "2023-Q1");
        assert_eq!(one("в 1998 году"), "1998");
        assert_eq!(one("2019 жылы"), "2019");
        assert_eq!(one("عام 2019"), "2019");
        assert_eq!(one("in the 1990s"), "1990/1999");
    }

    #[test]
    fn relative_dates_use_the_publication_date() {
        // 2024-02-16 is a Friday.
        assert_eq!(one("on Wednesday the sides met"), "2024-02-14");
        assert_eq!(one("в среду стороны встретились"), "2024-02-14");
        assert_eq!(one("сәрсенбі күні"), "2024-02-14");
        assert_eq!(one("يوم الأربعاء"), "2024-02-14");
        assert_eq!(one("вчера"), "2024-02-15");
        assert_eq!(one("last month"), "2024-01");
        assert_eq!(one("next month"), "2024-03");
        assert_eq!(one("в следующем месяце"), "2024-03");
        assert_eq!(one("келесі айда"), "2024-03");
        assert_eq!(one("الشهر المقبل"), "2024-03");
        // Across the turn of the year.
        let at = |text: &str, y, m| {
            find(&fold(text).text, Day::new(y, m, 10))[0]
                .date
                .to_string()
        };
        assert_eq!(at("last month", 2024, 1), "2023-12");
        assert_eq!(at("next month", 2023, 12), "2024-01");
        assert_eq!(one("былтыр"), "2023");
        assert_eq!(one("on 5 March"), "2024-03-05");
        // A day and month without a year fall in the year nearest the publication.
        let near = |text: &str| {
            find(&fold(text).text, Day::new(2024, 1, 5))[0]
                .date
                .to_string()
        };
        assert_eq!(near("on 20 December"), "2023-12-20");
        assert_eq!(near("on 20 January"), "2024-01-20");
    }

    #[test]
    fn groups_read_from_the_words_and_numbers_of_a_match() {
        assert_eq!(one("on February 14th, 2024"), "2024-02-14");
        assert_eq!(one("the 1st of March 2023"), "2023-03-01");
        assert_eq!(one("في 3 كانون الثاني 2024"), "2024-01-03");
        assert_eq!(one("في تشرين الاول 2022"), "2022-10");
        assert_eq!(one("во II квартале 2023 года"), "2023-Q2");
        assert_eq!(one("в 3-м квартале 2022 года"), "2022-Q3");
        assert_eq!(one("in q4 2021"), "2021-Q4");
        assert_eq!(one("in the 2nd quarter of 2020"), "2020-Q2");
        assert_eq!(one("2019–2021 жылдары"), "2019/2021");
        assert_eq!(one("в 1990-х"), "1990/1999");
        assert_eq!(one("в прошлую пятницу"), "2024-02-16");
        assert_eq!(one("on 5 May"), "2024-05-05");
        assert_eq!(one("2024 жылғы мамырда"), "2024-05");
        assert_eq!(one("в мае 2024 года"), "2024-05");
        assert_eq!(one("в марте 2024 года"), "2024-03");
        // "may" as a verb before a number is not a date; the year after it still is.
        let f = fold("the sides may 5 times meet in 2024");
        let hits = find(&f.text, Day::new(2024, 2, 16));
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].date.to_string(), "2024");
        // No date is made of a day that does not exist.
        let f = fold("on 31 February 2024");
        assert!(find(&f.text, Day::new(2024, 2, 16)).is_empty());
    }

    #[test]
    fn numbers_that_are_not_dates() {
        let f = fold("The fund holds 2024 million dollars and 5 projects.");
        assert!(find(&f.text, None).is_empty());
    }

    /// Every date that starts at the start of a word, trying every word: what [`find`], which
    /// tries only the words where a date may start, must find.
    fn find_at_every_word(text: &str, publication: Option<Day>) -> Vec<DateHit> {
        let starts: Vec<usize> = crate::segment::words(text)
            .iter()
            .map(|w| w.start)
            .collect();
        let matches = crate::segment::matches_at(combined(), text, &starts);
        read_places(text, matches, publication)
    }

    /// Every date that a search of the whole text finds, trying every byte.
    fn find_by_scan(text: &str, publication: Option<Day>) -> Vec<DateHit> {
        read_places(text, combined().find_iter(text), publication)
    }

    /// Words and signs that dates are made of, and some that they are not; whole dates among
    /// them, those that start furthest before their number or their last word most.
    const PIECES: &[&str] = &[
        "14",
        "2024",
        "1990",
        "3",
        "31",
        "02",
        "first",
        "quarter",
        "of",
        "in",
        "the",
        "may",
        "february",
        "feb",
        "spring",
        "monday",
        "on",
        "last",
        "month",
        "year",
        "next",
        "this",
        "yesterday",
        "14th",
        "q1",
        "1990s",
        "февраля",
        "в",
        "прошлом",
        "месяце",
        "году",
        "г",
        "квартале",
        "первом",
        "среду",
        "вчера",
        "жылғы",
        "жылы",
        "ақпанда",
        "көктемінде",
        "сәрсенбі",
        "күні",
        "өткен",
        "айда",
        "биыл",
        "فبراير",
        "شباط",
        "كانون",
        "الثاني",
        "عام",
        "في",
        "العام",
        "الماضي",
        "يوم",
        "الاثنين",
        "امس",
        "ربيع",
        "x",
        "-",
        ".",
        "/",
        "first quarter of 2024",
        "first quarter 2024",
        "q2 of 2024",
        "в первом отчетном квартале 2023",
        "iv квартале 2024",
        "2-м квартале 2024",
        "كانون الثاني 2024",
        "تشرين الاول 15",
        "14 كانون الثاني 2024",
        "feb. 14, 2024",
        "march of 2024",
        "spring of 2024",
        "ربيع عام 2024",
        "from 12 to 14 march 2024",
        "с 12 по 14 марта 2024",
        "on last monday",
        "в прошлую среду",
        "в прошлом месяце",
        "العام الماضي",
        "يوم الاثنين",
        "сәрсенбі күні",
    ];

    proptest::proptest! {
        #[test]
        fn places_find_what_a_search_at_every_word_finds(
            parts in proptest::collection::vec((0..PIECES.len(), 0..4usize), 0..16)
        ) {
            let text = crate::testing::joined(PIECES, &parts);
            for publication in [None, Day::new(2024, 2, 16)] {
                proptest::prop_assert_eq!(find(&text, publication), find_at_every_word(&text, publication), "{:?}", text);
            }
        }
    }

    #[test]
    fn in_the_gold_texts_places_find_what_a_search_of_the_whole_text_finds() {
        let mut dates = 0;
        for text in crate::testing::gold_folded() {
            for publication in [None, Day::new(2024, 2, 16)] {
                let found = find(&text, publication);
                assert_eq!(found, find_by_scan(&text, publication), "{text}");
                dates += found.len();
            }
        }
        assert!(dates > 300, "{dates}");
    }

    #[test]
    fn shift_crosses_months_and_years() {
        let d = Day::new(2024, 3, 1).unwrap();
        assert_eq!(shift_days(d, -1).to_string(), "2024-02-29");
        assert_eq!(
            shift_days(Day::new(2023, 12, 31).unwrap(), 1).to_string(),
            "2024-01-01"
        );
    }
}
