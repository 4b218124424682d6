//! The coder: one document in, candidate events, observations and domains out.
//!
//! Per document: fold the text, detect the language, split sentences, find every dictionary
//! term (codebook and gazetteer in one pass) and every date. Per sentence: its sums of money
//! if it can use one (an event that takes or needs an amount, or a figure); the event rules
//! whose triggers (and `requires`, and `needs_amount`) hold propose events;
//! `suppresses` removes weaker readings; each event gets its modality (nearest marker within six
//! words of the trigger), its parties (people, organisations, countries, places and titles
//! resolved by the role held on the document's date), its date (the sentence's first date, else
//! the publication date, marked as such), its amount, its level, its domains and sectors.
//! Within a document, repeated reports of one event are merged (a visit absorbs the talks held
//! during it) and keep every sentence as evidence.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use bilat_model::Dataset;
use bilat_model::date::{Day, FuzzyDate};
use bilat_model::money::Money;
use bilat_model::ontology::{ActorKind, Domain, EventType, Sector};
use bilat_model::record::Fact;
use serde::{Deserialize, Serialize};

use crate::codebook::{Codebook, FileError, Gazetteer, Governs, Level, Modality, Terms};
use crate::dict::{Dict, Hit};
use crate::lang::{self, Detected, Lang};
use crate::normalize::{CharIndex, Folded, fold, fold_term};
use crate::segment;
use crate::{dates, money};

