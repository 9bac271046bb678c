# Shared by the bench scripts that push to a registry (sourced; they set $work and clean it up).
# `start_registry NAME` starts Debian's docker-registry on a free loopback port with its data in
# $work/NAME (pid in $work/NAME/pid, for the caller's trap) and prints host:port once it listens.
# `two_platform_spec SRC DST COMPRESSION CLOSURE_DIR` writes SRC's spec with tag 1, COMPRESSION,
# absolute closure paths and, for a one-platform spec, the same closure as linux/arm64 too.
start_registry() {
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/$1"
  printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$work/$1/data" "$port" > "$work/$1/config.yml"
  docker-registry serve "$work/$1/config.yml" > "$work/$1/log" 2>&1 &
  echo $! > "$work/$1/pid"
  until (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.05; done
  echo "127.0.0.1:$port"
}

two_platform_spec() {
  python3 - "$@" <<'PY'
import json, sys, os
spec = json.load(open(sys.argv[1])); spec["compression"] = sys.argv[3]; spec["tag"] = "1"
plats = spec["platforms"]
for p in plats: p["closure"] = os.path.join(sys.argv[4], p["closure"])
if len(plats) == 1:
    plats.append(dict(plats[0], platform="linux/arm64"))
json.dump(spec, open(sys.argv[2], "w"))
PY
}
