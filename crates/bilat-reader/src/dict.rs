//! Dictionary matching of multi-word terms on folded text, for every language bilat reads.
//!
//! A term is a sequence of words separated by spaces or hyphens. A word ending in `*` matches any word that
//! starts with it and has at most [`MAX_SUFFIX`] more letters (`соглашени*` matches
//! `соглашения`, `соглашением`); any other word must match whole. In Arabic text a word may also
//! carry the attached clitics `و ف ب ك ل` and the article `ال` (`بالدوحة` matches `الدوحة`),
//! and a leading `ال` of a term's word is optional. Consecutive words of a term must be
//! separated only by spaces, hyphens or quotation marks.
//!
//! [`Dict::find`] reports every match, overlapping ones included, so that a word can be both
//! the name of an actor and a term of a domain; callers that need one reading of a span take the
//! longest.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use crate::segment::Word;

/// The most letters a `*` word may add.
pub const MAX_SUFFIX: usize = 8;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct PatternWord {
    text: String,
    prefix: bool,
}

#[derive(Clone, Debug)]
struct Pattern {
    words: Vec<PatternWord>,
}

/// A match: folded byte range, the words it spans and what the term stands for.
#[derive(Clone, Debug)]
pub struct Hit<'a, P> {
    pub start: usize,
    pub end: usize,
    pub first_word: usize,
    pub words: usize,
    pub payloads: &'a [P],
}

#[derive(Clone, Debug)]
pub struct Dict<P> {
    patterns: Vec<Pattern>,
    payloads: Vec<Vec<P>>,
    by_term: HashMap<Vec<PatternWord>, usize>,
    /// The first words of the terms (keys), each with the terms that start with it.
    keys: Vec<String>,
    key_terms: Vec<Vec<usize>>,
    key_index: HashMap<String, usize>,
    /// An anchored automaton over the keys written one byte per character (see [`Coded`]),
    /// built at the first search after a change: a walk from a word's start meets every key
    /// that is a prefix of the word.
    automaton: OnceLock<Coded>,
}

/// The keys written one byte per character, and their trie. Each character of the keys below
/// U+0800 (ASCII, Cyrillic, Arabic: all of bilat's scripts) gets a byte of its own, numbered
/// from 0 in the order first seen; any other character, and characters past the 254th, share
/// the byte after those (`other`), and then a match is checked against the key's text; the
/// characters in no key take the byte after that. Walking a character at a time halves the
/// trie's depth for Cyrillic and Arabic (see [`Trie`] for its layout).
#[derive(Clone, Debug)]
struct Coded {
    trie: Trie,
    /// The byte of each character below U+0800.
    code: Box<[u8; 0x800]>,
    /// The byte of the characters at or above U+0800, and of those past the 254th.
    other: u8,
    /// The terms whose first word is a key that ends at each cell's node,
    /// `terms[terms_from[n]..terms_from[n + 1]]`: a walk that meets a key reads its terms
    /// with no table of keys between.
    terms_from: Vec<u32>,
    terms: Vec<TermStart>,
    /// Whether some key has a character written as `other` (matches must then be checked).
    shared: bool,
}

/// A term that starts with a key: its index, its key (whose text is compared when characters
/// share a byte), whether its first word is starred, and whether more words follow (only then
/// are the term's words read).
#[derive(Clone, Copy, Debug)]
struct TermStart {
    id: u32,
    key: u32,
    prefix: bool,
    more: bool,
}

/// While the keys are written: the byte of characters that appear in no key (a walk that meets
/// one dies), and of the characters that share `other`.
const ABSENT: u8 = 0xFF;
const OTHER: u8 = 0xFE;

