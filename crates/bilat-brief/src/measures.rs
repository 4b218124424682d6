//! The paper's historical-analytical method as a measure: the intensity of the relationship
//! per domain and year, with the number of sources beside it so that media volume is not
//! mistaken for intensity.
//!
//! Each dated event of the pair counts with the weight of its type ([`weight`]), in every
//! domain it is coded in. Weights follow the level and commitment an event carries, informed
//! by PLOVER's categories and the Goldstein scale of its CAMEO code (both in
//! `bilat_model::ontology`): a head-of-state visit weighs more than a working visit or a
//! meeting; a ratification more than a signature; establishing relations or opening an
//! embassy more than a statement. Conflictual events (severed relations, blockade) are summed
//! apart, as the conflict index, so that they neither cancel nor inflate cooperation.

use std::collections::{BTreeMap, BTreeSet};

use bilat_model::{Dataset, Domain, Dyad, EventType, Record};
use serde::Serialize;

use crate::best_date;
use crate::i18n::{Lang, header, tr, trf};

/// The weight of an event type in the intensity index, and whether it is conflictual.
pub fn weight(t: EventType) -> (f64, bool) {
    use EventType::*;
    match t {
        EstablishRelations | RestoreRelations => (10.0, false),
        StateVisit => (10.0, false),
        OfficialVisit => (7.0, false),
        AgreementRatified => (8.0, false),
        AgreementSigned => (6.0, false),
        EmbassyOpened => (6.0, false),
        WorkingVisit => (5.0, false),
        MilitaryCooperation => (5.0, false),
        Commission => (4.0, false),
        InvestmentAnnouncement => (4.0, false),
        Aid => (4.0, false),
        Meeting => (3.0, false),
        PhoneCall | MultilateralMeeting | Award | CulturalEvent | Membership => (2.0, false),
        Credentials | Proposal | Statement => (1.0, false),
        SeverRelations => (10.0, true),
        Embargo => (8.0, true),
    }
}

/// One domain in one year.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Cell {
    /// Weighted cooperative events.
    pub intensity: f64,
    /// Weighted conflictual events.
    pub conflict: f64,
    pub events: usize,
    /// Distinct sources the events cite.
    pub sources: usize,
}

#[derive(Debug, Serialize)]
pub struct Intensity {
    pub years: Vec<i32>,
    /// `cells[domain][year]`, in the order of `Domain::ALL` and `years`.
    pub cells: BTreeMap<String, BTreeMap<i32, Cell>>,
    /// Events of the pair with no date (not counted).
    pub undated: usize,
}

/// The intensity index of `dyad` per domain and year, from the first to the last year with
/// an event (years without events have zero cells).
pub fn intensity(data: &Dataset, dyad: &Dyad) -> Intensity {
    let mut acc: BTreeMap<(Domain, i32), (Cell, BTreeSet<String>)> = BTreeMap::new();
    let mut undated = 0;
    for r in data.in_dyad(dyad) {
        let Record::Event(e) = r else { continue };
        let Some(date) = best_date(r) else {
            undated += 1;
            continue;
        };
        let year = date.year_of();
        let (w, conflict) = weight(e.event_type);
        let sources: Vec<String> = e
            .claims
            .iter()
            .flat_map(|c| c.evidence.iter().map(|ev| ev.source.to_string()))
            .collect();
        for &d in &e.domains {
            let (cell, seen) = acc.entry((d, year)).or_default();
            if conflict {
                cell.conflict += w;
            } else {
                cell.intensity += w;
            }
            cell.events += 1;
            seen.extend(sources.iter().cloned());
            cell.sources = seen.len();
        }
    }
    let years: Vec<i32> = match (acc.keys().map(|k| k.1).min(), acc.keys().map(|k| k.1).max()) {
        (Some(a), Some(b)) => (a..=b).collect(),
        _ => Vec::new(),
    };
    let mut cells: BTreeMap<String, BTreeMap<i32, Cell>> = BTreeMap::new();
    for &d in Domain::ALL {
        let row = cells.entry(d.as_str().to_string()).or_default();
        for &y in &years {
            row.insert(
                y,
                acc.get(&(d, y)).map(|(c, _)| c.clone()).unwrap_or_default(),
            );
        }
    }
    Intensity {
        years,
        cells,
        undated,
    }
}

