//! Pareto-optimal routes by multi-criteria label setting (Martins' algorithm).
//!
//! A label is a partial route ending at a hub, with four criteria summed along it: cost
//! (USD), expected time (hours), CO2 (kg) and border crossings. Each hub also gets a lower
//! bound of each criterion still to pay to the destinations (single-criterion Dijkstra from
//! them), as in NAMOA*: labels are settled in lexicographic order (time, cost, CO2, borders)
//! of what they have paid plus that bound. A hub keeps one bag of labels; a label is dropped
//! when another in the bag is no worse on every criterion, counting the transshipment the
//! other would still pay if it arrived by another mode; and when a route already at a
//! destination beats even its optimistic completion ("target pruning"). Routes never visit a
//! hub twice, and end at the first destination they reach.
//!
//! Stopping at a hub costs what [`crate::report::stop_criteria`] says: a border crossing
//! always, a change of mode (transshipment) otherwise; the report's legs and stops are built
//! from the same helpers, so that a route's reported totals are the criteria it was chosen
//! by. `tests/pareto.rs` checks the result against brute-force enumeration.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use serde::Serialize;

use crate::network::{Cargo, Mode, Network, Status};
use crate::report::{leg_criteria, stop_criteria};

/// Where from, where to, what and how much.
#[derive(Debug, Clone)]
pub struct Query {
    pub from: Vec<usize>,
    pub to: Vec<usize>,
    pub cargo: Cargo,
    pub tonnes: f64,
    /// 0 for the exact Pareto set; above 0 for an ε-Pareto set (see [`Graph::pareto`]).
    pub epsilon: f64,
}

/// The four criteria of a route. Costs and times that no source gives count as zero and
/// are listed in the route's `missing`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Criteria {
    pub cost_usd: f64,
    /// Expected hours (the sum of the means of every duration).
    pub hours: f64,
    pub co2_kg: f64,
    pub borders: u32,
}

impl Criteria {
    fn array(&self) -> [f64; 4] {
        [
            self.hours,
            self.cost_usd,
            self.co2_kg,
            f64::from(self.borders),
        ]
    }

    pub(crate) fn add(&self, other: &Criteria) -> Criteria {
        Criteria {
            cost_usd: self.cost_usd + other.cost_usd,
            hours: self.hours + other.hours,
            co2_kg: self.co2_kg + other.co2_kg,
            borders: self.borders + other.borders,
        }
    }

    /// True if `self` is no worse on every criterion and better on one (with a relative
    /// tolerance of 1e-9, so that sums taken in another order do not count as different).
    pub fn dominates(&self, other: &Criteria) -> bool {
        let (a, b) = (self.array(), other.array());
        let tol = |x: f64| 1e-9 * x.abs().max(1.0);
        a.iter().zip(&b).all(|(x, y)| *x <= y + tol(*y))
            && a.iter().zip(&b).any(|(x, y)| *x < y - tol(*y))
    }

    /// True if `self` dominates `other`, or (with `epsilon` > 0) is within a factor
    /// `1 + epsilon` of it on every criterion: the pruning rule of an ε-Pareto search.
    pub fn covers(&self, other: &Criteria, epsilon: f64) -> bool {
        if epsilon <= 0.0 {
            return self.dominates(other);
        }
        let (a, b) = (self.array(), other.array());
        a.iter()
            .zip(&b)
            .all(|(x, y)| *x <= y * (1.0 + epsilon) + 1e-9 * y.abs().max(1.0))
    }

    /// The largest first criterion (hours) that `covers` lets a route have against a route of
    /// `hours`: a search can skip, in a list sorted by hours, every route beyond it.
    fn reach(hours: f64, epsilon: f64) -> f64 {
        hours * (1.0 + epsilon.max(0.0)) + 1e-9 * hours.abs().max(1.0)
    }

    /// Equal within the tolerance of [`Criteria::dominates`].
    pub fn ties(&self, other: &Criteria) -> bool {
        let (a, b) = (self.array(), other.array());
        a.iter()
            .zip(&b)
            .all(|(x, y)| (x - y).abs() <= 1e-9 * y.abs().max(1.0))
    }
}

/// One traversal of a link, in its direction (`forward`: from → to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Step {
    pub link: usize,
    pub forward: bool,
}

impl Step {
    pub fn origin(&self, net: &Network) -> usize {
        let l = &net.links[self.link];
        if self.forward { l.from } else { l.to }
    }

