//! The records of the relationship and the claims that support them.
//!
//! A record ([`Event`], [`Agreement`], [`Project`], …) carries bilat's own coding (its type,
//! title, domains) and a list of [`Claim`]s: facts that a source states, each with
//! [`Evidence`]. Two sources that disagree give two claims on the same record; nothing is
//! overwritten. A record's displayed value (its date, its planned investment) is resolved from
//! its claims by [`Claims`] helpers, and `check` reports where claims conflict.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::date::FuzzyDate;
use crate::money::{Currency, Money, Quantity};
use crate::ontology::*;

/// A record's identifier: `KZ` for a country, otherwise a kind prefix and a slug
/// (`ev:2024-02-14-state-visit`, `ac:tokayev`, `src:paper-2025`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub String);

impl RecordId {
    pub fn new(text: impl Into<String>) -> RecordId {
        RecordId(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kind this id names, from its prefix (two capital letters: a country).
    pub fn kind(&self) -> Option<Kind> {
        if self.0.len() == 2 && self.0.bytes().all(|b| b.is_ascii_uppercase()) {
            return Some(Kind::Country);
        }
        let (prefix, slug) = self.0.split_once(':')?;
        if slug.is_empty()
            || !slug
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        {
            return None;
        }
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.prefix() == Some(prefix))
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kinds of record, in the order in which an import writes them (referenced kinds first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Country,
    Source,
    Actor,
    FxRate,
    Period,
    Agreement,
    Event,
    Project,
    Commitment,
    Target,
    Observation,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Country,
        Kind::Source,
        Kind::Actor,
        Kind::FxRate,
        Kind::Period,
        Kind::Agreement,
        Kind::Event,
        Kind::Project,
        Kind::Commitment,
        Kind::Target,
        Kind::Observation,
    ];

    pub fn prefix(self) -> Option<&'static str> {
        Some(match self {
            Kind::Country => return None,
            Kind::Source => "src",
            Kind::Actor => "ac",
            Kind::FxRate => "fx",
            Kind::Period => "pe",
            Kind::Agreement => "ag",
            Kind::Event => "ev",
            Kind::Project => "pr",
            Kind::Commitment => "cm",
            Kind::Target => "tg",
            Kind::Observation => "ob",
        })
    }

    /// The singular name (`event`), used in JSON and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Source => "source",
            Kind::Actor => "actor",
            Kind::FxRate => "fx_rate",
            Kind::Period => "period",
            Kind::Agreement => "agreement",
            Kind::Event => "event",
            Kind::Project => "project",
            Kind::Commitment => "commitment",
            Kind::Target => "target",
            Kind::Observation => "observation",
        }
    }

    /// The file stem of this kind in an export (`events` → `events.jsonl`).
    pub fn file_stem(self) -> &'static str {
        match self {
            Kind::Country => "countries",
            Kind::Source => "sources",
            Kind::Actor => "actors",
            Kind::FxRate => "fx_rates",
            Kind::Period => "periods",
            Kind::Agreement => "agreements",
            Kind::Event => "events",
            Kind::Project => "projects",
            Kind::Commitment => "commitments",
            Kind::Target => "targets",
            Kind::Observation => "observations",
        }
    }

    pub fn from_file_stem(stem: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.file_stem() == stem)
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name or title in the four languages bilat writes and reads; English is required.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ru: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ar: Option<String>,
    /// Other spellings in any language (transliterations, short forms, inflected forms).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Names {
    pub fn en(text: impl Into<String>) -> Names {
        Names {
            en: text.into(),
            ..Names::default()
        }
    }
}

/// Where in a source a claim is stated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Locator {
    /// A section or heading of the source, in the source's words.
    Section(String),
    /// A page number (1-based) of a paginated source.
    Page(u32),
    /// A character span `[start, end)` of the source's stored text.
    Span(usize, usize),
    /// The whole source (a short news item, a legal act by its number).
    Whole,
}

impl fmt::Display for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locator::Section(s) => write!(f, "§ {s}"),
            Locator::Page(p) => write!(f, "p. {p}"),
            Locator::Span(a, b) => write!(f, "chars {a}–{b}"),
            Locator::Whole => f.write_str("whole"),
        }
    }
}

