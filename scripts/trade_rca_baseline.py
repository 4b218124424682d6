"""DuckDB peer of bilat's all-pairs RCA and complementarity (crates/bilat-trade/benches/
import.rs): from the same Parquet file, RCA of every exporter in every product and the
complementarity 100 * sum_k min(import share, export share) of every ordered pair.
Usage: trade_rca_baseline.py <flows.parquet> <threads: all|N>"""
import sys, time
import duckdb

path, threads = sys.argv[1:3]
con = duckdb.connect()
if threads != "all":
    con.execute(f"SET threads = {int(threads)}")
start = time.perf_counter()
con.execute(f"""
CREATE TEMP TABLE x AS SELECT exporter, hs6, sum(value_usd) AS v FROM read_parquet('{path}') GROUP BY ALL;
CREATE TEMP TABLE m AS SELECT importer, hs6, sum(value_usd) AS v FROM read_parquet('{path}') GROUP BY ALL;
CREATE TEMP TABLE rca AS
  SELECT exporter, hs6,
         (v / sum(v) OVER (PARTITION BY exporter)) / (sum(v) OVER (PARTITION BY hs6) / sum(v) OVER ()) AS rca
  FROM x;
CREATE TEMP TABLE tc AS
  WITH xs AS (SELECT exporter, hs6, v / sum(v) OVER (PARTITION BY exporter) AS s FROM x),
       ms AS (SELECT importer, hs6, v / sum(v) OVER (PARTITION BY importer) AS s FROM m)
  SELECT xs.exporter, ms.importer, 100 * sum(least(xs.s, ms.s)) AS tc
  FROM xs JOIN ms USING (hs6) WHERE xs.exporter <> ms.importer GROUP BY ALL;
""")
secs = time.perf_counter() - start
n_rca = con.execute("SELECT count(*) FROM rca").fetchone()[0]
n_tc = con.execute("SELECT count(*) FROM tc").fetchone()[0]
kz_qa = con.execute("SELECT tc FROM tc WHERE exporter = 'KZ' AND importer = 'QA'").fetchone()
print(f"DuckDB {duckdb.__version__} ({threads} threads): RCA for {n_rca} cells, complementarity for {n_tc} pairs in {secs:.2f} s; KZ->QA {kz_qa[0] if kz_qa else None}")
print("duckdb-rca-seconds", secs)
