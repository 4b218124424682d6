//! The bundled network, scenarios, P50/P90 arithmetic, and bad input.

mod common;

use bilat_route::dist::{Dist, sum_quantiles};
use bilat_route::report::{plan, usable};
use bilat_route::{Cargo, Network, Query, Scenario, bundled, bundled_scenario};
use common::{hub, link, parse};

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn quantiles_of_single_ranges_and_of_sums() {
    let u = Dist::parse("0-10").unwrap();
    let q = sum_quantiles(&[u], &[0.5, 0.9]);
    assert!(close(q[0], 5.0, 0.01) && close(q[1], 9.0, 0.01), "{q:?}");
    // The sum of two uniform 0-10 is triangular on 0-20: P90 = 20 - sqrt(0.1 * 200).
    let q = sum_quantiles(&[u, u], &[0.5, 0.9]);
    assert!(
        close(q[0], 10.0, 0.02) && close(q[1], 20.0 - 20f64.sqrt(), 0.02),
        "{q:?}"
    );
    // Triangular 0-5-10: P90 = 10 - sqrt(0.1 * 50); a fixed part shifts every quantile.
    let t = Dist::parse("0-5-10").unwrap();
    let q = sum_quantiles(&[t, Dist::fixed(3.0)], &[0.5, 0.9]);
    assert!(
        close(q[0], 8.0, 0.01) && close(q[1], 13.0 - 5f64.sqrt(), 0.01),
        "{q:?}"
    );
    assert_eq!(
        sum_quantiles(&[Dist::fixed(2.0), Dist::fixed(4.5)], &[0.5, 0.9]),
        [6.5, 6.5]
    );
    assert_eq!(t.mean(), 5.0);
    assert_eq!(Dist::parse("72-120").unwrap().time_at_speed(0.0).min(), 0.0);
}

#[test]
fn durations_are_read_strictly() {
    for bad in ["", "ten", "5-2", "-3", "1-2-3-4", "4-4", "nan"] {
        assert!(Dist::parse(bad).is_err(), "{bad:?} should be refused");
    }
    assert_eq!(
        Dist::parse("2-48").unwrap(),
        Dist::Uniform {
            min: 2.0,
            max: 48.0
        }
    );
}

#[test]
fn every_value_of_the_bundled_network_has_a_source_and_every_source_is_cited() {
    let net = bundled().unwrap();
    assert!(
        net.hubs.len() >= 25 && net.links.len() >= 30,
        "{} hubs, {} links",
        net.hubs.len(),
        net.links.len()
    );
    let mut cited = net.citations();
    for (name, _, _) in bilat_route::BUNDLED_SCENARIOS {
        let s = bundled_scenario(name).unwrap().unwrap();
        for key in s
            .sources
            .iter()
            .chain(s.change.iter().filter_map(|c| c.source.as_ref()))
        {
            assert!(
                net.sources.contains_key(key),
                "scenario {name} cites unknown source {key}"
            );
            *cited.entry(key.clone()).or_insert(0) += 1;
        }
    }
    for (key, source) in &net.sources {
        assert!(cited.contains_key(key), "source {key} is never cited");
        assert!(
            source.url.starts_with("http") || ["A1", "R1"].contains(&key.as_str()),
            "{key}: {} is not a URL",
            source.url
        );
    }
    for l in &net.links {
        assert!(!l.km.sources.is_empty(), "{}", l.id);
        assert!(l.cost.is_some(), "link {} has no cost", l.id);
        assert!(
            l.km.year.is_some(),
            "link {} has no year for its distance",
            l.id
        );
    }
    // Sea legs come from searoute, with the tool named.
    let l30 = &net.links[net.link("L30").unwrap()];
    assert!(
        matches!(&l30.km_basis, bilat_route::network::KmBasis::SeaRoute { tool } if tool.starts_with("searoute"))
    );
    assert!(close(l30.km.value, 636.5, 0.1));
}

fn kz_qa(net: &Network, cargo: Cargo) -> Query {
    let ends = |c: &str| net.endpoints(c);
    Query {
        from: ends("KZ"),
        to: ends("QA"),
        cargo,
        tonnes: 20.0,
        epsilon: 0.0,
    }
}

