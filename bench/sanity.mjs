#!/usr/bin/env node
/**
 * Sanity check for the benchmark itself (not a test of bunsock, and not part of npm test):
 * every contender completes every workload, on tiny sizes, and reports a usable number.
 * A workload a contender reports as unavailable (bunsock's TLS before it existed) is
 * listed as skipped with its reason.
 *
 *   node bench/sanity.mjs        (after `npm run build` in the repo root; ~30-60 s)
 */
import { contenders, snapshotDist } from "./lib/contenders.mjs";
import { runOne } from "./lib/runner.mjs";
import { WORKLOADS } from "./lib/workloads.mjs";

const snapshot = snapshotDist();
const { list, defaultTransport } = contenders({ snapshot });
console.log(`sanity: contenders ${list.map((c) => c.name).join(", ")}; bunsock default transport ${defaultTransport}`);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  for (const w of WORKLOADS) {
    for (const c of list) {
      const out = await runOne(c, w, "sanity");
      if (out.ok) {
        const bad = Object.entries(out.values).filter(([, v]) => !(typeof v === "number" && Number.isFinite(v) && (w === "idle_memory" || v > 0)));
        if (bad.length === 0) {
          passed++;
          console.log(`ok    ${w} ${c.name}: ${Object.entries(out.values).map(([k, v]) => `${k}=${Math.round(v)}`).join(" ")}`);
        } else {
          failed++;
          console.log(`FAIL  ${w} ${c.name}: unusable value ${JSON.stringify(out.values)}`);
        }
      } else if (out.unavailable) {
        skipped++;
        console.log(`skip  ${w} ${c.name}: ${out.unavailable}`);
      } else {
        failed++;
        console.log(`FAIL  ${w} ${c.name}: ${out.error}`);
      }
    }
  }
} finally {
  snapshot.cleanup();
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
