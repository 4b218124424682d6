//! Text folding for matching, with a map back to the original text.
//!
//! Everything the coder matches (names, codebook terms, dates, amounts) is matched on a folded
//! copy of the text: NFKC, lower case, `ё`→`е`, Arabic diacritics and tatweel removed, alef
//! forms (`أ إ آ ٱ`) → `ا`, `ى`→`ي`, `ة`→`ه`, Arabic-Indic and Persian digits → ASCII, Arabic
//! comma and decimal marks → ASCII, and every kind of space → a plain space. The folded text
//! keeps, for each of its characters, the byte offset in the original where it came from, so
//! every match is reported as a span of the original text.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

use crate::segment::{Word, is_word_char};

/// Words of folded text, collected while it is written.
struct WordRuns {
    words: Vec<Word>,
    /// Whether the last character was a letter or digit, and where its word started.
    in_word: bool,
    start: usize,
}

impl WordRuns {
    /// The character at folded byte `at` is a letter or digit (`word`) or not. Only a change
    /// from one to the other does anything: one comparison per character.
    #[inline(always)]
    fn next(&mut self, at: usize, word: bool) {
        if word != self.in_word {
            if word {
                self.start = at;
            } else {
                self.words.push(Word {
                    start: self.start,
                    end: at,
                });
            }
            self.in_word = word;
        }
    }

    fn finish(mut self, end: usize) -> Vec<Word> {
        if self.in_word {
            self.words.push(Word {
                start: self.start,
                end,
            });
        }
        self.words
    }
}

/// Folded text and the way back to the original.
#[derive(Clone, Debug)]
pub struct Folded {
    pub text: String,
    /// The words of `text` (as [`crate::segment::words`] splits them), found while folding.
    pub words: Vec<Word>,
    /// Where the folded bytes came from, as runs in folded order (see [`Run`]); the first
    /// starts at folded byte 0 unless the text is empty.
    runs: Vec<Run>,
    /// The original's length: where the end of the folded text maps to.
    original_len: usize,
}

/// A stretch of folded text and its origin. In a `linear` run each character folded to as many
/// bytes as it had, so folded byte `folded + k` lies at original byte `original + k`. Otherwise
/// the run is what one character (with the combining marks after it) folded to, in another
/// length, and all its bytes map to that character's start. Most texts fold letter for letter:
/// a few runs (one per dash, curly quote, no-break space or Arabic-Indic digit…) take the place
/// of an offset per folded byte, which cost four bytes of memory traffic per byte folded.
#[derive(Clone, Copy, Debug)]
struct Run {
    folded: u32,
    original: u32,
    linear: bool,
}

impl Folded {
    /// The original byte offset of folded byte `at` (a character boundary; the end of the
    /// folded text maps to the end of the original).
    fn origin(&self, at: usize) -> usize {
        if at >= self.text.len() {
            return self.original_len;
        }
        let r = self.runs[self.runs.partition_point(|r| r.folded as usize <= at) - 1];
        if r.linear {
            r.original as usize + (at - r.folded as usize)
        } else {
            r.original as usize
        }
    }

    /// The original byte range behind the folded byte range `[start, end)` (character
    /// boundaries).
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let a = self.origin(start);
        // The end maps to where the next folded character starts in the original.
        let b = self.origin(end);
        (a, b.max(a))
    }

    /// The folded byte offset of an original byte offset at a character boundary: the first
    /// folded byte that comes from there or after.
    pub fn folded_offset(&self, original: usize) -> usize {
        // The last run that starts before `original` holds the answer, or the next run does.
        let k = self
            .runs
            .partition_point(|r| (r.original as usize) < original);
        let end = self
            .runs
            .get(k)
            .map_or(self.text.len(), |n| n.folded as usize);
        if let Some(r) = k.checked_sub(1).map(|k| self.runs[k])
            && r.linear
        {
            let at = r.folded as usize + (original - r.original as usize);
            if at < end {
                return at;
            }
        }
        // Past the text: past its end too if `original` lies beyond the original's.
        if end == self.text.len() && original > self.original_len {
            end + 1
        } else {
            end
        }
    }
}

