/**
 * Turns a results JSON into the Markdown tables and the SVG chart, and writes them into
 * bench/RESULTS.md between markers, leaving the hand-written parts of the file alone.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchDir } from "./contenders.mjs";
import { pairedRatio, summary } from "./stats.mjs";
import { barChart } from "./svg.mjs";

// Full and quick runs each have their own generated section (and chart), so a quick run
// never replaces the recorded full one.
const markers = (mode) =>
  mode === "full"
    ? { start: "<!-- bench:results:start -->", end: "<!-- bench:results:end -->", chart: "ratios.svg" }
    : { start: `<!-- bench:${mode}:start -->`, end: `<!-- bench:${mode}:end -->`, chart: `ratios-${mode}.svg` };
const START = markers("full").start;
const END = markers("full").end;

function num(v, unit) {
  if (v === null || v === undefined) return "-";
  if (unit === "bytes/conn") return `${(v / 1024).toFixed(1)} KiB`;
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString("en-US");
  return v.toFixed(1);
}

function cell(s, unit) {
  if (s === null) return null;
  return `${num(s.median, unit)} (${num(s.min, unit)}–${num(s.max, unit)})`;
}

function ratioCell(r) {
  if (r === null) return null;
  return `**${r.median.toFixed(2)}** (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
}

function missing(status) {
  if (status === undefined) return "not run";
  if (status.startsWith("unavailable")) return "unavailable";
  if (status.startsWith("error")) return "failed";
  return "-";
}

/** What one unit of work is, per metric, for CPU cost. */
function cpuUnit(id) {
  switch (id) {
    case "bulk":
    case "tls_bulk":
      return { label: "µs per MB", units: (d) => d.bytes / 1e6 };
    case "smallwrites":
      return { label: "µs per 1,000 writes", units: (d) => d.bytes / 32 / 1000 };
    case "pingpong":
      return { label: "µs per round trip", units: (d) => d.count };
    case "pipelined":
      return { label: "µs per msg", units: (d) => d.count };
    case "tls_handshake":
      return { label: "µs per handshake", units: (d) => d.count };
    default:
      return { label: "µs per connection", units: (d) => d.count };
  }
}

/** Per round: (client + server CPU µs in the window) / units of work; null where unknown. */
function cpuSeries(results, id, contender) {
  const out = Array(results.meta.rounds).fill(null);
  const unit = cpuUnit(id);
  for (const r of results.runs) {
    if (r.contender !== contender || r.workload !== id || !r.ok) continue;
    const d = r.detail;
    if (typeof d.cpuUs !== "number" || typeof d.serverCpuUs !== "number") continue;
    const units = unit.units(d);
    if (units > 0) out[r.round] = (d.cpuUs + d.serverCpuUs) / units;
  }
  return out;
}

/** Everything the tables and the chart need, computed once. */
export function analyse(results) {
  const { meta, metrics, samples, status } = results;
  const names = meta.contenders.map((c) => c.name);
  const variants = meta.contenders.filter((c) => c.kind === "bunsock").map((c) => c.name);
  const refs = ["node", "bun"].filter((n) => names.includes(n));
  const rows = metrics.map((m) => {
    const abs = Object.fromEntries(names.map((n) => [n, summary(samples[m.id]?.[n] ?? [])]));
    const ratios = {};
    for (const v of variants) {
      for (const ref of refs) {
        ratios[`${v}/${ref}`] = pairedRatio(samples[m.id]?.[v] ?? [], samples[m.id]?.[ref] ?? []);
      }
    }
    return { metric: m, abs, ratios, status: status[m.id] ?? {} };
  });
  return { names, variants, refs, rows };
}

/** Relative performance for the chart: > 1 = bunsock better, whichever way the metric goes. */
function perf(r, higherIsBetter) {
  if (r === null) return null;
  if (higherIsBetter) return { value: r.median, min: r.min, max: r.max };
  return { value: 1 / r.median, min: 1 / r.max, max: 1 / r.min };
}

export function renderChart(results, a = analyse(results)) {
  const series = [];
  for (const v of a.variants) for (const ref of a.refs) series.push(`${v} vs ${ref === "node" ? "node:net" : "Bun"}`);
  const groups = a.rows.map((row) => ({
    label: row.metric.id,
    sub: row.metric.higherIsBetter ? row.metric.unit : "memory (inverted)",
    bars: a.variants.flatMap((v) =>
      a.refs.map((ref) => {
        const p = perf(row.ratios[`${v}/${ref}`], row.metric.higherIsBetter);
        const name = `${v} vs ${ref === "node" ? "node:net" : "Bun"}`;
        if (p === null) return { series: name, value: null, note: missing(row.status[v] ?? row.status[ref]) };
        return { series: name, ...p };
      }),
    ),
  }));
  const m = results.meta;
  return barChart({
    title: `bunsock relative performance (> 1 = bunsock faster / leaner), ${m.mode} mode, ${m.rounds} rounds`,
    subtitle: `median of per-round ratios, whiskers min–max; node ${m.node}, bun ${m.bun}, ${m.cores} cores, ${m.date.slice(0, 10)}; memory bars show reference bytes / bunsock bytes`,
    groups,
    series,
  });
}

