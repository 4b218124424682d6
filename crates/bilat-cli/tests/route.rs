//! `bilat routes` from the command line: routes with their sources, scenarios, the network.

mod common;

use common::bilat;

fn run(args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    bilat(&dir.path().join("unused.sqlite"), args)
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn routes_kz_qa_as_json_carry_legs_sources_and_quantiles() {
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["routes", "KZ", "QA", "--format", "json"])).unwrap();
    let routes = v["plan"]["routes"].as_array().unwrap();
    assert!(routes.len() >= 2);
    for r in routes {
        let segments = r["segments"].as_array().unwrap();
        assert!(!segments.is_empty());
        for s in segments.iter().filter(|s| s["type"] == "leg") {
            let prov = s["provenance"].as_array().unwrap();
            let km = prov.iter().find(|p| p["field"] == "km").unwrap();
            for key in km["sources"].as_array().unwrap() {
                assert!(
                    v["sources"][key.as_str().unwrap()]["url"].is_string(),
                    "source {key} listed"
                );
            }
        }
        assert!(r["p90_hours"].as_f64().unwrap() >= r["p50_hours"].as_f64().unwrap());
        assert!(r["tcd"].as_array().unwrap().len() == r["hubs"].as_array().unwrap().len());
    }
    assert!(
        v["plan"]["pareto"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p == true)
    );
}

#[test]
fn the_blockade_scenario_is_compared_with_the_baseline() {
    let text = ok(&[
        "routes",
        "KZ",
        "QA",
        "--k",
        "40",
        "--scenario",
        "blockade-2017",
    ]);
    assert!(text.contains("Scenario: blockade-2017"));
    assert!(text.contains("closed by the scenario:") && text.contains("SADMM → ABS → DOH"));
    let listed: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
    assert!(!listed.is_empty());
    assert!(
        listed
            .iter()
            .all(|l| !l.contains("AEJEA") && !l.contains("ABS")),
        "{listed:?}"
    );
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "routes",
        "KZ",
        "QA",
        "--scenario",
        "blockade-2017",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["scenario"]["name"], "blockade-2017");
    assert!(v["comparison"]["baseline_best"]["cost_usd"].is_number());
}

#[test]
fn the_time_cost_distance_chart_draws_each_route_twice() {
    let svg = ok(&["routes", "KZ", "QA", "--format", "svg"]);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    let routes = ok(&["routes", "KZ", "QA"])
        .lines()
        .filter(|l| l.starts_with('#'))
        .count();
    // One line for time, one for cost, per route; the legend names each.
    assert_eq!(svg.matches("class=\"tcd\"").count(), 2 * routes);
    assert!(svg.contains("BEI → MNG → UZN → BOL → ETR → GRM → IRBND → QAHMD"));
}

#[test]
fn weights_pick_one_route() {
    let text = ok(&["routes", "KZ", "QA", "--weights", "cost=1"]);
    assert_eq!(text.lines().filter(|l| l.starts_with('#')).count(), 1);
    let out = run(&["routes", "KZ", "QA", "--weights", "speed=1"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--weights"));
}

#[test]
fn the_network_as_geojson_csv_and_svg() {
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["routes", "network", "--format", "geojson"])).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().unwrap();
    assert!(
        features
            .iter()
            .any(|f| f["properties"]["id"] == "QAHMD" && f["geometry"]["type"] == "Point")
    );
    assert!(
        features
            .iter()
            .any(|f| f["properties"]["layer"] == "link"
                && f["properties"]["km"]["sources"].is_array())
    );
    let csv = ok(&["routes", "network", "--format", "csv"]);
    assert!(csv.starts_with("id,from,to,mode,status"));
    assert!(
        csv.lines()
            .any(|l| l.starts_with("L30,IRBND,QAHMD,sea,open"))
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.svg");
    ok(&[
        "routes",
        "network",
        "--format",
        "svg",
        "--routes",
        "KZ,QA",
        "-o",
        path.to_str().unwrap(),
    ]);
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(
        svg.contains("class=\"route\"")
            && svg.contains("data-id=\"L30\"")
            && svg.contains("Hamad Port")
    );
}

#[test]
fn bad_input_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let scen = dir.path().join("bad.toml");
    std::fs::write(&scen, "name = \"bad\"\nclose = [\n  \"NOWHERE\"]\n").unwrap();
    let out = run(&["routes", "KZ", "QA", "--scenario", scen.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:3:") && err.contains("NOWHERE"),
        "{err}"
    );
    // A network directory with a broken links file.
    let net = dir.path().join("net");
    std::fs::create_dir(&net).unwrap();
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/routes");
    for f in [
        "hubs.csv",
        "links.csv",
        "modes.csv",
        "sources.csv",
        "sea.csv",
    ] {
        std::fs::copy(format!("{src}/{f}"), net.join(f)).unwrap();
    }
    let links = std::fs::read_to_string(net.join("links.csv"))
        .unwrap()
        .replacen(",404,S70,", ",-404,S70,", 1);
    std::fs::write(net.join("links.csv"), links).unwrap();
    let out = run(&["routes", "KZ", "QA", "--network", net.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("links.csv:2: column km"), "{err}");
    let out = run(&["routes", "KZ", "QA", "--from", "MARS"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from MARS: no such hub"));
}
