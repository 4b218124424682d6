//! Every route with the role it needs, in one table; the router is built from it and a
//! middleware enforces it before any handler runs. A route missing from the table is refused
//! (fail closed); a test checks that table and router agree and tries each route as each role.

use axum::Router;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::auth::{MaybeSession, Session};
use crate::{AppError, AppState, api, dashboards, intake, pages};

/// Who may use a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not (the login page, the style sheet, the API's description).
    Public,
    /// A logged-in user with at least this role.
    Role(&'static str),
}

#[derive(Clone, Copy, Debug)]
pub struct RouteInfo {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
    /// What it is for, for the API description and the docs.
    pub summary: &'static str,
}

const fn route(
    method: &'static str,
    path: &'static str,
    access: Access,
    summary: &'static str,
) -> RouteInfo {
    RouteInfo {
        method,
        path,
        access,
        summary,
    }
}

use Access::{Public, Role};

pub const ROUTES: &[RouteInfo] = &[
    route(
        "GET",
        "/health",
        Public,
        "Liveness: 200 when the server answers.",
    ),
    route("GET", "/static/bilat.css", Public, "The style sheet."),
    route(
        "GET",
        "/favicon.ico",
        Public,
        "No icon (204), so browsers stop asking.",
    ),
    route("GET", "/login", Public, "The login form."),
    route(
        "POST",
        "/login",
        Public,
        "Log in (name, password, CSRF token).",
    ),
    route("POST", "/logout", Role("viewer"), "Log out."),
    route(
        "GET",
        "/",
        Role("viewer"),
        "The pairs of countries in the record.",
    ),
    route(
        "GET",
        "/dyad/{dyad}",
        Role("viewer"),
        "A pair's overview: the brief's sections, live.",
    ),
    route(
        "GET",
        "/dyad/{dyad}/timeline",
        Role("viewer"),
        "A pair's events, filtered by domain, type and years.",
    ),
    route(
        "GET",
        "/dyad/{dyad}/commitments",
        Role("viewer"),
        "A pair's commitments board, filtered by state, owner and deadline.",
    ),
    route(
        "GET",
        "/dyad/{dyad}/targets",
        Role("viewer"),
        "A pair's targets: baseline, latest, growth observed and needed, state.",
    ),
    route(
        "GET",
        "/dyad/{dyad}/projects",
        Role("viewer"),
        "A pair's projects pipeline: amounts by sector and status, what totals leave out.",
    ),
    route(
        "GET",
        "/dyad/{dyad}/trade",
        Role("viewer"),
        "A pair's trade from the record's sourced aggregates, against the targets.",
    ),
    route(
        "GET",
        "/dyad/{dyad}/routes",
        Role("viewer"),
        "Transport routes between the pair with the schematic map (query: cargo, scenario).",
    ),
    route(
        "GET",
        "/dyad/{dyad}/brief/{file}",
        Role("viewer"),
        "The brief to download: brief-<lang>.<md|html|pdf|json>.",
    ),
    route(
        "GET",
        "/search",
        Role("viewer"),
        "Full-text search over ingested documents, with keywords in context.",
    ),
    route(
        "GET",
        "/record/{id}",
        Role("viewer"),
        "One record: its claims, their sources, its audit log.",
    ),
    route(
        "POST",
        "/record/{id}/status",
        Role("analyst"),
        "Add a claim with evidence: a new status (of a commitment, project or agreement), or any fact as JSON (`fact`).",
    ),
    route(
        "GET",
        "/review",
        Role("analyst"),
        "The review queue of the reader's candidates (query: status, source).",
    ),
    route(
        "POST",
        "/review/{cid}",
        Role("analyst"),
        "Decide on a candidate: accept, reject, merge or edit (form).",
    ),
    route(
        "GET",
        "/upload",
        Role("analyst"),
        "The form to upload a document for ingestion.",
    ),
    route(
        "POST",
        "/upload",
        Role("analyst"),
        "Upload a document (multipart; .txt, .md, .html, .docx, .pdf; at most 8 MB): stored, coded, queued for review.",
    ),
    route(
        "GET",
        "/admin/users",
        Role("admin"),
        "The users and their roles.",
    ),
    route("POST", "/admin/users", Role("admin"), "Add a user."),
    route(
        "POST",
        "/admin/users/{name}/role",
        Role("admin"),
        "Change a user's role and dyad.",
    ),
    route(
        "GET",
        "/api/openapi.json",
        Public,
        "This API's OpenAPI 3.1 description.",
    ),
    route(
        "GET",
        "/api/dyads",
        Role("viewer"),
        "The pairs in the record, with counts.",
    ),
    route(
        "GET",
        "/api/dyads/{dyad}/events",
        Role("viewer"),
        "A pair's events (query: domain, type, from, to).",
    ),
    route(
        "GET",
        "/api/dyads/{dyad}/commitments",
        Role("viewer"),
        "A pair's commitments as assessed today (query: as_of).",
    ),
    route(
        "GET",
        "/api/search",
        Role("viewer"),
        "Search ingested documents (query: q, lang, domain, from, to).",
    ),
    route(
        "GET",
        "/api/records/{id}",
        Role("viewer"),
        "One record with its claims and evidence.",
    ),
    route(
        "GET",
        "/api/records/{id}/audit",
        Role("viewer"),
        "A record's audit log, newest first.",
    ),
    route(
        "GET",
        "/api/review",
        Role("analyst"),
        "The review queue (query: status, source).",
    ),
    route(
        "POST",
        "/api/records/{id}/status",
        Role("analyst"),
        "Add a claim with evidence: status and date, or `fact` (JSON body; X-CSRF-Token header).",
    ),
];

