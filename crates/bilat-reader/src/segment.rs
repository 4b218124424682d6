//! Sentences and words.
//!
//! Sentences end at `.`, `!`, `?`, `؟`, `…` (and closing quotes or brackets after them) when
//! whitespace follows and the next word starts with a capital, a digit, a quote or a letter of a
//! script without case (Arabic), and at blank lines. A full stop does not end a sentence after
//! an abbreviation of the document's language (`г.`, `ж.`, `Mr.`, `т.б.`), after a single
//! letter (initials: `A. Smailov`, `Қ.-Ж. Тоқаев`), or inside a number.

use crate::lang::Lang;

const ABBREV_EN: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "h.e", "h.h", "inc", "ltd",
    "co", "corp", "gen", "col", "lt", "approx",
];
const ABBREV_RU: &[&str] = &[
    "г", "гг", "т.е", "т.д", "т.п", "т.к", "др", "им", "ул", "млн", "млрд", "тыс", "руб", "долл",
    "стр", "см", "янв", "февр", "авг", "сент", "окт", "нояб", "дек", "проф", "акад", "рис",
];
const ABBREV_KK: &[&str] = &[
    "ж", "жж", "т.б", "т.с.с", "млн", "млрд", "мың", "б.з.б", "ғ", "қ", "көш", "проф",
];

fn is_abbreviation(word: &str, lang: Option<Lang>) -> bool {
    // No abbreviation has more than six characters, and lower case never has fewer
    // characters than the word: longer words are decided without lower-casing them.
    if word.chars().nth(6).is_some() {
        return false;
    }
    let lists: &[&[&str]] = match lang {
        Some(Lang::En) => &[ABBREV_EN],
        Some(Lang::Ru) => &[ABBREV_RU],
        Some(Lang::Kk) => &[ABBREV_KK, ABBREV_RU],
        Some(Lang::Ar) => &[],
        None => &[ABBREV_EN, ABBREV_RU, ABBREV_KK],
    };
    let w = word.to_lowercase();
    lists.iter().any(|l| l.contains(&w.as_str()))
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '。' | '۔')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '›')
}

/// An upper-case letter, a digit, an opening quote or bracket, a dash, or a letter of a
/// script without case (Arabic). The common cases are decided before the standard library's
/// table searches (`is_alphabetic` on every lower-case Cyrillic letter dominated profiles).
fn starts_sentence(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '"' | '(' | '[' | '-' | '\'');
    }
    match c as u32 {
        // Arabic letters have no case: any may start a sentence.
        0x0621..=0x064A => true,
        // Cyrillic: upper case U+0400–U+042F; lower case U+0430–U+045F.
        0x0400..=0x042F => true,
        0x0430..=0x045F => false,
        _ => {
            c.is_uppercase()
                || matches!(c, '«' | '“' | '—' | '‹')
                || (!c.is_lowercase() && c.is_alphabetic())
        }
    }
}

/// The places in a text where a sentence may end: a line break and the terminators, found with
/// `memchr`'s vectorised searches, three bytes at a time, instead of byte by byte. ASCII `.`, `\n`
/// and `?` are one search; `!` and the first bytes of `…` (E2 80 A6) and `。` (E3 80 82) another;
/// the last bytes of `؟` (D8 9F) and `۔` (DB 94) a third, each checked against the bytes around it.
struct MayEnd<'t> {
    bytes: &'t [u8],
    /// The next candidate of each search at or after the offset asked last (`usize::MAX`: none).
    next: [usize; 3],
}