/// The runs of [`Folded`], written while folding.
struct Runs {
    runs: Vec<Run>,
    /// Original minus folded offset along the open linear run; none after another kind.
    shift: Option<usize>,
}

impl Runs {
    /// The character at original byte `at` folds to as many bytes, starting at `folded`.
    #[inline(always)]
    fn same_length(&mut self, at: usize, folded: usize) {
        let shift = at.wrapping_sub(folded);
        if self.shift != Some(shift) {
            self.runs.push(Run {
                folded: folded as u32,
                original: at as u32,
                linear: true,
            });
            self.shift = Some(shift);
        }
    }

    /// The character at original byte `at` folds to another, non-zero number of bytes.
    fn other_length(&mut self, at: usize, folded: usize) {
        self.runs.push(Run {
            folded: folded as u32,
            original: at as u32,
            linear: false,
        });
        self.shift = None;
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

/// Whether the character starting at byte `at` of `original` is a combining mark (one that NFKC
/// could compose with the character before it). ASCII, and the Cyrillic and Arabic letters of
/// two bytes, are decided from their bytes; other characters by the combining-class table.
#[inline(always)]
fn combining_at(original: &str, at: usize) -> bool {
    let bytes = original.as_bytes();
    match bytes.get(at) {
        None => false,
        Some(&b) if b < 0x80 => false,
        // U+0400–U+047F and U+04C0–U+04FF: no combining marks; U+0480–U+04BF (Kazakh letters
        // among them) has the Cyrillic ones that combine, U+0483–U+0487.
        Some(0xD0 | 0xD1 | 0xD3) => false,
        Some(0xD2) => matches!(bytes.get(at + 1), Some(0x83..=0x87)),
        // U+0600–U+063F: the marks are U+0610–U+061A.
        Some(0xD8) => matches!(bytes.get(at + 1), Some(0x90..=0x9A)),
        // U+0640–U+067F: the harakat U+064B–U+065F and the superscript alef U+0670.
        Some(0xD9) => matches!(bytes.get(at + 1), Some(0x8B..=0x9F | 0xB0)),
        Some(_) => original
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|n| canonical_combining_class(n) != 0),
    }
}

/// What each ASCII byte folds to (lower case; a tab becomes a space) and whether it is a letter
/// or digit.
const ASCII: [(u8, bool); 128] = {
    let mut t = [(0u8, false); 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = (
            if c == b'\t' {
                b' '
            } else {
                c.to_ascii_lowercase()
            },
            c.is_ascii_alphanumeric(),
        );
        b += 1;
    }
    t
};

/// What a two-byte character (U+0080–U+07FF) folds to when no combining mark follows it:
/// nothing, or one character and whether that is a word character. Computed once from the
/// definition (NFKC, then [`fold_char`]); `None` for the few that fold to more than one.
type TwoByte = Option<(Option<char>, bool)>;

fn two_byte_folds() -> &'static [TwoByte; 0x780] {
    static TABLE: std::sync::OnceLock<[TwoByte; 0x780]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        crate::segment::two_byte_table(|c| {
            let mut out = String::new();
            for n in std::iter::once(c).nfkc() {
                fold_char(n, &mut out);
            }
            let mut chars = out.chars();
            match (chars.next(), chars.next()) {
                (None, _) => Some((None, false)),
                (Some(l), None) => Some((Some(l), is_word_char(l))),
                _ => None,
            }
        })
    })
}

/// For each character below U+0800 (ASCII and the two-byte ones): [`SAME`] if it folds to
/// itself when no combining mark follows, [`WORD`] if it is then a word character, and [`MARK`]
/// if it is a combining mark — what [`fold`] needs to know of most characters, in a table
/// small enough to stay in the first-level cache.
const SAME: u8 = 1;
const WORD: u8 = 2;
const MARK: u8 = 4;

