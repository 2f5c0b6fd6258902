#!/usr/bin/env node
/**
 * CPU profiles of bunsock's side of the worst workloads.
 *
 *   node bench/profile.mjs                      the two workloads with the lowest bunsock/node
 *                                               ratio in the latest results (full, else quick)
 *   node bench/profile.mjs pingpong bulk        these workloads
 *   options: --contender NAME (default bunsock; repeatable, e.g. also node),
 *            --mode full|quick (workload size, default full), --interval µs (sampling,
 *            default 100), --no-report
 *
 * Runs client and server with `node --cpu-prof`, aggregates self time by function + url
 * (lib/cpuprofile.mjs), prints the summaries, keeps the .cpuprofile files under
 * bench/results/profiles/ (open them in Chrome DevTools), and writes the summaries into
 * bench/RESULTS.md between the profile markers.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { benchDir, contenders, snapshotDist } from "./lib/contenders.mjs";
import { renderSummary, summarise } from "./lib/cpuprofile.mjs";
import { analyse } from "./lib/report.mjs";
import { runOne } from "./lib/runner.mjs";
import { WORKLOADS } from "./lib/workloads.mjs";

const START = "<!-- bench:profile:start -->";
const END = "<!-- bench:profile:end -->";

function parse(argv) {
  const o = { contenders: [], mode: "full", workloads: [], report: true, intervalUs: 100 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--contender") o.contenders.push(argv[++i]);
    else if (a === "--mode") o.mode = argv[++i];
    else if (a === "--no-report") o.report = false;
    else if (a === "--interval") o.intervalUs = Number(argv[++i]);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else o.workloads.push(a);
  }
  if (o.contenders.length === 0) o.contenders.push("bunsock");
  return o;
}

/** The two throughput workloads where bunsock/node is lowest in the latest saved run. */
function worstTwo() {
  for (const f of ["latest-full.json", "latest-quick.json"]) {
    const file = join(benchDir, "results", f);
    if (!existsSync(file)) continue;
    const results = JSON.parse(readFileSync(file, "utf8"));
    const rows = analyse(results)
      .rows.filter((r) => r.metric.higherIsBetter && r.ratios["bunsock/node"])
      .sort((a, b) => a.ratios["bunsock/node"].median - b.ratios["bunsock/node"].median);
    if (rows.length >= 2) {
      return { from: f, picks: rows.slice(0, 2).map((r) => ({ workload: r.metric.workload, ratio: r.ratios["bunsock/node"].median })) };
    }
  }
  throw new Error("no saved results to pick the worst workloads from: run the bench first, or name workloads");
}

async function main() {
  const o = parse(process.argv.slice(2));
  let picked = o.workloads.map((workload) => ({ workload, ratio: null }));
  let from = "command line";
  if (picked.length === 0) ({ from, picks: picked } = worstTwo());
  for (const p of picked) if (!WORKLOADS.includes(p.workload)) throw new Error(`unknown workload ${p.workload}`);

  const snapshot = snapshotDist();
  const { list } = contenders({ snapshot });
  const outDir = join(benchDir, "results", "profiles");
  mkdirSync(outDir, { recursive: true });
  const sections = [];
  try {
    for (const { workload, ratio } of picked) {
      for (const name of o.contenders) {
        const c = list.find((x) => x.name === name);
        if (!c) throw new Error(`no contender ${name} (have ${list.map((x) => x.name).join(", ")})`);
        if (c.kind === "bun") throw new Error("--cpu-prof is a Node flag; Bun is not profiled here");
        const dirs = { server: join(outDir, `${name}-${workload}-server`), client: join(outDir, `${name}-${workload}-client`) };
        for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true });
        const out = await runOne(c, workload, o.mode, {
          argsFor: (role) => ["--cpu-prof", `--cpu-prof-dir=${dirs[role]}`, `--cpu-prof-interval=${o.intervalUs}`],
        });
        if (!out.ok) throw new Error(`${name} ${workload}: ${out.error ?? out.unavailable}`);
        const value = Object.entries(out.values).map(([k, v]) => `${k} ${Math.round(v).toLocaleString("en-US")}`).join(", ");
        console.log(`profiled ${name} ${workload}: ${value} (with the profiler on)`);
        sections.push(
          `### ${workload} (${name}${ratio !== null ? `; bunsock/node ${ratio.toFixed(2)} in ${from}` : ""})`,
          ``,
          `Profiled run: ${value}, ${o.mode}-mode size, sampling every ${o.intervalUs} µs, load ${os.loadavg()[0].toFixed(2)}.`,
          ``,
        );
        for (const role of ["client", "server"]) {
          const files = existsSync(dirs[role]) ? readdirSync(dirs[role]).filter((f) => f.endsWith(".cpuprofile")) : [];
          if (files.length === 0) {
            sections.push(`(${role}: no profile written)`, ``);
            continue;
          }
          // Only the measured window: start-up (module loading) and teardown are not the hot path.
          const s = summarise(join(dirs[role], files[0]), out.detail.windowUs);
          const md = renderSummary(`${workload}: ${name} ${role} process`, s);
          console.log(`\n${md}\n`);
          sections.push(md, ``);
        }
      }
    }
  } finally {
    snapshot.cleanup();
  }
  const body = [
    START,
    `<!-- generated by bench/profile.mjs on ${new Date().toISOString()}; edit outside these markers -->`,
    `## CPU profiles (node --cpu-prof)`,
    ``,
    `Raw profiles: bench/results/profiles/*/ (not committed; open in Chrome DevTools). Self time = samples whose top frame is the function; "(program)" is V8/libuv/native work outside JS frames, "(garbage collector)" is GC.`,
    ``,
    ...sections,
    END,
  ].join("\n");
  writeFileSync(join(outDir, "summary.md"), body + "\n");
  if (o.report) {
    const file = join(benchDir, "RESULTS.md");
    const cur = existsSync(file) ? readFileSync(file, "utf8") : "# bunsock benchmarks\n";
    const i = cur.indexOf(START);
    const j = cur.indexOf(END);
    writeFileSync(file, i >= 0 && j > i ? cur.slice(0, i) + body + cur.slice(j + END.length) : cur.trimEnd() + "\n\n" + body + "\n");
    console.log("profile summaries written to bench/RESULTS.md");
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
