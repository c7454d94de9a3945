#!/usr/bin/env bash
# Compile cost of the generated reference app (a copy of examples/profiles): a clean debug
# build in an empty target directory, then incremental rebuilds after touching one model
# file, and how much of such a rebuild is macro expansion (rustc's -Ztime-passes, enabled on
# stable through RUSTC_BOOTSTRAP=1 for this one measurement). Prints Markdown.
#
#   bench/compile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d /tmp/restforge-compile.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r examples/profiles "$work/app"
rm -rf "$work/app/target"
sed -i "s#path = \"../../runtime\"#path = \"$root/runtime\"#" "$work/app/Cargo.toml"
cp Cargo.lock "$work/app/Cargo.lock"
export CARGO_TARGET_DIR=$work/target
cd "$work/app"

seconds() {  # wall time of a command, in seconds with one decimal
  local start end
  start=$(date +%s%N)
  "$@" >"$work/out" 2>&1
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN {printf "%.1f", ns / 1e9}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

clean=$(seconds cargo build --timings)
crates=$(grep -c '^ *Compiling' "$work/out" || true)
incremental=$(for _ in 1 2 3; do touch src/profiles/models.rs; seconds cargo build; echo; done | median)
check=$(for _ in 1 2 3; do touch src/profiles/models.rs; seconds cargo check; echo; done | median)
touch src/profiles/models.rs
RUSTC_BOOTSTRAP=1 cargo rustc -q --bin profiles_api -- -Ztime-passes >"$work/passes" 2>&1 || true
expand=$(awk '/expand_crate/ {for (i = 1; i <= NF; i++) if ($i == "time:") {gsub(";", "", $(i+1)); print $(i+1)}}' "$work/passes" | head -1)
total=$(awk '/ total$/ {for (i = 1; i <= NF; i++) if ($i == "time:") {gsub(";", "", $(i+1)); print $(i+1)}}' "$work/passes" | tail -1)

echo "| measure | value |"
echo "|---|---:|"
echo "| clean \`cargo build\` (debug, empty target dir) | ${clean} s |"
echo "| crates compiled by it | ${crates} |"
echo "| incremental \`cargo build\` after \`touch src/profiles/models.rs\` (median of 3) | ${incremental} s |"
echo "| incremental \`cargo check\` after the same touch (median of 3) | ${check} s |"
echo "| macro expansion in that rebuild (rustc \`expand_crate\`, -Ztime-passes) | ${expand:-?} s${total:+ of $total s in rustc} |"
if [ -n "${expand:-}" ] && [ -n "${incremental:-}" ]; then
  awk -v e="$expand" -v t="$incremental" 'BEGIN {printf "| macro expansion / incremental build wall time | %.1f%% |\n", 100 * e / t}'
fi
echo
echo "Slowest units of the clean build (cargo --timings), and restforge's own:"
echo
python3 - "$CARGO_TARGET_DIR/cargo-timings/cargo-timing.html" <<'EOF'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
units.sort(key=lambda u: -u["duration"])
print("| unit | seconds |")
print("|---|---:|")
shown = units[:6] + [u for u in units[6:] if u["name"].startswith(("restforge", "profiles_api"))]
for u in shown:
    target = u.get("target", "").strip()
    print(f"| {u['name']} {u['version']} {target} | {u['duration']:.1f} |")
EOF
