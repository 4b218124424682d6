//! The corridor network: hubs, links, emission factors per mode and the sources they cite,
//! read from CSV text with `file:line` errors, and validated so that every value carries a
//! source.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Serialize;

use crate::Error;
use crate::dist::Dist;

/// A value with the sources (keys of `sources.csv`) and the year it describes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    pub sources: Vec<String>,
    pub year: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Rail,
    Road,
    Sea,
    Roro,
    Air,
}

impl Mode {
    pub const ALL: [Mode; 5] = [Mode::Rail, Mode::Road, Mode::Sea, Mode::Roro, Mode::Air];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Rail => "rail",
            Mode::Road => "road",
            Mode::Sea => "sea",
            Mode::Roro => "roro",
            Mode::Air => "air",
        }
    }

    fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Modes that cross water or air between countries rather than a land border.
    pub fn is_international(self) -> bool {
        matches!(self, Mode::Sea | Mode::Roro | Mode::Air)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is carried: a 20-ft container, bulk cargo, or a loaded truck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cargo {
    Container,
    Bulk,
    Truck,
}

impl Cargo {
    pub fn as_str(self) -> &'static str {
        match self {
            Cargo::Container => "container",
            Cargo::Bulk => "bulk",
            Cargo::Truck => "truck",
        }
    }

    pub fn parse(s: &str) -> Option<Cargo> {
        [Cargo::Container, Cargo::Bulk, Cargo::Truck]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// Tonnes in one consignment unit: a truck, a 20-ft container, or CPMM's reference load.
pub const UNIT_TONNES: f64 = 20.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HubKind {
    City,
    Rail,
    Port,
    Airport,
    Border,
}

impl HubKind {
    fn parse(s: &str) -> Option<HubKind> {
        Some(match s {
            "city" => HubKind::City,
            "rail" => HubKind::Rail,
            "port" => HubKind::Port,
            "airport" => HubKind::Airport,
            "border" => HubKind::Border,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    /// USD per tonne.
    T,
    /// USD per consignment unit of [`UNIT_TONNES`].
    Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Planned,
    Closed,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hub {
    pub id: String,
    pub name: String,
    /// One country, or the two sides of a border crossing.
    pub countries: Vec<String>,
    pub kind: HubKind,
    /// Where cargo may start or end (a city, port or airport of consolidation).
    pub endpoint: bool,
    pub lat: f64,
    pub lon: f64,
    pub coord_sources: Vec<String>,
    /// Hours at a border crossing (always), or at a transshipment (when the mode changes).
    pub dwell_h: Option<Sourced<Dist>>,
    /// USD per consignment unit paid at a border crossing.
    pub fee_usd_unit: Option<Sourced<f64>>,
    /// USD paid when cargo changes mode here.
    pub handling: Option<Sourced<(f64, Per)>>,
    pub closed: bool,
    pub note: String,
}

impl Hub {
    pub fn is_border(&self) -> bool {
        self.kind == HubKind::Border
    }
}

/// How a link's distance was obtained.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum KmBasis {
    /// As the cited source states it.
    Stated,
    /// Port to port with the sea-routing tool named (see `sea.csv`).
    SeaRoute { tool: String },
    /// The great-circle distance between the hubs' coordinates times `factor`.
    GreatCircle { factor: f64 },
}

/// Moving time: either hours as sources give them, or from a speed (km/h).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Moving {
    Hours(Dist),
    Speed(Dist),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cost {
    pub usd_tkm: Option<f64>,
    pub usd_t: Option<f64>,
    pub usd_unit: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub from: usize,
    pub to: usize,
    pub mode: Mode,
    pub cargo: Vec<Cargo>,
    pub status: Status,
    /// The country a land link lies in; none for sea and air.
    pub country: Option<String>,
    pub km: Sourced<f64>,
    pub km_basis: KmBasis,
    pub moving: Option<Sourced<Moving>>,
    /// Waiting for a departure (sailings, flights), in hours.
    pub wait_h: Option<Sourced<Dist>>,
    pub cost: Option<Sourced<Cost>>,
    pub note: String,
}

impl Link {
    /// The moving time in hours, if known.
    pub fn moving_hours(&self) -> Option<Dist> {
        self.moving.as_ref().map(|m| match m.value {
            Moving::Hours(d) => d,
            Moving::Speed(s) => s.time_at_speed(self.km.value),
        })
    }

    /// The other end of the link from `hub`.
    pub fn other(&self, hub: usize) -> usize {
        if self.from == hub { self.to } else { self.from }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub key: String,
    pub url: String,
    pub what: String,
}

/// The whole network, with indexes by id.
#[derive(Debug, Clone, Serialize)]
pub struct Network {
    pub hubs: Vec<Hub>,
    pub links: Vec<Link>,
    /// CO2 in grams per tonne-km, by mode.
    pub co2_g_tkm: BTreeMap<Mode, Sourced<f64>>,
    pub sources: BTreeMap<String, SourceRef>,
    #[serde(skip)]
    hub_index: HashMap<String, usize>,
    #[serde(skip)]
    link_index: HashMap<String, usize>,
}

/// The text of the five files of a network, each with the name used in error messages.
pub struct NetworkFiles<'a> {
    pub hubs: (&'a str, &'a str),
    pub links: (&'a str, &'a str),
    pub modes: (&'a str, &'a str),
    pub sources: (&'a str, &'a str),
    pub sea: (&'a str, &'a str),
}

impl NetworkFiles<'_> {
    /// The file names, in the order `hubs, links, modes, sources, sea`.
    pub const NAMES: [&'static str; 5] = [
        "hubs.csv",
        "links.csv",
        "modes.csv",
        "sources.csv",
        "sea.csv",
    ];
}

const HUB_COLUMNS: &[&str] = &[
    "id",
    "name",
    "country",
    "kind",
    "endpoint",
    "lat",
    "lon",
    "coord_src",
    "dwell_h",
    "dwell_src",
    "dwell_year",
    "fee_usd_unit",
    "fee_src",
    "fee_year",
    "handling_usd",
    "handling_per",
    "handling_src",
    "handling_year",
    "note",
];
const LINK_COLUMNS: &[&str] = &[
    "id",
    "from",
    "to",
    "mode",
    "cargo",
    "status",
    "country",
    "km",
    "km_src",
    "km_year",
    "speed_kmh",
    "hours",
    "time_src",
    "time_year",
    "wait_h",
    "wait_src",
    "wait_year",
    "usd_tkm",
    "usd_t",
    "usd_unit",
    "cost_src",
    "cost_year",
    "note",
];
const MODE_COLUMNS: &[&str] = &["mode", "co2_g_tkm", "co2_src", "co2_year", "note"];
const SOURCE_COLUMNS: &[&str] = &["key", "url", "what"];
const SEA_COLUMNS: &[&str] = &["from", "to", "nm", "km", "tool"];

/// One CSV file read row by row, each row a map from column to trimmed text.
struct Table<'a> {
    file: &'a str,
    rows: Vec<(u64, HashMap<&'static str, String>)>,
}

impl<'a> Table<'a> {
    fn read(file: &'a str, text: &str, columns: &[&'static str]) -> Result<Table<'a>, Error> {
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| Error::at(file, 1, format!("unreadable header: {e}")))?
            .clone();
        let found: Vec<&str> = header.iter().map(str::trim).collect();
        if found != columns {
            return Err(Error::at(
                file,
                1,
                format!(
                    "expected the columns {}, found {}",
                    columns.join(","),
                    found.join(",")
                ),
            ));
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                Error::at(file, line, format!("malformed CSV row: {e}"))
            })?;
            let line = record.position().map_or(0, |p| p.line());
            if record.len() != columns.len() {
                return Err(Error::at(
                    file,
                    line,
                    format!("expected {} fields, found {}", columns.len(), record.len()),
                ));
            }
            let row = columns
                .iter()
                .zip(record.iter())
                .map(|(c, v)| (*c, v.trim().to_string()))
                .collect();
            rows.push((line, row));
        }
        Ok(Table { file, rows })
    }
}

