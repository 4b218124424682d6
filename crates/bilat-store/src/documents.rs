//! Ingested documents, the reader's candidate events and the full-text index.
//!
//! A document is a `Source` record with its text (written through an import [`Plan`], so it
//! is validated like any record) plus a row of `documents` (format, language, domains, the
//! file it came from), its sentences in the `sentences` full-text index (as search stems, with
//! character offsets into the source text: SQLite's FTS5, PostgreSQL's `tsvector`), and its candidate events, which wait in
//! `candidates` for review. All of that is written in one transaction: a document is stored
//! whole or not at all.

use serde::Serialize;

use crate::accounts::Change;
use crate::import::Plan;
use crate::sql::{Backend, Row, vals};
use crate::store::{Store, write_plan};
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
    /// Lower is better; comparable within one search only (SQLite's BM25, PostgreSQL's
    /// `ts_rank` negated).
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
    /// Sentences that hold, for every group of `terms`, one of its stems; best first.
    fn search(&self, terms: &[Vec<String>], filter: &SearchFilter) -> Result<Vec<SearchHit>>;
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

fn candidate_row(r: &Row) -> Result<CandidateRow> {
    Ok(CandidateRow {
        id: r.int(0)?,
        source_id: r.text(1)?,
        status: r.text(2)?,
        event_type: r.text(3)?,
        first_day: r.opt_text(4)?,
        last_day: r.opt_text(5)?,
        countries: r.text(6)?,
        body: r.text(7)?,
        record_id: r.opt_text(8)?,
        note: r.opt_text(9)?,
    })
}

const CANDIDATE_COLUMNS: &str =
    "id, source_id, status, event_type, first_day, last_day, countries, body, record_id, note";

/// The terms as an FTS5 query: `("a" OR "b") AND ("c")`.
fn fts5_query(terms: &[Vec<String>]) -> String {
    let group = |g: &Vec<String>| {
        let alternatives: Vec<String> = g
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "")))
            .collect();
        format!("({})", alternatives.join(" OR "))
    };
    terms.iter().map(group).collect::<Vec<_>>().join(" AND ")
}

/// The terms as a PostgreSQL `tsquery`: `('a' | 'b') & ('c')`.
fn tsquery(terms: &[Vec<String>]) -> String {
    let group = |g: &Vec<String>| {
        let alternatives: Vec<String> = g
            .iter()
            .map(|t| format!("'{}'", t.replace('\\', "\\\\").replace('\'', "''")))
            .collect();
        format!("({})", alternatives.join(" | "))
    };
    terms.iter().map(group).collect::<Vec<_>>().join(" & ")
}

/// The filters of a search, after the match: `?2`..`?6` are lang, domain, from, to, limit.
const SEARCH_FILTERS: &str = "
       AND (CAST(?2 AS TEXT) IS NULL OR d.lang = ?2)
       AND (CAST(?3 AS TEXT) IS NULL OR (',' || d.domains || ',') LIKE ('%,' || ?3 || ',%'))
       AND (CAST(?4 AS TEXT) IS NULL OR d.published >= ?4)
       AND (CAST(?5 AS TEXT) IS NULL OR d.published <= ?5)
     ORDER BY rank, s.source_id, s.start LIMIT ?6";

impl DocumentStore for Store {
    fn document_by_hash(&self, content_hash: &str) -> Result<Option<String>> {
        self.conn()
            .query_opt(
                "SELECT source_id FROM documents WHERE content_hash = ?1",
                vals![content_hash],
            )?
            .map(|r| r.text(0))
            .transpose()
    }

