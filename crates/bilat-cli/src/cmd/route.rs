//! `bilat routes …`: Pareto routes between two countries over the corridor network, scenarios
//! compared with the baseline, and the network itself (the computations are in `bilat-route`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use bilat_route::network::{Network, NetworkFiles};
use bilat_route::render::thousands;
use bilat_route::report::{Comparison, Plan, Route, Segment, compare, plan};
use bilat_route::{Cargo, Query, Scenario, Weights};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<RoutesCommand>,
    #[command(flatten)]
    query: QueryArgs,
}

#[derive(clap::Args)]
struct NetworkChoice {
    /// A directory with hubs.csv, links.csv, modes.csv, sources.csv and sea.csv (default:
    /// the bundled Kazakhstan–Qatar network).
    #[arg(long)]
    network: Option<PathBuf>,
    /// A bundled scenario by name (see `bilat routes scenarios`) or a scenario file (TOML).
    #[arg(long)]
    scenario: Option<String>,
}

#[derive(clap::Args)]
struct QueryArgs {
    /// Exporting country (ISO 3166-1 alpha-2); its endpoint hubs are the default origins.
    a: Option<String>,
    /// Importing country; its endpoint hubs are the default destinations.
    b: Option<String>,
    /// Start at these hubs instead (repeatable).
    #[arg(long)]
    from: Vec<String>,
    /// End at these hubs instead (repeatable).
    #[arg(long)]
    to: Vec<String>,
    /// What is shipped: 20-ft containers, bulk, or loaded trucks.
    #[arg(long, default_value = "container", value_parser = ["container", "bulk", "truck"])]
    cargo: String,
    /// Tonnes shipped; costs per unit count one unit (truck or 20-ft container) per 20 t.
    #[arg(long, default_value_t = 20.0)]
    tonnes: f64,
    /// Pick the route the weights prefer, as cost=1,time=0.5,co2=0,borders=0 (each
    /// criterion divided by its best value among the Pareto routes).
    #[arg(long)]
    weights: Option<String>,
    /// The N best routes by the weights (equal weights if none), dominated ones included.
    #[arg(long)]
    k: Option<usize>,
    /// Drop routes within a factor 1+E of another on every criterion (an ε-Pareto set, for
    /// large networks); 0 gives the exact Pareto set.
    #[arg(long, default_value_t = 0.0)]
    epsilon: f64,
    #[command(flatten)]
    choice: NetworkChoice,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Json,
    /// The time–cost–distance chart of the routes (SVG).
    Svg,
}

#[derive(clap::Subcommand)]
enum RoutesCommand {
    /// The network: hubs and links with their values and sources, as GeoJSON, CSV (links)
    /// or a schematic SVG map (optionally with a pair's Pareto routes drawn).
    Network(NetworkArgs),
    /// The bundled scenarios.
    Scenarios,
}

#[derive(clap::Args)]
struct NetworkArgs {
    #[arg(long, value_enum, default_value = "geojson")]
    format: NetworkFormat,
    /// Draw (GeoJSON, SVG) the Pareto routes of a pair, as KZ,QA.
    #[arg(long, value_delimiter = ',')]
    routes: Vec<String>,
    #[arg(long, default_value = "container", value_parser = ["container", "bulk", "truck"])]
    cargo: String,
    #[command(flatten)]
    choice: NetworkChoice,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum NetworkFormat {
    Geojson,
    Csv,
    Svg,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Some(RoutesCommand::Network(n)) => network(n),
        Some(RoutesCommand::Scenarios) => {
            for (name, file, _) in bilat_route::BUNDLED_SCENARIOS {
                let s = bilat_route::bundled_scenario(name)
                    .transpose()?
                    .ok_or_else(|| anyhow!("{name}"))?;
                out!("{name}\t{}\t{file}", s.title.as_deref().unwrap_or(""));
            }
            Ok(ExitCode::SUCCESS)
        }
        None => routes(args.query),
    }
}