/// What a dictionary term stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Domain(Domain),
    Sector(Sector),
    Trigger(usize),
    Requires(usize),
    Modality(Modality),
    Frame(Governs),
    Level(Level),
    Indicator(usize),
    Receiving,
    Entity(usize),
    Title(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntityKind {
    Person,
    Organisation,
    Country,
    Place,
}

#[derive(Clone, Debug)]
struct Entity {
    id: Option<Arc<str>>,
    kind: EntityKind,
    country: Option<Arc<str>>,
    label: Arc<str>,
    /// The offices the record gives.
    roles: Vec<Role>,
}

impl Entity {
    /// Whether the entity held an office under one of `titles` on day `on` (at any time
    /// without a day).
    fn holds(&self, titles: &[String], on: Option<Day>) -> bool {
        self.roles
            .iter()
            .any(|r| titles.contains(&r.title) && on.is_none_or(|d| r.active(d)))
    }
}

/// An office an actor held: its title as the record writes it, when, and its level.
#[derive(Clone, Debug)]
struct Role {
    title: String,
    from: Option<FuzzyDate>,
    to: Option<FuzzyDate>,
    level: Level,
}

impl Role {
    fn active(&self, on: Day) -> bool {
        self.from.is_none_or(|f| f.first_day() <= on) && self.to.is_none_or(|t| on <= t.last_day())
    }
}

/// The codebook, the gazetteer and the record's names, compiled for matching.
pub struct Reader {
    pub codebook: Codebook,
    gazetteer: Gazetteer,
    entities: Vec<Entity>,
    /// Entities by record id.
    by_id: rustc_hash::FxHashMap<String, usize>,
    /// For each title of the gazetteer, the entities that held it at some time (in order).
    title_holders: Vec<Vec<usize>>,
    dicts: HashMap<Lang, Dict<Tag>>,
}

/// A document to code.
#[derive(Clone, Debug, Default)]
pub struct Document<'a> {
    pub text: &'a str,
    /// The language if known; detected otherwise.
    pub lang: Option<Lang>,
    /// The publication date, for relative dates and events without a date of their own.
    pub published: Option<Day>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Party {
    // Shared strings: a party is cloned into every event of its sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Arc<str>>,
    pub kind: Cow<'static, str>,
    pub name: Arc<str>,
    /// The words of the text that named the party, and their character offsets.
    pub text: Arc<str>,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CodedDate {
    pub value: FuzzyDate,
    pub precision: Cow<'static, str>,
    /// `text` (the sentence states it), `relative` (resolved against the publication date),
    /// `context` (the sentence gives none; the latest date of an earlier sentence is used) or
    /// `publication` (no date before it either; the document's date is used).
    pub basis: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CodedAmount {
    pub money: Money,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Where in the original text a candidate is stated, in characters (as Python counts).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TextInfo {
    pub start: usize,
    pub end: usize,
    pub trigger_start: usize,
    pub trigger_end: usize,
    pub sentence: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Plover {
    // PLOVER's vocabulary: static strings, not copied per event.
    pub event: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Cow<'static, str>>,
    pub context: Vec<Cow<'static, str>>,
}

/// A candidate event, in the spirit of a PLOVER record, with bilat's extensions.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Candidate {
    pub event_type: EventType,
    pub plover: Plover,
    pub cameo: Cow<'static, str>,
    pub goldstein: f32,
    pub modality: Modality,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    pub actor: Vec<Party>,
    pub recipient: Vec<Party>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<CodedDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<CodedAmount>,
    pub domains: Vec<Domain>,
    pub sectors: Vec<Sector>,
    pub text_info: TextInfo,
    /// Further sentences of the same document that report the same event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<TextInfo>,
}

impl Candidate {
    /// The two countries involved (actor's, recipient's), where known.
    pub fn countries(&self) -> (Option<&str>, Option<&str>) {
        fn first(ps: &[Party]) -> Option<&str> {
            ps.iter().find_map(|p| p.country.as_deref())
        }
        (first(&self.actor), first(&self.recipient))
    }
}

/// A figure the text reports, for the record's observations (indicator ids as the record's:
/// `trade.turnover`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ObservationCandidate {
    pub indicator: String,
    pub value: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<FuzzyDate>,
    #[serde(default)]
    pub countries: Vec<String>,
    pub text_info: TextInfo,
}

#[derive(Clone, Debug, Serialize)]
pub struct DomainScore {
    pub domain: Domain,
    pub terms: usize,
}

/// The coding of one document.
#[derive(Clone, Debug, Serialize)]
pub struct Coded {
    pub lang: String,
    /// False when the language is not one bilat reads; nothing else is then filled in.
    pub coded: bool,
    pub codebook: String,
    pub sentences: usize,
    pub domains: Vec<Domain>,
    pub domain_terms: Vec<DomainScore>,
    pub sectors: Vec<Sector>,
    pub events: Vec<Candidate>,
    pub observations: Vec<ObservationCandidate>,
}

/// Patterns for a name from the record: Cyrillic words take case endings (Snowball Russian or
/// the Kazakh stemmer gives the stable part), other scripts match whole words.
fn name_patterns(name: &str) -> Vec<String> {
    let folded = fold_term(name);
    if folded.is_empty() {
        return Vec::new();
    }
    let cyrillic = folded
        .chars()
        .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    if !cyrillic {
        return vec![folded];
    }
    let kazakh = folded.chars().any(|c| "әғқңөұүһі".contains(c));
    let words: Vec<String> = folded
        .split(' ')
        .map(|w| {
            if w.chars().count() < 4 || w.contains('-') {
                return w.to_string();
            }
            let s = if kazakh {
                crate::stem::kazakh(w)
            } else {
                crate::stem::stem(w, Lang::Ru)
            };
            if s.chars().count() >= 3 && w.starts_with(&s) {
                format!("{s}*")
            } else {
                w.to_string()
            }
        })
        .collect();
    vec![words.join(" ")]
}

impl Reader {
    /// Compiles a reader from a codebook, a gazetteer and the record's actors and countries.
    pub fn new(
        codebook: Codebook,
        gazetteer: Gazetteer,
        data: &Dataset,
    ) -> Result<Reader, FileError> {
        let mut entities = Vec::new();
        let mut names: Vec<(usize, String)> = Vec::new();
        for c in data.countries() {
            entities.push(Entity {
                id: Some(c.id.as_str().into()),
                kind: EntityKind::Country,
                country: Some(c.id.as_str().into()),
                label: c.names.en.as_str().into(),
                roles: Vec::new(),
            });
            let i = entities.len() - 1;
            for n in all_names(&c.names) {
                names.push((i, n));
            }
        }
        for a in data.actors() {
            let roles = a
                .claims
                .iter()
                .filter_map(|cl| match &cl.fact {
                    Fact::Role {
                        title, from, to, ..
                    } => Some(Role {
                        title: title.clone(),
                        from: *from,
                        to: *to,
                        level: Level::of_title(title),
                    }),
                    _ => None,
                })
                .collect();
            entities.push(Entity {
                id: Some(a.id.as_str().into()),
                kind: match a.actor_kind {
                    ActorKind::Person => EntityKind::Person,
                    ActorKind::Organisation => EntityKind::Organisation,
                },
                country: a.country.as_ref().map(|c| c.as_str().into()),
                label: a.names.en.as_str().into(),
                roles,
            });
            let i = entities.len() - 1;
            for n in all_names(&a.names) {
                names.push((i, n));
            }
        }
        let country_index: HashMap<String, usize> = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Country)
            .filter_map(|(i, e)| Some((e.country.as_deref()?.to_string(), i)))
            .collect();
        let mut lang_names: Vec<(Lang, usize, String)> = Vec::new();
        for cf in &gazetteer.country {
            let i = match country_index.get(&cf.code) {
                Some(&i) => i,
                None => {
                    entities.push(Entity {
                        id: None,
                        kind: EntityKind::Country,
                        country: Some(cf.code.as_str().into()),
                        label: bilat_model::country_name(&cf.code)
                            .unwrap_or(&cf.code)
                            .into(),
                        roles: Vec::new(),
                    });
                    entities.len() - 1
                }
            };
            for lang in Lang::ALL {
                for t in cf.terms.get(lang) {
                    lang_names.push((lang, i, t.clone()));
                }
            }
        }
        for p in &gazetteer.place {
            entities.push(Entity {
                id: None,
                kind: EntityKind::Place,
                country: Some(p.country.as_str().into()),
                label: p.name.as_str().into(),
                roles: Vec::new(),
            });
            let i = entities.len() - 1;
            for lang in Lang::ALL {
                for t in p.terms.get(lang) {
                    lang_names.push((lang, i, t.clone()));
                }
            }
        }

        let mut dicts = HashMap::new();
        for lang in Lang::ALL {
            let mut d: Dict<Tag> = Dict::new();
            let mut problems = Vec::new();
            let mut add = |d: &mut Dict<Tag>, term: &str, tag: Tag, what: &str| {
                if let Err(e) = d.add(&fold_term(term), tag) {
                    problems.push(format!("{what} ({lang}): {e}"));
                }
            };
            let mut add_terms = |d: &mut Dict<Tag>, terms: &Terms, tag: Tag, what: &str| {
                for t in terms.get(lang) {
                    add(d, t, tag, what);
                }
            };
            for def in &codebook.domain {
                add_terms(
                    &mut d,
                    &def.terms,
                    Tag::Domain(def.id),
                    &format!("domain {}", def.id),
                );
            }
            for def in &codebook.sector {
                add_terms(
                    &mut d,
                    &def.terms,
                    Tag::Sector(def.id),
                    &format!("sector {}", def.id),
                );
            }
            for (i, rule) in codebook.event.iter().enumerate() {
                let what = format!("event {}", rule.event_type);
                add_terms(&mut d, &rule.triggers, Tag::Trigger(i), &what);
                if let Some(req) = &rule.requires {
                    add_terms(&mut d, req, Tag::Requires(i), &what);
                }
            }
            for def in &codebook.modality {
                add_terms(&mut d, &def.terms, Tag::Modality(def.kind), "modality");
            }
            for def in &codebook.frame {
                add_terms(&mut d, &def.terms, Tag::Frame(def.governs), "frame");
            }
            for def in &codebook.level {
                add_terms(&mut d, &def.terms, Tag::Level(def.level), "level");
            }
            if let Some(terms) = &codebook.receiving {
                add_terms(&mut d, terms, Tag::Receiving, "receiving");
            }
            for (i, def) in codebook.indicator.iter().enumerate() {
                add_terms(
                    &mut d,
                    &def.terms,
                    Tag::Indicator(i),
                    &format!("indicator {}", def.id),
                );
            }
            for (i, def) in gazetteer.title.iter().enumerate() {
                add_terms(&mut d, &def.terms, Tag::Title(i), "title");
            }
            for (l, i, t) in &lang_names {
                if *l == lang {
                    add(&mut d, t, Tag::Entity(*i), "gazetteer");
                }
            }
            for (i, n) in &names {
                for p in name_patterns(n) {
                    // Names from the record are data, not edited terms: skip what cannot match.
                    let _ = d.add(&p, Tag::Entity(*i));
                }
            }
            if !problems.is_empty() {
                return Err(FileError {
                    file: "codebook/gazetteer".into(),
                    message: problems.join("; "),
                });
            }
            dicts.insert(lang, d);
        }
        let by_id = entities
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((e.id.as_deref()?.to_string(), i)))
            .collect();
        let title_holders = gazetteer
            .title
            .iter()
            .map(|def| {
                (0..entities.len())
                    .filter(|&i| entities[i].holds(&def.roles, None))
                    .collect()
            })
            .collect();
        Ok(Reader {
            codebook,
            gazetteer,
            entities,
            by_id,
            title_holders,
            dicts,
        })
    }

    /// Every dictionary term of a language, folded, without `*` marks (for benchmark peers).
    pub fn terms(&self, lang: Lang) -> Vec<String> {
        self.dicts.get(&lang).map(Dict::terms).unwrap_or_default()
    }

    /// A reader with the bundled codebook and gazetteer.
    pub fn bundled(data: &Dataset) -> Reader {
        Reader::new(Codebook::bundled(), Gazetteer::bundled(), data)
            .expect("the bundled codebook and gazetteer compile (tested)")
    }

    /// Codes one document.
    pub fn code(&self, doc: &Document) -> Coded {
        let detected = match doc.lang {
            Some(l) => Detected::Known(l),
            None => lang::detect(doc.text),
        };
        let Detected::Known(lang) = detected else {
            return Coded {
                lang: detected.code(),
                coded: false,
                codebook: self.codebook.version.clone(),
                sentences: 0,
                domains: Vec::new(),
                domain_terms: Vec::new(),
                sectors: Vec::new(),
                events: Vec::new(),
                observations: Vec::new(),
            };
        };
        let folded = fold(doc.text);
        let sentence_ranges = segment::sentences(doc.text, Some(lang));
        self.code_folded(doc, lang, &folded, &sentence_ranges)
    }

    /// Codes a document in a known language whose folded text and sentences (byte ranges of the
    /// original) the caller already has, so that they are not computed twice.
    pub fn code_folded(
        &self,
        doc: &Document,
        lang: Lang,
        folded: &Folded,
        sentence_ranges: &[(usize, usize)],
    ) -> Coded {
        let dict = &self.dicts[&lang];
        let hits = dict.find(&folded.text, &folded.words);
        let runs = crate::segment::digit_runs(&folded.text);
        let date_hits = dates::find_in(&folded.text, &folded.words, &runs, doc.published);

        let ctx = DocContext {
            reader: self,
            doc,
            lang,
            folded,
            index: CharIndex::new(doc.text),
            texts: Default::default(),
        };

        let mut events: Vec<Candidate> = Vec::new();
        let mut observations = Vec::new();
        // The parties of the latest sentence that named any, and of the sentence at hand (two
        // buffers, swapped).
        let (mut previous_parties, mut named): (Vec<(usize, Party)>, _) = (Vec::new(), Vec::new());
        // The latest date an earlier sentence gave, for events whose sentence gives none.
        let mut narrative: Option<&dates::DateHit> = None;
        // A place that opens the document ("ASTANA, 4 June –", "Доха, 12 марта."): where the
        // meetings it reports take place unless their sentence names another.
        let mut dateline: Option<Party> = None;
        // The hits of each sentence, in buffers reused from one sentence to the next.
        let (mut s_hits, mut s_dates) = (Vec::new(), Vec::new());
        let mut tags = Tags::default();
        for &(os, oe) in sentence_ranges {
            let fs = folded.folded_offset(os);
            let fe = folded.folded_offset(oe);
            // Both lists are sorted by start: take the run that starts in the sentence.
            within(&hits, &mut s_hits, (fs, fe), |h| (h.start, h.end));
            within(&date_hits, &mut s_dates, (fs, fe), |h| (h.start, h.end));
            tags.read(&s_hits);
            // Amounts are read only in a sentence that can use one: with an event that takes or
            // needs an amount, or a figure. Most sentences have neither.
            let reads_money = tags.indicator.is_some()
                || tags.rules.iter().any(|&(_, t)| match t {
                    Tag::Trigger(r) => {
                        let rule = &self.codebook.event[r];
                        rule.needs_amount || takes_amount(rule.event_type)
                    }
                    _ => false,
                });
            let s_money = if reads_money {
                money::find_between(&folded.text, &folded.words, &runs, (fs, fe))
            } else {
                Vec::new()
            };
            let sentence = Sentence {
                os,
                oe,
                hits: &s_hits,
                dates: &s_dates,
                money: &s_money,
                tags: &tags,
            };
            // A sentence that names nobody continues with the parties of the one before.
            // A sentence without a name or title names nobody: no need to look.
            if !tags.names.is_empty() {
                ctx.parties(&sentence, &mut named);
            }
            if os == sentence_ranges[0].0
                && let Some((_, p)) = named.first()
                && p.kind == "place"
                && p.start == ctx.index.char_of(os)
            {
                dateline = Some(p.clone());
            }
            if !named.is_empty() {
                std::mem::swap(&mut previous_parties, &mut named);
                named.clear();
            }
            let parties = &previous_parties;
            ctx.events(
                &sentence,
                parties,
                narrative,
                dateline.as_ref(),
                &mut events,
            );
            if let Some(&d) = sentence.dates.first() {
                narrative = Some(d);
            }
            observations.extend(ctx.observations(&sentence, parties));
        }
        let events = merge_within(events);
        // Every hit starts in a sentence (they cover all but spaces): the document's terms of
        // each domain and its sectors are what the sentences' tags counted.
        let (domain_terms, sectors) = (tags.domain_terms, tags.all_sectors);

        let mut domains: Set<Domain> = events
            .iter()
            .flat_map(|e| e.domains.iter().copied())
            .collect();
        let mut domain_terms: Vec<DomainScore> = Domain::ALL
            .iter()
            .zip(domain_terms)
            .filter(|(_, terms)| *terms > 0)
            .map(|(&domain, terms)| DomainScore { domain, terms })
            .collect();
        domains.extend(
            domain_terms
                .iter()
                .filter(|d| d.terms >= 2)
                .map(|d| d.domain),
        );
        // A reported figure puts the document in its indicator's domain.
        domains.extend(observations.iter().filter_map(|o| {
            let book = &self.codebook.indicator;
            book.iter().find(|d| d.id == o.indicator)?.domain
        }));
        domain_terms.sort_by_key(|d| (std::cmp::Reverse(d.terms), d.domain));
        Coded {
            lang: lang.code().to_string(),
            coded: true,
            codebook: self.codebook.version.clone(),
            sentences: sentence_ranges.len(),
            domains: domains.iter().collect(),
            domain_terms,
            sectors: sectors.iter().collect(),
            events,
            observations,
        }
    }
}

fn all_names(n: &bilat_model::record::Names) -> Vec<String> {
    let mut v = vec![n.en.clone()];
    v.extend(n.ru.iter().cloned());
    v.extend(n.kk.iter().cloned());
    v.extend(n.ar.iter().cloned());
    v.extend(n.aliases.iter().cloned());
    v
}

/// The ontology's enums (each has fewer than 64 values), for [`Set`].
trait Labelled: Copy + 'static {
    const ALL: &'static [Self];
    fn index(self) -> usize;
}

