//! # bilat-web
//!
//! The observatory server: server-rendered pages and a JSON API over the record, for the
//! working groups of both sides, behind accounts with roles, with every change audited.
//!
//! * [`app`] builds the router from an [`AppState`]; `main` is elsewhere (`bilat serve`), so
//!   tests drive the router without a socket.
//! * Reads come from an immutable snapshot of the record ([`Snapshot`]), replaced whole after
//!   each write; writes go through the store in one transaction with their audit row.
//! * Roles: viewer (read), analyst (update commitments with evidence, …), admin (users). A role
//!   may be limited to one dyad. Every route states its role in [`routes::ROUTES`], and a
//!   table-driven test tries each route as each role and as anonymous.
//! * Security (OWASP ASVS level 2 as the yardstick, see SECURITY.md): Argon2id passwords,
//!   HttpOnly SameSite=Strict session cookies (Secure behind TLS), a CSRF token on every
//!   state-changing request, login rate limiting, security headers with a CSP that allows no
//!   inline script, parameterised SQL only (in `bilat-store`), errors that never show
//!   internals.

pub mod api;
pub mod auth;
pub mod dashboards;
pub mod ingest;
pub mod intake;
pub mod pages;
pub mod review;
pub mod routes;
pub mod search;

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, RwLock};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bilat_model::Dataset;
use bilat_store::{RecordStore, Store};

pub use routes::app;

/// The record as the server reads it: replaced whole after every write.
pub struct Snapshot {
    /// Increases with every write; caches are keyed by it.
    pub version: u64,
    pub data: Dataset,
}

/// Options of the server.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Mark cookies `Secure` (set when the server is reached over TLS, e.g. behind a proxy).
    pub secure_cookies: bool,
}

/// An overview page: its dyad and language.
pub(crate) type PageKey = (String, &'static str);

/// What every handler shares: a cheap clone of an `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    /// Open connections not in use; a handler takes one and gives it back.
    pool: Mutex<Vec<Store>>,
    returned: Condvar,
    /// Held by each write to the record, with the snapshot's reload: writes do not interleave.
    writing: Mutex<()>,
    snapshot: RwLock<Arc<Snapshot>>,
    pub(crate) limiter: auth::LoginLimiter,
    pub(crate) options: Options,
    /// Rendered overview pages by (dyad, language), with the snapshot version they show.
    pub(crate) pages: ByVersion<PageKey, Arc<String>>,
    /// Generated brief files by (dyad, file name), with the snapshot version they show.
    pub(crate) downloads: ByVersion<(String, String), Download>,
    /// Brief files each user had generated (cache misses), to bound the work one user causes.
    pub(crate) builds: auth::BuildLimiter,
}

/// Values made from the record by key, each with the snapshot version it was made from: a
/// value is served while its snapshot is current, and replaced after a write.
pub(crate) struct ByVersion<K, V>(Mutex<HashMap<K, (u64, V)>>);

impl<K, V> Default for ByVersion<K, V> {
    fn default() -> Self {
        ByVersion(Mutex::new(HashMap::new()))
    }
}

impl<K: Eq + std::hash::Hash, V: Clone> ByVersion<K, V> {
    /// The value of `key` made from snapshot `version`, if there is one.
    pub(crate) fn get(&self, key: &K, version: u64) -> Option<V> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, value)| value.clone())
    }

    pub(crate) fn put(&self, key: K, version: u64, value: V) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (version, value));
    }
}

