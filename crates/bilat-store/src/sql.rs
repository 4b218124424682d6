//! The one SQL layer both backends share: a connection to SQLite or PostgreSQL, parameters and
//! rows as plain values, and transactions. Queries are written once, with SQLite's `?1`
//! placeholders, in the SQL both databases accept (`ON CONFLICT`, `RETURNING`); the
//! PostgreSQL side rewrites the placeholders to `$1`. What differs (schema, full-text search,
//! deferred foreign keys) asks [`Conn::backend`].

use std::cell::RefCell;
use std::collections::HashMap;

use crate::{Result, StoreError};

/// Which database a store is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parameter or a column value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_owned())
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<usize> for Value {
    fn from(i: usize) -> Value {
        Value::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl<T: Clone + Into<Value>> From<&Option<T>> for Value {
    fn from(v: &Option<T>) -> Value {
        v.clone().map_or(Value::Null, Into::into)
    }
}

/// Parameters of a query: `vals![a, b, c]`.
macro_rules! vals {
    ($($v:expr),* $(,)?) => { &[$($crate::sql::Value::from($v)),*][..] };
}
pub(crate) use vals;

/// One row of a result, its columns in the order of the query.
#[derive(Debug)]
pub(crate) struct Row(Vec<Value>);

impl Row {
    fn at(&self, i: usize) -> Result<&Value> {
        self.0.get(i).ok_or_else(|| StoreError::Corrupt {
            id: String::new(),
            message: format!("expected a column {i}, found {} columns", self.0.len()),
        })
    }

    fn wrong(&self, i: usize, what: &str) -> StoreError {
        StoreError::Corrupt {
            id: String::new(),
            message: format!("column {i}: expected {what}, found {:?}", self.0[i]),
        }
    }

    pub fn text(&self, i: usize) -> Result<String> {
        self.opt_text(i)?.ok_or_else(|| self.wrong(i, "text"))
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s.clone())),
            _ => Err(self.wrong(i, "text")),
        }
    }

    pub fn int(&self, i: usize) -> Result<i64> {
        match self.at(i)? {
            Value::Int(v) => Ok(*v),
            _ => Err(self.wrong(i, "an integer")),
        }
    }

    pub fn real(&self, i: usize) -> Result<f64> {
        match self.at(i)? {
            Value::Real(v) => Ok(*v),
            Value::Int(v) => Ok(*v as f64),
            _ => Err(self.wrong(i, "a number")),
        }
    }
}

/// An open connection.
pub(crate) enum Conn {
    Sqlite(rusqlite::Connection),
    /// The client needs `&mut` for every query; the store's readers take `&self`.
    Postgres(Box<RefCell<Pg>>),
}

/// A PostgreSQL connection and its prepared statements, by SQL text (a query prepared once
/// then costs one round trip instead of two). `client` is `None` only while the connection
/// is being closed (see `Drop`).
pub(crate) struct Pg {
    client: Option<postgres::Client>,
    statements: HashMap<String, postgres::Statement>,
    /// Where to connect again when the server closed the connection (a restart, an
    /// administrator ending idle sessions).
    url: String,
    /// Inside `BEGIN` … `COMMIT`: a connection lost then is an error, never a new connection
    /// (the server rolled the transaction back; the rest must not run outside it).
    in_transaction: bool,
}

impl Pg {
    pub fn new(client: postgres::Client, url: &str) -> Pg {
        Pg {
            client: Some(client),
            statements: HashMap::new(),
            url: url.to_owned(),
            in_transaction: false,
        }
    }

    /// The client, connected again first if the server closed the connection outside a
    /// transaction.
    fn client(&mut self) -> Result<&mut postgres::Client> {
        let lost = self.client.as_ref().is_none_or(postgres::Client::is_closed);
        if lost {
            if self.in_transaction {
                return Err(StoreError::Postgres(
                    "the connection to the server was lost during a transaction; none of it was written".into(),
                ));
            }
            self.reconnect()?;
        }
        self.client
            .as_mut()
            .ok_or_else(|| StoreError::Postgres("the connection is closed".into()))
    }

    /// A new session in place of the old one (whose prepared statements go with it).
    fn reconnect(&mut self) -> Result<()> {
        let fresh = postgres::Client::connect(&self.url, postgres::NoTls).map_err(pg_error)?;
        if let Some(old) = self.client.replace(fresh) {
            close(old);
        }
        self.statements.clear();
        Ok(())
    }
}