macro_rules! labelled {
    ($($t:ty),*) => {$(
        impl Labelled for $t {
            const ALL: &'static [Self] = <$t>::ALL;
            fn index(self) -> usize {
                self as usize
            }
        }
    )*};
}
labelled!(Domain, Sector, EventType);

/// A set of values of one of the ontology's enums, as bits in the enum's order (which is its
/// sort order): the sets an event is built with allocate nothing, and iterate sorted.
#[derive(Clone, Copy)]
struct Set<T>(u64, std::marker::PhantomData<T>);

impl<T> Default for Set<T> {
    fn default() -> Self {
        Set(0, std::marker::PhantomData)
    }
}

impl<T: Labelled> Set<T> {
    fn insert(&mut self, v: T) {
        self.0 |= 1 << v.index();
    }

    fn contains(&self, v: T) -> bool {
        self.0 & (1 << v.index()) != 0
    }

    fn is_empty(&self) -> bool {
        self.0 == 0
    }

    fn iter(&self) -> impl Iterator<Item = T> + '_ {
        T::ALL.iter().copied().filter(|v| self.contains(*v))
    }
}

impl<T: Labelled> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for v in items {
            self.insert(v);
        }
    }
}

impl<T: Labelled> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut s = Set::default();
        s.extend(items);
        s
    }
}