    pub fn target(&self, net: &Network) -> usize {
        let l = &net.links[self.link];
        if self.forward { l.to } else { l.from }
    }
}

/// A route found by the search: its first hub, its steps and its criteria.
#[derive(Debug, Clone, Serialize)]
pub struct Path {
    pub start: usize,
    pub steps: Vec<Step>,
    pub criteria: Criteria,
}

impl Path {
    /// The hubs visited, first to last.
    pub fn hubs(&self, net: &Network) -> Vec<usize> {
        let mut out = vec![self.start];
        out.extend(self.steps.iter().map(|s| s.target(net)));
        out
    }
}

#[derive(Clone, Copy)]
struct Label {
    crit: Criteria,
    hub: u32,
    mode: Option<Mode>,
    pred: u32,
    step: Step,
    alive: bool,
    /// The hubs of the route so far, each as bit `hub % 64`: a hub whose bit is clear is
    /// surely not on it, which spares most walks back along the route ([`on_path`]).
    seen: u64,
}

/// A hub's bit in [`Label::seen`].
fn bit(hub: usize) -> u64 {
    1 << (hub % 64)
}

const NONE: u32 = u32::MAX;

/// A label in a hub's bag: its criteria and arrival mode beside its index.
#[derive(Clone, Copy)]
struct Entry {
    crit: Criteria,
    mode: Option<Mode>,
    id: u32,
}

/// A step out of a hub, with where it leads and what it costs.
#[derive(Clone, Copy)]
struct Out {
    step: Step,
    next: usize,
    mode: Mode,
    leg: Criteria,
}

/// The per-query costs, computed once: each usable step, and each hub's stop cost.
pub struct Graph<'n> {
    net: &'n Network,
    /// Outgoing usable steps, grouped by hub: those of hub `h` are
    /// `steps[first[h]..first[h + 1]]`.
    first: Vec<usize>,
    steps: Vec<Out>,
    /// Stop criteria per hub: at a border (any modes), or for a change of mode.
    border: Vec<Option<Criteria>>,
    transfer: Vec<Criteria>,
}

