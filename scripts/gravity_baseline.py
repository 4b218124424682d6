"""pyfixest peer of bilat's PPML (crates/bilat-trade/benches/gravity.rs): the same model on
the same synthetic panel, clustered by pair. Usage: gravity_baseline.py <panel.csv>"""
import sys, time, resource
import pandas as pd
import pyfixest as pf

df = pd.read_csv(sys.argv[1])
df["pair"] = df["exporter"] + "|" + df["importer"]
# Warm-up on a slice, so that numba's compilation is not counted as estimation time.
pf.fepois("trade ~ rta + ltariff | exporter^year + importer^year + pair", data=df.head(50_000),
          vcov={"CRV1": "pair"})
start = time.perf_counter()
fit = pf.fepois("trade ~ rta + ltariff | exporter^year + importer^year + pair", data=df,
                vcov={"CRV1": "pair"}, fixef_tol=1e-10, iwls_tol=1e-10)
secs = time.perf_counter() - start
coef = fit.coef()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"pyfixest {pf.__version__}: {fit._N} rows in {secs:.2f} s, coefficients {list(coef.values)}, peak memory {peak:.0f} MB (data included)")
print("pyfixest-seconds", secs)
print("pyfixest-coef", " ".join(repr(float(c)) for c in coef.values))