impl<'t> MayEnd<'t> {
    fn new(bytes: &'t [u8]) -> MayEnd<'t> {
        let mut ends = MayEnd {
            bytes,
            next: [usize::MAX; 3],
        };
        ends.next = [0, 1, 2].map(|k| ends.search(k, 0));
        ends
    }

    /// The first place at or after `from` where a sentence may end. `from` never decreases.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        for k in 0..3 {
            if self.next[k] < from {
                self.next[k] = self.search(k, from);
            }
        }
        self.next.iter().copied().min().filter(|&n| n != usize::MAX)
    }

    /// The first candidate of search `k` at or after `from`.
    fn search(&self, k: usize, mut from: usize) -> usize {
        let b = self.bytes;
        while from < b.len() {
            let rest = &b[from..];
            let found = match k {
                0 => memchr::memchr3(b'.', b'\n', b'?', rest),
                1 => memchr::memchr3(b'!', 0xE2, 0xE3, rest),
                _ => memchr::memchr2(0x9F, 0x94, rest),
            };
            let Some(i) = found.map(|i| from + i) else {
                break;
            };
            let real = match (k, b[i]) {
                (0, _) | (1, b'!') => Some(i),
                (1, 0xE2) => (b.get(i + 1..i + 3) == Some(&[0x80, 0xA6][..])).then_some(i),
                (1, _) => (b.get(i + 1..i + 3) == Some(&[0x80, 0x82][..])).then_some(i),
                (_, 0x9F) => (i > 0 && b[i - 1] == 0xD8).then(|| i - 1),
                _ => (i > 0 && b[i - 1] == 0xDB).then(|| i - 1),
            };
            // A terminator found by its second byte may start just before `from`: it was
            // found, or passed, already.
            match real {
                Some(r) if r >= from => return r,
                _ => from = i + 1,
            }
        }
        usize::MAX
    }
}

/// Byte ranges of the sentences of `text`, trimmed, in order; empty sentences are skipped.
pub fn sentences(text: &str, lang: Option<Lang>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let push = |out: &mut Vec<(usize, usize)>, a: usize, b: usize| {
        let s = &text[a..b];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if a + lead < b - trail {
            out.push((a + lead, b - trail));
        }
    };
    // The end of the run of characters from `from` for which `keep` holds.
    let run = |from: usize, keep: &dyn Fn(char) -> bool| -> usize {
        text[from..]
            .char_indices()
            .find(|&(_, c)| !keep(c))
            .map_or(text.len(), |(o, _)| from + o)
    };
    let bytes = text.as_bytes();
    let mut ends = MayEnd::new(bytes);
    let mut start = 0usize;
    let mut pos = 0usize;
    while pos < bytes.len() {
        // Only a line break or a terminator can end a sentence: skip to the next one.
        let Some(off) = ends.next_from(pos) else {
            break;
        };
        pos = off;
        let c = text[pos..].chars().next().unwrap_or(' ');
        if c == '\n' {
            // A blank line always ends a sentence (headlines, list items, paragraphs).
            let j = run(pos + 1, &|c| c != '\n' && c.is_whitespace());
            if text[j..].starts_with('\n') {
                push(&mut out, start, pos);
                start = run(j, &char::is_whitespace);
                pos = start;
                continue;
            }
        } else {
            let end = run(pos + c.len_utf8(), &|c| is_terminator(c) || is_closer(c));
            let k = run(end, &char::is_whitespace);
            let spaced = k > end;
            let next_ok = text[k..].chars().next().is_none_or(starts_sentence);
            if spaced && next_ok && !(c == '.' && protected_period(text, pos, lang)) {
                push(&mut out, start, end);
                start = k;
                pos = k;
                continue;
            }
        }
        pos += c.len_utf8();
    }
    push(&mut out, start, text.len());
    out
}

/// Whether the full stop at byte `pos` belongs to an abbreviation or an initial.
fn protected_period(text: &str, pos: usize, lang: Option<Lang>) -> bool {
    let before = &text[..pos];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '«' | '"' | '-'))
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let letters = word.chars().filter(|c| is_letter(*c)).count();
    if letters == 1 && word.chars().all(|c| is_letter(c) || c == '.') {
        // An initial, unless it is a one-letter word of Russian or Kazakh at the end of a sentence
        // ("в", "и" are lower case; initials are capitals).
        return word.chars().next().is_some_and(char::is_uppercase) || is_abbreviation(word, lang);
    }
    is_abbreviation(word, lang)
}

/// Whether `c` is a letter (`char::is_alphabetic`), decided without the standard library's
/// table search for ASCII, Cyrillic and Arabic letters.
#[inline]
pub fn is_letter(c: char) -> bool {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A => true,
        0..=0x7F => false,
        0x0400..=0x0481 | 0x048A..=0x04FF | 0x0621..=0x064A => true,
        _ => c.is_alphabetic(),
    }
}

