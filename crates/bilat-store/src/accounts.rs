//! Accounts, sessions and the audit log of the observatory.
//!
//! * Users have a name, an Argon2id password hash (computed by the caller: this crate stores
//!   it, never sees a password), a role (viewer, analyst, admin) and optionally one dyad the
//!   role is limited to.
//! * Sessions are stored by the SHA-256 of their token (a stolen database does not give
//!   working cookies), with the session's CSRF token and an expiry.
//! * The audit log has a row per record changed: who, when, the record before and after (as
//!   JSON, claims included) and the evidence given. Triggers refuse any UPDATE or DELETE on it
//!   (and TRUNCATE on PostgreSQL): append-only by the database itself, not by convention.

use bilat_model::Day;
use serde::Serialize;

use crate::sql::{Row, Value, vals};
use crate::store::Store;
use crate::{Result, StoreError};

pub const MIGRATION: &str = r#"
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    dyad TEXT,
    created TEXT NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT,
    evidence TEXT
);
CREATE INDEX audit_by_record ON audit (record_id, id);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#;

/// The roles, from least to most allowed.
pub const ROLES: &[&str] = &["viewer", "analyst", "admin"];

/// Who makes a change to the record, when, and on what evidence: every write carries one,
/// and the audit log keeps it.
#[derive(Clone, Debug)]
pub struct Change {
    /// `user:<name>` from the web, `cli:<login>` from the command line, `bundled` for the
    /// data compiled into the binary.
    pub actor: String,
    /// UTC, RFC 3339 to the second.
    pub at: String,
    pub evidence: Option<String>,
}

impl Change {
    /// A change by `actor` now, by the system clock.
    pub fn now(actor: impl Into<String>) -> Change {
        Change {
            actor: actor.into(),
            at: utc_now(),
            evidence: None,
        }
    }

    pub fn with_evidence(mut self, evidence: impl Into<String>) -> Change {
        self.evidence = Some(evidence.into());
        self
    }
}

/// The present moment as `2026-11-28T15:04:05Z`.
pub fn utc_now() -> String {
    utc_from_unix(unix_now())
}

/// Seconds since 1970 by the system clock.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The civil date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> Day {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Day { year, month, day }
}