/// A source and the place in it that states a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub source: RecordId,
    pub locator: Locator,
    /// The first 16 hex digits of the SHA-256 of the quoted words, so a reviewer can confirm a
    /// quote without the record holding the source's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_hash: Option<String>,
}

/// The hash stored in [`Evidence::quote_hash`]: whitespace collapsed, then SHA-256, 16 hex digits.
pub fn quote_hash(quote: &str) -> String {
    use sha2::{Digest, Sha256};
    let normalised = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let digest = Sha256::digest(normalised.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// A stage of money: AidData and IATI keep pledged, committed and disbursed amounts apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoneyStage {
    Pledged,
    Committed,
    Disbursed,
    Estimated,
}

impl MoneyStage {
    pub fn as_str(self) -> &'static str {
        match self {
            MoneyStage::Pledged => "pledged",
            MoneyStage::Committed => "committed",
            MoneyStage::Disbursed => "disbursed",
            MoneyStage::Estimated => "estimated",
        }
    }
}

/// What a source states. The `fact` tag names the variant in JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Fact {
    /// When an event took place (or a project started).
    Date {
        date: FuzzyDate,
    },
    Place {
        place: String,
    },
    /// An actor took part, in a PLOVER role; `title` is the office the source names them by
    /// ("Emir", "Prime Minister"), checked against the actor's roles at the event's date.
    Participant {
        actor: RecordId,
        role: ParticipantRole,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
    /// Money involved in an event.
    Amount {
        amount: Money,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stage: Option<MoneyStage>,
    },
    /// An office an actor held, with its start and end where known.
    Role {
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        organisation: Option<RecordId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<FuzzyDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<FuzzyDate>,
    },
    Signed {
        date: FuzzyDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
    },
    /// Ratification (or approval) by one party, with the legal act that did it.
    Ratified {
        party: RecordId,
        date: FuzzyDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        act: Option<String>,
    },
    InForce {
        date: FuzzyDate,
    },
    Status {
        status: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<FuzzyDate>,
    },
    PlannedInvestment {
        amount: Money,
    },
    /// A measured value of an observation's indicator for a period.
    Value {
        value: Quantity,
        period: FuzzyDate,
    },
    /// A target's value and the date by which it should be reached (if stated).
    TargetValue {
        value: Quantity,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<FuzzyDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        set_on: Option<FuzzyDate>,
    },
    Deadline {
        date: FuzzyDate,
    },
    /// A party's compliance with a commitment over a period, scored as the G7/G20 Research
    /// Group does: +1 full or nearly full, 0 work in progress (or blocked by others), -1 no
    /// action or action against it; always with a written justification.
    Compliance {
        party: RecordId,
        score: i8,
        period: FuzzyDate,
        justification: String,
    },
    /// The span of a period of the relationship.
    Span {
        date: FuzzyDate,
    },
    /// How many units of the currency one US dollar buys, as an average over `period`.
    Rate {
        per_usd: Decimal,
        period: FuzzyDate,
    },
    /// This record concerns another (a signing event concerns its agreement).
    Concerns {
        record: RecordId,
    },
    /// A summary in bilat's own words of what the source says.
    Describes {
        summary: String,
    },
}

