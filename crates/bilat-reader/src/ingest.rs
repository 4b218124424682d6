//! A document made ready for the record: its `Source` record (with the text and its hash),
//! its coding, and its sentences as search stems with character offsets.

use bilat_model::content_hash;
use bilat_model::date::{Day, FuzzyDate, Point};
use bilat_model::ontology::SourceKind;
use bilat_model::record::{RecordId, Source};

use crate::coder::{Coded, Document, Reader};
use crate::lang::{self, Detected, Lang};
use crate::normalize::{CharIndex, fold};
use crate::{segment, stem};

/// What the caller knows about a document besides its text.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub path: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub kind: Option<SourceKind>,
    pub published: Option<Day>,
    /// The language, when the caller knows it; detected otherwise.
    pub lang: Option<Lang>,
}

#[derive(Clone, Debug)]
pub struct Prepared {
    pub source: Source,
    pub coded: Coded,
    /// (start, end, stems) per sentence, offsets in characters.
    pub sentences: Vec<(usize, usize, String)>,
}

/// The source id of a text: `src:doc-` and the first 16 hex digits of its SHA-256, so the same
/// text always gets the same id and re-ingesting it changes nothing.
pub fn source_id(text: &str) -> RecordId {
    RecordId::new(format!("src:doc-{}", &content_hash(text)[..16]))
}

fn short_title(text: &str) -> String {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut t: String = first.chars().take(100).collect();
    if first.chars().count() > 100 {
        t.push('…');
    }
    t
}

/// Prepares a document; `Err` says why it cannot be stored (a language bilat cannot name).
pub fn prepare(reader: &Reader, text: &str, meta: &Meta) -> Result<Prepared, String> {
    let detected = match meta.lang {
        Some(l) => Detected::Known(l),
        None => lang::detect(text),
    };
    let language = match &detected {
        Detected::Known(l) => l.code().to_string(),
        Detected::Other(c) if c.len() == 2 => c.clone(),
        Detected::Other(c) => {
            return Err(format!(
                "expected a document in a language bilat can name, found script or language `{c}` (pass --lang if it is en, ru, kk or ar)"
            ));
        }
        Detected::Empty => return Err("expected text, found no letters".into()),
    };
    let lang = match detected {
        Detected::Known(l) => Some(l),
        _ => None,
    };
    let doc = Document {
        text,
        lang,
        published: meta.published,
    };
    // The text is folded and split once, for coding and for the search index alike.
    let folded = fold(text);
    let ranges = segment::sentences(text, lang);
    let coded = match lang {
        Some(l) => reader.code_folded(&doc, l, &folded, &ranges),
        None => reader.code(&doc),
    };
    let index = CharIndex::new(text);
    let sentences = ranges
        .into_iter()
        .map(|(a, b)| {
            let fa = folded.folded_offset(a);
            let fb = folded.folded_offset(b);
            let piece = &folded.text[fa..fb];
            let stems = match lang {
                Some(l) => stem::stems(piece, l).join(" "),
                None => segment::words(piece)
                    .iter()
                    .map(|w| &piece[w.start..w.end])
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            (index.char_of(a), index.char_of(b), stems)
        })
        .collect();
    let id = source_id(text);
    let title = meta
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| short_title(text));
    let short = match (&meta.publisher, meta.published) {
        (Some(p), Some(d)) => format!("{p} {d}"),
        _ => meta
            .path
            .as_deref()
            .and_then(|p| std::path::Path::new(p).file_name())
            .map_or_else(
                || id.as_str().to_string(),
                |f| f.to_string_lossy().into_owned(),
            ),
    };
    let source = Source {
        id,
        short,
        source_kind: meta.kind.unwrap_or(SourceKind::News),
        title,
        publisher: meta.publisher.clone(),
        url: meta.url.clone(),
        date: meta.published.map(|d| FuzzyDate::Point(Point::Day(d))),
        language,
        note: meta.path.as_ref().map(|p| format!("ingested from {p}")),
        text: Some(text.to_string()),
        content_hash: Some(content_hash(text)),
    };
    Ok(Prepared {
        source,
        coded,
        sentences,
    })
}

/// The terms of a search for `query`: each word becomes the set of its stems (in `lang`, or in
/// all four languages), and every word is required. The store quotes them into its backend's
/// query language, so no user text is read as query syntax.
pub fn search_query(query: &str, lang: Option<Lang>) -> Option<Vec<Vec<String>>> {
    let folded = fold(query).text;
    let mut parts = Vec::new();
    for w in segment::words(&folded) {
        let word = &folded[w.start..w.end];
        let langs: Vec<Lang> = match lang {
            Some(l) => vec![l],
            None => Lang::ALL.to_vec(),
        };
        let mut stems: Vec<String> = langs.into_iter().map(|l| stem::stem(word, l)).collect();
        stems.push(word.to_string());
        stems.sort();
        stems.dedup();
        parts.push(stems);
    }
    (!parts.is_empty()).then_some(parts)
}

/// A keyword-in-context line: the sentence with the words that match the query in brackets,
/// cut to about `width` characters around the first match.
pub fn kwic(sentence: &str, query: &str, lang: Option<Lang>, width: usize) -> String {
    let q = fold(query).text;
    let wanted: Vec<String> = segment::words(&q)
        .iter()
        .flat_map(|w| {
            let word = &q[w.start..w.end];
            Lang::ALL
                .iter()
                .map(move |l| stem::stem(word, *l))
                .chain(std::iter::once(word.to_string()))
        })
        .collect();
    let folded = fold(sentence);
    let mut marked = String::new();
    let mut last = 0;
    let mut first_mark: Option<usize> = None;
    for w in &folded.words {
        let word = &folded.text[w.start..w.end];
        let s = match lang {
            Some(l) => stem::stem(word, l),
            None => word.to_string(),
        };
        if wanted.iter().any(|x| *x == s || x == word) {
            let (a, b) = folded.original_range(w.start, w.end);
            marked.push_str(&sentence[last..a]);
            first_mark.get_or_insert(marked.chars().count());
            marked.push('[');
            marked.push_str(&sentence[a..b]);
            marked.push(']');
            last = b;
        }
    }
    marked.push_str(&sentence[last..]);
    let chars: Vec<char> = marked.chars().collect();
    let centre = first_mark.unwrap_or(0);
    let from = centre.saturating_sub(width / 2);
    let to = (from + width).min(chars.len());
    let mut out: String = chars[from..to].iter().collect();
    if from > 0 {
        out.insert(0, '…');
    }
    if to < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_become_stem_sets() {
        let q = search_query("визиты эмира", Some(Lang::Ru)).unwrap();
        assert_eq!(q, [["визит", "визиты"], ["эмир", "эмира"]]);
        assert!(search_query("  ,, ", None).is_none());
    }

    #[test]
    fn kwic_marks_inflected_forms() {
        let line = kwic(
            "Эмир Катара прибыл в Астану с государственным визитом.",
            "визит",
            Some(Lang::Ru),
            200,
        );
        assert_eq!(
            line,
            "Эмир Катара прибыл в Астану с государственным [визитом]."
        );
    }
}