/// The router over `state`: every route of [`ROUTES`], the access check, security headers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/static/bilat.css", get(pages::css))
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/", get(pages::home))
        .route("/dyad/{dyad}", get(pages::overview))
        .route("/dyad/{dyad}/timeline", get(pages::timeline))
        .route("/dyad/{dyad}/commitments", get(pages::commitments))
        .route("/dyad/{dyad}/targets", get(dashboards::targets))
        .route("/dyad/{dyad}/projects", get(dashboards::projects))
        .route("/dyad/{dyad}/trade", get(dashboards::trade))
        .route("/dyad/{dyad}/routes", get(dashboards::routes))
        .route("/dyad/{dyad}/brief/{file}", get(pages::brief_file))
        .route("/search", get(pages::search))
        .route("/record/{id}", get(pages::record))
        .route("/record/{id}/status", post(pages::record_status))
        .route("/review", get(intake::review_page))
        .route("/review/{cid}", post(intake::decide))
        .route(
            "/upload",
            get(intake::upload_form).post(intake::upload).layer(
                axum::extract::DefaultBodyLimit::max(intake::MAX_UPLOAD + 64 * 1024),
            ),
        )
        .route("/admin/users", get(pages::users).post(pages::add_user))
        .route("/admin/users/{name}/role", post(pages::set_role))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/dyads", get(api::dyads))
        .route("/api/dyads/{dyad}/events", get(api::events))
        .route("/api/dyads/{dyad}/commitments", get(api::commitments))
        .route("/api/search", get(api::search))
        .route("/api/review", get(intake::review_api))
        .route("/api/records/{id}", get(api::record))
        .route("/api/records/{id}/audit", get(api::audit))
        .route("/api/records/{id}/status", post(api::record_status))
        .layer(axum::middleware::from_fn_with_state(state.clone(), access))
        .layer(axum::middleware::from_fn(crate::security_headers))
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .with_state(state)
}

/// The route's entry in [`ROUTES`].
pub fn lookup(method: &Method, path: &str) -> Option<&'static RouteInfo> {
    ROUTES
        .iter()
        .find(|r| r.path == path && r.method == method.as_str())
}

/// Enforces [`ROUTES`]: anonymous users of a page that needs a role are sent to the login
/// page (the API answers 401), users whose role is too low get 403. The session found is
/// handed to the handler.
async fn access(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let Some(info) = matched
        .as_ref()
        .and_then(|m| lookup(request.method(), m.as_str()))
    else {
        // No route matched (404 from the router) or a route left out of the table: refuse.
        return if matched.is_none() {
            next.run(request).await
        } else {
            AppError::Forbidden("This route is not open to anyone.").into_response()
        };
    };
    let Access::Role(role) = info.access else {
        // Public routes need no session, so none is looked up.
        return next.run(request).await;
    };
    let (mut parts, body) = request.into_parts();
    let session = match MaybeSession::from_request_parts(&mut parts, &state).await {
        Ok(MaybeSession(session)) => session,
        Err(e) => return e.into_response(),
    };
    let Some(s) = session else {
        return if info.path.starts_with("/api/") || parts.method != Method::GET {
            AppError::Unauthorized.into_response()
        } else {
            Redirect::to("/login").into_response()
        };
    };
    // A role limited to one dyad: the path's pair, or the pair of the path's record, must be
    // that one; checked here, before any handler reads the request's body.
    if let Err(e) = s
        .require(role)
        .and_then(|()| dyad_access(&state, &s, info.path, parts.uri.path()))
    {
        return e.into_response();
    }
    parts.extensions.insert::<Session>(s);
    next.run(Request::from_parts(parts, body)).await
}

/// Refuses a path whose `{dyad}` the session may not use (403), or whose `{id}` names a
/// record it may not see (404, as if it did not exist).
fn dyad_access(state: &AppState, s: &Session, template: &str, path: &str) -> Result<(), AppError> {
    if s.user.dyad.is_none() {
        return Ok(());
    }
    for (name, raw) in template.split('/').zip(path.split('/')) {
        let value = percent_decode(raw);
        let value = value.as_str();
        match name {
            "{dyad}" => s.require_dyad(value)?,
            "{id}" => {
                let snapshot = state.snapshot();
                let id = bilat_model::RecordId::new(value);
                if snapshot
                    .data
                    .get(&id)
                    .is_some_and(|r| !pages::visible(r, s))
                {
                    return Err(AppError::NotFound);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `%XX` escapes of a path segment decoded (invalid ones kept as written).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), bytes.get(i + 2).and_then(|b| hex(*b)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_segments_are_decoded() {
        assert_eq!(
            super::percent_decode("cm%3Ajic-logistics"),
            "cm:jic-logistics"
        );
        assert_eq!(super::percent_decode("KZ-QA"), "KZ-QA");
        assert_eq!(super::percent_decode("bad%2"), "bad%2");
    }
}
