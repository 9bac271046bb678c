#!/usr/bin/env bash
# Times `stowage build` (gzip and zstd, cold blob store) on a closure directory made by
# bench/make-closure.sh, against `tar -c | pigz -p2` and `tar -c | zstd -T2` over the same
# store paths. Prints a Markdown table row per run; see docs/benchmarks.md.
#   bench/bench-build.sh CLOSURE_DIR [RUNS] [LAYERING]
# LAYERING (popularity, the default, or auto) is set in the spec: with popularity layering the
# last layer holds about half the bytes, so parallelism inside a layer must carry it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$1" && pwd)
runs=${2:-3}
layering=${3:-popularity}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/stowage" --version >/dev/null   # builds the CLI once, outside the timings

paths=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join(sorted((e["path"] if isinstance(d,list) else e) for e in d)))' "$dir/path-info.json")
bytes=$(du -sb --apparent-size "$dir/store/nix/store" | cut -f1)
count=$(echo "$paths" | wc -l)
echo "closure: $count paths, $bytes bytes ($dir), layering $layering"

. "$here/bench/lib.sh"

row() { # label, command...
  local label=$1; shift
  local times=()
  for i in $(seq "$runs"); do
    rm -rf "$work/blobs" "$work/out" "$work/audit.jsonl"
    times+=("$(seconds "$@")")
  done
  local med; med=$(printf '%s\n' "${times[@]}" | median)
  printf '| %s | %s | %.1f MiB/s | %s |\n' "$label" "$med" "$(echo "$bytes / 1048576 / $med" | bc -l)" "${times[*]}"
  last=$med
}
declare -A median_of

rel=$(echo "$paths" | sed 's#^/##')
echo "| what | median s | throughput | runs (s) |"
echo "| --- | --- | --- | --- |"
for c in gzip zstd; do
  python3 - "$dir/image.json" "$work/image-$c.json" "$c" "$dir" "$layering" <<'PY'
import json, sys, os
spec = json.load(open(sys.argv[1])); spec["compression"] = sys.argv[3]; spec["layering"] = sys.argv[5]
for p in spec["platforms"]: p["closure"] = os.path.join(sys.argv[4], p["closure"])
json.dump(spec, open(sys.argv[2], "w"))
PY
  # the launcher users run (class-data sharing included), JVM start included in the timing
  row "stowage build ($c, 2 workers)" "$here/stowage" build "$work/image-$c.json" \
      --out "oci:$work/out" --store-root "$dir/store" --blob-store "$work/blobs" --audit-log "$work/audit.jsonl" --workers 2
  median_of[$c]=$last
done
row "tar -c | pigz -p2" bash -c "cd '$dir/store' && tar --sort=name -c $(echo $rel) | pigz -p2 > /dev/null"
median_of[pigz]=$last
row "tar -c | zstd -T2" bash -c "cd '$dir/store' && tar --sort=name -c $(echo $rel) | zstd -q -T2 > /dev/null"
median_of[zstd-cli]=$last
row "tar -c | cat (no compression)" bash -c "cd '$dir/store' && tar --sort=name -c $(echo $rel) | cat > /dev/null"
printf 'ratio gzip: stowage / pigz -p2 = %.2fx (goal <= 1.1x)\n' "$(echo "${median_of[gzip]} / ${median_of[pigz]}" | bc -l)"
printf 'ratio zstd: stowage / zstd -T2 = %.2fx (goal <= 1.1x)\n' "$(echo "${median_of[zstd]} / ${median_of[zstd-cli]}" | bc -l)"
