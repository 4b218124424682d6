//! Poisson pseudo-maximum likelihood (PPML) with high-dimensional fixed effects, as fixest's
//! and pyfixest's `fepois` estimate it, and the standard errors they report.
//!
//! The model is `E[y] = exp(Xβ + Σ_k α_k[g_k(i)])`, without intercept, with one or more fixed
//! effects (FEs) `g_k`. Estimation by iteratively reweighted least squares (IRLS): at each
//! step the working response `z = η + (y − μ)/μ` and the regressors are demeaned by weighted
//! alternating projections on the FEs (weights `μ`), with Irons–Tuck acceleration, started from
//! the previous step's residuals, spread over the cores and only as fine as the step's progress
//! needs until the last steps (which use the full tolerance), then `β`
//! solves the weighted least squares of the demeaned data; `η = z − (z̃ − X̃β)`. The loop stops
//! when `|dev − dev_prev| / (0.1 + |dev_prev|) < tol` (fixest's rule).
//!
//! Before estimating, observations are dropped (and counted) while any FE group has a single
//! observation (singletons) or only zero outcomes (separated by the FE: its effect would be
//! −∞), and zero outcomes separated by the regressors are found by the ReLU method of
//! Correia, Guimarães and Zylkin (2021): repeated weighted least squares of `u` on the
//! regressors and FEs, weight 1 on zero outcomes and `K` on positive ones, `u` the positive
//! part of the last fit on zeros and 0 elsewhere, until the fit is non-negative on every zero
//! outcome; those where it stays positive have no finite estimate and are dropped. A regressor
//! the FEs then absorb (as the dummy that caused the separation) is dropped and named in
//! `dropped_regressors`, as fixest removes collinear variables.
//!
//! Standard errors, with `B = Σ_i μ_i x̃_i x̃_iᵀ` and scores `s_i = x̃_i (y_i − μ_i)`:
//! * iid: `B⁻¹ · (N−1)/(N−K)`;
//! * heteroskedasticity-robust: `B⁻¹ (Σ s_i s_iᵀ) B⁻¹ · N/(N−K)`;
//! * clustered (CRV1): `G/(G−1) · (N−1)/(N−K) · B⁻¹ (Σ_g s_g s_gᵀ) B⁻¹`, `K` counting the
//!   regressors and the FE parameters not nested in the cluster; two-way clustering combines
//!   the two one-way matrices minus the one of their intersection, each with `G_min/(G_min−1)`.

use std::collections::HashMap;

use serde::Serialize;

/// The data of one estimation: outcome, regressors (column-major), FEs as group codes.
#[derive(Clone, Debug)]
pub struct Data {
    pub y: Vec<f64>,
    pub x: Vec<Vec<f64>>,
    pub x_names: Vec<String>,
    /// One vector of group codes per FE (`0..groups`).
    pub fe: Vec<Vec<u32>>,
    pub fe_names: Vec<String>,
}

/// How standard errors are computed.
#[derive(Clone, Debug, PartialEq)]
pub enum Vcov {
    Iid,
    Hetero,
    /// Clustered by one or two variables, given as group codes per observation.
    Cluster(Vec<Vec<u32>>),
}

