//! Support for tests that run on both backends (feature `testing`, for dev-dependencies only).
//!
//! [`on_each_backend!`](crate::on_each_backend) writes a test twice, as `…::sqlite` and
//! `…::postgres`. The PostgreSQL variant is ignored by default and needs a server:
//! `BILAT_TEST_DATABASE_URL=postgres://… cargo test -- --ignored postgres` (`.ci/run` starts
//! one). Each store a test opens lives in its own new schema (PostgreSQL) or file (SQLite), so
//! tests never see each other's data.

use std::cell::Cell;
use std::path::Path;

use crate::{Backend, Location, Result, Store};

/// The variable naming the PostgreSQL server the tests use.
pub const DATABASE_URL_VAR: &str = "BILAT_TEST_DATABASE_URL";

/// One backend for one test, and a folder for its files.
pub struct TestDb {
    backend: Backend,
    dir: tempfile::TempDir,
    url: Option<String>,
    opened: Cell<usize>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        TestDb {
            backend: Backend::Sqlite,
            dir: tempfile::tempdir().expect("a temporary folder"),
            url: None,
            opened: Cell::new(0),
        }
    }

    /// Panics, saying what to set, when no server is named: an ignored test run on purpose
    /// must not pass without having run.
    pub fn postgres() -> TestDb {
        let url = std::env::var(DATABASE_URL_VAR).unwrap_or_else(|_| {
            panic!("{DATABASE_URL_VAR} is not set: expected the URL of a PostgreSQL database these tests may create schemas in (.ci/run starts one)")
        });
        TestDb {
            backend: Backend::Postgres,
            dir: tempfile::tempdir().expect("a temporary folder"),
            url: Some(url),
            opened: Cell::new(0),
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A folder for the test's other files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The location of a new, empty record: a new SQLite file, or a new PostgreSQL schema.
    pub fn new_location(&self) -> Location {
        let n = self.opened.get() + 1;
        self.opened.set(n);
        match &self.url {
            None => Location::Sqlite(self.dir.path().join(format!("record-{n}.sqlite"))),
            Some(url) => Location::Postgres(
                crate::postgres::scratch_schema(url, "bilat_test")
                    .unwrap_or_else(|e| panic!("creating a schema for a test: {e}")),
            ),
        }
    }

    /// A new, empty store.
    pub fn store(&self) -> Store {
        self.open(&self.new_location())
    }

    pub fn open(&self, location: &Location) -> Store {
        Store::open_location(location).unwrap_or_else(|e| panic!("opening {location}: {e}"))
    }

    /// The command-line options that select `location`.
    pub fn cli_args(location: &Location) -> [String; 2] {
        match location {
            Location::Sqlite(path) => ["--db".into(), path.display().to_string()],
            Location::Postgres(url) => ["--database-url".into(), url.clone()],
        }
    }

    /// Runs SQL on its own connection, beside the store's (to try what the store never does).
    pub fn raw_execute(location: &Location, sql: &str) -> Result<u64, String> {
        match location {
            Location::Sqlite(path) => rusqlite::Connection::open(path)
                .and_then(|c| c.execute(sql, []))
                .map(|n| n as u64)
                .map_err(|e| e.to_string()),
            Location::Postgres(url) => postgres::Client::connect(url, postgres::NoTls)
                .and_then(|mut c| c.execute(sql, &[]))
                .map_err(|e| crate::sql::pg_error(e).to_string()),
        }
    }
}

/// Writes a test once for each backend: `fn name(db: &TestDb) { … }` becomes `name::sqlite`
/// and `name::postgres` (ignored unless asked for). Attributes given before `fn` (`#[test]`,
/// `#[tokio::test]`) go to both.
#[macro_export]
macro_rules! on_each_backend {
    ($(#[$attr:meta])* async fn $name:ident $args:tt $body:block) => {
        $crate::on_each_backend!(@emit [async] $(#[$attr])* $name $args $body);
    };
    ($(#[$attr:meta])* fn $name:ident $args:tt $body:block) => {
        $crate::on_each_backend!(@emit [] $(#[$attr])* $name $args $body);
    };
    (@emit [$($kw:tt)*] $(#[$attr:meta])* $name:ident ($db:ident: &TestDb) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $(#[$attr])*
            $($kw)* fn sqlite() {
                let $db = &$crate::testing::TestDb::sqlite();
                $body
            }
            $(#[$attr])*
            #[ignore = "needs PostgreSQL: BILAT_TEST_DATABASE_URL=postgres://… cargo test -- --ignored postgres"]
            $($kw)* fn postgres() {
                let $db = &$crate::testing::TestDb::postgres();
                $body
            }
        }
    };
}
