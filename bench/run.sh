#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md, back to back in one run: server throughput and latency
# (the app users run, as `restforge new` + `cargo build --release` make it; restforge's bench
# binary; the project's hand-written baseline, each on SQLite and PostgreSQL; the independent
# ../shared/baseline; DRF under gunicorn), then generator speed (bench/generate.sh) and compile
# cost (bench/compile.sh).
# Prints Markdown.
#
#   bench/run.sh                  # everything (about 20 minutes on 2 cores)
#   bench/run.sh servers          # only the server tables
#
# Environment: BENCH_ROUNDS (rounds of load, servers taking turns; the tables show medians,
# default 3), BENCH_DURATION (seconds measured per endpoint and round, default 5), BENCH_WARMUP (1),
# BENCH_CONNECTIONS (16), BENCH_USERS (50), BENCH_STATUSES (1000), BENCH_POSTGRES
# (admin URL, default postgres://postgres@127.0.0.1:5432/postgres; skipped when unreachable),
# BENCH_REV (build restforge and the reference app from this commit, through `git archive`,
# instead of the working tree; bench/ itself always comes from the working tree).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
what=${1:-all}
rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-5}
warmup=${BENCH_WARMUP:-1}
connections=${BENCH_CONNECTIONS:-16}
users=${BENCH_USERS:-50}
statuses=${BENCH_STATUSES:-1000}
pg_admin=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
pg_url=${pg_admin%/*}/restforge_bench
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/bench}
work=$(mktemp -d /tmp/restforge-bench.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }

# ---- tools and builds ----------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi
src=$root
if [ -n "${BENCH_REV:-}" ]; then
  # A place per revision, and the archive keeps mtimes, so an unchanged revision is not
  # rebuilt; one place for every revision would leave cargo's fingerprints of a later
  # revision's files fresh against an earlier revision's older mtimes.
  src=$CARGO_TARGET_DIR/snapshot-$(git rev-parse --short "$BENCH_REV")
  rm -rf "$src" && mkdir -p "$src/bench"
  git archive "$BENCH_REV" | tar -x -C "$src"
  cp -rp bench/server bench/baseline bench/synthetic_spec.py bench/generate.sh bench/compile.sh "$src/bench/"
  log "building restforge from $BENCH_REV ($(git rev-parse --short "$BENCH_REV"))"
fi
log "building the servers (release, CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
cargo build --release -q --manifest-path "$src/bench/server/Cargo.toml"
cargo build --release -q --manifest-path "$src/bench/baseline/Cargo.toml"
# The app as users get it: `restforge new` from the reference spec (throttling removed from the
# spec, since its `user: 1000/hour` would answer 429 within a second of load), `cargo build
# --release` with the Cargo.toml and dependency versions `new` leads to, started with its own
# `serve`. It depends on this checkout's runtime by path (the crates are not published).
log "scaffolding and building the app users run (restforge new, cargo build --release)"
app_dir=$CARGO_TARGET_DIR/user-app
rm -rf "$app_dir"
python3 - "$src/examples/profiles/api.yaml" "$work/user-app.yaml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
without = re.sub(r"^  throttling:\n(    .*\n)+", "", text, flags=re.M)
assert without != text, "the reference spec has a throttling block"
open(sys.argv[2], "w").write(without)
PY
cargo run --release -q --manifest-path "$src/generator/Cargo.toml" -- \
  new "$app_dir" --spec "$work/user-app.yaml" --restforge-path "$src" >/dev/null
cargo build --release -q --manifest-path "$app_dir/Cargo.toml"
app_bin=$CARGO_TARGET_DIR/release/profiles_api
# The independent ceiling: ../shared/baseline, written without looking at restforge; built from
# a copy, so that no build output lands in ../shared. It serves the list and the detail only.
independent_bin=
if [ -f "$root/../shared/baseline/Cargo.toml" ]; then
  log "building ../shared/baseline"
  rm -rf "$CARGO_TARGET_DIR/shared-baseline-src"
  cp -r "$root/../shared/baseline" "$CARGO_TARGET_DIR/shared-baseline-src"
  cargo build --release -q --manifest-path "$CARGO_TARGET_DIR/shared-baseline-src/Cargo.toml"
  independent_bin=$CARGO_TARGET_DIR/release/profiles-baseline
else
  log "no ../shared/baseline: its rows are skipped"
fi
log "setting up the DRF venv"
bench/drf/setup.sh
restforge_bin=$CARGO_TARGET_DIR/release/restforge_bench_server
baseline_bin=$CARGO_TARGET_DIR/release/restforge_baseline
python=$root/bench/drf/.venv/bin/python

# ---- the data set ------------------------------------------------------------------------
sqlite_seed() {  # FILE: apply the seed SQL to a migrated SQLite file
  python3 bench/seed.py sqlite "$users" "$statuses" |
    python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1], isolation_level=None).executescript(sys.stdin.read())" "$1"
}
log "seeding $users users and $statuses statuses"
DATABASE_URL="sqlite://$work/restforge.seed.sqlite3" "$restforge_bin" migrate
sqlite_seed "$work/restforge.seed.sqlite3"
(cd bench/drf && DRF_DATABASE="$work/drf.seed.sqlite3" "$python" manage.py migrate -v0)
sqlite_seed "$work/drf.seed.sqlite3"
have_pg=
if pg_isready -q -d "$pg_admin" 2>/dev/null && psql -q "$pg_admin" -c 'SELECT 1' >/dev/null 2>&1; then
  have_pg=1
else
  log "PostgreSQL not reachable at $pg_admin: its rows are skipped"
fi
token=$(python3 -c "import hashlib; print(hashlib.sha1(b'restforge-bench-token-1').hexdigest())")

# Each server gets a fresh copy of the seeded database before its check and before its load.
reset_db() {  # KIND
  case $1 in
    sqlite) rm -f "$work"/db.sqlite3*; cp "$work/restforge.seed.sqlite3" "$work/db.sqlite3" ;;
    drf) rm -f "$work"/db.sqlite3*; cp "$work/drf.seed.sqlite3" "$work/db.sqlite3" ;;
    postgres)
      psql -q "$pg_admin" -c 'DROP DATABASE IF EXISTS restforge_bench' -c 'CREATE DATABASE restforge_bench' >/dev/null
      DATABASE_URL=$pg_url "$restforge_bin" migrate
      python3 bench/seed.py postgres "$users" "$statuses" | psql -q "$pg_url" >/dev/null ;;
  esac
}

# ---- servers -------------------------------------------------------------------------------
port=8101
start_server() {  # NAME COUNT(0/1)
  port=$((port + 1))
  case $1 in
    restforge-sqlite)
      DATABASE_URL="sqlite://$work/db.sqlite3" "$restforge_bin" serve "127.0.0.1:$port" 2>"$work/server.log" & ;;
    restforge-postgres)
      DATABASE_URL=$pg_url "$restforge_bin" serve "127.0.0.1:$port" 2>"$work/server.log" & ;;
    app-sqlite)
      DATABASE_URL="sqlite://$work/db.sqlite3" SECRET_KEY=bench "$app_bin" serve --addr "127.0.0.1:$port" 2>"$work/server.log" & ;;
    app-postgres)
      DATABASE_URL=$pg_url SECRET_KEY=bench "$app_bin" serve --addr "127.0.0.1:$port" 2>"$work/server.log" & ;;
    independent-sqlite)
      "$independent_bin" --db "$work/db.sqlite3" --port "$port" --pool 4 >/dev/null 2>"$work/server.log" & ;;
    baseline-sqlite)
      DATABASE_URL="sqlite://$work/db.sqlite3" "$baseline_bin" "127.0.0.1:$port" 2>"$work/server.log" & ;;
    baseline-postgres)
      DATABASE_URL=$pg_url "$baseline_bin" "127.0.0.1:$port" 2>"$work/server.log" & ;;
    drf-sqlite)
      (cd bench/drf && BENCH_COUNT_STATEMENTS=$2 DRF_DATABASE="$work/db.sqlite3" exec .venv/bin/gunicorn \
        --workers 2 --bind "127.0.0.1:$port" benchsite.wsgi 2>"$work/server.log") & ;;
  esac
  server_pid=$!
  for _ in $(seq 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then return; fi
    sleep 0.1
  done
  log "$1 did not start:"; cat "$work/server.log" >&2; exit 2
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
# Peak RSS (VmHWM) of the server and its child processes (gunicorn's workers), in MiB.
peak_rss() {
  local total=0 pid
  for pid in $server_pid $(cat /proc/"$server_pid"/task/*/children 2>/dev/null); do
    local kb
    kb=$(awk '/^VmHWM/ {print $2}' /proc/"$pid"/status 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  awk -v kb="$total" 'BEGIN {printf "%.1f", kb / 1024}'
}

