#!/usr/bin/env bash
# Issue 14 "closure -> registry": a cold push of a closure (made by bench/make-closure.sh) into an
# empty registry, Stowage (`stowage build … --out docker://…`, empty blob store) against the
# dockerTools way: nixpkgs' stream_layered_image.py into `skopeo copy docker-archive:… docker://…`
# (through a file: Debian's skopeo cannot read the archive from a pipe), which compresses each layer on the way (gzip, or zstd with an OCI manifest). Both
# get the same layers (Stowage's plan of the spec) and the same files: the peer runs in a mount
# namespace where the closure's store is bind-mounted on /nix/store (needs root and unshare).
# Nothing of nixpkgs is in this repository: pass the peer's script.
#   bench/bench-vs-dockertools.sh CLOSURE_DIR PATH/TO/stream_layered_image.py [gzip|zstd] [RUNS=1]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$1" && pwd)
peer=$(realpath "$2")
compression=${3:-gzip}
runs=${4:-1}
case "$compression" in gzip) skopeo_format=() ;; zstd) skopeo_format=(--format oci --dest-compress-format zstd) ;;
  *) echo "compression must be gzip or zstd" >&2; exit 2 ;; esac
work=$(mktemp -d)
trap 'for p in "$work"/*/pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null; done; rm -rf "$work"' EXIT
"$here/stowage" --version >/dev/null   # builds the CLI and its class-data archive once, outside the timings
. "$here/bench/lib.sh"
. "$here/bench/registry-lib.sh"

"$here/stowage" plan "$dir/image.json" --json > "$work/plan.json"
python3 - "$dir/image.json" "$work" "$compression" "$dir" <<'PY'
import json, os, sys, tarfile, hashlib
spec = json.load(open(sys.argv[1])); work = sys.argv[2]
plan = json.load(open(os.path.join(work, "plan.json")))[0]
custom = os.path.join(work, "custom"); os.makedirs(custom)
with tarfile.open(os.path.join(custom, "layer.tar"), "w", format=tarfile.GNU_FORMAT):
    pass
open(os.path.join(custom, "checksum"), "w").write(hashlib.sha256(open(os.path.join(custom, "layer.tar"), "rb").read()).hexdigest())
conf = {"architecture": "amd64", "config": spec.get("config", {}), "created": "1970-01-01T00:00:01+00:00",
        "mtime": "1970-01-01T00:00:01+00:00", "uid": 0, "gid": 0, "uname": "root", "gname": "root",
        "store_dir": "/nix/store", "from_image": None, "repo_tag": "bench/peer:1",
        "store_layers": [l["paths"] for l in plan["layers"]], "customisation_layer": custom}
json.dump(conf, open(os.path.join(work, "conf.json"), "w"))
spec["compression"] = sys.argv[3]
for p in spec["platforms"]: p["closure"] = os.path.join(sys.argv[4], p["closure"])
json.dump(spec, open(os.path.join(work, "image.json"), "w"))
PY
unshare -m true 2>/dev/null || { echo "bench-vs-dockertools: needs root and unshare -m (the peer reads the closure at /nix/store)" >&2; exit 2; }
# the bind mount needs a mount point: a machine with nix-bin installed but never used has no /nix/store
[ -d /nix/store ] || mkdir -p /nix/store

stowage_push() { # registry host, run
  "$here/stowage" build "$work/image.json" --store-root "$dir/store" --blob-store "$work/blobs-$2" \
    --audit-log "$work/audit-$2.jsonl" --workers 2 --out "docker://$1/bench/stowage:1" > /dev/null 2>&1
}
peer_push() { # registry host. Debian's skopeo cannot read a docker-archive from a pipe ("invalid tar header"),
  # so the stream goes to a file first, inside the timing
  rm -f "$work/peer.tar"
  unshare -m sh -c 'mount --bind "$1" /nix/store && exec python3 "$2" "$3" > "$4"' sh "$dir/store/nix/store" "$peer" "$work/conf.json" \
    "$work/peer.tar" 2>/dev/null
  skopeo copy -q --dest-tls-verify=false "${skopeo_format[@]}" "docker-archive:$work/peer.tar" "docker://$1/bench/peer:1"
}
ours=() theirs=()
for i in $(seq "$runs"); do
  a=$(start_registry "registry-s$i"); ours+=("$(seconds stowage_push "$a" "$i")")
  b=$(start_registry "registry-p$i"); theirs+=("$(seconds peer_push "$b")")
  for ref in "$a/bench/stowage:1" "$b/bench/peer:1"; do # a run that failed is not a time
    n=$(skopeo inspect --tls-verify=false "docker://$ref" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["Layers"]))') \
      || { echo "bench-vs-dockertools: $ref was not pushed" >&2; exit 1; }
    [ "$i" = 1 ] && echo "$ref: $n layers" >&2
  done
done
o=$(printf '%s\n' "${ours[@]}" | median) t=$(printf '%s\n' "${theirs[@]}" | median)
echo "closure: $(du -sb --apparent-size "$dir/store/nix/store" | cut -f1) bytes, $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))[0]["layers"]))' "$work/plan.json") layers, $compression, cold registry"
echo "| what | median s | runs (s) |"
echo "| --- | --- | --- |"
echo "| stowage build --out docker://, empty blob store | $o | ${ours[*]} |"
echo "| stream_layered_image.py > FILE; skopeo copy docker-archive:FILE docker:// | $t | ${theirs[*]} |"
printf 'ratio stowage / dockerTools way: %.2f (goal <= %s)\n' "$(echo "$o / $t" | bc -l)" "$([ "$compression" = zstd ] && echo 0.25 || echo 0.5)"
