"""Per-task overhead on Kafka from a build's events (see bench-kafka.sh).

Reads `stowage audit BUILD --kafka --json` lines on stdin and the single layer worker's service log
(argv[1]). With one worker thread, consecutive LayerBuilt events are one task apart: the gap
between their occurredAt times is one whole task cycle (fetch, decode, handle, emit, transaction
commit). The worker log gives each handler's own time; overhead = gap - handler time.
"""
import json
import re
import sys
from datetime import datetime


def instant(text):
    # 2026-11-29T03:20:13.214312911Z -> microseconds are enough
    m = re.match(r"(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z", text)
    frac = (m.group(2) or "0")[:6].ljust(6, "0")
    return datetime.fromisoformat(m.group(1) + "." + frac + "+00:00").timestamp()


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


built = []
for line in sys.stdin:
    e = json.loads(line)["event"]
    if e["type"] == "LayerBuilt":
        built.append(instant(e["header"]["occurredAt"]))
built.sort()
handler = [int(m.group(1)) for m in (re.search(r"done LayerTask .* \((\d+) ms\)$", l) for l in open(sys.argv[1])) if m]
gaps = [(b - a) * 1000 for a, b in zip(built, built[1:])]
over = [g - h for g, h in zip(gaps, handler[1:])]
print(f"tasks {len(built)}; task cycle median {pct(gaps, 50):.1f} ms p99 {pct(gaps, 99):.1f} ms; "
      f"handler median {pct(handler, 50):.1f} ms p99 {pct(handler, 99):.1f} ms; "
      f"overhead (cycle - handler) median {pct(over, 50):.1f} ms p99 {pct(over, 99):.1f} ms")