impl Intensity {
    /// The table in Markdown: a row per year, a column per domain, each cell
    /// "index (events, sources)", conflict marked with a minus sign.
    pub fn to_markdown(&self, md: &mut String, l: Lang) {
        use std::fmt::Write as _;
        let _ = writeln!(md, "## {}\n", tr(l, "Intensity by domain and year"));
        let _ = writeln!(
            md,
            "{}\n",
            tr(
                l,
                "Weighted events per year (weights in `crates/bilat-brief/src/measures.rs`: a state visit 10, an official visit 7, a ratification 8, a signature 6, a meeting 3, a statement 1); in brackets the events and the distinct sources behind them; conflict (severed relations, blockade) after a minus sign."
            )
        );
        let _ = write!(md, "| {} |", tr(l, "Year"));
        for d in Domain::ALL {
            let _ = write!(md, " {} |", tr(l, d.label()));
        }
        let _ = write!(md, "\n|---|");
        for _ in Domain::ALL {
            let _ = write!(md, "---|");
        }
        md.push('\n');
        for y in &self.years {
            let _ = write!(md, "| {y} |");
            for d in Domain::ALL {
                let c = &self.cells[d.as_str()][y];
                if c.events == 0 {
                    let _ = write!(md, " · |");
                } else if c.conflict > 0.0 {
                    let _ = write!(
                        md,
                        " {} −{} ({}, {}) |",
                        c.intensity, c.conflict, c.events, c.sources
                    );
                } else {
                    let _ = write!(md, " {} ({}, {}) |", c.intensity, c.events, c.sources);
                }
            }
            md.push('\n');
        }
        if self.undated > 0 {
            let line = trf(
                l,
                "{n} events without a date are not counted.",
                &[("n", self.undated.to_string())],
            );
            let _ = writeln!(md, "\n{line}");
        }
        md.push('\n');
    }
}

/// Fills of the five domains, told apart in grayscale and print: solid shades and hatching.
const FILLS: [&str; 5] = ["#1a1a1a", "url(#hatch)", "#8c8c8c", "url(#dots)", "#d0d0d0"];

impl Intensity {
    /// A stacked bar chart of the index per year, one band per domain (conflict drawn below
    /// the axis), as a self-contained SVG.
    pub fn to_svg(&self, l: Lang) -> String {
        use std::fmt::Write as _;
        let label = |d: &Domain| crate::html_escape(&tr(l, d.label()));
        let (w, h, left, top, bottom) = (900.0, 350.0, 50.0, 30.0, 90.0);
        let n = self.years.len().max(1) as f64;
        let totals: Vec<f64> = self
            .years
            .iter()
            .map(|y| {
                Domain::ALL
                    .iter()
                    .map(|d| self.cells[d.as_str()][y].intensity)
                    .sum()
            })
            .collect();
        let conflicts: Vec<f64> = self
            .years
            .iter()
            .map(|y| {
                Domain::ALL
                    .iter()
                    .map(|d| self.cells[d.as_str()][y].conflict)
                    .sum()
            })
            .collect();
        let max = totals
            .iter()
            .chain(&conflicts)
            .fold(1.0f64, |m, v| m.max(*v));
        let plot_h = h - top - bottom;
        let axis = top + plot_h * 0.8;
        let scale = plot_h * 0.8 / max;
        let bw = (w - left - 10.0) / n;
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="{}" font-family="DejaVu Sans, Arial, sans-serif" font-size="10"><defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="white"/><line x1="0" y1="0" x2="0" y2="5" stroke="#333" stroke-width="2"/></pattern><pattern id="dots" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" fill="white"/><circle cx="2" cy="2" r="1" fill="#333"/></pattern></defs><line x1="{left}" y1="{axis:.1}" x2="{:.1}" y2="{axis:.1}" stroke="black"/>"##,
            crate::html_escape(&tr(l, "Intensity by domain and year")),
            w - 10.0
        );
        for (i, y) in self.years.iter().enumerate() {
            let x = left + i as f64 * bw;
            let mut base = axis;
            for (d, fill) in Domain::ALL.iter().zip(FILLS) {
                let v = self.cells[d.as_str()][y].intensity;
                if v > 0.0 {
                    let hh = v * scale;
                    base -= hh;
                    let _ = write!(
                        s,
                        r#"<rect x="{:.1}" y="{base:.1}" width="{:.1}" height="{hh:.1}" fill="{fill}" stroke="black" stroke-width="0.4"><title>{y} {}: {v}</title></rect>"#,
                        x + 1.0,
                        (bw - 2.0).max(1.0),
                        label(d)
                    );
                }
            }
            if conflicts[i] > 0.0 {
                let _ = write!(
                    s,
                    r#"<rect x="{:.1}" y="{axis:.1}" width="{:.1}" height="{:.1}" fill="white" stroke="black" stroke-dasharray="2 1"><title>{y} {}: {}</title></rect>"#,
                    x + 1.0,
                    (bw - 2.0).max(1.0),
                    conflicts[i] * scale,
                    tr(l, "conflict"),
                    conflicts[i]
                );
            }
            if y % 5 == 0 || i == 0 || i + 1 == self.years.len() {
                let _ = write!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{y}</text>"#,
                    x + bw / 2.0,
                    axis + plot_h * 0.2 + 12.0
                );
            }
        }
        let _ = write!(
            s,
            r#"<text x="4" y="{:.1}">{}</text>"#,
            top - 6.0,
            trf(
                l,
                "{max} (weighted events, tallest year)",
                &[("max", max.to_string())]
            )
        );
        for (i, (d, fill)) in Domain::ALL.iter().zip(FILLS).enumerate() {
            let (lx, ly) = (
                left + (i % 3) as f64 * 280.0,
                h - 50.0 + (i / 3) as f64 * 16.0,
            );
            let _ = write!(
                s,
                r#"<rect x="{lx}" y="{:.1}" width="14" height="10" fill="{fill}" stroke="black" stroke-width="0.4"/><text x="{:.1}" y="{ly:.1}">{}</text>"#,
                ly - 9.0,
                lx + 18.0,
                label(d)
            );
        }
        let _ = write!(
            s,
            r#"<text x="{left}" y="{:.1}">{}</text></svg>"#,
            h - 8.0,
            tr(
                l,
                "dashed, below the axis: conflict (severed relations, blockade)"
            )
        );
        s
    }
}

