#!/usr/bin/env node
// `npm run stress`: the long versions of the stress, soak, hostile-peer and fuzz suites.
//   hammer: 10^6 operations on plain TCP and 10^6 on TLS (each split: 800k in one process,
//           200k across two), printing "N operations, 0 violations" for plain and TLS
//   soak:   100,000 TCP and 10,000 TLS connect/close cycles
//   hostile peers, and the fuzz suite with 1,000 cases per API surface
// BUNSOCK_SEED=<n> npm run stress replays a seed (every part uses it); without it a random
// seed is chosen and printed. Each part runs in its own process; the exit status is 1 if any
// part failed. Options: --quick (a tenth of everything), --only hammer,soak,hostile,fuzz.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root, seedFromEnv, parseArgs } from './lib.mjs';

const args = parseArgs(process.argv.slice(2));
const seed = seedFromEnv();
const f = args.quick === true ? 0.1 : 1;
const only = typeof args.only === 'string' ? args.only.split(',') : ['hammer', 'soak', 'hostile', 'fuzz'];
const n = (x) => String(Math.round(x * f));
const hammer = join(root, 'test/stress/hammer.mjs');
const soak = join(root, 'test/stress/soak.mjs');

const parts = [];
if (only.includes('hammer')) {
  parts.push(
    { group: 'plain', label: 'hammer plain, one process', argv: [hammer, '--ops', n(800_000), '--time-box', '1500000'] },
    { group: 'plain', label: 'hammer plain, two processes', argv: [hammer, '--ops', n(200_000), '--procs', '2', '--time-box', '900000'] },
    { group: 'TLS', label: 'hammer TLS, one process', argv: [hammer, '--ops', n(800_000), '--tls', '--time-box', '1500000'] },
    { group: 'TLS', label: 'hammer TLS, two processes', argv: [hammer, '--ops', n(200_000), '--tls', '--procs', '2', '--time-box', '900000'] },
  );
}
if (only.includes('soak')) {
  parts.push(
    { label: 'soak TCP', argv: ['--expose-gc', soak, '--cycles', n(100_000)] },
    { label: 'soak TLS', argv: ['--expose-gc', soak, '--cycles', n(10_000), '--tls'] },
  );
}
if (only.includes('hostile')) parts.push({ label: 'hostile peers', argv: ['--test', join(root, 'test/stress/hostile.test.mjs')] });
if (only.includes('fuzz')) {
  parts.push({ label: 'fuzz', argv: ['--test', join(root, 'test/fuzz/fuzz.test.mjs')], env: { BUNSOCK_FUZZ_RUNS: n(1000) } });
}

function run(part) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, part.argv, {
      cwd: root, env: { ...process.env, BUNSOCK_SEED: String(seed), ...part.env }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      // The JSON report lines stay quiet; the human lines go through.
      for (const line of String(d).split('\n')) if (line !== '' && !line.startsWith('{')) process.stdout.write(`${line}\n`);
    });
    child.on('close', (code, signal) => resolve({ ...part, code, signal, out, seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

console.log(`# npm run stress, seed ${seed} (replay: BUNSOCK_SEED=${seed} npm run stress)`);
const results = [];
for (const part of parts) {
  console.log(`# ${part.label} ...`);
  results.push(await run(part));
}
const totals = {};
for (const r of results) {
  if (r.group === undefined) continue;
  const m = r.out.match(/: (\d+) operations, (\d+) violations/);
  const t = (totals[r.group] ??= { ops: 0, violations: 0 });
  t.ops += m ? Number(m[1]) : 0;
  t.violations += m ? Number(m[2]) : 1;
}
console.log('\n# summary');
for (const [group, t] of Object.entries(totals)) console.log(`${group}: ${t.ops} operations, ${t.violations} violations`);
for (const r of results) console.log(`${r.code === 0 ? 'ok    ' : 'FAILED'} ${r.label} (${r.seconds} s)`);
const failed = results.filter((r) => r.code !== 0);
if (failed.length > 0) console.log(`replay with BUNSOCK_SEED=${seed} npm run stress`);
process.exitCode = failed.length === 0 ? 0 : 1;
