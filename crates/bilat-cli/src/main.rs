//! `bilat`: the command-line tool of the bilat observatory. Each subcommand lives in its own
//! module under `cmd/` and only wires the library crates together.

/// `println!` that returns the write error (a closed pipe) instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

mod cmd;
mod output;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc rather than the system's allocator: the reader allocates many small strings per
/// document, and glibc's malloc and free were a seventh of its instructions (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "bilat",
    version,
    about = "An observatory of the relationship between two states"
)]
struct Cli {
    /// The record (a SQLite file). Default: $BILAT_DB, else the platform data directory.
    #[arg(long, global = true, env = "BILAT_DB", conflicts_with = "database_url")]
    db: Option<PathBuf>,
    /// The record on PostgreSQL instead: postgres://user:password@host/database (no TLS: a
    /// server on this machine or through a tunnel). Default: $BILAT_DATABASE_URL.
    #[arg(
        long,
        global = true,
        env = "BILAT_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the record from the bundled Kazakhstan–Qatar data (idempotent).
    Init(cmd::init::Args),
    /// The timeline of a pair of states, each row with its evidence.
    Events(cmd::events::Args),
    /// One record in full: every claim with its sources.
    Show(cmd::show::Args),
    /// The agreements of a pair of states.
    Agreements(cmd::lists::DyadArgs),
    /// The projects of a pair of states, with planned investment; --pipeline for totals.
    Projects(cmd::track::ProjectsArgs),
    /// People and organisations, with their roles.
    Actors(cmd::lists::ActorArgs),
    /// The sources the record cites.
    Sources(cmd::lists::FormatArgs),
    /// Import JSON Lines or CSV files (all or nothing).
    Import(cmd::io::ImportArgs),
    /// Export the record as JSON Lines (and CSV for the tabular kinds).
    Export(cmd::io::ExportArgs),
    /// Validate the record and report conflicts between claims.
    Check(cmd::check::Args),
    /// The brief of a pair of states.
    Brief(cmd::brief::Args),
    /// The same measures for several pairs side by side (as QA KZ QA UZ KG QA).
    Compare(cmd::brief::CompareArgs),
    /// Code one document (txt, md, html, docx, pdf) into candidate events, without storing it.
    Code(cmd::code::Args),
    /// Score the reader (or a second coder) against gold data; Krippendorff's alpha.
    Eval(cmd::eval::Args),
    /// Read, code and store documents; each file is one transaction, failures are listed.
    Ingest(cmd::ingest::Args),
    /// The queue of candidate events: list, show, accept, reject, merge, edit.
    Review(cmd::review::Args),
    /// Full-text search over ingested documents, with keywords in context.
    Search(cmd::search::Args),
    /// Commitments on four axes: lifecycle, delivery confidence (and its rule), compliance
    /// scores per party, verdict; with their evidence.
    Commitments(cmd::track::CommitmentsArgs),
    /// Add a commitment, or a status change, score, deadline or owner to one (with evidence).
    Commit(cmd::track::CommitArgs),
    /// Targets against observations: baseline, latest, growth observed and needed.
    Targets(cmd::track::TargetsArgs),
    /// The implementation roadmap of an agreement (Markdown, CSV, ICS, JSON).
    Roadmap(cmd::track::RoadmapArgs),
    /// What changed since a day: the working group's progress report (Markdown, JSON, Atom).
    Progress(cmd::track::ProgressArgs),
    /// Trade: import BACI to Parquet, economic complexity, PPML gravity (more to come).
    Trade(cmd::trade::Args),
    /// Transport routes between two countries: Pareto-optimal by cost, time, CO2 and border
    /// crossings, with per-leg sources, scenarios, and the network as GeoJSON, CSV or SVG.
    Routes(cmd::route::Args),
    /// The web observatory: pages and a JSON API over the record, with accounts and roles.
    Serve(cmd::web::ServeArgs),
    /// Accounts of the observatory: add, passwd, role, list.
    User(cmd::web::UserArgs),
    /// The audit log: every change to the record, who made it, when, on what evidence.
    Audit(cmd::web::AuditArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = cmd::Db {
        path: cli.db,
        url: cli.database_url,
    };
    let result = match cli.command {
        Command::Init(a) => cmd::init::run(db, a),
        Command::Events(a) => cmd::events::run(db, a),
        Command::Show(a) => cmd::show::run(db, a),
        Command::Agreements(a) => cmd::lists::agreements(db, a),
        Command::Projects(a) => cmd::track::projects(db, a),
        Command::Actors(a) => cmd::lists::actors(db, a),
        Command::Sources(a) => cmd::lists::sources(db, a),
        Command::Import(a) => cmd::io::import(db, a),
        Command::Export(a) => cmd::io::export(db, a),
        Command::Check(a) => cmd::check::run(db, a),
        Command::Brief(a) => cmd::brief::run(db, a),
        Command::Compare(a) => cmd::brief::compare(db, a),
        Command::Code(a) => cmd::code::run(db, a),
        Command::Eval(a) => cmd::eval::run(db, a),
        Command::Ingest(a) => cmd::ingest::run(db, a),
        Command::Review(a) => cmd::review::run(db, a),
        Command::Search(a) => cmd::search::run(db, a),
        Command::Commitments(a) => cmd::track::commitments(db, a),
        Command::Commit(a) => cmd::track::commit(db, a),
        Command::Targets(a) => cmd::track::targets(db, a),
        Command::Roadmap(a) => cmd::track::roadmap(db, a),
        Command::Progress(a) => cmd::track::progress(db, a),
        Command::Trade(a) => cmd::trade::run(db, a),
        Command::Routes(a) => cmd::route::run(a),
        Command::Serve(a) => cmd::web::serve(db, a),
        Command::User(a) => cmd::web::user(db, a),
        Command::Audit(a) => cmd::web::audit(db, a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`bilat events KZ QA | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "bilat: {err:#}");
            ExitCode::FAILURE
        }
    }
}
