#!/usr/bin/env bash
# Trade benchmarks with peers from PyPI: BACI import against DuckDB (benches/import.rs) and
# PPML against pyfixest (benches/gravity.rs).
#   BILAT_BENCH_ROWS           rows of the synthetic BACI year (default 11 000 000)
#   BILAT_BENCH_GRAVITY_ROWS   sizes of the synthetic gravity panels (default 1000000,5000000)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
if [ ! -x target/bench/venv-trade/bin/python ]; then
  python3 -m venv target/bench/venv-trade
  target/bench/venv-trade/bin/pip install --quiet duckdb
fi
if [ ! -x target/bench/venv-gravity/bin/python ]; then
  python3 -m venv target/bench/venv-gravity
  target/bench/venv-gravity/bin/pip install --quiet pyfixest
fi
cargo bench -p bilat-trade --bench import
cargo bench -p bilat-trade --bench gravity
