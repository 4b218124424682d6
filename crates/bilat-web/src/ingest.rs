//! Storing one document: code the extracted text and write its source, sentences and
//! candidates in one transaction. Shared by `bilat ingest` (files) and the observatory's upload
//! page (bytes from a form).

use anyhow::{Context, Result};
use bilat_model::Record;
use bilat_model::date::Day;
use bilat_model::ontology::SourceKind;
use bilat_reader::coder::Reader;
use bilat_reader::extract::{Extracted, Format};
use bilat_reader::ingest::{self, Meta};
use bilat_reader::lang::Lang;
use bilat_store::documents::NewDocument;
use bilat_store::import::plan_standalone;
use bilat_store::{Change, DocumentStore, Origin, Store};

use crate::review::{new_candidate, new_figure};

/// The publication day: the one the user `given` (an error naming what was found when it is
/// not a date), else the file's own metadata (its first ten characters; ignored when they are
/// not a date).
pub fn publication(given: Option<&str>, extracted: &Extracted) -> Result<Option<Day>, String> {
    let text = match given {
        Some(t) => t.to_string(),
        None => match &extracted.published {
            Some(p) => p.chars().take(10).collect(),
            None => return Ok(None),
        },
    };
    match bilat_model::date::FuzzyDate::parse(&text) {
        Ok(d) => Ok(Some(d.first_day())),
        Err(e) if given.is_some() => Err(e.to_string()),
        Err(_) => Ok(None),
    }
}

/// What the user says about a document besides its text.
#[derive(Clone, Debug, Default)]
pub struct About {
    /// The file's name as given (shown, never used as a path).
    pub name: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub kind: Option<SourceKind>,
    pub published: Option<Day>,
    /// Coded in this language; detected when `None`.
    pub lang: Option<Lang>,
}

/// What storing a document did.
#[derive(Clone, Debug, serde::Serialize)]
pub enum Outcome {
    Stored {
        source: String,
        lang: String,
        events: usize,
        figures: usize,
        /// Candidates that report events the record already holds.
        repeats: usize,
    },
    /// The same text (by SHA-256) is stored already, as this source.
    Known { source: String },
}

/// Codes `extracted` and stores it with everything it yields, in one transaction.
pub fn store_document(
    store: &mut Store,
    data: &bilat_model::Dataset,
    reader: &Reader,
    extracted: &Extracted,
    format: Format,
    about: &About,
    change: &Change,
) -> Result<Outcome> {
    let hash = bilat_model::content_hash(&extracted.text);
    if let Some(source) = store.document_by_hash(&hash)? {
        return Ok(Outcome::Known { source });
    }
    let meta = Meta {
        path: Some(about.name.clone()),
        title: extracted.title.clone(),
        url: about.url.clone(),
        publisher: about.publisher.clone(),
        kind: about.kind,
        published: about.published,
        lang: about.lang,
    };
    let prepared = ingest::prepare(reader, &extracted.text, &meta)
        .map_err(|e| crate::review::Refused(format!("{}: {e}", about.name)))?;
    let source_id = prepared.source.id.to_string();
    let exists = data.get(&prepared.source.id).is_some();
    let origin = Origin {
        file: about.name.clone(),
        line: 0,
    };
    let plan = plan_standalone(exists, Record::Source(prepared.source.clone()), &origin)?;
    let mut repeats = 0;
    let mut candidates = Vec::new();
    for c in &prepared.coded.events {
        if bilat_reader::review::find_duplicate(c, data).is_some() {
            repeats += 1;
        }
        candidates.push(new_candidate(c)?);
    }
    for o in &prepared.coded.observations {
        candidates.push(new_figure(o)?);
    }
    let doc = NewDocument {
        source_id: source_id.clone(),
        content_hash: hash,
        path: Some(about.name.clone()),
        format: format.as_str().to_string(),
        lang: prepared.source.language.clone(),
        published: about.published.map(|d| d.to_string()),
        domains: prepared
            .coded
            .domains
            .iter()
            .map(|d| d.to_string())
            .collect(),
        codebook: format!("{} ({})", reader.codebook.version, reader.codebook.hash),
        sentences: prepared.sentences.clone(),
        candidates,
    };
    store
        .add_document(&plan, &doc, change)
        .with_context(|| format!("{}: storing", about.name))?;
    Ok(Outcome::Stored {
        source: source_id,
        lang: prepared.source.language,
        events: prepared.coded.events.len(),
        figures: prepared.coded.observations.len(),
        repeats,
    })
}
