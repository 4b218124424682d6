"""DuckDB peer of `bilat trade import` (crates/bilat-trade/benches/import.rs): the same
BACI CSV to Parquet, doing the same work: values x 1000, numeric country codes to alpha-2
through a join, HS6 codes padded to six digits, NA quantities to NULL.
Usage: trade_import_baseline.py <baci.csv> <codes.csv> <out.parquet> <threads: all|N>"""
import sys, time, resource
import duckdb

csv, codes, out, threads = sys.argv[1:5]
con = duckdb.connect()
if threads != "all":
    con.execute(f"SET threads = {int(threads)}")
start = time.perf_counter()
con.execute(f"""
COPY (
  SELECT CAST(t AS USMALLINT) AS year, e.a2 AS exporter, m.a2 AS importer,
         lpad(k, 6, '0') AS hs6, v * 1000 AS value_usd, TRY_CAST(q AS DOUBLE) AS quantity_t
  FROM read_csv('{csv}', header = true,
                columns = {{'t': 'INTEGER', 'i': 'INTEGER', 'j': 'INTEGER', 'k': 'VARCHAR',
                            'v': 'DOUBLE', 'q': 'VARCHAR'}}) b
  JOIN read_csv('{codes}', header = true) e ON b.i = e.n
  JOIN read_csv('{codes}', header = true) m ON b.j = m.n
) TO '{out}' (FORMAT parquet, COMPRESSION snappy)
""")
secs = time.perf_counter() - start
rows = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"DuckDB {duckdb.__version__} ({threads} threads): {rows} rows in {secs:.2f} s; peak memory {peak:.0f} MB")
print(f"duckdb-seconds {secs}")