export function renderTables(results, a = analyse(results)) {
  const { meta } = results;
  const label = (n) => meta.contenders.find((c) => c.name === n)?.label ?? n;
  const out = [];

  // Ratio table: the headline.
  const ratioCols = a.variants.flatMap((v) => a.refs.map((ref) => `${v}/${ref}`));
  out.push(`| workload | unit | ${ratioCols.join(" | ")} | bunsock ≥ 0.95× node:net |`);
  out.push(`|---|---|${ratioCols.map(() => "---:").join("|")}|:---:|`);
  for (const row of a.rows) {
    const m = row.metric;
    const cells = ratioCols.map((k) => {
      const c = ratioCell(row.ratios[k]);
      if (c !== null) return c;
      const [v, ref] = k.split("/");
      const st = row.status[v]?.startsWith("ok") ? row.status[ref] : row.status[v];
      return missing(st);
    });
    const r = row.ratios["bunsock/node"];
    let verdict = "-";
    if (r) {
      const ok = m.higherIsBetter ? r.median >= 0.95 : r.median <= 1 / 0.95;
      verdict = ok ? "yes" : "**no**";
    }
    out.push(`| ${m.id} | ${m.unit}${m.higherIsBetter ? "" : " (lower is better)"} | ${cells.join(" | ")} | ${verdict} |`);
  }
  const ratioTable = out.join("\n");

  // Absolute values.
  const abs = [];
  abs.push(`| workload | what | unit | ${a.names.map(label).join(" | ")} |`);
  abs.push(`|---|---|---|${a.names.map(() => "---:").join("|")}|`);
  for (const row of a.rows) {
    const m = row.metric;
    const cells = a.names.map((n) => cell(row.abs[n], m.unit) ?? missing(row.status[n]));
    abs.push(`| ${m.id} | ${m.what} | ${m.unit} | ${cells.join(" | ")} |`);
  }

  // Idle memory detail (RSS and JS heap, per side).
  const idleRuns = results.runs.filter((r) => r.workload === "idle_memory" && r.ok);
  let idle = "";
  if (idleRuns.length > 0) {
    const lines = [
      `| contender | server RSS/conn | server RSS/conn (median step) | server heap+external/conn | client RSS/conn | client RSS/conn (median step) | client heap+external/conn |`,
      `|---|---:|---:|---:|---:|---:|---:|`,
    ];
    for (const n of a.names) {
      const rs = idleRuns.filter((r) => r.contender === n);
      if (rs.length === 0) continue;
      const med = (f) => summary(rs.map(f).filter((v) => typeof v === "number"));
      const k = (s) => (s ? `${(s.median / 1024).toFixed(2)} KiB` : "-");
      const cells = ["server", "client"].flatMap((side) => [
        k(med((r) => r.detail[side].rss)),
        k(med((r) => r.detail[side].rssMedianStep)),
        k(med((r) => r.detail[side].heap)),
      ]);
      lines.push(`| ${label(n)} | ${cells.join(" | ")} |`);
    }
    idle = lines.join("\n");
  }

  // CPU time per unit of work, client + server: steadier than throughput on a busy machine.
  const cpuRows = [];
  const cpuHead = `| workload | per | ${a.names.map(label).join(" | ")} | ${a.variants.map((v) => `${v}/node`).join(" | ")} |`;
  for (const row of a.rows) {
    const m = row.metric;
    if (!m.higherIsBetter) continue;
    const per = cpuUnit(m.id);
    const series = Object.fromEntries(a.names.map((n) => [n, cpuSeries(results, m.id, n)]));
    if (a.names.every((n) => series[n].every((v) => v === null))) continue;
    const cells = a.names.map((n) => {
      const s = summary(series[n]);
      return s ? `${s.median.toFixed(s.median < 10 ? 2 : 1)}` : "-";
    });
    const ratios = a.variants.map((v) => {
      const r = pairedRatio(series[v], series.node ?? []);
      return r ? `${r.median.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})` : "-";
    });
    cpuRows.push(`| ${m.id} | ${per.label} | ${cells.join(" | ")} | ${ratios.join(" | ")} |`);
  }
  const cpuTable = cpuRows.length ? [cpuHead, `|---|---|${a.names.map(() => "---:").join("|")}|${a.variants.map(() => "---:").join("|")}|`, ...cpuRows].join("\n") : "";

  // Why some cells are empty.
  const notes = [];
  for (const row of a.rows) {
    for (const [n, st] of Object.entries(row.status)) {
      if (st !== "ok") notes.push(`- ${row.metric.id} / ${label(n)}: ${st.split("\n")[0].slice(0, 300)}`);
    }
  }
  return { ratioTable, absTable: abs.join("\n"), idleTable: idle, cpuTable, notes: [...new Set(notes)] };
}