/// Whether `c` is part of a word: a letter or a digit. Fast for ASCII, Cyrillic and Arabic
/// letters (the standard library's table search dominated profiles otherwise).
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A => true,
        0..=0x7F => false,
        0x0400..=0x0481 | 0x048A..=0x04FF => true,
        0x0621..=0x064A | 0x0660..=0x0669 | 0x066E..=0x06D3 | 0x06D5 | 0x06F0..=0x06FC => true,
        _ => c.is_alphanumeric(),
    }
}

/// Whether `text[start..end]` begins and ends at word boundaries: no letter or digit right
/// before `start` or right after `end`.
pub fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// The first character boundary of `text` at or after byte `i` (the end of the text at most).
pub fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

/// Of matches that overlap, keeps the one that starts first, the longest among those that
/// start together; returns the kept ones in order. `span` gives a match's byte range.
pub fn first_longest<T>(mut hits: Vec<T>, span: impl Fn(&T) -> (usize, usize)) -> Vec<T> {
    hits.sort_by_key(|h| {
        let (start, end) = span(h);
        (start, std::cmp::Reverse(end))
    });
    let mut out: Vec<T> = Vec::with_capacity(hits.len());
    for h in hits {
        if out.last().is_some_and(|l| span(&h).0 < span(l).1) {
            continue;
        }
        out.push(h);
    }
    out
}

/// The leftmost-first matches of `re` that start at one of `starts` (ascending byte offsets),
/// without overlaps: what `re.find_iter(text)` gives when every match it can find starts at one
/// of them. Each search is anchored, so the text between the places is never read.
pub fn matches_at<'r>(
    re: &'r regex_automata::meta::Regex,
    text: &'r str,
    starts: &'r [usize],
) -> impl Iterator<Item = regex_automata::Match> + 'r {
    let mut done = 0;
    starts.iter().filter_map(move |&at| {
        if at < done {
            return None;
        }
        let input = regex_automata::Input::new(text)
            .range(at..)
            .anchored(regex_automata::Anchored::Yes);
        let m = re.search(&input)?;
        done = m.end();
        Some(m)
    })
}

/// The byte offsets of `text` whose byte is an ASCII digit, in order, each once per run of digits
/// (the first digit of each run). Eight bytes are tested at a time.
pub fn digit_runs(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    // Dates and amounts make a run of digits every forty bytes or so (the benchmark's corpus):
    // one allocation, mostly.
    let mut out = Vec::with_capacity(bytes.len() / 32);
    let mut prev_digit = false;
    let whole = bytes.len() - bytes.len() % 8;
    for i in (0..whole).step_by(8) {
        let x = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let digits = bytes_within(x, b'0', b'9');
        if digits == 0 {
            prev_digit = false;
            continue;
        }
        // One bit per byte, and the runs that start here: digits with no digit before them.
        let bits = high_bits(digits);
        let mut starts = bits & !(bits << 1 | u32::from(prev_digit));
        while starts != 0 {
            out.push(i + starts.trailing_zeros() as usize);
            starts &= starts - 1;
        }
        prev_digit = bits & 0x80 != 0;
    }
    // The last bytes, one by one.
    for (k, &b) in bytes[whole..].iter().enumerate() {
        let d = b.is_ascii_digit();
        if d && !prev_digit {
            out.push(whole + k);
        }
        prev_digit = d;
    }
    out
}

/// A table of prefixes (of two bytes or more) with a value each, to tell which of them a word
/// starts with: a word's first two bytes (one letter of Cyrillic or Arabic, two of Latin) are
/// looked up in a table of bits, and only the prefixes that share them are compared.
pub struct Prefixes<T: 'static = ()> {
    first_two: Vec<u64>,
    /// The first two bytes as a number, the prefix and its value; ordered by the number, and
    /// within it as given.
    entries: Vec<(u16, &'static str, T)>,
}

fn first_two(s: &str) -> Option<u16> {
    match s.as_bytes() {
        [a, b, ..] => Some(u16::from_be_bytes([*a, *b])),
        _ => None,
    }
}