/// The same measures for one pair, for comparing pairs side by side.
#[derive(Debug, Serialize)]
pub struct Profile {
    pub dyad: String,
    /// Date of the earliest `establish_relations` event.
    pub relations_since: Option<String>,
    pub events: usize,
    /// Distinct sources the pair's events cite.
    pub sources: usize,
    pub state_visits: usize,
    pub official_visits: usize,
    /// Year of the first state visit.
    pub first_state_visit: Option<i32>,
    pub agreement_events: usize,
    pub embassies: usize,
    pub intensity_total: f64,
    /// Intensity from `since` on (the paper's strategic phase starts in 2017).
    pub intensity_since: f64,
    pub since: i32,
    /// Domains with any intensity from `since` on.
    pub domains_since: usize,
}

/// The comparison profile of `dyad`, with the recent window starting in `since`.
pub fn profile(data: &Dataset, dyad: &Dyad, since: i32) -> Profile {
    let i = intensity(data, dyad);
    let mut p = Profile {
        dyad: dyad.to_string(),
        relations_since: None,
        events: 0,
        sources: 0,
        state_visits: 0,
        official_visits: 0,
        first_state_visit: None,
        agreement_events: 0,
        embassies: 0,
        intensity_total: 0.0,
        intensity_since: 0.0,
        since,
        domains_since: 0,
    };
    let mut sources = BTreeSet::new();
    let mut relations: Option<bilat_model::FuzzyDate> = None;
    for r in data.in_dyad(dyad) {
        let Record::Event(e) = r else { continue };
        p.events += 1;
        for c in &e.claims {
            sources.extend(c.evidence.iter().map(|ev| ev.source.to_string()));
        }
        let date = best_date(r);
        match e.event_type {
            EventType::EstablishRelations => {
                if let Some(d) = date
                    && relations.is_none_or(|old| d.first_day() < old.first_day())
                {
                    relations = Some(d);
                }
            }
            EventType::StateVisit => {
                p.state_visits += 1;
                if let Some(y) = date.map(|d| d.year_of()) {
                    p.first_state_visit = Some(p.first_state_visit.map_or(y, |f| f.min(y)));
                }
            }
            EventType::OfficialVisit => p.official_visits += 1,
            EventType::AgreementSigned | EventType::AgreementRatified => p.agreement_events += 1,
            EventType::EmbassyOpened => p.embassies += 1,
            _ => {}
        }
    }
    p.relations_since = relations.map(|d| d.to_string());
    p.sources = sources.len();
    for d in Domain::ALL {
        let row = &i.cells[d.as_str()];
        let total: f64 = row.values().map(|c| c.intensity).sum();
        let recent: f64 = row
            .iter()
            .filter(|(y, _)| **y >= since)
            .map(|(_, c)| c.intensity)
            .sum();
        p.intensity_total += total;
        p.intensity_since += recent;
        p.domains_since += usize::from(recent > 0.0);
    }
    p
}

/// A phase of the relationship found in the intensity series.
#[derive(Debug, Serialize)]
pub struct DetectedPeriod {
    pub from: i32,
    pub to: i32,
    pub intensity: f64,
    /// Domains by their share of the period's intensity, largest first (shares above 10 %).
    pub main_domains: Vec<(String, f64)>,
    /// The heaviest events of the period: (date, title, weight).
    pub defining_events: Vec<(String, String, f64)>,
}

