//! What a route costs, leg by leg and stop by stop, with the source and year of every value;
//! its totals, P50/P90 time, time–cost–distance table, border share and countries.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dist::{Dist, sum_quantiles};
use crate::network::{KmBasis, Mode, Network, Per, Sourced, UNIT_TONNES};
use crate::search::{Criteria, Path, Step};

/// Where a value came from.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    pub field: &'static str,
    pub sources: Vec<String>,
    pub year: Option<u16>,
}

fn prov<T>(field: &'static str, v: &Sourced<T>) -> Provenance {
    Provenance {
        field,
        sources: v.sources.clone(),
        year: v.year,
    }
}

/// Consignment units (trucks, 20-ft containers) for `tonnes`.
pub fn units(tonnes: f64) -> f64 {
    (tonnes / UNIT_TONNES).ceil().max(1.0)
}

/// One link travelled.
#[derive(Debug, Clone, Serialize)]
pub struct Leg {
    pub link: String,
    pub from: String,
    pub to: String,
    pub mode: Mode,
    pub country: Option<String>,
    pub km: f64,
    pub km_basis: KmBasis,
    pub moving_h: Option<Dist>,
    pub wait_h: Option<Dist>,
    pub cost_usd: Option<f64>,
    pub co2_kg: f64,
    pub borders: u32,
    pub provenance: Vec<Provenance>,
}

impl Leg {
    pub fn hours(&self) -> f64 {
        self.moving_h.map_or(0.0, |d| d.mean()) + self.wait_h.map_or(0.0, |d| d.mean())
    }

    pub fn criteria(&self) -> Criteria {
        Criteria {
            cost_usd: self.cost_usd.unwrap_or(0.0),
            hours: self.hours(),
            co2_kg: self.co2_kg,
            borders: self.borders,
        }
    }
}

/// A stop between two legs: a border crossing, or a transshipment (a change of mode).
#[derive(Debug, Clone, Serialize)]
pub struct Stop {
    pub hub: String,
    pub name: String,
    pub countries: Vec<String>,
    pub border: bool,
    pub dwell_h: Option<Dist>,
    pub fee_usd: Option<f64>,
    pub handling_usd: Option<f64>,
    pub provenance: Vec<Provenance>,
}

impl Stop {
    pub fn cost(&self) -> f64 {
        self.fee_usd.unwrap_or(0.0) + self.handling_usd.unwrap_or(0.0)
    }

    pub fn criteria(&self) -> Criteria {
        Criteria {
            cost_usd: self.cost(),
            hours: self.dwell_h.map_or(0.0, |d| d.mean()),
            co2_kg: 0.0,
            borders: u32::from(self.border),
        }
    }
}

/// USD for `tonnes` on link `l`, if a source gives its cost.
fn leg_cost(l: &crate::network::Link, tonnes: f64) -> Option<f64> {
    l.cost.as_ref().map(|c| {
        c.value.usd_tkm.unwrap_or(0.0) * tonnes * l.km.value
            + c.value.usd_t.unwrap_or(0.0) * tonnes
            + c.value.usd_unit.unwrap_or(0.0) * units(tonnes)
    })
}

/// Arriving by sea or air in another country is a border crossing (at the port).
fn leg_borders(net: &Network, step: Step) -> u32 {
    let l = &net.links[step.link];
    let (a, b) = (&net.hubs[step.origin(net)], &net.hubs[step.target(net)]);
    u32::from(
        l.mode.is_international() && !a.is_border() && !b.is_border() && a.countries != b.countries,
    )
}

fn leg_co2(net: &Network, l: &crate::network::Link, tonnes: f64) -> f64 {
    net.co2_g_tkm
        .get(&l.mode)
        .map_or(0.0, |f| l.km.value * tonnes * f.value / 1000.0)
}

/// The criteria of a leg, as [`leg_detail`] reports them, without building the report (the
/// search calls this for every step of the network).
pub fn leg_criteria(net: &Network, step: Step, tonnes: f64) -> Criteria {
    let l = &net.links[step.link];
    Criteria {
        cost_usd: leg_cost(l, tonnes).unwrap_or(0.0),
        hours: l.moving_hours().map_or(0.0, |d| d.mean())
            + l.wait_h.as_ref().map_or(0.0, |w| w.value.mean()),
        co2_kg: leg_co2(net, l, tonnes),
        borders: leg_borders(net, step),
    }
}

