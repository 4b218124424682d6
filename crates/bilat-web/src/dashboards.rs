//! A pair's targets, projects pipeline, trade and transport routes: the same analyses as
//! `bilat targets`, `bilat projects --pipeline`, the brief's trade section and `bilat routes`,
//! on the current snapshot, as pages.

use std::sync::OnceLock;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use bilat_brief::Lang;
use bilat_route::{Cargo, Network, Scenario};
use serde::Deserialize;

use crate::auth::Session;
use crate::pages::{UserView, dyad_of, render, today, user_view};
use crate::{AppError, AppState};

pub struct TargetView {
    pub id: String,
    pub title: String,
    pub target: String,
    pub by: String,
    pub baseline: String,
    pub latest: String,
    pub reached: String,
    pub growth_observed: String,
    pub growth_needed: String,
    pub state: String,
    pub sources: String,
}

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    lang: &'static str,
    user: Option<UserView>,
    dyad: String,
    as_of: String,
    targets: Vec<TargetView>,
}

pub async fn targets(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let dyad = dyad_of(&code, &session)?;
    let snapshot = state.snapshot();
    let data = &snapshot.data;
    let as_of = today();
    let point = |p: &Option<bilat_track::targets::Point>, unit: &bilat_model::Unit| {
        p.as_ref().map_or("—".to_string(), |p| p.describe(unit))
    };
    let targets = bilat_track::targets::trajectories(data, &dyad, as_of)
        .iter()
        .map(|t| TargetView {
            id: t.id.clone(),
            title: t.title.clone(),
            target: t.target.to_string(),
            by: t.by.map_or("not stated".to_string(), |d| d.to_string()),
            baseline: point(&t.baseline, &t.target.unit),
            latest: point(&t.latest, &t.target.unit),
            reached: t
                .share
                .map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0)),
            growth_observed: match &t.growth_observed_basis {
                None => bilat_model::display::signed_percent(t.growth_observed),
                Some(basis) => format!(
                    "{} ({basis})",
                    bilat_model::display::signed_percent(t.growth_observed)
                ),
            },
            growth_needed: bilat_model::display::signed_percent(t.growth_needed),
            state: match t.reached_at_observed_rate {
                Some(y) => format!("{} (at the observed rate: {y})", t.state.as_str()),
                None => t.state.as_str().to_string(),
            },
            sources: data.sources_text(&t.sources),
        })
        .collect();
    render(&TargetsPage {
        lang: "en",
        user: user_view(&session),
        dyad: code,
        as_of: as_of.to_string(),
        targets,
    })
}

use bilat_model::display::usd_millions as usd;

pub struct ProjectView {
    pub id: String,
    pub title: String,
    pub sector: String,
    pub status: String,
    pub amount: String,
    pub usd: String,
    pub totals: String,
    pub sources: String,
}

#[derive(Template)]
#[template(path = "projects.html")]
struct ProjectsPage {
    lang: &'static str,
    user: Option<UserView>,
    dyad: String,
    as_of: String,
    projects: Vec<ProjectView>,
    /// (sector, "status USD …, …")
    sectors: Vec<(String, String)>,
    total: String,
    excluded: usize,
    excluded_usd: String,
}

pub async fn projects(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let dyad = dyad_of(&code, &session)?;
    let snapshot = state.snapshot();
    let data = &snapshot.data;
    let p = bilat_track::projects::pipeline(data, &dyad, today());
    render(&ProjectsPage {
        lang: "en",
        user: user_view(&session),
        dyad: code,
        as_of: p.as_of.clone(),
        projects: p
            .rows
            .iter()
            .map(|r| ProjectView {
                id: r.id.clone(),
                title: r.title.clone(),
                sector: r.sector.clone(),
                status: r.status.clone(),
                amount: r.amount.as_ref().map_or("—".to_string(), |m| m.to_string()),
                usd: r.usd.map_or("—".to_string(), usd),
                totals: match &r.excluded {
                    None => "counted".to_string(),
                    Some(why) => format!("left out: {why}"),
                },
                sources: data.sources_text(&r.sources),
            })
            .collect(),
        sectors: p
            .by_sector
            .iter()
            .map(|(sector, by_status)| {
                let parts: Vec<String> = by_status
                    .iter()
                    .map(|(s, v)| format!("{s} {}", usd(*v)))
                    .collect();
                (sector.clone(), parts.join(", "))
            })
            .collect(),
        total: usd(p.total_usd),
        excluded: p.excluded,
        excluded_usd: usd(p.excluded_usd),
    })
}

/// A choice above a section: its query name, its label, and its options (value, label,
/// chosen).
pub struct Switch {
    pub name: String,
    pub label: String,
    pub options: Vec<(String, String, bool)>,
}

#[derive(Template)]
#[template(path = "section.html")]
struct SectionPage {
    lang: &'static str,
    user: Option<UserView>,
    dyad: String,
    title: String,
    /// The section as HTML, generated by bilat-brief from the record (escaped there).
    body: String,
    svgs: Vec<String>,
    /// The switches above the section, if any.
    switches: Vec<Switch>,
    note: String,
}