/// Reads the fields of one row, with errors that name the file, the line and the column.
struct Row<'t> {
    file: &'t str,
    line: u64,
    cells: &'t HashMap<&'static str, String>,
}

impl Row<'_> {
    fn text(&self, col: &str) -> &str {
        self.cells.get(col).map_or("", String::as_str)
    }

    fn err(&self, msg: impl Into<String>) -> Error {
        Error::at(self.file, self.line, msg.into())
    }

    fn required(&self, col: &str) -> Result<&str, Error> {
        let v = self.text(col);
        if v.is_empty() {
            return Err(self.err(format!("column {col}: expected a value, found nothing")));
        }
        Ok(v)
    }

    fn number(&self, col: &str) -> Result<Option<f64>, Error> {
        let v = self.text(col);
        if v.is_empty() {
            return Ok(None);
        }
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
            _ => Err(self.err(format!(
                "column {col}: expected a non-negative number, found {v:?}"
            ))),
        }
    }

    fn dist(&self, col: &str) -> Result<Option<Dist>, Error> {
        let v = self.text(col);
        if v.is_empty() {
            return Ok(None);
        }
        Dist::parse(v)
            .map(Some)
            .map_err(|e| self.err(format!("column {col}: {e}")))
    }

    fn keys(&self, col: &str) -> Vec<String> {
        self.text(col)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    fn year(&self, col: &str) -> Result<Option<u16>, Error> {
        let v = self.text(col);
        if v.is_empty() {
            return Ok(None);
        }
        match v.parse::<u16>() {
            Ok(y) if (1900..=2100).contains(&y) => Ok(Some(y)),
            _ => Err(self.err(format!("column {col}: expected a year, found {v:?}"))),
        }
    }

    /// A value with its sources: present values need at least one source; a source with no
    /// value is an error too (it would cite nothing).
    fn sourced<T>(
        &self,
        value: Option<T>,
        value_col: &str,
        src_col: &str,
        year_col: &str,
    ) -> Result<Option<Sourced<T>>, Error> {
        let sources = self.keys(src_col);
        let year = self.year(year_col)?;
        match value {
            Some(_) if sources.is_empty() => Err(self.err(format!(
                "column {src_col}: {value_col} has a value but no source"
            ))),
            Some(value) => Ok(Some(Sourced {
                value,
                sources,
                year,
            })),
            None => Ok(None),
        }
    }
}

