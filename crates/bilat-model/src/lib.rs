//! # bilat-model
//!
//! The types of the bilat record and the rules they obey. No I/O: values in, values out.
//!
//! * [`Record`] is any record of the relationship between two states: [`Country`], [`Actor`],
//!   [`Source`], [`Event`], [`Agreement`], [`Project`], [`Commitment`], [`Target`],
//!   [`Observation`], [`Period`] or [`FxRate`].
//! * Records hold [`Claim`]s: a [`Fact`] with the [`Evidence`] (a source and a [`Locator`]) for it.
//!   Sources that disagree give two claims; [`check::check`] reports the conflict.
//! * Dates carry their precision ([`FuzzyDate`]); money is an exact amount in an ISO 4217
//!   currency ([`Money`]), converted to USD only through sourced rates ([`fx`]).
//! * [`ontology`] holds the paper's five domains and the event types with their PLOVER and CAMEO
//!   equivalents.
//!
//! ```
//! use bilat_model::{FuzzyDate, Money};
//! let autumn = FuzzyDate::parse("2024-autumn").unwrap();
//! assert_eq!(autumn.first_day().to_string(), "2024-09-01");
//! let m = Money::parse("USD 2.5 bn").unwrap();
//! assert_eq!(m.to_string(), "USD 2.5 bn");
//! ```

pub mod check;
pub mod date;
pub mod display;
pub mod fx;
mod iso_tables;
pub mod money;
pub mod ontology;
pub mod record;
#[cfg(feature = "testing")]
pub mod testing;
pub mod validate;

use std::collections::HashMap;

pub use date::{Day, FuzzyDate, Precision};
pub use money::{Currency, Money, Quantity, Unit};
pub use ontology::{
    ActorKind, Aggregation, AgreementKind, CommitmentOrigin, Domain, EventType, ParticipantRole,
    RoadmapLevel, Sector, SourceKind,
};
pub use record::*;

/// The English name of an ISO 3166-1 alpha-2 code, if it is one.
pub fn country_name(alpha2: &str) -> Option<&'static str> {
    lookup_country(alpha2).map(|(_, _, name)| *name)
}

/// The alpha-3 code of an ISO 3166-1 alpha-2 code, if it is one.
pub fn country_alpha3(alpha2: &str) -> Option<&'static str> {
    lookup_country(alpha2).map(|(_, a3, _)| *a3)
}

/// The alpha-2 code of an ISO 3166-1 alpha-3 code (CAMEO and GDELT use alpha-3).
/// The alpha-2 code of an ISO 3166-1 numeric code (398 → KZ).
pub fn country_from_numeric(numeric: u16) -> Option<&'static str> {
    iso_tables::NUMERIC
        .binary_search_by_key(&numeric, |(n, _)| *n)
        .ok()
        .map(|i| iso_tables::NUMERIC[i].1)
}

pub fn country_alpha2(alpha3: &str) -> Option<&'static str> {
    iso_tables::COUNTRIES
        .iter()
        .find(|(_, a3, _)| *a3 == alpha3)
        .map(|(a2, _, _)| *a2)
}

fn lookup_country(alpha2: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    iso_tables::COUNTRIES
        .binary_search_by(|(a2, _, _)| (*a2).cmp(alpha2))
        .ok()
        .map(|i| &iso_tables::COUNTRIES[i])
}

/// SHA-256 of a source's stored text, in hex.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A set of records held in memory, indexed by id, in a stable order (kind, then id).
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    records: Vec<Record>,
    index: HashMap<RecordId, usize>,
}

macro_rules! typed_iter {
    ($fn:ident, $variant:ident, $ty:ty) => {
        pub fn $fn(&self) -> impl Iterator<Item = &$ty> {
            self.records.iter().filter_map(|r| match r {
                Record::$variant(x) => Some(x),
                _ => None,
            })
        }
    };
}

impl Dataset {
    pub fn new(mut records: Vec<Record>) -> Dataset {
        records.sort_by(|a, b| (a.kind(), a.id()).cmp(&(b.kind(), b.id())));
        let index = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id().clone(), i))
            .collect();
        Dataset { records, index }
    }

    pub fn get(&self, id: &RecordId) -> Option<&Record> {
        self.index.get(id).map(|&i| &self.records[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Record> {
        self.records.iter()
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn into_records(self) -> Vec<Record> {
        self.records
    }

    /// Records of one kind that belong to the relationship `dyad`.
    pub fn in_dyad<'a>(&'a self, dyad: &'a Dyad) -> impl Iterator<Item = &'a Record> + 'a {
        self.records
            .iter()
            .filter(move |r| r.dyads().contains(dyad))
    }

    /// The short name of a source, or the id itself when it is not a source in this dataset.
    pub fn source_short(&self, id: &RecordId) -> String {
        match self.get(id) {
            Some(Record::Source(s)) => s.short.clone(),
            _ => id.to_string(),
        }
    }

    /// The short names of sources by id, joined by "; " (a dash for none): the evidence
    /// column of the command line's tables and the observatory's pages.
    pub fn sources_text(&self, ids: &[String]) -> String {
        if ids.is_empty() {
            return "—".to_string();
        }
        ids.iter()
            .map(|id| self.source_short(&RecordId::new(id.clone())))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The English name of an actor or country, or the id itself.
    pub fn name_of(&self, id: &RecordId) -> String {
        self.get(id)
            .map(|r| r.title())
            .unwrap_or_else(|| id.to_string())
    }

    typed_iter!(events, Event, Event);
    typed_iter!(agreements, Agreement, Agreement);
    typed_iter!(projects, Project, Project);
    typed_iter!(actors, Actor, Actor);
    typed_iter!(countries, Country, Country);
    typed_iter!(sources, Source, Source);
    typed_iter!(periods, Period, Period);
    typed_iter!(targets, Target, Target);
    typed_iter!(observations, Observation, Observation);
    typed_iter!(fx_rates, FxRate, FxRate);
    typed_iter!(commitments, Commitment, Commitment);
}
