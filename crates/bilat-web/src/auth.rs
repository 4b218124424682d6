//! Passwords, sessions, roles, CSRF and login rate limiting.
//!
//! * Passwords: Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), PHC strings.
//! * Sessions: a 256-bit random token in an HttpOnly, SameSite=Strict cookie (Secure when the
//!   server is told it sits behind TLS); the store keeps only its SHA-256, with a CSRF token
//!   and an expiry (12 hours).
//! * CSRF: every state-changing request carries the session's CSRF token (a form field or
//!   the `X-CSRF-Token` header), compared in constant time; the login form carries a
//!   pre-session token bound to a cookie (double submit).
//! * Rate limiting: after 5 failed logins for one name or from one address within 15 minutes,
//!   logins for it are refused (429) until the window passes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use bilat_store::accounts::{User, unix_now, utc_from_unix, utc_now};
use sha2::{Digest, Sha256};

use crate::{AppError, AppState};

pub const SESSION_COOKIE: &str = "bilat_session";
pub const LOGIN_CSRF_COOKIE: &str = "bilat_login_csrf";
const SESSION_HOURS: i64 = 12;
const MAX_FAILURES: u32 = 5;
const WINDOW: Duration = Duration::from_secs(15 * 60);

fn argon2() -> Argon2<'static> {
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters"),
    )
}

/// The Argon2id PHC string of `password`, with a random salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(argon2()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?
        .to_string())
}

/// Whether `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
}

/// A password rule in the spirit of ASVS 2.1: at least 12 characters, at most 128.
pub fn check_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < 12 {
        Err(format!(
            "a password needs at least 12 characters; this one has {n}"
        ))
    } else if n > 128 {
        Err(format!(
            "a password may have at most 128 characters; this one has {n}"
        ))
    } else {
        Ok(())
    }
}

/// 256 random bits as hex.
pub fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(format!("no randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Constant-time equality of two tokens.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, path /, Secure if asked.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The logged-in user of a request, with the session's CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub token_hash: String,
}

impl Session {
    /// The user as the audit log names them: `user:<name>`.
    pub fn actor(&self) -> String {
        format!("user:{}", self.user.name)
    }

    /// A change to the record by this user, now, resting on `evidence` (for the audit log).
    pub fn change(&self, evidence: impl Into<String>) -> bilat_store::Change {
        bilat_store::Change::now(self.actor()).with_evidence(evidence)
    }

    /// Whether the user's role is at least `role` ("viewer" < "analyst" < "admin").
    pub fn at_least(&self, role: &str) -> bool {
        rank(&self.user.role) >= rank(role)
    }

    /// Whether the user may see or change `dyad` (a role limited to one dyad sees only it).
    pub fn may_use(&self, dyad: &str) -> bool {
        self.user.dyad.as_deref().is_none_or(|d| d == dyad)
    }

    /// Refuses unless the role is at least `role`.
    pub fn require(&self, role: &str) -> Result<(), AppError> {
        if self.at_least(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden("Your role does not allow this."))
        }
    }

    pub fn require_dyad(&self, dyad: &str) -> Result<(), AppError> {
        if self.may_use(dyad) {
            Ok(())
        } else {
            Err(AppError::Forbidden("Your role is limited to another dyad."))
        }
    }

    /// Refuses a state-changing request whose CSRF token is not the session's.
    pub fn check_csrf(&self, given: Option<&str>) -> Result<(), AppError> {
        match given {
            Some(t) if same_token(t, &self.csrf) => Ok(()),
            _ => Err(AppError::Forbidden(
                "The form's security token is missing or stale; reload the page and try again.",
            )),
        }
    }
}

pub fn rank(role: &str) -> usize {
    bilat_store::accounts::ROLES
        .iter()
        .position(|r| *r == role)
        .map_or(0, |i| i + 1)
}

/// The session of a request, if any (anonymous requests get `None`).
pub struct MaybeSession(pub Option<Session>);

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        // The access check found it already.
        if let Some(s) = parts.extensions.get::<Session>() {
            return Ok(MaybeSession(Some(s.clone())));
        }
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Ok(MaybeSession(None));
        };
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(MaybeSession(None));
        }
        let hash = token_hash(&token);
        let now = utc_now();
        let lookup = hash.clone();
        let found = state
            .with_store(move |s| {
                use bilat_store::AccountStore;
                s.session(&lookup, &now).map_err(AppError::store)
            })
            .await?;
        Ok(MaybeSession(found.map(|(user, csrf)| Session {
            user,
            csrf,
            token_hash: hash,
        })))
    }
}

/// A request that must come from a logged-in user (401 otherwise).
impl FromRequestParts<AppState> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        MaybeSession::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(AppError::Unauthorized)
    }
}