/// Minimum length of a detected period, in years (so that one busy year is not a phase).
const MIN_YEARS: usize = 3;

/// The `k` phases that best split the years: optimal segmentation (dynamic programming)
/// of the yearly vectors `ln(1 + intensity)` of the five domains, minimising the squared
/// distance of each year to its phase's mean, each phase at least three years long — change
/// points both in how much happens and in which domains.
pub fn periods(
    data: &Dataset,
    dyad: &Dyad,
    i: &Intensity,
    k: usize,
    lang: Lang,
) -> Vec<DetectedPeriod> {
    let n = i.years.len();
    if n == 0 || k == 0 {
        return Vec::new();
    }
    let k = k.min(n / MIN_YEARS).max(1);
    let x: Vec<[f64; 5]> = i
        .years
        .iter()
        .map(|y| {
            let mut v = [0.0; 5];
            for (slot, d) in v.iter_mut().zip(Domain::ALL) {
                *slot = i.cells[d.as_str()][y].intensity.ln_1p();
            }
            v
        })
        .collect();
    // cost[a][b]: squared deviations of years a..=b from their mean.
    let cost = |a: usize, b: usize| -> f64 {
        let len = (b - a + 1) as f64;
        (0..5)
            .map(|d| {
                let mean = x[a..=b].iter().map(|v| v[d]).sum::<f64>() / len;
                x[a..=b].iter().map(|v| (v[d] - mean).powi(2)).sum::<f64>()
            })
            .sum()
    };
    // best[j][b]: least cost of years 0..=b in j + 1 phases; cut[j][b]: where the last starts.
    let mut best = vec![vec![f64::INFINITY; n]; k];
    let mut cut = vec![vec![0usize; n]; k];
    for (b, slot) in best[0].iter_mut().enumerate().skip(MIN_YEARS - 1) {
        *slot = cost(0, b);
    }
    for j in 1..k {
        for b in 0..n {
            for a in (j * MIN_YEARS)..=b {
                if b + 1 - a < MIN_YEARS || !best[j - 1][a - 1].is_finite() {
                    continue;
                }
                let c = best[j - 1][a - 1] + cost(a, b);
                if c < best[j][b] {
                    best[j][b] = c;
                    cut[j][b] = a;
                }
            }
        }
    }
    let mut bounds = Vec::new();
    let mut b = n - 1;
    for j in (0..k).rev() {
        let a = if j == 0 { 0 } else { cut[j][b] };
        bounds.push((a, b));
        if j > 0 {
            b = a - 1;
        }
    }
    bounds.reverse();
    bounds
        .into_iter()
        .map(|(a, b)| {
            let (from, to) = (i.years[a], i.years[b]);
            let by_domain: Vec<(String, f64)> = Domain::ALL
                .iter()
                .map(|d| {
                    let s: f64 = (from..=to).map(|y| i.cells[d.as_str()][&y].intensity).sum();
                    (d.label().to_string(), s)
                })
                .collect();
            let total: f64 = by_domain.iter().map(|(_, s)| s).sum();
            let mut main: Vec<(String, f64)> = by_domain
                .into_iter()
                .filter(|(_, s)| total > 0.0 && s / total > 0.1)
                .map(|(d, s)| (d, s / total))
                .collect();
            main.sort_by(|p, q| q.1.total_cmp(&p.1));
            let mut events: Vec<(String, String, f64)> = data
                .in_dyad(dyad)
                .filter_map(|r| {
                    let Record::Event(e) = r else { return None };
                    let date = best_date(r)?;
                    let (w, _) = weight(e.event_type);
                    (from..=to).contains(&date.year_of()).then(|| {
                        (
                            date.to_string(),
                            crate::i18n::record_name(data, &e.id, lang),
                            w,
                        )
                    })
                })
                .collect();
            events.sort_by(|p, q| q.2.total_cmp(&p.2).then(p.0.cmp(&q.0)));
            events.truncate(3);
            DetectedPeriod {
                from,
                to,
                intensity: total,
                main_domains: main,
                defining_events: events,
            }
        })
        .collect()
}

