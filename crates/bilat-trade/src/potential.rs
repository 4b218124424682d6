//! Export potential of `a` in market `b`, in the spirit of ITC's Export Potential Map, and
//! new products ranked by product-space density. From the imported flows of one year.
//!
//! **Existing products.** For each HS6 product `k` that `a` exports with revealed comparative
//! advantage (`RCA_ak > 1`) and that `b` imports from the world (`M_bk > 0`):
//! `potential_k = (X_ak / W_k) · M_bk` — `a`'s share of world exports of `k` applied to `b`'s
//! imports of `k`, that is what `a` would sell in `b` if it held there the market share it
//! holds in the world — and the gap `potential_k − actual_k`, with `actual_k` what `a`
//! already sells to `b`. Ranked by gap. Simplifications against ITC's indicator: no tariff
//! or distance terms ("ease of trade" is 1), no projection of demand, no per-market supply
//! adjustment; values are the imported year's.
//!
//! **New products.** For products that `a` does not export with advantage (`RCA_ak ≤ 1`) and
//! `b` imports: the density `Σ_j M_aj φ_jk / Σ_j φ_jk` (the share of the products close to
//! `k` that `a` already exports with advantage; `φ` the proximity of the complexity module,
//! computed for these columns only), ranked by density, with `b`'s imports beside it.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Serialize;

use crate::complexity::{Matrix, rca};

#[derive(Clone, Debug, Serialize)]
pub struct Existing {
    pub hs6: String,
    pub rca: f64,
    pub world_share: f64,
    pub market_imports: f64,
    pub actual: f64,
    pub potential: f64,
    pub gap: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct NewProduct {
    pub hs6: String,
    pub density: f64,
    pub rca: f64,
    pub market_imports: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Potential {
    pub exporter: String,
    pub market: String,
    pub year: u16,
    /// Products with a positive gap, largest first.
    pub existing: Vec<Existing>,
    pub total_gap: f64,
    /// How many products have a positive gap (the list keeps the largest).
    pub products_with_gap: usize,
    pub new_products: Vec<NewProduct>,
}

pub fn potential(
    files: &[PathBuf],
    a: &str,
    b: &str,
    year: u16,
    top: usize,
) -> Result<Potential, String> {
    let mut cells: BTreeMap<(String, String), f64> = BTreeMap::new();
    let mut market: HashMap<String, f64> = HashMap::new();
    let mut actual: HashMap<String, f64> = HashMap::new();
    crate::panel::for_each_flow(files, Some((year, year)), &mut |_, e, m, k, v| {
        *cells.entry((e.to_string(), k.to_string())).or_default() += v;
        if m == b {
            *market.entry(k.to_string()).or_default() += v;
            if e == a {
                *actual.entry(k.to_string()).or_default() += v;
            }
        }
    })?;
    let x = Matrix::from_cells(&cells);
    let np = x.products.len();
    let Some(ai) = x.locations.iter().position(|l| l == a) else {
        return Err(format!(
            "{a} exports nothing in {year} in the imported files"
        ));
    };
    if market.is_empty() {
        return Err(format!(
            "{b} imports nothing in {year} in the imported files"
        ));
    }
    let (r, m) = rca(&x, 1.0);
    let world: Vec<f64> = (0..np)
        .map(|p| (0..x.locations.len()).map(|c| x.values[c * np + p]).sum())
        .collect();
    let mut existing: Vec<Existing> = Vec::new();
    let mut new_products: Vec<NewProduct> = Vec::new();
    // Products each location has with advantage, and each product's ubiquity.
    let has: Vec<Vec<usize>> = (0..x.locations.len())
        .map(|c| (0..np).filter(|&p| m[c * np + p] == 1).collect())
        .collect();
    let ubiquity: Vec<u32> = (0..np)
        .map(|p| {
            (0..x.locations.len())
                .map(|c| u32::from(m[c * np + p]))
                .sum()
        })
        .collect();
    let mine: Vec<bool> = (0..np).map(|p| m[ai * np + p] == 1).collect();
    let mut co = vec![0u32; np];
    for (p, code) in x.products.iter().enumerate() {
        let demand = market.get(code).copied().unwrap_or(0.0);
        if demand <= 0.0 {
            continue;
        }
        let rca_ap = r[ai * np + p];
        if mine[p] {
            let share = x.values[ai * np + p] / world[p];
            let sold = actual.get(code).copied().unwrap_or(0.0);
            let pot = share * demand;
            existing.push(Existing {
                hs6: code.clone(),
                rca: rca_ap,
                world_share: share,
                market_imports: demand,
                actual: sold,
                potential: pot,
                gap: pot - sold,
            });
        } else if ubiquity[p] > 0 {
            // Co-occurrence of p with every product, over the locations that have p.
            co.iter_mut().for_each(|c| *c = 0);
            for (c, products) in has.iter().enumerate() {
                if m[c * np + p] == 1 {
                    for &q in products {
                        co[q] += 1;
                    }
                }
            }
            let (mut num, mut den) = (0.0, 0.0);
            for q in 0..np {
                if q == p || co[q] == 0 {
                    continue;
                }
                let phi = f64::from(co[q]) / f64::from(ubiquity[q].max(ubiquity[p]));
                den += phi;
                if mine[q] {
                    num += phi;
                }
            }
            new_products.push(NewProduct {
                hs6: code.clone(),
                density: if den > 0.0 { num / den } else { 0.0 },
                rca: rca_ap,
                market_imports: demand,
            });
        }
    }
    existing.retain(|e| e.gap > 0.0);
    existing.sort_by(|p, q| q.gap.total_cmp(&p.gap).then_with(|| p.hs6.cmp(&q.hs6)));
    // (A sum of no f64 is −0.0; + 0.0 makes it 0.)
    let total_gap = existing.iter().map(|e| e.gap).sum::<f64>() + 0.0;
    let products_with_gap = existing.len();
    existing.truncate(top);
    new_products.sort_by(|p, q| {
        q.density
            .total_cmp(&p.density)
            .then_with(|| q.market_imports.total_cmp(&p.market_imports))
            .then_with(|| p.hs6.cmp(&q.hs6))
    });
    new_products.truncate(top);
    Ok(Potential {
        exporter: a.to_string(),
        market: b.to_string(),
        year,
        existing,
        total_gap,
        products_with_gap,
        new_products,
    })
}
