//! Language identification for the four languages bilat reads.
//!
//! Script first (as the research notes advise): Arabic letters → Arabic (Persian and Urdu are
//! told apart by their own letters), Latin → English when English function words are present,
//! Cyrillic → Kazakh when the nine Kazakh letters (ә ғ қ ң ө ұ ү һ і) or Kazakh function words
//! are frequent enough, Russian otherwise (Ukrainian by ї є ґ). Anything else is reported by its
//! script, never forced into one of the four.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ru,
    Kk,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Ru, Lang::Kk, Lang::Ar];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
            Lang::Ar => "ar",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// What the detector found: one of bilat's languages, or another language or script by its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detected {
    Known(Lang),
    /// An ISO 639-1 code where the script tells it (`fa`, `uk`), else `und-Latn`, `und-Hani`…
    Other(String),
    /// No letters at all.
    Empty,
}

impl Detected {
    pub fn code(&self) -> String {
        match self {
            Detected::Known(l) => l.code().to_string(),
            Detected::Other(c) => c.clone(),
            Detected::Empty => "und".to_string(),
        }
    }
}

/// The nine letters of Kazakh Cyrillic that Russian does not have, in both cases.
fn is_kazakh_letter(c: char) -> bool {
    matches!(
        c,
        'ә' | 'ғ'
            | 'қ'
            | 'ң'
            | 'ө'
            | 'ұ'
            | 'ү'
            | 'һ'
            | 'і'
            | 'Ә'
            | 'Ғ'
            | 'Қ'
            | 'Ң'
            | 'Ө'
            | 'Ұ'
            | 'Ү'
            | 'Һ'
            | 'І'
    )
}
/// Function words, by language: frequent, short, and told apart by them.
fn is_kk_word(w: &str) -> bool {
    matches!(
        w,
        "және"
            | "мен"
            | "бен"
            | "пен"
            | "бойынша"
            | "жылы"
            | "жылғы"
            | "туралы"
            | "үшін"
            | "бұл"
            | "деп"
            | "арасындағы"
            | "екі"
            | "елдің"
            | "қазақстан"
    )
}

fn is_ru_word(w: &str) -> bool {
    matches!(
        w,
        "и" | "в"
            | "на"
            | "что"
            | "с"
            | "по"
            | "для"
            | "не"
            | "от"
            | "о"
            | "года"
            | "также"
            | "между"
    )
}

fn is_en_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "of"
            | "and"
            | "to"
            | "in"
            | "a"
            | "is"
            | "on"
            | "for"
            | "with"
            | "was"
            | "by"
            | "that"
    )
}

/// What a character counts as when the language is detected.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    /// Not a letter, or a digit.
    Skip,
    Arabic,
    /// An Arabic-script letter of Persian (پ چ ژ گ ک ی).
    Persian,
    Cyrillic,
    /// A Cyrillic letter of Kazakh that Russian does not have.
    Kazakh,
    /// A Cyrillic letter of Ukrainian that Russian does not have (ї є ґ).
    Ukrainian,
    Latin,
    Other,
}

fn class_of(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            Class::Latin
        } else {
            Class::Skip
        };
    }
    if !crate::segment::is_word_char(c)
        || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
    {
        return Class::Skip;
    }
    match c {
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => {
            if matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی') {
                Class::Persian
            } else {
                Class::Arabic
            }
        }
        '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}' => {
            if is_kazakh_letter(c) {
                Class::Kazakh
            } else if matches!(c, 'ї' | 'є' | 'ґ' | 'Ї' | 'Є' | 'Ґ') {
                Class::Ukrainian
            } else {
                Class::Cyrillic
            }
        }
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => Class::Latin,
        _ => Class::Other,
    }
}

/// The class of every ASCII character (letters are Latin; everything else is skipped), as
/// [`class_of`] gives it.
const ASCII_CLASSES: [Class; 128] = {
    let mut t = [Class::Skip; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphabetic() {
            t[b] = Class::Latin;
        }
        b += 1;
    }
    t
};

/// The class of every two-byte character (U+0080–U+07FF: Latin-1, Cyrillic, Arabic), computed
/// once from [`class_of`].
fn two_byte_classes() -> &'static [Class; 0x780] {
    static TABLE: std::sync::OnceLock<[Class; 0x780]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| crate::segment::two_byte_table(class_of))
}