impl Coded {
    fn new(keys: &[String], key_terms: &[Vec<usize>], patterns: &[Pattern]) -> Coded {
        let mut code = Box::new([ABSENT; 0x800]);
        let mut next: u8 = 0;
        let mut shared = false;
        let mut coded_keys: Vec<Vec<u8>> = Vec::with_capacity(keys.len());
        for k in keys {
            let mut out = Vec::with_capacity(k.len());
            for c in k.chars() {
                let u = c as usize;
                let b = if u >= 0x800 {
                    OTHER
                } else if code[u] != ABSENT {
                    code[u]
                } else if next < OTHER {
                    code[u] = next;
                    next += 1;
                    code[u]
                } else {
                    code[u] = OTHER;
                    OTHER
                };
                shared |= b == OTHER;
                out.push(b);
            }
            coded_keys.push(out);
        }
        // The bytes in use are 0..next; then `other`, then the characters in no key.
        let (other, absent) = (next, next + 1);
        let column = |b: u8| match b {
            OTHER => other,
            ABSENT => absent,
            b => b,
        };
        for b in code.iter_mut().chain(coded_keys.iter_mut().flatten()) {
            *b = column(*b);
        }
        let (trie, keys_at) = Trie::new(&coded_keys, usize::from(next) + 2);
        let (mut terms_from, mut terms) = (Vec::with_capacity(keys_at.len() + 1), Vec::new());
        for at in keys_at {
            terms_from.push(terms.len() as u32);
            for k in at {
                terms.extend(key_terms[k as usize].iter().map(|&id| TermStart {
                    id: id as u32,
                    key: k,
                    prefix: patterns[id].words[0].prefix,
                    more: patterns[id].words.len() > 1,
                }));
            }
        }
        terms_from.push(terms.len() as u32);
        Coded {
            trie,
            code,
            other,
            terms_from,
            terms,
            shared,
        }
    }

    /// The terms whose key ends at node `n`.
    #[inline(always)]
    fn terms_at(&self, n: usize) -> &[TermStart] {
        &self.terms[self.terms_from[n] as usize..self.terms_from[n + 1] as usize]
    }

    /// The byte of the character that starts at `bytes[i]`, and the character's length.
    #[inline(always)]
    fn of(&self, bytes: &[u8], i: usize) -> (u8, usize) {
        let b = bytes[i];
        if b < 0x80 {
            (self.code[usize::from(b)], 1)
        } else if b < 0xE0 && i + 1 < bytes.len() {
            (
                self.code[crate::segment::two_byte_char(b, bytes[i + 1]) & 0x7FF],
                2,
            )
        } else {
            let len = if b >= 0xF0 { 4 } else { 3 };
            (self.other, len)
        }
    }

    /// Walks the trie from the start of every word of `text` and, in Arabic, after each clitic
    /// the word carries (leaving two letters at least), and adds to `ends` every key end met,
    /// in the order of the words. Most of the dictionary's reading is here, in a loop of its
    /// own whose few values stay in registers.
    #[inline(never)]
    fn walk(&self, text: &str, words: &[Word], ends: &mut Vec<KeyEnd>) {
        let bytes = text.as_bytes();
        let cells = &self.trie.cells[..];
        for (word, w) in words.iter().enumerate() {
            let mut walk_from = |from: usize| {
                let (mut node, mut at) = (0usize, from);
                while at < w.end {
                    let (b, len) = self.of(bytes, at);
                    at += len;
                    let t = (cells[node].base & !KEY) as usize + usize::from(b);
                    match cells.get(t) {
                        Some(c) if c.check == node as u32 => {
                            node = t;
                            if c.base & KEY != 0 {
                                ends.push(KeyEnd {
                                    word,
                                    from,
                                    node,
                                    at,
                                });
                            }
                        }
                        _ => break,
                    }
                }
            };
            walk_from(w.start);
            // Every clitic starts with an Arabic letter, whose first byte is one of these two.
            if matches!(bytes[w.start], 0xD8 | 0xD9) {
                for n in clitics(&text[w.start..w.end]) {
                    walk_from(w.start + n);
                }
            }
        }
    }
}

/// Where a walk met keys: the word, where the walk started, the node, and the byte after the
/// key.
#[derive(Clone, Copy, Debug)]
struct KeyEnd {
    word: usize,
    from: usize,
    node: usize,
    at: usize,
}

/// A trie over keys written one byte per character ([`Coded`]), as a double array: the child
/// of node `n` on byte `b` is the cell `base(n) + b`, if that cell's `check` names `n`.
/// A step of a walk is an addition and a read of one cell, with no list to search and no
/// distinction between the wide nodes near the root and the narrow ones below. (It replaced a
/// trie of tables for the root and its children and lists of bytes below, which had replaced
/// aho-corasick's contiguous NFA; see BENCHMARKS.md.)
#[derive(Clone, Debug)]
struct Trie {
    /// The nodes, each in a cell; the root is cell 0. Free cells have `check` [`FREE`].
    cells: Vec<Cell>,
}

/// A node of the double array: where its children's cells start (with [`KEY`] set when a key
/// ends at the node, so that a walk reads the key table only then), and its parent's cell.
#[derive(Clone, Copy, Debug)]
struct Cell {
    base: u32,
    check: u32,
}