function loadStr(l) {
  return l ? l.map((x) => x.toFixed(2)).join(", ") : "-";
}

export function renderSection(results, { rawFile }) {
  const m = results.meta;
  const { start, end, chart: chartFile } = markers(m.mode);
  const a = analyse(results);
  const t = renderTables(results, a);
  const contenders = m.contenders
    .map((c) => `\`${c.name}\`${c.kind === "bunsock" ? ` (transport \`${c.transport ?? "?"}\`)` : c.kind === "bun" ? " (Bun.connect/Bun.listen)" : " (idiomatic node:net/node:tls)"}`)
    .join(", ");
  return [
    start,
    `<!-- generated by bench/run.mjs; edit outside these markers -->`,
    `## Results (${m.mode} mode)`,
    ``,
    `| | |`,
    `|---|---|`,
    `| date | ${m.date} |`,
    `| mode | ${m.mode}: ${m.rounds} rounds, every contender every round, order rotating |`,
    `| machine | ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform} (shared with other engineers) |`,
    `| load average (1/5/15 min) | before ${loadStr(m.loadBefore)}; after ${loadStr(m.loadAfter)}${m.loadWait ? `; waited ${m.loadWait.waitedS} s for load < threshold${m.loadWait.gaveUp ? " (gave up)" : ""}` : ""} |`,
    `| node / bun | ${m.node} / ${m.bun} |`,
    `| bunsock | commit ${m.git.commit}${m.git.dirtySrc ? " + uncommitted src/ changes" : ""}, default transport \`${m.defaultTransport}\` |`,
    `| contenders | ${contenders} |`,
    `| raw samples | [${rawFile}](${rawFile}) |`,
    `| elapsed | ${m.elapsedS} s |`,
    ``,
    `### Ratios`,
    ``,
    `Median of the per-round ratios (each round's bunsock sample over the same round's reference sample), min–max in brackets. Above 1 is better for bunsock, except idle memory (bytes; below 1 is better).`,
    ``,
    t.ratioTable,
    ``,
    `![bunsock relative performance](${chartFile})`,
    ``,
    `### Absolute values`,
    ``,
    `Median (min–max) over rounds.`,
    ``,
    t.absTable,
    ``,
    ...(t.idleTable ? [`Idle memory per connection (medians over rounds): RSS and heapUsed + external growth from the baseline to the last step, over the connections opened. "Median step": the median of each step's own RSS growth per connection, which shows whether a one-off jump (an allocator arena, a table doubling) carries much of the figure.`, ``, t.idleTable, ``] : []),
    ...(t.cpuTable
      ? [
          `### CPU cost`,
          ``,
          `CPU time (user + system) of client and server over the measured window, per unit of work: median over rounds, and bunsock/node as the median (min–max) of per-round ratios (below 1 = bunsock cheaper). On a shared 2-core machine this moves less with other people's load than throughput does.`,
          ``,
          t.cpuTable,
          ``,
        ]
      : []),
    ...(t.notes.length ? [`Missing cells:`, ``, ...t.notes, ``] : []),
    end,
  ].join("\n");
}

const SKELETON = `# bunsock benchmarks

How to run, what is measured and how: [README.md](README.md).

${START}
${END}
`;

/** Rewrites the generated part of bench/RESULTS.md and bench/ratios.svg. */
export function writeReport(results, { rawFile }) {
  const file = join(benchDir, "RESULTS.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : SKELETON;
  const section = renderSection(results, { rawFile });
  const { start, end, chart } = markers(results.meta.mode);
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  let next;
  if (i >= 0 && j > i) next = current.slice(0, i) + section + current.slice(j + end.length);
  else {
    // A new section goes after the full results (before the hand-written analysis).
    const k = current.indexOf(END);
    next = k >= 0 ? current.slice(0, k + END.length) + "\n\n" + section + current.slice(k + END.length) : current + "\n" + section + "\n";
  }
  writeFileSync(file, next);
  writeFileSync(join(benchDir, chart), renderChart(results));
  return { table: renderTables(results).ratioTable, chart };
}
