#!/usr/bin/env node
/**
 * Benchmark driver: bunsock on Node vs idiomatic node:net/node:tls vs real Bun.
 *
 *   npm run bench                 (from the repo root: builds, then full mode, ~10 min)
 *   npm run bench -- --quick      (3 rounds, smaller workloads, under 2 minutes)
 *
 * Options:
 *   --quick | --full              mode (default full)
 *   --rounds N                    override the mode's round count
 *   --only w1,w2                  run only these workloads
 *   --contenders a,b              run only these contenders (names as in the table)
 *   --variants                    quick mode: also run the other bunsock transport (full mode always does)
 *   --baseline REF                add a column for bunsock built from git REF (before/after)
 *   --extra NAME=DIR              add a column bunsock-NAME for an already built dist/src DIR (a patch being tried)
 *   --wait-load X [--wait-max S]  wait (up to S s, default 600) for the 1-min load average to drop below X
 *   --no-report                   do not rewrite RESULTS.md / ratios.svg
 *   --report-from FILE            only rebuild RESULTS.md / ratios.svg from a saved results JSON
 *
 * Every round runs every workload for every contender, the contender order rotating by
 * round, each run in fresh client and server processes. Raw samples go to
 * bench/results/<mode>-<timestamp>.json; bench/RESULTS.md and bench/ratios.svg are rebuilt.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, relative, resolve } from "node:path";
import { benchDir, buildRef, bunVersion, contenders, repoRoot, snapshotDist } from "./lib/contenders.mjs";
import { writeReport } from "./lib/report.mjs";
import { runOne } from "./lib/runner.mjs";
import { METRICS, MODES, WORKLOADS, paramsFor } from "./lib/workloads.mjs";

function parseCli(argv) {
  const o = { mode: "full", rounds: undefined, only: undefined, contenders: undefined, baselines: [], extras: [], waitLoad: undefined, waitMax: 600, report: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (a.includes("=")) return a.slice(a.indexOf("=") + 1);
      return argv[++i];
    };
    const key = a.split("=")[0];
    if (key === "--quick") o.mode = "quick";
    else if (key === "--full") o.mode = "full";
    else if (key === "--sanity") o.mode = "sanity";
    else if (key === "--rounds") o.rounds = Number(val());
    else if (key === "--only") o.only = val().split(",");
    else if (key === "--contenders") o.contenders = val().split(",");
    else if (key === "--baseline") o.baselines.push(val());
    else if (key === "--extra") o.extras.push(val());
    else if (key === "--wait-load") o.waitLoad = Number(val());
    else if (key === "--wait-max") o.waitMax = Number(val());
    else if (key === "--no-report") o.report = false;
    else if (key === "--variants") o.variants = true;
    else if (key === "--report-from") o.reportFrom = val();
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

function git(args) {
  try {
    return execFileSync("git", ["-C", repoRoot, ...args], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {
    return null;
  }
}

async function waitForLoad(threshold, maxSeconds) {
  const start = Date.now();
  for (;;) {
    const load = os.loadavg()[0];
    if (load < threshold) return { waitedS: Math.round((Date.now() - start) / 1000), load };
    if (Date.now() - start > maxSeconds * 1000) return { waitedS: Math.round((Date.now() - start) / 1000), load, gaveUp: true };
    console.log(`load average ${load.toFixed(2)} >= ${threshold}; waiting 30 s`);
    await new Promise((r) => setTimeout(r, 30_000));
  }
}

function fmt(v) {
  if (v === null || v === undefined) return "-";
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString("en-US");
  return v.toFixed(1);
}

async function main() {
  const cli = parseCli(process.argv.slice(2));
  if (cli.reportFrom) {
    const results = JSON.parse(readFileSync(cli.reportFrom, "utf8"));
    const rel = relative(benchDir, resolve(cli.reportFrom));
    console.log(writeReport(results, { rawFile: rel }).table);
    return 0;
  }
  const mode = cli.mode;
  const rounds = cli.rounds ?? MODES[mode].rounds;
  const workloads = cli.only ?? WORKLOADS;
  for (const w of workloads) if (!WORKLOADS.includes(w)) throw new Error(`unknown workload ${w}; known: ${WORKLOADS.join(", ")}`);

  let loadWait;
  if (cli.waitLoad !== undefined) loadWait = await waitForLoad(cli.waitLoad, cli.waitMax);

  const snapshot = snapshotDist();
  const refs = cli.baselines.map((ref) => ({ ref: `@${ref}`, build: buildRef(ref) }));
  for (const spec of cli.extras) {
    const i = spec.indexOf("=");
    if (i <= 0) throw new Error(`--extra wants NAME=DIR, got ${spec}`);
    refs.push({ ref: `-${spec.slice(0, i)}`, build: snapshotDist(resolve(spec.slice(i + 1))) });
  }
  const cleanup = () => {
    snapshot.cleanup();
    for (const r of refs) r.build.cleanup();
  };
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });

  let { list, defaultTransport } = contenders({ snapshot, refs });
  if (cli.contenders) list = list.filter((c) => cli.contenders.includes(c.name));
  // Quick mode keeps to node, bunsock and Bun (and explicit --baseline/--extra builds) to stay
  // under 2 minutes; the other transport's column is for full runs or --variants.
  else if (mode === "quick" && !cli.variants) list = list.filter((c) => !(c.variant && c.name.startsWith("bunsock-") && refs.every((r) => `bunsock${r.ref}` !== c.name)));

  const started = new Date();
  const meta = {
    date: started.toISOString(),
    mode,
    rounds,
    node: process.version,
    bun: bunVersion(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadBefore: os.loadavg(),
    loadWait,
    git: { commit: git(["rev-parse", "--short", "HEAD"]), dirtySrc: (git(["status", "--porcelain", "--", "src"]) ?? "") !== "" },
    defaultTransport,
    contenders: list.map((c) => ({ name: c.name, label: c.label ?? c.name, kind: c.kind, transport: c.transport ?? null, variant: !!c.variant })),
    params: Object.fromEntries(workloads.map((w) => [w, paramsFor(w, mode)])),
  };
  console.log(
    `bench: mode ${mode}, ${rounds} rounds, contenders ${list.map((c) => c.name).join(", ")} (bunsock transport: ${defaultTransport ?? "unknown"}), load ${meta.loadBefore.map((l) => l.toFixed(2)).join(" ")}`,
  );

  const metricIds = METRICS.filter((m) => workloads.includes(m.workload)).map((m) => m.id);
  const samples = Object.fromEntries(metricIds.map((id) => [id, Object.fromEntries(list.map((c) => [c.name, Array(rounds).fill(null)]))]));
  const status = Object.fromEntries(metricIds.map((id) => [id, {}]));
  const runs = [];

  for (let r = 0; r < rounds; r++) {
    for (const w of workloads) {
      // Rotate who goes first each round, so no contender always runs on a warmer (or busier) machine.
      const order = list.map((_, i) => list[(i + r) % list.length]);
      for (const c of order) {
        const t0 = Date.now();
        const out = await runOne(c, w, mode);
        const ms = Date.now() - t0;
        runs.push({ round: r, workload: w, contender: c.name, ms, load1: os.loadavg()[0], ...out });
        const ids = METRICS.filter((m) => m.workload === w).map((m) => m.id);
        for (const id of ids) {
          if (out.ok) {
            samples[id][c.name][r] = out.values[id];
            status[id][c.name] ??= "ok";
          } else if (out.unavailable) status[id][c.name] = `unavailable: ${out.unavailable}`;
          else status[id][c.name] = `error: ${out.error}`;
        }
        const shown = out.ok ? ids.map((id) => `${id} ${fmt(out.values[id])}`).join(", ") : out.unavailable ? `unavailable (${out.unavailable})` : `ERROR ${out.error}`;
        console.log(`[${r + 1}/${rounds}] ${w.padEnd(13)} ${c.name.padEnd(16)} ${shown} (${(ms / 1000).toFixed(1)} s)`);
      }
    }
  }

  meta.loadAfter = os.loadavg();
  meta.elapsedS = Math.round((Date.now() - started.getTime()) / 1000);
  const results = { meta, metrics: METRICS.filter((m) => metricIds.includes(m.id)), samples, status, runs };

  const dir = join(benchDir, "results");
  mkdirSync(dir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, "-");
  const file = join(dir, `${mode}-${stamp}.json`);
  writeFileSync(file, JSON.stringify(results, null, 1));
  // latest-<mode>.json is what profile.mjs reads: only a run of every workload and contender
  // (a partial run would leave it without the samples it compares).
  const partial = cli.only !== undefined || cli.contenders !== undefined;
  if (!partial) writeFileSync(join(dir, `latest-${mode}.json`), JSON.stringify(results, null, 1));
  console.log(`raw samples: ${file}`);
  if (cli.report && mode !== "sanity") {
    const md = writeReport(results, { rawFile: `results/${mode}-${stamp}.json` });
    console.log(`\n${md.table}\nreport: bench/RESULTS.md (${mode} section), chart: bench/${md.chart} (${meta.elapsedS} s)`);
  }
  cleanup();
  const failed = runs.filter((r) => !r.ok && !r.unavailable);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
