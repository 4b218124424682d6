//! The implementation roadmap of an agreement, generated from the record's commitments:
//! goals, the objectives under them and the milestones under those (`parent`), each with
//! owners, deadline, dependencies (`depends_on`) and its state as of a day.
//!
//! Order: every commitment comes after those it depends on (within the agreement); otherwise
//! by deadline (none last), then id. Children follow their parent in that order. A cycle of
//! dependencies is an error that names its members; a milestone due before something it
//! depends on is reported beside it.

use std::collections::{BTreeMap, BTreeSet};

use bilat_model::{Dataset, Dyad, Record, RecordId};
use serde::Serialize;

use crate::commitments::{Assessment, Options, assess};
use crate::text::{ics_escape, ics_line, md_cell};
use crate::{names_of, source_names};

#[derive(Debug, thiserror::Error)]
pub enum RoadmapError {
    #[error("no agreement `{0}` in the record")]
    UnknownAgreement(String),
    #[error("agreement `{0}` has no commitments in the record for {1}")]
    Empty(String, String),
    #[error("the dependencies of {0} form a cycle; a roadmap needs an order")]
    Cycle(String),
}

#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub depth: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub depends_on: Vec<String>,
    #[serde(flatten)]
    pub assessment: Assessment,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Roadmap {
    pub agreement: String,
    pub title: String,
    pub as_of: String,
    pub items: Vec<Item>,
}

pub fn roadmap<'a>(
    data: &'a Dataset,
    dyad: &Dyad,
    agreement: &RecordId,
    opts: Options,
) -> Result<Roadmap, RoadmapError> {
    let Some(Record::Agreement(ag)) = data.get(agreement) else {
        return Err(RoadmapError::UnknownAgreement(agreement.to_string()));
    };
    let members: Vec<&bilat_model::Commitment> = data
        .commitments()
        .filter(|c| c.dyads.contains(dyad) && c.agreement.as_ref() == Some(agreement))
        .collect();
    if members.is_empty() {
        return Err(RoadmapError::Empty(agreement.to_string(), dyad.to_string()));
    }
    let ids: BTreeSet<&RecordId> = members.iter().map(|c| &c.id).collect();
    let assessed: BTreeMap<&RecordId, Assessment> = members
        .iter()
        .map(|c| (&c.id, assess(data, c, opts)))
        .collect();
    let key = |id: &RecordId| {
        let d = assessed[id].deadline;
        (d.is_none(), d.map(|d| d.last_day()), id.clone())
    };

    // Kahn's algorithm; among the ready ones, the earliest deadline first.
    let mut waiting: BTreeMap<&RecordId, usize> = members
        .iter()
        .map(|c| {
            let n = c.depends_on.iter().filter(|d| ids.contains(d)).count();
            (&c.id, n)
        })
        .collect();
    let mut order: Vec<&RecordId> = Vec::new();
    loop {
        let ready = waiting
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(id, _)| *id)
            .min_by_key(|id| key(id));
        let Some(next) = ready else { break };
        waiting.remove(next);
        order.push(next);
        for c in &members {
            if c.depends_on.contains(next)
                && let Some(n) = waiting.get_mut(&c.id)
            {
                *n -= 1;
            }
        }
    }
    if !waiting.is_empty() {
        let names: Vec<String> = waiting.keys().map(|id| id.to_string()).collect();
        return Err(RoadmapError::Cycle(names.join(", ")));
    }
    let rank: BTreeMap<&RecordId, usize> =
        order.iter().enumerate().map(|(i, id)| (*id, i)).collect();

    // Depth-first from the roots (no parent inside the agreement), children in rank order.
    let by_id: BTreeMap<&RecordId, &bilat_model::Commitment> =
        members.iter().map(|c| (&c.id, *c)).collect();
    fn parent_in<'c>(
        c: &'c bilat_model::Commitment,
        ids: &BTreeSet<&RecordId>,
    ) -> Option<&'c RecordId> {
        c.parent.as_ref().filter(|p| ids.contains(p))
    }
    let parent_of = |c: &'a bilat_model::Commitment| parent_in(c, &ids);
    let mut roots: Vec<&RecordId> = members
        .iter()
        .filter(|c| parent_of(c).is_none())
        .map(|c| &c.id)
        .collect();
    roots.sort_by_key(|id| rank[id]);
    let mut items = Vec::new();
    let mut stack: Vec<(&RecordId, usize)> = roots.into_iter().rev().map(|id| (id, 0)).collect();
    while let Some((id, depth)) = stack.pop() {
        let c = by_id[id];
        let a = assessed[id].clone();
        let mut warnings = Vec::new();
        for d in c.depends_on.iter().filter(|d| ids.contains(d)) {
            if let (Some(mine), Some(theirs)) = (a.deadline, assessed[d].deadline)
                && mine.last_day() < theirs.last_day()
            {
                warnings.push(format!(
                    "due {mine}, before {d} (due {theirs}) on which it depends"
                ));
            }
        }
        items.push(Item {
            depth,
            parent: parent_of(c).map(|p| p.to_string()),
            depends_on: c.depends_on.iter().map(|d| d.to_string()).collect(),
            assessment: a,
            warnings,
        });
        let mut children: Vec<&RecordId> = members
            .iter()
            .filter(|k| parent_of(k) == Some(id))
            .map(|k| &k.id)
            .collect();
        children.sort_by_key(|k| std::cmp::Reverse(rank[k]));
        stack.extend(children.into_iter().map(|k| (k, depth + 1)));
    }
    Ok(Roadmap {
        agreement: agreement.to_string(),
        title: ag.title.en.clone(),
        as_of: opts.as_of.to_string(),
        items,
    })
}

