//! The brief's trade section: the record's sourced aggregates (turnover by period and the
//! targets' trajectories from `bilat-track`), and when HS-level flows were imported with
//! `bilat trade import`, the pair's trade from them (`bilat-trade`): flows each way by year,
//! top products, concentration, complementarity and intensity, and the targets measured on
//! the latest imported year. The two are shown side by side, never blended.

use std::fmt::Write as _;

use bilat_model::display::{fixed as num, signed_percent as pct};
use bilat_model::{Dataset, Day, Dyad, RecordId};
use bilat_track::targets::{TargetState, series, trajectories};
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::i18n::{Lang, header, tr, trf};

/// The indicator of bilateral turnover in USD.
const TURNOVER: &str = "trade.turnover";

#[derive(Debug, Serialize)]
pub struct TradeSection {
    /// Turnover by period: (period, USD, higher values other sources give, sources).
    pub turnover: Vec<(String, f64, Vec<f64>, Vec<String>)>,
    pub targets: Vec<TargetLine>,
    /// The sources cited, for the brief's list.
    #[serde(skip)]
    pub cited: Vec<RecordId>,
    /// The pair's trade from imported HS-level files, when there are any.
    pub imported: Option<Imported>,
}

/// The pair's trade from imported files (BACI or Comtrade), as `bilat trade KZ QA` gives it.
#[derive(Debug, Serialize)]
pub struct Imported {
    /// The two countries' names in the brief's language (exporter of `a_to_b` first).
    pub names: (String, String),
    pub trade: bilat_trade::dyad::DyadTrade,
    /// HS6 code → product name, for the codes shown (from BACI's product codes file).
    pub product_names: std::collections::BTreeMap<String, String>,
    /// The record's targets this data can measure, on its latest year.
    pub targets: Vec<ImportedTarget>,
}

#[derive(Debug, Serialize)]
pub struct ImportedTarget {
    pub title: String,
    pub indicator: String,
    /// A count of HS6 lines rather than USD.
    pub count: bool,
    pub target: f64,
    pub year: u16,
    pub observed: f64,
    pub share: f64,
}

impl Imported {
    /// `trade` with the names of its top products from `names` and the record's targets of
    /// `dyad` measured on its latest year.
    pub fn new(
        data: &Dataset,
        dyad: &Dyad,
        trade: bilat_trade::dyad::DyadTrade,
        names: &std::collections::BTreeMap<String, String>,
        lang: Lang,
    ) -> Imported {
        let product_names = trade
            .years
            .iter()
            .flat_map(|y| y.a_to_b.top.iter().chain(&y.b_to_a.top))
            .filter_map(|p| names.get_key_value(&p.hs6))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let targets = data
            .targets()
            .filter(|t| t.dyads.contains(dyad))
            .filter_map(|t| {
                let target = t.claims.iter().rev().find_map(|c| match &c.fact {
                    bilat_model::Fact::TargetValue { value, .. } => value.value.to_f64(),
                    _ => None,
                })?;
                let (year, observed) = trade.observed(&t.indicator)?;
                Some(ImportedTarget {
                    title: crate::i18n::name(lang, &t.title),
                    indicator: t.indicator.clone(),
                    count: t.indicator.ends_with("non_resource_categories"),
                    target,
                    year,
                    observed,
                    share: observed / target,
                })
            })
            .collect();
        let country = |code: &str| crate::country(data, code, lang);
        Imported {
            names: (country(&trade.a), country(&trade.b)),
            trade,
            product_names,
            targets,
        }
    }

