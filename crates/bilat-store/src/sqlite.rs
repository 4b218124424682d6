//! The SQLite backend. A record is a row of `records` (its fields as JSON, without claims), its
//! claims are rows of `claims`, and each claim's evidence rows of `evidence`, whose `source_id`
//! is a foreign key: the database itself refuses evidence that cites no stored source.

use std::path::Path;

use bilat_model::{Claim, Dataset, Evidence, Record, RecordId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::accounts::Change;
use crate::import::{ImportSummary, Plan};
use crate::{RecordStore, Result, StoreError};

/// Schema migrations, applied in order; `PRAGMA user_version` counts those applied.
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

pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the record at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        SqliteStore::setup(conn)
    }

    pub fn open_in_memory() -> Result<SqliteStore> {
        SqliteStore::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<SqliteStore> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < MIGRATIONS.len() {
            let tx = conn.transaction()?;
            for migration in &MIGRATIONS[version..] {
                tx.execute_batch(migration)?;
            }
            tx.pragma_update(None, "user_version", MIGRATIONS.len())?;
            tx.commit()?;
        }
        Ok(SqliteStore { conn })
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    fn decode(&self, id: &str, body: &str) -> Result<Record> {
        decode(&self.conn, id, body)
    }
}

fn claims_of(conn: &Connection, record_id: &str) -> Result<Vec<Claim>> {
    let mut claims_stmt =
        conn.prepare_cached("SELECT id, body, note FROM claims WHERE record_id = ?1 ORDER BY seq")?;
    let mut evidence_stmt = conn.prepare_cached(
        "SELECT source_id, locator, quote_hash FROM evidence WHERE claim_id = ?1 ORDER BY seq",
    )?;
    let rows: Vec<(i64, String, Option<String>)> = claims_stmt
        .query_map([record_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let corrupt = |e: serde_json::Error| StoreError::Corrupt {
        id: record_id.to_owned(),
        message: e.to_string(),
    };
    let mut claims = Vec::with_capacity(rows.len());
    for (claim_id, body, note) in rows {
        let fact = serde_json::from_str(&body).map_err(corrupt)?;
        let evidence_rows: Vec<(String, String, Option<String>)> = evidence_stmt
            .query_map([claim_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut evidence = Vec::with_capacity(evidence_rows.len());
        for (source, locator, quote_hash) in evidence_rows {
            evidence.push(Evidence {
                source: RecordId::new(source),
                locator: serde_json::from_str(&locator).map_err(corrupt)?,
                quote_hash,
            });
        }
        claims.push(Claim {
            fact,
            evidence,
            note,
        });
    }
    Ok(claims)
}

fn decode(conn: &Connection, id: &str, body: &str) -> Result<Record> {
    let mut record: Record = serde_json::from_str(body).map_err(|e| StoreError::Corrupt {
        id: id.to_owned(),
        message: e.to_string(),
    })?;
    let claims = claims_of(conn, id)?;
    if let Some(slot) = record.claims_mut() {
        *slot = claims;
    }
    Ok(record)
}

/// Writes a plan's records inside a transaction the caller commits, with an audit row for
/// each record the plan creates or changes (the record before and after, as JSON): the
/// change and its audit are committed together or not at all.
pub(crate) fn write_plan(tx: &Transaction<'_>, plan: &Plan, change: &Change) -> Result<()> {
    // Referenced kinds first, so that evidence finds its sources.
    let mut records: Vec<&Record> = plan.records.iter().collect();
    records.sort_by_key(|r| r.kind());
    // Evidence of records not in this plan may cite a source being replaced: defer checks.
    tx.pragma_update(None, "defer_foreign_keys", "ON")?;
    let json = |r: &Record| {
        serde_json::to_string(r).map_err(|e| StoreError::Corrupt {
            id: r.id().to_string(),
            message: e.to_string(),
        })
    };
    for record in records {
        let id = record.id().as_str();
        let before: Option<String> = tx
            .query_row("SELECT body FROM records WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        let before = match before {
            Some(body) => Some(json(&decode(tx, id, &body)?)?),
            None => None,
        };
        let after = json(record)?;
        if before.as_deref() == Some(after.as_str()) {
            continue;
        }
        write_record(tx, record)?;
        tx.execute(
            "INSERT INTO audit (at, actor, record_id, action, before, after, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                change.at,
                change.actor,
                id,
                if before.is_some() { "update" } else { "create" },
                before,
                after,
                change.evidence
            ],
        )?;
    }
    Ok(())
}

fn write_record(tx: &Transaction<'_>, record: &Record) -> Result<()> {
    let id = record.id().as_str();
    // Replacing a record replaces its claims (the plan merged old and new). The row itself is
    // updated in place, so that rows referring to it (documents, candidates) stay.
    tx.execute("DELETE FROM claims WHERE record_id = ?1", [id])?;
    tx.execute("DELETE FROM record_dyads WHERE record_id = ?1", [id])?;
    let mut bare = record.clone();
    let claims = bare.claims_mut().map(std::mem::take).unwrap_or_default();
    let body = serde_json::to_string(&bare).map_err(|e| StoreError::Corrupt {
        id: id.to_owned(),
        message: e.to_string(),
    })?;
    let date = record.sort_date();
    tx.execute(
        "INSERT INTO records (id, kind, body, first_day, last_day) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, body = excluded.body,
             first_day = excluded.first_day, last_day = excluded.last_day",
        params![
            id,
            record.kind().name(),
            body,
            date.map(|d| d.first_day().to_string()),
            date.map(|d| d.last_day().to_string())
        ],
    )?;
    for dyad in record.dyads() {
        tx.execute(
            "INSERT OR IGNORE INTO record_dyads (record_id, dyad) VALUES (?1, ?2)",
            params![id, dyad.to_string()],
        )?;
    }
    for (seq, claim) in claims.iter().enumerate() {
        let body = serde_json::to_string(&claim.fact).map_err(|e| StoreError::Corrupt {
            id: id.to_owned(),
            message: e.to_string(),
        })?;
        tx.execute(
            "INSERT INTO claims (record_id, seq, fact, body, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, seq, claim.fact.name(), body, claim.note],
        )?;
        let claim_id = tx.last_insert_rowid();
        for (eseq, ev) in claim.evidence.iter().enumerate() {
            let locator = serde_json::to_string(&ev.locator).map_err(|e| StoreError::Corrupt {
                id: id.to_owned(),
                message: e.to_string(),
            })?;
            tx.execute(
                "INSERT INTO evidence (claim_id, seq, source_id, locator, quote_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![claim_id, eseq, ev.source.as_str(), locator, ev.quote_hash],
            )?;
        }
    }
    Ok(())
}

impl RecordStore for SqliteStore {
    fn load(&self) -> Result<Dataset> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, body FROM records ORDER BY kind, id")?;
        let rows: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let records = rows
            .iter()
            .map(|(id, body)| self.decode(id, body))
            .collect::<Result<Vec<_>>>()?;
        Ok(Dataset::new(records))
    }

    fn get(&self, id: &RecordId) -> Result<Option<Record>> {
        let body: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM records WHERE id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        body.map(|b| self.decode(id.as_str(), &b)).transpose()
    }

    fn apply(&mut self, plan: &Plan, change: &Change) -> Result<ImportSummary> {
        let tx = self.conn.transaction()?;
        write_plan(&tx, plan, change)?;
        tx.commit()?;
        Ok(plan.summary.clone())
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])?;
        Ok(())
    }
}
