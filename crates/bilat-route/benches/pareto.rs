//! Pareto search time on a generated 10,000-hub network and on the bundled one, against a
//! raw-speed bound: single-criterion Dijkstra (`pathfinding` 4) over the same hubs and links.
//!
//! The generated network is SYNTHETIC (10,000 scattered hubs joined by roads and a rail
//! layer, with CPMM-like rates and speeds and random border crossings); it is labelled so in
//! its sources and never bundled. The trip is about 3,100 km long, as KZ-QA routes are.
//!
//! Run: `cargo bench -p bilat-route --bench pareto` (see BENCHMARKS.md).

use std::time::Instant;

use bilat_route::search::Graph;
use bilat_route::{Cargo, Network, NetworkFiles};

/// xorshift64*: reproducible random numbers without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Hubs in the generated network.
const HUBS: usize = 10_000;

/// A SYNTHETIC corridor-like network in two layers, as real ones are: roads join every hub
/// to its three nearest neighbours, and a rail network joins the 30 % of hubs that are
/// stations to their two nearest stations; rates and speeds are CPMM-like (± 10 %), so cost,
/// time and CO2 follow distance and mode as in the real data. 2 % of hubs are border
/// crossings with dwell ranges and fees; stations charge dwell and handling to change mode.
fn synthetic_network() -> Network {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let pts: Vec<(f64, f64)> = (0..HUBS)
        .map(|_| (20.0 + 40.0 * rng.next(), 40.0 + 60.0 * rng.next()))
        .collect();
    // Layers: 27 % rail stations, 3 % intermodal terminals on both layers (where cargo can
    // change mode), the rest on roads only. BILAT_BENCH_TERMINALS=all puts every station on
    // the road network too (a mode change possible at each: the worst case).
    let all_terminals = std::env::var("BILAT_BENCH_TERMINALS").is_ok_and(|v| v == "all");
    let layer: Vec<u8> = (0..HUBS)
        .map(|_| {
            let r = rng.next();
            if r < 0.03 {
                2
            } else if r < 0.3 {
                if all_terminals { 2 } else { 1 }
            } else {
                0
            }
        })
        .collect();
    let on_road: Vec<bool> = layer.iter().map(|&l| l != 1).collect();
    let on_rail: Vec<bool> = layer.iter().map(|&l| l != 0).collect();
    let mut hubs = String::from(
        "id,name,country,kind,endpoint,lat,lon,coord_src,dwell_h,dwell_src,dwell_year,fee_usd_unit,fee_src,fee_year,handling_usd,handling_per,handling_src,handling_year,note\n",
    );
    for (i, (lat, lon)) in pts.iter().enumerate() {
        if rng.next() < 0.02 {
            let d = 1.0 + rng.next() * 5.0;
            hubs += &format!(
                "H{i},synthetic,KZ-UZ,border,no,{lat},{lon},SYN,{d:.1}-{:.1},SYN,2024,{:.0},SYN,2024,,,,,\n",
                d + 10.0 * rng.next() + 0.1,
                50.0 + 300.0 * rng.next()
            );
        } else {
            hubs += &format!(
                "H{i},synthetic,KZ,rail,yes,{lat},{lon},SYN,{:.1},SYN,2024,,,,{:.0},unit,SYN,2024,\n",
                1.0 + 10.0 * rng.next(),
                50.0 + 150.0 * rng.next()
            );
        }
    }
    let mut links = String::from(
        "id,from,to,mode,cargo,status,country,km,km_src,km_year,speed_kmh,hours,time_src,time_year,wait_h,wait_src,wait_year,usd_tkm,usd_t,usd_unit,cost_src,cost_year,note\n",
    );
    let mut seen = std::collections::HashSet::new();
    for (mode, k, members) in [("road", 3, on_road.clone()), ("rail", 2, on_rail.clone())] {
        for (i, a) in pts.iter().enumerate().filter(|(i, _)| members[*i]) {
            let mut near: Vec<(f64, usize)> = pts
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i && members[*j])
                .map(|(j, b)| (bilat_route::network::great_circle_km(a.0, a.1, b.0, b.1), j))
                .collect();
            near.select_nth_unstable_by(k, |x, y| x.0.total_cmp(&y.0));
            for &(km, j) in &near[..k] {
                if !seen.insert((mode, i.min(j), i.max(j))) {
                    continue;
                }
                let noise = 0.9 + 0.2 * rng.next();
                let (speed, rate) = if mode == "rail" {
                    (40.0 * noise, 0.088 * noise)
                } else {
                    (50.0 * noise, 0.149 * noise)
                };
                links += &format!(
                    "{mode}{i}_{j},H{i},H{j},{mode},container|bulk|truck,open,KZ,{:.1},SYN,2024,{speed:.1},,SYN,2024,,,,{rate:.4},,,SYN,2024,\n",
                    km * 1.2 + 1.0
                );
            }
        }
    }
    Network::parse(&NetworkFiles {
        hubs: ("synthetic-hubs.csv", &hubs),
        links: ("synthetic-links.csv", &links),
        modes: ("modes.csv", "mode,co2_g_tkm,co2_src,co2_year,note\nrail,30,SYN,2024,\nroad,90,SYN,2024,\nsea,14,SYN,2024,\nroro,60,SYN,2024,\nair,1580,SYN,2024,\n"),
        sources: ("sources.csv", "key,url,what\nSYN,synthetic,SYNTHETIC benchmark data generated by benches/pareto.rs; not real\n"),
        sea: ("sea.csv", "from,to,nm,km,tool\n"),
    })
    .expect("the generated network is valid")
}