/// The leg of `step` for `tonnes` of cargo.
pub fn leg_detail(net: &Network, step: Step, tonnes: f64) -> Leg {
    let l = &net.links[step.link];
    let (a, b) = (&net.hubs[step.origin(net)], &net.hubs[step.target(net)]);
    let mut provenance = vec![prov("km", &l.km)];
    if let Some(c) = &l.cost {
        provenance.push(prov("cost", c));
    }
    if let Some(m) = &l.moving {
        provenance.push(prov("moving time", m));
    }
    if let Some(w) = &l.wait_h {
        provenance.push(prov("wait", w));
    }
    if let Some(co2) = net.co2_g_tkm.get(&l.mode) {
        provenance.push(prov("co2 factor", co2));
    }
    Leg {
        link: l.id.clone(),
        from: a.id.clone(),
        to: b.id.clone(),
        mode: l.mode,
        country: l.country.clone(),
        km: l.km.value,
        km_basis: l.km_basis.clone(),
        moving_h: l.moving_hours(),
        wait_h: l.wait_h.as_ref().map(|w| w.value),
        cost_usd: leg_cost(l, tonnes),
        co2_kg: leg_co2(net, l, tonnes),
        borders: leg_borders(net, step),
        provenance,
    }
}

/// USD paid at a stop: the fee at a border, the handling at a transshipment.
fn stop_fee(h: &crate::network::Hub, tonnes: f64) -> Option<f64> {
    h.fee_usd_unit
        .as_ref()
        .filter(|_| h.is_border())
        .map(|f| f.value * units(tonnes))
}

fn stop_handling(h: &crate::network::Hub, tonnes: f64) -> Option<f64> {
    h.handling
        .as_ref()
        .filter(|_| !h.is_border())
        .map(|x| match x.value.1 {
            Per::T => x.value.0 * tonnes,
            Per::Unit => x.value.0 * units(tonnes),
        })
}

/// Whether cargo stops at `hub` between a leg by `from` and one by `to`: always at a border
/// crossing, else only to change mode (a transshipment).
fn stops(h: &crate::network::Hub, from: Mode, to: Mode) -> bool {
    h.is_border() || from != to
}

/// The criteria of a stop, as [`stop_detail`] reports them (`None` if cargo passes through).
pub fn stop_criteria(
    net: &Network,
    hub: usize,
    from: Mode,
    to: Mode,
    tonnes: f64,
) -> Option<Criteria> {
    let h = &net.hubs[hub];
    stops(h, from, to).then(|| Criteria {
        cost_usd: stop_fee(h, tonnes).unwrap_or(0.0) + stop_handling(h, tonnes).unwrap_or(0.0),
        hours: h.dwell_h.as_ref().map_or(0.0, |d| d.value.mean()),
        co2_kg: 0.0,
        borders: u32::from(h.is_border()),
    })
}

/// The stop at `hub` between a leg by `from` and a leg by `to`: a border crossing always
/// (its dwell and fee), else a transshipment when the mode changes (its dwell and handling);
/// `None` when the cargo passes through without stopping.
pub fn stop_detail(net: &Network, hub: usize, from: Mode, to: Mode, tonnes: f64) -> Option<Stop> {
    let h = &net.hubs[hub];
    if !stops(h, from, to) {
        return None;
    }
    let mut provenance = Vec::new();
    if let Some(d) = &h.dwell_h {
        provenance.push(prov("dwell", d));
    }
    let (fee, handling) = (stop_fee(h, tonnes), stop_handling(h, tonnes));
    if let (Some(f), Some(_)) = (&h.fee_usd_unit, fee) {
        provenance.push(prov("fee", f));
    }
    if let (Some(x), Some(_)) = (&h.handling, handling) {
        provenance.push(prov("handling", x));
    }
    Some(Stop {
        hub: h.id.clone(),
        name: h.name.clone(),
        countries: h.countries.clone(),
        border: h.is_border(),
        dwell_h: h.dwell_h.as_ref().map(|d| d.value),
        fee_usd: fee,
        handling_usd: handling,
        provenance,
    })
}

