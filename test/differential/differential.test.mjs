// Differential suite: every scenario runs on real Bun and on bunsock (Node);
// the two traces must be deepStrictEqual.
//   node --test test/differential/differential.test.mjs
//   BUNSOCK_DIFF_ONLY=echo,terminate node --test test/differential/differential.test.mjs
// BUNSOCK_TRANSPORT is passed to the Node child unchanged (inherited env).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { knownDifferences } from './known-differences.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const BUN = join(root, 'node_modules/.bin/bun');
const RUNNER = join(here, 'run-scenario.mjs');
const CHILD_TIMEOUT_MS = 20_000; // the runner caps a scenario at 10 s itself

const only = (process.env.BUNSOCK_DIFF_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const all = readdirSync(join(here, 'scenarios')).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).sort();
for (const name of only) if (!all.includes(name)) throw new Error(`BUNSOCK_DIFF_ONLY: no scenario named ${name}`);
const names = only.length ? all.filter((n) => only.includes(n)) : all;

function run(cmd, name) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, [RUNNER, name], { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, CHILD_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop();
      let out;
      try { out = line ? JSON.parse(line) : undefined; } catch { out = undefined; }
      // A scenario with options.exitCode records the exit code in its output and may exit non-zero.
      const ok = !timedOut && out !== undefined && (code === 0 || 'exitCode' in out);
      resolveRun({ ok, out, code, signal, timedOut, stdout, stderr });
    });
  });
}

const describeRun = (label, r) =>
  `${label}: exit ${r.code}${r.signal ? ` signal ${r.signal}` : ''}${r.timedOut ? ' (timed out, killed)' : ''}\n` +
  `stdout: ${r.stdout.trim().slice(0, 4000)}\nstderr: ${r.stderr.trim().slice(0, 4000)}`;

describe('differential: real Bun vs bunsock', { concurrency: 2 }, () => {
  test('bun binary and bunsock build exist', () => {
    assert.ok(existsSync(BUN), `missing ${BUN}`);
    assert.ok(existsSync(join(root, 'dist/src/index.js')), 'missing dist/src/index.js (run npm run build)');
  });
  for (const name of names) {
    test(name, async () => {
      const bun = await run(BUN, name);
      assert.ok(bun.ok, `scenario failed on real Bun (fix the scenario)\n${describeRun('bun', bun)}`);
      const node = await run(process.execPath, name);
      assert.ok(node.ok, `scenario failed on bunsock\n${describeRun('node', node)}\nbun trace: ${JSON.stringify(bun.out)}`);
      const known = knownDifferences[name];
      const expected = known?.when() ? known.expect(bun.out) : bun.out;
      const why = known?.when() ? ` (Bun's trace with the known difference ${known.doc} applied)` : '';
      assert.deepStrictEqual(node.out, expected,
        `traces differ for ${name}${why}\nexpected: ${JSON.stringify(expected)}\nbunsock:  ${JSON.stringify(node.out)}`);
    });
  }
});
