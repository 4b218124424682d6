//! What changed in a dyad's record between two days: the progress report a working group
//! shares (Markdown, JSON, or an Atom feed to follow).
//!
//! Between `since` (exclusive) and `as_of` (inclusive):
//! * **status changes** of commitments, projects and agreements (a status dated in the window,
//!   with the status before it);
//! * **new evidence**: any other claim on a commitment, project, agreement, target or
//!   observation that the record came to know in the window ([`crate::known_on`]);
//! * **newly overdue** commitments: the deadline fell in the window and they are not closed;
//!
//! and after `as_of`, **deadlines ahead** within the warning window (90 days by default).

use bilat_model::{Dataset, Day, Dyad, Fact, Record, date::days_in_month};
use serde::Serialize;

use crate::commitments::{Confidence, Options, assess};
use crate::text::xml_escape;
use crate::{days_between, known_on, source_names, sources_of, status_on};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    StatusChange,
    NewlyOverdue,
    NewEvidence,
    DeadlineAhead,
}

impl ChangeKind {
    pub fn heading(self) -> &'static str {
        match self {
            ChangeKind::StatusChange => "Status changes",
            ChangeKind::NewlyOverdue => "Newly overdue",
            ChangeKind::NewEvidence => "New evidence",
            ChangeKind::DeadlineAhead => "Deadlines ahead",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub date: String,
    pub record: String,
    pub record_kind: String,
    pub title: String,
    pub summary: String,
    pub sources: Vec<String>,
    /// Stable within the record: which claim of the record it comes from (for feed ids).
    #[serde(skip)]
    claim: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Progress {
    pub dyad: String,
    pub since: String,
    pub as_of: String,
    pub changes: Vec<Change>,
}

/// The day before `d`.
pub fn day_before(d: Day) -> Day {
    if d.day > 1 {
        Day {
            day: d.day - 1,
            ..d
        }
    } else if d.month > 1 {
        Day {
            month: d.month - 1,
            day: days_in_month(d.year, d.month - 1),
            ..d
        }
    } else {
        Day {
            year: d.year - 1,
            month: 12,
            day: 31,
        }
    }
}

fn tracked(r: &Record) -> bool {
    matches!(
        r,
        Record::Commitment(_)
            | Record::Project(_)
            | Record::Agreement(_)
            | Record::Target(_)
            | Record::Observation(_)
    )
}

pub fn progress(data: &Dataset, dyad: &Dyad, since: Day, opts: Options) -> Progress {
    let as_of = opts.as_of;
    let in_window = |d: Day| since < d && d <= as_of;
    let mut changes = Vec::new();
    for r in data.in_dyad(dyad).filter(|r| tracked(r)) {
        let claims = r.claims();
        for (i, cl) in claims.iter().enumerate() {
            let known = known_on(data, cl);
            match &cl.fact {
                Fact::Status { status, date } => {
                    let Some(effective) = date.map(|d| d.first_day()).or(known) else {
                        continue;
                    };
                    if !in_window(effective) || known.is_some_and(|k| k > as_of) {
                        continue;
                    }
                    // Without an earlier status: where commitments and projects start.
                    let start = match r {
                        Record::Commitment(_) => "pipeline",
                        Record::Project(_) => "proposed",
                        _ => "—",
                    };
                    let before = status_on(data, claims, day_before(effective))
                        .map_or(start, |(s, _, _)| s)
                        .to_string();
                    changes.push(Change {
                        kind: ChangeKind::StatusChange,
                        date: effective.to_string(),
                        record: r.id().to_string(),
                        record_kind: r.kind().to_string(),
                        title: r.title(),
                        summary: format!("{before} → {status}"),
                        sources: sources_of([cl]),
                        claim: i,
                    });
                }
                f => {
                    let Some(k) = known else { continue };
                    if !in_window(k) {
                        continue;
                    }
                    changes.push(Change {
                        kind: ChangeKind::NewEvidence,
                        date: k.to_string(),
                        record: r.id().to_string(),
                        record_kind: r.kind().to_string(),
                        title: r.title(),
                        summary: f.summary(),
                        sources: sources_of([cl]),
                        claim: i,
                    });
                }
            }
        }
    }
    for c in data.commitments().filter(|c| c.dyads.contains(dyad)) {
        let a = assess(data, c, opts);
        let Some(d) = a.deadline else { continue };
        let due = d.last_day();
        let open = a.confidence != Confidence::Closed;
        if open && since <= due && due < as_of {
            changes.push(Change {
                kind: ChangeKind::NewlyOverdue,
                date: due.to_string(),
                record: a.id.clone(),
                record_kind: "commitment".into(),
                title: a.title.clone(),
                summary: format!("deadline {d} passed; lifecycle {}", a.lifecycle),
                sources: a.sources.clone(),
                claim: usize::MAX,
            });
        }
        let ahead = days_between(as_of, due);
        if open && (0..=opts.warning_days).contains(&ahead) {
            changes.push(Change {
                kind: ChangeKind::DeadlineAhead,
                date: due.to_string(),
                record: a.id.clone(),
                record_kind: "commitment".into(),
                title: a.title.clone(),
                summary: format!(
                    "due {d} (in {ahead} days); {} ({})",
                    a.confidence.as_str(),
                    a.rule
                ),
                sources: a.sources.clone(),
                claim: usize::MAX - 1,
            });
        }
    }
    changes.sort_by(|a, b| {
        (a.kind, &a.date, &a.record, a.claim).cmp(&(b.kind, &b.date, &b.record, b.claim))
    });
    Progress {
        dyad: dyad.to_string(),
        since: since.to_string(),
        as_of: as_of.to_string(),
        changes,
    }
}

impl Progress {
    pub fn markdown(&self, data: &Dataset) -> String {
        let mut out = format!(
            "# Progress report {}: {} to {}\n\n{} changes.\n",
            self.dyad,
            self.since,
            self.as_of,
            self.changes.len()
        );
        for kind in [
            ChangeKind::StatusChange,
            ChangeKind::NewlyOverdue,
            ChangeKind::NewEvidence,
            ChangeKind::DeadlineAhead,
        ] {
            let of_kind: Vec<&Change> = self.changes.iter().filter(|c| c.kind == kind).collect();
            out.push_str(&format!("\n## {} ({})\n\n", kind.heading(), of_kind.len()));
            if of_kind.is_empty() {
                out.push_str("None.\n");
            }
            for c in of_kind {
                let sources = source_names(data, &c.sources);
                out.push_str(&format!(
                    "- {} — {} (`{}`): {}. Sources: {}.\n",
                    c.date,
                    c.title,
                    c.record,
                    c.summary.trim_end_matches('.'),
                    if sources.is_empty() {
                        "—".to_string()
                    } else {
                        sources.join("; ")
                    }
                ));
            }
        }
        out
    }

    /// An Atom feed (RFC 4287): one entry per change, with ids that stay the same from one
    /// report to the next so that a feed reader shows only what is new.
    pub fn atom(&self, data: &Dataset) -> String {
        let stamp = |d: &str| format!("{d}T00:00:00Z");
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        out.push_str(&format!(
            "  <id>urn:bilat:progress:{}</id>\n  <title>{}</title>\n  <updated>{}</updated>\n  <author><name>bilat</name></author>\n",
            self.dyad,
            xml_escape(&format!("bilat progress report {}: {} to {}", self.dyad, self.since, self.as_of)),
            stamp(&self.as_of)
        ));
        for c in &self.changes {
            let sources = source_names(data, &c.sources);
            out.push_str("  <entry>\n");
            out.push_str(&format!(
                "    <id>urn:bilat:{}:{}:{}:{}:{}</id>\n",
                self.dyad,
                serde_json::to_value(c.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                c.record,
                c.date,
                c.claim
            ));
            out.push_str(&format!(
                "    <title>{}</title>\n    <updated>{}</updated>\n    <category term=\"{}\"/>\n",
                xml_escape(&format!("{}: {}", c.kind.heading(), c.title)),
                stamp(&c.date),
                xml_escape(&c.record_kind)
            ));
            out.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(&format!(
                    "{} ({}). Sources: {}.",
                    c.summary,
                    c.record,
                    sources.join("; ")
                ))
            ));
            for s in &c.sources {
                if let Some(Record::Source(src)) = data.get(&bilat_model::RecordId::new(s.clone()))
                    && let Some(url) = &src.url
                {
                    out.push_str(&format!(
                        "    <link rel=\"related\" href=\"{}\"/>\n",
                        xml_escape(url)
                    ));
                }
            }
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }
}
