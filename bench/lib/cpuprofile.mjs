/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and aggregates time by function + url:
 * self time (samples whose leaf is the function) and inclusive time (samples with the
 * function anywhere on the stack, counted once per sample).
 */
import { readFileSync } from "node:fs";

const SPECIAL = new Set(["(idle)", "(program)", "(garbage collector)", "(root)"]);

function shortUrl(url) {
  if (!url) return "";
  const dist = url.indexOf("/src/");
  if (url.includes("bunsock-") && dist >= 0) return `bunsock:${url.slice(dist + 5)}`; // the bench's snapshot of dist/src
  if (url.includes("/dist/src/")) return `bunsock:${url.slice(url.indexOf("/dist/src/") + 10)}`;
  if (url.includes("/bench/")) return `bench:${url.slice(url.indexOf("/bench/") + 7)}`;
  return url.replace(/^file:\/\//, "");
}

/** Where a frame belongs: bunsock's code, the bench's own code, Node's JS internals, V8/native, or idle/GC. */
export function category(fnName, url) {
  if (SPECIAL.has(fnName)) return fnName;
  if (url.startsWith("bunsock:")) return "bunsock";
  if (url.startsWith("bench:")) return "bench code";
  if (url.startsWith("node:")) return "node internals (JS)";
  if (url === "") return "native / builtins";
  return "other JS";
}

/** `windowUs` = [start, end] on CLOCK_MONOTONIC µs: only samples inside it count (start-up and teardown cut off). */
export function summarise(file, windowUs) {
  const p = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map();
  const parent = new Map();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const key = (n) => {
    const cf = n.callFrame;
    const url = shortUrl(cf.url);
    return { k: `${cf.functionName || "(anonymous)"}\u0000${url}:${cf.lineNumber + 1}`, fn: cf.functionName || "(anonymous)", url, line: cf.lineNumber + 1 };
  };
  const self = new Map();
  const incl = new Map();
  const cats = new Map();
  let total = 0;
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let t = p.startTime;
  const times = samples.map((_, i) => (t += deltas[i] ?? 0));
  for (let i = 0; i < samples.length; i++) {
    const dt = (i + 1 < samples.length ? times[i + 1] : p.endTime) - times[i];
    if (!(dt > 0)) continue;
    if (windowUs && (times[i] < windowUs[0] || times[i] > windowUs[1])) continue;
    total += dt;
    const leaf = byId.get(samples[i]);
    const lk = key(leaf);
    const e = self.get(lk.k) ?? { ...lk, self: 0, incl: 0 };
    e.self += dt;
    self.set(lk.k, e);
    const cat = category(lk.fn, lk.url);
    cats.set(cat, (cats.get(cat) ?? 0) + dt);
    const seen = new Set();
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
      const k = key(byId.get(id));
      if (seen.has(k.k)) continue;
      seen.add(k.k);
      const f = incl.get(k.k) ?? { ...k, incl: 0 };
      f.incl += dt;
      incl.set(k.k, f);
    }
  }
  const idle = cats.get("(idle)") ?? 0;
  return {
    totalMs: total / 1000,
    busyMs: (total - idle) / 1000,
    self: [...self.values()].sort((a, b) => b.self - a.self),
    inclusive: [...incl.values()].sort((a, b) => b.incl - a.incl),
    categories: [...cats.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000 })),
  };
}

/** Markdown for one profile: categories, top self time, and bunsock's inclusive hot spots. */
export function renderSummary(title, s, top = 15) {
  const pct = (us) => `${((us / 1000 / s.busyMs) * 100).toFixed(1)}%`;
  const lines = [`#### ${title}`, ``, `${s.totalMs.toFixed(0)} ms sampled, ${s.busyMs.toFixed(0)} ms busy (not idle). Shares are of busy time.`, ``];
  lines.push(`| where | busy share |`, `|---|---:|`);
  for (const c of s.categories) if (c.name !== "(idle)") lines.push(`| ${c.name} | ${((c.ms / s.busyMs) * 100).toFixed(1)}% |`);
  lines.push(``, `Top self time:`, ``, `| function | location | self |`, `|---|---|---:|`);
  for (const f of s.self.filter((f) => f.fn !== "(idle)").slice(0, top)) lines.push(`| \`${f.fn}\` | ${f.url ? `${f.url}:${f.line}` : "-"} | ${pct(f.self)} |`);
  const ours = s.inclusive.filter((f) => f.url.startsWith("bunsock:")).slice(0, 8);
  if (ours.length > 0) {
    lines.push(``, `bunsock functions by inclusive time (their own code plus what they call):`, ``, `| function | location | inclusive |`, `|---|---|---:|`);
    for (const f of ours) lines.push(`| \`${f.fn}\` | ${f.url}:${f.line} | ${pct(f.incl)} |`);
  }
  return lines.join("\n");
}
