#!/usr/bin/env bash
# Issue 14 "no-op rebuild": a cold build of a closure (made by bench/make-closure.sh) into an
# empty filesystem blob store, then the same spec built again by a fresh process on that store.
# Prints both times, their ratio (goal <= 0.05) and what the second build added to the store
# (goal: a constant number of small objects, no layer).
#   bench/bench-noop.sh CLOSURE_DIR [RUNS=3]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$1" && pwd)
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/stowage" --version >/dev/null

. "$here/bench/lib.sh"
build() {
  rm -rf "$work/out"
  "$here/stowage" build "$dir/image.json" --store-root "$dir/store" --blob-store "$work/blobs" \
    --audit-log "$work/audit.jsonl" --workers 2 --out "oci:$work/out"
}
objects() { find "$work/blobs" -type f | wc -l; }
bytes() { du -sb "$work/blobs" | cut -f1; }
cold=() warm=() added=() addedBytes=()
for i in $(seq "$runs"); do
  rm -rf "$work/blobs" "$work/audit.jsonl"
  cold+=("$(seconds build)")
  n=$(objects) b=$(bytes)
  warm+=("$(seconds build)")
  added+=("$(( $(objects) - n ))") addedBytes+=("$(( $(bytes) - b ))")
done
c=$(printf '%s\n' "${cold[@]}" | median) w=$(printf '%s\n' "${warm[@]}" | median)
echo "| what | median s | runs (s) |"
echo "| --- | --- | --- |"
echo "| cold build, empty filesystem store | $c | ${cold[*]} |"
echo "| no-op rebuild, fresh process, same store | $w | ${warm[*]} |"
printf 'ratio no-op / cold: %.3f (goal <= 0.05); objects added by the no-op rebuild: %s (bytes: %s)\n' \
  "$(echo "$w / $c" | bc -l)" "${added[*]}" "${addedBytes[*]}"
