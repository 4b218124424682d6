//! The store: one connection, to an embedded SQLite file or to a PostgreSQL server, and the
//! record's tables on it. A record is a row of `records` (its fields as JSON, without claims),
//! its claims are rows of `claims`, and each claim's evidence rows of `evidence`, whose
//! `source_id` is a foreign key: the database itself refuses evidence that cites no stored
//! source. The queries are shared by both backends ([`crate::sql`]); the schemas are written
//! per backend, SQLite's here and in the modules that own the tables, PostgreSQL's in
//! [`crate::postgres`].

use std::collections::HashMap;
use std::path::Path;

use bilat_model::{Claim, Dataset, Evidence, Record, RecordId};

use crate::accounts::Change;
use crate::import::{ImportSummary, Plan};
use crate::sql::{Backend, Conn, Row, vals};
use crate::{Location, RecordStore, Result, StoreError};

/// SQLite's schema migrations, applied in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    first_day TEXT,
    last_day TEXT
);
CREATE INDEX records_by_kind ON records (kind, first_day);
CREATE TABLE record_dyads (
    record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    dyad TEXT NOT NULL,
    PRIMARY KEY (record_id, dyad)
);
CREATE INDEX dyads_by_dyad ON record_dyads (dyad);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    fact TEXT NOT NULL,
    body TEXT NOT NULL,
    note TEXT,
    UNIQUE (record_id, seq)
);
CREATE TABLE evidence (
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES records (id),
    locator TEXT NOT NULL,
    quote_hash TEXT,
    PRIMARY KEY (claim_id, seq)
);
CREATE INDEX evidence_by_source ON evidence (source_id);
"#,
    crate::documents::MIGRATION,
    crate::accounts::MIGRATION,
];

/// The record's storage: SQLite ([`Store::open`]) or PostgreSQL ([`Store::connect`]).
pub struct Store {
    conn: Conn,
}

impl Store {
    /// Opens (creating if needed) the SQLite record at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let conn = rusqlite::Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Store::setup_sqlite(conn)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::setup_sqlite(rusqlite::Connection::open_in_memory()?)
    }

    /// Connects to the PostgreSQL database at `url` (`postgres://user:password@host/db`) and
    /// brings its schema up to date. The connection is not encrypted: use a server on the
    /// same machine or a tunnel.
    pub fn connect(url: &str) -> Result<Store> {
        Ok(Store {
            conn: crate::postgres::connect(url)?,
        })
    }

    pub fn open_location(location: &Location) -> Result<Store> {
        match location {
            Location::Sqlite(path) => Store::open(path),
            Location::Postgres(url) => Store::connect(url),
        }
    }

    fn setup_sqlite(conn: rusqlite::Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let conn = Conn::Sqlite(conn);
        if version < MIGRATIONS.len() {
            conn.transaction(|tx| {
                for migration in &MIGRATIONS[version..] {
                    tx.batch(migration)?;
                }
                tx.batch(&format!("PRAGMA user_version = {}", MIGRATIONS.len()))
            })?;
        }
        Ok(Store { conn })
    }

    /// Which database this store is on.
    pub fn backend(&self) -> Backend {
        self.conn.backend()
    }

    pub(crate) fn conn(&self) -> &Conn {
        &self.conn
    }
}

fn corrupt(id: &str) -> impl Fn(serde_json::Error) -> StoreError + '_ {
    move |e| StoreError::Corrupt {
        id: id.to_owned(),
        message: e.to_string(),
    }
}

/// Evidence from a row whose columns `at..at + 3` are `source_id`, `locator`, `quote_hash`.
fn evidence(record_id: &str, row: &Row, at: usize) -> Result<Evidence> {
    Ok(Evidence {
        source: RecordId::new(row.text(at)?),
        locator: serde_json::from_str(&row.text(at + 1)?).map_err(corrupt(record_id))?,
        quote_hash: row.opt_text(at + 2)?,
    })
}

fn claim(
    record_id: &str,
    body: &str,
    note: Option<String>,
    evidence: Vec<Evidence>,
) -> Result<Claim> {
    Ok(Claim {
        fact: serde_json::from_str(body).map_err(corrupt(record_id))?,
        evidence,
        note,
    })
}

fn claims_of(conn: &Conn, record_id: &str) -> Result<Vec<Claim>> {
    let rows = conn.query(
        "SELECT id, body, note FROM claims WHERE record_id = ?1 ORDER BY seq",
        vals![record_id],
    )?;
    let mut claims = Vec::with_capacity(rows.len());
    for row in rows {
        let evidence = conn
            .query(
                "SELECT source_id, locator, quote_hash FROM evidence WHERE claim_id = ?1 ORDER BY seq",
                vals![row.int(0)?],
            )?
            .iter()
            .map(|ev| evidence(record_id, ev, 0))
            .collect::<Result<_>>()?;
        claims.push(claim(record_id, &row.text(1)?, row.opt_text(2)?, evidence)?);
    }
    Ok(claims)
}

fn decode(id: &str, body: &str, claims: Vec<Claim>) -> Result<Record> {
    let mut record: Record = serde_json::from_str(body).map_err(corrupt(id))?;
    if let Some(slot) = record.claims_mut() {
        *slot = claims;
    }
    Ok(record)
}

fn read_record(conn: &Conn, id: &str) -> Result<Option<Record>> {
    match conn.query_opt("SELECT body FROM records WHERE id = ?1", vals![id])? {
        Some(row) => Ok(Some(decode(id, &row.text(0)?, claims_of(conn, id)?)?)),
        None => Ok(None),
    }
}

