//! Text folding for matching, with a map back to the original text.
//!
//! Everything the coder matches (names, codebook terms, dates, amounts) is matched on a folded
//! copy of the text: NFKC, lower case, `ё`→`е`, Arabic diacritics and tatweel removed, alef
//! forms (`أ إ آ ٱ`) → `ا`, `ى`→`ي`, `ة`→`ه`, Arabic-Indic and Persian digits → ASCII, Arabic
//! comma and decimal marks → ASCII, and every kind of space → a plain space. The folded text
//! keeps, for each of its bytes, the byte offset in the original where that byte came from,
//! so every match is reported as a span of the original text.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Folded text and the way back to the original.
#[derive(Clone, Debug)]
pub struct Folded {
    pub text: String,
    /// `origin[i]` = byte offset in the original of the character that produced folded byte `i`;
    /// one extra entry at the end holds the original's length.
    origin: Vec<u32>,
}

impl Folded {
    /// The original byte range behind the folded byte range `[start, end)`.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let a = self.origin[start.min(self.text.len())] as usize;
        // The end maps to where the next folded character starts in the original.
        let b = self.origin[end.min(self.text.len())] as usize;
        (a, b.max(a))
    }

    /// The folded byte offset of an original byte offset (the first folded byte at or after it).
    pub fn folded_offset(&self, original: usize) -> usize {
        self.origin.partition_point(|&o| (o as usize) < original)
    }
}

fn fold_char(c: char, out: &mut String) {
    match c {
        'ё' | 'Ё' => out.push('е'),
        // Arabic: tatweel and harakat (fathatan … sukun, superscript alef) disappear.
        '\u{0640}' | '\u{064B}'..='\u{0652}' | '\u{0670}' => {}
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ى' => out.push('ي'),
        'ة' => out.push('ه'),
        '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '\u{060C}' | '\u{066C}' => out.push(','),
        '\u{066B}' => out.push('.'),
        '\u{061F}' => out.push('?'),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => {
            out.push(' ')
        }
        // Zero-width characters carry no letters.
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' => {}
        '’' | '‘' | 'ʼ' => out.push('\''),
        '–' | '—' | '‑' | '−' => out.push('-'),
        _ => {
            for l in c.to_lowercase() {
                out.push(l);
            }
        }
    }
}

/// Letters that NFKC maps to themselves: the Cyrillic block (but `ё` and `Ё`, which fold) and
/// the Arabic letters (harakat, tatweel and the letters that fold take the slow path).
fn is_stable_letter(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x0400 | 0x0402..=0x0450 | 0x0452..=0x0482 | 0x048A..=0x04FF | 0x0621 | 0x0624 | 0x0626..=0x063A | 0x0641..=0x064A)
        && !matches!(c, 'ى' | 'ة')
}

/// Letters that are surely not combining marks (Cyrillic and Arabic letters), so the
/// combining-class table need not be consulted for them.
fn is_base_letter(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x0482 | 0x048A..=0x04FF | 0x0621..=0x064A)
}

