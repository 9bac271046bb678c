#!/usr/bin/env bash
# Fleet rebuild benchmark: N images (default 50) from integration-tests' fleet.nix built with
# nix-bin in a chroot store (sizes × SCALE, incompressible contents), a cold `stowage fleet build`,
# then `stowage fleet trigger` for a new CA bundle (held by two images in three). Prints wall
# times, layers built/reused, bytes of built layers, and the OCI layout's layer bytes against the
# unique layer bytes and against what per-image copies would hold.
# Usage: bench/bench-fleet.sh DIR [N] [SCALE]     (DIR is wiped)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: bench-fleet.sh DIR [N] [SCALE]}
n=${2:-50}
scale=${3:-64}
rm -rf "$dir" && mkdir -p "$dir/nix-conf" "$dir/specs"
dir=$(cd "$dir" && pwd)
printf 'build-users-group =\nsandbox = false\nexperimental-features = nix-command\nsubstituters =\n' > "$dir/nix-conf/nix.conf"
export NIX_CONF_DIR="$dir/nix-conf"
store=(--store "$dir/store")
mapfile -t out < <(nix-build "${store[@]}" --option extra-sandbox-paths "/bin /usr /lib /lib64" --no-out-link \
  --arg n "$n" --arg scale "$scale" --arg random true "$here/integration-tests/src/test/resources/nix/fleet.nix")
cacert_old=${out[0]}; cacert_new=${out[1]}
specs=()
for ((i = 0; i < n; i++)); do
  app=${out[$((4 + i))]}
  roots="\"$app\""; env=""
  if ((i % 3 != 0)); then roots="$roots,\"$cacert_old\""; env=",\"Env\":[\"SSL_CERT_FILE=$cacert_old/etc/ssl/certs/ca-bundle.crt\"]"; fi
  # shellcheck disable=SC2046
  nix path-info "${store[@]}" --json -r $(echo "$roots" | tr -d '"' | tr ',' ' ') > "$dir/specs/closure-$i.json"
  printf '{"name":"fleet/app-%d","tag":"app-%d","config":{"Cmd":["%s/bin/run"]%s},"platforms":[{"platform":"linux/amd64","closure":"closure-%d.json","roots":[%s]}]}\n' \
    "$i" "$i" "$app" "$env" "$i" "$roots" > "$dir/specs/app-$i.json"
  specs+=("$dir/specs/app-$i.json")
done
common=(--catalog "$dir/catalog" --audit-log "$dir/audit.jsonl")
run=(--store-root "$dir/store" --blob-store "$dir/blobs" --workers 2 --json)
export STOWAGE_JAVA_OPTS=${STOWAGE_JAVA_OPTS:--Xmx512m}
"$here/stowage" fleet add "${specs[@]}" --out "oci:$dir/layout" --blob-store "$dir/blobs" "${common[@]}" 2>/dev/null
nix path-info "${store[@]}" --json "$cacert_new" > "$dir/cacert-new.json"

timed() { # LABEL CMD… : runs CMD, prints LABEL, seconds and the totals of its JSON result
  local label=$1; shift
  local t0 t1; t0=$(date +%s.%N)
  "$@" > "$dir/$label.json" 2> "$dir/$label.log"
  t1=$(date +%s.%N)
  python3 - "$label" "$t0" "$t1" "$dir/$label.json" <<'PY'
import json, sys
label, t0, t1, f = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
t = json.load(open(f))["totals"]
print(f"{label}: {t1 - t0:.1f} s, images {t['images']}, republished {t['republished']}, "
      f"layers built {t['layersBuilt']} ({t['bytesBuilt'] / 1048576:.1f} MiB), reused {t['layersReused']}")
PY
}
timed cold "$here/stowage" fleet build "${common[@]}" "${run[@]}"
timed cacert "$here/stowage" fleet trigger --replace "$cacert_old=$cacert_new" --closure "$dir/cacert-new.json" "${common[@]}" "${run[@]}"

python3 - "$dir/layout" "$n" <<'PY'
import json, os, sys
layout, n = sys.argv[1], int(sys.argv[2])
def blob(d): return json.load(open(os.path.join(layout, "blobs", "sha256", d.split(":")[1])))
index = json.load(open(os.path.join(layout, "index.json")))
unique, per_image = {}, 0
for m in index["manifests"]:
    if "org.opencontainers.image.ref.name" not in m.get("annotations", {}): continue
    for pm in blob(m["digest"])["manifests"]:
        for l in blob(pm["digest"])["layers"]:
            unique[l["digest"]] = l["size"]; per_image += l["size"]
layer_files = sum(os.path.getsize(os.path.join(layout, "blobs", "sha256", d.split(":")[1])) for d in unique)
all_files = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(os.path.join(layout, "blobs")) for f in fs)
print(f"tagged images {sum(1 for m in index['manifests'] if 'org.opencontainers.image.ref.name' in m.get('annotations', {}))}")
print(f"unique layer bytes of the current images {sum(unique.values())/1048576:.2f} MiB; their files in the layout {layer_files/1048576:.2f} MiB "
      f"({layer_files/sum(unique.values()):.3f}x); per-image copies would hold {per_image/1048576:.2f} MiB")
print(f"every blob in the layout (both generations, configs, manifests, SBOMs, provenance) {all_files/1048576:.2f} MiB")
PY
