#!/usr/bin/env bash
# Trade benchmarks (crates/bilat-trade/benches/import.rs) with DuckDB from PyPI as the peer.
#   BILAT_BENCH_ROWS   rows of the synthetic BACI year (default 11 000 000)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
if [ ! -x target/bench/venv-trade/bin/python ]; then
  python3 -m venv target/bench/venv-trade
  target/bench/venv-trade/bin/pip install --quiet duckdb
fi
cargo bench -p bilat-trade --bench import