impl Fact {
    pub fn name(&self) -> &'static str {
        match self {
            Fact::Date { .. } => "date",
            Fact::Place { .. } => "place",
            Fact::Participant { .. } => "participant",
            Fact::Amount { .. } => "amount",
            Fact::Role { .. } => "role",
            Fact::Signed { .. } => "signed",
            Fact::Ratified { .. } => "ratified",
            Fact::InForce { .. } => "in_force",
            Fact::Status { .. } => "status",
            Fact::PlannedInvestment { .. } => "planned_investment",
            Fact::Value { .. } => "value",
            Fact::TargetValue { .. } => "target_value",
            Fact::Deadline { .. } => "deadline",
            Fact::Compliance { .. } => "compliance",
            Fact::Span { .. } => "span",
            Fact::Rate { .. } => "rate",
            Fact::Concerns { .. } => "concerns",
            Fact::Describes { .. } => "describes",
        }
    }

    /// A one-line rendering for tables and `show`.
    pub fn summary(&self) -> String {
        match self {
            Fact::Date { date } => format!("date {date}"),
            Fact::Place { place } => format!("place {place}"),
            Fact::Participant { actor, role, title } => match title {
                Some(t) => format!("{role} {actor} as {t}"),
                None => format!("{role} {actor}"),
            },
            Fact::Amount { amount, stage } => match stage {
                Some(s) => format!("amount {amount} ({})", s.as_str()),
                None => format!("amount {amount}"),
            },
            Fact::Role {
                title,
                organisation,
                from,
                to,
            } => {
                let span = format!("{}–{}", opt(from), opt(to));
                match organisation {
                    Some(o) => format!("role {title} ({o}) {span}"),
                    None => format!("role {title} {span}"),
                }
            }
            Fact::Signed { date, place } => match place {
                Some(p) => format!("signed {date} in {p}"),
                None => format!("signed {date}"),
            },
            Fact::Ratified { party, date, act } => match act {
                Some(a) => format!("ratified by {party} {date} ({a})"),
                None => format!("ratified by {party} {date}"),
            },
            Fact::InForce { date } => format!("in force {date}"),
            Fact::Status { status, date } => match date {
                Some(d) => format!("status {status} as of {d}"),
                None => format!("status {status}"),
            },
            Fact::PlannedInvestment { amount } => format!("planned investment {amount}"),
            Fact::Value { value, period } => format!("value {value} for {period}"),
            Fact::TargetValue { value, by, .. } => match by {
                Some(b) => format!("target {value} by {b}"),
                None => format!("target {value}"),
            },
            Fact::Deadline { date } => format!("deadline {date}"),
            Fact::Compliance {
                party,
                score,
                period,
                ..
            } => format!("compliance of {party} {score:+} for {period}"),
            Fact::Span { date } => format!("span {date}"),
            Fact::Rate { per_usd, period } => {
                format!("{} per USD in {period}", per_usd.normalize())
            }
            Fact::Concerns { record } => format!("concerns {record}"),
            Fact::Describes { summary } => summary.clone(),
        }
    }
}

fn opt(date: &Option<FuzzyDate>) -> String {
    date.map(|d| d.to_string())
        .unwrap_or_else(|| "…".to_owned())
}

/// A fact with the evidence for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    #[serde(flatten)]
    pub fact: Fact,
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Two states in either order, written `KZ-QA` (sorted).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Dyad(String, String);

impl Dyad {
    pub fn new(a: &str, b: &str) -> Result<Dyad, String> {
        for c in [a, b] {
            if crate::country_name(c).is_none() {
                return Err(format!(
                    "expected an ISO 3166-1 alpha-2 country code, found `{c}`"
                ));
            }
        }
        if a == b {
            return Err(format!(
                "a dyad needs two different countries, found `{a}` twice"
            ));
        }
        let (x, y) = if a <= b { (a, b) } else { (b, a) };
        Ok(Dyad(x.to_owned(), y.to_owned()))
    }

    pub fn countries(&self) -> (&str, &str) {
        (&self.0, &self.1)
    }
}

impl TryFrom<String> for Dyad {
    type Error = String;
    fn try_from(text: String) -> Result<Dyad, String> {
        let (a, b) = text
            .split_once('-')
            .ok_or_else(|| format!("expected a dyad such as KZ-QA, found `{text}`"))?;
        Dyad::new(a, b)
    }
}

impl From<Dyad> for String {
    fn from(d: Dyad) -> String {
        d.to_string()
    }
}

