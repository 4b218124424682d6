//! Amounts of money in English, Russian, Kazakh and Arabic.
//!
//! Runs on folded text. An amount is a number with a currency before it (`$20 billion`,
//! `USD 2.5 bn`, `₸17.6bn`) or after it, with an optional scale word between (`17,6 млрд тенге`,
//! `250 миллион доллар`, `2.5 مليار دولار`, `500 млн АҚШ доллары`). A number with no currency is
//! not an amount. Decimal commas: a comma followed by exactly three digits groups thousands,
//! any other comma is a decimal mark (`17,6` = 17.6; `1,500` = 1500). Riyals are Qatari unless
//! the text says Saudi.
//!
//! The patterns are searched only where an amount may start: at the word of a number, the word
//! before it if that is a currency (`usd`), a sign between the two, and at a scale word or the
//! word before it. Each is searched anchored there, and an amount's groups are read part by
//! part where the parts allow it ([`Groups::by_parts`]), by the pattern's engine otherwise.

use std::str::FromStr;
use std::sync::OnceLock;

use bilat_model::money::{Currency, Money};
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, meta};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::segment::Word;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MoneyHit {
    pub start: usize,
    pub end: usize,
    pub money: Money,
}

const NUM: &str = r"(\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)";
const SCALE: &str = r"(thousand|million|billion|trillion|mln|mn|bln|bn|tn|k|m|b|тысяч[а-я]*|тыс\.?|миллион[а-я]*|млн\.?|миллиард[а-я]*|млрд\.?|триллион[а-я]*|трлн\.?|мың|ملايين|مليون|مليارات|مليار|الاف|الف|ترليون|تريليون)";
const CUR_PRE: &str = r"(us\$|\$|usd|€|eur|₸|kzt|qar|qr|£|gbp|₽|rub)";
/// What may stand before the scale word of an amount without a number ("a billion dollars").
const LEAD: &str = r"(?:a|one|один|одн[а-я]*|бір)\s+";
/// The scale words an amount without a number is made of.
const SCALE_WORD: &str = r"(billion|million|миллиард|миллион|مليار|مليون)";
const CUR_POST: &str = r"((?:us\s+|american\s+|qatari\s+|saudi\s+)?(?:dollars?|riyals?|rials?)|usd|kzt|qar|eur|euros?|tenge|(?:ақш\s+)?доллар[а-яәғқңөұүһі]*(?:\s+сша)?|долл\.?(?:\s+сша)?|тенге|теңге[а-яәғқңөұүһі]*|риал[а-я]*|риял[а-яәғқңөұүһі]*|евро|рубл[а-я]*|руб\.?|دولار(?:ا|ات)?(?:\s+امريكي)?|ريال(?:ا|ات)?(?:\s+قطري|\s+سعودي)?|تنغي|تينغي|تنجي|يورو|روبل)";

/// An amount pattern: its source, its engine (searched with a cache and capture slots of the
/// caller's, so that reading an amount allocates nothing) and its shape.
struct Pattern {
    source: String,
    engine: meta::Regex,
    shape: Shape,
}

/// The three shapes of an amount, one pattern each.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    /// `{CUR_PRE}\s?{NUM}(?:\s?{SCALE})?`: $20 billion, usd 2.5 bn.
    CurrencyFirst,
    /// `{NUM}\s?(?:{SCALE}\.?)?\s*(?:of\s+)?{CUR_POST}`: 17,6 млрд тенге, 2.5 مليار دولار.
    CurrencyAfter,
    /// `(?:{LEAD})?{SCALE_WORD}\s+(?:of\s+)?{CUR_POST}`: a billion dollars, مليار دولار.
    ScaleAlone,
}