fn char_flags() -> &'static [u8; 0x800] {
    static TABLE: std::sync::OnceLock<[u8; 0x800]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let folds = two_byte_folds();
        std::array::from_fn(|u| {
            if u < 0x80 {
                let (folded, word) = ASCII[u];
                return if usize::from(folded) == u { SAME } else { 0 }
                    | if word { WORD } else { 0 };
            }
            let same = match folds[u - 0x80] {
                Some((Some(l), word)) if l as usize == u => SAME | if word { WORD } else { 0 },
                _ => 0,
            };
            let c = char::from_u32(u as u32).expect("U+0080–U+07FF are all characters");
            same | if canonical_combining_class(c) != 0 {
                MARK
            } else {
                0
            }
        })
    })
}

/// Reads, from byte `i` of `original`, the characters of one or two bytes that fold to
/// themselves and are not followed by a combining mark, noting where words start and end
/// (folded byte = original byte + `shift`, wrapping), and returns where it stopped: at the end,
/// or at a character that folds otherwise. Nothing is written: the caller copies the stretch.
/// Most of a text is read here, each character's flags looked up once, in a loop that keeps
/// its few values in registers; eight bytes of plain ASCII, or four letters of two bytes, go at
/// once.
#[inline(never)]
fn same_stretch(
    original: &str,
    mut i: usize,
    shift: usize,
    words: &mut WordRuns,
    flags: &[u8; 0x800],
) -> usize {
    let bytes = original.as_bytes();
    let n = bytes.len();
    // The flags and length of the character at `at`: a longer one has none and length 0.
    let class = |at: usize| -> (u8, usize) {
        let b = bytes[at];
        if b < 0x80 {
            (flags[usize::from(b)], 1)
        } else if (0xC2..=0xDF).contains(&b) && at + 1 < n {
            (
                flags[crate::segment::two_byte_char(b, bytes[at + 1]) & 0x7FF],
                2,
            )
        } else {
            (0, 0)
        }
    };
    if i >= n {
        return i;
    }
    let (mut f, mut len) = class(i);
    let (mut in_word, mut start) = (words.in_word, words.start);
    while f & SAME != 0 {
        // Eight bytes at a time where they are plain ASCII, or four letters of two bytes.
        if i + 8 < n {
            let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
            if len == 1 {
                if let Some(alnum) = ascii_block(w)
                    && bytes[i + 8] < 0x80
                {
                    // An ASCII byte follows: no combining mark.
                    let mut changes = (alnum ^ (alnum << 1 | u32::from(in_word))) & 0xFF;
                    while changes != 0 {
                        let k = changes.trailing_zeros() as usize;
                        let at = (i + k).wrapping_add(shift);
                        if alnum & (1 << k) != 0 {
                            start = at;
                        } else {
                            words.words.push(Word { start, end: at });
                        }
                        changes &= changes - 1;
                    }
                    in_word = alnum & 0x80 != 0;
                    i += 8;
                    (f, len) = class(i);
                    continue;
                }
            } else if let Some(cells) = two_byte_block(w) {
                let [a, b, c, d] = cells.map(|k| flags[k & 0x7FF]);
                let (next, next_len) = class(i + 8);
                if a & b & c & d & WORD != 0
                    && a & b & c & d & SAME != 0
                    && (b | c | d | next) & MARK == 0
                    && !(next_len == 0 && combining_at(original, i + 8))
                {
                    if !in_word {
                        start = i.wrapping_add(shift);
                        in_word = true;
                    }
                    i += 8;
                    (f, len) = (next, next_len);
                    continue;
                }
            }
        }
        let j = i + len;
        let (next, next_len) = if j < n { class(j) } else { (0, 0) };
        // A combining mark after the character: NFKC may compose the two.
        if next & MARK != 0 || (next_len == 0 && combining_at(original, j)) {
            break;
        }
        let word = f & WORD != 0;
        if word != in_word {
            let at = i.wrapping_add(shift);
            if word {
                start = at;
            } else {
                words.words.push(Word { start, end: at });
            }
            in_word = word;
        }
        i = j;
        (f, len) = (next, next_len);
    }
    (words.in_word, words.start) = (in_word, start);
    i
}