/// Detects the language of `text` (any length; the first 400 characters are read).
pub fn detect(text: &str) -> Detected {
    let two_byte = two_byte_classes();
    // How many characters of each class, in the order of `Class`.
    let mut counts = [0usize; 8];
    let mut other_script = "und";
    // The first 400 characters tell the language (some thirty Kazakh-specific letters in
    // Kazakh prose, sixty words); the rest would only cost time.
    let bytes = text.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() && n < 400 {
        n += 1;
        let (start, b) = (i, bytes[i]);
        let class = if b < 0x80 {
            i += 1;
            ASCII_CLASSES[usize::from(b)]
        } else if b < 0xE0 && i + 1 < bytes.len() {
            i += 2;
            two_byte[crate::segment::two_byte_char(b, bytes[start + 1]) - 0x80]
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            class_of(c)
        };
        if class == Class::Other {
            other_script = text[start..].chars().next().map_or("und", script_code);
        }
        counts[class as usize] += 1;
    }
    let sample = &text[..i];
    let [_, ar, persian, ru, kk, ukr, latin, other] = counts;
    let (arabic, cyr) = (ar + persian, ru + kk + ukr);
    let total = arabic + cyr + latin + other;
    if total == 0 {
        return Detected::Empty;
    }
    let max = arabic.max(cyr).max(latin).max(other);
    if max == arabic {
        if persian * 50 > arabic {
            return Detected::Other("fa".into());
        }
        return Detected::Known(Lang::Ar);
    }
    if max == cyr {
        if ukr * 100 > cyr {
            return Detected::Other("uk".into());
        }
        // Kazakh prose has about one Kazakh-specific letter in twelve; Russian has none. Only
        // when the letters do not decide are function words counted.
        if kk * 60 > cyr {
            return Detected::Known(Lang::Kk);
        }
        let (kk_words, ru_words) = word_hits(sample, is_kk_word, is_ru_word);
        if kk_words > ru_words {
            return Detected::Known(Lang::Kk);
        }
        return Detected::Known(Lang::Ru);
    }
    if max == latin {
        let (en_words, _) = word_hits(sample, is_en_word, |_| false);
        let words = sample.split_whitespace().count().max(1);
        // Function words are a quarter or more of English running text; demand a tenth.
        if en_words * 10 >= words {
            return Detected::Known(Lang::En);
        }
        return Detected::Other("und-Latn".into());
    }
    Detected::Other(other_script.into())
}

fn word_hits(text: &str, a: impl Fn(&str) -> bool, b: impl Fn(&str) -> bool) -> (usize, usize) {
    let (mut ha, mut hb) = (0, 0);
    // Function words are written in lower case (a capital at the start of a sentence is
    // rare enough not to matter), so the sample is not lower-cased first.
    for w in text.split(|c: char| !crate::segment::is_word_char(c)) {
        if w.is_empty() || w.len() > 20 {
            continue;
        }
        ha += usize::from(a(w));
        hb += usize::from(b(w));
    }
    (ha, hb)
}

fn script_code(c: char) -> &'static str {
    match c {
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => "und-Hani",
        '\u{0590}'..='\u{05FF}' => "he",
        '\u{0370}'..='\u{03FF}' => "el",
        '\u{0900}'..='\u{097F}' => "und-Deva",
        '\u{3040}'..='\u{30FF}' => "ja",
        '\u{AC00}'..='\u{D7AF}' => "ko",
        '\u{0E00}'..='\u{0E7F}' => "th",
        '\u{10A0}'..='\u{10FF}' => "ka",
        '\u{0530}'..='\u{058F}' => "hy",
        _ => "und",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(t: &str) -> String {
        detect(t).code()
    }

    #[test]
    fn tells_the_four_languages_apart() {
        assert_eq!(
            lang("The Emir of Qatar arrived in Astana on a state visit."),
            "en"
        );
        assert_eq!(
            lang("Эмир Катара прибыл в Астану с государственным визитом."),
            "ru"
        );
        assert_eq!(
            lang("Катар Әмірі Астанаға мемлекеттік сапармен келді."),
            "kk"
        );
        assert_eq!(lang("وصل أمير دولة قطر إلى أستانا في زيارة دولة."), "ar");
    }

    #[test]
    fn the_ascii_table_classes_as_class_of_does() {
        for b in 0u8..128 {
            assert_eq!(
                ASCII_CLASSES[usize::from(b)],
                class_of(char::from(b)),
                "{b}"
            );
        }
    }

    #[test]
    fn short_kazakh_without_many_special_letters() {
        assert_eq!(lang("Президент пен Премьер-министр кездесті"), "kk");
    }

    #[test]
    fn others_are_reported_not_forced() {
        assert_eq!(lang("Der Emir von Katar besuchte Astana."), "und-Latn");
        assert_eq!(lang("卡塔尔埃米尔访问阿斯塔纳"), "und-Hani");
        assert_eq!(lang("Емір Катару відвідав Астану, їхав"), "uk");
        assert_eq!(lang("12345 !!!"), "und");
        // Scripts of two bytes in UTF-8, like Cyrillic and Arabic, and of three.
        assert_eq!(lang("שלום עולם"), "he");
        assert_eq!(lang("Καλημέρα κόσμε"), "el");
        assert_eq!(lang("สวัสดีครับ"), "th");
    }
}