#[test]
fn the_bundled_network_has_the_corridors_of_the_paper() {
    let net = bundled().unwrap();
    let all = plan(&net, &kz_qa(&net, Cargo::Container), None, Some(60)).routes;
    let has = |hubs: &[&str]| {
        all.iter()
            .any(|r| hubs.iter().all(|h| r.hubs.iter().any(|x| x == h)))
    };
    assert!(
        has(&["BOL", "ETR", "IRBND", "QAHMD"]),
        "KTI railway to Bandar Abbas, then sea"
    );
    assert!(
        has(&["KZAAU", "AMR", "IRBND"]),
        "Caspian to Amirabad, then rail to the Gulf"
    );
    assert!(
        has(&["TAS", "FRP", "SRK"]),
        "via Uzbekistan and Turkmenistan through Sarakhs"
    );
    assert!(
        has(&["AEJEA", "QAHMD"]) && has(&["OMSOH"]) && has(&["OMSLL"]),
        "feeders via Jebel Ali, Sohar, Salalah"
    );
    assert!(
        has(&["SADMM", "ABS", "DOH"]),
        "the Saudi land route to Abu Samra"
    );
    assert!(has(&["ALA", "DOH"]), "air cargo Almaty-Doha");
    let trucks = plan(&net, &kz_qa(&net, Cargo::Truck), None, Some(20)).routes;
    assert!(
        trucks.iter().any(|r| r.hubs.contains(&"IRBUS".to_string())),
        "Bushehr-Hamad Ro-Ro"
    );
    // Every Pareto route reports the criteria it was chosen by, and a P90 no shorter than its P50.
    let front = plan(&net, &kz_qa(&net, Cargo::Container), None, None);
    assert!(front.routes.len() >= 2);
    for r in &front.routes {
        assert!(r.p90_hours >= r.p50_hours && r.p50_hours > 0.0);
        assert!(!r.sources().is_empty());
        let time: f64 = r.countries.iter().map(|c| c.time_share).sum();
        assert!(
            (time - 1.0).abs() < 1e-9,
            "country shares of time add up to 1: {time}"
        );
    }
    // Iran lies on every surface route to Qatar in the bundled network.
    let members = bilat_route::report::consortium(&front.routes);
    let surface = front
        .routes
        .iter()
        .filter(|r| !r.modes.contains(&bilat_route::Mode::Air))
        .count();
    assert!(
        members
            .iter()
            .any(|m| m.country == "IR" && m.routes == surface)
    );
}

#[test]
fn the_2017_blockade_removes_the_saudi_and_uae_paths() {
    let net = bundled().unwrap();
    let s = bundled_scenario("blockade-2017").unwrap().unwrap();
    let blocked = s.apply(&net).unwrap();
    let q = kz_qa(&net, Cargo::Container);
    let via = |r: &bilat_route::Route, cc: &str| {
        r.hubs.iter().any(|h| {
            net.hubs[net.hub(h).unwrap()]
                .countries
                .iter()
                .any(|c| c == cc)
        })
    };
    let before = plan(&net, &q, None, Some(60)).routes;
    assert!(before.iter().any(|r| via(r, "SA")) && before.iter().any(|r| via(r, "AE")));
    let after = plan(&blocked, &q, None, Some(60)).routes;
    assert!(!after.is_empty());
    assert!(
        after.iter().all(|r| !via(r, "SA") && !via(r, "AE")),
        "no Saudi or UAE path in 2017"
    );
    // The Omani feeders that Qatar used instead remain.
    assert!(after.iter().any(|r| r.hubs.contains(&"OMSOH".to_string())));
}

#[test]
fn a_closed_link_disappears_from_every_route_and_an_opened_one_can_appear() {
    let net = bundled().unwrap();
    let q = kz_qa(&net, Cargo::Container);
    let s = Scenario::parse("close.toml", "name = \"t\"\nclose = [\"L30\"]\n").unwrap();
    let closed = s.apply(&net).unwrap();
    for r in plan(&closed, &q, None, Some(40))
        .routes
        .iter()
        .chain(&plan(&closed, &q, None, None).routes)
    {
        assert!(!r.links.contains(&"L30".to_string()));
        assert!(usable(&closed, r));
    }
    let before = plan(&net, &q, None, Some(200)).routes;
    assert!(
        before.iter().all(|r| !r.links.contains(&"L12".to_string())),
        "planned links are not used"
    );
    let open = bundled_scenario("chabahar-sarakhs")
        .unwrap()
        .unwrap()
        .apply(&net)
        .unwrap();
    let after = plan(&open, &q, None, Some(200)).routes;
    assert!(after.iter().any(|r| r.links.contains(&"L12".to_string())));
}

#[test]
fn a_discount_scenario_changes_costs_by_its_factor() {
    let net = bundled().unwrap();
    let s = bundled_scenario("instc-discounts-2023").unwrap().unwrap();
    let after = s.apply(&net).unwrap();
    let cost = |n: &Network, id: &str| {
        n.links[n.link(id).unwrap()]
            .cost
            .as_ref()
            .unwrap()
            .value
            .usd_tkm
            .unwrap()
    };
    assert!(close(cost(&after, "L04"), cost(&net, "L04") * 0.5, 1e-12));
    assert!(close(cost(&after, "L01"), cost(&net, "L01") * 0.6, 1e-12));
    let changed = &after.links[after.link("L04").unwrap()]
        .cost
        .as_ref()
        .unwrap()
        .sources;
    assert!(
        changed.contains(&"S27".to_string())
            && changed.iter().any(|s| s == "scenario:instc-discounts-2023")
    );
}