/// A leg or a stop, in route order.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Segment {
    Leg(Leg),
    Stop(Stop),
}

/// Cumulative distance, time and cost at each hub: the ESCAP time/cost–distance view.
#[derive(Debug, Clone, Serialize)]
pub struct TcdRow {
    pub hub: String,
    pub km: f64,
    /// On arrival at the hub.
    pub arrive_hours: f64,
    pub arrive_cost_usd: f64,
    /// On leaving it (after a border crossing or a transshipment there).
    pub hours: f64,
    pub cost_usd: f64,
}

/// A country's part of a route (sea and air legs count as `sea/air`; a border crossing is
/// split evenly between its two sides).
#[derive(Debug, Clone, Serialize)]
pub struct CountryShare {
    pub country: String,
    pub km: f64,
    pub hours: f64,
    pub cost_usd: f64,
    pub time_share: f64,
    pub cost_share: f64,
}

/// A route with everything a user needs to judge it.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    pub hubs: Vec<String>,
    pub links: Vec<String>,
    pub modes: Vec<Mode>,
    pub criteria: Criteria,
    pub km: f64,
    /// Typical (median) and bad-day (90th percentile) total time, in hours.
    pub p50_hours: f64,
    pub p90_hours: f64,
    /// Expected hours at border crossings, and their share of the expected total.
    pub border_hours: f64,
    pub border_share: f64,
    pub segments: Vec<Segment>,
    pub tcd: Vec<TcdRow>,
    pub countries: Vec<CountryShare>,
    /// Values no source gives, counted as zero.
    pub missing: Vec<Missing>,
}

/// A value no source gives for a route, counted as zero; shown (and serialised) as an
/// English phrase.
#[derive(Clone, Debug, PartialEq)]
pub enum Missing {
    MovingTime {
        link: String,
        from: String,
        to: String,
    },
    Cost {
        link: String,
        from: String,
        to: String,
    },
    /// Dwell at a hub: a border crossing or a transshipment.
    Time {
        hub: String,
        border: bool,
    },
    BorderFees {
        hub: String,
    },
    Handling {
        hub: String,
    },
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::MovingTime { link, from, to } => {
                write!(f, "moving time of {link} ({from}–{to})")
            }
            Missing::Cost { link, from, to } => write!(f, "cost of {link} ({from}–{to})"),
            Missing::Time { hub, border: true } => write!(f, "time at {hub} (border crossing)"),
            Missing::Time { hub, border: false } => write!(f, "time at {hub} (transshipment)"),
            Missing::BorderFees { hub } => write!(f, "fees at {hub} (border crossing)"),
            Missing::Handling { hub } => write!(f, "handling at {hub} (transshipment)"),
        }
    }
}

impl serde::Serialize for Missing {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Route {
    /// A short name: the hubs joined by arrows.
    pub fn name(&self) -> String {
        self.hubs.join(" → ")
    }

