//! # bilat-brief
//!
//! The dyad brief: key figures, the timeline grouped into the record's periods, the areas of
//! cooperation (the paper's Table 1) and the key projects with planned investment (its Table 2),
//! all generated from the record, and the sources behind them. No I/O: [`Brief::build`] takes a
//! [`Dataset`] and gives a value that renders as Markdown ([`Brief::to_markdown`]) or serialises
//! to JSON.
//!
//! Every row carries the short names of the sources it rests on. Money totals follow the
//! AidData rule: only projects marked `counted` are added; pledges and umbrella packages are
//! listed as excluded, and where sources disagree on a counted project's amount the total is a
//! range, not a pick.

pub mod i18n;

pub use i18n::Lang;
pub mod measures;
pub mod obligations;
pub mod pdf;
pub mod people;
pub mod routes;
pub mod trade;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use bilat_model::check::check;
use bilat_model::money::human_amount;
use bilat_model::{
    Aggregation, Claim, Dataset, Domain, Dyad, Fact, FuzzyDate, Record, RecordId, fx,
};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Brief {
    pub lang: Lang,
    pub dyad: String,
    pub countries: (String, String),
    /// The latest date in the record; figures are "as of" it, never as of the wall clock.
    pub as_of: Option<String>,
    /// How the brief was asked for as the record stood on a day (`build_on`), if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_on: Option<&'static str>,
    pub key_figures: KeyFigures,
    pub timeline: Vec<PeriodBlock>,
    pub areas: Areas,
    pub projects: Projects,
    pub conflicts: usize,
    pub sources: Vec<SourceRow>,
    /// Transport routes between the two countries, when a corridor network is given
    /// ([`Brief::with_routes`]).
    pub routes: Option<routes::RoutesSection>,
    /// The intensity index per domain and year.
    pub intensity: measures::Intensity,
    /// Turnover and the targets' trajectories from the record's sourced aggregates.
    pub trade: Option<trade::TradeSection>,
    /// Agreements, commitments (assessed on the brief's day) and conflicts between sources.
    pub obligations: Option<obligations::Obligations>,
    /// Phases detected in the intensity series, as many as the record's periods (else 3),
    /// and the record's periods to compare with.
    pub periods: Vec<measures::DetectedPeriod>,
    pub record_periods: Vec<(String, String)>,
    /// Who's who: the actors of the pair's events, with their Arabic names.
    pub people: Vec<people::PersonRow>,
}

#[derive(Debug, Serialize)]
pub struct KeyFigures {
    pub relations_since: Option<String>,
    pub years_of_relations: Option<i32>,
    pub events: usize,
    pub visits_by_decade: BTreeMap<String, usize>,
    pub agreements: usize,
    pub agreements_signed: usize,
    pub agreements_ratified: usize,
    /// Agreements the record says entered into force (an in-force claim or that status).
    pub agreements_in_force: usize,
    pub targets: Vec<TargetRow>,
}

#[derive(Debug, Serialize)]
pub struct TargetRow {
    pub title: String,
    pub value: String,
    pub set_on: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PeriodBlock {
    pub title: String,
    pub span: Option<String>,
    pub events: Vec<TimelineRow>,
}

#[derive(Debug, Serialize)]
pub struct TimelineRow {
    pub id: String,
    pub date: String,
    pub title: String,
    /// Who, where and how much, generated from the event's claims in the brief's language.
    pub details: String,
    pub event_type: String,
    pub domains: Vec<String>,
    /// True when the record's sources give dates that cannot all be right.
    pub dates_disagree: bool,
    pub sources: Vec<String>,
    /// For the timeline chart: visit, agreement, conflict or other.
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Areas {
    pub from: i32,
    pub to: i32,
    pub rows: Vec<AreaRow>,
}

#[derive(Debug, Serialize)]
pub struct AreaRow {
    pub domain: String,
    pub activities: Vec<String>,
    pub years: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Projects {
    pub rows: Vec<ProjectRow>,
    /// The sum of counted projects in USD: lowest and highest where sources disagree.
    pub total_usd: (String, String),
    pub excluded: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ProjectRow {
    pub id: String,
    pub title: String,
    pub sector: String,
    pub planned_investment: Vec<String>,
    pub status: Option<String>,
    pub aggregation: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SourceRow {
    pub id: String,
    pub short: String,
    pub title: String,
    pub url: Option<String>,
}

/// Collects source short names and remembers every source cited.
struct Citations<'a> {
    data: &'a Dataset,
    cited: BTreeSet<RecordId>,
}

impl<'a> Citations<'a> {
    fn of<'c>(&mut self, claims: impl IntoIterator<Item = &'c Claim>) -> Vec<String> {
        let mut shorts = Vec::new();
        for claim in claims {
            for ev in &claim.evidence {
                self.cited.insert(ev.source.clone());
                let short = self.data.source_short(&ev.source);
                if !shorts.contains(&short) {
                    shorts.push(short);
                }
            }
        }
        shorts
    }
}

/// The most precise date any claim gives (the earliest among equals).
pub fn best_date(record: &Record) -> Option<FuzzyDate> {
    record
        .claims()
        .iter()
        .filter_map(|c| match &c.fact {
            Fact::Date { date } | Fact::Signed { date, .. } => Some(*date),
            _ => None,
        })
        .min_by_key(|d| (d.precision(), d.first_day()))
}

impl Brief {
    /// Builds the brief of `dyad`. Table 1 covers the years `window` (inclusive), by default
    /// the span of the record's latest period.
    pub fn build(data: &Dataset, dyad: &Dyad, window: Option<(i32, i32)>, lang: Lang) -> Brief {
        Brief::build_on(data, dyad, window, lang, None)
    }