impl<'n> Graph<'n> {
    pub fn new(net: &'n Network, cargo: Cargo, tonnes: f64) -> Graph<'n> {
        let mut steps: Vec<(usize, Out)> = Vec::with_capacity(2 * net.links.len());
        for (i, l) in net.links.iter().enumerate() {
            if l.status != Status::Open
                || !l.cargo.contains(&cargo)
                || net.hubs[l.from].closed
                || net.hubs[l.to].closed
            {
                continue;
            }
            // A link costs the same both ways.
            let crit = leg_criteria(
                net,
                Step {
                    link: i,
                    forward: true,
                },
                tonnes,
            );
            for forward in [true, false] {
                let step = Step { link: i, forward };
                let next = step.target(net);
                steps.push((
                    step.origin(net),
                    Out {
                        step,
                        next,
                        mode: l.mode,
                        leg: crit,
                    },
                ));
            }
        }
        // Group the steps by origin hub (a counting sort: stable, linear).
        let mut first = vec![0; net.hubs.len() + 1];
        for (origin, _) in &steps {
            first[origin + 1] += 1;
        }
        for h in 0..net.hubs.len() {
            first[h + 1] += first[h];
        }
        let mut at = first.clone();
        let mut grouped = vec![None; steps.len()];
        for (origin, out) in steps {
            grouped[at[origin]] = Some(out);
            at[origin] += 1;
        }
        let steps: Vec<Out> = grouped.into_iter().flatten().collect();
        let border = net
            .hubs
            .iter()
            .enumerate()
            .map(|(h, hub)| {
                // A border's stop is the same whatever the modes.
                hub.is_border()
                    .then(|| stop_criteria(net, h, Mode::Rail, Mode::Rail, tonnes))
                    .flatten()
            })
            .collect();
        // Any change of mode costs the same transshipment.
        let transfer = (0..net.hubs.len())
            .map(|h| stop_criteria(net, h, Mode::Rail, Mode::Road, tonnes).unwrap_or_default())
            .collect();
        Graph {
            net,
            first,
            steps,
            border,
            transfer,
        }
    }

    /// `c` plus the lower bound at `hub`: the best a route there could still end with.
    fn bounded(lb: &[[f64; 4]], hub: usize, c: &Criteria) -> Criteria {
        let b = lb[hub];
        Criteria {
            hours: c.hours + b[0],
            cost_usd: c.cost_usd + b[1],
            co2_kg: c.co2_kg + b[2],
            borders: c.borders + b[3] as u32,
        }
    }

    /// A bound at `hub` for a route that starts there: it pays no stop at its first hub,
    /// which the lower bounds count for routes that arrive at a border crossing.
    fn as_origin(&self, hub: usize, bound: Criteria) -> Criteria {
        match self.border[hub] {
            Some(st) => Criteria {
                hours: bound.hours - st.hours,
                cost_usd: bound.cost_usd - st.cost_usd,
                co2_kg: bound.co2_kg - st.co2_kg,
                borders: bound.borders.saturating_sub(st.borders),
            },
            None => bound,
        }
    }

    fn out(&self, hub: usize) -> &[Out] {
        &self.steps[self.first[hub]..self.first[hub + 1]]
    }

    fn stop(&self, hub: usize, from: Mode, to: Mode) -> Criteria {
        if let Some(b) = self.border[hub] {
            b
        } else if from != to {
            self.transfer[hub]
        } else {
            Criteria::default()
        }
    }

    /// For each hub, a lower bound of each criterion still to pay to reach any of `to`: the
    /// single-criterion shortest distance over the legs and border stops (transshipments
    /// only add, so it never overestimates). Infinite where no target can be reached.
    fn lower_bounds(&self, to: &[usize]) -> Vec<[f64; 4]> {
        let [h, c, e, b] = [0, 1, 2, 3].map(|k| self.distances(to, k));
        (0..self.net.hubs.len())
            .map(|i| [h[i], c[i], e[i], b[i]])
            .collect()
    }

    /// Dijkstra on criterion `k` (hours, cost, CO2, borders) from the `to` hubs: what a route
    /// that has arrived at a hub still pays, legs and border stops (its own included, since
    /// it pays it on leaving). Every link can be travelled both ways with the same criteria,
    /// so distances from the targets are distances to them.
    fn distances(&self, to: &[usize], k: usize) -> Vec<f64> {
        let mut dist = vec![f64::INFINITY; self.net.hubs.len()];
        let mut heap = BinaryHeap::new();
        for &t in to {
            dist[t] = 0.0;
            heap.push(MinFirst(0.0, t));
        }
        while let Some(MinFirst(d, h)) = heap.pop() {
            if d > dist[h] {
                continue;
            }
            for &Out { next, leg, .. } in self.out(h) {
                // Arriving at a border crossing on the way means paying its stop (the same
                // whatever the modes) when leaving it; not at a destination, where routes end.
                let stop = match self.border[next] {
                    Some(b) if !to.contains(&next) => b.array()[k],
                    _ => 0.0,
                };
                let nd = d + leg.array()[k] + stop;
                if nd < dist[next] {
                    dist[next] = nd;
                    heap.push(MinFirst(nd, next));
                }
            }
        }
        dist
    }

    /// The Pareto-optimal routes from any of `from` to any of `to`, by expected time.
    ///
    /// With `epsilon` > 0, a label within a factor `1 + epsilon` of another on every
    /// criterion is dropped too: the result is an ε-Pareto set (every Pareto route is within
    /// that factor of a returned one at each pruning), much smaller on large networks.
    pub fn pareto(&self, from: &[usize], to: &[usize], epsilon: f64) -> Vec<Path> {
        let lb = self.lower_bounds(to);
        let bound = |hub: usize, c: &Criteria| Self::bounded(&lb, hub, c);
        let n = self.net.hubs.len();
        let mut is_target = vec![false; n];
        for &t in to {
            is_target[t] = true;
        }
        // What a label arriving by one mode may have to pay more than one arriving by another
        // to continue: a transshipment (nothing at a border, whose stop is the same for all,
        // and nothing at a destination).
        let penalty: Vec<Criteria> = (0..n)
            .map(|h| {
                if is_target[h] || self.border[h].is_some() {
                    Criteria::default()
                } else {
                    self.transfer[h]
                }
            })
            .collect();
        // `a` beats `b` at `hub` if it does at least as well whatever the continuation.
        let beats = |hub: usize, a: &Entry, b: &Entry| -> bool {
            if a.mode == b.mode {
                a.crit.covers(&b.crit, epsilon)
            } else {
                a.crit.add(&penalty[hub]).covers(&b.crit, epsilon)
            }
        };
        let mut labels: Vec<Label> = Vec::new();
        // Each hub's labels, with their criteria inline so that scanning a bag reads one
        // contiguous block (the scan is most of the search's time on large networks), sorted
        // by hours: a label can only be beaten by those up to its `reach`, and only beat those
        // from where its hours are within theirs, so each check scans part of the bag.
        let mut bags: Vec<Vec<Entry>> = vec![Vec::new(); n];
        // Routes found so far (labels at a destination), criteria inline and sorted by hours
        // as in the bags.
        let mut done: Vec<(Criteria, u32)> = Vec::new();
        let reach = |hours: f64| Criteria::reach(hours, epsilon);
        let mut heap = BinaryHeap::new();
        for &s in from {
            if self.net.hubs[s].closed || is_target[s] || !lb[s][0].is_finite() {
                continue;
            }
            let id = labels.len() as u32;
            labels.push(Label {
                crit: Criteria::default(),
                hub: s as u32,
                mode: None,
                pred: NONE,
                step: Step {
                    link: 0,
                    forward: true,
                },
                alive: true,
                seen: bit(s),
            });
            bags[s].push(Entry {
                crit: Criteria::default(),
                mode: None,
                id,
            });
            heap.push(Queued(
                self.as_origin(s, bound(s, &Criteria::default())),
                id,
            ));
        }
        while let Some(Queued(_, id)) = heap.pop() {
            let label = labels[id as usize];
            if !label.alive {
                continue;
            }
            let hub = label.hub as usize;
            for &Out {
                step,
                next,
                mode,
                leg,
            } in self.out(hub)
            {
                if !lb[next][0].is_finite() {
                    continue;
                }
                let stop = match label.mode {
                    Some(m) => self.stop(hub, m, mode),
                    None => Criteria::default(),
                };
                let crit = label.crit.add(&stop).add(&leg);
                let candidate = Label {
                    crit,
                    hub: next as u32,
                    mode: Some(mode),
                    pred: id,
                    step,
                    alive: true,
                    seen: label.seen | bit(next),
                };
                let new = labels.len() as u32;
                let entry = Entry {
                    crit,
                    mode: Some(mode),
                    id: new,
                };
                let within = bags[next].partition_point(|b| b.crit.hours <= reach(crit.hours));
                if bags[next][..within].iter().any(|b| beats(next, b, &entry)) {
                    continue;
                }
                // A route already found that beats even the best this label could still do.
                let optimistic = bound(next, &crit);
                let within = done.partition_point(|(d, _)| d.hours <= reach(optimistic.hours));
                if done[..within]
                    .iter()
                    .any(|(d, _)| d.covers(&optimistic, epsilon))
                {
                    continue;
                }
                // A hub whose bag is empty has never been reached, so is on no route yet.
                if !bags[next].is_empty() && on_path(&labels, id, next as u32) {
                    continue;
                }
                let bag = &mut bags[next];
                let from = bag.partition_point(|b| reach(b.crit.hours) < crit.hours);
                let mut kept = from;
                for i in from..bag.len() {
                    let b = bag[i];
                    if beats(next, &entry, &b) {
                        labels[b.id as usize].alive = false;
                    } else {
                        bag[kept] = b;
                        kept += 1;
                    }
                }
                bag.truncate(kept);
                let at = bag.partition_point(|b| b.crit.hours <= crit.hours);
                bag.insert(at, entry);
                labels.push(candidate);
                if is_target[next] {
                    // Routes to other destinations that this one beats go too (a dead one,
                    // beaten at its own hub meanwhile, as well).
                    let from = done.partition_point(|(d, _)| reach(d.hours) < crit.hours);
                    let mut kept = from;
                    for i in from..done.len() {
                        let (d, l) = done[i];
                        let keep = labels[l as usize].alive && !crit.covers(&d, epsilon);
                        labels[l as usize].alive = keep;
                        if keep {
                            done[kept] = (d, l);
                            kept += 1;
                        }
                    }
                    done.truncate(kept);
                    let at = done.partition_point(|(d, _)| d.hours <= crit.hours);
                    done.insert(at, (crit, new));
                } else {
                    heap.push(Queued(optimistic, new));
                }
            }
        }
        let mut paths: Vec<Path> = done
            .iter()
            .filter(|&&(_, d)| labels[d as usize].alive)
            .map(|&(_, d)| path_of(&labels, d))
            .collect();
        paths.sort_by(|a, b| {
            a.criteria
                .array()
                .partial_cmp(&b.criteria.array())
                .unwrap_or(Ordering::Equal)
        });
        paths
    }
}

impl Graph<'_> {
    /// The `k` best routes by `score` (lower is better; `report::plan` passes the weighted
    /// sum of the criteria, each divided by its best value), dominated routes included:
    /// best-first enumeration of simple paths, exact for a score that only grows.
    /// Stops after `max_expansions` partial routes and returns what it has (the flag says so).
    pub fn k_best(
        &self,
        from: &[usize],
        to: &[usize],
        k: usize,
        score: &dyn Fn(&Criteria) -> f64,
        max_expansions: usize,
    ) -> (Vec<Path>, bool) {
        let mut is_target = vec![false; self.net.hubs.len()];
        for &t in to {
            is_target[t] = true;
        }
        // Lower bounds to the destinations make the order A*-like: a partial route is
        // scored with the best it could still do, so complete routes still leave the queue
        // in order of their score, and dead ends are never expanded.
        let lb = self.lower_bounds(to);
        let optimistic = |hub: usize, c: &Criteria| score(&Self::bounded(&lb, hub, c));
        let mut labels: Vec<Label> = Vec::new();
        let mut heap = BinaryHeap::new();
        for &s in from {
            if self.net.hubs[s].closed || is_target[s] || !lb[s][0].is_finite() {
                continue;
            }
            labels.push(Label {
                crit: Criteria::default(),
                hub: s as u32,
                mode: None,
                pred: NONE,
                step: Step {
                    link: 0,
                    forward: true,
                },
                alive: true,
                seen: bit(s),
            });
            heap.push(MinFirst(
                score(&self.as_origin(s, Self::bounded(&lb, s, &Criteria::default()))),
                labels.len() as u32 - 1,
            ));
        }
        let mut out = Vec::new();
        let mut expansions = 0;
        while let Some(MinFirst(_, id)) = heap.pop() {
            let label = labels[id as usize];
            let hub = label.hub as usize;
            if is_target[hub] {
                out.push(path_of(&labels, id));
                if out.len() == k {
                    return (out, true);
                }
                continue;
            }
            expansions += 1;
            if expansions > max_expansions {
                return (out, false);
            }
            for &Out {
                step,
                next,
                mode,
                leg,
            } in self.out(hub)
            {
                if !lb[next][0].is_finite() || on_path(&labels, id, next as u32) {
                    continue;
                }
                let stop = label
                    .mode
                    .map_or_else(Criteria::default, |m| self.stop(hub, m, mode));
                let crit = label.crit.add(&stop).add(&leg);
                labels.push(Label {
                    crit,
                    hub: next as u32,
                    mode: Some(mode),
                    pred: id,
                    step,
                    alive: true,
                    seen: labels[id as usize].seen | bit(next),
                });
                heap.push(MinFirst(optimistic(next, &crit), labels.len() as u32 - 1));
            }
        }
        (out, true)
    }
}