/// The letters and digits of eight ASCII bytes (little-endian in `w`) that all fold to
/// themselves (no capital, no tab), as bits 0–7; `None` if they do not.
#[inline(always)]
fn ascii_block(w: u64) -> Option<u32> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    if w & HIGH != 0 {
        return None;
    }
    let within = |lo, hi| crate::segment::bytes_within(w, lo, hi);
    if within(b'A', b'Z') | within(b'\t', b'\t') != 0 {
        return None;
    }
    Some(crate::segment::high_bits(
        within(b'0', b'9') | within(b'a', b'z'),
    ))
}

/// The four characters of eight bytes (little-endian in `w`) when they are four characters of
/// two bytes each, as [`crate::segment::two_byte_char`] gives them.
#[inline(always)]
fn two_byte_block(w: u64) -> Option<[usize; 4]> {
    // Each pair is a lead byte 110xxxxx and a continuation byte 10xxxxxx.
    if w & 0xC0E0_C0E0_C0E0_C0E0 != 0x80C0_80C0_80C0_80C0 {
        return None;
    }
    Some(std::array::from_fn(|k| {
        let pair = w >> (16 * k);
        crate::segment::two_byte_char(pair as u8, (pair >> 8) as u8)
    }))
}

/// Folds `original` for matching; see the module documentation for what is folded.
///
/// Works on bytes: ASCII and every two-byte character (U+0080–U+07FF: Latin-1, Cyrillic,
/// Arabic) not followed by a combining mark fold by a table look-up (the tables follow the
/// definition; tests compare them); everything else goes through NFKC and [`fold_char`] with
/// the combining marks that follow it. Characters that fold to themselves (most of them: lower
/// case letters, digits, spaces) are read by [`same_stretch`] and copied a run at a time.
pub fn fold(original: &str) -> Folded {
    let two_byte = two_byte_folds();
    let flags = char_flags();
    let bytes = original.as_bytes();
    let mut out = Output {
        text: String::with_capacity(bytes.len()),
        runs: Runs {
            runs: Vec::new(),
            shift: None,
        },
        pending: 0,
    };
    let mut nfkc = String::new();
    let mut words = WordRuns {
        words: Vec::with_capacity(bytes.len() / 6),
        in_word: false,
        start: 0,
    };
    let mut i = 0;
    while i < bytes.len() {
        i = same_stretch(
            original,
            i,
            out.text.len().wrapping_sub(out.pending),
            &mut words,
            flags,
        );
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b < 0x80 && !combining_at(original, i + 1) {
            // ASCII: lower case, tabs become spaces.
            let (folded, word) = ASCII[usize::from(b)];
            words.next(out.at(i), word);
            if folded != b {
                out.write(original, i, i + 1, char::from(folded));
            }
            i += 1;
            continue;
        }
        if (0xC2..=0xDF).contains(&b) && i + 1 < bytes.len() {
            // A two-byte character not followed by a combining mark: what it folds to alone.
            let k = crate::segment::two_byte_char(b, bytes[i + 1]) - 0x80;
            let f = flags[k + 0x80];
            if f & SAME != 0 && !combining_at(original, i + 2) {
                words.next(out.at(i), f & WORD != 0);
                i += 2;
                continue;
            }
            if let Some((folded, word)) = two_byte[k]
                && !combining_at(original, i + 2)
            {
                match folded {
                    Some(l) => {
                        words.next(out.at(i), word);
                        out.write(original, i, i + 2, l);
                    }
                    None => out.drop(original, i, i + 2),
                }
                i += 2;
                continue;
            }
        }
        // A character with the combining marks that follow it, so NFKC can compose them.
        let Some(first) = original[i..].chars().next() else {
            break;
        };
        let mut end = i + first.len_utf8();
        while let Some(n) = original[end..].chars().next() {
            if n.is_ascii() || canonical_combining_class(n) == 0 {
                break;
            }
            end += n.len_utf8();
        }
        out.flush(original, i);
        nfkc.clear();
        nfkc.extend(original[i..end].nfkc());
        let before = out.text.len();
        for c in nfkc.chars() {
            fold_char(c, &mut out.text);
        }
        if out.text.len() > before {
            // All of it maps to the character's start, whatever its length.
            out.runs.other_length(i, before);
        }
        for (at, c) in out.text[before..].char_indices() {
            words.next(before + at, is_word_char(c));
        }
        i = end;
        out.pending = i;
    }
    out.flush(original, bytes.len());
    let words = words.finish(out.text.len());
    Folded {
        text: out.text,
        words,
        runs: out.runs.runs,
        original_len: original.len(),
    }
}