fn countries(row: &Row, col: &str) -> Result<Vec<String>, Error> {
    let text = row.required(col)?;
    let list: Vec<String> = text.split('-').map(|c| c.trim().to_string()).collect();
    for c in &list {
        if bilat_model::country_name(c).is_none() {
            return Err(row.err(format!(
                "column {col}: expected ISO 3166-1 alpha-2 codes (two for a border, as KZ-TM), found {text:?}"
            )));
        }
    }
    Ok(list)
}

/// Great-circle distance in km (haversine, mean Earth radius 6,371 km).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

impl Network {
    /// Reads and validates a network; the first error stops it (nothing half-read is returned).
    pub fn parse(files: &NetworkFiles) -> Result<Network, Error> {
        let sources = parse_sources(files.sources)?;
        let mut net = Network {
            hubs: Vec::new(),
            links: Vec::new(),
            co2_g_tkm: BTreeMap::new(),
            sources,
            hub_index: HashMap::new(),
            link_index: HashMap::new(),
        };
        net.parse_modes(files.modes)?;
        net.parse_hubs(files.hubs)?;
        let sea = parse_sea(files.sea)?;
        net.parse_links(files.links, &sea)?;
        Ok(net)
    }

    fn check_sources(&self, row: &Row, cols: &[&str]) -> Result<(), Error> {
        for col in cols {
            for key in row.keys(col) {
                if !self.sources.contains_key(&key) {
                    return Err(row.err(format!(
                        "column {col}: source {key:?} is not in sources.csv"
                    )));
                }
            }
        }
        Ok(())
    }

    fn parse_modes(&mut self, (file, text): (&str, &str)) -> Result<(), Error> {
        let table = Table::read(file, text, MODE_COLUMNS)?;
        for (line, cells) in &table.rows {
            let row = Row {
                file: table.file,
                line: *line,
                cells,
            };
            let name = row.required("mode")?;
            let mode = Mode::parse(name).ok_or_else(|| {
                row.err(format!(
                    "column mode: expected rail, road, sea, roro or air, found {name:?}"
                ))
            })?;
            self.check_sources(&row, &["co2_src"])?;
            let co2 = row
                .sourced(row.number("co2_g_tkm")?, "co2_g_tkm", "co2_src", "co2_year")?
                .ok_or_else(|| row.err("column co2_g_tkm: expected a value, found nothing"))?;
            if self.co2_g_tkm.insert(mode, co2).is_some() {
                return Err(row.err(format!("mode {name} is listed twice")));
            }
        }
        Ok(())
    }