/// The record's own periods of `dyad` (the paper's phases in the bundled record): title and
/// span.
pub fn record_periods(data: &Dataset, dyad: &Dyad, lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = data
        .in_dyad(dyad)
        .filter(|r| matches!(r, Record::Period(_)))
        .map(|r| {
            let span = r.claims().iter().find_map(|c| match &c.fact {
                bilat_model::Fact::Span { date } => Some(date.to_string()),
                _ => None,
            });
            (
                crate::i18n::record_name(data, r.id(), lang),
                span.unwrap_or_default(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// The detected periods beside the record's, in Markdown.
pub fn periods_markdown(
    md: &mut String,
    detected: &[DetectedPeriod],
    record: &[(String, String)],
    l: Lang,
) {
    use std::fmt::Write as _;
    if detected.is_empty() {
        return;
    }
    let _ = writeln!(md, "## {}\n", tr(l, "Periods detected from the record"));
    let intro = trf(
        l,
        "The years split into {k} phases where the intensity and the mix of domains change most (optimal segmentation of the yearly intensities, each phase at least {min} years), beside the periods the record holds.",
        &[
            ("k", detected.len().to_string()),
            ("min", MIN_YEARS.to_string()),
        ],
    );
    let _ = writeln!(md, "{intro}\n");
    let _ = writeln!(
        md,
        "{}",
        header(
            l,
            &[
                "Detected",
                "Intensity",
                "Main domains",
                "Defining events",
                "Period in the record"
            ]
        )
    );
    for (n, p) in detected.iter().enumerate() {
        let domains: Vec<String> = p
            .main_domains
            .iter()
            .map(|(d, s)| format!("{} {:.0}%", tr(l, d), s * 100.0))
            .collect();
        let events: Vec<String> = p
            .defining_events
            .iter()
            .map(|(d, t, _)| format!("{t} ({d})"))
            .collect();
        let paper = record
            .get(n)
            .map_or("—".to_string(), |(t, span)| format!("{t} ({span})"));
        let _ = writeln!(
            md,
            "| {}–{} | {} | {} | {} | {} |",
            p.from,
            p.to,
            p.intensity,
            domains.join(", "),
            events.join("; ").replace('|', "\\|"),
            paper
        );
    }
    md.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[(i32, [f64; 5])]) -> Intensity {
        let years: Vec<i32> = values.iter().map(|v| v.0).collect();
        let mut cells: BTreeMap<String, BTreeMap<i32, Cell>> = BTreeMap::new();
        for (y, v) in values {
            for (d, x) in Domain::ALL.iter().zip(v) {
                let cell = Cell {
                    intensity: *x,
                    events: usize::from(*x > 0.0),
                    ..Cell::default()
                };
                cells
                    .entry(d.as_str().to_string())
                    .or_default()
                    .insert(*y, cell);
            }
        }
        Intensity {
            years,
            cells,
            undated: 0,
        }
    }

    #[test]
    fn periods_split_where_level_and_mix_change() {
        // Four quiet cultural years, four diplomatic, five busy economic ones.
        let mut v = Vec::new();
        for y in 2000..2004 {
            v.push((y, [0.0, 0.0, 0.0, 5.0, 0.0]));
        }
        for y in 2004..2008 {
            v.push((y, [10.0, 0.0, 0.0, 0.0, 0.0]));
        }
        for y in 2008..2013 {
            v.push((y, [10.0, 40.0, 0.0, 0.0, 5.0]));
        }
        let i = series(&v);
        let data = Dataset::new(Vec::new());
        let dyad = Dyad::new("KZ", "QA").unwrap();
        let p = periods(&data, &dyad, &i, 3, Lang::En);
        let spans: Vec<(i32, i32)> = p.iter().map(|p| (p.from, p.to)).collect();
        assert_eq!(spans, [(2000, 2003), (2004, 2007), (2008, 2012)]);
        assert_eq!(
            p[2].main_domains[0].0,
            Domain::TradeEconomicInvestment.label()
        );
        assert_eq!(p[0].intensity, 20.0);
        // Never shorter than three years, and never more phases than that allows.
        assert_eq!(
            periods(&data, &dyad, &series(&v[..5]), 3, Lang::En).len(),
            1
        );
    }

    #[test]
    fn weights_follow_level_and_commitment() {
        let w = |t| weight(t).0;
        assert!(w(EventType::StateVisit) > w(EventType::OfficialVisit));
        assert!(w(EventType::OfficialVisit) > w(EventType::WorkingVisit));
        assert!(w(EventType::WorkingVisit) > w(EventType::Meeting));
        assert!(w(EventType::AgreementRatified) > w(EventType::AgreementSigned));
        assert!(w(EventType::Meeting) > w(EventType::Statement));
        // Conflict is kept apart; every cooperative type weighs something.
        for &t in EventType::ALL {
            let (v, conflict) = weight(t);
            assert!(v > 0.0, "{t:?}");
            assert_eq!(conflict, t.mapping().goldstein < 0.0, "{t:?}");
        }
    }
}