#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// IRLS stop rule on the relative change of the deviance.
    pub tol: f64,
    /// Demeaning stops when no value moves by more than this (relative to the data's scale).
    pub fe_tol: f64,
    pub max_iter: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tol: 1e-10,
            fe_tol: 1e-12,
            max_iter: 100,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Fit {
    pub names: Vec<String>,
    pub coef: Vec<f64>,
    pub se: Vec<f64>,
    pub vcov: Vec<f64>,
    pub nobs: usize,
    pub dropped_singletons: usize,
    pub dropped_separated: usize,
    /// Of `dropped_separated`, those separated by the regressors (ReLU), not by an FE.
    pub dropped_separated_relu: usize,
    /// Regressors left out because the FEs absorb them on the rows kept.
    pub dropped_regressors: Vec<String>,
    pub iterations: usize,
    pub deviance: f64,
    pub loglik: f64,
    pub pseudo_r2: f64,
    /// Fitted means of the observations used (in their order), and which rows they are.
    #[serde(skip)]
    pub mu: Vec<f64>,
    #[serde(skip)]
    pub rows: Vec<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum GravityError {
    #[error("row {0}: the outcome must be zero or more and finite, found {1}")]
    BadOutcome(usize, f64),
    #[error("row {0}: regressor `{1}` is not finite ({2})")]
    BadRegressor(usize, String, f64),
    #[error("no observations left after dropping singletons and separated groups")]
    Empty,
    #[error("the regressors are collinear with the fixed effects (X'WX is singular)")]
    Singular,
    #[error("IRLS did not converge in {0} iterations")]
    NoConvergence(usize),
}

/// Observations kept after dropping singletons and FE-separated groups, iterated to a fixed
/// point; returns the kept rows and the two counts.
fn prune(d: &Data, mut keep: Vec<bool>) -> (Vec<usize>, usize, usize) {
    let (mut singletons, mut separated) = (0, 0);
    loop {
        let mut changed = false;
        for f in &d.fe {
            let groups = f.iter().map(|&g| g as usize + 1).max().unwrap_or(0);
            let mut count = vec![0usize; groups];
            let mut positive = vec![false; groups];
            for (i, &g) in f.iter().enumerate() {
                if keep[i] {
                    count[g as usize] += 1;
                    positive[g as usize] |= d.y[i] > 0.0;
                }
            }
            for (i, &g) in f.iter().enumerate() {
                if !keep[i] {
                    continue;
                }
                if count[g as usize] == 1 {
                    keep[i] = false;
                    singletons += 1;
                    changed = true;
                } else if !positive[g as usize] {
                    keep[i] = false;
                    separated += 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let rows = (0..d.y.len()).filter(|&i| keep[i]).collect();
    (rows, singletons, separated)
}

/// Zero outcomes separated by the regressors (indices into `y`), by the ReLU method; see the
/// module's documentation. `fe` must be compacted to the same rows.
fn relu_separated(y: &[f64], x: &[Vec<f64>], fe: &[(Vec<u32>, usize)]) -> Vec<usize> {
    let n = y.len();
    let zeros = y.iter().filter(|&&v| v == 0.0).count();
    if zeros == 0 || x.is_empty() {
        return Vec::new();
    }
    // A large weight on positive outcomes holds the fit at zero there.
    let big = (n as f64).max(1e3) * 1e3;
    let w: Vec<f64> = y.iter().map(|&v| if v > 0.0 { big } else { 1.0 }).collect();
    let wsum = group_weights(fe, &w);
    let mut xt: Vec<Vec<f64>> = x.to_vec();
    {
        let mut columns: Vec<&mut Vec<f64>> = xt.iter_mut().collect();
        demean_all(&mut columns, fe, &w, &wsum, 1e-12);
    }
    let p = x.len();
    // Regressors the FEs absorb carry no direction: keep the others for the fit.
    let usable: Vec<usize> = (0..p)
        .filter(|&k| {
            let raw: f64 = x[k].iter().zip(&w).map(|(v, w)| w * v * v).sum();
            let left: f64 = xt[k].iter().zip(&w).map(|(v, w)| w * v * v).sum();
            left > 1e-12 * raw
        })
        .collect();
    if usable.is_empty() {
        return Vec::new();
    }
    let xs: Vec<Vec<f64>> = usable.iter().map(|&k| xt[k].clone()).collect();
    let q = xs.len();
    let xtwx = weighted_cross(&xs, &w);
    let Some(inv) = invert(&xtwx, q) else {
        return Vec::new();
    };
    let mut u: Vec<f64> = y.iter().map(|&v| f64::from(u8::from(v == 0.0))).collect();
    for _ in 0..1000 {
        let mut ut = u.clone();
        demean(&mut ut, fe, &w, &wsum, 1e-12);
        let xtwu: Vec<f64> = (0..q)
            .map(|a| (0..n).map(|i| w[i] * xs[a][i] * ut[i]).sum())
            .collect();
        let beta: Vec<f64> = (0..q)
            .map(|a| (0..q).map(|b| inv[a * q + b] * xtwu[b]).sum())
            .collect();
        // The fit: u minus the residual of the demeaned regression.
        let fit: Vec<f64> = (0..n)
            .map(|i| u[i] - (ut[i] - (0..q).map(|a| xs[a][i] * beta[a]).sum::<f64>()))
            .collect();
        let scale = fit.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-300);
        let tol = 1e-6 * scale.max(1.0);
        let negative = (0..n).any(|i| y[i] == 0.0 && fit[i] < -tol);
        if !negative {
            return (0..n).filter(|&i| y[i] == 0.0 && fit[i] > tol).collect();
        }
        for i in 0..n {
            u[i] = if y[i] == 0.0 { fit[i].max(0.0) } else { 0.0 };
        }
        if u.iter().all(|&v| v <= tol) {
            return Vec::new();
        }
    }
    Vec::new()
}

/// FE codes renumbered to `0..groups` over the kept rows.
fn compact(codes: &[u32], rows: &[usize]) -> (Vec<u32>, usize) {
    let mut map: HashMap<u32, u32> = HashMap::new();
    let out = rows
        .iter()
        .map(|&i| {
            let n = map.len() as u32;
            *map.entry(codes[i]).or_insert(n)
        })
        .collect();
    (out, map.len())
}

/// Weighted demeaning of `v` on the FEs by alternating projections with Irons–Tuck
/// acceleration, in place.
fn demean(v: &mut [f64], fe: &[(Vec<u32>, usize)], w: &[f64], wsum: &[Vec<f64>], tol: f64) {
    let scale = v.iter().fold(0.0f64, |m, x| m.max(x.abs())).max(1e-300);
    let mut means: Vec<Vec<f64>> = fe.iter().map(|(_, g)| vec![0.0; *g]).collect();
    // One sweep: project out each FE in turn; returns the largest change.
    let sweep = |v: &mut [f64], means: &mut [Vec<f64>]| -> f64 {
        let mut moved = 0.0f64;
        for (k, (codes, _)) in fe.iter().enumerate() {
            let m = &mut means[k];
            m.iter_mut().for_each(|x| *x = 0.0);
            for (i, &g) in codes.iter().enumerate() {
                m[g as usize] += w[i] * v[i];
            }
            for (g, x) in m.iter_mut().enumerate() {
                *x /= wsum[k][g];
            }
            for (i, &g) in codes.iter().enumerate() {
                let delta = m[g as usize];
                v[i] -= delta;
                moved = moved.max(delta.abs());
            }
        }
        moved
    };
    if fe.len() == 1 {
        sweep(v, &mut means);
        return;
    }
    let n = v.len();
    let (mut x1, mut x2) = (vec![0.0; n], vec![0.0; n]);
    for _ in 0..100_000 {
        // Irons–Tuck: from x0 = v, two sweeps give x1 and x2; extrapolate.
        x1.copy_from_slice(v);
        let m1 = sweep(&mut x1, &mut means);
        if m1 <= tol * scale {
            v.copy_from_slice(&x1);
            return;
        }
        x2.copy_from_slice(&x1);
        let m2 = sweep(&mut x2, &mut means);
        if m2 <= tol * scale {
            v.copy_from_slice(&x2);
            return;
        }
        let (mut num, mut den) = (0.0, 0.0);
        for i in 0..n {
            let d2 = x2[i] - x1[i];
            let dd = d2 - (x1[i] - v[i]);
            num += d2 * dd;
            den += dd * dd;
        }
        if den > 0.0 {
            let a = num / den;
            for i in 0..n {
                v[i] = x2[i] - a * (x2[i] - x1[i]);
            }
        } else {
            v.copy_from_slice(&x2);
        }
    }
}

/// The total weight of each group of each FE.
fn group_weights(fe: &[(Vec<u32>, usize)], w: &[f64]) -> Vec<Vec<f64>> {
    fe.iter()
        .map(|(codes, g)| {
            let mut s = vec![0.0; *g];
            for (i, &c) in codes.iter().enumerate() {
                s[c as usize] += w[i];
            }
            s
        })
        .collect()
}

/// `Σ_i w_i x_ai x_bi` for every pair of columns (p × p, row-major).
fn weighted_cross(x: &[Vec<f64>], w: &[f64]) -> Vec<f64> {
    let p = x.len();
    let mut out = vec![0.0; p * p];
    for a in 0..p {
        for b in 0..p {
            out[a * p + b] = x[a]
                .iter()
                .zip(&x[b])
                .zip(w)
                .map(|((u, v), w)| w * u * v)
                .sum();
        }
    }
    out
}

/// Demeans several columns, spread over the available cores.
fn demean_all(
    columns: &mut [&mut Vec<f64>],
    fe: &[(Vec<u32>, usize)],
    w: &[f64],
    wsum: &[Vec<f64>],
    tol: f64,
) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(columns.len());
    if threads <= 1 {
        for c in columns.iter_mut() {
            demean(c, fe, w, wsum, tol);
        }
        return;
    }
    let per = columns.len().div_ceil(threads);
    std::thread::scope(|s| {
        for chunk in columns.chunks_mut(per) {
            s.spawn(move || {
                for c in chunk.iter_mut() {
                    demean(c, fe, w, wsum, tol);
                }
            });
        }
    });
}

fn solve(a: &[f64], b: &[f64], p: usize) -> Option<Vec<f64>> {
    let inv = invert(a, p)?;
    Some(
        (0..p)
            .map(|i| (0..p).map(|j| inv[i * p + j] * b[j]).sum())
            .collect(),
    )
}

/// Inverse of a small symmetric positive-definite matrix (Gauss–Jordan with pivoting).
fn invert(a: &[f64], p: usize) -> Option<Vec<f64>> {
    let mut m = a.to_vec();
    let mut inv = vec![0.0; p * p];
    for i in 0..p {
        inv[i * p + i] = 1.0;
    }
    for col in 0..p {
        let pivot =
            (col..p).max_by(|&x, &y| m[x * p + col].abs().total_cmp(&m[y * p + col].abs()))?;
        let scale = (0..p)
            .map(|j| a[j * p + j].abs())
            .fold(0.0f64, f64::max)
            .max(1e-300);
        if m[pivot * p + col].abs() <= 1e-13 * scale {
            return None;
        }
        for j in 0..p {
            m.swap(col * p + j, pivot * p + j);
            inv.swap(col * p + j, pivot * p + j);
        }
        let d = m[col * p + col];
        for j in 0..p {
            m[col * p + j] /= d;
            inv[col * p + j] /= d;
        }
        for r in 0..p {
            if r != col {
                let f = m[r * p + col];
                for j in 0..p {
                    m[r * p + j] -= f * m[col * p + j];
                    inv[r * p + j] -= f * inv[col * p + j];
                }
            }
        }
    }
    Some(inv)
}

fn deviance(y: &[f64], mu: &[f64]) -> f64 {
    2.0 * y
        .iter()
        .zip(mu)
        .map(|(&y, &m)| {
            let t = if y > 0.0 { y * (y / m).ln() } else { 0.0 };
            t - (y - m)
        })
        .sum::<f64>()
}

fn ln_factorial(y: f64) -> f64 {
    // ln Γ(y + 1) by Stirling's series (exact enough for the log-likelihood's constant term).
    if y < 2.0 {
        return 0.0;
    }
    if y < 20.0 {
        return (2..=y as u64).map(|k| (k as f64).ln()).sum();
    }
    let x = y + 1.0;
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x.powi(3))
        + 1.0 / (1260.0 * x.powi(5))
}

/// Estimates the model, with standard errors of the kind `vcov` names.
pub fn fepois(d: &Data, vcov: &Vcov, opts: Options) -> Result<Fit, GravityError> {
    for (i, &y) in d.y.iter().enumerate() {
        if !(y.is_finite() && y >= 0.0) {
            return Err(GravityError::BadOutcome(i, y));
        }
    }
    for (k, col) in d.x.iter().enumerate() {
        if let Some((i, v)) = col.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(GravityError::BadRegressor(i, d.x_names[k].clone(), *v));
        }
    }
    // Singletons and FE separation, then separation by the regressors, until neither drops
    // anything more.
    let mut keep = vec![true; d.y.len()];
    let (mut dropped_singletons, mut dropped_separated, mut dropped_separated_relu) = (0, 0, 0);
    let rows = loop {
        let (rows, singletons, separated) = prune(d, keep.clone());
        dropped_singletons += singletons;
        dropped_separated += separated;
        keep.iter_mut().for_each(|k| *k = false);
        for &i in &rows {
            keep[i] = true;
        }
        if rows.is_empty() {
            return Err(GravityError::Empty);
        }
        let y: Vec<f64> = rows.iter().map(|&i| d.y[i]).collect();
        let x: Vec<Vec<f64>> =
            d.x.iter()
                .map(|c| rows.iter().map(|&i| c[i]).collect())
                .collect();
        let fe: Vec<(Vec<u32>, usize)> = d.fe.iter().map(|f| compact(f, &rows)).collect();
        let separated = relu_separated(&y, &x, &fe);
        if separated.is_empty() {
            break rows;
        }
        dropped_separated += separated.len();
        dropped_separated_relu += separated.len();
        for &j in &separated {
            keep[rows[j]] = false;
        }
    };
    let n = rows.len();
    let y: Vec<f64> = rows.iter().map(|&i| d.y[i]).collect();
    let fe: Vec<(Vec<u32>, usize)> = d.fe.iter().map(|f| compact(f, &rows)).collect();
    // Regressors the FEs absorb on these rows (unit weights) are left out and named.
    let ones = vec![1.0; n];
    let ones_sum = group_weights(&fe, &ones);
    let mut kept_x = Vec::new();
    let mut names = Vec::new();
    let mut dropped_regressors = Vec::new();
    for (k, c) in d.x.iter().enumerate() {
        let col: Vec<f64> = rows.iter().map(|&i| c[i]).collect();
        let mut t = col.clone();
        demean(&mut t, &fe, &ones, &ones_sum, 1e-12);
        let raw: f64 = col.iter().map(|v| v * v).sum();
        let left: f64 = t.iter().map(|v| v * v).sum();
        if left <= 1e-12 * raw || raw == 0.0 {
            dropped_regressors.push(d.x_names[k].clone());
        } else {
            kept_x.push(col);
            names.push(d.x_names[k].clone());
        }
    }
    if kept_x.is_empty() {
        return Err(GravityError::Singular);
    }
    let x = kept_x;
    let p = x.len();

    let ybar = y.iter().sum::<f64>() / n as f64;
    let mut mu: Vec<f64> = y.iter().map(|&v| (v + ybar) / 2.0).collect();
    let mut eta: Vec<f64> = mu.iter().map(|m| m.ln()).collect();
    let mut dev = deviance(&y, &mu);
    let mut beta = vec![0.0; p];
    let mut xt: Vec<Vec<f64>> = x.clone();
    let mut z_fe = vec![0.0; n];
    let mut fe_tol_now = opts.fe_tol.max(1e-4);
    let mut iterations = 0;
    let mut converged = false;
    for it in 1..=opts.max_iter {
        iterations = it;
        let w = &mu;
        let wsum = group_weights(&fe, w);
        let z_raw: Vec<f64> = (0..n).map(|i| eta[i] + (y[i] - mu[i]) / mu[i]).collect();
        // Warm start: subtract the fixed-effect part found at the previous step (any vector
        // of the fixed effects' span is removed by the projection, whatever the weights), so
        // the projections start near their answer. The columns are demeaned in parallel.
        let mut z: Vec<f64> = (0..n).map(|i| z_raw[i] - z_fe[i]).collect();
        {
            let mut columns: Vec<&mut Vec<f64>> =
                std::iter::once(&mut z).chain(xt.iter_mut()).collect();
            demean_all(&mut columns, &fe, w, &wsum, fe_tol_now);
        }
        for i in 0..n {
            z_fe[i] = z_raw[i] - z[i];
        }
        // A regressor the FEs absorb keeps (almost) nothing after demeaning.
        for (k, col) in xt.iter().enumerate() {
            let raw: f64 = (0..n).map(|i| w[i] * x[k][i] * x[k][i]).sum();
            let left: f64 = (0..n).map(|i| w[i] * col[i] * col[i]).sum();
            if left <= 1e-12 * raw {
                return Err(GravityError::Singular);
            }
        }
        let xtwx = weighted_cross(&xt, w);
        let xtwz: Vec<f64> = (0..p)
            .map(|a| (0..n).map(|i| w[i] * xt[a][i] * z[i]).sum())
            .collect();
        beta = solve(&xtwx, &xtwz, p).ok_or(GravityError::Singular)?;
        for i in 0..n {
            let fitted: f64 = (0..p).map(|a| xt[a][i] * beta[a]).sum();
            eta[i] = z_raw[i] - (z[i] - fitted);
            mu[i] = eta[i].exp();
        }
        let new_dev = deviance(&y, &mu);
        let change = (new_dev - dev).abs() / (0.1 + dev.abs());
        dev = new_dev;
        // Converged only on a step demeaned to the full tolerance.
        if change < opts.tol && fe_tol_now <= opts.fe_tol {
            converged = true;
            break;
        }
        // Early steps need no finer demeaning than their own progress (as ppmlhdfe does).
        fe_tol_now = (change * 1e-3).clamp(opts.fe_tol, 1e-4);
    }
    if !converged {
        return Err(GravityError::NoConvergence(opts.max_iter));
    }
    // Demeaned regressors at the solution, with the final weights.
    let wsum = group_weights(&fe, &mu);
    {
        let mut columns: Vec<&mut Vec<f64>> = xt.iter_mut().collect();
        demean_all(&mut columns, &fe, &mu, &wsum, opts.fe_tol);
    }
    let bread = weighted_cross(&xt, &mu);
    let binv = invert(&bread, p).ok_or(GravityError::Singular)?;
    let fe_params = |nested_in: &[&Vec<u32>]| -> usize {
        // FE parameters not nested in a cluster variable: all the groups of the first such FE,
        // one less for each further one (a reference level each).
        let mut k = 0;
        let mut first = true;
        for (codes, groups) in &fe {
            if nested_in.iter().any(|cl| is_nested(codes, cl)) {
                continue;
            }
            k += groups - usize::from(!first);
            first = false;
        }
        k
    };
    let sandwich = |meat: &[f64], factor: f64| -> Vec<f64> {
        let mut v = vec![0.0; p * p];
        for a in 0..p {
            for b in 0..p {
                let mut s = 0.0;
                for c in 0..p {
                    for e in 0..p {
                        s += binv[a * p + c] * meat[c * p + e] * binv[e * p + b];
                    }
                }
                v[a * p + b] = s * factor;
            }
        }
        v
    };
    let score = |i: usize, a: usize| xt[a][i] * (y[i] - mu[i]);
    let nf = n as f64;
    let vcov_matrix = match vcov {
        Vcov::Iid => {
            let k = (p + fe_params(&[])) as f64;
            binv.iter().map(|v| v * (nf - 1.0) / (nf - k)).collect()
        }
        Vcov::Hetero => {
            let k = (p + fe_params(&[])) as f64;
            let mut meat = vec![0.0; p * p];
            for i in 0..n {
                for a in 0..p {
                    for b in 0..p {
                        meat[a * p + b] += score(i, a) * score(i, b);
                    }
                }
            }
            sandwich(&meat, nf / (nf - k))
        }
        Vcov::Cluster(clusters) => {
            let cl: Vec<Vec<u32>> = clusters.iter().map(|c| compact(c, &rows).0).collect();
            let refs: Vec<&Vec<u32>> = cl.iter().collect();
            let k = (p + fe_params(&refs)) as f64;
            let one_way = |codes: &[u32]| -> (Vec<f64>, usize) {
                let groups = codes.iter().map(|&g| g as usize + 1).max().unwrap_or(0);
                let mut s = vec![0.0; groups * p];
                for i in 0..n {
                    for a in 0..p {
                        s[codes[i] as usize * p + a] += score(i, a);
                    }
                }
                let mut meat = vec![0.0; p * p];
                for g in 0..groups {
                    for a in 0..p {
                        for b in 0..p {
                            meat[a * p + b] += s[g * p + a] * s[g * p + b];
                        }
                    }
                }
                (meat, groups)
            };
            match cl.len() {
                1 => {
                    let (meat, g) = one_way(&cl[0]);
                    let g = g as f64;
                    sandwich(&meat, g / (g - 1.0) * (nf - 1.0) / (nf - k))
                }
                _ => {
                    let (m1, g1) = one_way(&cl[0]);
                    let (m2, g2) = one_way(&cl[1]);
                    let both: Vec<u32> = {
                        let pairs: Vec<u64> = (0..n)
                            .map(|i| (u64::from(cl[0][i]) << 32) | u64::from(cl[1][i]))
                            .collect();
                        let as_u32: Vec<u32> = compact_u64(&pairs);
                        as_u32
                    };
                    let (m12, _) = one_way(&both);
                    let gmin = g1.min(g2) as f64;
                    let meat: Vec<f64> = (0..p * p).map(|i| m1[i] + m2[i] - m12[i]).collect();
                    sandwich(&meat, gmin / (gmin - 1.0) * (nf - 1.0) / (nf - k))
                }
            }
        }
    };
    let se = (0..p)
        .map(|a| vcov_matrix[a * p + a].max(0.0).sqrt())
        .collect();
    // Log-likelihood and McFadden's pseudo R² against the intercept-only Poisson model.
    let loglik: f64 = (0..n)
        .map(|i| y[i] * mu[i].ln() - mu[i] - ln_factorial(y[i]))
        .sum();
    let ll_null: f64 = (0..n)
        .map(|i| y[i] * ybar.ln() - ybar - ln_factorial(y[i]))
        .sum();
    Ok(Fit {
        names,
        coef: beta,
        se,
        vcov: vcov_matrix,
        nobs: n,
        dropped_singletons,
        dropped_separated,
        dropped_separated_relu,
        dropped_regressors,
        iterations,
        deviance: dev,
        loglik,
        pseudo_r2: 1.0 - loglik / ll_null,
        mu,
        rows,
    })
}

fn compact_u64(v: &[u64]) -> Vec<u32> {
    let mut map: HashMap<u64, u32> = HashMap::new();
    v.iter()
        .map(|&x| {
            let n = map.len() as u32;
            *map.entry(x).or_insert(n)
        })
        .collect()
}

/// Whether every group of `inner` lies inside one group of `outer`.
fn is_nested(inner: &[u32], outer: &[u32]) -> bool {
    let mut seen: HashMap<u32, u32> = HashMap::new();
    inner
        .iter()
        .zip(outer)
        .all(|(&i, &o)| *seen.entry(i).or_insert(o) == o)
}