/// The folded text as [`fold`] writes it: the original bytes from `pending` on fold to
/// themselves and are copied when something else has to be written.
struct Output {
    text: String,
    runs: Runs,
    pending: usize,
}

impl Output {
    /// Where original byte `i` (past everything pending) lands in the folded text.
    #[inline(always)]
    fn at(&self, i: usize) -> usize {
        self.text.len() + (i - self.pending)
    }

    /// Copies the pending bytes up to original byte `to`, a stretch that folds letter for letter.
    #[inline(always)]
    fn flush(&mut self, original: &str, to: usize) {
        if to > self.pending {
            self.runs.same_length(self.pending, self.text.len());
            self.text.push_str(&original[self.pending..to]);
        }
        self.pending = to;
    }

    /// The character at original bytes `[i, end)` folds to `l`.
    #[inline(always)]
    fn write(&mut self, original: &str, i: usize, end: usize, l: char) {
        self.flush(original, i);
        if l.len_utf8() == end - i {
            self.runs.same_length(i, self.text.len());
        } else {
            self.runs.other_length(i, self.text.len());
        }
        self.text.push(l);
        self.pending = end;
    }

    /// The character at original bytes `[i, end)` folds to nothing.
    #[inline(always)]
    fn drop(&mut self, original: &str, i: usize, end: usize) {
        self.flush(original, i);
        self.pending = end;
    }
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
        let mut chunks = text.as_bytes().chunks_exact(STRIDE);
        for chunk in &mut chunks {
            checkpoints.push(count);
            // The four words' continuation flags summed bytewise (at most 4 a byte), then
            // across the bytes.
            let flags: u64 = chunk
                .chunks_exact(8)
                .map(|c| continuation_flags(c.try_into().expect("eight bytes")))
                .sum();
            count += (STRIDE - sum_bytes(flags)) as u32;
        }
        if !chunks.remainder().is_empty() {
            checkpoints.push(count);
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
        base as usize + char_starts(&self.text.as_bytes()[k * STRIDE..byte])
    }
}

/// How many characters start in `bytes` (the bytes that are not UTF-8 continuation bytes,
/// `10xxxxxx`), eight at a time.
fn char_starts(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut continuation = 0;
    for c in &mut chunks {
        continuation += sum_bytes(continuation_flags(c.try_into().expect("eight bytes")));
    }
    let rest = chunks.remainder();
    bytes.len() - continuation - rest.iter().filter(|&&b| (b & 0xC0) == 0x80).count()
}

/// 1 in each byte of eight that is a UTF-8 continuation byte (`10xxxxxx`), 0 in the others.
#[inline(always)]
fn continuation_flags(c: &[u8; 8]) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let w = u64::from_le_bytes(*c);
    // Bit 7 set and bit 6 clear, in every byte at once.
    (w & !(w << 1) & HIGH) >> 7
}

