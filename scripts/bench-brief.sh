#!/usr/bin/env bash
# The brief's speed benchmark (crates/bilat-brief/benches/brief.rs) against Python-Markdown and
# the Python binding of Typst, both installed from PyPI into target/bench/venv-brief.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
if [ ! -x target/bench/venv-brief/bin/python ]; then
  python3 -m venv target/bench/venv-brief
  target/bench/venv-brief/bin/pip install --quiet markdown==3.11.3 typst==0.15.2
fi
cargo bench -p bilat-brief --bench brief
