//! The brief's transport section: the Pareto routes between the two countries over a
//! corridor network (`bilat-route`), and what the 2017 blockade scenario closes.

use std::fmt::Write as _;

use bilat_route::render::thousands;
use bilat_route::report::{Plan, consortium, plan};
use bilat_route::{Cargo, Network, Query};
use serde::Serialize;

use crate::i18n::{Lang, header, tr, trf};

/// Routes listed when the scenario is compared (dominated ones included), so that the
/// routes it closes show even when they are not Pareto-optimal.
const COMPARED: usize = 40;

#[derive(Debug, Serialize)]
pub struct RoutesSection {
    pub cargo: &'static str,
    pub tonnes: f64,
    pub routes: Vec<RouteRow>,
    /// Countries the routes cross (named in the brief's language), with their mean share of
    /// time and cost.
    pub countries: Vec<(String, usize, f64, f64)>,
    pub scenario: Option<ScenarioRow>,
    /// Source keys of the network cited by the routes, with their URLs.
    pub sources: Vec<(String, String)>,
    /// The schematic map with the routes drawn, and their time–cost–distance chart (SVG),
    /// for the HTML brief.
    #[serde(skip)]
    pub map_svg: String,
    #[serde(skip)]
    pub tcd_svg: String,
}

#[derive(Debug, Serialize)]
pub struct RouteRow {
    pub path: String,
    pub modes: String,
    pub cost_usd: f64,
    pub hours: f64,
    pub p50_hours: f64,
    pub p90_hours: f64,
    pub co2_kg: f64,
    pub borders: u32,
    pub border_share: f64,
    /// Values no source gives (counted as zero).
    pub missing: Vec<bilat_route::report::Missing>,
}

#[derive(Debug, Serialize)]
pub struct ScenarioRow {
    pub name: String,
    pub title: String,
    pub period: Option<String>,
    /// What the scenario closes (hubs, and links as "from → to").
    pub closes: Vec<String>,
    /// Of the best routes by equal weights (up to 40), how many and which it closes.
    pub compared: usize,
    pub closed: Vec<String>,
    pub best_cost: (f64, f64),
    pub best_hours: (f64, f64),
}