/// The `check` of a free cell, and of the root (which has no parent).
const FREE: u32 = u32::MAX;
const ROOT: u32 = u32::MAX - 1;

/// The bit of a cell's base that says a key ends at its node.
const KEY: u32 = 1 << 31;

impl Trie {
    /// The trie of `keys`, whose bytes are below `width`, and the keys that end at each of its
    /// cells: one, or several written alike (with `other`).
    fn new(keys: &[Vec<u8>], width: usize) -> (Trie, Vec<Vec<u32>>) {
        // A plain trie with children lists first.
        let mut children: Vec<Vec<(u8, usize)>> = vec![Vec::new()];
        let mut ends: Vec<Vec<u32>> = vec![Vec::new()];
        for (k, key) in keys.iter().enumerate() {
            let mut n = 0;
            for &b in key {
                n = match children[n].iter().find(|(c, _)| *c == b) {
                    Some(&(_, m)) => m,
                    None => {
                        children.push(Vec::new());
                        ends.push(Vec::new());
                        let m = children.len() - 1;
                        children[n].push((b, m));
                        m
                    }
                };
            }
            ends[n].push(k as u32);
        }
        // Then each node's children placed, breadth first, at the first base where all their
        // cells are free.
        let free = Cell {
            base: 0,
            check: FREE,
        };
        let mut cells = vec![free; width + 1];
        cells[0].check = ROOT;
        let mut cell_of = vec![0usize; children.len()];
        let mut queue = std::collections::VecDeque::from([0usize]);
        // No cell before `first_free` is free.
        let mut first_free = 1;
        while let Some(n) = queue.pop_front() {
            let kids = &mut children[n];
            if kids.is_empty() {
                continue;
            }
            kids.sort_unstable();
            let low = usize::from(kids[0].0);
            let mut f = first_free;
            let base = loop {
                if f >= low {
                    let base = f - low;
                    if cells.len() < base + width {
                        cells.resize(base + width, free);
                    }
                    if kids
                        .iter()
                        .all(|&(b, _)| cells[base + usize::from(b)].check == FREE)
                    {
                        break base;
                    }
                }
                f += 1;
                while f < cells.len() && cells[f].check != FREE {
                    f += 1;
                }
            };
            // Keys of two thousand million characters would not fit in memory before this.
            assert!(
                base + width < KEY as usize,
                "a double array under 2^31 cells"
            );
            cells[cell_of[n]].base = base as u32;
            for &(b, m) in kids.iter() {
                let t = base + usize::from(b);
                cells[t].check = cell_of[n] as u32;
                cell_of[m] = t;
                queue.push_back(m);
            }
            while first_free < cells.len() && cells[first_free].check != FREE {
                first_free += 1;
            }
        }
        let mut at_cell: Vec<Vec<u32>> = vec![Vec::new(); cells.len()];
        for (n, e) in ends.into_iter().enumerate() {
            if !e.is_empty() {
                cells[cell_of[n]].base |= KEY;
                at_cell[cell_of[n]] = e;
            }
        }
        (Trie { cells }, at_cell)
    }
}

impl<P> Default for Dict<P> {
    fn default() -> Self {
        Dict {
            patterns: Vec::new(),
            payloads: Vec::new(),
            by_term: HashMap::default(),
            keys: Vec::new(),
            key_terms: Vec::new(),
            key_index: HashMap::default(),
            automaton: OnceLock::new(),
        }
    }
}

fn is_arabic(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// `token` without the clitic `c` it starts with, if two letters or more are left. The clitic's
/// first letter is compared before the whole (every Arabic letter takes two bytes, and the
/// second tells them apart): most words are done without a call to compare memory.
#[inline]
fn strip_clitic<'t>(token: &'t str, c: &str) -> Option<&'t str> {
    let (t, k) = (token.as_bytes(), c.as_bytes());
    if t.len() <= k.len() || t[1] != k[1] || t[0] != k[0] || !t.starts_with(k) {
        return None;
    }
    let rest = &token[c.len()..];
    rest.chars().nth(1).is_some().then_some(rest)
}

