#!/usr/bin/env bash
# Issue 5 benchmark: pushing a ~1 GiB two-platform image to the CNCF registry (Debian's
# docker-registry on loopback, filesystem storage) with `stowage build --out docker://…` vs
# `skopeo copy --all --preserve-digests oci:DIR:TAG docker://…` of the same image (the layout the
# same build wrote), each into its own cold registry, then each again into its now warm registry
# (re-push from a fresh process). Stowage's runs read the layers from its blob store (the build
# itself is a layer-cache hit; the "cached, into the same oci: layout" row is that part alone).
#   bench/bench-registry.sh CLOSURE_DIR [COMPRESSION]     (CLOSURE_DIR from bench/make-closure.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$1" && pwd)
compression=${2:-zstd}
work=$(mktemp -d)
# start_registry runs in $(…), a subshell: each registry's pid goes to a file the trap reads
trap 'for f in "$work"/*/pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done; rm -rf "$work"' EXIT
"$here/stowage" --version >/dev/null
stowage() { java ${STOWAGE_JAVA_OPTS:-} -jar "$here/cli/target/stowage.jar" "$@"; }

. "$here/bench/registry-lib.sh"
seconds() { local s e; s=$(date +%s.%N); "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; e=$(date +%s.%N); printf '%.1f' "$(echo "$e - $s" | bc)"; }

two_platform_spec "$dir/image.json" "$work/image.json" "$compression" "$dir"
publish_seconds() { # IndexAssembled -> Published of the last build in the audit log: the push alone
  python3 - "$work/audit.jsonl" <<'PY'
import json, sys
from datetime import datetime
t = {}
for line in open(sys.argv[1]):
    e = json.loads(line).get("event", {})
    if e.get("type") in ("IndexAssembled", "Published"):
        t[e["type"]] = datetime.fromisoformat(e["header"]["occurredAt"].replace("Z", "+00:00"))
print("%.1f" % (t["Published"] - t["IndexAssembled"]).total_seconds())
PY
}
build() { stowage build "$work/image.json" --store-root "$dir/store" --blob-store "$work/blobs" --audit-log "$work/audit.jsonl" --workers 2 "$@"; }

cold_build=$(seconds build --out "oci:$work/layout")
blob_bytes=$(du -sb --apparent-size "$work/layout/blobs" | cut -f1)
echo "image: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"][:19])' "$work/layout/index.json")…," \
  "$compression, two platforms sharing layers, $blob_bytes bytes of blobs in the layout; cold build ${cold_build} s"
cached=$(seconds build --out "oci:$work/layout")   # layout already holds every blob: the pipeline's own time
a=$(start_registry stowage-registry)
b=$(start_registry skopeo-registry)
s_cold=$(seconds build --out "docker://$a/bench/app:1"); p_cold=$(publish_seconds)
k_cold=$(seconds skopeo copy -q --all --preserve-digests --dest-tls-verify=false "oci:$work/layout:1" "docker://$b/bench/app:1")
s_warm=$(seconds build --out "docker://$a/bench/app:1"); p_warm=$(publish_seconds)
k_warm=$(seconds skopeo copy -q --all --preserve-digests --dest-tls-verify=false "oci:$work/layout:1" "docker://$b/bench/app:1")
da=$(skopeo inspect --raw --tls-verify=false "docker://$a/bench/app:1" | sha256sum | cut -c1-12)
db=$(skopeo inspect --raw --tls-verify=false "docker://$b/bench/app:1" | sha256sum | cut -c1-12)
echo "| what | cold registry s | re-push s | index in registry |"
echo "| --- | --- | --- | --- |"
echo "| stowage build, cached, into the same oci: layout (no bytes move) | $cached | | |"
echo "| stowage build --out docker:// (whole command) | $s_cold | $s_warm | sha256:$da… |"
echo "| … of which the publish stage (IndexAssembled → Published) | $p_cold | $p_warm | |"
echo "| skopeo copy --all --preserve-digests oci: → docker:// | $k_cold | $k_warm | sha256:$db… |"