    fn parse_hubs(&mut self, (file, text): (&str, &str)) -> Result<(), Error> {
        let table = Table::read(file, text, HUB_COLUMNS)?;
        for (line, cells) in &table.rows {
            let row = Row {
                file: table.file,
                line: *line,
                cells,
            };
            let id = row.required("id")?.to_string();
            if self.hub_index.contains_key(&id) {
                return Err(row.err(format!("hub {id} is listed twice")));
            }
            let kind_text = row.required("kind")?;
            let kind = HubKind::parse(kind_text).ok_or_else(|| {
                row.err(format!(
                    "column kind: expected city, rail, port, airport or border, found {kind_text:?}"
                ))
            })?;
            let countries = countries(&row, "country")?;
            match (kind == HubKind::Border, countries.len()) {
                (true, 2) | (false, 1) => {}
                _ => {
                    return Err(row.err(format!(
                        "column country: a border has two countries (as KZ-TM), any other hub one; found {:?}",
                        row.text("country")
                    )));
                }
            }
            let endpoint = match row.text("endpoint") {
                "yes" => true,
                "no" | "" => false,
                other => {
                    return Err(row.err(format!(
                        "column endpoint: expected yes or no, found {other:?}"
                    )));
                }
            };
            if endpoint && kind == HubKind::Border {
                return Err(row.err("a border crossing cannot be an endpoint"));
            }
            let lat = row.number_signed("lat", 90.0)?;
            let lon = row.number_signed("lon", 180.0)?;
            let coord_sources = row.keys("coord_src");
            if coord_sources.is_empty() {
                return Err(row.err("column coord_src: coordinates need a source"));
            }
            self.check_sources(&row, &["coord_src", "dwell_src", "fee_src", "handling_src"])?;
            let handling_value = match (row.number("handling_usd")?, row.text("handling_per")) {
                (None, "") => None,
                (Some(v), "t") => Some((v, Per::T)),
                (Some(v), "unit") => Some((v, Per::Unit)),
                (_, per) => {
                    return Err(row.err(format!(
                        "columns handling_usd and handling_per: expected an amount with t or unit, found {:?} and {per:?}",
                        row.text("handling_usd")
                    )));
                }
            };
            let hub = Hub {
                id: id.clone(),
                name: row.required("name")?.to_string(),
                countries,
                kind,
                endpoint,
                lat,
                lon,
                coord_sources,
                dwell_h: row.sourced(row.dist("dwell_h")?, "dwell_h", "dwell_src", "dwell_year")?,
                fee_usd_unit: row.sourced(
                    row.number("fee_usd_unit")?,
                    "fee_usd_unit",
                    "fee_src",
                    "fee_year",
                )?,
                handling: row.sourced(
                    handling_value,
                    "handling_usd",
                    "handling_src",
                    "handling_year",
                )?,
                closed: false,
                note: row.text("note").to_string(),
            };
            self.hub_index.insert(id, self.hubs.len());
            self.hubs.push(hub);
        }
        Ok(())
    }

