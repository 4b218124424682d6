//! The network (and chosen routes) as GeoJSON, CSV, or a schematic SVG map that reads in
//! print and in grayscale: modes differ by dash pattern, not only by colour.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::network::{Mode, Network, Status};
use crate::report::Route;

fn coords(net: &Network, id: &str) -> Option<[f64; 2]> {
    net.hub(id).map(|h| [net.hubs[h].lon, net.hubs[h].lat])
}

/// A GeoJSON FeatureCollection: hubs (points), links (lines) and `routes` (lines through
/// their hubs, with their criteria), every value with its sources.
pub fn geojson(net: &Network, routes: &[Route]) -> Value {
    let mut features = Vec::new();
    for h in &net.hubs {
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [h.lon, h.lat]},
            "properties": {
                "layer": "hub", "id": h.id, "name": h.name, "countries": h.countries,
                "kind": h.kind, "endpoint": h.endpoint, "closed": h.closed,
                "coord_sources": h.coord_sources, "dwell_h": h.dwell_h, "fee_usd_unit": h.fee_usd_unit,
                "handling": h.handling, "note": h.note,
            }
        }));
    }
    for l in &net.links {
        let (a, b) = (&net.hubs[l.from], &net.hubs[l.to]);
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
            "properties": {
                "layer": "link", "id": l.id, "from": a.id, "to": b.id, "mode": l.mode,
                "cargo": l.cargo, "status": l.status, "country": l.country, "km": l.km,
                "km_basis": l.km_basis, "moving": l.moving, "wait_h": l.wait_h, "cost": l.cost,
                "co2_g_tkm": net.co2_g_tkm.get(&l.mode), "note": l.note,
            }
        }));
    }
    for (i, r) in routes.iter().enumerate() {
        let line: Vec<[f64; 2]> = r.hubs.iter().filter_map(|h| coords(net, h)).collect();
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": line},
            "properties": {
                "layer": "route", "rank": i + 1, "hubs": r.hubs, "modes": r.modes,
                "criteria": r.criteria, "p50_hours": r.p50_hours, "p90_hours": r.p90_hours,
                "sources": r.sources(),
            }
        }));
    }
    json!({"type": "FeatureCollection", "features": features})
}