/// The items of `all` (sorted by start) that lie within `[fs, fe)`, into `out`.
fn within<'x, T>(
    all: &'x [T],
    out: &mut Vec<&'x T>,
    (fs, fe): (usize, usize),
    span: impl Fn(&T) -> (usize, usize),
) {
    out.clear();
    out.extend(
        all[all.partition_point(|h| span(h).0 < fs)..]
            .iter()
            .take_while(|h| span(h).0 < fe)
            .filter(|h| span(h).1 <= fe),
    );
}

struct Sentence<'s, 'h, 'd> {
    os: usize,
    oe: usize,
    hits: &'s [&'h Hit<'d, Tag>],
    dates: &'s [&'h dates::DateHit],
    money: &'s [money::MoneyHit],
    tags: &'s Tags,
}

/// What the hits of a sentence say, sorted in one pass over them (in the hits' order, and
/// each hit's tags in theirs), so that each step below reads only the tags it needs. A hit is
/// named by its index in [`Sentence::hits`].
#[derive(Default)]
struct Tags {
    /// Names and titles: (start, end, first word, tag), in order, one reading of each span:
    /// nested names are dropped ("Qatar" inside "Qatar Investment Authority"), the longest
    /// reading of overlapping spans kept, entities before titles at equal length.
    names: Vec<(usize, usize, usize, Tag)>,
    /// The hits with a trigger.
    trigger_hits: Vec<usize>,
    /// Triggers, requirements and frames, with their hits.
    rules: Vec<(usize, Tag)>,
    /// Modality markers, with their hits.
    modality: Vec<(usize, Modality)>,
    /// The highest level a level term names.
    level: Option<Level>,
    /// Whether a level term or a title occurs.
    level_or_title: bool,
    domains: Set<Domain>,
    sectors: Set<Sector>,
    /// Across the sentences read so far: the terms of each domain, in the ontology's order,
    /// and the sectors.
    domain_terms: [usize; Domain::ALL.len()],
    all_sectors: Set<Sector>,
    /// The first indicator, with its hit.
    indicator: Option<(usize, usize)>,
    /// Whether a word puts the first party named on the receiving side.
    receiving: bool,
}