    fn parse_links(&mut self, (file, text): (&str, &str), sea: &SeaLanes) -> Result<(), Error> {
        let table = Table::read(file, text, LINK_COLUMNS)?;
        for (line, cells) in &table.rows {
            let row = Row {
                file: table.file,
                line: *line,
                cells,
            };
            let id = row.required("id")?.to_string();
            if self.link_index.contains_key(&id) {
                return Err(row.err(format!("link {id} is listed twice")));
            }
            let hub = |col: &str| -> Result<usize, Error> {
                let h = row.required(col)?;
                self.hub_index
                    .get(h)
                    .copied()
                    .ok_or_else(|| row.err(format!("column {col}: hub {h:?} is not in hubs.csv")))
            };
            let (from, to) = (hub("from")?, hub("to")?);
            if from == to {
                return Err(row.err("a link must join two different hubs"));
            }
            let mode_text = row.required("mode")?;
            let mode = Mode::parse(mode_text).ok_or_else(|| {
                row.err(format!(
                    "column mode: expected rail, road, sea, roro or air, found {mode_text:?}"
                ))
            })?;
            if !self.co2_g_tkm.contains_key(&mode) {
                return Err(row.err(format!("mode {mode} has no CO2 factor in modes.csv")));
            }
            let mut cargo = Vec::new();
            for c in row.required("cargo")?.split('|') {
                cargo.push(Cargo::parse(c.trim()).ok_or_else(|| {
                    row.err(format!(
                        "column cargo: expected container, bulk or truck (joined by |), found {c:?}"
                    ))
                })?);
            }
            let status = match row.text("status") {
                "open" | "" => Status::Open,
                "planned" => Status::Planned,
                "closed" => Status::Closed,
                other => {
                    return Err(row.err(format!(
                        "column status: expected open, planned or closed, found {other:?}"
                    )));
                }
            };
            let country = match row.text("country") {
                "" => None,
                c => Some(countries(&row, "country").and_then(|v| match v.as_slice() {
                    [one] => Ok(one.clone()),
                    _ => Err(row.err(format!("column country: expected one country, found {c:?}"))),
                })?),
            };
            let (hf, ht) = (&self.hubs[from], &self.hubs[to]);
            match (&country, mode.is_international()) {
                (Some(c), false) if hf.countries.contains(c) && ht.countries.contains(c) => {}
                (None, true) => {}
                (Some(c), false) => {
                    return Err(row.err(format!(
                        "column country: a land link lies in one country shared by both ends; {c} is not a country of both {} and {}",
                        hf.id, ht.id
                    )));
                }
                (None, false) => {
                    return Err(row.err("column country: a land link needs its country"));
                }
                (Some(_), true) => {
                    return Err(row.err("column country: sea and air links have no country"));
                }
            }
            self.check_sources(&row, &["km_src", "time_src", "wait_src", "cost_src"])?;
            let km_text = row.required("km")?;
            let (km, km_basis) = if km_text == "sea" {
                let key = (hf.id.clone(), ht.id.clone());
                let rev = (ht.id.clone(), hf.id.clone());
                let (km, tool) = sea.get(&key).or_else(|| sea.get(&rev)).ok_or_else(|| {
                    row.err(format!(
                        "column km: sea distance {}-{} is not in sea.csv (run scripts/sea_distances.py)",
                        hf.id, ht.id
                    ))
                })?;
                (*km, KmBasis::SeaRoute { tool: tool.clone() })
            } else if let Some(rest) = km_text.strip_prefix("gc") {
                let factor = match rest.strip_prefix('*') {
                    None if rest.is_empty() => 1.0,
                    Some(f) => f
                        .parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite() && *f >= 1.0)
                        .ok_or_else(|| {
                            row.err(format!(
                                "column km: expected gc or gc*F with F >= 1, found {km_text:?}"
                            ))
                        })?,
                    None => {
                        return Err(
                            row.err(format!("column km: expected gc or gc*F, found {km_text:?}"))
                        );
                    }
                };
                (
                    great_circle_km(hf.lat, hf.lon, ht.lat, ht.lon) * factor,
                    KmBasis::GreatCircle { factor },
                )
            } else {
                let km = row.number("km")?.unwrap_or(0.0);
                (km, KmBasis::Stated)
            };
            if km <= 0.0 {
                return Err(row.err(format!(
                    "column km: expected a distance above zero, found {km_text:?}"
                )));
            }
            let km = row
                .sourced(Some(km), "km", "km_src", "km_year")?
                .ok_or_else(|| row.err("column km: expected a distance, found nothing"))?;
            let moving = match (row.dist("speed_kmh")?, row.dist("hours")?) {
                (Some(_), Some(_)) => {
                    return Err(row.err("columns speed_kmh and hours: give one, not both"));
                }
                (Some(s), None) if s.min() <= 0.0 => {
                    return Err(row.err("column speed_kmh: expected a speed above zero"));
                }
                (Some(s), None) => Some(Moving::Speed(s)),
                (None, Some(h)) => Some(Moving::Hours(h)),
                (None, None) => None,
            };
            let cost = Cost {
                usd_tkm: row.number("usd_tkm")?,
                usd_t: row.number("usd_t")?,
                usd_unit: row.number("usd_unit")?,
            };
            let cost = (cost != Cost::default()).then_some(cost);
            let link = Link {
                id: id.clone(),
                from,
                to,
                mode,
                cargo,
                status,
                country,
                km,
                km_basis,
                moving: row.sourced(moving, "speed_kmh or hours", "time_src", "time_year")?,
                wait_h: row.sourced(row.dist("wait_h")?, "wait_h", "wait_src", "wait_year")?,
                cost: row.sourced(cost, "usd_tkm, usd_t or usd_unit", "cost_src", "cost_year")?,
                note: row.text("note").to_string(),
            };
            self.link_index.insert(id, self.links.len());
            self.links.push(link);
        }
        Ok(())
    }

    /// The endpoint hubs of a country (where its cargo starts or ends by default).
    pub fn endpoints(&self, country: &str) -> Vec<usize> {
        self.hubs
            .iter()
            .enumerate()
            .filter(|(_, h)| h.endpoint && h.countries.len() == 1 && h.countries[0] == country)
            .map(|(i, _)| i)
            .collect()
    }

    pub fn hub(&self, id: &str) -> Option<usize> {
        self.hub_index.get(id).copied()
    }

    pub fn link(&self, id: &str) -> Option<usize> {
        self.link_index.get(id).copied()
    }

    /// Every source key the network cites, with how many values cite it.
    pub fn citations(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        let mut add = |keys: &[String]| {
            for k in keys {
                *out.entry(k.clone()).or_insert(0) += 1;
            }
        };
        for h in &self.hubs {
            add(&h.coord_sources);
            h.dwell_h.iter().for_each(|v| add(&v.sources));
            h.fee_usd_unit.iter().for_each(|v| add(&v.sources));
            h.handling.iter().for_each(|v| add(&v.sources));
        }
        for l in &self.links {
            add(&l.km.sources);
            l.moving.iter().for_each(|v| add(&v.sources));
            l.wait_h.iter().for_each(|v| add(&v.sources));
            l.cost.iter().for_each(|v| add(&v.sources));
        }
        for v in self.co2_g_tkm.values() {
            add(&v.sources);
        }
        out
    }
}

