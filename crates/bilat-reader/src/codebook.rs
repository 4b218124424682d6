//! The codebook and the gazetteer files: what is coded, and the words it is coded from.
//!
//! Both are TOML files meant to be edited by analysts (`data/reader/codebook.toml` and
//! `data/reader/gazetteer.toml`; the bundled copies are compiled in). Loading checks every
//! name (domains, sectors, event types) and every term, and reports problems with the file and
//! the entry they are in.

use bilat_model::ontology::{Domain, EventType, Sector};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::lang::Lang;

pub const BUNDLED_CODEBOOK: &str = include_str!("../../../data/reader/codebook.toml");
pub const BUNDLED_GAZETTEER: &str = include_str!("../../../data/reader/gazetteer.toml");

/// Terms per language.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    #[serde(default)]
    pub en: Vec<String>,
    #[serde(default)]
    pub ru: Vec<String>,
    #[serde(default)]
    pub kk: Vec<String>,
    #[serde(default)]
    pub ar: Vec<String>,
}

impl Terms {
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::En => &self.en,
            Lang::Ru => &self.ru,
            Lang::Kk => &self.kk,
            Lang::Ar => &self.ar,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    Asserted,
    Planned,
    Proposed,
    Hypothetical,
    Negated,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Planned => "planned",
            Modality::Proposed => "proposed",
            Modality::Hypothetical => "hypothetical",
            Modality::Negated => "negated",
        }
    }
}

/// The level of a visit or meeting, highest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    HeadOfState,
    Government,
    Minister,
    Parliament,
    Delegation,
}

impl Level {
    /// The level of an office from its title as the record writes it.
    pub fn of_title(title: &str) -> Level {
        let t = title.to_lowercase();
        if t.starts_with("president") || t.starts_with("emir") || t.contains("heir apparent") {
            Level::HeadOfState
        } else if t.contains("prime minister") {
            Level::Government
        } else if t.contains("speaker")
            || t.contains("senate")
            || t.contains("parliament")
            || t.contains("shura")
            || t.contains("mazhilis")
        {
            Level::Parliament
        } else if t.contains("minister") {
            Level::Minister
        } else {
            Level::Delegation
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DomainDef {
    pub id: Domain,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub example: String,
    pub terms: Terms,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectorDef {
    pub id: Sector,
    #[serde(default)]
    pub definition: String,
    pub terms: Terms,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventRule {
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub example: String,
    /// The domain the event always belongs to.
    #[serde(default)]
    pub domain: Option<Domain>,
    /// The domain when the sentence names none (an agreement is about its subject).
    #[serde(default)]
    pub default_domain: Option<Domain>,
    #[serde(default)]
    pub suppresses: Vec<EventType>,
    #[serde(default)]
    pub needs_amount: bool,
    /// The sentence must name an official (a person of the record, or a title or level term:
    /// minister, delegation…), so that tourists' trips are not visits.
    #[serde(default)]
    pub needs_official: bool,
    pub triggers: Terms,
    #[serde(default)]
    pub requires: Option<Terms>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModalityDef {
    pub kind: Modality,
    pub terms: Terms,
}

/// Words that make a nearby trigger a reference to an event reported elsewhere ("during the
/// visit, the sides signed…"), so that it proposes no event.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrameDef {
    #[serde(default)]
    pub governs: Governs,
    pub terms: Terms,
}

/// Which trigger a frame word governs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Governs {
    /// The nearest trigger up to four words after it, unless a date follows the frame word
    /// ("during March 2023" is a time): prepositions, as in English, Russian and Arabic.
    #[default]
    Next,
    /// The trigger right before it: postpositions, as in Kazakh ("сапары барысында").
    Previous,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    pub level: Level,
    pub terms: Terms,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    pub id: String,
    #[serde(default)]
    pub definition: String,
    /// The domain a document that reports the figure belongs to.
    #[serde(default)]
    pub domain: Option<Domain>,
    pub terms: Terms,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Codebook {
    pub version: String,
    #[serde(default)]
    pub domain: Vec<DomainDef>,
    #[serde(default)]
    pub sector: Vec<SectorDef>,
    #[serde(default)]
    pub event: Vec<EventRule>,
    #[serde(default)]
    pub modality: Vec<ModalityDef>,
    #[serde(default)]
    pub frame: Vec<FrameDef>,
    #[serde(default)]
    pub level: Vec<LevelDef>,
    #[serde(default)]
    pub indicator: Vec<IndicatorDef>,
    /// Words that put the first party named on the receiving side of a call, message or aid
    /// ("X received a call from Y": Y called).
    #[serde(default)]
    pub receiving: Option<Terms>,
    /// The first 16 hex digits of the SHA-256 of the file, stamped on every coded candidate.
    #[serde(skip)]
    pub hash: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountryForms {
    pub code: String,
    pub terms: Terms,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceDef {
    pub name: String,
    pub country: String,
    pub terms: Terms,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TitleDef {
    pub roles: Vec<String>,
    pub terms: Terms,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Gazetteer {
    pub version: String,
    #[serde(default)]
    pub country: Vec<CountryForms>,
    #[serde(default)]
    pub place: Vec<PlaceDef>,
    #[serde(default)]
    pub title: Vec<TitleDef>,
}

/// A problem in a codebook or gazetteer file.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct FileError {
    pub file: String,
    pub message: String,
}

fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Codebook {
    /// Reads a codebook; `file` names it in errors. TOML errors carry the line and column.
    pub fn parse(text: &str, file: &str) -> Result<Codebook, FileError> {
        let mut book: Codebook = toml::from_str(text).map_err(|e| FileError {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        book.hash = short_hash(text);
        Ok(book)
    }

    pub fn bundled() -> Codebook {
        Codebook::parse(BUNDLED_CODEBOOK, "data/reader/codebook.toml")
            .expect("the bundled codebook is checked by the tests")
    }

    pub fn rule(&self, t: EventType) -> Option<&EventRule> {
        self.event.iter().find(|r| r.event_type == t)
    }
}

impl Gazetteer {
    pub fn parse(text: &str, file: &str) -> Result<Gazetteer, FileError> {
        toml::from_str(text).map_err(|e| FileError {
            file: file.to_string(),
            message: e.to_string(),
        })
    }

    pub fn bundled() -> Gazetteer {
        Gazetteer::parse(BUNDLED_GAZETTEER, "data/reader/gazetteer.toml")
            .expect("the bundled gazetteer is checked by the tests")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_files_load() {
        let book = Codebook::bundled();
        assert_eq!(book.domain.len(), 5);
        // Every domain, sector and event rule says what it means, for the analysts who edit it.
        assert!(
            book.domain
                .iter()
                .all(|d| !d.definition.is_empty() && !d.example.is_empty())
        );
        assert!(book.sector.iter().all(|d| !d.definition.is_empty()));
        assert!(
            book.event
                .iter()
                .all(|r| !r.definition.is_empty() && !r.example.is_empty())
        );
        assert!(book.event.len() >= 20);
        assert_eq!(book.hash.len(), 16);
        let gaz = Gazetteer::bundled();
        assert!(gaz.place.iter().any(|p| p.name == "Doha"));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let err = Codebook::parse("version = \"1\"\n[[event]]\ntype = \"picnic\"\n", "my.toml")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("my.toml: "), "{err}");
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains("picnic"), "{err}");
    }
}
