//! The server-rendered pages. Templates are in `templates/` (askama: checked when compiled,
//! every value escaped unless marked `safe`, which only the brief's own HTML is).

use std::collections::BTreeSet;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use bilat_brief::{Brief, Lang};
use bilat_model::{Dataset, Dyad, Fact, Record, RecordId};
use bilat_store::AccountStore;
use serde::Deserialize;

use crate::auth::{self, Session};
use crate::{AppError, AppState};

/// The logged-in user as the layout shows it.
pub struct UserView {
    pub name: String,
    pub role: String,
    pub dyad: Option<String>,
    pub csrf: String,
}

pub(crate) fn user_view(s: &Session) -> Option<UserView> {
    Some(UserView {
        name: s.user.name.clone(),
        role: s.user.role.clone(),
        dyad: s.user.dyad.clone(),
        csrf: s.csrf.clone(),
    })
}

pub(crate) fn render(t: &impl Template) -> Result<Response, AppError> {
    let html = t.render().map_err(|e| AppError::internal(e.to_string()))?;
    Ok(Html(html).into_response())
}

/// A `Set-Cookie` header value (the text is bilat's own, so it always parses).
fn cookie_header(cookie: &str) -> Result<axum::http::HeaderValue, AppError> {
    cookie.parse().map_err(|_| AppError::internal("cookie"))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    lang: &'static str,
    user: Option<UserView>,
    status: String,
    message: &'a str,
}

/// The page of an error (the message is the stable one of [`AppError`]).
pub fn error_page(status: StatusCode, message: &str) -> Html<String> {
    let page = ErrorPage {
        lang: "en",
        user: None,
        status: status.to_string(),
        message,
    };
    Html(page.render().unwrap_or_else(|_| message.to_string()))
}

const STYLE: &str = "header.bar{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;padding:.5rem 1.5rem;background:#0b3d91;color:#fff}header.bar a{color:#fff}header.bar .brand{font-weight:bold;margin-right:1rem}header.bar .who{margin-left:auto}form.inline{display:inline}form.stack{display:grid;gap:.5rem;max-width:32rem}form.filters{display:flex;gap:1rem;flex-wrap:wrap;align-items:end;margin:1rem 0}.error{color:#a00;font-weight:bold}.muted{color:#555}.tools{font-size:.9rem}.state-off_track{font-weight:bold}.state-at_risk{font-style:italic}fieldset{border:1px solid #bbb}";

/// The style sheet: the brief's, then the observatory's own.
pub async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        format!("{}{STYLE}", bilat_brief::CSS),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    lang: &'static str,
    user: Option<UserView>,
    csrf: String,
    error: Option<String>,
}

/// The login form, with a pre-session CSRF token bound to a cookie.
pub async fn login_form(State(state): State<AppState>) -> Result<Response, AppError> {
    login_page(&state, None, StatusCode::OK)
}

fn login_page(
    state: &AppState,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let csrf = auth::random_token()?;
    let cookie = auth::set_cookie(
        auth::LOGIN_CSRF_COOKIE,
        &csrf,
        3600,
        state.inner().options.secure_cookies,
    );
    let page = LoginPage {
        lang: "en",
        user: None,
        csrf,
        error,
    };
    let mut response = render(&page)?;
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie_header(&cookie)?);
    Ok(response)
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    csrf: String,
}

