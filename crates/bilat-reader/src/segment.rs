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
    let w = word.to_lowercase();
    let lists: &[&[&str]] = match lang {
        Some(Lang::En) => &[ABBREV_EN],
        Some(Lang::Ru) => &[ABBREV_RU],
        Some(Lang::Kk) => &[ABBREV_KK, ABBREV_RU],
        Some(Lang::Ar) => &[],
        None => &[ABBREV_EN, ABBREV_RU, ABBREV_KK],
    };
    lists.iter().any(|l| l.contains(&w.as_str()))
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '。' | '۔')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '›')
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '«' | '“' | '(' | '[' | '—' | '-' | '‹' | '\'')
        || (c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase())
}

/// Byte ranges of the sentences of `text`, trimmed, in order; empty sentences are skipped.
pub fn sentences(text: &str, lang: Option<Lang>) -> Vec<(usize, usize)> {
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
            let boundary = spaced && next_ok && !(c == '.' && protected_period(text, pos, lang));
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
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        // An initial, unless it is a one-letter word of Russian or Kazakh at the end of a sentence
        // ("в", "и" are lower case; initials are capitals).
        return word.chars().next().is_some_and(char::is_uppercase) || is_abbreviation(word, lang);
    }
    is_abbreviation(word, lang)
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

#[cfg(test)]
mod tests {
    use super::*;

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
