// The Stowage dashboard: the build list, one build's Gantt chart (layer tasks in lanes per worker
// instance, assembler and publisher steps), fleet rebuilds. Read-only; follows /api/events.
"use strict";

const state = { selected: null, builds: [] };
const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs, ...children) {
  const e = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith("data-") || tag.startsWith("svg:")) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return e;
}

function duration(ms) {
  if (ms === null || ms === undefined) return "";
  return ms < 1000 ? ms + " ms" : (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + " s";
}

function bytes(n) {
  if (n < 1024) return n + " B";
  if (n < 1 << 20) return (n / 1024).toFixed(1) + " KiB";
  return (n / (1 << 20)).toFixed(1) + " MiB";
}

async function getJson(url) {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(url + ": " + r.status);
  return r.json();
}

function renderList(builds) {
  const body = document.querySelector("#build-list tbody");
  body.replaceChildren(...builds.map(b => {
    const row = el("tr", { className: "build" + (b.id === state.selected ? " selected" : ""), "data-build-id": b.id, "data-state": b.state },
      el("td", {}, el("code", {}, b.id)),
      el("td", { className: "state" }, b.state),
      el("td", { className: "image" }, b.image),
      el("td", { className: "platforms" }, (b.platforms || []).join(", ")),
      el("td", { className: "duration" }, duration(b.durationMillis)),
      el("td", { className: "failure" }, b.failure || ""));
    row.addEventListener("click", () => select(b.id));
    return row;
  }));
}

function renderFleet(rebuilds) {
  const box = document.getElementById("fleet-list");
  if (!rebuilds.length) { box.replaceChildren(el("p", { className: "empty" }, "none yet")); return; }
  box.replaceChildren(...rebuilds.map(f => el("div", { className: "fleet-rebuild", "data-fleet-id": f.id },
    el("h3", {}, "Fleet rebuild ", el("code", {}, f.id), " (" + f.reason + ", " + f.state + ")"),
    ...(f.changes.length ? [el("ul", { className: "changes" }, ...f.changes.map(c => el("li", {}, el("code", {}, c))))] : []),
    ...(f.source ? [el("p", { className: "source" }, "sent by " + f.source)] : []),
    el("table", {}, el("thead", {}, el("tr", {}, ...["image", "build", "outcome", "layers rebuilt", "reused", "bytes built", "index"].map(h => el("th", {}, h)))),
      el("tbody", {}, ...f.images.map(i => {
        const link = el("a", { href: "#build/" + i.buildId }, i.buildId);
        return el("tr", { "data-outcome": i.outcome }, el("td", {}, i.image), el("td", {}, link),
          el("td", { className: i.outcome === "failed" ? "failure" : "" }, i.outcome + (i.failure ? ": " + i.failure : "")),
          el("td", {}, String(i.layersBuilt)), el("td", {}, String(i.layersReused)), el("td", {}, bytes(i.bytesBuilt)),
          el("td", {}, el("code", {}, i.index || "")));
      }))))));
}

function fact(dl, name, ...value) {
  if (value.every(v => v === "" || v === null || v === undefined)) return;
  dl.append(el("dt", {}, name), el("dd", {}, ...value));
}

function renderDetail(b) {
  document.getElementById("detail").hidden = false;
  document.getElementById("detail-id").textContent = b.id;
  const st = document.getElementById("detail-state");
  st.textContent = b.state;
  st.className = "state " + b.state;
  const dl = document.getElementById("detail-facts");
  dl.replaceChildren();
  fact(dl, "image", b.image);
  fact(dl, "platforms", (b.platforms || []).join(", "));
  fact(dl, "requested", b.requested || "");
  fact(dl, "duration", duration(b.durationMillis));
  if (b.index) fact(dl, "index", el("code", { className: "digest", id: "detail-index" }, b.index));
  for (const a of b.artifacts || []) fact(dl, a.kind, el("code", { className: "digest artifact", "data-kind": a.kind }, a.digest), " " + a.artifactType);
  if ((b.destinations || []).length) fact(dl, "published to", b.destinations.join(", "));
  const reason = document.getElementById("failure-reason");
  reason.hidden = !b.failure;
  reason.textContent = b.failure ? "Failed: " + b.failure : "";
  renderGantt(b);
}

// Lanes: one per worker instance (the producer of LayerBuilt), then the assembler and publisher
// instances. Overlapping bars of one instance (its concurrent consumer threads) get rows of their own.
function renderGantt(b) {
  const svg = document.getElementById("gantt");
  svg.replaceChildren();
  const t0 = Date.parse(b.requested);
  const ends = b.layers.map(l => Date.parse(l.end || new Date().toISOString())).concat(b.steps.map(s => Date.parse(s.at)));
  const t1 = Math.max(t0 + 1, b.finished ? Date.parse(b.finished) : t0, ...ends);
  const left = 240, width = 760, rowH = 18, pad = 6;
  const x = t => left + (t - t0) / (t1 - t0) * width;
  const lanes = new Map();
  const lane = name => { if (!lanes.has(name)) lanes.set(name, { rows: [], items: [] }); return lanes.get(name); };
  for (const l of b.layers) {
    const ln = lane(l.lane || "waiting for a worker");
    const s = Date.parse(l.start), e = l.end ? Date.parse(l.end) : t1;
    let row = ln.rows.findIndex(end => end <= s);
    if (row < 0) { row = ln.rows.length; ln.rows.push(e); } else ln.rows[row] = e;
    ln.items.push({ kind: "bar", l, s, e, row });
  }
  for (const st of b.steps) {
    const ln = lane(st.lane);
    if (!ln.rows.length) ln.rows.push(0);
    ln.items.push({ kind: "step", st, s: Date.parse(st.at), row: 0 });
  }
  let y = 20;
  for (let i = 0; i <= 4; i++) {
    const t = t0 + (t1 - t0) * i / 4;
    svg.append(el("svg:line", { class: "tick", x1: x(t), x2: x(t), y1: 14, y2: 10000 }),
      el("svg:text", { x: x(t) - (i === 4 ? 30 : 0), y: 11 }, duration(Math.round(t - t0))));
  }
  for (const [name, ln] of lanes) {
    const h = Math.max(1, ln.rows.length) * rowH + pad;
    const g = el("svg:g", { class: "lane", "data-lane": name });
    g.append(el("svg:rect", { class: "lane-bg", x: 0, y: y, width: left + width, height: h - 2 }),
      el("svg:text", { class: "lane-name", x: 4, y: y + 13 }, name.length > 38 ? name.slice(0, 37) + "…" : name));
    for (const it of ln.items) {
      const top = y + pad / 2 + it.row * rowH;
      if (it.kind === "bar") {
        const l = it.l;
        const w = Math.max(2, x(it.e) - x(it.s));
        const bar = el("svg:rect", { class: "bar" + (l.cached ? " cached" : "") + (l.end ? "" : " running"), x: x(it.s), y: top, width: w, height: rowH - 4,
          "data-platform": l.platform, "data-layer": l.layerIndex, "data-cached": l.cached, "data-bytes": l.bytes });
        bar.append(el("svg:title", {}, `${l.platform} layer ${l.layerIndex + 1}/${l.layerCount}${l.customisation ? " (customisation)" : ""}: `
          + (l.end ? (l.cached ? "from the layer cache" : "built") + `, ${bytes(l.bytes)}, ${duration(it.e - it.s)}` + (l.blob ? "\n" + l.blob : "") : "running")));
        g.append(bar);
      } else {
        const cx = x(it.s), cy = top + (rowH - 4) / 2;
        const mark = el("svg:path", { class: "step " + it.st.kind, "data-kind": it.st.kind, d: `M${cx} ${cy - 6} L${cx + 6} ${cy} L${cx} ${cy + 6} L${cx - 6} ${cy} Z`,
          "data-stage": it.st.stage, "data-platform": it.st.platform });
        mark.append(el("svg:title", {}, `${it.st.stage}${it.st.platform ? " " + it.st.platform : ""}: ${it.st.detail}`));
        g.append(mark);
      }
    }
    svg.append(g);
    y += h;
  }
  svg.setAttribute("width", left + width + 10);
  svg.setAttribute("height", y + 4);
}

// Redraws only what changed since the last drawing (the same answer again draws nothing).
const drawn = { list: null, fleet: null, detail: null };
function changed(part, value) {
  const text = JSON.stringify(value);
  if (drawn[part] === text) return false;
  drawn[part] = text;
  return true;
}

async function refresh() {
  const data = await getJson("/api/builds");
  state.builds = data.builds;
  if (!state.selected && data.builds.length) state.selected = data.builds[0].id;
  if (changed("list", [state.selected, data.builds])) renderList(data.builds);
  if (changed("fleet", data.fleetRebuilds)) renderFleet(data.fleetRebuilds);
  if (state.selected) {
    try {
      const b = await getJson("/api/builds/" + encodeURIComponent(state.selected));
      if (changed("detail", b)) renderDetail(b);
    } catch (e) { /* not there (yet) */ }
  }
}

function select(id) {
  state.selected = id;
  if (location.hash !== "#build/" + id) history.replaceState(null, "", "#build/" + id);
  refresh();
}

let pending = null;
function scheduleRefresh() {
  if (pending) return;
  pending = setTimeout(() => { pending = null; refresh(); }, 100);
}

function follow() {
  const live = document.getElementById("live");
  const source = new EventSource("/api/events");
  source.onopen = () => { live.className = "on"; live.textContent = "live"; scheduleRefresh(); };
  source.onerror = () => { live.className = "off"; live.textContent = "reconnecting"; };
  source.addEventListener("change", scheduleRefresh);
}

document.getElementById("lookup").addEventListener("submit", async ev => {
  ev.preventDefault();
  const digest = document.getElementById("lookup-digest").value.trim();
  try { select((await getJson("/api/digests/" + encodeURIComponent(digest))).build); } catch (e) { alert("no build made " + digest); }
});
window.addEventListener("hashchange", () => { const m = location.hash.match(/^#build\/(.+)$/); if (m) select(decodeURIComponent(m[1])); });
const initial = location.hash.match(/^#build\/(.+)$/);
if (initial) state.selected = decodeURIComponent(initial[1]);
refresh();
follow();
