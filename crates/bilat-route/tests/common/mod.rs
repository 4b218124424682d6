//! Small hand-written networks for the tests (not real data).

#![allow(dead_code)]

use bilat_route::{Network, NetworkFiles};

pub const HUB_HEADER: &str = "id,name,country,kind,endpoint,lat,lon,coord_src,dwell_h,dwell_src,dwell_year,fee_usd_unit,fee_src,fee_year,handling_usd,handling_per,handling_src,handling_year,note";
pub const LINK_HEADER: &str = "id,from,to,mode,cargo,status,country,km,km_src,km_year,speed_kmh,hours,time_src,time_year,wait_h,wait_src,wait_year,usd_tkm,usd_t,usd_unit,cost_src,cost_year,note";
pub const MODES: &str = "mode,co2_g_tkm,co2_src,co2_year,note\nrail,10,T,2024,\nroad,10,T,2024,\nsea,5,T,2024,\nroro,8,T,2024,\nair,500,T,2024,\n";
pub const SOURCES: &str =
    "key,url,what\nT,https://example.invalid/test,test values written for the tests\n";
pub const SEA: &str = "from,to,nm,km,tool\n";

/// A hub row: id, country, kind, endpoint, with coordinates spread on a line.
pub fn hub(id: &str, country: &str, kind: &str, endpoint: bool, i: usize) -> String {
    format!(
        "{id},{id},{country},{kind},{},{},{},T,,,,,,,,,,,",
        if endpoint { "yes" } else { "no" },
        40.0 + i as f64 * 0.1,
        50.0 + i as f64 * 0.1
    )
}

/// A land link in `country` with a fixed time in hours and a cost per unit (20 t).
pub fn link(
    id: &str,
    from: &str,
    to: &str,
    mode: &str,
    country: &str,
    (km, hours, usd): (f64, f64, f64),
) -> String {
    format!(
        "{id},{from},{to},{mode},container|bulk|truck,open,{country},{km},T,2024,,{hours},T,2024,,,,,,{usd},T,2024,"
    )
}

pub fn parse(hubs: &[String], links: &[String]) -> Result<Network, bilat_route::Error> {
    let hubs = format!("{HUB_HEADER}\n{}\n", hubs.join("\n"));
    let links = format!("{LINK_HEADER}\n{}\n", links.join("\n"));
    Network::parse(&NetworkFiles {
        hubs: ("hubs.csv", &hubs),
        links: ("links.csv", &links),
        modes: ("modes.csv", MODES),
        sources: ("sources.csv", SOURCES),
        sea: ("sea.csv", SEA),
    })
}
