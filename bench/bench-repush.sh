#!/usr/bin/env bash
# Issue 14 benchmark, the registry as the cache: `stowage build --out docker://…` of a two-platform
# image from empty local state (a fresh blob store: no layer cache) into a cold registry, then the
# same command again from another fresh blob store (a fresh CI runner) into the now warm registry.
# Prints both times, the ratio, the layers each run encoded (LayerBuilt with cached false in its
# audit log) and the index digests, which must be equal.
#   bench/bench-repush.sh CLOSURE_DIR [COMPRESSION]     (CLOSURE_DIR from bench/make-closure.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$1" && pwd)
compression=${2:-zstd}
work=$(mktemp -d); [ -z "${KEEP:-}" ] || echo "work: $work (KEEP set: kept)" >&2
trap '[ -f "$work/registry/pid" ] && kill "$(cat "$work/registry/pid")" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
"$here/stowage" --version >/dev/null   # builds the CLI once, outside the timings
stowage() { "$here/stowage" "$@"; }   # the launcher: its class-data archive, as users run it

. "$here/bench/registry-lib.sh"
host=$(start_registry registry)
ref="docker://$host/bench/app:1"

two_platform_spec "$dir/image.json" "$work/image.json" "$compression" "$dir"
seconds() { local s e; s=$(date +%s.%N); "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; e=$(date +%s.%N); echo "$e - $s" | bc; }
encoded() { python3 -c '
import json, sys
n = [0, 0]
for line in open(sys.argv[1]):
    e = json.loads(line).get("event", {})
    if e.get("type") == "LayerBuilt": n[0 if e.get("cached") else 1] += 1
print("%d of %d" % (n[1], n[0] + n[1]))' "$1"; }
run() { # name: a build from a fresh blob store and audit log
  seconds stowage build "$work/image.json" --store-root "$dir/store" --blob-store "$work/blobs-$1" \
    --audit-log "$work/$1.jsonl" --workers 2 --out "$ref"
}
cold=$(run cold); cold_index=$(skopeo inspect --raw --tls-verify=false "$ref" | sha256sum | cut -c1-12)
again=$(run fresh); again_index=$(skopeo inspect --raw --tls-verify=false "$ref" | sha256sum | cut -c1-12)
layer_blobs=$(find "$work/blobs-fresh" -type f -size +1M | wc -l)
echo "closure: $(du -sb --apparent-size "$dir/store/nix/store" | cut -f1) bytes, $compression, two platforms"
echo "| run | s | layers encoded | index in registry |"
echo "| --- | --- | --- | --- |"
printf '| cold: empty blob store, empty registry | %.2f | %s | sha256:%s… |\n' "$cold" "$(encoded "$work/cold.jsonl")" "$cold_index"
printf '| fresh runner: empty blob store, registry has the image | %.2f | %s | sha256:%s… |\n' "$again" "$(encoded "$work/fresh.jsonl")" "$again_index"
printf 'ratio cold / fresh-runner re-push: %.1fx; files over 1 MiB in the fresh runner'"'"'s blob store: %s\n' \
  "$(echo "$cold / $again" | bc -l)" "$layer_blobs"
