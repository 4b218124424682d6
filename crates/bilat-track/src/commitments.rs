//! Commitments on four separate axes, as of a day.
//!
//! 1. **Lifecycle** — the latest `status` claim in force: pipeline, implementation, completed,
//!    cancelled, suspended (IATI's activity statuses, without finalisation).
//! 2. **Delivery confidence** — on track, at risk, off track (a delivery unit's RAG rating),
//!    or not rated, set by the first rule of [`RULES`] that applies; the rule is reported.
//! 3. **Compliance** — each party's latest score for a period (G7/G20 Research Group: −1, 0,
//!    +1, each with a written justification and sources).
//! 4. **Verdict** — once closed (completed or cancelled): kept, compromise or broken, from the
//!    mean of the parties' latest scores (≥ 0.5 kept, ≤ −0.5 broken, else compromise); with
//!    no scores, completed is kept and cancelled is broken.

use bilat_model::{
    Commitment, CommitmentOrigin, Dataset, Day, Dyad, Fact, FuzzyDate, ParticipantRole,
    RoadmapLevel,
};
use serde::Serialize;

use crate::{claims_on, days_between, sources_of, status_on};

/// The rules of delivery confidence, in the order they are tried: (name, what it says).
pub const RULES: &[(&str, &str)] = &[
    (
        "proposal",
        "a proposal that no agreed commitment takes up: not rated",
    ),
    ("completed", "completed: closed, the verdict applies"),
    ("cancelled", "cancelled: closed, the verdict applies"),
    ("suspended", "suspended: off track"),
    (
        "overdue",
        "the deadline has passed and it is not completed: off track",
    ),
    (
        "negative-score",
        "a party's latest compliance score is -1: off track",
    ),
    (
        "deadline-near-no-progress",
        "the deadline is within the warning window and there is no evidence of progress \
         (no implementation status, no score of 0 or +1): at risk",
    ),
    (
        "deadline-ahead",
        "the deadline is beyond the warning window, or progress is evidenced: on track",
    ),
    ("no-deadline", "no deadline in the record: not rated"),
];

/// The forward-looking rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    OnTrack,
    AtRisk,
    OffTrack,
    Closed,
    NotRated,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::OnTrack => "on track",
            Confidence::AtRisk => "at risk",
            Confidence::OffTrack => "off track",
            Confidence::Closed => "closed",
            Confidence::NotRated => "not rated",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Kept,
    Compromise,
    Broken,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Kept => "kept",
            Verdict::Compromise => "compromise",
            Verdict::Broken => "broken",
        }
    }
}

/// A party's latest compliance score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyScore {
    pub party: String,
    pub score: i8,
    pub period: FuzzyDate,
    pub justification: String,
    pub sources: Vec<String>,
}

/// One commitment on its four axes, as of a day.
#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    pub origin: CommitmentOrigin,
    pub level: RoadmapLevel,
    /// Responsible parties or working groups (participants in the `owner` role).
    pub owners: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<FuzzyDate>,
    /// Lifecycle status; `pipeline` when the record gives none.
    pub lifecycle: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle_since: Option<FuzzyDate>,
    pub confidence: Confidence,
    /// The name of the rule in [`RULES`] that set the confidence.
    pub rule: &'static str,
    /// Each party's latest score.
    pub compliance: Vec<PartyScore>,
    /// Every score in force on the day, by party then period (the G7/G20 Research Group's
    /// interim and final reports score each period).
    pub compliance_history: Vec<PartyScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub verdict_basis: String,
    /// For a proposal: who proposed it (participants as `actor`) and to whom (`recipient`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub proposed_by: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub proposed_to: Vec<String>,
    /// For a proposal: the agreed commitments that take it up (they `concern` it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub taken_up_by: Vec<String>,
    /// Sources of every claim that holds on the day.
    pub sources: Vec<String>,
}

/// How the assessment is made.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub as_of: Day,
    /// Days before a deadline in which the lack of progress puts a commitment at risk.
    pub warning_days: i64,
}

impl Options {
    pub fn new(as_of: Day) -> Options {
        Options {
            as_of,
            warning_days: 90,
        }
    }
}

/// The deadline in force on the day: the latest-listed `deadline` claim that holds.
pub fn deadline_on(data: &Dataset, c: &Commitment, as_of: Day) -> Option<FuzzyDate> {
    claims_on(data, &c.claims, as_of)
        .filter_map(|cl| match &cl.fact {
            Fact::Deadline { date } => Some(*date),
            _ => None,
        })
        .last()
}

