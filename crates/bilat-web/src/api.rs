//! The JSON API: the same data as the pages, for scripts and other tools. Sessions are the
//! same cookies; a state-changing call carries the session's CSRF token in `X-CSRF-Token`.
//! `/api/openapi.json` describes every route of [`crate::routes::ROUTES`] under `/api/`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use bilat_model::{Record, RecordId};
use bilat_store::AccountStore;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Session;
use crate::pages::{self, CommitmentQuery, StatusUpdate, TimelineQuery};
use crate::routes::{Access, ROUTES};
use crate::{AppError, AppState};

/// The OpenAPI 3.1 description of the API, built from the route table.
pub fn openapi_document() -> Value {
    let mut paths = serde_json::Map::new();
    for r in ROUTES.iter().filter(|r| r.path.starts_with("/api/")) {
        let mut params: Vec<Value> = r
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        if r.method == "POST" {
            params.push(json!({"name": "X-CSRF-Token", "in": "header", "required": true, "schema": {"type": "string"}}));
        }
        let mut op = json!({
            "summary": r.summary,
            "parameters": params,
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {}}},
                "400": {"description": "Bad input: the message says what was expected and what was found"},
                "401": {"description": "Not logged in"},
                "403": {"description": "The role (or its dyad) does not allow it, or the CSRF token is wrong"},
                "404": {"description": "No such record or pair"}
            }
        });
        match r.access {
            Access::Public => {
                op["security"] = json!([]);
            }
            Access::Role(role) => {
                op["x-bilat-role"] = json!(role);
            }
        }
        if r.method == "POST" {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StatusUpdate"}}}});
        }
        let entry = paths.entry(r.path.to_string()).or_insert_with(|| json!({}));
        entry[r.method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "bilat observatory API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The record of a relationship between two states: events, agreements, commitments, with their sources. Log in through /login; the session cookie authenticates the API."
        },
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE}},
            "schemas": {"StatusUpdate": {
                "type": "object",
                "description": "A claim to add with its evidence: a status from a day, or any fact as in the record's JSON Lines.",
                "anyOf": [{"required": ["status", "date"]}, {"required": ["fact"]}],
                "properties": {
                    "status": {"type": "string"}, "date": {"type": "string", "example": "2026-11-28"},
                    "fact": {"type": "string", "description": "a fact as JSON, e.g. {\"fact\":\"place\",\"place\":\"Doha\"}; status and date are then not read"},
                    "source": {"type": "string", "description": "id of a source in the record"},
                    "new_title": {"type": "string"}, "new_publisher": {"type": "string"},
                    "new_url": {"type": "string"}, "new_date": {"type": "string"}, "note": {"type": "string"}
                }
            }}
        },
        "security": [{"session": []}],
        "paths": paths
    })
}

pub async fn openapi() -> Response {
    Json(openapi_document()).into_response()
}

pub async fn dyads(State(state): State<AppState>, session: Session) -> Response {
    let snapshot = state.snapshot();
    let rows: Vec<Value> = pages::dyads(&snapshot.data, &session)
        .into_iter()
        .map(|d| json!({"dyad": d.code, "countries": d.names, "events": d.events, "agreements": d.agreements, "commitments": d.commitments}))
        .collect();
    Json(json!({"dyads": rows})).into_response()
}

pub async fn events(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<TimelineQuery>,
) -> Result<Response, AppError> {
    let dyad = pages::dyad_of(&code, &session)?;
    let snapshot = state.snapshot();
    let rows: Vec<Value> = pages::events(&snapshot.data, &dyad, &q)?
        .into_iter()
        .map(|e| json!({"id": e.id, "date": e.date, "title": e.title, "event_type": e.event_type, "domains": e.domains, "sources": e.sources}))
        .collect();
    Ok(Json(json!({"dyad": code, "count": rows.len(), "events": rows})).into_response())
}

#[derive(Deserialize, Default)]
pub struct AsOf {
    #[serde(default)]
    as_of: String,
    #[serde(flatten)]
    filter: CommitmentQuery,
}

pub async fn commitments(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<AsOf>,
) -> Result<Response, AppError> {
    let dyad = pages::dyad_of(&code, &session)?;
    let as_of = if q.as_of.is_empty() {
        pages::today()
    } else {
        bilat_model::FuzzyDate::parse(&q.as_of)
            .map_err(|_| {
                AppError::BadRequest(format!(
                    "as_of: expected a day such as 2026-11-28, found `{}`",
                    q.as_of
                ))
            })?
            .first_day()
    };
    let snapshot = state.snapshot();
    let rows: Vec<Value> = pages::commitment_rows(&snapshot.data, &dyad, as_of, &q.filter)?
        .into_iter()
        .map(|c| json!({"id": c.id, "title": c.title, "origin": c.origin, "owners": c.owners, "deadline": c.deadline, "lifecycle": c.lifecycle, "confidence": c.confidence, "rule": c.rule}))
        .collect();
    Ok(
        Json(json!({"dyad": code, "as_of": as_of.to_string(), "commitments": rows}))
            .into_response(),
    )
}

fn visible_record(state: &AppState, session: &Session, id: &str) -> Result<Record, AppError> {
    state
        .snapshot()
        .data
        .get(&RecordId::new(id))
        .filter(|r| pages::visible(r, session))
        .cloned()
        .ok_or(AppError::NotFound)
}

pub async fn record(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let record = visible_record(&state, &session, &id)?;
    Ok(Json(record).into_response())
}

pub async fn audit(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    visible_record(&state, &session, &id)?;
    let rows = state
        .with_store(move |s| s.audit(Some(&id), 500).map_err(AppError::store))
        .await?;
    Ok(Json(json!({"audit": rows})).into_response())
}

pub async fn record_status(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(update): Json<StatusUpdate>,
) -> Result<Response, AppError> {
    session.check_csrf(headers.get("x-csrf-token").and_then(|v| v.to_str().ok()))?;
    pages::apply_status(&state, &session, &id, update).await?;
    let record = visible_record(&state, &session, &id)?;
    Ok(Json(record).into_response())
}

pub async fn search(
    State(state): State<AppState>,
    _session: Session,
    Query(form): Query<pages::SearchForm>,
) -> Result<Response, AppError> {
    let found = pages::run_search(&state, form.query()).await?;
    Ok(Json(json!({"query": form.q, "count": found.len(), "results": found})).into_response())
}
