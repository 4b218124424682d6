//! Scenarios: close hubs or links, open planned links, change a value (a border delay, a fee,
//! a tariff) by a factor or to a new value. Written in TOML; see `data/routes/scenarios/`.

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::dist::Dist;
use crate::network::{Cost, Moving, Network, Per, Sourced, Status};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default)]
    pub hubs: Vec<String>,
    /// `usd_tkm`, `usd_t`, `usd_unit`, `speed_kmh`, `hours` or `wait_h` for links;
    /// `dwell_h`, `fee_usd_unit` or `handling_usd` for hubs.
    pub field: String,
    pub factor: Option<f64>,
    pub value: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub title: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    /// The period the scenario describes, if it is historical.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Hubs or links closed.
    #[serde(default)]
    pub close: Vec<String>,
    /// Planned (or closed) links opened.
    #[serde(default)]
    pub open: Vec<String>,
    #[serde(default)]
    pub change: Vec<Change>,
    #[serde(skip)]
    file: String,
    #[serde(skip)]
    text: String,
}

fn line_at(text: &str, offset: usize) -> u64 {
    text[..offset.min(text.len())].matches('\n').count() as u64 + 1
}

impl Scenario {
    pub fn parse(file: &str, text: &str) -> Result<Scenario, Error> {
        let mut s: Scenario = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| line_at(text, span.start));
            Error::at(file, line, e.message().to_string())
        })?;
        s.file = file.to_string();
        s.text = text.to_string();
        for (i, c) in s.change.iter().enumerate() {
            let ok = matches!((c.factor, &c.value), (Some(f), None) if f.is_finite() && f >= 0.0)
                || matches!((c.factor, &c.value), (None, Some(_)));
            if !ok {
                return Err(s.err_near(
                    &c.field,
                    format!(
                        "change {}: expected either factor (a number >= 0) or value, not both",
                        i + 1
                    ),
                ));
            }
            if c.links.is_empty() == c.hubs.is_empty() {
                return Err(s.err_near(
                    &c.field,
                    format!("change {}: expected links or hubs (one of them)", i + 1),
                ));
            }
        }
        Ok(s)
    }

    /// An error at the first line of the file that mentions `needle`.
    fn err_near(&self, needle: &str, msg: String) -> Error {
        let line = self
            .text
            .find(&format!("\"{needle}\""))
            .map_or(1, |o| line_at(&self.text, o));
        Error::at(&self.file, line, msg)
    }

    /// The network with the scenario applied; an unknown hub or link, or a value the
    /// network lacks, is an error naming the line of the scenario file.
    pub fn apply(&self, base: &Network) -> Result<Network, Error> {
        let mut net = base.clone();
        let mut provenance = vec![format!("scenario:{}", self.name)];
        for s in &self.sources {
            if !net.sources.contains_key(s) {
                return Err(
                    self.err_near(s, format!("source {s:?} is not in the network's sources"))
                );
            }
            provenance.push(s.clone());
        }
        for id in &self.close {
            if let Some(h) = net.hub(id) {
                net.hubs[h].closed = true;
            } else if let Some(l) = net.link(id) {
                net.links[l].status = Status::Closed;
            } else {
                return Err(self.err_near(
                    id,
                    format!("close: {id:?} is neither a hub nor a link of the network"),
                ));
            }
        }
        for id in &self.open {
            let l = net.link(id).ok_or_else(|| {
                self.err_near(id, format!("open: {id:?} is not a link of the network"))
            })?;
            net.links[l].status = Status::Open;
        }
        for c in &self.change {
            let mut sources = provenance.clone();
            if let Some(s) = &c.source {
                if !net.sources.contains_key(s) {
                    return Err(
                        self.err_near(s, format!("source {s:?} is not in the network's sources"))
                    );
                }
                sources.push(s.clone());
            }
            for id in &c.links {
                let l = net.link(id).ok_or_else(|| {
                    self.err_near(id, format!("change: {id:?} is not a link of the network"))
                })?;
                self.change_link(&mut net, l, c, &sources)?;
            }
            for id in &c.hubs {
                let h = net.hub(id).ok_or_else(|| {
                    self.err_near(id, format!("change: {id:?} is not a hub of the network"))
                })?;
                self.change_hub(&mut net, h, c, &sources)?;
            }
        }
        Ok(net)
    }

    fn number(&self, c: &Change, old: Option<f64>, id: &str) -> Result<f64, Error> {
        match (c.factor, &c.value, old) {
            (Some(f), _, Some(v)) => Ok(v * f),
            (Some(_), _, None) => Err(self.err_near(
                id,
                format!(
                    "change: {id} has no {} to scale; give a value instead",
                    c.field
                ),
            )),
            (None, Some(v), _) => v
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| {
                    self.err_near(
                        id,
                        format!(
                            "change: expected a non-negative number for {}, found {v:?}",
                            c.field
                        ),
                    )
                }),
            (None, None, _) => {
                Err(self.err_near(id, format!("change {}: expected factor or value", c.field)))
            }
        }
    }

    fn dist(&self, c: &Change, old: Option<Dist>, id: &str) -> Result<Dist, Error> {
        match (c.factor, &c.value, old) {
            (Some(f), _, Some(d)) => Ok(d.scale(f)),
            (Some(_), _, None) => Err(self.err_near(
                id,
                format!(
                    "change: {id} has no {} to scale; give a value instead",
                    c.field
                ),
            )),
            (None, Some(v), _) => {
                Dist::parse(v).map_err(|e| self.err_near(id, format!("change {}: {e}", c.field)))
            }
            (None, None, _) => {
                Err(self.err_near(id, format!("change {}: expected factor or value", c.field)))
            }
        }
    }

    fn change_link(
        &self,
        net: &mut Network,
        l: usize,
        c: &Change,
        sources: &[String],
    ) -> Result<(), Error> {
        let link = &net.links[l];
        let id = link.id.clone();
        let cost = link
            .cost
            .as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_default();
        match c.field.as_str() {
            "usd_tkm" | "usd_t" | "usd_unit" => {
                let mut cost: Cost = cost;
                let slot = match c.field.as_str() {
                    "usd_tkm" => &mut cost.usd_tkm,
                    "usd_t" => &mut cost.usd_t,
                    _ => &mut cost.usd_unit,
                };
                *slot = Some(self.number(c, *slot, &id)?);
                net.links[l].cost = Some(Sourced {
                    value: cost,
                    sources: sources.to_vec(),
                    year: None,
                });
            }
            "speed_kmh" => {
                let old = match link.moving.as_ref().map(|m| &m.value) {
                    Some(Moving::Speed(s)) => Some(*s),
                    _ => None,
                };
                let d = self.dist(c, old, &id)?;
                if d.min() <= 0.0 {
                    return Err(
                        self.err_near(&id, "change: a speed must be above zero".to_string())
                    );
                }
                net.links[l].moving = Some(Sourced {
                    value: Moving::Speed(d),
                    sources: sources.to_vec(),
                    year: None,
                });
            }
            "hours" => {
                let d = self.dist(c, link.moving_hours(), &id)?;
                net.links[l].moving = Some(Sourced {
                    value: Moving::Hours(d),
                    sources: sources.to_vec(),
                    year: None,
                });
            }
            "wait_h" => {
                let d = self.dist(c, link.wait_h.as_ref().map(|w| w.value), &id)?;
                net.links[l].wait_h = Some(Sourced {
                    value: d,
                    sources: sources.to_vec(),
                    year: None,
                });
            }
            other => {
                return Err(self.err_near(
                    other,
                    format!("change: a link's field is usd_tkm, usd_t, usd_unit, speed_kmh, hours or wait_h, found {other:?}"),
                ));
            }
        }
        Ok(())
    }

    fn change_hub(
        &self,
        net: &mut Network,
        h: usize,
        c: &Change,
        sources: &[String],
    ) -> Result<(), Error> {
        let hub = &net.hubs[h];
        let id = hub.id.clone();
        match c.field.as_str() {
            "dwell_h" => {
                let d = self.dist(c, hub.dwell_h.as_ref().map(|d| d.value), &id)?;
                net.hubs[h].dwell_h = Some(Sourced {
                    value: d,
                    sources: sources.to_vec(),
                    year: None,
                });
            }
            "fee_usd_unit" => {
                let v = self.number(c, hub.fee_usd_unit.as_ref().map(|f| f.value), &id)?;
                net.hubs[h].fee_usd_unit = Some(Sourced {
                    value: v,
                    sources: sources.to_vec(),
                    year: None,
                });
            }
            "handling_usd" => {
                let (old, per) = hub
                    .handling
                    .as_ref()
                    .map_or((None, Per::Unit), |x| (Some(x.value.0), x.value.1));
                let v = self.number(c, old, &id)?;
                net.hubs[h].handling = Some(Sourced {
                    value: (v, per),
                    sources: sources.to_vec(),
                    year: None,
                });
            }
            other => {
                return Err(self.err_near(
                    other,
                    format!("change: a hub's field is dwell_h, fee_usd_unit or handling_usd, found {other:?}"),
                ));
            }
        }
        Ok(())
    }
}