fn patterns() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        let r = |source: String, shape| Pattern {
            engine: meta::Regex::builder()
                .configure(meta::Regex::config().hybrid_cache_capacity(16 << 20))
                .build(&source)
                .expect("money pattern compiles"),
            source,
            shape,
        };
        vec![
            r(
                format!(r"{CUR_PRE}\s?{NUM}(?:\s?{SCALE})?"),
                Shape::CurrencyFirst,
            ),
            r(
                format!(r"{NUM}\s?(?:{SCALE}\.?)?\s*(?:of\s+)?{CUR_POST}"),
                Shape::CurrencyAfter,
            ),
            r(
                format!(r"(?:{LEAD})?{SCALE_WORD}\s+(?:of\s+)?{CUR_POST}"),
                Shape::ScaleAlone,
            ),
        ]
    })
}

/// Where an amount's currency, number and scale are (byte ranges of the text).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Groups {
    currency: Option<(usize, usize)>,
    number: Option<(usize, usize)>,
    scale: Option<(usize, usize)>,
}

impl Groups {
    /// The groups a capturing search of `shape`'s pattern found.
    fn captured(shape: Shape, c: &Captures) -> Groups {
        let group = |i: usize| c.get_group(i).map(|g| (g.start, g.end));
        let (currency, number, scale) = match shape {
            Shape::CurrencyFirst => (group(1), group(2), group(3)),
            Shape::CurrencyAfter => (group(3), group(1), group(2)),
            Shape::ScaleAlone => (group(2), None, group(1)),
        };
        Groups {
            currency,
            number,
            scale,
        }
    }

    /// The groups of `shape`'s match `text[start..end]`, read part by part: each part of the
    /// pattern (a currency, a number, a scale, a space) takes its own first choice, found by
    /// an anchored search of its own pattern within the match, as the whole pattern's search
    /// first tries it. When every part's first choice leads on to the next and the last ends
    /// where the match does, that is the reading the whole pattern chose, and its groups are
    /// these; otherwise (a part gave back some of what it could take) None, and the caller
    /// asks the pattern's engine for its groups. Capturing with the engine means running its
    /// backtracker over a large automaton: thousands of steps where these take tens.
    fn by_parts(shape: Shape, text: &str, start: usize, end: usize) -> Option<Groups> {
        let parts = parts();
        let hay = &text[..end];
        let part = |re: &meta::Regex, at: usize| {
            re.search(&Input::new(hay).range(at..).anchored(Anchored::Yes))
                .map(|m| (at, m.end()))
        };
        let space = |at: usize| hay[at..].chars().next().filter(|c| c.is_whitespace());
        // `\s?`: past one space, if there is one.
        let past_space = |at: usize| at + space(at).map_or(0, char::len_utf8);
        let spaces = |at: usize| at + (hay[at..].len() - hay[at..].trim_start().len());
        // `(?:of\s+)?`
        let of = |at: usize| {
            let after = at + 2;
            if hay[at..].starts_with("of") && space(after).is_some() {
                spaces(after)
            } else {
                at
            }
        };
        let mut g = Groups::default();
        let at = match shape {
            Shape::CurrencyFirst => {
                let currency = part(&parts.currency_first, start)?;
                let at = past_space(currency.1);
                let number = part(&parts.number, at)?;
                (g.currency, g.number) = (Some(currency), Some(number));
                // `(?:\s?{SCALE})?`: the space is the amount's only if a scale follows it.
                let after = past_space(number.1);
                g.scale = part(&parts.scale, after);
                g.scale.map_or(number.1, |s| s.1)
            }
            Shape::CurrencyAfter => {
                let number = part(&parts.number, start)?;
                let mut at = past_space(number.1);
                g.number = Some(number);
                if let Some(scale) = part(&parts.scale, at) {
                    g.scale = Some(scale);
                    at = scale.1 + usize::from(hay[scale.1..].starts_with('.'));
                }
                let currency = part(&parts.currency_after, of(spaces(at)))?;
                g.currency = Some(currency);
                currency.1
            }
            Shape::ScaleAlone => {
                let at = part(&parts.lead, start).map_or(start, |l| l.1);
                let scale = part(&parts.scale_word, at)?;
                space(scale.1)?;
                let currency = part(&parts.currency_after, of(spaces(scale.1)))?;
                (g.scale, g.currency) = (Some(scale), Some(currency));
                currency.1
            }
        };
        (at == end).then_some(g)
    }
}