/// The network (bundled or from `--network`) and the scenario, if any, applied to it.
fn load(choice: &NetworkChoice) -> Result<(Network, Option<(Scenario, Network)>)> {
    let base = match &choice.network {
        None => bilat_route::bundled()?,
        Some(dir) => {
            let read = |name: &str| -> Result<(String, String)> {
                let path = dir.join(name);
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                Ok((path.display().to_string(), text))
            };
            let [h, l, m, s, e] = NetworkFiles::NAMES.map(read);
            let (h, l, m, s, e) = (h?, l?, m?, s?, e?);
            Network::parse(&NetworkFiles {
                hubs: (&h.0, &h.1),
                links: (&l.0, &l.1),
                modes: (&m.0, &m.1),
                sources: (&s.0, &s.1),
                sea: (&e.0, &e.1),
            })?
        }
    };
    let scenario = match &choice.scenario {
        None => None,
        Some(name) => {
            let s = match bilat_route::bundled_scenario(name) {
                Some(s) => s?,
                None if Path::new(name).is_file() => {
                    let text =
                        std::fs::read_to_string(name).with_context(|| format!("reading {name}"))?;
                    Scenario::parse(name, &text)?
                }
                None => bail!(
                    "no bundled scenario {name:?} and no such file; bundled: {}",
                    bilat_route::BUNDLED_SCENARIOS
                        .iter()
                        .map(|s| s.0)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let net = s.apply(&base)?;
            Some((s, net))
        }
    };
    Ok((base, scenario))
}

fn cargo(s: &str) -> Result<Cargo> {
    Cargo::parse(s).ok_or_else(|| anyhow!("expected container, bulk or truck, found {s:?}"))
}

/// Hub indices by id, or the endpoint hubs of `country`.
fn hubs(net: &Network, ids: &[String], country: Option<&str>, role: &str) -> Result<Vec<usize>> {
    if !ids.is_empty() {
        return ids
            .iter()
            .map(|id| {
                net.hub(id).ok_or_else(|| {
                    anyhow!(
                        "--{role} {id}: no such hub; hubs are {}",
                        net.hubs
                            .iter()
                            .map(|h| h.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
            })
            .collect();
    }
    let c = country
        .ok_or_else(|| anyhow!("give two countries (as KZ QA) or --from and --to"))?
        .to_uppercase();
    if bilat_model::country_name(&c).is_none() {
        bail!("{c}: expected an ISO 3166-1 alpha-2 country code");
    }
    let found = net.endpoints(&c);
    if found.is_empty() {
        bail!("no hub of {c} is an endpoint of the network; give --{role} HUB");
    }
    Ok(found)
}

fn routes(q: QueryArgs) -> Result<ExitCode> {
    if !(q.tonnes.is_finite() && q.tonnes > 0.0) {
        bail!(
            "--tonnes: expected a quantity above zero, found {}",
            q.tonnes
        );
    }
    if !(q.epsilon.is_finite() && (0.0..1.0).contains(&q.epsilon)) {
        bail!(
            "--epsilon: expected a factor from 0 (exact) to below 1, found {}",
            q.epsilon
        );
    }
    if q.k == Some(0) {
        bail!("--k: expected at least 1");
    }
    let weights = q
        .weights
        .as_deref()
        .map(Weights::parse)
        .transpose()
        .map_err(|e| anyhow!("--weights: {e}"))?;
    let (base, scenario) = load(&q.choice)?;
    let query = Query {
        from: hubs(&base, &q.from, q.a.as_deref(), "from")?,
        to: hubs(&base, &q.to, q.b.as_deref(), "to")?,
        cargo: cargo(&q.cargo)?,
        tonnes: q.tonnes,
        epsilon: q.epsilon,
    };
    let baseline = plan(&base, &query, weights, q.k);
    let scen = scenario
        .as_ref()
        .map(|(s, net)| (s, net, plan(net, &query, weights, q.k)));
    let comparison = scen
        .as_ref()
        .map(|(_, net, p)| compare(&base, &baseline, net, p));
    let (net, shown) = match &scen {
        Some((_, net, p)) => (*net, p),
        None => (&base, &baseline),
    };
    match q.format {
        Format::Svg => {
            let title = format!("Time–cost–distance, {}", route_pair(&q, net, &query));
            out!(
                "{}",
                bilat_route::render::tcd_svg(&shown.routes, &title, &bilat_route::render::english)
            );
        }
        Format::Json => {
            let mut cited: Vec<String> = shown.routes.iter().flat_map(Route::sources).collect();
            cited.sort();
            cited.dedup();
            let sources: serde_json::Map<String, serde_json::Value> = cited
                .iter()
                .filter_map(|k| {
                    net.sources
                        .get(k)
                        .map(|s| (k.clone(), serde_json::json!({"url": s.url, "what": s.what})))
                })
                .collect();
            let value = serde_json::json!({
                "query": {
                    "from": query.from.iter().map(|&h| &net.hubs[h].id).collect::<Vec<_>>(),
                    "to": query.to.iter().map(|&h| &net.hubs[h].id).collect::<Vec<_>>(),
                    "cargo": query.cargo, "tonnes": query.tonnes, "weights": weights, "k": q.k,
                },
                "scenario": scen.as_ref().map(|(s, _, _)| s),
                "plan": shown,
                "baseline": scen.as_ref().map(|_| &baseline),
                "comparison": comparison,
                "consortium": bilat_route::report::consortium(&shown.routes),
                "sources": sources,
            });
            out!("{}", serde_json::to_string_pretty(&value)?);
        }
        Format::Table => {
            let what = match (q.k, weights) {
                (Some(k), _) => format!("the {k} best routes by weight (dominated routes marked)"),
                (None, Some(_)) => "the Pareto route the weights prefer".to_string(),
                (None, None) => {
                    "Pareto-optimal routes (none is beaten on every criterion), by expected time"
                        .to_string()
                }
            };
            out!(
                "Routes {} · {} · {} t ({} unit(s) of 20 t) · network: {}",
                route_pair(&q, net, &query),
                query.cargo.as_str(),
                query.tonnes,
                bilat_route::report::units(query.tonnes),
                q.choice
                    .network
                    .as_ref()
                    .map_or("bundled (data/routes)".to_string(), |p| p
                        .display()
                        .to_string()),
            );
            if let Some((s, _, _)) = &scen {
                out!(
                    "Scenario: {} — {}{} (sources: {})",
                    s.name,
                    s.title.as_deref().unwrap_or(""),
                    match (&s.from, &s.to) {
                        (Some(a), Some(b)) => format!(", {a} to {b}"),
                        (Some(a), None) => format!(", from {a}"),
                        _ => String::new(),
                    },
                    s.sources.join(", ")
                );
            }
            print_plan(net, shown, &what)?;
            if let Some(c) = &comparison {
                print_comparison(c)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn route_pair(q: &QueryArgs, net: &Network, query: &Query) -> String {
    let ids = |v: &[usize]| {
        v.iter()
            .map(|&h| net.hubs[h].id.as_str())
            .collect::<Vec<_>>()
            .join("|")
    };
    match (&q.a, &q.b) {
        (Some(a), Some(b)) if q.from.is_empty() && q.to.is_empty() => {
            format!(
                "{} → {} ({} → {})",
                a.to_uppercase(),
                b.to_uppercase(),
                ids(&query.from),
                ids(&query.to)
            )
        }
        _ => format!("{} → {}", ids(&query.from), ids(&query.to)),
    }
}

fn hours(d: Option<bilat_route::Dist>) -> String {
    d.map_or("—".to_string(), |d| match d {
        bilat_route::Dist::Fixed { value } => format!("{value:.1}"),
        other => format!(
            "{:.1}–{:.1} (mean {:.1})",
            other.min(),
            other.max(),
            other.mean()
        ),
    })
}

fn print_plan(net: &Network, plan: &Plan, what: &str) -> Result<()> {
    out!("{} {what}", plan.routes.len());
    if !plan.complete {
        out!("(the enumeration stopped at its limit; fewer routes than asked are shown)");
    }
    if plan.routes.is_empty() {
        out!("No route: the network has no open path for this cargo between these hubs.");
        return Ok(());
    }
    let mut cited: Vec<String> = Vec::new();
    for (i, r) in plan.routes.iter().enumerate() {
        let c = &r.criteria;
        let modes = r
            .modes
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let flag = if plan.pareto[i] {
            ""
        } else {
            "  [dominated: another route is better on every criterion]"
        };
        let score = plan
            .scores
            .as_ref()
            .map_or(String::new(), |s| format!(" · score {:.3}", s[i]));
        out!("");
        out!("#{} {}  ({modes}){flag}", i + 1, r.name());
        out!(
            "   cost USD {} · time {:.1} h expected (P50 {:.1}, P90 {:.1}; {:.1} days) · CO2 {} kg · {} border crossing(s) · {} km{score}",
            thousands(c.cost_usd),
            c.hours,
            r.p50_hours,
            r.p90_hours,
            r.p90_hours / 24.0,
            thousands(c.co2_kg),
            c.borders,
            thousands(r.km),
        );
        out!(
            "   time at borders: {:.1} h, {:.0}% of the expected time",
            r.border_hours,
            r.border_share * 100.0
        );
        out!(
            "   {:<24} {:<6} {:>7} {:>22} {:>14} {:>9} {:>9}  sources (year)",
            "leg / stop",
            "mode",
            "km",
            "moving h",
            "wait/dwell h",
            "USD",
            "CO2 kg"
        );
        for seg in &r.segments {
            match seg {
                Segment::Leg(l) => {
                    out!(
                        "   {:<24} {:<6} {:>7} {:>22} {:>14} {:>9} {:>9}  {}",
                        format!("{} {}→{}", l.link, l.from, l.to),
                        l.mode.as_str(),
                        thousands(l.km),
                        hours(l.moving_h),
                        hours(l.wait_h),
                        l.cost_usd.map_or("—".to_string(), thousands),
                        thousands(l.co2_kg),
                        provenance(&l.provenance, &mut cited),
                    );
                }
                Segment::Stop(s) => {
                    let kind = if s.border { "border" } else { "transship" };
                    out!(
                        "   {:<24} {:<6} {:>7} {:>22} {:>14} {:>9} {:>9}  {}",
                        format!("  at {} ({})", s.hub, s.countries.join("-")),
                        kind,
                        "",
                        "",
                        hours(s.dwell_h),
                        if s.border { s.fee_usd } else { s.handling_usd }
                            .map_or("—".to_string(), thousands),
                        "",
                        provenance(&s.provenance, &mut cited),
                    );
                }
            }
        }
        let tcd: Vec<String> = r
            .tcd
            .iter()
            .map(|t| {
                format!(
                    "{} {} km {:.0} h USD {}",
                    t.hub,
                    thousands(t.km),
                    t.hours,
                    thousands(t.cost_usd)
                )
            })
            .collect();
        out!("   time–cost–distance: {}", tcd.join(" · "));
        let shares: Vec<String> = r
            .countries
            .iter()
            .map(|s| {
                format!(
                    "{} {:.0}% of time, {:.0}% of cost",
                    s.country,
                    s.time_share * 100.0,
                    s.cost_share * 100.0
                )
            })
            .collect();
        out!("   countries: {}", shares.join("; "));
        if !r.missing.is_empty() {
            out!(
                "   not in any source (counted as zero): {}",
                r.missing
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
    }
    out!("");
    out!(
        "Countries the routes cross (candidates for a corridor consortium; mean share over the routes):"
    );
    for m in bilat_route::report::consortium(&plan.routes) {
        out!(
            "   {} ({}): {} of {} routes, {:.0}% of time, {:.0}% of cost",
            m.country,
            bilat_model::country_name(&m.country).unwrap_or(""),
            m.routes,
            plan.routes.len(),
            m.mean_time_share * 100.0,
            m.mean_cost_share * 100.0
        );
    }
    cited.sort_by_key(|k| source_order(k));
    cited.dedup();
    out!("");
    out!("Sources:");
    for k in &cited {
        match net.sources.get(k) {
            Some(s) => out!("  {k}  {}  {}", s.url, s.what),
            None => out!("  {k}"),
        }
    }
    Ok(())
}

/// Source keys in natural order (S2 before S10).
fn source_order(key: &str) -> (String, u32) {
    let split = key.find(|c: char| c.is_ascii_digit()).unwrap_or(key.len());
    (key[..split].to_string(), key[split..].parse().unwrap_or(0))
}

fn provenance(p: &[bilat_route::report::Provenance], cited: &mut Vec<String>) -> String {
    let mut parts: Vec<String> = Vec::new();
    for v in p {
        cited.extend(v.sources.iter().cloned());
        let text = match v.year {
            Some(y) => format!("{} {} ({y})", v.field, v.sources.join("+")),
            None => format!("{} {}", v.field, v.sources.join("+")),
        };
        parts.push(text);
    }
    parts.join("; ")
}

fn print_comparison(c: &Comparison) -> Result<()> {
    let (a, b) = (&c.baseline_best, &c.scenario_best);
    let delta = |x: f64, y: f64| {
        if x.is_finite() && y.is_finite() && x > 0.0 {
            format!("{:+.0}%", (y / x - 1.0) * 100.0)
        } else {
            "—".to_string()
        }
    };
    out!("");
    out!("Compared with the baseline (best value of each criterion):");
    out!(
        "   cost USD   {} → {} ({})",
        thousands(a.cost_usd),
        thousands(b.cost_usd),
        delta(a.cost_usd, b.cost_usd)
    );
    out!(
        "   time h     {:.1} → {:.1} ({})",
        a.hours,
        b.hours,
        delta(a.hours, b.hours)
    );
    out!(
        "   CO2 kg     {} → {} ({})",
        thousands(a.co2_kg),
        thousands(b.co2_kg),
        delta(a.co2_kg, b.co2_kg)
    );
    out!("   borders    {} → {}", a.borders, b.borders);
    if c.lost.is_empty() && c.added.is_empty() {
        out!("   no listed route of the baseline is closed, and none listed here needs a new link");
    }
    for r in &c.lost {
        out!("   closed by the scenario: {r}");
    }
    for r in &c.added {
        out!("   opened by the scenario: {r}");
    }
    for ch in &c.changed {
        let (a, b) = (&ch.baseline, &ch.scenario);
        out!(
            "   changed: {}: cost USD {} → {} ({}), time {:.1} → {:.1} h ({})",
            ch.route,
            thousands(a.cost_usd),
            thousands(b.cost_usd),
            delta(a.cost_usd, b.cost_usd),
            a.hours,
            b.hours,
            delta(a.hours, b.hours)
        );
    }
    Ok(())
}

fn network(n: NetworkArgs) -> Result<ExitCode> {
    let (base, scenario) = load(&n.choice)?;
    let (net, title_suffix) = match &scenario {
        Some((s, net)) => (net, format!(" — scenario {}", s.name)),
        None => (&base, String::new()),
    };
    let drawn: Vec<Route> = match n.routes.as_slice() {
        [] => Vec::new(),
        [a, b] => {
            let query = Query {
                from: hubs(net, &[], Some(a), "from")?,
                to: hubs(net, &[], Some(b), "to")?,
                cargo: cargo(&n.cargo)?,
                tonnes: 20.0,
                epsilon: 0.0,
            };
            plan(net, &query, None, None).routes
        }
        other => bail!(
            "--routes: expected two countries as KZ,QA, found {}",
            other.join(",")
        ),
    };
    let text = match n.format {
        NetworkFormat::Geojson => {
            serde_json::to_string_pretty(&bilat_route::render::geojson(net, &drawn))?
        }
        NetworkFormat::Csv => bilat_route::render::links_csv(net)?,
        NetworkFormat::Svg => {
            let title = if drawn.is_empty() {
                format!("Corridor network{title_suffix}")
            } else {
                format!(
                    "Pareto routes {} → {} ({}){title_suffix}",
                    n.routes[0].to_uppercase(),
                    n.routes[1].to_uppercase(),
                    n.cargo
                )
            };
            bilat_route::render::svg(net, &drawn, &title, &bilat_route::render::english)
        }
    };
    match &n.output {
        Some(path) => super::write_output(Some(path), text.as_bytes())?,
        None => out!("{}", text.trim_end()),
    }
    Ok(ExitCode::SUCCESS)
}
