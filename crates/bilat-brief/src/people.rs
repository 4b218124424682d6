//! Who's who: the people and organisations that take part in the dyad's events, with their
//! names in the brief's language and in Arabic (for protocol: the Qatari side writes them so),
//! how often and in which years they appear, and the sources that name them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use bilat_model::{Dataset, Fact, Record, RecordId};
use serde::Serialize;

use crate::i18n::{Lang, header, name, tr};

#[derive(Debug, Serialize)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    /// The record's Arabic name, when it has one.
    pub arabic: Option<String>,
    pub country: Option<String>,
    pub person: bool,
    pub events: usize,
    pub years: Option<(i32, i32)>,
    pub sources: Vec<String>,
}

/// The actors (not countries) named as participants in `events`, most frequent first.
pub(crate) fn people(
    data: &Dataset,
    events: &[&Record],
    lang: Lang,
    cite: &mut crate::Citations<'_>,
) -> Vec<PersonRow> {
    #[derive(Default)]
    struct Acc<'a> {
        events: BTreeSet<&'a RecordId>,
        years: BTreeSet<i32>,
        claims: Vec<&'a bilat_model::Claim>,
    }
    let mut by_actor: BTreeMap<&RecordId, Acc<'_>> = BTreeMap::new();
    for event in events {
        let year = crate::best_date(event).map(|d| d.first_day().year);
        for claim in event.claims() {
            if let Fact::Participant { actor, .. } = &claim.fact
                && matches!(data.get(actor), Some(Record::Actor(_)))
            {
                let acc = by_actor.entry(actor).or_default();
                acc.events.insert(event.id());
                acc.years.extend(year);
                acc.claims.push(claim);
            }
        }
    }
    let mut rows: Vec<PersonRow> = by_actor
        .into_iter()
        .filter_map(|(id, acc)| {
            let Some(Record::Actor(actor)) = data.get(id) else {
                return None;
            };
            Some(PersonRow {
                id: id.to_string(),
                name: name(lang, &actor.names),
                arabic: actor.names.ar.clone(),
                country: actor
                    .country
                    .as_ref()
                    .map(|c| crate::country(data, c.as_str(), lang)),
                person: matches!(actor.actor_kind, bilat_model::ActorKind::Person),
                events: acc.events.len(),
                years: acc.years.first().copied().zip(acc.years.last().copied()),
                sources: cite.of(acc.claims.iter().copied()),
            })
        })
        .collect();
    rows.sort_by(|x, y| {
        (y.person, y.events)
            .cmp(&(x.person, x.events))
            .then_with(|| x.name.cmp(&y.name))
    });
    rows
}

pub(crate) fn to_markdown(md: &mut String, rows: &[PersonRow], lang: Lang) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(md, "## {}\n", tr(lang, "People and organisations"));
    let _ = writeln!(
        md,
        "{}\n",
        tr(
            lang,
            "Those the record names as taking part in the pair's events, people first; names in Arabic as the record gives them."
        )
    );
    let _ = writeln!(
        md,
        "{}",
        header(
            lang,
            &["Name", "In Arabic", "Country", "Events", "Years", "Sources"]
        )
    );
    for r in rows {
        let years = match r.years {
            Some((a, b)) if a == b => a.to_string(),
            Some((a, b)) => format!("{a}–{b}"),
            None => "—".into(),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {years} | {} |",
            crate::cell(&r.name),
            r.arabic.as_deref().map_or("—".into(), crate::cell),
            r.country.as_deref().unwrap_or("—"),
            r.events,
            crate::cell(&r.sources.join("; "))
        );
    }
    md.push('\n');
}