/// Each part of the patterns alone, searched anchored ([`Groups::by_parts`]).
struct Parts {
    currency_first: meta::Regex,
    number: meta::Regex,
    scale: meta::Regex,
    currency_after: meta::Regex,
    lead: meta::Regex,
    scale_word: meta::Regex,
}

fn parts() -> &'static Parts {
    static P: OnceLock<Parts> = OnceLock::new();
    P.get_or_init(|| {
        let r = |source: &str| {
            meta::Regex::builder()
                .configure(meta::Regex::config().hybrid_cache_capacity(4 << 20))
                .build(source)
                .expect("a part of the money patterns compiles")
        };
        Parts {
            currency_first: r(CUR_PRE),
            number: r(NUM),
            scale: r(SCALE),
            currency_after: r(CUR_POST),
            lead: r(LEAD),
            scale_word: r(SCALE_WORD),
        }
    })
}

/// The regular expressions the money finder runs, for peers that want to run the same ones.
pub fn pattern_sources() -> Vec<String> {
    patterns().iter().map(|p| p.source.clone()).collect()
}

fn currency_of(word: &str, context: &str) -> Option<&'static str> {
    let w = word.trim();
    Some(
        if w.contains('$')
            || w.contains("usd")
            || w.contains("dollar")
            || w.contains("доллар")
            || w.starts_with("долл")
            || w.contains("دولار")
        {
            "USD"
        } else if w.contains('₸')
            || w.contains("kzt")
            || w.contains("tenge")
            || w.contains("тенге")
            || w.contains("теңге")
            || w.contains("تنغي")
            || w.contains("تينغي")
            || w.contains("تنجي")
        {
            "KZT"
        } else if w.contains("riyal")
            || w.contains("rial")
            || w.contains("риал")
            || w.contains("риял")
            || w.contains("ريال")
            || w == "qar"
            || w == "qr"
        {
            if w.contains("saudi")
                || w.contains("سعودي")
                || context.contains("saudi")
                || context.contains("саудов")
            {
                "SAR"
            } else {
                "QAR"
            }
        } else if w.contains('€') || w.contains("eur") || w.contains("евро") || w.contains("يورو")
        {
            "EUR"
        } else if w.contains('£') || w.contains("gbp") {
            "GBP"
        } else if w.contains('₽') || w.contains("rub") || w.contains("руб") || w.contains("روبل")
        {
            "RUB"
        } else {
            return None;
        },
    )
}

fn scale_of(word: &str) -> Option<Decimal> {
    let w = word.trim_end_matches('.');
    let power = if w.is_empty() {
        0
    } else if w == "k"
        || w.starts_with("thousand")
        || w.starts_with("тыс")
        || w == "мың"
        || w == "الف"
        || w == "الاف"
    {
        3
    } else if w == "m"
        || w == "mn"
        || w == "mln"
        || w.starts_with("million")
        || w.starts_with("миллион")
        || w == "млн"
        || w == "مليون"
        || w == "ملايين"
    {
        6
    } else if w == "b"
        || w == "bn"
        || w == "bln"
        || w.starts_with("billion")
        || w.starts_with("миллиард")
        || w == "млрд"
        || w == "مليار"
        || w == "مليارات"
    {
        9
    } else if w == "tn"
        || w.starts_with("trillion")
        || w.starts_with("триллион")
        || w == "трлн"
        || w == "ترليون"
        || w == "تريليون"
    {
        12
    } else {
        return None;
    };
    Some(Decimal::from(10_i64.pow(power)))
}

