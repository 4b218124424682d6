//! A pair's trade from imported BACI Parquet files: what a trade ministry asks first.
//!
//! For each year, with `a` and `b` the two countries (values in USD):
//! * flows `a→b` and `b→a`, turnover (their sum) and `a`'s balance (`a→b − b→a`);
//! * the top products each way (HS6, value, share);
//! * Herfindahl–Hirschman concentration of each direction over products, and of `a`'s and
//!   `b`'s exports over partners: `HHI = Σ s²` (shares), normalised `(HHI − 1/n) / (1 − 1/n)`
//!   for `n > 1` products or partners;
//! * the number of HS6 products `a` exports to `b` outside the resource chapters
//!   ([`RESOURCE_CHAPTERS`] by default: 25–27 mineral products and fuels, 71 precious stones
//!   and metals, 72–76 and 78–81 base metals);
//! * trade complementarity `TC_ab = 100 (1 − ½ Σ_k |m_bk − x_ak|)`, with `x_ak` the share of
//!   product k in `a`'s exports to the world and `m_bk` its share in `b`'s imports (and the
//!   other way);
//! * trade intensity `TI_ab = (x_ab / X_a) / (M_b / W)`: `a`'s share of exports going to `b`
//!   over `b`'s share of world imports (and the other way).
//!
//! Across years: growth year on year, the compound annual rate between the first and the
//! last year, and the least-squares rate (the slope of log turnover on the year).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Serialize;

/// HS chapters counted as resources (not "non-resource categories").
pub const RESOURCE_CHAPTERS: &[u8] = &[25, 26, 27, 71, 72, 73, 74, 75, 76, 78, 79, 80, 81];