/// A generated file and its media type (`Bytes` is shared: serving a cached file copies
/// nothing).
pub(crate) type Download = (axum::body::Bytes, &'static str);

impl AppState {
    /// The state over an opened store (its record loaded once here).
    pub fn new(store: Store, options: Options) -> anyhow::Result<AppState> {
        AppState::with_pool(vec![store], options)
    }

    /// The state over several connections to one record, used by as many requests at once
    /// (SQLite in WAL mode reads beside a writer; PostgreSQL runs them in parallel).
    pub fn with_pool(stores: Vec<Store>, options: Options) -> anyhow::Result<AppState> {
        let data = stores
            .first()
            .ok_or_else(|| {
                anyhow::anyhow!("the server needs at least one connection to the record")
            })?
            .load()?;
        Ok(AppState(Arc::new(Inner {
            pool: Mutex::new(stores),
            returned: Condvar::new(),
            writing: Mutex::new(()),
            snapshot: RwLock::new(Arc::new(Snapshot { version: 1, data })),
            limiter: auth::LoginLimiter::default(),
            options,
            pages: ByVersion::default(),
            downloads: ByVersion::default(),
            builds: auth::BuildLimiter::default(),
        })))
    }

    /// The current snapshot of the record.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.0
            .snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Runs `f` with a connection from the pool, on a blocking thread (database calls block).
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, AppError> + Send + 'static,
    {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let mut lease = inner.take();
            f(lease.store()?)
        })
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
    }

    /// Writes through the store, then reloads the snapshot, on one blocking thread and under
    /// the write lock: no two writes interleave, and readers see the record before or after
    /// a change (each change is one transaction), never half of it.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &Dataset) -> Result<T, AppError> + Send + 'static,
    {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let _writing = inner.writing.lock().unwrap_or_else(|e| e.into_inner());
            let mut lease = inner.take();
            inner.write_with(lease.store()?, f)
        })
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.0
    }
}

/// A connection taken from the pool.
struct Lease<'a> {
    inner: &'a Inner,
    store: Option<Store>,
}

impl Lease<'_> {
    /// The store, which a lease holds from `take` until it is dropped.
    fn store(&mut self) -> Result<&mut Store, AppError> {
        self.store
            .as_mut()
            .ok_or_else(|| AppError::internal("a lease without its connection"))
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.inner
                .pool
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(store);
            self.inner.returned.notify_one();
        }
    }
}

impl Inner {
    /// A connection from the pool, waiting for one to be given back if all are in use. It
    /// goes back when the lease is dropped, whatever happened meanwhile.
    fn take(&self) -> Lease<'_> {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(store) = pool.pop() {
                return Lease {
                    inner: self,
                    store: Some(store),
                };
            }
            pool = self.returned.wait(pool).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Applies `f` and reloads the snapshot from the same connection.
    fn write_with<T>(
        &self,
        store: &mut Store,
        f: impl FnOnce(&mut Store, &Dataset) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let current = self
            .snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let out = f(store, &current.data)?;
        let data = store.load().map_err(AppError::store)?;
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Snapshot {
            version: current.version + 1,
            data,
        });
        Ok(out)
    }
}

/// An error as the client sees it: a status and a stable message. Internal details go to the
/// server's log (standard error), never to the client.
#[derive(Debug)]
pub enum AppError {
    /// 400, with a message for the user (what was expected, what was found).
    BadRequest(String),
    /// 401: not logged in.
    Unauthorized,
    /// 403: logged in, but the role does not allow it (or the CSRF token is wrong).
    Forbidden(&'static str),
    NotFound,
    /// 429, with what to wait for.
    TooManyRequests(&'static str),
    /// 500: logged, shown as a generic message.
    Internal(String),
}

impl AppError {
    pub fn internal(detail: impl Into<String>) -> AppError {
        AppError::Internal(detail.into())
    }

    /// A store error: the user's when the data was invalid, else internal.
    pub fn store(e: bilat_store::StoreError) -> AppError {
        match e {
            bilat_store::StoreError::Invalid(problems) => AppError::BadRequest(problems.join("; ")),
            other => AppError::internal(other.to_string()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "Log in first.".to_string()),
            AppError::Forbidden(why) => (StatusCode::FORBIDDEN, why.to_string()),
            AppError::NotFound => (StatusCode::NOT_FOUND, "Not found.".to_string()),
            AppError::TooManyRequests(why) => (StatusCode::TOO_MANY_REQUESTS, why.to_string()),
            AppError::Internal(detail) => {
                eprintln!("bilat serve: internal error: {detail}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on the server; it has been logged.".to_string(),
                )
            }
        };
        let mut response = (status, pages::error_page(status, &message)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Cookie realm=\"bilat\""),
            );
        }
        response
    }
}

/// The security headers every response carries: a CSP without inline script (styles inline
/// are allowed for the charts' SVG), no framing, no MIME sniffing, no referrer to other sites.
pub async fn security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