/// The links as CSV, one row per link with its resolved distance and every source.
pub fn links_csv(net: &Network) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "from",
        "to",
        "mode",
        "status",
        "cargo",
        "country",
        "km",
        "km_basis",
        "moving_h",
        "wait_h",
        "usd_tkm",
        "usd_t",
        "usd_unit",
        "co2_g_tkm",
        "sources",
        "note",
    ])?;
    for l in &net.links {
        let opt = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
        let cost = l.cost.as_ref().map(|c| c.value.clone()).unwrap_or_default();
        let mut sources: Vec<&str> = l.km.sources.iter().map(String::as_str).collect();
        for s in [
            l.moving.as_ref().map(|m| &m.sources),
            l.wait_h.as_ref().map(|w| &w.sources),
            l.cost.as_ref().map(|c| &c.sources),
        ]
        .into_iter()
        .flatten()
        {
            sources.extend(s.iter().map(String::as_str));
        }
        sources.sort_unstable();
        sources.dedup();
        let basis = match &l.km_basis {
            crate::network::KmBasis::Stated => "stated".to_string(),
            crate::network::KmBasis::SeaRoute { tool } => tool.clone(),
            crate::network::KmBasis::GreatCircle { factor } => format!("great circle x {factor}"),
        };
        w.write_record([
            l.id.as_str(),
            net.hubs[l.from].id.as_str(),
            net.hubs[l.to].id.as_str(),
            l.mode.as_str(),
            match l.status {
                Status::Open => "open",
                Status::Planned => "planned",
                Status::Closed => "closed",
            },
            &l.cargo
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join("|"),
            l.country.as_deref().unwrap_or(""),
            &format!("{:.1}", l.km.value),
            &basis,
            &l.moving_hours().map(|d| d.to_string()).unwrap_or_default(),
            &l.wait_h
                .as_ref()
                .map(|w| w.value.to_string())
                .unwrap_or_default(),
            &opt(cost.usd_tkm),
            &opt(cost.usd_t),
            &opt(cost.usd_unit),
            &net.co2_g_tkm
                .get(&l.mode)
                .map(|c| c.value.to_string())
                .unwrap_or_default(),
            &sources.join(";"),
            &l.note,
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// 12345.6 → "12,346"; a dash for a value that is not finite.
pub fn thousands(x: f64) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if x < 0.0 && digits != "0" {
        format!("-{out}")
    } else {
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Line style per mode: (stroke, width, dash pattern).
fn style(mode: Mode) -> (&'static str, f64, &'static str) {
    match mode {
        Mode::Rail => ("#222222", 2.2, ""),
        Mode::Road => ("#555555", 1.8, "7 4"),
        Mode::Sea => ("#1f4e79", 1.6, "2 3"),
        Mode::Roro => ("#1f4e79", 1.8, "9 3 2 3"),
        Mode::Air => ("#777777", 1.2, "1 5"),
    }
}

/// Puts the chart's fixed words (legend, units, mode names) into a language: the English
/// text in, the text to show out. [`english`] keeps them as they are.
pub type Labels<'a> = &'a dyn Fn(&str) -> String;

/// The [`Labels`] that keep the English words.
pub fn english(text: &str) -> String {
    text.to_string()
}

/// A schematic map: hubs at their coordinates (equirectangular), links styled by mode,
/// planned links faint, closed links crossed out, and `routes` drawn underneath, numbered.
pub fn svg(net: &Network, routes: &[Route], title: &str, labels: Labels<'_>) -> String {
    const W: f64 = 960.0;
    const M: f64 = 50.0;
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (90.0f64, -90.0f64, 180.0f64, -180.0f64);
    for h in &net.hubs {
        lat0 = lat0.min(h.lat);
        lat1 = lat1.max(h.lat);
        lon0 = lon0.min(h.lon);
        lon1 = lon1.max(h.lon);
    }
    let kx = ((lat0 + lat1) / 2.0).to_radians().cos();
    let span_x = ((lon1 - lon0) * kx).max(1e-6);
    let span_y = (lat1 - lat0).max(1e-6);
    // Room on the right for the labels of the easternmost hubs.
    let scale = (W - 2.0 * M - 130.0) / span_x;
    let h_px = (span_y * scale + 2.0 * M + 60.0).max(300.0);
    let xy = |lat: f64, lon: f64| {
        (
            M + (lon - lon0) * kx * scale,
            M + 20.0 + (lat1 - lat) * scale,
        )
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h_px:.0}" width="{W}" height="{h_px:.0}" font-family="DejaVu Sans, Arial, sans-serif" role="img" aria-label="{t}"><title>{t}</title><rect width="100%" height="100%" fill="white"/><text x="{M}" y="28" font-size="16" font-weight="bold">{t}</text>"#,
        t = escape(title)
    );
    for (i, r) in routes.iter().enumerate() {
        let pts: Vec<(f64, f64)> = r
            .hubs
            .iter()
            .filter_map(|id| net.hub(id))
            .map(|h| xy(net.hubs[h].lat, net.hubs[h].lon))
            .collect();
        let text: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            s,
            r##"<polyline class="route" data-rank="{n}" points="{p}" fill="none" stroke="#e0a030" stroke-opacity="0.45" stroke-width="{w}" stroke-linejoin="round"/>"##,
            n = i + 1,
            p = text.join(" "),
            w = 10.0 - (i as f64).min(6.0),
        );
        // The route's number, halfway along its first leg.
        if let [(x1, y1), (x2, y2), ..] = pts[..] {
            let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
            let _ = write!(
                s,
                r##"<circle cx="{mx:.1}" cy="{my:.1}" r="8" fill="white" stroke="#b07000"/><text x="{mx:.1}" y="{:.1}" font-size="10" text-anchor="middle">{}</text>"##,
                my + 3.5,
                i + 1
            );
        }
    }
    for l in &net.links {
        let (a, b) = (&net.hubs[l.from], &net.hubs[l.to]);
        let ((x1, y1), (x2, y2)) = (xy(a.lat, a.lon), xy(b.lat, b.lon));
        let (stroke, width, dash) = style(l.mode);
        let opacity = if l.status == Status::Open { 1.0 } else { 0.4 };
        let _ = write!(
            s,
            r#"<line class="link {mode}" data-id="{id}" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}" stroke-width="{width}" stroke-dasharray="{dash}" stroke-opacity="{opacity}"><title>{id} {mode} {km:.0} km</title></line>"#,
            id = escape(&l.id),
            mode = l.mode,
            km = l.km.value,
        );
        if l.status == Status::Closed {
            let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
            let _ = write!(
                s,
                r#"<path d="M{a:.1},{b:.1}L{c:.1},{d:.1}M{a:.1},{d:.1}L{c:.1},{b:.1}" stroke="black" stroke-width="2"/>"#,
                a = mx - 5.0,
                b = my - 5.0,
                c = mx + 5.0,
                d = my + 5.0
            );
        }
    }
    for h in &net.hubs {
        let (x, y) = xy(h.lat, h.lon);
        let r = if h.endpoint { 5.5 } else { 3.5 };
        let fill = if h.closed { "white" } else { "black" };
        if h.is_border() {
            let _ = write!(
                s,
                r#"<rect class="hub border" x="{:.1}" y="{:.1}" width="{w:.1}" height="{w:.1}" fill="{fill}" stroke="black" transform="rotate(45 {x:.1} {y:.1})"/>"#,
                x - r,
                y - r,
                w = 2.0 * r
            );
        } else {
            let _ = write!(
                s,
                r#"<circle class="hub" cx="{x:.1}" cy="{y:.1}" r="{r}" fill="{fill}" stroke="black"/>"#
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="10">{}</text>"#,
            x + r + 2.0,
            y + 3.5,
            escape(&h.name)
        );
    }
    // Legend.
    let (lx, mut ly) = (M, h_px - 30.0 - 14.0 * Mode::ALL.len() as f64);
    for m in Mode::ALL {
        let (stroke, width, dash) = style(m);
        let _ = write!(
            s,
            r#"<line x1="{lx}" y1="{ly}" x2="{:.0}" y2="{ly}" stroke="{stroke}" stroke-width="{width}" stroke-dasharray="{dash}"/><text x="{:.0}" y="{:.0}" font-size="10">{}</text>"#,
            lx + 30.0,
            lx + 36.0,
            ly + 3.5,
            escape(&labels(m.as_str()))
        );
        ly += 14.0;
    }
    let _ = write!(
        s,
        r#"<text x="{lx}" y="{:.0}" font-size="10">{}{}</text></svg>"#,
        ly + 6.0,
        escape(&labels(
            "◆ border crossing · ● hub (large: origin or destination) · faint: planned · ×: closed"
        )),
        if routes.is_empty() {
            String::new()
        } else {
            escape(&labels(" · wide band: chosen routes"))
        }
    );
    s
}

/// Dash patterns told apart in grayscale, one per route.
const DASHES: [&str; 6] = ["", "8 4", "2 3", "10 3 2 3", "1 5", "14 4"];

/// The ESCAP/CPMM time–cost–distance view of `routes`: cumulative time (top) and cost
/// (bottom) against distance, one line per route, stepping up at stops (borders,
/// transshipments), as a self-contained SVG.
pub fn tcd_svg(routes: &[Route], title: &str, labels: Labels<'_>) -> String {
    const W: f64 = 900.0;
    const PANEL: f64 = 220.0;
    const LEFT: f64 = 70.0;
    const TOP: f64 = 40.0;
    let max_km = routes.iter().map(|r| r.km).fold(1.0f64, f64::max);
    let max_h = routes
        .iter()
        .map(|r| r.criteria.hours)
        .fold(1.0f64, f64::max);
    let max_usd = routes
        .iter()
        .map(|r| r.criteria.cost_usd)
        .fold(1.0f64, f64::max);
    let h_total = TOP + 2.0 * PANEL + 60.0 + 18.0 * routes.len() as f64;
    let x = |km: f64| LEFT + km / max_km * (W - LEFT - 20.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h_total:.0}" role="img" aria-label="{t}" font-family="DejaVu Sans, Arial, sans-serif" font-size="10"><title>{t}</title><rect width="100%" height="100%" fill="white"/><text x="{LEFT}" y="20" font-size="14" font-weight="bold">{t}</text>"#,
        t = escape(title)
    );
    let (hours, km) = (escape(&labels("hours")), escape(&labels("km")));
    for (panel, (label, max)) in [(hours.as_str(), max_h), ("USD", max_usd)]
        .into_iter()
        .enumerate()
    {
        let y0 = TOP + panel as f64 * (PANEL + 20.0);
        let base = y0 + PANEL - 20.0;
        let y = |v: f64| base - v / max * (PANEL - 30.0);
        let _ = write!(
            s,
            r#"<line x1="{LEFT}" y1="{base:.1}" x2="{:.1}" y2="{base:.1}" stroke="black"/><line x1="{LEFT}" y1="{:.1}" x2="{LEFT}" y2="{base:.1}" stroke="black"/><text x="4" y="{:.1}">{max:.0} {label}</text><text x="{:.1}" y="{:.1}" text-anchor="end">{max_km:.0} {km}</text>"#,
            W - 20.0,
            y0,
            y0 + 10.0,
            W - 20.0,
            base + 12.0
        );
        for (i, r) in routes.iter().enumerate() {
            let ends = |t: &crate::report::TcdRow| {
                if panel == 0 {
                    (t.arrive_hours, t.hours)
                } else {
                    (t.arrive_cost_usd, t.cost_usd)
                }
            };
            // Along each leg, then straight up by what the stop at its end added.
            let pts: Vec<String> = r
                .tcd
                .iter()
                .flat_map(|t| {
                    let (a, l) = ends(t);
                    [
                        format!("{:.1},{:.1}", x(t.km), y(a)),
                        format!("{:.1},{:.1}", x(t.km), y(l)),
                    ]
                })
                .collect();
            let _ = write!(
                s,
                r#"<polyline class="tcd" data-rank="{}" points="{}" fill="none" stroke="black" stroke-width="1.6" stroke-dasharray="{}"/>"#,
                i + 1,
                pts.join(" "),
                DASHES[i % DASHES.len()]
            );
        }
    }
    let mut ly = TOP + 2.0 * PANEL + 40.0;
    for (i, r) in routes.iter().enumerate() {
        let _ = write!(
            s,
            r#"<line x1="{LEFT}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="black" stroke-width="1.6" stroke-dasharray="{}"/><text x="{:.1}" y="{:.1}">{} {}</text>"#,
            LEFT + 40.0,
            DASHES[i % DASHES.len()],
            LEFT + 48.0,
            ly + 3.5,
            i + 1,
            escape(&r.name())
        );
        ly += 18.0;
    }
    s.push_str("</svg>");
    s
}