# The benchmarked requests: name, method, path, body.
requests=(
  "list|GET|/api/status/|"
  "detail|GET|/api/status/50/|"
  "search|GET|/api/profiles/?search=lon|"
  "patch|PATCH|/api/status/1/|{\"status_content\":\"Edited by the benchmark\"}"
  "create|POST|/api/status/|{\"status_content\":\"Posted by the benchmark — café ☕\"}"
)

# One request; prints the body with the server's own address and the write timestamps
# (which legitimately differ between servers) normalised.
fetch() {  # METHOD PATH BODY HEADERFILE
  local args=(-s -X "$1" -H "Authorization: Token $token" -D "$4")
  if [ -n "$3" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$3"); fi
  curl "${args[@]}" "http://127.0.0.1:$port$2" |
    sed -e "s#http://127.0.0.1:$port/#http://HOST/#g"
}
normalise_write() {  # NAME: for writes, the timestamps set at request time
  case $1 in
    create) sed -E -e 's/"(created_at|updated_at)":"[^"]*"/"\1":"<now>"/g' ;;
    patch) sed -E -e 's/"updated_at":"[^"]*"/"updated_at":"<now>"/g' ;;
    *) cat ;;
  esac
}
statements_now() { curl -s "http://127.0.0.1:$port/__bench/statements"; }
# Whether a server counts its statements (the bench binaries do; the app users run and the
# independent baseline have no such endpoint), and which requests it answers.
counts_statements() { case $1 in restforge-*|baseline-*) return 0 ;; *) return 1 ;; esac; }
serves() {  # NAME REQUEST
  case $1 in independent-*) [ "$2" = list ] || [ "$2" = detail ] ;; *) return 0 ;; esac
}