    /// The brief as the record stood on a day ([`bilat_track::as_stood_on`]), commitments
    /// and targets assessed on that day. `None`: the whole record, as of its latest dated
    /// entry.
    pub fn build_on(
        data: &Dataset,
        dyad: &Dyad,
        window: Option<(i32, i32)>,
        lang: Lang,
        on: Option<(bilat_model::Day, bilat_track::Hindsight)>,
    ) -> Brief {
        let held;
        let data = match on {
            Some((d, hindsight)) => {
                held = bilat_track::as_stood_on(data, d, hindsight);
                &held
            }
            None => data,
        };
        let day = on.map(|(d, _)| d);
        let mut cite = Citations {
            data,
            cited: BTreeSet::new(),
        };
        let records: Vec<&Record> = data.in_dyad(dyad).collect();
        let events: Vec<&Record> = {
            let mut e: Vec<&Record> = records
                .iter()
                .copied()
                .filter(|r| matches!(r, Record::Event(_)))
                .collect();
            e.sort_by_key(|r| best_date(r).map(|d| (d.first_day(), d.last_day())));
            e
        };
        let as_of = day.or_else(|| {
            records
                .iter()
                .filter(|r| !matches!(r, Record::Period(_)))
                .filter_map(|r| best_date(r))
                .map(|d| d.last_day())
                .max()
        });
        let report = check(data);
        let date_conflicts: BTreeSet<&RecordId> = report
            .conflicts
            .iter()
            .filter(|c| c.kind == bilat_model::check::ConflictKind::Date)
            .map(|c| &c.record)
            .collect();

        let key_figures = key_figures(data, &records, &events, as_of, lang, &mut cite);
        let timeline = timeline(data, dyad, &events, &date_conflicts, lang, &mut cite);
        let window = window.unwrap_or_else(|| {
            latest_period(data, dyad)
                .unwrap_or((as_of.map_or(0, |d| d.year) - 2, as_of.map_or(0, |d| d.year)))
        });
        let areas = areas(&records, window, lang, &mut cite);
        let projects = projects(data, &records, lang, &mut cite);
        let people = people::people(data, &events, lang, &mut cite);
        // Figures count once their sources exist (`bilat_track::known_on`): the trade section
        // is as of the latest day the record knows, its sources' dates included.
        let known = day.or_else(|| {
            data.iter()
                .filter_map(|r| match r {
                    Record::Source(s) => s.date.map(|d| d.last_day()),
                    _ => None,
                })
                .chain(as_of)
                .max()
        });
        let trade = known.map(|day| trade::trade_section(data, dyad, day, lang));
        let obligations = known.map(|day| obligations::obligations(data, dyad, day, lang, &report));
        if let Some(t) = &trade {
            cite.cited.extend(t.cited.iter().cloned());
        }
        let (a, b) = dyad.countries();
        let sources = cite
            .cited
            .iter()
            .filter_map(|id| match data.get(id) {
                Some(Record::Source(s)) => Some(SourceRow {
                    id: s.id.to_string(),
                    short: s.short.clone(),
                    title: s.title.clone(),
                    url: s.url.clone(),
                }),
                _ => None,
            })
            .collect();
        let intensity = measures::intensity(data, dyad);
        let record_periods = measures::record_periods(data, dyad, lang);
        Brief {
            lang,
            dyad: dyad.to_string(),
            countries: (country(data, a, lang), country(data, b, lang)),
            as_of: as_of.map(|d| d.to_string()),
            held_on: on.map(|(_, h)| match h {
                bilat_track::Hindsight::Now => "now",
                bilat_track::Hindsight::Then => "then",
            }),
            key_figures,
            timeline,
            areas,
            projects,
            routes: None,
            periods: measures::periods(
                data,
                dyad,
                &intensity,
                if record_periods.is_empty() {
                    3
                } else {
                    record_periods.len()
                },
                lang,
            ),
            record_periods,
            people,
            intensity,
            trade,
            obligations,
            conflicts: report
                .conflicts
                .iter()
                .filter(|c| records.iter().any(|r| r.id() == &c.record))
                .count(),
            sources,
        }
    }
}

/// A country's name in `lang` (its code when the record lacks it).
fn country(data: &Dataset, code: &str, lang: Lang) -> String {
    match data.get(&RecordId::new(code)) {
        Some(Record::Country(c)) => i18n::name(lang, &c.names),
        _ => code.to_string(),
    }
}

/// An event's participants, place and amounts from its claims: "Tokayev → Sheikh Tamim;
/// with: Samruk-Kazyna · Doha · USD 15 m". Actors (the side that acts or visits) before the
/// arrow, recipients (the host) after it; names from the record in `lang`, places through
/// the texts table (a place it lacks stays as the record writes it). No case endings are
/// needed: names stand alone, in the nominative.
fn event_details(data: &Dataset, claims: &[Claim], lang: Lang) -> String {
    use bilat_model::ParticipantRole as Role;
    let (mut actors, mut recipients, mut others) = (Vec::new(), Vec::new(), Vec::new());
    let (mut places, mut amounts) = (Vec::new(), Vec::new());
    for c in claims {
        match &c.fact {
            Fact::Participant { actor, role, .. } => {
                let name = i18n::record_name(data, actor, lang);
                let list = match role {
                    Role::Actor => &mut actors,
                    Role::Recipient => &mut recipients,
                    Role::Mentioned => continue,
                    _ => &mut others,
                };
                if !list.contains(&name) {
                    list.push(name);
                }
            }
            Fact::Place { place } => {
                let p = i18n::place(lang, place);
                if !places.contains(&p) {
                    places.push(p);
                }
            }
            Fact::Amount { amount, .. } => {
                let a = amount.to_string();
                if !amounts.contains(&a) {
                    amounts.push(a);
                }
            }
            _ => {}
        }
    }
    let mut parts = Vec::new();
    let who = match (actors.is_empty(), recipients.is_empty()) {
        (false, false) => format!("{} → {}", actors.join(", "), recipients.join(", ")),
        (false, true) => actors.join(", "),
        (true, false) => recipients.join(", "),
        (true, true) => String::new(),
    };
    if !who.is_empty() {
        parts.push(who);
    }
    if !others.is_empty() {
        parts.push(i18n::trf(
            lang,
            "with: {list}",
            &[("list", others.join(", "))],
        ));
    }
    parts.extend(places);
    if !amounts.is_empty() {
        parts.push(amounts.join(" / "));
    }
    parts.join(" · ")
}

fn latest_period(data: &Dataset, dyad: &Dyad) -> Option<(i32, i32)> {
    data.periods()
        .filter(|p| p.dyads.contains(dyad))
        .filter_map(|p| {
            p.claims.iter().find_map(|c| match &c.fact {
                Fact::Span { date } => Some((date.first_day().year, date.last_day().year)),
                _ => None,
            })
        })
        .max()
}

fn key_figures(
    data: &Dataset,
    records: &[&Record],
    events: &[&Record],
    as_of: Option<bilat_model::Day>,
    lang: Lang,
    cite: &mut Citations<'_>,
) -> KeyFigures {
    let relations = events.iter().find_map(|r| match r {
        Record::Event(e) if e.event_type == bilat_model::EventType::EstablishRelations => {
            best_date(r)
        }
        _ => None,
    });
    let mut visits_by_decade = BTreeMap::new();
    for r in events {
        if let Record::Event(e) = r
            && e.event_type.is_visit()
            && let Some(d) = r.sort_date()
        {
            *visits_by_decade
                .entry(format!("{}s", d.year_of() / 10 * 10))
                .or_insert(0) += 1;
        }
    }
    let agreements: Vec<&Record> = records
        .iter()
        .copied()
        .filter(|r| matches!(r, Record::Agreement(_)))
        .collect();
    let has = |r: &Record, name: &str| r.claims().iter().any(|c| c.fact.name() == name);
    let targets = data
        .targets()
        .filter(|t| records.iter().any(|r| r.id() == &t.id))
        .flat_map(|t| {
            t.claims.iter().filter_map(move |c| match &c.fact {
                Fact::TargetValue { value, set_on, .. } => Some((t, c, value, set_on)),
                _ => None,
            })
        })
        .map(|(t, c, value, set_on)| TargetRow {
            title: i18n::name(lang, &t.title),
            value: value.to_string(),
            set_on: set_on.map(|d| d.to_string()),
            sources: cite.of([c]),
        })
        .collect();
    KeyFigures {
        relations_since: relations.map(|d| d.to_string()),
        years_of_relations: match (relations, as_of) {
            (Some(r), Some(a)) => Some(a.year - r.first_day().year),
            _ => None,
        },
        events: events.len(),
        visits_by_decade,
        agreements: agreements.len(),
        agreements_signed: agreements.iter().filter(|r| has(r, "signed")).count(),
        agreements_ratified: agreements
            .iter()
            .filter(|r| {
                r.claims().iter().any(|c| match &c.fact {
                    Fact::Ratified { .. } => true,
                    Fact::Status { status, .. } => status == "ratified" || status == "in_force",
                    _ => false,
                })
            })
            .count(),
        agreements_in_force: agreements
            .iter()
            .filter(|r| {
                r.claims().iter().any(|c| match &c.fact {
                    Fact::InForce { .. } => true,
                    Fact::Status { status, .. } => status == "in_force",
                    _ => false,
                })
            })
            .count(),
        targets,
    }
}

fn timeline(
    data: &Dataset,
    dyad: &Dyad,
    events: &[&Record],
    date_conflicts: &BTreeSet<&RecordId>,
    lang: Lang,
    cite: &mut Citations<'_>,
) -> Vec<PeriodBlock> {
    let mut periods: Vec<(String, FuzzyDate)> = data
        .periods()
        .filter(|p| p.dyads.contains(dyad))
        .filter_map(|p| {
            p.claims.iter().find_map(|c| match &c.fact {
                Fact::Span { date } => Some((i18n::name(lang, &p.title), *date)),
                _ => None,
            })
        })
        .collect();
    periods.sort_by_key(|(_, d)| d.first_day());
    let mut blocks: Vec<PeriodBlock> = periods
        .iter()
        .map(|(t, d)| PeriodBlock {
            title: t.clone(),
            span: Some(d.to_string()),
            events: Vec::new(),
        })
        .collect();
    let mut outside = PeriodBlock {
        title: i18n::tr(lang, "Outside the record's periods"),
        span: None,
        events: Vec::new(),
    };
    for r in events {
        let Record::Event(e) = r else { continue };
        let Some(date) = best_date(r) else { continue };
        let row = TimelineRow {
            id: e.id.to_string(),
            date: date.to_string(),
            title: i18n::name(lang, &e.title),
            details: event_details(data, &e.claims, lang),
            event_type: i18n::tr(lang, e.event_type.label()),
            domains: e
                .domains
                .iter()
                .map(|d| i18n::tr(lang, d.label()))
                .collect(),
            dates_disagree: date_conflicts.contains(&e.id),
            kind: if e.event_type.is_visit() {
                "visit"
            } else if matches!(
                e.event_type,
                bilat_model::EventType::AgreementSigned | bilat_model::EventType::AgreementRatified
            ) {
                "agreement"
            } else if e.event_type.mapping().goldstein < 0.0 {
                "conflict"
            } else {
                "other"
            },
            sources: cite.of(&e.claims),
        };
        // An event belongs to the last period that has begun by its best-attested date.
        let start = date.first_day();
        match periods
            .iter()
            .rposition(|(_, span)| span.first_day() <= start && start <= span.last_day())
        {
            Some(i) => blocks[i].events.push(row),
            None => outside.events.push(row),
        }
    }
    if !outside.events.is_empty() {
        blocks.push(outside);
    }
    blocks
}

fn areas(
    records: &[&Record],
    (from, to): (i32, i32),
    lang: Lang,
    cite: &mut Citations<'_>,
) -> Areas {
    let in_window = |r: &Record| {
        r.sort_date()
            .is_some_and(|d| d.year_of() >= from && d.year_of() <= to)
    };
    let rows = Domain::ALL
        .iter()
        .map(|domain| {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            let mut agreements = Vec::new();
            let mut projects = Vec::new();
            let mut years = BTreeSet::new();
            let mut claims: Vec<&Claim> = Vec::new();
            for r in records.iter().copied().filter(|r| in_window(r)) {
                let year = r.sort_date().map(|d| d.year_of());
                let matched = match r {
                    Record::Event(e) if e.domains.contains(domain) => {
                        *counts
                            .entry(i18n::tr(lang, e.event_type.label()))
                            .or_insert(0) += 1;
                        true
                    }
                    Record::Agreement(a) if a.domains.contains(domain) => {
                        agreements.push(i18n::name(lang, &a.title));
                        true
                    }
                    Record::Project(p) if p.domains.contains(domain) => {
                        projects.push(i18n::name(lang, &p.title));
                        true
                    }
                    _ => false,
                };
                if matched {
                    years.extend(year);
                    claims.extend(r.claims());
                }
            }
            let mut activities: Vec<String> = counts
                .into_iter()
                .map(|(label, n)| {
                    if n > 1 {
                        format!("{label} ×{n}")
                    } else {
                        label
                    }
                })
                .collect();
            activities.extend(agreements);
            activities.extend(
                projects
                    .into_iter()
                    .map(|p| i18n::trf(lang, "project: {p}", &[("p", p)])),
            );
            AreaRow {
                domain: i18n::tr(lang, domain.label()),
                activities,
                years: match (years.first(), years.last()) {
                    (Some(a), Some(b)) if a == b => Some(a.to_string()),
                    (Some(a), Some(b)) => Some(format!("{a}–{b}")),
                    _ => None,
                },
                sources: cite.of(claims),
            }
        })
        .collect();
    Areas { from, to, rows }
}

fn projects(data: &Dataset, records: &[&Record], lang: Lang, cite: &mut Citations<'_>) -> Projects {
    let rates: Vec<&bilat_model::FxRate> = data.fx_rates().collect();
    let mut rows = Vec::new();
    let (mut low, mut high) = (Decimal::ZERO, Decimal::ZERO);
    let mut excluded = Vec::new();
    for r in records {
        let Record::Project(p) = r else { continue };
        let date = r.sort_date();
        let amounts: Vec<(&Claim, &bilat_model::Money)> = p
            .claims
            .iter()
            .filter_map(|c| match &c.fact {
                Fact::PlannedInvestment { amount } => Some((c, amount)),
                _ => None,
            })
            .collect();
        let planned_investment = amounts
            .iter()
            .map(|(c, m)| {
                format!(
                    "{m} ({})",
                    c.evidence
                        .iter()
                        .map(|e| data.source_short(&e.source))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            })
            .collect();
        let usd: Vec<Decimal> = amounts
            .iter()
            .filter_map(|(_, m)| fx::to_usd(m, date, rates.iter().copied()).map(|c| c.usd))
            .collect();
        if p.aggregation == Aggregation::Counted {
            low += usd.iter().min().copied().unwrap_or_default();
            high += usd.iter().max().copied().unwrap_or_default();
        } else if !amounts.is_empty() {
            excluded.push(format!(
                "{} ({})",
                i18n::name(lang, &p.title),
                i18n::tr(lang, p.aggregation.label())
            ));
        }
        let status = p.claims.iter().rev().find_map(|c| match &c.fact {
            Fact::Status { status, .. } => Some(i18n::status(lang, status)),
            _ => None,
        });
        rows.push(ProjectRow {
            id: p.id.to_string(),
            title: i18n::name(lang, &p.title),
            sector: i18n::tr(lang, p.sector.label()),
            planned_investment,
            status,
            aggregation: p.aggregation.as_str().to_owned(),
            sources: cite.of(&p.claims),
        });
    }
    Projects {
        rows,
        total_usd: (human_amount(low), human_amount(high)),
        excluded,
    }
}

/// The brief's stylesheet: readable on screen and in print, black on white.
/// The brief page's style sheet (the web observatory serves it as a file).
pub const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;line-height:1.45;color:#111;background:#fff;margin:0}main{max-width:1100px;margin:0 auto;padding:1.5rem}h1{font-size:1.7rem;border-bottom:2px solid #111;padding-bottom:.3rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #999}table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .4rem;vertical-align:top;text-align:left}th{background:#eee}figure{margin:1rem 0}figure svg{max-width:100%;height:auto}a{color:#0b3d91}@media print{main{max-width:none;padding:0}h2{break-after:avoid}table,figure{break-inside:avoid}}";

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Wraps each run of Arabic words in the HTML's text (not in tags, not in SVG) in
/// `<bdi lang="ar" dir="rtl">`, so that browsers pick an Arabic font and keep the run's
/// order whatever punctuation stands beside it.
/// Markdown as HTML, for the brief and for pages that show one of its sections. HTML written
/// in the Markdown (by a record's text, say) comes out as text, never as markup; autolinks
/// stay links.
pub fn markdown_to_html(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let events = Parser::new_ext(md, Options::ENABLE_TABLES).map(|e| match e {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

fn mark_arabic(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let (mut in_tag, mut in_svg, mut run) = (false, false, String::new());
    let flush = |out: &mut String, run: &mut String| {
        if run.is_empty() {
            return;
        }
        let words = run.trim_end();
        out.push_str(&format!("<bdi lang=\"ar\" dir=\"rtl\">{words}</bdi>"));
        out.push_str(&run[words.len()..]);
        run.clear();
    };
    for (i, c) in html.char_indices() {
        if in_tag {
            out.push(c);
            if c == '>' {
                in_tag = false;
            }
            continue;
        }
        if c == '<' {
            flush(&mut out, &mut run);
            let rest = &html[i..];
            if rest.starts_with("<svg") {
                in_svg = true;
            } else if rest.starts_with("</svg>") {
                in_svg = false;
            }
            in_tag = true;
            out.push(c);
        } else if !in_svg && (is_arabic(c) || (!run.is_empty() && c == ' ')) {
            run.push(c);
        } else {
            flush(&mut out, &mut run);
            out.push(c);
        }
    }
    flush(&mut out, &mut run);
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

impl Brief {
    /// Adds the transport section: the Pareto routes from country `from` to country `to`
    /// (ISO alpha-2) over `net`, and what `scenario` (such as the 2017 blockade) closes.
    pub fn with_routes(
        mut self,
        data: &Dataset,
        net: &bilat_route::Network,
        (from, to): (&str, &str),
        scenario: Option<&bilat_route::Scenario>,
    ) -> Brief {
        let lang = self.lang;
        self.routes = routes::routes_section(
            net,
            from,
            to,
            scenario,
            &|code| country(data, code, lang),
            lang,
            bilat_route::Cargo::Container,
        );
        self
    }

    /// Adds the pair's trade from imported HS-level files to the trade section (the record's
    /// sourced aggregates stay beside it).
    pub fn with_imported_trade(
        mut self,
        data: &Dataset,
        dyad: &Dyad,
        trade: bilat_trade::dyad::DyadTrade,
        product_names: &BTreeMap<String, String>,
    ) -> Brief {
        let imported = trade::Imported::new(data, dyad, trade, product_names, self.lang);
        if let Some(t) = self.trade.as_mut() {
            t.imported = Some(imported);
        }
        self
    }

    /// The brief as one self-contained HTML page: the Markdown rendered, inline CSS, the
    /// intensity chart and the route map as inline SVG, nothing fetched from the network.
    pub fn to_html(&self) -> String {
        let body = self.html_body();
        let (a, b) = &self.countries;
        format!(
            "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
            self.lang.code(),
            html_escape(&i18n::trf(
                self.lang,
                "{a} – {b}: dyad brief",
                &[("a", a.clone()), ("b", b.clone())]
            ))
        )
    }

    /// The brief's content as HTML (no page around it), for [`Brief::to_html`] and for pages
    /// that show the brief inside their own layout (the web observatory).
    pub fn html_body(&self) -> String {
        let mut body = markdown_to_html(&self.to_markdown());
        // The charts go right after their sections' headings.
        for (heading, svgs) in self.charts() {
            let h2 = format!("<h2>{}</h2>", html_escape(&heading));
            if let Some(start) = body.find(&h2) {
                let at = start + h2.len();
                let figures: String = svgs
                    .iter()
                    .map(|(_, svg)| format!("\n<figure>{svg}</figure>"))
                    .collect();
                body.insert_str(at, &figures);
            }
        }
        mark_arabic(&self.link_sources(&body))
    }

    /// The charts, each under the heading of its section (in the brief's language): the
    /// heading, then (file name, SVG) of each chart, for the HTML page and the PDF alike.
    pub fn charts(&self) -> Vec<(String, Vec<(&'static str, String)>)> {
        let l = self.lang;
        let mut out = Vec::new();
        let timeline = self.timeline_svg();
        if !timeline.is_empty() {
            out.push((i18n::tr(l, "Timeline"), vec![("timeline.svg", timeline)]));
        }
        if let Some(svg) = self.trade.as_ref().and_then(|t| t.to_svg(l)) {
            out.push((i18n::tr(l, "Trade"), vec![("trade.svg", svg)]));
        }
        out.push((
            i18n::tr(l, "Intensity by domain and year"),
            vec![("intensity.svg", self.intensity.to_svg(l))],
        ));
        if let Some(r) = &self.routes {
            let (a, b) = &self.countries;
            let title = i18n::trf(
                l,
                "Transport routes ({a} → {b})",
                &[("a", a.clone()), ("b", b.clone())],
            );
            out.push((
                title,
                vec![
                    ("routes.svg", r.map_svg.clone()),
                    ("routes-tcd.svg", r.tcd_svg.clone()),
                ],
            ));
        }
        // Money scales in the brief's language, as in its text.
        for (_, svgs) in &mut out {
            for (_, svg) in svgs {
                *svg = i18n::amounts(l, svg);
            }
        }
        out
    }

    /// The timeline as a chart: the record's periods as bands, each event a mark in its year
    /// (visits round, agreements square, conflict crossed), stacked where a year has several.
    pub fn timeline_svg(&self) -> String {
        use std::fmt::Write as _;
        let l = self.lang;
        let year = |d: &str| d.get(..4).and_then(|y| y.parse::<i32>().ok());
        let events: Vec<(i32, &TimelineRow)> = self
            .timeline
            .iter()
            .flat_map(|b| &b.events)
            .filter_map(|e| Some((year(&e.date)?, e)))
            .collect();
        let (Some(y0), Some(y1)) = (
            events.iter().map(|e| e.0).min(),
            events.iter().map(|e| e.0).max(),
        ) else {
            return String::new();
        };
        let per_year = events
            .iter()
            .fold(BTreeMap::<i32, usize>::new(), |mut m, (y, _)| {
                *m.entry(*y).or_default() += 1;
                m
            });
        let tallest = per_year.values().copied().max().unwrap_or(1) as f64;
        let (w, left, base) = (900.0, 30.0, 60.0 + tallest * 11.0);
        let h = base + 70.0;
        let x = |y: i32| left + f64::from(y - y0) / f64::from((y1 - y0).max(1)) * (w - 2.0 * left);
        let mut svg = String::new();
        let _ = write!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h:.0}" role="img" aria-label="{}" font-family="DejaVu Sans, Arial, sans-serif" font-size="10">"#,
            html_escape(&i18n::tr(l, "Timeline"))
        );
        for (i, b) in self.timeline.iter().enumerate() {
            let span: Vec<i32> = b
                .span
                .as_deref()
                .unwrap_or("")
                .split('/')
                .filter_map(year)
                .collect();
            if let [a, z] = span[..] {
                let (xa, xz) = (x(a.max(y0)), x(z.min(y1)) + 4.0);
                let fill = if i % 2 == 0 { "#eeeeee" } else { "#dddddd" };
                let _ = write!(
                    svg,
                    r#"<rect x="{xa:.1}" y="10" width="{:.1}" height="{:.1}" fill="{fill}"/><text x="{:.1}" y="22">{}</text>"#,
                    (xz - xa).max(1.0),
                    base - 10.0,
                    xa + 3.0,
                    html_escape(&b.title)
                );
            }
        }
        let _ = write!(
            svg,
            r#"<line x1="{left}" y1="{base:.1}" x2="{:.1}" y2="{base:.1}" stroke="black"/>"#,
            w - left
        );
        let mut stack: BTreeMap<i32, usize> = BTreeMap::new();
        for (y, e) in &events {
            let n = stack.entry(*y).or_default();
            let (cx, cy) = (x(*y), base - 6.0 - *n as f64 * 11.0);
            *n += 1;
            let title = format!(
                "<title>{} {}</title>",
                html_escape(&e.date),
                html_escape(&e.title)
            );
            let _ = match e.kind {
                "visit" => write!(
                    svg,
                    r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="4" fill="black">{title}</circle>"#
                ),
                "agreement" => write!(
                    svg,
                    r#"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="white" stroke="black">{title}</rect>"#,
                    cx - 4.0,
                    cy - 4.0
                ),
                "conflict" => write!(
                    svg,
                    r#"<path d="M{:.1},{:.1}L{:.1},{:.1}M{:.1},{:.1}L{:.1},{:.1}" stroke="black" stroke-width="2">{title}</path>"#,
                    cx - 4.0,
                    cy - 4.0,
                    cx + 4.0,
                    cy + 4.0,
                    cx - 4.0,
                    cy + 4.0,
                    cx + 4.0,
                    cy - 4.0
                ),
                _ => {
                    write!(
                        svg,
                        r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="2.5" fill="#777777">{title}</circle>"##
                    )
                }
            };
        }
        for y in (y0..=y1).filter(|y| y % 5 == 0 || *y == y0 || *y == y1) {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{y}</text>"#,
                x(y),
                base + 14.0
            );
        }
        let legend = [
            ("visit", "Visits"),
            ("agreement", "Agreements"),
            ("conflict", "Conflict"),
            ("other", "Other events"),
        ];
        for (i, (kind, label)) in legend.iter().enumerate() {
            let (lx, ly) = (left + i as f64 * 180.0, h - 20.0);
            let mark = match *kind {
                "visit" => format!(r#"<circle cx="{lx}" cy="{ly}" r="4" fill="black"/>"#),
                "agreement" => format!(
                    r#"<rect x="{}" y="{}" width="8" height="8" fill="white" stroke="black"/>"#,
                    lx - 4.0,
                    ly - 4.0
                ),
                "conflict" => format!(
                    r#"<path d="M{},{}L{},{}M{},{}L{},{}" stroke="black" stroke-width="2"/>"#,
                    lx - 4.0,
                    ly - 4.0,
                    lx + 4.0,
                    ly + 4.0,
                    lx - 4.0,
                    ly + 4.0,
                    lx + 4.0,
                    ly - 4.0
                ),
                _ => format!(r##"<circle cx="{lx}" cy="{ly}" r="2.5" fill="#777777"/>"##),
            };
            let _ = write!(
                svg,
                r#"{mark}<text x="{}" y="{}">{}</text>"#,
                lx + 9.0,
                ly + 3.5,
                html_escape(&i18n::tr(l, label))
            );
        }
        svg.push_str("</svg>");
        svg
    }

    /// Every source's short name in a table cell becomes a link to its entry in the list of
    /// sources, which gets an anchor (`src-` and the record id).
    fn link_sources(&self, body: &str) -> String {
        let anchor = |id: &str| {
            format!(
                "src-{}",
                id.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
            )
        };
        let mut sources: Vec<&SourceRow> = self.sources.iter().collect();
        // Longest names first, so that one name inside another is not linked twice.
        sources.sort_by_key(|s| std::cmp::Reverse(s.short.len()));
        let mut out = String::with_capacity(body.len() * 2);
        let mut rest = body;
        while let Some(start) = rest.find("<td>") {
            let Some(len) = rest[start..].find("</td>") else {
                break;
            };
            let (before, cell) = (&rest[..start], &rest[start..start + len]);
            out.push_str(before);
            // Placeholders first, then links, so a link's own text is not matched again.
            let mut cell = cell.to_string();
            for (i, s) in sources.iter().enumerate() {
                let short = html_escape(&s.short);
                if !short.is_empty() && cell.contains(&short) {
                    cell = cell.replace(&short, &format!("\u{1}{i}\u{2}"));
                }
            }
            for (i, s) in sources.iter().enumerate() {
                let token = format!("\u{1}{i}\u{2}");
                if cell.contains(&token) {
                    let link = format!(
                        "<a href=\"#{}\">{}</a>",
                        anchor(&s.id),
                        html_escape(&s.short)
                    );
                    cell = cell.replace(&token, &link);
                }
            }
            out.push_str(&cell);
            rest = &rest[start + len..];
        }
        out.push_str(rest);
        // The list of sources: each entry gets its anchor.
        for s in &self.sources {
            let item = format!("<li><strong>{}</strong>", html_escape(&s.short));
            out = out.replacen(
                &item,
                &format!(
                    "<li id=\"{}\"><strong>{}</strong>",
                    anchor(&s.id),
                    html_escape(&s.short)
                ),
                1,
            );
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        use i18n::{tr, trf};
        let l = self.lang;
        let mut md = String::new();
        let (a, b) = &self.countries;
        let _ = writeln!(
            md,
            "# {}\n",
            trf(
                l,
                "{a} – {b}: dyad brief",
                &[("a", a.clone()), ("b", b.clone())]
            )
        );
        if let Some(d) = &self.as_of {
            let text = match self.held_on {
                Some("then") => {
                    "Generated by bilat from the record as it stood on {d}: only what its sources had reported by then. Every row names its sources; the list is at the end."
                }
                Some(_) => {
                    "Generated by bilat from the record as it stood on {d}: what had happened by then, as the record knows it now (later sources included). Every row names its sources; the list is at the end."
                }
                None => {
                    "Generated by bilat from the record, as of its latest dated entry ({d}). Every row names its sources; the list is at the end."
                }
            };
            let _ = writeln!(md, "{}\n", trf(l, text, &[("d", d.clone())]));
        }
        let k = &self.key_figures;
        let _ = writeln!(md, "## {}\n", tr(l, "Key figures"));
        if let (Some(since), Some(years)) = (&k.relations_since, k.years_of_relations) {
            let line = trf(
                l,
                "Diplomatic relations since {since} ({years})",
                &[
                    ("since", since.clone()),
                    ("years", i18n::years(l, i64::from(years))),
                ],
            );
            let _ = writeln!(md, "- {line}");
        }
        let _ = writeln!(
            md,
            "- {}",
            trf(
                l,
                "Events in the record: {n}",
                &[("n", k.events.to_string())]
            )
        );
        let visits: Vec<String> = k
            .visits_by_decade
            .iter()
            .map(|(d, n)| {
                let decade = trf(
                    l,
                    "{decade}s",
                    &[("decade", d.trim_end_matches('s').to_string())],
                );
                format!("{decade}: {n}")
            })
            .collect();
        let list = if visits.is_empty() {
            tr(l, "none")
        } else {
            visits.join(", ")
        };
        let _ = writeln!(
            md,
            "- {}",
            trf(l, "Visits by decade: {list}", &[("list", list)])
        );
        let _ = writeln!(
            md,
            "- {}",
            trf(
                l,
                "Agreements: {n} in the record, {signed} with a signing date, {ratified} ratified, {force} in force",
                &[
                    ("n", k.agreements.to_string()),
                    ("signed", k.agreements_signed.to_string()),
                    ("ratified", k.agreements_ratified.to_string()),
                    ("force", k.agreements_in_force.to_string()),
                ]
            )
        );
        // The latest turnover against its target, from the trade section.
        if let Some(t) = self.trade.as_ref().and_then(|t| t.headline()) {
            let _ = writeln!(
                md,
                "- {}",
                trf(
                    l,
                    "Latest trade turnover: {value} ({period}), {share} of the {target} target ({sources})",
                    &[
                        ("value", t.0),
                        ("period", t.1),
                        ("share", t.2),
                        ("target", t.3),
                        ("sources", t.4),
                    ]
                )
            );
        }
        let _ = writeln!(
            md,
            "- {}",
            trf(
                l,
                "Planned investment of counted projects: USD {lo} to USD {hi} ({excluded} excluded from the total)",
                &[
                    ("lo", self.projects.total_usd.0.clone()),
                    ("hi", self.projects.total_usd.1.clone()),
                    ("excluded", self.projects.excluded.len().to_string()),
                ]
            )
        );
        for t in &k.targets {
            let _ = writeln!(
                md,
                "- {}",
                trf(
                    l,
                    "Target: {title} — {value} (set {date}; {sources})",
                    &[
                        ("title", t.title.clone()),
                        ("value", t.value.clone()),
                        ("date", t.set_on.clone().unwrap_or_else(|| tr(l, "undated"))),
                        ("sources", t.sources.join("; ")),
                    ]
                )
            );
        }
        if let Some(o) = &self.obligations
            && !o.commitments.is_empty()
        {
            let counts: Vec<String> = o
                .by_confidence()
                .iter()
                .map(|(c, n)| format!("{n} {}", tr(l, c)))
                .collect();
            let agreed = o
                .commitments
                .iter()
                .filter(|c| c.origin == "agreed")
                .count();
            let _ = writeln!(
                md,
                "- {}",
                trf(
                    l,
                    "Commitments: {n} ({agreed} agreed, {proposed} proposed): {counts}",
                    &[
                        ("n", o.commitments.len().to_string()),
                        ("agreed", agreed.to_string()),
                        ("proposed", (o.commitments.len() - agreed).to_string()),
                        ("counts", counts.join(", ")),
                    ]
                )
            );
        }
        let _ = writeln!(
            md,
            "- {}\n",
            trf(
                l,
                "Open conflicts between sources: {n} (run `bilat check`)",
                &[("n", self.conflicts.to_string())]
            )
        );

        let _ = writeln!(md, "## {}\n", tr(l, "Timeline"));
        for block in &self.timeline {
            match &block.span {
                Some(span) => {
                    let _ = writeln!(md, "### {} ({span})\n", block.title);
                }
                None => {
                    let _ = writeln!(md, "### {}\n", block.title);
                }
            }
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |\n|---|---|---|---|",
                tr(l, "Date"),
                tr(l, "Event"),
                tr(l, "Type"),
                tr(l, "Sources")
            );
            for e in &block.events {
                let flag = if e.dates_disagree {
                    format!(" {}", tr(l, "⚠ sources disagree on the date"))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    md,
                    "| {}{flag} | {} | {} | {} |",
                    e.date,
                    cell(&if e.details.is_empty() {
                        e.title.clone()
                    } else {
                        format!("{} — {}", e.title, e.details)
                    }),
                    e.event_type,
                    cell(&e.sources.join("; "))
                );
            }
            md.push('\n');
        }

        let _ = writeln!(
            md,
            "## {}\n",
            trf(
                l,
                "Areas of cooperation ({from}–{to})",
                &[
                    ("from", self.areas.from.to_string()),
                    ("to", self.areas.to.to_string())
                ]
            )
        );
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |\n|---|---|---|---|",
            tr(l, "Direction of cooperation"),
            tr(l, "Main activities and agreements"),
            tr(l, "Years"),
            tr(l, "Sources")
        );
        for row in &self.areas.rows {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                row.domain,
                cell(&row.activities.join("; ")),
                row.years.as_deref().unwrap_or("—"),
                cell(&row.sources.join("; "))
            );
        }
        md.push('\n');

        let _ = writeln!(md, "## {}\n", tr(l, "Key projects and planned investment"));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|",
            tr(l, "Project"),
            tr(l, "Sector"),
            tr(l, "Planned investment"),
            tr(l, "Status"),
            tr(l, "In totals"),
            tr(l, "Sources")
        );
        for p in &self.projects.rows {
            let planned = if p.planned_investment.is_empty() {
                "—".to_owned()
            } else {
                p.planned_investment.join("; ")
            };
            let aggregation = Aggregation::parse(&p.aggregation)
                .map_or(p.aggregation.clone(), |a| tr(l, a.label()));
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&p.title),
                p.sector,
                cell(&planned),
                p.status.as_deref().unwrap_or("—"),
                aggregation,
                cell(&p.sources.join("; "))
            );
        }
        let _ = writeln!(
            md,
            "\n{}\n",
            trf(
                l,
                "Total of counted projects: USD {lo} to USD {hi}. Not added, to avoid counting the same money twice: {list}.",
                &[
                    ("lo", self.projects.total_usd.0.clone()),
                    ("hi", self.projects.total_usd.1.clone()),
                    (
                        "list",
                        if self.projects.excluded.is_empty() {
                            tr(l, "none")
                        } else {
                            self.projects.excluded.join("; ")
                        }
                    ),
                ]
            )
        );

        if let Some(o) = &self.obligations {
            o.to_markdown(&mut md, l);
        }
        if let Some(t) = &self.trade {
            t.to_markdown(&mut md, l);
        }
        self.intensity.to_markdown(&mut md, l);
        measures::periods_markdown(&mut md, &self.periods, &self.record_periods, l);
        if let Some(r) = &self.routes {
            let title = trf(
                l,
                "Transport routes ({a} → {b})",
                &[("a", a.clone()), ("b", b.clone())],
            );
            r.to_markdown(&mut md, &title, l);
        }

        people::to_markdown(&mut md, &self.people, l);

        // Money scales in the brief's language; the sources' titles below stay as written.
        let mut md = i18n::amounts(l, &md);
        let _ = writeln!(md, "## {}\n", tr(l, "Sources"));
        for s in &self.sources {
            match &s.url {
                Some(url) => {
                    let _ = writeln!(md, "- **{}** — {}. <{url}> (`{}`)", s.short, s.title, s.id);
                }
                None => {
                    let _ = writeln!(md, "- **{}** — {}. (`{}`)", s.short, s.title, s.id);
                }
            }
        }
        md
    }
}

#[cfg(test)]
mod tests {
    use super::mark_arabic;

    #[test]
    fn arabic_runs_are_marked_in_text_only() {
        let html = "<td>Emir (أمير قطر) 2022</td><svg><text>قطر</text></svg><p title=\"قطر\">x</p>";
        assert_eq!(
            mark_arabic(html),
            "<td>Emir (<bdi lang=\"ar\" dir=\"rtl\">أمير قطر</bdi>) 2022</td><svg><text>قطر</text></svg><p title=\"قطر\">x</p>"
        );
        // A run's trailing space stays outside the element.
        assert_eq!(
            mark_arabic("<p>قطر and</p>"),
            "<p><bdi lang=\"ar\" dir=\"rtl\">قطر</bdi> and</p>"
        );
    }
}