/// Today (UTC), by the system clock: only for defaults such as `--as-of`; analyses take the
/// day as input.
pub fn today_utc() -> Day {
    civil_from_days(unix_now().div_euclid(86_400))
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_from_unix(secs: i64) -> String {
    let d = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        d.year,
        d.month,
        d.day,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: String,
    /// The one dyad the role is limited to ("KZ-QA"), or all.
    pub dyad: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub record_id: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub evidence: Option<String>,
}

/// Users, sessions and the audit log, whatever the backend.
pub trait AccountStore {
    fn add_user(
        &mut self,
        name: &str,
        password_hash: &str,
        role: &str,
        dyad: Option<&str>,
    ) -> Result<User>;
    fn user(&self, name: &str) -> Result<Option<User>>;
    fn users(&self) -> Result<Vec<User>>;
    fn set_password(&mut self, name: &str, password_hash: &str) -> Result<()>;
    /// Sets the role and dyad; ends the user's sessions so the change applies at once.
    fn set_role(&mut self, name: &str, role: &str, dyad: Option<&str>) -> Result<()>;
    fn create_session(
        &mut self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        expires: &str,
    ) -> Result<()>;
    /// The session's user and CSRF token, if the session exists and has not expired at `now`.
    fn session(&self, token_hash: &str, now: &str) -> Result<Option<(User, String)>>;
    fn end_session(&mut self, token_hash: &str) -> Result<()>;
    /// The audit log, newest first: of one record, or all of it.
    fn audit(&self, record_id: Option<&str>, limit: usize) -> Result<Vec<AuditRow>>;
}

fn check_role(role: &str) -> Result<()> {
    if ROLES.contains(&role) {
        Ok(())
    } else {
        Err(StoreError::Invalid(vec![format!(
            "role: expected one of {}, found `{role}`",
            ROLES.join(", ")
        )]))
    }
}

fn user_row(r: &Row) -> Result<User> {
    Ok(User {
        id: r.int(0)?,
        name: r.text(1)?,
        password_hash: r.text(2)?,
        role: r.text(3)?,
        dyad: r.opt_text(4)?,
    })
}

const USER_COLUMNS: &str = "id, name, password_hash, role, dyad";

impl AccountStore for Store {
    fn add_user(
        &mut self,
        name: &str,
        password_hash: &str,
        role: &str,
        dyad: Option<&str>,
    ) -> Result<User> {
        check_role(role)?;
        if name.trim().is_empty() || name.chars().any(char::is_whitespace) {
            return Err(StoreError::Invalid(vec![format!(
                "user name: expected one word without spaces, found `{name}`"
            )]));
        }
        if self.user(name)?.is_some() {
            return Err(StoreError::Invalid(vec![format!(
                "user `{name}` exists already"
            )]));
        }
        self.conn().execute(
            "INSERT INTO users (name, password_hash, role, dyad, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            vals![name, password_hash, role, dyad, utc_now()],
        )?;
        self.user(name)?.ok_or_else(|| no_user(name))
    }

    fn user(&self, name: &str) -> Result<Option<User>> {
        self.conn()
            .query_opt(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"),
                vals![name],
            )?
            .as_ref()
            .map(user_row)
            .transpose()
    }

    fn users(&self) -> Result<Vec<User>> {
        self.conn()
            .query(
                &format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"),
                &[],
            )?
            .iter()
            .map(user_row)
            .collect()
    }

    fn set_password(&mut self, name: &str, password_hash: &str) -> Result<()> {
        self.change_user(
            name,
            "UPDATE users SET password_hash = ?2 WHERE name = ?1",
            vals![name, password_hash],
        )
    }

    fn set_role(&mut self, name: &str, role: &str, dyad: Option<&str>) -> Result<()> {
        check_role(role)?;
        self.change_user(
            name,
            "UPDATE users SET role = ?2, dyad = ?3 WHERE name = ?1",
            vals![name, role, dyad],
        )
    }

    fn create_session(
        &mut self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        expires: &str,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO sessions (token_hash, user_id, csrf, created, expires) VALUES (?1, ?2, ?3, ?4, ?5)",
            vals![token_hash, user_id, csrf, utc_now(), expires],
        )?;
        Ok(())
    }

    fn session(&self, token_hash: &str, now: &str) -> Result<Option<(User, String)>> {
        let Some(r) = self.conn().query_opt(
            "SELECT u.id, u.name, u.password_hash, u.role, u.dyad, s.csrf
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND s.expires > ?2",
            vals![token_hash, now],
        )?
        else {
            return Ok(None);
        };
        Ok(Some((user_row(&r)?, r.text(5)?)))
    }

    fn end_session(&mut self, token_hash: &str) -> Result<()> {
        self.conn().execute(
            "DELETE FROM sessions WHERE token_hash = ?1",
            vals![token_hash],
        )?;
        Ok(())
    }

    fn audit(&self, record_id: Option<&str>, limit: usize) -> Result<Vec<AuditRow>> {
        self.conn()
            .query(
                "SELECT id, at, actor, record_id, action, before, after, evidence FROM audit
                 WHERE CAST(?1 AS TEXT) IS NULL OR record_id = ?1 ORDER BY id DESC LIMIT ?2",
                vals![record_id, limit],
            )?
            .iter()
            .map(|r| {
                Ok(AuditRow {
                    id: r.int(0)?,
                    at: r.text(1)?,
                    actor: r.text(2)?,
                    record_id: r.text(3)?,
                    action: r.text(4)?,
                    before: r.opt_text(5)?,
                    after: r.opt_text(6)?,
                    evidence: r.opt_text(7)?,
                })
            })
            .collect()
    }
}

impl Store {
    /// Runs `update` (`?1` is the user's name) and ends the user's sessions, in one
    /// transaction: a new password or role applies at once.
    fn change_user(&mut self, name: &str, update: &str, values: &[Value]) -> Result<()> {
        self.conn().transaction(|tx| {
            if tx.execute(update, values)? == 0 {
                return Err(no_user(name));
            }
            tx.execute(
                "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
                vals![name],
            )?;
            Ok(())
        })
    }
}

fn no_user(name: &str) -> StoreError {
    StoreError::Invalid(vec![format!("no user named `{name}`")])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_time_from_unix_seconds() {
        assert_eq!(utc_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_from_unix(1_795_878_245), "2026-11-28T15:04:05Z");
    }
}
