#!/usr/bin/env bash
# Issue 4 benchmarks: (1) stowage build of a closure to S3 (S3Proxy on loopback, filesystem
# backend) vs to the filesystem store; (2) peak heap and RSS of a build with -Xmx256m whose one
# layer is about 4 GiB, written to S3 (it must pass: nothing holds a layer in memory).
#   bench/bench-s3.sh CLOSURE_DIR [BIG_LAYER_GIB=4] [BIG_LAYER_COMPRESSION=zstd]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$1" && pwd)
big=${2:-4}
big_compression=${3:-zstd}
work=$(mktemp -d)
trap '[ -f "$work/s3/pid" ] && kill "$(cat "$work/s3/pid")" 2>/dev/null; chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
"$here/stowage" --version >/dev/null
. "$here/bench/s3-lib.sh"
endpoint=$(start_s3 s3)
s3="s3://bench/run?endpoint=$endpoint&region=us-east-1"
python3 - "$dir/image.json" "$work/image.json" "$dir" <<'PY'
import json, sys, os
spec = json.load(open(sys.argv[1])); spec["compression"] = "zstd"
for p in spec["platforms"]: p["closure"] = os.path.join(sys.argv[3], p["closure"])
json.dump(spec, open(sys.argv[2], "w"))
PY
run() { # label blob-store
  local s e
  rm -rf "$work/out" "$work/blobs"
  s=$(date +%s.%N)
  java ${STOWAGE_JAVA_OPTS:-} -jar "$here/cli/target/stowage.jar" build "$work/image.json" --out "oci:$work/out" \
    --store-root "$dir/store" --blob-store "$2" --audit-log "$work/audit.jsonl" --workers 2 >/dev/null 2>&1
  e=$(date +%s.%N)
  printf '| %s | %.1f |\n' "$1" "$(echo "$e - $s" | bc)"
}
echo "| closure $(basename "$dir"), zstd, 2 workers | seconds |"
echo "| --- | --- |"
run "filesystem store" "$work/blobs"
run "S3 (S3Proxy on loopback)" "$s3"
rm -rf "$work/s3/data/bench/run"

# (2) one ~4 GiB layer under -Xmx256m, to S3
mkdir -p "$work/big/conf"
printf 'build-users-group =\nsandbox = false\nexperimental-features = nix-command\nsubstituters =\n' > "$work/big/conf/nix.conf"
cat > "$work/big/big.nix" <<NIX
builtins.derivation { name = "big-1.0"; system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin";
  args = [ "-c" "mkdir -p \$out; python3 -c 'import random,sys; r=random.Random(1); w=sys.stdout.buffer.write; [w(r.randbytes(1<<20) if i%4==0 else bytes([97+i%26])*(1<<20)) for i in range($((big*1024)))]' > \$out/data" ]; }
NIX
root=$(NIX_CONF_DIR="$work/big/conf" nix-build --store "$work/big/store" --option extra-sandbox-paths "/bin /usr /lib /lib64" --no-out-link "$work/big/big.nix")
NIX_CONF_DIR="$work/big/conf" nix path-info --store "$work/big/store" --json -r "$root" > "$work/big/path-info.json"
echo "{\"name\":\"bench/big\",\"tag\":\"t\",\"compression\":\"$big_compression\",\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"$work/big/path-info.json\"}]}" > "$work/big/image.json"
s=$(date +%s.%N)
/usr/bin/time -v java -Xmx256m -Xlog:gc:file="$work/big/gc.log" -jar "$here/cli/target/stowage.jar" build "$work/big/image.json" \
  --out "oci:$work/big/out" --store-root "$work/big/store" --blob-store "$s3" --audit-log "$work/big/audit.jsonl" --workers 1 \
  > /dev/null 2> "$work/big/time.log" && status=passed || status=FAILED
e=$(date +%s.%N)
rss=$(grep "Maximum resident" "$work/big/time.log" | awk '{print $NF}')
heap=$(grep -o '[0-9]*M->[0-9]*M' "$work/big/gc.log" | sed 's/M->.*//' | sort -n | tail -1)
echo
echo "| one $big GiB layer to S3, $big_compression, -Xmx256m | result |"
echo "| --- | --- |"
echo "| build | $status in $(printf '%.0f' "$(echo "$e - $s" | bc)") s |"
echo "| peak heap used before a GC | ${heap:-?} MiB |"
echo "| peak RSS of the JVM | $((rss / 1024)) MiB |"