/// Assesses one commitment.
pub fn assess(data: &Dataset, c: &Commitment, opts: Options) -> Assessment {
    let as_of = opts.as_of;
    let held: Vec<_> = claims_on(data, &c.claims, as_of).collect();
    let in_role = |role: ParticipantRole| -> Vec<String> {
        held.iter()
            .filter_map(|cl| match &cl.fact {
                Fact::Participant { actor, role: r, .. } if *r == role => Some(actor.to_string()),
                _ => None,
            })
            .fold(Vec::new(), |mut v, o| {
                if !v.contains(&o) {
                    v.push(o);
                }
                v
            })
    };
    let owners = in_role(ParticipantRole::Owner);
    let (proposed_by, proposed_to) = if c.origin == CommitmentOrigin::Proposed {
        (
            in_role(ParticipantRole::Actor),
            in_role(ParticipantRole::Recipient),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let deadline = deadline_on(data, c, as_of);
    let (lifecycle, since) = match status_on(data, &c.claims, as_of) {
        Some((s, d, _)) => (s.to_string(), d),
        None => ("pipeline".to_string(), None),
    };

    // Each party's latest score (by period, then by order in the record).
    let mut compliance: Vec<PartyScore> = Vec::new();
    let mut compliance_history: Vec<PartyScore> = Vec::new();
    for cl in &held {
        if let Fact::Compliance {
            party,
            score,
            period,
            justification,
        } = &cl.fact
        {
            let new = PartyScore {
                party: party.to_string(),
                score: *score,
                period: *period,
                justification: justification.clone(),
                sources: sources_of([*cl]),
            };
            compliance_history.push(new.clone());
            match compliance.iter_mut().find(|p| p.party == new.party) {
                Some(old) if old.period.last_day() <= period.last_day() => *old = new,
                Some(_) => {}
                None => compliance.push(new),
            }
        }
    }

    compliance_history.sort_by(|a, b| {
        (&a.party, a.period.first_day(), a.period.last_day()).cmp(&(
            &b.party,
            b.period.first_day(),
            b.period.last_day(),
        ))
    });

    let taken_up_by: Vec<String> = if c.origin == CommitmentOrigin::Proposed {
        data.commitments()
            .filter(|o| o.origin == CommitmentOrigin::Agreed)
            .filter(|o| {
                claims_on(data, &o.claims, as_of)
                    .any(|cl| matches!(&cl.fact, Fact::Concerns { record } if *record == c.id))
            })
            .map(|o| o.id.to_string())
            .collect()
    } else {
        Vec::new()
    };

    let progress = lifecycle == "implementation" || compliance.iter().any(|p| p.score >= 0);
    let (confidence, rule) = if c.origin == CommitmentOrigin::Proposed && taken_up_by.is_empty() {
        (Confidence::NotRated, "proposal")
    } else {
        match lifecycle.as_str() {
            "completed" => (Confidence::Closed, "completed"),
            "cancelled" => (Confidence::Closed, "cancelled"),
            "suspended" => (Confidence::OffTrack, "suspended"),
            _ => match deadline {
                Some(d) if d.last_day() < as_of => (Confidence::OffTrack, "overdue"),
                _ if compliance.iter().any(|p| p.score < 0) => {
                    (Confidence::OffTrack, "negative-score")
                }
                Some(d) if days_between(as_of, d.last_day()) <= opts.warning_days && !progress => {
                    (Confidence::AtRisk, "deadline-near-no-progress")
                }
                Some(_) => (Confidence::OnTrack, "deadline-ahead"),
                None => (Confidence::NotRated, "no-deadline"),
            },
        }
    };

    let (verdict, verdict_basis) = match lifecycle.as_str() {
        "completed" | "cancelled" if !compliance.is_empty() => {
            let mean = compliance.iter().map(|p| f64::from(p.score)).sum::<f64>()
                / compliance.len() as f64;
            let v = if mean >= 0.5 {
                Verdict::Kept
            } else if mean <= -0.5 {
                Verdict::Broken
            } else {
                Verdict::Compromise
            };
            (
                Some(v),
                format!("mean of {} party score(s): {mean:+.2}", compliance.len()),
            )
        }
        "completed" => (Some(Verdict::Kept), "completed, no scores".to_string()),
        "cancelled" => (Some(Verdict::Broken), "cancelled, no scores".to_string()),
        _ => (None, String::new()),
    };

    Assessment {
        id: c.id.to_string(),
        title: c.title.en.clone(),
        agreement: c.agreement.as_ref().map(|a| a.to_string()),
        origin: c.origin,
        level: c.level,
        owners,
        deadline,
        lifecycle,
        lifecycle_since: since,
        confidence,
        rule,
        compliance,
        compliance_history,
        verdict,
        verdict_basis,
        proposed_by,
        proposed_to,
        taken_up_by,
        sources: sources_of(held),
    }
}

/// Filters for [`assess_dyad`].
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Lifecycle status or confidence (`at_risk`, `off_track`, …).
    pub status: Option<String>,
    /// An owner's id, or words of its name.
    pub owner: Option<String>,
    pub due_before: Option<Day>,
}

/// Every commitment of a dyad, assessed, filtered, ordered by deadline (none last), then id.
pub fn assess_dyad(data: &Dataset, dyad: &Dyad, opts: Options, f: &Filter) -> Vec<Assessment> {
    let mut out: Vec<Assessment> = data
        .commitments()
        .filter(|c| c.dyads.contains(dyad))
        .map(|c| assess(data, c, opts))
        .filter(|a| {
            f.status.as_deref().is_none_or(|s| {
                let s = s.replace('-', "_");
                a.lifecycle == s || a.confidence.as_str().replace(' ', "_") == s
            })
        })
        .filter(|a| {
            f.owner.as_deref().is_none_or(|o| {
                let o = o.to_lowercase();
                a.owners.iter().any(|id| {
                    id.to_lowercase() == o
                        || data
                            .name_of(&bilat_model::RecordId::new(id.clone()))
                            .to_lowercase()
                            .contains(&o)
                })
            })
        })
        .filter(|a| {
            f.due_before
                .is_none_or(|d| a.deadline.is_some_and(|dl| dl.last_day() < d))
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |x: &Assessment| (x.deadline.is_none(), x.deadline.map(|d| d.last_day()));
        key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    });
    out
}
