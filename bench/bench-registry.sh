#!/usr/bin/env bash
# Issue 5 benchmark: pushing a ~1 GiB two-platform image to the CNCF registry (Debian's
# docker-registry on loopback, filesystem storage) with `stowage build --out docker://…` vs
# `skopeo copy --all --preserve-digests oci:DIR:TAG docker://…` of the same image (the layout the
# same build wrote), each into its own cold registry, then each again into its now warm registry
# (re-push from a fresh process). Stowage's runs read the layers from its blob store (the build
# itself is a layer-cache hit; the "build, cached, no push" row is that part alone).
#   bench/bench-registry.sh CLOSURE_DIR [COMPRESSION]     (CLOSURE_DIR from bench/make-closure.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$1" && pwd)
compression=${2:-zstd}
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
"$here/stowage" --version >/dev/null
stowage() { java ${STOWAGE_JAVA_OPTS:-} -jar "$here/cli/target/stowage.jar" "$@"; }

start_registry() { # name -> prints host:port
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/$1"
  printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$work/$1/data" "$port" > "$work/$1/config.yml"
  docker-registry serve "$work/$1/config.yml" > "$work/$1/log" 2>&1 &
  pids+=($!)
  until (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.05; done
  echo "127.0.0.1:$port"
}
seconds() { local s e; s=$(date +%s.%N); "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; e=$(date +%s.%N); printf '%.1f' "$(echo "$e - $s" | bc)"; }

python3 - "$dir/image.json" "$work/image.json" "$compression" "$dir" <<'PY'
import json, sys, os
spec = json.load(open(sys.argv[1])); spec["compression"] = sys.argv[3]; spec["tag"] = "1"
plats = spec["platforms"]
for p in plats: p["closure"] = os.path.join(sys.argv[4], p["closure"])
if len(plats) == 1:
    plats.append(dict(plats[0], platform="linux/arm64"))
json.dump(spec, open(sys.argv[2], "w"))
PY
build() { stowage build "$work/image.json" --store-root "$dir/store" --blob-store "$work/blobs" --audit-log "$work/audit.jsonl" --workers 2 "$@"; }

cold_build=$(seconds build --out "oci:$work/layout")
blob_bytes=$(du -sb --apparent-size "$work/layout/blobs" | cut -f1)
echo "image: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"][:19])' "$work/layout/index.json")…," \
  "$compression, two platforms sharing layers, $blob_bytes bytes of blobs in the layout; cold build ${cold_build} s"
cached=$(seconds build --out "oci:$work/layout2")
a=$(start_registry stowage-registry)
b=$(start_registry skopeo-registry)
s_cold=$(seconds build --out "docker://$a/bench/app:1")
k_cold=$(seconds skopeo copy -q --all --preserve-digests --dest-tls-verify=false "oci:$work/layout:1" "docker://$b/bench/app:1")
s_warm=$(seconds build --out "docker://$a/bench/app:1")
k_warm=$(seconds skopeo copy -q --all --preserve-digests --dest-tls-verify=false "oci:$work/layout:1" "docker://$b/bench/app:1")
da=$(skopeo inspect --raw --tls-verify=false "docker://$a/bench/app:1" | sha256sum | cut -c1-12)
db=$(skopeo inspect --raw --tls-verify=false "docker://$b/bench/app:1" | sha256sum | cut -c1-12)
echo "| what | cold registry s | re-push s | index in registry |"
echo "| --- | --- | --- | --- |"
echo "| stowage build, cached, no push (oci: layout) | $cached | | |"
echo "| stowage build --out docker:// | $s_cold | $s_warm | sha256:$da… |"
echo "| skopeo copy --all --preserve-digests oci: → docker:// | $k_cold | $k_warm | sha256:$db… |"
