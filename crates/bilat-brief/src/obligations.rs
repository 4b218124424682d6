//! The brief's agreements and commitments (with `bilat-track`'s assessment as of the brief's
//! day), and the open conflicts between sources (`bilat check`).

use std::fmt::Write as _;

use bilat_model::{Dataset, Day, Dyad, Fact, Record};
use bilat_track::commitments::{Filter, Options, assess_dyad};
use serde::Serialize;

use crate::best_date;

#[derive(Debug, Serialize)]
pub struct AgreementRow {
    pub signed: Option<String>,
    pub kind: String,
    pub title: String,
    /// Ratifications, entry into force and status, as the record states them.
    pub steps: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CommitmentRow {
    pub title: String,
    pub origin: String,
    pub owners: Vec<String>,
    pub deadline: Option<String>,
    pub lifecycle: String,
    pub confidence: String,
    pub rule: String,
}

#[derive(Debug, Serialize)]
pub struct Obligations {
    pub agreements: Vec<AgreementRow>,
    pub commitments: Vec<CommitmentRow>,
    /// Conflicts between sources on the pair's records, as `bilat check` reports them.
    pub conflicts: Vec<String>,
}

pub fn obligations(data: &Dataset, dyad: &Dyad, as_of: Day) -> Obligations {
    let mut agreements: Vec<(Option<Day>, AgreementRow)> = data
        .agreements()
        .filter(|a| a.dyads.contains(dyad))
        .map(|a| {
            let record = Record::Agreement(a.clone());
            let signed = best_date(&record);
            let steps = a
                .claims
                .iter()
                .filter(|c| {
                    matches!(
                        c.fact,
                        Fact::Ratified { .. } | Fact::InForce { .. } | Fact::Status { .. }
                    )
                })
                .map(|c| c.fact.summary())
                .collect();
            (
                signed.map(|d| d.first_day()),
                AgreementRow {
                    signed: signed.map(|d| d.to_string()),
                    kind: a.agreement_kind.label().to_string(),
                    title: a.title.en.clone(),
                    steps,
                },
            )
        })
        .collect();
    agreements.sort_by_key(|(d, _)| *d);
    let commitments = assess_dyad(data, dyad, Options::new(as_of), &Filter::default())
        .into_iter()
        .map(|a| CommitmentRow {
            owners: a
                .owners
                .iter()
                .map(|o| data.name_of(&bilat_model::RecordId::new(o.as_str())))
                .collect(),
            title: a.title,
            origin: format!("{:?}", a.origin).to_lowercase(),
            deadline: a.deadline.map(|d| d.to_string()),
            lifecycle: a.lifecycle,
            confidence: a.confidence.as_str().to_string(),
            rule: a.rule.to_string(),
        })
        .collect();
    let records: Vec<&Record> = data.in_dyad(dyad).collect();
    let conflicts = bilat_model::check::check(data)
        .conflicts
        .iter()
        .filter(|c| records.iter().any(|r| r.id() == &c.record))
        .map(|c| format!("{}: {}", data.name_of(&c.record), c.message))
        .collect();
    Obligations {
        agreements: agreements.into_iter().map(|(_, r)| r).collect(),
        commitments,
        conflicts,
    }
}

impl Obligations {
    /// Commitments by delivery confidence: (confidence, count), in a fixed order.
    pub fn by_confidence(&self) -> Vec<(&'static str, usize)> {
        ["on track", "at risk", "off track", "closed", "not rated"]
            .into_iter()
            .map(|c| {
                (
                    c,
                    self.commitments
                        .iter()
                        .filter(|r| r.confidence == c)
                        .count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    pub fn to_markdown(&self, md: &mut String) {
        let _ = writeln!(md, "## Agreements and commitments\n");
        if !self.agreements.is_empty() {
            let _ = writeln!(
                md,
                "| Signed | Kind | Agreement | Ratification and status |\n|---|---|---|---|"
            );
            for a in &self.agreements {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} |",
                    a.signed.as_deref().unwrap_or("—"),
                    a.kind,
                    a.title.replace('|', "\\|"),
                    if a.steps.is_empty() {
                        "—".to_string()
                    } else {
                        a.steps.join("; ")
                    }
                );
            }
            md.push('\n');
        }
        if !self.commitments.is_empty() {
            let counts: Vec<String> = self
                .by_confidence()
                .iter()
                .map(|(c, n)| format!("{n} {c}"))
                .collect();
            let _ = writeln!(
                md,
                "Commitments as `bilat commitments` assesses them on the brief's day: {} (the rule behind each is named; `bilat commitments` shows the evidence).\n",
                counts.join(", ")
            );
            let _ = writeln!(
                md,
                "| Commitment | Origin | Owners | Deadline | Lifecycle | Delivery | Rule |\n|---|---|---|---|---|---|---|"
            );
            for c in &self.commitments {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    c.title.replace('|', "\\|"),
                    c.origin,
                    if c.owners.is_empty() {
                        "—".to_string()
                    } else {
                        c.owners.join("; ")
                    },
                    c.deadline.as_deref().unwrap_or("—"),
                    c.lifecycle,
                    c.confidence,
                    c.rule
                );
            }
            md.push('\n');
        }
        let _ = writeln!(md, "## Where sources disagree\n");
        if self.conflicts.is_empty() {
            let _ = writeln!(md, "No open conflicts between sources.\n");
        } else {
            let _ = writeln!(
                md,
                "Both claims are kept in the record; `bilat check` lists them with their sources.\n"
            );
            for c in &self.conflicts {
                let _ = writeln!(md, "- {c}");
            }
            md.push('\n');
        }
    }
}