    /// Every source key the route's values cite.
    pub fn sources(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .segments
            .iter()
            .flat_map(|s| match s {
                Segment::Leg(l) => &l.provenance,
                Segment::Stop(s) => &s.provenance,
            })
            .flat_map(|p| p.sources.iter().cloned())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

/// The full report of a path found by the search, for `tonnes` of cargo.
pub fn evaluate(net: &Network, path: &Path, tonnes: f64) -> Route {
    let mut segments = Vec::new();
    let mut prev_mode = None;
    for &step in &path.steps {
        let mode = net.links[step.link].mode;
        if let Some(pm) = prev_mode
            && let Some(stop) = stop_detail(net, step.origin(net), pm, mode, tonnes)
        {
            segments.push(Segment::Stop(stop));
        }
        segments.push(Segment::Leg(leg_detail(net, step, tonnes)));
        prev_mode = Some(mode);
    }
    let hubs: Vec<String> = path
        .hubs(net)
        .iter()
        .map(|&h| net.hubs[h].id.clone())
        .collect();
    let mut modes: Vec<Mode> = Vec::new();
    let mut criteria = Criteria::default();
    let (mut km, mut border_hours) = (0.0, 0.0);
    let mut durations = Vec::new();
    let mut missing = Vec::new();
    let mut tcd = vec![TcdRow {
        hub: hubs[0].clone(),
        km: 0.0,
        arrive_hours: 0.0,
        arrive_cost_usd: 0.0,
        hours: 0.0,
        cost_usd: 0.0,
    }];
    let mut by_country: BTreeMap<String, (f64, f64, f64)> = BTreeMap::new();
    for seg in &segments {
        match seg {
            Segment::Leg(l) => {
                criteria = criteria.add(&l.criteria());
                km += l.km;
                if modes.last() != Some(&l.mode) {
                    modes.push(l.mode);
                }
                durations.extend(l.moving_h.iter().chain(l.wait_h.iter()).copied());
                let (link, from, to) = (l.link.clone(), l.from.clone(), l.to.clone());
                if l.moving_h.is_none() {
                    missing.push(Missing::MovingTime {
                        link: link.clone(),
                        from: from.clone(),
                        to: to.clone(),
                    });
                }
                if l.cost_usd.is_none() {
                    missing.push(Missing::Cost { link, from, to });
                }
                let key = l.country.clone().unwrap_or_else(|| "sea/air".to_string());
                let e = by_country.entry(key).or_default();
                *e = (e.0 + l.km, e.1 + l.hours(), e.2 + l.cost_usd.unwrap_or(0.0));
                tcd.push(TcdRow {
                    hub: l.to.clone(),
                    km,
                    arrive_hours: criteria.hours,
                    arrive_cost_usd: criteria.cost_usd,
                    hours: criteria.hours,
                    cost_usd: criteria.cost_usd,
                });
            }
            Segment::Stop(s) => {
                let c = s.criteria();
                criteria = criteria.add(&c);
                durations.extend(s.dwell_h);
                if s.border {
                    border_hours += c.hours;
                }
                let hub = s.hub.clone();
                if s.dwell_h.is_none() {
                    missing.push(Missing::Time {
                        hub: hub.clone(),
                        border: s.border,
                    });
                }
                if s.border && s.fee_usd.is_none() {
                    missing.push(Missing::BorderFees { hub: hub.clone() });
                }
                if !s.border && s.handling_usd.is_none() {
                    missing.push(Missing::Handling { hub });
                }
                let share = 1.0 / s.countries.len() as f64;
                for c2 in &s.countries {
                    let e = by_country.entry(c2.clone()).or_default();
                    *e = (e.0, e.1 + c.hours * share, e.2 + c.cost_usd * share);
                }
                if let Some(last) = tcd.last_mut() {
                    last.hours = criteria.hours;
                    last.cost_usd = criteria.cost_usd;
                }
            }
        }
    }
    let q = sum_quantiles(&durations, &[0.5, 0.9]);
    let ratio = |x: f64, total: f64| if total > 0.0 { x / total } else { 0.0 };
    let countries = by_country
        .into_iter()
        .map(|(country, (k, h, c))| CountryShare {
            country,
            km: k,
            hours: h,
            cost_usd: c,
            time_share: ratio(h, criteria.hours),
            cost_share: ratio(c, criteria.cost_usd),
        })
        .collect();
    Route {
        hubs,
        links: path
            .steps
            .iter()
            .map(|s| net.links[s.link].id.clone())
            .collect(),
        modes,
        criteria,
        km,
        p50_hours: q[0],
        p90_hours: q[1],
        border_hours,
        border_share: ratio(border_hours, criteria.hours),
        segments,
        tcd,
        countries,
        missing,
    }
}

/// A country as a candidate for the infrastructure consortium the paper proposes: in how many
/// of the routes it lies, and its mean share of their time and cost.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub country: String,
    pub routes: usize,
    pub mean_time_share: f64,
    pub mean_cost_share: f64,
}

/// The countries `routes` cross (sea and air legs left out), most routes and time first.
pub fn consortium(routes: &[Route]) -> Vec<Member> {
    let mut by: BTreeMap<&str, (usize, f64, f64)> = BTreeMap::new();
    for r in routes {
        for c in r.countries.iter().filter(|c| c.country != "sea/air") {
            let e = by.entry(c.country.as_str()).or_default();
            *e = (e.0 + 1, e.1 + c.time_share, e.2 + c.cost_share);
        }
    }
    let n = routes.len().max(1) as f64;
    let mut out: Vec<Member> = by
        .into_iter()
        .map(|(country, (k, t, c))| Member {
            country: country.to_string(),
            routes: k,
            mean_time_share: t / n,
            mean_cost_share: c / n,
        })
        .collect();
    out.sort_by(|a, b| {
        b.routes
            .cmp(&a.routes)
            .then(b.mean_time_share.total_cmp(&a.mean_time_share))
    });
    out
}

/// Weights of the four criteria for picking routes; each criterion is divided by its best
/// value among the routes compared, so weights need no units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    pub cost: f64,
    pub time: f64,
    pub co2: f64,
    pub borders: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            cost: 1.0,
            time: 1.0,
            co2: 1.0,
            borders: 1.0,
        }
    }
}