/// The address of the peer, when the server knows it (not in tests without a socket).
pub struct PeerAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PeerAddr(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// Opens a session for `user`: the cookie to set and the session's CSRF token.
pub async fn open_session(state: &AppState, user: &User) -> Result<String, AppError> {
    let token = random_token()?;
    let csrf = random_token()?;
    let expires = utc_from_unix(unix_now() + SESSION_HOURS * 3600);
    let (hash, id) = (token_hash(&token), user.id);
    state
        .with_store(move |s| {
            use bilat_store::AccountStore;
            s.create_session(&hash, id, &csrf, &expires)
                .map_err(AppError::store)
        })
        .await?;
    Ok(set_cookie(
        SESSION_COOKIE,
        &token,
        SESSION_HOURS * 3600,
        state.inner().options.secure_cookies,
    ))
}

/// Failed logins per key (a user name, an address) within the window.
#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginLimiter {
    /// Whether any of `keys` has reached the limit.
    pub fn blocked(&self, keys: &[&str]) -> bool {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter().any(|k| {
            map.get(*k)
                .is_some_and(|(n, since)| *n >= MAX_FAILURES && since.elapsed() < WINDOW)
        })
    }

    pub fn fail(&self, keys: &[&str]) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for k in keys {
            let e = map.entry((*k).to_string()).or_insert((0, Instant::now()));
            if e.1.elapsed() >= WINDOW {
                *e = (0, Instant::now());
            }
            e.0 += 1;
        }
        // Keep the table small: forget windows that have passed, and if a flood of names
        // still fills it, keep only the keys that are blocked.
        if map.len() > 10_000 {
            map.retain(|_, (_, since)| since.elapsed() < WINDOW);
        }
        if map.len() > 10_000 {
            map.retain(|_, (n, _)| *n >= MAX_FAILURES);
        }
    }

    pub fn succeed(&self, keys: &[&str]) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for k in keys {
            map.remove(*k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("anything", "not a hash"));
        assert_ne!(h, hash_password("correct horse battery").unwrap(), "salted");
    }

    #[test]
    fn tokens_and_cookies() {
        let t = random_token().unwrap();
        assert_eq!(t.len(), 64);
        assert!(same_token(&t, &t.clone()) && !same_token(&t, &random_token().unwrap()));
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; bilat_session=abc; b=2".parse().unwrap(),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(
            set_cookie("x", "y", 60, true),
            "x=y; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure"
        );
    }

    #[test]
    fn the_limiter_blocks_after_five_failures() {
        let l = LoginLimiter::default();
        for _ in 0..4 {
            l.fail(&["user:ana", "ip:1"]);
        }
        assert!(!l.blocked(&["user:ana"]));
        l.fail(&["user:ana", "ip:1"]);
        assert!(l.blocked(&["user:ana"]) && l.blocked(&["ip:1"]) && !l.blocked(&["user:bo"]));
        l.succeed(&["user:ana"]);
        assert!(!l.blocked(&["user:ana"]));
        // A flood of invented names does not grow the table without bound, and a blocked
        // address stays blocked through it.
        for i in 0..20_000 {
            l.fail(&[&format!("user:flood{i}")]);
        }
        let size = l.failures.lock().unwrap().len();
        assert!(size <= 10_001, "{size} keys kept");
        assert!(l.blocked(&["ip:1"]));
    }
}

/// Brief files a user may have generated within [`BUILD_WINDOW`] (files already made for the
/// current record are served from the cache and do not count).
pub const MAX_BUILDS: u32 = 24;
pub const BUILD_WINDOW: Duration = Duration::from_secs(10 * 60);

/// Bounds the brief files one user causes to be generated: one at a time, and
/// [`MAX_BUILDS`] per [`BUILD_WINDOW`].
#[derive(Default)]
pub struct BuildLimiter {
    /// By user: (builds in the window, the window's start, one running).
    users: Mutex<HashMap<String, (u32, Instant, bool)>>,
}

/// A build in progress; ends when dropped.
pub struct Build<'a> {
    limiter: &'a BuildLimiter,
    user: String,
}

impl BuildLimiter {
    pub fn start(&self, user: &str) -> Result<Build<'_>, AppError> {
        let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        if users.len() > 10_000 {
            users.retain(|_, (_, since, running)| *running || since.elapsed() < BUILD_WINDOW);
        }
        let entry = users
            .entry(user.to_string())
            .or_insert((0, Instant::now(), false));
        if entry.1.elapsed() >= BUILD_WINDOW {
            *entry = (0, Instant::now(), entry.2);
        }
        if entry.2 {
            return Err(AppError::TooManyRequests(
                "Your previous brief is still being made; download it when it is done.",
            ));
        }
        if entry.0 >= MAX_BUILDS {
            return Err(AppError::TooManyRequests(
                "You have made many briefs in a short time; try again in ten minutes.",
            ));
        }
        entry.0 += 1;
        entry.2 = true;
        Ok(Build {
            limiter: self,
            user: user.to_string(),
        })
    }
}

impl Drop for Build<'_> {
    fn drop(&mut self) {
        let mut users = self.limiter.users.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = users.get_mut(&self.user) {
            entry.2 = false;
        }
    }
}

#[cfg(test)]
mod build_tests {
    use super::*;

    #[test]
    fn one_build_at_a_time_and_a_bounded_number_per_window() {
        let limiter = BuildLimiter::default();
        let first = limiter.start("ana").unwrap();
        assert!(
            matches!(limiter.start("ana"), Err(AppError::TooManyRequests(_))),
            "a second build while the first runs"
        );
        assert!(limiter.start("bo").is_ok(), "other users are not held up");
        drop(first);
        for _ in 1..MAX_BUILDS {
            drop(limiter.start("ana").unwrap());
        }
        assert!(matches!(
            limiter.start("ana"),
            Err(AppError::TooManyRequests(_))
        ));
    }
}
