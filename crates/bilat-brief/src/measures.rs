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
    pub fn to_markdown(&self, md: &mut String) {
        use std::fmt::Write as _;
        let _ = writeln!(md, "## Intensity by domain and year\n");
        let _ = writeln!(
            md,
            "Weighted events per year (weights in `crates/bilat-brief/src/measures.rs`: a state visit 10, an official visit 7, a ratification 8, a signature 6, a meeting 3, a statement 1); in brackets the events and the distinct sources behind them; conflict (severed relations, blockade) after a minus sign.\n"
        );
        let _ = write!(md, "| Year |");
        for d in Domain::ALL {
            let _ = write!(md, " {} |", d.label());
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
            let _ = writeln!(
                md,
                "\n{} events without a date are not counted.",
                self.undated
            );
        }
        md.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