#[derive(Clone, Debug, Serialize)]
pub struct Product {
    pub hs6: String,
    pub value: f64,
    pub share: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Direction {
    pub value: f64,
    pub products: usize,
    pub top: Vec<Product>,
    pub hhi_products: f64,
    pub hhi_products_normalised: f64,
    /// HS6 products outside the resource chapters with a positive value.
    pub non_resource_products: usize,
    pub non_resource_value: f64,
    /// Complementarity of the exporter's world exports with the importer's world imports.
    pub complementarity: f64,
    pub intensity: f64,
    /// Concentration of the exporter's world exports over partners.
    pub hhi_partners: f64,
    pub hhi_partners_normalised: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Year {
    pub year: u16,
    pub a_to_b: Direction,
    pub b_to_a: Direction,
    pub turnover: f64,
    pub balance: f64,
    pub growth: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DyadTrade {
    pub a: String,
    pub b: String,
    pub years: Vec<Year>,
    pub cagr: Option<f64>,
    pub least_squares_growth: Option<f64>,
    pub files: Vec<String>,
}

impl DyadTrade {
    /// The latest year's value of a record indicator this data can measure, with the year:
    /// `trade.turnover`, `trade.exports.X.Y` (USD, X and Y the pair's countries) and
    /// `trade.exports.X.Y.non_resource_categories` (a count of HS6 lines).
    pub fn observed(&self, indicator: &str) -> Option<(u16, f64)> {
        let latest = self.years.last()?;
        let direction = |x: &str, y: &str| {
            if (x, y) == (self.a.as_str(), self.b.as_str()) {
                Some(&latest.a_to_b)
            } else if (x, y) == (self.b.as_str(), self.a.as_str()) {
                Some(&latest.b_to_a)
            } else {
                None
            }
        };
        let parts: Vec<&str> = indicator.split('.').collect();
        let value = match parts.as_slice() {
            ["trade", "turnover"] => latest.turnover,
            ["trade", "exports", x, y] => direction(x, y)?.value,
            ["trade", "exports", x, y, "non_resource_categories"] => {
                direction(x, y)?.non_resource_products as f64
            }
            _ => return None,
        };
        Some((latest.year, value))
    }
}

#[derive(Default)]
struct Acc {
    world: f64,
    exports: HashMap<String, f64>,
    imports: HashMap<String, f64>,
    /// (exporter a or b, hs6) → world exports.
    export_products: HashMap<(bool, String), f64>,
    /// (importer a or b, hs6) → world imports.
    import_products: HashMap<(bool, String), f64>,
    /// (exporter a or b, partner) → exports.
    partners: HashMap<(bool, String), f64>,
    /// (a→b?, hs6) → bilateral flow.
    bilateral: HashMap<(bool, String), f64>,
}

fn hhi(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let v: Vec<f64> = values.filter(|x| *x > 0.0).collect();
    let total: f64 = v.iter().sum();
    if total <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let h: f64 = v.iter().map(|x| (x / total).powi(2)).sum();
    let n = v.len() as f64;
    let norm = if v.len() > 1 {
        (h - 1.0 / n) / (1.0 - 1.0 / n)
    } else {
        1.0
    };
    (h, norm)
}

fn chapter(hs6: &str) -> u8 {
    hs6.get(..2).and_then(|c| c.parse().ok()).unwrap_or(0)
}

/// Reads the Parquet files (as `bilat trade import` writes them) and computes the pair's
/// indicators for the years in `years` (all when `None`).
pub fn dyad_trade(
    files: &[PathBuf],
    a: &str,
    b: &str,
    years: Option<(u16, u16)>,
    top: usize,
    resources: &[u8],
) -> Result<DyadTrade, String> {
    let mut acc: BTreeMap<u16, Acc> = BTreeMap::new();
    crate::panel::for_each_flow(files, years, &mut |y, e, m, k, v| {
        let s = acc.entry(y).or_default();
        s.world += v;
        *s.exports.entry(e.to_string()).or_default() += v;
        *s.imports.entry(m.to_string()).or_default() += v;
        if e == a || e == b {
            *s.export_products
                .entry((e == a, k.to_string()))
                .or_default() += v;
            *s.partners.entry((e == a, m.to_string())).or_default() += v;
        }
        if m == a || m == b {
            *s.import_products
                .entry((m == a, k.to_string()))
                .or_default() += v;
        }
        if (e == a && m == b) || (e == b && m == a) {
            *s.bilateral.entry((e == a, k.to_string())).or_default() += v;
        }
    })?;
    let mut out_years: Vec<Year> = Vec::new();
    for (y, s) in &acc {
        let direction = |from_a: bool| -> Direction {
            let (from, to) = if from_a { (a, b) } else { (b, a) };
            let mut products: Vec<(&String, f64)> = s
                .bilateral
                .iter()
                .filter(|((dir, _), v)| *dir == from_a && **v > 0.0)
                .map(|((_, k), v)| (k, *v))
                .collect();
            products.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(y.0)));
            let value: f64 = products.iter().map(|p| p.1).sum();
            let (h, hn) = hhi(products.iter().map(|p| p.1));
            let non_resource: Vec<f64> = products
                .iter()
                .filter(|(k, _)| !resources.contains(&chapter(k)))
                .map(|p| p.1)
                .collect();
            // Complementarity: exporter's world export shares vs importer's world import shares.
            let x_total = s.exports.get(from).copied().unwrap_or(0.0);
            let m_total = s.imports.get(to).copied().unwrap_or(0.0);
            let mut keys: Vec<&String> = s
                .export_products
                .keys()
                .filter(|(d, _)| *d == from_a)
                .map(|(_, k)| k)
                .chain(
                    s.import_products
                        .keys()
                        .filter(|(d, _)| *d != from_a)
                        .map(|(_, k)| k),
                )
                .collect();
            keys.sort();
            keys.dedup();
            let complementarity = if x_total > 0.0 && m_total > 0.0 {
                let diff: f64 = keys
                    .iter()
                    .map(|k| {
                        let x = s
                            .export_products
                            .get(&(from_a, (*k).clone()))
                            .copied()
                            .unwrap_or(0.0)
                            / x_total;
                        let m = s
                            .import_products
                            .get(&(!from_a, (*k).clone()))
                            .copied()
                            .unwrap_or(0.0)
                            / m_total;
                        (m - x).abs()
                    })
                    .sum();
                100.0 * (1.0 - diff / 2.0)
            } else {
                f64::NAN
            };
            let intensity = if x_total > 0.0 && m_total > 0.0 && s.world > 0.0 {
                (value / x_total) / (m_total / s.world)
            } else {
                f64::NAN
            };
            let (hp, hpn) = hhi(s
                .partners
                .iter()
                .filter(|((d, _), _)| *d == from_a)
                .map(|(_, v)| *v));
            Direction {
                value,
                products: products.len(),
                top: products
                    .iter()
                    .take(top)
                    .map(|(k, v)| Product {
                        hs6: (*k).clone(),
                        value: *v,
                        share: v / value,
                    })
                    .collect(),
                hhi_products: h,
                hhi_products_normalised: hn,
                non_resource_products: non_resource.len(),
                non_resource_value: non_resource.iter().sum(),
                complementarity,
                intensity,
                hhi_partners: hp,
                hhi_partners_normalised: hpn,
            }
        };
        let a_to_b = direction(true);
        let b_to_a = direction(false);
        let turnover = a_to_b.value + b_to_a.value;
        let growth = out_years
            .last()
            .filter(|p| p.year + 1 == *y && p.turnover > 0.0)
            .map(|p| turnover / p.turnover - 1.0);
        out_years.push(Year {
            year: *y,
            balance: a_to_b.value - b_to_a.value,
            turnover,
            growth,
            a_to_b,
            b_to_a,
        });
    }
    let positive: Vec<(f64, f64)> = out_years
        .iter()
        .filter(|y| y.turnover > 0.0)
        .map(|y| (f64::from(y.year), y.turnover.ln()))
        .collect();
    let cagr = match (positive.first(), positive.last()) {
        (Some(f), Some(l)) if l.0 > f.0 => Some(((l.1 - f.1) / (l.0 - f.0)).exp() - 1.0),
        _ => None,
    };
    let least_squares_growth = (positive.len() >= 2).then(|| {
        let n = positive.len() as f64;
        let mx = positive.iter().map(|p| p.0).sum::<f64>() / n;
        let my = positive.iter().map(|p| p.1).sum::<f64>() / n;
        let sxy: f64 = positive.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let sxx: f64 = positive.iter().map(|p| (p.0 - mx).powi(2)).sum();
        (sxy / sxx).exp() - 1.0
    });
    Ok(DyadTrade {
        a: a.to_string(),
        b: b.to_string(),
        years: out_years,
        cagr,
        least_squares_growth,
        files: files.iter().map(|f| f.display().to_string()).collect(),
    })
}

/// RCA of every exporter in every product, and the trade complementarity of every ordered
/// pair (exporter, importer), for one year of the imported files.
#[derive(Clone, Debug, Serialize)]
pub struct AllPairs {
    pub countries: Vec<String>,
    pub products: Vec<String>,
    /// Exporter-major, `countries × products`.
    pub rca: Vec<f64>,
    /// `complementarity[i * countries + j]`: `i`'s exports against `j`'s imports (NaN on the
    /// diagonal and where either side trades nothing).
    pub complementarity: Vec<f64>,
}

/// [`AllPairs`] for `year`. Complementarity is computed as `100 Σ_k min(m_jk, x_ik)`, which
/// equals `100 (1 − ½ Σ_k |m_jk − x_ik|)` when both share vectors sum to one.
pub fn all_pairs(files: &[PathBuf], year: u16) -> Result<AllPairs, String> {
    let mut country: HashMap<String, usize> = HashMap::new();
    let mut product: HashMap<String, usize> = HashMap::new();
    let mut flows: Vec<(u32, u32, u32, f64)> = Vec::new();
    crate::panel::for_each_flow(files, Some((year, year)), &mut |_, e, m, k, v| {
        let id = |map: &mut HashMap<String, usize>, key: &str| match map.get(key) {
            Some(&i) => i as u32,
            None => {
                let i = map.len();
                map.insert(key.to_string(), i);
                i as u32
            }
        };
        let (e, m) = (id(&mut country, e), id(&mut country, m));
        flows.push((e, m, id(&mut product, k), v));
    })?;
    let (nc, np) = (country.len(), product.len());
    let mut exports = vec![0.0; nc * np];
    let mut imports = vec![0.0; nc * np];
    for &(e, m, k, v) in &flows {
        exports[e as usize * np + k as usize] += v;
        imports[m as usize * np + k as usize] += v;
    }
    drop(flows);
    let mut names = vec![String::new(); nc];
    for (n, i) in country {
        names[i] = n;
    }
    let mut codes = vec![String::new(); np];
    for (n, i) in product {
        codes[i] = n;
    }
    let matrix = crate::complexity::Matrix {
        locations: names.clone(),
        products: codes.clone(),
        values: exports,
    };
    let (rca, _) = crate::complexity::rca(&matrix, 1.0);
    let shares = |values: &[f64]| -> Vec<f64> {
        let mut out = values.to_vec();
        for row in out.chunks_mut(np) {
            let total: f64 = row.iter().sum();
            if total > 0.0 {
                row.iter_mut().for_each(|v| *v /= total);
            } else {
                row.iter_mut().for_each(|v| *v = f64::NAN);
            }
        }
        out
    };
    let x = shares(&matrix.values);
    let m = shares(&imports);
    let mut complementarity = vec![f64::NAN; nc * nc];
    for i in 0..nc {
        let xi = &x[i * np..(i + 1) * np];
        for j in 0..nc {
            if i == j {
                continue;
            }
            let mj = &m[j * np..(j + 1) * np];
            complementarity[i * nc + j] =
                100.0 * xi.iter().zip(mj).map(|(a, b)| a.min(*b)).sum::<f64>();
        }
    }
    Ok(AllPairs {
        countries: names,
        products: codes,
        rca,
        complementarity,
    })
}
