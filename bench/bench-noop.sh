#!/usr/bin/env bash
# Issue 14 "no-op rebuild": a cold build of a closure (made by bench/make-closure.sh) into an
# empty blob store (filesystem, or S3 through S3Proxy), then the same spec built again by a fresh process on that store.
# Prints both times, their ratio (goal <= 0.05) and what the second build added to the store
# (goal: a constant number of small objects, no layer).
#   bench/bench-noop.sh CLOSURE_DIR [RUNS=3] [STORE=fs|s3]
# STORE s3 uses S3Proxy on loopback (goal there: <= 0.10).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$1" && pwd)
runs=${2:-3}
kind=${3:-fs}
work=$(mktemp -d)
trap 'for p in "$work"/*/pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null; done; rm -rf "$work"' EXIT
"$here/stowage" --version >/dev/null

. "$here/bench/lib.sh"
. "$here/bench/s3-lib.sh"
case "$kind" in
  fs) store() { echo "$work/blobs"; }; objects() { find "$work/blobs" -type f | wc -l; }; bytes() { du -sb "$work/blobs" | cut -f1; }
      reset() { rm -rf "$work/blobs"; }; goal=0.05 ;;
  s3) endpoint=$(start_s3 s3); run=0
      store() { echo "s3://bench/run$run?endpoint=$endpoint&region=us-east-1"; }
      objects() { find "$work/s3/data/bench" -type f | wc -l; }; bytes() { du -sb "$work/s3/data/bench" | cut -f1; }
      reset() { run=$((run + 1)); }; goal=0.10 ;;
  *) echo "STORE must be fs or s3" >&2; exit 2 ;;
esac
build() {
  rm -rf "$work/out"
  "$here/stowage" build "$dir/image.json" --store-root "$dir/store" --blob-store "$(store)" \
    --audit-log "$work/audit.jsonl" --workers 2 --out "oci:$work/out"
}
cold=() warm=() added=() addedBytes=()
for i in $(seq "$runs"); do
  reset; rm -f "$work/audit.jsonl"
  cold+=("$(seconds build)")
  n=$(objects) b=$(bytes)
  warm+=("$(seconds build)")
  added+=("$(( $(objects) - n ))") addedBytes+=("$(( $(bytes) - b ))")
done
c=$(printf '%s\n' "${cold[@]}" | median) w=$(printf '%s\n' "${warm[@]}" | median)
echo "| what | median s | runs (s) |"
echo "| --- | --- | --- |"
echo "| cold build, empty $kind store | $c | ${cold[*]} |"
echo "| no-op rebuild, fresh process, same store | $w | ${warm[*]} |"
printf 'ratio no-op / cold: %.3f (goal <= %s); objects added by the no-op rebuild: %s (bytes: %s)\n' \
  "$(echo "$w / $c" | bc -l)" "$goal" "${added[*]}" "${addedBytes[*]}"