/// The Arabic clitics (conjunctions, prepositions and the article, alone and combined) that start
/// with `token`'s first letter, longest first: only they can strip. Every clitic letter takes two
/// bytes; other words, Arabic or not, carry none and are done without comparing a clitic.
#[inline]
fn clitics_of_letter(token: &str) -> &'static [&'static str] {
    match token.as_bytes() {
        [0xD9, 0x88, ..] => &["وبال", "وال", "ولل", "و"],
        [0xD8, 0xA8, ..] => &["بال", "ب"],
        [0xD9, 0x81, ..] => &["فال", "ف"],
        [0xD9, 0x83, ..] => &["كال", "ك"],
        [0xD9, 0x84, ..] => &["لل", "ل"],
        [0xD8, 0xA7, ..] => &["ال"],
        _ => &[],
    }
}

/// The lengths in bytes of the clitics `token` carries, each leaving two letters or more, in
/// the order of [`clitics_of_letter`].
fn clitics(token: &str) -> impl Iterator<Item = usize> + '_ {
    clitics_of_letter(token)
        .iter()
        .filter(move |c| strip_clitic(token, c).is_some())
        .map(|c| c.len())
}

/// The forms of a text word to look up: itself and, in Arabic, without each clitic it may carry.
fn variants(token: &str) -> impl Iterator<Item = &str> {
    std::iter::once(token).chain(clitics(token).map(move |n| &token[n..]))
}

/// Whether `rest`, what a `*` word leaves of a text word, has at most [`MAX_SUFFIX`] letters.
fn short_suffix(rest: &str) -> bool {
    // A character takes one byte at least: short in bytes is short in characters.
    rest.len() <= MAX_SUFFIX || rest.chars().nth(MAX_SUFFIX).is_none()
}

fn word_matches(pw: &PatternWord, token: &str) -> bool {
    let one = |v: &str| {
        if pw.prefix {
            v.starts_with(pw.text.as_str()) && short_suffix(&v[pw.text.len()..])
        } else {
            v == pw.text
        }
    };
    // The word itself first: only Arabic words have other forms to try.
    one(token) || variants(token).skip(1).any(one)
}