/// Reads a number with grouping and decimal marks as described in the module documentation.
pub fn parse_number(raw: &str) -> Option<Decimal> {
    let raw = raw.trim();
    let has_comma = raw.contains(',');
    let has_dot = raw.contains('.');
    let cleaned: String = if has_comma && has_dot {
        // The mark that comes last is the decimal mark.
        let last = raw.rfind([',', '.'])?;
        let (int, frac) = raw.split_at(last);
        let int: String = int.chars().filter(char::is_ascii_digit).collect();
        format!("{int}.{}", &frac[1..])
    } else if has_comma || has_dot {
        let mark = if has_comma { ',' } else { '.' };
        let groups: Vec<&str> = raw.split(mark).collect();
        let thousands =
            groups.len() > 2 || (mark == ',' && groups.len() == 2 && groups[1].len() == 3);
        if thousands {
            raw.chars().filter(char::is_ascii_digit).collect()
        } else {
            raw.replace(' ', "").replace(',', ".")
        }
    } else {
        raw.replace(' ', "")
    };
    Decimal::from_str(&cleaned).ok()
}

/// The patterns as one, to find the places where an amount is.
fn combined() -> &'static regex_automata::meta::Regex {
    static C: OnceLock<regex_automata::meta::Regex> = OnceLock::new();
    C.get_or_init(|| {
        let alternatives: Vec<String> = patterns()
            .iter()
            .map(|p| format!("(?:{})", p.source))
            .collect();
        regex_automata::meta::Regex::builder()
            .configure(regex_automata::meta::Regex::config().hybrid_cache_capacity(32 << 20))
            .build(&alternatives.join("|"))
            .expect("the money patterns compile together")
    })
}

/// The scale words an amount without a number starts with or turns on ("a billion dollars"):
/// those of [`SCALE_WORD`].
fn scale_words() -> &'static crate::segment::Prefixes {
    static WORDS: OnceLock<crate::segment::Prefixes> = OnceLock::new();
    WORDS.get_or_init(|| {
        crate::segment::Prefixes::words(
            (SCALE_WORD.trim_start_matches('(').trim_end_matches(')')).split('|'),
        )
    })
}

/// The words of [`CUR_PRE`], the currencies written before a number (`usd`, `us` of `us$`):
/// only they start an amount at the word before its number.
fn currency_words() -> &'static crate::segment::Prefixes {
    static WORDS: OnceLock<crate::segment::Prefixes> = OnceLock::new();
    WORDS.get_or_init(|| {
        crate::segment::Prefixes::words(
            (CUR_PRE.trim_start_matches('(').trim_end_matches(')'))
                .split('|')
                .map(|c| c.trim_end_matches(r"\$"))
                .filter(|c| c.starts_with(|l: char| l.is_ascii_alphabetic())),
        )
    })
}

/// The places where an amount may start, ascending: an amount with a number starts at the
/// number's word, at the word before it if that is a currency (`usd 2.5 bn`, `us$20`:
/// [`currency_words`]) or at a sign between the two (`$20`, `₸17.6bn`); one without a number
/// starts at its scale word or the word before it (`a billion dollars`).
///
/// `words` and `runs` are those of `text[from..]`: the first word has no word before it.
fn places(text: &str, words: &[Word], runs: &[usize], from: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for (j, digits) in crate::segment::with_digits(words, runs).enumerate() {
        if !digits && !scale_words().starts(&text[words[j].start..words[j].end]) {
            continue;
        }
        let gap_from = match j.checked_sub(1) {
            Some(i) => {
                if !digits || currency_words().starts(&text[words[i].start..words[i].end]) {
                    out.push(words[i].start);
                }
                words[i].end
            }
            None => from,
        };
        out.extend(
            text[gap_from..words[j].start]
                .char_indices()
                .filter(|(_, c)| !c.is_whitespace())
                .map(|(i, _)| gap_from + i),
        );
        out.push(words[j].start);
    }
    out.dedup();
    out
}

/// Every amount of money in folded `text`, in order, without overlaps.
pub fn find(text: &str) -> Vec<MoneyHit> {
    let (words, runs) = (
        crate::segment::words(text),
        crate::segment::digit_runs(text),
    );
    find_in(text, &words, &runs)
}

