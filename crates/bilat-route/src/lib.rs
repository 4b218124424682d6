//! The corridor network between two states, and routes through it.
//!
//! - [`network`]: hubs and links read from CSV, every value with its source and year;
//! - [`dist`]: durations given as ranges, and the P50/P90 of a route's total time;
//! - [`search`]: multi-criteria label setting (Pareto routes by cost, time, CO2, borders);
//! - [`report`]: a route's legs, totals, time–cost–distance table and countries;
//! - [`scenario`]: closures, openings and changed values, compared with the baseline;
//! - [`render`]: the network as GeoJSON, CSV or a schematic SVG map.
//!
//! The crate does no I/O: callers hand it text and get values back. The bundled
//! Kazakhstan–Qatar network is compiled in from `data/routes/`.

pub mod dist;
pub mod network;
pub mod render;
pub mod report;
pub mod scenario;
pub mod search;

pub use dist::Dist;
pub use network::{Cargo, Hub, Link, Mode, Network, NetworkFiles};
pub use report::{Route, Weights};
pub use scenario::Scenario;
pub use search::Query;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad value in a file: where it is and what was expected.
    #[error("{file}:{line}: {msg}")]
    At {
        file: String,
        line: u64,
        msg: String,
    },
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub(crate) fn at(file: &str, line: u64, msg: String) -> Error {
        Error::At {
            file: file.to_string(),
            line,
            msg,
        }
    }
}

macro_rules! bundled_file {
    ($name:literal) => {
        (
            concat!("data/routes/", $name),
            include_str!(concat!("../../../data/routes/", $name)),
        )
    };
}

/// The bundled Kazakhstan–Qatar network (`data/routes/`); the tests keep it valid.
pub fn bundled() -> Result<Network, Error> {
    Network::parse(&NetworkFiles {
        hubs: bundled_file!("hubs.csv"),
        links: bundled_file!("links.csv"),
        modes: bundled_file!("modes.csv"),
        sources: bundled_file!("sources.csv"),
        sea: bundled_file!("sea.csv"),
    })
}

/// The bundled scenarios, by name: `(name, file, text)`.
pub const BUNDLED_SCENARIOS: &[(&str, &str, &str)] = &[
    (
        "blockade-2017",
        "data/routes/scenarios/blockade-2017.toml",
        include_str!("../../../data/routes/scenarios/blockade-2017.toml"),
    ),
    (
        "chabahar-sarakhs",
        "data/routes/scenarios/chabahar-sarakhs.toml",
        include_str!("../../../data/routes/scenarios/chabahar-sarakhs.toml"),
    ),
    (
        "instc-discounts-2023",
        "data/routes/scenarios/instc-discounts-2023.toml",
        include_str!("../../../data/routes/scenarios/instc-discounts-2023.toml"),
    ),
];

/// A bundled scenario by name (`None` if there is none of that name).
pub fn bundled_scenario(name: &str) -> Option<Result<Scenario, Error>> {
    BUNDLED_SCENARIOS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, file, text)| Scenario::parse(file, text))
}