impl Tags {
    fn read(&mut self, hits: &[&Hit<Tag>]) {
        self.names.clear();
        self.trigger_hits.clear();
        self.rules.clear();
        self.modality.clear();
        self.level = None;
        self.level_or_title = false;
        self.domains = Set::default();
        self.sectors = Set::default();
        self.indicator = None;
        self.receiving = false;
        for (i, h) in hits.iter().enumerate() {
            let mut trigger = false;
            for &p in h.payloads {
                match p {
                    Tag::Entity(_) => self.names.push((h.start, h.end, h.first_word, p)),
                    Tag::Title(_) => {
                        self.names.push((h.start, h.end, h.first_word, p));
                        self.level_or_title = true;
                    }
                    Tag::Trigger(_) => {
                        trigger = true;
                        self.rules.push((i, p));
                    }
                    Tag::Requires(_) | Tag::Frame(_) => self.rules.push((i, p)),
                    Tag::Modality(m) => self.modality.push((i, m)),
                    Tag::Level(l) => {
                        self.level = Some(self.level.map_or(l, |b| b.min(l)));
                        self.level_or_title = true;
                    }
                    Tag::Domain(d) => {
                        self.domains.insert(d);
                        self.domain_terms[d.index()] += 1;
                    }
                    Tag::Sector(x) => {
                        self.sectors.insert(x);
                        self.all_sectors.insert(x);
                    }
                    Tag::Indicator(k) => {
                        self.indicator.get_or_insert((k, i));
                    }
                    Tag::Receiving => self.receiving = true,
                }
            }
            if trigger {
                self.trigger_hits.push(i);
            }
        }
        self.names
            .sort_by_key(|&(a, b, _, t)| (a, std::cmp::Reverse(b), matches!(t, Tag::Title(_))));
        // Sorted by start, the spans kept do not overlap, so the last one kept ends last.
        let mut end = 0;
        self.names.retain(|&(a, b, _, _)| {
            let keep = a >= end;
            if keep {
                end = b;
            }
            keep
        });
    }
}

struct DocContext<'a> {
    reader: &'a Reader,
    doc: &'a Document<'a>,
    lang: Lang,
    folded: &'a Folded,
    index: CharIndex<'a>,
    /// The words that named parties so far, shared by every party named by the same words.
    texts: std::cell::RefCell<Vec<Arc<str>>>,
}