fn err(hubs: &[String], links: &[String]) -> String {
    parse(hubs, links).unwrap_err().to_string()
}

#[test]
fn bad_network_files_give_file_line_errors() {
    let hubs = || {
        vec![
            hub("O", "KZ", "rail", true, 0),
            hub("D", "KZ", "rail", true, 1),
        ]
    };
    let ok = link("L1", "O", "D", "rail", "KZ", (10.0, 1.0, 1.0));
    assert!(parse(&hubs(), std::slice::from_ref(&ok)).is_ok());
    let e = err(&hubs(), &[ok.replace(",10,T,2024,", ",ten,T,2024,")]);
    assert!(
        e.starts_with("links.csv:2: column km") && e.contains("\"ten\""),
        "{e}"
    );
    let e = err(&hubs(), &[ok.replace("L1,O,D", "L1,O,X")]);
    assert!(e.starts_with("links.csv:2: column to: hub \"X\""), "{e}");
    let e = err(&hubs(), &[ok.replace(",10,T,2024,", ",10,,2024,")]);
    assert!(
        e.starts_with("links.csv:2:") && e.contains("no source"),
        "{e}"
    );
    let e = err(&hubs(), &[ok.replace(",10,T,2024,", ",10,Q9,2024,")]);
    assert!(e.contains("source \"Q9\" is not in sources.csv"), "{e}");
    let e = err(
        &hubs(),
        &[
            ok.clone(),
            ok.replace("L1,", "L2,")
                .replace(",1,T,2024,,,,", ",5-2,T,2024,,,,"),
        ],
    );
    assert!(e.starts_with("links.csv:3: column hours"), "{e}");
    let e = err(&hubs(), &[ok.replace(",KZ,10,", ",QA,10,")]);
    assert!(e.starts_with("links.csv:2: column country"), "{e}");
    let e = err(
        &[
            hub("O", "KZ", "rail", true, 0),
            hub("D", "XX", "rail", true, 1),
        ],
        &[],
    );
    assert!(
        e.starts_with("hubs.csv:3: column country") && e.contains("XX"),
        "{e}"
    );
    let e = err(
        &[hub("O", "KZ", "rail", true, 0).replace(",40,", ",95,")],
        &[],
    );
    assert!(e.starts_with("hubs.csv:2: column lat"), "{e}");
    // A wrong header names what was expected and what was found.
    let e = bilat_route::Network::parse(&bilat_route::NetworkFiles {
        hubs: ("h.csv", "id,name\nO,O\n"),
        links: ("l.csv", common::LINK_HEADER),
        modes: ("m.csv", common::MODES),
        sources: ("s.csv", common::SOURCES),
        sea: ("e.csv", common::SEA),
    })
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("h.csv:1: expected the columns id,name,country")
            && e.contains("found id,name"),
        "{e}"
    );
    // A row cut short (a truncated file) is refused, not read with blanks.
    let e = err(&hubs(), &[ok.split(",open,").next().unwrap().to_string()]);
    assert!(e.starts_with("links.csv:2:"), "{e}");
}

#[test]
fn bad_scenarios_name_the_line() {
    let net = bundled().unwrap();
    let e = Scenario::parse("s.toml", "name = \"x\"\nclose = [\"ABS\",\n  \"NOPE\"]\n")
        .unwrap()
        .apply(&net)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "s.toml:3: close: \"NOPE\" is neither a hub nor a link of the network"
    );
    let e = Scenario::parse("s.toml", "name = \"x\"\nclose = 3\n")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("s.toml:2:"), "{e}");
    let e = Scenario::parse(
        "s.toml",
        "name = \"x\"\n[[change]]\nlinks = [\"L01\"]\nfield = \"usd_tkm\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("expected either factor") && e.starts_with("s.toml:4:"),
        "{e}"
    );
    let e = Scenario::parse(
        "s.toml",
        "name = \"x\"\n[[change]]\nhubs = [\"ABS\"]\nfield = \"dwell_h\"\nfactor = 2.0\n",
    )
    .unwrap()
    .apply(&net)
    .unwrap_err()
    .to_string();
    assert!(e.contains("ABS has no dwell_h to scale"), "{e}");
    let ok = Scenario::parse(
        "s.toml",
        "name = \"x\"\n[[change]]\nhubs = [\"ABS\"]\nfield = \"dwell_h\"\nvalue = \"2-30\"\n",
    )
    .unwrap()
    .apply(&net)
    .unwrap();
    assert_eq!(
        ok.hubs[ok.hub("ABS").unwrap()]
            .dwell_h
            .as_ref()
            .unwrap()
            .value,
        Dist::Uniform {
            min: 2.0,
            max: 30.0
        }
    );
}