/// [`find`] for a text whose words and runs of digits the caller has (as
/// [`crate::segment::words`] and [`crate::segment::digit_runs`] find them).
pub fn find_in(text: &str, words: &[Word], runs: &[usize]) -> Vec<MoneyHit> {
    find_between(text, words, runs, (0, text.len()))
}

/// The amounts of `text[from..to]` (a sentence of it), read as [`find_in`] reads a text of its
/// own, given the words and runs of digits of the whole `text`. The byte offsets are `text`'s.
pub fn find_between(
    text: &str,
    words: &[Word],
    runs: &[usize],
    (from, to): (usize, usize),
) -> Vec<MoneyHit> {
    let words = &words[words.partition_point(|w| w.start < from)..];
    let words = &words[..words.partition_point(|w| w.end <= to)];
    let runs = &runs[runs.partition_point(|&r| r < from)..];
    let runs = &runs[..runs.partition_point(|&r| r < to)];
    let text = &text[..to];
    let places = places(text, words, runs, from);
    read_places(text, &places)
}

thread_local! {
    /// A search cache and capture slots for each of [`patterns`], kept per thread.
    static SEARCH: std::cell::RefCell<Vec<(meta::Cache, Captures)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The amount of shape `shape` that matched `text[start..end]` with groups `g`, if it is one:
/// at word boundaries, with a currency, a number and a scale that read.
fn amount(text: &str, shape: Shape, (start, end): (usize, usize), g: Groups) -> Option<MoneyHit> {
    let group = |r: Option<(usize, usize)>| r.map(|(a, b)| (a, &text[a..b]));
    // Word boundaries, checked here rather than with `\b` (see dates.rs). A scale letter glued to
    // the next word ("$20 more") is not a scale: the amount ends before it.
    let mut cut = end;
    if !crate::segment::whole_words(text, start, cut) {
        let scale_start = g.scale.filter(|_| shape == Shape::CurrencyFirst)?.0;
        cut = text[..scale_start].trim_end().len();
        if !crate::segment::whole_words(text, start, cut) {
            return None;
        }
    }
    let context = text.get(start.saturating_sub(40)..end).unwrap_or("");
    let code = currency_of(group(g.currency)?.1, context)?;
    let value = match group(g.number) {
        Some((_, m)) => parse_number(m)?,
        None if shape == Shape::ScaleAlone => Decimal::ONE,
        None => return None,
    };
    // A scale cut off by the boundary check does not count.
    let scale = group(g.scale).filter(|(at, m)| at + m.len() <= cut);
    let scale = scale_of(scale.map_or("", |(_, m)| m))?;
    let currency = Currency::new(code).ok()?;
    let amount = value.checked_mul(scale)?;
    Some(MoneyHit {
        start,
        end: cut,
        money: Money::new(amount.normalize(), currency),
    })
}

/// The amounts that start at `places` (ascending): at each place where the patterns together
/// match, every pattern is tried anchored there, and of the valid readings the longest at the
/// earliest place is kept ([`crate::segment::first_longest`]).
fn read_places(text: &str, places: &[usize]) -> Vec<MoneyHit> {
    let mut hits = Vec::new();
    SEARCH.with(|cell| {
        let mut scratch = cell.borrow_mut();
        if scratch.is_empty() {
            scratch.extend(
                patterns()
                    .iter()
                    .map(|p| (p.engine.create_cache(), p.engine.create_captures())),
            );
        }
        for &at in places {
            let input = Input::new(text).range(at..).anchored(Anchored::Yes);
            if !combined().is_match(input.clone()) {
                continue;
            }
            for (p, (cache, c)) in patterns().iter().zip(scratch.iter_mut()) {
                let Some(m) = p.engine.search_with(cache, &input) else {
                    continue;
                };
                let groups =
                    Groups::by_parts(p.shape, text, m.start(), m.end()).unwrap_or_else(|| {
                        p.engine.search_captures_with(cache, &input, c);
                        Groups::captured(p.shape, c)
                    });
                hits.extend(amount(text, p.shape, (m.start(), m.end()), groups));
            }
        }
    });
    crate::segment::first_longest(hits, |h| (h.start, h.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    fn one(text: &str) -> String {
        let f = fold(text);
        let hits = find(&f.text);
        assert_eq!(hits.len(), 1, "{text}: {hits:?}");
        format!("{} {}", hits[0].money.currency.code(), hits[0].money.amount)
    }

    #[test]
    fn amounts_in_four_languages() {
        assert_eq!(one("Qatar will invest $20 billion"), "USD 20000000000");
        assert_eq!(one("projects worth USD 2.5 bn"), "USD 2500000000");
        assert_eq!(one("пакет на 17,6 млрд тенге"), "KZT 17600000000");
        assert_eq!(one("250 миллион доллар"), "USD 250000000");
        assert_eq!(one("500 млн АҚШ доллары"), "USD 500000000");
        assert_eq!(one("استثمارات بقيمة 2.5 مليار دولار"), "USD 2500000000");
        assert_eq!(one("استثمارات بقيمة ٢٫٥ مليار دولار"), "USD 2500000000");
        assert_eq!(one("15 млн долларов США"), "USD 15000000");
        assert_eq!(one("a grant of QAR 3 million"), "QAR 3000000");
        assert_eq!(one("1,500 tenge"), "KZT 1500");
        assert_eq!(one("$6.84m"), "USD 6840000");
        assert_eq!(one("تعتزم استثمار مليار دولار"), "USD 1000000000");
        assert_eq!(one("a billion dollars"), "USD 1000000000");
        assert_eq!(one("paid $20 more"), "USD 20");
    }

    #[test]
    fn numbers_without_currency_are_not_money() {
        let f = fold("In 2024 the sides signed 12 documents worth noting, 2.5 times more.");
        assert!(find(&f.text).is_empty());
    }

    /// Every amount that starts at the start of a word or at a sign, trying every one: what
    /// [`find`], which tries only the places where an amount may start, must find.
    fn find_at_every_word(text: &str) -> Vec<MoneyHit> {
        let starts: Vec<usize> = text
            .char_indices()
            .filter(|&(i, c)| {
                let before = text[..i].chars().next_back();
                // A sign, or a letter or digit that starts a word.
                let inside_word = crate::segment::is_word_char(c)
                    && before.is_some_and(crate::segment::is_word_char);
                !c.is_whitespace() && !inside_word
            })
            .map(|(i, _)| i)
            .collect();
        read_places(text, &starts)
    }

    /// Every amount that starts anywhere in the text, trying every character.
    fn find_by_scan(text: &str) -> Vec<MoneyHit> {
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        read_places(text, &starts)
    }

    /// For each match of each pattern anchored at each character of `text`: the groups read
    /// part by part where they are read so (they must be the engine's), and how many matches
    /// there were and how many were read so.
    fn parts_against_engine(text: &str) -> (usize, usize) {
        let (mut matches, mut by_parts) = (0, 0);
        for (at, _) in text.char_indices() {
            for p in patterns() {
                let input = Input::new(text).range(at..).anchored(Anchored::Yes);
                let mut c = p.engine.create_captures();
                p.engine.search_captures(&input, &mut c);
                let Some(m) = c.get_match() else { continue };
                matches += 1;
                if let Some(g) = Groups::by_parts(p.shape, text, m.start(), m.end()) {
                    assert_eq!(
                        g,
                        Groups::captured(p.shape, &c),
                        "{:?} at {at} in {text:?}",
                        p.shape
                    );
                    by_parts += 1;
                }
            }
        }
        (matches, by_parts)
    }

    #[test]
    fn groups_read_by_parts_are_the_engine_s() {
        for text in [
            "$20 billion",
            "usd 2.5 bn",
            "us$ 20m",
            "₸17.6bn",
            "17,6 млрд тенге",
            "250 миллион доллар",
            "500 млн ақш доллары",
            "2.5 مليار دولار",
            "15 million of us dollars",
            "1 234 567 riyals",
            "a billion dollars",
            "одна миллиард долларов",
            "مليار دولار",
            "paid $20 more",
            "20 m. kzt",
        ] {
            let (matches, by_parts) = parts_against_engine(text);
            // Every one of these is read part by part: the engine is the exception.
            assert!(
                matches > 0 && by_parts == matches,
                "{text}: {by_parts} of {matches}"
            );
        }
        let (mut matches, mut by_parts) = (0, 0);
        for text in crate::testing::gold_folded() {
            let (m, b) = parts_against_engine(&text);
            (matches, by_parts) = (matches + m, by_parts + b);
        }
        assert!(by_parts * 100 >= matches * 95, "{by_parts} of {matches}");
    }

    /// Words and signs that amounts are made of, and some that they are not.
    const PIECES: &[&str] = &[
        "20",
        "2",
        "5",
        "1,500",
        "17,6",
        "2.5",
        "00",
        "$",
        "us$",
        "usd",
        "₸",
        "€",
        "qar",
        "qr",
        "kzt",
        "eur",
        "gbp",
        "rub",
        "a",
        "one",
        "billion",
        "bn",
        "m",
        "million",
        "k",
        "of",
        "dollars",
        "riyals",
        "saudi",
        "tenge",
        "млрд",
        "млн",
        "миллион",
        "тенге",
        "доллар",
        "долларов",
        "сша",
        "ақш",
        "доллары",
        "бір",
        "مليار",
        "مليون",
        "دولار",
        "ريال",
        "قطري",
        "x",
        "more",
        ".",
        ",",
    ];

    proptest::proptest! {
        #[test]
        fn places_find_what_a_search_at_every_word_finds(
            parts in proptest::collection::vec((0..PIECES.len(), 0..4usize), 0..16)
        ) {
            let text = crate::testing::joined(PIECES, &parts);
            proptest::prop_assert_eq!(find(&text), find_at_every_word(&text), "{:?}", text);
            parts_against_engine(&text);
        }

        #[test]
        fn a_sentence_reads_as_a_text_of_its_own(
            before in proptest::collection::vec((0..PIECES.len(), 0..4usize), 0..8),
            sentence in proptest::collection::vec((0..PIECES.len(), 0..4usize), 0..8),
            after in proptest::collection::vec((0..PIECES.len(), 0..4usize), 0..8),
        ) {
            // Spaces between the sentence and the text before it are as many as the context
            // a currency is read in ("saudi riyals"), so that none of it reaches back.
            let (a, s) = (
                crate::testing::joined(PIECES, &before) + &" ".repeat(41),
                crate::testing::joined(PIECES, &sentence),
            );
            let text = format!("{a}{s} {}", crate::testing::joined(PIECES, &after));
            let (words, runs) = (crate::segment::words(&text), crate::segment::digit_runs(&text));
            let alone: Vec<MoneyHit> = find(&s)
                .into_iter()
                .map(|h| MoneyHit { start: h.start + a.len(), end: h.end + a.len(), ..h })
                .collect();
            let between = find_between(&text, &words, &runs, (a.len(), a.len() + s.len()));
            proptest::prop_assert_eq!(between, alone, "{:?}", text);
        }
    }

    #[test]
    fn in_the_gold_texts_places_find_what_a_search_of_the_whole_text_finds() {
        let mut amounts = 0;
        for text in crate::testing::gold_folded() {
            let found = find(&text);
            assert_eq!(found, find_by_scan(&text), "{text}");
            amounts += found.len();
        }
        assert!(amounts > 20, "{amounts}");
    }

    #[test]
    fn number_marks() {
        assert_eq!(parse_number("17,6"), Some(Decimal::new(176, 1)));
        assert_eq!(parse_number("1,234,567.5"), Some(Decimal::new(12345675, 1)));
        assert_eq!(parse_number("1 234 567"), Some(Decimal::from(1234567)));
        assert_eq!(parse_number("1.234.567,5"), Some(Decimal::new(12345675, 1)));
    }
}
