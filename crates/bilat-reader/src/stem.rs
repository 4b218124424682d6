//! Stemming for search: Snowball (English, Russian, Arabic) and a rule-based Kazakh stemmer.
//!
//! No Snowball stemmer exists for Kazakh. [`kazakh`] strips the agglutinated endings of a word
//! from the right, one layer at a time (at most three layers), longest ending first:
//!
//! 1. case: genitive `-ның -нің -дың -дің -тың -тің`, dative `-ға -ге -қа -ке`,
//!    accusative `-ны -ні -ды -ді -ты -ті`, locative `-да -де -та -те -нда -нде`, ablative
//!    `-дан -ден -тан -тен -нан -нен`, instrumental `-мен -бен -пен -менен`, the attributive
//!    `-дағы -дегі -тағы -тегі -ндағы -ндегі` and `-ғы -гі -қы -кі`;
//! 2. possessive: `-ымыз -іміз -ңыз -ңіз -сы -сі -ы -і -ым -ім -ың -ің`;
//! 3. plural: `-лар -лер -дар -дер -тар -тер`;
//! 4. a few verb endings that news uses: past `-ды -ді -ты -ті`, participles `-ған -ген -қан
//!    -кен`, verbal nouns `-уы -уі -у`.
//!
//! A layer is removed only if at least three letters remain (four for one-letter endings), so
//! short roots (`ел`, `жыл`) are never cut. It is a light stemmer for recall in search: it
//! conflates the inflected forms of a noun, not derivations.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::lang::Lang;

const KK_ENDINGS: &[&str] = &[
    // attributive and case endings (longest first within the list is handled by sorting)
    "ндағы",
    "ндегі",
    "дағы",
    "дегі",
    "тағы",
    "тегі",
    "менен",
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің",
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен",
    "мен",
    "бен",
    "пен",
    "нда",
    "нде",
    "ымыз",
    "іміз",
    "ңыз",
    "ңіз",
    "лар",
    "лер",
    "дар",
    "дер",
    "тар",
    "тер",
    "ған",
    "ген",
    "қан",
    "кен",
    "ға",
    "ге",
    "қа",
    "ке",
    "ны",
    "ні",
    "ды",
    "ді",
    "ты",
    "ті",
    "да",
    "де",
    "та",
    "те",
    "ғы",
    "гі",
    "қы",
    "кі",
    "сы",
    "сі",
    "ым",
    "ім",
    "ың",
    "ің",
    "уы",
    "уі",
    "у",
    "ы",
    "і",
    "а",
    "е",
];

fn kk_endings() -> &'static [&'static str] {
    static SORTED: OnceLock<Vec<&'static str>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut v = KK_ENDINGS.to_vec();
        v.sort_by_key(|e| std::cmp::Reverse(e.chars().count()));
        v
    })
}

/// The Kazakh stem of a folded (lower-case) word; see the module documentation for the rules.
pub fn kazakh(word: &str) -> String {
    let mut w = word.to_string();
    for _ in 0..3 {
        let len = w.chars().count();
        let cut = kk_endings().iter().find(|e| {
            let n = e.chars().count();
            let min_rest = if n == 1 { 4 } else { 3 };
            w.ends_with(*e) && len >= n + min_rest
        });
        match cut {
            Some(e) => {
                let keep = w.len() - e.len();
                w.truncate(keep);
            }
            None => break,
        }
    }
    w
}

fn snowball(lang: Lang) -> &'static Stemmer {
    static EN: OnceLock<Stemmer> = OnceLock::new();
    static RU: OnceLock<Stemmer> = OnceLock::new();
    static AR: OnceLock<Stemmer> = OnceLock::new();
    match lang {
        Lang::Ru => RU.get_or_init(|| Stemmer::create(Algorithm::Russian)),
        Lang::Ar => AR.get_or_init(|| Stemmer::create(Algorithm::Arabic)),
        _ => EN.get_or_init(|| Stemmer::create(Algorithm::English)),
    }
}

/// The search stem of a folded word in `lang`.
pub fn stem(word: &str, lang: Lang) -> String {
    match lang {
        Lang::Kk => kazakh(word),
        _ => snowball(lang).stem(word).into_owned(),
    }
}

/// Search terms of a folded text: each word stemmed in `lang`; digits stay as they are.
pub fn stems(folded: &str, lang: Lang) -> Vec<String> {
    crate::segment::words(folded)
        .into_iter()
        .map(|w| {
            let word = &folded[w.start..w.end];
            if word.chars().all(|c| c.is_ascii_digit()) {
                word.to_string()
            } else {
                stem(word, lang)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_conflates_case_forms() {
        for form in ["тоқаевтың", "тоқаевқа", "тоқаевпен", "тоқаев"]
        {
            assert_eq!(kazakh(form), "тоқаев", "{form}");
        }
        assert_eq!(kazakh("астанада"), "астан");
        assert_eq!(kazakh("астанаға"), "астан");
        assert_eq!(kazakh("келісімдер"), kazakh("келісім"));
        assert_eq!(kazakh("келісімдерге"), kazakh("келісім"));
        // Short roots are left alone.
        assert_eq!(kazakh("ел"), "ел");
        assert_eq!(kazakh("жыл"), "жыл");
    }

    #[test]
    fn snowball_for_the_other_three() {
        assert_eq!(stem("соглашения", Lang::Ru), stem("соглашение", Lang::Ru));
        assert_eq!(stem("visits", Lang::En), stem("visit", Lang::En));
        assert_eq!(stem("الاتفاقيات", Lang::Ar), stem("الاتفاقية", Lang::Ar));
    }
}
