//! Evaluation against gold data, and agreement between coders.
//!
//! A gold file is JSON Lines, one document per line:
//! `{"id", "lang", "published", "text", "domains": [...], "events": [{"type", "modality",
//! "date", "actor", "recipient", "amount"}]}` (`actor`/`recipient` are country codes, `amount`
//! is `"USD 17600000000"`). A second coder's file has the same form (the text may be omitted).
//!
//! Events match within a document when their types agree and both are facts or both are not
//! (a planned visit coded as a visit that took place is one false positive and one false
//! negative). Among matched events the report gives the share with the right date (exact, and
//! within the gold date's precision), the right actor and recipient countries (in order, and as
//! a pair), the right amount and the right modality. Domains are scored per document (micro
//! averages). Krippendorff's alpha (nominal) is computed per document × category on presence.

use std::collections::{BTreeMap, BTreeSet};

use bilat_model::date::FuzzyDate;
use bilat_model::ontology::{Domain, EventType};
use serde::{Deserialize, Serialize};

use crate::codebook::Modality;
use crate::coder::{Document, Reader};
use crate::lang::Lang;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GoldEvent {
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(default = "asserted")]
    pub modality: Modality,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<FuzzyDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

fn asserted() -> Modality {
    Modality::Asserted
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoldDoc {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    pub lang: Lang,
    #[serde(default)]
    pub synthetic: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<FuzzyDate>,
    #[serde(default)]
    pub text: String,
    pub domains: Vec<Domain>,
    pub events: Vec<GoldEvent>,
}

/// Reads a gold or coder file; errors name the line and what was wrong.
pub fn read_gold(text: &str, file: &str) -> Result<Vec<GoldDoc>, String> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDoc = serde_json::from_str(line)
            .map_err(|e| format!("{file}:{}: expected a gold document, {e}", i + 1))?;
        if !seen.insert(doc.id.clone()) {
            return Err(format!("{file}:{}: the id {} appears twice", i + 1, doc.id));
        }
        out.push(doc);
    }
    if out.is_empty() {
        return Err(format!("{file}: expected gold documents, found none"));
    }
    Ok(out)
}