/// Closes a PostgreSQL client on a thread of its own (its drop blocks on its internal
/// runtime, which panics inside another one: the server's, an async test's).
fn close(client: postgres::Client) {
    let _ = std::thread::spawn(move || drop(client)).join();
}

impl Drop for Conn {
    /// The PostgreSQL client's own drop blocks on its internal runtime, which panics when it
    /// happens inside another one (the server's, an async test's): close it on a thread of
    /// its own and wait for that.
    fn drop(&mut self) {
        if let Conn::Postgres(cell) = self
            && let Some(client) = cell.get_mut().client.take()
        {
            close(client);
        }
    }
}

/// Whether `e` says the session is gone: the server ended it, or its connection was closed or
/// reset. [`retried`] then runs the statement again on a new session, outside transactions
/// only (a reset from the network rather than the server could come after a single statement
/// ran; the store's statements outside transactions are reads, updates and deletes that a
/// repetition leaves the same, and inserts of a unique key that a repetition refuses).
fn session_lost(e: &postgres::Error) -> bool {
    use std::io::ErrorKind;
    // Which of the three the client sees depends on when it next writes: the server's notice
    // that it ends the session, the socket already closed, or the socket reset.
    e.is_closed()
        || e.code() == Some(&postgres::error::SqlState::ADMIN_SHUTDOWN)
        || std::error::Error::source(e)
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .is_some_and(|io| {
                matches!(
                    io.kind(),
                    ErrorKind::ConnectionReset
                        | ErrorKind::ConnectionAborted
                        | ErrorKind::BrokenPipe
                        | ErrorKind::UnexpectedEof
                )
            })
}

/// Runs `attempt` on the connection of `cell`. If the server had ended the session and the
/// connection is not inside a transaction, `attempt` runs once more on a new session. The
/// outer error of an attempt is the store's (no session could be had), the inner one the
/// server's.
fn retried<T>(
    cell: &RefCell<Pg>,
    mut attempt: impl FnMut(&mut Pg) -> Result<Result<T, postgres::Error>>,
) -> Result<T> {
    let mut pg = cell.borrow_mut();
    match attempt(&mut pg)? {
        Err(e) if session_lost(&e) && !pg.in_transaction => {
            pg.reconnect()?;
            attempt(&mut pg)?.map_err(pg_error)
        }
        other => other.map_err(pg_error),
    }
}

/// Runs `f` on the PostgreSQL client of `cell` ([`retried`]).
fn with_client<T>(
    cell: &RefCell<Pg>,
    mut f: impl FnMut(&mut postgres::Client) -> Result<T, postgres::Error>,
) -> Result<T> {
    retried(cell, |pg| Ok(f(pg.client()?)))
}

/// Runs `f` on the PostgreSQL client of `cell` with `sql` prepared, once per session
/// ([`retried`]).
fn with_statement<T>(
    cell: &RefCell<Pg>,
    sql: &str,
    mut f: impl FnMut(&mut postgres::Client, &postgres::Statement) -> Result<T, postgres::Error>,
) -> Result<T> {
    retried(cell, |pg| prepared_run(pg, sql, &mut f))
}

/// Prepares `sql` (unless this session has) and runs `f` with it. The outer error is the
/// store's (no session could be had), the inner one the server's.
fn prepared_run<T>(
    pg: &mut Pg,
    sql: &str,
    f: &mut impl FnMut(&mut postgres::Client, &postgres::Statement) -> Result<T, postgres::Error>,
) -> Result<Result<T, postgres::Error>> {
    let statement = match pg.statements.get(sql) {
        Some(statement) => statement.clone(),
        None => match pg.client()?.prepare(&dollar_placeholders(sql)) {
            Ok(statement) => {
                pg.statements.insert(sql.to_owned(), statement.clone());
                statement
            }
            Err(e) => return Ok(Err(e)),
        },
    };
    Ok(f(pg.client()?, &statement))
}

