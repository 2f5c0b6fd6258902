// Soak, bounded for `npm test`: connect/close cycles (TCP and TLS) in a child process with
// --expose-gc; file descriptors, handles and timers back to their starting level, the heap
// within soak.mjs's bounds. `npm run stress` runs 100,000 TCP and 10,000 TLS cycles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, seedFromEnv } from './lib.mjs';

const seed = seedFromEnv();

for (const [label, args] of [['TCP', ['--cycles', '6000']], ['TLS', ['--cycles', '400', '--tls']]]) {
  test(`soak ${label}: ${args[1]} connect/close cycles leave no fd, handle, timer or heap growth behind`, () => {
    const r = spawnSync(process.execPath, ['--expose-gc', join(root, 'test/stress/soak.mjs'), ...args, '--seed', String(seed)], {
      cwd: root, encoding: 'utf8', timeout: 120_000,
    });
    const summary = r.stdout.trim().split('\n').slice(1).join('\n');
    assert.equal(r.status, 0, `soak failed (seed ${seed}):\n${summary}\n${r.stderr}`);
    assert.match(summary, / 0 problems$/);
  });
}
