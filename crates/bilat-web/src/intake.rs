//! What comes into the record from documents: the upload page (a document from the analyst's
//! machine, coded and stored like `bilat ingest` does) and the review queue of the reader's
//! candidates (accept, reject, merge, edit, as `bilat review` does; [`crate::review`] holds
//! the steps both use). Analysts only; an analyst limited to one pair sees and decides only
//! candidates of that pair's countries.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use bilat_model::ontology::SourceKind;
use bilat_reader::codebook::{Codebook, Gazetteer};
use bilat_reader::coder::{Candidate, Reader};
use bilat_reader::extract::{self, Format};
use bilat_store::DocumentStore;
use bilat_store::documents::CandidateRow;
use serde::Deserialize;

use crate::auth::Session;
use crate::ingest::{About, Outcome};
use crate::pages::{UserView, render, user_view};
use crate::review::{self, Item};
use crate::{AppError, AppState};

/// The largest upload, in bytes (a long PDF report fits; the route's body limit is a little
/// more, for the form's other fields).
pub const MAX_UPLOAD: usize = 8 * 1024 * 1024;

/// Whether a user may see a candidate: every country it names is one of the user's pair.
fn may_see(session: &Session, row: &CandidateRow) -> bool {
    match &session.user.dyad {
        None => true,
        Some(dyad) => row
            .countries
            .split('-')
            .filter(|c| !c.is_empty())
            .all(|c| dyad.split('-').any(|d| d == c)),
    }
}

/// A refusal is the user's (400, with its message); anything else is the server's.
fn review_error(e: anyhow::Error) -> AppError {
    if review::is_refusal(&e) {
        AppError::BadRequest(format!("{e:#}"))
    } else {
        AppError::internal(format!("{e:#}"))
    }
}

pub struct CandidateView {
    pub id: i64,
    pub status: String,
    pub kind: String,
    pub modality: String,
    pub date: String,
    pub actor: String,
    pub recipient: String,
    pub amount: String,
    pub source_id: String,
    pub source: String,
    pub suggestion: String,
    pub sentence: String,
    pub record: Option<String>,
    pub note: Option<String>,
    pub figure: bool,
}

fn view(l: review::Listed) -> CandidateView {
    let common = |kind: String, sentence: &str| CandidateView {
        id: l.row.id,
        status: l.row.status.clone(),
        kind,
        modality: String::new(),
        date: String::new(),
        actor: String::new(),
        recipient: String::new(),
        amount: String::new(),
        source_id: l.row.source_id.clone(),
        source: l.source.clone(),
        suggestion: l.suggestion.clone(),
        sentence: sentence.to_string(),
        record: l.row.record_id.clone(),
        note: l.row.note.clone(),
        figure: false,
    };
    match &l.item {
        Item::Event(c) => {
            let c: &Candidate = c;
            CandidateView {
                modality: c.modality.as_str().to_string(),
                date: c
                    .date
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
                actor: review::parties(&c.actor, ", "),
                recipient: review::parties(&c.recipient, ", "),
                amount: c
                    .amount
                    .as_ref()
                    .map(|a| a.money.to_string())
                    .unwrap_or_default(),
                ..common(c.event_type.to_string(), &c.text_info.sentence)
            }
        }
        Item::Figure(o) => CandidateView {
            date: o.period.map(|p| p.to_string()).unwrap_or_default(),
            actor: o.countries.join(", "),
            amount: o.value.to_string(),
            figure: true,
            ..common(format!("figure: {}", o.indicator), &o.text_info.sentence)
        },
    }
}

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    source: String,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    lang: &'static str,
    user: Option<UserView>,
    csrf: String,
    status: String,
    source: String,
    statuses: Vec<&'static str>,
    candidates: Vec<CandidateView>,
    /// The pair accepted candidates fall back on (the user's own when limited).
    dyad: String,
    types: Vec<&'static str>,
}

async fn queue(
    state: &AppState,
    session: &Session,
    q: &QueueQuery,
) -> Result<Vec<review::Listed>, AppError> {
    let status = match q.status.as_str() {
        "" => Some("pending".to_string()),
        "all" => None,
        s => Some(s.to_string()),
    };
    let source = Some(q.source.clone()).filter(|s| !s.is_empty());
    let snapshot = state.snapshot();
    let listed = state
        .with_store(move |s| {
            review::listing(s, &snapshot.data, status.as_deref(), source.as_deref())
                .map_err(review_error)
        })
        .await?;
    Ok(listed
        .into_iter()
        .filter(|l| may_see(session, &l.row))
        .collect())
}