/// Writes a plan's records inside a transaction the caller commits, with an audit row for
/// each record the plan creates or changes (the record before and after, as JSON): the
/// change and its audit are committed together or not at all.
pub(crate) fn write_plan(tx: &Conn, plan: &Plan, change: &Change) -> Result<()> {
    // Referenced kinds first, so that evidence finds its sources.
    let mut records: Vec<&Record> = plan.records.iter().collect();
    records.sort_by_key(|r| r.kind());
    // Evidence of records not in this plan may cite a source being replaced: defer checks.
    tx.defer_foreign_keys()?;
    let json = |r: &Record| serde_json::to_string(r).map_err(corrupt(r.id().as_str()));
    for record in records {
        let id = record.id().as_str();
        let before = read_record(tx, id)?.map(|r| json(&r)).transpose()?;
        let after = json(record)?;
        if before.as_deref() == Some(after.as_str()) {
            continue;
        }
        write_record(tx, record)?;
        tx.execute(
            "INSERT INTO audit (at, actor, record_id, action, before, after, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            vals![
                &change.at,
                &change.actor,
                id,
                if before.is_some() { "update" } else { "create" },
                before,
                after,
                &change.evidence
            ],
        )?;
    }
    Ok(())
}

fn write_record(tx: &Conn, record: &Record) -> Result<()> {
    let id = record.id().as_str();
    // Replacing a record replaces its claims (the plan merged old and new). The row itself is
    // updated in place, so that rows referring to it (documents, candidates) stay.
    tx.execute("DELETE FROM claims WHERE record_id = ?1", vals![id])?;
    tx.execute("DELETE FROM record_dyads WHERE record_id = ?1", vals![id])?;
    let mut bare = record.clone();
    let claims = bare.claims_mut().map(std::mem::take).unwrap_or_default();
    let body = serde_json::to_string(&bare).map_err(corrupt(id))?;
    let date = record.sort_date();
    tx.execute(
        "INSERT INTO records (id, kind, body, first_day, last_day) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, body = excluded.body,
             first_day = excluded.first_day, last_day = excluded.last_day",
        vals![
            id,
            record.kind().name(),
            body,
            date.map(|d| d.first_day().to_string()),
            date.map(|d| d.last_day().to_string())
        ],
    )?;
    for dyad in record.dyads() {
        tx.execute(
            "INSERT INTO record_dyads (record_id, dyad) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            vals![id, dyad.to_string()],
        )?;
    }
    for (seq, claim) in claims.iter().enumerate() {
        let body = serde_json::to_string(&claim.fact).map_err(corrupt(id))?;
        let claim_id = tx
            .query_opt(
                "INSERT INTO claims (record_id, seq, fact, body, note) VALUES (?1, ?2, ?3, ?4, ?5)
                 RETURNING id",
                vals![id, seq, claim.fact.name(), body, &claim.note],
            )?
            .map(|row| row.int(0))
            .transpose()?
            .ok_or_else(|| StoreError::Corrupt {
                id: id.to_owned(),
                message: "expected the new claim's id, found no row".into(),
            })?;
        for (eseq, ev) in claim.evidence.iter().enumerate() {
            let locator = serde_json::to_string(&ev.locator).map_err(corrupt(id))?;
            tx.execute(
                "INSERT INTO evidence (claim_id, seq, source_id, locator, quote_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                vals![claim_id, eseq, ev.source.as_str(), locator, &ev.quote_hash],
            )?;
        }
    }
    Ok(())
}

impl RecordStore for Store {
    /// Three queries whatever the record's size: records, claims, evidence.
    fn load(&self) -> Result<Dataset> {
        let mut evidence_of: HashMap<i64, Vec<Evidence>> = HashMap::new();
        for row in self.conn.query(
            "SELECT e.claim_id, c.record_id, e.source_id, e.locator, e.quote_hash
             FROM evidence e JOIN claims c ON c.id = e.claim_id ORDER BY e.claim_id, e.seq",
            &[],
        )? {
            let ev = evidence(&row.text(1)?, &row, 2)?;
            evidence_of.entry(row.int(0)?).or_default().push(ev);
        }
        let mut claims: HashMap<String, Vec<Claim>> = HashMap::new();
        for row in self.conn.query(
            "SELECT id, record_id, body, note FROM claims ORDER BY record_id, seq",
            &[],
        )? {
            let record_id = row.text(1)?;
            let ev = evidence_of.remove(&row.int(0)?).unwrap_or_default();
            let c = claim(&record_id, &row.text(2)?, row.opt_text(3)?, ev)?;
            claims.entry(record_id).or_default().push(c);
        }
        let mut records = Vec::new();
        for row in self.conn.query("SELECT id, body FROM records", &[])? {
            let id = row.text(0)?;
            let own = claims.remove(&id).unwrap_or_default();
            records.push(decode(&id, &row.text(1)?, own)?);
        }
        Ok(Dataset::new(records))
    }

    fn get(&self, id: &RecordId) -> Result<Option<Record>> {
        read_record(&self.conn, id.as_str())
    }

    fn apply(&mut self, plan: &Plan, change: &Change) -> Result<ImportSummary> {
        self.conn.transaction(|tx| write_plan(tx, plan, change))?;
        Ok(plan.summary.clone())
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_opt("SELECT value FROM meta WHERE key = ?1", vals![key])?
            .map(|row| row.text(0))
            .transpose()
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            vals![key, value],
        )?;
        Ok(())
    }
}
