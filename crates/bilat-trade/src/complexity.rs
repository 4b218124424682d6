//! Economic complexity for one year: RCA, presence, diversity, ubiquity, ECI, PCI, proximity,
//! density, COI and COG, with the conventions of the Stata `ecomplexity` package (Harvard
//! Growth Lab), which `tests/complexity.rs` checks against its published output.
//!
//! On the location × product matrix of export values `x`:
//!
//! 1. `rca[c,p] = (x[c,p] / Σ_p x[c,p]) / (Σ_c x[c,p] / Σ x)`; `M[c,p] = rca > threshold`
//!    (strictly greater, as Stata; the Python package uses `>=`).
//! 2. `diversity[c] = Σ_p M`, `ubiquity[p] = Σ_c M`.
//! 3. `kp`: the eigenvector of the second-largest eigenvalue of
//!    `Mpp[p,q] = Σ_c M[c,p] M[c,q] / (diversity[c] ubiquity[p])`; `kc[c] = Σ_p M[c,p] kp[p] /
//!    diversity[c]`; both signs flipped so that kc correlates positively with diversity.
//!    `Mpp` is similar to the symmetric `A = U^-½ Mᵀ D⁻¹ M U^-½`, whose eigenvectors are found
//!    (Jacobi's method up to [`Options::dense_limit`] products, otherwise power iteration with
//!    the leading eigenvector, known in closed form, deflated).
//! 4. `ECI = (kc − m) / s` and `PCI = (kp − m) / s`, with `m`, `s` the mean and standard
//!    deviation (n − 1) of kc over the year's location × product rows (each location counted
//!    once per product, as Stata's `sum` over the long table does).
//! 5. Proximity `φ[p,q] = min(C[p,q] / u[p], C[p,q] / u[q])`, `C = MᵀM`, with a zero diagonal.
//! 6. `density[c,p] = Σ_k M[c,k] φ[k,p] / Σ_k φ[k,p]`.
//! 7. `COI` standardises (over the same rows) `Σ_p density[c,p] (1 − M[c,p]) kp[p]`; `COG[c,p] =
//!    (1 − M[c,p]) Σ_k (1 − M[c,k]) φ[k,p] kp[k] / Σ_j φ[k,j]` divided by `s` (raw kp, not PCI).
//!
//! When a location has no product with RCA above the threshold (or a product no location),
//! the eigenvector problem is undefined: like Stata, the year's ECI, PCI, density, COI and COG
//! are then missing (`None`) unless [`Options::drop_empty`] leaves those rows out.

use serde::Serialize;

/// A year's matrix of export values: `values[c * products.len() + p]`.
#[derive(Clone, Debug)]
pub struct Matrix {
    pub locations: Vec<String>,
    pub products: Vec<String>,
    pub values: Vec<f64>,
}

impl Matrix {
    /// A matrix from values by (location, product); absent cells are zero.
    pub fn from_cells(cells: &std::collections::BTreeMap<(String, String), f64>) -> Matrix {
        let mut locations: Vec<String> = cells.keys().map(|k| k.0.clone()).collect();
        locations.dedup();
        let mut products: Vec<String> = cells.keys().map(|k| k.1.clone()).collect();
        products.sort();
        products.dedup();
        let index: std::collections::HashMap<&String, usize> =
            products.iter().enumerate().map(|(i, p)| (p, i)).collect();
        let row: std::collections::HashMap<&String, usize> =
            locations.iter().enumerate().map(|(i, l)| (l, i)).collect();
        let mut values = vec![0.0; locations.len() * products.len()];
        for ((l, p), v) in cells {
            values[row[l] * products.len() + index[p]] += v;
        }
        Matrix {
            locations,
            products,
            values,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// RCA above which a location "has" a product (1 by default).
    pub threshold: f64,
    /// Leave out locations with no product and products with no location above the threshold
    /// (instead of returning the year's indices as missing, which is Stata's behaviour).
    pub drop_empty: bool,
    /// Up to this many products the eigenvector comes from a dense solver (Jacobi), above it
    /// from power iteration (300 by default: HS4 has about 1 200 products, HS6 about 5 000).
    pub dense_limit: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            threshold: 1.0,
            drop_empty: false,
            dense_limit: 300,
        }
    }
}