pub async fn login(
    State(state): State<AppState>,
    auth::PeerAddr(peer): auth::PeerAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let expected = auth::cookie(&headers, auth::LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !auth::same_token(&expected, &form.csrf) {
        return Err(AppError::Forbidden(
            "The form's security token is missing or stale; reload the page and try again.",
        ));
    }
    if form.name.chars().count() > 64 || form.password.chars().count() > 128 {
        return Err(AppError::BadRequest(
            "a name has at most 64 characters and a password at most 128".into(),
        ));
    }
    let user_key = format!("user:{}", form.name);
    let ip_key = format!(
        "ip:{}",
        peer.map_or("unknown".to_string(), |p| p.to_string())
    );
    let keys = [user_key.as_str(), ip_key.as_str()];
    let limiter = &state.inner().limiter;
    if limiter.blocked(&keys) {
        return Err(AppError::TooManyRequests(
            "Too many failed logins; try again in 15 minutes.",
        ));
    }
    let name = form.name.clone();
    let user = state
        .with_store(move |s| s.user(&name).map_err(AppError::store))
        .await?;
    // Verify even for an unknown name, so that timing does not tell which names exist.
    let hash = user
        .as_ref()
        .map_or("$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", |u| u.password_hash.as_str())
        .to_string();
    let password = form.password.clone();
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    match user {
        Some(user) if ok => {
            limiter.succeed(&keys);
            let cookie = auth::open_session(&state, &user).await?;
            let mut response = Redirect::to("/").into_response();
            let h = response.headers_mut();
            h.append(header::SET_COOKIE, cookie_header(&cookie)?);
            h.append(
                header::SET_COOKIE,
                cookie_header(&auth::set_cookie(
                    auth::LOGIN_CSRF_COOKIE,
                    "",
                    0,
                    state.inner().options.secure_cookies,
                ))?,
            );
            Ok(response)
        }
        _ => {
            limiter.fail(&keys);
            login_page(
                &state,
                Some("That name and password do not match an account.".into()),
                StatusCode::UNAUTHORIZED,
            )
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    session.check_csrf(Some(&form.csrf))?;
    let hash = session.token_hash.clone();
    state
        .with_store(move |s| s.end_session(&hash).map_err(AppError::store))
        .await?;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        cookie_header(&auth::set_cookie(
            auth::SESSION_COOKIE,
            "",
            0,
            state.inner().options.secure_cookies,
        ))?,
    );
    Ok(response)
}

pub struct DyadRow {
    pub code: String,
    pub names: String,
    pub events: usize,
    pub agreements: usize,
    pub commitments: usize,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    lang: &'static str,
    user: Option<UserView>,
    dyads: Vec<DyadRow>,
}

/// The dyads of the record that `session` may see.
pub fn dyads(data: &Dataset, session: &Session) -> Vec<DyadRow> {
    let all: BTreeSet<Dyad> = data
        .iter()
        .flat_map(|r| r.dyads().iter().cloned())
        .collect();
    all.into_iter()
        .filter(|d| session.may_use(&d.to_string()))
        .map(|d| {
            let (a, b) = d.countries();
            let count = |f: fn(&Record) -> bool| data.in_dyad(&d).filter(|r| f(r)).count();
            DyadRow {
                code: d.to_string(),
                names: format!(
                    "{} – {}",
                    data.name_of(&RecordId::new(a)),
                    data.name_of(&RecordId::new(b))
                ),
                events: count(|r| matches!(r, Record::Event(_))),
                agreements: count(|r| matches!(r, Record::Agreement(_))),
                commitments: count(|r| matches!(r, Record::Commitment(_))),
            }
        })
        .collect()
}

pub async fn home(State(state): State<AppState>, session: Session) -> Result<Response, AppError> {
    let snapshot = state.snapshot();
    render(&HomePage {
        lang: "en",
        dyads: dyads(&snapshot.data, &session),
        user: user_view(&session),
    })
}

/// A pair as the record writes it ("KZ-QA": two codes in order), else `None`.
fn parse_dyad(code: &str) -> Option<Dyad> {
    code.split_once('-')
        .and_then(|(a, b)| Dyad::new(a, b).ok())
        .filter(|d| d.to_string() == code)
}

/// The dyad of a path ("KZ-QA"), if the user may use it.
pub fn dyad_of(code: &str, session: &Session) -> Result<Dyad, AppError> {
    let dyad = parse_dyad(code).ok_or_else(|| {
        AppError::BadRequest(format!("expected a pair such as KZ-QA, found `{code}`"))
    })?;
    session.require_dyad(code)?;
    Ok(dyad)
}

#[derive(Deserialize, Default)]
pub struct LangQuery {
    lang: Option<String>,
}

fn lang_of(q: &LangQuery) -> Result<Lang, AppError> {
    match q.lang.as_deref() {
        None | Some("") => Ok(Lang::En),
        Some(code) => Lang::parse(code).ok_or_else(|| {
            AppError::BadRequest(format!("lang: expected en, ru or kk, found `{code}`"))
        }),
    }
}

/// The brief of `dyad` in `lang` over the snapshot, with the transport section.
fn build_brief(data: &Dataset, dyad: &Dyad, lang: Lang) -> Brief {
    let (a, b) = dyad.countries();
    let brief = Brief::build(data, dyad, None, lang);
    match bilat_brief::routes::bundled() {
        Ok((network, blockade)) => brief.with_routes(data, &network, (a, b), blockade.as_ref()),
        Err(_) => brief,
    }
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    lang: &'static str,
    user: Option<UserView>,
    dyad: String,
    body: Arc<String>,
    downloads: Vec<String>,
}

pub async fn overview(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, AppError> {
    let dyad = dyad_of(&code, &session)?;
    let lang = lang_of(&q)?;
    let snapshot = state.snapshot();
    if snapshot.data.in_dyad(&dyad).next().is_none() {
        return Err(AppError::NotFound);
    }
    let key = (code.clone(), lang.code());
    let body = match state.inner().pages.get(&key, snapshot.version) {
        Some(b) => b,
        None => {
            let snap = snapshot.clone();
            let d = dyad.clone();
            let body = tokio::task::spawn_blocking(move || {
                Arc::new(build_brief(&snap.data, &d, lang).html_body())
            })
            .await
            .map_err(|e| AppError::internal(e.to_string()))?;
            state.inner().pages.put(key, snapshot.version, body.clone());
            body
        }
    };
    render(&OverviewPage {
        lang: lang.code(),
        user: user_view(&session),
        downloads: ["md", "html", "pdf", "json"]
            .iter()
            .map(|f| format!("brief-{}.{f}", lang.code()))
            .collect(),
        dyad: code,
        body,
    })
}

/// `brief-<lang>.<md|html|pdf|json>` as a download.
pub async fn brief_file(
    State(state): State<AppState>,
    session: Session,
    Path((code, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let dyad = dyad_of(&code, &session)?;
    let parsed = file
        .strip_prefix("brief-")
        .and_then(|rest| rest.split_once('.'))
        .and_then(|(l, f)| Some((Lang::parse(l)?, f.to_string())));
    let Some((lang, format)) =
        parsed.filter(|(_, f)| ["md", "html", "pdf", "json"].contains(&f.as_str()))
    else {
        return Err(AppError::BadRequest(format!(
            "expected brief-<en|ru|kk>.<md|html|pdf|json>, found `{file}`"
        )));
    };
    let snapshot = state.snapshot();
    let key = (code.clone(), file.clone());
    let (bytes, mime) = match state.inner().downloads.get(&key, snapshot.version) {
        Some(d) => d,
        None => {
            // A new file costs up to a third of a second of a core (a PDF): bounded per user.
            let _build = state.inner().builds.start(&session.user.name)?;
            let version = snapshot.version;
            let made = tokio::task::spawn_blocking(move || -> Result<crate::Download, AppError> {
                let brief = build_brief(&snapshot.data, &dyad, lang);
                let (bytes, mime) = match format.as_str() {
                    "md" => (
                        brief.to_markdown().into_bytes(),
                        "text/markdown; charset=utf-8",
                    ),
                    "html" => (brief.to_html().into_bytes(), "text/html; charset=utf-8"),
                    "json" => (
                        serde_json::to_vec_pretty(&brief)
                            .map_err(|e| AppError::internal(e.to_string()))?,
                        "application/json",
                    ),
                    _ => (
                        brief.to_pdf().map_err(AppError::internal)?,
                        "application/pdf",
                    ),
                };
                Ok((axum::body::Bytes::from(bytes), mime))
            })
            .await
            .map_err(|e| AppError::internal(e.to_string()))??;
            state.inner().downloads.put(key, version, made.clone());
            made
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"bilat-{code}-{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub struct TimelineQuery {
    #[serde(default)]
    pub domain: String,
    #[serde(default, rename = "type")]
    pub event_type: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

pub struct EventRow {
    pub id: String,
    pub date: String,
    pub first_day: String,
    pub title: String,
    pub event_type: String,
    pub domains: String,
    pub sources: String,
}

fn year(text: &str, what: &str) -> Result<Option<i32>, AppError> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i32>()
        .ok()
        .filter(|y| (1000..=9999).contains(y))
        .map(Some)
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "{what}: expected a year such as 2017, found `{text}`"
            ))
        })
}

/// The dyad's events that pass the filters, oldest first.
pub fn events(data: &Dataset, dyad: &Dyad, q: &TimelineQuery) -> Result<Vec<EventRow>, AppError> {
    let (from, to) = (year(&q.from, "from")?, year(&q.to, "to")?);
    let mut rows: Vec<EventRow> = data
        .in_dyad(dyad)
        .filter_map(|r| match r {
            Record::Event(e) => Some((r, e)),
            _ => None,
        })
        .filter(|(_, e)| q.domain.is_empty() || e.domains.iter().any(|d| d.as_str() == q.domain))
        .filter(|(_, e)| q.event_type.is_empty() || e.event_type.as_str() == q.event_type)
        .filter_map(|(r, e)| {
            let date = bilat_brief::best_date(r)?;
            let (y0, y1) = (date.first_day().year, date.last_day().year);
            if from.is_some_and(|f| y1 < f) || to.is_some_and(|t| y0 > t) {
                return None;
            }
            let sources: BTreeSet<String> = e
                .claims
                .iter()
                .flat_map(|c| c.evidence.iter().map(|ev| data.source_short(&ev.source)))
                .collect();
            Some(EventRow {
                id: e.id.to_string(),
                date: date.to_string(),
                first_day: date.first_day().to_string(),
                title: e.title.en.clone(),
                event_type: e.event_type.label().to_string(),
                domains: e
                    .domains
                    .iter()
                    .map(|d| d.label())
                    .collect::<Vec<_>>()
                    .join(", "),
                sources: sources.into_iter().collect::<Vec<_>>().join("; "),
            })
        })
        .collect();
    rows.sort_by(|a, b| a.first_day.cmp(&b.first_day).then_with(|| a.id.cmp(&b.id)));
    Ok(rows)
}

/// The paper's five domains as a filter's options: (value, label).
fn domain_options() -> Vec<(String, String)> {
    bilat_model::Domain::ALL
        .iter()
        .map(|d| (d.as_str().to_string(), d.label().to_string()))
        .collect()
}

#[derive(Template)]
#[template(path = "timeline.html")]
struct TimelinePage {
    lang: &'static str,
    user: Option<UserView>,
    dyad: String,
    domains: Vec<(String, String)>,
    types: Vec<(String, String)>,
    filter: TimelineQuery,
    rows: Vec<EventRow>,
}

pub async fn timeline(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<TimelineQuery>,
) -> Result<Response, AppError> {
    let dyad = dyad_of(&code, &session)?;
    let snapshot = state.snapshot();
    let rows = events(&snapshot.data, &dyad, &q)?;
    render(&TimelinePage {
        lang: "en",
        user: user_view(&session),
        dyad: code,
        domains: domain_options(),
        types: bilat_model::EventType::ALL
            .iter()
            .map(|t| (t.as_str().to_string(), t.label().to_string()))
            .collect(),
        filter: q,
        rows,
    })
}

#[derive(Deserialize, Default)]
pub struct CommitmentQuery {
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub deadline: String,
}

pub struct CommitmentRow {
    pub id: String,
    pub title: String,
    pub origin: String,
    pub owners: String,
    pub deadline: String,
    pub lifecycle: String,
    pub confidence: String,
    pub rule: String,
}

/// Today, by the server's clock: the day commitments are assessed on.
pub fn today() -> bilat_model::Day {
    bilat_store::accounts::today_utc()
}

pub const STATES: &[&str] = &["on_track", "at_risk", "off_track", "closed", "not_rated"];

/// The dyad's commitments as `bilat-track` assesses them on `as_of`, filtered.
pub fn commitment_rows(
    data: &Dataset,
    dyad: &Dyad,
    as_of: bilat_model::Day,
    q: &CommitmentQuery,
) -> Result<Vec<CommitmentRow>, AppError> {
    use bilat_track::commitments::{Filter, Options, assess_dyad};
    if !q.state.is_empty() && !STATES.contains(&q.state.as_str()) {
        return Err(AppError::BadRequest(format!(
            "state: expected one of {}, found `{}`",
            STATES.join(", "),
            q.state
        )));
    }
    let by = if q.deadline.is_empty() {
        None
    } else {
        Some(
            bilat_model::FuzzyDate::parse(&q.deadline)
                .map_err(|_| {
                    AppError::BadRequest(format!(
                        "deadline: expected a date such as 2026-12-31, found `{}`",
                        q.deadline
                    ))
                })?
                .last_day(),
        )
    };
    Ok(
        assess_dyad(data, dyad, Options::new(as_of), &Filter::default())
            .into_iter()
            .filter(|a| q.state.is_empty() || a.confidence.as_str().replace(' ', "_") == q.state)
            .filter(|a| q.owner.is_empty() || a.owners.contains(&q.owner))
            .filter(|a| by.is_none_or(|by| a.deadline.is_some_and(|d| d.first_day() <= by)))
            .map(|a| CommitmentRow {
                id: a.id.clone(),
                title: a.title.clone(),
                origin: format!("{:?}", a.origin).to_lowercase(),
                owners: a.owners.join(", "),
                deadline: a.deadline.map_or("—".into(), |d| d.to_string()),
                lifecycle: a.lifecycle.clone(),
                confidence: a.confidence.as_str().to_string(),
                rule: a.rule.to_string(),
            })
            .collect(),
    )
}

#[derive(Template)]
#[template(path = "commitments.html")]
struct CommitmentsPage {
    lang: &'static str,
    user: Option<UserView>,
    dyad: String,
    as_of: String,
    states: Vec<&'static str>,
    owners: Vec<String>,
    filter: CommitmentQuery,
    rows: Vec<CommitmentRow>,
    agreements: Vec<bilat_brief::obligations::AgreementRow>,
}

pub async fn commitments(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<CommitmentQuery>,
) -> Result<Response, AppError> {
    let dyad = dyad_of(&code, &session)?;
    let snapshot = state.snapshot();
    let as_of = today();
    let all = commitment_rows(&snapshot.data, &dyad, as_of, &CommitmentQuery::default())?;
    let owners: BTreeSet<String> = all
        .iter()
        .flat_map(|c| {
            c.owners
                .split(", ")
                .filter(|o| !o.is_empty())
                .map(String::from)
        })
        .collect();
    let rows = commitment_rows(&snapshot.data, &dyad, as_of, &q)?;
    render(&CommitmentsPage {
        lang: "en",
        user: user_view(&session),
        dyad: code,
        as_of: as_of.to_string(),
        states: STATES.to_vec(),
        owners: owners.into_iter().collect(),
        filter: q,
        rows,
        agreements: bilat_brief::obligations::agreements(&snapshot.data, &dyad, Lang::En),
    })
}

pub struct EvidenceView {
    pub source: String,
    pub short: String,
    pub locator: String,
    pub url: Option<String>,
}

pub struct ClaimView {
    pub summary: String,
    pub note: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

pub struct AuditView {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub change: Option<String>,
    pub evidence: Option<String>,
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    lang: &'static str,
    user: Option<UserView>,
    id: String,
    title: String,
    kind: String,
    dyads: Vec<String>,
    source: Option<String>,
    claims: Vec<ClaimView>,
    claim_form: bool,
    statuses: Vec<&'static str>,
    sources: Vec<String>,
    csrf: String,
    audit: Vec<AuditView>,
}

/// The statuses a record of this kind may take (none: no status form).
pub fn statuses_of(record: &Record) -> &'static [&'static str] {
    match record {
        Record::Commitment(_) => bilat_model::ontology::COMMITMENT_STATUSES,
        Record::Project(_) => bilat_model::ontology::PROJECT_STATUSES,
        Record::Agreement(_) => bilat_model::ontology::AGREEMENT_STATUSES,
        _ => &[],
    }
}

/// A record the session may see: one of its dyads is allowed (records without a dyad —
/// countries, actors, sources — are shared by all).
pub fn visible(record: &Record, session: &Session) -> bool {
    record.dyads().is_empty()
        || record
            .dyads()
            .iter()
            .any(|d| session.may_use(&d.to_string()))
}

/// What changed between two JSON records of the audit log, in a line: the claims added.
fn audit_change(before: Option<&str>, after: Option<&str>) -> Option<String> {
    let claims = |s: Option<&str>| -> Vec<serde_json::Value> {
        s.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .and_then(|v| v.get("claims").and_then(|c| c.as_array().cloned()))
            .unwrap_or_default()
    };
    let (old, new) = (claims(before), claims(after));
    let added: Vec<String> = new
        .iter()
        .filter(|c| !old.contains(c))
        .filter_map(|c| serde_json::from_value::<bilat_model::Claim>(c.clone()).ok())
        .map(|c| c.fact.summary())
        .collect();
    (!added.is_empty()).then(|| format!("added {}", added.join("; ")))
}

pub async fn record(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let snapshot = state.snapshot();
    let data = &snapshot.data;
    let Some(record) = data
        .get(&RecordId::new(id.as_str()))
        .filter(|r| visible(r, &session))
    else {
        return Err(AppError::NotFound);
    };
    let claims = record
        .claims()
        .iter()
        .map(|c| ClaimView {
            summary: c.fact.summary(),
            note: c.note.clone(),
            evidence: c
                .evidence
                .iter()
                .map(|e| EvidenceView {
                    source: e.source.to_string(),
                    short: data.source_short(&e.source),
                    locator: e.locator.to_string(),
                    url: match data.get(&e.source) {
                        Some(Record::Source(s)) => s
                            .url
                            .clone()
                            .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
                        _ => None,
                    },
                })
                .collect(),
        })
        .collect();
    let source = match record {
        Record::Source(s) => Some(format!(
            "{}{}{}",
            s.title,
            s.publisher
                .as_ref()
                .map_or(String::new(), |p| format!(" — {p}")),
            s.date.map_or(String::new(), |d| format!(", {d}"))
        )),
        _ => None,
    };
    let audit_id = id.clone();
    let audit = state
        .with_store(move |s| s.audit(Some(&audit_id), 200).map_err(AppError::store))
        .await?
        .into_iter()
        .map(|a| AuditView {
            change: audit_change(a.before.as_deref(), a.after.as_deref()),
            at: a.at,
            actor: a.actor,
            action: a.action,
            evidence: a.evidence,
        })
        .collect();
    let statuses = statuses_of(record);
    render(&RecordPage {
        lang: "en",
        user: user_view(&session),
        title: data.name_of(record.id()),
        kind: record.kind().name().to_string(),
        dyads: record.dyads().iter().map(|d| d.to_string()).collect(),
        source,
        claims,
        claim_form: !matches!(record, Record::Source(_)) && session.at_least("analyst"),
        statuses: statuses.to_vec(),
        sources: data
            .iter()
            .filter(|r| matches!(r, Record::Source(_)))
            .map(|r| r.id().to_string())
            .collect(),
        csrf: session.csrf.clone(),
        audit,
        id,
    })
}

/// A new claim with its evidence (a source of the record, or a new one described here): a
/// status from a day (`status`, `date`), or any fact written as in the record's JSON Lines
/// (`fact`, e.g. `{"fact":"date","date":"2024-02-14"}`).
#[derive(Clone, Debug, Deserialize, Default)]
pub struct StatusUpdate {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub date: String,
    /// A fact as JSON; when given, `status` and `date` are not read.
    #[serde(default)]
    pub fact: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub new_title: String,
    #[serde(default)]
    pub new_publisher: String,
    #[serde(default)]
    pub new_url: String,
    #[serde(default)]
    pub new_date: String,
    /// official, legal, news, academic or reference (default news).
    #[serde(default)]
    pub new_kind: String,
    /// The new source's language, ISO 639-1 (default en).
    #[serde(default)]
    pub new_language: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub csrf: String,
}

/// Records `update` on record `id` as `session`'s user: the record gets a claim (a status, or
/// the fact given) with its evidence (and the new source, if one is described), through an
/// import plan that validates the whole, written with its audit row in one transaction.
/// Claims are only ever added: a source that disagrees with another stays beside it.
pub async fn apply_status(
    state: &AppState,
    session: &Session,
    id: &str,
    update: StatusUpdate,
) -> Result<(), AppError> {
    let id = id.to_string();
    let session = session.clone();
    state
        .write(move |store, data| {
            use bilat_model::{Claim, Evidence, FuzzyDate, Locator};
            let Some(record) = data.get(&RecordId::new(id.as_str())).filter(|r| visible(r, &session)) else {
                return Err(AppError::NotFound);
            };
            for d in record.dyads() {
                session.require_dyad(&d.to_string())?;
            }
            let fact = if update.fact.trim().is_empty() {
                let allowed = statuses_of(record);
                if !allowed.contains(&update.status.as_str()) {
                    return Err(AppError::BadRequest(format!(
                        "status: expected one of {}, found `{}`",
                        allowed.join(", "),
                        update.status
                    )));
                }
                let date = FuzzyDate::parse(update.date.trim()).map_err(|_| {
                    AppError::BadRequest(format!("date: expected a date such as 2026-11-28, found `{}`", update.date))
                })?;
                Fact::Status {
                    status: update.status.clone(),
                    date: Some(date),
                }
            } else {
                serde_json::from_str::<Fact>(update.fact.trim()).map_err(|e| {
                    AppError::BadRequest(format!(
                        "fact: expected a fact as in the record's JSON Lines, such as {{\"fact\":\"date\",\"date\":\"2024-02-14\"}}; {e}"
                    ))
                })?
            };
            let mut incoming = Vec::new();
            let source_id = if !update.source.trim().is_empty() {
                let sid = RecordId::new(update.source.trim());
                if !matches!(data.get(&sid), Some(Record::Source(_))) {
                    return Err(AppError::BadRequest(format!(
                        "source: expected the id of a source in the record, found `{}`",
                        update.source
                    )));
                }
                sid
            } else if !update.new_title.trim().is_empty() {
                let source_date = if update.new_date.trim().is_empty() {
                    None
                } else {
                    Some(FuzzyDate::parse(update.new_date.trim()).map_err(|_| {
                        AppError::BadRequest(format!("new source's date: expected a date such as 2026-11-20, found `{}`", update.new_date))
                    })?)
                };
                let url = update.new_url.trim();
                if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(AppError::BadRequest(format!("new source's URL: expected http(s)://…, found `{url}`")));
                }
                let sid = RecordId::new(format!(
                    "src:web-{}",
                    &bilat_model::content_hash(&format!("{}|{}|{}", update.new_title, url, update.new_date))[..12]
                ));
                let source = serde_json::json!({
                    "kind": "source", "id": sid.as_str(), "short": short_name(&update.new_title, source_date),
                    "source_kind": if update.new_kind.is_empty() { "news" } else { update.new_kind.as_str() },
                    "title": update.new_title.trim(),
                    "publisher": (!update.new_publisher.trim().is_empty()).then(|| update.new_publisher.trim()),
                    "url": (!url.is_empty()).then_some(url),
                    "date": source_date.map(|d| d.to_string()),
                    "language": if update.new_language.is_empty() { "en" } else { update.new_language.as_str() },
                    "note": format!("added through the observatory by {}", session.actor())
                });
                let source: Record = serde_json::from_value(source)
                    .map_err(|e| AppError::BadRequest(format!("new source: {e}")))?;
                if data.get(&sid).is_none() {
                    incoming.push(source);
                }
                sid
            } else {
                return Err(AppError::BadRequest(
                    "evidence: give the id of a source in the record, or describe a new source (its title at least)".into(),
                ));
            };
            // The rule `bilat check` applies: a status change needs a source that could attest
            // it, dated on or after the day it took effect.
            let status_day = match &fact {
                Fact::Status { date, .. } => *date,
                _ => None,
            };
            let source_day = match data.get(&source_id) {
                Some(Record::Source(s)) => s.date,
                _ => incoming.iter().find_map(|r| match r {
                    Record::Source(s) if s.id == source_id => s.date,
                    _ => None,
                }),
            };
            if let Some(date) = status_day
                && source_day.is_none_or(|d| d.last_day() < date.first_day())
            {
                return Err(AppError::BadRequest(format!(
                    "evidence: a status from {date} needs a source dated on or after that day; {source_id} is dated {}",
                    source_day.map_or("nowhere".to_string(), |d| d.to_string())
                )));
            }
            let summary = fact.summary();
            let mut updated = record.clone();
            let claim = Claim {
                fact,
                evidence: vec![Evidence {
                    source: source_id.clone(),
                    locator: Locator::Whole,
                    quote_hash: None,
                }],
                note: (!update.note.trim().is_empty()).then(|| update.note.trim().to_string()),
            };
            if let Some(claims) = updated.claims_mut() {
                claims.push(claim);
            }
            incoming.push(updated);
            let origin = bilat_store::Origin {
                file: "observatory".into(),
                line: 0,
            };
            let plan = bilat_store::import::plan(
                data,
                incoming.into_iter().map(|r| (r, origin.clone())).collect(),
            )
            .map_err(AppError::store)?;
            let change = session.change(format!("{summary} on the evidence of {source_id}"));
            bilat_store::RecordStore::apply(store, &plan, &change).map_err(AppError::store)?;
            Ok(())
        })
        .await
}

fn short_name(title: &str, date: Option<bilat_model::FuzzyDate>) -> String {
    let words: Vec<&str> = title.split_whitespace().take(4).collect();
    match date {
        Some(d) => format!("{} {d}", words.join(" ")),
        None => words.join(" "),
    }
}

pub async fn record_status(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(update): Form<StatusUpdate>,
) -> Result<Response, AppError> {
    session.check_csrf(Some(&update.csrf))?;
    apply_status(&state, &session, &id, update).await?;
    Ok(Redirect::to(&format!("/record/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    lang: &'static str,
    user: Option<UserView>,
    users: Vec<bilat_store::accounts::User>,
    roles: Vec<&'static str>,
    csrf: String,
}

pub async fn users(State(state): State<AppState>, session: Session) -> Result<Response, AppError> {
    let users = state
        .with_store(|s| s.users().map_err(AppError::store))
        .await?;
    render(&UsersPage {
        lang: "en",
        csrf: session.csrf.clone(),
        user: user_view(&session),
        users,
        roles: bilat_store::accounts::ROLES.to_vec(),
    })
}

#[derive(Deserialize)]
pub struct NewUser {
    name: String,
    password: String,
    role: String,
    #[serde(default)]
    dyad: String,
    csrf: String,
}

/// A dyad field of a form: empty for all, else a valid pair.
fn dyad_field(text: &str) -> Result<Option<String>, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if parse_dyad(t).is_some() {
        Ok(Some(t.to_string()))
    } else {
        Err(AppError::BadRequest(format!(
            "dyad: expected a pair such as KZ-QA or nothing, found `{t}`"
        )))
    }
}

pub async fn add_user(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<NewUser>,
) -> Result<Response, AppError> {
    session.check_csrf(Some(&form.csrf))?;
    auth::check_password(&form.password).map_err(AppError::BadRequest)?;
    let dyad = dyad_field(&form.dyad)?;
    let password = form.password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|e| AppError::internal(e.to_string()))?;
    state
        .with_store(move |s| {
            s.add_user(form.name.trim(), &hash, &form.role, dyad.as_deref())
                .map_err(AppError::store)
        })
        .await?;
    Ok(Redirect::to("/admin/users").into_response())
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    #[serde(default)]
    dyad: String,
    csrf: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    session: Session,
    Path(name): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    session.check_csrf(Some(&form.csrf))?;
    let dyad = dyad_field(&form.dyad)?;
    state
        .with_store(move |s| {
            s.set_role(&name, &form.role, dyad.as_deref())
                .map_err(AppError::store)
        })
        .await?;
    Ok(Redirect::to("/admin/users").into_response())
}

#[derive(Deserialize, Default)]
pub struct SearchForm {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

impl SearchForm {
    pub fn query(&self) -> crate::search::Query {
        crate::search::Query {
            text: self.q.clone(),
            lang: Some(self.lang.clone()),
            domain: Some(self.domain.clone()),
            from: Some(self.from.clone()),
            to: Some(self.to.clone()),
            limit: 50,
        }
    }
}

/// Runs a search on the store's thread.
pub async fn run_search(
    state: &AppState,
    q: crate::search::Query,
) -> Result<Vec<crate::search::Found>, AppError> {
    state
        .with_store(move |s| crate::search::search(&*s, &q).map_err(AppError::BadRequest))
        .await
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    lang: &'static str,
    user: Option<UserView>,
    q: crate::search::Query,
    q_lang: String,
    q_domain: String,
    q_from: String,
    q_to: String,
    langs: Vec<&'static str>,
    domains: Vec<(String, String)>,
    searched: bool,
    found: Vec<crate::search::Found>,
}

pub async fn search(
    State(state): State<AppState>,
    session: Session,
    Query(form): Query<SearchForm>,
) -> Result<Response, AppError> {
    let searched = !form.q.trim().is_empty();
    let found = if searched {
        run_search(&state, form.query()).await?
    } else {
        Vec::new()
    };
    render(&SearchPage {
        lang: "en",
        user: user_view(&session),
        q: form.query(),
        q_lang: form.lang,
        q_domain: form.domain,
        q_from: form.from,
        q_to: form.to,
        langs: vec!["en", "ru", "kk", "ar"],
        domains: domain_options(),
        searched,
        found,
    })
}
