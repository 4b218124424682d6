//! The brief's agreements and commitments (with `bilat-track`'s assessment as of the brief's
//! day), and the open conflicts between sources (`bilat check`).

use std::fmt::Write as _;

use bilat_model::{Dataset, Day, Dyad, Record};
use bilat_track::commitments::{Filter, Options, assess_dyad};
use serde::Serialize;

use crate::best_date;
use crate::i18n::{self, Lang, header, tr, trf};

#[derive(Debug, Serialize)]
pub struct AgreementRow {
    pub id: String,
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

/// The pair's agreements, by date of signature, each with its steps (ratifications, entry
/// into force, status) as the record states them.
pub fn agreements(data: &Dataset, dyad: &Dyad, lang: Lang) -> Vec<AgreementRow> {
    let mut agreements: Vec<(Option<Day>, AgreementRow)> = data
        .agreements()
        .filter(|a| a.dyads.contains(dyad))
        .map(|a| {
            let record = Record::Agreement(a.clone());
            let signed = best_date(&record);
            let steps = a
                .claims
                .iter()
                .filter_map(|c| i18n::agreement_step(lang, data, &c.fact))
                .collect();
            (
                signed.map(|d| d.first_day()),
                AgreementRow {
                    id: a.id.to_string(),
                    signed: signed.map(|d| d.to_string()),
                    kind: tr(lang, a.agreement_kind.label()),
                    title: i18n::name(lang, &a.title),
                    steps,
                },
            )
        })
        .collect();
    agreements.sort_by_key(|(d, _)| *d);
    agreements.into_iter().map(|(_, r)| r).collect()
}

/// `report` is `bilat check`'s on `data`, which the brief has run already.
pub fn obligations(
    data: &Dataset,
    dyad: &Dyad,
    as_of: Day,
    lang: Lang,
    report: &bilat_model::check::Report,
) -> Obligations {
    let agreements = agreements(data, dyad, lang);
    let commitments = assess_dyad(data, dyad, Options::new(as_of), &Filter::default())
        .into_iter()
        .map(|a| CommitmentRow {
            owners: a
                .owners
                .iter()
                .map(|o| i18n::record_name(data, &bilat_model::RecordId::new(o.as_str()), lang))
                .collect(),
            title: i18n::record_name(data, &bilat_model::RecordId::new(a.id.as_str()), lang),
            origin: format!("{:?}", a.origin).to_lowercase(),
            deadline: a.deadline.map(|d| d.to_string()),
            lifecycle: a.lifecycle,
            confidence: a.confidence.as_str().to_string(),
            rule: a.rule.to_string(),
        })
        .collect();
    let records: Vec<&Record> = data.in_dyad(dyad).collect();
    let conflicts = report
        .conflicts
        .iter()
        .filter(|c| records.iter().any(|r| r.id() == &c.record))
        .map(|c| {
            format!(
                "{}: {}",
                i18n::record_name(data, &c.record, lang),
                i18n::conflict(lang, data, &c.detail)
            )
        })
        .collect();
    Obligations {
        agreements,
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

    pub fn to_markdown(&self, md: &mut String, l: Lang) {
        let _ = writeln!(md, "## {}\n", tr(l, "Agreements and commitments"));
        if !self.agreements.is_empty() {
            let _ = writeln!(
                md,
                "{}",
                header(
                    l,
                    &["Signed", "Kind", "Agreement", "Ratification and status"]
                )
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
                .map(|(c, n)| format!("{n} {}", tr(l, c)))
                .collect();
            let _ = writeln!(
                md,
                "{}\n",
                trf(
                    l,
                    "Commitments as `bilat commitments` assesses them on the brief's day: {counts} (the rule behind each is named; `bilat commitments` shows the evidence).",
                    &[("counts", counts.join(", "))]
                )
            );
            let _ = writeln!(
                md,
                "{}",
                header(
                    l,
                    &[
                        "Commitment",
                        "Origin",
                        "Owners",
                        "Deadline",
                        "Lifecycle",
                        "Delivery",
                        "Rule"
                    ]
                )
            );
            for c in &self.commitments {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    c.title.replace('|', "\\|"),
                    tr(l, &c.origin),
                    if c.owners.is_empty() {
                        "—".to_string()
                    } else {
                        c.owners.join("; ")
                    },
                    c.deadline.as_deref().unwrap_or("—"),
                    i18n::status(l, &c.lifecycle),
                    tr(l, &c.confidence),
                    tr(l, &c.rule.replace('-', " "))
                );
            }
            md.push('\n');
        }
        let _ = writeln!(md, "## {}\n", tr(l, "Where sources disagree"));
        if self.conflicts.is_empty() {
            let _ = writeln!(md, "{}\n", tr(l, "No open conflicts between sources."));
        } else {
            let _ = writeln!(
                md,
                "{}\n",
                tr(
                    l,
                    "Both claims are kept in the record; `bilat check` lists them with their sources."
                )
            );
            for c in &self.conflicts {
                let _ = writeln!(md, "- {c}");
            }
            md.push('\n');
        }
    }
}
