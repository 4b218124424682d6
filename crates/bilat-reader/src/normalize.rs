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

/// Folds `original` for matching; see the module documentation for what is folded.
pub fn fold(original: &str) -> Folded {
    let mut text = String::with_capacity(original.len());
    let mut origin: Vec<u32> = Vec::with_capacity(original.len() + 1);
    let bytes = original.as_bytes();
    let mut i = 0;
    let mut cluster = String::new();
    let mut nfkc = String::new();
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // ASCII fast path: lower case, tabs become spaces.
            let c = match b {
                b'\t' => b' ',
                _ => b.to_ascii_lowercase(),
            };
            text.push(char::from(c));
            origin.push(i as u32);
            i += 1;
            continue;
        }
        // A base character with its combining marks, so NFKC can compose them.
        let start = i;
        let rest = &original[i..];
        let mut chars = rest.char_indices();
        let (_, first) = chars.next().unwrap_or((0, '\u{FFFD}'));
        let mut end = start + first.len_utf8();
        for (off, c) in chars {
            if canonical_combining_class(c) == 0 {
                break;
            }
            end = start + off + c.len_utf8();
        }
        cluster.clear();
        cluster.push_str(&original[start..end]);
        nfkc.clear();
        nfkc.extend(cluster.nfkc());
        let before = text.len();
        for c in nfkc.chars() {
            fold_char(c, &mut text);
        }
        origin.extend(std::iter::repeat_n(start as u32, text.len() - before));
        i = end;
    }
    origin.push(original.len() as u32);
    Folded { text, origin }
}

/// Folds one term of a dictionary (no offsets needed), collapsing spaces.
pub fn fold_term(term: &str) -> String {
    let folded = fold(term).text;
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
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
    fn composes_decomposed_letters() {
        // и + combining breve is й.
        assert_eq!(fold("Мамыр и\u{306}").text, "мамыр й");
    }
}
