#!/usr/bin/env bash
# Stowage on Kafka: per-task overhead with 1,000 tiny layers (one worker thread; median and p99
# from the events' timestamps, see kafka-overhead.py) and wall time of `submit --wait` with 1 vs 2
# layer-worker processes on a ~1 GiB closure (bench/make-closure.sh; built when missing).
# Starts its own broker (the jars the test build copies to test-servers/kafka-broker/target/lib)
# and services on free loopback ports; everything is removed at the end.
#   bench/bench-kafka.sh [BIG_CLOSURE_DIR]
# Environment: TINY_ONLY=1 skips the ~1 GiB part; NO_WARMUP=1 sends the 1,000-layer build to fresh
# topics (no warm-up build first).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
big=${1:-/tmp/stowage-bench-1g}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
"$here/stowage" --version >/dev/null   # builds the CLI once
lib=$here/test-servers/kafka-broker/target/lib
[ -d "$lib" ] || (cd "$here" && mvn -B -q -pl test-servers/kafka-broker package)
[ "${TINY_ONLY:-}" = 1 ] || [ -f "$big/image.json" ] || "$here/bench/make-closure.sh" --out "$big"
jar=$here/cli/target/stowage.jar
java=(java -Xmx256m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

kport=$(port) cport=$(port)
mkdir -p "$work/kafka"
cat > "$work/kafka/server.properties" <<P
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$kport,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$kport
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$work/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
P
"${java[@]}" -cp "$lib/*" kafka.tools.StorageTool format -t "$(python3 -c 'import uuid,base64;print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')" \
  -c "$work/kafka/server.properties" > "$work/kafka/format.log" 2>&1
"${java[@]}" -cp "$lib/*" kafka.Kafka "$work/kafka/server.properties" > "$work/kafka/broker.log" 2>&1 &
pids+=($!)
kafka=127.0.0.1:$kport

serve() { # namespace, name, role, flags...
  local ns=$1 name=$2; shift 2
  : > "$work/$name.log"
  "${java[@]}" -jar "$jar" serve "$@" --namespace "$ns." --kafka "$kafka" --health-host 127.0.0.1 --health-port 0 > "$work/$name.log" 2>&1 &
  pids+=($!)
  echo $! >> "$work/$ns.pids"
  local port=
  until port=$(grep -o 'health http://127.0.0.1:[0-9]*' "$work/$name.log" | cut -d: -f3) && [ -n "$port" ] \
      && curl -sf "http://127.0.0.1:$port/ready" >/dev/null; do
    kill -0 "$!" 2>/dev/null || { cat "$work/$name.log"; exit 1; }
    sleep 0.2
  done
}
fleet() { # namespace, blob store, store root, worker count
  serve "$1" "$1-planner" planner --blob-store "$2"
  serve "$1" "$1-assembler" assembler --blob-store "$2"
  serve "$1" "$1-publisher" publisher --blob-store "$2"
  for i in $(seq "$4"); do serve "$1" "$1-worker-$i" layer-worker --blob-store "$2" --store-root "$3"; done
}
stop_fleet() { # namespace: SIGTERM the services this script started for it, and wait for them
  local p
  for p in $(cat "$work/$1.pids"); do kill "$p" 2>/dev/null || true; done
  for p in $(cat "$work/$1.pids"); do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done
}
submit() { # namespace, blob store, spec -> prints seconds and the build id
  local s e out
  s=$(date +%s.%N)
  out=$("${java[@]}" -jar "$jar" submit "$3" --kafka "$kafka" --namespace "$1." --blob-store "$2" --out "oci:$work/out-$1" --wait --json --timeout 900)
  e=$(date +%s.%N)
  echo "$(echo "$e - $s" | bc) $(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["buildId"])')"
}

# 1. 1,000 tiny layers, one worker thread
python3 - "$work/tiny" <<'PY'
import json, os, sys
d = sys.argv[1]; infos = []
for i in range(1000):
    h = "".join("0123456789abcdfghijklmnpqrsvwxyz"[(i * 7 + k * 13) % 32] for k in range(27)) + f"{i:05d}"
    p = f"/nix/store/{h}-tiny-{i}"
    os.makedirs(d + "/root" + p, exist_ok=True)
    open(d + "/root" + p + "/file", "w").write(f"tiny {i}\n")
    infos.append({"path": p, "narHash": "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "narSize": 120, "references": []})
json.dump(infos, open(d + "/closure.json", "w"))
json.dump({"name": "bench/tiny", "tag": "1", "maxLayers": 1001,
           "platforms": [{"platform": "linux/amd64", "closure": "closure.json"}]}, open(d + "/image.json", "w"))
PY
fleet tiny "$work/blobs-tiny" "$work/tiny/root" 1
# warm-up: a 2-layer build creates the topics (and elects their leaders) before the measured one
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); s["maxLayers"]=3; s["tag"]="warm-up"; json.dump(s, open(sys.argv[2],"w"))' \
  "$work/tiny/image.json" "$work/tiny/warm-up.json"
[ "${NO_WARMUP:-}" = 1 ] || submit tiny "$work/blobs-tiny" "$work/tiny/warm-up.json" >/dev/null
read -r secs build < <(submit tiny "$work/blobs-tiny" "$work/tiny/image.json")
echo "1,000 tiny layers, 1 worker: submit --wait $secs s"
"${java[@]}" -jar "$jar" audit "$build" --kafka "$kafka" --namespace tiny. --json \
  | python3 "$here/bench/kafka-overhead.py" <(grep -F "build=$build" "$work/tiny-worker-1.log")
stop_fleet tiny

# 2. ~1 GiB closure, 1 vs 2 worker processes (one thread each), cold blob stores
[ "${TINY_ONLY:-}" = 1 ] && exit 0
for n in 1 2; do
  fleet "big$n" "$work/blobs-big$n" "$big/store" "$n"
  spec=$work/big-image.json
  python3 -c 'import json,sys,os; s=json.load(open(sys.argv[1])); [p.update(closure=os.path.join(sys.argv[2], p["closure"])) for p in s["platforms"]]; json.dump(s, open(sys.argv[3],"w"))' \
    "$big/image.json" "$big" "$spec"
  read -r secs build < <(submit "big$n" "$work/blobs-big$n" "$spec")
  echo "~1 GiB closure ($(du -sh --apparent-size "$big/store/nix/store" | cut -f1)), $n worker process(es): submit --wait $secs s (build $build)"
  stop_fleet "big$n"
done