fn deadline(a: &Assessment) -> String {
    a.deadline.map_or("—".to_string(), |d| d.to_string())
}

impl Roadmap {
    pub fn markdown(&self, data: &Dataset) -> String {
        let mut out = format!(
            "# Roadmap: {} (`{}`)\n\nAs of {}. Generated from the record's commitments: goals, \
             objectives under them, milestones under those; each after what it depends on.\n\n\
             | # | level | commitment | owners | deadline | depends on | lifecycle | confidence (rule) |\n\
             |---|---|---|---|---|---|---|---|\n",
            md_cell(&self.title),
            self.agreement,
            self.as_of
        );
        for (i, it) in self.items.iter().enumerate() {
            let a = &it.assessment;
            let indent = "— ".repeat(it.depth);
            let mut title = format!("{indent}{} (`{}`)", md_cell(&a.title), a.id);
            for w in &it.warnings {
                title.push_str(&format!(" ⚠ {}", md_cell(w)));
            }
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} ({}) |\n",
                i + 1,
                a.level,
                title,
                md_cell(&names_of(data, &a.owners).join(", ")),
                deadline(a),
                if it.depends_on.is_empty() {
                    "—".to_string()
                } else {
                    it.depends_on.join(", ")
                },
                a.lifecycle,
                a.confidence.as_str(),
                a.rule
            ));
        }
        let mut sources: Vec<String> = self
            .items
            .iter()
            .flat_map(|i| i.assessment.sources.iter().cloned())
            .collect();
        sources.sort();
        sources.dedup();
        out.push_str("\nSources: ");
        out.push_str(&source_names(data, &sources).join("; "));
        out.push('\n');
        out
    }

    pub fn csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = [
            "order",
            "depth",
            "level",
            "id",
            "parent",
            "title",
            "owners",
            "deadline",
            "depends_on",
            "lifecycle",
            "confidence",
            "rule",
        ];
        // Writing to memory cannot fail.
        let _ = w.write_record(header);
        for (i, it) in self.items.iter().enumerate() {
            let a = &it.assessment;
            let _ = w.write_record([
                (i + 1).to_string(),
                it.depth.to_string(),
                a.level.to_string(),
                a.id.clone(),
                it.parent.clone().unwrap_or_default(),
                a.title.clone(),
                a.owners.join(" "),
                a.deadline.map(|d| d.to_string()).unwrap_or_default(),
                it.depends_on.join(" "),
                a.lifecycle.clone(),
                a.confidence.as_str().to_string(),
                a.rule.to_string(),
            ]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// An iCalendar file with one all-day event on each deadline (its last day: a deadline of
    /// "2025" falls on 31 December 2025). DTSTAMP is the as-of day, so the file is reproducible.
    pub fn ics(&self, data: &Dataset) -> String {
        let mut out = String::new();
        let stamp = self.as_of.replace('-', "");
        ics_line(&mut out, "BEGIN:VCALENDAR");
        ics_line(&mut out, "VERSION:2.0");
        ics_line(&mut out, "PRODID:-//bilat//roadmap//EN");
        ics_line(&mut out, "CALSCALE:GREGORIAN");
        ics_line(
            &mut out,
            &format!(
                "X-WR-CALNAME:{}",
                ics_escape(&format!("Roadmap: {}", self.title))
            ),
        );
        for it in &self.items {
            let a = &it.assessment;
            let Some(d) = a.deadline else { continue };
            let day = d.last_day();
            ics_line(&mut out, "BEGIN:VEVENT");
            ics_line(&mut out, &format!("UID:{}@bilat", a.id));
            ics_line(&mut out, &format!("DTSTAMP:{stamp}T000000Z"));
            ics_line(
                &mut out,
                &format!(
                    "DTSTART;VALUE=DATE:{:04}{:02}{:02}",
                    day.year, day.month, day.day
                ),
            );
            ics_line(
                &mut out,
                &format!("SUMMARY:{}", ics_escape(&format!("Due: {}", a.title))),
            );
            let owner_names = names_of(data, &a.owners);
            let description = format!(
                "{} of {}. Owners: {}. Deadline as stated: {}. Lifecycle: {}. Confidence: {} ({}). Record: {}.",
                a.level.label(),
                self.agreement,
                if owner_names.is_empty() {
                    "—".to_string()
                } else {
                    owner_names.join(", ")
                },
                deadline(a),
                a.lifecycle,
                a.confidence.as_str(),
                a.rule,
                a.id
            );
            ics_line(
                &mut out,
                &format!("DESCRIPTION:{}", ics_escape(&description)),
            );
            ics_line(
                &mut out,
                &format!("CATEGORIES:{}", a.level.label().to_uppercase()),
            );
            ics_line(&mut out, "END:VEVENT");
        }
        ics_line(&mut out, "END:VCALENDAR");
        out
    }
}
