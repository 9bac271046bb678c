#!/usr/bin/env bash
# Issue 6 benchmark: stowage build of the same closure from the realised store vs from a zstd
# binary cache made by `nix copy` (file://), same spec otherwise; gzip, 2 workers, cold blob store.
#   bench/bench-cache.sh CLOSURE_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
"$here/stowage" --version >/dev/null
root=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); import itertools; ps=[e["path"] for e in d]; refd={r for e in d for r in e["references"] if r!=e["path"]}; print([p for p in ps if p not in refd][0])' "$dir/path-info.json")
s=$(date +%s.%N)
NIX_CONF_DIR="$dir/conf" nix copy --store "$dir/store" --to "file://$work/cache?compression=zstd" "$root"
e=$(date +%s.%N)
echo "nix copy to a zstd file:// cache: $(printf '%.1f' "$(echo "$e - $s" | bc)") s, $(du -sb "$work/cache" | cut -f1) bytes"
python3 - "$dir" "$work" "$root" <<'PY'
import json, sys, os
d, w, root = sys.argv[1:]
base = {"name": "bench/cache", "tag": "t", "compression": "gzip"}
json.dump(dict(base, platforms=[{"platform": "linux/amd64", "closure": os.path.join(d, "path-info.json")}]), open(w + "/store.json", "w"))
json.dump(dict(base, platforms=[{"platform": "linux/amd64", "roots": [root],
    "source": {"cache": "file://" + w + "/cache", "allowUnsigned": True}}]), open(w + "/cache.json", "w"))
PY
echo "| source | run 1 s | run 2 s | run 3 s | index |"
echo "| --- | --- | --- | --- | --- |"
for src in store cache; do
  times=() index=
  for i in 1 2 3; do
    rm -rf "$work/blobs" "$work/out"
    s=$(date +%s.%N)
    index=$(java -jar "$here/cli/target/stowage.jar" build "$work/$src.json" --out "oci:$work/out" --store-root "$dir/store" \
      --blob-store "$work/blobs" --audit-log "$work/audit.jsonl" --workers 2 --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["index"][:19])')
    e=$(date +%s.%N)
    times+=("$(printf '%.1f' "$(echo "$e - $s" | bc)")")
  done
  echo "| $src | ${times[0]} | ${times[1]} | ${times[2]} | $index… |"
done