check_server() {  # NAME: bodies against restforge-sqlite's, and statements per request
  local name=$1 entry
  for entry in "${requests[@]}"; do
    IFS='|' read -r req method path body <<<"$entry"
    serves "$name" "$req" || continue
    local before after count
    ! counts_statements "$name" || before=$(statements_now)
    fetch "$method" "$path" "$body" "$work/headers" | normalise_write "$req" >"$work/$name.$req.json"
    if [ "$name" = drf-sqlite ]; then
      count=$(awk -F': ' 'tolower($1) == "x-bench-statements" {gsub("\r", "", $2); print $2}' "$work/headers")
    elif counts_statements "$name"; then
      after=$(statements_now)
      count=$((after - before))
    else
      count=-
    fi
    echo "$name|$req|$count" >>"$work/statements"
    local status
    status=$(head -1 "$work/headers" | awk '{print $2}')
    if [ "$name" = restforge-sqlite ]; then
      cp "$work/$name.$req.json" "$work/reference.$req.json"
      log "$name $method $path -> $status, $count statements"
    elif cmp -s "$work/reference.$req.json" "$work/$name.$req.json"; then
      log "$name $method $path -> $status, $count statements, same body as restforge"
    else
      log "$name $method $path: body differs from restforge's:"
      diff <(tr ',' '\n' <"$work/reference.$req.json") <(tr ',' '\n' <"$work/$name.$req.json") >&2 || true
      echo "$name|$req" >>"$work/mismatches"
    fi
  done
}