/// The review queue.
pub async fn review_page(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let listed = queue(&state, &session, &q).await?;
    render(&ReviewPage {
        lang: "en",
        user: user_view(&session),
        csrf: session.csrf.clone(),
        status: if q.status.is_empty() {
            "pending".into()
        } else {
            q.status.clone()
        },
        source: q.source.clone(),
        statuses: vec!["pending", "accepted", "rejected", "merged", "all"],
        candidates: listed.into_iter().map(view).collect(),
        dyad: session.user.dyad.clone().unwrap_or_else(|| "KZ-QA".into()),
        types: bilat_model::ontology::EventType::ALL
            .iter()
            .map(|t| t.as_str())
            .collect(),
    })
}

/// The queue as JSON.
pub async fn review_api(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let listed = queue(&state, &session, &q).await?;
    let rows: Vec<serde_json::Value> = listed
        .iter()
        .map(|l| {
            let candidate = match &l.item {
                Item::Event(c) => serde_json::to_value(c),
                Item::Figure(o) => serde_json::to_value(o),
            }
            .unwrap_or(serde_json::Value::Null);
            serde_json::json!({
                "id": l.row.id, "status": l.row.status, "source": l.row.source_id,
                "record": l.row.record_id, "note": l.row.note, "suggestion": l.suggestion,
                "figure": matches!(l.item, Item::Figure(_)), "candidate": candidate,
            })
        })
        .collect();
    Ok(axum::Json(serde_json::json!({ "count": rows.len(), "candidates": rows })).into_response())
}

/// One decision on a candidate, from the review page's forms.
#[derive(Deserialize)]
pub struct Decision {
    csrf: String,
    /// accept, reject, merge or edit.
    action: String,
    #[serde(default)]
    dyad: String,
    #[serde(default)]
    new: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    into: String,
    #[serde(default)]
    event_type: String,
    #[serde(default)]
    modality: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    recipient: String,
    #[serde(default)]
    amount: String,
}

pub async fn decide(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    Form(form): Form<Decision>,
) -> Result<Response, AppError> {
    session.check_csrf(Some(&form.csrf))?;
    let fallback = match &session.user.dyad {
        // A limited analyst's candidates fall into their own pair, whatever the form says.
        Some(own) => own.clone(),
        None if form.dyad.trim().is_empty() => "KZ-QA".into(),
        None => form.dyad.trim().to_string(),
    };
    let fallback = review::dyad("dyad", &fallback).map_err(review_error)?;
    let scope = session.clone();
    let change = session.change(format!("review {} of candidate #{id}", form.action));
    let action = form.action.clone();
    let decided = state
        .write(move |s, _| {
            match s.candidate(id).map_err(AppError::store)? {
                Some(row) if may_see(&scope, &row) => {}
                _ => return Err(AppError::NotFound),
            }
            let opt = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
            match action.as_str() {
                "accept" => {
                    review::accept(s, id, &fallback, form.new.is_some(), &change).map(|_| ())
                }
                "reject" => review::reject(s, id, opt(&form.note).as_deref(), &change).map(|_| ()),
                "merge" => review::merge(s, id, opt(&form.into).as_deref(), &change).map(|_| ()),
                "edit" => review::edit(
                    s,
                    id,
                    &review::Edit {
                        event_type: opt(&form.event_type),
                        modality: opt(&form.modality),
                        date: opt(&form.date),
                        actor: opt(&form.actor),
                        recipient: opt(&form.recipient),
                        amount: opt(&form.amount),
                    },
                ),
                other => {
                    return Err(AppError::BadRequest(format!(
                        "action: expected accept, reject, merge or edit, found `{other}`"
                    )));
                }
            }
            .map_err(review_error)
        })
        .await;
    decided?;
    Ok(Redirect::to(&format!("/review#c{id}")).into_response())
}

#[derive(Template)]
#[template(path = "upload.html")]
struct UploadPage {
    lang: &'static str,
    user: Option<UserView>,
    csrf: String,
    max_mb: usize,
}