impl Weights {
    /// Parses `cost=1,time=0.5`; criteria not named weigh zero.
    pub fn parse(text: &str) -> Result<Weights, String> {
        let mut w = Weights {
            cost: 0.0,
            time: 0.0,
            co2: 0.0,
            borders: 0.0,
        };
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').ok_or_else(|| {
                format!("expected name=weight (as cost=1,time=0.5), found {part:?}")
            })?;
            let v: f64 = v
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("expected a non-negative weight for {k}, found {v:?}"))?;
            match k.trim() {
                "cost" => w.cost = v,
                "time" => w.time = v,
                "co2" => w.co2 = v,
                "borders" => w.borders = v,
                other => {
                    return Err(format!(
                        "expected cost, time, co2 or borders, found {other:?}"
                    ));
                }
            }
        }
        if w.cost + w.time + w.co2 + w.borders == 0.0 {
            return Err("expected at least one weight above zero".to_string());
        }
        Ok(w)
    }

    /// The score of `c`: each criterion divided by its best value in `norms` (cost, hours,
    /// CO2, borders), weighted and summed; lower is better.
    pub fn score(&self, c: &Criteria, norms: &Norms) -> f64 {
        self.cost * c.cost_usd / norms.0[0]
            + self.time * c.hours / norms.0[1]
            + self.co2 * c.co2_kg / norms.0[2]
            + self.borders * f64::from(c.borders) / norms.0[3]
    }

    /// The routes' indices from best to worst by weighted, normalised criteria, with scores.
    pub fn rank(&self, routes: &[Route]) -> Vec<(usize, f64)> {
        let norms = Norms::of(routes.iter().map(|r| &r.criteria));
        let mut scored: Vec<(usize, f64)> = routes
            .iter()
            .enumerate()
            .map(|(i, r)| (i, self.score(&r.criteria, &norms)))
            .collect();
        scored.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        scored
    }
}

/// The best value of each criterion (cost, hours, CO2, borders) among some routes; zero or
/// none counts as one, so that a criterion nobody has cannot divide by zero.
#[derive(Debug, Clone, Copy)]
pub struct Norms(pub [f64; 4]);

impl Norms {
    pub fn of<'a>(crits: impl Iterator<Item = &'a Criteria>) -> Norms {
        let mut m = [f64::INFINITY; 4];
        for c in crits {
            for (slot, v) in m
                .iter_mut()
                .zip([c.cost_usd, c.hours, c.co2_kg, f64::from(c.borders)])
            {
                *slot = slot.min(v);
            }
        }
        Norms(m.map(|v| if v > 0.0 && v.is_finite() { v } else { 1.0 }))
    }
}

/// What a user asked for: the Pareto routes (by expected time), the one route the weights
/// prefer, or the `k` best by the weights (dominated routes included).
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub routes: Vec<Route>,
    /// For each route, whether no other route is better on every criterion.
    pub pareto: Vec<bool>,
    /// For each route, its weighted score when weights were used.
    pub scores: Option<Vec<f64>>,
    /// False if the k-best enumeration stopped at its limit before finding `k` routes.
    pub complete: bool,
    /// The best value of each criterion over all routes (each is reached by a Pareto route).
    pub best: Criteria,
}