impl fmt::Display for Dyad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.0, self.1)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    pub id: RecordId,
    pub alpha3: String,
    pub names: Names,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: RecordId,
    pub actor_kind: ActorKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<RecordId>,
    pub names: Names,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    pub claims: Vec<Claim>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: RecordId,
    /// A short name for tables ("Abu Shawer et al. 2025", "Kazinform 2024-07-03").
    pub short: String,
    pub source_kind: SourceKind,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<FuzzyDate>,
    /// ISO 639-1 code of the source's language.
    pub language: String,
    /// How bilat found the source (for a page cited through another source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The stored text of the source, when bilat keeps it (spans point into it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// SHA-256 (hex) of `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: RecordId,
    pub event_type: EventType,
    pub title: Names,
    pub dyads: Vec<Dyad>,
    /// Other states involved beyond the dyad (the blockading states of 2017).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<RecordId>,
    pub domains: Vec<Domain>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<Sector>,
    pub claims: Vec<Claim>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    pub id: RecordId,
    pub agreement_kind: AgreementKind,
    pub title: Names,
    pub dyads: Vec<Dyad>,
    /// The parties: countries, governments or organisations.
    pub parties: Vec<RecordId>,
    pub domains: Vec<Domain>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<Sector>,
    pub claims: Vec<Claim>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub id: RecordId,
    pub title: Names,
    pub dyads: Vec<Dyad>,
    pub sector: Sector,
    pub domains: Vec<Domain>,
    pub aggregation: Aggregation,
    pub claims: Vec<Claim>,
}

/// A discrete, specific, future-oriented statement of intent (G7/G20 Research Group's
/// definition), or a proposal of one. Its lifecycle (status claims), deadline, owners
/// (participants in the `owner` role), compliance scores and evidence are claims; where it
/// sits in the agreement's roadmap is bilat's structure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub id: RecordId,
    pub title: Names,
    pub dyads: Vec<Dyad>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<RecordId>,
    #[serde(default = "default_origin", skip_serializing_if = "is_agreed")]
    pub origin: CommitmentOrigin,
    #[serde(default = "default_level", skip_serializing_if = "is_objective")]
    pub level: RoadmapLevel,
    /// The goal or objective this one serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<RecordId>,
    /// Commitments that must be done first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<RecordId>,
    pub domains: Vec<Domain>,
    pub claims: Vec<Claim>,
}

fn default_origin() -> CommitmentOrigin {
    CommitmentOrigin::Agreed
}

fn is_agreed(o: &CommitmentOrigin) -> bool {
    *o == CommitmentOrigin::Agreed
}

fn default_level() -> RoadmapLevel {
    RoadmapLevel::Objective
}

fn is_objective(l: &RoadmapLevel) -> bool {
    *l == RoadmapLevel::Objective
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: RecordId,
    /// A stable indicator name shared with observations (`trade.turnover`).
    pub indicator: String,
    pub title: Names,
    pub dyads: Vec<Dyad>,
    pub claims: Vec<Claim>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub id: RecordId,
    pub indicator: String,
    pub title: Names,
    pub dyads: Vec<Dyad>,
    pub claims: Vec<Claim>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub id: RecordId,
    pub title: Names,
    pub dyads: Vec<Dyad>,
    pub claims: Vec<Claim>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FxRate {
    pub id: RecordId,
    pub currency: Currency,
    pub claims: Vec<Claim>,
}

/// Any record. In a file of one kind (`events.jsonl`) the kind is given by the file name; in a
/// mixed file each line names its kind in a `kind` field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Country(Country),
    Source(Source),
    Actor(Actor),
    FxRate(FxRate),
    Period(Period),
    Agreement(Agreement),
    Event(Event),
    Project(Project),
    Commitment(Commitment),
    Target(Target),
    Observation(Observation),
}

impl Record {
    pub fn id(&self) -> &RecordId {
        match self {
            Record::Country(r) => &r.id,
            Record::Source(r) => &r.id,
            Record::Actor(r) => &r.id,
            Record::FxRate(r) => &r.id,
            Record::Period(r) => &r.id,
            Record::Agreement(r) => &r.id,
            Record::Event(r) => &r.id,
            Record::Project(r) => &r.id,
            Record::Commitment(r) => &r.id,
            Record::Target(r) => &r.id,
            Record::Observation(r) => &r.id,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Record::Country(_) => Kind::Country,
            Record::Source(_) => Kind::Source,
            Record::Actor(_) => Kind::Actor,
            Record::FxRate(_) => Kind::FxRate,
            Record::Period(_) => Kind::Period,
            Record::Agreement(_) => Kind::Agreement,
            Record::Event(_) => Kind::Event,
            Record::Project(_) => Kind::Project,
            Record::Commitment(_) => Kind::Commitment,
            Record::Target(_) => Kind::Target,
            Record::Observation(_) => Kind::Observation,
        }
    }