pub async fn upload_form(session: Session) -> Result<Response, AppError> {
    render(&UploadPage {
        lang: "en",
        user: user_view(&session),
        csrf: session.csrf.clone(),
        max_mb: MAX_UPLOAD / (1024 * 1024),
    })
}

/// A file name as the user's machine gave it, reduced to something safe to show: the last
/// path component, without control characters, at most 120 characters. It is never used as
/// a path.
pub fn display_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    if clean.trim().is_empty() {
        "upload".into()
    } else {
        clean
    }
}

/// The format of an upload: by its name's extension, and only if the bytes agree (a PDF
/// starts `%PDF-`, a DOCX is a ZIP archive, text has no NUL bytes).
pub fn sniff(name: &str, bytes: &[u8]) -> Result<Format, String> {
    let format = Format::of_path(std::path::Path::new(name))
        .ok_or_else(|| format!("{name}: expected a .txt, .md, .html, .docx or .pdf file"))?;
    let agrees = match format {
        Format::Pdf => bytes.starts_with(b"%PDF-"),
        Format::Docx => bytes.starts_with(b"PK\x03\x04"),
        Format::Text | Format::Markdown | Format::Html => !bytes.contains(&0),
    };
    if agrees {
        Ok(format)
    } else {
        Err(format!(
            "{name}: the file's content is not {} (the name says so, the bytes do not)",
            format.as_str()
        ))
    }
}

/// An upload: one document with what the user says about it.
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!(
            "upload: expected a form with one file of at most {} MB, found an unreadable or too large body ({})",
            MAX_UPLOAD / (1024 * 1024),
            e.body_text()
        ))
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut fields = std::collections::HashMap::new();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let given = display_name(field.file_name().unwrap_or_default());
            let bytes = field.bytes().await.map_err(bad)?;
            if bytes.len() > MAX_UPLOAD {
                return Err(AppError::BadRequest(format!(
                    "{given}: {} bytes; expected at most {MAX_UPLOAD}",
                    bytes.len()
                )));
            }
            file = Some((given, bytes.to_vec()));
        } else if ["csrf", "lang", "published", "kind", "publisher", "url"].contains(&name.as_str())
        {
            let text = field.text().await.map_err(bad)?;
            fields.insert(name, text.chars().take(500).collect::<String>());
        }
    }
    session.check_csrf(fields.get("csrf").map(String::as_str))?;
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(AppError::BadRequest(
            "file: expected a document to upload, found none".into(),
        ));
    };
    let format = sniff(&name, &bytes).map_err(AppError::BadRequest)?;
    let field = |k: &str| {
        fields
            .get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let lang = match field("lang") {
        None => None,
        Some(l) => Some(bilat_reader::lang::Lang::parse(&l).ok_or_else(|| {
            AppError::BadRequest(format!("lang: expected en, ru, kk or ar, found `{l}`"))
        })?),
    };
    let kind = match field("kind") {
        None => SourceKind::News,
        Some(k) => SourceKind::parse(&k).ok_or_else(|| {
            AppError::BadRequest(format!(
                "kind: expected official, legal, news, academic or reference, found `{k}`"
            ))
        })?,
    };
    let published_field = field("published");
    let (publisher, url) = (field("publisher"), field("url"));
    let who = session.change(format!("upload of {name}"));
    let outcome = state
        .write(move |s, data| {
            let extracted = extract::extract(&bytes, format, None)
                .map_err(|e| AppError::BadRequest(format!("{name}: {e}")))?;
            let published = crate::ingest::publication(published_field.as_deref(), &extracted)
                .map_err(|e| AppError::BadRequest(format!("published: {e}")))?;
            let reader = Reader::new(Codebook::bundled(), Gazetteer::bundled(), data)
                .map_err(|e| AppError::internal(e.to_string()))?;
            let about = About {
                name: name.clone(),
                url,
                publisher,
                kind: Some(kind),
                published,
                lang,
            };
            crate::ingest::store_document(s, data, &reader, &extracted, format, &about, &who)
                .map_err(review_error)
        })
        .await?;
    let source = match outcome {
        Outcome::Stored { source, .. } | Outcome::Known { source } => source,
    };
    Ok(Redirect::to(&format!("/review?status=all&source={}", encode(&source))).into_response())
}

/// A query-string value, percent-encoded.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
