#!/usr/bin/env bash
# Why the runtime holds libsqlite3-sys below 0.39: the independent baseline (../shared/baseline,
# code restforge did not write) built against each bundled SQLite, measured on the same data
# with the same load. Prints a Markdown table (BENCHMARKS.md, "SQLite 3.54").
#
#   bench/sqlite_versions.sh            # libsqlite3-sys 0.37.0, 0.38.2 and 0.40.0
#
# Environment: BENCH_ROUNDS (3), BENCH_DURATION (5 s per endpoint and round), VERSIONS.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-5}
versions=${VERSIONS:-0.37.0 0.38.2 0.40.0}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/bench}
work=$(mktemp -d /tmp/restforge-sqlite-versions.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }
[ -f "$root/../shared/baseline/Cargo.toml" ] || { log "no ../shared/baseline"; exit 77; }
command -v wrk >/dev/null || { log "wrk is missing (apt-get install wrk)"; exit 77; }

# One binary per SQLite: a copy of the baseline whose lock pins that libsqlite3-sys.
for version in $versions; do
  copy=$CARGO_TARGET_DIR/sqlite-versions/$version
  rm -rf "$copy" && mkdir -p "$(dirname "$copy")"
  cp -r "$root/../shared/baseline" "$copy"
  # libsqlite3-sys 0.39 and later need sqlx-sqlite 0.9.1; earlier ones work with either.
  (cd "$copy" && cargo update -q -p sqlx --precise 0.9.1 && cargo update -q -p libsqlite3-sys --precise "$version")
  log "building the baseline with libsqlite3-sys $version"
  cargo build --release -q --manifest-path "$copy/Cargo.toml"
  cp "$CARGO_TARGET_DIR/release/profiles-baseline" "$work/baseline-$version"
  header=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -path "*/libsqlite3-sys-$version/sqlite3/sqlite3.h" | head -1)
  sed -n 's/^#define SQLITE_VERSION *"\(.*\)"/\1/p' "$header" >"$work/sqlite-$version"
done

# The reference app's schema and the bench data set: 50 users, 1,000 statuses.
log "seeding"
app_bin=$CARGO_TARGET_DIR/release/restforge_bench_server
cargo build --release -q --manifest-path bench/server/Cargo.toml
DATABASE_URL="sqlite://$work/seed.sqlite3" "$app_bin" migrate
python3 bench/seed.py sqlite 50 1000 |
  python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1], isolation_level=None).executescript(sys.stdin.read())" "$work/seed.sqlite3"
token=$(python3 -c "import hashlib; print(hashlib.sha1(b'restforge-bench-token-1').hexdigest())")

: >"$work/results"
for round in $(seq "$rounds"); do
  for version in $versions; do
    rm -f "$work"/db.sqlite3*; cp "$work/seed.sqlite3" "$work/db.sqlite3"
    "$work/baseline-$version" --db "$work/db.sqlite3" --port 8301 --pool 4 >/dev/null 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:8301/ && break; sleep 0.1; done
    for path in /api/status/ /api/status/50/; do
      WRK_TOKEN=$token wrk -t1 -c16 -d1s -s bench/wrk/request.lua "http://127.0.0.1:8301$path" >/dev/null
      line=$(WRK_TOKEN=$token wrk -t1 -c16 -d"${duration}s" -s bench/wrk/request.lua "http://127.0.0.1:8301$path" | grep '^RESULT')
      read -r _ rps p50 p99 _ <<<"$line"
      echo "$version|$path|$rps|$p99" >>"$work/results"
      log "libsqlite3-sys $version $path (round $round): $rps req/s, p99 $p99 ms"
    done
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
  done
done

echo "| libsqlite3-sys | SQLite | GET /api/status/ req/s (median) | GET /api/status/50/ req/s (median) | p99 ms (list, detail) |"
echo "|---|---|---:|---:|---|"
for version in $versions; do
  python3 - "$work/results" "$version" "$(cat "$work/sqlite-$version")" <<'PY'
import statistics, sys
path, version, sqlite = sys.argv[1:4]
rows = [line.strip().split("|") for line in open(path) if line.startswith(version + "|")]
def med(endpoint, i):
    return statistics.median(float(r[i]) for r in rows if r[1] == endpoint)
print(f"| {version} | {sqlite} | {med('/api/status/', 2):,.0f} | {med('/api/status/50/', 2):,.0f} "
      f"| {med('/api/status/', 3):.2f}, {med('/api/status/50/', 3):.2f} |")
PY
done
