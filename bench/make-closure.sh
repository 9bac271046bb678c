#!/usr/bin/env bash
# Builds a deterministic benchmark closure with Debian's nix-bin in a chroot store (no daemon,
# no network) and writes, under OUT: store/nix/store/... (the files; use --store-root OUT/store),
# path-info.json (nix path-info --json -r) and image.json (a spec for stowage build).
#   bench/make-closure.sh --out DIR [--paths 200] [--size 1073741824] [--seed 1] [--jobs 2]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
paths=200 size=1073741824 seed=1 jobs=2 out=
usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2 ;; --paths) paths=$2 ;; --size) size=$2 ;; --seed) seed=$2 ;; --jobs) jobs=$2 ;;
    *) usage ;;
  esac
  shift 2 || usage
done
[ -n "$out" ] || usage
mkdir -p "$out/conf"
out=$(cd "$out" && pwd)
printf 'build-users-group =\nsandbox = false\nexperimental-features = nix-command\nsubstituters =\n' > "$out/conf/nix.conf"
export NIX_CONF_DIR="$out/conf"
python3 "$here/make-closure.py" "$paths" "$size" "$seed" "$here/gen-content.py" > "$out/closure.nix"
root=$(nix-build --store "$out/store" --option extra-sandbox-paths "/bin /usr /lib /lib64" \
  --max-jobs "$jobs" --no-out-link "$out/closure.nix")
nix path-info --store "$out/store" --json -r "$root" > "$out/path-info.json"
cat > "$out/image.json" <<JSON
{
  "name": "bench/closure",
  "tag": "$paths-$size-$seed",
  "config": {"Cmd": ["$root/bin/app"], "Env": ["PATH=$root/bin"]},
  "platforms": [{"platform": "linux/amd64", "closure": "path-info.json"}]
}
JSON
count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$out/path-info.json")
bytes=$(python3 -c 'import json,sys; print(sum(e["narSize"] for e in json.load(open(sys.argv[1]))))' "$out/path-info.json")
echo "closure: $root ($count paths, $bytes NAR bytes) in $out"
