#!/usr/bin/env bash
# Regenerates examples/hello from make-hello.nix with Debian's nix-bin in a temporary chroot
# store: the store files (under store/nix/store), the closure (path-info.json) and the spec.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
mkdir -p "$work/conf"
printf 'build-users-group =\nsandbox = false\nexperimental-features = nix-command\nsubstituters =\n' > "$work/conf/nix.conf"
export NIX_CONF_DIR="$work/conf"
out=$(nix-build --store "$work/store" --option extra-sandbox-paths "/bin /usr /lib /lib64" --no-out-link "$here/make-hello.nix")
dest="$here/hello"
[ -d "$dest/store" ] && chmod -R u+w "$dest/store" && rm -rf "$dest/store"
mkdir -p "$dest/store/nix/store"
for p in $(nix-store --store "$work/store" -qR "$out"); do
  cp -a "$work/store$p" "$dest/store/nix/store/"
done
chmod -R u+w "$dest/store"
nix path-info --store "$work/store" --json -r "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); [e.pop(k,None) for e in d for k in ("registrationTime","deriver","ultimate")]; json.dump(d,sys.stdout,indent=1,sort_keys=True)' > "$dest/path-info.json"
cat > "$dest/image.json" <<JSON
{
  "name": "example/hello",
  "tag": "1.0",
  "config": {
    "Cmd": ["$out/bin/hello"],
    "Env": ["PATH=$out/bin"]
  },
  "annotations": {"org.opencontainers.image.description": "Stowage quick-start example"},
  "platforms": [{"platform": "linux/amd64", "closure": "path-info.json"}]
}
JSON
echo "examples/hello regenerated: $out"