/// The sum of the eight bytes of `w`, if it is below 256: one multiplication (`count_ones` is
/// no instruction on the baseline x86-64).
#[inline(always)]
fn sum_bytes(w: u64) -> usize {
    (w.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
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
        for c in '\u{0080}'..='\u{07FF}' {
            let mut general = String::new();
            for n in c.to_string().nfkc() {
                fold_char(n, &mut general);
            }
            assert_eq!(fold(&c.to_string()).text, general, "U+{:04X}", c as u32);
        }
    }

    proptest::proptest! {
        #[test]
        fn characters_are_counted_eight_bytes_at_a_time(s in "\\PC{0,70}") {
            for cut in (0..=s.len()).filter(|&c| s.is_char_boundary(c)) {
                proptest::prop_assert_eq!(char_starts(&s.as_bytes()[..cut]), s[..cut].chars().count());
            }
        }

        #[test]
        fn ascii_folds_to_lower_case_byte_for_byte(s in "[ -~\t\n]{0,80}") {
            let f = fold(&s);
            proptest::prop_assert_eq!(&f.text, &s.to_ascii_lowercase().replace('\t', " "));
            for at in 0..=s.len() {
                proptest::prop_assert_eq!(f.origin(at), at);
                proptest::prop_assert_eq!(f.folded_offset(at), at);
            }
            proptest::prop_assert!(f.runs.len() <= 1);
        }

        #[test]
        fn offsets_map_as_defined(s in "[a-z \u{0400}-\u{04FF}\u{0621}-\u{064A}\u{0660}-\u{0669}\u{064B}-\u{0652}\u{00A0}-\u{00FF}\u{0130}\u{023A}\u{2013}\u{2019}\u{FB01}\u{FDFA}\u{0300}\u{0306}]{0,60}") {
            // Characters that fold to fewer bytes (Arabic-Indic digits, dashes, harakat), to
            // more (ligatures, İ, Ⱥ) and with combining marks: the folded text runs behind
            // the original or ahead of it.
            let f = fold(&s);
            let origin = origin_by_definition(&s);
            proptest::prop_assert_eq!(origin.len(), f.text.len() + 1);
            for at in (0..=f.text.len()).filter(|&at| f.text.is_char_boundary(at)) {
                proptest::prop_assert_eq!(f.origin(at), origin[at], "folded {}", at);
            }
            for original in (0..=s.len()).filter(|&o| s.is_char_boundary(o)).chain([s.len() + 1]) {
                let expected = origin.partition_point(|&o| o < original);
                proptest::prop_assert_eq!(f.folded_offset(original), expected, "original {}", original);
            }
        }

        #[test]
        fn every_folded_character_maps_to_a_character_of_the_original(s in "\\PC{0,40}") {
            let f = fold(&s);
            let origins: Vec<usize> = (0..=f.text.len())
                .filter(|&at| f.text.is_char_boundary(at))
                .map(|at| f.origin(at))
                .collect();
            proptest::prop_assert!(origins.windows(2).all(|w| w[0] <= w[1]));
            proptest::prop_assert!(origins.iter().all(|&o| s.is_char_boundary(o)));
            proptest::prop_assert_eq!(origins.last(), Some(&s.len()));
        }
    }

    /// The fold by its definition: each character with the combining marks after it, through
    /// NFKC and `fold_char`; and, for each folded byte, the start of the characters it came
    /// from (the original's length after the last).
    fn fold_with_origin(s: &str) -> (String, Vec<usize>) {
        let mut out = String::new();
        let mut origin = Vec::new();
        let mut chars = s.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let mut cluster = c.to_string();
            while let Some(&(_, n)) = chars.peek() {
                if n.is_ascii() || canonical_combining_class(n) == 0 {
                    break;
                }
                cluster.push(n);
                chars.next();
            }
            for n in cluster.nfkc() {
                fold_char(n, &mut out);
            }
            origin.resize(out.len(), at);
        }
        origin.push(s.len());
        (out, origin)
    }

    fn fold_by_definition(s: &str) -> String {
        fold_with_origin(s).0
    }

    fn origin_by_definition(s: &str) -> Vec<usize> {
        fold_with_origin(s).1
    }

    proptest::proptest! {
        #[test]
        fn words_are_found_while_folding(s in "[a-zA-Z0-9 .,\\-\u{0300}-\u{0310}\u{0400}-\u{04FF}\u{0600}-\u{06FF}\u{00A0}-\u{00FF}\u{2000}-\u{2015}]{0,60}") {
            let f = fold(&s);
            proptest::prop_assert_eq!(f.words, crate::segment::words(&f.text));
        }

        #[test]
        fn runs_of_letters_fold_and_split_as_defined(
            runs in proptest::collection::vec(
                "[a-z0-9 .,]{1,12}|[а-яәіңғүұқөһ]{1,9}|[\u{0621}-\u{064A}]{1,9}|[\u{05D0}-\u{05EA}\u{05B0}-\u{05BC}\u{05C1}]{1,9}|[A-ZЁА-Я\t\u{0301}\u{0483}\u{064B}\u{1DC4}\u{20D7}ё«»]",
                0..12,
            ),
        ) {
            // Runs long enough for eight bytes at a time, broken by what those must stop at:
            // capitals, tabs, combining marks of two and three bytes, letters that fold, and
            // Hebrew points (letters and marks at once, which NFKC reorders).
            let s: String = runs.concat();
            let f = fold(&s);
            proptest::prop_assert_eq!(&f.text, &fold_by_definition(&s));
            proptest::prop_assert_eq!(&f.words, &crate::segment::words(&f.text));
            let origin = origin_by_definition(&s);
            for at in (0..=f.text.len()).filter(|&at| f.text.is_char_boundary(at)) {
                proptest::prop_assert_eq!(f.origin(at), origin[at], "folded {}", at);
            }
        }

        #[test]
        fn folds_as_defined(s in "[a-zA-Z0-9 .,\u{0300}-\u{0310}\u{0400}-\u{04FF}\u{0600}-\u{06FF}\u{00A0}-\u{00FF}\u{2000}-\u{2015}]{0,60}") {
            proptest::prop_assert_eq!(fold(&s).text, fold_by_definition(&s));
        }
    }

    #[test]
    fn combining_marks_are_decided_as_the_table_says() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let text = format!("{c}a");
            assert_eq!(
                combining_at(&text, 0),
                canonical_combining_class(c) != 0,
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn composes_decomposed_letters() {
        // и + combining breve is й.
        assert_eq!(fold("Мамыр и\u{306}").text, "мамыр й");
        // A mark of three bytes (U+1DC4) between a letter and a mark it composes with (dot
        // below, which NFKC orders first): the letter must be read with both.
        for s in ["da\u{1DC4}\u{323}", "ta\u{1DC4}\u{323}s"] {
            assert_eq!(fold(s).text, fold_by_definition(s), "{s:?}");
        }
        // A mark that composes with the last of a run of letters read eight bytes at a time,
        // wherever the run ends: directly, or after a mark of three bytes.
        let composing = [
            ("a", "\u{301}"),
            ("a", "\u{1DC4}\u{323}"),
            ("и", "\u{306}"),
            ("ا", "\u{653}"),
            ("ơ", "\u{1DC4}\u{323}"),
        ];
        for (letter, mark) in composing {
            for n in 1..20 {
                for s in [
                    format!("{}{mark}x", letter.repeat(n)),
                    format!("{} {}{mark}x", letter.repeat(n), letter.repeat(n)),
                ] {
                    assert_eq!(fold(&s).text, fold_by_definition(&s), "{s:?}");
                }
            }
        }
    }
}
