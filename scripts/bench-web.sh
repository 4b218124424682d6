#!/usr/bin/env bash
# Load benchmark of the observatory (issue 8): wrk from Debian against `bilat serve` on loopback,
# bounded in time, on SQLite and (when BILAT_BENCH_DATABASE_URL names a database it may create
# a schema in) on PostgreSQL. Reports requests/s, p50 and p99 latency and errors for the dyad
# page, the events API and the search API, beside /health (the server's floor: routing, access check, headers, no work) as
# the raw-speed bound, and the ratio of each to it.
#   BILAT_BENCH_SECONDS   duration of each run (default 60)
#   BILAT_BENCH_CONNS     concurrent connections (default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${BILAT_BENCH_SECONDS:-60}"
conns="${BILAT_BENCH_CONNS:-64}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p bilat-cli
bin=target/release/bilat
dir=$(mktemp -d)
server=
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
# Documents to search: the reader's gold texts (written by bilat's authors, labelled synthetic).
mkdir -p "$dir/docs"
python3 - "$dir/docs" data/reader/gold/kz-qa-gold.synthetic.jsonl <<'PY'
import json, sys
for line in open(sys.argv[2], encoding="utf-8"):
    d = json.loads(line)
    open(f"{sys.argv[1]}/{d['id']}.synthetic.txt", "w", encoding="utf-8").write(d["text"])
PY

run() {
  local path=$1
  curl -s -o /dev/null -w '' -H "Cookie: bilat_session=$session" "$url$path" # warm the cache
  wrk -t2 -c"$conns" -d"${seconds}s" --latency -H "Cookie: bilat_session=$session" "$url$path" > "$dir/wrk.txt"
  local rps p50 p99 errors non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$dir/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$dir/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$dir/wrk.txt")
  errors=$(awk '/Socket errors/ {print $0}' "$dir/wrk.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$dir/wrk.txt")
  echo "  $path: ${rps} req/s, p50 ${p50}, p99 ${p99}, non-2xx ${non2xx:-0}${errors:+, $errors}"
  echo "$rps" > "$dir/last"
}

# One backend: a fresh record with the documents and a user, `bilat serve`, the runs.
bench() {
  local label=$1; shift
  local db=("$@")
  echo "a password for the load test" | $bin "${db[@]}" user add loadtest --role viewer >/dev/null
  $bin "${db[@]}" ingest "$dir/docs" >/dev/null 2>&1
  $bin "${db[@]}" serve --addr 127.0.0.1:0 > "$dir/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 50); do grep -q http:// "$dir/serve.log" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*' "$dir/serve.log")
  # Log in like a browser: the login form's token, then the session cookie.
  local jar="$dir/cookies"
  rm -f "$jar"
  csrf=$(curl -s -c "$jar" "$url/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | cut -d'"' -f4)
  curl -s -o /dev/null -b "$jar" -c "$jar" --data "name=loadtest&password=a+password+for+the+load+test&csrf=$csrf" "$url/login"
  session=$(awk '$6 == "bilat_session" {print $7}' "$jar")
  [ -n "$session" ] || { echo "login failed" >&2; exit 1; }
  echo "bilat serve on $label, $conns connections, ${seconds}s each, $(nproc) cores (wrk shares them)"
  run /health;                             floor=$(cat "$dir/last")
  run /dyad/KZ-QA;                         dyad=$(cat "$dir/last")
  run "/api/dyads/KZ-QA/events?from=2017"; api=$(cat "$dir/last")
  run "/api/search?q=emir+visit&lang=en";  search=$(cat "$dir/last")
  awk -v f="$floor" -v d="$dyad" -v a="$api" -v s="$search" 'BEGIN {printf "  ratio to /health: dyad page %.2f, events API %.2f, search API %.2f (target: dyad page >= 2000 req/s, p99 < 50 ms)\n", d/f, a/f, s/f}'
  kill $server; wait $server 2>/dev/null || true; server=
}

bench SQLite --db "$dir/r.sqlite"
if [ -n "${BILAT_BENCH_DATABASE_URL:-}" ]; then
  # A new schema for this run, so that the database's other data is left alone.
  schema="bilat_bench_$$"
  psql -q "$BILAT_BENCH_DATABASE_URL" -c "CREATE SCHEMA $schema"
  bench PostgreSQL --database-url "$BILAT_BENCH_DATABASE_URL?options=-c%20search_path%3D$schema"
  psql -q "$BILAT_BENCH_DATABASE_URL" -c "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE"
else
  echo "PostgreSQL: not run (set BILAT_BENCH_DATABASE_URL=postgres://user:password@127.0.0.1/db)"
fi
