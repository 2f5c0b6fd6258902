// The hammer, bounded for `npm test`: 10^5 random operations on plain TCP connections in one
// process, every invariant checked after every event and call (see hammer.mjs). The TLS and
// two-process runs wait in pending/hammer.test.mjs until the bugs they still find are fixed.
//   node --test test/stress/hammer.test.mjs
//   BUNSOCK_SEED=123 node --test test/stress/hammer.test.mjs   (replays a seed)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, seedFromEnv } from './lib.mjs';

const seed = seedFromEnv();

test('hammer plain, one process: 100,000 operations, 0 violations', () => {
  const args = ['--ops', '100000', '--seed', String(seed), '--time-box', '90000'];
  const r = spawnSync(process.execPath, [join(root, 'test/stress/hammer.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  const lines = r.stdout.trim().split('\n');
  const report = lines.slice(1).join('\n');
  let detail = '';
  try {
    const j = JSON.parse(lines[0]);
    detail = JSON.stringify({ problems: j.problems, uncaught: j.uncaught, first: j.parts.map((p) => p.first.slice(0, 5)) }, null, 1).slice(0, 6000);
  } catch {}
  assert.equal(r.status, 0, `${report}\n${detail}\n${r.stderr}`);
  assert.match(report, / 0 violations /);
});
