//! # bilat-store
//!
//! The record on disk. Only this crate knows SQL.
//!
//! * [`RecordStore`], [`DocumentStore`] and [`AccountStore`] are what callers use: load the
//!   record, look one up, apply an import; documents, candidates and search; users, sessions
//!   and the audit log. [`Store`] implements them on an embedded SQLite file ([`Store::open`]:
//!   WAL, foreign keys on) or on a PostgreSQL server ([`Store::connect`]), with the same
//!   queries (`sql.rs` is the layer between) and a schema per backend.
//! * [`files`] reads and writes JSON Lines and CSV; [`import`] turns files into a validated,
//!   all-or-nothing change; [`bundled`] is the Kazakhstan–Qatar record compiled into the binary.
//!
//! ```
//! use bilat_store::{RecordStore, Store};
//! let mut store = Store::open_in_memory().unwrap();
//! bilat_store::bundled::install(&mut store).unwrap();
//! let data = store.load().unwrap();
//! assert!(data.events().count() >= 40);
//! ```

pub mod accounts;
pub mod bundled;
pub mod documents;
pub mod files;
pub mod import;
pub mod postgres;
mod sql;
mod store;
#[cfg(feature = "testing")]
pub mod testing;

use bilat_model::{Dataset, Record, RecordId};

pub use accounts::{AccountStore, Change};
pub use documents::DocumentStore;
pub use files::Origin;
pub use import::{ImportSummary, Plan};
pub use sql::Backend;
pub use store::Store;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(String),
    #[error("the database holds a record that no longer reads as one ({id}): {message}")]
    Corrupt { id: String, message: String },
    #[error("{}", format_problems(.0))]
    Invalid(Vec<String>),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

fn format_problems(problems: &[String]) -> String {
    let shown = problems
        .iter()
        .take(files::MAX_REPORTED)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    let more = problems.len().saturating_sub(files::MAX_REPORTED);
    let tail = if more > 0 {
        format!("\n… and {more} more")
    } else {
        String::new()
    };
    format!(
        "{} problem(s); nothing was written:\n{shown}{tail}",
        problems.len()
    )
}

/// Where a record lives: a SQLite file or a PostgreSQL database (by URL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl std::fmt::Display for Location {
    /// The path, or the URL without its password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&postgres::without_password(url)),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The record's storage, whatever the backend.
pub trait RecordStore {
    /// Every record with its claims.
    fn load(&self) -> Result<Dataset>;
    /// One record by id.
    fn get(&self, id: &RecordId) -> Result<Option<Record>>;
    /// Writes a planned import in one transaction, with its audit rows: all of it or nothing.
    fn apply(&mut self, plan: &Plan, change: &Change) -> Result<ImportSummary>;
    /// A value of the store's metadata (`bundled` says which bundled data was installed).
    fn meta(&self, key: &str) -> Result<Option<String>>;
    fn set_meta(&mut self, key: &str, value: &str) -> Result<()>;
}
