//! One module per subcommand, and what they share: opening the record.

pub mod brief;
pub mod check;
pub mod code;
pub mod eval;
pub mod events;
pub mod ingest;
pub mod init;
pub mod interchange;
pub mod io;
pub mod lists;
pub mod review;
pub mod route;
pub mod search;
pub mod show;
pub mod track;
pub mod trade;
pub mod web;

use std::path::PathBuf;

use anyhow::{Context, Result};
use bilat_model::{Claim, Dataset, Dyad};
use bilat_store::{Location, RecordStore, Store, bundled};

/// Where the record lives, as given: `--db` or `$BILAT_DB` (a SQLite file), `--database-url`
/// or `$BILAT_DATABASE_URL` (PostgreSQL); clap refuses both at once.
#[derive(Clone, Debug, Default)]
pub struct Db {
    pub path: Option<PathBuf>,
    pub url: Option<String>,
}

impl Db {
    /// The database URL, else the SQLite file given, else `bilat.sqlite` in the platform's
    /// data directory.
    pub fn location(&self) -> Result<Location> {
        if let Some(url) = &self.url {
            return Ok(Location::Postgres(url.clone()));
        }
        match &self.path {
            Some(p) => Ok(Location::Sqlite(p.clone())),
            None => Ok(Location::Sqlite(platform_dir()?.join("bilat.sqlite"))),
        }
    }

    /// The folder for files kept beside the record (imported trade data): the SQLite file's
    /// folder, or the platform's data directory when the record is on PostgreSQL.
    pub fn files_dir(&self) -> Result<PathBuf> {
        match self.location()? {
            Location::Sqlite(path) => Ok(path
                .parent()
                .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf)),
            Location::Postgres(_) => platform_dir(),
        }
    }
}

fn platform_dir() -> Result<PathBuf> {
    Ok(dirs::data_dir()
        .context("no --db or --database-url given, BILAT_DB and BILAT_DATABASE_URL unset, and no platform data directory")?
        .join("bilat"))
}

/// Opens the record, installing the bundled data on first use.
pub fn open(db: Db) -> Result<Store> {
    let location = db.location()?;
    let mut store = Store::open_location(&location)
        .with_context(|| format!("opening the record at {location}"))?;
    bundled::install(&mut store).context("installing the bundled record")?;
    Ok(store)
}

pub fn load(db: Db) -> Result<Dataset> {
    Ok(open(db)?.load()?)
}

/// Writes `bytes` to `path` whole or not at all (a temporary file renamed into place), or to
/// standard output when there is no path.
pub fn write_output(path: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    match path {
        Some(path) => {
            let tmp = path.with_extension("tmp");
            std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
        }
        None => std::io::stdout().lock().write_all(bytes)?,
    }
    Ok(())
}

/// A change to the record from the command line, for the audit log: `cli:` and the login.
pub fn change() -> bilat_store::Change {
    let login = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    bilat_store::Change::now(format!("cli:{login}"))
}

pub fn dyad(a: &str, b: &str) -> Result<Dyad> {
    Dyad::new(&a.to_uppercase(), &b.to_uppercase()).map_err(anyhow::Error::msg)
}

/// "Abu Shawer et al. 2025 (§ History …); Doha News 2022-10-12 (whole)" for a set of claims.
pub fn evidence_text(data: &Dataset, claims: &[Claim]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for claim in claims {
        for ev in &claim.evidence {
            let text = format!("{} ({})", data.source_short(&ev.source), ev.locator);
            if !parts.contains(&text) {
                parts.push(text);
            }
        }
    }
    parts.join("; ")
}
