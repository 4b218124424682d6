//! Full-text search over ingested documents with keyword in context: one function for the
//! command line (`bilat search`), the search page and the API.

use bilat_model::Record;
use bilat_model::date::FuzzyDate;
use bilat_reader::ingest::{kwic, search_query};
use bilat_store::DocumentStore;
use bilat_store::documents::SearchFilter;
use serde::Serialize;

/// What to look for and where.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub text: String,
    /// en, ru, kk or ar: only documents in it, and the query stemmed in it alone.
    pub lang: Option<String>,
    pub domain: Option<String>,
    /// Publication dates (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Found {
    pub source: String,
    pub published: Option<String>,
    pub lang: String,
    /// Character offsets of the sentence in the source's text.
    pub start: usize,
    pub end: usize,
    /// The sentence around the first word found, about 110 characters.
    pub kwic: String,
    pub sentence: String,
    pub rank: f64,
}

/// The sentences of ingested documents that match `q`, best first. A bad filter is an error
/// naming what was expected and what was found.
pub fn search(store: &impl DocumentStore, q: &Query) -> Result<Vec<Found>, String> {
    let lang = match q.lang.as_deref().filter(|l| !l.is_empty()) {
        None => None,
        Some(l) => Some(
            bilat_reader::lang::Lang::parse(l)
                .ok_or_else(|| format!("lang: expected en, ru, kk or ar, found `{l}`"))?,
        ),
    };
    let domain = q.domain.clone().filter(|d| !d.is_empty());
    if let Some(d) = &domain {
        bilat_model::ontology::Domain::parse(d).ok_or_else(|| {
            format!("domain: expected one of political_diplomatic, trade_economic_investment, military_technical, cultural_humanitarian, transport_logistics; found `{d}`")
        })?;
    }
    let bound = |t: &Option<String>, last: bool, what: &str| -> Result<Option<String>, String> {
        match t.as_deref().filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => {
                let d = FuzzyDate::parse(t).map_err(|_| {
                    format!(
                        "{what}: expected a date such as 2024, 2024-02 or 2024-02-14, found `{t}`"
                    )
                })?;
                Ok(Some(
                    if last { d.last_day() } else { d.first_day() }.to_string(),
                ))
            }
        }
    };
    let filter = SearchFilter {
        lang: lang.map(|l| l.code().to_string()),
        domain,
        from: bound(&q.from, false, "from")?,
        to: bound(&q.to, true, "to")?,
        limit: q.limit,
    };
    let terms = search_query(&q.text, lang)
        .ok_or_else(|| format!("expected words to search for, found `{}`", q.text))?;
    let hits = store.search(&terms, &filter).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for h in hits {
        let Some(Record::Source(src)) = store
            .get(&bilat_model::RecordId::new(h.source_id.clone()))
            .map_err(|e| e.to_string())?
        else {
            continue;
        };
        let text = src.text.as_deref().unwrap_or("");
        let sentence: String = text.chars().skip(h.start).take(h.end - h.start).collect();
        let line = kwic(
            &sentence,
            &q.text,
            bilat_reader::lang::Lang::parse(&h.lang),
            110,
        );
        out.push(Found {
            source: h.source_id,
            published: h.published,
            lang: h.lang,
            start: h.start,
            end: h.end,
            kwic: line,
            sentence,
            rank: h.rank,
        });
    }
    Ok(out)
}