impl<T: Copy> Prefixes<T> {
    /// Prefixes of two bytes or more, with their values.
    pub fn new(entries: impl IntoIterator<Item = (&'static str, T)>) -> Prefixes<T> {
        let mut first_two_bits = vec![0u64; 1 << 10];
        let mut keyed: Vec<(u16, &'static str, T)> = entries
            .into_iter()
            .map(|(p, v)| {
                let k = first_two(p).expect("prefixes of two bytes or more");
                first_two_bits[usize::from(k) / 64] |= 1 << (k % 64);
                (k, p, v)
            })
            .collect();
        keyed.sort_by_key(|e| e.0);
        Prefixes {
            first_two: first_two_bits,
            entries: keyed,
        }
    }

    /// The prefixes that `word` starts with, and their values, in the order given.
    #[inline]
    pub fn matching<'w>(&'w self, word: &'w str) -> impl Iterator<Item = (&'static str, T)> + 'w {
        let key = first_two(word);
        let from = match key {
            Some(k) if self.first_two[usize::from(k) / 64] & (1 << (k % 64)) != 0 => {
                self.entries.partition_point(|e| e.0 < k)
            }
            _ => self.entries.len(),
        };
        self.entries[from..]
            .iter()
            .take_while(move |e| Some(e.0) == key)
            .filter(move |e| word.starts_with(e.1))
            .map(|e| (e.1, e.2))
    }
}

impl Prefixes<()> {
    /// Prefixes without values.
    pub fn words(words: impl IntoIterator<Item = &'static str>) -> Prefixes<()> {
        Prefixes::new(words.into_iter().map(|w| (w, ())))
    }

    /// Whether `word` starts with one of the prefixes.
    #[inline]
    pub fn starts(&self, word: &str) -> bool {
        self.matching(word).next().is_some()
    }
}

/// Which of `words` have a digit, given the digits' runs ([`digit_runs`]), in order.
pub fn with_digits<'w>(words: &'w [Word], runs: &'w [usize]) -> impl Iterator<Item = bool> + 'w {
    let mut d = 0;
    words.iter().map(move |w| {
        while d < runs.len() && runs[d] < w.start {
            d += 1;
        }
        d < runs.len() && runs[d] < w.end
    })
}

/// The high bit of each of the eight bytes of `x` that is in `lo..=hi` (ASCII bounds), every
/// other bit clear: eight comparisons at once, with no carry from one byte to the next.
#[inline(always)]
pub fn bytes_within(x: u64, lo: u8, hi: u8) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    debug_assert!(lo <= hi && hi < 0x80);
    // The low seven bits of each byte, v: 128 + hi - v has its high bit set when v <= hi, and
    // v + 128 - lo when v >= lo; bytes of 0x80 and above are never in the range.
    let low = x & (ONES * 0x7F);
    (ONES * (0x80 + u64::from(hi)) - low)
        & (low + ONES * (0x80 - u64::from(lo)))
        & !x
        & (ONES * 0x80)
}