/// The year's measures. Per-cell vectors are location-major like the input.
#[derive(Clone, Debug, Serialize)]
pub struct Complexity {
    pub locations: Vec<String>,
    pub products: Vec<String>,
    pub rca: Vec<f64>,
    pub m: Vec<u8>,
    pub diversity: Vec<u32>,
    pub ubiquity: Vec<u32>,
    /// Proximity, product × product, zero diagonal.
    pub proximity: Vec<f64>,
    /// ECI per location, PCI per product, density/COG per cell, COI per location: missing
    /// when the eigenvector problem is undefined (see the module documentation).
    pub indices: Option<Indices>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Indices {
    pub eci: Vec<f64>,
    pub pci: Vec<f64>,
    pub density: Vec<f64>,
    pub coi: Vec<f64>,
    pub cog: Vec<f64>,
}

/// Balassa's RCA of every cell and the presence `M = RCA > threshold` (strictly, as Stata).
pub fn rca(x: &Matrix, threshold: f64) -> (Vec<f64>, Vec<u8>) {
    let (nc, np) = (x.locations.len(), x.products.len());
    let at = |c: usize, p: usize| c * np + p;
    let row: Vec<f64> = (0..nc)
        .map(|c| (0..np).map(|p| x.values[at(c, p)]).sum())
        .collect();
    let col: Vec<f64> = (0..np)
        .map(|p| (0..nc).map(|c| x.values[at(c, p)]).sum())
        .collect();
    let total: f64 = row.iter().sum();
    let mut rca = vec![0.0; nc * np];
    let mut m = vec![0u8; nc * np];
    for c in 0..nc {
        for p in 0..np {
            let r = if row[c] > 0.0 && col[p] > 0.0 {
                (x.values[at(c, p)] / row[c]) / (col[p] / total)
            } else {
                0.0
            };
            rca[at(c, p)] = r;
            m[at(c, p)] = u8::from(r > threshold);
        }
    }
    (rca, m)
}

/// Computes every measure for one year.
pub fn compute(x: &Matrix, opts: Options) -> Complexity {
    let (nc, np) = (x.locations.len(), x.products.len());
    let at = |c: usize, p: usize| c * np + p;
    let (rca, m) = rca(x, opts.threshold);
    let diversity: Vec<u32> = (0..nc)
        .map(|c| (0..np).map(|p| u32::from(m[at(c, p)])).sum())
        .collect();
    let ubiquity: Vec<u32> = (0..np)
        .map(|p| (0..nc).map(|c| u32::from(m[at(c, p)])).sum())
        .collect();
    let proximity = proximity(&m, nc, np, &ubiquity);

    let empty = diversity.contains(&0) || ubiquity.contains(&0);
    let indices = if !empty {
        Some(indices(
            &m,
            nc,
            np,
            &diversity,
            &ubiquity,
            &proximity,
            opts.dense_limit,
        ))
    } else if opts.drop_empty {
        // Solve on the rows and columns that have presences, then put the results back.
        let keep_c: Vec<usize> = (0..nc).filter(|&c| diversity[c] > 0).collect();
        let keep_p: Vec<usize> = (0..np).filter(|&p| ubiquity[p] > 0).collect();
        if keep_c.len() < 2 || keep_p.len() < 2 {
            None
        } else {
            let sub_m: Vec<u8> = keep_c
                .iter()
                .flat_map(|&c| keep_p.iter().map(move |&p| c * np + p))
                .map(|i| m[i])
                .collect();
            let (snc, snp) = (keep_c.len(), keep_p.len());
            let sd: Vec<u32> = keep_c.iter().map(|&c| diversity[c]).collect();
            let su: Vec<u32> = keep_p.iter().map(|&p| ubiquity[p]).collect();
            let sphi = self::proximity(&sub_m, snc, snp, &su);
            let s = indices(&sub_m, snc, snp, &sd, &su, &sphi, opts.dense_limit);
            let mut full = Indices {
                eci: vec![f64::NAN; nc],
                pci: vec![f64::NAN; np],
                density: vec![f64::NAN; nc * np],
                coi: vec![f64::NAN; nc],
                cog: vec![f64::NAN; nc * np],
            };
            for (i, &c) in keep_c.iter().enumerate() {
                full.eci[c] = s.eci[i];
                full.coi[c] = s.coi[i];
                for (j, &p) in keep_p.iter().enumerate() {
                    full.density[c * np + p] = s.density[i * snp + j];
                    full.cog[c * np + p] = s.cog[i * snp + j];
                }
            }
            for (j, &p) in keep_p.iter().enumerate() {
                full.pci[p] = s.pci[j];
            }
            Some(full)
        }
    } else {
        None
    };
    Complexity {
        locations: x.locations.clone(),
        products: x.products.clone(),
        rca,
        m,
        diversity,
        ubiquity,
        proximity,
        indices,
    }
}

fn proximity(m: &[u8], nc: usize, np: usize, u: &[u32]) -> Vec<f64> {
    let mut phi = vec![0.0; np * np];
    for p in 0..np {
        for q in p + 1..np {
            let co: u32 = (0..nc)
                .map(|c| u32::from(m[c * np + p] & m[c * np + q]))
                .sum();
            if co == 0 {
                continue;
            }
            let v = (f64::from(co) / f64::from(u[p])).min(f64::from(co) / f64::from(u[q]));
            phi[p * np + q] = v;
            phi[q * np + p] = v;
        }
    }
    phi
}

/// Mean and standard deviation (n − 1) of `v`, each value counted `weight` times.
fn mean_sd(v: &[f64], weight: usize) -> (f64, f64) {
    let n = (v.len() * weight) as f64;
    let mean = v.iter().sum::<f64>() * weight as f64 / n;
    let ss: f64 = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() * weight as f64;
    (mean, (ss / (n - 1.0)).sqrt())
}

fn indices(
    m: &[u8],
    nc: usize,
    np: usize,
    d: &[u32],
    u: &[u32],
    phi: &[f64],
    dense_limit: usize,
) -> Indices {
    let mf = |c: usize, p: usize| f64::from(m[c * np + p]);
    // A = U^-½ Mᵀ D⁻¹ M U^-½ (symmetric); Mpp = U^-½ A U^½, so kp = U^-½ v.
    let su: Vec<f64> = u.iter().map(|&x| f64::from(x).sqrt()).collect();
    let mut kp = second_eigenvector(m, nc, np, d, &su, dense_limit);
    for (k, s) in kp.iter_mut().zip(&su) {
        *k /= s;
    }
    let norm = kp.iter().map(|k| k * k).sum::<f64>().sqrt();
    for k in &mut kp {
        *k /= norm;
    }
    let mut kc: Vec<f64> = (0..nc)
        .map(|c| (0..np).map(|p| mf(c, p) * kp[p]).sum::<f64>() / f64::from(d[c]))
        .collect();
    // Sign: kc must correlate positively with diversity.
    let dmean = d.iter().map(|&x| f64::from(x)).sum::<f64>() / nc as f64;
    let kmean = kc.iter().sum::<f64>() / nc as f64;
    let cov: f64 = d
        .iter()
        .zip(&kc)
        .map(|(&x, k)| (f64::from(x) - dmean) * (k - kmean))
        .sum();
    if cov < 0.0 {
        kp.iter_mut().for_each(|k| *k = -*k);
        kc.iter_mut().for_each(|k| *k = -*k);
    }
    let (mean, sd) = mean_sd(&kc, np);
    let eci: Vec<f64> = kc.iter().map(|k| (k - mean) / sd).collect();
    let pci: Vec<f64> = kp.iter().map(|k| (k - mean) / sd).collect();

    let phi_col: Vec<f64> = (0..np)
        .map(|p| (0..np).map(|k| phi[k * np + p]).sum())
        .collect();
    let phi_row: Vec<f64> = (0..np)
        .map(|k| (0..np).map(|j| phi[k * np + j]).sum())
        .collect();
    let mut density = vec![0.0; nc * np];
    let mut cog = vec![0.0; nc * np];
    let mut coi_raw = vec![0.0; nc];
    for c in 0..nc {
        for p in 0..np {
            let num: f64 = (0..np).map(|k| mf(c, k) * phi[k * np + p]).sum();
            let dens = if phi_col[p] > 0.0 {
                num / phi_col[p]
            } else {
                0.0
            };
            density[c * np + p] = dens;
            let absent = 1.0 - mf(c, p);
            coi_raw[c] += dens * absent * kp[p];
            if absent > 0.0 {
                let g: f64 = (0..np)
                    .filter(|&k| phi_row[k] > 0.0)
                    .map(|k| (1.0 - mf(c, k)) * phi[k * np + p] * kp[k] / phi_row[k])
                    .sum();
                cog[c * np + p] = g / sd;
            }
        }
    }
    let (cm, cs) = mean_sd(&coi_raw, np);
    let coi = coi_raw.iter().map(|x| (x - cm) / cs).collect();
    Indices {
        eci,
        pci,
        density,
        coi,
        cog,
    }
}

/// The eigenvector of the second-largest eigenvalue of `A = U^-½ Mᵀ D⁻¹ M U^-½`, unit length.
fn second_eigenvector(
    m: &[u8],
    nc: usize,
    np: usize,
    d: &[u32],
    su: &[f64],
    dense_limit: usize,
) -> Vec<f64> {
    if np <= dense_limit {
        let mut a = vec![0.0; np * np];
        for c in 0..nc {
            let present: Vec<usize> = (0..np).filter(|&p| m[c * np + p] == 1).collect();
            let w = 1.0 / f64::from(d[c]);
            for &p in &present {
                for &q in &present {
                    a[p * np + q] += w / (su[p] * su[q]);
                }
            }
        }
        let (values, vectors) = jacobi(a, np);
        let mut order: Vec<usize> = (0..np).collect();
        order.sort_by(|&i, &j| values[j].total_cmp(&values[i]));
        let k = order[1.min(np - 1)];
        (0..np).map(|r| vectors[r * np + k]).collect()
    } else {
        power_second(m, nc, np, d, su)
    }
}

/// Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations.
fn jacobi(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let scale: f64 = (0..n)
            .map(|i| a[i * n + i] * a[i * n + i])
            .sum::<f64>()
            .max(1e-300);
        if off <= scale * 1e-32 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                // The rotation that zeroes a[p][q].
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

/// Power iteration for the second eigenvector, with the leading one (`∝ U^½ 1`, eigenvalue 1)
/// projected out at every step. A is positive semi-definite, so the iteration converges to the
/// largest remaining eigenvalue.
fn power_second(m: &[u8], nc: usize, np: usize, d: &[u32], su: &[f64]) -> Vec<f64> {
    let lead_norm = su.iter().map(|s| s * s).sum::<f64>().sqrt();
    let lead: Vec<f64> = su.iter().map(|s| s / lead_norm).collect();
    let deflate = |x: &mut Vec<f64>| {
        let dot: f64 = x.iter().zip(&lead).map(|(a, b)| a * b).sum();
        x.iter_mut().zip(&lead).for_each(|(a, b)| *a -= dot * b);
        let n = x.iter().map(|a| a * a).sum::<f64>().sqrt();
        x.iter_mut().for_each(|a| *a /= n);
    };
    // A deterministic start that is not orthogonal to much.
    let mut x: Vec<f64> = (0..np)
        .map(|i| 1.0 + (i as f64 * 0.618_033_988_7).fract())
        .collect();
    deflate(&mut x);
    let mut y = vec![0.0; np];
    let mut t = vec![0.0; nc];
    for _ in 0..200_000 {
        // y = A x = U^-½ Mᵀ D⁻¹ M U^-½ x
        for c in 0..nc {
            t[c] = (0..np)
                .filter(|&p| m[c * np + p] == 1)
                .map(|p| x[p] / su[p])
                .sum::<f64>()
                / f64::from(d[c]);
        }
        for p in 0..np {
            y[p] = (0..nc)
                .filter(|&c| m[c * np + p] == 1)
                .map(|c| t[c])
                .sum::<f64>()
                / su[p];
        }
        deflate(&mut y);
        let diff: f64 = x
            .iter()
            .zip(&y)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        std::mem::swap(&mut x, &mut y);
        if diff < 1e-14 {
            break;
        }
    }
    x
}