impl Conn {
    pub fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs a statement; returns the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(params.iter()))? as u64)
            }
            Conn::Postgres(c) => with_statement(c, sql, |c, statement| {
                c.execute(statement, &pg_params(params))
            }),
        }
    }

    /// Every row of a query.
    pub fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let n = stmt.column_count();
                let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut values = Vec::with_capacity(n);
                    for i in 0..n {
                        values.push(sqlite_value(r.get_ref(i)?));
                    }
                    out.push(Row(values));
                }
                Ok(out)
            }
            Conn::Postgres(c) => {
                let rows = with_statement(c, sql, |c, statement| {
                    c.query(statement, &pg_params(params))
                })?;
                rows.iter().map(pg_row).collect()
            }
        }
    }

    /// The first row of a query, if any.
    pub fn query_opt(&self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Runs statements without parameters (a schema, `BEGIN`).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => with_client(c, |c| c.batch_execute(sql)),
        }
    }

    /// Runs `f` in a transaction: committed when it returns `Ok`, rolled back otherwise.
    /// SQLite takes its write lock at the start (`BEGIN IMMEDIATE`), so that two writers
    /// wait for each other instead of failing half-way.
    pub fn transaction<T>(&self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        self.batch(match self {
            Conn::Sqlite(_) => "BEGIN IMMEDIATE",
            Conn::Postgres(_) => "BEGIN",
        })?;
        self.set_in_transaction(true);
        let out = self.run_transaction(f);
        self.set_in_transaction(false);
        out
    }

    fn set_in_transaction(&self, value: bool) {
        if let Conn::Postgres(cell) = self {
            cell.borrow_mut().in_transaction = value;
        }
    }

    fn run_transaction<T>(&self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        match f(self) {
            Ok(value) => {
                if let Err(e) = self.batch("COMMIT") {
                    let _ = self.batch("ROLLBACK");
                    return Err(e);
                }
                Ok(value)
            }
            Err(e) => {
                // The error that matters is the first one; a failed rollback leaves the
                // transaction to end with the connection.
                let _ = self.batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Makes foreign keys checked at commit for the rest of the transaction (a record and
    /// the evidence citing it may be written in either order).
    pub fn defer_foreign_keys(&self) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.pragma_update(None, "defer_foreign_keys", "ON")?),
            Conn::Postgres(_) => self.batch("SET CONSTRAINTS ALL DEFERRED"),
        }
    }
}

/// `?1` → `$1`, outside quoted text.
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '?') if chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('$');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

fn sqlite_value(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            Value::Text(String::from_utf8_lossy(t).into_owned())
        }
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::{IsNull, Type};
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) if *ty == Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) => i.to_sql(ty, out),
            Value::Real(f) => f.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
        }
    }

    fn accepts(ty: &postgres::types::Type) -> bool {
        use postgres::types::Type;
        [
            Type::INT2,
            Type::INT4,
            Type::INT8,
            Type::FLOAT8,
            Type::TEXT,
            Type::VARCHAR,
        ]
        .contains(ty)
    }

    postgres::types::to_sql_checked!();
}

fn pg_params(params: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

fn pg_row(row: &postgres::Row) -> Result<Row> {
    use postgres::types::Type;
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let ty = column.type_();
        let value = if *ty == Type::INT8 {
            row.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::Int))
        } else if *ty == Type::INT4 {
            row.try_get::<_, Option<i32>>(i)
                .map(|v| v.map(|v| Value::Int(v.into())))
        } else if *ty == Type::FLOAT8 {
            row.try_get::<_, Option<f64>>(i).map(|v| v.map(Value::Real))
        } else if *ty == Type::FLOAT4 {
            row.try_get::<_, Option<f32>>(i)
                .map(|v| v.map(|v| Value::Real(v.into())))
        } else {
            row.try_get::<_, Option<String>>(i)
                .map(|v| v.map(Value::Text))
        };
        values.push(value.map_err(pg_error)?.unwrap_or(Value::Null));
    }
    Ok(Row(values))
}

/// The server's own message where there is one (the crate's display says only "db error").
pub(crate) fn pg_error(e: postgres::Error) -> StoreError {
    StoreError::Postgres(match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => {
            // "error connecting to server" alone does not say why: add the causes.
            let mut message = e.to_string();
            let mut cause = std::error::Error::source(&e);
            while let Some(c) = cause {
                message.push_str(": ");
                message.push_str(&c.to_string());
                cause = c.source();
            }
            message
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            dollar_placeholders("SELECT '?1', \"a?2\" FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', \"a?2\" FROM t WHERE a = $1 AND b = $12"
        );
        assert_eq!(dollar_placeholders("a IS ? "), "a IS ? ");
    }
}