    /// The English title or name.
    pub fn title(&self) -> String {
        match self {
            Record::Country(r) => r.names.en.clone(),
            Record::Source(r) => r.title.clone(),
            Record::Actor(r) => r.names.en.clone(),
            Record::FxRate(r) => format!("{} per US dollar", r.currency),
            Record::Period(r) => r.title.en.clone(),
            Record::Agreement(r) => r.title.en.clone(),
            Record::Event(r) => r.title.en.clone(),
            Record::Project(r) => r.title.en.clone(),
            Record::Commitment(r) => r.title.en.clone(),
            Record::Target(r) => r.title.en.clone(),
            Record::Observation(r) => r.title.en.clone(),
        }
    }

    pub fn claims(&self) -> &[Claim] {
        match self {
            Record::Country(_) | Record::Source(_) => &[],
            Record::Actor(r) => &r.claims,
            Record::FxRate(r) => &r.claims,
            Record::Period(r) => &r.claims,
            Record::Agreement(r) => &r.claims,
            Record::Event(r) => &r.claims,
            Record::Project(r) => &r.claims,
            Record::Commitment(r) => &r.claims,
            Record::Target(r) => &r.claims,
            Record::Observation(r) => &r.claims,
        }
    }

    pub fn claims_mut(&mut self) -> Option<&mut Vec<Claim>> {
        Some(match self {
            Record::Country(_) | Record::Source(_) => return None,
            Record::Actor(r) => &mut r.claims,
            Record::FxRate(r) => &mut r.claims,
            Record::Period(r) => &mut r.claims,
            Record::Agreement(r) => &mut r.claims,
            Record::Event(r) => &mut r.claims,
            Record::Project(r) => &mut r.claims,
            Record::Commitment(r) => &mut r.claims,
            Record::Target(r) => &mut r.claims,
            Record::Observation(r) => &mut r.claims,
        })
    }

    pub fn dyads(&self) -> &[Dyad] {
        match self {
            Record::Period(r) => &r.dyads,
            Record::Agreement(r) => &r.dyads,
            Record::Event(r) => &r.dyads,
            Record::Project(r) => &r.dyads,
            Record::Commitment(r) => &r.dyads,
            Record::Target(r) => &r.dyads,
            Record::Observation(r) => &r.dyads,
            Record::Country(_) | Record::Source(_) | Record::Actor(_) | Record::FxRate(_) => &[],
        }
    }

    /// The date a timeline sorts this record by: the earliest date any claim gives.
    pub fn sort_date(&self) -> Option<FuzzyDate> {
        if let Record::Source(s) = self {
            return s.date;
        }
        self.claims()
            .iter()
            .filter_map(|c| match &c.fact {
                Fact::Date { date } | Fact::Signed { date, .. } | Fact::Span { date } => {
                    Some(*date)
                }
                Fact::Value { period, .. } => Some(*period),
                _ => None,
            })
            .min_by_key(|d| (d.first_day(), d.last_day()))
    }

    /// Every record id this record refers to (for dangling-reference checks).
    pub fn references(&self) -> Vec<&RecordId> {
        let mut refs: Vec<&RecordId> = Vec::new();
        match self {
            Record::Actor(a) => refs.extend(a.country.iter()),
            Record::Event(e) => refs.extend(e.countries.iter()),
            Record::Agreement(a) => refs.extend(a.parties.iter()),
            Record::Commitment(c) => {
                refs.extend(c.agreement.iter());
                refs.extend(c.parent.iter());
                refs.extend(c.depends_on.iter());
            }
            _ => {}
        }
        for claim in self.claims() {
            refs.extend(claim.evidence.iter().map(|e| &e.source));
            match &claim.fact {
                Fact::Participant { actor, .. } => refs.push(actor),
                Fact::Role {
                    organisation: Some(o),
                    ..
                } => refs.push(o),
                Fact::Ratified { party, .. } | Fact::Compliance { party, .. } => refs.push(party),
                Fact::Concerns { record } => refs.push(record),
                _ => {}
            }
        }
        refs
    }
}