/// The high bits of the eight bytes of `w` (little-endian; every other bit clear), as bits 0–7
/// of one byte: a multiplication moves each to its place, none overlapping another.
#[inline(always)]
pub fn high_bits(w: u64) -> u32 {
    ((w >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// The code point of the two-byte UTF-8 sequence `lead`, `cont` (U+0080–U+07FF: Latin-1,
/// Cyrillic, Arabic), decoded by hand where the text is read a byte at a time.
#[inline(always)]
pub fn two_byte_char(lead: u8, cont: u8) -> usize {
    usize::from(lead & 0x1F) << 6 | usize::from(cont & 0x3F)
}

/// A value for every two-byte character, computed once by `f`: entry `k` is U+0080 + `k`
/// ([`two_byte_char`] minus 0x80).
pub fn two_byte_table<T>(f: impl Fn(char) -> T) -> [T; 0x780] {
    std::array::from_fn(|k| {
        f(char::from_u32(0x80 + k as u32).expect("U+0080–U+07FF are all characters"))
    })
}

/// A word of folded text: byte range into the folded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
}

/// Words of (folded) text: runs of letters and digits. Hyphens and apostrophes separate words,
/// so `торгово-экономического` is two words (each can match a term) and `tokayev's` is
/// `tokayev` and `s`; terms are split the same way.
pub fn words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 6);
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Decode by hand: two-byte sequences (Cyrillic, Arabic) are most of the non-ASCII text.
        let (part, len) = match b {
            0..=0x7F => (b.is_ascii_alphanumeric(), 1),
            0xC0..=0xDF if i + 1 < bytes.len() => {
                let c = two_byte_char(b, bytes[i + 1]) as u32;
                (char::from_u32(c).is_some_and(is_word_char), 2)
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (is_word_char(c), c.len_utf8())
            }
        };
        if part {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(Word { start: s, end: i });
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: bytes.len(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn digit_runs_are_found_eight_bytes_at_a_time(s in "[0-9/:a-z .\u{0400}-\u{04FF}\u{0660}-\u{0669}]{0,40}") {
            let b = s.as_bytes();
            let expected: Vec<usize> = (0..b.len())
                .filter(|&i| b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()))
                .collect();
            proptest::prop_assert_eq!(digit_runs(&s), expected);
        }
    }

    #[test]
    fn prefixes_a_word_starts_with_in_the_order_given() {
        let p = Prefixes::new([("март", 3), ("ma", 50), ("ма", 5), ("мамыр", 5)]);
        let found: Vec<_> = p.matching("марта").collect();
        assert_eq!(found, [("март", 3), ("ма", 5)]);
        assert_eq!(p.matching("м").count(), 0);
        assert_eq!(p.matching("may").collect::<Vec<_>>(), [("ma", 50)]);
        let words = Prefixes::words(["billion", "млрд"]);
        assert!(words.starts("billions") && words.starts("млрд"));
        assert!(!words.starts("bill") && !words.starts("") && !words.starts("мл"));
    }

    #[test]
    fn no_abbreviation_is_longer_than_six_characters() {
        for a in ABBREV_EN.iter().chain(ABBREV_RU).chain(ABBREV_KK) {
            assert!(a.chars().count() <= 6, "{a}");
            assert!(is_abbreviation(&a.to_uppercase(), None), "{a}");
        }
    }

    #[test]
    fn letters_agree_with_the_unicode_tables() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            assert_eq!(
                is_letter(c),
                c.is_alphabetic(),
                "{c:?} (U+{:04X})",
                c as u32
            );
        }
    }

    #[test]
    fn sentence_starts_agree_with_the_unicode_tables() {
        let by_tables = |c: char| {
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(c, '"' | '«' | '“' | '(' | '[' | '—' | '-' | '‹' | '\'')
                || (c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase())
        };
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            assert_eq!(
                starts_sentence(c),
                by_tables(c),
                "{c:?} (U+{:04X})",
                c as u32
            );
        }
    }
    use proptest::prelude::*;

    /// The first, simpler splitter: the one above must split exactly as it does.
    fn sentences_reference(text: &str, lang: Option<Lang>) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut start = 0usize;
        let mut i = 0usize;
        let push = |out: &mut Vec<(usize, usize)>, a: usize, b: usize| {
            let s = &text[a..b];
            let lead = s.len() - s.trim_start().len();
            let trail = s.len() - s.trim_end().len();
            if a + lead < b - trail {
                out.push((a + lead, b - trail));
            }
        };
        while i < chars.len() {
            let (pos, c) = chars[i];
            // A blank line always ends a sentence (headlines, list items, paragraphs).
            if c == '\n' {
                let mut j = i + 1;
                while j < chars.len() && chars[j].1 != '\n' && chars[j].1.is_whitespace() {
                    j += 1;
                }
                if j < chars.len() && chars[j].1 == '\n' {
                    push(&mut out, start, pos);
                    while j < chars.len() && chars[j].1.is_whitespace() {
                        j += 1;
                    }
                    start = chars.get(j).map_or(text.len(), |&(p, _)| p);
                    i = j;
                    continue;
                }
            }
            if is_terminator(c) {
                let mut j = i + 1;
                while j < chars.len() && (is_terminator(chars[j].1) || is_closer(chars[j].1)) {
                    j += 1;
                }
                let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
                let mut k = j;
                while k < chars.len() && chars[k].1.is_whitespace() {
                    k += 1;
                }
                let spaced = k > j;
                let next_ok = k >= chars.len() || starts_sentence(chars[k].1);
                let boundary =
                    spaced && next_ok && !(c == '.' && protected_period(text, pos, lang));
                if boundary {
                    push(&mut out, start, end);
                    start = chars.get(k).map_or(text.len(), |&(p, _)| p);
                    i = k;
                    continue;
                }
            }
            i += 1;
        }
        push(&mut out, start, text.len());
        out
    }

    fn words_reference(text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut last_end = 0;
        for (i, c) in text.char_indices() {
            let part = is_word_char(c);
            if part {
                if start.is_none() {
                    start = Some(i);
                }
                last_end = i + c.len_utf8();
            } else if let Some(s) = start.take() {
                out.push(Word {
                    start: s,
                    end: last_end,
                });
            }
        }
        if let Some(s) = start {
            out.push(Word {
                start: s,
                end: last_end,
            });
        }
        out
    }

    proptest! {
        #[test]
        fn words_like_the_reference(text in "[a-zA-Z0-9 .,'’\\-аяқӘәёЁ\u{0621}-\u{064A}\u{0660}-\u{0669}\u{200B}\u{00A0}—]{0,60}") {
            prop_assert_eq!(words(&text), words_reference(&text));
        }

        #[test]
        fn splits_like_the_reference(
            parts in proptest::collection::vec(prop_oneof![
                Just("Mr."), Just("г."), Just("ж."), Just(". "), Just("! "), Just("? "),
                Just("؟ "), Just("… "), Just("۔"), Just("。"), Just("\n"), Just("\n \n"),
                Just(" "), Just("» "), Just("\""), Just("A"), Just("Қ"), Just("а"), Just("و"),
                Just("2.5"), Just("x"), Just("Д"), Just("П"), Just("є"), Just("."), Just("("),
            ], 0..40),
            lang in prop_oneof![Just(None), Just(Some(Lang::En)), Just(Some(Lang::Ru)), Just(Some(Lang::Kk)), Just(Some(Lang::Ar))],
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(sentences(&text, lang), sentences_reference(&text, lang));
        }
    }

    fn split(t: &str, l: Lang) -> Vec<&str> {
        sentences(t, Some(l))
            .into_iter()
            .map(|(a, b)| &t[a..b])
            .collect()
    }

    #[test]
    fn english_abbreviations_and_initials() {
        let t = "Mr. A. Smailov met H.E. the Emir. They signed 5 documents. Next year?";
        assert_eq!(
            split(t, Lang::En),
            [
                "Mr. A. Smailov met H.E. the Emir.",
                "They signed 5 documents.",
                "Next year?"
            ]
        );
    }

    #[test]
    fn russian_year_abbreviation() {
        let t = "Визит состоялся 14 февраля 2024 г. в Дохе. Стороны подписали соглашение.";
        assert_eq!(
            split(t, Lang::Ru),
            [
                "Визит состоялся 14 февраля 2024 г. в Дохе.",
                "Стороны подписали соглашение."
            ]
        );
    }

    #[test]
    fn kazakh_and_arabic() {
        let t = "Сапар 2024 ж. ақпанда өтті. Қ. Тоқаев Дохаға барды.";
        assert_eq!(
            split(t, Lang::Kk),
            ["Сапар 2024 ж. ақпанда өтті.", "Қ. Тоқаев Дохаға барды."]
        );
        let t = "وصل الأمير إلى أستانا. وعقد الجانبان محادثات؟ نعم.";
        assert_eq!(
            split(t, Lang::Ar),
            ["وصل الأمير إلى أستانا.", "وعقد الجانبان محادثات؟", "نعم."]
        );
    }

    #[test]
    fn blank_lines_end_sentences_and_numbers_do_not() {
        let t = "Headline without stop\n\nThe sum was 2.5 billion dollars. Done";
        assert_eq!(
            split(t, Lang::En),
            [
                "Headline without stop",
                "The sum was 2.5 billion dollars.",
                "Done"
            ]
        );
    }

    #[test]
    fn hyphens_and_apostrophes_separate_words() {
        let t = "касым-жомарт тоқаев, tokayev's 2024";
        let w: Vec<&str> = words(t).iter().map(|w| &t[w.start..w.end]).collect();
        assert_eq!(w, ["касым", "жомарт", "тоқаев", "tokayev", "s", "2024"]);
    }
}
