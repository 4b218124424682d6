//! PPML with fixed effects on synthetic panels generated here (no real data): known
//! coefficients are recovered, singletons and separated groups are dropped and counted, bad
//! input is refused. The comparison with fixest is in `gravity_reference.rs`.

use bilat_trade::gravity::{Data, GravityError, Options, Vcov, fepois};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A synthetic exporter × importer × year panel with y = exp(β·x + a_e + b_i + c_t) exactly
/// (no noise), so PPML must recover β to the solver's precision.
fn synthetic_panel(beta: f64) -> (Data, Vec<u32>) {
    let mut rng = Rng(7);
    let (ne, ni, nt) = (12u32, 10u32, 5u32);
    let a: Vec<f64> = (0..ne).map(|_| rng.next() * 2.0).collect();
    let b: Vec<f64> = (0..ni).map(|_| rng.next() * 2.0).collect();
    let c: Vec<f64> = (0..nt).map(|_| rng.next()).collect();
    let (mut y, mut x, mut fe_e, mut fe_i, mut fe_t) = (vec![], vec![], vec![], vec![], vec![]);
    for e in 0..ne {
        for i in 0..ni {
            for t in 0..nt {
                let xv = rng.next() * 3.0;
                y.push((beta * xv + a[e as usize] + b[i as usize] + c[t as usize]).exp());
                x.push(xv);
                fe_e.push(e);
                fe_i.push(i);
                fe_t.push(t);
            }
        }
    }
    (
        Data {
            y,
            x: vec![x],
            x_names: vec!["x".into()],
            fe: vec![fe_e.clone(), fe_i, fe_t],
            fe_names: vec!["exporter".into(), "importer".into(), "year".into()],
        },
        fe_e,
    )
}

#[test]
fn recovers_a_known_coefficient() {
    let (data, exporter) = synthetic_panel(-0.8);
    let fit = fepois(&data, &Vcov::Cluster(vec![exporter]), Options::default()).unwrap();
    assert!((fit.coef[0] + 0.8).abs() < 1e-8, "{}", fit.coef[0]);
    assert_eq!(fit.nobs, 600);
    // An exact fit: the deviance is zero and the fitted means are the outcomes.
    assert!(fit.deviance.abs() < 1e-6, "{}", fit.deviance);
    for (m, &r) in fit.mu.iter().zip(&fit.rows) {
        assert!((m / data.y[r] - 1.0).abs() < 1e-8);
    }
}

#[test]
fn drops_singletons_and_groups_with_only_zeros() {
    let (mut data, exporter) = synthetic_panel(0.5);
    // Exporter 0 sells nothing anywhere: its 50 rows are separated by its FE.
    for (i, e) in exporter.iter().enumerate() {
        if *e == 0 {
            data.y[i] = 0.0;
        }
    }
    // One more row with a year of its own: a singleton.
    data.y.push(3.0);
    data.x[0].push(1.0);
    data.fe[0].push(1);
    data.fe[1].push(1);
    data.fe[2].push(99);
    let fit = fepois(&data, &Vcov::Hetero, Options::default()).unwrap();
    assert_eq!(fit.dropped_separated, 50);
    assert_eq!(fit.dropped_singletons, 1);
    assert_eq!(fit.nobs, 550);
    assert!((fit.coef[0] - 0.5).abs() < 1e-8, "{}", fit.coef[0]);
}

#[test]
fn refuses_bad_outcomes_and_collinear_regressors() {
    let (mut data, _) = synthetic_panel(0.5);
    data.y[3] = -1.0;
    assert!(matches!(
        fepois(&data, &Vcov::Iid, Options::default()),
        Err(GravityError::BadOutcome(3, _))
    ));
    let (mut data, _) = synthetic_panel(0.5);
    // A regressor that is constant within exporters is absorbed by the exporter FE.
    data.x[0] = data.fe[0].iter().map(|&e| f64::from(e)).collect();
    assert!(matches!(
        fepois(&data, &Vcov::Iid, Options::default()),
        Err(GravityError::Singular)
    ));
}

/// The panel with some flows set to zero exactly where a second regressor is positive: no
/// finite coefficient exists for it, and those zeros carry no information on the first.
fn separated_panel(second: impl Fn(usize) -> f64, zeros: &[usize]) -> Data {
    let (mut d, _) = synthetic_panel(-0.8);
    let mut rng = Rng(11);
    // Noise, so that the fit is not exact and the zeros matter if they are kept.
    for y in d.y.iter_mut() {
        *y *= 0.5 + rng.next();
    }
    let mut s = vec![0.0; d.y.len()];
    for &i in zeros {
        d.y[i] = 0.0;
        s[i] = second(i);
    }
    d.x.push(s);
    d.x_names.push("separating".into());
    d
}

#[test]
fn zeros_separated_by_a_regressor_are_dropped_as_fixest_does() {
    let zeros = [3, 57, 140, 333, 512];
    for second in [|_: usize| 1.0, |i: usize| 0.5 + (i % 7) as f64] {
        let d = separated_panel(second, &zeros);
        let fit = fepois(&d, &Vcov::Hetero, Options::default()).unwrap();
        assert_eq!(fit.dropped_separated_relu, zeros.len());
        assert_eq!(fit.dropped_separated, zeros.len());
        assert_eq!(fit.dropped_regressors, ["separating"]);
        assert_eq!(fit.names, ["x"]);
        assert_eq!(fit.nobs, 600 - zeros.len());
        // The same as estimating without those rows and without the regressor.
        let keep: Vec<usize> = (0..d.y.len()).filter(|i| !zeros.contains(i)).collect();
        let reduced = Data {
            y: keep.iter().map(|&i| d.y[i]).collect(),
            x: vec![keep.iter().map(|&i| d.x[0][i]).collect()],
            x_names: vec!["x".into()],
            fe: d
                .fe
                .iter()
                .map(|f| keep.iter().map(|&i| f[i]).collect())
                .collect(),
            fe_names: d.fe_names.clone(),
        };
        let expected = fepois(&reduced, &Vcov::Hetero, Options::default()).unwrap();
        assert_eq!(expected.dropped_separated, 0);
        assert!(
            (fit.coef[0] - expected.coef[0]).abs() < 1e-9,
            "{} vs {}",
            fit.coef[0],
            expected.coef[0]
        );
        assert!((fit.se[0] / expected.se[0] - 1.0).abs() < 1e-7);
    }
}

#[test]
fn zeros_that_no_regressor_separates_are_kept() {
    // Zeros where the second regressor is zero too, and it is positive on positive flows.
    let (mut d, _) = synthetic_panel(-0.8);
    let s: Vec<f64> = (0..d.y.len()).map(|i| (i % 7) as f64).collect();
    for i in [10, 20, 30] {
        d.y[i] = 0.0;
    }
    d.x.push(s);
    d.x_names.push("other".into());
    let fit = fepois(&d, &Vcov::Iid, Options::default()).unwrap();
    assert_eq!(fit.dropped_separated_relu, 0);
    assert_eq!(fit.nobs, 600);
    assert!(fit.dropped_regressors.is_empty());
    // A regressor equal to the year index is absorbed by the year FE: left out and named.
    d.x[1] = (0..d.y.len()).map(|i| (i % 5) as f64).collect();
    let fit = fepois(&d, &Vcov::Iid, Options::default()).unwrap();
    assert_eq!(fit.dropped_regressors, ["other"]);
    assert_eq!(fit.coef.len(), 1);
}
