//! Monitoring: commitments, `commit add|update`, targets, the project pipeline, roadmaps and
//! progress reports (the computations are in `bilat-track`; this module reads arguments,
//! writes records with evidence and prints).

use std::path::PathBuf;
use std::process::ExitCode;

use super::Db;
use anyhow::{Context, Result, anyhow, bail};
use bilat_model::{
    Claim, Commitment, CommitmentOrigin, Dataset, Day, Domain, Dyad, Evidence, Fact, FuzzyDate,
    Locator, Names, ParticipantRole, Record, RecordId, RoadmapLevel,
};
use bilat_store::{Origin, RecordStore, import};
use bilat_track::commitments::{Filter, Options, assess_dyad};

use crate::output::{Format, emit, pct};

fn parse_day(text: &str, what: &str) -> Result<Day> {
    Ok(date(text, what)?.first_day())
}

fn as_of(arg: &Option<String>) -> Result<Day> {
    match arg {
        Some(t) => parse_day(t, "--as-of"),
        None => Ok(bilat_store::accounts::today_utc()),
    }
}

#[derive(clap::Args)]
pub struct CommitmentsArgs {
    a: String,
    b: String,
    /// A lifecycle status (pipeline, implementation, completed, cancelled, suspended) or a
    /// confidence (on_track, at_risk, off_track, not_rated, closed).
    #[arg(long)]
    status: Option<String>,
    /// An owner's record id, or words of its name.
    #[arg(long)]
    owner: Option<String>,
    /// Only commitments due before this day.
    #[arg(long)]
    due_before: Option<String>,
    /// Assess as of this day (default: today). Claims count from their earliest dated source.
    #[arg(long)]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn commitments(db: Db, args: CommitmentsArgs) -> Result<ExitCode> {
    let dyad = super::dyad(&args.a, &args.b)?;
    let data = super::load(db)?;
    let filter = Filter {
        status: args.status,
        owner: args.owner,
        due_before: args
            .due_before
            .as_deref()
            .map(|d| parse_day(d, "--due-before"))
            .transpose()?,
    };
    let list = assess_dyad(&data, &dyad, Options::new(as_of(&args.as_of)?), &filter);
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            vec![
                a.deadline.map_or("—".to_string(), |d| d.to_string()),
                a.lifecycle.clone(),
                format!("{} ({})", a.confidence.as_str(), a.rule),
                if a.compliance.is_empty() {
                    "—".to_string()
                } else {
                    a.compliance
                        .iter()
                        .map(|p| format!("{} {:+}", p.party, p.score))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                a.verdict
                    .map_or("—".to_string(), |v| v.as_str().to_string()),
                names(&data, &a.owners),
                match a.origin {
                    CommitmentOrigin::Proposed => {
                        let by = if a.proposed_by.is_empty() {
                            format!("in {}", data.sources_text(&a.sources))
                        } else {
                            format!("by {}", names(&data, &a.proposed_by))
                        };
                        let taken = if a.taken_up_by.is_empty() {
                            "not taken up".to_string()
                        } else {
                            format!("taken up by {}", a.taken_up_by.join(", "))
                        };
                        format!(
                            "{} [proposed {by} to {}; {taken}]",
                            a.title,
                            names(&data, &a.proposed_to)
                        )
                    }
                    CommitmentOrigin::Agreed => a.title.clone(),
                },
                data.sources_text(&a.sources),
                a.id.clone(),
            ]
        })
        .collect();
    emit(
        args.format,
        &[
            "deadline",
            "lifecycle",
            "confidence (rule)",
            "compliance",
            "verdict",
            "owners",
            "commitment",
            "evidence",
            "id",
        ],
        &rows,
        &serde_json::to_value(&list)?,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Record ids shown through `show`, joined by `sep`; a dash for none.
fn joined(ids: &[String], sep: &str, show: impl Fn(&RecordId) -> String) -> String {
    if ids.is_empty() {
        return "—".to_string();
    }
    ids.iter()
        .map(|i| show(&RecordId::new(i.clone())))
        .collect::<Vec<_>>()
        .join(sep)
}

fn names(data: &Dataset, ids: &[String]) -> String {
    joined(ids, ", ", |id| data.name_of(id))
}

#[derive(clap::Args)]
pub struct CommitArgs {
    #[command(subcommand)]
    action: CommitAction,
}

/// The evidence every change needs.
#[derive(clap::Args)]
struct EvidenceArgs {
    /// The source (src:…) that states it; required: nothing enters the record without evidence.
    #[arg(long)]
    source: String,
    /// Where in the source: `whole`, `page:N` or `section:NAME`.
    #[arg(long, default_value = "whole")]
    locator: String,
    /// A note kept with the claim.
    #[arg(long)]
    note: Option<String>,
}

#[derive(clap::Subcommand)]
enum CommitAction {
    /// Add claims to commitments from a CSV file, all or nothing. Columns: id, fact (status,
    /// compliance, deadline or owner), status, date, party, score, period, justification,
    /// owner, source, locator, note. New commitments are imported as JSON Lines with
    /// `bilat import`.
    Import { file: PathBuf },
    /// Add a commitment (or a proposal) with its first claims, all citing --source.
    Add {
        /// The new id, cm:slug.
        id: String,
        #[arg(long)]
        title: String,
        /// The pair, e.g. KZ-QA.
        #[arg(long)]
        dyad: String,
        #[arg(long)]
        agreement: Option<String>,
        /// goal, objective or milestone.
        #[arg(long, default_value = "objective")]
        level: String,
        #[arg(long)]
        parent: Option<String>,
        /// Ids of commitments that must be done first (repeatable).
        #[arg(long)]
        depends_on: Vec<String>,
        /// A proposal rather than an agreed commitment.
        #[arg(long)]
        proposed: bool,
        /// Domains (repeatable), e.g. trade_economic_investment.
        #[arg(long, required = true)]
        domain: Vec<String>,
        #[arg(long)]
        deadline: Option<String>,
        /// Responsible parties or working groups (repeatable): actor ids or country codes.
        #[arg(long)]
        owner: Vec<String>,
        /// Summary in your own words of what the source says.
        #[arg(long)]
        describes: Option<String>,
        #[command(flatten)]
        evidence: EvidenceArgs,
    },
    /// Add a status change, a compliance score, a deadline or an owner to a commitment.
    Update {
        id: String,
        /// pipeline, implementation, completed, cancelled or suspended.
        #[arg(long, requires = "date")]
        status: Option<String>,
        /// The day the status took effect.
        #[arg(long)]
        date: Option<String>,
        /// A party's score, PARTY=+1|0|-1 (needs --period and --justification).
        #[arg(long, requires_all = ["period", "justification"])]
        score: Option<String>,
        #[arg(long)]
        period: Option<String>,
        #[arg(long)]
        justification: Option<String>,
        #[arg(long)]
        deadline: Option<String>,
        #[arg(long)]
        owner: Vec<String>,
        #[command(flatten)]
        evidence: EvidenceArgs,
    },
}

fn locator(text: &str) -> Result<Locator> {
    Ok(match text.split_once(':') {
        None if text == "whole" => Locator::Whole,
        Some(("page", n)) => Locator::Page(
            n.parse()
                .with_context(|| format!("--locator page:N: expected a number, found `{n}`"))?,
        ),
        Some(("section", s)) => Locator::Section(s.to_string()),
        _ => bail!("--locator: expected whole, page:N or section:NAME, found `{text}`"),
    })
}

fn date(text: &str, what: &str) -> Result<FuzzyDate> {
    FuzzyDate::parse(text).map_err(|e| anyhow!("{what}: {e}"))
}

pub fn commit(db: Db, args: CommitArgs) -> Result<ExitCode> {
    let mut store = super::open(db)?;
    let data = store.load()?;
    let incoming: Vec<(Record, Origin)> = match args.action {
        CommitAction::Import { file } => read_csv(&data, &file)?,
        CommitAction::Add {
            id,
            title,
            dyad,
            agreement,
            level,
            parent,
            depends_on,
            proposed,
            domain,
            deadline,
            owner,
            describes,
            evidence,
        } => {
            let (a, b) = dyad
                .split_once('-')
                .with_context(|| format!("--dyad: expected KZ-QA, found `{dyad}`"))?;
            let dyad: Dyad = super::dyad(a, b)?;
            let domains = domain
                .iter()
                .map(|d| {
                    Domain::parse(d).with_context(|| {
                        format!(
                            "--domain: expected one of {}, found `{d}`",
                            Domain::ALL
                                .iter()
                                .map(|x| x.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let level = RoadmapLevel::parse(&level).with_context(|| {
                format!("--level: expected goal, objective or milestone, found `{level}`")
            })?;
            let mut facts = Vec::new();
            if let Some(d) = deadline {
                facts.push(Fact::Deadline {
                    date: date(&d, "--deadline")?,
                });
            }
            for o in owner {
                facts.push(owner_fact(&o));
            }
            if let Some(s) = describes {
                facts.push(Fact::Describes { summary: s });
            }
            if facts.is_empty() {
                bail!("a new commitment needs a claim: give --deadline, --owner or --describes");
            }
            let c = Commitment {
                id: RecordId::new(id),
                title: Names::en(title),
                dyads: vec![dyad],
                agreement: agreement.map(RecordId::new),
                origin: if proposed {
                    CommitmentOrigin::Proposed
                } else {
                    CommitmentOrigin::Agreed
                },
                level,
                parent: parent.map(RecordId::new),
                depends_on: depends_on.into_iter().map(RecordId::new).collect(),
                domains,
                claims: Vec::new(),
            };
            vec![(
                with_claims(Record::Commitment(c), facts, &evidence)?,
                command_line(),
            )]
        }
        CommitAction::Update {
            id,
            status,
            date: when,
            score,
            period,
            justification,
            deadline,
            owner,
            evidence,
        } => {
            let rid = RecordId::new(id);
            let mut facts = Vec::new();
            if let Some(s) = status {
                facts.push(Fact::Status {
                    status: s,
                    date: when.as_deref().map(|d| date(d, "--date")).transpose()?,
                });
            }
            if let Some(s) = score {
                let (party, value) = s
                    .split_once('=')
                    .with_context(|| format!("--score: expected PARTY=+1|0|-1, found `{s}`"))?;
                let value: i8 = value.trim_start_matches('+').parse().with_context(|| {
                    format!("--score: expected -1, 0 or +1 after `=`, found `{value}`")
                })?;
                facts.push(Fact::Compliance {
                    party: RecordId::new(party),
                    score: value,
                    period: date(period.as_deref().unwrap_or_default(), "--period")?,
                    justification: justification.unwrap_or_default(),
                });
            }
            if let Some(d) = deadline {
                facts.push(Fact::Deadline {
                    date: date(&d, "--deadline")?,
                });
            }
            for o in owner {
                facts.push(owner_fact(&o));
            }
            if facts.is_empty() {
                bail!("nothing to add: give --status, --score, --deadline or --owner");
            }
            vec![(update_of(&data, &rid, facts, &evidence)?, command_line())]
        }
    };
    let ids: Vec<String> = incoming.iter().map(|(r, _)| r.id().to_string()).collect();
    let plan = import::plan(&data, incoming)?;
    // A status change must be attested by its evidence (see `bilat check`): refuse it here
    // rather than store what check would then report.
    let mut after: Vec<Record> = data
        .iter()
        .filter(|r| !ids.iter().any(|id| r.id().as_str() == id))
        .cloned()
        .collect();
    after.extend(plan.records.iter().cloned());
    let problems: Vec<String> = bilat_model::check::check(&Dataset::new(after))
        .errors
        .into_iter()
        .filter(|p| ids.iter().any(|id| p.record.as_str() == id) && p.message.starts_with("status"))
        .map(|p| format!("{}: {}", p.record, p.message))
        .collect();
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    let summary = store.apply(&plan, &super::change().with_evidence("bilat commitments"))?;
    let mut unique = ids;
    unique.dedup();
    out!("{}: {} new claim(s)", unique.join(", "), summary.new_claims);
    Ok(ExitCode::SUCCESS)
}

fn command_line() -> Origin {
    Origin {
        file: "command line".into(),
        line: 0,
    }
}

/// A copy of commitment `id` that holds only the new claims (the plan adds them to the record).
fn update_of(data: &Dataset, id: &RecordId, facts: Vec<Fact>, e: &EvidenceArgs) -> Result<Record> {
    let Some(Record::Commitment(current)) = data.get(id) else {
        bail!("no commitment `{id}` in the record");
    };
    let mut update = current.clone();
    update.claims.clear();
    with_claims(Record::Commitment(update), facts, e)
}

#[derive(serde::Deserialize)]
struct CsvRow {
    id: String,
    fact: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    score: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    justification: String,
    #[serde(default)]
    owner: String,
    source: String,
    #[serde(default)]
    locator: String,
    #[serde(default)]
    note: String,
}

fn read_csv(data: &Dataset, file: &std::path::Path) -> Result<Vec<(Record, Origin)>> {
    let name = file.display().to_string();
    let mut reader = csv::Reader::from_path(file).with_context(|| format!("reading {name}"))?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in reader.deserialize::<CsvRow>().enumerate() {
        let line = i + 2;
        let at = format!("{name}:{line}");
        let parsed = row
            .map_err(|e| anyhow!("{e}"))
            .and_then(|r| csv_claim(data, r))
            .map_err(|e| format!("{at}: {e:#}"));
        match parsed {
            Ok(record) => out.push((
                record,
                Origin {
                    file: name.clone(),
                    line,
                },
            )),
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        bail!("nothing imported:\n  {}", problems.join("\n  "));
    }
    if out.is_empty() {
        bail!("{name}: expected rows after the header, found none");
    }
    Ok(out)
}

fn csv_claim(data: &Dataset, r: CsvRow) -> Result<Record> {
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let fact = match r.fact.as_str() {
        "status" => Fact::Status {
            status: r.status.clone(),
            date: opt(&r.date).map(|d| date(&d, "date")).transpose()?,
        },
        "compliance" => Fact::Compliance {
            party: RecordId::new(r.party.clone()),
            score: r
                .score
                .trim()
                .trim_start_matches('+')
                .parse()
                .with_context(|| format!("score: expected -1, 0 or +1, found `{}`", r.score))?,
            period: date(&r.period, "period")?,
            justification: r.justification.clone(),
        },
        "deadline" => Fact::Deadline {
            date: date(&r.date, "date")?,
        },
        "owner" => owner_fact(&r.owner),
        other => bail!("fact: expected status, compliance, deadline or owner, found `{other}`"),
    };
    let evidence = EvidenceArgs {
        source: r.source,
        locator: opt(&r.locator).unwrap_or_else(|| "whole".into()),
        note: opt(&r.note),
    };
    update_of(data, &RecordId::new(r.id), vec![fact], &evidence)
}

fn owner_fact(o: &str) -> Fact {
    Fact::Participant {
        actor: RecordId::new(o),
        role: ParticipantRole::Owner,
        title: None,
    }
}

fn with_claims(mut record: Record, facts: Vec<Fact>, e: &EvidenceArgs) -> Result<Record> {
    let evidence = Evidence {
        source: RecordId::new(e.source.clone()),
        locator: locator(&e.locator)?,
        quote_hash: None,
    };
    if let Some(claims) = record.claims_mut() {
        claims.extend(facts.into_iter().map(|fact| Claim {
            fact,
            evidence: vec![evidence.clone()],
            note: e.note.clone(),
        }));
    }
    Ok(record)
}

#[derive(clap::Args)]
pub struct TargetsArgs {
    a: String,
    b: String,
    #[arg(long)]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn targets(db: Db, args: TargetsArgs) -> Result<ExitCode> {
    let dyad = super::dyad(&args.a, &args.b)?;
    let data = super::load(db)?;
    let list = bilat_track::targets::trajectories(&data, &dyad, as_of(&args.as_of)?);
    let point = |p: &Option<bilat_track::targets::Point>, unit: &bilat_model::Unit| {
        p.as_ref().map_or("—".to_string(), |p| p.describe(unit))
    };
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|t| {
            vec![
                t.title.clone(),
                format!("{}", t.target),
                t.by.map_or("not stated".to_string(), |d| d.to_string()),
                point(&t.baseline, &t.target.unit),
                point(&t.latest, &t.target.unit),
                t.share
                    .map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0)),
                match &t.growth_observed_basis {
                    None => pct(t.growth_observed),
                    Some(basis) => format!("{} ({basis})", pct(t.growth_observed)),
                },
                pct(t.growth_needed),
                match t.reached_at_observed_rate {
                    Some(y) => format!("{} (at the observed rate: {y})", t.state.as_str()),
                    None => t.state.as_str().to_string(),
                },
                data.sources_text(&t.sources),
                t.id.clone(),
            ]
        })
        .collect();
    emit(
        args.format,
        &[
            "target",
            "value",
            "by",
            "baseline",
            "latest",
            "reached",
            "growth observed /yr",
            "growth needed /yr",
            "state",
            "evidence",
            "id",
        ],
        &rows,
        &serde_json::to_value(&list)?,
    )?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ProjectsArgs {
    a: String,
    b: String,
    /// Planned investment by sector and status, with totals that leave out pledges, umbrella
    /// packages and cancelled or suspended projects (each exclusion listed).
    #[arg(long)]
    pipeline: bool,
    #[arg(long)]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

use bilat_model::display::usd_millions as usd;

pub fn projects(db: Db, args: ProjectsArgs) -> Result<ExitCode> {
    if !args.pipeline {
        return super::lists::projects(
            db,
            super::lists::DyadArgs::new(args.a, args.b, args.format),
        );
    }
    let dyad = super::dyad(&args.a, &args.b)?;
    let data = super::load(db)?;
    let p = bilat_track::projects::pipeline(&data, &dyad, as_of(&args.as_of)?);
    let rows: Vec<Vec<String>> = p
        .rows
        .iter()
        .map(|r| {
            vec![
                r.sector.clone(),
                r.status.clone(),
                r.title.clone(),
                r.amount.as_ref().map_or("—".to_string(), |m| m.to_string()),
                r.usd.map_or("—".to_string(), usd),
                match &r.excluded {
                    None => "counted".to_string(),
                    Some(why) => format!("excluded: {why}"),
                },
                data.sources_text(&r.sources),
                r.id.clone(),
            ]
        })
        .collect();
    emit(
        args.format,
        &[
            "sector", "status", "project", "amount", "USD", "totals", "evidence", "id",
        ],
        &rows,
        &serde_json::to_value(&p)?,
    )?;
    if args.format == Format::Table {
        out!();
        for (sector, by_status) in &p.by_sector {
            let parts: Vec<String> = by_status
                .iter()
                .map(|(s, v)| format!("{s} {}", usd(*v)))
                .collect();
            out!("{sector}: {}", parts.join(", "));
        }
        out!(
            "Total counted as of {}: {}. Left out: {} item(s), {} (pledges, umbrella packages, cancelled or suspended, or without a convertible amount).",
            p.as_of,
            usd(p.total_usd),
            p.excluded,
            usd(p.excluded_usd)
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RoadmapFormat {
    Md,
    Csv,
    Ics,
    Json,
}

#[derive(clap::Args)]
pub struct RoadmapArgs {
    a: String,
    b: String,
    /// The agreement (ag:…).
    #[arg(long)]
    agreement: String,
    #[arg(long)]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "md")]
    format: RoadmapFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

fn write_out(output: &Option<PathBuf>, text: &str) -> Result<()> {
    match output {
        Some(p) => std::fs::write(p, text).with_context(|| format!("writing {}", p.display())),
        None => {
            use std::io::Write;
            std::io::stdout().lock().write_all(text.as_bytes())?;
            Ok(())
        }
    }
}

pub fn roadmap(db: Db, args: RoadmapArgs) -> Result<ExitCode> {
    let dyad = super::dyad(&args.a, &args.b)?;
    let data = super::load(db)?;
    let r = bilat_track::roadmap::roadmap(
        &data,
        &dyad,
        &RecordId::new(args.agreement),
        Options::new(as_of(&args.as_of)?),
    )?;
    let text = match args.format {
        RoadmapFormat::Md => r.markdown(&data),
        RoadmapFormat::Csv => r.csv(),
        RoadmapFormat::Ics => r.ics(&data),
        RoadmapFormat::Json => serde_json::to_string_pretty(&r)? + "\n",
    };
    write_out(&args.output, &text)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProgressFormat {
    Md,
    Json,
    Atom,
}

#[derive(clap::Args)]
pub struct ProgressArgs {
    a: String,
    b: String,
    /// Changes after this day.
    #[arg(long)]
    since: String,
    /// Up to and including this day (default: today).
    #[arg(long)]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "md")]
    format: ProgressFormat,
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn progress(db: Db, args: ProgressArgs) -> Result<ExitCode> {
    let dyad = super::dyad(&args.a, &args.b)?;
    let data = super::load(db)?;
    let since = parse_day(&args.since, "--since")?;
    let opts = Options::new(as_of(&args.as_of)?);
    if since >= opts.as_of {
        bail!("--since ({since}) must be before --as-of ({})", opts.as_of);
    }
    let p = bilat_track::progress::progress(&data, &dyad, since, opts);
    let text = match args.format {
        ProgressFormat::Md => p.markdown(&data),
        ProgressFormat::Json => serde_json::to_string_pretty(&p)? + "\n",
        ProgressFormat::Atom => p.atom(&data),
    };
    write_out(&args.output, &text)?;
    Ok(ExitCode::SUCCESS)
}