impl DocContext<'_> {
    /// The original text of a folded range, with its character offsets.
    fn chars(&self, folded_start: usize, folded_end: usize) -> (usize, usize, &str) {
        let (a, b) = self.folded.original_range(folded_start, folded_end);
        (
            self.index.char_of(a),
            self.index.char_of(b),
            &self.doc.text[a..b],
        )
    }

    fn text_info(&self, s: &Sentence, trigger: (usize, usize)) -> TextInfo {
        let (ts, te, _) = self.chars(trigger.0, trigger.1);
        TextInfo {
            start: self.index.char_of(s.os),
            end: self.index.char_of(s.oe),
            trigger_start: ts,
            trigger_end: te,
            sentence: self.doc.text[s.os..s.oe].to_string(),
        }
    }

    /// The date on which titles are resolved: the sentence's date, else publication.
    fn on_date(&self, s: &Sentence) -> Option<Day> {
        s.dates
            .first()
            .map(|d| d.date.first_day())
            .or(self.doc.published)
    }

    fn home_country(&self) -> Option<&'static str> {
        match self.lang {
            Lang::Kk | Lang::Ru => Some("KZ"),
            Lang::Ar => Some("QA"),
            Lang::En => None,
        }
    }

    /// Parties named in a sentence ([`Tags::names`]), in order, into `out` (cleared first), with
    /// titles resolved to people.
    fn parties(&self, s: &Sentence, out: &mut Vec<(usize, Party)>) {
        out.clear();
        let names = &s.tags.names;
        let on = self.on_date(s);
        let entity = |t: &Tag| match t {
            Tag::Entity(i) => Some(&self.reader.entities[*i]),
            _ => None,
        };
        for &(a, b, w, tag) in names {
            let entity = match tag {
                Tag::Title(t) => {
                    let def = &self.reader.gazetteer.title[t];
                    // A person named in the sentence who holds the title on the date: the
                    // title is theirs in apposition ("Mohammed bin Abdulrahman, Prime
                    // Minister of Qatar") and adds nobody.
                    let mut people = names
                        .iter()
                        .filter_map(|(_, _, _, t)| entity(t))
                        .filter(|e| e.kind == EntityKind::Person);
                    if people.any(|e| e.holds(&def.roles, on)) {
                        continue;
                    }
                    let named = |c: &str| {
                        names
                            .iter()
                            .filter_map(|(_, _, _, t)| entity(t)?.country.as_deref())
                            .any(|n| n == c)
                    };
                    self.resolve_title(t, on, named)
                }
                _ => entity(&tag),
            };
            let Some(e) = entity else { continue };
            let (start, end, text) = self.chars(a, b);
            out.push((
                w,
                Party {
                    id: e.id.clone(),
                    country: e.country.clone(),
                    kind: match e.kind {
                        EntityKind::Person => "person",
                        EntityKind::Organisation => "organisation",
                        EntityKind::Country => "country",
                        EntityKind::Place => "place",
                    }
                    .into(),
                    name: e.label.clone(),
                    text: self.shared_text(text),
                    start,
                    end,
                },
            ));
        }
    }

    /// `text` as a shared string, the same one each time the document names a party by the
    /// same words.
    fn shared_text(&self, text: &str) -> Arc<str> {
        let mut texts = self.texts.borrow_mut();
        if let Some(t) = texts.iter().find(|t| ***t == *text) {
            return t.clone();
        }
        let t: Arc<str> = text.into();
        texts.push(t.clone());
        t
    }

    /// The person who holds title `t` on day `on`; of several, the one whose country the
    /// sentence does not name (`named`), else the one of the document's home country, else
    /// the first.
    fn resolve_title(
        &self,
        t: usize,
        on: Option<Day>,
        named: impl Fn(&str) -> bool,
    ) -> Option<&Entity> {
        let def = &self.reader.gazetteer.title[t];
        let on = on?;
        let holders: Vec<&Entity> = self.reader.title_holders[t]
            .iter()
            .map(|&i| &self.reader.entities[i])
            .filter(|e| e.holds(&def.roles, Some(on)))
            .collect();
        if holders.len() <= 1 {
            return holders.into_iter().next();
        }
        let unnamed: Vec<&Entity> = holders
            .iter()
            .copied()
            .filter(|e| e.country.as_deref().is_none_or(|c| !named(c)))
            .collect();
        if unnamed.len() == 1 {
            return Some(unnamed[0]);
        }
        let home = self.home_country();
        holders
            .iter()
            .copied()
            .find(|e| e.country.as_deref() == home)
            .or(holders.first().copied())
    }

    fn level_of<'p>(
        &self,
        parties: impl Iterator<Item = &'p Party>,
        s: &Sentence,
        on: Option<Day>,
    ) -> Option<Level> {
        let mut best: Option<Level> = None;
        for p in parties {
            let Some(id) = &p.id else { continue };
            let Some(e) = self
                .reader
                .by_id
                .get(&**id)
                .map(|&i| &self.reader.entities[i])
            else {
                continue;
            };
            for r in &e.roles {
                if on.is_none_or(|d| r.active(d)) {
                    best = Some(best.map_or(r.level, |b| b.min(r.level)));
                }
            }
        }
        best.or(s.tags.level)
    }

    /// The candidate events of a sentence, added to `out` (candidates are large: they are
    /// written where they stay).
    fn events(
        &self,
        s: &Sentence,
        parties: &[(usize, Party)],
        narrative: Option<&dates::DateHit>,
        dateline: Option<&Party>,
        out: &mut Vec<Candidate>,
    ) {
        let book = &self.reader.codebook;
        // Frames mark the trigger they govern (see `Governs`) as a reference, not an event.
        // The triggers' first words and the words after their last:
        let trigger_starts = || {
            (s.tags.trigger_hits.iter())
                .map(|&i| (s.hits[i].first_word, s.hits[i].first_word + s.hits[i].words))
        };
        if s.tags.trigger_hits.is_empty() {
            return;
        }
        // Word indices of framed triggers, and rules whose requirement the sentence meets.
        let mut framed: Vec<usize> = Vec::new();
        for &(i, p) in &s.tags.rules {
            let f = s.hits[i];
            match p {
                Tag::Frame(Governs::Previous) => {
                    if let Some((a, _)) = trigger_starts().find(|(_, e)| *e == f.first_word) {
                        framed.push(a);
                    }
                }
                Tag::Frame(Governs::Next) => {
                    if s.dates
                        .iter()
                        .any(|d| d.start >= f.end && d.start <= f.end + 2)
                    {
                        continue;
                    }
                    let f_last = f.first_word + f.words - 1;
                    let after = trigger_starts()
                        .filter(|(a, _)| *a > f_last && *a - f_last <= 4)
                        .map(|(a, _)| a)
                        .min();
                    if let Some(a) = after {
                        framed.push(a);
                    }
                }
                _ => {}
            }
        }
        // First unframed trigger of each rule, and whether its requirements hold.
        let mut triggered: Vec<(usize, &Hit<Tag>)> = Vec::new();
        let mut required: Vec<usize> = Vec::new();
        for &(i, p) in &s.tags.rules {
            let h = s.hits[i];
            match p {
                Tag::Trigger(r)
                    if !framed.contains(&h.first_word)
                        && !triggered.iter().any(|(x, _)| *x == r) =>
                {
                    triggered.push((r, h))
                }
                Tag::Requires(r) => required.push(r),
                _ => {}
            }
        }
        let official = !parties.iter().all(|(_, p)| p.kind != "person") || s.tags.level_or_title;
        triggered.retain(|(r, _)| {
            let rule = &book.event[*r];
            let requires_ok = rule.requires.is_none() || required.contains(r);
            let amount_ok = !rule.needs_amount || !s.money.is_empty();
            let official_ok = !rule.needs_official || official;
            requires_ok && amount_ok && official_ok
        });
        let suppressed: Set<EventType> = triggered
            .iter()
            .flat_map(|(r, _)| book.event[*r].suppresses.iter().copied())
            .collect();
        triggered.retain(|(r, _)| !suppressed.contains(book.event[*r].event_type));

        let on = self.on_date(s);
        let has_investment = triggered.iter().any(|(r, _)| {
            matches!(
                book.event[*r].event_type,
                EventType::InvestmentAnnouncement | EventType::Aid
            )
        });
        // The domains and sectors the sentence names: the same for each of its events.
        let (named, sectors) = (&s.tags.domains, &s.tags.sectors);
        for (r, trig) in triggered {
            let rule = &book.event[r];
            let t = rule.event_type;
            let mut modality = self.modality(s, t, trig.first_word, trig.first_word + trig.words);
            let received = s.tags.receiving
                && matches!(
                    t,
                    EventType::PhoneCall
                        | EventType::Statement
                        | EventType::Aid
                        | EventType::Credentials
                );
            let (actor, recipient, place) = assign_roles(t, parties, received, dateline);
            let level = if t.is_visit()
                || matches!(
                    t,
                    EventType::Meeting | EventType::PhoneCall | EventType::MultilateralMeeting
                ) {
                self.level_of(actor.iter().chain(&recipient), s, on)
            } else {
                None
            };
            let coded = |d: &dates::DateHit, basis: &'static str| CodedDate {
                value: d.date,
                precision: d.date.precision().as_str().into(),
                basis: basis.into(),
                text: self.chars(d.start, d.end).2.to_string(),
            };
            let date = match (s.dates.first(), narrative) {
                (Some(d), _) => Some(coded(d, if d.relative { "relative" } else { "text" })),
                (None, Some(d)) => Some(coded(d, "context")),
                (None, None) => self.doc.published.map(|p| CodedDate {
                    value: FuzzyDate::Point(bilat_model::date::Point::Day(p)),
                    precision: "day".into(),
                    basis: "publication".into(),
                    text: String::new(),
                }),
            };
            // "next month", "in the autumn of 2023" written in June 2023: a sentence dated after
            // its publication tells of a plan, whatever its verbs say.
            if modality == Modality::Asserted
                && let (Some(d), Some(p)) = (s.dates.first(), self.doc.published)
                && d.date.first_day() > p
            {
                modality = Modality::Planned;
            }
            // An agreement or a commission takes the amount only if no investment or aid does.
            let carries_money = takes_amount(t)
                && !(has_investment
                    && matches!(t, EventType::AgreementSigned | EventType::Commission));
            let amount = if carries_money {
                s.money.iter().max_by_key(|m| m.money.amount).map(|m| {
                    let (start, end, text) = self.chars(m.start, m.end);
                    CodedAmount {
                        money: m.money.clone(),
                        text: text.to_string(),
                        start,
                        end,
                    }
                })
            } else {
                None
            };
            let mut domains: Set<Domain> = rule.domain.into_iter().collect();
            // Talks at the level of heads of state or government are diplomacy whatever
            // their subject; otherwise the default domain only fills an empty sentence.
            if named.is_empty() || matches!(level, Some(Level::HeadOfState | Level::Government)) {
                domains.extend(rule.default_domain);
            }
            domains.extend(named.iter());
            let m = t.mapping();
            let domains: Vec<Domain> = domains.iter().collect();
            out.push(Candidate {
                event_type: t,
                plover: Plover {
                    event: m.plover.into(),
                    mode: m.plover_mode.map(Cow::Borrowed),
                    context: domains
                        .iter()
                        .map(|d| Cow::Borrowed(d.plover_context()))
                        .collect(),
                },
                cameo: m.cameo.into(),
                goldstein: m.goldstein,
                modality,
                level,
                actor,
                recipient,
                place,
                date,
                amount,
                domains,
                sectors: sectors.iter().collect(),
                text_info: self.text_info(s, (trig.start, trig.end)),
                also: Vec::new(),
            });
        }
    }

    /// The modality of an event from the markers near its trigger: a negation or postponement
    /// within twelve words wins; otherwise the nearest marker within six words; markers inside a
    /// date ("May" in "29 May") do not count, and talks are not made hypothetical or proposed by
    /// what was discussed ("discussed whether a plant could be built" is a real meeting).
    fn modality(&self, s: &Sentence, t: EventType, first: usize, end: usize) -> Modality {
        let talk = matches!(
            t,
            EventType::Meeting
                | EventType::PhoneCall
                | EventType::MultilateralMeeting
                | EventType::Commission
        );
        let mut best: Option<(usize, Modality)> = None;
        let mut negated = false;
        for &(i, m) in &s.tags.modality {
            let h = s.hits[i];
            if s.dates.iter().any(|d| h.start < d.end && d.start < h.end) {
                continue;
            }
            if talk && matches!(m, Modality::Hypothetical | Modality::Proposed) {
                continue;
            }
            let distance = if h.first_word + h.words <= first {
                first - (h.first_word + h.words)
            } else {
                h.first_word.saturating_sub(end)
            };
            if m == Modality::Negated && distance <= 12 {
                negated = true;
            }
            if distance <= 6 && best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, m));
            }
        }
        if negated {
            return Modality::Negated;
        }
        best.map_or(Modality::Asserted, |(_, m)| m)
    }

    fn observations(&self, s: &Sentence, parties: &[(usize, Party)]) -> Vec<ObservationCandidate> {
        let book = &self.reader.codebook;
        let Some((ind, i)) = s.tags.indicator else {
            return Vec::new();
        };
        let h = s.hits[i];
        let Some(m) = s.money.first() else {
            return Vec::new();
        };
        let countries: BTreeSet<String> = parties
            .iter()
            .filter_map(|(_, p)| Some(p.country.as_deref()?.to_string()))
            .collect();
        vec![ObservationCandidate {
            indicator: book.indicator[ind].id.clone(),
            value: m.money.clone(),
            period: s.dates.first().map(|d| d.date),
            countries: countries.into_iter().collect(),
            text_info: self.text_info(s, (h.start, h.end)),
        }]
    }
}