    fn to_markdown(&self, md: &mut String, l: Lang) {
        let t = &self.trade;
        let (a, b) = &self.names;
        let files: Vec<String> = t
            .files
            .iter()
            .map(|f| {
                std::path::Path::new(f)
                    .file_name()
                    .map_or(f.clone(), |n| n.to_string_lossy().into_owned())
            })
            .collect();
        let _ = writeln!(md, "### {}\n", tr(l, "From imported HS-level flows"));
        let _ = writeln!(
            md,
            "{}\n",
            trf(
                l,
                "Flows summed from the imported files ({files}); values in USD m. Growth: {cagr} a year compounded from {first} to {last}, {ls} by least squares.",
                &[
                    ("files", files.join(", ")),
                    ("cagr", pct(t.cagr)),
                    (
                        "first",
                        t.years
                            .first()
                            .map_or(String::new(), |y| y.year.to_string())
                    ),
                    (
                        "last",
                        t.years.last().map_or(String::new(), |y| y.year.to_string())
                    ),
                    ("ls", pct(t.least_squares_growth)),
                ]
            )
        );
        let ab = format!("{a} → {b}");
        let ba = format!("{b} → {a}");
        let balance = trf(l, "Balance ({a})", &[("a", a.clone())]);
        let non_resource = trf(l, "Non-resource HS6 lines {ab}", &[("ab", ab.clone())]);
        let _ = writeln!(
            md,
            "| {} | {ab} | {ba} | {} | {balance} | {} | {non_resource} |\n|---|---|---|---|---|---|---|",
            tr(l, "Year"),
            tr(l, "Turnover"),
            tr(l, "Growth"),
        );
        for y in &t.years {
            let _ = writeln!(
                md,
                "| {} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} |",
                y.year,
                y.a_to_b.value / 1e6,
                y.b_to_a.value / 1e6,
                y.turnover / 1e6,
                y.balance / 1e6,
                pct(y.growth),
                y.a_to_b.non_resource_products
            );
        }
        md.push('\n');
        let Some(latest) = t.years.last() else {
            return;
        };
        for (label, d) in [(&ab, &latest.a_to_b), (&ba, &latest.b_to_a)] {
            let _ = writeln!(
                md,
                "{}\n",
                trf(
                    l,
                    "Top products {dir} in {year} (HHI over products {hhi}, normalised {hhin}; complementarity {tc}; intensity {ti}):",
                    &[
                        ("dir", label.clone()),
                        ("year", latest.year.to_string()),
                        ("hhi", num(d.hhi_products, 3)),
                        ("hhin", num(d.hhi_products_normalised, 3)),
                        ("tc", num(d.complementarity, 1)),
                        ("ti", num(d.intensity, 2)),
                    ]
                )
            );
            if d.top.is_empty() {
                let _ = writeln!(md, "- {}\n", tr(l, "none"));
                continue;
            }
            for p in &d.top {
                let name = self
                    .product_names
                    .get(&p.hs6)
                    .map_or(String::new(), |n| format!(" {}", crate::cell(n)));
                let _ = writeln!(
                    md,
                    "- {}{name}: USD {:.2} m ({:.0}%)",
                    p.hs6,
                    p.value / 1e6,
                    p.share * 100.0
                );
            }
            md.push('\n');
        }
        if !self.targets.is_empty() {
            let _ = writeln!(
                md,
                "{}",
                header(
                    l,
                    &["Target", "Year", "Measured on imported flows", "Reached"]
                )
            );
            for t in &self.targets {
                let shown = |x: f64| {
                    if t.count {
                        format!("{x:.0}")
                    } else {
                        format!("USD {:.2} m", x / 1e6)
                    }
                };
                let _ = writeln!(
                    md,
                    "| {} ({}) | {} | {} | {:.1}% |",
                    crate::cell(&t.title),
                    shown(t.target),
                    t.year,
                    shown(t.observed),
                    t.share * 100.0
                );
            }
            md.push('\n');
        }
    }
}

#[derive(Debug, Serialize)]
pub struct TargetLine {
    pub title: String,
    pub indicator: String,
    pub target: String,
    pub target_usd: Option<f64>,
    pub latest: Option<String>,
    pub share: Option<f64>,
    pub growth: Option<f64>,
    pub growth_basis: String,
    pub state: TargetState,
    pub reached_at_observed_rate: Option<i32>,
    pub sources: Vec<String>,
}

pub fn trade_section(data: &Dataset, dyad: &Dyad, as_of: Day, lang: Lang) -> TradeSection {
    let mut cited: Vec<RecordId> = Vec::new();
    let mut shorts = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .map(|s| {
                let id = RecordId::new(s.as_str());
                let short = data.source_short(&id);
                cited.push(id);
                short
            })
            .collect()
    };
    let turnover = series(data, dyad, TURNOVER, as_of)
        .into_iter()
        .map(|p| {
            (
                p.period.to_string(),
                p.value.to_f64().unwrap_or(f64::NAN),
                p.disputed.iter().filter_map(|d| d.to_f64()).collect(),
                shorts(&p.sources),
            )
        })
        .collect();
    let targets = trajectories(data, dyad, as_of)
        .into_iter()
        .map(|t| TargetLine {
            target_usd: (t.target.unit.to_string() == "USD")
                .then(|| t.target.value.to_f64())
                .flatten(),
            target: t.target.to_string(),
            latest: t.latest.as_ref().map(|p| {
                let v = p.value.to_f64().unwrap_or(f64::NAN);
                let usd = t.target.unit.to_string() == "USD";
                let shown = if usd { musd(v) } else { p.value.to_string() };
                format!("{shown} ({})", p.period)
            }),
            share: t.share,
            growth: t.growth_observed,
            growth_basis: t
                .growth_observed_basis
                .as_ref()
                .map(|b| crate::i18n::growth_basis(lang, b))
                .unwrap_or_default(),
            state: t.state,
            reached_at_observed_rate: t.reached_at_observed_rate,
            sources: shorts(&t.sources),
            indicator: t.indicator.clone(),
            title: crate::i18n::record_name(data, &RecordId::new(t.id.as_str()), lang),
        })
        .collect();
    cited.sort();
    cited.dedup();
    TradeSection {
        turnover,
        targets,
        cited,
        imported: None,
    }
}