/// Codes every gold document's text with `reader`, as a second coder's file.
pub fn code_all(reader: &Reader, gold: &[GoldDoc]) -> Vec<GoldDoc> {
    gold.iter()
        .map(|g| {
            let coded = reader.code(&Document {
                text: &g.text,
                lang: Some(g.lang),
                published: g.published.map(|p| p.first_day()),
            });
            GoldDoc {
                id: g.id.clone(),
                story: g.story.clone(),
                lang: g.lang,
                synthetic: g.synthetic,
                published: g.published,
                text: String::new(),
                domains: coded.domains.clone(),
                events: coded
                    .events
                    .iter()
                    .map(|e| {
                        let (a, r) = e.countries();
                        GoldEvent {
                            event_type: e.event_type,
                            modality: e.modality,
                            date: e
                                .date
                                .as_ref()
                                .filter(|d| d.basis != "publication")
                                .map(|d| d.value),
                            actor: a.map(str::to_string),
                            recipient: r.map(str::to_string),
                            amount: e
                                .amount
                                .as_ref()
                                .map(|m| format!("{} {}", m.money.currency.code(), m.money.amount)),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Right answers among the matched events that have a gold value.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq)]
pub struct Accuracy {
    pub right: usize,
    pub of: usize,
}

impl Accuracy {
    pub fn share(&self) -> f64 {
        ratio(self.right, self.of)
    }
    fn count(&mut self, right: bool) {
        self.of += 1;
        if right {
            self.right += 1;
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Scores {
    pub documents: usize,
    pub domains: Counts,
    pub events: Counts,
    pub date_exact: Accuracy,
    pub date_at_precision: Accuracy,
    pub actor_ordered: Accuracy,
    pub actor_pair: Accuracy,
    pub amount: Accuracy,
    pub modality: Accuracy,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub overall: Scores,
    pub by_lang: BTreeMap<String, Scores>,
    pub by_event_type: BTreeMap<String, Counts>,
    pub by_domain: BTreeMap<String, Counts>,
    pub alpha_domains: Option<f64>,
    pub alpha_event_types: Option<f64>,
    /// Stories (documents sharing a `story`) told in several languages, and how many of them
    /// the second coder coded alike in every language (same event types and modalities, same
    /// domains).
    pub stories: usize,
    pub stories_consistent: usize,
    /// Gold documents the other file lacks, and the other way round.
    pub missing: Vec<String>,
    pub extra: Vec<String>,
}

fn fact(m: Modality) -> bool {
    m == Modality::Asserted
}

fn within(pred: &FuzzyDate, gold: &FuzzyDate) -> bool {
    pred.first_day() >= gold.first_day() && pred.last_day() <= gold.last_day()
}

fn pair(a: &Option<String>, b: &Option<String>) -> BTreeSet<String> {
    [a.clone(), b.clone()].into_iter().flatten().collect()
}

fn score_doc(
    g: &GoldDoc,
    p: &GoldDoc,
    s: &mut Scores,
    types: &mut BTreeMap<String, Counts>,
    doms: &mut BTreeMap<String, Counts>,
) {
    s.documents += 1;
    let gd: BTreeSet<Domain> = g.domains.iter().copied().collect();
    let pd: BTreeSet<Domain> = p.domains.iter().copied().collect();
    for d in Domain::ALL {
        let c = Counts {
            tp: usize::from(gd.contains(d) && pd.contains(d)),
            fp: usize::from(!gd.contains(d) && pd.contains(d)),
            fn_: usize::from(gd.contains(d) && !pd.contains(d)),
        };
        s.domains.add(c);
        doms.entry(d.to_string()).or_default().add(c);
    }
    let mut used = vec![false; p.events.len()];
    for ge in &g.events {
        let candidates: Vec<usize> = (0..p.events.len())
            .filter(|&i| {
                !used[i]
                    && p.events[i].event_type == ge.event_type
                    && fact(p.events[i].modality) == fact(ge.modality)
            })
            .collect();
        let best = candidates
            .iter()
            .copied()
            .find(|&i| match (&p.events[i].date, &ge.date) {
                (Some(a), Some(b)) => a.overlaps(b),
                _ => false,
            })
            .or(candidates.first().copied());
        let key = ge.event_type.to_string();
        match best {
            Some(i) => {
                used[i] = true;
                let pe = &p.events[i];
                let c = Counts {
                    tp: 1,
                    ..Default::default()
                };
                s.events.add(c);
                types.entry(key).or_default().add(c);
                if let Some(gdate) = &ge.date {
                    s.date_exact.count(pe.date.as_ref() == Some(gdate));
                    s.date_at_precision
                        .count(pe.date.as_ref().is_some_and(|d| within(d, gdate)));
                }
                if ge.actor.is_some() || ge.recipient.is_some() {
                    s.actor_ordered
                        .count(pe.actor == ge.actor && pe.recipient == ge.recipient);
                    s.actor_pair
                        .count(pair(&pe.actor, &pe.recipient) == pair(&ge.actor, &ge.recipient));
                }
                if let Some(a) = &ge.amount {
                    s.amount.count(pe.amount.as_ref() == Some(a));
                }
                s.modality.count(pe.modality == ge.modality);
            }
            None => {
                let c = Counts {
                    fn_: 1,
                    ..Default::default()
                };
                s.events.add(c);
                types.entry(key).or_default().add(c);
            }
        }
    }
    for (i, pe) in p.events.iter().enumerate() {
        if !used[i] {
            let c = Counts {
                fp: 1,
                ..Default::default()
            };
            s.events.add(c);
            types.entry(pe.event_type.to_string()).or_default().add(c);
        }
    }
}

/// Compares a second coder (or the machine) with the gold file.
pub fn compare(gold: &[GoldDoc], other: &[GoldDoc]) -> Report {
    let by_id: BTreeMap<&str, &GoldDoc> = other.iter().map(|d| (d.id.as_str(), d)).collect();
    let gold_ids: BTreeSet<&str> = gold.iter().map(|d| d.id.as_str()).collect();
    let mut overall = Scores::default();
    let mut by_lang: BTreeMap<String, Scores> = BTreeMap::new();
    let mut by_event_type = BTreeMap::new();
    let mut by_domain = BTreeMap::new();
    let mut missing = Vec::new();
    let mut dom_units: Vec<Vec<Option<u8>>> = Vec::new();
    let mut type_units: Vec<Vec<Option<u8>>> = Vec::new();
    for g in gold {
        let Some(p) = by_id.get(g.id.as_str()) else {
            missing.push(g.id.clone());
            continue;
        };
        score_doc(g, p, &mut overall, &mut by_event_type, &mut by_domain);
        let lang = by_lang.entry(g.lang.code().to_string()).or_default();
        score_doc(g, p, lang, &mut BTreeMap::new(), &mut BTreeMap::new());
        for d in Domain::ALL {
            dom_units.push(vec![
                Some(u8::from(g.domains.contains(d))),
                Some(u8::from(p.domains.contains(d))),
            ]);
        }
        for t in EventType::ALL {
            let has = |doc: &GoldDoc| {
                u8::from(
                    doc.events
                        .iter()
                        .any(|e| e.event_type == *t && fact(e.modality)),
                )
            };
            type_units.push(vec![Some(has(g)), Some(has(p))]);
        }
    }
    let extra = other
        .iter()
        .filter(|d| !gold_ids.contains(d.id.as_str()))
        .map(|d| d.id.clone())
        .collect();
    let (stories, stories_consistent) = consistency(gold, &by_id);
    Report {
        overall,
        by_lang,
        by_event_type,
        by_domain,
        alpha_domains: krippendorff_nominal(&dom_units),
        alpha_event_types: krippendorff_nominal(&type_units),
        stories,
        stories_consistent,
        missing,
        extra,
    }
}

fn consistency(gold: &[GoldDoc], by_id: &BTreeMap<&str, &GoldDoc>) -> (usize, usize) {
    type Coding = (Vec<(EventType, Modality)>, Vec<Domain>);
    let mut by_story: BTreeMap<&str, Vec<Coding>> = BTreeMap::new();
    for g in gold {
        let (Some(story), Some(p)) = (g.story.as_deref(), by_id.get(g.id.as_str())) else {
            continue;
        };
        let mut events: Vec<(EventType, Modality)> = p
            .events
            .iter()
            .map(|e| (e.event_type, e.modality))
            .collect();
        events.sort();
        let mut domains = p.domains.clone();
        domains.sort();
        by_story.entry(story).or_default().push((events, domains));
    }
    let multi: Vec<&Vec<Coding>> = by_story.values().filter(|v| v.len() > 1).collect();
    let alike = multi
        .iter()
        .filter(|v| v.iter().all(|c| *c == v[0]))
        .count();
    (multi.len(), alike)
}

/// Krippendorff's alpha for nominal data: `units[u][c]` is coder `c`'s value for unit `u`
/// (`None` when missing). Units with fewer than two values are not pairable and are skipped.
/// `None` when there is nothing to compare or no variation at all.
pub fn krippendorff_nominal<V: Ord + Clone>(units: &[Vec<Option<V>>]) -> Option<f64> {
    let mut coincidence: BTreeMap<(V, V), f64> = BTreeMap::new();
    for unit in units {
        let values: Vec<&V> = unit.iter().flatten().collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                if i != j {
                    *coincidence.entry(((*a).clone(), (*b).clone())).or_default() +=
                        1.0 / (m as f64 - 1.0);
                }
            }
        }
    }
    let mut marginals: BTreeMap<V, f64> = BTreeMap::new();
    for ((a, _), n) in &coincidence {
        *marginals.entry(a.clone()).or_default() += n;
    }
    let n: f64 = marginals.values().sum();
    if n <= 1.0 {
        return None;
    }
    let observed: f64 = coincidence
        .iter()
        .filter(|((a, b), _)| a != b)
        .map(|(_, v)| v)
        .sum();
    let mut expected = 0.0;
    for (a, na) in &marginals {
        for (b, nb) in &marginals {
            if a != b {
                expected += na * nb;
            }
        }
    }
    expected /= n - 1.0;
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn krippendorff_reference_example() {
        // The reliability data of Krippendorff, "Computing Krippendorff's Alpha-Reliability"
        // (2011): four observers, twelve units, values 1–5, missing marked 0 here. The paper
        // gives alpha = 0.743 for nominal data.
        let rows = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        let units: Vec<Vec<Option<u8>>> = (0..12)
            .map(|u| rows.iter().map(|r| (r[u] != 0).then_some(r[u])).collect())
            .collect();
        let alpha = krippendorff_nominal(&units).unwrap();
        assert!((alpha - 0.743).abs() < 0.0005, "{alpha}");
    }

    #[test]
    fn perfect_and_opposite_agreement() {
        let same: Vec<Vec<Option<u8>>> = vec![vec![Some(1), Some(1)], vec![Some(0), Some(0)]];
        assert_eq!(krippendorff_nominal(&same), Some(1.0));
        let none: Vec<Vec<Option<u8>>> = vec![vec![Some(1), Some(1)], vec![Some(1), Some(1)]];
        assert_eq!(krippendorff_nominal(&none), None);
    }

    #[test]
    fn a_planned_visit_coded_as_fact_is_wrong_twice() {
        let doc = |m: Modality| GoldDoc {
            id: "d".into(),
            story: None,
            lang: Lang::En,
            synthetic: true,
            published: None,
            text: String::new(),
            domains: vec![Domain::PoliticalDiplomatic],
            events: vec![GoldEvent {
                event_type: EventType::StateVisit,
                modality: m,
                date: None,
                actor: Some("QA".into()),
                recipient: Some("KZ".into()),
                amount: None,
            }],
        };
        let r = compare(&[doc(Modality::Planned)], &[doc(Modality::Asserted)]);
        assert_eq!(
            r.overall.events,
            Counts {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        let r = compare(&[doc(Modality::Planned)], &[doc(Modality::Planned)]);
        assert_eq!(
            r.overall.events,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(r.overall.actor_ordered.share(), 1.0);
    }
}