/// Actor and recipient sides from the parties of a sentence: for visits, meetings, commissions,
/// cultural events, investments and aid the country of the place where they happen is the host
/// (recipient); otherwise the first party named acts and the first party of another country
/// receives, or, when the sentence says so (`received`: "X received a call from Y"), the other
/// way round.
/// The document's `dateline` place stands in for a meeting's, commission's or cultural event's
/// place when the sentence names none (not a visit's: a report of a visit abroad is often
/// datelined at home).
fn assign_roles(
    t: EventType,
    parties: &[(usize, Party)],
    received: bool,
    dateline: Option<&Party>,
) -> (Vec<Party>, Vec<Party>, Option<String>) {
    let held_at_dateline = matches!(
        t,
        EventType::Meeting | EventType::Commission | EventType::CulturalEvent
    );
    let place = parties
        .iter()
        .find(|(_, p)| p.kind == "place")
        .map(|(_, p)| p)
        .or(dateline.filter(|_| held_at_dateline));
    let actors = || parties.iter().map(|(_, p)| p).filter(|p| p.kind != "place");
    let host: Option<&str> = if t.is_visit()
        || matches!(
            t,
            EventType::Meeting
                | EventType::Commission
                | EventType::CulturalEvent
                | EventType::InvestmentAnnouncement
                | EventType::Aid
        ) {
        place.and_then(|p| p.country.as_deref())
    } else {
        None
    };
    let mut actor_country: Option<&str> = match host {
        Some(h) => actors().find_map(|p| p.country.as_deref().filter(|c| *c != h)),
        None => actors().find_map(|p| p.country.as_deref()),
    };
    let mut recipient_country: Option<&str> = host.or_else(|| {
        actors().find_map(|p| p.country.as_deref().filter(|c| Some(*c) != actor_country))
    });
    if received && host.is_none() {
        std::mem::swap(&mut actor_country, &mut recipient_country);
    }
    let side = |c: Option<&str>| -> Vec<Party> {
        let Some(c) = c else { return Vec::new() };
        let mut v: Vec<Party> = Vec::new();
        for p in actors().filter(|p| p.country.as_deref() == Some(c)) {
            if !v.iter().any(|q| q.id.is_some() && q.id == p.id) {
                v.push(p.clone());
            }
        }
        if v.is_empty()
            && let Some(p) = place
            && p.country.as_deref() == Some(c)
        {
            v.push(Party {
                kind: "country".into(),
                id: Some(c.into()),
                name: bilat_model::country_name(c).unwrap_or(c).into(),
                ..p.clone()
            });
        }
        v
    };
    let actor = side(actor_country);
    let recipient = if recipient_country == actor_country {
        Vec::new()
    } else {
        side(recipient_country)
    };
    (actor, recipient, place.map(|p| p.name.to_string()))
}

