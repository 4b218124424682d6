//! Ingested documents, the reader's candidate events and the full-text index.
//!
//! A document is a `Source` record with its text (written through an import [`Plan`], so it
//! is validated like any record) plus a row of `documents` (format, language, domains, the
//! file it came from), its sentences in the `sentences` FTS5 index (as search stems, with
//! character offsets into the source text), and its candidate events, which wait in
//! `candidates` for review. All of that is written in one transaction: a document is stored
//! whole or not at all.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::accounts::Change;
use crate::import::Plan;
use crate::sqlite::{SqliteStore, write_plan};
use crate::{RecordStore, Result};

/// Candidate statuses.
pub const STATUSES: &[&str] = &["pending", "accepted", "rejected", "merged"];

/// A document to store, already coded.
#[derive(Clone, Debug, Default)]
pub struct NewDocument {
    pub source_id: String,
    pub content_hash: String,
    pub path: Option<String>,
    pub format: String,
    pub lang: String,
    pub published: Option<String>,
    pub domains: Vec<String>,
    pub codebook: String,
    /// (start, end, stems): character offsets of a sentence and its search stems.
    pub sentences: Vec<(usize, usize, String)>,
    pub candidates: Vec<NewCandidate>,
}

#[derive(Clone, Debug, Default)]
pub struct NewCandidate {
    pub event_type: String,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    /// Sorted country codes of the parties, joined by `-` ("KZ-QA").
    pub countries: String,
    /// The candidate as JSON.
    pub body: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CandidateRow {
    pub id: i64,
    pub source_id: String,
    pub status: String,
    pub event_type: String,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub countries: String,
    pub body: String,
    pub record_id: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DocumentRow {
    pub source_id: String,
    pub path: Option<String>,
    pub format: String,
    pub lang: String,
    pub published: Option<String>,
    pub domains: Vec<String>,
    pub ingested_at: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SearchHit {
    pub source_id: String,
    pub start: usize,
    pub end: usize,
    pub lang: String,
    pub published: Option<String>,
    pub rank: f64,
}

/// Filters of a search.
#[derive(Clone, Debug, Default)]
pub struct SearchFilter {
    pub lang: Option<String>,
    pub domain: Option<String>,
    /// Inclusive ISO dates compared with the document's publication date.
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: usize,
}

/// What a store of ingested documents offers, whatever the backend.
pub trait DocumentStore: RecordStore {
    /// The source id of a stored document with this content hash.
    fn document_by_hash(&self, content_hash: &str) -> Result<Option<String>>;
    /// Stores a document: the plan (its source record) and everything else, in one transaction.
    fn add_document(&mut self, plan: &Plan, doc: &NewDocument, change: &Change) -> Result<()>;
    fn document(&self, source_id: &str) -> Result<Option<DocumentRow>>;
    fn candidates(
        &self,
        status: Option<&str>,
        source_id: Option<&str>,
    ) -> Result<Vec<CandidateRow>>;
    fn candidate(&self, id: i64) -> Result<Option<CandidateRow>>;
    /// Records a decision on a candidate, applying `plan` (the event it became or the evidence
    /// it added) in the same transaction.
    fn decide(
        &mut self,
        id: i64,
        status: &str,
        record_id: Option<&str>,
        plan: Option<&Plan>,
        note: Option<&str>,
        change: &Change,
    ) -> Result<()>;
    /// Replaces a pending candidate's body (an analyst's edit).
    fn edit_candidate(&mut self, id: i64, candidate: &NewCandidate) -> Result<()>;
    /// Sentences matching an FTS5 query over search stems, best first.
    fn search(&self, query: &str, filter: &SearchFilter) -> Result<Vec<SearchHit>>;
}

pub(crate) const MIGRATION: &str = r#"
CREATE TABLE documents (
    source_id TEXT PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL UNIQUE,
    path TEXT,
    format TEXT NOT NULL,
    lang TEXT NOT NULL,
    published TEXT,
    domains TEXT NOT NULL,
    codebook TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE VIRTUAL TABLE sentences USING fts5(
    stems, source_id UNINDEXED, start UNINDEXED, end UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE candidates (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'merged')),
    event_type TEXT NOT NULL,
    first_day TEXT,
    last_day TEXT,
    countries TEXT NOT NULL,
    body TEXT NOT NULL,
    record_id TEXT,
    note TEXT,
    decided_at TEXT
);
CREATE INDEX candidates_by_status ON candidates (status, source_id);
"#;

fn now() -> String {
    crate::accounts::unix_now().to_string()
}

fn candidate_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CandidateRow> {
    Ok(CandidateRow {
        id: r.get(0)?,
        source_id: r.get(1)?,
        status: r.get(2)?,
        event_type: r.get(3)?,
        first_day: r.get(4)?,
        last_day: r.get(5)?,
        countries: r.get(6)?,
        body: r.get(7)?,
        record_id: r.get(8)?,
        note: r.get(9)?,
    })
}

const CANDIDATE_COLUMNS: &str =
    "id, source_id, status, event_type, first_day, last_day, countries, body, record_id, note";

impl DocumentStore for SqliteStore {
    fn document_by_hash(&self, content_hash: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT source_id FROM documents WHERE content_hash = ?1",
                [content_hash],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn add_document(&mut self, plan: &Plan, doc: &NewDocument, change: &Change) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        write_plan(&tx, plan, change)?;
        tx.execute(
            "INSERT INTO documents (source_id, content_hash, path, format, lang, published, domains, codebook, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                doc.source_id,
                doc.content_hash,
                doc.path,
                doc.format,
                doc.lang,
                doc.published,
                doc.domains.join(","),
                doc.codebook,
                now()
            ],
        )?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO sentences (stems, source_id, start, end) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (start, end, stems) in &doc.sentences {
                stmt.execute(params![stems, doc.source_id, *start as i64, *end as i64])?;
            }
            let mut stmt = tx.prepare_cached(
                "INSERT INTO candidates (source_id, status, event_type, first_day, last_day, countries, body)
                 VALUES (?1, 'pending', ?2, ?3, ?4, ?5, ?6)",
            )?;
            for c in &doc.candidates {
                stmt.execute(params![
                    doc.source_id,
                    c.event_type,
                    c.first_day,
                    c.last_day,
                    c.countries,
                    c.body
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn document(&self, source_id: &str) -> Result<Option<DocumentRow>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT source_id, path, format, lang, published, domains, ingested_at FROM documents WHERE source_id = ?1",
                [source_id],
                |r| {
                    let domains: String = r.get(5)?;
                    Ok(DocumentRow {
                        source_id: r.get(0)?,
                        path: r.get(1)?,
                        format: r.get(2)?,
                        lang: r.get(3)?,
                        published: r.get(4)?,
                        domains: domains.split(',').filter(|d| !d.is_empty()).map(str::to_string).collect(),
                        ingested_at: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    fn candidates(
        &self,
        status: Option<&str>,
        source_id: Option<&str>,
    ) -> Result<Vec<CandidateRow>> {
        let sql = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM candidates
             WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR source_id = ?2)
             ORDER BY first_day, id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt
            .query_map(params![status, source_id], candidate_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn candidate(&self, id: i64) -> Result<Option<CandidateRow>> {
        let sql = format!("SELECT {CANDIDATE_COLUMNS} FROM candidates WHERE id = ?1");
        Ok(self
            .conn()
            .query_row(&sql, [id], candidate_row)
            .optional()?)
    }

    fn decide(
        &mut self,
        id: i64,
        status: &str,
        record_id: Option<&str>,
        plan: Option<&Plan>,
        note: Option<&str>,
        change: &Change,
    ) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        if let Some(plan) = plan {
            write_plan(&tx, plan, change)?;
        }
        tx.execute(
            "UPDATE candidates SET status = ?2, record_id = ?3, note = ?4, decided_at = ?5 WHERE id = ?1",
            params![id, status, record_id, note, now()],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn edit_candidate(&mut self, id: i64, c: &NewCandidate) -> Result<()> {
        self.conn().execute(
            "UPDATE candidates SET event_type = ?2, first_day = ?3, last_day = ?4, countries = ?5, body = ?6 WHERE id = ?1 AND status = 'pending'",
            params![id, c.event_type, c.first_day, c.last_day, c.countries, c.body],
        )?;
        Ok(())
    }

    fn search(&self, query: &str, f: &SearchFilter) -> Result<Vec<SearchHit>> {
        let mut stmt = self.conn().prepare(
            "SELECT s.source_id, s.start, s.end, d.lang, d.published, bm25(sentences) AS rank
             FROM sentences s JOIN documents d ON d.source_id = s.source_id
             WHERE sentences MATCH ?1
               AND (?2 IS NULL OR d.lang = ?2)
               AND (?3 IS NULL OR (',' || d.domains || ',') LIKE ('%,' || ?3 || ',%'))
               AND (?4 IS NULL OR d.published >= ?4)
               AND (?5 IS NULL OR d.published <= ?5)
             ORDER BY rank LIMIT ?6",
        )?;
        let rows = stmt
            .query_map(
                params![query, f.lang, f.domain, f.from, f.to, f.limit.max(1) as i64],
                |r| {
                    Ok(SearchHit {
                        source_id: r.get(0)?,
                        start: r.get::<_, i64>(1)? as usize,
                        end: r.get::<_, i64>(2)? as usize,
                        lang: r.get(3)?,
                        published: r.get(4)?,
                        rank: r.get(5)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