fn hub_names(net: &Network, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            net.hub(id)
                .map_or(id.as_str(), |h| net.hubs[h].name.as_str())
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The network and the scenario the brief's transport section uses: the bundled corridor
/// network and the 2017 blockade.
pub fn bundled() -> Result<(Network, Option<bilat_route::Scenario>), bilat_route::Error> {
    Ok((
        bilat_route::bundled()?,
        bilat_route::bundled_scenario("blockade-2017").transpose()?,
    ))
}

/// The section for exporter `a` and importer `b` (ISO alpha-2), or `None` when the network
/// has no endpoint in one of them.
pub fn routes_section(
    net: &Network,
    a: &str,
    b: &str,
    scenario: Option<&bilat_route::Scenario>,
    country: &dyn Fn(&str) -> String,
    lang: Lang,
    cargo: Cargo,
) -> Option<RoutesSection> {
    // The brief's figures are for 20 t of each kind of cargo; the texts say which.
    let (cargo_text, map_title): (&'static str, &str) = match cargo {
        Cargo::Container => (
            "20-ft container",
            "Pareto routes {a} → {b} (20-ft container)",
        ),
        Cargo::Bulk => ("bulk lot", "Pareto routes {a} → {b} (bulk lot, 20 t)"),
        Cargo::Truck => ("truck load", "Pareto routes {a} → {b} (truck load, 20 t)"),
    };
    let ends = |c: &str| net.endpoints(c);
    let (from, to) = (ends(a), ends(b));
    if from.is_empty() || to.is_empty() {
        return None;
    }
    let q = Query {
        from,
        to,
        cargo,
        tonnes: 20.0,
        epsilon: 0.0,
    };
    let front: Plan = plan(net, &q, None, None);
    let mut cited: Vec<String> = front.routes.iter().flat_map(|r| r.sources()).collect();
    cited.sort();
    cited.dedup();
    let scenario = scenario.and_then(|s| {
        let closed_net = s.apply(net).ok()?;
        let before = plan(net, &q, None, Some(COMPARED));
        let after = plan(&closed_net, &q, None, Some(COMPARED));
        let cmp = bilat_route::report::compare(net, &before, &closed_net, &after);
        Some(ScenarioRow {
            name: s.name.clone(),
            title: s.title.clone().unwrap_or_default(),
            period: match (&s.from, &s.to) {
                (Some(x), Some(y)) => Some(format!("{x} – {y}")),
                _ => None,
            },
            closes: s
                .close
                .iter()
                .map(|id| match (net.hub(id), net.link(id)) {
                    (Some(h), _) => net.hubs[h].name.clone(),
                    (None, Some(l)) => {
                        let l = &net.links[l];
                        format!("{} → {}", net.hubs[l.from].name, net.hubs[l.to].name)
                    }
                    (None, None) => id.clone(),
                })
                .collect(),
            compared: before.routes.len(),
            closed: cmp
                .lost
                .iter()
                .map(|r| hub_names(net, &r.split(" → ").map(String::from).collect::<Vec<_>>()))
                .collect(),
            best_cost: (cmp.baseline_best.cost_usd, cmp.scenario_best.cost_usd),
            best_hours: (cmp.baseline_best.hours, cmp.scenario_best.hours),
        })
    });
    let labels = |text: &str| tr(lang, text);
    let map_svg = bilat_route::render::svg(
        net,
        &front.routes,
        &trf(lang, map_title, &[("a", country(a)), ("b", country(b))]),
        &labels,
    );
    let tcd_svg = bilat_route::render::tcd_svg(
        &front.routes,
        &tr(lang, "Time–cost–distance of the Pareto routes"),
        &labels,
    );
    Some(RoutesSection {
        map_svg,
        tcd_svg,
        cargo: cargo_text,
        tonnes: 20.0,
        countries: consortium(&front.routes)
            .into_iter()
            .map(|m| {
                (
                    country(&m.country),
                    m.routes,
                    m.mean_time_share,
                    m.mean_cost_share,
                )
            })
            .collect(),
        routes: front
            .routes
            .iter()
            .map(|r| RouteRow {
                path: hub_names(net, &r.hubs),
                modes: r
                    .modes
                    .iter()
                    .map(|m| m.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                cost_usd: r.criteria.cost_usd,
                hours: r.criteria.hours,
                p50_hours: r.p50_hours,
                p90_hours: r.p90_hours,
                co2_kg: r.criteria.co2_kg,
                borders: r.criteria.borders,
                border_share: r.border_share,
                missing: r.missing.clone(),
            })
            .collect(),
        scenario,
        sources: cited
            .into_iter()
            .map(|k| {
                let url = net
                    .sources
                    .get(&k)
                    .map(|s| s.url.clone())
                    .unwrap_or_default();
                (k, url)
            })
            .collect(),
    })
}

impl RoutesSection {
    /// The section in Markdown, under the heading `title`.
    pub fn to_markdown(&self, md: &mut String, title: &str, l: Lang) {
        let _ = writeln!(md, "## {title}\n");
        let intro = trf(
            l,
            "Pareto-optimal routes for one {cargo} ({t} t) over bilat's corridor network: no route is cheaper, faster, lower in CO2 and through fewer borders at once. Time is expected hours, with the typical (P50) and bad-day (P90) time where sources give ranges.",
            &[("cargo", tr(l, self.cargo)), ("t", self.tonnes.to_string())],
        );
        let _ = writeln!(md, "{intro}\n");
        let _ = writeln!(
            md,
            "{}",
            header(
                l,
                &[
                    "Route",
                    "Modes",
                    "Cost USD",
                    "Time h (P50 / P90)",
                    "CO2 kg",
                    "Borders",
                    "Time at borders",
                    "Not in any source"
                ]
            )
        );
        for r in &self.routes {
            let modes: Vec<String> = r.modes.split(", ").map(|m| tr(l, m)).collect();
            let _ = writeln!(
                md,
                "| {} | {} | {} | {:.0} ({:.0} / {:.0}) | {} | {} | {:.0}% | {} |",
                r.path,
                modes.join(", "),
                thousands(r.cost_usd),
                r.hours,
                r.p50_hours,
                r.p90_hours,
                thousands(r.co2_kg),
                r.borders,
                r.border_share * 100.0,
                if r.missing.is_empty() {
                    "—".to_string()
                } else {
                    r.missing
                        .iter()
                        .map(|m| crate::i18n::missing(l, m))
                        .collect::<Vec<_>>()
                        .join("; ")
                }
            );
        }
        if !self.countries.is_empty() {
            let list: Vec<String> = self
                .countries
                .iter()
                .map(|(c, n, t, k)| {
                    trf(
                        l,
                        "{c} ({n} of {total} routes, {t}% of time, {k}% of cost)",
                        &[
                            ("c", c.clone()),
                            ("n", n.to_string()),
                            ("total", self.routes.len().to_string()),
                            ("t", format!("{:.0}", t * 100.0)),
                            ("k", format!("{:.0}", k * 100.0)),
                        ],
                    )
                })
                .collect();
            let line = trf(
                l,
                "Countries the routes cross, as partners for a corridor consortium: {list}.",
                &[("list", list.join("; "))],
            );
            let _ = writeln!(md, "\n{line}");
        }
        if let Some(s) = &self.scenario {
            let line = trf(
                l,
                "Scenario {name} ({title}{period}): it closes {closes}, which {n} of the {compared} best routes by equal weights used. Best cost USD {c0} → {c1}; best time {h0} h → {h1} h.",
                &[
                    ("name", s.name.clone()),
                    ("title", s.title.clone()),
                    (
                        "period",
                        s.period
                            .as_ref()
                            .map_or(String::new(), |p| format!(", {p}")),
                    ),
                    ("closes", s.closes.join("; ")),
                    ("n", s.closed.len().to_string()),
                    ("compared", s.compared.to_string()),
                    ("c0", thousands(s.best_cost.0)),
                    ("c1", thousands(s.best_cost.1)),
                    ("h0", format!("{:.0}", s.best_hours.0)),
                    ("h1", format!("{:.0}", s.best_hours.1)),
                ],
            );
            let _ = writeln!(md, "\n{line}");
        }
        let keys: Vec<String> = self
            .sources
            .iter()
            .map(|(k, u)| format!("{k} <{u}>"))
            .collect();
        let line = trf(
            l,
            "Network sources (`data/routes/sources.csv`): {list}.",
            &[("list", keys.join("; "))],
        );
        let _ = writeln!(md, "\n{line}\n");
    }
}
