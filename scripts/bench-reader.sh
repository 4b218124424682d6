#!/usr/bin/env bash
# The reader's speed benchmark (see crates/bilat-reader/benches/coder.rs) and a short fuzz run.
#   BILAT_BENCH_MB   corpus size in MB of text (default 512)
#   FUZZ_SECONDS     seconds per fuzz target (default 30; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
if [ ! -x target/bench/venv/bin/python ]; then
  python3 -m venv target/bench/venv
  target/bench/venv/bin/pip install --quiet flashtext==2.7
fi
cargo bench -p bilat-reader --bench coder
seconds="${FUZZ_SECONDS:-30}"
if [ "$seconds" != "0" ]; then
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
  for target in dates money html docx pdf; do
    echo "fuzz $target for ${seconds}s"
    (cd fuzz && cargo fuzz run --sanitizer none "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048)
  done
fi
