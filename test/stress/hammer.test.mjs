// The hammer, bounded for `npm test`: random operations on plain and TLS connections, in one
// process and across two (156,000 in all), every invariant checked after every event and
// call (see hammer.mjs). `npm run stress` runs 10^6 operations each for plain and TLS.
//   node --test test/stress/hammer.test.mjs
//   BUNSOCK_SEED=123 node --test test/stress/hammer.test.mjs   (replays a seed)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, seedFromEnv } from './lib.mjs';

const seed = seedFromEnv();
const CONFIGS = [
  ['plain, one process', ['--ops', '80000']],
  ['plain, two processes', ['--ops', '30000', '--procs', '2']],
  ['TLS, one process', ['--ops', '30000', '--tls']],
  ['TLS, two processes', ['--ops', '16000', '--tls', '--procs', '2']],
];

for (const [label, args] of CONFIGS) {
  test(`hammer ${label}: ${Number(args[1]).toLocaleString('en')} operations, 0 violations`, () => {
    const argv = [join(root, 'test/stress/hammer.mjs'), ...args, '--seed', String(seed), '--time-box', '90000'];
    const r = spawnSync(process.execPath, argv, { cwd: root, encoding: 'utf8', timeout: 180_000 });
    const lines = r.stdout.trim().split('\n');
    const report = lines.slice(1).join('\n');
    let detail = '';
    try {
      const j = JSON.parse(lines[0]);
      detail = JSON.stringify({ problems: j.problems, uncaught: j.uncaught, extra: j.extra, first: j.parts.map((p) => p.first.slice(0, 5)) }, null, 1).slice(0, 6000);
    } catch {}
    assert.equal(r.status, 0, `${report}\n${detail}\n${r.stderr}`);
    assert.match(report, / 0 violations /);
  });
}