    fn add_document(&mut self, plan: &Plan, doc: &NewDocument, change: &Change) -> Result<()> {
        self.conn().transaction(|tx| {
            write_plan(tx, plan, change)?;
            tx.execute(
                "INSERT INTO documents (source_id, content_hash, path, format, lang, published, domains, codebook, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                vals![
                    &doc.source_id,
                    &doc.content_hash,
                    &doc.path,
                    &doc.format,
                    &doc.lang,
                    &doc.published,
                    doc.domains.join(","),
                    &doc.codebook,
                    now()
                ],
            )?;
            for (start, end, stems) in &doc.sentences {
                tx.execute(
                    "INSERT INTO sentences (stems, source_id, start, \"end\") VALUES (?1, ?2, ?3, ?4)",
                    vals![stems, &doc.source_id, *start, *end],
                )?;
            }
            for c in &doc.candidates {
                tx.execute(
                    "INSERT INTO candidates (source_id, status, event_type, first_day, last_day, countries, body)
                     VALUES (?1, 'pending', ?2, ?3, ?4, ?5, ?6)",
                    vals![
                        &doc.source_id,
                        &c.event_type,
                        &c.first_day,
                        &c.last_day,
                        &c.countries,
                        &c.body
                    ],
                )?;
            }
            Ok(())
        })
    }

    fn document(&self, source_id: &str) -> Result<Option<DocumentRow>> {
        let Some(r) = self.conn().query_opt(
            "SELECT source_id, path, format, lang, published, domains, ingested_at FROM documents WHERE source_id = ?1",
            vals![source_id],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(DocumentRow {
            source_id: r.text(0)?,
            path: r.opt_text(1)?,
            format: r.text(2)?,
            lang: r.text(3)?,
            published: r.opt_text(4)?,
            domains: r
                .text(5)?
                .split(',')
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect(),
            ingested_at: r.text(6)?,
        }))
    }

    fn candidates(
        &self,
        status: Option<&str>,
        source_id: Option<&str>,
    ) -> Result<Vec<CandidateRow>> {
        let sql = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM candidates
             WHERE (CAST(?1 AS TEXT) IS NULL OR status = ?1) AND (CAST(?2 AS TEXT) IS NULL OR source_id = ?2)
             ORDER BY first_day, id"
        );
        self.conn()
            .query(&sql, vals![status, source_id])?
            .iter()
            .map(candidate_row)
            .collect()
    }

    fn candidate(&self, id: i64) -> Result<Option<CandidateRow>> {
        let sql = format!("SELECT {CANDIDATE_COLUMNS} FROM candidates WHERE id = ?1");
        self.conn()
            .query_opt(&sql, vals![id])?
            .as_ref()
            .map(candidate_row)
            .transpose()
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
        self.conn().transaction(|tx| {
            if let Some(plan) = plan {
                write_plan(tx, plan, change)?;
            }
            tx.execute(
                "UPDATE candidates SET status = ?2, record_id = ?3, note = ?4, decided_at = ?5 WHERE id = ?1",
                vals![id, status, record_id, note, now()],
            )?;
            Ok(())
        })
    }

    fn edit_candidate(&mut self, id: i64, c: &NewCandidate) -> Result<()> {
        self.conn().execute(
            "UPDATE candidates SET event_type = ?2, first_day = ?3, last_day = ?4, countries = ?5, body = ?6 WHERE id = ?1 AND status = 'pending'",
            vals![id, &c.event_type, &c.first_day, &c.last_day, &c.countries, &c.body],
        )?;
        Ok(())
    }

    fn search(&self, terms: &[Vec<String>], f: &SearchFilter) -> Result<Vec<SearchHit>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let (sql, query) = match self.backend() {
            Backend::Sqlite => (
                format!(
                    "SELECT s.source_id, s.start, s.\"end\", d.lang, d.published, bm25(sentences) AS rank
                     FROM sentences s JOIN documents d ON d.source_id = s.source_id
                     WHERE sentences MATCH ?1 {SEARCH_FILTERS}"
                ),
                fts5_query(terms),
            ),
            Backend::Postgres => (
                format!(
                    "SELECT s.source_id, s.start, s.\"end\", d.lang, d.published,
                            -ts_rank(s.lexemes, CAST(?1 AS TEXT)::tsquery)::float8 AS rank
                     FROM sentences s JOIN documents d ON d.source_id = s.source_id
                     WHERE s.lexemes @@ CAST(?1 AS TEXT)::tsquery {SEARCH_FILTERS}"
                ),
                tsquery(terms),
            ),
        };
        let offset =
            |r: &Row, i: usize| Ok::<_, crate::StoreError>(usize::try_from(r.int(i)?).unwrap_or(0));
        self.conn()
            .query(
                &sql,
                vals![query, &f.lang, &f.domain, &f.from, &f.to, f.limit.max(1)],
            )?
            .iter()
            .map(|r| {
                Ok(SearchHit {
                    source_id: r.text(0)?,
                    start: offset(r, 1)?,
                    end: offset(r, 2)?,
                    lang: r.text(3)?,
                    published: r.opt_text(4)?,
                    rank: r.real(5)?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_become_each_backends_query_and_cannot_break_out() {
        let terms = vec![
            vec!["визит".to_string(), "визиты".to_string()],
            vec!["a\"b'c\\".to_string()],
        ];
        assert_eq!(
            fts5_query(&terms),
            "(\"визит\" OR \"визиты\") AND (\"ab'c\\\")"
        );
        assert_eq!(tsquery(&terms), "('визит' | 'визиты') & ('a\"b''c\\\\')");
    }
}