/// The event types that take an amount of their sentence.
fn takes_amount(t: EventType) -> bool {
    matches!(
        t,
        EventType::InvestmentAnnouncement
            | EventType::Aid
            | EventType::AgreementSigned
            | EventType::Commission
    )
}

fn family(t: EventType) -> u8 {
    match t {
        EventType::StateVisit | EventType::OfficialVisit | EventType::WorkingVisit => 1,
        _ => 0,
    }
}

/// Whether two candidates are about the same pair of countries: one names none, or the
/// countries one names are among the other's. (Called for every pair of a document's
/// candidates: no allocation.)
fn same_pair(a: &Candidate, b: &Candidate) -> bool {
    let (a1, a2) = a.countries();
    let (b1, b2) = b.countries();
    let (pa, pb) = ([a1, a2], [b1, b2]);
    let among = |s: &[Option<&str>; 2], t: &[Option<&str>; 2]| {
        s.iter().flatten().all(|x| t.contains(&Some(*x)))
    };
    pa.iter().all(Option::is_none)
        || pb.iter().all(Option::is_none)
        || among(&pa, &pb)
        || among(&pb, &pa)
}

fn dates_agree(a: &Candidate, b: &Candidate) -> bool {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => {
            x.basis == "publication" || y.basis == "publication" || x.value.overlaps(&y.value)
        }
        _ => true,
    }
}

/// The parties of `side` whose country is not one of `other`'s.
fn other_side(side: &[Party], other: &[Party]) -> Vec<Party> {
    side.iter()
        .filter(|p| p.country.is_none() || !other.iter().any(|q| q.country == p.country))
        .cloned()
        .collect()
}

/// Merges repeated reports of one event within a document; a visit, a phone call, a
/// commission, a summit or a presentation of credentials absorbs the talks and statements
/// reported with it.
fn merge_within(events: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(events.len());
    for e in events {
        let target = out.iter_mut().find(|o| {
            let absorbs = matches!(
                o.event_type,
                EventType::StateVisit
                    | EventType::OfficialVisit
                    | EventType::WorkingVisit
                    | EventType::PhoneCall
                    | EventType::Commission
                    | EventType::MultilateralMeeting
                    | EventType::Credentials
            ) && matches!(e.event_type, EventType::Meeting | EventType::Statement);
            let same_kind = o.event_type == e.event_type
                || (family(o.event_type) == 1 && family(e.event_type) == 1)
                || absorbs;
            let same_modality = o.modality == e.modality || absorbs;
            same_kind && same_modality && same_pair(o, &e) && dates_agree(o, &e)
        });
        match target {
            Some(o) => {
                // The more specific visit type wins (state > official > working).
                if family(o.event_type) == 1
                    && family(e.event_type) == 1
                    && e.event_type < o.event_type
                {
                    o.event_type = e.event_type;
                }
                if o.amount.is_none() {
                    o.amount = e.amount.clone();
                }
                if o.level.is_none() || e.level.is_some_and(|l| o.level.is_some_and(|ol| l < ol)) {
                    o.level = e.level.or(o.level);
                }
                if o.date.as_ref().is_none_or(|d| d.basis == "publication")
                    && e.date.as_ref().is_some_and(|d| d.basis != "publication")
                {
                    o.date = e.date.clone();
                }
                // A side taken from the other report never repeats a country of the other side.
                if o.actor.is_empty() {
                    o.actor = other_side(&e.actor, &o.recipient);
                }
                if o.recipient.is_empty() {
                    o.recipient = other_side(&e.recipient, &o.actor);
                }
                if o.place.is_none() {
                    o.place = e.place.clone();
                }
                for d in &e.domains {
                    if !o.domains.contains(d) {
                        o.domains.push(*d);
                    }
                }
                o.domains.sort();
                for x in &e.sectors {
                    if !o.sectors.contains(x) {
                        o.sectors.push(*x);
                    }
                }
                o.also.push(e.text_info);
            }
            None => out.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds<T: Labelled + Ord + std::fmt::Debug>() {
        assert!(T::ALL.len() < 64);
        for (i, v) in T::ALL.iter().enumerate() {
            assert_eq!(v.index(), i, "{v:?}");
        }
        // Iteration is in sort order, as a BTreeSet's was.
        let set: Set<T> = T::ALL.iter().rev().copied().collect();
        let got: Vec<T> = set.iter().collect();
        let mut sorted = T::ALL.to_vec();
        sorted.sort();
        assert_eq!(got, sorted);
        let mut one = Set::default();
        one.insert(T::ALL[T::ALL.len() - 1]);
        assert!(one.contains(T::ALL[T::ALL.len() - 1]) && !one.contains(T::ALL[0]));
        assert!(!one.is_empty() && Set::<T>::default().is_empty());
    }

    #[test]
    fn sets_of_the_ontology_s_values_are_bits_in_sort_order() {
        holds::<Domain>();
        holds::<Sector>();
        holds::<EventType>();
    }
}