/// Partial routes the k-best enumeration may expand before it stops.
pub const MAX_EXPANSIONS: usize = 2_000_000;

pub fn plan(
    net: &Network,
    q: &crate::search::Query,
    weights: Option<Weights>,
    k: Option<usize>,
) -> Plan {
    let graph = crate::search::Graph::new(net, q.cargo, q.tonnes);
    let front = graph.pareto(&q.from, &q.to, q.epsilon);
    let is_pareto = |c: &Criteria| !front.iter().any(|p| p.criteria.dominates(c));
    let norms = Norms::of(front.iter().map(|p| &p.criteria));
    let (paths, complete) = match (k, weights) {
        (Some(k), w) => {
            let w = w.unwrap_or_default();
            graph.k_best(&q.from, &q.to, k, &|c| w.score(c, &norms), MAX_EXPANSIONS)
        }
        (None, Some(w)) => {
            let best = front.iter().min_by(|a, b| {
                w.score(&a.criteria, &norms)
                    .total_cmp(&w.score(&b.criteria, &norms))
            });
            (best.into_iter().cloned().collect(), true)
        }
        (None, None) => (front.clone(), true),
    };
    let routes: Vec<Route> = paths.iter().map(|p| evaluate(net, p, q.tonnes)).collect();
    Plan {
        best: best(front.iter().map(|p| &p.criteria)),
        pareto: routes.iter().map(|r| is_pareto(&r.criteria)).collect(),
        scores: weights.or(k.map(|_| Weights::default())).map(|w| {
            routes
                .iter()
                .map(|r| w.score(&r.criteria, &norms))
                .collect()
        }),
        routes,
        complete,
    }
}

/// A scenario against the baseline: the best value of each criterion in both (over all
/// routes), the baseline's routes the scenario closes, and the scenario's routes that need
/// something the baseline does not have open.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub baseline_best: Criteria,
    pub scenario_best: Criteria,
    pub lost: Vec<String>,
    pub added: Vec<String>,
    /// Routes listed in both whose criteria differ.
    pub changed: Vec<RouteChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteChange {
    pub route: String,
    pub baseline: Criteria,
    pub scenario: Criteria,
}

/// The best value of each criterion (NaN and 0 borders when there is no route).
fn best<'a>(crits: impl Iterator<Item = &'a Criteria>) -> Criteria {
    let nan = Criteria {
        cost_usd: f64::NAN,
        hours: f64::NAN,
        co2_kg: f64::NAN,
        borders: 0,
    };
    crits
        .copied()
        .reduce(|a, b| Criteria {
            cost_usd: a.cost_usd.min(b.cost_usd),
            hours: a.hours.min(b.hours),
            co2_kg: a.co2_kg.min(b.co2_kg),
            borders: a.borders.min(b.borders),
        })
        .unwrap_or(nan)
}

/// True if every hub and link of `route` is open in `net`.
pub fn usable(net: &Network, route: &Route) -> bool {
    route
        .hubs
        .iter()
        .all(|h| net.hub(h).is_some_and(|i| !net.hubs[i].closed))
        && route.links.iter().all(|l| {
            net.link(l)
                .is_some_and(|i| net.links[i].status == crate::network::Status::Open)
        })
}

pub fn compare(
    base_net: &Network,
    baseline: &Plan,
    scen_net: &Network,
    scenario: &Plan,
) -> Comparison {
    Comparison {
        baseline_best: baseline.best,
        scenario_best: scenario.best,
        lost: baseline
            .routes
            .iter()
            .filter(|r| !usable(scen_net, r))
            .map(Route::name)
            .collect(),
        added: scenario
            .routes
            .iter()
            .filter(|r| !usable(base_net, r))
            .map(Route::name)
            .collect(),
        changed: baseline
            .routes
            .iter()
            .filter_map(|b| {
                let s = scenario
                    .routes
                    .iter()
                    .find(|s| s.hubs == b.hubs && s.links == b.links)?;
                (!s.criteria.ties(&b.criteria)).then(|| RouteChange {
                    route: b.name(),
                    baseline: b.criteria,
                    scenario: s.criteria,
                })
            })
            .collect(),
    }
}
