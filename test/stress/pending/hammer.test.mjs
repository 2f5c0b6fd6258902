// The hammer's TLS runs, bounded. Waiting in pending/ until the bugs they still find are
// fixed, then they join test/stress/hammer.test.mjs:
// - TLS: a paused TLS receiver sees `end` before bytes its peer's write() accepted, and TCP
//   handles stay open after every socket closed (BUNSOCK_SEED=310328925 node
//   test/stress/hammer.mjs --ops 30000 --tls shows both every time).
//   node --test test/stress/pending/hammer.test.mjs
//   BUNSOCK_SEED=123 node --test test/stress/pending/hammer.test.mjs   (replays a seed)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, seedFromEnv } from '../lib.mjs';

const seed = seedFromEnv();
const CONFIGS = [
  ['TLS, one process', ['--ops', '30000', '--tls']],
  ['TLS, two processes', ['--ops', '12000', '--tls', '--procs', '2']],
];

for (const [label, args] of CONFIGS) {
  test(`hammer ${label}: 0 violations`, () => {
    const r = spawnSync(process.execPath, [join(root, 'test/stress/hammer.mjs'), ...args, '--seed', String(seed), '--time-box', '60000'], {
      cwd: root, encoding: 'utf8', timeout: 180_000,
    });
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
