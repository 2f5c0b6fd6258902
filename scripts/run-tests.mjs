#!/usr/bin/env node
// Runs every test file with node's test runner: the compiled unit and behaviour
// tests (dist/test/...), the differential suite (plain .mjs, run on Bun and Node) and the
// interop suite (plain .mjs, bunsock against openssl s_server/s_client; needs the openssl CLI).
// Each test file gets 240 s: the differential file runs every scenario on Bun and on bunsock, and the
// machine it runs on may be busy.
// Usage: node scripts/run-tests.mjs [unit|behaviour|differential|interop|cli|examples|stress|fuzz ...]
// Unless BUNSOCK_TRANSPORT is set, behaviour and differential run a second time on node:net.
import { readdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const suites = {
  unit: join(root, "dist/test/unit"),
  behaviour: join(root, "dist/test/behaviour"),
  differential: join(root, "test/differential"),
  interop: join(root, "test/interop"),
  // The `bunsock` CLI and the examples, as real processes against real peers (plain .mjs).
  cli: join(root, "test/cli"),
  examples: join(root, "test/cli/examples"),
  // Bounded stress (soak, slow and hostile peers) and bad-input fuzzing against real Bun;
  // `npm run stress` runs the long versions (test/stress/run.mjs).
  stress: join(root, "test/stress"),
  fuzz: join(root, "test/fuzz"),
};
const wanted = process.argv.slice(2);
const files = [];
for (const [name, dir] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) {
    if (/\.test\.(m?js)$/.test(f)) files.push(join(dir, f));
  }
}
if (files.length === 0) {
  console.error("no test files found (did `npm run build` run?)");
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", "--test-timeout=240000", ...files], {
  stdio: "inherit",
  cwd: root,
});
let status = r.status ?? 1;

// Both transports stay green: the pass above runs the default one (`handle` on Node, TLS
// on Node's TLS wrap over its handles), so the behaviour and differential suites run again
// on node:net and node:tls. Setting BUNSOCK_TRANSPORT yourself runs only that transport.
if (process.env.BUNSOCK_TRANSPORT === undefined) {
  const again = files.filter((f) => f.startsWith(suites.behaviour) || f.startsWith(suites.differential));
  if (again.length > 0) {
    const env = { ...process.env, BUNSOCK_TRANSPORT: "node" };
    console.log("# again with BUNSOCK_TRANSPORT=node: behaviour and differential suites");
    const r2 = spawnSync(process.execPath, ["--test", "--test-concurrency=2", "--test-timeout=240000", ...again], {
      stdio: "inherit",
      cwd: root,
      env,
    });
    if (status === 0) status = r2.status ?? 1;
  }
}
process.exit(status);
