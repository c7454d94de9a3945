#!/usr/bin/env bash
# Measures `restforge generate` (release build) on the reference spec and on synthetic specs
# of 10, 100 and 1,000 models. Prints a Markdown table; BENCHMARKS.md records its output.
#
#   bench/generate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target/bench}
cargo build --release -q -p restforge-generator
bin="$CARGO_TARGET_DIR/release/restforge"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Median wall time of RUNS runs of a command, in milliseconds.
median_ms() {
  local runs=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f", m/1000}'
}

project() {  # copy a spec into a fresh project and generate it once
  local name=$1 spec=$2
  mkdir -p "$work/$name"
  cp "$spec" "$work/$name/api.yaml"
  "$bin" generate --spec "$work/$name/api.yaml" >/dev/null
}

echo "| spec | models | first generate (ms, median of 5) | generate, nothing changed (ms, median of 11) | check (ms, median of 11) |"
echo "|---|---|---|---|---|"
run_case() {
  local name=$1 spec=$2 models=$3
  local first
  first=$(median_ms 5 bash -c "rm -rf '$work/$name'; mkdir -p '$work/$name'; cp '$spec' '$work/$name/api.yaml'; '$bin' generate --spec '$work/$name/api.yaml'")
  project "$name" "$spec"
  local again check
  again=$(median_ms 11 "$bin" generate --spec "$work/$name/api.yaml")
  check=$(median_ms 11 "$bin" check --spec "$work/$name/api.yaml")
  echo "| $name | $models | $first | $again | $check |"
}
run_case profiles examples/profiles/api.yaml 2
for n in 10 100 1000; do
  python3 bench/synthetic_spec.py "$n" > "$work/synthetic$n.yaml"
  run_case "synthetic$n" "$work/synthetic$n.yaml" "$n"
done