impl Row<'_> {
    fn number_signed(&self, col: &str, bound: f64) -> Result<f64, Error> {
        let v = self.required(col)?;
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x.abs() <= bound => Ok(x),
            _ => Err(self.err(format!(
                "column {col}: expected degrees within ±{bound}, found {v:?}"
            ))),
        }
    }
}

fn parse_sources((file, text): (&str, &str)) -> Result<BTreeMap<String, SourceRef>, Error> {
    let table = Table::read(file, text, SOURCE_COLUMNS)?;
    let mut out = BTreeMap::new();
    for (line, cells) in &table.rows {
        let row = Row {
            file: table.file,
            line: *line,
            cells,
        };
        let key = row.required("key")?.to_string();
        let source = SourceRef {
            key: key.clone(),
            url: row.required("url")?.to_string(),
            what: row.required("what")?.to_string(),
        };
        if out.insert(key.clone(), source).is_some() {
            return Err(row.err(format!("source {key} is listed twice")));
        }
    }
    Ok(out)
}

/// Sea distances by (from, to) hub ids: km and the tool that computed them.
type SeaLanes = HashMap<(String, String), (f64, String)>;

fn parse_sea((file, text): (&str, &str)) -> Result<SeaLanes, Error> {
    let table = Table::read(file, text, SEA_COLUMNS)?;
    let mut out = HashMap::new();
    for (line, cells) in &table.rows {
        let row = Row {
            file: table.file,
            line: *line,
            cells,
        };
        let km = row
            .number("km")?
            .filter(|k| *k > 0.0)
            .ok_or_else(|| row.err("column km: expected a distance above zero"))?;
        let key = (
            row.required("from")?.to_string(),
            row.required("to")?.to_string(),
        );
        out.insert(key, (km, row.required("tool")?.to_string()));
    }
    Ok(out)
}
