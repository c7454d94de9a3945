#!/usr/bin/env bash
# Measures `restforge generate`, `check` and `makemigrations` (release build) on the reference
# spec and on synthetic specs of 10, 100 and 1,000 models. Prints a Markdown table;
# BENCHMARKS.md records its output.
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

# A field added to every model, for makemigrations to find.
add_field_everywhere() {  # SPEC OUT
  python3 - "$1" "$2" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"^(    fields:\n)", r'\1      bench_note: {type: char, max_length: 20, default: ""}\n', text, flags=re.M)
open(sys.argv[2], "w").write(text)
PY
}

# Median wall time of makemigrations writing one migration, the project restored after each run.
makemigrations_ms() {  # DIR CHANGED_SPEC
  local dir=$1 changed=$2 times=()
  cp "$dir/api.yaml" "$work/pristine.yaml"
  cp "$dir/src/migrations.rs" "$work/pristine_migrations.rs"
  (cd "$dir" && find migrations -type f | sort) >"$work/before"
  for _ in $(seq 5); do
    cp "$changed" "$dir/api.yaml"
    local start end
    start=$(date +%s%N)
    "$bin" makemigrations --spec "$dir/api.yaml" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
    (cd "$dir" && find migrations -type f | sort | comm -13 "$work/before" - | xargs -r rm)
    cp "$work/pristine.yaml" "$dir/api.yaml"
    cp "$work/pristine_migrations.rs" "$dir/src/migrations.rs"
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f", m/1000}'
}

echo "| spec | models | first generate (ms, median of 5) | generate, nothing changed (ms, median of 11) | check (ms, median of 11) | makemigrations, nothing changed (ms, median of 11) | makemigrations, a field added to every model (ms, median of 5) |"
echo "|---|---|---|---|---|---|---|"
run_case() {
  local name=$1 spec=$2 models=$3
  local first
  first=$(median_ms 5 bash -c "rm -rf '$work/$name'; mkdir -p '$work/$name'; cp '$spec' '$work/$name/api.yaml'; '$bin' generate --spec '$work/$name/api.yaml'")
  project "$name" "$spec"
  local again check unchanged changed
  again=$(median_ms 11 "$bin" generate --spec "$work/$name/api.yaml")
  check=$(median_ms 11 "$bin" check --spec "$work/$name/api.yaml")
  unchanged=$(median_ms 11 "$bin" makemigrations --spec "$work/$name/api.yaml")
  add_field_everywhere "$spec" "$work/$name.changed.yaml"
  changed=$(makemigrations_ms "$work/$name" "$work/$name.changed.yaml")
  echo "| $name | $models | $first | $again | $check | $unchanged | $changed |"
}
run_case profiles examples/profiles/api.yaml 2
for n in 10 100 1000; do
  python3 bench/synthetic_spec.py "$n" > "$work/synthetic$n.yaml"
  run_case "synthetic$n" "$work/synthetic$n.yaml" "$n"
done