pub async fn trade(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let dyad = dyad_of(&code, &session)?;
    let snapshot = state.snapshot();
    let section = bilat_brief::trade::trade_section(&snapshot.data, &dyad, today(), Lang::En);
    let mut md = String::new();
    section.to_markdown(&mut md, Lang::En);
    // The section's own heading is the page's.
    let md = md.split_once('\n').map_or(md.as_str(), |(_, rest)| rest);
    render(&SectionPage {
        lang: "en",
        user: user_view(&session),
        dyad: code,
        title: "Trade".into(),
        body: bilat_brief::markdown_to_html(md),
        svgs: section.to_svg(Lang::En).into_iter().collect(),
        switches: Vec::new(),
        note: "The record's sourced aggregates. HS-level flows imported with bilat trade import are in the brief made on the command line (bilat brief), which reads them from the data directory.".into(),
    })
}

/// The bundled corridor network and its 2017 blockade scenario, read once.
fn network() -> Result<&'static (Network, Option<Scenario>), AppError> {
    static NETWORK: OnceLock<Result<(Network, Option<Scenario>), String>> = OnceLock::new();
    NETWORK
        .get_or_init(|| bilat_brief::routes::bundled().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| AppError::internal(format!("the bundled network: {e}")))
}

#[derive(Deserialize, Default)]
pub struct RoutesQuery {
    #[serde(default)]
    cargo: String,
    #[serde(default)]
    scenario: String,
}

pub async fn routes(
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<RoutesQuery>,
) -> Result<Response, AppError> {
    let dyad = dyad_of(&code, &session)?;
    let (net, blockade) = network()?;
    let cargo = match q.cargo.as_str() {
        "" | "container" => Cargo::Container,
        "bulk" => Cargo::Bulk,
        "truck" => Cargo::Truck,
        other => {
            return Err(AppError::BadRequest(format!(
                "cargo: expected container, bulk or truck, found `{other}`"
            )));
        }
    };
    let applied = match (q.scenario.as_str(), blockade) {
        ("" | "today", _) => None,
        (name, Some(s)) if name == s.name => Some(s),
        (other, _) => {
            return Err(AppError::BadRequest(format!(
                "scenario: expected today or blockade-2017, found `{other}`"
            )));
        }
    };
    let (a, b) = dyad.countries();
    let name = |c: &str| bilat_model::country_name(c).unwrap_or(c).to_string();
    // Today's routes with what the blockade would close; or the routes left while it holds,
    // with the same comparison.
    let mut section =
        bilat_brief::routes::routes_section(net, a, b, blockade.as_ref(), &name, Lang::En, cargo);
    if let Some(s) = applied {
        let closed = s
            .apply(net)
            .map_err(|e| AppError::internal(format!("applying {}: {e}", s.name)))?;
        let comparison = section.and_then(|t| t.scenario);
        section = bilat_brief::routes::routes_section(&closed, a, b, None, &name, Lang::En, cargo)
            .map(|mut c| {
                c.scenario = comparison;
                c
            });
    }
    let (body, svgs) = match &section {
        Some(s) => {
            let mut md = String::new();
            s.to_markdown(&mut md, "", Lang::En);
            (
                bilat_brief::markdown_to_html(md.trim_start_matches('#').trim_start()),
                vec![s.map_svg.clone(), s.tcd_svg.clone()],
            )
        }
        None => (
            format!(
                "<p>The corridor network has no origin or destination in {} or {}.</p>",
                name(a),
                name(b)
            ),
            Vec::new(),
        ),
    };
    let choice = |value: &str, label: &str, chosen: &str| {
        (value.to_string(), label.to_string(), value == chosen)
    };
    let cargo_now = match cargo {
        Cargo::Container => "container",
        Cargo::Bulk => "bulk",
        Cargo::Truck => "truck",
    };
    let scenario_now = applied.map_or("today", |s| s.name.as_str());
    let mut scenarios = vec![choice("today", "today's network", scenario_now)];
    if let Some(s) = blockade {
        scenarios.push(choice(
            &s.name,
            s.title.as_deref().unwrap_or(&s.name),
            scenario_now,
        ));
    }
    render(&SectionPage {
        lang: "en",
        user: user_view(&session),
        dyad: code,
        title: format!("Transport routes, {} → {}", name(a), name(b)),
        body,
        svgs,
        switches: vec![
            Switch {
                name: "cargo".into(),
                label: "Cargo (20 t)".into(),
                options: vec![
                    choice("container", "20-ft container", cargo_now),
                    choice("bulk", "bulk lot", cargo_now),
                    choice("truck", "truck load", cargo_now),
                ],
            },
            Switch {
                name: "scenario".into(),
                label: "Network".into(),
                options: scenarios,
            },
        ],
        note: "Pareto-optimal routes over bilat's corridor network (data/routes), each value with its source; on the command line, bilat routes gives weights, the k best routes and other scenarios.".into(),
    })
}