fn musd(x: f64) -> String {
    format!("USD {:.1} m", x / 1e6)
}

impl TradeSection {
    /// The latest sourced turnover against the turnover target: (value, period, share of the
    /// target, target, sources), when the record has both.
    pub fn headline(&self) -> Option<(String, String, String, String, String)> {
        let t = self.targets.iter().find(|t| t.indicator == TURNOVER)?;
        let (period, value, _, sources) = self.turnover.last()?;
        let target = t.target_usd?;
        Some((
            musd(*value),
            period.clone(),
            format!("{:.0}%", value / target * 100.0),
            musd(target),
            sources.join("; "),
        ))
    }

    pub fn to_markdown(&self, md: &mut String, l: Lang) {
        let _ = writeln!(md, "## {}\n", tr(l, "Trade"));
        let intro = if self.imported.is_some() {
            "From the record's sourced aggregates first, then from the imported HS-level flows; the two are not blended. Where sources disagree, the lower value is shown and the others are listed."
        } else {
            "From the record's sourced aggregates: no HS-level flows are imported (`bilat trade import` brings in BACI or Comtrade files, which then appear here). Where sources disagree, the lower value is shown and the others are listed."
        };
        let _ = writeln!(md, "{}\n", tr(l, intro));
        if self.turnover.is_empty() {
            let _ = writeln!(
                md,
                "{}\n",
                tr(l, "The record holds no figure of bilateral turnover.")
            );
        } else {
            let _ = writeln!(
                md,
                "{}",
                header(l, &["Period", "Turnover", "Other values", "Sources"])
            );
            for (period, v, other, src) in &self.turnover {
                let others: Vec<String> = other.iter().map(|o| musd(*o)).collect();
                let _ = writeln!(
                    md,
                    "| {period} | {} | {} | {} |",
                    musd(*v),
                    if others.is_empty() {
                        "—".to_string()
                    } else {
                        others.join(", ")
                    },
                    src.join("; ")
                );
            }
            md.push('\n');
        }
        if !self.targets.is_empty() {
            let _ = writeln!(
                md,
                "{}",
                header(
                    l,
                    &[
                        "Target",
                        "Latest",
                        "Reached",
                        "Growth observed",
                        "State",
                        "Sources"
                    ]
                )
            );
            for t in &self.targets {
                let state = match (t.state, t.reached_at_observed_rate) {
                    (TargetState::NoDeadline, Some(y)) => trf(
                        l,
                        "no deadline (at the observed rate: {y})",
                        &[("y", y.to_string())],
                    ),
                    (s, _) => tr(l, s.as_str()),
                };
                let growth = t.growth.map_or("—".to_string(), |g| {
                    trf(
                        l,
                        "{g} a year ({basis})",
                        &[
                            ("g", format!("{:+.1}%", g * 100.0)),
                            ("basis", t.growth_basis.clone()),
                        ],
                    )
                });
                let _ = writeln!(
                    md,
                    "| {} ({}) | {} | {} | {growth} | {state} | {} |",
                    t.title,
                    t.target,
                    t.latest.as_deref().unwrap_or("—"),
                    t.share
                        .map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0)),
                    t.sources.join("; ")
                );
            }
            md.push('\n');
        }
        if let Some(imported) = &self.imported {
            imported.to_markdown(md, l);
        }
    }

    /// Turnover by year against the USD targets (horizontal lines), as a self-contained SVG;
    /// `None` without turnover figures.
    pub fn to_svg(&self, l: Lang) -> Option<String> {
        let points: Vec<(i32, f64)> = self
            .turnover
            .iter()
            .filter_map(|(p, v, _, _)| p.get(..4)?.parse::<i32>().ok().map(|y| (y, *v)))
            .filter(|(_, v)| v.is_finite())
            .collect();
        let imported: Vec<(i32, f64)> = self.imported.as_ref().map_or(Vec::new(), |i| {
            i.trade
                .years
                .iter()
                .map(|y| (i32::from(y.year), y.turnover))
                .collect()
        });
        if points.is_empty() && imported.is_empty() {
            return None;
        }
        // Only targets of turnover itself are drawn against it, with the year the observed
        // growth would reach them.
        // (title, USD, the year reached at the observed growth and that growth)
        type Line<'a> = (&'a str, f64, Option<(i32, f64)>);
        let targets: Vec<Line> = self
            .targets
            .iter()
            .filter(|t| t.indicator == TURNOVER)
            .filter_map(|t| {
                let reach = t.reached_at_observed_rate.zip(t.growth);
                Some((t.title.as_str(), t.target_usd?, reach))
            })
            .collect();
        let (w, h, left, top, bottom) = (900.0, 300.0, 80.0, 30.0, 40.0);
        let y0 = points
            .iter()
            .chain(&imported)
            .map(|p| p.0)
            .min()
            .unwrap_or(0)
            - 1;
        let y1 = points
            .iter()
            .chain(&imported)
            .map(|p| p.0)
            .chain(targets.iter().filter_map(|t| t.2.map(|r| r.0)))
            .max()
            .unwrap_or(0)
            + 1;
        let max = points
            .iter()
            .chain(&imported)
            .map(|p| p.1)
            .chain(targets.iter().map(|t| t.1))
            .fold(1.0f64, f64::max)
            * 1.1;
        let x = |y: i32| left + f64::from(y - y0) / f64::from((y1 - y0).max(1)) * (w - left - 20.0);
        let yy = |v: f64| h - bottom - v / max * (h - top - bottom);
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="{}" font-family="DejaVu Sans, Arial, sans-serif" font-size="10"><line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="black"/><line x1="{left}" y1="{top}" x2="{left}" y2="{:.1}" stroke="black"/>"#,
            crate::html_escape(&tr(l, "Turnover and targets")),
            h - bottom,
            w - 20.0,
            h - bottom,
            h - bottom
        );
        for (i, (title, v, reached)) in targets.iter().enumerate() {
            // The observed compound growth from the latest figure until it meets the target.
            if let (Some((year, g)), Some(last)) = (reached, points.last().or(imported.last())) {
                let path: Vec<String> = (last.0..=*year)
                    .map(|y| {
                        let value = (last.1 * (1.0 + g).powi(y - last.0)).min(*v);
                        format!("{:.1},{:.1}", x(y), yy(value))
                    })
                    .collect();
                let _ = write!(
                    s,
                    r#"<polyline points="{}" fill="none" stroke="black" stroke-dasharray="1 3" stroke-width="1.5"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                    path.join(" "),
                    x(*year),
                    yy(*v) + 14.0,
                    trf(
                        l,
                        "at the observed growth ({g} a year): {year}",
                        &[
                            ("g", format!("{:+.0}%", g * 100.0)),
                            ("year", year.to_string())
                        ]
                    )
                );
            }
            let _ = write!(
                s,
                r#"<line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="black" stroke-dasharray="{}"/><text x="{:.1}" y="{:.1}">{} — {}</text>"#,
                yy(*v),
                w - 20.0,
                yy(*v),
                if i == 0 { "6 3" } else { "2 3" },
                left + 4.0,
                yy(*v) - 4.0,
                musd(*v),
                title.replace('&', "&amp;").replace('<', "&lt;")
            );
        }
        let pts: Vec<String> = points
            .iter()
            .map(|(y, v)| format!("{:.1},{:.1}", x(*y), yy(*v)))
            .collect();
        let _ = write!(
            s,
            r#"<polyline points="{}" fill="none" stroke="black" stroke-width="2"/>"#,
            pts.join(" ")
        );
        for (y, v) in &points {
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="black"><title>{y}: {}</title></circle><text x="{:.1}" y="{:.1}" text-anchor="middle">{y}</text><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x(*y),
                yy(*v),
                musd(*v),
                x(*y),
                h - bottom + 14.0,
                x(*y),
                yy(*v) - 8.0,
                musd(*v)
            );
        }
        if !imported.is_empty() {
            // Imported flows: a dashed line with squares, told apart from the record's
            // sourced figures (solid, round) in grayscale.
            let pts: Vec<String> = imported
                .iter()
                .map(|(y, v)| format!("{:.1},{:.1}", x(*y), yy(*v)))
                .collect();
            let _ = write!(
                s,
                r#"<polyline points="{}" fill="none" stroke="black" stroke-width="1.5" stroke-dasharray="6 3"/>"#,
                pts.join(" ")
            );
            for (y, v) in &imported {
                let _ = write!(
                    s,
                    r#"<rect x="{:.1}" y="{:.1}" width="7" height="7" fill="white" stroke="black"><title>{y}: {}</title></rect><text x="{:.1}" y="{:.1}" text-anchor="middle">{y}</text>"#,
                    x(*y) - 3.5,
                    yy(*v) - 3.5,
                    musd(*v),
                    x(*y),
                    h - bottom + 14.0
                );
            }
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                w - 20.0,
                top - 12.0,
                crate::html_escape(&tr(l, "● sourced figures of the record · ■ imported flows"))
            );
        }
        s.push_str("</svg>");
        Some(s)
    }
}
