#!/usr/bin/env bash
# Issue 14 "small images": wall time of the shipped example (4 layers of a few KB) built to an
# oci: layout by the ./stowage launcher, against the JVM starting alone, in one run. Cold blob
# store every run (nothing cached), a fresh process every run.
#   bench/bench-small.sh [RUNS=9]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/stowage" --version >/dev/null   # builds the CLI and its class-data archive once, outside the timings

. "$here/bench/lib.sh"
build() {
  rm -rf "$work/blobs" "$work/out" "$work/audit.jsonl"
  "$here/stowage" build "$here/examples/hello/image.json" --store-root "$here/examples/hello/store" \
    --blob-store "$work/blobs" --audit-log "$work/audit.jsonl" --out "oci:$work/out"
}
declare -A med
row() { # label, command...
  local label=$1; shift
  local times=()
  for i in $(seq "$runs"); do times+=("$(seconds "$@")"); done
  med[$label]=$(printf '%s\n' "${times[@]}" | median)
  printf '| %s | %.2f | %s |\n' "$label" "${med[$label]}" "${times[*]}"
}
echo "| what | median s | runs (s) |"
echo "| --- | --- | --- |"
row "java -version (the JVM alone)" java -Xshare:auto -version
row "stowage build example (class-data archive)" build
STOWAGE_CDS=0 row "stowage build example (STOWAGE_CDS=0)" build
printf 'ratio with archive / JVM alone: %.2f; target: <= 1.0 s wall (now %.2f s)\n' \
  "$(echo "${med[stowage build example (class-data archive)]} / ${med[java -version (the JVM alone)]}" | bc -l)" \
  "${med[stowage build example (class-data archive)]}"