impl<P> Dict<P> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Every term as words separated by spaces, without the `*` marks (for peers and tools).
    pub fn terms(&self) -> Vec<String> {
        self.patterns
            .iter()
            .map(|p| {
                p.words
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// Adds a term (already folded) for `payload`. Returns an error for an empty term or a `*`
    /// word shorter than two letters, which would match nearly everything.
    pub fn add(&mut self, term: &str, payload: P) -> Result<(), String> {
        let mut words = Vec::new();
        for raw in term
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
        {
            let (text, prefix) = match raw.strip_suffix('*') {
                Some(t) => (t, true),
                None => (raw, false),
            };
            let mut text = text.to_string();
            if is_arabic(&text)
                && let Some(rest) = text.strip_prefix("ال")
                && rest.chars().count() >= 2
            {
                text = rest.to_string();
            }
            if text.is_empty() || (prefix && text.chars().count() < 2) {
                return Err(format!(
                    "term `{term}`: expected words of letters, with `*` only after two or more, found `{raw}`"
                ));
            }
            words.push(PatternWord { text, prefix });
        }
        if words.is_empty() {
            return Err("expected a term, found an empty string".into());
        }
        if let Some(&id) = self.by_term.get(&words) {
            self.payloads[id].push(payload);
            return Ok(());
        }
        let id = self.patterns.len();
        let key = words[0].text.clone();
        let k = *self.key_index.entry(key.clone()).or_insert_with(|| {
            self.keys.push(key);
            self.key_terms.push(Vec::new());
            self.keys.len() - 1
        });
        self.key_terms[k].push(id);
        self.automaton = OnceLock::new();
        self.by_term.insert(words.clone(), id);
        self.patterns.push(Pattern { words });
        self.payloads.push(vec![payload]);
        Ok(())
    }

    fn automaton(&self) -> &Coded {
        self.automaton
            .get_or_init(|| Coded::new(&self.keys, &self.key_terms, &self.patterns))
    }

    /// Every match in `text` (folded), given its words; ordered by start, longest first.
    pub fn find<'a>(&'a self, text: &str, words: &[Word]) -> Vec<Hit<'a, P>> {
        let mut hits = Vec::with_capacity(words.len() / 2);
        if self.keys.is_empty() {
            return hits;
        }
        let coded = self.automaton();
        let bytes = text.as_bytes();
        let mut seen: Vec<usize> = Vec::new();
        // About two key ends for three words (the benchmark's corpus): one allocation, not five.
        let mut ends: Vec<KeyEnd> = Vec::with_capacity(words.len());
        coded.walk(text, words, &mut ends);
        // The key ends of one word after another; many words have none.
        for ends in ends.chunk_by(|a, b| a.word == b.word) {
            let i = ends[0].word;
            let w = &words[i];
            seen.clear();
            let first_hit = hits.len();
            for &KeyEnd { from, node, at, .. } in ends {
                let rest = &text[at..w.end];
                for t in coded.terms_at(node) {
                    if coded.shared
                        && Some(self.keys[t.key as usize].as_bytes()) != bytes.get(from..at)
                    {
                        continue;
                    }
                    let id = t.id as usize;
                    let fits = if t.prefix {
                        short_suffix(rest)
                    } else {
                        rest.is_empty()
                    };
                    if !fits || seen.contains(&id) {
                        continue;
                    }
                    let last = if t.more {
                        match self.rest_matches(&self.patterns[id], text, words, i) {
                            Some(last) => last,
                            None => continue,
                        }
                    } else {
                        i
                    };
                    seen.push(id);
                    hits.push(Hit {
                        start: w.start,
                        end: words[last].end,
                        first_word: i,
                        words: last + 1 - i,
                        payloads: &self.payloads[id],
                    });
                }
            }
            // Every hit of this word starts where the word does, after those of the words
            // before: ordering them longest first orders the whole list.
            if hits.len() - first_hit > 1 {
                hits[first_hit..].sort_by_key(|h| std::cmp::Reverse(h.end));
            }
        }
        hits
    }

    fn rest_matches(&self, p: &Pattern, text: &str, words: &[Word], i: usize) -> Option<usize> {
        let mut last = i;
        for pw in &p.words[1..] {
            let next = words.get(last + 1)?;
            let gap = &text[words[last].end..next.start];
            if gap != " "
                && !gap
                    .chars()
                    .all(|c| c.is_whitespace() || matches!(c, '-' | '"' | '«' | '»' | '“' | '”'))
            {
                return None;
            }
            if !word_matches(pw, &text[next.start..next.end]) {
                return None;
            }
            last += 1;
        }
        Some(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold_term;
    use crate::segment::words;

    fn found(d: &Dict<&'static str>, text: &str) -> Vec<(String, &'static str)> {
        let t = fold_term(text);
        let w = words(&t);
        d.find(&t, &w)
            .into_iter()
            .flat_map(|h| h.payloads.iter().map(move |p| (h.start, h.end, *p)))
            .map(|(a, b, p)| (t[a..b].to_string(), p))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn the_trie_meets_every_key_a_word_starts_with(
            keys in proptest::collection::btree_set("[a-cа-вә]{2,5}", 1..60),
            word in "[a-cа-вә]{0,9}",
        ) {
            let mut d = Dict::new();
            for (i, k) in keys.iter().enumerate() {
                d.add(&format!("{k}*"), i).unwrap();
            }
            let w = words(&word);
            let mut found: Vec<usize> = d.find(&word, &w).iter().flat_map(|h| h.payloads.iter().copied()).collect();
            found.sort_unstable();
            let expected: Vec<usize> = keys
                .iter()
                .enumerate()
                .filter(|(_, k)| word.starts_with(k.as_str()) && word[k.len()..].chars().count() <= MAX_SUFFIX)
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn a_dictionary_larger_than_the_bundled_one_is_walked_alike() {
        // 20,000 keys of six letters: over 65,536 trie nodes.
        let letters: Vec<char> = "абвгдежзиклмнопрстуфх".chars().collect();
        let key = |i: usize| -> String {
            (0..6u32)
                .map(|k| letters[(i / 21usize.pow(k)) % letters.len()])
                .collect()
        };
        let mut d = Dict::new();
        for i in 0..20_000usize {
            d.add(&key(i), i).unwrap();
        }
        let text = format!("{} и {}", key(19_999), key(123));
        let hits: Vec<usize> = d
            .find(&text, &words(&text))
            .iter()
            .flat_map(|h| h.payloads.iter().copied())
            .collect();
        assert_eq!(hits, [19_999, 123]);
    }

    /// The clitics a text word may carry, longest first.
    const AR_CLITICS: &[&str] = &[
        "وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل", "ك",
    ];

    #[test]
    fn a_word_is_tried_with_the_clitics_of_its_first_letter() {
        // Every clitic is tried on a word that starts with it, and in the list's order.
        for c in AR_CLITICS {
            let word = format!("{c}قطر");
            let tried = clitics_of_letter(&word);
            assert!(tried.contains(c), "{c}");
            let in_order: Vec<&str> = AR_CLITICS
                .iter()
                .copied()
                .filter(|k| tried.contains(k))
                .collect();
            assert_eq!(tried, in_order.as_slice());
        }
        assert!(clitics_of_letter("قطر").is_empty() && clitics_of_letter("doha").is_empty());
        assert!(clitics_of_letter("").is_empty() && clitics_of_letter("d").is_empty());
        let found: Vec<usize> = clitics("والدوحه").collect();
        assert_eq!(found, ["وال".len(), "و".len()]);
    }

    #[test]
    fn prefixes_and_inflections() {
        let mut d = Dict::new();
        d.add("токаев*", "tokayev").unwrap();
        d.add("тоқаев*", "tokayev").unwrap();
        d.add("соглашени*", "agreement").unwrap();
        assert_eq!(
            found(&d, "Токаева подписал соглашения"),
            [
                ("токаева".into(), "tokayev"),
                ("соглашения".into(), "agreement")
            ]
        );
        assert_eq!(
            found(&d, "Тоқаевтың сапары"),
            [("тоқаевтың".into(), "tokayev")]
        );
        // Too long a suffix is another word.
        assert!(found(&d, "соглашениеподобныйтекст").is_empty());
    }

    #[test]
    fn characters_outside_the_coded_range_are_checked_against_the_key() {
        // Characters at or above U+0800 share one byte in the automaton: the key's text
        // decides. 東京 and 東西 walk alike; only the first is the key.
        let mut d = Dict::new();
        d.add("東京", "tokyo").unwrap();
        d.add("doha", "doha").unwrap();
        assert_eq!(
            found(&d, "東京 doha"),
            [("東京".into(), "tokyo"), ("doha".into(), "doha")]
        );
        assert!(found(&d, "東西").is_empty());
        // More than 254 distinct characters in the keys: the rest share a byte too.
        let mut d = Dict::new();
        for c in ('\u{0100}'..'\u{0300}').filter(|c| c.is_lowercase()) {
            d.add(&format!("{c}{c}"), "many").unwrap();
        }
        d.add("жж", "zh").unwrap();
        d.add("зз", "z").unwrap();
        let coded = d.automaton();
        assert_eq!(coded.code['ж' as usize], coded.other);
        assert_eq!(found(&d, "жж"), [("жж".into(), "zh")]);
        // Keys written alike all reach the same node: each is checked, not only the last.
        assert_eq!(found(&d, "зз"), [("зз".into(), "z")]);
        assert_eq!(found(&d, "ǿǿ"), [("ǿǿ".into(), "many")]);
        assert!(found(&d, "жз").is_empty());
    }

    #[test]
    fn hits_are_ordered_by_start_longest_first() {
        let mut d = Dict::new();
        for t in [
            "state",
            "visit",
            "state visit to qatar",
            "state visit",
            "visit*",
            "qatar",
        ] {
            d.add(t, t).unwrap();
        }
        let t = fold_term("The state visit to Qatar and a visitor");
        let hits = d.find(&t, &words(&t));
        let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
        let mut sorted = spans.clone();
        sorted.sort_by_key(|&(a, b)| (a, std::cmp::Reverse(b)));
        assert_eq!(spans, sorted);
        assert_eq!(hits.len(), 7, "{spans:?}");
    }

    #[test]
    fn arabic_clitics_and_article() {
        let mut d = Dict::new();
        d.add(&fold_term("الدوحة"), "doha").unwrap();
        for t in ["الدوحة", "بالدوحة", "والدوحة", "دوحة"] {
            assert_eq!(found(&d, t).len(), 1, "{t}");
        }
    }

    #[test]
    fn multi_word_terms_and_overlaps() {
        let mut d = Dict::new();
        d.add("qatar investment authority", "qia").unwrap();
        d.add("qatar", "qatar").unwrap();
        d.add("state visit*", "state_visit").unwrap();
        let f = found(
            &d,
            "The Qatar Investment Authority; a state visits. Qatar, investment",
        );
        assert_eq!(
            f,
            [
                ("qatar investment authority".into(), "qia"),
                ("qatar".into(), "qatar"),
                ("state visits".into(), "state_visit"),
                ("qatar".into(), "qatar"),
            ]
        );
    }

    #[test]
    fn same_term_twice_carries_both_payloads() {
        let mut d = Dict::new();
        d.add("visit*", "a").unwrap();
        d.add("visit*", "b").unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(found(&d, "visited").len(), 2);
        assert!(d.add("x*", "c").is_err());
        assert!(d.add("  ", "c").is_err());
    }
}