/// Lower case of a Cyrillic letter without the general Unicode tables.
fn lower_cyrillic(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x0410..=0x042F => u + 0x20,
        0x0400..=0x040F => u + 0x50,
        0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x04FF if u.is_multiple_of(2) => u + 1,
        0x04C0 => 0x04CF,
        0x04C1..=0x04CE if u % 2 == 1 => u + 1,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// Folds `original` for matching; see the module documentation for what is folded.
pub fn fold(original: &str) -> Folded {
    let mut text = String::with_capacity(original.len());
    let mut origin: Vec<u32> = Vec::with_capacity(original.len() + 1);
    let mut chars = original.char_indices().peekable();
    let mut nfkc = String::new();
    while let Some((start, first)) = chars.next() {
        if first.is_ascii() {
            // ASCII fast path: lower case, tabs become spaces.
            let c = match first {
                '\t' => ' ',
                c => c.to_ascii_lowercase(),
            };
            text.push(c);
            origin.push(start as u32);
            continue;
        }
        let combining_next = chars.peek().is_some_and(|&(_, n)| {
            !n.is_ascii() && !is_base_letter(n) && canonical_combining_class(n) != 0
        });
        let before = text.len();
        if !combining_next && is_stable_letter(first) {
            // Fast path: a Cyrillic or Arabic letter (NFKC leaves them as they are) not followed
            // by a combining mark needs no normalisation.
            match first as u32 {
                0x0400..=0x04FF => text.push(lower_cyrillic(first)),
                // Stable Arabic letters have no case and fold to themselves.
                _ => text.push(first),
            }
        } else {
            // A base character with its combining marks, so NFKC can compose them.
            let mut end = start + first.len_utf8();
            while let Some(&(i, n)) = chars.peek() {
                if n.is_ascii() || canonical_combining_class(n) == 0 {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            nfkc.clear();
            nfkc.extend(original[start..end].nfkc());
            for c in nfkc.chars() {
                fold_char(c, &mut text);
            }
        }
        origin.extend(std::iter::repeat_n(start as u32, text.len() - before));
    }
    origin.push(original.len() as u32);
    Folded { text, origin }
}

/// Folds one term of a dictionary (no offsets needed), collapsing spaces.
pub fn fold_term(term: &str) -> String {
    let folded = fold(term).text;
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Character offsets of byte offsets of one text, without counting from the start each time:
/// the character count is kept every [`STRIDE`] bytes.
const STRIDE: usize = 32;

pub struct CharIndex<'a> {
    text: &'a str,
    checkpoints: Vec<u32>,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> CharIndex<'a> {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut count = 0u32;
        for chunk in text.as_bytes().chunks(STRIDE) {
            checkpoints.push(count);
            count += chunk.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u32;
        }
        CharIndex { text, checkpoints }
    }

    /// The character offset of byte offset `byte` (clamped to the text).
    pub fn char_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let k = byte / STRIDE;
        let Some(&base) = self.checkpoints.get(k) else {
            return char_offset(self.text, byte);
        };
        base as usize
            + self.text.as_bytes()[k * STRIDE..byte]
                .iter()
                .filter(|&&b| (b & 0xC0) != 0x80)
                .count()
    }
}

/// The character (Unicode scalar) offset of a byte offset of `text`, as Python and PLOVER count.
pub fn char_offset(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.as_bytes()[..byte]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_yo_and_arabic_forms() {
        assert_eq!(fold("Тоқаев ЁЛКА").text, "тоқаев елка");
        assert_eq!(fold("بالدوحة").text, "بالدوحه");
        assert_eq!(fold("أَمِير").text, "امير");
        assert_eq!(fold("٢٠٢٤").text, "2024");
        assert_eq!(fold("17\u{a0}млрд").text, "17 млрд");
    }

    #[test]
    fn maps_back_to_the_original() {
        let original = "Эмир Катара прибыл в Астану";
        let f = fold(original);
        let at = f.text.find("астану").unwrap();
        let (a, b) = f.original_range(at, at + "астану".len());
        assert_eq!(&original[a..b], "Астану");
        let original = "وصل أمير قطر";
        let f = fold(original);
        let at = f.text.find("امير").unwrap();
        let (a, b) = f.original_range(at, at + "امير".len());
        assert_eq!(&original[a..b], "أمير");
    }

    #[test]
    fn char_index_counts_like_char_offset() {
        let text = "Астана — الدوحة — Doha ".repeat(40);
        let index = CharIndex::new(&text);
        for b in (0..=text.len()).filter(|b| text.is_char_boundary(*b)) {
            assert_eq!(index.char_of(b), char_offset(&text, b));
        }
    }

    #[test]
    fn the_fast_path_folds_like_the_general_one() {
        for c in ('\u{0400}'..='\u{04FF}').chain('\u{0600}'..='\u{06FF}') {
            let mut general = String::new();
            for n in c.to_string().nfkc() {
                fold_char(n, &mut general);
            }
            assert_eq!(fold(&c.to_string()).text, general, "U+{:04X}", c as u32);
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_folds_to_lower_case_byte_for_byte(s in "[ -~\t\n]{0,80}") {
            let f = fold(&s);
            proptest::prop_assert_eq!(&f.text, &s.to_ascii_lowercase().replace('\t', " "));
            let expected: Vec<u32> = (0..=s.len() as u32).collect();
            proptest::prop_assert_eq!(f.origin, expected);
        }

        #[test]
        fn every_folded_byte_maps_to_a_character_of_the_original(s in "\\PC{0,40}") {
            let f = fold(&s);
            proptest::prop_assert_eq!(f.origin.len(), f.text.len() + 1);
            proptest::prop_assert!(f.origin.windows(2).all(|w| w[0] <= w[1]));
            proptest::prop_assert!(f.origin.iter().all(|&o| s.is_char_boundary(o as usize)));
        }
    }

    #[test]
    fn composes_decomposed_letters() {
        // и + combining breve is й.
        assert_eq!(fold("Мамыр и\u{306}").text, "мамыр й");
    }
}