fn path_of(labels: &[Label], end: u32) -> Path {
    let mut steps = Vec::new();
    let mut at = end;
    while labels[at as usize].pred != NONE {
        steps.push(labels[at as usize].step);
        at = labels[at as usize].pred;
    }
    steps.reverse();
    Path {
        start: labels[at as usize].hub as usize,
        steps,
        criteria: labels[end as usize].crit,
    }
}

/// True if `hub` is already on the route that ends in label `id`.
fn on_path(labels: &[Label], mut id: u32, hub: u32) -> bool {
    if labels[id as usize].seen & bit(hub as usize) == 0 {
        return false;
    }
    loop {
        let l = &labels[id as usize];
        if l.hub == hub {
            return true;
        }
        if l.pred == NONE {
            return false;
        }
        id = l.pred;
    }
}

/// A queue entry ordered by one number, smallest first (ties by the smaller id): a hub in a
/// single-criterion Dijkstra, a partial route in the k-best search.
struct MinFirst<T>(f64, T);

impl<T: Ord> PartialEq for MinFirst<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<T: Ord> Eq for MinFirst<T> {}
impl<T: Ord> PartialOrd for MinFirst<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T: Ord> Ord for MinFirst<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

/// A label in the queue, smallest (lexicographic time, cost, CO2, borders) first.
struct Queued(Criteria, u32);

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.0.array(), other.0.array());
        for (x, y) in a.iter().zip(&b) {
            match y.total_cmp(x) {
                Ordering::Equal => continue,
                o => return o,
            }
        }
        other.1.cmp(&self.1)
    }
}

/// The Pareto routes of a query on a network.
pub fn pareto(net: &Network, q: &Query) -> Vec<Path> {
    Graph::new(net, q.cargo, q.tonnes).pareto(&q.from, &q.to, q.epsilon)
}