load_server() {  # NAME ROUND
  local name=$1 round=$2 entry
  for entry in "${requests[@]}"; do
    IFS='|' read -r req method path body <<<"$entry"
    serves "$name" "$req" || continue
    local env=(WRK_METHOD="$method" WRK_BODY="$body" WRK_TOKEN="$token")
    if [ "$warmup" != 0 ]; then  # wrk refuses -d0s
      env "${env[@]}" wrk -t1 -c"$connections" -d"${warmup}s" -s bench/wrk/request.lua \
        "http://127.0.0.1:$port$path" >/dev/null
    fi
    local line
    line=$(env "${env[@]}" wrk -t1 -c"$connections" -d"${duration}s" -s bench/wrk/request.lua \
      "http://127.0.0.1:$port$path" | grep '^RESULT')
    read -r _ rps p50 p99 total bad_status socket_errors <<<"$line"
    echo "$name|$req|$round|$rps|$p50|$p99|$total|$bad_status|$socket_errors" >>"$work/load"
    log "$name $req (round $round): $rps req/s, p50 $p50 ms, p99 $p99 ms ($bad_status non-2xx, $socket_errors socket errors)"
  done
  echo "$name|$round|$(peak_rss)" >>"$work/rss"
}

run_servers() {
  local targets=(restforge-sqlite app-sqlite)
  [ -n "$have_pg" ] && targets+=(restforge-postgres app-postgres)
  [ -n "$independent_bin" ] && targets+=(independent-sqlite)
  targets+=(baseline-sqlite)
  [ -n "$have_pg" ] && targets+=(baseline-postgres)
  targets+=(drf-sqlite)
  : >"$work/statements"; : >"$work/load"; : >"$work/rss"; : >"$work/mismatches"
  local name kind
  kind_of() { case $1 in *postgres) echo postgres ;; drf-*) echo drf ;; *) echo sqlite ;; esac; }
  for name in "${targets[@]}"; do
    log "== $name: check"
    reset_db "$(kind_of "$name")"; start_server "$name" 1; check_server "$name"; stop_server
  done
  # The servers take turns, so that a burst of outside load spreads over all of them.
  local round
  for round in $(seq "$rounds"); do
    for name in "${targets[@]}"; do
      log "== $name: load round $round/$rounds (${duration}s per endpoint after ${warmup}s warm-up, $connections connections)"
      reset_db "$(kind_of "$name")"; start_server "$name" 0; load_server "$name" "$round"; stop_server
    done
  done
  if [ -s "$work/mismatches" ]; then
    log "bodies differ from restforge's (see above): $(tr '\n' ' ' <"$work/mismatches")"
  fi
  python3 bench/report.py "$work" "$rounds" "$duration" "$warmup" "$connections" "$users" "$statuses" "${have_pg:-0}"
}

echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ)"
echo
rev=$(git rev-parse --short "${BENCH_REV:-HEAD}" 2>/dev/null || echo '?')
[ -n "${BENCH_REV:-}" ] || rev="$rev + working tree"
echo "\`${BENCH_REV:+BENCH_REV=$BENCH_REV }bench/run.sh $what\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(uname -sr); restforge at $rev."
echo
case $what in
  servers) run_servers ;;
  all)
    run_servers
    echo; echo "### Generator speed (bench/generate.sh)"; echo
    "$src/bench/generate.sh"
    echo; echo "### Compile cost (bench/compile.sh)"; echo
    "$src/bench/compile.sh" ;;
  *) echo "usage: bench/run.sh [all|servers]" >&2; exit 1 ;;
esac
[ ! -s "$work/mismatches" ]