/// The hub nearest to a point.
fn nearest(net: &Network, lat: f64, lon: f64) -> usize {
    (0..net.hubs.len())
        .min_by(|&a, &b| {
            let d = |h: usize| (net.hubs[h].lat - lat).powi(2) + (net.hubs[h].lon - lon).powi(2);
            d(a).total_cmp(&d(b))
        })
        .expect("hubs")
}

/// Median wall time of `f` over `runs` runs, in milliseconds.
fn median_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[runs / 2], last.expect("runs > 0"))
}

/// Single-criterion (expected time) shortest path over the same links, as the raw-speed bound.
fn dijkstra_ms(net: &Network, from: usize, to: usize, runs: usize) -> f64 {
    let mut adj: Vec<Vec<(usize, u64)>> = vec![Vec::new(); net.hubs.len()];
    for l in &net.links {
        let h = (l.moving_hours().map_or(0.0, |d| d.mean()) * 1e6) as u64;
        adj[l.from].push((l.to, h));
        adj[l.to].push((l.from, h));
    }
    median_ms(runs, || {
        pathfinding::directed::dijkstra::dijkstra(&from, |&h| adj[h].clone(), |&h| h == to)
    })
    .0
}

fn report(
    name: &str,
    net: &Network,
    from: &[usize],
    to: &[usize],
    runs: usize,
    target_ms: f64,
    epsilon: f64,
) {
    let (ms, n) = median_ms(runs, || {
        Graph::new(net, Cargo::Container, 20.0)
            .pareto(from, to, epsilon)
            .len()
    });
    let (build, _) = median_ms(runs, || Graph::new(net, Cargo::Container, 20.0));
    let bound = dijkstra_ms(net, from[0], to[0], runs);
    println!(
        "{name}: {} hubs, {} links, epsilon {epsilon}: Pareto search {ms:.3} ms, of which {build:.3} ms building the query's graph ({n} routes; target < {target_ms} ms: {}) · Dijkstra bound {bound:.3} ms · ratio {:.1}x",
        net.hubs.len(),
        net.links.len(),
        if ms < target_ms { "met" } else { "NOT met" },
        ms / bound
    );
}

fn main() {
    let bundled = bilat_route::bundled().expect("bundled network");
    let ends = |c: &str| bundled.endpoints(c);
    report(
        "bundled KZ-QA",
        &bundled,
        &ends("KZ"),
        &ends("QA"),
        201,
        1.0,
        0.0,
    );
    let synthetic = synthetic_network();
    // By default the trip spans 40 % of the box's diagonal: about 3,100 km, as long as the
    // Kazakhstan-Qatar routes of the bundled network (3,000-3,900 km).
    let span = std::env::var("BILAT_BENCH_SPAN")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(0.4);
    let (a, b) = (
        nearest(&synthetic, 40.0 - 20.0 * span, 70.0 - 30.0 * span),
        nearest(&synthetic, 40.0 + 20.0 * span, 70.0 + 30.0 * span),
    );
    // The exact Pareto set of a 3,100 km trip through 10,000 hubs has about 1,400 routes;
    // an ε-Pareto set (a route within 1 + ε of another on every criterion is dropped) keeps
    // the trade-offs a user can tell apart, given that the sourced values are uncertain by
    // far more than 5 %.
    for (epsilon, runs) in [(0.05, 11), (0.01, 11), (0.0, 21)] {
        report(
            "synthetic 10k hubs",
            &synthetic,
            &[a],
            &[b],
            runs,
            50.0,
            epsilon,
        );
    }
}
