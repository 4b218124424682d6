//! Pareto search on hand-made networks whose answer is known, and against brute force.

mod common;

use bilat_route::report::{Weights, evaluate, plan};
use bilat_route::search::{Criteria, Path, pareto};
use bilat_route::{Cargo, Network, Query};
use common::{hub, link, parse};
use proptest::prelude::*;

fn query(net: &Network, from: &str, to: &str) -> Query {
    Query {
        from: vec![net.hub(from).unwrap()],
        to: vec![net.hub(to).unwrap()],
        cargo: Cargo::Container,
        tonnes: 20.0,
        epsilon: 0.0,
    }
}

fn names(net: &Network, paths: &[Path]) -> Vec<String> {
    let mut v: Vec<String> = paths
        .iter()
        .map(|p| {
            p.hubs(net)
                .iter()
                .map(|&h| net.hubs[h].id.clone())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect();
    v.sort();
    v
}

/// O to D by six two-leg routes of 100 km each (CO2 equal): A is fast and dear-ish, F ties
/// with A exactly, B is cheap and slow, C is fastest and dearest, E is dominated by A.
fn diamond() -> Network {
    let hubs: Vec<String> = ["O", "A", "B", "C", "E", "F", "D"]
        .iter()
        .enumerate()
        .map(|(i, id)| hub(id, "KZ", "rail", matches!(*id, "O" | "D"), i))
        .collect();
    let links = vec![
        link("OA", "O", "A", "rail", "KZ", (100.0, 10.0, 100.0)),
        link("AD", "A", "D", "rail", "KZ", (100.0, 10.0, 100.0)),
        link("OB", "O", "B", "road", "KZ", (100.0, 30.0, 50.0)),
        link("BD", "B", "D", "road", "KZ", (100.0, 30.0, 50.0)),
        link("OC", "O", "C", "rail", "KZ", (100.0, 5.0, 150.0)),
        link("CD", "C", "D", "rail", "KZ", (100.0, 5.0, 150.0)),
        link("OE", "O", "E", "rail", "KZ", (100.0, 12.0, 100.0)),
        link("ED", "E", "D", "rail", "KZ", (100.0, 12.0, 100.0)),
        link("OF", "O", "F", "rail", "KZ", (100.0, 10.0, 100.0)),
        link("FD", "F", "D", "rail", "KZ", (100.0, 10.0, 100.0)),
    ];
    parse(&hubs, &links).unwrap()
}

#[test]
fn the_known_pareto_set_with_a_tie_and_without_the_dominated_route() {
    let net = diamond();
    let paths = pareto(&net, &query(&net, "O", "D"));
    assert_eq!(names(&net, &paths), ["O-A-D", "O-B-D", "O-C-D", "O-F-D"]);
    let a = paths
        .iter()
        .find(|p| p.steps.len() == 2 && net.links[p.steps[0].link].id == "OA")
        .unwrap();
    assert_eq!(
        a.criteria,
        Criteria {
            cost_usd: 200.0,
            hours: 20.0,
            co2_kg: 40.0,
            borders: 0
        }
    );
    // Sorted by expected time: C (10 h) first, B (60 h) last.
    assert_eq!(paths[0].hubs(&net).len(), 3);
    assert_eq!(net.hubs[paths[0].hubs(&net)[1]].id, "C");
    assert_eq!(net.hubs[paths.last().unwrap().hubs(&net)[1]].id, "B");
}

#[test]
fn a_route_to_one_destination_drops_a_worse_one_found_earlier_to_another() {
    // O-D1 directly (10 h, 100 USD) is found first; O-X-D2 (2 h, 2 USD) beats it.
    let hubs = vec![
        hub("O", "KZ", "rail", true, 0),
        hub("X", "KZ", "rail", false, 1),
        hub("D1", "KZ", "rail", true, 2),
        hub("D2", "KZ", "rail", true, 3),
    ];
    let links = vec![
        link("OD1", "O", "D1", "rail", "KZ", (10.0, 10.0, 100.0)),
        link("OX", "O", "X", "rail", "KZ", (1.0, 1.0, 1.0)),
        link("XD2", "X", "D2", "rail", "KZ", (1.0, 1.0, 1.0)),
    ];
    let net = parse(&hubs, &links).unwrap();
    let q = Query {
        to: vec![net.hub("D1").unwrap(), net.hub("D2").unwrap()],
        ..query(&net, "O", "D1")
    };
    assert_eq!(names(&net, &pareto(&net, &q)), ["O-X-D2"]);
}

#[test]
fn an_epsilon_search_keeps_one_of_near_equal_routes_and_covers_the_rest() {
    let net = diamond();
    let exact = pareto(&net, &query(&net, "O", "D"));
    let q = Query {
        epsilon: 0.05,
        ..query(&net, "O", "D")
    };
    let approx = pareto(&net, &q);
    // The tie (A, F) becomes one route; the three distinct trade-offs stay.
    assert_eq!(approx.len(), 3);
    for p in &exact {
        assert!(approx.iter().any(|a| a.criteria.covers(&p.criteria, 0.05)));
    }
}

#[test]
fn weights_pick_one_route_and_k_lists_dominated_routes_too() {
    let net = diamond();
    let q = query(&net, "O", "D");
    let cheapest = plan(&net, &q, Some(Weights::parse("cost=1").unwrap()), None);
    assert_eq!(cheapest.routes.len(), 1);
    assert_eq!(cheapest.routes[0].hubs, ["O", "B", "D"]);
    let fastest = plan(&net, &q, Some(Weights::parse("time=1").unwrap()), None);
    assert_eq!(fastest.routes[0].hubs, ["O", "C", "D"]);
    // All five routes by time: E (24 h) is listed, and flagged as dominated.
    let all = plan(&net, &q, Some(Weights::parse("time=1").unwrap()), Some(10));
    assert_eq!(all.routes.len(), 5);
    let hours: Vec<f64> = all.routes.iter().map(|r| r.criteria.hours).collect();
    assert_eq!(hours, [10.0, 20.0, 20.0, 24.0, 60.0]);
    let e = all.routes.iter().position(|r| r.hubs[1] == "E").unwrap();
    assert!(!all.pareto[e]);
    assert_eq!(all.pareto.iter().filter(|p| **p).count(), 4);
    assert!(Weights::parse("speed=1").is_err());
    assert!(Weights::parse("cost=-1").is_err());
}

#[test]
fn border_dwell_fees_and_transshipment_count_once_each() {
    // O (KZ) -rail- X (KZ-TM border, 4 h, 100 USD) -rail- P (TM port, handling 7 USD/t, 2 h)
    // -road- D (TM).
    let hubs = vec![
        hub("O", "KZ", "rail", true, 0),
        "X,X,KZ-TM,border,no,40.1,50.1,T,4,T,2024,100,T,2024,,,,,".to_string(),
        "P,P,TM,port,no,40.2,50.2,T,2,T,2024,,,,7,t,T,2024,".to_string(),
        hub("D", "TM", "city", true, 3),
    ];
    let links = vec![
        link("OX", "O", "X", "rail", "KZ", (50.0, 1.0, 10.0)),
        link("XP", "X", "P", "rail", "TM", (50.0, 1.0, 10.0)),
        link("PD", "P", "D", "road", "TM", (50.0, 1.0, 10.0)),
    ];
    let net = parse(&hubs, &links).unwrap();
    let q = Query {
        tonnes: 30.0,
        ..query(&net, "O", "D")
    };
    let paths = pareto(&net, &q);
    assert_eq!(paths.len(), 1);
    // 30 t = 2 units: links 3 x 10 x 2, border fee 100 x 2, handling 7 x 30.
    let c = paths[0].criteria;
    assert_eq!(c.cost_usd, 60.0 + 200.0 + 210.0);
    assert_eq!(c.hours, 3.0 + 4.0 + 2.0);
    assert_eq!(c.borders, 1);
    let r = evaluate(&net, &paths[0], 30.0);
    assert!(
        r.criteria.ties(&c),
        "the report's totals are the criteria searched"
    );
    assert!((r.border_share - 4.0 / 9.0).abs() < 1e-12);
    assert_eq!(r.tcd.last().unwrap().km, 150.0);
    let kz = r.countries.iter().find(|s| s.country == "KZ").unwrap();
    // KZ: the first link (10 x 2) and half the border (200 / 2).
    assert_eq!(kz.cost_usd, 20.0 + 100.0);
    assert!(r.missing.is_empty(), "{:?}", r.missing);
}

/// Every simple path from `s` to `t` that does not pass through the hubs `avoid` (other
/// destinations, where a route ends), by depth-first search.
fn all_paths(net: &Network, s: usize, t: usize, avoid: &[usize]) -> Vec<Path> {
    fn go(
        net: &Network,
        at: usize,
        t: usize,
        avoid: &[usize],
        seen: &mut Vec<usize>,
        steps: &mut Vec<bilat_route::search::Step>,
        out: &mut Vec<Path>,
    ) {
        if at == t {
            out.push(Path {
                start: seen[0],
                steps: steps.clone(),
                criteria: Criteria::default(),
            });
            return;
        }
        for (i, l) in net.links.iter().enumerate() {
            for forward in [true, false] {
                let step = bilat_route::search::Step { link: i, forward };
                if step.origin(net) != at
                    || seen.contains(&step.target(net))
                    || avoid.contains(&step.target(net))
                {
                    continue;
                }
                seen.push(step.target(net));
                steps.push(step);
                go(net, step.target(net), t, avoid, seen, steps, out);
                steps.pop();
                seen.pop();
                let _ = l;
            }
        }
    }
    let mut out = Vec::new();
    go(net, s, t, avoid, &mut vec![s], &mut Vec::new(), &mut out);
    out
}

prop_compose! {
    /// A random network of up to 7 hubs in one country (some of them border crossings with
    /// dwell and fees) and up to 14 rail links with integer times, costs and distances.
    fn random_network()(n in 3usize..7, raw in prop::collection::vec((0usize..7, 0usize..7, 1u32..20, 1u32..20, 1u32..9, any::<bool>()), 2..14), borders in prop::collection::vec(any::<bool>(), 7))
        -> Network
    {
        let hubs: Vec<String> = (0..n).map(|i| {
            let id = format!("H{i}");
            if borders[i] && i != 0 && i != n - 1 {
                format!("{id},{id},KZ-UZ,border,no,40,50,T,{},T,2024,{},T,2024,,,,,", i, 10 * i)
            } else {
                format!("{id},{id},KZ,rail,{},40,50,T,{},T,2024,,,,{},unit,T,2024,", if i == 0 || i == n - 1 { "yes" } else { "no" }, i + 1, 5 * i + 3)
            }
        }).collect();
        let mut links = Vec::new();
        for (k, (a, b, h, c, km, road)) in raw.into_iter().enumerate() {
            let (a, b) = (a % n, b % n);
            if a != b {
                let mode = if road { "road" } else { "rail" };
                links.push(link(&format!("L{k}"), &format!("H{a}"), &format!("H{b}"), mode, "KZ", (f64::from(km * 10), f64::from(h), f64::from(c))));
            }
        }
        parse(&hubs, &links).unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn the_search_finds_exactly_the_pareto_front_of_brute_force(net in random_network(), two in any::<bool>()) {
        // One destination, or two (a route ends at the first it reaches).
        let s = 0;
        let to: Vec<usize> = if two && net.hubs.len() > 3 { vec![net.hubs.len() - 1, 1] } else { vec![net.hubs.len() - 1] };
        let q = Query { from: vec![s], to: to.clone(), cargo: Cargo::Container, tonnes: 20.0, epsilon: 0.0 };
        let found = pareto(&net, &q);
        let every: Vec<Criteria> = to
            .iter()
            .flat_map(|&t| {
                let others: Vec<usize> = to.iter().copied().filter(|&x| x != t).collect();
                all_paths(&net, s, t, &others)
            })
            .map(|p| evaluate(&net, &p, 20.0).criteria)
            .collect();
        let mut front: Vec<[f64; 4]> = every
            .iter()
            .filter(|c| !every.iter().any(|o| o.dominates(c)))
            .map(|c| [c.hours, c.cost_usd, c.co2_kg, f64::from(c.borders)])
            .collect();
        front.sort_by(|a, b| a.partial_cmp(b).unwrap());
        front.dedup_by(|a, b| Criteria { hours: a[0], cost_usd: a[1], co2_kg: a[2], borders: a[3] as u32 }
            .ties(&Criteria { hours: b[0], cost_usd: b[1], co2_kg: b[2], borders: b[3] as u32 }));
        let mut got: Vec<[f64; 4]> = found.iter().map(|p| [p.criteria.hours, p.criteria.cost_usd, p.criteria.co2_kg, f64::from(p.criteria.borders)]).collect();
        got.sort_by(|a, b| a.partial_cmp(b).unwrap());
        got.dedup();
        prop_assert_eq!(got.len(), front.len());
        for (g, f) in got.iter().zip(&front) {
            for (x, y) in g.iter().zip(f) {
                prop_assert!((x - y).abs() <= 1e-9 * y.abs().max(1.0), "{:?} vs {:?}", got, front);
            }
        }
        // Each route found reports the criteria it was found by.
        for p in &found {
            prop_assert!(evaluate(&net, p, 20.0).criteria.ties(&p.criteria));
        }
    }
}
